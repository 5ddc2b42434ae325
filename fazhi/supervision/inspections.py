"""半年督察: inspection tasks, findings, rectification items with working-day deadlines, closure; an overdue
rectification proposes the next step of the letter ladder (staff confirm).

Basis: 《法治政府建设与责任落实督察工作规定》第十一条 (年度计划、任务台账), 第十二条/第十三条 (书面、实地督察及措施),
第十六条 (督察组), 第十七条 (督察报告), 第十八条 (反馈结果、限期整改、报告整改情况), 第十九条 (通报),
第三十条 (约谈). The half-year cadence and the working-day deadline are local practice [U];
the default deadline is SUPERVISION_RECTIFY_WORKDAYS.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from fazhi.core import audit, notifications, workdays
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency, User
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from .base import _require
from .choices import LADDER, InspectionState, LetterState, RectState
from .letters import KIND_DEMAND
from .models import Finding, Inspection, Letter, Rectification
from .perms import Perm

OPEN_LETTER = [LetterState.PROPOSED, LetterState.ISSUED, LetterState.ANSWERED, LetterState.RETURNED]
MAX_WORKDAYS = 120


def inspections_for(user):
    qs = Inspection.objects.all()
    return (restrict(qs, user, Perm.VIEW) | restrict(qs, user, Perm.ANSWER)).select_related("agency", "region")


def _text(value, label, minimum=1, maximum=5000):
    v = (value or "").strip()
    if len(v) < minimum:
        raise ServiceError(f"请填写{label}。" if minimum == 1 else f"请填写{label}（不少于{minimum}个字）。")
    if len(v) > maximum:
        raise ServiceError(f"{label}不能超过{maximum}个字。")
    return v


def create_inspection(*, actor, agency: Agency, year: int, half: int, title: str, subject: str, inspectors: str,
                      start_on: datetime.date, end_on: datetime.date) -> Inspection:
    _require(actor)
    if half not in (1, 2):
        raise ServiceError("请选择上半年或下半年。")
    if not (2000 <= int(year) <= 2100):
        raise ServiceError("年度无效。")
    if start_on is None or end_on is None or end_on < start_on:
        raise ServiceError("结束日期不能早于开始日期。")
    with transaction.atomic():
        ins = Inspection.objects.create(
            agency=agency, region=agency.region, region_path=agency.region_path, year=year, half=half,
            title=_text(title, "督察任务", maximum=200), subject=_text(subject, "督察内容"),
            inspectors=_text(inspectors, "督察组成员", maximum=300), start_on=start_on, end_on=end_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action="supervision.inspection_create", obj=ins,
                     after={"agency": agency.name, "title": ins.title, "start_on": start_on.isoformat(),
                            "end_on": end_on.isoformat(), "inspectors": ins.inspectors})
    return ins


def add_finding(*, actor, inspection: Inspection, text: str, demand: str, workdays_: int | None = None,
                basis: str = "") -> Finding:
    """A finding with its rectification item (its deadline is set when the result is fed back)."""
    from django.conf import settings

    _require(actor)
    n = settings.SUPERVISION_RECTIFY_WORKDAYS if workdays_ in (None, "") else workdays_
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise ServiceError("整改时限应为工作日天数。") from None
    if not 1 <= n <= MAX_WORKDAYS:
        raise ServiceError(f"整改时限应为1至{MAX_WORKDAYS}个工作日。")
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.state != InspectionState.PLANNED:
            raise ServiceError("督察结果已反馈，不能再添加问题。")
        order = inspection.findings.count() + 1
        finding = Finding.objects.create(inspection=inspection, text=_text(text, "发现的问题", 5),
                                         basis=(basis or "").strip()[:300], order=order)
        item = Rectification.objects.create(finding=finding, inspection=inspection, agency=inspection.agency,
                                            region_path=inspection.region_path, demand=_text(demand, "整改要求"),
                                            workdays=n)
        audit.record(actor=actor, action="supervision.finding_add", obj=finding,
                     after={"inspection": inspection.pk, "text": finding.text, "workdays": n, "item": item.pk})
    return finding


def _unit_users(agency: Agency):
    users = User.objects.filter(is_active=True, agency=agency).prefetch_related("role_assignments")
    return [u for u in users if has_perm(u, Perm.ANSWER)]


def feedback(*, actor, inspection: Inspection, report: str, on: datetime.date | None = None) -> Inspection:
    """Feed the result back (第十八条): the 督察报告 and, for each item, the deadline of N working days
    counted from the day after the feedback on the working-day calendar."""
    _require(actor)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ServiceError("反馈日期不能晚于今天。")
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.state != InspectionState.PLANNED:
            raise ServiceError("督察结果已反馈。")
        if on < inspection.end_on:
            raise ServiceError("反馈日期不能早于督察结束日期。")
        items = list(inspection.items.all())
        inspection.report = _text(report, "督察报告", 10, 20000)
        inspection.feedback_on, inspection.state = on, InspectionState.FEEDBACK
        if not items:
            inspection.state, inspection.closed_at = InspectionState.CLOSED, timezone.now()
        inspection.save(update_fields=["report", "feedback_on", "state", "closed_at"])
        for item in items:
            item.due_on = workdays.add_working_days(on, item.workdays).date
            item.save(update_fields=["due_on"])
        audit.record(actor=actor, action="supervision.inspection_feedback", obj=inspection,
                     after={"feedback_on": on.isoformat(), "items": {i.pk: i.due_on.isoformat() for i in items}})
        for u in _unit_users(inspection.agency):
            notifications.notify(recipient=u, title=f"督察反馈：{inspection.title}",
                                 body=f"{len(items)}项问题须限期整改。", link=f"/supervision/inspections/{inspection.pk}/")
    return inspection


def _item(actor, item: Rectification, perm) -> Rectification:
    row = Rectification.objects.select_for_update().select_related("inspection", "agency").get(pk=item.pk)
    if actor is not None and not restrict(Rectification.objects.filter(pk=row.pk), actor, perm).exists():
        raise NotPermitted("不在您的管辖范围内。")
    return row


def submit_rectification(*, actor, item: Rectification, report: str) -> Rectification:
    """The inspected unit reports what it did (第十八条)."""
    with transaction.atomic():
        item = _item(actor, item, Perm.ANSWER)
        if actor is not None and actor.agency_id != item.agency_id:
            raise NotPermitted("只有整改单位可以报送整改情况。")
        if item.state not in (RectState.OPEN, RectState.RETURNED) or item.due_on is None:
            raise ServiceError(f"该事项{item.get_state_display()}，不能报送。")
        item.report, item.submitted_at, item.state = _text(report, "整改情况", 10, 10000), timezone.now(), \
            RectState.SUBMITTED
        item.save(update_fields=["report", "submitted_at", "state"])
        late = timezone.localdate() > item.due_on
        audit.record(actor=actor, action="supervision.rectification_submit", obj=item, after={"late": late})
    return item


def review_rectification(*, actor, item: Rectification, accept: bool, note: str = "") -> Rectification:
    _require(actor)
    if not accept and not (note or "").strip():
        raise ServiceError("退回须写明理由。")
    with transaction.atomic():
        item = _item(actor, item, Perm.MANAGE)
        if item.state != RectState.SUBMITTED:
            raise ServiceError("该事项不在待审核状态。")
        item.review_note = (note or "").strip()[:500]
        item.state = RectState.ACCEPTED if accept else RectState.RETURNED
        item.accepted_at = timezone.now() if accept else None
        item.save(update_fields=["review_note", "state", "accepted_at"])
        audit.record(actor=actor, action="supervision.rectification_review", obj=item,
                     after={"state": item.state, "note": item.review_note})
    return item


def close(*, actor, inspection: Inspection) -> Inspection:
    """办结: only when every rectification item is accepted (销号)."""
    _require(actor)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.state != InspectionState.FEEDBACK:
            raise ServiceError("只有已反馈的督察任务可以办结。")
        left = inspection.items.exclude(state=RectState.ACCEPTED).count()
        if left:
            raise ServiceError(f"还有{left}项整改未销号，不能办结。")
        inspection.state, inspection.closed_at = InspectionState.CLOSED, timezone.now()
        inspection.save(update_fields=["state", "closed_at"])
        audit.record(actor=actor, action="supervision.inspection_close", obj=inspection, after={"state": "closed"})
    return inspection


def overdue_items(today: datetime.date | None = None):
    """Items past their deadline and not reported (an item returned counts as not reported)."""
    today = today or timezone.localdate()
    return Rectification.objects.filter(state__in=[RectState.OPEN, RectState.RETURNED], due_on__lt=today)


def propose_for_overdue(*, actor, today: datetime.date | None = None) -> list[Letter]:
    """Rule: an overdue rectification proposes the next rung of the ladder for it — a 提示函 first, then
    通报, 约谈, 问责 after each earlier rung has been closed or escalated — unless one is still open."""
    _require(actor)
    today = today or timezone.localdate()
    out = []
    with transaction.atomic():
        items = (overdue_items(today).select_related("inspection", "finding", "agency")
                 .annotate(open_letters=Count("letters", filter=Q(letters__state__in=OPEN_LETTER)),
                           all_letters=Count("letters")))
        for item in items:
            if item.open_letters:
                continue
            kinds = set(item.letters.values_list("kind", flat=True))
            step = max((LADDER.index(k) for k in kinds), default=-1) + 1
            if step >= len(LADDER):
                continue
            kind = LADDER[step]
            letter = Letter.objects.create(
                kind=kind, region=item.inspection.region, agency=item.agency, region_path=item.region_path,
                rectification=item, rule="督察整改逾期",
                problems=(f"{item.inspection.title}发现的问题“{item.finding.text}”，整改期限"
                          f"{item.due_on:%Y年%m月%d日}已过，尚未报送整改情况。"),
                demand=KIND_DEMAND[kind], created_by=actor if getattr(actor, "is_authenticated", False) else None)
            audit.record(actor=actor, action="supervision.propose", obj=letter,
                         after={"kind": kind, "rule": letter.rule, "rectification": item.pk})
            out.append(letter)
    return out
