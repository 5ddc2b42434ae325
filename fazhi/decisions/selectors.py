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


def decision_list(*, user) -> QuerySet[Decision]:
    # catalogue__agency: the list shows the catalogue's government (one join, not one query per row).
    return restrict(Decision.objects.select_related("decision_organ", "agency", "catalogue__agency"), user,
                    Perm.VIEW)


# What a row of the staff list page shows (decisions_tags.decision_list_row) and its sorts read, as plain values:
# whole rows of the decision, its catalogue and three agencies took twice as long to load as model instances of
# the columns alone, and those again longer than these.
DECISION_TABLE_FIELDS = ("id", "code", "title", "state", "standard", "exploratory_reform", "exploratory_reason",
                         "updated_at", "catalogue_id", "catalogue__year", "decision_organ__name", "agency__name")


def decision_table_rows(queryset: QuerySet[Decision]) -> QuerySet:
    """The staff list page's rows: a dict of ``DECISION_TABLE_FIELDS`` each."""
    return queryset.values(*DECISION_TABLE_FIELDS)


# What a row of the API list reads (api.serializers.DecisionSerializer).
DECISION_API_LIST_FIELDS = ("code", "title", "state", "standard", "requires_public_participation",
                            "requires_expert_argumentation", "requires_risk_assessment", "concerns_market",
                            "requires_hearing", "exploratory_reform", "proposed_meeting_date", "started_on",
                            "decided_on", "published_on", "created_at", "updated_at", "decision_organ",
                            "decision_organ__code", "decision_organ__name", "agency", "agency__code", "agency__name",
                            "catalogue", "catalogue__code", "catalogue__year", "catalogue__agency",
                            "catalogue__agency__name")


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


def adviser_rows(decision) -> list[tuple]:
    """The legal advisers' and public lawyers' opinions (第二十八条) with the download link of each written one."""
    from fazhi.procedure.pages import attachment_url

    return [(a, attachment_url(a.attachment)) for a in decision.adviser_opinions.select_related("attachment")]


def review_panel_context(request, review, decision) -> dict:
    """The decision's part of the kernel review page (decisions/_review_panel.html)."""
    return {"decision": decision, "advisers": adviser_rows(decision)}


def review_materials(decision) -> dict[str, str]:
    """What the reviewer reads beside the draft (第二十六条: 决策草案及相关材料; 第二十九条's items)."""
    call = consultation_of(decision)
    if call is not None:
        participation = (f"{call.start_date:%Y-%m-%d} 至 {call.end_date:%Y-%m-%d} 公开征求意见"
                         f"{'，已结束' if call.closed_at else ''}。{decision.public_opinion_summary}")
    elif decision.requires_public_participation:
        records = [f"{p.held_on:%Y-%m-%d} {p.get_kind_display()}" for p in decision.participations.all()]
        participation = "；".join(records) or "需公众参与，尚无公众参与记录。"
    else:
        participation = f"不采取公众参与，理由：{decision.participation_exemption or '（未记录）'}。"
    experts = [f"{a.expert.name}（{a.expert.organisation}）：{a.opinion[:120] if a.opinion else '尚未提交'}"
               + (f"——{a.get_adoption_display()}" if a.adoption else "")
               for a in decision.expert_assignments.select_related("expert")]
    if not experts:
        experts = ["需专家论证，尚无意见。" if decision.requires_expert_argumentation else "未要求专家论证。"]
    elif decision.expert_adoption_summary:
        experts.append(f"采纳情况：{decision.expert_adoption_summary}")
    risks = [f"{r.assessor}（{r.assessed_on:%Y-%m-%d}）：{r.get_level_display()}，{'风险可控' if r.controllable else '风险不可控'}"
             for r in decision.risk_assessments.all()]
    if not risks:
        risks = ["需风险评估，尚无报告。" if decision.requires_risk_assessment else "未要求风险评估。"]
    materials = {
        "拟提交会议日期": f"{decision.proposed_meeting_date:%Y-%m-%d}" if decision.proposed_meeting_date else "",
        "决策草案说明（依据和履行法定程序的说明）": decision.explanation,
        "公众参与": participation,
        "专家论证": "\n".join(experts),
        "风险评估": "\n".join(risks),
    }
    if decision.concerns_market:
        materials["公平竞争审查情况"] = decision.fair_competition_conclusion
    if decision.exploratory_reform:
        materials["探索性改革事项"] = decision.exploratory_reason + (
            f"\n法律风险说明：{decision.legal_risk_statement}" if decision.legal_risk_statement else "")
    return materials


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
