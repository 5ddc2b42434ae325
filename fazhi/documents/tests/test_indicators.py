"""The indicators of documents/indicators.py and the statistics page, on a small fixture with known numbers.

兴义市 in 2026: A filed on time and approved, B filed late and told to correct, C published and never filed;
安龙县 in 2026: D filed on time and approved; 兴义市 in 2025: E, valid one year, whose evaluation is overdue;
and F, a 兴义市 draft put to comment for 7 working days across 国庆.
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.documents import indicators, services
from fazhi.documents.tests.desk_support import anlong_reviewer, filed, published

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
STATS_DAY = date(2026, 12, 31)


@pytest.fixture
def known(walker, dp, org):
    a = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
    b = published(walker, dp, title="兴义市乙办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
    c = published(walker, dp, title="兴义市丙办法", drafted=date(2026, 4, 27), on=date(2026, 5, 6))
    d = published(walker, dp, title="安龙县丁办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10), drafter=dp.anlong_qc,
                  reviewer=anlong_reviewer(org), issuer=org.anlong_gov)
    e = published(walker, dp, title="兴义市戊暂行办法", drafted=date(2025, 3, 3), on=date(2025, 3, 10), validity_years=1)
    filed(walker, dp, a, date(2026, 3, 20))
    filed(walker, dp, b, date(2026, 4, 20))  # due 2026-04-09: late
    filed(walker, dp, d, date(2026, 3, 25), drafter=dp.anlong_qc)
    with walker.at(date(2026, 4, 21)):
        services.filing_decide(actor=dp.zsfj_sh, document=a, decision="approved")
        services.filing_decide(actor=dp.zsfj_sh, document=b, decision="correction_required",
                                 opinion="第四条设定罚款缺乏依据", correction_days=30)
        services.filing_decide(actor=dp.zsfj_sh, document=d, decision="approved")
    assert services.evaluations_open_due(today=date(2025, 10, 1)) == 1  # E expires 2026-03-09
    f = walker.draft(title="兴义市己办法", on=date(2026, 9, 25))
    walker.comment_round(f, start=date(2026, 9, 28), end=date(2026, 10, 12))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


class TestTheCoreRegistry:
    def test_supervision_reads_the_same_figures_through_the_registry_with_their_base(self, known, org):
        from decimal import Decimal

        from fazhi.core.indicators import Period, all_indicators, get

        year = Period.year(2026)
        review = get("documents.legality_review_rate")(org.xingyi, year)
        assert (review.numerator, review.denominator, review.value) == (3, 3, Decimal("1.0000"))
        assert review.base == "本期公布的规范性文件件数"
        assert {d.code for d in review_rows(org, year)} == {known["a"].code, known["b"].code, known["c"].code}
        filing = get("documents.filing_rate")(org.xingyi, year)
        assert (filing.numerator, filing.denominator, filing.percent) == (2, 3, "66.7%")
        empty = get("documents.timely_filing_rate")(org.xingyi, Period.month(2026, 1))
        assert (empty.value, empty.denominator, empty.percent) == (None, 0, "—")
        codes = {i.code for i in all_indicators()}
        assert {"documents.conformity_rate", "decisions.legality_review_before_discussion"} <= codes
        assert all(i.base and i.source for i in all_indicators() if i.module in ("documents", "decisions"))

    def test_an_agency_is_refused_as_a_unit_where_the_figure_is_regional(self, known, org):
        from fazhi.core.indicators import Period, get

        with pytest.raises(TypeError):
            get("documents.filing_rate")(org.xingyi_gov, Period.year(2026))


def review_rows(org, period):
    from fazhi.core.indicators import get

    return get("documents.legality_review_rate").rows(org.xingyi, period)


class TestIndicatorFunctions:
    def test_xingyi_2026_has_the_known_rates(self, known, org):
        region = org.xingyi
        assert indicators.legality_review_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 3, "denominator": 3, "rate": 1.0}
        assert indicators.filing_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 2, "denominator": 3, "rate": 0.6667}
        assert indicators.timely_filing_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 1, "denominator": 2, "rate": 0.5}
        assert indicators.conformity_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 1, "denominator": 2, "rate": 0.5}
        assert indicators.comment_window_compliance_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 1, "denominator": 1, "rate": 1.0}
        assert indicators.overdue_evaluations(region, STATS_DAY) == {"count": 1}

    def test_the_prefecture_adds_anlong(self, known, org):
        region = org.prefecture
        assert indicators.filing_rate(region, YEAR_START, YEAR_END)["rate"] == 0.75
        assert indicators.timely_filing_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 2, "denominator": 3, "rate": 0.6667}
        assert indicators.conformity_rate(region, YEAR_START, YEAR_END) == {
            "numerator": 2, "denominator": 3, "rate": 0.6667}

    def test_anlong_alone_and_an_empty_period(self, known, org):
        assert indicators.filing_rate(org.anlong, YEAR_START, YEAR_END)["rate"] == 1.0
        assert indicators.overdue_evaluations(org.anlong, STATS_DAY) == {"count": 0}
        empty = indicators.filing_rate(org.xingyi, date(2024, 1, 1), date(2024, 12, 31))
        assert empty == {"numerator": 0, "denominator": 0, "rate": None}

    def test_the_evaluation_is_not_overdue_before_its_due_date(self, known, org):
        assert indicators.overdue_evaluations(org.xingyi, date(2026, 3, 9)) == {"count": 0}
        assert indicators.overdue_evaluations(org.xingyi, date(2026, 3, 10)) == {"count": 1}


def rate_cell(text: str, key: str) -> str:
    row = text[text.index(f'data-indicator="{key}"'):]
    row = row[row.index("data-rate>") + len("data-rate>"):]
    return row[:row.index("<")]


class TestStatsPage:
    def test_the_prefecture_administrator_sees_the_exact_figures(self, client, walker, known, dp):
        with walker.at(STATS_DAY):
            client.force_login(dp.fzb_admin)
            response = client.get(reverse("documents:stats"), {"year": "2026"})
        assert response.status_code == 200
        text = response.content.decode()
        assert "黔西南布依族苗族自治州（全州）" in text
        assert rate_cell(text, "filing_rate") == "75.0%"
        assert rate_cell(text, "timely_filing_rate") == "66.7%"
        assert rate_cell(text, "conformity_rate") == "66.7%"
        assert rate_cell(text, "legality_review_rate") == "100.0%"
        assert 'data-issuer="兴义市人民政府"' in text and 'data-issuer="安龙县人民政府"' in text
        # The vendored ECharts, never a CDN; the figures are also in the page as JSON for the charts.
        assert "/static/vendor/echarts-5.6.0/echarts.min.js" in text and "cdn" not in text.lower()
        assert 'id="stats-data"' in text

    def test_issuers_and_review_outcomes_are_counted_for_the_period(self, client, walker, known, dp, org):
        with walker.at(STATS_DAY):
            client.force_login(dp.fzb_admin)
            response = client.get(reverse("documents:stats"), {"year": "2026", "region": org.xingyi.code})
        context = response.context
        rows = {r["issuer"]: r for r in context["by_issuer"]["rows"]}
        assert list(rows) == ["兴义市人民政府"]
        assert rows["兴义市人民政府"]["counts"]["in_force"] == 3 and rows["兴义市人民政府"]["total"] == 3
        outcomes = {r["key"]: r["count"] for r in context["outcomes"]["rows"]}
        assert outcomes == {"lawful": 3, "lawful_after_changes": 0, "unlawful": 0, "advise_not_to_make": 0}
        assert context["overdue"] == 1
        # 2025 holds only E, now expired.
        with walker.at(STATS_DAY):
            last_year = client.get(reverse("documents:stats"), {"year": "2025", "region": org.xingyi.code}).context
        assert last_year["by_issuer"]["rows"][0]["counts"]["expired"] == 1

    def test_a_custom_period_and_bad_periods(self, client, walker, known, dp):
        with walker.at(STATS_DAY):
            client.force_login(dp.fzb_admin)
            spring = client.get(reverse("documents:stats"), {"year": "", "start": "2026-03-01", "end": "2026-03-31"})
            assert spring.status_code == 200 and spring.context["by_issuer"]["total"] == 3
            reversed_ = client.get(reverse("documents:stats"), {"year": "", "start": "2026-03-31", "end": "2026-03-01"})
            assert reversed_.status_code == 400 and "截止日期不能早于起始日期" in reversed_.content.decode()
            nonsense = client.get(reverse("documents:stats"), {"year": "1999"})
            assert nonsense.status_code == 400

    def test_a_county_reviewer_measures_only_its_county(self, client, walker, known, dp, org):
        with walker.at(STATS_DAY):
            client.force_login(dp.xingyi_sh)
            own = client.get(reverse("documents:stats"), {"year": "2026"})
            other = client.get(reverse("documents:stats"), {"year": "2026", "region": org.prefecture.code})
        assert own.status_code == 200 and rate_cell(own.content.decode(), "filing_rate") == "66.7%"
        assert [r.code for r in own.context["regions"]] == [org.xingyi.code]
        assert other.status_code == 400

    def test_an_agency_scope_drafter_gets_its_own_documents_without_regional_rates(self, client, walker, known, dp):
        with walker.at(STATS_DAY):
            client.force_login(dp.anlong_qc)
            response = client.get(reverse("documents:stats"))
        assert response.status_code == 200 and response.context["agency_only"]
        assert response.context["rates"] == [] and response.context["by_issuer"]["total"] == 1
        assert 'data-indicator="filing_rate"' not in response.content.decode()

    def test_the_export_holds_the_same_figures(self, client, walker, known, dp):
        with walker.at(STATS_DAY):
            client.force_login(dp.fzb_admin)
            response = client.get(reverse("documents:stats"), {"year": "2026", "format": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        book = load_workbook(BytesIO(response.content))
        assert book.sheetnames == ["说明", "按制定机关和效力状态", "合法性审核意见", "指标"]
        rates = {row[0]: row for row in book["指标"].iter_rows(min_row=2, values_only=True)}
        assert rates["报备率"][1:4] == (3, 4, 75.0)
        assert rates["规范率"][1:4] == (2, 3, 66.7)
        assert rates["逾期未评估的文件（件）"][1] == 1
