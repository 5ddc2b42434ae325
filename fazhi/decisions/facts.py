"""Selectors (reads outside the lists): what the decisions machine and the gate before the meeting need about a
page of decisions, fetched at once (``workflow.MACHINE`` names ``transition_facts`` as its facts); the gate of
one decision (``gate_check``); the experts who may argue a decision (``expert_candidates``)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from fazhi.procedure import services as procedure
from fazhi.procedure.choices import CommentSource, ScreeningStatus
from fazhi.procedure.models import Comment, CommentCall, LegalityReview

from . import workflow
from .models import Decision, Expert, ExpertAssignment, Hearing, RiskAssessment


@dataclass
class Facts:
    """What the gate needs to know about one decision (facts.gate_check reads the same, one decision at a
    time); fetched here for a whole page in five queries."""

    consultation: CommentCall | None = None
    unanswered: int = 0
    experts: list = field(default_factory=list)
    risk: RiskAssessment | None = None
    review: LegalityReview | None = None
    hearings: list = field(default_factory=list)


def gather_facts(decisions: list[Decision]) -> dict[int, Facts]:
    facts = {d.pk: Facts() for d in decisions}
    if not decisions:
        return facts
    ct = ContentType.objects.get_for_model(Decision)
    ids = [str(d.pk) for d in decisions]
    # procedure.open_call_of: the latest call; procedure.latest_review: the latest round.
    for call in CommentCall.objects.filter(content_type=ct, object_id__in=ids).order_by("object_id", "-id"):
        fact = facts[int(call.object_id)]
        fact.consultation = fact.consultation or call
    calls = {f.consultation.pk: f for f in facts.values() if f.consultation}
    if calls:
        # procedure.unanswered_count: hidden portal comments need no answer.
        rows = (Comment.objects.filter(call_id__in=calls, outcome="")
                .exclude(screening=ScreeningStatus.HIDDEN, source=CommentSource.PORTAL)
                .values("call_id").annotate(n=Count("pk")))
        for row in rows:
            calls[row["call_id"]].unanswered = row["n"]
    for assignment in ExpertAssignment.objects.filter(decision_id__in=facts).order_by("decision_id", "id"):
        facts[assignment.decision_id].experts.append(assignment)
    # gate_check: the latest risk assessment.
    for risk in RiskAssessment.objects.filter(decision_id__in=facts).order_by("decision_id", "-assessed_on", "-id"):
        fact = facts[risk.decision_id]
        fact.risk = fact.risk or risk
    reviews = (LegalityReview.objects.filter(content_type=ct, object_id__in=ids).select_related("deadline")
               .defer("materials", "precheck_findings").order_by("object_id", "-round", "-id"))
    for review in reviews:
        fact = facts[int(review.object_id)]
        fact.review = fact.review or review
    needing = [d.pk for d in decisions if d.requires_hearing]
    if needing:  # only the decisions that must hold a hearing (第十六条) cost a query
        for hearing in Hearing.objects.filter(decision_id__in=needing).order_by("decision_id", "held_on", "id"):
            facts[hearing.decision_id].hearings.append(hearing)
    return facts


transition_facts = gather_facts


def gate_check(decision: Decision) -> list[str]:
    """Every unmet item of 第二十五条 and 第二十九条 for one decision (``workflow.gate_problems`` is the rule;
    ``submit_to_meeting`` refuses with it, the pages and ``GET …/gate/`` show it)."""
    consultation = procedure.open_call_of(decision)
    risk = decision.risk_assessments.order_by("-assessed_on", "-id").first()
    return workflow.gate_problems(
        decision, consultation=consultation, unanswered=procedure.unanswered_count(consultation),
        experts=list(decision.expert_assignments.all()), risk=risk, review=procedure.latest_review(decision),
        hearings=list(decision.hearings.all()) if decision.requires_hearing else [],
    )


def expert_candidates(decision):
    """Experts who may argue this decision: active, in the pool of the organ's government or of a higher one
    (第二十一条: 市县可以使用上级行政机关的专家库). A county's staff may choose from the prefecture's pool even
    though the pool page (selectors.expert_pool) lists their own region only."""
    parts = decision.region_path.strip("/").split("/")
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    taken = decision.expert_assignments.values("expert_id")
    return Expert.objects.filter(is_active=True, region_path__in=ancestors).exclude(pk__in=taken).order_by(
        "field", "name")
