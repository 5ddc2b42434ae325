"""The audit log becomes parallel chains (issue 7 §2): each event gets its chain and its position in it.

Every event written so far is chain 1, position = its id (ids were handed out one by one from the single
head, so they are 1, 2, 3 … without gaps) — the hashes stay valid. Ids now come from the database's
sequence, which on PostgreSQL has to start after the ids handed out by hand."""

from django.db import migrations, models


def number_existing_events(apps, schema_editor):
    table = schema_editor.quote_name("core_auditevent")
    # Plain SQL: the model's manager refuses every UPDATE of an audit event, by design.
    schema_editor.execute(f"UPDATE {table} SET seq = id")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"SELECT setval(pg_get_serial_sequence('core_auditevent', 'id'), COALESCE(MAX(id), 0) + 1, false) "
            f"FROM {table}"
        )


class Migration(migrations.Migration):

    dependencies = [("core", "0004_deadline_object_index")]

    operations = [
        migrations.AddField("auditevent", "chain", models.PositiveSmallIntegerField("审计链", default=1)),
        migrations.AddField("auditevent", "seq", models.BigIntegerField("链内序号", default=0)),
        migrations.RunPython(number_existing_events, migrations.RunPython.noop),
        migrations.AddConstraint(
            "auditevent", models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_uniq")),
    ]
