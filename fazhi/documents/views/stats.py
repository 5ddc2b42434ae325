"""The statistics page of the normative-document module: documents by issuer and validity, review outcomes, and
the indicators of documents/indicators.py (filing rate, timely filing rate, 规范率, comment-window compliance,
overdue evaluations) for a period and a region within the user's scope. The figures come from
``documents.stats.statistics`` (a few aggregate queries); charts use the vendored ECharts; the same figures are
in a table below each chart and in the xlsx export.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.choices import RegionLevel, Scope
from fazhi.core.exports import sheets_response
from fazhi.core.models import Region
from fazhi.core.permissions import has_perm
from fazhi.core.scope import widest_scope

from .. import selectors
from ..forms_desks import StatsForm
from ..stats import statistics
from ..workflow import Perm

YEARS_BACK = 10


@dataclass
class RegionChoice:
    code: str
    label: str
    region: Region


def region_choices(user) -> list[RegionChoice]:
    """The prefecture and counties the user may measure (and the user's own region): every region for
    the all-scope roles, the own region and below for region-scope roles, none for agency-scope roles."""
    scope = widest_scope(user, Perm.VIEW)
    if scope not in (Scope.ALL, Scope.REGION) or (scope == Scope.REGION and user.agency_id is None):
        return []
    own_region = user.agency.region_id if user.agency_id else None
    qs = Region.objects.filter(is_active=True).filter(Q(level__lte=RegionLevel.COUNTY) | Q(pk=own_region))
    if scope == Scope.REGION:
        qs = qs.filter(region_path__startswith=user.region_path)
    result = []
    for region in qs.order_by("region_path"):
        label = f"{region.name}（全州）" if region.level == RegionLevel.PREFECTURE else region.name
        result.append(RegionChoice(region.code, label, region))
    return result


def _period(form: StatsForm) -> tuple[date, date, str]:
    data = form.cleaned_data
    if data.get("year"):
        year = data["year"]
        return date(year, 1, 1), date(year, 12, 31), f"{year}年"
    return data["start"], data["end"], f"{data['start']:%Y-%m-%d} 至 {data['end']:%Y-%m-%d}"


def _scoped_documents(user, region: Region | None):
    docs = selectors.document_list(user=user)
    return docs.filter(region_path__startswith=region.region_path) if region is not None else docs


@login_required
@require_GET
def stats(request):
    user = request.user
    if not has_perm(user, Perm.VIEW):
        raise PermissionDenied("您没有查看规范性文件的权限。")
    today = timezone.localdate()
    regions = region_choices(user)
    years = list(range(today.year, today.year - YEARS_BACK, -1))
    own = next((r for r in regions if user.agency_id and r.region.pk == user.agency.region_id), None)
    default_region = (own or (regions[0] if regions else None))
    data = request.GET.copy()
    if not data.get("year") and not (data.get("start") or data.get("end")):
        data["year"] = str(today.year)
    if regions and not data.get("region"):
        data["region"] = default_region.code
    form = StatsForm(data, regions=regions, years=years)
    if not regions:
        form.fields.pop("region")
    context = {"form": form, "regions": regions, "agency_only": not regions}
    if not form.is_valid():
        return render(request, "documents/stats/stats.html", context, status=400)
    start, end, period_label = _period(form)
    choice = next((r for r in regions if r.code == form.cleaned_data.get("region")), None)
    region = choice.region if choice else None
    context.update({
        "start": start, "end": end, "period_label": period_label,
        "unit_label": choice.label if choice else f"{user.agency.name if user.agency_id else ''}（本单位数据范围）",
        **statistics(docs=_scoped_documents(user, region), region=region, start=start, end=end, today=today),
    })
    if request.GET.get("format") == "xlsx":
        return _xlsx(context)
    context["chart_data"] = _chart_data(context)
    return render(request, "documents/stats/stats.html", context)


def _chart_data(context: dict) -> dict:
    by_issuer = context["by_issuer"]
    return {
        "issuers": {"names": [r["issuer"] for r in by_issuer["rows"]], "series": [
            {"name": label, "data": [r["cells"][i] for r in by_issuer["rows"]]}
            for i, label in enumerate(by_issuer["columns"])]},
        "outcomes": [{"name": r["label"], "value": r["count"]} for r in context["outcomes"]["rows"] if r["count"]],
        "rates": {"names": [r["label"] for r in context["rates"]],
                  "values": [r["percent"] for r in context["rates"]]},
    }


def _xlsx(context: dict) -> HttpResponse:
    by_issuer, outcomes = context["by_issuer"], context["outcomes"]
    sheets = [
        ("按制定机关和效力状态", ["制定机关", *by_issuer["columns"], "合计"],
         [[r["issuer"], *r["cells"], r["total"]] for r in by_issuer["rows"]]
         + [["合计", *by_issuer["totals"], by_issuer["total"]]]),
        ("合法性审核意见", ["审核意见", "件数"], [[r["label"], r["count"]] for r in outcomes["rows"]]
         + [["合计", outcomes["total"]], ["退回补充材料（次）", outcomes["returned"]]]),
    ]
    if context["rates"]:
        sheets.append(("指标", ["指标", "分子", "分母", "比率（%）", "口径"],
                       [[r["label"], r["numerator"], r["denominator"], r["percent"], r["meaning"]]
                        for r in context["rates"]]
                       + [["逾期未评估的文件（件）", context["overdue"], None, None, f"截至 {context['overdue_on']}"]]))
    about = [("统计范围", context["unit_label"]), ("统计期间", context["period_label"]),
             ("口径", "效力状态按今天的公布、施行、有效期、修改、废止记录推算；期间按公布日期（审核意见按出具日期）。")]
    return sheets_response(f"规范性文件统计-{context['unit_label']}-{context['period_label']}", about, sheets)
