"""Indicators of the major-decision module for the supervision engine: (period, region) → figures."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast

from fazhi.core.indicators import HIGHER, RATE, Figure, Indicator, Period, register, unit_kind
from fazhi.procedure.models import CommentCall, LegalityReview

from .choices import CatalogueStatus
from .models import Catalogue, Decision, Meeting, PostEvaluation


def _rate(numerator: int, denominator: int) -> dict:
    return {"numerator": numerator, "denominator": denominator,
            "rate": round(numerator / denominator, 4) if denominator else None}


def catalogue_published_on_time(region, year: int, by: date | None = None) -> dict:
    """Share of governments in the region whose catalogue for ``year`` was published by ``by``
    (default: 31 March of that year — a local convention, configurable by the caller)."""
    by = by or date(year, 3, 31)
    catalogues = Catalogue.objects.filter(region_path__startswith=region.region_path, year=year)
    agg = catalogues.aggregate(total=Count("id"), on_time=Count("id", filter=Q(
        status=CatalogueStatus.PUBLISHED, published_on__lte=by)))
    return _rate(agg["on_time"], agg["total"])


def legality_review_rate_before_discussion(region, start: date, end: date) -> dict:
    """Decisions discussed in the period that had a completed legality review first (should be 100%)."""
    ct = ContentType.objects.get_for_model(Decision)
    done = LegalityReview.objects.filter(content_type=ct, status="done",
                                         object_id=Cast(OuterRef("decision_id"), output_field=CharField()))
    meetings = Meeting.objects.filter(decision__region_path__startswith=region.region_path, held_on__gte=start,
                                      held_on__lte=end)
    agg = meetings.aggregate(total=Count("decision", distinct=True),
                             reviewed=Count("decision", distinct=True, filter=Q(Exists(done))))
    return _rate(agg["reviewed"], agg["total"])


def consultation_window_rate(region, start: date, end: date) -> dict:
    """Consultations opened in the period lasting at least 30 days, or shortened with a published reason."""
    ct = ContentType.objects.get_for_model(Decision)
    calls = list(CommentCall.objects.filter(content_type=ct, region_path__startswith=region.region_path,
                                            start_date__gte=start, start_date__lte=end))
    ok = sum(1 for c in calls if c.shortened_reason or (c.end_date - c.start_date).days + 1 >= 30)
    return _rate(ok, len(calls))


def meeting_records_complete(region, start: date, end: date) -> dict:
    """Meetings with every member's opinion recorded, the head last, and a reason when against the majority."""
    meetings = list(Meeting.objects.filter(decision__region_path__startswith=region.region_path, held_on__gte=start,
                                           held_on__lte=end).prefetch_related("opinions"))
    complete = 0
    for m in meetings:
        opinions = list(m.opinions.all())
        if opinions and opinions[-1].is_head and (not m.head_against_majority or m.head_reason.strip()):
            complete += 1
    return _rate(complete, len(meetings))


def post_evaluations_done(region, start: date, end: date) -> dict:
    started = PostEvaluation.objects.filter(decision__region_path__startswith=region.region_path,
                                            started_on__gte=start, started_on__lte=end)
    agg = started.aggregate(total=Count("id"), done=Count("id", filter=Q(done_on__isnull=False)))
    return _rate(agg["done"], agg["total"])


# ------------------------------------------------------------------ the core registry (one signature)
# Supervision calls every module's indicators as ``compute(unit, period) -> Figure``; these wrap the
# functions above for a region (the unit and everything below it).


def _region_of(unit):
    if unit_kind(unit) != "region":
        raise TypeError("重大行政决策的指标按地区计算。")
    return unit


def _registered(code: str, name: str, base: str, function, description: str, source: str, periods=None):
    def compute(unit, period: Period) -> Figure:
        result = function(_region_of(unit), period.start, period.end)
        return Figure.rate(result["numerator"], result["denominator"], base)

    return Indicator(code=f"decisions.{code}", name=name, module="decisions", unit=RATE, base=base,
                     direction=HIGHER, compute=compute, description=description, source=source,
                     unit_kinds=("region",), **({"periods": periods} if periods else {}))


def _catalogue_on_time(region, start: date, end: date) -> dict:
    return catalogue_published_on_time(region, start.year)


INDICATORS = [
    _registered("legality_review_before_discussion", "决策草案集体讨论前合法性审查率",
                "本期提交集体讨论的决策事项数", legality_review_rate_before_discussion,
                "提交集体讨论前已完成合法性审查的比例（应为100%）", "《重大行政决策程序暂行条例》第二十五条"),
    _registered("consultation_window_rate", "决策征求意见期限合规率", "本期开始公开征求意见的决策事项数",
                consultation_window_rate, "征求意见期不少于30日或已说明缩短理由的比例",
                "《重大行政决策程序暂行条例》第十五条"),
    _registered("meeting_records_complete", "集体讨论记录完整率", "本期举行的集体讨论会议数", meeting_records_complete,
                "每位组成人员意见均已记录、行政首长最后发表意见、与多数意见不一致时说明理由的比例",
                "《重大行政决策程序暂行条例》第三十条"),
    _registered("post_evaluations_done", "决策后评估完成率", "本期启动的决策后评估数", post_evaluations_done,
                "本期启动的决策后评估中已完成的比例", "《重大行政决策程序暂行条例》第三十六条"),
    _registered("catalogue_published_on_time", "决策事项目录按时公布率", "本年度应编制目录的决策机关数",
                _catalogue_on_time, "当年3月31日前公布决策事项目录的决策机关比例（地方惯例，可设置）",
                "《重大行政决策程序暂行条例》第三条第三款", periods=("year",)),
]


def register_all() -> None:
    for indicator in INDICATORS:
        register(indicator)
