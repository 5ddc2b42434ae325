"""Legality review (合法性审查, 第二十五条至第二十八条) from the decision's side."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.notifications import notify
from fazhi.core.orgs import justice_bureau_for
from fazhi.core.permissions import has_perm
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus
from fazhi.procedure.models import LegalityReview

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
from .common import _date, _link, _locked, _raise, _refuse, _stored, _text
from .participation import _snapshot_version

# ------------------------------------------------------------------ legality review (第二十五条至第二十八条)


def reviewing_agency_for(decision) -> Agency | None:
    return justice_bureau_for(decision.decision_organ)


@transaction.atomic
def submit_legality_review(*, actor: User, decision: Decision, proposed_meeting_date=None) -> Decision:
    decision = _locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    meeting = _date(proposed_meeting_date, "proposed_meeting_date", errors)
    _raise(errors)
    problems = workflow.state_problems("submit_legality_review", decision)
    problems += workflow.review_time_problems(timezone.localdate(), meeting)
    if not decision.draft.strip():
        problems.append("缺少决策草案（第二十六条）。")
    if not decision.explanation.strip():
        problems.append("缺少履行决策法定程序的说明和依据（第二十六条）。")
    reviewer = reviewing_agency_for(decision)
    if reviewer is None:
        problems.append("找不到负责合法性审查的司法行政部门。")
    latest = procedure.latest_review(decision)
    if latest is not None and latest.status in (ReviewStatus.WAITING, ReviewStatus.IN_REVIEW):
        problems.append("已有一轮合法性审查正在进行。")
    _refuse(problems)
    version = _snapshot_version(actor, decision, "送审稿")
    decision.proposed_meeting_date = meeting
    materials = {"draft_version": decision.version_count, "meeting": meeting.isoformat()}
    if decision.state == DecisionState.RETURNED and latest is not None and latest.status == ReviewStatus.RETURNED:
        procedure.review_resubmit(actor=actor, target=decision, review=latest, materials=materials, version=version)
    else:
        period = max(workflow.LEGALITY_REVIEW_MIN_WORKING_DAYS,
                     workflow.workdays.working_days_between(timezone.localdate(), meeting - timedelta(days=1)).days)
        procedure.review_submit(
            actor=actor, target=decision, title=decision.title, submitting_agency=decision.agency,
            reviewing_agency=reviewer, materials=materials, version=version, period_working_days=min(period, 60),
            rule_code="decision_legality_review", legal_source="《重大行政决策程序暂行条例》第二十六条",
            link=f"/decisions/{decision.code}/",
        )
    decision.state = DecisionState.IN_REVIEW
    decision.save()
    audit.record(actor=actor, action="decisions.submit_legality_review", obj=decision, after={"meeting": meeting})
    return decision


def _reviewer_locked(actor, decision) -> tuple[Decision, LegalityReview]:
    if actor is not None and not has_perm(actor, Perm.REVIEW):
        raise NotPermitted("您没有合法性审查的权限。")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    review = procedure.latest_review(decision)
    if review is None:
        raise TransitionRefused(["该决策没有送审记录。"])
    if actor is not None and review.agency_id != actor.agency_id:
        raise NotPermitted("该审查不在您单位的审核台。")
    return decision, review


@transaction.atomic
def add_adviser_opinion(*, actor: User, decision: Decision, kind: str, adviser: str, opinion: str,
                        given_on=None, attachment: Attachment | None = None) -> LegalAdviserOpinion:
    decision, _review = _reviewer_locked(actor, decision)
    attachment = _stored(actor, attachment, decision)
    errors: dict = {}
    if kind not in AdviserKind.values:
        errors["kind"] = ["请选择法律顾问或公职律师。"]
    adviser = _text(adviser, "adviser", "姓名", errors, max_length=60)
    opinion = _text(opinion, "opinion", "法律意见", errors)
    given = _date(given_on, "given_on", errors)
    _raise(errors)
    _refuse(workflow.state_problems("add_adviser_opinion", decision))
    record = LegalAdviserOpinion.objects.create(decision=decision, kind=kind, adviser=adviser, opinion=opinion,
                                                given_on=given, attachment=attachment, recorded_by=actor)
    audit.record(actor=actor, action="decisions.add_adviser_opinion", obj=decision, after={"kind": kind,
                                                                                           "adviser": adviser})
    return record


@transaction.atomic
def return_for_supplement(*, actor: User, decision: Decision, reason: str) -> Decision:
    decision, review = _reviewer_locked(actor, decision)
    _refuse(workflow.state_problems("return_for_supplement", decision))
    procedure.review_return(actor=actor, target=decision, review=review, reason=reason)
    decision.state = DecisionState.RETURNED
    decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="decisions.return_for_supplement", obj=decision, after={"reason": reason})
    notify(recipient=decision.created_by, title=f"合法性审查退回补充：{decision.title}"[:200], body=reason,
           link=_link(decision))
    return decision


@transaction.atomic
def give_legality_opinion(*, actor: User, decision: Decision, opinion: str, opinion_text: str = "",
                          required_changes: str = "", checklist: dict | None = None) -> Decision:
    """第二十七条 (权限、程序、内容) and 第二十八条 (法律顾问、公职律师意见 must be in before the opinion)."""
    decision, review = _reviewer_locked(actor, decision)
    problems = workflow.state_problems("give_legality_opinion", decision)
    if opinion not in ReviewOpinion.values:
        problems.append("请选择审查意见：合法、修改后合法或不合法。")
    if opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and not (required_changes or "").strip():
        problems.append("“修改后合法”须写明修改要求。")
    if not (opinion_text or "").strip():
        problems.append("请写明对决策权限、程序和内容的审查意见（第二十七条）。")
    if not decision.adviser_opinions.exists():
        problems.append("合法性审查应当组织法律顾问、公职律师提出法律意见（第二十八条）。")
    _refuse(problems)
    procedure.review_opinion(actor=actor, target=decision, review=review, opinion=opinion, checklist=checklist or {},
                             opinion_text=opinion_text, required_changes=required_changes)
    decision.state = DecisionState.REVIEWED
    decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="decisions.give_legality_opinion", obj=decision, after={"opinion": opinion})
    notify(recipient=decision.created_by, title=f"合法性审查意见：{ReviewOpinion(opinion).label}——{decision.title}"[:200],
           link=_link(decision))
    return decision


@transaction.atomic
def confirm_changes(*, actor: User, decision: Decision) -> Decision:
    decision, review = _reviewer_locked(actor, decision)
    _refuse(workflow.state_problems("confirm_changes", decision))
    if review.version_id and review.version.number >= decision.version_count:
        raise TransitionRefused(["送审稿之后尚无调整后的草案版本（第二十八条：承办单位根据审查意见调整）。"])
    procedure.review_confirm_changes(actor=actor, target=decision, review=review,
                                     version=procedure.versions_of(decision).order_by("-number").first(),
                                     text_hash=procedure.text_sha256(decision.title, decision.draft))
    audit.record(actor=actor, action="decisions.confirm_changes", obj=decision)
    return decision
