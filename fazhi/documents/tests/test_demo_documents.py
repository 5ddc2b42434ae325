"""The normative-document demo: what `load_documents_demo` adds to the demo prefecture, that every
date, number and audit event is one the services produced, and that it loads once."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from fazhi.core import audit, calendar_admin
from fazhi.core.models import Attachment, AuditEvent, Deadline, IssuedNumber, Notification, User
from fazhi.documents import indicators, selectors
from fazhi.documents.choices import (
    CampaignStatus,
    DocumentState,
    FilingReviewStatus,
    SuggestionStatus,
    UpperLawStatus,
    Validity,
)
from fazhi.documents.demo import data
from fazhi.documents.models import (
    CleanupCampaign,
    CleanupItem,
    EvaluationTask,
    Filing,
    NormativeDocument,
    ReviewSuggestion,
)
from fazhi.procedure import reviews
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus, ScreeningStatus
from fazhi.procedure.models import Comment, CommentCall, LegalityReview, TextVersion

STAGE_TO_STATE = {
    "drafting": DocumentState.DRAFTING, "commenting": DocumentState.COMMENTING,
    "comment_closed": DocumentState.COMMENT_CLOSED, "in_review": DocumentState.IN_REVIEW,
    "returned": DocumentState.RETURNED, "reviewed": DocumentState.REVIEWED,
    "deliberated": DocumentState.DELIBERATED, "published": DocumentState.PUBLISHED,
    "abandoned": DocumentState.ABANDONED,
}
COUNTED = (NormativeDocument, Filing, LegalityReview, TextVersion, CommentCall, Comment, CleanupCampaign, CleanupItem,
           EvaluationTask, ReviewSuggestion, Deadline, Notification, Attachment, IssuedNumber, User, AuditEvent)


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def table_counts() -> dict:
    return {m.__name__: m.objects.count() for m in COUNTED}


def demo_documents():
    return NormativeDocument.objects.filter(title__in=[d.title for d in data.DOCUMENTS])


def doc(key: str) -> NormativeDocument:
    return NormativeDocument.objects.get(title=next(d.title for d in data.DOCUMENTS if d.key == key))


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    """The core demo and the documents demo loaded once for the class, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        calendar_admin.seed_from_package([2025, 2026])  # as `make demo` does with calendar_seed
        run("load_demo")
        output = run("load_documents_demo")
        yield output
        transaction.set_rollback(True)


@pytest.mark.usefixtures("loaded", "db")
class TestTheLoadedDocuments:
    def test_the_load_reports_what_it_created(self, loaded):
        assert "已加载规范性文件演示数据" in loaded
        assert f"文件 {len(data.DOCUMENTS)} 件" in loaded

    def test_about_sixty_documents_are_spread_over_every_state_of_the_procedure(self):
        expected = Counter(STAGE_TO_STATE[d.stage] for d in data.DOCUMENTS)
        actual = Counter(demo_documents().values_list("state", flat=True))
        assert actual == expected
        assert set(actual) == set(DocumentState.values)
        assert 55 <= sum(actual.values()) <= 70
        assert actual[DocumentState.PUBLISHED] > sum(actual.values()) / 2

    def test_the_documents_come_from_several_issuers_and_every_year_from_2019(self):
        issuers = set(demo_documents().values_list("issuing_agency__name", flat=True))
        assert issuers == {i.agency for i in data.ISSUERS.values()}
        years = set(demo_documents().filter(state=DocumentState.PUBLISHED)
                    .values_list("publication_date__year", flat=True))
        assert set(range(2019, 2027)) <= years

    def test_every_legal_status_is_represented_and_drafts_are_never_in_force(self):
        statuses = Counter(selectors.validity_of(d) for d in demo_documents())
        assert set(statuses) == set(Validity.values)
        for draft in demo_documents().exclude(state=DocumentState.PUBLISHED):
            assert selectors.validity_of(draft) == Validity.UNPUBLISHED

    def test_numbers_are_gapless_per_issuer_and_year_in_order_of_publication(self):
        published = demo_documents().filter(state=DocumentState.PUBLISHED).order_by("publication_date", "id")
        serials: dict[tuple[str, int], list[int]] = {}
        for d in published:
            issued = d.issued_number
            assert d.number == issued.text and issued.year == d.publication_date.year
            assert issued.prefix == d.issuing_agency.doc_prefix
            serials.setdefault((issued.prefix, issued.year), []).append(issued.serial)
        for numbers in serials.values():
            assert numbers == list(range(1, len(numbers) + 1))
        assert doc("Z23b").number == "黔西南府规〔2023〕2号"

    def test_every_published_document_was_reviewed_deliberated_and_carries_a_signed_pdf(self):
        for d in demo_documents().filter(state=DocumentState.PUBLISHED):
            review = LegalityReview.objects.filter(object_id=str(d.pk), status=ReviewStatus.DONE).latest("id")
            assert review.opinion in (ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES)
            meeting = d.deliberations.get()
            assert review.opinion_at.date() <= meeting.meeting_date <= d.publication_date <= d.effective_date
            assert d.signed_pdf.mime_type == "application/pdf"
            assert d.expiry_date is not None

    def test_lawful_after_changes_documents_have_a_revised_version_confirmed_by_the_reviewer(self):
        for key in ("Z23b", "XY22a", "AL22"):
            d = doc(key)
            review = LegalityReview.objects.filter(object_id=str(d.pk)).latest("id")
            assert review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and review.changes_confirmed_at
            assert TextVersion.objects.filter(object_id=str(d.pk)).count() >= 2
            assert all(f["status"] == "confirmed" for f in review.precheck_findings)
        waiting = doc("XY26e")
        review = LegalityReview.objects.filter(object_id=str(waiting.pk)).latest("id")
        assert waiting.state == DocumentState.REVIEWED and review.changes_confirmed_at is None
        assert review.precheck_findings and review.precheck_findings[0]["rule"] == "sets_fee"

    def test_an_unlawful_opinion_and_a_return_for_supplements_are_on_the_desks(self):
        unlawful = LegalityReview.objects.filter(object_id=str(doc("AL26c").pk)).latest("id")
        assert unlawful.opinion == ReviewOpinion.UNLAWFUL
        returned = LegalityReview.objects.filter(object_id=str(doc("XY26d").pk)).latest("id")
        assert returned.status == ReviewStatus.RETURNED and returned.deadline.status == "paused"
        xingyi_sh = User.objects.get(username="xingyi_sh")
        assert reviews.desk(user=xingyi_sh).filter(object_id=str(doc("XY26d").pk)).exists()

    def test_filing_includes_late_filings_a_correction_an_escalation_and_a_revocation(self):
        filings = Filing.objects.filter(document__in=demo_documents())
        late = [f for f in filings if f.is_late]
        assert len(late) >= 3
        statuses = Counter(filings.values_list("review_status", flat=True))
        for status in (FilingReviewStatus.APPROVED, FilingReviewStatus.CORRECTION_REQUIRED,
                       FilingReviewStatus.ESCALATED, FilingReviewStatus.REVOKED, FilingReviewStatus.PENDING):
            assert statuses[status] >= 1, status
        corrected = Filing.objects.get(document=doc("HJ22"))
        assert corrected.corrected_on and corrected.review_status == FilingReviewStatus.APPROVED
        revoked = doc("XR23")  # proposed by the reviewing body, revoked by the government a week later
        assert selectors.validity_of(revoked) == Validity.REVOKED and revoked.repealed_on is None
        assert revoked.revocation_decision.endswith("常务会议决定")
        unfiled = Filing.objects.get(document=doc("AL26"))
        assert unfiled.filed_on is None and unfiled.deadline.status == "overdue"
        zsfj_sh = User.objects.get(username="zsfj_sh")
        assert selectors.filing_desk(user=zsfj_sh).filter(review_status=FilingReviewStatus.PENDING,
                                                          filed_on__isnull=False).exists()

    def test_filing_indicators_have_something_to_measure(self):
        from fazhi.core.models import Region

        pref = Region.objects.get(code="522300")
        start, end = timezone.localdate().replace(year=2019, month=1, day=1), timezone.localdate()
        timely = indicators.timely_filing_rate(pref, start, end)
        assert timely["denominator"] > timely["numerator"] > 0
        assert indicators.legality_review_rate(pref, start, end)["rate"] == 1.0
        assert 0 < indicators.conformity_rate(pref, start, end)["rate"] < 1

    def test_the_repealed_and_the_amended_document_link_to_the_documents_that_changed_them(self):
        old, new = doc("XY21"), doc("XY25a")
        assert old.repealed_by_id == new.pk and old.repealed_on == new.effective_date
        assert selectors.validity_of(old) == Validity.REPEALED
        assert old.number in new.body
        amended, decision = doc("Z21b"), doc("Z25b")
        assert amended.amended_by_id == decision.pk and selectors.validity_of(amended) == Validity.AMENDED
        assert amended.number in decision.body

    def test_expired_documents_were_evaluated_or_are_overdue_for_evaluation(self):
        expired = [d for d in demo_documents() if selectors.validity_of(d) == Validity.EXPIRED]
        assert {d.publication_date.year for d in expired} <= {2019, 2020, 2021}
        assert len(expired) >= 3
        overdue = EvaluationTask.objects.filter(status="open", due_date__lt=timezone.localdate())
        assert list(overdue.values_list("document__title", flat=True)) == [doc("ZB19").title]
        chain = doc("XR20").evaluations.order_by("due_date")
        assert [e.conclusion for e in chain] == ["keep", "declare_invalid"]

    def test_evaluation_tasks_are_due_in_the_coming_six_months(self):
        today = timezone.localdate()
        due = EvaluationTask.objects.filter(status="open", due_date__gte=today)
        assert due.count() >= 2
        assert all(t.opened_on <= today and (t.due_date - today).days <= 190 for t in due)

    def test_the_annual_cleanup_is_published_with_its_docx_announcement(self):
        campaign = CleanupCampaign.objects.get(title="2026年度集中清理")
        assert campaign.status == CampaignStatus.PUBLISHED and campaign.published_on
        assert campaign.announcement.mime_type.endswith("wordprocessingml.document")
        decisions = Counter(campaign.items.values_list("decision", flat=True))
        assert "" not in decisions and {"keep", "repeal", "declare_invalid", "amend"} <= set(decisions)
        assert selectors.validity_of(doc("ZB23")) == Validity.REPEALED
        assert selectors.public_campaigns().filter(pk=campaign.pk).exists()

    def test_an_upper_law_campaign_is_open_with_decisions_pending(self):
        campaign = CleanupCampaign.objects.get(kind="upper_law")
        assert campaign.status == CampaignStatus.OPEN
        assert campaign.items.filter(decision="").exists() and campaign.items.exclude(decision="").exists()

    def test_documents_relying_on_an_amended_upper_law_are_listed_for_review(self):
        listed = demo_documents().filter(state=DocumentState.PUBLISHED, repealed_on__isnull=True,
                                         upper_laws__status__in=[UpperLawStatus.AMENDED, UpperLawStatus.REPEALED])
        assert {d.title for d in listed} >= {doc("XY22a").title, doc("AL23").title, doc("Z24a").title}

    def test_open_comment_calls_show_the_public_only_screened_comments(self):
        calls = selectors.public_comment_calls()
        assert calls.count() >= 3
        pending = CommentCall.objects.get(object_id=str(doc("XY26c").pk))
        assert pending in calls and pending.comments.filter(screening=ScreeningStatus.PENDING).count() == 3
        assert not selectors.public_comments(pending).exists()
        answered = CommentCall.objects.get(object_id=str(doc("ZB26").pk))
        shown = selectors.public_comments(answered)
        assert shown.count() == 2 and all(c.answer for c in shown)

    def test_citizens_suggestions_are_tracked_to_an_answer(self):
        suggestions = ReviewSuggestion.objects.all()
        assert suggestions.filter(status=SuggestionStatus.ANSWERED).count() == 1
        assert suggestions.filter(status=SuggestionStatus.RECEIVED).count() == 2
        zsfj_sh = User.objects.get(username="zsfj_sh")
        assert selectors.suggestion_list(user=zsfj_sh).count() == 3

    def test_a_county_drafter_sees_only_their_own_countys_documents(self):
        xingyi_qc = User.objects.get(username="xingyi_qc")
        visible = selectors.document_list(user=xingyi_qc)
        assert visible.exists()
        assert not visible.filter(issuing_agency__name="安龙县人民政府").exists()
        assert selectors.my_drafts(user=xingyi_qc).filter(state=DocumentState.COMMENTING).exists()

    def test_every_document_timeline_runs_forward_in_time_and_ends_before_now(self):
        now = timezone.now()
        for d in demo_documents():
            moments = list(selectors.timeline(d).values_list("occurred_at", flat=True))
            assert moments == sorted(moments), d.title
            assert moments[-1] <= now
            assert moments[0].date() <= (d.publication_date or now.date())

    def test_the_audit_chain_is_intact(self):
        result = audit.verify()
        assert result.ok, result.reason

    def test_the_new_accounts_log_in_with_the_demo_password_and_hold_their_roles(self):
        from fazhi.core.demo import demo_password

        for account in data.ACCOUNTS:
            user = User.objects.get(username=account.username)
            assert user.check_password(demo_password()) and not user.must_change_password
            assert user.agency.name == account.agency
            assert user.role_assignments.filter(role=account.role, scope=account.scope).exists()

    def test_a_second_run_changes_nothing_and_says_so(self):
        before = table_counts()
        output = run("load_documents_demo")
        assert "本次未作任何更改" in output
        assert table_counts() == before
        assert audit.verify().ok


@pytest.mark.django_db
def test_the_documents_demo_needs_the_core_demo_first():
    with pytest.raises(CommandError, match="load_demo"):
        run("load_documents_demo")
    assert not NormativeDocument.objects.exists()


@pytest.mark.django_db
@override_settings(FAZHI_ENV="production")
def test_the_documents_demo_is_refused_under_production_settings():
    with pytest.raises(CommandError, match="生产环境"):
        run("load_documents_demo")
    assert not NormativeDocument.objects.exists()


def test_the_accounts_option_lists_the_accounts_without_touching_the_database():
    output = run("load_documents_demo", "--accounts")
    assert all(a.username in output for a in data.ACCOUNTS)
