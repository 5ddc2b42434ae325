"""The append-only, hash-chained audit log.

Each event stores SHA-256(canonical content + predecessor's hash). Appends lock the single
``AuditChainHead`` row, so concurrent writers queue up instead of forking the chain; the head also
records the count and last hash, so removing the newest events is detected too.
"""

import hashlib
import ipaddress
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
    # allow_nan=False: PostgreSQL's jsonb refuses NaN/Infinity, so fail here with a clear error.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, allow_nan=False))


def _numbers_as_stored(value):
    """jsonb keeps numbers as decimals: 1e16 comes back as the int 10000000000000000.

    Hash whole floats as ints so that a payload hashes the same before and after the round trip.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _numbers_as_stored(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_as_stored(v) for v in value]
    return value


def _clean_ip(value) -> str | None:
    """A valid address in Django's stored form, or None (a forged X-Forwarded-For must not break writes)."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def _ip_for_hash(value) -> str | None:
    """PostgreSQL's inet prints some IPv6 forms differently from Python: hash the address, not the text."""
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).exploded
    except ValueError:
        return str(value)


def _format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(event: AuditEvent) -> bytes:
    data = {name: getattr(event, name) for name in HASHED_FIELDS}
    data["occurred_at"] = _format_time(event.occurred_at)
    data["client_ip"] = _ip_for_hash(event.client_ip)
    data["before"] = _numbers_as_stored(event.before)
    data["after"] = _numbers_as_stored(event.after)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      cls=DjangoJSONEncoder).encode("utf-8")


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First event ever: insert-if-absent, so two first writers do not both create the head.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1, last_hash=GENESIS_HASH)], ignore_conflicts=True)
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
        actor_name = f"{actor.display_name}（{actor.username}）"[:150]
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
        client_ip=_clean_ip(ctx.client_ip),
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


@dataclass
class Checkpoint:
    """A verified prefix of the chain: events 1…``event_id`` were intact, ``hash`` being the last one's."""

    event_id: int
    hash: str
    count: int


def verify(batch_size: int = 2000, since: Checkpoint | None = None) -> VerifyResult:
    """Walk the chain in id order and name the first broken link.

    ``count`` is the number of intact events before the break. Safe to run while others append:
    the head is read after the walk, and events appended meanwhile are walked too.

    With ``since`` (a checkpoint of an earlier verified run) only the events after it are read: the
    checkpoint's event must still carry the hash it had then and match its content, so rewriting the
    verified prefix (which changes every later hash) is still caught; a silent edit of one old row
    without re-hashing is left to the full check (``audit_verify --full``).
    """
    prev_hash = GENESIS_HASH
    count = 0
    last_id = 0
    if since is not None and since.event_id:
        anchor = AuditEvent.objects.filter(id=since.event_id).first()
        if anchor is None:
            return VerifyResult(False, 0, since.event_id, f"已校验的检查点事件 #{since.event_id} 不存在（行被删除）")
        if anchor.hash != since.hash or compute_hash(anchor) != anchor.hash:
            return VerifyResult(False, 0, since.event_id,
                                f"检查点事件 #{since.event_id} 的哈希与上次校验时不同（已校验的事件被改动）")
        prev_hash, count, last_id = since.hash, since.count, since.event_id
    while True:
        while True:
            batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
            if not batch:
                break
            for event in batch:
                expected_id = last_id + 1
                if event.id != expected_id:
                    return VerifyResult(False, count, event.id,
                                        f"事件编号不连续：缺少 #{expected_id}（行被删除或插入）")
                if event.prev_hash != prev_hash:
                    return VerifyResult(False, count, event.id, "前一事件哈希不匹配（前面的行被删除、插入或修改）")
                if compute_hash(event) != event.hash:
                    return VerifyResult(False, count, event.id, "内容哈希不匹配（该行被修改）")
                prev_hash = event.hash
                count += 1
                last_id = event.id
        # An append commits its event and the head together, so a head read now covers every
        # event the walk saw; if it points further, either events arrived meanwhile or rows are gone.
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is not None and head.last_event_id > last_id and AuditEvent.objects.filter(id__gt=last_id).exists():
            continue
        break
    return _against_head(head, count, last_id, prev_hash)


def _against_head(head, count: int, last_id: int, prev_hash: str) -> VerifyResult:
    if head is None:
        if count:
            return VerifyResult(False, count, None, "链头缺失（链头记录被删除）")
        return VerifyResult(True, 0)
    if last_id > head.last_event_id:
        return VerifyResult(False, head.last_event_id, head.last_event_id + 1,
                            f"链头记录最后事件为 #{head.last_event_id}，其后出现未经登记的事件（行被插入）")
    if last_id < head.last_event_id:
        return VerifyResult(False, count, last_id + 1,
                            f"末尾事件 #{last_id + 1} 至 #{head.last_event_id} 缺失（行被删除）")
    if head.count != count or head.last_hash != prev_hash:
        return VerifyResult(False, count, head.last_event_id or None,
                            "链头与事件不符（链头或最后一条事件被改动）")
    return VerifyResult(True, count)


def _verify_span(first_id: int, last_id: int, batch_size: int) -> tuple:
    """Events first_id…last_id on their own: ids contiguous, each content hash right, each link to
    the previous event inside the span. Returns (first prev_hash, last hash, intact count, broken id,
    reason); the caller joins the spans end to end."""
    first_prev = last_hash = None
    count = 0
    expected = first_id
    cursor = first_id - 1
    while cursor < last_id:
        batch = list(AuditEvent.objects.filter(id__gt=cursor, id__lte=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.id != expected:
                return first_prev, last_hash, count, expected if event.id > expected else event.id, \
                    f"事件编号不连续：缺少 #{expected}（行被删除或插入）"
            if first_prev is None:
                first_prev = event.prev_hash
            elif event.prev_hash != last_hash:
                return first_prev, last_hash, count, event.id, "前一事件哈希不匹配（前面的行被删除、插入或修改）"
            if compute_hash(event) != event.hash:
                return first_prev, last_hash, count, event.id, "内容哈希不匹配（该行被修改）"
            last_hash = event.hash
            count += 1
            expected += 1
            cursor = event.id
    if expected <= last_id:
        return first_prev, last_hash, count, expected, f"事件编号不连续：缺少 #{expected}（行被删除或插入）"
    return first_prev, last_hash, count, None, ""


def _span_worker(args):
    from django.db import connections

    connections.close_all()  # a forked child opens its own connection
    return _verify_span(*args)


def verify_full(batch_size: int = 2000, workers: int = 2) -> VerifyResult:
    """The whole chain, split into ``workers`` spans checked side by side (PostgreSQL; one process
    elsewhere), then joined: each span's first event must point at the previous span's last hash."""
    from django.db import connection

    head = AuditChainHead.objects.filter(pk=1).first()
    top = head.last_event_id if head is not None else 0
    if workers <= 1 or connection.vendor != "postgresql" or top < workers * batch_size:
        return verify(batch_size=batch_size)
    bounds = [(i * top // workers + 1, (i + 1) * top // workers, batch_size) for i in range(workers)]
    import multiprocessing

    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        spans = pool.map(_span_worker, bounds)
    prev_hash, count = GENESIS_HASH, 0
    for (first_id, _last, _), (first_prev, last_hash, n, broken, reason) in zip(bounds, spans, strict=True):
        if first_prev is not None and first_prev != prev_hash:
            return VerifyResult(False, count, first_id, "前一事件哈希不匹配（前面的行被删除、插入或修改）")
        if broken is not None:
            return VerifyResult(False, count + n, broken, reason)
        prev_hash, count = last_hash, count + n
    # Events appended after the head was read, and the head itself: the incremental walk from here.
    return verify(batch_size=batch_size, since=Checkpoint(top, prev_hash, count)) if top else verify(batch_size)


# ------------------------------------------------------------------ checkpoints (outside the database)


def _checkpoint_path():
    from pathlib import Path

    from django.conf import settings

    return Path(getattr(settings, "FAZHI_AUDIT_CHECKPOINT_FILE", None) or Path(settings.VAR_DIR) / "audit-checkpoint.json")


def last_checkpoint() -> Checkpoint | None:
    """The last verified checkpoint. It is kept in a file next to the backups, not in the database, so
    whoever can rewrite the audit table cannot also move the checkpoint."""
    try:
        data = json.loads(_checkpoint_path().read_text(encoding="utf-8"))
        return Checkpoint(int(data["event_id"]), str(data["hash"]), int(data["count"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_checkpoint(result: VerifyResult) -> Checkpoint | None:
    """After an intact run: remember the head as verified."""
    if not result.ok:
        return None
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.count != result.count:
        return None  # events arrived after the walk; the next run covers them
    checkpoint = Checkpoint(head.last_event_id, head.last_hash, head.count)
    path = _checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({**checkpoint.__dict__, "verified_at": timezone.now().isoformat()}), encoding="utf-8")
    tmp.replace(path)
    return checkpoint


def snapshot(obj, fields) -> dict:
    """A before/after dict of the named fields (foreign keys by id)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = getattr(obj, field.attname)
    return _jsonable(out)
