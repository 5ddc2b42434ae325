"""documents/stats.py: the statistics page's figures in a few aggregate queries, equal to the indicator functions
of documents/indicators.py (which supervision calls one at a time), on the fixture of test_indicators.py."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.documents import indicators, selectors, stats
from fazhi.documents.tests.test_indicators import STATS_DAY, YEAR_END, YEAR_START, known  # noqa: F401

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def figures(user, region, start=YEAR_START, end=YEAR_END, today=STATS_DAY):
    docs = selectors.document_list(user=user)
    if region is not None:
        docs = docs.filter(region_path__startswith=region.region_path)
    return stats.statistics(docs=docs, region=region, start=start, end=end, today=today)


def rates_of(result) -> dict:
    return {r["key"]: {"numerator": r["numerator"], "denominator": r["denominator"], "rate": r["rate"]}
            for r in result["rates"]}


@pytest.mark.parametrize("unit", ["xingyi", "anlong", "prefecture"])
@pytest.mark.parametrize("year", [2025, 2026, 2024])
def test_the_rates_equal_the_indicator_functions(known, org, dp, walker, unit, year):  # noqa: F811
    region = getattr(org, unit)
    start, end = date(year, 1, 1), date(year, 12, 31)
    with walker.at(STATS_DAY):
        result = figures(dp.fzb_admin, region, start, end)
    expected = {key: getattr(indicators, key)(region, start, end) for key, _, _ in stats.RATES}
    assert rates_of(result) == expected
    assert result["overdue"] == indicators.overdue_evaluations(region, min(end, STATS_DAY))["count"]


def test_the_known_figures_of_xingyi_in_2026(known, org, dp, walker):  # noqa: F811
    with walker.at(STATS_DAY):
        result = figures(dp.fzb_admin, org.xingyi)
    assert [(r["issuer"], r["counts"]["in_force"], r["total"]) for r in result["by_issuer"]["rows"]] == [
        ("兴义市人民政府", 3, 3)]
    assert {r["key"]: r["count"] for r in result["outcomes"]["rows"]} == {
        "lawful": 3, "lawful_after_changes": 0, "unlawful": 0, "advise_not_to_make": 0}
    assert result["outcomes"]["total"] == 3 and result["outcomes"]["returned"] == 0
    assert rates_of(result)["filing_rate"] == {"numerator": 2, "denominator": 3, "rate": 0.6667}
    assert result["overdue"] == 1


def test_an_agency_scope_user_gets_its_own_documents_and_no_regional_figures(known, dp, walker):  # noqa: F811
    with walker.at(STATS_DAY):
        result = figures(dp.anlong_qc, None)
    assert result["by_issuer"]["total"] == 1 and result["rates"] == [] and result["overdue"] is None


def test_a_few_queries_whatever_the_number_of_documents(known, org, dp, walker):  # noqa: F811
    """One aggregate per figure group (by issuer; opinions; returns; regional rates; comment windows — on SQLite with
    the working-day calendar's two version checks, once; overdue evaluations): adding documents adds no query."""
    from fazhi.documents.tests.desk_support import published

    def count():
        with walker.at(STATS_DAY), CaptureQueriesContext(connection) as ctx:
            figures(dp.fzb_admin, org.prefecture)
        return ctx.captured_queries

    count()  # the content type is cached after the first call
    before = count()
    published(walker, dp, title="兴义市庚办法", drafted=date(2026, 6, 1), on=date(2026, 6, 10))
    after = count()
    assert len(before) == len(after) <= (6 if connection.vendor == "postgresql" else 8), [q["sql"][:100] for q in after]


def test_reviews_are_matched_by_integer_never_by_casting_document_ids_to_text(known, org, dp, walker):  # noqa: F811
    with walker.at(STATS_DAY), CaptureQueriesContext(connection) as ctx:
        figures(dp.fzb_admin, org.prefecture)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert 'CAST("documents_normativedocument"."id"' not in sql and '"documents_normativedocument"."id"::' not in sql
    assert "__date" not in sql and "AT TIME ZONE" not in sql  # periods on datetimes are ranges, not per-row casts


def test_a_period_on_datetimes_runs_from_local_midnight_to_local_midnight(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    low, high = stats._local_range(date(2026, 1, 1), date(2026, 12, 31))
    assert low == datetime(2026, 1, 1, tzinfo=SHANGHAI) and high == datetime(2027, 1, 1, tzinfo=SHANGHAI)
    # 00:30 on 1 January in 黔西南 is still 31 December in UTC: it belongs to 2026
    assert low <= datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI) < high


def test_the_page_takes_as_many_queries_with_more_documents(known, org, dp, walker, client):  # noqa: F811
    from django.urls import reverse

    from fazhi.documents.tests.desk_support import published

    def page():
        with walker.at(STATS_DAY):
            client.force_login(dp.fzb_admin)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("documents:stats"), {"year": "2026"})
        assert response.status_code == 200
        return ctx.captured_queries

    page()
    before = page()
    published(walker, dp, title="兴义市辛办法", drafted=date(2026, 6, 1), on=date(2026, 6, 10))
    assert len(page()) == len(before)
