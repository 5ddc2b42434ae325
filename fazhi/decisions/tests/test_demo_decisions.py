"""The major-decision demo: loaded after the core demo through the services on true dates, every step of the
procedure present, idempotent, and the audit chain intact."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from fazhi.core import audit, calendar_admin
from fazhi.core.choices import Role, Scope
from fazhi.core.errors import ServiceError
from fazhi.core.models import AuditEvent, Deadline, RoleAssignment, User
from fazhi.core.tests.api_support import client_for
from fazhi.decisions import selectors, services
from fazhi.decisions.choices import CatalogueStatus, DecisionState, ProposalSource
from fazhi.decisions.demo import load_decisions_demo
from fazhi.decisions.models import (
    Adjustment,
    Catalogue,
    CatalogueRevision,
    Decision,
    ExecutionReport,
    Expert,
    Meeting,
    PostEvaluation,
    Proposal,
)
from fazhi.decisions.selectors import execution_status
from fazhi.procedure.choices import ScreeningStatus


def table_counts() -> dict:
    models = (User, Catalogue, CatalogueRevision, Decision, Expert, Meeting, Proposal, ExecutionReport, Deadline,
              AuditEvent)
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The core demo and the decisions demo loaded once for a class, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        calendar_admin.seed_from_package([2025, 2026])
        call_command("load_demo", stdout=StringIO())
        out = StringIO()
        call_command("load_decisions_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def by_title(fragment: str) -> Decision:
    return Decision.objects.get(title__contains=fragment)


@pytest.mark.usefixtures("demo", "db")
class TestTheLoadedDemo:
    def test_the_command_says_what_it_loaded(self, demo):
        assert demo.startswith("已加载重大行政决策演示数据") and "决策事项 27 项" in demo

    def test_the_decision_accounts_log_in_with_the_demo_password_and_their_roles(self):
        expected = {"zfgb_jc": ("黔西南州人民政府办公室", Role.DECISION_STAFF, Scope.REGION),
                    "xingyi_jc": ("兴义市人民政府办公室", Role.DECISION_STAFF, Scope.REGION),
                    "zfzj_zj1": ("黔西南州人民政府办公室", Role.EXPERT, Scope.OWN)}
        for username, (agency, role, scope) in expected.items():
            user = User.objects.get(username=username)
            assert user.agency.name == agency and not user.must_change_password
            assert RoleAssignment.objects.filter(user=user, role=role, scope=scope).exists()
            assert Client().login(username=username, password="fazhi-demo-2026")

    def test_the_prefecture_pool_has_twelve_experts_and_zfzj_zj1_is_one_of_them(self):
        pool = Expert.objects.filter(agency__name="黔西南州人民政府")
        assert pool.count() == 12
        assert pool.get(user__username="zfzj_zj1").name == "王建国"

    def test_two_years_of_catalogues_for_four_governments_published_after_party_consent(self):
        catalogues = Catalogue.objects.select_related("agency")
        assert {(c.agency.name, c.year) for c in catalogues} == {
            (gov, year) for gov in ("黔西南州人民政府", "兴义市人民政府", "安龙县人民政府", "兴仁市人民政府")
            for year in (2025, 2026)}
        assert all(c.status == CatalogueStatus.PUBLISHED for c in catalogues)
        for revision in CatalogueRevision.objects.all():
            assert revision.party_consent_on <= revision.published_on and revision.party_consent_ref

    def test_the_prefectures_2026_catalogue_was_adjusted_and_republished_with_its_reason(self):
        catalogue = Catalogue.objects.get(agency__name="黔西南州人民政府", year=2026)
        first, second = catalogue.revisions.order_by("version")
        assert catalogue.version == 2 and second.reason.startswith("根据州人大代表建议")
        added = {i["title"] for i in second.items} - {i["title"] for i in first.items}
        assert added == {"黔西南州新能源汽车充电基础设施建设实施方案"}
        assert by_title("新能源汽车充电").proposal.source == ProposalSource.DEPUTY

    def test_about_twenty_five_decisions_across_every_step(self):
        assert Decision.objects.count() == 27
        states = set(Decision.objects.values_list("state", flat=True))
        assert states == set(DecisionState.values)

    def test_one_decision_is_blocked_at_the_gate_with_its_unmet_items_and_another_is_clear(self):
        blocked = by_title("医疗卫生服务体系规划")
        assert blocked.state == DecisionState.REVIEWED
        unmet = services.gate_check(blocked)
        assert any("尚未全部记录采纳情况" in r for r in unmet)
        assert any("缺少风险评估报告" in r for r in unmet)
        assert any("尚未确认已按意见调整" in r for r in unmet)
        ready = by_title("兴仁市城区公交线网优化方案")
        assert ready.state == DecisionState.REVIEWED and services.gate_check(ready) == []

    def test_a_draft_changed_after_its_opinion_was_reviewed_again_on_the_new_text(self):
        from fazhi.procedure.models import LegalityReview

        d = by_title("兴仁市城区公交线网优化方案")
        rounds = list(LegalityReview.objects.filter(object_id=str(d.pk), content_type__model="decision")
                      .order_by("round").select_related("version"))
        assert [r.round for r in rounds] == [1, 2] and all(r.opinion == "lawful" for r in rounds)
        assert "通勤专线" not in rounds[0].version.body and "通勤专线" in rounds[1].version.body

    def test_the_gate_panel_of_the_api_shows_the_blocked_items(self):
        blocked = by_title("医疗卫生服务体系规划")
        body = client_for(User.objects.get(username="zfgb_jc")).get(f"/api/v1/decisions/{blocked.code}/gate/").json()
        assert body["ready"] is False and len(body["unmet"]) >= 3

    def test_a_head_decided_against_the_majority_and_said_why(self):
        meeting = Meeting.objects.get(head_against_majority=True)
        assert meeting.head_reason and meeting.decision.title == "黔西南州中心城区控制性详细规划修编"
        dissent = [o for o in meeting.opinions.all() if o.stance == "disagree"]
        assert len(dissent) == 2 and all(o.statement for o in dissent)
        assert [d["member"] for d in selectors.accountability(meeting.decision)["dissenters"]] == [
            o.member for o in dissent]

    def test_an_exploratory_reform_went_forward_with_its_legal_risk_stated(self):
        reform = Decision.objects.get(exploratory_reform=True)
        assert reform.state == DecisionState.PUBLISHED and reform.exploratory_reason and reform.legal_risk_statement
        assert reform.started_on.isoformat() == "2026-02-26"

    def test_a_decision_is_under_post_evaluation_and_another_was_stopped_after_one(self):
        running = PostEvaluation.objects.get(done_on__isnull=True)
        assert running.decision.state == DecisionState.PUBLISHED
        assert running.evaluator not in {r.assessor for r in running.decision.risk_assessments.all()}
        stopped = Decision.objects.get(state=DecisionState.ENDED)
        assert stopped.post_evaluations.get().conclusion == "stop"

    def test_one_decision_was_suspended_by_the_head_in_an_emergency(self):
        adjustment = Adjustment.objects.get(kind="suspend")
        assert adjustment.emergency and adjustment.decision.state == DecisionState.SUSPENDED

    def test_execution_reports_are_on_time_late_and_overdue(self):
        today = timezone.localdate()
        statuses = {execution_status(r, today)[0] for r in ExecutionReport.objects.select_related("deadline")}
        assert {"on_time", "late", "overdue"} <= statuses

    def test_consultations_are_open_today_with_pending_answered_and_opposing_comments(self):
        calls = list(selectors.public_consultations())
        assert len(calls) >= 2
        comments = [c for call in calls for c in call.comments.all()]
        assert any(c.screening == ScreeningStatus.PENDING for c in comments)
        assert any(c.screening == ScreeningStatus.SHOWN and c.outcome for c in comments)
        assert any(c.is_opposing and c.screening == ScreeningStatus.SHOWN for c in comments)

    def test_proposals_come_from_citizens_deputies_members_and_departments(self):
        sources = set(Proposal.objects.values_list("source", flat=True))
        assert sources == {"citizen", "deputy", "member", "department"}
        assert Proposal.objects.filter(source="citizen", created_by__isnull=True).count() == 3
        assert set(Proposal.objects.values_list("status", flat=True)) == {"received", "accepted", "declined"}

    def test_the_steps_happened_on_their_dates_and_the_audit_chain_is_intact(self):
        first = AuditEvent.objects.filter(action="decisions.catalogue_create").order_by("occurred_at").first()
        assert first.occurred_at.year == 2025
        assert AuditEvent.objects.filter(action="decisions.record_meeting").count() == Meeting.objects.count()
        result = audit.verify()
        assert result.ok, result.reason

    def test_the_portal_shows_the_demo(self):
        html = Client().get("/portal/decisions/").content.decode()
        assert "中小学校布局调整方案" in html and "城乡供水一体化建设规划" in html
        html = Client().get("/portal/decisions/published/").content.decode()
        assert "城区公共交通票价调整方案" in html and "探索性改革事项" in html
        assert "医疗卫生服务体系规划" not in html  # not published

    def test_a_second_run_changes_nothing_and_says_so(self):
        before = table_counts()
        report = load_decisions_demo()
        assert report["changed"] is False and report["summary"] == "重大行政决策演示数据已是最新，本次未作任何更改。"
        assert table_counts() == before
        assert audit.verify().ok


def test_the_demo_needs_the_core_demo_first(db, calendar):
    with pytest.raises(ServiceError) as exc:
        load_decisions_demo()
    assert "load_demo" in exc.value.message
    assert not Decision.objects.exists()


def test_the_demo_is_refused_in_production(db, settings):
    settings.FAZHI_ENV = "production"
    with pytest.raises(ServiceError):
        load_decisions_demo()


def test_the_command_lists_the_decision_accounts_without_writing(db):
    out = StringIO()
    call_command("load_decisions_demo", "--accounts", stdout=out)
    text = out.getvalue()
    assert "fazhi-demo-2026" in text and "zfgb_jc" in text and "xingyi_sh" in text
    assert not User.objects.exists()


def test_before_its_story_ends_the_demo_changes_nothing_and_says_why(db, calendar):
    from datetime import date

    report = load_decisions_demo(today=date(2026, 6, 1))
    assert report["changed"] is False and "2026年11月01日以后加载" in report["summary"]
    assert not Decision.objects.exists()
