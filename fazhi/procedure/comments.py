"""The comment desk of the kernel: staff enter, screen and answer the public's opinions on a draft.

A module registers the objects it puts to public comment (``CommentDesk``, from ``AppConfig.ready()``):
the permission that manages the desk, and when the desk is open for work. The kernel services check
that permission with the user's data scope on the object, lock it, and write and audit in one
transaction; the comment call itself (its window, its minimum length) is opened and closed by the
module's own transitions with ``procedure.services.comment_call_open/close``.

The lawful behaviour, once for every module:
- **An opposing opinion is never hidden.** Screening decides what the portal shows; an opinion that
  opposes the draft stays visible so that the record and the adoption explanation stay honest
  (重大行政决策程序暂行条例 第十八条: 对社会各方面提出的意见进行归纳整理、研究论证; 第三十条 如实载明).
  A comment with personal data or unlawful content is hidden with a recorded reason.
- **Staff enter only opinions received inside the window.** A letter, a meeting or an association's
  opinion counts if it was received between the call's first and last day (优化营商环境条例 第六十二条;
  重大行政决策程序暂行条例 第十五条): ``received_on`` is required and checked, and may be entered after the
  window closed while the desk is still open (a letter posted on the last day).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, Reason, ServiceError, TransitionRefused
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from . import services as procedure
from .choices import AnswerOutcome, CommentSource, ScreeningStatus
from .models import Comment, CommentCall

MAX_CONTENT = 5000
MAX_IDS = 1000


@dataclass(frozen=True)
class CommentDesk:
    """How one kind of object's comment desk works.

    ``open_problems(target)`` → reasons the desk is closed for work now (e.g. the draft went to review);
    ``on_summary(actor, target, call)`` → the module copies the adoption summary where it publishes it.
    """

    model: str
    manage_perm: str
    url: Callable[[object], str]
    open_problems: Callable[[object], list[str]] = lambda target: []
    on_summary: Callable | None = None
    noun: str = "征求意见稿"


_DESKS: dict[str, CommentDesk] = {}


def register_comment_desk(desk: CommentDesk) -> CommentDesk:
    _DESKS[desk.model.lower()] = desk
    return desk


def desk_for(target) -> CommentDesk:
    try:
        return _DESKS[target._meta.label_lower]
    except KeyError:
        raise LookupError(f"no comment desk registered for {target._meta.label}") from None


def can_manage(user, target) -> bool:
    """The user manages this object's comment desk (the permission, within its scope, on the object)."""
    desk = desk_for(target)
    return has_perm(user, desk.manage_perm) and restrict(
        type(target)._default_manager.filter(pk=target.pk), user, desk.manage_perm).exists()


def _locked(actor, target):
    desk = desk_for(target)
    if actor is not None and not can_manage(actor, target):
        raise NotPermitted("您不能处理该事项的征求意见。")
    model = type(target)
    model._default_manager.select_for_update().filter(pk=target.pk).values_list("pk", flat=True).get()
    target = model._default_manager.get(pk=target.pk)
    problems = desk.open_problems(target)
    if problems:
        raise TransitionRefused(problems)
    call = procedure.open_call_of(target)
    if call is None:
        raise TransitionRefused([Reason("尚未公开征求意见。", field="call")])
    return target, call


def _comments(call: CommentCall, ids) -> list[Comment]:
    if not isinstance(ids, list | tuple) or not ids or len(ids) > MAX_IDS:
        raise ServiceError(field_errors={"comments": ["请选择要处理的意见。"]})
    try:
        ids = [int(i) for i in ids]
    except (TypeError, ValueError):
        raise ServiceError(field_errors={"comments": ["意见编号必须是整数。"]})
    comments = list(Comment.objects.filter(call=call, pk__in=ids))
    if len(comments) != len(set(ids)):
        raise ServiceError(field_errors={"comments": ["部分意见不属于该事项的征求意见。"]})
    return comments


@transaction.atomic
def comment_enter(*, actor, target, source: str, content: str, received_on: date | None = None, name: str = "",
                  organisation: str = "", is_opposing: bool = False) -> Comment:
    """An opinion received on paper, at a meeting, from a deputy, an enterprise or an association."""
    target, call = _locked(actor, target)
    received_on = received_on or timezone.localdate()
    if not isinstance(received_on, date):
        raise ServiceError(field_errors={"received_on": ["请填写收到意见的日期（YYYY-MM-DD）。"]})
    if not call.start_date <= received_on <= call.end_date:
        raise TransitionRefused([Reason(
            f"征求意见期为 {call.start_date} 至 {call.end_date}，{received_on} 收到的意见不在期内，不能作为征求意见录入。",
            field="received_on")])
    if len((content or "").strip()) > MAX_CONTENT:
        raise ServiceError(field_errors={"content": [f"意见内容不超过 {MAX_CONTENT} 字。"]})
    # The opinion counts from the day it was received, not the day it was typed in.
    now = timezone.localtime()
    submitted_at = now if received_on == now.date() else now.replace(
        year=received_on.year, month=received_on.month, day=received_on.day, hour=12, minute=0, second=0,
        microsecond=0)
    return procedure.comment_enter(actor=actor, target=target, call=call, source=source, content=content,
                                   name=name or "", organisation=organisation or "", is_opposing=bool(is_opposing),
                                   submitted_at=submitted_at)


@transaction.atomic
def comments_screen(*, actor, target, comment_ids, show: bool, reason: str = "") -> int:
    target, call = _locked(actor, target)
    comments = _comments(call, comment_ids)
    if not show:
        opposing = [c for c in comments if c.is_opposing]
        if opposing:
            raise TransitionRefused([Reason(f"反对意见应当保留并公开，不能设为不予公开（{len(opposing)} 条）。",
                                            field="comments")])
        if not (reason or "").strip():
            raise ServiceError(field_errors={"reason": ["不予公开须写明理由（如含个人信息、违法内容）。"]})
    count = procedure.comment_screen(actor=actor, target=target, comments=comments, show=show)
    if not show:
        audit.record(actor=actor, action="procedure.comment_hide_reason", obj=target,
                     after={"ids": [c.pk for c in comments], "reason": reason.strip()[:300]})
    return count


@transaction.atomic
def comments_answer(*, actor, target, comment_ids, outcome: str, answer: str) -> int:
    target, call = _locked(actor, target)
    return procedure.comment_answer(actor=actor, target=target, comments=_comments(call, comment_ids),
                                    outcome=outcome, answer=answer)


@transaction.atomic
def comment_summary_save(*, actor, target, summary: str) -> CommentCall:
    target, call = _locked(actor, target)
    call = procedure.comment_summary_set(actor=actor, target=target, call=call, summary=summary)
    desk = desk_for(target)
    if desk.on_summary is not None:
        desk.on_summary(actor, target, call)
    return call


def calls_of(model, pks) -> dict[int, tuple[CommentCall, int]]:
    """For a page of objects: pk → (its latest comment call, the comments still waiting for an answer), in two
    queries (the rules of ``procedure.services.open_call_of`` and ``unanswered_count``)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    ct = ContentType.objects.get_for_model(model)
    latest: dict[int, CommentCall] = {}
    for call in CommentCall.objects.filter(content_type=ct, object_id__in=[str(pk) for pk in pks]) \
            .order_by("object_id", "-id"):
        latest.setdefault(int(call.object_id), call)
    counts: dict[int, int] = {}
    if latest:
        rows = (Comment.objects.filter(call_id__in=[c.pk for c in latest.values()], outcome="")
                .exclude(screening=ScreeningStatus.HIDDEN, source=CommentSource.PORTAL)
                .values("call_id").annotate(n=Count("pk")))
        counts = {row["call_id"]: row["n"] for row in rows}
    return {pk: (call, counts.get(call.pk, 0)) for pk, call in latest.items()}


def unanswered(call: CommentCall | None) -> int:
    """Comments still waiting for an answer (hidden portal comments need none)."""
    return procedure.unanswered_count(call)


def counts(call: CommentCall) -> dict:
    from django.db.models import Count, Q

    return call.comments.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(screening=ScreeningStatus.PENDING)),
        shown=Count("pk", filter=Q(screening=ScreeningStatus.SHOWN)),
        opposing=Count("pk", filter=Q(is_opposing=True)),
        unanswered=Count("pk", filter=Q(outcome="") & ~Q(screening=ScreeningStatus.HIDDEN,
                                                           source=CommentSource.PORTAL)),
    )


STAFF_SOURCES = [c for c in CommentSource.choices if c[0] != CommentSource.PORTAL]
OUTCOMES = AnswerOutcome.choices
