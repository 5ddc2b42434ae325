"""/api/v1/documents/: every endpoint's error paths, scope (兴义市 cannot see 安龙县's drafts), the whole
procedure through the API on real 2026 dates, and the public library that never returns a draft."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from fazhi.core import attachments
from fazhi.core.models import AuditEvent
from fazhi.core.tests.api_support import (
    all_messages,
    assert_same_answers,
    client_for,
    is_chinese,
    list_answers,
)
from fazhi.documents import services
from fazhi.documents.choices import DocumentState, FilingReviewStatus
from fazhi.documents.models import NormativeDocument
from fazhi.documents.selectors import comment_call_for
from fazhi.documents.tests.conftest import BODY, full_checklist, signed_pdf
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import AnswerTemplate, Comment, TextVersion

D = date


def u(name: str, **kwargs) -> str:
    return reverse(f"documents-api:{name}", kwargs=kwargs or None)


def pu(name: str, **kwargs) -> str:
    return reverse(f"portal-api:{name}", kwargs=kwargs or None)


def detail(doc) -> str:
    return u("document-detail", code=doc.code)


def review_act(doc) -> str:
    """The reviewer's steps are the kernel review desk's: POST …/procedure/reviews/<code>/transition/."""
    return f"/api/v1/procedure/reviews/{reviews.latest_review(doc).code}/transition/"


def act(doc) -> str:
    return u("document-transition", code=doc.code)


def chinese_400(response, *fields) -> dict:
    assert response.status_code == 400, response.content.decode()
    body = response.json()
    for name in fields:
        assert name in body, body
    assert all(is_chinese(m) for m in all_messages(body)), body
    return body


@pytest.fixture
def unchanged():
    """snapshot(doc) → check(): the document row, its versions and the audit log did not move."""

    def snapshot(doc=None):
        def state():
            row = NormativeDocument.objects.filter(pk=doc.pk).values().first() if doc else None
            return (NormativeDocument.objects.count(), AuditEvent.objects.count(), TextVersion.objects.count(),
                    Comment.objects.count(), row)

        before = state()

        def check():
            assert state() == before

        return check

    return snapshot


@pytest.fixture
def anlong_draft(dp, org, walker):
    with walker.at(D(2026, 9, 1)):
        return services.document_create(actor=dp.anlong_qc, title="安龙县农村建房管理办法（草案）", body="第一条 ……",
                                        issuing_agency=org.anlong_gov, affects_rights=True, concerns_market=False)


@pytest.fixture
def xingyi_draft(walker):
    return walker.draft(on=D(2026, 9, 25))


# ================================================================ who may call at all


def test_an_anonymous_caller_gets_401_on_every_staff_endpoint(xingyi_draft, unchanged):
    client = client_for(None)
    check = unchanged(xingyi_draft)
    assert client.get(u("document-list")).status_code == 401
    assert client.get(detail(xingyi_draft)).status_code == 401
    assert client.post(u("document-list"), {"title": "x"}, format="json").status_code == 401
    assert client.patch(detail(xingyi_draft), {"title": "x"}, format="json").status_code == 401
    assert client.post(act(xingyi_draft), {"action": "submit_review"}, format="json").status_code == 401
    assert client.post(u("document-precheck", code=xingyi_draft.code)).status_code == 401
    check()


@pytest.mark.parametrize("who", ["auditor", "sysadmin", "officer"])
def test_a_role_without_document_rights_gets_403(people, xingyi_draft, who, unchanged):
    client = client_for(getattr(people, who))
    check = unchanged(xingyi_draft)
    for response in (client.get(u("document-list")), client.get(detail(xingyi_draft)),
                     client.post(u("document-list"), {"title": "x"}, format="json")):
        assert response.status_code == 403 and is_chinese(response.json()["detail"])
    check()


def test_a_reader_may_read_but_not_write(dp, xingyi_draft, unchanged):
    client = client_for(dp.leader)
    assert client.get(detail(xingyi_draft)).status_code == 200
    check = unchanged(xingyi_draft)
    response = client.patch(detail(xingyi_draft), {"title": "改了"}, format="json")
    assert response.status_code == 403 and is_chinese(response.json()["detail"])
    response = client.post(act(xingyi_draft), {"action": "abandon", "reason": "不需要"}, format="json")
    assert response.status_code == 403
    check()


# ================================================================ scope: 兴义市 cannot see 安龙县 drafts


def test_the_list_holds_only_documents_in_scope(dp, xingyi_draft, anlong_draft):
    codes = [row["code"] for row in client_for(dp.xingyi_qc).get(u("document-list")).json()["results"]]
    assert codes == [xingyi_draft.code]
    codes = {row["code"] for row in client_for(dp.fzb_admin).get(u("document-list")).json()["results"]}
    assert codes == {xingyi_draft.code, anlong_draft.code}


def test_another_countys_draft_is_the_same_404_as_a_missing_code(dp, anlong_draft, unchanged):
    client = client_for(dp.xingyi_qc)
    forbidden, missing = client.get(detail(anlong_draft)), client.get(u("document-detail", code="ZZZZZZZZZZ"))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "对象不存在或不在您的数据范围内。"}
    check = unchanged(anlong_draft)
    for response in (
        client.patch(detail(anlong_draft), {"title": "篡改"}, format="json"),
        client.post(act(anlong_draft), {"action": "abandon", "reason": "x"}, format="json"),
        client.post(u("document-precheck", code=anlong_draft.code)),
        client.get(u("document-versions", code=anlong_draft.code)),
        client.get(u("document-timeline", code=anlong_draft.code)),
        client.get(u("document-comments", code=anlong_draft.code)),
        client.post(u("document-comments", code=anlong_draft.code), {"source": "paper", "content": "x"},
                    format="json"),
    ):
        assert response.status_code == 404
    # Even the county's own rule-of-law office cannot see the other county.
    assert client_for(dp.xingyi_fzb).get(detail(anlong_draft)).status_code == 404
    check()


def test_the_staff_list_filters_by_state_validity_issuer_year_and_words(dp, org, walker, xingyi_draft):
    published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(
        title="兴义市城市道路挖掘管理办法", body="第一条 为加强城市道路挖掘管理……", on=D(2026, 9, 25))))))
    client = client_for(dp.xingyi_qc)

    def codes(query):
        response = client.get(u("document-list"), query)
        assert response.status_code == 200, response.content.decode()
        return {r["code"] for r in response.json()["results"]}

    with walker.at(D(2026, 11, 2)):
        assert codes({"state": "drafting"}) == {xingyi_draft.code}
        assert codes({"validity": "not_yet"}) == {published.code}
        assert codes({"validity": "unpublished"}) == {xingyi_draft.code}
        assert codes({"issuer": str(org.xingyi_gov.code)}) == {xingyi_draft.code, published.code}
        assert codes({"year": 2026}) == {published.code}  # the publication year
        assert codes({"year": 2025}) == set()
        assert codes({"q": "道路挖掘"}) == {published.code}
        for bad in ({"state": "flying"}, {"validity": "eternal"}, {"issuer": "x"}, {"year": "MMXXVI"},
                    {"issuer": str(org.anlong_gov.code)},
                    {"year": 99999}, {"page_size": 0}, {"after": "!!"}):
            chinese_400(client.get(u("document-list"), bad))


def test_a_code_outside_the_alphabet_does_not_route(dp):
    assert client_for(dp.xingyi_qc).get("/api/v1/documents/abc/").status_code == 404


# ================================================================ create


def test_a_draft_needs_no_more_than_five_fields_and_the_drafting_agency_is_the_users(dp, org, calendar):
    payload = {"title": "兴义市城市户外广告设置管理办法", "body": BODY, "issuing_agency": str(org.xingyi_gov.code),
               "affects_rights": True, "concerns_market": False}
    response = client_for(dp.xingyi_qc).post(u("document-list"), payload, format="json")
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    doc = NormativeDocument.objects.get(code=body["code"])
    assert doc.agency == dp.xingyi_office and doc.created_by == dp.xingyi_qc
    assert body["agency"]["name"] == "兴义市人民政府办公室"
    assert body["issuing_agency"] == {"code": str(org.xingyi_gov.code), "name": "兴义市人民政府"}
    assert body["state"] == "drafting" and body["state_label"] == "起草中"
    assert body["validity"] == "unpublished" and body["validity_label"] == "未公布"
    assert {a["action"] for a in body["available_actions"]} >= {"open_comment", "submit_review", "abandon"}
    assert AuditEvent.objects.filter(action="documents.create", object_id=str(doc.pk)).exists()


@pytest.mark.parametrize(("payload", "fields"), [
    ({}, ["title", "body", "issuing_agency", "affects_rights", "concerns_market"]),
    ({"title": ["x"], "body": 3, "issuing_agency": True, "affects_rights": "maybe", "concerns_market": None},
     ["title", "issuing_agency", "affects_rights", "concerns_market"]),
    ({"title": "x" * 301}, ["title"]),
    ({"issuing_agency": "not-a-uuid"}, ["issuing_agency"]),
    ({"issuing_agency": "00000000-0000-0000-0000-000000000000"}, ["issuing_agency"]),
    ({"category": "poetry"}, ["category"]),
    ({"validity_years": 0}, ["validity_years"]),
    ({"validity_years": 10**12}, ["validity_years"]),
    ({"upper_laws": ["不存在的法律"]}, ["upper_laws"]),
])
def test_a_bad_create_payload_is_a_chinese_400_and_creates_nothing(dp, org, calendar, payload, fields, unchanged):
    base = {"title": "兴义市某办法", "body": "第一条", "issuing_agency": str(org.xingyi_gov.code),
            "affects_rights": True, "concerns_market": False}
    data = payload if payload == {} else {**base, **payload}
    check = unchanged()
    chinese_400(client_for(dp.xingyi_qc).post(u("document-list"), data, format="json"), *fields)
    check()


def test_the_service_refuses_another_countys_issuer_and_a_too_long_validity_as_field_errors(dp, org, calendar,
                                                                                            unchanged):
    client = client_for(dp.xingyi_qc)
    base = {"title": "兴义市某办法", "body": "第一条", "affects_rights": True, "concerns_market": False}
    check = unchanged()
    body = chinese_400(client.post(u("document-list"), {**base, "issuing_agency": str(org.anlong_gov.code)},
                                   format="json"), "issuing_agency")
    assert "本级人民政府" in body["issuing_agency"][0]
    body = chinese_400(client.post(u("document-list"), {**base, "issuing_agency": str(org.xingyi_gov.code),
                                                        "title": "兴义市某暂行办法", "validity_years": 3},
                                   format="json"), "validity_years")
    assert "不超过 2 年" in body["validity_years"][0]
    check()


@pytest.mark.parametrize(("raw", "content_type"), [
    ("{not json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    ("title=x", "text/plain"),
])
def test_a_body_that_is_not_a_json_object_is_a_400_or_415_never_a_500(dp, calendar, raw, content_type):
    response = client_for(dp.xingyi_qc).generic("POST", u("document-list"), raw, content_type=content_type)
    assert response.status_code in (400, 415)
    assert all(is_chinese(m) for m in all_messages(response.json()))


# ================================================================ update


def test_editing_a_submitted_text_makes_a_new_version(dp, walker):
    doc = walker.comment_round(walker.draft(on=D(2026, 9, 25)))
    client = client_for(dp.xingyi_qc)
    with walker.at(D(2026, 10, 13)):
        response = client.patch(detail(doc), {"body": BODY + "\n第四条 新增条款。", "note": "吸收意见"}, format="json")
    assert response.status_code == 200, response.content.decode()
    assert response.json()["version_count"] == 2
    versions = client.get(u("document-versions", code=doc.code)).json()["results"]
    assert [(v["number"], v["note"]) for v in versions] == [(1, "征求意见稿"), (2, "吸收意见")]
    second = client.get(u("document-version", code=doc.code, number=2)).json()
    assert second["body"].endswith("第四条 新增条款。")
    assert client.get(u("document-version", code=doc.code, number=9)).status_code == 404


def test_an_empty_or_bad_patch_is_a_400_and_changes_nothing(dp, xingyi_draft, unchanged):
    client = client_for(dp.xingyi_qc)
    check = unchanged(xingyi_draft)
    chinese_400(client.patch(detail(xingyi_draft), {}, format="json"), "non_field_errors")
    chinese_400(client.patch(detail(xingyi_draft), {"note": "只有说明"}, format="json"), "non_field_errors")
    chinese_400(client.patch(detail(xingyi_draft), {"title": ""}, format="json"), "title")
    chinese_400(client.patch(detail(xingyi_draft), {"validity_years": 6}, format="json"), "validity_years")
    check()


def test_a_document_in_review_cannot_be_edited_409(dp, walker, unchanged):
    doc = walker.comment_round(walker.draft(on=D(2026, 9, 25)))
    with walker.at(D(2026, 10, 14)):
        services.document_submit_review(actor=dp.xingyi_qc, document=doc)
    check = unchanged(doc)
    response = client_for(dp.xingyi_qc).patch(detail(doc), {"title": "改名"}, format="json")
    assert response.status_code == 409
    assert "合法性审核中" in response.json()["reasons"][0]
    check()


def test_put_and_delete_are_not_offered(dp, xingyi_draft):
    client = client_for(dp.xingyi_qc)
    assert client.put(detail(xingyi_draft), {"title": "x"}, format="json").status_code == 405
    assert client.delete(detail(xingyi_draft)).status_code == 405


# ================================================================ transitions: error paths


def test_an_unknown_or_missing_action_is_a_400_listing_the_actions(dp, xingyi_draft, unchanged):
    client = client_for(dp.xingyi_qc)
    check = unchanged(xingyi_draft)
    body = chinese_400(client.post(act(xingyi_draft), {"action": "launch"}, format="json"), "action")
    assert "open_comment" in body["action"][0] and "filing_decision" in body["action"][0]
    chinese_400(client.post(act(xingyi_draft), {}, format="json"), "action")
    chinese_400(client.post(act(xingyi_draft), {"action": ["open_comment"]}, format="json"), "action")
    check()


@pytest.mark.parametrize(("payload", "fields"), [
    ({}, ["start", "end"]),
    ({"start": "2026-13-01", "end": "2026-10-12"}, ["start"]),
    ({"start": "二〇二六年九月二十八日", "end": "2026-10-12"}, ["start"]),
    ({"start": "9999-01-01", "end": "9999-02-01"}, ["start", "end"]),
    ({"start": 20260928, "end": "2026-10-12"}, ["start"]),
])
def test_bad_comment_window_dates_are_a_chinese_400(dp, walker, xingyi_draft, payload, fields, unchanged):
    check = unchanged(xingyi_draft)
    with walker.at(D(2026, 9, 28)):
        response = client_for(dp.xingyi_qc).post(act(xingyi_draft), {"action": "open_comment", **payload},
                                                 format="json")
    chinese_400(response, *fields)
    check()


def test_a_window_shorter_than_seven_working_days_across_national_day_is_refused_409(dp, walker, xingyi_draft,
                                                                                    unchanged):
    check = unchanged(xingyi_draft)
    with walker.at(D(2026, 9, 28)):
        response = client_for(dp.xingyi_qc).post(
            act(xingyi_draft), {"action": "open_comment", "start": "2026-09-28", "end": "2026-10-11"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "不满足办理条件。" and "仅 6 个工作日" in body["reasons"][0]
    check()


def test_a_start_date_in_the_past_is_a_field_error(dp, walker, xingyi_draft):
    with walker.at(D(2026, 9, 29)):
        response = client_for(dp.xingyi_qc).post(
            act(xingyi_draft), {"action": "open_comment", "start": "2026-09-28", "end": "2026-10-20"}, format="json")
    assert "不能早于今天" in chinese_400(response, "start")["start"][0]


def test_steps_out_of_order_are_refused_with_the_state_named(dp, walker, xingyi_draft, unchanged):
    client = client_for(dp.xingyi_qc)
    check = unchanged(xingyi_draft)
    with walker.at(D(2026, 9, 28)):
        response = client.post(act(xingyi_draft), {"action": "close_comment"}, format="json")
        assert response.status_code == 409 and response.json()["reasons"][0] == "尚未公开征求意见。（当前：起草中）"
        response = client.post(act(xingyi_draft), {"action": "submit_review"}, format="json")
        assert response.status_code == 409 and any("须先公开征求意见" in r for r in response.json()["reasons"])
    check()


def test_the_window_cannot_be_closed_early(dp, walker, xingyi_draft):
    client = client_for(dp.xingyi_qc)
    with walker.at(D(2026, 9, 28)):
        assert client.post(act(xingyi_draft), {"action": "open_comment", "start": "2026-09-28",
                                               "end": "2026-10-12"}, format="json").status_code == 200
    with walker.at(D(2026, 10, 12)):
        response = client.post(act(xingyi_draft), {"action": "close_comment"}, format="json")
    assert response.status_code == 409 and "届满前不能结束" in response.json()["reasons"][0]


@pytest.fixture
def in_review(dp, walker):
    doc = walker.comment_round(walker.draft(on=D(2026, 9, 25)))
    with walker.at(D(2026, 10, 14)):
        services.document_submit_review(actor=dp.xingyi_qc, document=doc)
    doc.refresh_from_db()
    return doc


def test_the_drafter_cannot_give_the_legality_opinion_403(dp, walker, in_review, unchanged):
    check = unchanged(in_review)
    with walker.at(D(2026, 10, 15)):
        response = client_for(dp.xingyi_qc).post(
            review_act(in_review), {"action": "give_opinion", "opinion": "lawful", "checklist": full_checklist()},
            format="json")
    assert response.status_code == 403 and is_chinese(response.json()["detail"])
    check()


@pytest.mark.parametrize(("payload", "fields"), [
    ({"opinion": "fine", "checklist": {}}, ["opinion"]),
    ({"opinion": "lawful", "checklist": "all good"}, ["checklist"]),
    ({"opinion": "lawful", "checklist": {"subject": {"result": "perfect"}}}, ["checklist"]),
])
def test_a_malformed_opinion_is_a_chinese_400(dp, walker, in_review, payload, fields, unchanged):
    check = unchanged(in_review)
    with walker.at(D(2026, 10, 15)):
        response = client_for(dp.xingyi_sh).post(review_act(in_review), {"action": "give_opinion", **payload},
                                                 format="json")
    chinese_400(response, *fields)
    check()


def test_an_incomplete_checklist_is_refused_409_with_the_missing_items(dp, walker, in_review, unchanged):
    check = unchanged(in_review)
    with walker.at(D(2026, 10, 15)):
        response = client_for(dp.xingyi_sh).post(review_act(in_review), {
            "action": "give_opinion", "opinion": "lawful_after_changes",
            "checklist": {"subject": {"result": "pass"}, "astrology": {"result": "pass"}}}, format="json")
    assert response.status_code == 409
    reasons = response.json()["reasons"]
    assert sum("审核要点" in r and "未填写" in r for r in reasons) == 6, reasons  # every item but 制定主体
    assert any("是否超越法定职权" in r for r in reasons) and not any("制定主体" in r for r in reasons)
    assert any("须写明修改要求" in r for r in reasons)
    check()


def test_return_for_supplement_needs_a_reason(dp, walker, in_review, unchanged):
    check = unchanged(in_review)
    with walker.at(D(2026, 10, 15)):
        response = client_for(dp.xingyi_sh).post(review_act(in_review), {"action": "return_for_supplement"},
                                                 format="json")
    chinese_400(response, "reason")
    check()


@pytest.fixture
def deliberated(walker):
    doc = walker.deliberate(walker.review(walker.comment_round(walker.draft(on=D(2026, 9, 25)))))
    with walker.at(D(2026, 10, 22)):
        walker.register(doc)
    return doc


def test_a_signed_pdf_from_another_county_is_not_in_scope_400(dp, walker, deliberated, unchanged):
    with walker.at(D(2026, 10, 23)):
        foreign = signed_pdf(dp.anlong_qc)
        check = unchanged(deliberated)
        response = client_for(dp.xingyi_qc).post(act(deliberated), {
            "action": "publish", "publication_date": "2026-10-23", "effective_date": "2026-12-01",
            "signed_pdf": str(foreign.code)}, format="json")
    assert "不在您的数据范围内" in chinese_400(response, "signed_pdf")["signed_pdf"][0]
    check()


@pytest.mark.parametrize("pdf", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", 42, None])
def test_a_bad_signed_pdf_code_is_a_400(dp, walker, deliberated, pdf):
    with walker.at(D(2026, 10, 23)):
        response = client_for(dp.xingyi_qc).post(act(deliberated), {
            "action": "publish", "publication_date": "2026-10-23", "effective_date": "2026-12-01",
            "signed_pdf": pdf}, format="json")
    chinese_400(response, "signed_pdf")


def test_an_early_effective_date_without_a_reason_is_refused_409(dp, walker, deliberated, unchanged):
    with walker.at(D(2026, 10, 23)):
        pdf = signed_pdf(dp.xingyi_qc)
        check = unchanged(deliberated)
        response = client_for(dp.xingyi_qc).post(act(deliberated), {
            "action": "publish", "publication_date": "2026-10-23", "effective_date": "2026-10-01",
            "signed_pdf": str(pdf.code)}, format="json")
    assert response.status_code == 409 and any("须说明理由" in r for r in response.json()["reasons"])
    check()


def test_only_the_filing_authority_decides_and_bad_decisions_are_400(dp, walker, deliberated):
    doc = walker.publish(deliberated)
    with walker.at(D(2026, 10, 26)):
        services.document_file(actor=dp.xingyi_qc, document=doc)
        chinese_400(client_for(dp.zsfj_sh).post(act(doc), {"action": "filing_decision", "decision": "maybe"},
                                                format="json"), "decision")
        chinese_400(client_for(dp.zsfj_sh).post(act(doc), {"action": "filing_decision", "decision":
                                                           "correction_required", "correction_days": 0},
                                                format="json"), "correction_days")
        response = client_for(dp.xingyi_sh).post(act(doc), {"action": "filing_decision", "decision": "approved"},
                                                 format="json")
        assert response.status_code == 403
        chinese_400(client_for(dp.zsfj_sh).post(act(doc), {"action": "filing_decision", "decision": "revoked"},
                                                format="json"), "decision")  # 撤销 is the government's, not the reviewer's
        response = client_for(dp.zsfj_sh).post(act(doc), {"action": "filing_decision",
                                                          "decision": "revocation_proposed"}, format="json")
        assert response.status_code == 409 and any("写明审查意见" in r for r in response.json()["reasons"])
    doc.filing.refresh_from_db()
    assert doc.filing.review_status == FilingReviewStatus.PENDING


def test_evaluation_and_cleanup_need_an_open_task_or_campaign(dp, walker, deliberated):
    doc = walker.publish(deliberated)
    client = client_for(dp.xingyi_qc)
    with walker.at(D(2026, 11, 2)):
        response = client.post(act(doc), {"action": "evaluate", "conclusion": "keep", "reason": "仍需执行"},
                               format="json")
        assert response.status_code == 409 and "评估" in response.json()["reasons"][0]
        response = client.post(act(doc), {"action": "cleanup_decision", "decision": "keep", "reason": "仍需执行"},
                               format="json")
        assert response.status_code == 409 and "清理活动" in response.json()["reasons"][0]
        chinese_400(client.post(act(doc), {"action": "evaluate", "conclusion": "burn", "reason": "x"},
                                format="json"), "conclusion")


JUNK = [None, True, -1, 10**20, "", "x" * 6000, "2026-02-30", [], ["a"], {}, {"a": {"b": []}}]


@pytest.mark.parametrize("action", ["open_comment", "return_for_supplement", "give_opinion", "deliberate",
                                    "publish", "filing_decision", "filing_correct", "evaluate", "cleanup_decision",
                                    "abandon"])
def test_junk_in_any_field_of_any_action_is_never_a_500(dp, walker, in_review, action):
    fields = ["start", "end", "shortened_reason", "reason", "opinion", "checklist", "required_changes",
              "meeting_type", "meeting_date", "attendees", "outcome", "minutes", "publication_date",
              "effective_date", "signed_pdf", "validity_years", "decision", "opinion", "correction_days", "note",
              "conclusion", "campaign"]
    clients = (client_for(dp.xingyi_qc), client_for(dp.xingyi_sh))
    with walker.at(D(2026, 10, 15)):
        for value in JUNK:
            payload = {"action": action, **{name: value for name in fields}}
            for client in clients:
                response = client.post(act(in_review), payload, format="json")
                assert response.status_code in (200, 400, 403, 409), (action, value, response.content[:300])
                if response.status_code != 200:
                    assert all(is_chinese(m) for m in all_messages(response.json()))


# ================================================================ the whole procedure through the API


def test_the_whole_procedure_through_the_api_on_real_2026_dates(dp, org, walker):
    drafter, reviewer, authority = client_for(dp.xingyi_qc), client_for(dp.xingyi_sh), client_for(dp.zsfj_sh)

    def ok(response, status_code=200):
        assert response.status_code == status_code, response.content.decode()
        return response.json()

    with walker.at(D(2026, 9, 25)):
        doc = ok(drafter.post(u("document-list"), {
            "title": "兴义市城市户外广告设置管理办法", "body": BODY, "issuing_agency": str(org.xingyi_gov.code),
            "affects_rights": True, "concerns_market": False, "drafting_notes": "起草说明：……",
            "legal_basis": "《中华人民共和国广告法》"}, format="json"), 201)
        code = doc["code"]
        url = u("document-transition", code=code)
    # 7 working days across 国庆: 2026-09-28 … 10-12 (the 10-10 调休 Saturday counts).
    with walker.at(D(2026, 9, 28)):
        doc = ok(drafter.post(url, {"action": "open_comment", "start": "2026-09-28", "end": "2026-10-12"},
                              format="json"))
        assert doc["state"] == "commenting" and doc["comment_call"]["end_date"] == "2026-10-12"
    with walker.at(D(2026, 10, 9)):
        row = NormativeDocument.objects.get(code=code)
        web = procedure.comment_submit_public(call=comment_call_for(row), content="建议明确店招标牌的设置标准。",
                                              contact="13800000000", client_ip="10.0.0.8")
        paper = ok(drafter.post(u("document-comments", code=code),
                                {"source": "paper", "content": "建议增加听证程序。", "organisation": "兴义市广告协会"},
                                format="json"), 201)
        comments = ok(drafter.get(u("document-comments", code=code)))["results"]
        assert {c["id"] for c in comments} == {web.pk, paper["id"]}
        assert ok(drafter.post(u("document-comments-screen", code=code), {"comments": [web.pk, paper["id"]],
                                                                           "show": True}, format="json")) == {
            "updated": 2}
        template = AnswerTemplate.objects.create(title="部分采纳", outcome="partly", text="已在第二条中予以体现。")
        assert ok(drafter.post(u("document-comments-answer", code=code),
                               {"comments": [web.pk, paper["id"]], "template": template.pk}, format="json")) == {
            "updated": 2}
        shown = ok(drafter.get(u("document-comments", code=code), {"screening": "shown"}))["results"]
        assert len(shown) == 2 and all(c["outcome"] == "partly" for c in shown)
    with walker.at(D(2026, 10, 13)):
        doc = ok(drafter.post(url, {"action": "close_comment"}, format="json"))
        assert doc["state"] == "comment_closed" and "共收到意见 2 条" in doc["comment_call"]["summary"]
        saved = ok(drafter.post(u("document-comments-summary", code=code),
                                {"summary": "共收到意见 2 条，部分采纳 2 条。"}, format="json"))
        assert saved == {"summary": "共收到意见 2 条，部分采纳 2 条。"}
        # published with the document (优化营商环境条例 第六十二条)
        assert ok(drafter.get(u("document-detail", code=code)))["adoption_summary"] == saved["summary"]
    with walker.at(D(2026, 10, 14)):
        doc = ok(drafter.post(url, {"action": "submit_review"}, format="json"))
        assert doc["state"] == "in_review" and doc["latest_review"]["reviewing_agency"] == "兴义市司法局"
        findings = ok(reviewer.post(u("document-precheck", code=code)))
        assert findings["count"] == len(findings["findings"]) + len(findings["document_findings"])
        ok(reviewer.post(review_act(NormativeDocument.objects.get(code=code)),
                         {"action": "give_opinion", "opinion": "lawful", "checklist": full_checklist()}, format="json"))
        doc = ok(drafter.get(u("document-detail", code=code)))
        assert doc["state"] == "reviewed" and doc["latest_review"]["opinion_label"] == "合法"
    with walker.at(D(2026, 10, 20)):
        minutes = attachments.attachment_create(actor=dp.xingyi_qc,
                                                uploaded_file=ContentFile(b"minutes of the meeting", name="纪要.txt"))
        doc = ok(drafter.post(url, {"action": "deliberate", "meeting_type": "standing", "meeting_date": "2026-10-20",
                                    "attendees": "市长、副市长", "outcome": "adopted", "minutes": str(minutes.code)},
                              format="json"))
        assert doc["state"] == "deliberated"
    with walker.at(D(2026, 10, 23)):
        assert ok(reviewer.post(url, {"action": "register"}, format="json"))["state"] == "deliberated"
        pdf = signed_pdf(dp.xingyi_qc)
        doc = ok(drafter.post(url, {"action": "publish", "publication_date": "2026-10-23",
                                    "effective_date": "2026-12-01", "signed_pdf": str(pdf.code)}, format="json"))
        assert doc["state"] == "published" and doc["number"] == "兴府规〔2026〕1号"
        assert doc["validity"] == "not_yet" and doc["expiry_date"] == "2031-11-30"
        # 30 days after 2026-10-23 is Sunday 2026-11-22 → the next working day.
        assert doc["filing"]["due_date"] == "2026-11-23" and doc["filing"]["authority_name"] == "黔西南州人民政府"
    with walker.at(D(2026, 10, 26)):
        doc = ok(drafter.post(url, {"action": "file"}, format="json"))
        assert doc["filing"]["status"] == "filed" and doc["filing"]["is_late"] is False
    with walker.at(D(2026, 10, 28)):
        doc = ok(authority.post(url, {"action": "filing_decision", "decision": "approved"}, format="json"))
        assert doc["filing"]["review_status"] == "approved" and doc["filing"]["review_status_label"] == "准予备案"
    with walker.at(D(2026, 12, 2)):
        assert ok(drafter.get(u("document-detail", code=code)))["validity"] == "in_force"

    row = NormativeDocument.objects.get(code=code)
    assert row.state == DocumentState.PUBLISHED and row.signed_pdf == pdf
    assert row.deliberations.get().minutes == minutes
    actions = [e["action"] for e in ok(drafter.get(u("document-timeline", code=code), {"page_size": 200}))["results"]]
    for step in ("documents.create", "documents.open_comment", "documents.close_comment", "documents.submit_review",
                 "documents.review_opinion", "documents.deliberate", "documents.publish", "documents.file",
                 "documents.filing_decision"):
        assert step in actions
    assert actions.index("documents.create") < actions.index("documents.publish") < actions.index(
        "documents.filing_decision")


# ================================================================ versions, diff, precheck, timeline


@pytest.fixture
def two_versions(dp, walker):
    doc = walker.comment_round(walker.draft(on=D(2026, 9, 25)))
    with walker.at(D(2026, 10, 13)):
        services.document_update(actor=dp.xingyi_qc, document=doc,
                                 body=BODY.replace("户外广告设施", "户外广告和招牌设施"), note="吸收意见")
    return doc


def test_two_versions_are_compared_side_by_side_with_the_changes_marked(dp, two_versions):
    response = client_for(dp.xingyi_qc).get(u("document-versions-diff", code=two_versions.code), {"a": 1, "b": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["a"]["number"] == 1 and body["b"]["number"] == 2
    assert body["stats"] == {"changed": 1, "deleted": 0, "inserted": 0}
    changed = [r for r in body["rows"] if r["kind"] == "replace"]
    assert changed[0]["left_no"] == changed[0]["right_no"] == 2 and "<ins>和招牌</ins>" in changed[0]["right_html"]


@pytest.mark.parametrize(("query", "fields"), [
    ({}, ["a", "b"]), ({"a": "one", "b": 2}, ["a"]), ({"a": 0, "b": 2}, ["a"]), ({"a": 1, "b": 10**12}, ["b"]),
    ({"a": 1, "b": 7}, ["b"]),
])
def test_bad_diff_parameters_are_a_chinese_400(dp, two_versions, query, fields):
    chinese_400(client_for(dp.xingyi_qc).get(u("document-versions-diff", code=two_versions.code), query), *fields)


def test_the_precheck_returns_findings_with_the_offending_sentence(dp, walker, calendar):
    body = "第一条 为加强管理，制定本办法。\n第二条 违反本办法规定的，由城市管理部门处以五千元罚款。"
    doc = walker.draft(body=body, on=D(2026, 9, 25))
    response = client_for(dp.xingyi_qc).post(u("document-precheck", code=doc.code))
    assert response.status_code == 200
    findings = response.json()["findings"]
    penalty = [f for f in findings if f["rule"] == "sets_penalty"]
    assert penalty and "罚款" in penalty[0]["sentence"] and penalty[0]["legal_source"].startswith("《行政处罚法》")
    assert body[penalty[0]["start"]:penalty[0]["end"]] == penalty[0]["sentence"]
    # The body names no 施行日期: a finding about the whole document, kept apart from the clause findings.
    whole = response.json()["document_findings"]
    assert [f["rule"] for f in whole] == ["no_effective_date"] and whole[0]["sentence"] == ""
    assert all(f["sentence"] for f in findings)


def test_the_timeline_pages_forward_with_a_cursor(dp, walker, two_versions):
    client = client_for(dp.xingyi_qc)
    first = client.get(u("document-timeline", code=two_versions.code), {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next_cursor"]
    second = client.get(u("document-timeline", code=two_versions.code), {"page_size": 2,
                                                                          "after": first["next_cursor"]}).json()
    assert second["results"][0]["occurred_at"] >= first["results"][-1]["occurred_at"]
    assert first["results"][0]["action"] == "documents.create" and first["results"][0]["actor_name"].startswith("xingyi_qc")
    assert "client_ip" not in first["results"][0]
    chinese_400(client.get(u("document-timeline", code=two_versions.code), {"after": "garbage"}), "after")


# ================================================================ comments (staff)


@pytest.fixture
def commenting(dp, walker, xingyi_draft):
    with walker.at(D(2026, 9, 28)):
        services.comment_open(actor=dp.xingyi_qc, document=xingyi_draft, start=D(2026, 9, 28), end=D(2026, 10, 12))
    return xingyi_draft


def test_comments_of_another_document_cannot_be_screened(dp, walker, commenting, anlong_draft, unchanged):
    with walker.at(D(2026, 9, 29)):
        services.comment_open(actor=dp.anlong_qc, document=anlong_draft, start=D(2026, 9, 29), end=D(2026, 10, 13))
        foreign = procedure.comment_submit_public(call=comment_call_for(anlong_draft), content="安龙的意见")
        check = unchanged(commenting)
        response = client_for(dp.xingyi_qc).post(u("document-comments-screen", code=commenting.code),
                                                 {"comments": [foreign.pk], "show": True}, format="json")
    assert "不属于该事项" in chinese_400(response, "comments")["comments"][0]
    check()
    foreign.refresh_from_db()
    assert foreign.screening == ScreeningStatus.PENDING


@pytest.mark.parametrize(("name", "payload", "fields"), [
    ("document-comments", {"source": "portal", "content": "x"}, ["source"]),
    ("document-comments", {"source": "paper"}, ["content"]),
    ("document-comments-screen", {"comments": [], "show": True}, ["comments"]),
    ("document-comments-screen", {"comments": ["a"], "show": "perhaps"}, ["comments", "show"]),
    ("document-comments-answer", {"comments": [1]}, ["outcome", "answer"]),
    ("document-comments-answer", {"comments": [1], "template": 999}, ["template"]),
    ("document-comments-answer", {"comments": [1], "outcome": "ignored", "answer": "x"}, ["outcome"]),
    ("document-comments-summary", {"summary": ""}, ["summary"]),
])
def test_bad_comment_payloads_are_a_chinese_400(dp, walker, commenting, name, payload, fields, unchanged):
    check = unchanged(commenting)
    with walker.at(D(2026, 9, 30)):
        response = client_for(dp.xingyi_qc).post(u(name, code=commenting.code), payload, format="json")
    chinese_400(response, *fields)
    check()


def test_comments_cannot_be_entered_on_a_draft_without_a_comment_call(dp, xingyi_draft, unchanged):
    check = unchanged(xingyi_draft)
    response = client_for(dp.xingyi_qc).post(u("document-comments", code=xingyi_draft.code),
                                             {"source": "paper", "content": "意见"}, format="json")
    assert response.status_code == 409
    check()
    assert client_for(dp.xingyi_qc).get(u("document-comments", code=xingyi_draft.code)).json()["results"] == []


def test_the_staff_comment_list_shows_the_contact_but_never_the_address(dp, walker, commenting):
    with walker.at(D(2026, 9, 30)):
        procedure.comment_submit_public(call=comment_call_for(commenting), content="意见", contact="13900000000",
                                        client_ip="10.1.1.1")
    row = client_for(dp.xingyi_qc).get(u("document-comments", code=commenting.code)).json()["results"][0]
    assert row["contact"] == "13900000000" and "client_ip" not in row and row["screening_label"] == "待审核"


def test_a_reader_cannot_screen_comments(dp, walker, commenting):
    response = client_for(dp.leader).post(u("document-comments-screen", code=commenting.code),
                                          {"comments": [1], "show": True}, format="json")
    assert response.status_code == 403


# ================================================================ fair competition


def test_a_fair_competition_record_is_kept_and_a_bad_one_refused(dp, walker, calendar):
    doc = walker.draft(concerns_market=True, on=D(2026, 9, 25))
    client = client_for(dp.xingyi_qc)
    with walker.at(D(2026, 9, 26)):
        chinese_400(client.post(u("document-fair-competition", code=doc.code),
                                {"reviewer": "市场监管局", "conclusion": "exception", "reviewed_on": "2026-09-26"},
                                format="json"), "explanation")
        chinese_400(client.post(u("document-fair-competition", code=doc.code),
                                {"reviewer": "市场监管局", "conclusion": "compliant", "reviewed_on": "2026-10-26"},
                                format="json"), "reviewed_on")
        chinese_400(client.post(u("document-fair-competition", code=doc.code),
                                {"conclusion": "compliant", "reviewed_on": "2026-09-26"}, format="json"),
                    "preliminary_opinion", "attachment")
        opinion = signed_pdf(dp.xingyi_qc, name="市场监管局审查意见.pdf")
        response = client.post(u("document-fair-competition", code=doc.code),
                               {"conclusion": "compliant", "reviewed_on": "2026-09-26",
                                "preliminary_opinion": "初审未发现排除、限制竞争的内容。",
                                "attachment": str(opinion.code)}, format="json")
    assert response.status_code == 200 and response.json()["conclusion_label"] == "符合公平竞争审查标准"


# ================================================================ the public library


@pytest.fixture
def library(dp, org, walker):
    """A published 兴义市 document and two drafts that mention the same words."""
    published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=D(2026, 9, 25))))))
    draft = walker.draft(title="兴义市户外广告招牌整治方案（草稿）", body="户外广告招牌一律统一设置。", on=D(2026, 10, 2))
    with walker.at(D(2026, 10, 2)):
        other = services.document_create(actor=dp.anlong_qc, title="安龙县户外广告管理规定", body="户外广告……",
                                         issuing_agency=org.anlong_gov, affects_rights=False, concerns_market=False)
    return published, draft, other


def test_public_search_finds_a_published_document_by_a_word_in_its_body_and_never_a_draft(library, walker):
    published, draft, other = library
    client = client_for(None)
    with walker.at(D(2026, 11, 2)):
        response = client.get(pu("public-document-list"), {"q": "行政区域"})
        assert response.status_code == 200
        assert [r["code"] for r in response.json()["results"]] == [published.code]
        everything = client.get(pu("public-document-list"), {"q": "户外广告"}).json()["results"]
        assert [r["code"] for r in everything] == [published.code]
        row = everything[0]
        assert row["validity"] == "not_yet" and row["validity_label"] == "尚未施行"
        assert row["url"] == f"/portal/documents/{published.code}/"
        for doc in (draft, other):
            assert client.get(pu("public-document-detail", code=doc.code)).status_code == 404


def test_public_filters_by_issuer_year_and_status(library, walker, org):
    published, _, _ = library
    client = client_for(None)
    with walker.at(D(2026, 12, 2)):
        def codes(query):
            response = client.get(pu("public-document-list"), query)
            assert response.status_code == 200, response.content.decode()
            return [r["code"] for r in response.json()["results"]]

        assert codes({"issuer": str(org.xingyi_gov.code)}) == [published.code]
        assert codes({"year": "2026", "status": "in_force"}) == [published.code]
        assert codes({"status": "repealed"}) == []
        chinese_400(client.get(pu("public-document-list"), {"year": "1800"}), "year")
        chinese_400(client.get(pu("public-document-list"), {"issuer": str(org.anlong_gov.code)}), "issuer")
        chinese_400(client.get(pu("public-document-list"), {"issuer": "x"}), "issuer")
        chinese_400(client.get(pu("public-document-list"), {"status": "unpublished"}), "status")
        chinese_400(client.get(pu("public-document-list"), {"q": "法" * 101}), "q")


def test_a_public_document_has_its_text_history_and_pdf_link(library, walker):
    published, _, _ = library
    with walker.at(D(2026, 12, 2)):
        response = client_for(None).get(pu("public-document-detail", code=published.code))
    body = response.json()
    assert body["body"] == published.body and body["validity"] == "in_force"
    assert body["signed_pdf_url"] == f"/portal/files/{published.signed_pdf.code}/"
    assert [h["text"] for h in body["history"]] == ["公布（兴府规〔2026〕1号）", "施行"]
    assert body["adoption_summary"]
    assert "drafting_notes" not in body and "created_by" not in body


def test_the_public_endpoint_ignores_a_bad_token_and_is_read_only(library, walker):
    published, _, _ = library
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    with walker.at(D(2026, 11, 2)):
        assert client.get(pu("public-document-list")).status_code == 200
        assert client.post(pu("public-document-list"), {"title": "x"}, format="json").status_code == 405


# ================================================================ cost and schema


def test_the_document_list_costs_a_fixed_number_of_queries(dp, walker, django_assert_max_num_queries):
    for i in range(12):
        walker.draft(title=f"兴义市第{i}号办法", on=D(2026, 9, 25))
    client = client_for(dp.xingyi_qc)
    with django_assert_max_num_queries(4):
        assert len(client.get(u("document-list")).json()["results"]) == 12


def test_the_public_list_costs_a_fixed_number_of_queries(library, walker, django_assert_max_num_queries):
    with walker.at(D(2026, 11, 2)), django_assert_max_num_queries(3):
        assert client_for(None).get(pu("public-document-list")).status_code == 200


def test_the_documents_api_generates_a_valid_schema_without_warnings(db):
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/documents/", include("fazhi.documents.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, (
        dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
    transition = schema["paths"]["/api/v1/documents/{code}/transition/"]["post"]
    assert "409" in transition["responses"]
    assert schema["components"]["schemas"]["DocumentTransitionRequest"]["discriminator"]["propertyName"] == "action"


def test_the_whole_site_schema_still_builds_without_name_collisions(db):
    # `manage.py check --deploy` fails on any drf-spectacular warning, e.g. two choice sets named "action".
    GENERATOR_STATS.reset()
    response = client_for(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/documents/public/" in response.json()["paths"]
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, (
        dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))


def test_the_api_refuses_deliberation_on_a_text_changed_after_its_lawful_opinion(walker, dp):
    """The bypass of 第二十五条 through the API: edit after 合法, then 集体审议 — 409 naming the changed text."""
    doc = walker.review(walker.comment_round(walker.draft(on=D(2026, 9, 25))))
    drafter = client_for(dp.xingyi_qc)
    with walker.at(D(2026, 10, 19)):
        response = drafter.patch(detail(doc), {"body": doc.body + "\n第九条 新增罚款五千元。"}, format="json")
        assert response.status_code == 200, response.content.decode()
    with walker.at(D(2026, 10, 20)):
        response = drafter.post(act(doc), {"action": "deliberate", "meeting_type": "standing",
                                           "meeting_date": "2026-10-20", "attendees": "市长", "outcome": "adopted"},
                                format="json")
    assert response.status_code == 409
    assert any("文本已修改" in r for r in response.json()["reasons"])
    doc.refresh_from_db()
    assert doc.state == DocumentState.REVIEWED


# ================================================================ the list's shortcuts answer as DRF does


def test_the_staff_list_answers_byte_for_byte_as_over_instances(dp, org, walker, xingyi_draft, anlong_draft,
                                                                  instances_only):
    published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(
        title="兴义市城市道路挖掘管理办法", body="第一条 为加强城市道路挖掘管理……", on=D(2026, 9, 25))))))
    queries = [{}, {"page_size": 1}, {"state": "drafting"}, {"validity": "not_yet"}, {"year": 2026},
               {"issuer": str(org.xingyi_gov.code)}, {"q": "道路挖掘"}, {"category": "x"}, {"state": ""},
               {"state": "flying"}, {"issuer": "x"}, {"page_size": 0}, {"after": "!!"}, {"unknown": 1}]
    with walker.at(D(2026, 11, 2)):
        seen = list_answers((dp.fzb_admin, dp.xingyi_qc), u("document-list"), queries)
        body = client_for(dp.fzb_admin).get(u("document-list")).json()
        assert {row["code"] for row in body["results"]} == {xingyi_draft.code, anlong_draft.code, published.code}
        assert {row["validity"] for row in body["results"]} == {"unpublished", "not_yet"}
        instances_only()
        assert_same_answers(u("document-list"), seen)
