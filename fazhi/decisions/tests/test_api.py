"""/api/v1/decisions/: every endpoint's error paths (401, 403, 404 out of scope, 400 with Chinese field
errors and nothing changed, 409 with the unmet conditions), the gate item by item, and the whole
procedure of 重大行政决策程序暂行条例 through the API on real 2026 dates."""

from datetime import date

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from fazhi.core.choices import Role, Scope
from fazhi.core.models import AuditEvent
from fazhi.core.tests.api_support import (
    all_messages,
    assert_same_answers,
    client_for,
    is_chinese,
    list_answers,
)
from fazhi.core.tests.factories import make_user
from fazhi.decisions import selectors, services
from fazhi.decisions.choices import DecisionState
from fazhi.decisions.models import Decision, ExpertAssignment, Meeting
from fazhi.decisions.tests.conftest import ALL_PASS, at, opinions
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment, TextVersion

D = date

def u(name: str, **kwargs) -> str:
    return reverse(f"decisions-api:{name}", kwargs=kwargs or None)


def detail(d) -> str:
    return u("decision-detail", code=d.code)


def act(d) -> str:
    return u("decision-transition", code=d.code)


def review_act(d) -> str:
    """The reviewer's steps are the kernel review desk's: POST …/procedure/reviews/<code>/transition/."""
    return f"/api/v1/procedure/reviews/{reviews.latest_review(d).code}/transition/"


def chinese_400(response, *fields) -> dict:
    assert response.status_code == 400, response.content.decode()
    body = response.json()
    for name in fields:
        assert name in body, body
    assert all(is_chinese(m) for m in all_messages(body)), body
    return body


def refused_409(response) -> list[str]:
    assert response.status_code == 409, response.content.decode()
    body = response.json()
    assert body["detail"] == "不满足办理条件。"
    return body["reasons"]


@pytest.fixture
def unchanged():
    """snapshot(decision) → check(): the decision row, its records and the audit log did not move."""

    def snapshot(decision=None):
        def state():
            row = Decision.objects.filter(pk=decision.pk).values().first() if decision else None
            return (Decision.objects.count(), AuditEvent.objects.count(), TextVersion.objects.count(),
                    Comment.objects.count(), ExpertAssignment.objects.count(), Meeting.objects.count(), row)

        before = state()

        def check():
            assert state() == before

        return check

    return snapshot


def create_payload(org, **extra) -> dict:
    return {"title": "黔西南州城区公共交通票价调整方案", "decision_organ": str(org.zhou_gov.code),
            "sponsor": str(org.zhou_sthj.code), "requires_public_participation": True,
            "requires_expert_argumentation": False, "requires_risk_assessment": False, "concerns_market": False,
            **extra}


@pytest.fixture
def xingyi_decision(dcp, org):
    with at(D(2026, 3, 2)):
        return services.decision_create(actor=dcp.xingyi_jc, title="兴义市老旧小区改造三年行动方案",
                                        decision_organ=org.xingyi_gov, sponsor=org.xingyi_sfj,
                                        requires_public_participation=True, requires_expert_argumentation=False,
                                        requires_risk_assessment=False, concerns_market=False)


@pytest.fixture
def started(dwalker):
    """A prefecture decision started on 2026-03-02 with its draft and explanation."""
    return dwalker.create()


# ================================================================ who may call at all


def test_an_anonymous_caller_gets_401_on_every_endpoint(xingyi_decision, unchanged):
    client = client_for(None)
    check = unchanged(xingyi_decision)
    assert client.get(u("decision-list")).status_code == 401
    assert client.get(detail(xingyi_decision)).status_code == 401
    assert client.post(u("decision-list"), {"title": "x"}, format="json").status_code == 401
    assert client.patch(detail(xingyi_decision), {"draft": "x"}, format="json").status_code == 401
    assert client.post(act(xingyi_decision), {"action": "start"}, format="json").status_code == 401
    assert client.get(u("decision-gate", code=xingyi_decision.code)).status_code == 401
    assert client.get(u("decision-accountability", code=xingyi_decision.code)).status_code == 401
    assert client.get(u("expert-list")).status_code == 401
    check()


@pytest.mark.parametrize("who", ["auditor", "sysadmin", "officer"])
def test_a_role_without_decision_rights_gets_a_chinese_403(people, xingyi_decision, who, unchanged):
    client = client_for(getattr(people, who))
    check = unchanged(xingyi_decision)
    for response in (client.get(u("decision-list")), client.get(detail(xingyi_decision)),
                     client.post(u("decision-list"), {"title": "x"}, format="json"),
                     client.post(act(xingyi_decision), {"action": "start"}, format="json"),
                     client.get(u("expert-list"))):
        assert response.status_code == 403 and is_chinese(response.json()["detail"])
    check()


def test_a_leader_may_read_every_decision_but_not_act(people, xingyi_decision, unchanged):
    client = client_for(people.leader)
    assert client.get(detail(xingyi_decision)).status_code == 200
    assert client.get(u("decision-accountability", code=xingyi_decision.code)).status_code == 200
    check = unchanged(xingyi_decision)
    response = client.post(act(xingyi_decision), {"action": "start"}, format="json")
    assert response.status_code == 403 and is_chinese(response.json()["detail"])
    assert client.patch(detail(xingyi_decision), {"draft": "改了"}, format="json").status_code == 403
    check()


# ================================================================ scope: 安龙县 cannot see 兴义市's decisions


def test_the_list_holds_only_decisions_in_scope(dcp, started, xingyi_decision):
    def codes(user):
        return {row["code"] for row in client_for(user).get(u("decision-list")).json()["results"]}

    assert codes(dcp.xingyi_jc) == {xingyi_decision.code}
    assert codes(dcp.anlong_jc) == set()
    assert codes(dcp.zfgb_jc) == {started.code, xingyi_decision.code}


def test_another_countys_decision_is_the_same_404_as_a_missing_code(dcp, xingyi_decision, unchanged):
    client = client_for(dcp.anlong_jc)
    forbidden, missing = client.get(detail(xingyi_decision)), client.get(u("decision-detail", code="ZZZZZZZZZZ"))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "对象不存在或不在您的数据范围内。"}
    check = unchanged(xingyi_decision)
    code = xingyi_decision.code
    for response in (
        client.patch(detail(xingyi_decision), {"draft": "篡改"}, format="json"),
        client.post(act(xingyi_decision), {"action": "start"}, format="json"),
        client.get(u("decision-gate", code=code)),
        client.get(u("decision-accountability", code=code)),
        client.get(u("decision-versions", code=code)),
        client.get(u("decision-experts", code=code)),
        client.get(u("decision-comments", code=code)),
        client.post(u("decision-comments", code=code), {"source": "paper", "content": "x"}, format="json"),
    ):
        assert response.status_code == 404
    check()


def test_a_code_outside_the_alphabet_does_not_route(dcp):
    assert client_for(dcp.xingyi_jc).get("/api/v1/decisions/abc/").status_code == 404


def test_filters_narrow_the_list_and_a_bad_filter_is_a_chinese_400(dcp, org, started, xingyi_decision):
    client = client_for(dcp.zfgb_jc)
    rows = client.get(u("decision-list"), {"organ": str(org.xingyi_gov.code)}).json()["results"]
    assert [r["code"] for r in rows] == [xingyi_decision.code]
    rows = client.get(u("decision-list"), {"state": "started"}).json()["results"]
    assert [r["code"] for r in rows] == [started.code]
    chinese_400(client.get(u("decision-list"), {"state": "flying"}), "state")


# ================================================================ create


def test_a_decision_needs_no_more_than_seven_fields(dcp, org, calendar):
    with at(D(2026, 3, 2)):
        response = client_for(dcp.zfgb_jc).post(u("decision-list"), create_payload(org), format="json")
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    decision = Decision.objects.get(code=body["code"])
    assert decision.created_by == dcp.zfgb_jc and decision.region_path == org.zhou_gov.region_path
    assert body["decision_organ"] == {"code": str(org.zhou_gov.code), "name": "黔西南州人民政府"}
    assert body["sponsor"]["name"] == "黔西南州生态环境局"
    assert body["state"] == "catalogued" and body["state_label"] == "已列入目录（未启动）"
    assert body["next_step"]["action"] == "start"
    assert {a["action"] for a in body["available_actions"]} == {"start"}
    assert AuditEvent.objects.filter(action="decisions.create", object_id=str(decision.pk)).exists()


def test_a_decision_may_name_its_catalogue_co_sponsors_and_standard(dcp, org, calendar):
    with at(D(2026, 1, 20)):
        catalogue = services.catalogue_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, year=2026)
        response = client_for(dcp.zfgb_jc).post(u("decision-list"), create_payload(
            org, catalogue=catalogue.code, co_sponsors=[str(org.zhou_sfj.code)], standard="plan",
            planned_schedule="2026-09-30", requires_hearing=True), format="json")
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["catalogue"] == {"code": catalogue.code, "year": 2026, "agency": "黔西南州人民政府"}
    assert [a["name"] for a in body["co_sponsors"]] == ["黔西南州司法局"]
    assert body["standard_label"] == "经济和社会发展等方面的重要规划" and body["requires_hearing"]


@pytest.mark.parametrize(("payload", "fields"), [
    ({}, ["title", "decision_organ", "sponsor", "requires_public_participation", "requires_expert_argumentation",
          "requires_risk_assessment", "concerns_market"]),
    ({"title": ["x"], "decision_organ": True, "requires_public_participation": "maybe", "concerns_market": None},
     ["title", "decision_organ", "requires_public_participation", "concerns_market"]),
    ({"title": "x" * 201}, ["title"]),
    ({"decision_organ": "not-a-uuid"}, ["decision_organ"]),
    ({"sponsor": "00000000-0000-0000-0000-000000000000"}, ["sponsor"]),
    ({"standard": "poetry"}, ["standard"]),
    ({"catalogue": "ZZZZZZZZZZ"}, ["catalogue"]),
    ({"co_sponsors": "州司法局"}, ["co_sponsors"]),
])
def test_a_bad_create_payload_is_a_chinese_400_and_creates_nothing(dcp, org, calendar, payload, fields, unchanged):
    data = payload if payload == {} else create_payload(org, **payload)
    check = unchanged()
    chinese_400(client_for(dcp.zfgb_jc).post(u("decision-list"), data, format="json"), *fields)
    check()


def test_the_organ_must_be_a_government_or_department_and_the_sponsor_in_scope(dcp, org, calendar, unchanged):
    from fazhi.core import services as core_services
    from fazhi.core.choices import AgencyKind

    office = core_services.agency_create(actor=None, name="兴义市司法局办公室", kind=AgencyKind.INTERNAL,
                                         region=org.xingyi)
    client = client_for(dcp.xingyi_jc)
    check = unchanged()
    body = chinese_400(client.post(u("decision-list"), create_payload(
        org, decision_organ=str(office.code), sponsor=str(office.code)), format="json"),
        "decision_organ")
    assert "人民政府" in body["decision_organ"][0] and "第四十二条" in body["decision_organ"][0]
    # 州生态环境局 is outside 兴义市's scope: the same answer as a code that names nothing.
    body = chinese_400(client.post(u("decision-list"), create_payload(org, decision_organ=str(org.xingyi_gov.code)),
                                   format="json"), "sponsor")
    assert "不在您的数据范围内" in body["sponsor"][0]
    check()


@pytest.mark.parametrize(("raw", "content_type"), [
    ("{not json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    ("title=x", "text/plain"),
])
def test_a_body_that_is_not_a_json_object_is_a_400_or_415_never_a_500(dcp, calendar, raw, content_type):
    response = client_for(dcp.zfgb_jc).generic("POST", u("decision-list"), raw, content_type=content_type)
    assert response.status_code in (400, 415)
    assert all(is_chinese(m) for m in all_messages(response.json()))


# ================================================================ update


def test_editing_the_draft_makes_a_new_version(dcp, started):
    client = client_for(dcp.zfgb_jc)
    with at(D(2026, 3, 3)):
        response = client.patch(detail(started), {"draft": started.draft + "\n三、实施时间……", "note": "补充实施时间"},
                                format="json")
    assert response.status_code == 200, response.content.decode()
    assert response.json()["version_count"] == 2
    versions = client.get(u("decision-versions", code=started.code)).json()["results"]
    assert [(v["number"], v["note"]) for v in versions] == [(1, "修改决策草案"), (2, "补充实施时间")]


def test_an_empty_or_bad_patch_is_a_400_and_changes_nothing(dcp, started, unchanged):
    client = client_for(dcp.zfgb_jc)
    check = unchanged(started)
    chinese_400(client.patch(detail(started), {}, format="json"), "non_field_errors")
    chinese_400(client.patch(detail(started), {"note": "只有说明"}, format="json"), "non_field_errors")
    chinese_400(client.patch(detail(started), {"planned_schedule": "年" * 101}, format="json"), "planned_schedule")
    check()


def test_put_and_delete_are_not_offered(dcp, started):
    client = client_for(dcp.zfgb_jc)
    assert client.put(detail(started), {"draft": "x"}, format="json").status_code == 405
    assert client.delete(detail(started)).status_code == 405


# ================================================================ transitions: error paths


def test_an_unknown_or_missing_action_is_a_400_listing_the_actions(dcp, started, unchanged):
    client = client_for(dcp.zfgb_jc)
    check = unchanged(started)
    body = chinese_400(client.post(act(started), {"action": "launch"}, format="json"), "action")
    for name in ("start", "open_consultation", "submit_to_meeting", "record_meeting", "suspend"):
        assert name in body["action"][0]
    chinese_400(client.post(act(started), {}, format="json"), "action")
    chinese_400(client.post(act(started), {"action": ["start"]}, format="json"), "action")
    check()


def test_steps_out_of_order_are_refused_with_the_state_named(dcp, started, unchanged):
    client = client_for(dcp.zfgb_jc)
    check = unchanged(started)
    with at(D(2026, 3, 3)):
        reasons = refused_409(client.post(act(started), {"action": "start"}, format="json"))
        assert reasons[0] == "该决策草案拟订中，已过“启动决策程序”这一步。"
        reasons = refused_409(client.post(act(started), {"action": "publish", "publication_text": "决定……",
                                                         "execution_units": [str(started.agency.code)]},
                                          format="json"))
        assert reasons[0] == "尚未经集体讨论作出决定，不能公布（第三十条、第三十一条）。（当前：草案拟订中）"
    check()


@pytest.mark.parametrize(("payload", "fields"), [
    ({}, ["start", "end"]),
    ({"start": "2026-13-01", "end": "2026-04-01"}, ["start"]),
    ({"start": "二〇二六年三月三日", "end": "2026-04-01"}, ["start"]),
    ({"start": "9999-01-01", "end": "9999-02-01"}, ["start", "end"]),
    ({"start": "2026-03-03", "end": "2026-04-01", "notice": ["x"]}, ["notice"]),
])
def test_bad_consultation_dates_are_a_chinese_400(dcp, started, payload, fields, unchanged):
    check = unchanged(started)
    with at(D(2026, 3, 3)):
        response = client_for(dcp.zfgb_jc).post(act(started), {"action": "open_consultation", **payload},
                                                format="json")
    chinese_400(response, *fields)
    check()


def test_a_consultation_shorter_than_thirty_days_without_a_reason_is_refused_409(dcp, started, unchanged):
    check = unchanged(started)
    with at(D(2026, 3, 3)):
        reasons = refused_409(client_for(dcp.zfgb_jc).post(act(started), {
            "action": "open_consultation", "start": "2026-03-03", "end": "2026-03-31"}, format="json"))
    assert "29 日" in reasons[0] and "第十五条" in reasons[0]
    check()


def test_a_shortened_consultation_with_a_published_reason_opens(dcp, started):
    with at(D(2026, 3, 3)):
        response = client_for(dcp.zfgb_jc).post(act(started), {
            "action": "open_consultation", "start": "2026-03-03", "end": "2026-03-17",
            "shortened_reason": "汛期将至，需尽快出台防汛措施"}, format="json")
    assert response.status_code == 200, response.content.decode()
    consultation = response.json()["consultation"]
    assert consultation["end_date"] == "2026-03-17" and consultation["shortened_reason"].startswith("汛期")


def test_the_reviewer_must_get_seven_working_days_before_the_meeting(dcp, dwalker, unchanged):
    # Submitted Friday 2026-09-25; a meeting on 10-09 leaves 9-28, 9-29, 9-30 and 10-08: four working days.
    decision = dwalker.create(participation=False, on=D(2026, 9, 24))
    check = unchanged(decision)
    with at(D(2026, 9, 25)):
        reasons = refused_409(client_for(dcp.zfgb_jc).post(act(decision), {
            "action": "submit_legality_review", "proposed_meeting_date": "2026-10-09"}, format="json"))
    assert "仅 4 个工作日" in reasons[0] and "第二十六条" in reasons[0]
    check()


def test_the_sponsor_cannot_give_the_legality_opinion_403(dcp, dwalker, unchanged):
    decision = dwalker.create(participation=False)
    with at(D(2026, 3, 4)):
        services.decision_submit_review(actor=dcp.zfgb_jc, decision=decision, proposed_meeting_date=D(2026, 3, 20))
    check = unchanged(decision)
    with at(D(2026, 3, 5)):
        response = client_for(dcp.zfgb_jc).post(review_act(decision), {"action": "give_opinion", "opinion": "lawful",
                                                                        "opinion_text": "合法", "checklist": ALL_PASS},
                                                format="json")
    assert response.status_code == 403 and is_chinese(response.json()["detail"])
    check()


def test_a_malformed_legality_opinion_is_a_chinese_400(dcp, dwalker, unchanged):
    decision = dwalker.create(participation=False)
    with at(D(2026, 3, 4)):
        services.decision_submit_review(actor=dcp.zfgb_jc, decision=decision, proposed_meeting_date=D(2026, 3, 20))
    check = unchanged(decision)
    with at(D(2026, 3, 5)):
        response = client_for(dcp.reviewer).post(review_act(decision), {
            "action": "give_opinion", "opinion": "fine", "opinion_text": "合法", "checklist": ALL_PASS}, format="json")
    chinese_400(response, "opinion")
    check()


def test_an_opinion_without_its_reasons_or_checklist_names_each_missing_item_409(dcp, dwalker, unchanged):
    """第二十七条: the opinion covers 权限、程序、内容 — each checklist item and the written opinion are required."""
    decision = dwalker.create(participation=False)
    with at(D(2026, 3, 4)):
        services.decision_submit_review(actor=dcp.zfgb_jc, decision=decision, proposed_meeting_date=D(2026, 3, 20))
        services.adviser_opinion_add(actor=dcp.reviewer, decision=decision, kind="legal_adviser", adviser="张律师",
                                     opinion="程序合法", given_on=D(2026, 3, 4))
    check = unchanged(decision)
    with at(D(2026, 3, 5)):
        reasons = refused_409(client_for(dcp.reviewer).post(review_act(decision), {
            "action": "give_opinion", "opinion": "lawful"}, format="json"))
    assert any("第二十七条" in r and "审查意见" in r for r in reasons), reasons
    assert sum("审核要点" in r for r in reasons) == 3, reasons
    check()


def test_no_legality_opinion_before_the_legal_advisers_have_spoken_409(dcp, dwalker):
    decision = dwalker.create(participation=False)
    client = client_for(dcp.reviewer)
    with at(D(2026, 3, 4)):
        services.decision_submit_review(actor=dcp.zfgb_jc, decision=decision, proposed_meeting_date=D(2026, 3, 20))
        reasons = refused_409(client.post(review_act(decision), {"action": "give_opinion", "opinion": "lawful",
                                                                 "opinion_text": "合法", "checklist": ALL_PASS},
                                          format="json"))
        assert any("法律顾问、公职律师" in r for r in reasons)
        chinese_400(client.post(act(decision), {"action": "add_adviser_opinion", "kind": "judge", "adviser": "张律师",
                                                "opinion": "合法", "given_on": "2026-03-04"}, format="json"), "kind")
        response = client.post(act(decision), {"action": "add_adviser_opinion", "kind": "public_lawyer",
                                               "adviser": "张律师", "opinion": "程序合法", "given_on": "2026-03-04"},
                               format="json")
        assert response.status_code == 200, response.content.decode()
        assert response.json()["adviser_opinions"][0]["kind_label"] == "公职律师"


# ================================================================ the gate


def test_the_gate_lists_every_unmet_item_and_submit_to_meeting_refuses_with_the_same(dcp, org, unchanged):
    client = client_for(dcp.zfgb_jc)
    with at(D(2026, 3, 2)):
        response = client.post(u("decision-list"), create_payload(
            org, title="州级重大项目", requires_expert_argumentation=True, requires_risk_assessment=True,
            concerns_market=True), format="json")
        decision = Decision.objects.get(code=response.json()["code"])
        assert client.post(act(decision), {"action": "start"}, format="json").status_code == 200
        gate = client.get(u("decision-gate", code=decision.code)).json()
        check = unchanged(decision)
        reasons = refused_409(client.post(act(decision), {"action": "submit_to_meeting"}, format="json"))
    check()
    assert gate["ready"] is False and gate["state_problems"] == [] and gate["state_label"] == "草案拟订中"
    assert reasons == gate["unmet"]
    expected = ["缺少决策草案（", "缺少决策草案说明", "公平竞争审查情况", "未公开征求意见", "第二十九条第二项",
                "需专家论证的事项缺少专家论证意见", "第二十九条第三项", "缺少风险评估报告", "缺少合法性审查意见"]
    for fragment in expected:
        assert sum(fragment in r for r in reasons) == 1, fragment
    assert len(reasons) == len(expected)


def test_the_gate_of_a_catalogued_item_also_names_the_state(dcp, xingyi_decision):
    gate = client_for(dcp.xingyi_jc).get(u("decision-gate", code=xingyi_decision.code)).json()
    assert gate["ready"] is False and gate["state_problems"][0] == "决策程序尚未启动。（当前：已列入目录（未启动））"


def test_an_exploratory_reform_is_flagged_at_the_start_with_its_reason(dcp, dwalker, org, unchanged):
    with at(D(2026, 3, 2)):
        decision = services.decision_create(
            actor=dcp.zfgb_jc, title="农村集体经营性建设用地入市试点", decision_organ=org.zhou_gov,
            sponsor=org.zhou_sthj, requires_public_participation=False,
                                         participation_exemption="依法不予公开", requires_expert_argumentation=False,
            requires_risk_assessment=False, concerns_market=False)
        client = client_for(dcp.zfgb_jc)
        check = unchanged(decision)
        chinese_400(client.post(act(decision), {"action": "start", "exploratory_reform": True}, format="json"),
                    "exploratory_reason")
        check()
        response = client.post(act(decision), {"action": "start", "exploratory_reform": True,
                                               "exploratory_reason": "国家尚无明确规定"}, format="json")
        assert response.json()["exploratory_reform"] is True
        client.patch(detail(decision), {"draft": "试点方案……", "explanation": "说明……"}, format="json")
        client.patch(detail(decision), {"legal_risk_statement": "存在与土地管理法不一致的风险……"}, format="json")
        # The flag carries the legal risk forward, never the review itself (第二十五条).
        gate = client.get(u("decision-gate", code=decision.code)).json()
        assert gate["ready"] is False and any("缺少合法性审查意见" in r for r in gate["unmet"])


# ================================================================ the meeting


@pytest.fixture
def at_meeting(dcp, dwalker):
    decision = dwalker.review(dwalker.consult(dwalker.create()))
    with at(D(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=decision)
    decision.refresh_from_db()
    return decision


MEETING = {"action": "record_meeting", "meeting_type": "standing", "meeting_name": "州人民政府第12次常务会议",
           "held_on": "2026-04-20", "attendees": "州长、副州长、秘书长", "outcome": "adopted", "head_name": "州长",
           "party_report_on": "2026-04-20", "party_report_ref": "黔西南府呈〔2026〕5号"}


@pytest.mark.parametrize(("payload", "fields"), [
    ({"action": "record_meeting"}, ["meeting_type", "held_on", "attendees", "outcome", "head_name", "opinions"]),
    ({**MEETING, "opinions": []}, ["opinions"]),
    ({**MEETING, "opinions": "都同意"}, ["opinions"]),
    ({**MEETING, "opinions": [{"member": "委员1", "stance": "maybe"}]}, ["opinions"]),
    ({**MEETING, "meeting_type": "party", "opinions": opinions("agree")}, ["meeting_type"]),
    ({**MEETING, "outcome": "tabled", "opinions": opinions("agree")}, ["outcome"]),
])
def test_a_malformed_meeting_record_is_a_chinese_400(dcp, at_meeting, payload, fields, unchanged):
    check = unchanged(at_meeting)
    with at(D(2026, 4, 20)):
        response = client_for(dcp.zfgb_jc).post(act(at_meeting), payload, format="json")
    chinese_400(response, *fields)
    check()


def test_the_head_speaks_last_and_explains_a_decision_against_the_majority(dcp, at_meeting, unchanged):
    client = client_for(dcp.zfgb_jc)
    check = unchanged(at_meeting)
    with at(D(2026, 4, 20)):
        head_first = list(reversed(opinions("agree")))
        reasons = refused_409(client.post(act(at_meeting), {**MEETING, "opinions": head_first}, format="json"))
        assert any("最后发表意见" in r for r in reasons)
        reasons = refused_409(client.post(act(at_meeting), {**MEETING, "opinions": opinions("disagree", "disagree",
                                                                                             "agree")},
                                          format="json"))
        assert any("说明理由" in r for r in reasons)
        check()
        response = client.post(act(at_meeting), {**MEETING, "opinions": opinions("disagree", "disagree", "agree"),
                                                 "head_reason": "群众出行成本测算表明调整必要"}, format="json")
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["state"] == "decided" and body["archive_sealed_at"]
    meeting = body["meetings"][0]
    assert meeting["head_against_majority"] and meeting["opinions"][-1]["is_head"]
    account = client.get(u("decision-accountability", code=at_meeting.code)).json()
    assert [d["member"] for d in account["dissenters"]] == ["委员1", "委员2"]


def test_a_decided_draft_can_no_longer_be_edited_409(dcp, at_meeting, unchanged):
    with at(D(2026, 4, 20)):
        services.meeting_record(actor=dcp.zfgb_jc, decision=at_meeting, meeting_type="standing",
                                held_on=D(2026, 4, 20), attendees="……", outcome="adopted", head_name="州长",
                                opinions=opinions("agree"))
    check = unchanged(at_meeting)
    reasons = refused_409(client_for(dcp.zfgb_jc).patch(detail(at_meeting), {"draft": "事后改写"}, format="json"))
    assert "第三十七条" in reasons[0]
    check()


def test_execution_units_outside_the_scope_are_refused_400(dcp, org, at_meeting, unchanged):
    with at(D(2026, 4, 20)):
        services.meeting_record(actor=dcp.zfgb_jc, decision=at_meeting, meeting_type="standing",
                                held_on=D(2026, 4, 20), attendees="……", outcome="adopted", head_name="州长",
                                opinions=opinions("agree"), party_report_on=D(2026, 4, 20), party_report_ref="呈报")
    check = unchanged(at_meeting)
    client = client_for(dcp.xingyi_jc)  # not even in scope of the decision: 404 before the payload matters
    assert client.post(act(at_meeting), {"action": "publish"}, format="json").status_code == 404
    client = client_for(dcp.zfgb_jc)
    with at(D(2026, 4, 24)):
        chinese_400(client.post(act(at_meeting), {"action": "publish", "publication_text": "决定如下……",
                                                  "execution_units": []}, format="json"), "execution_units")
        body = chinese_400(client.post(act(at_meeting), {"action": "publish", "publication_text": "决定如下……",
                                                         "execution_units": ["00000000-0000-0000-0000-000000000000"]},
                                       format="json"), "execution_units")
    assert "不在您的数据范围内" in str(body["execution_units"])
    check()


# ================================================================ experts


def test_the_expert_pool_is_listed_and_grows_through_the_service(dcp, org):
    client = client_for(dcp.zfgb_jc)
    names = {row["name"] for row in client.get(u("expert-list")).json()["results"]}
    assert names == {"王建国", "李红"}
    response = client.post(u("expert-list"), {"name": "赵敏", "field": "社会稳定风险评估", "title": "研究员",
                                              "organisation": "贵州省社会科学院", "agency": str(org.zhou_gov.code)},
                           format="json")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["agency"]["name"] == "黔西南州人民政府"
    chinese_400(client.post(u("expert-list"), {"name": "赵敏", "field": "x", "title": "x", "organisation": "x",
                                               "agency": str(org.zhou_sthj.code)}, format="json"), "agency")


def test_an_expert_with_a_direct_interest_cannot_be_selected_409(dcp, dwalker, unchanged):
    decision = dwalker.create(experts=True)
    check = unchanged(decision)
    with at(D(2026, 3, 4)):
        reasons = refused_409(client_for(dcp.zfgb_jc).post(u("decision-experts", code=decision.code), {
            "expert": dcp.interested_expert.code, "interest_declaration": "本人任职单位承接公交运营",
            "has_direct_interest": True}, format="json"))
    assert "直接利害关系" in reasons[0]
    check()


def test_a_county_may_choose_from_the_prefecture_pool(dcp, org):
    with at(D(2026, 3, 2)):
        decision = services.decision_create(actor=dcp.xingyi_jc, title="兴义市城区交通拥堵综合治理方案",
                                            decision_organ=org.xingyi_gov, sponsor=org.xingyi_sfj,
                                            requires_public_participation=False,
                                         participation_exemption="依法不予公开", requires_expert_argumentation=True,
                                            requires_risk_assessment=False, concerns_market=False)
        services.decision_start(actor=dcp.xingyi_jc, decision=decision)
        response = client_for(dcp.xingyi_jc).post(u("decision-experts", code=decision.code), {
            "expert": dcp.expert.code, "interest_declaration": "无利害关系", "has_direct_interest": False},
            format="json")
    assert response.status_code == 201, response.content.decode()
    assert response.json()["expert"]["name"] == "王建国"


def test_the_expert_reads_only_his_decisions_and_may_only_sign_his_opinion(dcp, dwalker, xingyi_decision):
    decision = dwalker.create(experts=True)
    with at(D(2026, 3, 4)):
        assignment = services.expert_select(actor=dcp.zfgb_jc, decision=decision, expert=dcp.expert,
                                            interest_declaration="无利害关系", has_direct_interest=False)
    client = client_for(dcp.expert_user)
    assert [r["code"] for r in client.get(u("decision-list")).json()["results"]] == [decision.code]
    assert client.get(detail(xingyi_decision)).status_code == 404
    assert client.get(u("decision-gate", code=decision.code)).status_code == 404
    with at(D(2026, 3, 10)):
        response = client.post(act(decision), {"action": "submit_to_meeting"}, format="json")
        assert response.status_code == 403
        chinese_400(client.post(act(decision), {"action": "add_expert_opinion", "assignment": assignment.pk,
                                                "opinion": "方案可行", "signed": True,
                                                "opinion_file": "00000000-0000-0000-0000-000000000000"},
                                format="json"), "opinion_file")
        response = client.post(act(decision), {"action": "add_expert_opinion", "assignment": assignment.pk,
                                               "opinion": "票价调整幅度合理，建议设置老年人优惠。", "signed": True},
                               format="json")
    assert response.status_code == 200, response.content.decode()
    mine = response.json()["experts"][0]
    assert mine["signed"] and mine["submitted_on"] == "2026-03-10" and mine["adoption"] == ""


# ================================================================ comments desk


def test_comments_are_entered_by_source_screened_and_answered_but_opposing_ones_stay_visible(dcp, started):
    client = client_for(dcp.zfgb_jc)
    with at(D(2026, 3, 3)):
        client.post(act(started), {"action": "open_consultation", "start": "2026-03-03", "end": "2026-04-01"},
                    format="json")
    with at(D(2026, 3, 10)):
        call = selectors.consultation_of(started)
        procedure.comment_submit_public(call=call, content="建议对老年人免费乘车。", contact="13900000000",
                                        client_ip="10.1.1.1")
        response = client.post(u("decision-comments", code=started.code), {
            "source": "deputy", "content": "票价上涨将加重低收入群体负担，反对调整。", "name": "州人大代表李某",
            "is_opposing": True}, format="json")
        assert response.status_code == 201 and response.json()["source_label"] == "人大代表"
        opposing = response.json()["id"]
        rows = client.get(u("decision-comments", code=started.code)).json()["results"]
        assert len(rows) == 2 and "client_ip" not in rows[0] and rows[0]["contact"] == "13900000000"
        reasons = refused_409(client.post(u("decision-comments-screen", code=started.code),
                                          {"comments": [opposing], "show": False}, format="json"))
        assert "反对意见" in reasons[0]
        ids = [r["id"] for r in rows]
        assert client.post(u("decision-comments-screen", code=started.code), {"comments": ids, "show": True},
                           format="json").json() == {"updated": 2}
        chinese_400(client.post(u("decision-comments-answer", code=started.code), {"comments": ids},
                                format="json"), "outcome", "answer")
        response = client.post(u("decision-comments-answer", code=started.code), {
            "comments": ids, "outcome": "partly", "answer": "已增设低收入群体和老年人优惠。"}, format="json")
        assert response.json() == {"updated": 2}
    shown = client.get(u("decision-comments", code=started.code), {"screening": "shown"}).json()["results"]
    assert len(shown) == 2 and all(r["outcome_label"] == "部分采纳" for r in shown)


def test_comments_cannot_be_entered_without_a_consultation_409(dcp, started, unchanged):
    check = unchanged(started)
    response = client_for(dcp.zfgb_jc).post(u("decision-comments", code=started.code),
                                            {"source": "paper", "content": "意见"}, format="json")
    assert response.status_code == 409
    check()


# ================================================================ the whole procedure through the API


def test_the_whole_procedure_through_the_api(dcp, org, people, calendar):
    """catalogue item → start → consultation → experts → risk → legality review → gate → meeting →
    publication → execution report → post-evaluation → emergency suspension → accountability."""
    staff, reviewer = client_for(dcp.zfgb_jc), client_for(dcp.reviewer)

    def ok(response, code=200):
        assert response.status_code == code, response.content.decode()
        return response.json()

    def step(client, action, **payload):
        return ok(client.post(u("decision-transition", code=code), {"action": action, **payload}, format="json"))

    with at(D(2026, 3, 2)):
        body = ok(staff.post(u("decision-list"), create_payload(
            org, requires_expert_argumentation=True, requires_risk_assessment=True, concerns_market=True),
            format="json"), 201)
        code = body["code"]
        assert step(staff, "start")["state"] == "started"
        ok(staff.patch(u("decision-detail", code=code), {
            "draft": "一、调整原则……\n二、票价标准……", "explanation": "起草说明及依据：《价格法》第二十三条……",
            "fair_competition_conclusion": "经审查，不含排除、限制竞争的内容。"}, format="json"))
    with at(D(2026, 3, 3)):
        body = step(staff, "open_consultation", start="2026-03-03", end="2026-04-01", notice="欢迎提出意见。")
        assert body["consultation"]["closed"] is False
    with at(D(2026, 3, 4)):
        assignment = ok(staff.post(u("decision-experts", code=code), {
            "expert": dcp.expert.code, "interest_declaration": "本人与本事项无利害关系。",
            "has_direct_interest": False}, format="json"), 201)["id"]
    with at(D(2026, 3, 10)):
        procedure.comment_submit_public(call=selectors.consultation_of(Decision.objects.get(code=code)),
                                        content="建议学生票半价。")
        step(client_for(dcp.expert_user), "add_expert_opinion", assignment=assignment,
             opinion="票价调整幅度在群众可承受范围内，建议同步完善优惠政策。", signed=True)
        ok(staff.post(u("decision-expert-adoption", code=code), {
            "assignment": assignment, "adoption": "adopted", "reason": "已增加优惠政策条款。"}, format="json"))
    with at(D(2026, 3, 20)):
        step(staff, "add_risk_assessment", assessor="州社会稳定风险评估中心", assessed_on="2026-03-20",
             risk_points="部分群众对涨价有抵触", level="medium", controllable=True, measures="分步实施、加强宣传",
             contingency_plan="舆情应对和应急处置预案")
    with at(D(2026, 4, 2)):
        comment = Comment.objects.get()
        ok(staff.post(u("decision-comments-screen", code=code), {"comments": [comment.pk], "show": True},
                      format="json"))
        ok(staff.post(u("decision-comments-answer", code=code), {
            "comments": [comment.pk], "outcome": "adopted", "answer": "已在第二条中增加学生优惠。"}, format="json"))
        assert step(staff, "close_consultation")["consultation"]["closed"] is True
        ok(staff.patch(u("decision-detail", code=code), {
            "public_opinion_summary": "收到意见 1 条，采纳 1 条。", "expert_adoption_summary": "专家意见均已采纳。"},
            format="json"))
        gate = ok(staff.get(u("decision-gate", code=code)))
        assert gate["unmet"] == ["缺少合法性审查意见（第二十五条：未经合法性审查的，不得提交讨论；不得以征求意见代替合法性审查）。"]
    with at(D(2026, 4, 6)):
        body = step(staff, "submit_legality_review", proposed_meeting_date="2026-04-20")
        assert body["state"] == "in_review" and body["latest_review"]["reviewing_agency"] == "黔西南州司法局"
        step(reviewer, "add_adviser_opinion", kind="legal_adviser", adviser="张律师", opinion="程序合法",
             given_on="2026-04-06")
    with at(D(2026, 4, 10)):
        ok(reviewer.post(review_act(Decision.objects.get(code=code)), {
            "action": "give_opinion", "opinion": "lawful", "opinion_text": "权限、程序、内容均符合规定。",
            "checklist": ALL_PASS}, format="json"))
        body = ok(staff.get(u("decision-detail", code=code)))
        assert body["state"] == "reviewed" and body["next_step"] == {"action": "submit_to_meeting",
                                                                     "label": "提交集体讨论", "blockers": []}
    with at(D(2026, 4, 15)):
        assert ok(staff.get(u("decision-gate", code=code)))["ready"] is True
        assert step(staff, "submit_to_meeting")["state"] == "at_meeting"
    with at(D(2026, 4, 20)):
        body = step(staff, "record_meeting", **{k: v for k, v in MEETING.items() if k != "action"},
                    opinions=opinions("agree", "agree_with_changes"))
        assert body["state"] == "decided" and body["decided_on"] == "2026-04-20"
    with at(D(2026, 4, 24)):
        body = step(staff, "publish", publication_text="黔西南州人民政府关于调整城区公共交通票价的决定……",
                    publication_explanation="公众意见 1 条已采纳；专家意见已采纳。",
                    execution_units=[str(org.zhou_sthj.code)])
        assert body["state"] == "published" and body["published_on"] == "2026-04-24"
        assert body["execution_reports"][0]["due_date"] == "2026-07-24"
        assert body["execution_reports"][0]["status"] == "due"
    with at(D(2026, 7, 20)):
        # The execution unit reports; the sponsor office is not an execution unit (403).
        assert staff.post(u("decision-transition", code=code), {"action": "report_execution", "progress": "x"},
                          format="json").status_code == 403
        body = step(client_for(people.zsthj_fz), "report_execution", progress="新票价已于5月1日执行，运行平稳。")
        first = body["execution_reports"][0]
        assert (first["status"], first["status_label"], first["submitted_on"]) == ("on_time", "按时报告", "2026-07-20")
    with at(D(2026, 9, 1)):
        reasons = refused_409(staff.post(u("decision-transition", code=code), {
            "action": "start_post_evaluation", "trigger": "many_objections", "evaluator": "州社会稳定风险评估中心"},
            format="json"))
        assert "主要论证评估" in reasons[0]
        body = step(staff, "start_post_evaluation", trigger="many_objections", evaluator="贵州大学公共管理学院")
        assert body["post_evaluations"][0]["trigger_label"] == "公民、法人或者其他组织提出较多意见"
        body = step(staff, "suspend", basis="州长决定", reason="群众反映强烈，先行中止", emergency=True)
        assert body["state"] == "suspended" and body["adjustments"][0]["emergency"] is True

    account = ok(staff.get(u("decision-accountability", code=code)))
    actions = [e["action"] for e in account["events"]]
    assert actions[0] == "decisions.create" and actions[-1] == "decisions.suspend"
    for name in ("decisions.start", "decisions.submit_legality_review", "decisions.review_opinion",
                 "decisions.record_meeting", "decisions.publish", "decisions.report_execution"):
        assert name in actions, name
    labels = {e["action"]: e["action_label"] for e in account["events"]}
    assert labels["decisions.record_meeting"] == "记录集体讨论决定"
    assert account["reviews"][0]["opinion_label"] == "合法" and account["reviews"][0]["opinion_by"]
    assert account["experts"][0]["expert"]["name"] == "王建国" and account["risks"][0]["level_label"] == "中风险"
    assert [o["stance"] for o in account["meetings"][0]["opinions"]] == ["agree", "agree_with_changes", "agree"]
    assert account["dissenters"] == []
    assert Decision.objects.get(code=code).state == DecisionState.SUSPENDED
    assert Comment.objects.get().screening == ScreeningStatus.SHOWN


def test_a_county_decision_goes_to_the_county_justice_bureau(dcp, org, xingyi_decision):
    county_reviewer = make_user("xingyi_sh", org.xingyi_sfj, (Role.REVIEWER, Scope.REGION))
    client = client_for(dcp.xingyi_jc)
    with at(D(2026, 3, 3)):
        client.post(act(xingyi_decision), {"action": "start"}, format="json")
        client.patch(detail(xingyi_decision), {"draft": "改造范围……", "explanation": "依据……"}, format="json")
        body = client.post(act(xingyi_decision), {"action": "submit_legality_review",
                                                  "proposed_meeting_date": "2026-03-20"}, format="json").json()
    assert body["latest_review"]["reviewing_agency"] == "兴义市司法局"
    # The prefecture reviewer's desk is not this one: the review is not on it (404).
    with at(D(2026, 3, 4)):
        assert client_for(dcp.reviewer).post(review_act(xingyi_decision), {
            "action": "return_for_supplement", "reason": "补充材料"}, format="json").status_code == 404
        response = client_for(county_reviewer).post(review_act(xingyi_decision), {
            "action": "return_for_supplement", "reason": "请补充社会稳定风险评估。"}, format="json")
    assert response.status_code == 200, response.content.decode()
    assert client.get(detail(xingyi_decision)).json()["state_label"] == "审查退回补充"


# ================================================================ cost and schema


def test_the_decision_list_costs_a_fixed_number_of_queries(dcp, org, calendar, django_assert_max_num_queries):
    with at(D(2026, 3, 2)):
        for i in range(12):
            services.decision_create(actor=dcp.zfgb_jc, title=f"州级决策事项{i}", decision_organ=org.zhou_gov,
                                     sponsor=org.zhou_sthj, requires_public_participation=True,
                                     requires_expert_argumentation=False, requires_risk_assessment=False,
                                     concerns_market=False)
    client = client_for(dcp.zfgb_jc)
    with django_assert_max_num_queries(4):
        assert len(client.get(u("decision-list")).json()["results"]) == 12


def test_the_decisions_api_generates_a_valid_schema_without_warnings(db):
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/decisions/", include("fazhi.decisions.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, (
        dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
    transition = schema["paths"]["/api/v1/decisions/{code}/transition/"]["post"]
    assert "409" in transition["responses"]
    request = schema["components"]["schemas"]["DecisionTransitionRequest"]
    assert request["discriminator"]["propertyName"] == "action"
    assert set(request["discriminator"]["mapping"]) >= {
        "start", "open_consultation", "close_consultation", "add_expert_opinion", "add_risk_assessment",
        "submit_legality_review", "add_adviser_opinion", "submit_to_meeting", "record_meeting", "publish",
        "report_execution", "start_post_evaluation", "adjust", "suspend"}


def test_the_whole_site_schema_still_builds_with_the_decisions_api(db):
    response = client_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/decisions/{code}/gate/" in paths and "/api/v1/decisions/{code}/accountability/" in paths


def test_planned_schedule_must_be_a_real_date(dcp, started, unchanged):
    client = client_for(dcp.zfgb_jc)
    check = unchanged(started)
    chinese_400(client.patch(detail(started), {"planned_schedule": "2026-02-30"}, format="json"), "planned_schedule")
    check()
    assert client.patch(detail(started), {"planned_schedule": "2026-02-27"}, format="json").status_code == 200


# ================================================================ the list's shortcuts answer as DRF does


def test_the_staff_list_answers_byte_for_byte_as_over_instances(dcp, org, started, xingyi_decision, instances_only):
    from fazhi.decisions.services import catalogue_create

    catalogue = catalogue_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, year=2026)
    Decision.objects.filter(pk=started.pk).update(catalogue=catalogue)  # one row with its catalogue, one without
    queries = [{}, {"page_size": 1}, {"state": "started"}, {"organ": str(org.xingyi_gov.code)}, {"q": "改造"},
               {"exploratory": "true"}, {"standard": ""}, {"state": "flying"}, {"organ": "x"}, {"year": "x"},
               {"page_size": 0}, {"after": "!!"}, {"unknown": 1}]
    seen = list_answers((dcp.zfgb_jc, dcp.xingyi_jc, dcp.anlong_jc), u("decision-list"), queries)
    rows = client_for(dcp.zfgb_jc).get(u("decision-list")).json()["results"]
    assert {row["code"] for row in rows} == {started.code, xingyi_decision.code}
    assert sorted(str(row["catalogue"]) for row in rows) == [
        "None", str({"code": catalogue.code, "year": 2026, "agency": "黔西南州人民政府"})]
    instances_only()
    assert_same_answers(u("decision-list"), seen)
