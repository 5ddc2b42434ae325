"""Legality review (合法性审查, 第二十五条至第二十八条) from the decision's side."""

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, TransitionRefused
from fazhi.core.models import Attachment, User
from fazhi.core.notifications import notify
from fazhi.core.permissions import has_perm
from fazhi.core.validators import date_input, text_input
from fazhi.procedure import reviews
from fazhi.procedure.choices import ReviewOpinion
from fazhi.procedure.models import LegalityReview
from fazhi.procedure.steps import locked, refuse, refuse_fields, stored

from .. import workflow
from ..choices import (
    AdviserKind,
    DecisionState,
)
from ..models import (
    Decision,
    LegalAdviserOpinion,
)
from ..workflow import Perm
from .participation import _snapshot_version

# ------------------------------------------------------------------ legality review (第二十五条至第二十八条)


@transaction.atomic
def decision_submit_review(*, actor: User, decision: Decision, proposed_meeting_date=None) -> Decision:
    """第二十五条、第二十六条: the draft, its explanation and the materials go to the 司法行政部门 on the kernel's
    review desk, with the time up to the proposed meeting (never under 7 working days) as the review period; a
    draft returned for supplements goes back to the same desk."""
    decision = locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    meeting = date_input(proposed_meeting_date, "proposed_meeting_date", errors, required=True)
    refuse_fields(errors)
    problems = workflow.state_problems("submit_legality_review", decision)
    problems += workflow.review_time_problems(timezone.localdate(), meeting)
    if not decision.draft.strip():
        problems.append("缺少决策草案（第二十六条）。")
    if not decision.explanation.strip():
        problems.append("缺少履行决策法定程序的说明和依据（第二十六条）。")
    problems += [str(reason) for reason in reviews.stages_problems(decision)]
    latest = reviews.latest_review(decision)
    if latest is not None and latest.status in reviews.OPEN:
        problems.append("已有一轮合法性审查正在进行。")
    refuse(problems)
    version = _snapshot_version(actor, decision, "送审稿")
    decision.proposed_meeting_date = meeting
    review = reviews.review_submit(actor=actor, target=decision, version=version, submitting_agency=decision.agency,
                                   materials={"draft_version": decision.version_count, "meeting": meeting.isoformat()})
    decision.state = DecisionState.IN_REVIEW
    decision.save()
    audit.record(actor=actor, action="decisions.submit_legality_review", obj=decision,
                 after={"meeting": meeting, "review": str(review.code), "round": review.round})
    return decision


def on_review_event(actor, decision: Decision, review: LegalityReview, event: str) -> None:
    """The review desk tells the decision what happened (inside the desk's transaction): a return for
    supplements sends the draft back to the sponsoring unit, an opinion ends the review."""
    moves = {"returned": (DecisionState.RETURNED, "合法性审查退回补充"),
             "opinion": (DecisionState.REVIEWED, f"合法性审查意见：{ReviewOpinion(review.opinion or 'lawful').label}"),
             "confirmed": (None, "审查机构已确认按审查意见调整")}
    if event not in moves:
        return
    state, title = moves[event]
    before = decision.state
    if state is not None and decision.state == DecisionState.IN_REVIEW:
        decision.state = state
        decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action=f"decisions.review_{event}", obj=decision,
                 before={"state": before}, after={"state": decision.state, "review": str(review.code),
                                                  "opinion": review.opinion or ""})
    body = review.returns.order_by("-id").values_list("reason", flat=True).first() if event == "returned" else ""
    if decision.created_by_id:
        transaction.on_commit(lambda: notify(recipient=decision.created_by, title=f"{title}——{decision.title}"[:200],
                                             body=body or "", link=decision.get_absolute_url()))


def _reviewer_locked(actor, decision) -> tuple[Decision, LegalityReview]:
    if actor is not None and not has_perm(actor, Perm.REVIEW):
        raise NotPermitted("您没有合法性审查的权限。")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    review = reviews.latest_review(decision)
    if review is None:
        raise TransitionRefused(["该决策没有送审记录。"])
    if actor is not None and review.agency_id != actor.agency_id:
        raise NotPermitted("该审查不在您单位的审核台。")
    return decision, review


@transaction.atomic
def adviser_opinion_add(*, actor: User, decision: Decision, kind: str, adviser: str, opinion: str,
                        given_on=None, attachment: Attachment | None = None) -> LegalAdviserOpinion:
    decision, _review = _reviewer_locked(actor, decision)
    attachment = stored(actor, attachment, decision)
    errors: dict = {}
    if kind not in AdviserKind.values:
        errors["kind"] = ["请选择法律顾问或公职律师。"]
    adviser = text_input(adviser, "adviser", "姓名", errors, max_length=60)
    opinion = text_input(opinion, "opinion", "法律意见", errors)
    given = date_input(given_on, "given_on", errors, required=True)
    refuse_fields(errors)
    refuse(workflow.state_problems("add_adviser_opinion", decision))
    record = LegalAdviserOpinion.objects.create(decision=decision, kind=kind, adviser=adviser, opinion=opinion,
                                                given_on=given, attachment=attachment, recorded_by=actor)
    audit.record(actor=actor, action="decisions.add_adviser_opinion", obj=decision, after={"kind": kind,
                                                                                           "adviser": adviser})
    return record
