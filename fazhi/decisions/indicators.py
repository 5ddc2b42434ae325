"""Indicators of the major-decision module for the supervision engine: (period, region) → figures."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast

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
