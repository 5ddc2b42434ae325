"""Plans and task ledgers: import a plan, the views per plan (with the per-unit summary), per unit and per
task; progress reports with evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core import attachments
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.procedure.pages import attachment_url, stored_uploads

from . import plans
from .choices import TaskState
from .models import Plan
from .perms import Perm


def _need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied


def _msg(exc):
    return getattr(exc, "message", "") or "您无权进行该操作。"


@login_required
def plan_list(request):
    _need(request.user, Perm.VIEW, Perm.ANSWER)
    can_manage = has_perm(request.user, Perm.MANAGE)
    errors, status = [], 200
    if request.method == "POST":
        _need(request.user, Perm.MANAGE)
        try:
            if request.POST.get("do") == "propose":
                made = plans.propose_for_overdue(actor=request.user)
                messages.success(request, f"按“任务逾期未完成”规则提出督促函件{len(made)}件，待确认。")
                return redirect("supervision:plans")
            upload = request.FILES.get("file")
            if upload is None:
                raise ServiceError("请选择要导入的 Excel（.xlsx）文件。")
            try:
                year = int(request.POST.get("year") or 0)
            except ValueError:
                year = 0
            if not 2000 <= year <= 2100:
                raise ServiceError("请填写年度。")
            plan = plans.import_plan(actor=request.user, title=request.POST.get("title", ""), year=year,
                                     upload=upload)
            messages.success(request, f"已导入{plan.tasks.count()}项任务。")
            return redirect("supervision:plan", plan.pk)
        except (ServiceError, NotPermitted) as exc:
            errors = (getattr(exc, "field_errors", {}) or {}).get("file") or [_msg(exc)]
            status = 400
    visible = plans.tasks_for(request.user)
    today = timezone.localdate()
    items = []
    for plan in Plan.objects.filter(tasks__in=visible).distinct().order_by("-year", "-id"):
        tasks = visible.filter(plan=plan)
        items.append((plan, tasks.count(), tasks.filter(state=TaskState.DONE).count(),
                      tasks.filter(plans.overdue_q(today)).count()))
    return render(request, "supervision/plan_list.html", {
        "items": items, "can_manage": can_manage, "errors": errors, "headers": plans.HEADERS,
        "year": today.year}, status=status)


@login_required
def plan_detail(request, pk):
    _need(request.user, Perm.VIEW, Perm.ANSWER)
    visible = plans.tasks_for(request.user)
    plan = Plan.objects.filter(pk=pk, tasks__in=visible).distinct().first()
    if plan is None:
        raise Http404
    today = timezone.localdate()
    tasks = visible.filter(plan=plan)
    summary = plans.unit_summary(tasks, today)
    unit, state = request.GET.get("unit", ""), request.GET.get("state", "")
    if unit.isdigit():
        tasks = tasks.filter(lead_id=int(unit))
    if state == "overdue":
        tasks = tasks.filter(plans.overdue_q(today))
    elif state in TaskState.values:
        tasks = tasks.filter(state=state)
    page = page_from_request(request, tasks.select_related("lead").prefetch_related("co_units"), ordering=("id",))
    leads = Agency.objects.filter(pk__in=visible.filter(plan=plan).values("lead_id")).order_by("name")
    return render(request, "supervision/plan_detail.html", {
        "plan": plan, "summary": summary, "page": page, "tasks": page.items, "leads": leads, "unit": unit,
        "state": state, "states": TaskState.choices, "today": today})


@login_required
def task_detail(request, pk):
    _need(request.user, Perm.VIEW, Perm.ANSWER)
    task = plans.tasks_for(request.user).filter(pk=pk).select_related("plan", "lead").first()
    if task is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("do") == "milestone":
                m = task.milestones.filter(pk=request.POST.get("milestone") or 0).first()
                if m is None:
                    raise ServiceError("阶段目标不存在。")
                plans.milestone_done(actor=request.user, milestone=m)
            else:
                with stored_uploads(), transaction.atomic():
                    plans.report_progress(actor=request.user, task=task, text=request.POST.get("text", ""),
                                          progress=request.POST.get("progress", ""),
                                          uploads=request.FILES.getlist("evidence")[:10])
            messages.success(request, "已报告。")
        except (ServiceError, NotPermitted) as exc:
            messages.error(request, _msg(exc))
        return redirect(reverse("supervision:task", args=[task.pk]))
    reports = list(task.reports.select_related("agency", "by"))
    files = {r.pk: [(a, attachment_url(a)) for a in attachments.attachments_for(r)] for r in reports}
    me = request.user.agency_id
    can_report = task.state != TaskState.DONE and me and (
        me == task.lead_id or task.co_units.filter(pk=me).exists())
    return render(request, "supervision/task_detail.html", {
        "task": task, "milestones": task.milestones.all(), "co_units": task.co_units.all(),
        "reports": [(r, files[r.pk]) for r in reports], "can_report": can_report, "is_lead": me == task.lead_id,
        "letters": task.letters.all(), "today": timezone.localdate()})
