"""Migration 0005: events written by the single chain keep their hashes, and new ids follow the old ones."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import AuditEvent

BEFORE = [("core", "0004_deadline_object_index")]
AFTER = [("core", "0005_audit_chains")]


def _migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_events_of_the_single_chain_stay_intact_and_new_ids_follow_them():
    try:
        _check_upgrade()
    finally:
        _migrate()


def _check_upgrade():
    _migrate(BEFORE)
    prev, now = audit.GENESIS_HASH, timezone.now().replace(microsecond=0)
    table = connection.ops.quote_name("core_auditevent")
    with connection.cursor() as cursor:
        for i in (1, 2, 3):
            # As the single-chain code wrote them: the id handed out by the head, hashed with the id.
            event = AuditEvent(id=i, seq=i, chain=1, occurred_at=now, actor_name="系统", action="test.old",
                               object_type="test.thing", object_id=str(i), after={"i": i}, prev_hash=prev)
            event.hash = audit.compute_hash(event)
            cursor.execute(
                f"INSERT INTO {table} (id, occurred_at, actor_name, actor_role, agency_name, action, object_type,"
                " object_id, object_repr, after, request_id, prev_hash, hash)"
                " VALUES (%s, %s, '系统', '', '', 'test.old', 'test.thing', %s, '', %s, '', %s, %s)",
                [i, now, str(i), json.dumps({"i": i}), prev, event.hash])
            prev = event.hash
        cursor.execute("INSERT INTO core_auditchainhead (id, last_hash, last_event_id, count) VALUES (1, %s, 3, 3)",
                       [prev])
    _migrate(AFTER)
    assert list(AuditEvent.objects.order_by("id").values_list("chain", "seq")) == [(1, 1), (1, 2), (1, 3)]
    assert audit.verify() == audit.VerifyResult(True, 3)
    from django.db import transaction

    with transaction.atomic():
        new = audit.record(actor=None, action="test.new")
    assert (new.id, new.chain, new.seq, new.prev_hash) == (4, 1, 4, prev)
    assert audit.verify() == audit.VerifyResult(True, 4)
