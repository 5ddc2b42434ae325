"""An object's timeline: its audit events, labelled, the kernel's own bookkeeping (versions, comment desk,
review desk) shown smaller than the module's transitions.

``label_of(action)`` answers (Chinese label, main step?) for any recorded action; ``rows(obj)`` gives the
object's events oldest first, each with its label and whether it is a main step.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.dateparse import parse_date

from fazhi.core.templatetags.fazhi_tags import audit_action_label

KERNEL_ACTIONS: dict[str, tuple[str, bool]] = {
    "procedure.version_add": ("形成新版本", False),
    "procedure.comment_call_open": ("发布征求意见公告", False),
    "procedure.comment_call_close": ("关闭征求意见", False),
    "procedure.comment_enter": ("录入意见", False),
    "procedure.comment_screen": ("审核意见是否公开", False),
    "procedure.comment_answer": ("答复意见", False),
    "procedure.comment_summary": ("编写意见采纳情况", False),
    "procedure.comment_summary_publish": ("公布意见采纳情况", False),
    "procedure.review_submit": ("审核台登记送审", False),
    "procedure.review_return": ("审核台登记退回", False),
    "procedure.review_resubmit": ("补充材料后重新送审", False),
    "procedure.review_opinion": ("审核台登记意见", False),
    "procedure.review_confirm_changes": ("审核台登记修改落实", False),
    "procedure.review_assign": ("指定承办人", False),
}


def label_of(action: str) -> tuple[str, bool]:
    if action in KERNEL_ACTIONS:
        return KERNEL_ACTIONS[action]
    if action.startswith("procedure."):
        return audit_action_label(action), False
    return audit_action_label(action), True


def rows(obj) -> list[dict]:
    """The audit events recorded against ``obj``, oldest first: [{"event", "label", "main"}]."""
    from fazhi.core.models import AuditEvent

    events = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
    return [{"event": event, "label": label, "main": main}
            for event in events for label, main in [label_of(event.action)]]


# ---------------------------------------------------------------- a module's timeline with what each step recorded


def day(value) -> str:
    """A recorded date as YYYY-MM-DD (events store ISO strings)."""
    parsed = parse_date(str(value)) if value else None
    return f"{parsed:%Y-%m-%d}" if parsed else str(value or "")


LONG = 160  # a described value longer than this is cut with "…"


def summary(after, keys: Sequence[tuple[str, Callable]], action: str) -> str:
    """The essentials of an event's ``after`` in a line of Chinese: each key of ``keys`` present, said by its
    function ``say(value, action)``, in order."""
    if not isinstance(after, dict):
        return ""
    parts = []
    for key, say in keys:
        value = after.get(key)
        if value in (None, "", []):
            continue
        text = say(value, action)
        if text:
            parts.append(text if len(text) <= LONG else text[:LONG] + "…")
    return "；".join(parts)


@dataclass
class Row:
    at: datetime
    actor: str
    role: str
    agency: str
    label: str
    detail: str
    main: bool
    event_id: int
    action: str = ""


def event_rows(events: Iterable, *, describe: Callable, label: Callable = label_of) -> list[Row]:
    """Timeline rows from audit events (model instances, or the dicts of ``.values()`` that carry ``after``
    only): ``describe(action, before, after)`` says what the step recorded, ``label(action)`` → (label, main)."""
    out = []
    for e in events:
        get = e.get if isinstance(e, dict) else lambda name, e=e: getattr(e, name)
        action = get("action")
        text, main = label(action)
        before = None if isinstance(e, dict) else e.before
        out.append(Row(get("occurred_at"), get("actor_name") or "系统", get("actor_role"), get("agency_name"), text,
                       describe(action, before, get("after")), main, get("id"), action))
    return out
