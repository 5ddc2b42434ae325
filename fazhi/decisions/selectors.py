"""Reads of the major-decision module that depend on who asks; the public selectors; accountability."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from fazhi.core.models import Attachment, AuditEvent
from fazhi.core.scope import restrict
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import CommentCall, LegalityReview, TextVersion

from . import workflow
from .choices import CatalogueStatus, DecisionState, MemberStance
from .models import Catalogue, Decision, ExecutionReport, Expert, Meeting, Proposal
from .workflow import Perm

# The next step a decision is waiting for, by state.
NEXT_STEP = {
    DecisionState.CATALOGUED: "start",
    DecisionState.STARTED: "submit_legality_review",
    DecisionState.RETURNED: "submit_legality_review",
    DecisionState.IN_REVIEW: "give_legality_opinion",
    DecisionState.REVIEWED: "submit_to_meeting",
    DecisionState.POSTPONED: "submit_to_meeting",
    DecisionState.AT_MEETING: "record_meeting",
    DecisionState.DECIDED: "publish",
    DecisionState.PUBLISHED: "report_execution",
    DecisionState.SUSPENDED: "adjust",
}


# The long texts no list shows (pages, API, exports): deferred so a list row stays a few hundred bytes.
DECISION_LIST_DEFER = ("draft", "explanation", "legal_risk_statement", "fair_competition_conclusion",
                       "public_opinion_summary", "expert_adoption_summary", "publication_text",
                       "publication_explanation")


def decision_list(*, user) -> QuerySet[Decision]:
    # catalogue__agency: the list shows the catalogue's government (one join, not one query per row).
    return restrict(Decision.objects.select_related("decision_organ", "agency", "catalogue__agency"), user,
                    Perm.VIEW)


def decision_rows(queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    """Only the columns a list shows."""
    return queryset.defer(*DECISION_LIST_DEFER)


def my_decisions(*, user) -> QuerySet[Decision]:
    """Decisions the user's unit sponsors or, for a government office, its government decides."""
    return restrict(Decision.objects.select_related("decision_organ", "agency"), user, Perm.MANAGE).exclude(
        state__in=[DecisionState.REJECTED, DecisionState.ENDED])


def next_step(decision) -> tuple[str, list[str]]:
    """(the next action, what blocks it) — shown on "my decisions"."""
    from .facts import gate_check

    action = NEXT_STEP.get(decision.state, "")
    if not action:
        return "", []
    if decision.state == DecisionState.STARTED and decision.requires_public_participation and \
            consultation_of(decision) is None:
        # 第十四条、第十五条: an item that needs public participation consults the public first.
        return "open_consultation", workflow.state_problems("open_consultation", decision)
    blockers = workflow.state_problems(action, decision)
    if action == "submit_to_meeting":
        blockers += gate_check(decision)
    return action, blockers


def catalogue_list(*, user) -> QuerySet[Catalogue]:
    return restrict(Catalogue.objects.select_related("agency"), user, Perm.VIEW)


def proposal_list(*, user) -> QuerySet[Proposal]:
    return restrict(Proposal.objects.select_related("agency"), user, Perm.MANAGE)


def expert_pool(*, user) -> QuerySet[Expert]:
    return restrict(Expert.objects.select_related("agency"), user, Perm.VIEW)


def review_desk(*, user) -> QuerySet[LegalityReview]:
    ct = ContentType.objects.get_for_model(Decision)
    return (restrict(LegalityReview.objects.filter(content_type=ct), user, Perm.REVIEW)
            .filter(agency_id=user.agency_id).select_related("deadline", "submitting_agency")
            .order_by("deadline__due_date", "id"))


def consultation_of(decision) -> CommentCall | None:
    ct = ContentType.objects.get_for_model(Decision)
    return CommentCall.objects.filter(content_type=ct, object_id=str(decision.pk)).order_by("-id").first()


def archive(decision) -> dict:
    """决策档案 (第三十三条): every record and file produced since the start, in one place."""
    ct = ContentType.objects.get_for_model(Decision)
    return {
        "versions": list(TextVersion.objects.filter(content_type=ct, object_id=str(decision.pk)).order_by("number")),
        "files": list(Attachment.objects.filter(content_type=ct, object_id=str(decision.pk)).order_by("uploaded_at")),
        "consultation": consultation_of(decision),
        "hearings": list(decision.hearings.all()),
        "participations": list(decision.participations.select_related("record")),
        "experts": list(decision.expert_assignments.select_related("expert")),
        "risks": list(decision.risk_assessments.all()),
        "reviews": list(LegalityReview.objects.filter(content_type=ct, object_id=str(decision.pk)).order_by("round")),
        "advisers": list(decision.adviser_opinions.all()),
        "meetings": list(decision.meetings.prefetch_related("opinions")),
        "reports": list(decision.execution_reports.select_related("unit", "deadline")),
        "evaluations": list(decision.post_evaluations.all()),
        "adjustments": list(decision.adjustments.select_related("post_evaluation")),
        "sealed_at": decision.archive_sealed_at,
    }


def accountability(decision) -> dict:
    """Who proposed, reviewed, argued, assessed, voted how and decided, when (第三十八条) — from the
    immutable audit chain and the meeting records. Dissenters are listed for 减免责任."""
    events = list(AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk))
                  .order_by("id").values("id", "occurred_at", "actor_name", "actor_role", "agency_name", "action",
                                         "after"))
    meetings = list(Meeting.objects.filter(decision=decision).prefetch_related("opinions").order_by("held_on"))
    dissenters = [
        {"member": o.member, "position": o.position, "meeting": m.held_on, "statement": o.statement}
        for m in meetings for o in m.opinions.all() if o.stance == MemberStance.DISAGREE
    ]
    return {
        "proposal": decision.proposal,
        "events": events,
        "meetings": meetings,
        "dissenters": dissenters,
        "experts": list(decision.expert_assignments.select_related("expert")),
        "risks": list(decision.risk_assessments.all()),
        "reviews": archive(decision)["reviews"],
    }


# ------------------------------------------------------------------ the public portal


def public_catalogues() -> QuerySet[Catalogue]:
    return Catalogue.objects.filter(status=CatalogueStatus.PUBLISHED).select_related("agency").order_by("-year")


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.filter(state__in=[DecisionState.PUBLISHED, DecisionState.SUSPENDED,
                                              DecisionState.ENDED], published_on__isnull=False
                                   ).select_related("decision_organ").order_by("-published_on")


def public_consultations():
    ct = ContentType.objects.get_for_model(Decision)
    today = timezone.localdate()
    return CommentCall.objects.filter(content_type=ct, start_date__lte=today, end_date__gte=today,
                                      closed_at__isnull=True).order_by("end_date")


def public_comments(call):
    return call.comments.filter(screening=ScreeningStatus.SHOWN).defer("contact", "client_ip")


def execution_status(report: ExecutionReport, today) -> tuple[str, str]:
    """(code, label) of an execution report: on time, late, overdue, or not yet due (第三十四条)."""
    due = report.deadline.due_date if report.deadline_id else None
    if report.submitted_on:
        if due and report.submitted_on > due:
            return "late", "逾期报告"
        return "on_time", "按时报告"
    if due and due < today:
        return "overdue", "逾期未报告"
    return "due", "待报告"
