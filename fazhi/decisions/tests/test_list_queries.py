"""Lists cost the same number of queries however many rows they show (no N+1), API and page alike."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.tests.api_support import client_for
from fazhi.decisions.models import Catalogue, Decision


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), ctx


def _add(dwalker, catalogue, n):
    for _ in range(n):
        d = dwalker.create()
        Decision.objects.filter(pk=d.pk).update(catalogue=catalogue)


def test_the_api_list_costs_the_same_queries_for_2_and_6_rows(dcp, org, dwalker):
    catalogue = Catalogue.objects.create(agency=org.zhou_gov, year=2026, created_by=dcp.zfgb_jc,
                                         region_path=org.zhou_gov.region_path)
    client = client_for(dcp.zfgb_jc)
    url = reverse("decisions-api:decision-list")
    _add(dwalker, catalogue, 2)
    few, _ = _queries(client, url)
    _add(dwalker, catalogue, 4)
    client.get(url)
    many, ctx = _queries(client, url)
    assert many == few, [q["sql"] for q in ctx.captured_queries]
    assert client.get(url).json()["results"][0]["catalogue"]["agency"] == org.zhou_gov.name


def test_the_api_list_does_not_fetch_the_long_texts(dcp, org, dwalker):
    dwalker.create()
    client = client_for(dcp.zfgb_jc)
    _, ctx = _queries(client, reverse("decisions-api:decision-list"))
    listing = [q["sql"] for q in ctx.captured_queries if 'FROM "decisions_decision"' in q["sql"]
               and "ORDER BY" in q["sql"]]
    assert listing and all('"decisions_decision"."draft"' not in sql for sql in listing)


def test_the_list_page_costs_the_same_queries_for_2_and_6_rows(client, dcp, org, dwalker):
    catalogue = Catalogue.objects.create(agency=org.zhou_gov, year=2026, created_by=dcp.zfgb_jc,
                                         region_path=org.zhou_gov.region_path)
    client.force_login(dcp.zfgb_jc)
    url = reverse("decisions:list")
    _add(dwalker, catalogue, 2)
    client.get(url)  # the filter choices are cached per scope: compare warm pages
    few, _ = _queries(client, url)
    _add(dwalker, catalogue, 4)
    client.get(url)
    many, ctx = _queries(client, url)
    assert many == few, [q["sql"] for q in ctx.captured_queries]


def test_the_filter_choices_are_one_cached_query_per_scope(client, dcp, org, dwalker):
    dwalker.create()
    client.force_login(dcp.zfgb_jc)
    url = reverse("decisions:list")
    client.get(url)
    _, ctx = _queries(client, url)
    semi_joins = [q["sql"] for q in ctx.captured_queries
                  if 'FROM "core_agency"' in q["sql"] and "decisions_decision" in q["sql"]]
    assert semi_joins == []
    assert org.zhou_gov.name in client.get(url).content.decode()
