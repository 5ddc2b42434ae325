"""The reviewer's decision on each automatic pre-check finding (confirm or dismiss).

The pre-check is an aid, never a verdict (issue 3 §4): the reviewer of the desk that holds the review
marks each finding confirmed or dismissed, with an optional note. The findings stay on
``LegalityReview.precheck_findings``; the mark is written there and into the audit chain.
"""

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import User
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.procedure import reviews
from fazhi.procedure.choices import ReviewStatus
from fazhi.procedure.models import LegalityReview

from .models import NormativeDocument
from .workflow import Perm

FINDING_MARKS = {"confirmed": "确认存在问题", "dismissed": "排除（不构成问题）"}
NOTE_MAX = 500
# Findings can be marked while the review is on the desk; once the opinion is given they are part of the record.
MARKABLE = (ReviewStatus.WAITING, ReviewStatus.IN_REVIEW, ReviewStatus.RETURNED)


@transaction.atomic
def precheck_finding_mark(
    *, actor: User, document: NormativeDocument, index: int, status: str, note: str = ""
) -> dict:
    """Mark finding ``index`` of the document's current review round; returns the updated finding."""
    if not has_perm(actor, Perm.REVIEW):
        raise NotPermitted("您没有合法性审核的权限。")
    errors: dict[str, list[str]] = {}
    if status not in FINDING_MARKS:
        errors["status"] = ["请选择“确认”或“排除”。"]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [f"说明不超过 {NOTE_MAX} 字。"]
    if errors:
        raise ServiceError(field_errors=errors)
    latest = reviews.latest_review(document)
    if latest is None:
        raise TransitionRefused(["该文件没有送审记录。"])
    # Scope: the review desk is the reviewing agency's, shared by its reviewers (procedure.reviews.desk).
    visible = restrict(LegalityReview.objects.filter(pk=latest.pk), actor, Perm.REVIEW)
    if latest.agency_id != actor.agency_id or not visible.exists():
        raise NotPermitted("该审核不在您单位的审核台。")
    review = LegalityReview.objects.select_for_update().get(pk=latest.pk)
    if review.status not in MARKABLE:
        raise TransitionRefused([f"本轮审核已{review.get_status_display()}，预审提示不能再更改。"])
    findings = list(review.precheck_findings or [])
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(findings):
        raise ServiceError(field_errors={"index": ["该预审提示不存在。"]})
    finding = dict(findings[index])
    before = {"index": index, "rule": finding.get("rule", ""), "status": finding.get("status", "open"),
              "note": finding.get("note", "")}
    finding.update(status=status, note=note, marked_by=actor.display_name, marked_at=timezone.now().isoformat())
    findings[index] = finding
    review.precheck_findings = findings
    review.save(update_fields=["precheck_findings"])
    audit.record(
        actor=actor,
        action="documents.precheck_mark",
        obj=document,
        before=before,
        after={"index": index, "rule": finding.get("rule", ""), "status": status, "note": note,
               "review": str(review.code), "round": review.round},
    )
    return finding
