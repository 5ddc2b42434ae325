"""The library's search and facets at scale: the stored search vector (PostgreSQL), the cached year and issuer
lists, and a bounded number of queries per page whatever the number of documents."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.documents import search
from fazhi.documents.models import NormativeDocument
from fazhi.portal import selectors as portal_selectors

from .test_portal import AFTER_PUBLICATION, at, p, public, text_of  # noqa: F401

needs_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the stored tsvector is PostgreSQL's")


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@needs_postgres
def test_search_filters_on_the_stored_vector_without_a_fence_or_a_per_row_to_tsvector(public):  # noqa: F811
    sql = str(search.search(portal_selectors.documents(), "户外广告").query)
    assert '"documents_normativedocument"."search_vector" @@ plainto_tsquery' in sql
    assert "OFFSET 0" not in sql and "to_tsvector" not in sql


@needs_postgres
def test_the_gin_index_on_the_stored_vector_serves_a_rare_term(public):  # noqa: F811
    """The search condition can be answered from the GIN index on the stored vector. On a handful of test rows
    the planner's own choice depends on the table's statistics, so the plan is asked for the condition alone
    with plain scans of the table and of the other indexes turned off."""
    published = public[0]
    found = [d.pk for d in search.search(NormativeDocument.objects.all(), "户外广告")]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN SELECT id FROM documents_normativedocument "
                       "WHERE search_vector @@ plainto_tsquery('simple'::regconfig, %s)", ["户外广告"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on documents_search_vector_gin" in plan, plan
    assert published.pk in found


@needs_postgres
def test_the_stored_vector_follows_the_tokens_written_by_the_services(public):  # noqa: F811
    published, draft, _ = public
    assert [d.pk for d in search.search(NormativeDocument.objects.filter(pk=draft.pk), "招牌整治")] == [draft.pk]
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM documents_normativedocument WHERE id = %s", [published.pk])
        assert cursor.fetchone()[0]


def test_search_works_inside_a_subquery_with_relabelled_aliases(public):  # noqa: F811
    published = public[0]
    inner = search.search(NormativeDocument.objects.all(), "行政区域").values("pk")
    assert list(NormativeDocument.objects.filter(pk__in=inner).values_list("pk", flat=True)) == [published.pk]


def test_the_library_finds_the_same_documents_newest_first(public):  # noqa: F811
    published = public[0]
    with at(AFTER_PUBLICATION):
        html = text_of(Client().get(p("document_list"), {"q": "行政区域"}))
        none = text_of(Client().get(p("document_list"), {"q": "不存在的词语组合"}))
    assert f'data-code="{published.code}"' in html
    assert "没有找到符合条件的文件" in none


def test_the_year_list_is_probed_year_by_year_and_equals_the_years_of_the_library(public):  # noqa: F811
    with at(AFTER_PUBLICATION):
        public_documents = portal_selectors.documents()
        expected = [d.year for d in public_documents.dates("publication_date", "year", order="DESC")]
        assert portal_selectors._publication_years(public_documents) == expected == [2026]
        assert portal_selectors._publication_years(public_documents.none()) == []


def test_a_library_search_page_takes_a_fixed_number_of_queries(public):  # noqa: F811
    """The search page reads the page of documents (issuers joined), the issuer choices and the cached year list —
    never the documents once per row, never the whole library for its year list."""
    client = Client()
    with at(AFTER_PUBLICATION):
        client.get(p("document_list"), {"q": "行政区域"})  # fills the year cache
        with CaptureQueriesContext(connection) as ctx:
            client.get(p("document_list"), {"q": "行政区域"})
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert len([sql for sql in sqls if "documents_normativedocument" in sql]) == 2, sqls  # the page, the issuers
    assert len([sql for sql in sqls if "fazhi_cache" in sql]) == 1, sqls  # the year list
    assert len(sqls) <= 5, sqls
