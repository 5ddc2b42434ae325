"""年终考评 pages: the sheets and the published ranking of a class; one sheet with self-assessment and review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.permissions import has_perm

from . import annual
from .choices import SheetState, UnitClass
from .perms import Perm


def _need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied


def _msg(exc):
    return getattr(exc, "message", "") or "您无权进行该操作。"


@login_required
def annual_list(request):
    _need(request.user, Perm.VIEW, Perm.REPORT)
    src = request.POST if request.method == "POST" else request.GET
    try:
        year = int(src.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    unit_class = src.get("class") if src.get("class") in UnitClass.values else UnitClass.COUNTY
    if request.method == "POST":
        _need(request.user, Perm.MANAGE)
        try:
            if request.POST.get("do") == "publish":
                n = len(annual.rank_and_publish(actor=request.user, year=year, unit_class=unit_class))
                messages.success(request, f"已公布{n}个单位的考评结果。")
            else:
                n = annual.open_sheets(actor=request.user, year=year, unit_class=unit_class)
                messages.success(request, f"已开启{n}张考评表。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, _msg(exc))
        return redirect(f"{reverse('supervision:annual')}?year={year}&class={unit_class}")
    sheets = list(annual.sheets_for(request.user).filter(year=year, unit_class=unit_class)
                  .order_by("rank", "agency__name"))
    published = bool(sheets) and all(s.state == SheetState.PUBLISHED for s in sheets)
    return render(request, "supervision/annual_list.html", {
        "sheets": sheets, "year": year, "unit_class": unit_class, "classes": UnitClass.choices,
        "published": published, "can_manage": has_perm(request.user, Perm.MANAGE)})


@login_required
def annual_sheet(request, pk):
    sheet = annual.sheets_for(request.user).filter(pk=pk).first()
    if sheet is None:
        raise Http404
    items = list(sheet.items.select_related("node"))
    if request.method == "POST":
        do = request.POST.get("do", "")
        prefix = "self" if do in ("self_save", "self_submit") else "review"
        scores = {i.pk: (request.POST.get(f"{prefix}_{i.pk}", ""), request.POST.get(f"{prefix}_note_{i.pk}", ""))
                  for i in items}
        try:
            if prefix == "self":
                annual.self_assess(actor=request.user, sheet=sheet, scores=scores, submit=do == "self_submit")
            else:
                annual.review(actor=request.user, sheet=sheet, scores=scores, finish=do == "review_finish")
            messages.success(request, "已保存。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, _msg(exc))
        return redirect(reverse("supervision:annual_sheet", args=[sheet.pk]))
    can_self = (sheet.state == SheetState.SELF and has_perm(request.user, Perm.REPORT)
                and request.user.agency_id == sheet.agency_id)
    can_review = sheet.state in (SheetState.SUBMITTED, SheetState.REVIEWED) and has_perm(request.user, Perm.MANAGE)
    return render(request, "supervision/annual_sheet.html", {"sheet": sheet, "items": items,
                                                              "can_self": can_self, "can_review": can_review})
