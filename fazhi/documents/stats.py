"""Statistics of the normative-document module for a period and a region, in a few aggregate queries.

``statistics()`` is what the statistics page (views/stats.py) and its export call. It returns the same figures
as the indicator functions of documents/indicators.py (which supervision calls one at a time) and the tables of
the page, computed as:

1. the documents published in the period, by issuer and derived validity: one grouped query on the
   published-documents index (migration 0011);
2. the legality opinions given in the period, by opinion, and the returns made in it, on the documents in the
   user's scope: two aggregates, each starting from the period;
3. the legality review rate and the three filing rates of the region: one aggregate over the region's documents
   published in the period, with their filing (one-to-one) joined;
4. the comment-window compliance rate of the calls opened in the period: one aggregate, the working days counted
   in the query (indicators.comment_window_compliance_rate asks the calendar twice per call);
5. the overdue expiry evaluations: one count.

Reviews name their object by a character ``object_id``; they are matched to documents by casting that column to
an integer (``object_id::bigint IN (SELECT id …)``, a hash semi-join on integers), never by casting every
document id to text. Periods on datetimes are half-open ranges of aware datetimes (local midnight to local
midnight), which is what ``__date`` filters mean in the local time zone, without a cast per row.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone

from fazhi.core import workdays
from fazhi.core.choices import PeriodUnit
from fazhi.core.models import CalendarDay
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus
from fazhi.procedure.models import CommentCall, LegalityReview, ReviewReturn

from .choices import DocumentState, EvaluationStatus, FilingReviewStatus, FilingStatus, Validity
from .models import EvaluationTask, NormativeDocument

# The published validity states, in the order the table shows them.
VALIDITY_COLUMNS = [Validity.NOT_YET, Validity.IN_FORCE, Validity.AMENDED, Validity.EXPIRED, Validity.REPEALED]

# The rates the page shows, in its order: key, label, meaning.
RATES = [
    ("legality_review_rate", "合法性审核率", "已公布文件中经合法性审核的比例"),
    ("filing_rate", "报备率", "应报备文件中已报备的比例"),
    ("timely_filing_rate", "报备及时率", "已报备文件中在期限内报备的比例"),
    ("conformity_rate", "规范率", "已审查的备案中未被责令纠正、准予备案的比例"),
    ("comment_window_compliance_rate", "征求意见期达标率", "征求意见期不少于法定最短期间（或已说明缩短理由）的比例"),
]


def statistics(*, docs: QuerySet[NormativeDocument], region, start: date, end: date, today: date) -> dict:
    """Every figure of the statistics page. ``docs`` are the documents the user may measure (their scope, narrowed
    to ``region`` when one is chosen); the regional rates and the overdue evaluations need a ``region``."""
    on = min(end, today)
    return {
        "by_issuer": documents_by_issuer(docs, start, end),
        "outcomes": review_outcomes(docs, start, end),
        "rates": rate_rows(region, start, end) if region is not None else [],
        "overdue": overdue_evaluations(region, on) if region is not None else None,
        "overdue_on": on,
    }


def documents_by_issuer(docs: QuerySet[NormativeDocument], start: date, end: date) -> dict:
    """Documents published in the period, by issuer and derived validity (one grouped query)."""
    grouped = (docs.filter(state=DocumentState.PUBLISHED, publication_date__gte=start, publication_date__lte=end)
               .order_by().values("issuing_agency__name", "issuing_agency__region_path", "validity")
               .annotate(n=Count("pk")))
    table: dict[str, dict] = {}
    for group in grouped:
        entry = table.setdefault(group["issuing_agency__name"], {
            "issuer": group["issuing_agency__name"], "path": group["issuing_agency__region_path"],
            "counts": dict.fromkeys(VALIDITY_COLUMNS, 0)})
        if group["validity"] in entry["counts"]:
            entry["counts"][group["validity"]] += group["n"]
    rows = sorted(table.values(), key=lambda r: (r["path"], r["issuer"]))
    for row in rows:
        row["cells"] = [row["counts"][v] for v in VALIDITY_COLUMNS]
        row["total"] = sum(row["cells"])
    totals = [sum(r["counts"][v] for r in rows) for v in VALIDITY_COLUMNS]
    return {"columns": [Validity(v).label for v in VALIDITY_COLUMNS], "keys": list(VALIDITY_COLUMNS),
            "rows": rows, "totals": totals, "total": sum(totals)}


def _local_range(start: date, end: date) -> tuple[datetime, datetime]:
    """[local midnight of ``start``, local midnight after ``end``): the datetimes whose local date is in the period."""
    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))


def _document_reviews() -> QuerySet[LegalityReview]:
    """Reviews of normative documents, with ``document_id``: their ``object_id`` as the integer it holds."""
    return (LegalityReview.objects.filter(content_type=ContentType.objects.get_for_model(NormativeDocument))
            .annotate(document_id=Cast("object_id", output_field=BigIntegerField())))


def review_outcomes(docs: QuerySet[NormativeDocument], start: date, end: date) -> dict:
    """Legality opinions given in the period on the documents in scope, by opinion, and the returns in the period.
    Both start from the period (the reviews with an opinion in it, the returns made in it) and keep those whose
    document is in scope by a semi-join on the document's integer primary key."""
    low, high = _local_range(start, end)
    in_scope = docs.order_by().values("pk")
    given = dict(_document_reviews().filter(opinion_at__gte=low, opinion_at__lt=high, document_id__in=in_scope)
                 .exclude(opinion="").order_by().values_list("opinion").annotate(n=Count("pk")))
    returned = ReviewReturn.objects.filter(
        returned_at__gte=low, returned_at__lt=high,
        review__in=_document_reviews().filter(document_id__in=in_scope).values("pk")).count()
    rows = [{"key": key, "label": label, "count": given.get(key, 0)} for key, label in ReviewOpinion.choices]
    total = sum(r["count"] for r in rows)
    for row in rows:
        row["share"] = round(row["count"] / total, 4) if total else None
    return {"rows": rows, "total": total, "returned": returned}


def _rate(numerator: int, denominator: int) -> dict:
    return {"numerator": numerator, "denominator": denominator,
            "rate": round(numerator / denominator, 4) if denominator else None}


def regional_rates(region, start: date, end: date) -> dict[str, dict]:
    """The legality review rate and the filing rates of indicators.py for the region and period, in one aggregate
    over the region's documents published in the period (a filing is one-to-one with its document)."""
    done = _document_reviews().filter(status=ReviewStatus.DONE).values("document_id")
    published = Q(state=DocumentState.PUBLISHED)
    filed = Q(filing__status=FilingStatus.FILED)
    decided = Q(filing__review_status__in=[s for s in FilingReviewStatus.values if s != FilingReviewStatus.PENDING])
    figures = NormativeDocument.objects.filter(
        region_path__startswith=region.region_path, publication_date__gte=start, publication_date__lte=end,
    ).aggregate(
        published=Count("pk", filter=published),
        reviewed=Count("pk", filter=published & Q(pk__in=done)),
        filings=Count("filing"),
        filed=Count("filing", filter=filed),
        timely=Count("filing", filter=filed & Q(filing__filed_on__lte=F("filing__due_date"))),
        decided=Count("filing", filter=decided),
        clean=Count("filing", filter=Q(filing__review_status=FilingReviewStatus.APPROVED,
                                       filing__correction_deadline__isnull=True)),
    )
    return {
        "legality_review_rate": _rate(figures["reviewed"], figures["published"]),
        "filing_rate": _rate(figures["filed"], figures["filings"]),
        "timely_filing_rate": _rate(figures["timely"], figures["filed"]),
        "conformity_rate": _rate(figures["clean"], figures["decided"]),
    }


def comment_window_compliance_rate(region, start: date, end: date) -> dict:
    """indicators.comment_window_compliance_rate in one aggregate: a call complies when it gave a reason for a
    shorter window or its window — the days from its start to its end, counted in working days when its minimum
    is in working days — reaches the minimum. On PostgreSQL the working days are counted in the query against the
    calendar table (a day is a working day when the calendar says so, else when it is Monday to Friday — the rule
    of core.workdays); on SQLite (development, the test suite) on one snapshot of that calendar."""
    calls = CommentCall.objects.filter(
        content_type=ContentType.objects.get_for_model(NormativeDocument), region_path__startswith=region.region_path,
        start_date__gte=start, start_date__lte=end)
    explained = ~Q(shortened_reason="")
    if connection.vendor == "postgresql":
        figures = calls.aggregate(total=Count("pk"), ok=Count("pk", filter=explained | Q(_long_enough())))
        return _rate(figures["ok"], figures["total"])
    calendar = workdays.current_calendar()
    ok = total = 0
    for reason, unit, minimum, first, last in calls.values_list(
            "shortened_reason", "required_unit", "required_min", "start_date", "end_date"):
        if unit == PeriodUnit.WORKING_DAYS:
            length = workdays.count_on(calendar, first - timedelta(days=1), last)
        else:
            length = (last - first).days + 1
        total += 1
        ok += bool(reason) or length >= minimum
    return _rate(ok, total)


def _long_enough() -> RawSQL:
    """PostgreSQL: the call's window reaches its minimum (working days counted against core_calendarday)."""
    call = connection.ops.quote_name(CommentCall._meta.db_table)
    calendar = connection.ops.quote_name(CalendarDay._meta.db_table)
    return RawSQL(
        f"CASE WHEN {call}.required_unit = %s THEN ("
        f"SELECT count(*) FROM generate_series({call}.start_date, {call}.end_date, interval '1 day') AS g(day) "
        f"LEFT JOIN {calendar} cd ON cd.date = g.day::date "
        f"WHERE coalesce(cd.is_working, extract(isodow FROM g.day) < 6)) "
        f"ELSE {call}.end_date - {call}.start_date + 1 END >= {call}.required_min",
        [PeriodUnit.WORKING_DAYS], output_field=BooleanField())


def rate_rows(region, start: date, end: date) -> list[dict]:
    """The page's rate table: the regional rates and the comment-window compliance rate."""
    results = regional_rates(region, start, end)
    results["comment_window_compliance_rate"] = comment_window_compliance_rate(region, start, end)
    rows = []
    for key, label, meaning in RATES:
        result = results[key]
        rate = result["rate"]
        rows.append({"key": key, "label": label, "meaning": meaning, "numerator": result["numerator"],
                     "denominator": result["denominator"], "rate": rate,
                     "percent": None if rate is None else round(rate * 100, 1)})
    return rows


def overdue_evaluations(region, on: date) -> int:
    """Documents whose expiry evaluation is open and past due on ``on`` (indicators.overdue_evaluations)."""
    return EvaluationTask.objects.filter(document__region_path__startswith=region.region_path,
                                         status=EvaluationStatus.OPEN, due_date__lt=on).count()
