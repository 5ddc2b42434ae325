"""Real Chromium, a month's monitoring to a closed 提示函: the office computes October on the 监测批次 page, the rule
"red two months running" proposes a 提示函 to 兴义市, the office confirms it (文号, .docx, deadline on the working-day
calendar), the county answers with its rectification report and the office accepts and closes it (销号)
(法治政府建设与责任落实督察工作规定 第八条、第十八条)."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from fazhi.core.indicators import Period
from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD
from fazhi.supervision import services
from fazhi.supervision.models import Letter

from ..conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def submit(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_red_streak_becomes_a_tip_the_county_answers_and_the_office_closes(scheme, office, county_user, org,
                                                                               figures, live_server, page, login,
                                                                               screenshot, request_log):
    for month in (9, 10):
        figures[("兴义市", date(2026, month, 1))] = (5, 10)  # 50 %: red
        figures[("安龙县", date(2026, month, 1))] = (10, 10)
    with at(date(2026, 10, 9)):
        services.compute_period(actor=office, period=Period.month(2026, 9))

    with time_machine.travel("2026-11-02 10:00 +0800", tick=True):
        login(page, live_server, "yfzzb", PASSWORD)
        page.goto(f"{live_server.url}/supervision/runs/")
        page.fill("#id_run-month", "2026-10")
        submit(page, page.locator("#run-form button[value=compute]"))
        expect(page.locator("#runs")).to_contain_text("2026年10月")
        page.fill("#id_run-month", "2026-10")
        submit(page, page.locator("#run-form button[value=propose]"))
        expect(page.locator(".alert-success")).to_contain_text("提出提示函1件")
        tip = Letter.objects.get(kind="tip")
        page.goto(f"{live_server.url}/supervision/letters/{tip.pk}/")
        body = open_action(page, "confirm")
        submit(page, body.locator("button[type=submit]"))
        expect(page.locator("#letter-state")).to_have_text("已发出（待整改）")
        expect(page.locator("#letter-docx")).to_be_visible()
        screenshot(page, "supervision-tip-issued")

    with time_machine.travel("2026-11-10 10:00 +0800", tick=True):
        login(page, live_server, "xingyi_yfz", PASSWORD)
        page.goto(f"{live_server.url}/supervision/letters/{tip.pk}/")
        body = open_action(page, "answer")
        body.locator("textarea[name=answer-report]").fill("已补齐10月全部规范性文件合法性审核记录，建立审核台账并明确责任人。")
        submit(page, body.locator("button[type=submit]"))
        expect(page.locator("#letter-state")).to_have_text("已报送整改报告")

    with time_machine.travel("2026-11-11 10:00 +0800", tick=True):
        login(page, live_server, "yfzzb", PASSWORD)
        page.goto(f"{live_server.url}/supervision/letters/{tip.pk}/")
        body = open_action(page, "accept")
        submit(page, body.locator("button[type=submit]"))
        expect(page.locator("#letter-state")).to_have_text("已销号")
    tip.refresh_from_db()
    assert tip.state == "closed" and tip.number == "黔西南法治督〔2026〕1号" and tip.due_on == date(2026, 11, 23)
