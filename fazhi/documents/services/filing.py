"""Filing (备案) with the filing authority and its review: decisions, extensions, revocation, correction and escalation."""
from datetime import date

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import User
from fazhi.core.notifications import notify
from fazhi.core.orgs import (
    justice_bureau_for,
)
from fazhi.core.permissions import has_perm
from fazhi.procedure.steps import locked

from .. import rules, workflow
from ..choices import (
    FilingReviewStatus,
    FilingStatus,
)
from ..models import (
    Filing,
    NormativeDocument,
)
from ..workflow import MACHINE, Perm
from .comments import _date_input
from .common import _users_with

# ------------------------------------------------------------------ filing and filing review


@transaction.atomic
def document_file(*, actor: User, document: NormativeDocument, filed_on: date | None = None) -> Filing:
    """报送备案: the package (备案报告, the document, 起草说明, 合法性审核意见) is assembled automatically."""
    from ..docgen import filing_package

    doc = locked(actor, document, Perm.DRAFT)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    MACHINE.require("file", doc, actor=actor)
    today = timezone.localdate()
    filed_on = _date_input(filed_on, "filed_on") or today
    if filed_on > today or filed_on < doc.publication_date:
        raise ServiceError(field_errors={"filed_on": ["报备日期应在公布日期与今天之间。"]})
    filing.package = filing_package(actor=actor, document=doc)
    filing.status = FilingStatus.FILED
    filing.filed_on = filed_on
    filing.filed_by = actor
    filing.save()
    if filing.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=filing.deadline, on_date=filed_on)
    if filing.agency_id:
        # The reviewing body's own clock: 备案审查 within the configured working days from receipt.
        reviewer = justice_bureau_for(filing.agency) or filing.agency
        filing.review_deadline = deadlines.deadline_create(
            actor=None, object_repr=f"备案审查：{doc.title}"[:200], rule_code="document_filing_review",
            legal_source="备案审查期限（省备案审查规定，可配置，默认30个工作日）", start_date=filed_on,
            period=rules.current().filing_review_working_days, unit=PeriodUnit.WORKING_DAYS, agency=reviewer,
            obj=doc, link="/documents/filings/")
        filing.save(update_fields=["review_deadline"])
    audit.record(
        actor=actor,
        action="documents.file",
        obj=doc,
        after={"filed_on": filed_on, "due": filing.due_date, "late": filing.is_late},
    )
    if filing.agency_id:
        for user in _users_with(Perm.FILING_REVIEW, justice_bureau_for(filing.agency) or filing.agency):
            notify(
                recipient=user, title=f"新的备案：{doc.number} {doc.title}"[:200], link="/documents/filings/"
            )
    return filing


def _filing_for_authority(actor, document) -> tuple[NormativeDocument, Filing]:
    if actor is not None and not has_perm(actor, Perm.FILING_REVIEW):
        raise NotPermitted("您没有备案审查的权限。")
    doc = NormativeDocument.objects.select_for_update().get(pk=document.pk)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    if filing is None:
        raise TransitionRefused(["该文件没有备案记录。"])
    if actor is not None:
        # The filing authority's justice bureau handles its filings (备案审查机构).
        authority_region = filing.agency.region_id if filing.agency_id else None
        if authority_region is None or actor.agency is None or actor.agency.region_id != authority_region:
            raise NotPermitted("该备案不属于您所在的备案审查机关。")
    return doc, filing


@transaction.atomic
def filing_decide(
    *,
    actor: User,
    document: NormativeDocument,
    decision: str,
    opinion: str = "",
    correction_days: int | None = None,
) -> Filing:
    doc, filing = _filing_for_authority(actor, document)
    MACHINE.require("filing_decision", doc, actor=actor, problems=lambda facts: workflow.filing_decision_problems(
        decision=decision, opinion=opinion))
    today = timezone.localdate()
    before = {"review_status": filing.review_status}
    filing.review_status = decision
    filing.review_opinion = opinion.strip()
    filing.reviewed_on = today
    filing.reviewed_by = actor
    if decision == FilingReviewStatus.CORRECTION_REQUIRED:
        days = correction_days or rules.current().correction_days
        if not isinstance(days, int) or days < 1 or days > 365:
            raise ServiceError(field_errors={"correction_days": ["纠正期限应为 1 至 365 日。"]})
        filing.correction_deadline = deadlines.deadline_create(
            actor=None,
            object_repr=f"备案审查纠正：{doc.title}"[:200],
            rule_code="document_correction",
            legal_source="备案审查纠正期限（可配置，默认30日）",
            start_date=today,
            period=days,
            unit=PeriodUnit.CALENDAR_DAYS,
            agency=doc.agency,
            responsible=doc.created_by,
            obj=doc,
            link=doc.get_absolute_url(),
        )
    filing.save()
    if filing.review_deadline_id and filing.review_deadline.status in ("open", "paused", "overdue"):
        deadlines.deadline_complete(actor=None, deadline=filing.review_deadline, on_date=today)
    audit.record(
        actor=actor,
        action="documents.filing_decision",
        obj=doc,
        before=before,
        after={"review_status": decision, "opinion": opinion.strip()},
    )
    notify(
        recipient=doc.created_by,
        title=f"备案审查结果：{FilingReviewStatus(decision).label}——{doc.title}"[:200],
        body=opinion,
        link=doc.get_absolute_url(),
    )
    return filing


@transaction.atomic
def filing_review_extend(*, actor: User, document: NormativeDocument, approved_by: str, reason: str) -> Filing:
    """Extend the 备案审查 time limit once, by the configured working days, with the approval of the reviewing
    body's head (setting; the province's regulation is unverified)."""
    doc, filing = _filing_for_authority(actor, document)
    errors: dict = {}
    if not (approved_by or "").strip():
        errors["approved_by"] = ["请填写批准延长的负责人。"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明延长审查期限的理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if filing.review_deadline_id is None or filing.review_status not in (
            FilingReviewStatus.PENDING, FilingReviewStatus.CORRECTED):
        raise TransitionRefused(["该备案没有进行中的审查期限。"])
    if filing.review_extended_by:
        raise TransitionRefused([f"审查期限已经{filing.review_extended_by}批准延长过一次，不能再延长。"])
    deadlines.deadline_extend(actor=None, deadline=filing.review_deadline,
                              amount=rules.current().filing_review_extension_working_days,
                              unit=PeriodUnit.WORKING_DAYS, reason=f"经{approved_by.strip()}批准：{reason.strip()}")
    filing.review_extended_by = approved_by.strip()[:100]
    filing.save(update_fields=["review_extended_by"])
    filing.review_deadline.refresh_from_db()
    audit.record(actor=actor, action="documents.filing_review_extend", obj=doc,
                 after={"approved_by": filing.review_extended_by, "due": filing.review_deadline.due_date})
    return filing


@transaction.atomic
def document_revoke(*, actor: User, document: NormativeDocument, revoke: bool, decision_ref: str,
                    decided_on=None, note: str = "") -> Filing:
    """The government the document was filed with decides on its 备案审查 body's proposal to revoke
    (地方组织法 第七十三条第三项). 撤销 is recorded as its own status (``revoked_on``), never as 废止."""
    if actor is not None and not has_perm(actor, Perm.REVOKE):
        raise NotPermitted("您没有记录人民政府撤销决定的权限。")
    doc = NormativeDocument.objects.select_for_update().get(pk=document.pk)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    if filing is None:
        raise TransitionRefused(["该文件没有备案记录。"])
    if actor is not None and (actor.agency is None or filing.agency_id is None
                              or actor.agency.region_id != filing.agency.region_id):
        raise NotPermitted(f"撤销决定由{filing.authority_name}作出，您不属于该人民政府。")
    today = timezone.localdate()
    decided_on = _date_input(decided_on, "decided_on")
    MACHINE.require("revoke", doc, actor=actor, problems=lambda facts: workflow.revoke_problems(
        filing, revoke=revoke, decision_ref=decision_ref, decided_on=decided_on, today=today))
    before = {"review_status": filing.review_status}
    filing.review_status = FilingReviewStatus.REVOKED if revoke else FilingReviewStatus.NOT_REVOKED
    note = (note or "").strip()
    if note:
        filing.review_opinion = f"{filing.review_opinion}\n人民政府决定：{note}".strip()
    filing.save(update_fields=["review_status", "review_opinion"])
    if revoke:
        doc.revoked_on = decided_on
        doc.revocation_decision = decision_ref.strip()[:200]
        doc.save(update_fields=["revoked_on", "revocation_decision", "updated_at"])
    audit.record(actor=actor, action="documents.revoke", obj=doc, before=before,
                 after={"review_status": filing.review_status, "decision": decision_ref.strip()[:200],
                        "decided_on": decided_on})
    notify(recipient=doc.created_by, title=f"{filing.get_review_status_display()}——{doc.title}"[:200],
           body=decision_ref.strip(), link=doc.get_absolute_url())
    return filing


@transaction.atomic
def filing_correct(*, actor: User, document: NormativeDocument, note: str) -> Filing:
    """The issuer reports the correction; the authority then decides again."""
    doc = locked(actor, document, Perm.DRAFT)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    if filing is None or filing.review_status not in (
        FilingReviewStatus.CORRECTION_REQUIRED,
        FilingReviewStatus.ESCALATED,
    ):
        raise TransitionRefused(["该文件没有待纠正的备案审查意见。"])
    if not (note or "").strip():
        raise ServiceError(field_errors={"note": ["请说明纠正情况。"]})
    filing.review_status = FilingReviewStatus.CORRECTED
    filing.corrected_on = timezone.localdate()
    filing.correction_note = note.strip()
    filing.save()
    if filing.correction_deadline_id:
        deadlines.deadline_complete(
            actor=None, deadline=filing.correction_deadline, on_date=filing.corrected_on
        )
    audit.record(actor=actor, action="documents.filing_correct", obj=doc, after={"note": note.strip()})
    return filing


def filing_escalate_overdue(*, today: date | None = None) -> int:
    """Job: a correction not made in time is escalated to the authority (and marked as such)."""
    today = today or timezone.localdate()
    count = 0
    candidates = Filing.objects.filter(
        review_status=FilingReviewStatus.CORRECTION_REQUIRED, correction_deadline__due_date__lt=today
    ).select_related("document")
    for filing in candidates:
        with transaction.atomic():
            claimed = Filing.objects.filter(
                pk=filing.pk, review_status=FilingReviewStatus.CORRECTION_REQUIRED
            ).update(review_status=FilingReviewStatus.ESCALATED)
            if not claimed:
                continue
            audit.record(
                actor=None,
                action="documents.filing_escalate",
                obj=filing.document,
                after={"correction_due": filing.correction_deadline.due_date},
            )
            if filing.reviewed_by_id:
                notify(
                    recipient=filing.reviewed_by,
                    title=f"逾期未纠正：{filing.document.title}"[:200],
                    link=filing.document.get_absolute_url(),
                    level="danger",
                )
            count += 1
    return count
