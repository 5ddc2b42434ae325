"""半年督察 pages: the inspection tasks in scope, one task with its findings and rectification items."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm

from . import inspections
from .models import Rectification
from .perms import Perm

DATE_ERR = {"invalid": "日期格式应为 YYYY-MM-DD。"}


class InspectionForm(forms.Form):
    agency = forms.ModelChoiceField(label="被督察单位", queryset=Agency.objects.filter(is_active=True,
                                                                                   kind__in=["government", "department"]))
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label="半年", choices=[(1, "上半年"), (2, "下半年")], coerce=int)
    title = forms.CharField(label="督察任务", max_length=200)
    subject = forms.CharField(label="督察内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    inspectors = forms.CharField(label="督察组成员", max_length=300)
    start_on = forms.DateField(label="开始日期", error_messages=DATE_ERR)
    end_on = forms.DateField(label="结束日期", error_messages=DATE_ERR)


def _need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied


def _msg(exc):
    return getattr(exc, "message", "") or "您无权进行该操作。"


@login_required
def inspection_list(request):
    _need(request.user, Perm.VIEW, Perm.ANSWER)
    can_manage = has_perm(request.user, Perm.MANAGE)
    form = InspectionForm(initial={"year": timezone.localdate().year, "half": 2}) if can_manage else None
    status = 200
    if request.method == "POST":
        _need(request.user, Perm.MANAGE)
        if request.POST.get("do") == "propose":
            try:
                made = inspections.propose_for_overdue(actor=request.user)
                messages.success(request, f"按“督察整改逾期”规则提出督促函件{len(made)}件，待确认。")
            except (ServiceError, NotPermitted) as exc:
                messages.error(request, _msg(exc))
            return redirect("supervision:inspections")
        form = InspectionForm(request.POST)
        if form.is_valid():
            try:
                ins = inspections.create_inspection(actor=request.user, **form.cleaned_data)
                return redirect("supervision:inspection", ins.pk)
            except (ServiceError, NotPermitted) as exc:
                form.add_error(None, _msg(exc))
        status = 400
    page = page_from_request(request, inspections.inspections_for(request.user), ordering=("-id",))
    return render(request, "supervision/inspection_list.html",
                  {"page": page, "items": page.items, "form": form, "can_manage": can_manage}, status=status)


@login_required
def inspection_detail(request, pk):
    ins = inspections.inspections_for(request.user).filter(pk=pk).first()
    if ins is None:
        raise Http404
    if request.method == "POST":
        do, p = request.POST.get("do", ""), request.POST
        try:
            if do == "finding":
                inspections.add_finding(actor=request.user, inspection=ins, text=p.get("text", ""),
                                        demand=p.get("demand", ""), workdays_=p.get("workdays") or None,
                                        basis=p.get("basis", ""))
            elif do == "feedback":
                on = p.get("on") or None
                try:
                    on = date.fromisoformat(on) if on else None
                except ValueError:
                    raise ServiceError("反馈日期格式应为 YYYY-MM-DD。") from None
                inspections.feedback(actor=request.user, inspection=ins, report=p.get("report", ""), on=on)
            elif do == "close":
                inspections.close(actor=request.user, inspection=ins)
            elif do in ("submit", "accept", "return"):
                item = Rectification.objects.filter(inspection=ins, pk=p.get("item") or 0).first()
                if item is None:
                    raise ServiceError("整改事项不存在。")
                if do == "submit":
                    inspections.submit_rectification(actor=request.user, item=item, report=p.get("report", ""))
                else:
                    inspections.review_rectification(actor=request.user, item=item, accept=do == "accept",
                                                     note=p.get("note", ""))
            else:
                raise ServiceError("未知的操作。")
            messages.success(request, "已办理。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, _msg(exc))
        return redirect(reverse("supervision:inspection", args=[ins.pk]))
    items = list(ins.items.select_related("finding").prefetch_related("letters"))
    return render(request, "supervision/inspection_detail.html", {
        "ins": ins, "items": items, "can_manage": has_perm(request.user, Perm.MANAGE),
        "is_unit": request.user.agency_id == ins.agency_id and has_perm(request.user, Perm.ANSWER),
        "today": timezone.localdate()})
