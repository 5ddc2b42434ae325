"""Public comment (征求意见): opening and closing the period, entering, screening and answering comments, the summary."""
from datetime import date

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import ServiceError
from fazhi.core.models import User
from fazhi.core.validators import date_input
from fazhi.procedure import comments as comment_desk
from fazhi.procedure import services as procedure
from fazhi.procedure.models import Comment
from fazhi.procedure.steps import locked

from .. import rules, workflow
from ..choices import (
    DocumentState,
)
from ..models import (
    NormativeDocument,
)
from ..workflow import MACHINE, Perm
from .drafting import _snapshot_version

# ------------------------------------------------------------------ public comment


def _parse_date(value, field: str, errors: dict) -> date | None:
    return date_input(value, field, errors)


def _date_input(value, field: str) -> date | None:
    errors: dict = {}
    value = _parse_date(value, field, errors)
    if errors:
        raise ServiceError(field_errors=errors)
    return value


@transaction.atomic
def comment_open(
    *,
    actor: User,
    document: NormativeDocument,
    start=None,
    end=None,
    shortened_reason: str = "",
    notice: str = "",
) -> NormativeDocument:
    doc = locked(actor, document, Perm.DRAFT)
    errors: dict = {}
    start = _parse_date(start, "start", errors)
    end = _parse_date(end, "end", errors)
    if errors:
        raise ServiceError(field_errors=errors)
    if start is not None and start < timezone.localdate():
        raise ServiceError(field_errors={"start": ["征求意见开始日期不能早于今天。"]})
    MACHINE.require("open_comment", doc, actor=actor, problems=lambda facts: workflow.comment_window_problems(
        doc, start, end, shortened_reason))
    version = _snapshot_version(actor, doc, "征求意见稿")
    cfg = rules.current()
    if doc.concerns_market:
        required = (rules.MARKET_COMMENT_MIN_DAYS, PeriodUnit.CALENDAR_DAYS, rules.MARKET_COMMENT_SOURCE)
    else:
        required = (
            cfg.comment_min_working_days,
            PeriodUnit.WORKING_DAYS,
            "法治政府建设示范指标（征求意见不少于7个工作日）",
        )
    procedure.comment_call_open(
        actor=actor,
        target=doc,
        title=doc.title,
        agency=doc.agency,
        start=start,
        end=end,
        required_min=required[0],
        required_unit=required[1],
        required_source=required[2],
        shortened_reason=shortened_reason,
        notice=notice,
        version=version,
    )
    doc.state = DocumentState.COMMENTING
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.open_comment", obj=doc, after={"start": start, "end": end})
    return doc


@transaction.atomic
def comment_close(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    doc = locked(actor, document, Perm.DRAFT)
    MACHINE.require("close_comment", doc, actor=actor)
    call = procedure.open_call_of(doc)
    procedure.comment_call_close(actor=actor, target=doc, call=call)
    if not call.summary:
        call.summary = procedure.adoption_summary_text(call)
        call.save(update_fields=["summary"])
    doc.state = DocumentState.COMMENT_CLOSED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.close_comment", obj=doc)
    return doc


# The comment desk is the kernel's (procedure.comments, registered in apps.py): opposing opinions are
# never hidden, hiding needs a reason, and staff enter only opinions received inside the window.

COMMENT_DESK_STATES = (DocumentState.COMMENTING, DocumentState.COMMENT_CLOSED)


def comment_desk_problems(doc: NormativeDocument) -> list[str]:
    if doc.state not in COMMENT_DESK_STATES:
        return ["只有在征求意见期间或结束后整理时才能处理意见。"]
    return []


def comment_summary_published(actor, doc: NormativeDocument, call) -> None:
    """The adoption summary is published with the document (优化营商环境条例 第六十二条)."""
    doc.adoption_summary = call.summary
    doc.save(update_fields=["adoption_summary", "updated_at"])


def comment_enter(*, actor: User, document: NormativeDocument, source: str, content: str, received_on=None,
                  name: str = "", organisation: str = "", is_opposing: bool = False) -> Comment:
    return comment_desk.comment_enter(actor=actor, target=document, source=source, content=content,
                                      received_on=received_on, name=name, organisation=organisation,
                                      is_opposing=is_opposing)


def comments_screen(*, actor: User, document: NormativeDocument, comment_ids: list, show: bool,
                    reason: str = "") -> int:
    return comment_desk.comments_screen(actor=actor, target=document, comment_ids=comment_ids, show=show,
                                        reason=reason)


def comments_answer(*, actor: User, document: NormativeDocument, comment_ids: list, outcome: str,
                    answer: str) -> int:
    return comment_desk.comments_answer(actor=actor, target=document, comment_ids=comment_ids, outcome=outcome,
                                        answer=answer)


def comment_summary_save(*, actor: User, document: NormativeDocument, summary: str) -> NormativeDocument:
    comment_desk.comment_summary_save(actor=actor, target=document, summary=summary)
    return NormativeDocument.objects.get(pk=document.pk)
