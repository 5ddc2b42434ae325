"""The cockpit and the leader's view: read-only figures in the user's scope, each with its period, its
base and when it was computed, and the link to the records behind it. Aggregates in SQL, one query per
figure; the monitoring figures come from the published snapshots, never recomputed here."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from fazhi.core.indicators import Period

from . import annual, inspections, plans, reporting, selectors
from .choices import LADDER, LetterKind, LetterState, SheetState
from .models import QuarterScore, Snapshot

OPEN = [LetterState.PROPOSED, LetterState.ISSUED, LetterState.ANSWERED, LetterState.RETURNED]


def ranking(user) -> dict | None:
    row = (QuarterScore.objects.filter(unit_class="county", published_at__isnull=False)
           .order_by("-year", "-quarter").values_list("year", "quarter").first())
    if row is None:
        return None
    year, quarter = row
    scores = list(selectors.scores_for(user, year, quarter, "county"))
    if not scores:
        return None
    url = f"{reverse('supervision:ranking')}?year={year}&quarter={quarter}&class=county"
    return {"title": "县（市）季度评估排名", "period": Period.quarter(year, quarter).label,
            "base": f"按{scores[0].scheme.name}计分（已发布排名）",
            "computed_at": max(s.computed_at for s in scores), "url": url,
            "names": [s.unit_name for s in scores], "values": [float(s.total) for s in scores],
            "rows": [(s.rank, s.unit_name, s.total, s.grade, s.trend) for s in scores]}


def red_trend(user, months: int = 12) -> dict | None:
    rows = list(Snapshot.objects.filter(selectors._region_q(user, "region__"), period_kind="month",
                                        is_published=True).order_by().values("period_start")
                .annotate(red=Count("pk", filter=Q(band="red")), measured=Count("pk", filter=~Q(band="")),
                          at=Max("computed_at")).order_by("-period_start")[:months])
    if not rows:
        return None
    rows.reverse()
    base = reverse("supervision:scorecard")
    return {"title": "月监测红色指标数", "period": f"{rows[0]['period_start']:%Y年%m月}至{rows[-1]['period_start']:%Y年%m月}",
            "base": "已发布的月监测快照中处于红色区间的“单位×指标”个数（分母：有色带的快照数）",
            "computed_at": max(r["at"] for r in rows), "url": f"{base}?period={rows[-1]['period_start']:%Y-%m-%d}",
            "names": [f"{r['period_start']:%Y-%m}" for r in rows], "values": [r["red"] for r in rows],
            "measured": [r["measured"] for r in rows],
            "urls": [f"{base}?period={r['period_start']:%Y-%m-%d}" for r in rows]}


def ladder(user, now) -> dict:
    counts = {(r["kind"], r["state"]): r["n"] for r in selectors.letters_for(user).filter(state__in=OPEN)
              .order_by().values("kind", "state").annotate(n=Count("pk"))}
    base = reverse("supervision:letters")
    return {"title": "督促函件（未办结）", "period": "截至当前", "computed_at": now,
            "base": "提示函、通报、约谈、问责中尚未销号、未升级、未撤回的函件件数", "url": base,
            "names": [LetterKind(k).label for k in LADDER],
            "series": [{"name": LetterState(s).label, "data": [counts.get((k, s), 0) for k in LADDER]} for s in OPEN],
            "urls": [f"{base}?kind={k}" for k in LADDER],
            "total": sum(counts.values())}


def overdue(user, today, now) -> dict:
    from . import annual_reports

    late_reports = annual_reports.reports_for(user).filter(
        Q(submitted_at__isnull=True, submit_due__lt=today) | (~Q(state="published") & Q(publish_due__lt=today)))
    tasks = plans.tasks_for(user).filter(plans.overdue_q(today))
    items = inspections.inspections_for(user).values("pk")
    rect = inspections.overdue_items(today).filter(inspection__in=items)
    return {"title": "逾期事项", "period": f"截至{today:%Y-%m-%d}", "computed_at": now,
            "base": "超过完成时限未完成的任务；超过整改期限未报送的督察整改事项；未按时报送或公开的年度报告",
            "reports": late_reports.count(),
            "tasks": tasks.count(), "task_list": list(tasks.select_related("lead", "plan").order_by("deadline")[:5]),
            "rectifications": rect.count(),
            "rect_list": list(rect.select_related("inspection", "finding", "agency").order_by("due_on")[:5])}


def timeliness(user, now) -> dict | None:
    qs = reporting.reports_for(user)
    latest = qs.order_by("-period_start").values_list("period_start", "period_kind", "period_end").first()
    if latest is None:
        return None
    start, kind, end = latest
    agg = qs.filter(period_start=start, period_kind=kind).aggregate(
        due=Count("pk"), n_timely=Count("pk", filter=Q(timely=True)), n_late=Count("pk", filter=Q(timely=False)))
    return {"title": "单位填报及时率", "period": f"{start:%Y-%m-%d}至{end:%Y-%m-%d}", "computed_at": now,
            "base": f"本期开放的填报表份数（{agg['due']}份）", "url": reverse("supervision:reports"),
            "due": agg["due"], "timely": agg["n_timely"], "late": agg["n_late"],
            "missing": agg["due"] - agg["n_timely"] - agg["n_late"],
            "rate": round(100 * agg["n_timely"] / agg["due"], 1) if agg["due"] else None}


def grades(user) -> dict | None:
    sheets = annual.sheets_for(user).filter(state=SheetState.PUBLISHED, unit_class="county")
    year = sheets.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return None
    rows = list(sheets.filter(year=year).order_by("rank").values("agency__name", "rank", "grade", "total",
                                                                 "published_at"))
    return {"title": f"{year}年度考评结果", "period": f"{year}年度", "base": "审核总分（含加分），一票否决限制等次",
            "computed_at": max(r["published_at"] for r in rows),
            "url": f"{reverse('supervision:annual')}?year={year}&class=county", "rows": rows}


def cockpit(user) -> dict:
    today, now = timezone.localdate(), timezone.now()
    return {"ranking": ranking(user), "trend": red_trend(user), "ladder": ladder(user, now),
            "overdue": overdue(user, today, now), "timeliness": timeliness(user, now), "grades": grades(user),
            "now": now}


def chart_data(data: dict) -> dict:
    """The part of the figures the charts draw (json_script)."""
    out = {}
    if data["ranking"]:
        r = data["ranking"]
        out["ranking"] = {"names": r["names"], "values": r["values"], "url": r["url"]}
    if data["trend"]:
        t = data["trend"]
        out["trend"] = {"names": t["names"], "values": t["values"], "urls": t["urls"]}
    lad = data["ladder"]
    out["ladder"] = {"names": lad["names"], "series": lad["series"], "urls": lad["urls"]}
    return out
