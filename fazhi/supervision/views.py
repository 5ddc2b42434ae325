"""Staff pages: the scorecard (units × indicators, coloured bands), the ranking, letters."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.procedure.views import action_panels, transition_post

from . import selectors
from .choices import UnitClass
from .letters import chain
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
    default_year, default_quarter = latest or (timezone.localdate().year, 1)
    try:
        year = int(request.GET.get("year") or default_year)
        quarter = int(request.GET.get("quarter") or default_quarter)
    except ValueError:
        year, quarter = default_year, default_quarter
    unit_class = request.GET.get("class") or UnitClass.COUNTY
    if unit_class not in UnitClass.values:
        unit_class = UnitClass.COUNTY
    scores = list(selectors.scores_for(request.user, year, quarter, unit_class))
    return render(request, "supervision/ranking.html", {"scores": scores, "year": year, "quarter": quarter,
                                                         "unit_class": unit_class, "classes": UnitClass.choices})


@login_required
def letter_list(request):
    _need(request.user, Perm.VIEW, Perm.ANSWER)
    letters = selectors.letters_for(request.user).order_by("-id")
    state = request.GET.get("state", "")
    if state:
        letters = letters.filter(state=state)
    page = page_from_request(request, letters, ordering=("-id",))
    return render(request, "supervision/letter_list.html", {"page": page, "letters": page.items, "state": state})


def _letter(request, pk):
    obj = selectors.letters_for(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _render_letter(request, letter, status=200, action_errors=None):
    panels = action_panels(LETTER_MACHINE, request.user, letter, errors=action_errors)
    return render(request, "supervision/letter_detail.html",
                  {"letter": letter, "panels": panels, "chain": chain(letter),
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

