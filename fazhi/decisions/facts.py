"""Selectors (reads outside the lists): what the decisions machine and the gate before the meeting need about a
page of decisions, fetched at once (``workflow.MACHINE`` names ``transition_facts`` as its facts); the gate of
one decision (``gate_check``); the experts who may argue a decision (``expert_candidates``)."""

from dataclasses import dataclass, field

from fazhi.procedure import comments as comment_desk
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure
from fazhi.procedure.models import CommentCall, LegalityReview

from . import workflow
from .choices import RerunStep
from .models import Decision, Expert, ExpertAssignment, Hearing, Participation, RiskAssessment


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
    participations: list = field(default_factory=list)


def _gather(decisions: list[Decision]) -> dict[int, Facts]:
    facts = {d.pk: Facts() for d in decisions}
    if not decisions:
        return facts
    for pk, (call, unanswered) in comment_desk.calls_of(Decision, facts).items():
        facts[pk].consultation, facts[pk].unanswered = call, unanswered
    for assignment in ExpertAssignment.objects.filter(decision_id__in=facts).order_by("decision_id", "id"):
        facts[assignment.decision_id].experts.append(assignment)
    # gate_check: the latest risk assessment.
    for risk in RiskAssessment.objects.filter(decision_id__in=facts).order_by("decision_id", "-assessed_on", "-id"):
        fact = facts[risk.decision_id]
        fact.risk = fact.risk or risk
    for pk, rounds in reviews.latest_reviews(Decision, facts).items():
        facts[pk].review = rounds[0]
    hearing_ones = [d.pk for d in decisions if d.requires_public_participation]
    if hearing_ones:  # 第十四条: the other forms of public participation
        for participation in Participation.objects.filter(decision_id__in=hearing_ones).order_by("decision_id", "held_on",
                                                                                                 "id"):
            facts[participation.decision_id].participations.append(participation)
    needing = [d.pk for d in decisions if d.requires_hearing or d.requires_public_participation]
    if needing:  # only the decisions that hold a hearing (第十六条) or hear the public (第十四条) cost a query
        for hearing in Hearing.objects.filter(decision_id__in=needing).order_by("decision_id", "held_on", "id"):
            facts[hearing.decision_id].hearings.append(hearing)
    return facts


def _since(decision: Decision, step: str):
    """第三十七条: after a substantive change (重大调整) the records of the touched steps made before
    ``rerun_since`` no longer count; None when the step keeps its records."""
    if decision.rerun_since and step in (decision.rerun_steps or []):
        return decision.rerun_since
    return None


def _rerun_filter(decision: Decision, fact: Facts) -> Facts:
    if not decision.rerun_since:
        return fact
    since = _since(decision, RerunStep.PARTICIPATION)
    if since and fact.consultation is not None and fact.consultation.start_date < since:
        fact.consultation, fact.unanswered = None, 0
    if since:
        fact.participations = [p for p in fact.participations if p.held_on >= since]
    since = _since(decision, RerunStep.EXPERTS)
    if since:
        fact.experts = [e for e in fact.experts if e.submitted_on is None or e.submitted_on >= since]
    since = _since(decision, RerunStep.RISK)
    if since and fact.risk is not None and fact.risk.assessed_on < since:
        fact.risk = None
    since = _since(decision, RerunStep.HEARING)
    if since:
        fact.hearings = [h for h in fact.hearings if h.held_on >= since]
    return fact


def gather_facts(decisions: list[Decision]) -> dict[int, Facts]:
    """The facts of a page of decisions, the records a 重大调整 set aside already left out."""
    facts = _gather(decisions)
    return {d.pk: _rerun_filter(d, facts[d.pk]) for d in decisions}


transition_facts = gather_facts


def gate_check(decision: Decision) -> list[str]:
    """Every unmet item of 第二十五条 and 第二十九条 for one decision (``workflow.gate_problems`` is the rule;
    ``submit_to_meeting`` refuses with it, the pages and ``GET …/gate/`` show it)."""
    consultation = procedure.open_call_of(decision)
    fact = _rerun_filter(decision, Facts(
        consultation=consultation, unanswered=procedure.unanswered_count(consultation),
        experts=list(decision.expert_assignments.all()),
        risk=decision.risk_assessments.order_by("-assessed_on", "-id").first(),
        review=reviews.latest_review(decision),
        hearings=list(decision.hearings.all()) if decision.requires_hearing or decision.requires_public_participation
        else [],
        participations=list(decision.participations.all()) if decision.requires_public_participation else []))
    problems = workflow.gate_problems(decision, consultation=fact.consultation, unanswered=fact.unanswered,
                                      experts=fact.experts, risk=fact.risk, review=fact.review,
                                      hearings=fact.hearings, participations=fact.participations)
    if decision.rerun_since:
        done = {RerunStep.PARTICIPATION: fact.consultation is not None or bool(fact.participations),
                RerunStep.HEARING: bool(fact.hearings),
                RerunStep.EXPERTS: any(e.opinion.strip() for e in fact.experts), RerunStep.RISK: fact.risk is not None}
        for step in decision.rerun_steps or []:
            if step in done and not done[step]:
                problems.append(f"决策重大调整后须重新履行{RerunStep(step).label}程序（第三十七条），"
                                f"{decision.rerun_since:%Y-%m-%d}以后尚无记录。")
    return problems


def expert_candidates(decision):
    """Experts who may argue this decision, the organ's own pool and the higher ones first (第二十一条: 市县可以
    使用上级行政机关的专家库); then the other pools of the prefecture and the 库外专家 recorded by these
    governments, which ``services.expert_select`` accepts only with a recorded reason. A county's staff may
    choose from the prefecture's pool even though the pool page (selectors.expert_pool) lists their own region
    only. ``outside`` is annotated on each candidate."""
    from django.db.models import BooleanField, Case, Q, Value, When

    parts = decision.region_path.strip("/").split("/")
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    taken = decision.expert_assignments.values("expert_id")
    own = Q(in_pool=True, region_path__in=ancestors)
    return (Expert.objects.filter(is_active=True, region_path__startswith=ancestors[0]).exclude(pk__in=taken)
            .annotate(outside=Case(When(own, then=Value(False)), default=Value(True), output_field=BooleanField()))
            .order_by("outside", "field", "name"))
