"""Selectors: what the documents machine's guards need to know, fetched for a whole page of documents at
once (``workflow.MACHINE`` names ``transition_facts`` as its facts; the pages, the API and the services
read the same facts)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F

from fazhi.core.choices import AgencyDuty, AgencyKind, Role
from fazhi.core.orgs import government_office_for, justice_bureau_for
from fazhi.procedure.choices import CommentSource, ReviewOpinion, ReviewStage, ReviewStatus, ScreeningStatus
from fazhi.procedure.models import Comment, CommentCall, LegalityReview, ReviewReturn

from . import rules
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
    first_stage_agency: object = None  # the drafting department's 法制机构 (its own legal staff), if any
    justice_stage: bool = True  # whether the 司法行政部门 reviews too (a government's document always)
    registrar: object = None  # who registers the adopted document (三统一)
    department_passed: bool = False  # the department's 法制机构 has passed a text (then the 司法局's turn)
    open_evaluation: bool = False
    republication_due: bool = False
    return_reason: str = ""


def legal_offices(agency_ids) -> set[int]:
    """The drafting departments that review first with their own 法制机构 (国办发〔2018〕115号: 起草部门有法制
    机构的，先由其审核): a department — not the 司法行政部门 itself — where an active 部门法制工作人员 works. Found
    from the agency's kind, duty and staff roles, never from a name."""
    from fazhi.core.models import User

    return set(User.objects.filter(
        agency_id__in=agency_ids, is_active=True, role_assignments__role=Role.LEGAL_STAFF,
        agency__kind=AgencyKind.DEPARTMENT).exclude(agency__duty=AgencyDuty.JUSTICE)
        .values_list("agency_id", flat=True).distinct())


def registrar_for(issuer):
    """三统一 [U] (国办发〔2018〕37号, RULES.md §1): the issuer's 司法行政部门 registers, or its government office
    where the local rule says so (setting FAZHI_DOC_REGISTRAR)."""
    if rules.current().registrar == "gov_office":
        return government_office_for(issuer)
    return justice_bureau_for(issuer)


def justice_stage_required(doc: NormativeDocument, first_stage_agency) -> bool:
    """A government's document is reviewed by its 司法局 (after the drafting department's office, where there is
    one); a department's own document goes to the 司法局 as well where the local rule says so (a setting)."""
    if first_stage_agency is None or doc.issuing_agency.kind != AgencyKind.DEPARTMENT:
        return True
    return rules.current().department_docs_to_justice


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
        if (review.stage == ReviewStage.DEPARTMENT and review.status == ReviewStatus.DONE
                and (review.opinion == ReviewOpinion.LAWFUL
                     or (review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and review.confirmed_hash))):
            fact.department_passed = True
    returned = {f.review.pk: f for f in facts.values() if f.review and f.review.status == ReviewStatus.RETURNED}
    if returned:
        for item in ReviewReturn.objects.filter(review_id__in=returned, resubmitted_at__isnull=True).order_by("id"):
            returned[item.review_id].return_reason = item.reason
    bureaus: dict[int, object] = {}
    for doc in docs:
        if doc.issuing_agency.region_id not in bureaus:
            bureaus[doc.issuing_agency.region_id] = justice_bureau_for(doc.issuing_agency)
        facts[doc.pk].reviewing_agency = bureaus[doc.issuing_agency.region_id]
    registrars: dict[int, object] = {}
    for doc in docs:
        if doc.state == DocumentState.DELIBERATED:
            if doc.issuing_agency_id not in registrars:
                registrars[doc.issuing_agency_id] = registrar_for(doc.issuing_agency)
            facts[doc.pk].registrar = registrars[doc.issuing_agency_id]
    offices = legal_offices({doc.agency_id for doc in docs})
    for doc in docs:
        fact = facts[doc.pk]
        fact.first_stage_agency = doc.agency if doc.agency_id in offices else None
        fact.justice_stage = justice_stage_required(doc, fact.first_stage_agency)
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
