"""The cockpit: the leader's home, figures with period/base/computed time and drill-down links, scope,
query count independent of the data, ECharts vendored (no CDN)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.core.choices import Role, Scope
from fazhi.core.indicators import Period
from fazhi.core.tests.factories import make_user
from fazhi.supervision import letters, services

from .conftest import at


@pytest.fixture
def data(scheme, office, org, figures):
    for m in (9, 10):
        figures[("兴义市", date(2026, m, 1))] = (5, 10)
        figures[("安龙县", date(2026, m, 1))] = (10, 10)
    with at(date(2026, 10, 9)):
        services.compute_period(actor=office, period=Period.month(2026, 9))
    with at(date(2026, 11, 2)):
        services.compute_period(actor=office, period=Period.month(2026, 10))
        services.quarter_scores(actor=office, year=2026, quarter=3, unit_class="county")
        services.publish_scores(actor=office, year=2026, quarter=3, unit_class="county")
        tip = letters.propose_red_streaks(actor=office, period=Period.month(2026, 10))[0]
        letters.confirm(actor=office, letter=tip)
    return tip


@pytest.fixture
def leader(org):
    return make_user("leader1", org.zhou_gov, (Role.LEADER, Scope.ALL))


def test_the_leader_lands_on_the_cockpit_with_figures_that_say_what_they_are(data, leader):
    c = Client()
    c.force_login(leader)
    r = c.get("/")
    assert r.status_code == 302 and r["Location"] == "/supervision/cockpit/"
    assert c.get("/?home=1").status_code == 200  # the ordinary home stays reachable
    html = c.get("/supervision/cockpit/").content.decode()
    assert "2026年第3季度" in html and "期间：" in html and "口径：" in html and "计算时间：" in html
    assert "/supervision/ranking/?year=2026&amp;quarter=3&amp;class=county" in html
    assert "/supervision/letters/" in html and 'id="cockpit-data"' in html
    assert "/static/vendor/echarts-5.6.0/echarts.min.js" in html and "cdn" not in html.lower()
    assert "<form" not in html.split('id="cockpit-note"')[1]  # read-only: no form on the cockpit
    assert "2026-09" in html and "2026-10" in html  # the trend's months


def test_a_county_sees_its_own_letters_and_the_published_ranking(data, county_user, org):
    other = make_user("al_fzb", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION))
    c = Client()
    c.force_login(other)
    html = c.get("/supervision/cockpit/").content.decode()
    assert "督促函件（未办结）：<a" in html and ">0 件<" in html  # the 提示函 went to 兴义市
    assert "兴义市" in html and "安龙县" in html  # the ranking is published: every county sees it
    c.force_login(county_user)
    assert ">1 件<" in c.get("/supervision/cockpit/").content.decode()
    assert c.get("/").status_code == 200  # not a leader: the ordinary home


def test_query_count_does_not_grow_with_the_data(data, leader, office, org):
    c = Client()
    c.force_login(leader)
    with CaptureQueriesContext(connection) as few:
        c.get("/supervision/cockpit/")
    with at(date(2026, 11, 20)):
        for _ in range(3):
            from fazhi.supervision.models import Letter

            Letter.objects.create(kind="notice", region=org.anlong, agency=org.anlong_gov,
                                  region_path=org.anlong.region_path, rule="t", problems="p")
    with CaptureQueriesContext(connection) as many:
        c.get("/supervision/cockpit/")
    assert len(many.captured_queries) == len(few.captured_queries)
