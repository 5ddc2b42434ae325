"""Real Chromium, a reconsideration from the application on the portal to the decision: the applicant applies
without an account and gets a 受理编号; the 州司法局's 行政复议 clerk registers the case, links the application,
accepts it, sends the copy, records the answer and decides through the kernel's action panels; the applicant's
tracking page then shows the decision (行政复议法 第二十条、第二十二条、第三十条、第四十八条、第六十三条)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD
from fazhi.disputes import services
from fazhi.disputes.models import PublicApplication, Reconsideration
from fazhi.portal import captcha

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture


def answer_captcha(page):
    a, op, b = page.locator("#fz-captcha-question").inner_text().split()[:3]
    x, y = captcha.NUMERALS.index(a), captcha.NUMERALS.index(b)
    page.fill("#id_captcha_answer", str(x + y if op == "加" else x - y))


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def submit(page, locator):
    with page.expect_navigation():
        locator.click()


def test_a_reconsideration_from_the_portal_application_to_the_decision(page, phone_page, live_server, login,
                                                                        screenshot, org, calendar, clerk,
                                                                        request_log):
    today = timezone.localdate()
    known = today - timedelta(days=20)

    # the applicant, on a phone, without an account
    phone_page.goto(f"{live_server.url}/portal/disputes/apply/reconsideration/")
    phone_page.select_option("#id_region", str(org.prefecture.pk))  # against a 州 department: 州本级
    phone_page.fill("#id_name", "张三")
    phone_page.fill("#id_contact", "13800000000")
    phone_page.fill("#id_respondent_name", "黔西南州生态环境局")
    phone_page.fill("#id_act", "罚款五千元的行政处罚决定")
    phone_page.fill("#id_act_known_on", known.isoformat())
    phone_page.fill("#id_content", "请求撤销该处罚决定：未告知陈述申辩权利。")
    answer_captcha(phone_page)
    assert shell.horizontal_overflow(phone_page) <= 0
    submit(phone_page, phone_page.locator("#fz-dispute-apply button[type=submit]"))
    expect(phone_page.locator("#fz-application-state")).to_contain_text("已收到，待登记")
    app = PublicApplication.objects.get()
    assert app.code in phone_page.locator("#fz-application").inner_text()

    # the clerk registers the case from the application and links it
    rc = services.rc_register(actor=clerk, agency=org.zhou_sfj, organ=org.zhou_gov, respondent=org.zhou_sthj,
                              applicant_name=app.name, act=app.act, act_known_on=known, received_on=today)
    login(page, live_server, "zsfj_fy", PASSWORD)
    page.goto(f"{live_server.url}/disputes/applications/{app.code}/")
    page.fill("#case_code", str(rc.code))
    submit(page, page.locator("form:has(#case_code) button[type=submit]"))
    expect(page.locator("#app-state")).to_have_text("已登记办理")

    page.goto(f"{live_server.url}/disputes/reconsiderations/{rc.code}/")
    body = open_action(page, "accept")
    body.locator("select[name=accept-procedure]").select_option("ordinary")
    submit(page, body.locator("button[type=submit]"))
    body = open_action(page, "send_copy")
    submit(page, body.locator("button[type=submit]"))
    body = open_action(page, "receive_answer")
    submit(page, body.locator("button[type=submit]"))
    body = open_action(page, "decide")
    body.locator("select[name=decide-decision]").select_option("revoke")
    body.locator("textarea[name=decide-summary]").fill("未告知陈述申辩权利，程序违法，撤销原处罚决定。")
    submit(page, body.locator("button[type=submit]"))
    expect(page.locator("#rc-decision")).to_contain_text("撤销")
    screenshot(page, "disputes-reconsideration-1366")
    assert Reconsideration.objects.get().state == "decided"

    # the applicant follows it by the code
    phone_page.goto(f"{live_server.url}/portal/disputes/{app.code}/")
    expect(phone_page.locator("#fz-application")).to_contain_text("撤销")
    assert "张三" not in phone_page.content()
