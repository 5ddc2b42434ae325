"""Real Chromium over the supervision demo: the leader signs in and lands on the cockpit (desktop and
phone: charts drawn, nothing wider than the screen, no request leaving the machine); the office opens
the new pages (填报, 督察, 考评, 任务台账, 约谈/问责 letters). FAZHI_SCREENSHOTS=1 saves every page to
var/screenshots/supervision-*.png."""


import pytest
import time_machine

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture


@pytest.fixture
def demo(org, calendar):
    from fazhi.supervision.demo import load_supervision_demo

    with time_machine.travel("2026-12-03 10:00 +0800", tick=False):
        load_supervision_demo()
    return {"leader": make_user("leader_b", org.zhou_gov, (Role.LEADER, Scope.ALL)),
            "office": make_user("office_b", org.zhou_sfj, (Role.FZB_ADMIN, Scope.ALL))}


def test_leader_home_is_the_cockpit_and_the_office_pages_render(demo, live_server, page, phone_page, login,
                                                              screenshot, request_log):
    from fazhi.supervision.models import Letter, PlanTask

    with time_machine.travel("2026-12-03 10:00 +0800", tick=True):
        for p, size in ((page, "desktop"), (phone_page, "phone")):
            login(p, live_server, "leader_b", PASSWORD)
            p.goto(f"{live_server.url}/")
            assert p.url.endswith("/supervision/cockpit/")
            p.wait_for_selector("#chart-ranking svg")
            p.wait_for_selector("#chart-ladder svg")
            assert shell.horizontal_overflow(p) <= 1, size
            screenshot(p, f"supervision-cockpit-{size}")
        office = page.context.browser.new_context(viewport=shell.DESKTOP, locale="zh-CN").new_page()
        request_log.attach(office)
        login(office, live_server, "office_b", PASSWORD)
        acc = Letter.objects.get(kind="accountability")
        interview = Letter.objects.get(kind="interview")
        task = PlanTask.objects.order_by("id").first()
        for name, url in (("reports", "/supervision/reports/"), ("inspections", "/supervision/inspections/"),
                          ("annual", "/supervision/annual/?year=2025&class=county"), ("plans", "/supervision/plans/"),
                          ("task", f"/supervision/tasks/{task.pk}/"), ("accountability", f"/supervision/letters/{acc.pk}/"),
                          ("interview", f"/supervision/letters/{interview.pk}/")):
            r = office.goto(f"{live_server.url}{url}")
            assert r.status == 200, url
            assert shell.horizontal_overflow(office) <= 1, url
            screenshot(office, f"supervision-{name}")
        office.goto(f"{live_server.url}/supervision/inspections/")
        first = office.locator("#inspections a").last
        first.click()
        office.wait_for_selector("#inspection-state")
        screenshot(office, "supervision-inspection")
        office.goto(f"{live_server.url}/supervision/annual/?year=2025&class=county")
        office.locator("#annual a").first.click()
        office.wait_for_selector("#sheet")
        screenshot(office, "supervision-annual-sheet")
        office.goto(f"{live_server.url}/supervision/reports/")
        office.locator("#reports a").first.click()
        office.wait_for_selector("#report-form")
        screenshot(office, "supervision-report")
        office.goto(f"{live_server.url}/supervision/annual-reports/?year=2025")
        screenshot(office, "supervision-annual-reports")
        office.locator("#annual-reports a").first.click()
        office.wait_for_selector("#annual-report-form")
        assert shell.horizontal_overflow(office) <= 1
        screenshot(office, "supervision-annual-report")
    assert request_log.outside() == []
