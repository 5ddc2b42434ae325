"""Selectors: what the documents machine's guards need to know, fetched for a whole page of documents at
once (``workflow.MACHINE`` names ``transition_facts`` as its facts; the pages, the API and the services
read the same facts)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F

from fazhi.core.orgs import justice_bureau_for
from fazhi.procedure.choices import CommentSource, ReviewStatus, ScreeningStatus
from fazhi.procedure.models import Comment, CommentCall, LegalityReview, ReviewReturn

from .choices import CleanupDecision, DocumentState, EvaluationStatus
from .models import CongressFiling, EvaluationTask, Filing, NormativeDocument


@dataclass
class Facts:
    """What the guards need to know about one document."""

    call: CommentCall | None = None
    unanswered: int = 0
    reviewing_agency: object = None
    review: LegalityReview | None = None
    filing: Filing | None = None
    congress_filing: CongressFiling | None = None
    open_evaluation: bool = False
    republication_due: bool = False
    return_reason: str = ""


def transition_facts(docs: list[NormativeDocument]) -> dict[int, Facts]:
    """Comment calls, unanswered counts, reviews, filings and evaluations of ``docs`` in a few queries."""
    facts = {doc.pk: Facts() for doc in docs}
    if not docs:
        return facts
    ct = ContentType.objects.get_for_model(NormativeDocument)
    ids = [str(doc.pk) for doc in docs]
    for call in CommentCall.objects.filter(content_type=ct, object_id__in=ids).order_by("object_id", "-id"):
        fact = facts[int(call.object_id)]
        fact.call = fact.call or call
    calls = {f.call.pk: f for f in facts.values() if f.call}
    if calls:
        # The rule of procedure.unanswered_count: hidden portal comments need no answer.
        unanswered = (Comment.objects.filter(call_id__in=calls, outcome="")
                      .exclude(screening=ScreeningStatus.HIDDEN, source=CommentSource.PORTAL)
                      .values("call_id").annotate(n=Count("pk")))
        for row in unanswered:
            calls[row["call_id"]].unanswered = row["n"]
    reviews = (LegalityReview.objects.filter(content_type=ct, object_id__in=ids).select_related("deadline")
               .annotate(version_number=F("version__number"))
               .defer("materials", "precheck_findings").order_by("object_id", "-round", "-id"))
    for review in reviews:
        fact = facts[int(review.object_id)]
        fact.review = fact.review or review
    returned = {f.review.pk: f for f in facts.values() if f.review and f.review.status == ReviewStatus.RETURNED}
    if returned:
        for item in ReviewReturn.objects.filter(review_id__in=returned, resubmitted_at__isnull=True).order_by("id"):
            returned[item.review_id].return_reason = item.reason
    bureaus: dict[int, object] = {}
    for doc in docs:
        if doc.issuing_agency.region_id not in bureaus:
            bureaus[doc.issuing_agency.region_id] = justice_bureau_for(doc.issuing_agency)
        facts[doc.pk].reviewing_agency = bureaus[doc.issuing_agency.region_id]
    published = [doc.pk for doc in docs if doc.state == DocumentState.PUBLISHED]
    if published:
        for filing in Filing.objects.filter(document_id__in=published).select_related("agency"):
            facts[filing.document_id].filing = filing
        for filing in CongressFiling.objects.filter(document_id__in=published):
            facts[filing.document_id].congress_filing = filing
        for doc_id in EvaluationTask.objects.filter(document_id__in=published, status=EvaluationStatus.OPEN) \
                .values_list("document_id", flat=True):
            facts[doc_id].open_evaluation = True
        for doc_id in EvaluationTask.objects.filter(document_id__in=published, status=EvaluationStatus.DONE,
                                                    conclusion=CleanupDecision.KEEP, republished_on__isnull=True) \
                .values_list("document_id", flat=True):
            facts[doc_id].republication_due = True
    return facts
