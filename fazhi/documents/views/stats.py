"""Statistics of the normative-document module: documents by issuer and validity, review outcomes, and the
indicators of documents/indicators.py (filing rate, timely filing rate, 规范率, comment-window compliance,
overdue evaluations) for a period and a region within the user's scope. Charts use the vendored ECharts;
the same figures are in a table below each chart and in the xlsx export.
"""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fazhi.core.choices import RegionLevel, Scope
from fazhi.core.exports import XLSX_TYPE
from fazhi.core.models import Region
from fazhi.core.permissions import has_perm
from fazhi.core.scope import widest_scope
from fazhi.procedure.choices import ReviewOpinion
from fazhi.procedure.models import LegalityReview, ReviewReturn

from .. import indicators, selectors
from ..choices import DocumentState, Validity
from ..forms_desks import StatsForm
from ..models import NormativeDocument
from ..workflow import Perm

YEARS_BACK = 10
# The published validity states, in the order the table shows them.
VALIDITY_COLUMNS = [Validity.NOT_YET, Validity.IN_FORCE, Validity.AMENDED, Validity.EXPIRED, Validity.REPEALED]


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


def documents_by_issuer(docs, start: date, end: date) -> dict:
    """Documents published in the period, by issuer and derived validity (one grouped query)."""
    grouped = (docs.filter(state=DocumentState.PUBLISHED, publication_date__gte=start, publication_date__lte=end)
               .order_by().values("issuing_agency__name", "issuing_agency__region_path", "validity")
               .annotate(n=Count("pk")))
    table: dict[str, dict] = {}
    for row in grouped:
        entry = table.setdefault(row["issuing_agency__name"], {"issuer": row["issuing_agency__name"],
                                                               "path": row["issuing_agency__region_path"],
                                                               "counts": dict.fromkeys(VALIDITY_COLUMNS, 0)})
        if row["validity"] in entry["counts"]:
            entry["counts"][row["validity"]] += row["n"]
    rows = sorted(table.values(), key=lambda r: (r["path"], r["issuer"]))
    for row in rows:
        row["cells"] = [row["counts"][v] for v in VALIDITY_COLUMNS]
        row["total"] = sum(row["cells"])
    totals = [sum(r["counts"][v] for r in rows) for v in VALIDITY_COLUMNS]
    return {"columns": [Validity(v).label for v in VALIDITY_COLUMNS], "keys": list(VALIDITY_COLUMNS),
            "rows": rows, "totals": totals, "total": sum(totals)}


def review_outcomes(docs, start: date, end: date) -> dict:
    """Legality opinions given in the period on the documents in scope, by opinion, and the returns."""
    ct = ContentType.objects.get_for_model(NormativeDocument)
    ids = docs.order_by().annotate(key=Cast("pk", output_field=CharField())).values("key")
    reviews = LegalityReview.objects.filter(content_type=ct, object_id__in=ids)
    given = dict(reviews.filter(opinion_at__date__gte=start, opinion_at__date__lte=end).exclude(opinion="")
                 .order_by().values_list("opinion").annotate(n=Count("pk")))
    returned = ReviewReturn.objects.filter(review__in=reviews.values("pk"), returned_at__date__gte=start,
                                           returned_at__date__lte=end).count()
    rows = [{"key": key, "label": label, "count": given.get(key, 0)} for key, label in ReviewOpinion.choices]
    total = sum(r["count"] for r in rows)
    for row in rows:
        row["share"] = round(row["count"] / total, 4) if total else None
    return {"rows": rows, "total": total, "returned": returned}


def rate_rows(region: Region, start: date, end: date, today: date) -> list[dict]:
    """The indicator functions of documents/indicators.py for one region and period."""
    specs = [
        ("legality_review_rate", "合法性审核率", "已公布文件中经合法性审核的比例", indicators.legality_review_rate),
        ("filing_rate", "报备率", "应报备文件中已报备的比例", indicators.filing_rate),
        ("timely_filing_rate", "报备及时率", "已报备文件中在期限内报备的比例", indicators.timely_filing_rate),
        ("conformity_rate", "规范率", "已审查的备案中未被责令纠正、准予备案的比例", indicators.conformity_rate),
        ("comment_window_compliance_rate", "征求意见期达标率",
         "征求意见期不少于法定最短期间（或已说明缩短理由）的比例", indicators.comment_window_compliance_rate),
    ]
    rows = []
    for key, label, meaning, fn in specs:
        result = fn(region, start, end)
        rate = result["rate"]
        rows.append({"key": key, "label": label, "meaning": meaning, "numerator": result["numerator"],
                     "denominator": result["denominator"], "rate": rate,
                     "percent": None if rate is None else round(rate * 100, 1)})
    return rows


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
    docs = _scoped_documents(user, region)
    on = min(end, today)
    context.update({
        "start": start, "end": end, "period_label": period_label,
        "unit_label": choice.label if choice else f"{user.agency.name if user.agency_id else ''}（本单位数据范围）",
        "by_issuer": documents_by_issuer(docs, start, end),
        "outcomes": review_outcomes(docs, start, end),
        "rates": rate_rows(region, start, end, today) if region else [],
        "overdue": indicators.overdue_evaluations(region, on)["count"] if region else None,
        "overdue_on": on,
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
    from urllib.parse import quote

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    info.title = "说明"
    info.append(["统计范围", context["unit_label"]])
    info.append(["统计期间", context["period_label"]])
    info.append(["生成时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    info.append(["口径", "效力状态按今天的公布、施行、有效期、修改、废止记录推算；期间按公布日期（审核意见按出具日期）。"])

    def sheet(title: str, header: list, rows: list):
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = max(10, min(50, max(
                len(str(c.value or "")) * 2 for c in column)))

    by_issuer = context["by_issuer"]
    sheet("按制定机关和效力状态", ["制定机关", *by_issuer["columns"], "合计"],
          [[r["issuer"], *r["cells"], r["total"]] for r in by_issuer["rows"]]
          + [["合计", *by_issuer["totals"], by_issuer["total"]]])
    outcomes = context["outcomes"]
    sheet("合法性审核意见", ["审核意见", "件数"], [[r["label"], r["count"]] for r in outcomes["rows"]]
          + [["合计", outcomes["total"]], ["退回补充材料（次）", outcomes["returned"]]])
    if context["rates"]:
        sheet("指标", ["指标", "分子", "分母", "比率（%）", "口径"],
              [[r["label"], r["numerator"], r["denominator"], r["percent"], r["meaning"]] for r in context["rates"]]
              + [["逾期未评估的文件（件）", context["overdue"], None, None, f"截至 {context['overdue_on']}"]])
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    name = f"规范性文件统计-{context['unit_label']}-{context['period_label']}.xlsx".replace(" ", "")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
