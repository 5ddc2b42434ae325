"""Statutory deadlines that workflows create: computed, paused, resumed, extended, scanned daily.

A deadline's due date is never edited by hand: it is *replayed* from its start date, period and unit
and its events (pause, resume, extend) in the order they were recorded, on the current calendar.
The same replay gives the step-by-step explanation, and recomputes open deadlines when the
administrator edits the calendar.

- Pause / resume: the days from the pause (exclusive) to the resumption (inclusive) do not count; the
  due date moves by that span, measured in the deadline's unit (working days for working-day periods,
  calendar days otherwise). Legal basis: 政府信息公开条例 第三十三条第三款 (征求第三方和其他机关意见
  所需时间不计算在期限内), 行政许可法 第四十五条 (听证、检验、检测、鉴定、专家评审等所需时间不计算在
  期限内). Note 政府信息公开条例 第三十条: after 补正 the period runs afresh "自行政机关收到补正的申请之日起"
  — a workflow that applies it cancels the deadline and creates a new one from that day.
- Extend: a further period, counted from the day after the current due date (e.g. 政府信息公开条例
  第三十三条第二款: 延长的期限最长不得超过20个工作日; 行政许可法 第四十二条).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from . import audit, workdays
from .choices import DeadlineEventKind, DeadlineStatus, NotificationLevel, PeriodUnit
from .errors import NotPermitted, ServiceError, TransitionRefused
from .models import Agency, Deadline, DeadlineEvent, User
from .notifications import notify
from .permissions import P, has_perm
from .scope import restrict
from .workdays import (
    MAX_DAYS,
    MAX_MONTHS,
    ONE_DAY,
    Calendar,
    CalendarResult,
    check_count,
    check_date,
    check_unit,
    compute_on,
    count_on,
    current_calendar,
    describe_span,
    fmt,
    roll_forward,
    year_warnings,
)

ACTIVE = (DeadlineStatus.OPEN, DeadlineStatus.PAUSED, DeadlineStatus.OVERDUE)
FIELDS = ["object_repr", "rule_code", "legal_source", "start_date", "period", "unit", "due_date", "provisional",
          "status", "agency", "responsible", "paused_on", "completed_on", "cancel_reason"]
UNIT_WORDS = {PeriodUnit.CALENDAR_DAYS: "日", PeriodUnit.WORKING_DAYS: "个工作日", PeriodUnit.MONTHS: "个月"}


# What users read instead of a rule code (they never see ``admin_penalty.decision``). Modules add theirs
# with ``register_rule_label`` from AppConfig.ready(); an unknown code reads as "法定期限".
RULE_LABELS: dict[str, str] = {
    "procedure.legality_review": "合法性审核期限",
    "document_legality_review": "规范性文件合法性审核期限",
    "document_filing": "规范性文件报送备案期限",
    "document_correction": "规范性文件纠错期限",
    "document_suggestion": "审查建议办理期限",
    "decision_legality_review": "重大行政决策合法性审查期限",
    "decision_execution_report": "决策执行情况报告期限",
    "admin_penalty.decision": "行政处罚决定期限",
    "admin_review.decision": "行政复议决定期限",
    "admin_license.decision": "行政许可决定期限",
    "gov_info.reply": "政府信息公开答复期限",
}


# Which module a rule belongs to, by the code's prefix (the leader's overview groups deadlines by module).
RULE_MODULES: dict[str, str] = {
    "document_": "规范性文件",
    "decision_": "重大行政决策",
    "procedure.": "合法性审核",
}


def rule_module(code: str) -> str:
    for prefix, label in RULE_MODULES.items():
        if (code or "").startswith(prefix):
            return label
    return "其他"


def register_rule_label(code: str, label: str) -> None:
    RULE_LABELS[code] = label


def rule_label(code: str) -> str:
    return RULE_LABELS.get(code or "", "法定期限")


# ---------------------------------------------------------------- the replay


def _period_text(amount: int, unit: str) -> str:
    return f"{amount}{UNIT_WORDS.get(unit, unit)}"


def replay(cal: Calendar, deadline: Deadline, events: list[DeadlineEvent]) -> CalendarResult:
    """The due date of ``deadline`` on calendar ``cal``, with every step that led to it."""
    steps = [f"期限依据：{deadline.legal_source}（{rule_label(deadline.rule_code)}），期间 "
             f"{_period_text(deadline.period, deadline.unit)}"]
    base, last_day = compute_on(cal, deadline.start_date, deadline.period, deadline.unit)
    steps += base.steps
    due, unknown = base.date, set()
    warnings = list(base.warnings)
    paused_on = None
    for event in events:
        if event.kind == DeadlineEventKind.PAUSE:
            paused_on = event.on_date
            steps.append(f"{event.on_date.isoformat()} 中止计时：{event.reason}")
        elif event.kind == DeadlineEventKind.RESUME and paused_on is not None:
            start, end = paused_on, event.on_date
            if deadline.unit == PeriodUnit.WORKING_DAYS:
                skipped = count_on(cal, start, end)
                if end > start:
                    unknown.update(cal.unknown_years(start + ONE_DAY, end))
                steps.append(f"{end.isoformat()} 恢复计时：{start.isoformat()} 至 {end.isoformat()} 中止期间的 "
                             f"{skipped} 个工作日不计入期限，届满日由 {due.isoformat()} 顺延 {skipped} 个工作日")
                moved, _ = compute_on(cal, due, skipped, PeriodUnit.WORKING_DAYS)
                if skipped:
                    steps += describe_span(cal, due + ONE_DAY, moved.date)
                warnings += moved.warnings
                due = last_day = moved.date
                steps.append(f"届满日变更为 {fmt(due)}")
            else:
                skipped = (end - start).days
                last_day = last_day + datetime.timedelta(days=skipped)
                steps.append(f"{end.isoformat()} 恢复计时：{start.isoformat()} 至 {end.isoformat()} 中止计时 "
                             f"{skipped} 日不计入期限，期间最后一日顺延至 {fmt(last_day)}")
                due, rolled = roll_forward(cal, last_day)
                unknown.update(cal.unknown_years(last_day, due))
                steps += rolled
            paused_on = None
        elif event.kind == DeadlineEventKind.EXTEND:
            steps.append(f"{event.on_date.isoformat()} 延长期限 {_period_text(event.amount, event.unit)}"
                         f"（理由：{event.reason}），自原届满日 {due.isoformat()} 的次日起算")
            extended, last_day = compute_on(cal, due, event.amount, event.unit)
            steps += extended.steps
            warnings += extended.warnings
            due = extended.date
    if paused_on is not None:
        steps.append(f"自 {paused_on.isoformat()} 起中止计时，尚未恢复；恢复计时后届满日将相应顺延")
    warnings += year_warnings(sorted(unknown))
    warnings = list(dict.fromkeys(warnings))
    return CalendarResult(due, bool(warnings), warnings, steps)


def _events(deadline: Deadline) -> list[DeadlineEvent]:
    return sorted(deadline.events.all(), key=lambda e: e.pk)


def _recompute(deadline: Deadline, cal: Calendar | None = None) -> CalendarResult:
    result = replay(cal or current_calendar(), deadline, _events(deadline))
    deadline.due_date, deadline.provisional = result.date, result.provisional
    return result


def deadline_explain(deadline: Deadline) -> list[str]:
    """How the due date was computed, step by step, in Chinese (for the detail page and the API)."""
    result = replay(current_calendar(), deadline, _events(deadline))
    lines = list(result.steps)
    if result.date != deadline.due_date:
        lines.append(f"注：按现行日历推算的届满日为 {result.date.isoformat()}，本期限记录的届满日为 "
                     f"{deadline.due_date.isoformat()}（此后日历有调整）")
    status = deadline.status
    if status == DeadlineStatus.OPEN:
        lines.append(f"当前状态：进行中，届满日 {fmt(deadline.due_date)}")
    elif status == DeadlineStatus.PAUSED:
        lines.append(f"当前状态：已中止计时（自 {deadline.paused_on.isoformat() if deadline.paused_on else ''} 起）")
    elif status == DeadlineStatus.OVERDUE:
        lines.append(f"当前状态：已超期（届满日 {deadline.due_date.isoformat()}）")
    elif status == DeadlineStatus.DONE and deadline.completed_on:
        late = (deadline.completed_on - deadline.due_date).days
        timing = "在期限内" if late <= 0 else f"超过届满日 {late} 日"
        lines.append(f"当前状态：已办结（{deadline.completed_on.isoformat()}，{timing}）")
    elif status == DeadlineStatus.CANCELLED:
        lines.append(f"当前状态：已撤销（理由：{deadline.cancel_reason}）")
    lines += [f"【暂定】{w}" for w in result.warnings]
    return lines


# ---------------------------------------------------------------- services


def _require(actor) -> None:
    if actor is not None and not has_perm(actor, P.MANAGE_DEADLINE):
        raise NotPermitted("您没有管理期限的权限。")


def _locked(actor, deadline) -> Deadline:
    """The deadline row, locked, if the actor may manage it (same refusal for missing and forbidden)."""
    _require(actor)
    queryset = Deadline.objects.select_for_update()
    if actor is not None:
        queryset = restrict(queryset, actor, P.MANAGE_DEADLINE)
    locked = queryset.filter(pk=getattr(deadline, "pk", None)).first()
    if locked is None:
        raise NotPermitted("该期限不存在或不在您的数据范围内。")
    return locked


def _reason(value, field_name: str = "reason") -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ServiceError(field_errors={field_name: ["请填写理由。"]})
    if len(text) > 300:
        raise ServiceError(field_errors={field_name: ["理由最多 300 个字。"]})
    return text


def _text(value, field_name: str, label: str, max_length: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ServiceError(field_errors={field_name: [f"请填写{label}。"]})
    if len(text) > max_length:
        raise ServiceError(field_errors={field_name: [f"{label}最多 {max_length} 个字。"]})
    return text


def _check_period(period, unit: str, field_name: str) -> int:
    return check_count(period, field_name, MAX_MONTHS if unit == PeriodUnit.MONTHS else MAX_DAYS, minimum=1)


class DeadlineStateRefused(TransitionRefused, ServiceError):
    """A step the deadline's current state does not allow (resume when not paused, extend when overdue…).

    A workflow refusal — the API answers 409 with the reasons — and also a ServiceError, so that callers
    catching bad input (forms, commands) handle it too. Nothing has been changed when it is raised.
    """

    def __init__(self, reasons: list[str]):
        super().__init__(reasons)  # TransitionRefused → ServiceError(message="；".join(reasons))


def _refuse_unless(deadline: Deadline, allowed: tuple, message: str) -> None:
    if deadline.status not in allowed:
        raise DeadlineStateRefused([f"{message}（当前状态：{deadline.get_status_display()}）。"])


def _save(deadline: Deadline, before: dict, actor, action: str, *extra_fields: str) -> Deadline:
    deadline.save(update_fields=["due_date", "provisional", "status", "paused_on", *extra_fields])
    audit.record(actor=actor, action=action, obj=deadline, before=before, after=audit.snapshot(deadline, FIELDS))
    return deadline


@transaction.atomic
def deadline_create(*, actor, object_repr: str, rule_code: str, legal_source: str, start_date: datetime.date,
                    period: int, unit: str, agency, responsible=None, obj=None, link: str = "") -> Deadline:
    _require(actor)
    if obj is not None and getattr(obj, "pk", None) is None:
        raise ServiceError("期限所属的事项尚未保存。")
    if obj is not None and not (object_repr or "").strip():
        object_repr = str(obj)
    object_repr = _text(object_repr, "object_repr", "事项名称", 200)
    rule_code = _text(rule_code, "rule_code", "规则代码", 60)
    legal_source = _text(legal_source, "legal_source", "法律依据", 200)
    check_date(start_date, "start_date")
    check_unit(unit)
    _check_period(period, unit, "period")
    if not isinstance(agency, Agency) or agency.pk is None:
        raise ServiceError(field_errors={"agency": ["请选择责任单位。"]})
    if not agency.is_active:
        raise ServiceError(field_errors={"agency": ["责任单位已停用。"]})
    if responsible is not None and (not isinstance(responsible, User) or not responsible.is_active):
        raise ServiceError(field_errors={"responsible": ["责任人应为在用账号。"]})
    if not isinstance(link, str) or len(link) > 300:
        raise ServiceError(field_errors={"link": ["链接最多 300 个字符。"]})
    deadline = Deadline(
        object_repr=object_repr, rule_code=rule_code, legal_source=legal_source, start_date=start_date,
        period=period, unit=unit, agency=agency, region_path=agency.region_path, responsible=responsible,
        created_by=actor, link=link, status=DeadlineStatus.OPEN,
    )
    if obj is not None:
        deadline.content_type = ContentType.objects.get_for_model(obj)
        deadline.object_id = str(obj.pk)
    result = replay(current_calendar(), deadline, [])
    deadline.due_date, deadline.provisional = result.date, result.provisional
    deadline.save()
    if actor is not None and not restrict(Deadline.objects.filter(pk=deadline.pk), actor, P.MANAGE_DEADLINE).exists():
        raise NotPermitted("不能为您数据范围以外的单位或人员设置期限。")
    audit.record(actor=actor, action="core.deadline_create", obj=deadline, after=audit.snapshot(deadline, FIELDS))
    return deadline


@transaction.atomic
def deadline_pause(*, actor, deadline, on_date: datetime.date, reason: str) -> Deadline:
    """Stop the clock from ``on_date`` (e.g. 征求第三方意见 — 政府信息公开条例 第三十三条第三款)."""
    deadline = _locked(actor, deadline)
    check_date(on_date, "on_date")
    reason = _reason(reason)
    _refuse_unless(deadline, (DeadlineStatus.OPEN,), "只有进行中的期限可以中止计时")
    if on_date < deadline.start_date:
        raise ServiceError(field_errors={"on_date": ["中止计时的日期不能早于起算日。"]})
    if on_date > deadline.due_date:
        raise ServiceError(field_errors={"on_date": ["中止计时的日期不能晚于届满日。"]})
    last = deadline.events.order_by("-id").first()
    if last is not None and on_date < last.on_date and last.kind == DeadlineEventKind.RESUME:
        raise ServiceError(field_errors={"on_date": ["中止计时的日期不能早于上一次恢复计时的日期。"]})
    before = audit.snapshot(deadline, FIELDS)
    DeadlineEvent.objects.create(deadline=deadline, kind=DeadlineEventKind.PAUSE, on_date=on_date, reason=reason,
                                 actor=actor)
    deadline.status, deadline.paused_on = DeadlineStatus.PAUSED, on_date
    return _save(deadline, before, actor, "core.deadline_pause")


@transaction.atomic
def deadline_resume(*, actor, deadline, on_date: datetime.date) -> Deadline:
    """Restart the clock; the due date moves by the paused span."""
    deadline = _locked(actor, deadline)
    check_date(on_date, "on_date")
    _refuse_unless(deadline, (DeadlineStatus.PAUSED,), "该期限未处于中止计时状态，无需恢复")
    if deadline.paused_on and on_date < deadline.paused_on:
        raise ServiceError(field_errors={"on_date": ["恢复计时的日期不能早于中止计时的日期。"]})
    before = audit.snapshot(deadline, FIELDS)
    DeadlineEvent.objects.create(deadline=deadline, kind=DeadlineEventKind.RESUME, on_date=on_date,
                                 reason="恢复计时", actor=actor)
    deadline.status, deadline.paused_on = DeadlineStatus.OPEN, None
    _recompute(deadline)
    return _save(deadline, before, actor, "core.deadline_resume")


@transaction.atomic
def deadline_extend(*, actor, deadline, amount: int, unit: str, reason: str) -> Deadline:
    """Add a further period after the current due date (decided before it expires — 行政许可法 第四十二条)."""
    deadline = _locked(actor, deadline)
    check_unit(unit)
    _check_period(amount, unit, "amount")
    reason = _reason(reason)
    _refuse_unless(deadline, (DeadlineStatus.OPEN, DeadlineStatus.PAUSED), "只有进行中或中止计时的期限可以延长")
    before = audit.snapshot(deadline, FIELDS)
    DeadlineEvent.objects.create(deadline=deadline, kind=DeadlineEventKind.EXTEND, on_date=timezone.localdate(),
                                 amount=amount, unit=unit, reason=reason, actor=actor)
    _recompute(deadline)
    return _save(deadline, before, actor, "core.deadline_extend")


@transaction.atomic
def deadline_complete(*, actor, deadline, on_date: datetime.date) -> Deadline:
    deadline = _locked(actor, deadline)
    check_date(on_date, "on_date")
    _refuse_unless(deadline, ACTIVE, "该期限已结束")
    if on_date < deadline.start_date:
        raise ServiceError(field_errors={"on_date": ["办结日期不能早于起算日。"]})
    before = audit.snapshot(deadline, FIELDS)
    deadline.status, deadline.completed_on, deadline.paused_on = DeadlineStatus.DONE, on_date, None
    return _save(deadline, before, actor, "core.deadline_complete", "completed_on")


@transaction.atomic
def deadline_cancel(*, actor, deadline, reason: str) -> Deadline:
    deadline = _locked(actor, deadline)
    reason = _reason(reason)
    _refuse_unless(deadline, ACTIVE, "该期限已结束")
    before = audit.snapshot(deadline, FIELDS)
    deadline.status, deadline.cancel_reason, deadline.paused_on = DeadlineStatus.CANCELLED, reason, None
    return _save(deadline, before, actor, "core.deadline_cancel", "cancel_reason")


def _is_late(deadline: Deadline, today: datetime.date) -> bool:
    return deadline.status == DeadlineStatus.OVERDUE or (
        deadline.status == DeadlineStatus.OPEN and deadline.due_date < today)


@transaction.atomic
def deadline_extend_overdue(*, actor, deadline, new_due_date: datetime.date, reason: str,
                            today: datetime.date | None = None) -> Deadline:
    """Give an overdue deadline a new due date, with the reason (e.g. the case could not be decided in time
    and the competent authority approved a later date). The extension is recorded as an "extend" event of
    the calendar days between the old and the new due date, so the replay still explains every step; the
    new date must be a working day after today, so that no roll-forward moves it."""
    today = today or timezone.localdate()
    deadline = _locked(actor, deadline)
    check_date(new_due_date, "new_due_date")
    reason = _reason(reason)
    if not _is_late(deadline, today):
        raise DeadlineStateRefused([f"只有已超期的期限可以重新确定届满日（当前状态：{deadline.get_status_display()}）。"])
    if new_due_date <= today:
        raise ServiceError(field_errors={"new_due_date": ["新的届满日应晚于今天。"]})
    cal = current_calendar()
    if not cal.is_working(new_due_date):
        raise ServiceError(field_errors={"new_due_date": [f"{fmt(new_due_date)}不是工作日，请选择工作日。"]})
    amount = (new_due_date - deadline.due_date).days
    _check_period(amount, PeriodUnit.CALENDAR_DAYS, "new_due_date")
    before = audit.snapshot(deadline, FIELDS)
    DeadlineEvent.objects.create(deadline=deadline, kind=DeadlineEventKind.EXTEND, on_date=today, amount=amount,
                                 unit=PeriodUnit.CALENDAR_DAYS, reason=f"超期后延长至 {new_due_date.isoformat()}：{reason}",
                                 actor=actor)
    _recompute(deadline, cal)
    deadline.status = DeadlineStatus.OPEN
    deadline.last_reminder_for, deadline.reminded_days = None, []
    return _save(deadline, before, actor, "core.deadline_extend_overdue", "last_reminder_for", "reminded_days")


@transaction.atomic
def deadline_close_overdue(*, actor, deadline, reason: str, today: datetime.date | None = None) -> Deadline:
    """Close an overdue deadline with the reason (handled late, withdrawn, transferred…); it leaves the lists
    of open work and keeps its overdue history in the audit log."""
    today = today or timezone.localdate()
    deadline = _locked(actor, deadline)
    reason = _reason(reason)
    if not _is_late(deadline, today):
        raise DeadlineStateRefused([f"只有已超期的期限可以在此关闭（当前状态：{deadline.get_status_display()}）。"])
    before = audit.snapshot(deadline, FIELDS)
    deadline.status, deadline.completed_on, deadline.paused_on = DeadlineStatus.DONE, today, None
    deadline.cancel_reason = f"超期关闭：{reason}"[:300]
    return _save(deadline, before, actor, "core.deadline_close_overdue", "completed_on", "cancel_reason")


@transaction.atomic
def recompute_open(*, actor) -> int:
    """Replay every unfinished deadline on the current calendar; return how many changed.

    Called by the calendar services in their transaction. An overdue deadline whose new due date has
    not passed yet is open again (the daily scan marks it overdue when it is).
    """
    if actor is not None and not has_perm(actor, P.MANAGE_CALENDAR):
        raise NotPermitted("只有工作日历管理员可以触发期限重算。")
    cal = current_calendar()
    today = timezone.localdate()
    changed = 0
    queryset = (Deadline.objects.select_for_update().filter(status__in=ACTIVE).order_by("pk")
                .prefetch_related(Prefetch("events", queryset=DeadlineEvent.objects.order_by("pk"))))
    for deadline in queryset:
        before = audit.snapshot(deadline, FIELDS)
        old = (deadline.due_date, deadline.provisional, deadline.status)
        _recompute(deadline, cal)
        if deadline.status == DeadlineStatus.OVERDUE and deadline.due_date >= today:
            deadline.status = DeadlineStatus.OPEN
        if (deadline.due_date, deadline.provisional, deadline.status) == old:
            continue
        deadline.save(update_fields=["due_date", "provisional", "status"])
        audit.record(actor=actor, action="core.deadline_recompute", obj=deadline, before=before,
                     after=audit.snapshot(deadline, FIELDS))
        changed += 1
    return changed


# ---------------------------------------------------------------- the daily scan


def recipients(deadline: Deadline) -> list[User]:
    """The responsible user, or else every active user of the agency who may manage deadlines."""
    if deadline.responsible_id and deadline.responsible.is_active:
        return [deadline.responsible]
    users = User.objects.filter(agency_id=deadline.agency_id, is_active=True).prefetch_related("role_assignments")
    return [user for user in users.order_by("pk") if has_perm(user, P.MANAGE_DEADLINE)]


@transaction.atomic
def _mark_overdue(pk: int, today: datetime.date) -> int:
    deadline = (Deadline.objects.select_for_update(of=("self",)).select_related("responsible")
                .filter(pk=pk, status=DeadlineStatus.OPEN, due_date__lt=today).first())
    if deadline is None:  # another scan got there first
        return 0
    before = audit.snapshot(deadline, FIELDS)
    deadline.status = DeadlineStatus.OVERDUE
    deadline.save(update_fields=["status"])
    audit.record(actor=None, action="core.deadline_overdue", obj=deadline, before=before,
                 after=audit.snapshot(deadline, FIELDS))
    body = (f"“{deadline.object_repr}”的期限已于 {fmt(deadline.due_date)} 届满，尚未办结。"
            f"依据：{deadline.legal_source}。")
    for user in recipients(deadline):
        notify(recipient=user, title=f"期限已超期：{deadline.object_repr}", body=body, link=deadline.link,
               level=NotificationLevel.DANGER)
    return 1


@transaction.atomic
def _remind(pk: int, today: datetime.date, remind_days: list[int]) -> int:
    deadline = (Deadline.objects.select_for_update(of=("self",)).select_related("responsible")
                .filter(pk=pk, status=DeadlineStatus.OPEN, due_date__gte=today).first())
    if deadline is None:
        return 0
    left = (deadline.due_date - today).days
    # Reminders are kept per due date: an extension or a resumption starts a fresh series.
    sent = set(deadline.reminded_days) if deadline.last_reminder_for == deadline.due_date else set()
    reached = {days for days in remind_days if days >= left}
    if not reached or reached <= sent:
        return 0
    deadline.reminded_days = sorted(sent | reached)
    deadline.last_reminder_for = deadline.due_date
    deadline.save(update_fields=["reminded_days", "last_reminder_for"])
    people = recipients(deadline)
    audit.record(actor=None, action="core.deadline_remind", obj=deadline,
                 after={"due_date": deadline.due_date.isoformat(), "days_left": left,
                        "recipients": [u.username for u in people]})
    when = "今天" if left == 0 else f"还剩 {left} 日"
    body = f"“{deadline.object_repr}”的期限将于 {fmt(deadline.due_date)} 届满（{when}）。依据：{deadline.legal_source}。"
    if deadline.provisional:
        body += "该届满日为暂定（日历尚未覆盖相关年度）。"
    for user in people:
        notify(recipient=user, title=f"期限提醒：{deadline.object_repr}（{deadline.due_date.isoformat()} 届满）",
               body=body, link=deadline.link, level=NotificationLevel.WARNING)
    return 1


SCAN_CHUNK = 200


def _in_chunks(step, pks, *args) -> int:
    """Run ``step`` for each deadline, a chunk of them per transaction (each still under its own row lock and
    savepoint): one commit per chunk instead of one per deadline, the day's scan of a province in seconds."""
    pks = list(pks)
    done = 0
    for start in range(0, len(pks), SCAN_CHUNK):
        with transaction.atomic():
            done += sum(step(pk, *args) for pk in pks[start:start + SCAN_CHUNK])
    return done


def scan_deadlines(*, today: datetime.date | None = None) -> dict:
    """Mark open deadlines past their due date overdue and send the advance reminders, each once.

    Every deadline is handled under its own row lock and savepoint, a chunk of them per transaction, so two
    scans running at the same time (or the same day twice) neither double-mark nor double-remind.
    """
    today = today or timezone.localdate()
    check_date(today, "today")
    # 民法典 第二百零三条第二款: 期间的最后一日的截止时间为二十四时 — overdue only from the day after.
    overdue = _in_chunks(_mark_overdue, Deadline.objects.filter(status=DeadlineStatus.OPEN, due_date__lt=today)
                         .values_list("pk", flat=True), today)
    remind_days = sorted({int(d) for d in settings.FAZHI_DEADLINE_REMIND_DAYS if int(d) >= 0})
    reminded = 0
    if remind_days:
        horizon = today + datetime.timedelta(days=remind_days[-1])
        candidates = Deadline.objects.filter(status=DeadlineStatus.OPEN, due_date__gte=today, due_date__lte=horizon)
        reminded = _in_chunks(_remind, candidates.values_list("pk", flat=True), today, remind_days)
    return {"overdue": overdue, "reminded": reminded}


# ---------------------------------------------------------------- where a deadline stands (for desks)


@dataclasses.dataclass
class Clock:
    """Where a deadline stands today, in working days (工作日): what every desk shows beside an item."""

    due: datetime.date | None = None
    days: int | None = None  # working days left (negative: overdue by that many)
    late: bool = False
    paused: bool = False
    provisional: bool = False
    done: bool = False

    @property
    def overdue_days(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


def clock_of(deadline, today: datetime.date, cal=None) -> Clock:
    if deadline is None:
        return Clock()
    cal = cal or workdays.current_calendar()
    clock = Clock(due=deadline.due_date, provisional=deadline.provisional)
    if deadline.status in (DeadlineStatus.DONE, DeadlineStatus.CANCELLED):
        clock.done = True
    elif deadline.status == DeadlineStatus.PAUSED:
        clock.paused = True
        clock.days = workdays.count_on(cal, deadline.paused_on or today, deadline.due_date)
    else:
        clock.days = workdays.count_on(cal, today, deadline.due_date)
        clock.late = deadline.status == DeadlineStatus.OVERDUE or deadline.due_date < today
    return clock


def deadlines_of(obj):
    """The deadlines running on ``obj`` (any model), oldest first."""
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                   object_id=str(obj.pk)).order_by("start_date", "id")


def clock_rows(deadlines) -> list[dict]:
    """Deadlines as a page shows them: each with its rule's label and its clock today."""
    today, cal = timezone.localdate(), workdays.current_calendar()
    return [{"deadline": d, "label": rule_label(d.rule_code), "clock": clock_of(d, today, cal)} for d in deadlines]
