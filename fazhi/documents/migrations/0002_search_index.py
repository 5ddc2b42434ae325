from django.db import migrations

# PostgreSQL: a GIN index over the jieba-segmented tokens, matching the expression that
# documents.search builds (SearchVector(search_tokens, config="simple")). SQLite matches with LIKE.
INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS documents_search_gin ON documents_normativedocument "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(search_tokens, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS documents_search_gin")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
