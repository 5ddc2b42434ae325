"""法治政府建设年度报告 pages: the year's reports with their deadlines, one report's five parts."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.permissions import has_perm

from . import annual_reports as svc
from .models import AnnualReport
from .perms import Perm


def _need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied


def _msg(exc):
    return getattr(exc, "message", "") or "您无权进行该操作。"


@login_required
def report_list(request):
    _need(request.user, Perm.VIEW, Perm.REPORT)
    today = timezone.localdate()
    src = request.POST if request.method == "POST" else request.GET
    try:
        year = int(src.get("year") or today.year - (1 if today.month <= 4 else 0))
    except ValueError:
        year = today.year - 1
    if request.method == "POST":
        _need(request.user, Perm.MANAGE)
        try:
            if request.POST.get("do") == "propose":
                made = svc.propose_for_late(actor=request.user)
                messages.success(request, f"按“未按时报送或公开”规则提出通报{len(made)}件，待确认。")
            else:
                messages.success(request, f"已起草{svc.draft_reports(actor=request.user, year=year)}份年度报告。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, _msg(exc))
        return redirect(f"{reverse('supervision:annual_reports')}?year={year}")
    rows = [(r, svc.status(r, today)) for r in svc.reports_for(request.user).filter(year=year)]
    return render(request, "supervision/annual_report_list.html", {
        "rows": rows, "year": year, "can_manage": has_perm(request.user, Perm.MANAGE),
        "submit_due_dept": svc.submit_due(year, True), "publish_due": svc.publish_due(year)})


@login_required
def report_detail(request, pk):
    report = svc.reports_for(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404
    if request.method == "POST":
        do, p = request.POST.get("do", ""), request.POST
        try:
            if do in ("save", "submit"):
                report = svc.edit(actor=request.user, report=report, parts={n: p.get(n, "") for n in svc.PARTS})
                if do == "submit":
                    svc.submit(actor=request.user, report=report)
            elif do in ("accept", "return"):
                svc.review(actor=request.user, report=report, accept=do == "accept", note=p.get("note", ""))
            elif do == "publish":
                try:
                    on = date.fromisoformat(p.get("published_on", ""))
                except ValueError:
                    raise ServiceError("公开日期格式应为 YYYY-MM-DD。") from None
                svc.publish(actor=request.user, report=report, url=p.get("url", "").strip(), published_on=on,
                            secrecy_checked=p.get("secrecy") == "on")
            else:
                raise ServiceError("未知的操作。")
            messages.success(request, "已办理。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, _msg(exc))
        return redirect(reverse("supervision:annual_report", args=[report.pk]))
    own = request.user.agency_id == report.agency_id and has_perm(request.user, Perm.REPORT)
    parts = [(n, AnnualReport._meta.get_field(n).verbose_name, getattr(report, n)) for n in svc.PARTS]
    return render(request, "supervision/annual_report_detail.html", {
        "r": report, "parts": parts, "editable": own and report.state in svc.EDITABLE,
        "can_publish": own and report.state == "accepted",
        "can_review": has_perm(request.user, Perm.MANAGE) and report.state == "submitted",
        "status": svc.status(report, timezone.localdate()), "today": timezone.localdate()})
