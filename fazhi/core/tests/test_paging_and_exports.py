from io import BytesIO

from openpyxl import load_workbook

from fazhi.core.exports import build_workbook
from fazhi.core.models import Agency, AuditEvent
from fazhi.core.paging import decode_cursor, encode_cursor, keyset_page


def _walk(queryset, ordering, size):
    seen, cursor = [], None
    while True:
        page = keyset_page(queryset, ordering=ordering, cursor=cursor, page_size=size)
        seen.extend(page.items)
        if not page.has_next:
            return seen
        cursor = page.next_cursor


def test_walking_the_pages_visits_every_row_once_in_order(org):
    ordering = ("region_path", "name", "id")
    walked = _walk(Agency.objects.all(), ordering, 3)
    assert walked == list(Agency.objects.order_by(*ordering))


def test_descending_keyset_walk_matches_the_plain_query(people):
    walked = _walk(AuditEvent.objects.all(), ("-occurred_at", "-id"), 7)
    assert [e.pk for e in walked] == list(AuditEvent.objects.order_by("-occurred_at", "-id").values_list("pk", flat=True))


def test_a_page_is_one_query_however_deep(org, django_assert_num_queries):
    first = keyset_page(Agency.objects.all(), ordering=("name", "id"), page_size=2)
    with django_assert_num_queries(1):
        keyset_page(Agency.objects.all(), ordering=("name", "id"), cursor=first.next_cursor, page_size=2)


def test_a_tampered_cursor_restarts_from_the_top_instead_of_failing(org):
    page = keyset_page(Agency.objects.all(), ordering=("name", "id"), cursor="not-base64!!", page_size=2)
    assert page.items == list(Agency.objects.order_by("name", "id")[:2])
    assert decode_cursor(encode_cursor(["a", 1]), 3) is None


def test_the_xlsx_export_has_chinese_headers_and_the_rows(org):
    content = build_workbook("单位", [("名称", lambda a: a.name), ("启用", lambda a: a.is_active)],
                             Agency.objects.order_by("name"))
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0] == ("名称", "启用")
    assert len(rows) == Agency.objects.count() + 1
    assert rows[1][1] == "是"


def test_the_keyset_condition_is_one_row_comparison_when_directions_agree(people, django_assert_num_queries):
    ordering = ("-occurred_at", "-id")
    first = keyset_page(AuditEvent.objects.all(), ordering=ordering, page_size=2)
    with django_assert_num_queries(1) as ctx:
        keyset_page(AuditEvent.objects.all(), ordering=ordering, cursor=first.next_cursor, page_size=2)
    sql = ctx.captured_queries[0]["sql"]
    assert ') < (' in sql and " OR " not in sql


def test_mixed_directions_keep_the_expanded_condition_and_walk_correctly(org):
    ordering = ("region_path", "-name", "id")
    walked = _walk(Agency.objects.all(), ordering, 2)
    assert walked == list(Agency.objects.order_by(*ordering))


def test_an_export_has_no_row_cap_and_streams_a_large_file(monkeypatch, db):
    """The old export silently stopped at 100,000 rows: every row is written now, and a file above the
    threshold is streamed from disk instead of built in memory."""
    from fazhi.core import exports

    monkeypatch.setattr(exports, "STREAM_ABOVE_BYTES", 10_000)
    n = 100_001
    response = exports.xlsx_response("全部", "全部", [("序号", lambda i: i)], iter(range(n)))
    assert response.streaming and response["X-Export-Rows"] == str(n)
    content = b"".join(response.streaming_content)
    response.close()
    assert int(response["Content-Length"]) == len(content)
    sheet = load_workbook(BytesIO(content), read_only=True).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(values) == n and values[-1] == n - 1
