"""Execution reports, post-evaluation, adjustment, suspension and the public's feedback (第三十四条至第三十九条)."""
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import User
from fazhi.core.notifications import notify
from fazhi.core.permissions import has_perm
from fazhi.core.validators import date_input, text_input
from fazhi.procedure.steps import locked, refuse, refuse_fields, stored

from .. import workflow
from ..choices import (
    AdjustmentKind,
    DecisionState,
    EvaluationConclusion,
    EvaluationTrigger,
    RerunStep,
)
from ..models import (
    Adjustment,
    Decision,
    ExecutionReport,
    PostEvaluation,
    PublicFeedback,
)
from ..workflow import Perm


def _schedule_reports(decision, since: date, units) -> None:
    """The next execution report of each unit, as a deadline (第三十四条: 向决策机关报告决策执行情况)."""
    for unit in units:
        deadline = deadlines.deadline_create(
            actor=None, object_repr=f"执行情况报告：{decision.title}"[:200], rule_code="decision_execution_report",
            legal_source="《重大行政决策程序暂行条例》第三十四条", start_date=since,
            period=decision.report_every_months, unit=PeriodUnit.MONTHS, agency=unit, obj=decision,
            link=decision.get_absolute_url(),
        )
        ExecutionReport.objects.create(decision=decision, unit=unit, deadline=deadline,
                                       period_label=f"截至 {deadline.due_date}")


@transaction.atomic
def execution_report(*, actor: User, decision: Decision, progress: str, problems: str = "") -> ExecutionReport:
    if actor is None or not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    refuse(workflow.state_problems("report_execution", decision))
    report = (ExecutionReport.objects.select_for_update(of=("self",)).filter(decision=decision,
                                                                              unit_id=actor.agency_id,
                                                                 submitted_on__isnull=True)
              .order_by("deadline__due_date").first())
    if report is None:
        raise NotPermitted("您的单位不是该决策的执行单位，或没有待报告的执行情况。")
    errors: dict = {}
    progress = text_input(progress, "progress", "执行情况", errors)
    refuse_fields(errors)
    today = timezone.localdate()
    report.progress = progress
    report.problems = (problems or "").strip()
    report.submitted_on = today
    report.submitted_by = actor
    report.save()
    if report.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=report.deadline, on_date=today)
    audit.record(actor=actor, action="decisions.report_execution", obj=decision,
                 after={"unit": actor.agency.name, "late": bool(report.deadline and today > report.deadline.due_date)})
    if report.problems:
        # 第三十五条第一款: problems and major changes are reported to the organ.
        notify(recipient=decision.created_by, title=f"执行中发现问题：{decision.title}"[:200], body=report.problems,
               link=decision.get_absolute_url(), level="warning")
    if decision.state == DecisionState.PUBLISHED:
        _schedule_reports(decision, report.deadline.due_date if report.deadline else today, [actor.agency])
    return report


def _main_assessors(decision) -> set[str]:
    names = {r.assessor.strip() for r in decision.risk_assessments.all()}
    names |= {a.expert.organisation.strip() for a in decision.expert_assignments.select_related("expert")}
    return {n for n in names if n}


@transaction.atomic
def post_evaluation_start(*, actor: User, decision: Decision, trigger: str, evaluator: str) -> PostEvaluation:
    """第三十六条: triggers; 可以委托第三方，决策作出前承担主要论证评估工作的单位除外."""
    decision = locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    if trigger not in EvaluationTrigger.values:
        errors["trigger"] = ["请选择启动后评估的情形（第三十六条）。"]
    evaluator = text_input(evaluator, "evaluator", "评估单位", errors, max_length=100)
    refuse_fields(errors)
    problems = workflow.state_problems("start_post_evaluation", decision)
    if evaluator in _main_assessors(decision):
        problems.append(f"{evaluator}在决策作出前承担了主要论证评估工作，不能承担后评估（第三十六条第二款）。")
    if decision.post_evaluations.filter(done_on__isnull=True).exists():
        problems.append("已有进行中的决策后评估。")
    refuse(problems)
    evaluation = PostEvaluation.objects.create(decision=decision, trigger=trigger, evaluator=evaluator,
                                               started_on=timezone.localdate(), started_by=actor)
    audit.record(actor=actor, action="decisions.start_post_evaluation", obj=decision,
                 after={"trigger": trigger, "evaluator": evaluator})
    return evaluation


@transaction.atomic
def post_evaluation_finish(*, actor: User, decision: Decision, report: str, conclusion: str) -> PostEvaluation:
    decision = locked(actor, decision, Perm.MANAGE)
    evaluation = decision.post_evaluations.filter(done_on__isnull=True).first()
    if evaluation is None:
        raise TransitionRefused(["没有进行中的决策后评估。"])
    errors: dict = {}
    report = text_input(report, "report", "评估报告", errors)
    if conclusion not in EvaluationConclusion.values:
        errors["conclusion"] = ["请选择评估结论。"]
    refuse_fields(errors)
    evaluation.report = report
    evaluation.conclusion = conclusion
    evaluation.done_on = timezone.localdate()
    evaluation.save()
    audit.record(actor=actor, action="decisions.finish_post_evaluation", obj=decision, after={"conclusion": conclusion})
    return evaluation


@transaction.atomic
def decision_adjust(*, actor: User, decision: Decision, kind: str, basis: str, reason: str,
                    emergency: bool = False, meeting_name: str = "", meeting_held_on=None, minutes=None,
                    post_evaluation=None, substantive: bool = False, rerun_steps=()) -> Adjustment:
    """第三十七条: 未经法定程序不得随意变更或者停止执行; 情况紧急的，行政首长可以先决定中止执行; 需要作出重大调整的，
    应当依照本条例履行相关法定程序. This is the only path that changes an executing decision, and the record says
    which it was. A change or a stop rests on a recorded meeting of the organ (name, date, minutes) or on a
    finished post-evaluation of this decision (第三十六条第四款) — recorded, not read from the wording of
    ``basis``. A substantive change (重大调整) sends the decision back to drafting: the steps it touches run again,
    and so do the legality review and the collective decision (``rerun_since`` makes older records not count)."""
    decision = locked(actor, decision, Perm.MANAGE)
    minutes = stored(actor, minutes, decision)
    errors: dict = {}
    if kind not in AdjustmentKind.values:
        errors["kind"] = ["请选择调整类型。"]
    basis = text_input(basis, "basis", "调整依据", errors)
    reason = text_input(reason, "reason", "理由", errors)
    held = date_input(meeting_held_on, "meeting_held_on", errors, required=False)
    meeting_name = (meeting_name or "").strip()[:100]
    rerun_steps = [str(step) for step in (rerun_steps or [])]
    if any(step not in RerunStep.values for step in rerun_steps):
        errors["rerun_steps"] = ["请从列表中选择须重新履行的程序。"]
    evaluation = None
    if post_evaluation not in (None, ""):
        evaluation = decision.post_evaluations.filter(pk=getattr(post_evaluation, "pk", post_evaluation),
                                                      done_on__isnull=False).first()
        if evaluation is None:
            errors["post_evaluation"] = ["请选择本决策已完成的后评估。"]
    refuse_fields(errors)
    action = "suspend" if kind == AdjustmentKind.SUSPEND else "adjust"
    problems = workflow.state_problems(action, decision)
    if kind == AdjustmentKind.RESUME and decision.state != DecisionState.SUSPENDED:
        problems.append("只有中止执行的决策才能恢复执行。")
    if emergency and kind != AdjustmentKind.SUSPEND:
        problems.append("紧急情况下行政首长只能先决定中止执行（第三十七条）。")
    if kind in (AdjustmentKind.CHANGE, AdjustmentKind.STOP) and not emergency and evaluation is None:
        if not meeting_name or held is None:
            problems.append("变更或停止执行须经决策机关集体讨论（填写会议名称和日期）或依据已完成的决策后评估"
                            "（第三十六条第四款、第三十七条）。")
        elif held > timezone.localdate():
            problems.append("会议日期不能晚于今天。")
        elif decision.decided_on and held < decision.decided_on:
            problems.append("决定调整的会议不能早于决策作出之日。")
    if substantive and kind != AdjustmentKind.CHANGE:
        problems.append("只有变更决策才可能构成须重新履行法定程序的重大调整。")
    refuse(problems)
    today = timezone.localdate()
    record = Adjustment.objects.create(
        decision=decision, kind=kind, on_date=today, emergency=emergency, basis=basis, reason=reason,
        meeting_name=meeting_name, meeting_held_on=held, minutes=minutes, post_evaluation=evaluation,
        substantive=bool(substantive), rerun_steps=rerun_steps if substantive else [], recorded_by=actor)
    decision.state = {AdjustmentKind.SUSPEND: DecisionState.SUSPENDED, AdjustmentKind.RESUME: DecisionState.PUBLISHED,
                      AdjustmentKind.STOP: DecisionState.ENDED}.get(kind, decision.state)
    fields = ["state", "updated_at"]
    if substantive:
        # 第三十七条: 重大调整 → back to drafting; the touched steps, the legality review (第二十五条) and the
        # collective decision (第三十条) run again before the changed decision is published.
        decision.state = DecisionState.STARTED
        decision.rerun_since = today
        decision.rerun_steps = rerun_steps
        decision.archive_sealed_at = None
        fields += ["rerun_since", "rerun_steps", "archive_sealed_at"]
    if kind == AdjustmentKind.STOP or substantive:
        # A stopped (or redrafted) decision is not executed as it stood: its pending execution reports go.
        for report in decision.execution_reports.filter(submitted_on__isnull=True).select_related("deadline"):
            if report.deadline_id and report.deadline.status in ("open", "paused", "overdue"):
                deadlines.deadline_cancel(actor=None, deadline=report.deadline,
                                          reason="决策停止执行" if kind == AdjustmentKind.STOP else "决策重大调整")
    decision.save(update_fields=fields)
    audit.record(actor=actor, action=f"decisions.{action}", obj=decision,
                 after={"kind": kind, "emergency": emergency, "basis": basis, "substantive": bool(substantive),
                        "rerun_steps": rerun_steps if substantive else [],
                        "meeting": meeting_name, "post_evaluation": evaluation.pk if evaluation else None})
    return record


def decision_suspend(*, actor: User, decision: Decision, basis: str = "", reason: str = "",
                     emergency: bool = False) -> Adjustment:
    """中止执行 (第三十七条): an adjustment of the kind 中止."""
    return decision_adjust(actor=actor, decision=decision, kind=AdjustmentKind.SUSPEND, basis=basis, reason=reason,
                           emergency=bool(emergency))


@transaction.atomic
def feedback_submit(*, decision: Decision, content: str, name: str = "", contact: str = "",
                    client_ip: str | None = None) -> PublicFeedback:
    """第三十五条第二款: 公民、法人或者其他组织认为决策及其实施存在问题的，可以提出意见建议 (from the portal)."""
    errors: dict = {}
    content = text_input(content, "content", "意见建议", errors, max_length=5000)
    refuse_fields(errors)
    if decision.state not in (DecisionState.PUBLISHED, DecisionState.SUSPENDED):
        raise TransitionRefused(["只能对已公布的决策提出意见建议。"])
    if client_ip:
        from django.conf import settings

        since = timezone.now() - timedelta(hours=1)
        if PublicFeedback.objects.filter(client_ip=client_ip, submitted_at__gte=since).count() >= \
                settings.FAZHI_PUBLIC_RATE_PER_HOUR:
            raise ServiceError("提交过于频繁，请一小时后再试。")
    feedback = PublicFeedback.objects.create(decision=decision, content=content, name=(name or "")[:60],
                                             contact=(contact or "")[:100], submitted_at=timezone.now(),
                                             client_ip=client_ip)
    audit.record(actor=None, action="decisions.feedback_submit", obj=decision, after={"feedback": feedback.pk})
    return feedback
