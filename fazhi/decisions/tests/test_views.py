"""The staff pages of major decisions: who may open them, what they show, and what a good or a bad POST does.

Every page is tried anonymous, with a role that has no decision rights, out of scope (兴义市's decision staff on
安龙县's decision → 404) and allowed; in each denied, refused or bad case nothing changes and no audit event is
added. Lists and the decision page are checked for query counts that do not grow with their rows.
"""

from contextlib import contextmanager
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.exports import XLSX_TYPE
from fazhi.core.models import AuditEvent, ExportJob
from fazhi.decisions import selectors, services
from fazhi.decisions.choices import CatalogueStatus, DecisionState, ProposalStatus
from fazhi.decisions.models import Catalogue, Decision, ExecutionReport, Expert, Meeting, Proposal
from fazhi.decisions.review import CHECKLIST
from fazhi.decisions.tests.conftest import at, opinions
from fazhi.decisions.views.decisions import gather_facts, next_step
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def url(name: str, *args) -> str:
    return reverse(f"decisions:{name}", args=args)


def audit_count() -> int:
    return AuditEvent.objects.count()


def refusal(response) -> str:
    return response.content.decode()


@contextmanager
def signed_in(client, user, day: date):
    """Travel to ``day`` and sign in there: sessions end after 30 idle minutes, so a session opened on another
    day is gone."""
    with at(day):
        client.force_login(user)
        yield


@pytest.fixture
def anlong_decision(dcp, org):
    with at(DAY):
        d = services.decision_create(actor=dcp.anlong_jc, title="安龙县城区停车收费方案", decision_organ=org.anlong_gov,
                                     sponsor=org.anlong_sfj, requires_public_participation=True,
                                     requires_expert_argumentation=False, requires_risk_assessment=False,
                                     concerns_market=False)
        services.decision_start(actor=dcp.anlong_jc, decision=d)
    d.refresh_from_db()
    return d


@pytest.fixture
def anlong_catalogue(dcp, org):
    with at(DAY):
        return services.catalogue_create(actor=dcp.anlong_jc, agency=org.anlong_gov, year=2026)


@pytest.fixture
def anlong_proposal(dcp, org):
    with at(DAY):
        return services.proposal_submit(actor=dcp.anlong_jc, agency=org.anlong_gov, source="deputy",
                                        proposer="县人大代表王某", title="建设城南农贸市场", content="建议……")


@pytest.fixture
def started(dwalker):
    return dwalker.create(experts=True, risk=True)


@pytest.fixture
def at_meeting(dwalker, dcp):
    d = dwalker.review(dwalker.consult(dwalker.create()))
    with at(date(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)
    d.refresh_from_db()
    return d


@pytest.fixture
def published(at_meeting, dcp):
    with at(date(2026, 4, 20)):
        services.meeting_record(actor=dcp.zfgb_jc, decision=at_meeting, meeting_type="standing",
                                held_on=date(2026, 4, 20), attendees="……", outcome="adopted", head_name="州长",
                                opinions=opinions("agree", "disagree"), party_report_on=date(2026, 4, 20),
                                party_report_ref="呈报")
    with at(date(2026, 4, 24)):
        services.decision_publish(actor=dcp.zfgb_jc, decision=at_meeting, publication_text="决定如下……",
                         publication_explanation="公众意见采纳情况……", execution_units=[dcp.zf_office])
    at_meeting.refresh_from_db()
    return at_meeting


# ------------------------------------------------------------------ access

LIST_PAGES = ["list", "mine", "create", "catalogues", "proposals", "proposal_create", "expert_pool",
              "execution", "stats", "my_assignments"]
DECISION_GET = ["detail", "edit", "versions_diff", "accountability", "meeting", "experts"]
DECISION_POST = ["transition", "comment_enter", "comments_bulk", "expert_select", "meeting", "edit"]


class TestAccess:
    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, anlong_decision, anlong_catalogue,
                                                             anlong_proposal):
        pages = [url(n) for n in LIST_PAGES] + [url(n, anlong_decision.code) for n in DECISION_GET]
        pages += [url("catalogue", anlong_catalogue.code), url("proposal", anlong_proposal.code)]
        for page in pages:
            response = client.get(page)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], page
        before = audit_count()
        for name in DECISION_POST:
            response = client.post(url(name, anlong_decision.code), {"action": "open_consultation"})
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        assert audit_count() == before

    @pytest.mark.parametrize("who", ["officer", "sysadmin"])
    def test_a_user_without_decision_rights_is_refused_everywhere(self, client, people, dcp, anlong_decision,
                                                                   anlong_catalogue, who):
        client.force_login(getattr(people, who))
        before = audit_count()
        for name in LIST_PAGES:
            assert client.get(url(name)).status_code == 403, name
        for name in ["detail", "edit", "versions_diff", "accountability", "meeting"]:
            assert client.get(url(name, anlong_decision.code)).status_code == 403, name
        assert client.get(url("catalogue", anlong_catalogue.code)).status_code == 403
        for name in DECISION_POST:
            assert client.post(url(name, anlong_decision.code), {"action": "start"}).status_code == 403, name
        assert client.post(url("catalogues"), {"agency": anlong_catalogue.agency_id, "year": 2027}).status_code == 403
        assert audit_count() == before

    def test_xingyi_staff_get_404_on_anlong_decisions_and_change_nothing(self, client, dcp, anlong_decision,
                                                                         anlong_catalogue, anlong_proposal):
        client.force_login(dcp.xingyi_jc)
        before = audit_count()
        with at(date(2026, 3, 3)):
            for name in DECISION_GET:
                assert client.get(url(name, anlong_decision.code)).status_code == 404, name
            assert client.get(url("catalogue", anlong_catalogue.code)).status_code == 404
            assert client.get(url("proposal", anlong_proposal.code)).status_code == 404
            response = client.post(url("transition", anlong_decision.code), {
                "action": "open_consultation", "open_consultation-start": "2026-03-03",
                "open_consultation-end": "2026-04-01"})
            assert response.status_code == 404
            for name in ["comment_enter", "comments_bulk", "expert_select", "meeting", "edit",
                         "execution_report"]:
                assert client.post(url(name, anlong_decision.code), {"draft": "x"}).status_code == 404, name
            assert client.post(url("catalogue_publish", anlong_catalogue.code), {}).status_code == 404
            assert client.post(url("proposal", anlong_proposal.code), {}).status_code == 404
        assert audit_count() == before
        assert Decision.objects.get().state == DecisionState.STARTED

    def test_the_lists_show_only_the_own_county(self, client, dcp, anlong_decision, org):
        with at(DAY):
            mine = services.decision_create(actor=dcp.xingyi_jc, title="兴义市老旧小区改造", decision_organ=org.xingyi_gov,
                                            sponsor=org.xingyi_sfj, requires_public_participation=True,
                                            requires_expert_argumentation=False, requires_risk_assessment=False,
                                            concerns_market=False)
        client.force_login(dcp.xingyi_jc)
        for name in ["list", "mine"]:
            content = client.get(url(name)).content.decode()
            assert mine.code in content and anlong_decision.code not in content, name
        client.force_login(dcp.zfgb_jc)  # the prefecture's staff see every county
        content = client.get(url("list")).content.decode()
        assert mine.code in content and anlong_decision.code in content

    def test_a_leader_reads_the_decision_but_has_no_actions_and_cannot_post(self, client, people, started):
        client.force_login(people.leader)
        response = client.get(url("detail", started.code))
        assert response.status_code == 200 and response.context["actions"] == []
        before = audit_count()
        response = client.post(url("transition", started.code), {"action": "close_consultation"})
        assert response.status_code == 403 and audit_count() == before

    def test_code_paths_are_not_taken_for_the_lower_case_pages(self):
        assert reverse("decisions:catalogues") == "/decisions/catalogues/"
        assert reverse("decisions:detail", args=["ABCDEFGHJK"]) == "/decisions/ABCDEFGHJK/"


# ------------------------------------------------------------------ catalogues (第三条第三款)


class TestCatalogue:
    def test_staff_create_a_catalogue_then_publish_it_after_consent_and_republish_with_a_reason(
            self, client, dcp, org):
        with signed_in(client, dcp.zfgb_jc, date(2026, 1, 20)):
            response = client.post(url("catalogues"), {"agency": org.zhou_gov.pk, "year": "2026"})
            catalogue = Catalogue.objects.get()
            assert response.status_code == 302 and response["Location"] == url("catalogue", catalogue.code)
            assert AuditEvent.objects.filter(action="decisions.catalogue_create").count() == 1
            services.decision_create(actor=dcp.zfgb_jc, title="州城区停车收费管理办法", decision_organ=org.zhou_gov,
                                     sponsor=org.zhou_sthj, catalogue=catalogue, requires_public_participation=True,
                                     requires_expert_argumentation=False, requires_risk_assessment=False,
                                     concerns_market=True)
            before = audit_count()
            refused = client.post(url("catalogue_publish", catalogue.code), {
                "publish-party_consent_on": "2026-01-25", "publish-party_consent_ref": "州委常委会议",
                "publish-published_on": "2026-01-20"})
            assert refused.status_code == 409 and "党委同意后方可公布" in refusal(refused)
            assert audit_count() == before and Catalogue.objects.get().status == CatalogueStatus.DRAFT
            done = client.post(url("catalogue_publish", catalogue.code), {
                "publish-party_consent_on": "2026-01-18", "publish-party_consent_ref": "州委常委会议"})
            assert done.status_code == 302
        with signed_in(client, dcp.zfgb_jc, date(2026, 2, 10)):
            services.decision_create(actor=dcp.zfgb_jc, title="州级养老服务设施布局规划", decision_organ=org.zhou_gov,
                                     sponsor=org.zhou_sthj, catalogue=catalogue, requires_public_participation=True,
                                     requires_expert_argumentation=True, requires_risk_assessment=False,
                                     concerns_market=False)
            page = client.get(url("catalogue", catalogue.code)).content.decode()
            assert "本次调整新增" in page and "重新公布" in page
            no_reason = client.post(url("catalogue_publish", catalogue.code), {
                "publish-party_consent_on": "2026-02-09", "publish-party_consent_ref": "州委常委会议"})
            assert no_reason.status_code == 400
            assert "请说明调整内容和理由" in no_reason.context["publish_form"].errors["reason"][0]
            assert Catalogue.objects.get().version == 1
            client.post(url("catalogue_publish", catalogue.code), {
                "publish-party_consent_on": "2026-02-09", "publish-party_consent_ref": "州委常委会议",
                "publish-reason": "增加养老服务设施布局规划"})
            page = client.get(url("catalogue", catalogue.code)).content.decode()
        catalogue.refresh_from_db()
        assert catalogue.version == 2
        assert 'data-revision="2"' in page and "增加养老服务设施布局规划" in page

    def test_bad_catalogue_input_is_refused_in_chinese_and_nothing_is_created(self, client, dcp, org):
        from fazhi.core import services as core_services
        from fazhi.core.choices import AgencyKind

        office = core_services.agency_create(actor=None, name="州生态环境局办公室", kind=AgencyKind.INTERNAL,
                                             region=org.prefecture)
        client.force_login(dcp.zfgb_jc)
        before = audit_count()
        response = client.post(url("catalogues"), {"agency": office.pk, "year": "2018"})
        assert response.status_code == 400
        errors = response.context["form"].errors
        # an internal office is not offered: governments and departments (第四十二条) only
        assert "year" in errors and "agency" in errors
        assert not Catalogue.objects.exists() and audit_count() == before

    def test_the_catalogue_list_filters_and_exports(self, client, dcp, org, anlong_catalogue):
        with at(DAY):
            services.catalogue_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, year=2025)
        client.force_login(dcp.zfgb_jc)
        page = client.get(url("catalogues"), {"year": "2025"}).content.decode()
        assert "黔西南州人民政府" in page and anlong_catalogue.code not in page
        response = client.get(url("catalogues"), {"format": "xlsx"})
        assert response["Content-Type"] == XLSX_TYPE
        rows = list(load_workbook(BytesIO(response.content)).active.values)
        assert rows[0][0] == "决策机关" and len(rows) == 3


# ------------------------------------------------------------------ registering and proposals


class TestRegisterAndPropose:
    def test_a_decision_item_is_registered_and_audited(self, client, dcp, org):
        client.force_login(dcp.zfgb_jc)
        with at(DAY):
            response = client.post(url("create"), {
                "title": "州城区公共交通票价调整方案", "decision_organ": org.zhou_gov.pk, "sponsor": org.zhou_sthj.pk,
                "standard": "public_policy", "requires_public_participation": "on"})
        decision = Decision.objects.get()
        assert response.status_code == 302 and response["Location"] == url("detail", decision.code)
        assert AuditEvent.objects.filter(action="decisions.create", object_id=str(decision.pk)).exists()

    def test_a_bad_registration_is_refused_next_to_the_fields(self, client, dcp, org):
        client.force_login(dcp.zfgb_jc)
        before = audit_count()
        response = client.post(url("create"), {"title": "", "decision_organ": org.zhou_gov.pk,
                                               "sponsor": org.xingyi_sfj.pk, "standard": "public_policy"})
        assert response.status_code == 400 and "title" in response.context["form"].errors
        response = client.post(url("create"), {"title": "州级事项", "decision_organ": org.xingyi_gov.pk,
                                               "sponsor": org.zhou_sthj.pk, "standard": "public_policy"})
        assert response.status_code == 400
        assert "承办单位应为决策机关所属部门或下级单位" in response.context["form"].errors["sponsor"][0]
        assert not Decision.objects.exists() and audit_count() == before

    def test_a_proposal_is_researched_and_started_with_its_sponsor(self, client, dcp, org):
        with signed_in(client, dcp.zfgb_jc, DAY):
            response = client.post(url("proposal_create"), {
                "agency": org.zhou_gov.pk, "source": "department", "proposer": "州生态环境局", "title": "州城区扬尘治理",
                "content": "建议……"})
            assert response.status_code == 400  # 第十条第二项: a department argues the problem, reasons, plan
            assert set(response.context["form"].errors) == {"problem", "reasons", "preliminary_plan"}
            client.post(url("proposal_create"), {
                "agency": org.zhou_gov.pk, "source": "deputy", "proposer": "州人大代表", "title": "州城区扬尘治理",
                "content": "建议……"})
            proposal = Proposal.objects.get()
            declined = client.post(url("proposal", proposal.code), {"decide-research": "经研究……", "decide-start": "0"})
            assert declined.status_code == 400 and "note" in declined.context["form"].errors
            assert Proposal.objects.get().status == ProposalStatus.RECEIVED
            response = client.post(url("proposal", proposal.code), {
                "decide-research": "经州生态环境局研究论证，确有必要。", "decide-start": "1",
                "decide-sponsor": org.zhou_sthj.pk, "decide-requires_public_participation": "on"})
            again = client.post(url("proposal", proposal.code), {"decide-research": "x", "decide-start": "1"})
        decision = Decision.objects.get()
        assert response.status_code == 302 and decision.proposal == proposal and decision.agency == org.zhou_sthj
        assert Proposal.objects.get().status == ProposalStatus.ACCEPTED
        assert again.status_code == 409 and "已作出是否启动的决定" in refusal(again)


# ------------------------------------------------------------------ the decision page and its action panel


def post_action(client, decision, action: str, **fields):
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(url("transition", decision.code), data)


class TestDecisionPage:
    def test_start_needs_the_reason_of_an_exploratory_reform_and_then_shows_the_flag_everywhere(
            self, client, dcp, org):
        with at(DAY):
            d = services.decision_create(actor=dcp.zfgb_jc, title="农村集体经营性建设用地入市试点", decision_organ=org.zhou_gov,
                                         sponsor=org.zhou_sthj, requires_public_participation=False, participation_exemption="依法不予公开",
                                         requires_expert_argumentation=False, requires_risk_assessment=False,
                                         concerns_market=False)
        before = audit_count()
        with signed_in(client, dcp.zfgb_jc, DAY):
            bad = post_action(client, d, "start", exploratory_reform="on")
            assert bad.status_code == 400
            assert "须说明国家尚无明确规定" in refusal(bad) and 'id="action-start" class="" open' in refusal(bad)
            assert audit_count() == before and Decision.objects.get().state == DecisionState.CATALOGUED
            good = post_action(client, d, "start", exploratory_reform="on", exploratory_reason="国家尚无明确规定")
            assert good.status_code == 302 and audit_count() > before
            for page in [url("detail", d.code), url("list"), url("mine"), url("accountability", d.code)]:
                assert "data-exploratory" in client.get(page).content.decode(), page

    def test_a_refused_step_lists_its_reasons_in_chinese_and_changes_nothing(self, client, dcp, started):
        client.force_login(dcp.zfgb_jc)
        before = audit_count()
        with at(date(2026, 3, 3)):
            response = post_action(client, started, "open_consultation", start="2026-03-03", end="2026-03-31")
            assert response.status_code == 409
            assert "29 日" in refusal(response) and 'id="refused-open_consultation"' in refusal(response)
            bad_date = post_action(client, started, "open_consultation", start="2026-03-03", end="明天")
            assert bad_date.status_code == 400
            panel = next(p for p in bad_date.context["actions"] if p["action"] == "open_consultation")
            assert "end" in panel["form"].errors
        assert audit_count() == before and procedure.open_call_of(started) is None

    def test_the_gate_lists_every_missing_item_and_submitting_is_refused_with_them(self, client, dcp, started):
        client.force_login(dcp.zfgb_jc)
        with at(date(2026, 3, 3)):
            page = client.get(url("detail", started.code))
            gate = page.context["gate"]
            for fragment in ["未公开征求意见", "缺少专家论证意见", "缺少风险评估报告", "缺少合法性审查意见"]:
                assert any(fragment in item for item in gate), fragment
            assert 'id="gate-items"' in page.content.decode()
            before = audit_count()
            response = post_action(client, started, "submit_to_meeting")
        assert response.status_code == 409
        content = refusal(response)
        assert all(item in content for item in gate)
        assert audit_count() == before and Decision.objects.get().state == DecisionState.STARTED

    def test_the_whole_path_to_the_meeting_through_the_action_panel(self, client, dcp, dwalker):
        d = dwalker.create()
        with signed_in(client, dcp.zfgb_jc, date(2026, 3, 3)):
            assert post_action(client, d, "open_consultation", start="2026-03-03", end="2026-04-01").status_code == 302
            early = post_action(client, d, "close_consultation")
            assert early.status_code == 409 and "届满前不能结束" in refusal(early)
        with signed_in(client, dcp.zfgb_jc, date(2026, 4, 2)):
            assert post_action(client, d, "close_consultation").status_code == 302
            client.post(url("edit", d.code), {"public_opinion_summary": "共收到意见 0 条。", "back": "participation"})
            assert post_action(client, d, "submit_legality_review", proposed_meeting_date="2026-04-20").status_code == 302
        d.refresh_from_db()
        assert d.state == DecisionState.IN_REVIEW and d.public_opinion_summary == "共收到意见 0 条。"
        events = set(AuditEvent.objects.filter(object_id=str(d.pk), object_type="decisions.decision")
                     .values_list("action", flat=True))
        assert {"decisions.open_consultation", "decisions.close_consultation", "decisions.submit_legality_review",
                "decisions.update"} <= events

    def test_a_hearing_is_recorded_with_its_signed_record_file_only_when_materials_came_7_days_before(
            self, client, dcp, dwalker):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from fazhi.documents.tests.conftest import MINIMAL_PDF

        d = dwalker.create()
        fields = {"held_on": "2026-03-20", "place": "州政务中心", "notice_published_on": "2026-03-05",
                  "participants": "市民代表 10 人", "participants_published_on": "2026-03-10", "record_signed": "on"}
        before = audit_count()
        with signed_in(client, dcp.zfgb_jc, date(2026, 3, 20)):
            late = post_action(client, d, "record_hearing", materials_delivered_on="2026-03-14", **fields)
            assert late.status_code == 409 and "7日前" in refusal(late) and "2026-03-13" in refusal(late)
            assert audit_count() == before and not d.hearings.exists()
            data = {"action": "record_hearing", **{f"record_hearing-{k}": v for k, v in fields.items()},
                    "record_hearing-materials_delivered_on": "2026-03-13",
                    "record_hearing-record": SimpleUploadedFile("听证会记录.pdf", MINIMAL_PDF, "application/pdf")}
            done = client.post(url("transition", d.code), data)
            assert done.status_code == 302
            archive = client.get(url("detail", d.code), {"tab": "archive"}).content.decode()
        hearing = d.hearings.get()
        assert hearing.record is not None and hearing.record.original_name == "听证会记录.pdf"
        assert "听证会记录.pdf" in archive and "听证会记录（2026-03-20" in archive

    def test_a_risk_assessment_needs_the_controllability_judged_and_an_uncontrollable_one_blocks_the_gate(
            self, client, dcp, started):
        fields = {"assessor": "州社会稳定风险评估中心", "assessed_on": "2026-03-04", "risk_points": "群众反对",
                  "level": "high", "measures": "分步实施", "contingency_plan": "应急预案"}
        with signed_in(client, dcp.zfgb_jc, date(2026, 3, 4)):
            unjudged = post_action(client, started, "add_risk_assessment", **fields)
            assert unjudged.status_code == 400 and not started.risk_assessments.exists()
            panel = next(p for p in unjudged.context["actions"] if p["action"] == "add_risk_assessment")
            assert "controllable" in panel["form"].errors
            assert post_action(client, started, "add_risk_assessment", controllable="0", **fields).status_code == 302
            gate = client.get(url("detail", started.code)).context["gate"]
        assert any("风险不可控" in item for item in gate)

    def test_the_draft_is_edited_into_a_new_version_and_compared(self, client, dcp, started):
        with signed_in(client, dcp.zfgb_jc, DAY):
            response = client.post(url("edit", started.code), {"draft": started.draft + "\n三、补贴办法……",
                                                               "note": "增加补贴办法"})
            assert response.status_code == 302
            started.refresh_from_db()
            assert started.version_count == 2
            diff = client.get(url("versions_diff", started.code))
            assert diff.status_code == 200 and "补贴办法" in diff.content.decode()
            unchanged = client.post(url("edit", started.code), {"draft": started.draft})
        assert unchanged.status_code == 302 and Decision.objects.get().version_count == 2

    def test_a_decision_at_the_meeting_cannot_be_edited(self, client, dcp, at_meeting):
        with signed_in(client, dcp.zfgb_jc, date(2026, 4, 16)):
            response = client.post(url("edit", at_meeting.code), {"draft": "改"}, follow=True)
        assert "草案不能再修改" in response.content.decode()
        assert Decision.objects.get().draft != "改"

    def test_the_page_costs_the_same_queries_with_1_or_10_comments_and_experts(self, client, dcp, dwalker):
        d = dwalker.create(experts=True)
        with at(date(2026, 3, 3)):
            services.consultation_open(actor=dcp.zfgb_jc, decision=d, start=date(2026, 3, 3), end=date(2026, 4, 1))
        client.force_login(dcp.zfgb_jc)

        def add(n):
            with at(date(2026, 3, 4)):
                for i in range(n):
                    services.comment_enter(actor=dcp.zfgb_jc, decision=d, source="paper", content=f"意见{i}",
                                           is_opposing=i % 2 == 0)
                    expert = services.expert_create(actor=dcp.zfgb_jc, agency=dcp.expert.agency, name=f"专家{i}",
                                                    field="交通", title="教授", organisation=f"大学{i}")
                    services.expert_select(actor=dcp.zfgb_jc, decision=d, expert=expert, interest_declaration="无",
                                           has_direct_interest=False)

        def count():
            with at(date(2026, 3, 5)), CaptureQueriesContext(connection) as ctx:
                assert client.get(url("detail", d.code)).status_code == 200
            return len(ctx.captured_queries)

        add(1)
        few = count()
        add(9)
        assert count() == few
        assert few <= 46, few  # the page, its tabs and the kernel comment desk: a fixed number


# ------------------------------------------------------------------ the comment desk (第十四条至第十八条)


class TestComments:
    @pytest.fixture
    def consulting(self, dwalker, dcp):
        d = dwalker.create()
        with at(date(2026, 3, 3)):
            services.consultation_open(actor=dcp.zfgb_jc, decision=d, start=date(2026, 3, 3), end=date(2026, 4, 1))
        return d

    def test_opinions_are_entered_by_source_and_opposing_ones_cannot_be_hidden(self, client, dcp, consulting):
        client.force_login(dcp.zfgb_jc)
        with at(date(2026, 3, 4)):
            response = client.post(url("comment_enter", consulting.code), {
                "enter-source": "association", "enter-organisation": "州道路运输协会", "enter-content": "反对提价",
                "enter-is_opposing": "on"})
            assert response.status_code == 302
            comment = Comment.objects.get()
            before = audit_count()
            refused = client.post(url("comments_bulk", consulting.code), {"bulk-op": "hide",
                                                                          "bulk-comments": [comment.pk]})
            assert refused.status_code == 409 and "反对意见应当保留并公开" in refusal(refused)
            assert audit_count() == before and Comment.objects.get().screening == ScreeningStatus.PENDING
            page = client.get(url("detail", consulting.code), {"tab": "participation", "source": "association"})
            assert "行业协会商会 1 条（反对 1）" in page.content.decode() and "data-opposing" in page.content.decode()

    def test_bulk_answers_need_an_outcome_and_reason_then_answer_all_selected(self, client, dcp, consulting):
        with at(date(2026, 3, 4)):
            for text in ["意见一", "意见二"]:
                services.comment_enter(actor=dcp.zfgb_jc, decision=consulting, source="paper", content=text)
        ids = list(Comment.objects.values_list("pk", flat=True))
        client.force_login(dcp.zfgb_jc)
        before = audit_count()
        bad = client.post(url("comments_bulk", consulting.code), {"bulk-op": "answer", "bulk-comments": ids})
        assert bad.status_code == 400 and set(bad.context["bulk_form"].errors) == {"outcome", "answer"}
        foreign = client.post(url("comments_bulk", consulting.code), {"bulk-op": "show", "bulk-comments": [999999]})
        assert foreign.status_code == 400 and audit_count() == before
        good = client.post(url("comments_bulk", consulting.code), {"bulk-op": "answer", "bulk-comments": ids,
                                                                   "bulk-outcome": "adopted", "bulk-answer": "已采纳"})
        assert good.status_code == 302
        assert set(Comment.objects.values_list("outcome", flat=True)) == {"adopted"}
        assert audit_count() > before

    def test_a_bad_opinion_entry_shows_the_errors_next_to_the_fields(self, client, dcp, consulting):
        client.force_login(dcp.zfgb_jc)
        response = client.post(url("comment_enter", consulting.code), {"enter-source": "portal", "enter-content": ""})
        assert response.status_code == 400
        assert {"source", "content"} <= set(response.context["enter_form"].errors)
        assert not Comment.objects.exists()


# ------------------------------------------------------------------ experts (第十九条至第二十一条)


class TestExperts:
    def test_an_interested_expert_is_refused_and_a_neutral_one_is_chosen(self, client, dcp, started):
        client.force_login(dcp.zfgb_jc)
        before = audit_count()
        with at(date(2026, 3, 4)):
            refused = client.post(url("expert_select", started.code), {
                "select-expert": dcp.interested_expert.code, "select-interest_declaration": "本人任职单位承接公交运营",
                "select-has_direct_interest": "on"})
            assert refused.status_code == 409 and "直接利害关系" in refusal(refused)
            assert audit_count() == before and not started.expert_assignments.exists()
            done = client.post(url("expert_select", started.code), {
                "select-expert": dcp.expert.code, "select-interest_declaration": "本人与本事项无利害关系。"})
        assert done.status_code == 302 and started.expert_assignments.get().expert == dcp.expert

    def test_the_expert_signs_his_opinion_on_his_own_page_and_the_sponsor_records_its_adoption(
            self, client, dcp, started):
        with at(date(2026, 3, 4)):
            a = services.expert_select(actor=dcp.zfgb_jc, decision=started, expert=dcp.expert,
                                       interest_declaration="无", has_direct_interest=False)
        client.force_login(dcp.expert_user)
        assert client.get(url("list")).status_code == 403  # an expert reads his assignments only
        assignments = client.get(url("my_assignments")).content.decode()
        assert started.title in assignments
        with at(date(2026, 3, 5)):
            page = client.get(url("experts", started.code))
            assert page.status_code == 200 and "调整原则" in page.content.decode()
            unsigned = client.post(url("experts", started.code), {"opinion-opinion": "方案可行"})
            assert unsigned.status_code == 409 and "署名" in refusal(unsigned)
            signed = client.post(url("experts", started.code), {"opinion-opinion": "方案可行", "opinion-signed": "on"})
        assert signed.status_code == 302
        a.refresh_from_db()
        assert a.signed and a.opinion == "方案可行"
        client.force_login(dcp.zfgb_jc)
        bad = client.post(url("expert_adoption", started.code, a.pk), {f"adoption-{a.pk}-adoption": "adopted"})
        assert bad.status_code == 400
        good = client.post(url("expert_adoption", started.code, a.pk), {
            f"adoption-{a.pk}-adoption": "partly", f"adoption-{a.pk}-reason": "部分采纳：分步实施。"})
        assert good.status_code == 302
        a.refresh_from_db()
        assert a.adoption == "partly"

    def test_an_expert_gets_404_on_a_decision_he_was_not_chosen_for(self, client, dcp, started):
        client.force_login(dcp.expert_user)
        assert client.get(url("experts", started.code)).status_code == 404

    def test_a_county_may_choose_from_the_prefecture_pool(self, client, dcp, org):
        with at(DAY):
            d = services.decision_create(actor=dcp.xingyi_jc, title="兴义市老旧小区改造", decision_organ=org.xingyi_gov,
                                         sponsor=org.xingyi_sfj, requires_public_participation=False, participation_exemption="依法不予公开",
                                         requires_expert_argumentation=True, requires_risk_assessment=False,
                                         concerns_market=False)
            services.decision_start(actor=dcp.xingyi_jc, decision=d)
        client.force_login(dcp.xingyi_jc)
        offered = set(client.get(url("detail", d.code)).context["select_form"].fields["expert"].queryset)
        assert dcp.expert in offered

    def test_the_pool_adds_an_expert_and_refuses_bad_input(self, client, dcp, org):
        client.force_login(dcp.zfgb_jc)
        before = Expert.objects.count()
        bad = client.post(url("expert_pool"), {"expert-agency": org.zhou_gov.pk, "expert-name": ""})
        assert bad.status_code == 400 and Expert.objects.count() == before
        good = client.post(url("expert_pool"), {"expert-agency": org.zhou_gov.pk, "expert-name": "赵敏",
                                                "expert-field": "环境工程", "expert-title": "研究员",
                                                "expert-organisation": "州环境科学研究所"})
        assert good.status_code == 302 and Expert.objects.filter(name="赵敏").exists()
        page = client.get(url("expert_pool"), {"field": "环境"}).content.decode()
        assert "赵敏" in page and "王建国" not in page
        client.force_login(dcp.reviewer)  # decisions.view only: reads the pool, cannot add
        assert client.get(url("expert_pool")).status_code == 200
        assert client.post(url("expert_pool"), {"expert-name": "x"}).status_code == 403


# ------------------------------------------------------------------ the review desk (第二十五条至第二十八条)


class TestReview:
    @pytest.fixture
    def in_review(self, dwalker, dcp):
        d = dwalker.consult(dwalker.create())
        with at(date(2026, 4, 6)):
            services.decision_submit_review(actor=dcp.zfgb_jc, decision=d, proposed_meeting_date=date(2026, 4, 20))
        d.refresh_from_db()
        return d

    def test_the_kernel_desk_lists_the_review_and_its_page_takes_the_advisers_and_the_opinion(self, client, dcp,
                                                                                                in_review):
        """The decision's review is the kernel desk's: the desk row, the decision's materials and its 第二十八条
        step on the review page; the opinion is refused until the advisers have spoken, then moves the decision."""
        review = reviews.latest_review(in_review)
        page = reverse("procedure:review", args=[review.code])
        client.force_login(dcp.reviewer)
        with at(date(2026, 4, 8)):
            desk = client.get(reverse("procedure:review_desk")).content.decode()
            assert in_review.title in desk and "剩" in desk and f'href="{page}"' in desk
            body = client.get(page).content.decode()
            assert "决策草案说明" in body and "法律顾问、公职律师意见（第二十八条）" in body and 'id="action-add_adviser_opinion"' in body
            opinion = {"action": "give_opinion", "give_opinion-opinion": "lawful",
                       "give_opinion-opinion_text": "权限、程序、内容均符合规定。",
                       **{f"give_opinion-check_{key}": "pass" for key, _ in CHECKLIST}}
            no_adviser = client.post(reverse("procedure:review_transition", args=[review.code]), opinion)
            assert no_adviser.status_code == 409 and "法律顾问、公职律师" in refusal(no_adviser)
            target = reverse("procedure:review_target_transition", args=[review.code])
            bad = client.post(target, {"action": "add_adviser_opinion", "add_adviser_opinion-kind": "legal_adviser"})
            assert bad.status_code == 400 and not in_review.adviser_opinions.exists()
            added = client.post(target, {
                "action": "add_adviser_opinion", "add_adviser_opinion-kind": "public_lawyer",
                "add_adviser_opinion-adviser": "李律师", "add_adviser_opinion-opinion": "程序合法",
                "add_adviser_opinion-given_on": "2026-04-08"})
            assert added.status_code == 302 and added.url == page
            assert client.post(target, {"action": "publish"}).status_code == 302  # not a step of this page
            done = client.post(reverse("procedure:review_transition", args=[review.code]), opinion)
        assert done.status_code == 302
        assert Decision.objects.get().state == DecisionState.REVIEWED
        assert AuditEvent.objects.filter(action="decisions.review_opinion", object_id=str(in_review.pk)).count() == 1
        assert in_review.adviser_opinions.get().adviser == "李律师"

    def test_the_drafter_cannot_use_the_review_page_and_another_desk_gets_404(self, client, dcp, people, in_review):
        review = reviews.latest_review(in_review)
        client.force_login(dcp.zfgb_jc)
        assert client.get(reverse("procedure:review", args=[review.code])).status_code == 403
        assert client.post(reverse("procedure:review_target_transition", args=[review.code]), {
            "action": "add_adviser_opinion"}).status_code == 403
        client.force_login(people.xingyi_fzb)  # no review right at all
        assert client.get(reverse("procedure:review_desk")).status_code == 403

    def test_a_reviewer_of_another_agency_gets_404(self, client, org, in_review):
        from fazhi.core.choices import Role, Scope
        from fazhi.core.tests.factories import make_user

        review = reviews.latest_review(in_review)
        other = make_user("xingyi_sh", org.xingyi_sfj, (Role.REVIEWER, Scope.REGION))
        client.force_login(other)
        assert client.get(reverse("procedure:review", args=[review.code])).status_code == 404
        assert client.post(reverse("procedure:review_target_transition", args=[review.code]), {
            "action": "add_adviser_opinion"}).status_code == 404
        assert in_review.title not in client.get(reverse("procedure:review_desk")).content.decode()

    def test_the_decision_page_links_its_reviewer_to_the_review_page(self, client, dcp, in_review):
        client.force_login(dcp.reviewer)
        with at(date(2026, 4, 8)):
            body = client.get(url("detail", in_review.code)).content.decode()
        assert f'href="{reverse("procedure:review", args=[reviews.latest_review(in_review).code])}"' in body


# ------------------------------------------------------------------ the meeting (第三十条、第三十一条)


def meeting_data(members, *, outcome="adopted", head_stance="agree", head_reason=""):
    data = {"meeting_type": "standing", "meeting_name": "州政府常务会议", "held_on": "2026-04-20",
            "attendees": "州长、副州长", "outcome": outcome, "head_name": "州长", "head_position": "州长",
            "head_stance": head_stance, "head_statement": "同意。", "head_reason": head_reason,
            "party_report_on": "2026-04-20", "party_report_ref": "呈报",
            "members-TOTAL_FORMS": str(len(members)), "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000"}
    for i, (member, stance, statement) in enumerate(members):
        data.update({f"members-{i}-member": member, f"members-{i}-position": "副州长",
                     f"members-{i}-stance": stance, f"members-{i}-statement": statement})
    return data


class TestMeeting:
    def test_a_head_against_the_majority_must_give_the_reason_then_dissent_is_on_record(self, client, dcp,
                                                                                         at_meeting):
        members = [("委员甲", "disagree", "财政压力大"), ("委员乙", "disagree", "时机不成熟"), ("委员丙", "agree", "")]
        before = audit_count()
        with signed_in(client, dcp.zfgb_jc, date(2026, 4, 20)):
            assert client.get(url("meeting", at_meeting.code)).status_code == 200
            refused = client.post(url("meeting", at_meeting.code), meeting_data(members))
            assert refused.status_code == 409 and "说明理由" in refusal(refused)
            assert audit_count() == before and not Meeting.objects.exists()
            silent = client.post(url("meeting", at_meeting.code), meeting_data(
                [("委员甲", "disagree", "")], head_reason="理由"))
            assert silent.status_code == 409 and "须如实载明其意见" in refusal(silent)
            done = client.post(url("meeting", at_meeting.code), meeting_data(members, head_reason="测算表明调整必要"))
            page = client.get(url("accountability", at_meeting.code)).content.decode()
        assert done.status_code == 302
        meeting = Meeting.objects.get()
        assert meeting.head_against_majority and list(meeting.opinions.values_list("member", flat=True)) == [
            "委员甲", "委员乙", "委员丙", "州长"]
        assert meeting.opinions.last().is_head
        assert 'id="dissenters"' in page and "委员甲" in page and "测算表明调整必要" in page

    def test_a_bad_meeting_form_keeps_the_rows_and_shows_the_field_errors(self, client, dcp, at_meeting):
        client.force_login(dcp.zfgb_jc)
        data = meeting_data([("委员甲", "agree", "")])
        data.update(held_on="", attendees="")
        response = client.post(url("meeting", at_meeting.code), data)
        assert response.status_code == 400
        assert {"held_on", "attendees"} <= set(response.context["form"].errors)
        assert "委员甲" in response.content.decode() and not Meeting.objects.exists()

    def test_the_meeting_page_is_only_for_a_decision_at_the_meeting(self, client, dcp, started):
        client.force_login(dcp.zfgb_jc)
        response = client.get(url("meeting", started.code))
        assert response.status_code == 302 and response["Location"].endswith("?tab=meeting")


# ------------------------------------------------------------------ publication, execution, accountability


class TestAfterTheDecision:
    def test_publication_is_refused_without_units_then_done(self, client, dcp, at_meeting):
        with at(date(2026, 4, 20)):
            services.meeting_record(actor=dcp.zfgb_jc, decision=at_meeting, meeting_type="standing",
                                    held_on=date(2026, 4, 20), attendees="……", outcome="adopted", head_name="州长",
                                    opinions=opinions("agree"), party_report_on=date(2026, 4, 20))
        client.force_login(dcp.zfgb_jc)
        with at(date(2026, 4, 24)):
            bad = post_action(client, at_meeting, "publish", publication_text="决定如下")
            assert bad.status_code == 400 and Decision.objects.get().state == DecisionState.DECIDED
            done = client.post(url("transition", at_meeting.code), {
                "action": "publish", "publish-publication_text": "决定如下", "publish-report_every_months": "3",
                "publish-publication_explanation": "采纳情况……", "publish-execution_units": [dcp.zf_office.pk]})
        assert done.status_code == 302 and Decision.objects.get().state == DecisionState.PUBLISHED

    def test_execution_reports_are_listed_with_overdue_flags(self, client, dcp, published):
        with signed_in(client, dcp.zfgb_jc, date(2026, 8, 3)):  # due 2026-07-24: overdue
            page = client.get(url("execution"))
            assert page.status_code == 200 and "data-overdue" in page.content.decode()
            assert page.context["rows"][0]["can_report"]
            assert len(client.get(url("execution"), {"status": "overdue"}).context["rows"]) == 1
            assert client.get(url("execution"), {"status": "done"}).context["rows"] == []
            detail = client.get(url("detail", published.code), {"tab": "execution"}).content.decode()
            assert "data-overdue" in detail
            bad = client.post(url("execution_report", published.code), {"report_execution-progress": ""})
        assert bad.status_code == 400 and "progress" in bad.context["form"].errors
        assert not ExecutionReport.objects.filter(submitted_on__isnull=False).exists()

    def test_the_unit_reports_late_and_its_next_period_is_scheduled(self, client, dcp, published):
        with signed_in(client, dcp.zfgb_jc, date(2026, 8, 3)):
            done = client.post(url("execution_report", published.code), {"report_execution-progress": "已实施……"})
        assert done.status_code == 302
        first = ExecutionReport.objects.filter(submitted_on__isnull=False).get()
        assert first.submitted_on == date(2026, 8, 3)
        assert ExecutionReport.objects.filter(submitted_on__isnull=True).count() == 1  # the next period is scheduled
        with signed_in(client, dcp.zfgb_jc, date(2026, 8, 4)):
            assert 'data-late' in client.get(url("detail", published.code), {"tab": "execution"}).content.decode()

    def test_an_emergency_suspension_is_recorded_and_shown(self, client, dcp, published):
        with signed_in(client, dcp.zfgb_jc, date(2026, 9, 1)):
            bad = post_action(client, published, "adjust", kind="stop", basis="州长决定", reason="x")
            assert bad.status_code == 409 and "集体讨论" in refusal(bad)
            done = post_action(client, published, "suspend", basis="州长决定", reason="群众反映强烈", emergency="on")
            page = client.get(url("detail", published.code), {"tab": "execution"}).content.decode()
        assert done.status_code == 302
        published.refresh_from_db()
        assert published.state == DecisionState.SUSPENDED
        assert "data-emergency" in page

    def test_post_evaluation_refuses_the_main_assessor_and_then_runs(self, client, dcp, published):
        published.risk_assessments.create(assessor="州社会稳定风险评估中心", assessed_on=date(2026, 4, 8), risk_points="…",
                                          level="low", controllable=True, measures="…", contingency_plan="…",
                                          recorded_by=dcp.zfgb_jc)
        client.force_login(dcp.zfgb_jc)
        with at(date(2026, 9, 1)):
            bad = post_action(client, published, "start_post_evaluation", trigger="many_objections",
                              evaluator="州社会稳定风险评估中心")
            assert bad.status_code == 409 and "主要论证评估" in refusal(bad)
            assert post_action(client, published, "start_post_evaluation", trigger="many_objections",
                               evaluator="贵州大学").status_code == 302
            actions = [p["action"] for p in client.get(url("detail", published.code)).context["actions"]]
            assert "finish_post_evaluation" in actions and "start_post_evaluation" not in actions

    def test_accountability_answers_who_did_what_and_when(self, client, dcp, published):
        client.force_login(dcp.reviewer)  # decisions.view in scope
        page = client.get(url("accountability", published.code))
        content = page.content.decode()
        assert page.status_code == 200
        for text in ["谁提出", "谁审查", "zsfj_sh", "谁怎样表态、谁决定", "委员2", "谁公布"]:
            assert text in content, text
        assert [x["member"] for x in page.context["account"]["dissenters"]] == ["委员2"]


# ------------------------------------------------------------------ lists, my decisions, statistics


class TestListsAndStats:
    def test_my_decisions_names_the_next_step_the_same_as_the_selector(self, client, dcp, dwalker, at_meeting):
        dwalker.create(experts=True)
        reviewed = dwalker.review(dwalker.consult(dwalker.create(risk=True)))
        client.force_login(dcp.zfgb_jc)
        with at(date(2026, 4, 16)):
            rows = client.get(url("mine")).context["rows"]
            facts = gather_facts([r["decision"] for r in rows])
            for row in rows:
                d = row["decision"]
                action, blockers = selectors.next_step(d)
                step = next_step(d, facts[d.pk])
                assert (step.action, step.blockers) == (action, blockers) or step.action == "confirm_changes"
            mine = {r["decision"].pk: r["step"] for r in rows}
        assert any("缺少风险评估报告" in b for b in mine[reviewed.pk].blockers)

    @pytest.mark.parametrize("name", ["list", "mine"])
    def test_the_lists_cost_the_same_queries_for_2_or_10_decisions(self, client, dcp, org, name):
        def make(n):
            with at(DAY):
                for i in range(n):
                    d = services.decision_create(actor=dcp.zfgb_jc, title=f"州级事项{i}", decision_organ=org.zhou_gov,
                                                 sponsor=org.zhou_sthj, requires_public_participation=True,
                                                 requires_expert_argumentation=i % 2 == 0,
                                                 requires_risk_assessment=False, concerns_market=False)
                    if i % 3:
                        services.decision_start(actor=dcp.zfgb_jc, decision=d)

        client.force_login(dcp.zfgb_jc)

        def count():
            with at(DAY), CaptureQueriesContext(connection) as ctx:
                assert client.get(url(name)).status_code == 200
            return len(ctx.captured_queries)

        make(2)
        count()  # filter choices are cached per scope: compare warm pages
        few = count()
        make(8)
        count()
        assert count() == few
        assert few <= 15, few

    def test_a_large_list_export_is_written_in_the_background_with_the_pages_rows(
            self, client, dcp, started, settings, tmp_path, django_capture_on_commit_callbacks):
        settings.FAZHI_EXPORT_BACKGROUND_ROWS = 0
        settings.VAR_DIR = tmp_path
        client.force_login(dcp.zfgb_jc)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url("list"), {"format": "xlsx", "state": "started"})
        job = ExportJob.objects.get()
        assert response.status_code == 302 and response.url == reverse("core:export_job", args=[job.code])
        job.refresh_from_db()
        assert (job.key, job.status, job.processed) == ("decisions.list", ExportJob.Status.DONE, 1)
        download = client.get(reverse("core:export_download", args=[job.code]))
        rows = list(load_workbook(BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
        assert rows[0][:3] == ("编码", "决策事项", "决策机关")
        assert rows[1][:3] == (started.code, started.title, started.decision_organ.name)
        assert rows[1][5] == started.get_state_display()

    @pytest.mark.parametrize("name", ["list", "mine", "proposals", "expert_pool", "execution"])
    def test_every_list_exports_to_excel(self, client, dcp, started, name):
        client.force_login(dcp.zfgb_jc)
        response = client.get(url(name), {"format": "xlsx"})
        assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
        assert load_workbook(BytesIO(response.content)).active.max_row >= 1

    def test_the_list_counts_up_to_the_limit_and_costs_a_fixed_number_of_queries(
            self, client, dcp, org, started, settings, django_assert_num_queries):
        client.force_login(dcp.zfgb_jc)
        total = Decision.objects.count()
        assert total >= 1 and f"共 {total} 项" in client.get(url("list")).content.decode()
        settings.FAZHI_LIST_COUNT_LIMIT = 0
        assert "超过 0 项" in client.get(url("list")).content.decode()
        with django_assert_num_queries(9):  # as the document list: the shell and the filter bar from the cache
            assert client.get(url("list"), {"sort": "title"}).status_code == 200

    def test_the_list_filters_by_state_and_words_and_pages_forward(self, client, dcp, org, started):
        with at(DAY):
            for i in range(3):
                services.decision_create(actor=dcp.zfgb_jc, title=f"州级养老规划{i}", decision_organ=org.zhou_gov,
                                         sponsor=org.zhou_sthj, requires_public_participation=True,
                                         requires_expert_argumentation=False, requires_risk_assessment=False,
                                         concerns_market=False)
        client.force_login(dcp.zfgb_jc)
        page = client.get(url("list"), {"state": "started"})
        assert [d["code"] for d in page.context["page"].items] == [started.code]
        words = client.get(url("list"), {"q": "养老"}).context["page"].items
        assert len(words) == 3
        first = client.get(url("list"), {"page_size": 2}).context["page"]
        second = client.get(url("list"), {"page_size": 2, "after": first.next_cursor}).context["page"]
        assert not {d["id"] for d in first.items} & {d["id"] for d in second.items} and len(second.items) == 2
        invalid = client.get(url("list"), {"state": "nonsense"}).context["page"].items
        assert invalid == []
        partial = client.get(url("list"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="dec-results").content.decode()
        assert "<html" not in partial and 'id="decision-table"' in partial

    def test_statistics_show_the_indicators_and_export(self, client, dcp, published):
        client.force_login(dcp.zfgb_jc)
        with at(date(2026, 5, 1)):
            page = client.get(url("stats"), {"year": "2026"})
            assert page.status_code == 200
            rates = {r["key"]: r for r in page.context["rates"]}
            assert rates["review_before_discussion"]["rate"] == 1.0
            assert rates["meeting_records"]["rate"] == 1.0
            assert page.context["windows"]["buckets"][2]["count"] == 1  # 30 days
            assert page.context["turnaround"]["count"] == 1
            assert page.context["items"]["total"] == 1
            export = client.get(url("stats"), {"year": "2026", "format": "xlsx"})
        assert export["Content-Type"] == XLSX_TYPE
        assert "程序合规指标" in load_workbook(BytesIO(export.content)).sheetnames

    def test_statistics_of_a_county_stay_in_the_county(self, client, dcp, anlong_decision):
        client.force_login(dcp.xingyi_jc)
        page = client.get(url("stats"), {"year": "2026"})
        assert [code for code, _ in page.context["form"].fields["region"].choices] == ["522301"]
        assert page.context["items"]["total"] == 0
        assert client.get(url("stats"), {"year": "2026", "region": "522328"}).status_code == 400


class TestPendingWork:
    def test_the_home_page_counts_what_waits_for_each_role(self, dcp, at_meeting, started):
        from fazhi.decisions.views.decisions import pending_work

        with at(date(2026, 3, 4)):
            services.expert_select(actor=dcp.zfgb_jc, decision=started, expert=dcp.expert,
                                   interest_declaration="无", has_direct_interest=False)
        staff = {i.label: i.count for i in pending_work(dcp.zfgb_jc)}
        assert staff["重大决策：待记录集体讨论"] == 1 and staff["重大决策：已决定待公布"] == 0
        assert {i.label: i.count for i in pending_work(dcp.expert_user)} == {"待提交的决策论证意见": 1}
        assert all(i.count == 0 for i in pending_work(dcp.reviewer) if "审查" in i.label)
