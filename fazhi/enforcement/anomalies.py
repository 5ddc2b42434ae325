"""Anomaly flags for enforcement supervisors, each explained with the records behind it.

No published numeric rule exists for most of these (enforcement.md §4: "design heuristics anchored to
legal norms", [U]); the thresholds are settings (``ENFORCEMENT`` dict) with the defaults below. Every
flag is one or two aggregate queries over the user's scope, never a loop over cases.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Max, Min, Q

from fazhi.core.models import Agency
from fazhi.core.scope import restrict

from . import selectors
from .choices import Procedure
from .models import EnforcementBody
from .workflow import Perm

DEFAULTS = {
    # 顶格处罚: share of an agency's fines within a benchmark that sit at the range's maximum.
    "MAX_FINE_SHARE": 0.5,
    "MAX_FINE_MIN_CASES": 4,
    # 一刀切: this many identical penalties (same matter, same amount) by one agency within the window.
    "BULK_SAME_PENALTY": 5,
    "BULK_WINDOW_DAYS": 3,
    # 重复检查: this many inspections of one enterprise within the window, by any agencies.
    "REPEAT_INSPECTIONS": 3,
    "REPEAT_WINDOW_DAYS": 30,
}


def setting(name):
    from django.conf import settings

    return getattr(settings, "ENFORCEMENT", {}).get(name, DEFAULTS[name])


def _case_refs(qs, limit=20):
    return [{"code": c["code"], "number": c["number"] or c["party_name"]}
            for c in qs.values("code", "number", "party_name")[:limit]]


def max_fines(cases) -> dict:
    """Agencies whose fines cluster at the maximum of the benchmark (行政处罚法 第五条 过罚相当; 裁量基准)."""
    fined = cases.filter(benchmark_range__isnull=False, fine_amount__isnull=False, decided_on__isnull=False)
    rows = (fined.values("agency_id", "agency__name")
            .annotate(n=Count("pk"), at_max=Count("pk", filter=Q(fine_amount__gte=F("benchmark_range__max_fine"))))
            .filter(n__gte=setting("MAX_FINE_MIN_CASES")).order_by("-at_max"))
    out = []
    for r in rows:
        if r["at_max"] / r["n"] >= setting("MAX_FINE_SHARE"):
            at_max = fined.filter(agency_id=r["agency_id"], fine_amount__gte=F("benchmark_range__max_fine"))
            out.append({"agency": r["agency__name"],
                        "text": f"{r['n']} 件适用裁量基准的罚款中 {r['at_max']} 件为该阶次上限（{r['at_max'] * 100 // r['n']}%）。",
                        "cases": _case_refs(at_max.order_by("-decided_on"))})
    return {"code": "max_fine", "title": "罚款集中在裁量上限（顶格处罚）", "basis": "行政处罚法第五条；裁量基准", "rows": out}


def bulk_same(cases) -> dict:
    """一刀切: identical penalties issued in bulk within a short window."""
    window = setting("BULK_WINDOW_DAYS")
    groups = (cases.filter(decided_on__isnull=False, fine_amount__isnull=False)
              .values("agency_id", "agency__name", "matter_id", "matter__name", "fine_amount")
              .annotate(n=Count("pk"), first=Min("decided_on"), last=Max("decided_on"))
              .filter(n__gte=setting("BULK_SAME_PENALTY")))
    out = []
    for g in groups:
        # Within the group, find a window of ``window`` days holding the threshold (dates are few: one query).
        same = cases.filter(agency_id=g["agency_id"], matter_id=g["matter_id"], fine_amount=g["fine_amount"],
                            decided_on__isnull=False).order_by("decided_on")
        dates = list(same.values_list("decided_on", flat=True))
        k = setting("BULK_SAME_PENALTY")
        hit = next((i for i in range(len(dates) - k + 1) if dates[i + k - 1] - dates[i] <= timedelta(days=window)), None)
        if hit is None:
            continue
        start, end = dates[hit], dates[hit] + timedelta(days=window)
        out.append({"agency": g["agency__name"],
                    "text": f"{start:%Y-%m-%d} 起 {window} 日内对“{g['matter__name']}”作出 {k} 件以上相同罚款"
                            f"（{g['fine_amount']} 元）。",
                    "cases": _case_refs(same.filter(decided_on__range=(start, end)))})
    return {"code": "bulk", "title": "短期内批量作出相同处罚（一刀切）", "basis": "行政处罚法第五条；国办发〔2024〕54号",
            "rows": out}


def same_day(cases) -> dict:
    """General-procedure cases decided on the day of 立案: no statement period can have run (第四十四条)."""
    qs = cases.filter(procedure=Procedure.GENERAL, decided_on__isnull=False, decided_on=F("registered_on"))
    rows = qs.values("agency_id", "agency__name").annotate(n=Count("pk")).order_by("-n")
    out = [{"agency": r["agency__name"], "text": f"{r['n']} 件普通程序案件在立案当日即作出决定。",
            "cases": _case_refs(qs.filter(agency_id=r["agency_id"]))} for r in rows]
    return {"code": "same_day", "title": "立案当日即作出决定", "basis": "行政处罚法第四十四条、第六十二条", "rows": out}


def repeated_inspections(inspections) -> dict:
    """One enterprise inspected this many times within the window (多头、重复检查; 国办发〔2024〕54号)."""
    window, k = setting("REPEAT_WINDOW_DAYS"), setting("REPEAT_INSPECTIONS")
    heavy = (inspections.values("credit_code", "enterprise_name").annotate(n=Count("pk")).filter(n__gte=k)
             .order_by("-n")[:50])
    out = []
    for h in heavy:
        rows = list(inspections.filter(credit_code=h["credit_code"]).order_by("on_date")
                    .values("on_date", "agency__name", "check_code", "code"))
        hit = next((i for i in range(len(rows) - k + 1)
                    if rows[i + k - 1]["on_date"] - rows[i]["on_date"] <= timedelta(days=window)), None)
        if hit is None:
            continue
        burst = rows[hit:hit + k]
        agencies = "、".join(sorted({r["agency__name"] for r in burst}))
        out.append({"agency": h["enterprise_name"],
                    "text": f"{burst[0]['on_date']:%Y-%m-%d} 起 {window} 日内被检查 {k} 次（{agencies}）。",
                    "inspections": burst})
    return {"code": "repeat", "title": "同一企业短期内多次被检查", "basis": "国办发〔2024〕54号", "rows": out}


def zero_enforcement(user, year, cases, inspections) -> dict:
    """Agencies with enforcement power (an active 执法主体) and no case and no inspection all year."""
    bodies = restrict(EnforcementBody.objects.filter(is_active=True), user, Perm.VIEW).values("agency_id")
    active = set(cases.values_list("agency_id", flat=True).distinct()) | set(
        inspections.values_list("agency_id", flat=True).distinct())
    idle = Agency.objects.filter(pk__in=bodies).exclude(pk__in=active).order_by("region_path", "name")
    out = [{"agency": a.name, "text": f"{year} 年没有行政处罚案件，也没有登记行政检查。", "cases": []} for a in idle]
    return {"code": "zero", "title": "全年零执法", "basis": "履职监督；广东《行政执法年度数据公开样式》“0”口径",
            "rows": out}


def flags(*, user, year: int) -> list[dict]:
    cases = selectors.case_list(user=user).filter(
        Q(decided_on__year=year) | Q(registered_on__year=year) | Q(discovered_on__year=year))
    inspections = selectors.inspection_list(user=user).filter(on_date__year=year)
    return [max_fines(cases), bulk_same(cases), same_day(cases), repeated_inspections(inspections),
            zero_enforcement(user, year, cases, inspections)]

