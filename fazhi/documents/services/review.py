"""Legality review (合法性审核) from the document's side: submitting to the kernel review desk and following what
the desk does (the reviewer's steps are the kernel's: procedure.reviews)."""

from django.db import transaction

from fazhi.core import audit
from fazhi.core.errors import TransitionRefused
from fazhi.core.models import User
from fazhi.core.notifications import notify
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewOpinion, ReviewStage, ReviewStatus
from fazhi.procedure.models import LegalityReview
from fazhi.procedure.steps import locked

from .. import precheck_adapter
from ..choices import (
    DocumentState,
)
from ..models import (
    NormativeDocument,
)
from ..workflow import MACHINE, Perm
from .drafting import _snapshot_version

# ------------------------------------------------------------------ legality review


def _materials(doc: NormativeDocument, call) -> dict:
    fcr = getattr(doc, "fair_competition", None)
    return {
        "draft_version": doc.version_count,
        "drafting_notes": bool(doc.drafting_notes),
        "legal_basis": doc.legal_basis[:500],
        "upper_laws": list(doc.upper_laws.values_list("name", flat=True)),
        "comment_call": str(call.code) if call else None,
        "fair_competition": fcr.get_conclusion_display() if fcr else None,
    }


@transaction.atomic
def document_submit_review(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    """送审: the text frozen as a version, pre-checked, and sent to the kernel review desk — to the drafting
    department's own 法制机构 first where it has one, then to the 司法行政部门 (国办发〔2018〕115号; the stages are
    ``review.py``'s); a document returned for supplements goes back to the same desk."""
    doc = locked(actor, document, Perm.DRAFT)
    call = procedure.open_call_of(doc)
    latest = reviews.latest_review(doc)
    MACHINE.require("submit_review", doc, actor=actor)
    returned = latest is not None and latest.status == ReviewStatus.RETURNED
    if not returned and reviews.all_passed(doc):
        if latest is not None and latest.stage == ReviewStage.DEPARTMENT:
            raise TransitionRefused(["部门法制机构已审核通过，按本地规定无需再送司法行政部门审核。"])
        raise TransitionRefused(["审核意见为“合法”且文本未修改，无需重新送审。"])
    version = _snapshot_version(actor, doc, "送审稿")
    findings = precheck_adapter.run(doc)
    review = reviews.review_submit(actor=actor, target=doc, version=version, submitting_agency=doc.agency,
                                   materials=_materials(doc, call), findings=findings)
    doc.state = DocumentState.IN_REVIEW
    doc.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="documents.submit_review",
        obj=doc,
        after={"review": str(review.code), "round": review.round, "findings": len(findings), "stage": review.stage},
    )
    return doc


def on_review_event(actor, doc: NormativeDocument, review: LegalityReview, event: str) -> None:
    """The review desk tells the document what happened (inside the desk's transaction): a return for
    supplements or an opinion gives the text back to its drafter; a text forwarded to the next stage (the
    department's 法制机构 passed it) stays in review."""
    states = {"returned": DocumentState.RETURNED, "opinion": DocumentState.REVIEWED,
              "forwarded": DocumentState.IN_REVIEW, "confirmed": None}
    if event not in states:
        return
    before = doc.state
    state = states[event]
    if state is not None and doc.state in (DocumentState.IN_REVIEW, DocumentState.REVIEWED):
        doc.state = state
        doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action=f"documents.review_{event}", obj=doc, before={"state": before},
                 after={"state": doc.state, "review": str(review.code), "stage": review.stage,
                        "opinion": review.opinion or "", "reviewer": review.agency.name})
    titles = {"returned": "合法性审核退回补充材料", "opinion": "合法性审核意见",
              "forwarded": f"部门法制机构审核通过，已送{review.agency.name}合法性审核", "confirmed": "修改要求已确认落实"}
    title = titles[event]
    if event == "opinion":
        title = f"{title}：{ReviewOpinion(review.opinion).label}"
    body = review.returns.order_by("-id").values_list("reason", flat=True).first() if event == "returned" else ""
    if doc.created_by_id:
        transaction.on_commit(lambda: notify(recipient=doc.created_by, title=f"{title}——{doc.title}"[:200],
                                             body=body or "", link=doc.get_absolute_url()))
