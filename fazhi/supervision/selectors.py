"""Reads for pages and the API: the scorecard from published snapshots, scores and letters in scope."""

from __future__ import annotations

from django.db.models import Q

from fazhi.core.choices import Scope
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict, widest_scope

from .models import Letter, QuarterScore, Snapshot
from .perms import Perm


def _region_q(user, prefix="", agency_field="agency"):
    """Rows of the user's region and below unless the user sees everything; only the user's own agency's rows
    (``agency_field``: the row's unit, e.g. a plan task's lead unit) when the user's widest scope for
    supervision is 本单位 (or 本人)."""
    scope = widest_scope(user, Perm.VIEW)
    if scope == Scope.ALL:
        return Q()
    if not user.agency_id:
        return Q(pk__in=[])
    if scope in (Scope.AGENCY, Scope.OWN):
        return Q(**{agency_field: user.agency_id})
    return Q(**{f"{prefix}region_path__startswith": user.region_path})


def scorecard(user, period_start, period_kind="month"):
    """Units × indicators of the published snapshots of a period: (columns, rows, meta). One query."""
    if not has_perm(user, Perm.VIEW):
        return [], [], {}
    snaps = list(Snapshot.objects.filter(_region_q(user, "region__"), period_kind=period_kind,
                                         period_start=period_start, is_published=True)
                 .select_related("node", "region", "agency").order_by("node__order", "region__code", "agency__name"))
    columns, rows, computed = {}, {}, None
    for s in snaps:
        columns.setdefault(s.node_id, s.node)
        key = (s.region_id, s.agency_id)
        rows.setdefault(key, {"unit": s.unit_name, "cells": {}})["cells"][s.node_id] = s
        computed = max(computed, s.computed_at) if computed else s.computed_at
    cols = list(columns.values())
    out = [{"unit": r["unit"], "cells": [r["cells"].get(c.pk) for c in cols]} for r in rows.values()]
    return cols, out, {"computed_at": computed, "count": len(snaps)}


def periods_available():
    return list(Snapshot.objects.filter(period_kind="month", is_published=True)
                .values_list("period_start", flat=True).distinct().order_by("-period_start")[:36])


def letters_for(user):
    """Letters the user may see: the office's by scope; a unit's own (VIEW or ANSWER)."""
    qs = restrict(Letter.objects.all(), user, Perm.VIEW) | restrict(Letter.objects.all(), user, Perm.ANSWER)
    return qs.select_related("agency", "region", "node").order_by("-created_at", "-id")


def scores_for(user, year, quarter, unit_class):
    """A class's ranking: the office sees it once computed; everyone else only once published (then
    the whole table — a published ranking is public within the prefecture)."""
    if not has_perm(user, Perm.VIEW):
        return QuarterScore.objects.none()
    qs = QuarterScore.objects.filter(year=year, quarter=quarter, unit_class=unit_class)
    if not has_perm(user, Perm.MANAGE):
        qs = qs.filter(published_at__isnull=False)
    return (qs
            .select_related("region", "agency").order_by("rank", "region__code"))


def latest_quarter():
    """(year, quarter) of the latest ranking, or None."""
    row = QuarterScore.objects.order_by("-year", "-quarter").values_list("year", "quarter").first()
    return tuple(row) if row else None
