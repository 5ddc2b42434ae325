"""Statistics of the major-decision module for a year and a region within the user's scope: items per
government (by stage), the catalogues, procedure compliance (the indicator functions of decisions/indicators.py),
consultation windows and the legality review turnaround. Charts use the vendored ECharts; the same figures
are in a table below each chart and in the xlsx export.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core import workdays
from fazhi.core.choices import RegionLevel, Scope
from fazhi.core.exports import sheets_response
from fazhi.core.models import Region
from fazhi.core.scope import widest_scope
from fazhi.procedure.choices import ReviewStatus
from fazhi.procedure.models import CommentCall, LegalityReview

from .. import indicators, selectors, workflow
from ..choices import CatalogueStatus, DecisionState
from ..forms import StatsForm
from ..models import Decision
from ..workflow import Perm
from .decisions import require_perm

S = DecisionState
YEARS_BACK = 8
# Stages of the procedure, in the order the table shows them.
STAGES = [
    ("catalogued", "未启动", [S.CATALOGUED]),
    ("drafting", "草案拟订与审查", [S.STARTED, S.IN_REVIEW, S.RETURNED, S.REVIEWED]),
    ("meeting", "待集体讨论", [S.AT_MEETING, S.POSTPONED]),
    ("decided", "已决定待公布", [S.DECIDED]),
    ("executing", "公布执行中", [S.PUBLISHED, S.SUSPENDED]),
    ("closed", "不予通过或停止执行", [S.REJECTED, S.ENDED]),
]
STAGE_OF = {state: key for key, _, states in STAGES for state in states}
WINDOW_BUCKETS = [("short_no_reason", "不足30日且未说明理由"), ("short_reason", "不足30日，已公布缩短理由"),
                  ("normal", "30日至44日"), ("long", "45日及以上")]


@dataclass
class RegionChoice:
    code: str
    label: str
    region: Region


def region_choices(user) -> list[RegionChoice]:
    """The prefecture and counties the user may measure: every one for all-scope roles, the own region and below
    for region-scope roles, none for agency-scope roles (they see their own unit's decisions only)."""
    scope = widest_scope(user, Perm.VIEW)
    if scope not in (Scope.ALL, Scope.REGION) or (scope == Scope.REGION and not user.agency_id):
        return []
    own_region = user.agency.region_id if user.agency_id else None
    qs = Region.objects.filter(is_active=True).filter(Q(level__lte=RegionLevel.COUNTY) | Q(pk=own_region))
    if scope == Scope.REGION:
        qs = qs.filter(region_path__startswith=user.region_path)
    return [RegionChoice(r.code, f"{r.name}（全州）" if r.level == RegionLevel.PREFECTURE else r.name, r)
            for r in qs.order_by("region_path")]


def items_per_government(decisions, year: int) -> dict:
    """Decision items of the year (catalogue year, or registration year when not in a catalogue) by organ and
    stage, in one grouped query."""
    rows = (decisions.filter(Q(catalogue__year=year) | Q(catalogue__isnull=True, created_at__year=year))
            .order_by().values("decision_organ__name", "decision_organ__region_path", "state")
            .annotate(n=Count("pk")))
    table: dict[str, dict] = {}
    for row in rows:
        entry = table.setdefault(row["decision_organ__name"], {
            "organ": row["decision_organ__name"], "path": row["decision_organ__region_path"],
            "counts": {key: 0 for key, _, _ in STAGES}})
        entry["counts"][STAGE_OF[row["state"]]] += row["n"]
    out = sorted(table.values(), key=lambda r: (r["path"], r["organ"]))
    for row in out:
        row["cells"] = [row["counts"][key] for key, _, _ in STAGES]
        row["total"] = sum(row["cells"])
    totals = [sum(r["counts"][key] for r in out) for key, _, _ in STAGES]
    return {"columns": [label for _, label, _ in STAGES], "rows": out, "totals": totals, "total": sum(totals)}


def catalogues_of(user, region: Region | None, year: int) -> list:
    qs = selectors.catalogue_list(user=user).filter(year=year).annotate(items=Count("decisions"))
    if region is not None:
        qs = qs.filter(region_path__startswith=region.region_path)
    return list(qs.order_by("region_path", "agency__name"))


def consultation_windows(decisions, start: date, end: date) -> dict:
    """Consultations opened in the period, by length (第十五条: 一般不少于30日, shortened only with a reason)."""
    ct = ContentType.objects.get_for_model(Decision)
    ids = decisions.order_by().annotate(key=Cast("pk", output_field=CharField())).values("key")
    calls = list(CommentCall.objects.filter(content_type=ct, object_id__in=ids, start_date__gte=start,
                                            start_date__lte=end).order_by("start_date", "id"))
    counts = {key: 0 for key, _ in WINDOW_BUCKETS}
    rows = []
    for call in calls:
        days = (call.end_date - call.start_date).days + 1
        if days < workflow.CONSULTATION_MIN_DAYS:
            key = "short_reason" if call.shortened_reason.strip() else "short_no_reason"
        else:
            key = "normal" if days < 45 else "long"
        counts[key] += 1
        rows.append({"call": call, "days": days, "bucket": key})
    lengths = [r["days"] for r in rows]
    return {"buckets": [{"key": k, "label": label, "count": counts[k]} for k, label in WINDOW_BUCKETS],
            "rows": rows, "total": len(rows), "average": round(sum(lengths) / len(lengths), 1) if lengths else None,
            "shortest": min(lengths) if lengths else None}


def review_turnaround(decisions, start: date, end: date) -> dict:
    """Legality opinions given in the period: working days from submission to opinion, by reviewing agency
    (the time returned for supplements included, as the submitter experiences it)."""
    ct = ContentType.objects.get_for_model(Decision)
    ids = decisions.order_by().annotate(key=Cast("pk", output_field=CharField())).values("key")
    reviews = list(LegalityReview.objects.filter(content_type=ct, object_id__in=ids, status=ReviewStatus.DONE,
                                                 opinion_at__date__gte=start, opinion_at__date__lte=end)
                   .select_related("agency").order_by("agency__name", "id"))
    cal = workdays.current_calendar()
    by_agency: dict[str, list[int]] = {}
    for r in reviews:
        days = workdays.count_on(cal, timezone.localdate(r.submitted_at), timezone.localdate(r.opinion_at))
        by_agency.setdefault(r.agency.name, []).append(days)
    rows = [{"agency": name, "count": len(days), "average": round(sum(days) / len(days), 1), "max": max(days),
             "within": sum(1 for d in days if d <= workflow.LEGALITY_REVIEW_MIN_WORKING_DAYS)}
            for name, days in by_agency.items()]
    everything = [d for days in by_agency.values() for d in days]
    return {"rows": rows, "count": len(everything),
            "average": round(sum(everything) / len(everything), 1) if everything else None,
            "max": max(everything) if everything else None}


def rate_rows(region: Region, year: int, start: date, end: date) -> list[dict]:
    specs = [
        ("catalogue_on_time", "目录按时公布率", "本地区各级政府当年目录于3月31日前经党委同意公布的比例",
         lambda: indicators.catalogue_published_on_time(region, year)),
        ("review_before_discussion", "讨论前合法性审查率", "提交集体讨论的决策中讨论前已出具合法性审查意见的比例（应为100%）",
         lambda: indicators.legality_review_rate_before_discussion(region, start, end)),
        ("consultation_window", "征求意见期达标率", "公开征求意见不少于30日或已公布缩短理由的比例",
         lambda: indicators.consultation_window_rate(region, start, end)),
        ("meeting_records", "会议记录完整率", "逐人记录意见、首长最后发表意见、与多数不一致时记录理由的会议比例",
         lambda: indicators.meeting_records_complete(region, start, end)),
        ("post_evaluations", "后评估完成率", "期间内启动的决策后评估中已完成的比例",
         lambda: indicators.post_evaluations_done(region, start, end)),
    ]
    rows = []
    for key, label, meaning, fn in specs:
        result = fn()
        rate = result["rate"]
        rows.append({"key": key, "label": label, "meaning": meaning, "numerator": result["numerator"],
                     "denominator": result["denominator"], "rate": rate,
                     "percent": None if rate is None else round(rate * 100, 1)})
    return rows


@login_required
@require_GET
def stats(request):
    user = request.user
    require_perm(user, Perm.VIEW, "您没有查看重大行政决策的权限。")
    today = timezone.localdate()
    regions = region_choices(user)
    years = list(range(today.year, today.year - YEARS_BACK, -1))
    data = request.GET.copy()
    data.setdefault("year", str(today.year))
    own = next((r for r in regions if user.agency_id and r.region.pk == user.agency.region_id), None)
    if regions and not data.get("region"):
        data["region"] = (own or regions[0]).code
    form = StatsForm(data, regions=regions, years=years)
    if not regions:
        form.fields.pop("region")
    context = {"form": form, "agency_only": not regions}
    if not form.is_valid():
        return render(request, "decisions/stats.html", context, status=400)
    year = form.cleaned_data["year"]
    start, end = date(year, 1, 1), date(year, 12, 31)
    choice = next((r for r in regions if r.code == form.cleaned_data.get("region")), None)
    region = choice.region if choice else None
    decisions = selectors.decision_list(user=user)
    if region is not None:
        decisions = decisions.filter(region_path__startswith=region.region_path)
    context.update({
        "year": year,
        "unit_label": choice.label if choice else f"{user.agency.name if user.agency_id else ''}（本单位数据范围）",
        "items": items_per_government(decisions, year),
        "catalogues": catalogues_of(user, region, year),
        "windows": consultation_windows(decisions, start, end),
        "turnaround": review_turnaround(decisions, start, end),
        "rates": rate_rows(region, year, start, end) if region else [],
        "published_status": CatalogueStatus.PUBLISHED,
        "on_time_by": date(year, 3, 31),
    })
    if request.GET.get("format") == "xlsx":
        return _xlsx(context)
    context["chart_data"] = {
        "items": {"names": [r["organ"] for r in context["items"]["rows"]], "series": [
            {"name": label, "data": [r["cells"][i] for r in context["items"]["rows"]]}
            for i, label in enumerate(context["items"]["columns"])]},
        "rates": {"names": [r["label"] for r in context["rates"]], "values": [r["percent"] for r in context["rates"]]},
        "windows": [{"name": b["label"], "value": b["count"]} for b in context["windows"]["buckets"]],
        "turnaround": {"names": [r["agency"] for r in context["turnaround"]["rows"]],
                       "values": [r["average"] for r in context["turnaround"]["rows"]]},
    }
    return render(request, "decisions/stats.html", context)


def _xlsx(context: dict) -> HttpResponse:
    items, windows, turnaround = context["items"], context["windows"], context["turnaround"]
    sheets = [
        ("决策事项（按决策机关）", ["决策机关", *items["columns"], "合计"],
         [[r["organ"], *r["cells"], r["total"]] for r in items["rows"]] + [["合计", *items["totals"], items["total"]]]),
        ("决策事项目录", ["决策机关", "状态", "版本", "事项数", "党委同意日期", "公布日期"],
         [[c.agency.name, c.get_status_display(), c.version, c.items, c.party_consent_on, c.published_on]
          for c in context["catalogues"]]),
    ]
    if context["rates"]:
        sheets.append(("程序合规指标", ["指标", "分子", "分母", "比率（%）", "口径"],
                       [[r["label"], r["numerator"], r["denominator"], r["percent"], r["meaning"]]
                        for r in context["rates"]]))
    sheets += [
        ("征求意见期", ["决策事项", "开始", "截止", "天数", "缩短理由"],
         [[r["call"].subject_title, r["call"].start_date, r["call"].end_date, r["days"], r["call"].shortened_reason]
          for r in windows["rows"]]),
        ("合法性审查用时", ["审查机构", "件数", "平均（工作日）", "最长（工作日）",
                       f"{workflow.LEGALITY_REVIEW_MIN_WORKING_DAYS}个工作日内"],
         [[r["agency"], r["count"], r["average"], r["max"], r["within"]] for r in turnaround["rows"]]),
    ]
    return sheets_response(f"重大行政决策统计-{context['unit_label']}-{context['year']}年",
                           [("统计范围", context["unit_label"]), ("年度", context["year"])], sheets)
