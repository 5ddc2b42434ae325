"""The append-only, hash-chained audit log.

Each event stores SHA-256(canonical content + predecessor's hash). Appends lock the single
``AuditChainHead`` row, so concurrent writers queue up instead of forking the chain; the head also
records the count and last hash, so removing the newest events is detected too.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import context
from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "id", "occurred_at", "actor_id", "actor_name", "actor_role", "agency_name", "action", "object_type",
    "object_id", "object_repr", "before", "after", "client_ip", "request_id", "prev_hash",
)


def _jsonable(value):
    """Normalise a before/after payload to what the JSON column will give back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(event: AuditEvent) -> bytes:
    data = {name: getattr(event, name) for name in HASHED_FIELDS}
    data["occurred_at"] = _format_time(event.occurred_at)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      cls=DjangoJSONEncoder).encode("utf-8")


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def record(*, actor, action: str, obj=None, object_type: str = "", object_id: str = "",
           object_repr: str = "", before=None, after=None) -> AuditEvent:
    """Append one event. Must run inside the transaction of the state change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the transaction of the change it records")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    roles = []
    agency_name = ""
    actor_name = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        roles = sorted(ra.get_role_display() for ra in actor.role_assignments.all())
        agency_name = actor.agency.name if actor.agency_id else ""
        actor_name = f"{actor.display_name}（{actor.username}）"
    else:
        actor = None
    ctx = context.current()
    head = _lock_head()
    event = AuditEvent(
        id=head.last_event_id + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_name=actor_name or "系统",
        actor_role="、".join(roles)[:200],
        agency_name=agency_name[:100],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        client_ip=ctx.client_ip,
        request_id=ctx.request_id,
        prev_hash=head.last_hash,
    )
    # Microsecond precision is what both databases keep; hash what will be read back.
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    head.last_hash = event.hash
    head.last_event_id = event.id
    head.count += 1
    head.save(update_fields=["last_hash", "last_event_id", "count"])
    return event


@dataclass
class VerifyResult:
    ok: bool
    count: int
    broken_id: int | None = None
    reason: str = ""


def verify(batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in id order and name the first broken link."""
    prev_hash = GENESIS_HASH
    expected_id = 1
    count = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.id != expected_id:
                return VerifyResult(False, count, event.id, f"事件编号不连续：缺少 #{expected_id}（行被删除或插入）")
            if event.prev_hash != prev_hash:
                return VerifyResult(False, count, event.id, "前一事件哈希不匹配（前面的行被删除、插入或修改）")
            if compute_hash(event) != event.hash:
                return VerifyResult(False, count, event.id, "内容哈希不匹配（该行被修改）")
            prev_hash = event.hash
            expected_id += 1
            count += 1
            last_id = event.id
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.count != count or head.last_hash != prev_hash):
        return VerifyResult(False, count, head.last_event_id,
                            f"链头记录 {head.count} 条、最后事件 #{head.last_event_id}，实际 {count} 条（末尾的行被删除）")
    if head is None and count:
        return VerifyResult(False, count, None, "链头缺失")
    return VerifyResult(True, count)


def snapshot(obj, fields) -> dict:
    """A before/after dict of the named fields (foreign keys by id)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = getattr(obj, field.attname)
    return _jsonable(out)
