"""Services of 投诉举报 against enforcement (行政处罚法 第七十五条): registered and accepted by the 行政执法监督
机构, answered by the agency complained about, closed with a finding — each step through the kernel machine
(permission, scope, audit in the same transaction), with a working-day clock."""

from __future__ import annotations

import datetime

from django.db import transaction

from fazhi.core import audit, deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.workdays import check_date

from . import rules
from .choices import ComplaintResult, ComplaintSource
from .models import Complaint
from .workflow import COMPLAINT_MACHINE as M
from .workflow import Perm


def _clock(c, rule_code, start, period, unit):
    return deadlines.deadline_create(actor=None, object_repr=str(c), rule_code=rule_code,
                                     legal_source="《行政处罚法》第七十五条", start_date=start, period=period, unit=unit,
                                     agency=c.agency, obj=c)


def _close_clocks(c, on_date):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    for d in Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Complaint), object_id=str(c.pk),
                                     status__in=["open", "overdue"]):
        deadlines.deadline_complete(actor=None, deadline=d, on_date=on_date)


@transaction.atomic
def register(*, actor, agency, source: str, content: str, received_on: datetime.date, complainant: str = "",
             contact: str = "", case=None) -> Complaint:
    """登记 a complaint about ``agency``; the acceptance clock starts."""
    from fazhi.core.models import Agency

    if actor is not None and not has_perm(actor, Perm.EVALUATE):
        raise NotPermitted("您没有登记执法投诉举报的权限。")
    if actor is not None and not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.EVALUATE).exists():
        raise NotPermitted("被投诉的执法机关不在您的监督范围内。")
    errors = {}
    if source not in ComplaintSource.values:
        errors["source"] = ["请选择来源。"]
    if not (content or "").strip():
        errors["content"] = ["请填写投诉举报内容。"]
    if case is not None and case.agency_id != agency.pk:
        errors["case"] = ["所涉案件不是被投诉机关的案件。"]
    if errors:
        raise ServiceError(field_errors=errors)
    check_date(received_on, "received_on")
    c = Complaint.objects.create(agency=agency, region_path=agency.region_path, source=source, content=content.strip(),
                                 received_on=received_on, complainant=(complainant or "").strip(),
                                 contact=(contact or "").strip(), case=case, created_by=actor)
    _clock(c, "enforcement.complaint_accept", received_on, rules.setting("COMPLAINT_ACCEPT_WORKING_DAYS"),
           PeriodUnit.WORKING_DAYS)
    audit.record(actor=actor, action="enforcement.complaint_register", obj=c,
                 after={"source": source, "agency": agency.name, "case": str(case) if case else ""})
    return c


@transaction.atomic
def accept(*, actor, complaint: Complaint, on_date: datetime.date) -> Complaint:
    step = M.begin("complaint_accept", actor=actor, obj=complaint)
    c = step.obj
    check_date(on_date, "on_date")
    if on_date < c.received_on:
        raise ServiceError(field_errors={"on_date": ["受理日期不能早于收到日期。"]})
    _close_clocks(c, on_date)
    handle = _clock(c, "enforcement.complaint_handle", on_date, rules.setting("COMPLAINT_HANDLE_DAYS"),
                    PeriodUnit.CALENDAR_DAYS)
    c.handle_by = handle.due_date
    return step.finish(update_fields=["handle_by"], after={"on_date": on_date.isoformat(),
                                                           "handle_by": c.handle_by.isoformat()})


@transaction.atomic
def reject(*, actor, complaint: Complaint, reason: str) -> Complaint:
    step = M.begin("complaint_reject", actor=actor, obj=complaint)
    c = step.obj
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请写明理由（如属信访、复议或诉讼事项，告知其途径）。"]})
    c.reject_reason = reason.strip()
    from django.utils import timezone

    _close_clocks(c, timezone.localdate())
    return step.finish(update_fields=["reject_reason"], after={"reason": c.reject_reason})


@transaction.atomic
def answer(*, actor, complaint: Complaint, answer: str, on_date: datetime.date) -> Complaint:
    """The agency's own check and correction (第七十五条: 发现有错误的，应当主动改正)."""
    step = M.begin("complaint_answer", actor=actor, obj=complaint)
    c = step.obj
    check_date(on_date, "on_date")
    if actor is not None and actor.agency_id != c.agency_id:
        raise NotPermitted("只有被投诉的执法机关可以报送核查和处理情况。")
    if len((answer or "").strip()) < 10:
        raise ServiceError(field_errors={"answer": ["请写明核查的事实和处理情况（不少于10个字）。"]})
    c.answer, c.answered_on = answer.strip(), on_date
    return step.finish(update_fields=["answer", "answered_on"], after={"on_date": on_date.isoformat()})


@transaction.atomic
def send_back(*, actor, complaint: Complaint, reason: str) -> Complaint:
    step = M.begin("complaint_return", actor=actor, obj=complaint)
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请写明退回的理由。"]})
    return step.finish(after={"reason": reason.strip()})


@transaction.atomic
def close(*, actor, complaint: Complaint, result: str, on_date: datetime.date) -> Complaint:
    step = M.begin("complaint_close", actor=actor, obj=complaint)
    c = step.obj
    check_date(on_date, "on_date")
    if result not in ComplaintResult.values:
        raise ServiceError(field_errors={"result": ["请选择办理结果。"]})
    c.result, c.closed_on = result, on_date
    step.finish(update_fields=["result", "closed_on"], after={"result": result, "on_date": on_date.isoformat(),
                                                               "late": bool(c.handle_by and on_date > c.handle_by)})
    _close_clocks(c, on_date)
    return c
