"""The audit chain: append-only at the ORM, tamper detection by verify() and `manage.py audit_verify`."""

import hashlib
import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from fazhi.core import audit, context
from fazhi.core.models import AppendOnlyError, AuditChainHead, AuditEvent


def _append(n: int, action: str = "test.event") -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit.record(actor=None, action=action, object_type="test.thing", object_id=str(i),
                                       object_repr=f"第{i}件", after={"i": i}))
    return events


def _run_command() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def _sql(statement: str, params=()) -> None:
    """What an attacker with database access does: plain SQL, past the ORM."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


@pytest.fixture
def chain(db):
    return _append(6)


# ------------------------------------------------------------------ appending


def test_each_event_carries_its_predecessors_hash_and_the_head_follows(chain):
    assert chain[0].prev_hash == audit.GENESIS_HASH
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.prev_hash == before.hash
        assert (after.chain, after.seq) == (1, before.seq + 1)
    head = AuditChainHead.objects.get(pk=1)
    assert (head.count, head.last_event_id, head.last_hash) == (6, chain[-1].id, chain[-1].hash)


def test_the_stored_hash_is_the_sha256_of_the_canonical_content(chain):
    event = AuditEvent.objects.get(pk=chain[2].pk)
    assert event.hash == hashlib.sha256(audit.canonical(event)).hexdigest()
    assert json.loads(audit.canonical(event))["prev_hash"] == chain[1].hash


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="test.event")
    assert not AuditEvent.objects.exists()


def test_an_event_names_the_actor_their_roles_agency_and_the_request(people):
    token = context.activate("10.1.2.3", "req-42")
    try:
        with transaction.atomic():
            event = audit.record(actor=people.xingyi_fzb, action="test.event", obj=people.xingyi_fzb.agency,
                                 before={"name": "旧"}, after={"name": "新"})
    finally:
        context.reset(token)
    event.refresh_from_db()
    assert event.actor_id == people.xingyi_fzb.pk
    assert "xingyi_fzb" in event.actor_name
    assert event.actor_role == "县级依法治县（市）办"
    assert event.agency_name == "兴义市司法局"
    assert (event.object_type, event.object_id) == ("core.agency", str(people.xingyi_fzb.agency.pk))
    assert (event.before, event.after) == ({"name": "旧"}, {"name": "新"})
    assert (event.client_ip, event.request_id) == ("10.1.2.3", "req-42")
    assert audit.verify().ok


def test_an_ipv6_address_in_any_spelling_keeps_the_chain_intact(db):
    for spelling in ("2001:DB8:0:0:0:0:0:1", "::ffff:192.0.2.7", "::192.0.2.7", "fe80::0001"):
        token = context.activate(spelling)
        try:
            _append(1)
        finally:
            context.reset(token)
    result = audit.verify()
    assert result.ok, result.reason
    assert AuditEvent.objects.order_by("id").first().client_ip == "2001:db8::1"


def test_a_malformed_client_address_is_dropped_rather_than_failing_the_write(db):
    token = context.activate("unknown, 10.0.0.1")
    try:
        (event,) = _append(1)
    finally:
        context.reset(token)
    event.refresh_from_db()
    assert event.client_ip is None
    assert audit.verify().ok


def test_numbers_in_the_payload_hash_the_same_after_the_database_round_trip(db):
    with transaction.atomic():
        audit.record(actor=None, action="test.event",
                     after={"big": 1e16, "whole": 12345.0, "tiny": 1.5e-07, "fraction": 0.1, "n": [1, 2.5]})
    result = audit.verify()
    assert result.ok, result.reason


def test_a_payload_that_json_cannot_hold_is_refused_before_anything_is_written(db):
    with pytest.raises(ValueError), transaction.atomic():
        audit.record(actor=None, action="test.event", after={"x": float("nan")})
    assert not AuditEvent.objects.exists()


# ------------------------------------------------------------------ append-only at the ORM


def test_the_orm_refuses_to_update_or_delete_events_in_bulk(chain):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=chain[0].pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(chain, ["action"])
    assert AuditEvent.objects.count() == 6
    assert audit.verify().ok


def test_a_loaded_event_can_be_neither_saved_nor_deleted(chain):
    event = AuditEvent.objects.get(pk=chain[1].pk)
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=chain[1].pk).action == "test.event"


def test_events_cannot_be_created_around_audit_record(db):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.create(occurred_at=timezone.now(), action="forged", prev_hash="x", hash="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(occurred_at=timezone.now(), action="forged")])


def test_a_new_instance_reusing_an_existing_id_cannot_overwrite_that_event(chain):
    forged = AuditEvent(id=chain[2].id, occurred_at=timezone.now(), action="forged", prev_hash="x", hash="y" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    assert AuditEvent.objects.get(pk=chain[2].pk).action == "test.event"
    assert audit.verify().ok


# ------------------------------------------------------------------ verification


def test_an_intact_chain_verifies_and_the_command_prints_the_count(chain):
    result = audit.verify(batch_size=4)
    assert (result.ok, result.count, result.broken_id) == (True, 6, None)
    code, out, err = _run_command()
    assert code == 0
    assert "共 6 条事件" in out
    assert err == ""


def test_an_empty_database_is_an_intact_chain_of_nothing(db):
    assert audit.verify() == audit.VerifyResult(True, 0)
    assert _run_command()[0] == 0


def test_altering_a_field_is_detected_at_that_event(chain):
    _sql("UPDATE {table} SET object_repr = %s WHERE id = %s", ["第99件", chain[3].id])
    result = audit.verify()
    assert (result.ok, result.broken_id, result.count) == (False, chain[3].id, 3)
    assert "修改" in result.reason
    code, out, err = _run_command()
    assert code == 1
    assert f"#{chain[3].id}" in err
    assert out == ""


def test_altering_the_payload_json_is_detected(chain):
    _sql("UPDATE {table} SET after = %s WHERE id = %s", ['{"i": 100}', chain[0].id])
    result = audit.verify()
    assert (result.ok, result.broken_id) == (False, chain[0].id)


def test_rewriting_a_row_with_a_fresh_hash_breaks_the_link_to_the_next_event(chain):
    target = AuditEvent.objects.get(pk=chain[2].pk)
    target.object_repr = "改过的"
    new_hash = audit.compute_hash(target)
    _sql("UPDATE {table} SET object_repr = %s, hash = %s WHERE id = %s", ["改过的", new_hash, target.id])
    result = audit.verify()
    assert (result.ok, result.broken_id) == (False, chain[3].id)
    assert "前一事件哈希" in result.reason


def test_deleting_a_middle_row_is_detected_at_the_gap(chain):
    _sql("DELETE FROM {table} WHERE id = %s", [chain[2].id])
    result = audit.verify()
    assert (result.ok, result.broken_id, result.count) == (False, chain[3].id, 2)
    assert "审计链 1 的第 3 条事件缺失" in result.reason
    code, _out, err = _run_command()
    assert code == 1
    assert f"#{chain[3].id}" in err


def test_deleting_the_last_row_is_detected_against_the_head(chain):
    _sql("DELETE FROM {table} WHERE id = %s", [chain[-1].id])
    result = audit.verify()
    assert (result.ok, result.broken_id, result.count) == (False, chain[-1].id, 5)
    assert "缺失" in result.reason
    code, _out, err = _run_command()
    assert code == 1
    assert f"#{chain[-1].id}" in err


def test_deleting_every_row_is_detected(chain):
    _sql("DELETE FROM {table}")
    result = audit.verify()
    assert (result.ok, result.count, result.broken_id) == (False, 0, chain[-1].id)
    assert "审计链 1 的第 1 至 6 条事件缺失" in result.reason


def _forged(prev: AuditEvent, *, chained: bool) -> AuditEvent:
    forged = AuditEvent(id=prev.id + 1, chain=prev.chain, seq=prev.seq + 1, occurred_at=timezone.now(), actor_name="系统", action="core.user_update",
                        object_type="core.user", object_id="1", object_repr="admin", after={"is_superuser": True},
                        prev_hash=prev.hash if chained else "f" * 64)
    forged.hash = audit.compute_hash(forged) if chained else "e" * 64
    return forged


def _insert(event: AuditEvent) -> None:
    _sql(
        "INSERT INTO {table} (id, chain, seq, occurred_at, actor_name, actor_role, agency_name, action, object_type,"
        " object_id, object_repr, after, request_id, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, '', '', %s, %s, %s, %s, %s, '', %s, %s)",
        [event.id, event.chain, event.seq, event.occurred_at, event.actor_name, event.action, event.object_type, event.object_id,
         event.object_repr, json.dumps(event.after), event.prev_hash, event.hash],
    )


def test_a_forged_row_with_a_plausibly_chained_hash_is_detected_against_the_head(chain):
    forged = _forged(chain[-1], chained=True)
    _insert(forged)
    assert AuditEvent.objects.filter(pk=forged.id).exists()
    result = audit.verify()
    assert (result.ok, result.broken_id, result.count) == (False, forged.id, 6)
    assert "插入" in result.reason
    code, _out, err = _run_command()
    assert code == 1
    assert f"#{forged.id}" in err


def test_a_forged_row_without_a_valid_hash_is_detected_at_that_row(chain):
    forged = _forged(chain[-1], chained=False)
    _insert(forged)
    result = audit.verify()
    assert (result.ok, result.broken_id) == (False, forged.id)


def test_a_forged_row_far_beyond_the_end_is_detected_as_a_gap(chain):
    forged = _forged(chain[-1], chained=True)
    forged.id += 10
    forged.seq += 10
    _insert(forged)
    result = audit.verify()
    assert (result.ok, result.broken_id) == (False, forged.id)


def test_events_appended_while_verify_walks_are_not_mistaken_for_tampering(chain, monkeypatch):
    """Simulate a writer committing between the end of the walk and the read of the head."""
    real = AuditChainHead._meta.default_manager

    class HeadManagerAppendingOnce:
        appended = False

        def __getattr__(self, name):
            return getattr(real, name)

        def filter(self, *args, **kwargs):
            if not self.appended:
                self.appended = True
                _append(2, action="test.meanwhile")
            return real.filter(*args, **kwargs)

    monkeypatch.setattr(AuditChainHead, "objects", HeadManagerAppendingOnce())
    result = audit.verify()
    assert (result.ok, result.count) == (True, 8), result.reason


# ------------------------------------------------------------------ concurrency (PostgreSQL)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    threads_n, per_thread = 8, 25
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit.record(actor=None, action="test.concurrent", object_id=f"{n}-{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = threads_n * per_thread
    result = audit.verify()
    assert (result.ok, result.count) == (True, total), result.reason
    # The writers spread over several chains, each numbered 1…n without a fork.
    by_chain: dict[int, list] = {}
    for chain_no, seq, prev in AuditEvent.objects.order_by("chain", "seq").values_list("chain", "seq", "prev_hash"):
        by_chain.setdefault(chain_no, []).append((seq, prev))
    assert len(by_chain) > 1
    for rows in by_chain.values():
        assert [seq for seq, _ in rows] == list(range(1, len(rows) + 1))
        assert len({prev for _, prev in rows}) == len(rows)
    assert set(AuditEvent.objects.values_list("object_id", flat=True)) == {
        f"{n}-{i}" for n in range(threads_n) for i in range(per_thread)}
    assert sum(AuditChainHead.objects.values_list("count", flat=True)) == total


@pytest.mark.postgres_only
def test_a_lone_writer_stays_on_chain_1(chain):
    assert {(e.chain) for e in chain} == {1}


# ------------------------------------------------------------------ several chains


def _append_to(number: int, n: int) -> list[AuditEvent]:
    """Events on a given chain, as a writer finding chains 1…number-1 held would append them."""
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit._append(audit._lock_chain(number), AuditEvent(
                actor_name="系统", action="test.other", object_type="test.thing", object_id=f"c{number}-{i}")))
    return events


def test_each_chain_is_numbered_and_linked_on_its_own_and_carries_its_number_in_the_hash(chain):
    second = _append_to(2, 3)
    assert [(e.chain, e.seq) for e in second] == [(2, 1), (2, 2), (2, 3)]
    assert second[0].prev_hash == audit.GENESIS_HASH and second[1].prev_hash == second[0].hash
    assert json.loads(audit.canonical(second[0]))["chain"] == 2
    assert "chain" not in json.loads(audit.canonical(chain[0]))  # chain 1 hashes as before the chains
    result = audit.verify()
    assert (result.ok, result.count) == (True, 9)
    # Moving an event to another chain breaks that chain's numbering.
    _sql("UPDATE {table} SET chain = 3 WHERE id = %s", [second[2].id])
    result = audit.verify()
    assert not result.ok and "审计链 2" in result.reason


def test_a_chain_whose_head_is_deleted_is_detected(chain):
    _append_to(2, 2)
    _append_to(3, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(AuditChainHead._meta.db_table)} WHERE id = 2")
    result = audit.verify()
    assert not result.ok and "审计链 2 的链头缺失" in result.reason


def test_events_in_a_chain_that_was_never_opened_are_detected(chain):
    forged = _forged(chain[-1], chained=True)
    forged.chain, forged.seq, forged.prev_hash = 7, 1, audit.GENESIS_HASH
    forged.hash = audit.compute_hash(forged)
    _insert(forged)
    result = audit.verify()
    assert (result.ok, result.broken_id) == (False, None)
    assert "审计链 7 的链头缺失" in result.reason


def test_the_anchor_catches_a_chain_deleted_whole_with_its_head(chain):
    second = _append_to(2, 3)
    assert audit.anchor().after == {"chains": {"2": [3, second[-1].hash]}}
    assert audit.verify().ok
    _sql("DELETE FROM {table} WHERE chain = 2")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(AuditChainHead._meta.db_table)} WHERE id = 2")
    result = audit.verify()
    assert not result.ok and "审计链 2 与锚定事件" in result.reason


def test_the_anchor_catches_a_chain_cut_back_below_its_anchored_length_with_a_rewritten_head(chain):
    second = _append_to(2, 3)
    audit.anchor()
    _sql("DELETE FROM {table} WHERE chain = 2 AND seq = 3")
    AuditChainHead.objects.filter(pk=2).update(count=2, last_hash=second[1].hash, last_event_id=second[1].id)
    result = audit.verify()
    assert not result.ok and "锚定时有 3 条" in result.reason


def test_nothing_is_anchored_while_there_is_one_chain(chain):
    assert audit.anchor() is None
    assert AuditEvent.objects.count() == 6


def test_a_checkpoint_file_from_before_the_chains_reads_as_chain_1(chain, settings, tmp_path):
    settings.FAZHI_AUDIT_CHECKPOINT_FILE = str(tmp_path / "cp.json")
    (tmp_path / "cp.json").write_text(json.dumps({"event_id": chain[3].id, "hash": chain[3].hash, "count": 4}))
    checkpoint = audit.last_checkpoint()
    assert checkpoint.chains == {1: (4, chain[3].hash, chain[3].id)}
    assert audit.verify(since=checkpoint) == audit.VerifyResult(True, 6)


# ------------------------------------------------------------------ incremental verification


def test_the_nightly_run_reads_only_the_events_after_the_checkpoint(chain, django_assert_max_num_queries):
    assert _run_command()[0] == 0  # the first run is full and leaves a checkpoint
    checkpoint = audit.last_checkpoint()
    assert checkpoint.chains == {1: (6, chain[-1].hash, chain[-1].id)}
    new = _append(3)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as ctx:
        result = audit.verify(since=checkpoint)
    assert (result.ok, result.count) == (True, 9)
    read = [q["sql"] for q in ctx.captured_queries if "core_auditevent" in q["sql"]]
    # The checkpoint's event, the new events after it, the empty tail: never a walk from the first event.
    assert all('"seq" > 0' not in sql for sql in read), read
    code, out, _err = _run_command()
    assert code == 0 and "共 9 条事件" in out and "增量" in out
    assert audit.last_checkpoint().event_id == new[-1].id


def test_a_rewritten_prefix_breaks_the_checkpoint_and_a_silent_old_edit_needs_the_full_run(chain):
    assert _run_command()[0] == 0
    # A silent edit of an old row (no re-hashing): the nightly run does not re-read it, --full does.
    _sql("UPDATE {table} SET object_repr = %s WHERE id = %s", ["第99件", chain[1].id])
    assert _run_command()[0] == 0
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit):
        call_command("audit_verify", "--full", stdout=out, stderr=err)
    assert f"#{chain[1].id}" in err.getvalue()
    # Rewriting the checkpoint's own event is caught by the nightly run.
    _sql("UPDATE {table} SET hash = %s WHERE id = %s", ["f" * 64, chain[-1].id])
    code, _out, err = _run_command()
    assert code == 1 and f"#{chain[-1].id}" in err and "检查点" in err


def test_spans_checked_apart_join_into_the_whole_chain(chain):
    """The full check's parallel pieces: each span alone, then joined by prev_hash at the seams."""
    first = audit._verify_span(1, 1, 3, 2)
    second = audit._verify_span(1, 4, 6, 2)
    assert first[0] == audit.GENESIS_HASH and first[2] == 3 and first[3] is None
    assert second[0] == first[1] and second[1] == chain[-1].hash and second[3] is None
    _sql("DELETE FROM {table} WHERE id = %s", [chain[4].id])
    assert audit._verify_span(1, 4, 6, 2)[3] == chain[5].id
    assert audit.verify_full(workers=2).ok is False
