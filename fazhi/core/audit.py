"""The append-only, hash-chained audit log.

Each event stores SHA-256(canonical content + predecessor's hash). The log is several parallel
chains (settings.FAZHI_AUDIT_CHAINS, default 8): an append locks the head row of one chain — the
first whose head no other writer holds — so concurrent writers append side by side instead of all
queueing on one row, and no chain ever forks. Each head records its chain's count and last hash, so
removing a chain's newest events is detected too; every event is numbered 1, 2, 3 … within its chain,
so a removed or inserted row shows as a gap. ``anchor()`` (run by ``audit_verify`` after an intact
check) writes the heads of the other chains into chain 1: a chain deleted whole, or cut below an
anchored length, is detected against the anchor. On SQLite, which has one writer anyway, only chain 1
is used. Events written before the chains existed are chain 1, numbered by their ids.
"""

import hashlib
import ipaddress
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
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
    # "id" in the hashed form is the event's position in its chain: for chain 1 (which holds every
    # event written before there were several chains) that is what was hashed before, so old hashes hold.
    data["id"] = event.seq
    if event.chain != 1:
        data["chain"] = event.chain
    data["occurred_at"] = _format_time(event.occurred_at)
    data["client_ip"] = _ip_for_hash(event.client_ip)
    data["before"] = _numbers_as_stored(event.before)
    data["after"] = _numbers_as_stored(event.after)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      cls=DjangoJSONEncoder).encode("utf-8")


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def chain_count() -> int:
    """How many chains appends spread over: a setting (FAZHI_AUDIT_CHAINS, default 8); 1 on a database
    that cannot skip locked rows (SQLite, whose writers queue on the database anyway)."""
    if not connection.features.has_select_for_update_skip_locked:
        return 1
    return max(1, int(getattr(settings, "FAZHI_AUDIT_CHAINS", 8)))


def _lock_chain(number: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=number).first()
    if head is None:
        # A chain's first event: insert-if-absent, so two first writers do not both create the head.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=number, last_hash=GENESIS_HASH)], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=number)
    return head


def _lock_head() -> AuditChainHead:
    """The head of the first chain no other writer holds (a lone writer always gets chain 1); a new
    chain when every existing one is held; when all are held, wait for one of them."""
    n = chain_count()
    if n == 1:
        return _lock_chain(1)
    head = (AuditChainHead.objects.select_for_update(skip_locked=True)
            .filter(pk__lte=n).order_by("pk").first())
    if head is not None:
        return head
    existing = AuditChainHead.objects.filter(pk__lte=n).count()
    return _lock_chain(existing + 1 if existing < n else random.randint(1, n))


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
    return _append(_lock_head(), AuditEvent(
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
    ))


def _append(head: AuditChainHead, event: AuditEvent) -> AuditEvent:
    """Link the event to the locked head's chain, store it and move the head."""
    event.chain, event.seq, event.prev_hash = head.pk, head.count + 1, head.last_hash
    # Microsecond precision is what both databases keep; hash what will be read back.
    event.occurred_at = timezone.now()
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    head.last_hash, head.last_event_id, head.count = event.hash, event.id, event.seq
    head.save(update_fields=["last_hash", "last_event_id", "count"])
    return event


ANCHOR_ACTION = "core.audit_anchor"


def anchor() -> AuditEvent | None:
    """Write the heads of chains 2… into chain 1 (their count and last hash), so that a chain deleted
    whole or cut below that length is caught by ``verify``. Nothing to anchor with one chain."""
    with transaction.atomic():
        heads = {str(h.pk): [h.count, h.last_hash] for h in AuditChainHead.objects.filter(pk__gt=1, count__gt=0)}
        if not heads:
            return None
        # Chain 1 explicitly: the anchors sit in the chain every verification reads first.
        return _append(_lock_chain(1), AuditEvent(
            actor_name="系统", action=ANCHOR_ACTION, object_type="core.auditchainhead",
            object_repr="审计链锚定", after=_jsonable({"chains": heads})))


@dataclass
class VerifyResult:
    ok: bool
    count: int
    broken_id: int | None = None
    reason: str = ""


@dataclass
class Checkpoint:
    """A verified prefix of every chain: chain → (its length, its last event's hash, that event's id)."""

    chains: dict[int, tuple[int, str, int]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(seq for seq, _hash, _id in self.chains.values())

    @property
    def event_id(self) -> int:
        return max((event_id for _s, _h, event_id in self.chains.values()), default=0)


@dataclass
class _Walk:
    """One chain walked from ``seq`` on: where it stands, or where it broke."""

    chain: int
    seq: int = 0
    hash: str = GENESIS_HASH
    event_id: int = 0
    broken_id: int | None = None
    reason: str = ""


def _walk_chain(walk: _Walk, batch_size: int, last_seq: int | None = None) -> _Walk:
    """Read the chain's events after ``walk.seq`` (up to ``last_seq``) in order, checking numbering,
    links and content hashes."""
    while last_seq is None or walk.seq < last_seq:
        rows = AuditEvent.objects.filter(chain=walk.chain, seq__gt=walk.seq)
        if last_seq is not None:
            rows = rows.filter(seq__lte=last_seq)
        batch = list(rows.order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            expected = walk.seq + 1
            if event.seq != expected:
                walk.broken_id = event.id
                walk.reason = f"审计链 {walk.chain} 的第 {expected} 条事件缺失（行被删除或插入）"
                return walk
            if event.prev_hash != walk.hash:
                walk.broken_id = event.id
                walk.reason = f"审计链 {walk.chain}：前一事件哈希不匹配（前面的行被删除、插入或修改）"
                return walk
            if compute_hash(event) != event.hash:
                walk.broken_id = event.id
                walk.reason = f"审计链 {walk.chain}：内容哈希不匹配（该行被修改）"
                return walk
            walk.seq, walk.hash, walk.event_id = event.seq, event.hash, event.id
    return walk


def _chains_present() -> list[int]:
    """Every chain that has a head or an event (an event in a chain without a head is tampering too).

    Chains are opened in order 1, 2, 3 …, so a missing head shows as a hole in the numbers, and events
    beyond the last head are found on the (chain, seq) index without reading the table."""
    numbers = set(AuditChainHead.objects.values_list("pk", flat=True))
    top = max(numbers, default=0)
    numbers |= set(range(1, top))
    numbers |= set(AuditEvent.objects.filter(Q(chain__gt=top) | Q(chain__lt=1))
                   .order_by().values_list("chain", flat=True).distinct())
    return sorted(numbers)


def _start(number: int, since: Checkpoint | None) -> tuple[_Walk, VerifyResult | None]:
    """Where to start walking a chain: the genesis, or its checkpoint, whose event must still be there
    with the hash it had then and match its content (rewriting the verified prefix is caught)."""
    if since is None or number not in since.chains:
        return _Walk(number), None
    seq, hash_, event_id = since.chains[number]
    if not seq:
        return _Walk(number), None
    anchor_event = AuditEvent.objects.filter(chain=number, seq=seq).first()
    if anchor_event is None:
        return _Walk(number), VerifyResult(False, 0, event_id,
                                           f"已校验的检查点事件 #{event_id} 不存在（行被删除）")
    if anchor_event.hash != hash_ or compute_hash(anchor_event) != anchor_event.hash:
        return _Walk(number), VerifyResult(False, 0, event_id,
                                           f"检查点事件 #{event_id} 的哈希与上次校验时不同（已校验的事件被改动）")
    return _Walk(number, seq, hash_, event_id), None


def verify(batch_size: int = 2000, since: Checkpoint | None = None) -> VerifyResult:
    """Walk every chain in order and name the first broken link.

    ``count`` is the number of intact events before the break. Safe to run while others append:
    each head is read after its chain's walk, and events appended meanwhile are walked too.

    With ``since`` (a checkpoint of an earlier verified run) only the events after it are read: each
    chain's checkpoint event must still carry the hash it had then and match its content, so rewriting
    the verified prefix (which changes every later hash) is still caught; a silent edit of one old row
    without re-hashing is left to the full check (``audit_verify --full``).
    """
    count = 0
    ends: dict[int, _Walk] = {}
    numbers = sorted(set(_chains_present()) | set(since.chains if since else ()))
    for number in numbers:
        walk, refused = _start(number, since)
        if refused is not None:
            return VerifyResult(False, count, refused.broken_id, refused.reason)
        while True:
            walk = _walk_chain(walk, batch_size)
            if walk.broken_id is not None:
                return VerifyResult(False, count + walk.seq, walk.broken_id, walk.reason)
            # An append commits its event and the head together, so a head read now covers every event
            # the walk saw; if it points further, either events arrived meanwhile or rows are gone.
            head = AuditChainHead.objects.filter(pk=number).first()
            if head is not None and head.count > walk.seq and \
                    AuditEvent.objects.filter(chain=number, seq__gt=walk.seq).exists():
                continue
            break
        refused = _against_head(head, walk)
        if refused is not None:
            return VerifyResult(False, count + refused.count, refused.broken_id, refused.reason)
        count += walk.seq
        ends[number] = walk
    refused = _against_anchors(ends)
    if refused is not None:
        return VerifyResult(False, count, refused.broken_id, refused.reason)
    return VerifyResult(True, count)


def _against_head(head, walk: _Walk) -> VerifyResult | None:
    chain = walk.chain
    if head is None:
        if walk.seq:
            return VerifyResult(False, walk.seq, None, f"审计链 {chain} 的链头缺失（链头记录被删除）")
        return None
    if walk.seq > head.count:
        extra = AuditEvent.objects.filter(chain=chain, seq=head.count + 1).values_list("id", flat=True).first()
        return VerifyResult(False, head.count, extra,
                            f"审计链 {chain} 的链头登记到第 {head.count} 条，其后出现未经登记的事件（行被插入）")
    if walk.seq < head.count:
        return VerifyResult(False, walk.seq, head.last_event_id or None,
                            f"审计链 {chain} 的第 {walk.seq + 1} 至 {head.count} 条事件缺失（行被删除）")
    if head.last_hash != walk.hash:
        return VerifyResult(False, walk.seq, head.last_event_id or None,
                            f"审计链 {chain} 的链头与事件不符（链头或最后一条事件被改动）")
    return None


def _against_anchors(ends: dict[int, _Walk]) -> VerifyResult | None:
    """Each anchor in chain 1 names other chains' lengths and last hashes at the time: those events must
    still be there, unchanged (their content was checked by the walk)."""
    for event in AuditEvent.objects.filter(chain=1, action=ANCHOR_ACTION).order_by("seq"):
        for number, (seq, hash_) in ((event.after or {}).get("chains") or {}).items():
            number = int(number)
            reached = ends.get(number)
            stored = AuditEvent.objects.filter(chain=number, seq=seq).values_list("hash", flat=True).first()
            if reached is None or reached.seq < seq or stored != hash_:
                return VerifyResult(False, 0, event.id,
                                    f"审计链 {number} 与锚定事件 #{event.id} 不符：锚定时有 {seq} 条，"
                                    "其事件已被删除或改动")
    return None


def _verify_span(chain: int, first_seq: int, last_seq: int, batch_size: int) -> tuple:
    """Events first_seq…last_seq of one chain on their own: numbering contiguous, each content hash
    right, each link to the previous event inside the span. Returns (the first event's prev_hash, the
    last hash, intact count, broken id, reason); the caller joins the spans end to end."""
    first = AuditEvent.objects.filter(chain=chain, seq=first_seq).first()
    if first is None:
        following = AuditEvent.objects.filter(chain=chain, seq__gt=first_seq).order_by("seq").first()
        return None, None, 0, following.id if following else None, \
            f"审计链 {chain} 的第 {first_seq} 条事件缺失（行被删除或插入）"
    walk = _walk_chain(_Walk(chain, first_seq - 1, first.prev_hash), batch_size, last_seq)
    if walk.broken_id is None and walk.seq < last_seq:
        walk.reason = f"审计链 {chain} 的第 {walk.seq + 1} 条事件缺失（行被删除或插入）"
        walk.broken_id = walk.event_id or first.id
    return first.prev_hash, walk.hash, walk.seq - first_seq + 1, walk.broken_id, walk.reason


def _span_worker(args):
    from django.db import connections

    connections.close_all()  # a forked child opens its own connection
    return _verify_span(*args)


def verify_full(batch_size: int = 2000, workers: int = 2) -> VerifyResult:
    """Every chain, split into spans checked side by side (PostgreSQL; one process elsewhere), then
    joined: each span's first event must point at the previous span's last hash."""
    heads = {h.pk: h for h in AuditChainHead.objects.all()}
    total = sum(h.count for h in heads.values())
    if workers <= 1 or connection.vendor != "postgresql" or total < workers * batch_size:
        return verify(batch_size=batch_size)
    spans = []
    for number, head in sorted(heads.items()):
        pieces = max(1, min(workers, head.count // batch_size))
        spans += [(number, i * head.count // pieces + 1, (i + 1) * head.count // pieces, batch_size)
                  for i in range(pieces)]
    import multiprocessing

    from django.db import connections

    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_span_worker, spans)
    checkpoint = Checkpoint()
    count = 0
    for (number, first_seq, last_seq, _), (first_prev, last_hash, n, broken, reason) in zip(spans, results, strict=True):
        before = checkpoint.chains.get(number, (0, GENESIS_HASH, 0))
        if broken is not None:
            return VerifyResult(False, count + n, broken, reason)
        if first_prev != before[1]:
            first = AuditEvent.objects.filter(chain=number, seq=first_seq).values_list("id", flat=True).first()
            return VerifyResult(False, count, first,
                                f"审计链 {number}：前一事件哈希不匹配（前面的行被删除、插入或修改）")
        last_id = AuditEvent.objects.filter(chain=number, seq=last_seq).values_list("id", flat=True).first()
        checkpoint.chains[number] = (last_seq, last_hash, last_id)
        count += n
    # Events appended after the heads were read, the heads themselves and the anchors: the incremental walk.
    return verify(batch_size=batch_size, since=checkpoint)


# ------------------------------------------------------------------ checkpoints (outside the database)


def _checkpoint_path():
    from pathlib import Path

    return Path(getattr(settings, "FAZHI_AUDIT_CHECKPOINT_FILE", None) or Path(settings.VAR_DIR) / "audit-checkpoint.json")


def last_checkpoint() -> Checkpoint | None:
    """The last verified checkpoint. It is kept in a file next to the backups, not in the database, so
    whoever can rewrite the audit table cannot also move the checkpoint. A file written before there
    were several chains (one event id, hash and count) is chain 1 at that position."""
    try:
        data = json.loads(_checkpoint_path().read_text(encoding="utf-8"))
        if "chains" not in data:
            return Checkpoint({1: (int(data["count"]), str(data["hash"]), int(data["event_id"]))})
        return Checkpoint({int(k): (int(v["seq"]), str(v["hash"]), int(v["event_id"]))
                           for k, v in data["chains"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_checkpoint(result: VerifyResult) -> Checkpoint | None:
    """After an intact run: remember the heads as verified."""
    if not result.ok:
        return None
    heads = list(AuditChainHead.objects.all())
    if sum(h.count for h in heads) != result.count:
        return None  # events arrived after the walk; the next run covers them
    checkpoint = Checkpoint({h.pk: (h.count, h.last_hash, h.last_event_id) for h in heads})
    path = _checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    chains = {str(k): {"seq": s, "hash": h, "event_id": i} for k, (s, h, i) in checkpoint.chains.items()}
    tmp.write_text(json.dumps({"chains": chains, "count": checkpoint.count, "verified_at": timezone.now().isoformat()}),
                   encoding="utf-8")
    tmp.replace(path)
    return checkpoint


def snapshot(obj, fields) -> dict:
    """A before/after dict of the named fields (foreign keys by id)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = getattr(obj, field.attname)
    return _jsonable(out)
