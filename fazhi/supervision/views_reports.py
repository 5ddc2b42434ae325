"""单位填报 pages: the list of reports in scope, one report's form with evidence, submission and approvals."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from fazhi.core import attachments
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import Period
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.procedure.pages import attachment_url, stored_uploads

from . import reporting
from .choices import ReportState
from .perms import Perm


def _need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied


PERIOD_RE = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


def parse_period(text: str) -> Period:
    """'2026-09' → that month; '2026-Q3' → that quarter; else a Chinese error."""
    m = PERIOD_RE.match((text or "").strip())
    if not m:
        raise ServiceError("期间格式应为 2026-09（月）或 2026-Q3（季度）。")
    year = int(m.group(1))
    return Period.month(year, int(m.group(2))) if m.group(2) else Period.quarter(year, int(m.group(3)))


@login_required
def report_list(request):
    _need(request.user, Perm.VIEW, Perm.REPORT)
    if request.method == "POST":
        _need(request.user, Perm.MANAGE)
        try:
            n = reporting.open_reports(actor=request.user, period=parse_period(request.POST.get("period", "")))
            messages.success(request, f"已开放{n}份填报表。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        return redirect("supervision:reports")
    qs = reporting.reports_for(request.user)
    state = request.GET.get("state", "")
    if state in ReportState.values:
        qs = qs.filter(state=state)
    page = page_from_request(request, qs, ordering=("-id",))
    return render(request, "supervision/report_list.html", {
        "page": page, "reports": page.items, "state": state, "states": ReportState.choices,
        "can_manage": has_perm(request.user, Perm.MANAGE)})


def _report(request, pk):
    obj = reporting.reports_for(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


@login_required
def report_detail(request, pk):
    report = _report(request, pk)
    if request.method == "POST":
        do = request.POST.get("do", "")
        try:
            if do in ("save", "submit"):
                values = {f["code"]: request.POST.get(f"f_{f['code']}", "") for f in report.form.fields}
                # the values and the evidence are saved together (the files go when the save fails);
                # a refused submission leaves them saved as a draft
                with stored_uploads(), transaction.atomic():
                    report = reporting.save_values(actor=request.user, report=report, values=values,
                                                   note=request.POST.get("note", ""))
                    for upload in request.FILES.getlist("evidence")[:10]:
                        attachments.attachment_create(actor=request.user, uploaded_file=upload, obj=report,
                                                      agency=report.agency)
                if do == "submit":
                    reporting.submit(actor=request.user, report=report)
                messages.success(request, "已报送。" if do == "submit" else "已保存。")
            elif do in ("approve", "return"):
                reporting.decide(actor=request.user, report=report, approve=do == "approve",
                                 note=request.POST.get("note", ""))
                messages.success(request, "已审核通过。" if do == "approve" else "已退回。")
            else:
                raise ServiceError("未知的操作。")
        except NotPermitted as exc:
            messages.error(request, exc.message if hasattr(exc, "message") else "您无权进行该操作。")
        except ServiceError as exc:
            msg = exc.message or "；".join(m for v in (getattr(exc, "field_errors", None) or {}).values() for m in v)
            messages.error(request, msg)
        return redirect(reverse("supervision:report", args=[report.pk]))
    files = [(a, attachment_url(a)) for a in attachments.attachments_for(report)]
    editable = (report.state in reporting.EDITABLE and not reporting.is_locked(report)
                and has_perm(request.user, Perm.REPORT)
                and (request.user.agency_id == report.agency_id or has_perm(request.user, Perm.MANAGE)))
    can_decide = report.state in (ReportState.SUBMITTED, ReportState.PARTLY) and (
        has_perm(request.user, Perm.MANAGE) or has_perm(request.user, Perm.APPROVE))
    rows = [{"code": f["code"], "label": f["label"], "unit": f.get("unit", ""), "required": f.get("required", True),
             "value": report.values.get(f["code"], "")} for f in report.form.fields]
    return render(request, "supervision/report_detail.html", {
        "report": report, "rows": rows, "files": files, "editable": editable, "can_decide": can_decide,
        "rules": report.form.rules.all(), "approvals": report.approvals.select_related("actor"),
        "lock_date": reporting.lock_date(report.period_end), "timely_date": reporting.timely_date(report.period_end),
        "levels": reporting.levels(report), "locked": reporting.is_locked(report)})
