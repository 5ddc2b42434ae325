"""Legality review (合法性审核) from the document's side: submitting, returning for supplements, the opinion, confirming the changes."""

from django.db import transaction

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency, User
from fazhi.core.notifications import notify
from fazhi.core.orgs import (
    justice_bureau_for,
)
from fazhi.core.permissions import has_perm
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewOpinion, ReviewStage, ReviewStatus
from fazhi.procedure.models import LegalityReview

from .. import precheck_adapter, rules, workflow
from ..checklist import CHECKLIST_ITEMS
from ..choices import (
    DocumentState,
)
from ..models import (
    NormativeDocument,
)
from ..workflow import Perm
from .common import _check_step, _link, _locked
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
def submit_review(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    """送审: to the drafting department's own 法制机构 first where it has one, then to the 司法行政部门
    (国办发〔2018〕115号; ``workflow.next_review_stage``)."""
    doc = _locked(actor, document, Perm.DRAFT)
    call = procedure.open_call_of(doc)
    latest = procedure.latest_review(doc)
    facts = _check_step("submit_review", doc, actor)
    stage = workflow.next_review_stage(doc, facts)
    final = latest is not None and (latest.stage == ReviewStage.JUSTICE or stage is None)
    if (doc.state == DocumentState.REVIEWED and latest and latest.opinion in (ReviewOpinion.LAWFUL,) and final
            and not procedure.opinion_text_problems(latest, doc.title, doc.body)):
        raise TransitionRefused(["审核意见为“合法”且文本未修改，无需重新送审。"])
    if stage is None:
        raise TransitionRefused(["部门法制机构已审核通过，按本地规定无需再送司法行政部门审核。"])
    reviewer = facts.first_stage_agency if stage == ReviewStage.DEPARTMENT else justice_bureau_for(doc.issuing_agency)
    version = _snapshot_version(actor, doc, "送审稿")
    findings = precheck_adapter.run(doc)
    if doc.state == DocumentState.RETURNED and latest is not None and latest.status == ReviewStatus.RETURNED:
        procedure.review_resubmit(
            actor=actor, target=doc, review=latest, materials=_materials(doc, call), version=version
        )
        latest.precheck_findings = findings
        latest.save(update_fields=["precheck_findings"])
        review, reviewer = latest, latest.agency
    else:
        review = _submit_round(actor, doc, call, reviewer, version, findings, stage)
    doc.state = DocumentState.IN_REVIEW
    doc.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="documents.submit_review",
        obj=doc,
        after={"review": str(review.code), "round": review.round, "findings": len(findings), "stage": review.stage},
    )
    _notify_reviewers(doc, reviewer)
    return doc


def _submit_round(actor, doc, call, reviewer, version, findings, stage) -> LegalityReview:
    cfg = rules.current()
    return procedure.review_submit(
        actor=actor,
        target=doc,
        title=doc.title,
        submitting_agency=doc.agency,
        reviewing_agency=reviewer,
        materials=_materials(doc, call),
        version=version,
        period_working_days=max(cfg.review_min_working_days, cfg.review_working_days),
        rule_code="document_legality_review",
        legal_source="合法性审核时限（国办发〔2018〕115号，可配置）",
        link=f"/documents/reviews/{doc.code}/",
        precheck_findings=findings,
        stage=stage,
    )


def _notify_reviewers(doc, reviewer) -> None:
    for user in _users_with(Perm.REVIEW, reviewer):
        notify(
            recipient=user, title=f"新的合法性审核：{doc.title}"[:200], link=f"/documents/reviews/{doc.code}/"
        )


def _users_with(perm: str, agency: Agency):
    return [
        u
        for u in User.objects.filter(agency=agency, is_active=True).prefetch_related("role_assignments")
        if has_perm(u, perm)
    ]


def _review_for_reviewer(actor: User, doc: NormativeDocument) -> LegalityReview:
    review = procedure.latest_review(doc)
    if review is None:
        raise TransitionRefused(["该文件没有送审记录。"])
    if actor is not None and review.agency_id != actor.agency_id:
        raise NotPermitted("该审核不在您单位的审核台。")
    return review


def _reviewer_doc(actor, document) -> NormativeDocument:
    if actor is not None and not has_perm(actor, Perm.REVIEW):
        raise NotPermitted("您没有合法性审核的权限。")
    return NormativeDocument.objects.select_for_update().select_related("issuing_agency").get(pk=document.pk)


@transaction.atomic
def return_for_supplement(*, actor: User, document: NormativeDocument, reason: str) -> NormativeDocument:
    doc = _reviewer_doc(actor, document)
    review = _review_for_reviewer(actor, doc)
    _check_step("return_for_supplement", doc, actor)
    procedure.review_return(actor=actor, target=doc, review=review, reason=reason)
    doc.state = DocumentState.RETURNED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.return_for_supplement", obj=doc, after={"reason": reason})
    notify(
        recipient=doc.created_by,
        title=f"合法性审核退回补充材料：{doc.title}"[:200],
        body=reason,
        link=_link(doc),
    )
    return doc


@transaction.atomic
def give_opinion(
    *,
    actor: User,
    document: NormativeDocument,
    opinion: str,
    checklist: dict | None = None,
    opinion_text: str = "",
    required_changes: str = "",
) -> NormativeDocument:
    doc = _reviewer_doc(actor, document)
    review = _review_for_reviewer(actor, doc)
    if checklist is not None and not isinstance(checklist, dict):
        raise ServiceError(field_errors={"checklist": ["审核要点格式不正确。"]})
    checklist = {k: v for k, v in (checklist or {}).items() if k in dict(CHECKLIST_ITEMS)}
    facts = _check_step("give_opinion", doc, actor, lambda facts: workflow.opinion_problems(
        opinion=opinion, checklist=checklist, required_changes=required_changes))
    procedure.review_opinion(
        actor=actor,
        target=doc,
        review=review,
        opinion=opinion,
        checklist=checklist,
        opinion_text=opinion_text,
        required_changes=required_changes,
    )
    forwarded = None
    if review.stage == ReviewStage.DEPARTMENT and opinion == ReviewOpinion.LAWFUL and facts.justice_stage:
        # 国办发〔2018〕115号: the department's 法制机构 found it lawful — on to the 司法行政部门, the same text
        bureau = justice_bureau_for(doc.issuing_agency)
        if bureau is None:
            raise TransitionRefused(["找不到负责合法性审核的司法行政部门，请联系管理员完善单位设置。"])
        forwarded = _submit_round(actor, doc, procedure.open_call_of(doc), bureau, review.version,
                                  review.precheck_findings, ReviewStage.JUSTICE)
    else:
        doc.state = DocumentState.REVIEWED
        doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.give_opinion", obj=doc,
                 after={"opinion": opinion, "stage": review.stage,
                        "forwarded_to": forwarded.agency.name if forwarded else None})
    if forwarded is not None:
        _notify_reviewers(doc, forwarded.agency)
    notify(
        recipient=doc.created_by,
        title=f"合法性审核意见：{ReviewOpinion(opinion).label}——{doc.title}"[:200],
        link=_link(doc),
    )
    return doc


@transaction.atomic
def confirm_changes(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    doc = _reviewer_doc(actor, document)
    review = _review_for_reviewer(actor, doc)
    _check_step("confirm_changes", doc, actor)
    if doc.version_count and review.version_id and review.version.number >= doc.version_count:
        raise TransitionRefused(["送审稿之后尚无修改后的版本，请起草单位先按修改要求修改文本。"])
    procedure.review_confirm_changes(actor=actor, target=doc, review=review,
                                     version=procedure.versions_of(doc).order_by("-number").first(),
                                     text_hash=procedure.text_sha256(doc.title, doc.body))
    audit.record(actor=actor, action="documents.confirm_changes", obj=doc)
    return doc
