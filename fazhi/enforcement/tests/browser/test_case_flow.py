"""Real Chromium: a general-procedure 行政处罚 case from 案源登记 to 公示 on the desktop (the officer works
every step through the case page's action panels; the portal shows the redacted decision), and a field
inspection on a phone-sized screen whose 检查码 the enterprise checks on the portal. With
FAZHI_SCREENSHOTS=1 the pages are saved to var/screenshots/enforcement-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD
from fazhi.enforcement.choices import CaseState
from fazhi.enforcement.models import Case, Inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture

USCC = "91522301MA6DQ1KQ3W"


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def submit(page, locator):
    with page.expect_navigation():
        locator.click()


def step(page, action: str, fields: dict | None = None, officers=()):
    body = open_action(page, action)
    for name, value in (fields or {}).items():
        field = body.locator(f"[name={action}-{name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    for label in officers:
        body.get_by_label(label, exact=False).check()
    submit(page, body.locator("button[type=submit]"))


def days_ago(n: int) -> str:
    return (timezone.localdate() - datetime.timedelta(days=n)).isoformat()


def test_a_general_procedure_case_from_registration_to_publication(page, live_server, login, screenshot, people,
                                                                   reg, calendar, request_log):
    login(page, live_server, "zsthj_zf1", PASSWORD)
    page.goto(f"{live_server.url}/enforcement/cases/new/")
    page.select_option("#id_matter", str(reg["matter"].pk))
    page.select_option("#id_party_kind", "person")
    page.fill("#id_party_name", "欧阳明")
    page.fill("#id_party_address", "兴义市桔山街道某小区 3 栋")
    page.fill("#id_facts", "欧阳明（电话 13808512345）在厂区露天焚烧废弃物。")
    page.fill("#id_occurred_on", days_ago(60))
    page.fill("#id_discovered_on", days_ago(58))
    submit(page, page.locator("#enf-form button[type=submit]"))
    expect(page.locator("#case-state")).to_contain_text("案源登记")

    step(page, "register", {"on_date": days_ago(57)})
    expect(page.locator("#case-state")).to_contain_text("已立案")
    expect(page.locator("#clocks")).to_contain_text("立案后90日")

    step(page, "record_act", {"kind": "询问", "on_date": days_ago(55), "summary": "制作询问笔录"},
         officers=("张三", "李四"))
    expect(page.locator("#acts")).to_contain_text("张三（52230001）")

    step(page, "notify", {"served_on": days_ago(40), "penalty_kind": "fine", "fine_amount": "3000"})
    expect(page.locator("#case-state")).to_contain_text("已事先告知")
    screenshot(page, "enforcement-case-1366")

    step(page, "decide", {"on_date": days_ago(20)})
    expect(page.locator("#case-state")).to_contain_text("已作出决定")
    expect(page.locator("#clocks")).to_contain_text("公示行政处罚决定")
    step(page, "serve", {"on_date": days_ago(19)})
    step(page, "publish", {"on_date": days_ago(17)})
    expect(page.locator("#case-state")).to_contain_text("已公示")
    expect(page.locator("#publication")).to_contain_text("欧阳某")
    expect(page.locator("#publication")).not_to_contain_text("13808512345")
    expect(page.locator("#timeline")).to_contain_text("公示决定")

    case = Case.objects.get()
    assert case.state == CaseState.PUBLISHED
    page.goto(f"{live_server.url}/portal/enforcement/decisions/{case.code}/")
    expect(page.locator("#decision-text")).to_contain_text("欧阳某")
    expect(page.locator("#decision-text")).not_to_contain_text("欧阳明")
    expect(page.locator("#decision-text")).not_to_contain_text("桔山街道")
    assert request_log.outside() == []


def test_a_field_inspection_on_a_phone_and_its_check_on_the_portal(phone_page, live_server, login, screenshot, people,
                                                                   reg, calendar, request_log):
    login(phone_page, live_server, "zsthj_zf1", PASSWORD)
    phone_page.goto(f"{live_server.url}/enforcement/inspections/new/")
    phone_page.fill("#id_enterprise_name", "某某化工有限公司")
    phone_page.fill("#id_credit_code", USCC)
    phone_page.fill("#id_on_date", days_ago(1))
    phone_page.get_by_label("张三", exact=False).check()
    phone_page.get_by_label("王五", exact=False).check()  # expired on 2026-03-31
    phone_page.fill("#id_items", "排污许可执行情况；环境管理台账")
    assert shell.horizontal_overflow(phone_page) <= 0
    submit(phone_page, phone_page.locator("#inspection-form button[type=submit]"))
    expect(phone_page.locator("#refused")).to_contain_text("王五")
    phone_page.get_by_label("王五", exact=False).uncheck()
    phone_page.get_by_label("李四", exact=False).check()
    screenshot(phone_page, "enforcement-inspection-390")
    submit(phone_page, phone_page.locator("#inspection-form button[type=submit]"))
    code = phone_page.locator("#check-code").inner_text().strip()
    assert Inspection.objects.get().check_code == code
    assert shell.horizontal_overflow(phone_page) <= 0

    phone_page.context.clear_cookies()
    phone_page.goto(f"{live_server.url}/portal/enforcement/check/?code={code}")
    expect(phone_page.locator("#check-result")).to_contain_text("排污许可执行情况")
    expect(phone_page.locator("#check-result")).to_contain_text("52230001")
    assert request_log.outside() == []
