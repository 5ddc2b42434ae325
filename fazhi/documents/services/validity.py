"""Validity: evaluation before expiry, republication, cleanup campaigns, upper-law changes, supersession and abandonment."""
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import audit, deadlines, numbering
from fazhi.core.choices import DeadlineStatus
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import User
from fazhi.core.notifications import notify
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.procedure import reviews
from fazhi.procedure.steps import locked, refuse

from .. import rules
from ..choices import (
    CampaignKind,
    CampaignStatus,
    CleanupDecision,
    DocumentState,
    EvaluationStatus,
    UpperLawStatus,
)
from ..models import (
    CleanupCampaign,
    CleanupItem,
    EvaluationTask,
    NormativeDocument,
    UpperLaw,
)
from ..rules import add_years
from ..workflow import MACHINE, Perm
from .comments import _date_input

# ------------------------------------------------------------------ validity: evaluation, cleanup, upper laws


def _apply_decision(actor, doc: NormativeDocument, decision: str, on: date, reason: str, *, renew: bool) -> None:
    """Effects of an evaluation or cleanup decision on the derived validity.

    An expiry evaluation that keeps the document renews its validity once from the old expiry
    (``renew=True``); a cleanup campaign's 继续有效 only confirms it and leaves the expiry alone.
    """
    if decision == CleanupDecision.KEEP:
        pass  # an expiry evaluation's 继续有效 takes effect only when the document is published again (republish)
    elif decision == CleanupDecision.REPEAL:
        doc.repealed_on = on
    elif decision == CleanupDecision.DECLARE_INVALID:
        doc.invalid_from = on
    doc.save(update_fields=["expiry_date", "repealed_on", "invalid_from", "updated_at"])


def evaluations_open_due(*, today: date | None = None) -> int:
    """Job: open an evaluation task six months before a document's validity ends (RULES.md §1 [S])."""
    today = today or timezone.localdate()
    months = rules.current().evaluation_months_before_expiry
    horizon = add_years(today, 1)
    opened = 0
    candidates = (
        NormativeDocument.objects.filter(
            state=DocumentState.PUBLISHED,
            expiry_date__gte=today,
            expiry_date__lte=horizon,
            repealed_on__isnull=True,
            invalid_from__isnull=True,
        )
        .exclude(evaluations__due_date=F("expiry_date"))
        .select_related("agency", "created_by")
    )
    for doc in candidates:
        if rules.subtract_months(doc.expiry_date, months) > today:
            continue
        with transaction.atomic():
            task, created = EvaluationTask.objects.get_or_create(
                document=doc, due_date=doc.expiry_date, defaults={"opened_on": today}
            )
            if not created:
                continue
            audit.record(
                actor=None, action="documents.evaluation_open", obj=doc, after={"due": doc.expiry_date}
            )
            notify(
                recipient=doc.created_by,
                title=f"有效期届满评估：{doc.title}"[:200],
                body=f"该文件有效期至 {doc.expiry_date}，请在届满前完成评估。",
                link=doc.get_absolute_url(),
                level="warning",
            )
            opened += 1
    return opened


@transaction.atomic
def document_evaluate(*, actor: User, document: NormativeDocument, conclusion: str, reason: str) -> EvaluationTask:
    doc = locked(actor, document, Perm.DRAFT)
    MACHINE.require("evaluate", doc, actor=actor)
    task = (
        EvaluationTask.objects.select_for_update().filter(document=doc, status=EvaluationStatus.OPEN).first()
    )
    if task is None:
        raise TransitionRefused(["该文件没有待办的有效期届满评估。"])
    errors = {}
    if conclusion not in CleanupDecision.values:
        errors["conclusion"] = ["请选择评估结论：继续有效、修改、废止或宣布失效。"]
    if not (reason or "").strip():
        errors["reason"] = ["请填写评估理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    today = timezone.localdate()
    task.status = EvaluationStatus.DONE
    task.conclusion = conclusion
    task.reason = reason.strip()
    task.done_on = today
    task.done_by = actor
    task.save()
    _apply_decision(actor, doc, conclusion, today, reason, renew=True)
    audit.record(actor=actor, action="documents.evaluate", obj=doc, after={"conclusion": conclusion})
    if conclusion == CleanupDecision.KEEP:
        notify(recipient=doc.created_by, title=f"评估结论为继续有效，须重新公布：{doc.title}"[:200],
               body=f"有效期至 {doc.expiry_date}；重新公布后按新的有效期施行。", link=doc.get_absolute_url())
    return task


def republication_due(doc: NormativeDocument) -> EvaluationTask | None:
    """The expiry evaluation that concluded 继续有效 and waits for the document to be published again."""
    return (EvaluationTask.objects.filter(document=doc, status=EvaluationStatus.DONE, conclusion=CleanupDecision.KEEP,
                                          republished_on__isnull=True).order_by("-done_on", "-id").first())


@transaction.atomic
def document_republish(*, actor: User, document: NormativeDocument, published_on: date | None = None) -> EvaluationTask:
    """重新公布 after an evaluation concluded 继续有效: a new publication record with a new validity period from
    the day of republication (the same number of years); the portal shows it in the document's history. Before
    it, the document expires at its old date — 继续有效 never renews a document silently."""
    doc = locked(actor, document, Perm.DRAFT)
    MACHINE.require("republish", doc, actor=actor)
    task = republication_due(doc)
    if task is None:
        raise TransitionRefused(["没有评估结论为“继续有效”、待重新公布的评估。"])
    today = timezone.localdate()
    published_on = _date_input(published_on, "published_on") or today
    if published_on > today or published_on < task.done_on:
        raise ServiceError(field_errors={"published_on": [f"重新公布日期应在评估完成（{task.done_on}）与今天之间。"]})
    before = {"expiry_date": doc.expiry_date, "number": doc.number}
    task.republished_on = published_on
    task.republished_expiry = add_years(published_on, doc.validity_years) - timedelta(days=1)
    fields = ["expiry_date", "updated_at"]
    if rules.current().republish_new_number:
        # 三统一 once more: a new 文号 of the issuer for the year of republication; the old one stays in history
        issued = numbering.allocate_number(actor=None, prefix=doc.issuing_agency.doc_prefix,
                                           year=published_on.year, obj=doc)
        task.republished_number = issued.text
        doc.number, doc.issued_number = issued.text, issued
        fields += ["number", "issued_number"]
    task.save(update_fields=["republished_on", "republished_expiry", "republished_number"])
    doc.expiry_date = task.republished_expiry
    doc.save(update_fields=fields)
    audit.record(actor=actor, action="documents.republish", obj=doc, before=before,
                 after={"republished_on": published_on, "expiry_date": doc.expiry_date, "number": doc.number})
    return task


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    title: str,
    kind: str,
    issuer_ids: list | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
    upper_law: UpperLaw | None = None,
    due_date: date | None = None,
) -> CleanupCampaign:
    """A cleanup campaign selects published documents in the actor's scope by issuer, date or upper law
    and assigns each to its issuer."""
    if not has_perm(actor, Perm.CLEANUP):
        raise NotPermitted("您没有组织文件清理的权限。")
    errors = {}
    if not (title or "").strip():
        errors["title"] = ["请填写清理名称。"]
    if kind not in CampaignKind.values:
        errors["kind"] = ["请选择清理类型。"]
    if kind == CampaignKind.UPPER_LAW and upper_law is None:
        errors["upper_law"] = ["因上位法修改的专项清理须选择上位法。"]
    if published_from and published_to and published_from > published_to:
        errors["published_to"] = ["截止日期不能早于起始日期。"]
    if errors:
        raise ServiceError(field_errors=errors)
    qs = restrict(
        NormativeDocument.objects.filter(
            state=DocumentState.PUBLISHED, repealed_on__isnull=True, invalid_from__isnull=True
        ),
        actor,
        Perm.CLEANUP,
    )
    if issuer_ids:
        qs = qs.filter(issuing_agency__code__in=issuer_ids)
    if published_from:
        qs = qs.filter(publication_date__gte=published_from)
    if published_to:
        qs = qs.filter(publication_date__lte=published_to)
    if upper_law is not None:
        qs = qs.filter(upper_laws=upper_law)
    documents = list(qs.select_related("issuing_agency"))
    if not documents:
        raise ServiceError("按所选条件没有找到需要清理的已公布文件。")
    campaign = CleanupCampaign.objects.create(
        title=title.strip(),
        kind=kind,
        agency=actor.agency,
        region_path=actor.region_path,
        due_date=due_date,
        created_by=actor,
        criteria={
            "issuers": [str(i) for i in issuer_ids or []],
            "from": published_from.isoformat() if published_from else None,
            "to": published_to.isoformat() if published_to else None,
            "upper_law": upper_law.name if upper_law else None,
        },
    )
    CleanupItem.objects.bulk_create(
        [CleanupItem(campaign=campaign, document=d, assigned_agency=d.issuing_agency) for d in documents]
    )
    audit.record(
        actor=actor,
        action="documents.campaign_create",
        obj=campaign,
        after={"title": campaign.title, "documents": len(documents)},
    )
    notified = set()
    for d in documents:
        if d.created_by_id not in notified:
            notify(
                recipient=d.created_by,
                title=f"文件清理：{campaign.title}"[:200],
                body="请对本单位制定的文件提出清理意见。",
                link=f"/documents/cleanup/{campaign.code}/",
            )
            notified.add(d.created_by_id)
    return campaign


@transaction.atomic
def cleanup_item_decide(*, actor: User, item: CleanupItem, decision: str, reason: str) -> CleanupItem:
    item = CleanupItem.objects.select_for_update().select_related("campaign", "document").get(pk=item.pk)
    doc = locked(actor, item.document, Perm.DRAFT)
    if item.campaign.status != CampaignStatus.OPEN:
        raise TransitionRefused(["清理结果已公布，不能再修改清理意见。"])
    MACHINE.require("cleanup_decision", doc, actor=actor)
    errors = {}
    if decision not in CleanupDecision.values:
        errors["decision"] = ["请选择清理意见：继续有效、修改、废止或宣布失效。"]
    if not (reason or "").strip():
        errors["reason"] = ["请填写理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    before = {"decision": item.decision}
    item.decision = decision
    item.reason = reason.strip()
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save()
    audit.record(
        actor=actor,
        action="documents.cleanup_decision",
        obj=doc,
        before=before,
        after={"campaign": item.campaign.code, "decision": decision, "reason": item.reason},
    )
    return item


@transaction.atomic
def campaign_publish(
    *, actor: User, campaign: CleanupCampaign, published_on: date | None = None
) -> CleanupCampaign:
    """Publish the result lists: apply every decision and generate the .docx announcement."""
    from ..docgen import cleanup_announcement

    if not has_perm(actor, Perm.CLEANUP):
        raise NotPermitted()
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not restrict(CleanupCampaign.objects.filter(pk=campaign.pk), actor, Perm.CLEANUP).exists():
        raise NotPermitted("该清理活动不在您的数据范围内。")
    if campaign.status == CampaignStatus.PUBLISHED:
        raise TransitionRefused(["清理结果已公布。"])
    pending = campaign.items.filter(decision="").count()
    if pending:
        raise TransitionRefused([f"尚有 {pending} 件文件未提出清理意见。"])
    published_on = published_on or timezone.localdate()
    for item in campaign.items.select_related("document"):
        _apply_decision(actor, item.document, item.decision, published_on, item.reason, renew=False)
    campaign.status = CampaignStatus.PUBLISHED
    campaign.published_on = published_on
    campaign.announcement = cleanup_announcement(actor=actor, campaign=campaign)
    campaign.save()
    audit.record(
        actor=actor,
        action="documents.campaign_publish",
        obj=campaign,
        after={"published_on": published_on, "items": campaign.items.count()},
    )
    return campaign


@transaction.atomic
def upper_law_mark(
    *, actor: User, law: UpperLaw, status: str, on: date, note: str = ""
) -> list[NormativeDocument]:
    """Mark an upper-level law amended or repealed; return every document in force that relies on it and
    tell each issuer to review it (RULES.md §1 清理; 立法法 on the hierarchy of norms)."""
    from fazhi.core.choices import Scope
    from fazhi.core.scope import widest_scope

    # Upper laws are shared by the whole prefecture: only a prefecture-wide office marks them.
    if actor is not None and widest_scope(actor, Perm.CLEANUP) != Scope.ALL:
        raise NotPermitted("上位法的修改、废止情况由依法治州办统一标记。")
    if status not in UpperLawStatus.values or status == UpperLawStatus.IN_FORCE:
        raise ServiceError(field_errors={"status": ["请选择“已修改”或“已废止”。"]})
    if on is None:
        raise ServiceError(field_errors={"on": ["请填写修改或废止日期。"]})
    law = UpperLaw.objects.select_for_update().get(pk=law.pk)
    before = {"status": law.status}
    law.status = status
    law.status_changed_on = on
    law.status_note = (note or "").strip()[:300]
    law.save()
    affected = list(
        NormativeDocument.objects.filter(
            upper_laws=law, state=DocumentState.PUBLISHED, repealed_on__isnull=True, invalid_from__isnull=True
        ).select_related("created_by")
    )
    audit.record(
        actor=actor,
        action="documents.upper_law_mark",
        object_type="documents.upperlaw",
        object_id=str(law.pk),
        object_repr=law.name,
        before=before,
        after={"status": status, "on": on, "affected": [d.code for d in affected]},
    )
    for doc in affected:
        notify(
            recipient=doc.created_by,
            title=f"上位法{UpperLawStatus(status).label}，请审查：{doc.title}"[:200],
            body=f"《{law.name}》已于 {on} {UpperLawStatus(status).label}。",
            link=doc.get_absolute_url(),
            level="warning",
        )
    return affected


@transaction.atomic
def upper_law_create(*, actor: User | None, name: str, level: str, issuer: str = "",
                     promulgated_on: date | None = None) -> UpperLaw:
    """Register a law, regulation or rule that documents may cite as their basis (reference data)."""
    from ..choices import UpperLawLevel

    if actor is not None and not (has_perm(actor, Perm.CLEANUP) or has_perm(actor, Perm.DRAFT)):
        raise NotPermitted()
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["请填写法律法规名称。"]
    elif UpperLaw.objects.filter(name=name).exists():
        errors["name"] = ["该法律法规已登记。"]
    if level not in UpperLawLevel.values:
        errors["level"] = ["请选择效力层级。"]
    if errors:
        raise ServiceError(field_errors=errors)
    law = UpperLaw.objects.create(name=name, level=level, issuer=(issuer or "").strip()[:100],
                                  promulgated_on=promulgated_on)
    audit.record(actor=actor, action="documents.upper_law_create", object_type="documents.upperlaw",
                 object_id=str(law.pk), object_repr=law.name, after={"level": level})
    return law


@transaction.atomic
def document_supersede(*, actor: User | None, document: NormativeDocument, by: NormativeDocument,
                       kind: str) -> NormativeDocument:
    """Record that the published document ``by`` repeals (kind "repeal") or amends (kind "amend")
    ``document`` from ``by``'s effective date; the validity is then derived from that link."""
    from ..selectors import is_public

    if kind not in ("repeal", "amend"):
        raise ServiceError(field_errors={"kind": ["请选择“废止”或“修改”。"]})
    old = locked(actor, document, Perm.DRAFT) if actor is not None else \
        NormativeDocument.objects.select_for_update().get(pk=document.pk)
    problems = []
    if old.state != DocumentState.PUBLISHED:
        problems.append("只能废止或修改已公布的文件。")
    if by.pk == old.pk or not is_public(by) or by.effective_date is None:
        problems.append("废止或修改文件须为另一件已公布的文件。")
    elif old.issuing_agency_id != by.issuing_agency_id:
        problems.append("废止或修改文件应由原制定机关制定。")
    refuse(problems)
    field_on, field_by = ("repealed_on", "repealed_by") if kind == "repeal" else ("amended_on", "amended_by")
    before = {field_on: getattr(old, field_on), f"{field_by}_id": getattr(old, f"{field_by}_id")}
    setattr(old, field_on, by.effective_date)
    setattr(old, field_by, by)
    old.save(update_fields=[field_on, field_by, "updated_at"])
    audit.record(actor=actor, action=f"documents.{kind}ed_by", obj=old, before=before,
                 after={field_on: by.effective_date, "by": by.number})
    return old


@transaction.atomic
def document_abandon(*, actor: User, document: NormativeDocument, reason: str) -> NormativeDocument:
    doc = locked(actor, document, Perm.DRAFT)
    MACHINE.require("abandon", doc, actor=actor)
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请说明不予制定的理由。"]})
    review = reviews.latest_review(doc)
    if (
        review is not None
        and review.deadline_id
        and review.deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.PAUSED)
    ):
        deadlines.deadline_cancel(actor=None, deadline=review.deadline, reason="文件不予制定")
    doc.state = DocumentState.ABANDONED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.abandon", obj=doc, after={"reason": reason.strip()})
    return doc


# ------------------------------------------------------------------ cleanup opinion from the document


def document_cleanup_decide(*, actor: User, document: NormativeDocument, decision: str = "", reason: str = "",
                              campaign: str = "") -> CleanupItem:
    """清理意见 on a document (the machine's ``cleanup_item_decide``): its item in the open campaign, or in the
    campaign named by ``campaign`` when the document is in several."""
    item = (
        CleanupItem.objects.filter(document=document, campaign__status=CampaignStatus.OPEN)
        .filter(Q(campaign__code=campaign) if campaign else Q())
        .first()
    )
    if item is None:
        raise TransitionRefused(["该文件不在进行中的清理活动中。"])
    return cleanup_item_decide(actor=actor, item=item, decision=decision, reason=reason)
