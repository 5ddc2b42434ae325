"""Real Chromium, a mediation case from intake to 司法确认: the township mediator enters the case on a phone,
records the written agreement, applies for judicial confirmation within the 30 days (人民调解法 第三十三条),
and records the court's ruling; the office's staff sees the result on the desktop list. With
FAZHI_SCREENSHOTS=1 the pages are saved to var/screenshots/disputes-*.png."""

from datetime import date

import pytest
from playwright.sync_api import expect

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.disputes import services
from fazhi.disputes.choices import CommitteeKind
from fazhi.disputes.models import MediationCase

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


def test_mediation_from_intake_to_judicial_confirmation(page, phone_page, live_server, login, screenshot, org,
                                                        calendar, people, request_log):
    com = services.committee_create(
        actor=None, name="马岭镇马岭村人民调解委员会", kind=CommitteeKind.VILLAGE, region=org.xingyi_town,
        agency=org.xingyi_town_gov, term_start=date(2024, 1, 15), multi_ethnic=True,
        members=[{"name": "岑秀英", "gender": "f", "kind": "full", "minority": True},
                 {"name": "韦德明", "gender": "m"}, {"name": "王建国", "gender": "m"}])
    make_user("maling_tj", org.xingyi_town_gov, (Role.MEDIATOR, Scope.AGENCY))

    # the mediator, on a phone: the case entry page
    login(phone_page, live_server, "maling_tj", PASSWORD)
    phone_page.goto(f"{live_server.url}/disputes/mediations/new/")
    phone_page.select_option("#id_committee", str(com.code))
    phone_page.select_option("#id_source", "application")
    phone_page.select_option("#id_dispute_type", "property")
    phone_page.fill("#id_parties", "杨某、罗某")
    phone_page.fill("#id_summary", "宅基地建房越界约0.5米，邻户要求拆除。")
    phone_page.fill("#id_amount", "6000")
    screenshot(phone_page, "disputes-intake-390")
    assert shell.horizontal_overflow(phone_page) <= 0
    submit(phone_page, phone_page.locator("#dsp-form button[type=submit]"))
    expect(phone_page.locator("#case-state")).to_have_text("调解中")
    case = MediationCase.objects.get()

    # the written agreement (第二十九条) starts the 30-day window for 司法确认 (第三十三条)
    body = open_action(phone_page, "succeed")
    body.locator("select[name=succeed-agreement_form]").select_option("written")
    body.locator("textarea[name=succeed-agreement_text]").fill("罗某于十日内拆除越界部分，杨某补偿6000元。")
    submit(phone_page, body.locator("button[type=submit]"))
    expect(phone_page.locator("#case-state")).to_have_text("调解成功")
    expect(phone_page.locator("#clocks")).to_contain_text("申请司法确认")

    # recording the ruling before applying is refused with the reason
    body = open_action(phone_page, "record_confirmation")
    expect(body).to_contain_text("尚未申请司法确认")

    body = open_action(phone_page, "apply_confirmation")
    submit(phone_page, body.locator("button[type=submit]"))
    expect(phone_page.locator("#confirm-result")).to_contain_text("已申请，待法院裁定")
    body = open_action(phone_page, "record_confirmation")
    body.locator("select[name=record_confirmation-result]").select_option("valid")
    submit(phone_page, body.locator("button[type=submit]"))
    expect(phone_page.locator("#confirm-result")).to_contain_text("裁定协议有效")
    screenshot(phone_page, "disputes-case-390")
    assert shell.horizontal_overflow(phone_page) <= 0
    expect(phone_page.locator("#timeline")).to_contain_text("登记司法确认结果")

    # the county office sees it on the desktop list, the other county does not
    login(page, live_server, "xingyi_fzb", PASSWORD)
    page.goto(f"{live_server.url}/disputes/mediations/?state=success")
    expect(page.locator("#mediation-table")).to_contain_text("房屋宅基地纠纷")
    expect(page.locator("#mediation-table")).to_contain_text("裁定协议有效")
    screenshot(page, "disputes-list-1366")
    case.refresh_from_db()
    assert case.confirm_result == "valid" and case.confirm_deadline.status == "done"
    page.context.clear_cookies()
    login(page, live_server, "anlong_fzb", PASSWORD)
    response = page.goto(f"{live_server.url}/disputes/mediations/{case.code}/")
    assert response.status == 404
    assert request_log.outside() == []
