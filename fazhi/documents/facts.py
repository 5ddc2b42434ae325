"""Selectors: what the documents machine's guards need to know, fetched for a whole page of documents at
once (``workflow.MACHINE`` names ``transition_facts`` as its facts; the pages, the API and the services
read the same facts)."""

from dataclasses import dataclass

from fazhi.core.choices import AgencyDuty, AgencyKind, Role
from fazhi.core.orgs import government_office_for, justice_bureau_for
from fazhi.procedure import comments as comment_desk
from fazhi.procedure import reviews
from fazhi.procedure.choices import ReviewOpinion, ReviewStage, ReviewStatus
from fazhi.procedure.models import CommentCall, LegalityReview, ReviewReturn

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
    for pk, (call, unanswered) in comment_desk.calls_of(NormativeDocument, facts).items():
        facts[pk].call, facts[pk].unanswered = call, unanswered
    for pk, rounds in reviews.latest_reviews(NormativeDocument, facts).items():
        facts[pk].review = rounds[0]
        # the department's 法制机构 has passed a text (then the 司法局's turn)
        facts[pk].department_passed = any(
            r.stage == ReviewStage.DEPARTMENT and r.status == ReviewStatus.DONE
            and (r.opinion == ReviewOpinion.LAWFUL
                 or (r.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and r.confirmed_hash)) for r in rounds)
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
