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


def test_a_county_users_scope_is_the_stored_county_column_and_gives_the_same_rows(dcp, org, dwalker):
    from datetime import date

    from fazhi.core.scope import restrict
    from fazhi.decisions import services
    from fazhi.decisions.tests.conftest import at
    from fazhi.decisions.workflow import Perm

    prefecture = dwalker.create()
    with at(date(2026, 3, 2)):
        mine = services.decision_create(actor=dcp.xingyi_jc, title="兴义市老旧小区改造三年行动方案",
                                        decision_organ=org.xingyi_gov, sponsor=org.xingyi_sfj,
                                        requires_public_participation=True, requires_expert_argumentation=False,
                                        requires_risk_assessment=False, concerns_market=False)
    mine.refresh_from_db()
    assert mine.county_path == mine.region_path[:14] == org.xingyi_gov.region_path[:14]
    county_user = dcp.xingyi_jc  # 兴义市人民政府办公室: decisions over the county (本区域)
    assert len(county_user.region_path) == 14
    rows = restrict(Decision.objects.all(), county_user, Perm.VIEW)
    assert "county_path" in str(rows.query)
    by_prefix = Decision.objects.filter(region_path__startswith=county_user.region_path)
    assert set(rows) == set(by_prefix) and mine in set(rows) and prefecture not in set(rows)
