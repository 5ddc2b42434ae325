"""Staff pages: the scorecard (units × indicators, coloured bands), the ranking, letters."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.procedure.views import action_panels, transition_post

from . import letters as letter_services
from . import selectors, services
from .choices import UnitClass
from .forms import MonthForm, PublishForm
from .letters import chain
from .models import MonitoringRun, Scheme
from .perms import Perm
from .workflow import LETTER_MACHINE


def _need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied


@login_required
def scorecard(request):
    _need(request.user, Perm.VIEW)
    periods = selectors.periods_available()
    chosen = request.GET.get("period", "")
    try:
        start = date.fromisoformat(chosen) if chosen else (periods[0] if periods else None)
    except ValueError:
        start = periods[0] if periods else None
    cols, rows, meta = selectors.scorecard(request.user, start) if start else ([], [], {})
    return render(request, "supervision/scorecard.html",
                  {"periods": periods, "start": start, "columns": cols, "rows": rows, "meta": meta})


@login_required
def ranking(request):
    _need(request.user, Perm.VIEW)
    latest = selectors.latest_quarter()
    src = request.POST if request.method == "POST" else request.GET
    default_year, default_quarter = latest or (timezone.localdate().year, 1)
    try:
        year = int(src.get("year") or default_year)
        quarter = int(src.get("quarter") or default_quarter)
    except ValueError:
        year, quarter = default_year, default_quarter
    unit_class = src.get("class") or UnitClass.COUNTY
    if unit_class not in UnitClass.values:
        unit_class = UnitClass.COUNTY
    can_manage = has_perm(request.user, Perm.MANAGE)
    if request.method == "POST":
        _need(request.user, Perm.MANAGE)
        try:
            if request.POST.get("do") == "publish":
                n = services.publish_scores(actor=request.user, year=year, quarter=quarter, unit_class=unit_class)
                messages.success(request, f"已发布{n}个单位的排名。")
            else:
                n = len(services.quarter_scores(actor=request.user, year=year, quarter=quarter,
                                                unit_class=unit_class))
                messages.success(request, f"已计分{n}个单位（未发布）。")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(f"{reverse('supervision:ranking')}?year={year}&quarter={quarter}&class={unit_class}")
    scores = list(selectors.scores_for(request.user, year, quarter, unit_class))
    published = bool(scores) and scores[0].published_at is not None
    return render(request, "supervision/ranking.html", {"scores": scores, "year": year, "quarter": quarter,
                                                         "unit_class": unit_class, "classes": UnitClass.choices,
                                                         "can_manage": can_manage, "published": published})


@login_required
def letter_list(request):
    _need(request.user, Perm.VIEW, Perm.ANSWER)
    letters = selectors.letters_for(request.user).order_by("-id")
    state, kind = request.GET.get("state", ""), request.GET.get("kind", "")
    if state:
        letters = letters.filter(state=state)
    if kind:
        letters = letters.filter(kind=kind)
    page = page_from_request(request, letters, ordering=("-id",))
    return render(request, "supervision/letter_list.html", {"page": page, "letters": page.items, "state": state})


def _letter(request, pk):
    obj = selectors.letters_for(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


KIND_ONLY = {"record_interview": "interview", "decide_accountability": "accountability"}


def _render_letter(request, letter, status=200, action_errors=None):
    # the 约谈 and 问责 records belong to their own rung only: no blocked panel on the others
    options = [o for o in LETTER_MACHINE.options(request.user, letter)
               if KIND_ONLY.get(o.transition.action, letter.kind) == letter.kind]
    panels = action_panels(LETTER_MACHINE, request.user, letter, errors=action_errors, options=options)
    from fazhi.core.attachments import attachments_for
    from fazhi.procedure.pages import attachment_url

    files = [{"a": a, "url": attachment_url(a)} for a in attachments_for(letter).order_by("id")]
    return render(request, "supervision/letter_detail.html",
                  {"letter": letter, "panels": panels, "chain": chain(letter), "files": files,
                   "interview": getattr(letter, "interview", None) if letter.kind == "interview" else None,
                   "accountability": (getattr(letter, "accountability", None)
                                      if letter.kind == "accountability" else None),
                   "snapshots": letter.snapshots.select_related("node", "region", "agency"),
                   "post_url": reverse("supervision:letter", args=[letter.pk])}, status=status)


@login_required
def letter_detail(request, pk):
    letter = _letter(request, pk)
    if request.method == "POST":
        return transition_post(request, machine=LETTER_MACHINE, obj=letter, render_detail=_render_letter,
                               success_url=lambda obj, t, r: reverse("supervision:letter", args=[
                                   (r.pk if r is not None and hasattr(r, "pk") else obj.pk)]))
    return _render_letter(request, letter)


@login_required
def letter_docx(request, pk):
    letter = _letter(request, pk)
    if not letter.document:
        raise Http404
    return FileResponse(letter.document.open("rb"), as_attachment=True, filename=f"{letter.number or letter.pk}.docx")


@login_required
def letter_record_docx(request, pk, record):
    """约谈纪要 or 问责记录 of a letter, generated from its record (.docx on the issuer's letterhead)."""
    import io

    from . import letters as letter_services

    letter = _letter(request, pk)
    if record == "interview" and hasattr(letter, "interview"):
        content, name = letter_services.interview_minutes_docx(letter), f"约谈纪要-{letter.agency.name}.docx"
    elif record == "accountability" and hasattr(letter, "accountability"):
        content, name = letter_services.accountability_docx(letter), f"问责记录-{letter.agency.name}.docx"
    else:
        raise Http404("没有这一记录。")
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name)



@login_required
def runs(request):
    """监测批次: compute or recompute a month (with a reason), publish a recomputed version, propose letters."""
    _need(request.user, Perm.MANAGE)
    form, status = MonthForm(prefix="run"), 200
    if request.method == "POST":
        form = MonthForm(request.POST, prefix="run")
        if form.is_valid():
            period = form.period()
            try:
                if request.POST.get("do") == "propose":
                    made = letter_services.propose_red_streaks(actor=request.user, period=period)
                    messages.success(request, f"按“连续2个月红色”规则提出提示函{len(made)}件，待确认。")
                    return redirect("supervision:letters")
                run = services.compute_period(actor=request.user, period=period,
                                              reason=form.cleaned_data["reason"])
                note = "已发布" if run.is_published else "未发布，核对后可发布"
                messages.success(request, f"{period.label}第{run.version}版：{run.snapshot_count}条快照，{note}。")
                if run.unregistered:
                    messages.warning(request, "以下指标尚未由相关模块登记，未计算：" + "、".join(run.unregistered))
                return redirect("supervision:runs")
            except (ServiceError, NotPermitted) as exc:
                form.add_error(None, str(getattr(exc, "message", exc)))
        status = 400
    items = MonitoringRun.objects.select_related("actor", "scheme").order_by("-period_start", "-version")[:60]
    return render(request, "supervision/runs.html", {"form": form, "runs": items, "publish_form": PublishForm()},
                  status=status)


@login_required
def run_publish(request, pk):
    _need(request.user, Perm.MANAGE)
    run = get_object_or_404(MonitoringRun, pk=pk)
    if request.method != "POST":
        return redirect("supervision:runs")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "发布重算结果须说明理由。")
        return redirect("supervision:runs")
    try:
        services.publish_run(actor=request.user, run=run, reason=form.cleaned_data["reason"])
        messages.success(request, f"已发布第{run.version}版；原发布版本保留可查。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:runs")


@login_required
def scheme(request, pk=None):
    """The indicator library: one scheme-year's numbered tree with every attribute of its indicators."""
    _need(request.user, Perm.VIEW)
    schemes = list(Scheme.objects.order_by("-year", "-version"))
    current = next((x for x in schemes if x.pk == pk), schemes[0] if schemes else None) if pk else (
        schemes[0] if schemes else None)
    if pk and (current is None or current.pk != pk):
        raise Http404
    nodes = list(current.nodes.order_by("order", "number")) if current else []
    return render(request, "supervision/scheme.html", {"schemes": schemes, "scheme": current, "nodes": nodes})
