"""Citizens' suggestions for review (审查建议) of a published document and their answers."""
from datetime import timedelta

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
from fazhi.core.scope import restrict

from .. import rules
from ..choices import (
    SuggestionStatus,
)
from ..models import (
    NormativeDocument,
    ReviewSuggestion,
)
from ..workflow import Perm
from .common import _users_with

# ------------------------------------------------------------------ citizens' review suggestions


@transaction.atomic
def suggestion_submit(
    *,
    document: NormativeDocument,
    content: str,
    name: str = "",
    contact: str = "",
    client_ip: str | None = None,
) -> ReviewSuggestion:
    """A citizen's 审查建议 on a published document, from the portal (no account)."""
    from django.conf import settings

    from ..selectors import is_public

    errors = {}
    content = (content or "").strip()
    if not content:
        errors["content"] = ["请填写审查建议的内容和理由。"]
    elif len(content) > 5000:
        errors["content"] = ["审查建议不超过 5000 字。"]
    if settings.FAZHI_PUBLIC_REQUIRE_NAME and not (name or "").strip():
        errors["name"] = ["请填写姓名或单位名称。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if not is_public(document):
        raise TransitionRefused(["只能对已公布的文件提出审查建议。"])
    if client_ip:
        since = timezone.now() - timedelta(hours=1)
        if (
            ReviewSuggestion.objects.filter(client_ip=client_ip, submitted_at__gte=since).count()
            >= settings.FAZHI_PUBLIC_RATE_PER_HOUR
        ):
            raise ServiceError("提交过于频繁，请一小时后再试。")
    authority = document.filing_authority or document.issuing_agency
    handler = justice_bureau_for(authority) or authority
    deadline = deadlines.deadline_create(
        actor=None,
        object_repr=f"审查建议答复：{document.title}"[:200],
        rule_code="document_suggestion",
        legal_source="审查建议答复期限（可配置）",
        start_date=timezone.localdate(),
        period=rules.current().suggestion_answer_working_days,
        unit=PeriodUnit.WORKING_DAYS,
        agency=handler,
        obj=document,
        link="/documents/suggestions/",
    )
    suggestion = ReviewSuggestion.objects.create(
        document=document,
        name=(name or "").strip()[:100],
        contact=(contact or "").strip()[:100],
        content=content,
        submitted_at=timezone.now(),
        client_ip=client_ip,
        deadline=deadline,
    )
    audit.record(
        actor=None, action="documents.suggestion_submit", obj=document, after={"suggestion": suggestion.code}
    )
    for user in _users_with(Perm.FILING_REVIEW, handler):
        notify(recipient=user, title=f"公民审查建议：{document.title}"[:200], link="/documents/suggestions/")
    return suggestion


@transaction.atomic
def suggestion_answer(*, actor: User, suggestion: ReviewSuggestion, answer: str) -> ReviewSuggestion:
    if not has_perm(actor, Perm.FILING_REVIEW):
        raise NotPermitted()
    suggestion = ReviewSuggestion.objects.select_for_update(of=("self",)).select_related("deadline").get(
        pk=suggestion.pk
    )
    if (
        suggestion.deadline
        and not restrict(
            type(suggestion.deadline).objects.filter(pk=suggestion.deadline_id), actor, "core.view_deadline"
        ).exists()
    ):
        raise NotPermitted("该审查建议不在您的数据范围内。")
    if suggestion.status == SuggestionStatus.ANSWERED:
        raise TransitionRefused(["该审查建议已答复。"])
    if not (answer or "").strip():
        raise ServiceError(field_errors={"answer": ["请填写答复内容。"]})
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.answer = answer.strip()
    suggestion.answered_by = actor
    suggestion.answered_at = timezone.now()
    suggestion.save()
    if suggestion.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=suggestion.deadline, on_date=timezone.localdate())
    audit.record(
        actor=actor,
        action="documents.suggestion_answer",
        obj=suggestion.document,
        after={"suggestion": suggestion.code},
    )
    return suggestion
