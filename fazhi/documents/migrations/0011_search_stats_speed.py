"""Portal search and statistics at province scale (issue 9). PostgreSQL only; SQLite keeps its LIKE search.

- ``search_vector``: a stored generated column, ``to_tsvector('simple', search_tokens)``, with its GIN index.
  documents.search filters on it directly. The planner then picks by the term's frequency (its statistics
  on the column are good): the GIN index for rare terms, a backward walk of the publication index with a cheap
  check of the stored vector for frequent ones. The expression index of 0002 made that walk re-run
  ``to_tsvector`` on every row it passed, which is why search fenced the index's matches into a subquery — and
  that fence turned frequent terms into a nested-loop semi-join (hundreds of ms at 200,000 documents).
  The column is PostgreSQL's own (GENERATED ALWAYS … STORED): the model does not name it, every write path
  (ORM, COPY) fills it, and the 0002 index it replaces is dropped. Adding it rewrites the table once.
- ``document_period_stats_idx``: documents by publication date and region, covering the columns the statistics
  read (state, issuer, drafter, the dates of the validity derivation), so that the by-issuer table and the
  regional rates of a period are index-only scans instead of a heap visit per document.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE documents_normativedocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_tokens, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS documents_search_vector_gin ON documents_normativedocument USING GIN (search_vector)",
    "DROP INDEX IF EXISTS documents_search_gin",
    "CREATE INDEX IF NOT EXISTS document_period_stats_idx ON documents_normativedocument "
    "(publication_date, region_path) INCLUDE (id, state, issuing_agency_id, agency_id, revoked_on, repealed_on, "
    "invalid_from, effective_date, expiry_date, amended_on)",
    "ANALYZE documents_normativedocument",
]

BACKWARD = [
    "DROP INDEX IF EXISTS document_period_stats_idx",
    "CREATE INDEX IF NOT EXISTS documents_search_gin ON documents_normativedocument "
    "USING GIN (to_tsvector('simple'::regconfig, COALESCE(search_tokens, '')))",
    "DROP INDEX IF EXISTS documents_search_vector_gin",
    "ALTER TABLE documents_normativedocument DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("documents", "0010_unified_registration")]
    operations = [migrations.RunPython(forward, backward)]
