"""Indicators for the supervision engine: plain query functions of (period, org unit) → figures.

Each returns a dict with the numerator, the denominator and the rate (None when nothing to measure),
computed with aggregates in SQL. ``region`` is a core.Region: the unit and everything below it.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast

from fazhi.core import workdays
from fazhi.core.indicators import HIGHER, RATE, Figure, Indicator, Period, register, unit_kind
from fazhi.procedure.models import CommentCall, LegalityReview

from .choices import DocumentState, FilingReviewStatus, FilingStatus
from .models import EvaluationTask, Filing, NormativeDocument


def _rate(numerator: int, denominator: int) -> dict:
    return {"numerator": numerator, "denominator": denominator,
            "rate": round(numerator / denominator, 4) if denominator else None}


def _published(region, start: date, end: date):
    return NormativeDocument.objects.filter(region_path__startswith=region.region_path, state=DocumentState.PUBLISHED,
                                            publication_date__gte=start, publication_date__lte=end)


def legality_review_rate(region, start: date, end: date) -> dict:
    """Share of documents published in the period that went through a completed legality review."""
    docs = _published(region, start, end)
    ct = ContentType.objects.get_for_model(NormativeDocument)
    done = LegalityReview.objects.filter(content_type=ct, status="done",
                                         object_id=Cast(OuterRef("pk"), output_field=CharField()))
    agg = docs.aggregate(total=Count("id"), reviewed=Count("id", filter=Q(Exists(done))))
    return _rate(agg["reviewed"], agg["total"])


def _filings(region, start: date, end: date):
    return Filing.objects.filter(document__region_path__startswith=region.region_path,
                                 document__publication_date__gte=start, document__publication_date__lte=end)


def filing_rate(region, start: date, end: date) -> dict:
    agg = _filings(region, start, end).aggregate(total=Count("id"), filed=Count("id", filter=Q(status=FilingStatus.FILED)))
    return _rate(agg["filed"], agg["total"])


def timely_filing_rate(region, start: date, end: date) -> dict:
    agg = _filings(region, start, end).aggregate(
        filed=Count("id", filter=Q(status=FilingStatus.FILED)),
        timely=Count("id", filter=Q(status=FilingStatus.FILED, filed_on__lte=F("due_date"))),
    )
    return _rate(agg["timely"], agg["filed"])


def conformity_rate(region, start: date, end: date) -> dict:
    """规范率: share of reviewed filings approved without a correction."""
    decided = _filings(region, start, end).exclude(review_status=FilingReviewStatus.PENDING)
    agg = decided.aggregate(total=Count("id"), clean=Count(
        "id", filter=Q(review_status=FilingReviewStatus.APPROVED, correction_deadline__isnull=True)))
    return _rate(agg["clean"], agg["total"])


def comment_window_compliance_rate(region, start: date, end: date) -> dict:
    """Share of comment calls opened in the period whose window met the minimum or recorded a reason."""
    ct = ContentType.objects.get_for_model(NormativeDocument)
    calls = list(CommentCall.objects.filter(content_type=ct, region_path__startswith=region.region_path,
                                            start_date__gte=start, start_date__lte=end))
    ok = 0
    for call in calls:
        if call.shortened_reason:
            ok += 1
            continue
        if call.required_unit == "working_days":
            length = workdays.working_days_between(call.start_date - timedelta(days=1), call.end_date).days
        else:
            length = (call.end_date - call.start_date).days + 1
        ok += length >= call.required_min
    return _rate(ok, len(calls))


def overdue_evaluations(region, on: date) -> dict:
    """Documents whose expiry evaluation is open and past due on ``on``."""
    count = EvaluationTask.objects.filter(document__region_path__startswith=region.region_path, status="open",
                                          due_date__lt=on).count()
    return {"count": count}


# ------------------------------------------------------------------ the core registry (one signature)
# Supervision calls every module's indicators as ``compute(unit, period) -> Figure``; these wrap the
# functions above for a region (the unit and everything below it).


def _figure(result: dict, base: str) -> Figure:
    return Figure.rate(result["numerator"], result["denominator"], base)


def _registered(code: str, name: str, base: str, function, description: str, source: str, records=None):
    return Indicator(
        code=f"documents.{code}", name=name, module="documents", unit=RATE, base=base, direction=HIGHER,
        compute=lambda unit, period: _figure(function(_region_of(unit), period.start, period.end), base),
        records=records, description=description, source=source, unit_kinds=("region",))


def _region_of(unit):
    if unit_kind(unit) != "region":
        raise TypeError("规范性文件的指标按地区计算。")
    return unit


def published_records(unit, period: Period):
    """The documents behind the legality review rate: those published in the period."""
    return _published(_region_of(unit), period.start, period.end).only(
        "id", "code", "title", "number", "publication_date")


INDICATORS = [
    _registered("legality_review_rate", "规范性文件合法性审核率", "本期公布的规范性文件件数", legality_review_rate,
                "本期公布的文件中经合法性审核（审核完成）的比例", "《优化营商环境条例》第六十三条第二款",
                records=published_records),
    _registered("filing_rate", "规范性文件报备率", "本期公布、应报送备案的文件件数", filing_rate,
                "应报备文件中已报送备案的比例", "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条"),
    _registered("timely_filing_rate", "规范性文件报备及时率", "本期公布并已报备的文件件数", timely_filing_rate,
                "已报备文件中在期限内报备的比例", "《法治政府建设实施纲要（2021－2025年）》（九）"),
    _registered("conformity_rate", "规范性文件备案审查规范率", "已作出备案审查结论的文件件数", conformity_rate,
                "已审查的备案中未被责令纠正、准予备案的比例", "《法治政府建设实施纲要（2021－2025年）》（九）"),
    _registered("comment_window_compliance_rate", "征求意见期限合规率", "本期开始征求意见的件数",
                comment_window_compliance_rate, "征求意见期不少于法定最短期间（或已说明缩短理由）的比例",
                "《优化营商环境条例》第六十二条"),
]


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
