"""Writes of the shared procedure pieces.

These run inside a module's service (documents, decisions), which has already checked the actor's
permission and scope on the procedure object; they validate their own input, write, and append
the audit event against the procedure object, all in the caller's transaction. The public comment
service is the exception: it is called from the portal and checks the window and the rate limit.

Deadline bookkeeping (the review period, its pause and resumption) is done by the system
(``actor=None``) on behalf of the workflow: a drafter starts the reviewer's clock without holding
any right over the reviewer's deadlines. The business step itself is audited with the real actor.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.codes import new_public_code
from fazhi.core.errors import ServiceError, TransitionRefused

from .choices import AnswerOutcome, CommentSource, ReviewOpinion, ReviewStatus, ScreeningStatus
from .models import Comment, CommentCall, LegalityReview, TextVersion

MAX_COMMENT_LENGTH = 5000


def text_sha256(title: str, body: str) -> str:
    """The digest a review binds: title and body, line endings normalised (重大行政决策程序暂行条例
    第二十五条至第二十八条; 国办发〔2018〕115号 — the opinion covers the text actually submitted)."""
    import hashlib

    text = f"{title or ''}\n{(body or '').replace(chr(13) + chr(10), chr(10))}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_digest(version: TextVersion | None) -> str:
    if version is None:
        return ""
    return version.sha256 or text_sha256(version.title, version.body)


def opinion_text_problems(review: LegalityReview | None, title: str, body: str, *,
                          noun: str = "合法性审核") -> list[str]:
    """An opinion binds the exact text it reviewed (重大行政决策程序暂行条例 第二十五条至第二十八条;
    国办发〔2018〕115号: the review covers the text actually submitted): a "合法" opinion stands for the
    submitted version, a "修改后合法" one for the version the reviewer confirmed. Any later change of the
    title or body voids it for the gate — the text goes back to review."""
    if review is None or review.status != ReviewStatus.DONE:
        return []
    if review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES:
        bound, version = review.confirmed_hash, review.confirmed_version
        if not bound:
            return []  # not confirmed yet: the module's own gate says so
    else:
        bound, version = review.version_hash or version_digest(review.version), review.version
    if not bound or bound == text_sha256(title, body):
        return []
    which = f"第 {version.number} 版" if version is not None else "送审文本"
    return [f"{noun}意见出具后文本已修改（意见针对{which}），原意见不再有效，须重新送请{noun}。"]


def _target_keys(target) -> dict:
    return {"content_type": ContentType.objects.get_for_model(type(target)), "object_id": str(target.pk)}


def _require_atomic():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("procedure services run inside the calling module's transaction")


# ------------------------------------------------------------------ versions


def version_add(*, actor, target, title: str, body: str, note: str = "", source=None) -> TextVersion:
    _require_atomic()
    keys = _target_keys(target)
    last = TextVersion.objects.filter(**keys).aggregate(n=Max("number"))["n"] or 0
    version = TextVersion.objects.create(
        number=last + 1,
        title=title,
        body=body,
        sha256=text_sha256(title, body),
        note=note[:300],
        source=source,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **keys,
    )
    audit.record(
        actor=actor,
        action="procedure.version_add",
        obj=target,
        after={"version": version.number, "note": note[:300], "length": len(body)},
    )
    return version


def versions_of(target):
    return TextVersion.objects.filter(**_target_keys(target)).order_by("number")


# ------------------------------------------------------------------ comment calls


def open_call_of(target) -> CommentCall | None:
    return CommentCall.objects.filter(**_target_keys(target)).order_by("-id").first()


def comment_call_open(
    *,
    actor,
    target,
    title: str,
    agency,
    start: date,
    end: date,
    required_min: int,
    required_unit: str,
    required_source: str,
    shortened_reason: str = "",
    notice: str = "",
    version: TextVersion | None = None,
) -> CommentCall:
    _require_atomic()
    call = CommentCall.objects.create(
        subject_title=title,
        agency=agency,
        region_path=agency.region_path,
        start_date=start,
        end_date=end,
        required_min=required_min,
        required_unit=required_unit,
        required_source=required_source,
        shortened_reason=shortened_reason.strip(),
        notice=notice.strip(),
        version=version,
        created_by=actor,
        **_target_keys(target),
    )
    audit.record(
        actor=actor,
        action="procedure.comment_call_open",
        obj=target,
        after={"call": str(call.code), "start": start, "end": end, "shortened_reason": call.shortened_reason},
    )
    return call


def comment_call_close(*, actor, target, call: CommentCall) -> CommentCall:
    _require_atomic()
    call.closed_at = timezone.now()
    call.save(update_fields=["closed_at"])
    audit.record(
        actor=actor,
        action="procedure.comment_call_close",
        obj=target,
        after={"call": str(call.code), "comments": call.comments.count()},
    )
    return call


def call_is_open(call: CommentCall, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return call.closed_at is None and call.start_date <= today <= call.end_date


@transaction.atomic
def comment_submit_public(
    *,
    call: CommentCall,
    content: str,
    name: str = "",
    contact: str = "",
    organisation: str = "",
    client_ip: str | None = None,
    today: date | None = None,
) -> Comment:
    """A member of the public comments from the portal: the window must be open; a rate limit per
    address (FAZHI_PUBLIC_RATE_PER_HOUR) stops floods; name and contact are optional unless configured."""
    errors: dict[str, list[str]] = {}
    content = (content or "").strip()
    if not content:
        errors["content"] = ["请填写意见内容。"]
    elif len(content) > MAX_COMMENT_LENGTH:
        errors["content"] = [f"意见内容不超过 {MAX_COMMENT_LENGTH} 字。"]
    if settings.FAZHI_PUBLIC_REQUIRE_NAME:
        if not (name or "").strip():
            errors["name"] = ["请填写姓名或单位名称。"]
        if not (contact or "").strip():
            errors["contact"] = ["请填写联系方式。"]
    if errors:
        raise ServiceError(field_errors=errors)
    call = CommentCall.objects.select_for_update().get(pk=call.pk)
    if not call_is_open(call, today):
        raise TransitionRefused(
            [f"征求意见期为 {call.start_date} 至 {call.end_date}，当前不在征求意见期内。"]
        )
    if client_ip:
        since = timezone.now() - timedelta(hours=1)
        recent = Comment.objects.filter(
            client_ip=client_ip, submitted_at__gte=since, entered_by__isnull=True
        ).count()
        if recent >= settings.FAZHI_PUBLIC_RATE_PER_HOUR:
            raise ServiceError("提交过于频繁，请一小时后再试。")
    comment = Comment.objects.create(
        call=call,
        receipt=new_public_code(),
        source=CommentSource.PORTAL,
        name=(name or "").strip()[:100],
        contact=(contact or "").strip()[:100],
        organisation=(organisation or "").strip()[:100],
        content=content,
        submitted_at=timezone.now(),
        client_ip=client_ip,
    )
    audit.record(
        actor=None,
        action="procedure.comment_submit",
        object_type="procedure.comment",
        object_id=str(comment.pk),
        object_repr=call.subject_title[:200],
        after={"call": str(call.code), "length": len(content)},
    )
    return comment


def comment_enter(
    *,
    actor,
    target,
    call: CommentCall,
    source: str,
    content: str,
    name: str = "",
    organisation: str = "",
    is_opposing: bool = False,
    submitted_at=None,
) -> Comment:
    """Staff enter an opinion received on paper or at a meeting; it is screened like any other."""
    _require_atomic()
    content = (content or "").strip()
    errors = {}
    if source not in CommentSource.values or source == CommentSource.PORTAL:
        errors["source"] = ["请选择意见来源（书面、座谈会、企业、行业协会等）。"]
    if not content:
        errors["content"] = ["请填写意见内容。"]
    if errors:
        raise ServiceError(field_errors=errors)
    comment = Comment.objects.create(
        call=call,
        receipt=new_public_code(),
        source=source,
        content=content,
        name=name.strip()[:100],
        organisation=organisation.strip()[:100],
        is_opposing=is_opposing,
        submitted_at=submitted_at or timezone.now(),
        entered_by=actor,
    )
    audit.record(
        actor=actor,
        action="procedure.comment_enter",
        obj=target,
        after={"comment": comment.pk, "source": source},
    )
    return comment


def comment_screen(*, actor, target, comments: list[Comment], show: bool) -> int:
    _require_atomic()
    status = ScreeningStatus.SHOWN if show else ScreeningStatus.HIDDEN
    ids = [c.pk for c in comments]
    count = Comment.objects.filter(pk__in=ids).update(
        screening=status, screened_by=actor, screened_at=timezone.now()
    )
    audit.record(
        actor=actor, action="procedure.comment_screen", obj=target, after={"ids": ids, "screening": status}
    )
    return count


def comment_answer(*, actor, target, comments: list[Comment], outcome: str, answer: str) -> int:
    """Answer one or many comments at once (bulk answers from a template are the same call)."""
    _require_atomic()
    errors = {}
    if outcome not in AnswerOutcome.values:
        errors["outcome"] = ["请选择采纳情况：采纳、部分采纳或不予采纳。"]
    if not (answer or "").strip():
        errors["answer"] = ["请填写答复理由。"]
    if not comments:
        errors["comments"] = ["请选择要答复的意见。"]
    if errors:
        raise ServiceError(field_errors=errors)
    ids = [c.pk for c in comments]
    count = Comment.objects.filter(pk__in=ids).update(
        outcome=outcome, answer=answer.strip(), answered_by=actor, answered_at=timezone.now()
    )
    audit.record(
        actor=actor, action="procedure.comment_answer", obj=target, after={"ids": ids, "outcome": outcome}
    )
    return count


def unanswered_count(call: CommentCall | None) -> int:
    if call is None:
        return 0
    return (
        call.comments.exclude(screening=ScreeningStatus.HIDDEN, source=CommentSource.PORTAL)
        .filter(outcome="")
        .count()
    )


def adoption_summary_text(call: CommentCall) -> str:
    """A first draft of 意见采纳情况 that staff edit before publishing."""
    comments = list(call.comments.exclude(outcome=""))
    counts = {o: sum(1 for c in comments if c.outcome == o) for o in AnswerOutcome.values}
    lines = [
        f"{call.start_date:%Y年%m月%d日}至{call.end_date:%Y年%m月%d日}公开征求意见，共收到意见 {call.comments.count()} 条，"
        f"采纳 {counts['adopted']} 条，部分采纳 {counts['partly']} 条，不予采纳 {counts['not_adopted']} 条。"
    ]
    for c in comments:
        if c.outcome != AnswerOutcome.ADOPTED:
            lines.append(f"· {c.content[:60]}——{AnswerOutcome(c.outcome).label}：{c.answer}")
    return "\n".join(lines)


def comment_summary_set(*, actor, target, call: CommentCall, summary: str) -> CommentCall:
    _require_atomic()
    if not (summary or "").strip():
        raise ServiceError(field_errors={"summary": ["请填写意见采纳情况。"]})
    call.summary = summary.strip()
    call.save(update_fields=["summary"])
    audit.record(
        actor=actor, action="procedure.comment_summary", obj=target, after={"length": len(call.summary)}
    )
    return call


def comment_summary_publish(*, actor, target, call: CommentCall) -> CommentCall:
    _require_atomic()
    call.summary_published_at = timezone.now()
    call.save(update_fields=["summary_published_at"])
    audit.record(actor=actor, action="procedure.comment_summary_publish", obj=target)
    return call
