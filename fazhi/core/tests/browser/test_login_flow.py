"""Real Chromium: sign in, read a notification, forced password change, lockout, phone layout.

Run with FAZHI_SCREENSHOTS=1 to save what each page looks like to var/screenshots/.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from fazhi.core import notifications
from fazhi.core.choices import NotificationLevel, Role, Scope
from fazhi.core.models import AuditEvent
from fazhi.core.tests.factories import PASSWORD, make_user

from .conftest import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_signs_in_reads_a_notification_and_no_request_leaves_this_machine(
        page, live_server, people, request_log, login, screenshot):
    reminder = notifications.notify(recipient=people.officer, title="期限提醒：依申请公开答复即将届满",
                                    body="距届满日还剩 1 个工作日，请及时答复。", link="/deadlines/",
                                    level=NotificationLevel.WARNING)
    result = notifications.notify(recipient=people.officer, title="法制审核结果：已通过")

    login(page, live_server, "zsthj_zf1", PASSWORD)
    expect(page.locator("#fz-unread")).to_have_text("2")
    expect(page.locator("#fz-nav")).to_contain_text("我的期限")
    screenshot(page, "home-officer-1366")

    page.click("header a[href='/inbox/']")
    expect(page.locator("h1")).to_have_text("消息")
    # Marking one read through htmx updates the row and the header count without a reload.
    page.click(f"#notification-{result.pk} .fz-mark-read")
    expect(page.locator(f"#notification-{result.pk}")).to_have_attribute("data-read", "1")
    expect(page.locator("#fz-unread")).to_have_text("1")
    screenshot(page, "inbox-1366")

    # Opening the other one shows its text and leaves nothing unread.
    with page.expect_navigation():
        page.click(f"#notification-{reminder.pk} button.fz-title")
    expect(page.locator("#fz-n-body")).to_contain_text("距届满日还剩 1 个工作日")
    expect(page.locator("#fz-unread")).to_be_hidden()
    screenshot(page, "notification-detail-1366")

    page.click(".fz-user-btn")
    with page.expect_navigation():
        page.click("text=退出登录")
    expect(page.locator(".alert-success")).to_contain_text("您已安全退出")

    assert AuditEvent.objects.filter(action="core.notification_read", actor=people.officer).count() == 2
    assert AuditEvent.objects.filter(action="auth.logout", actor=people.officer).exists()
    assert any(url.startswith(live_server.url + "/static/") for url in request_log)
    assert request_log.outside() == []


def test_the_first_login_forces_a_password_change(page, live_server, org, request_log, login, screenshot):
    make_user("xinren", org.zhou_sthj, (Role.LEGAL_STAFF, Scope.AGENCY), must_change_password=True)
    login(page, live_server, "xinren", PASSWORD)
    assert page.url.endswith("/accounts/password/")
    expect(page.locator(".alert-warning").first).to_contain_text("须先修改密码")
    assert page.locator("#fz-nav").count() == 0
    screenshot(page, "password-forced-1366")

    page.goto(f"{live_server.url}/inbox/")  # any other page sends back
    assert page.url.endswith("/accounts/password/")

    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password]", "abcdefgh")
    page.fill("input[name=new_password2]", "abcdefgh")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator(".fz-field-errors").first).to_contain_text("大写字母、小写字母、数字、特殊字符")
    screenshot(page, "password-errors-1366")

    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password]", "Xinren-2026-ok")
    page.fill("input[name=new_password2]", "Xinren-2026-ok")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url == f"{live_server.url}/"
    expect(page.locator(".alert-success")).to_contain_text("密码已修改")
    expect(page.locator("#fz-nav")).to_contain_text("我的期限")
    assert request_log.outside() == []


def test_five_bad_passwords_show_the_lockout_message(page, live_server, people, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    for attempt in range(1, 6):
        page.fill("input[name=username]", "zsthj_fz")
        page.fill("input[name=password]", f"Wrong-pass-{attempt}")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        if attempt < 5:
            expect(page.locator("#fz-login-error")).to_have_text("用户名或密码不正确。")
    expect(page.locator("#fz-login-error")).to_contain_text("登录失败次数过多，账号或地址已被锁定，请 15 分钟后再试")
    # Even the right password is refused while locked.
    page.fill("input[name=username]", "zsthj_fz")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator("#fz-login-error")).to_contain_text("登录失败次数过多")
    assert "/accounts/login/" in page.url
    screenshot(page, "login-locked-1366")


def test_the_home_page_fits_a_390_pixel_phone_and_the_menu_opens(phone_page, live_server, people, request_log,
                                                                  login, screenshot):
    page = phone_page
    for i in range(3):
        notifications.notify(recipient=people.zsthj_fz, title=f"关于报送 {dt.date(2026, 12, 1 + i)} 行政执法统计数据的通知")
    page.goto(f"{live_server.url}/accounts/login/")
    assert horizontal_overflow(page) <= 0
    screenshot(page, "login-390")
    login(page, live_server, "zsthj_fz", PASSWORD)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert horizontal_overflow(page) <= 0
    screenshot(page, "home-legal-390")

    expect(page.locator("#fz-nav")).to_be_hidden()
    page.click("button[aria-controls=fz-nav]")
    expect(page.locator("#fz-nav")).to_be_visible()
    # The slide-in has ended (a locator check: the page's CSP forbids evaluating strings in it).
    expect(page.locator("#fz-nav")).not_to_have_class(re.compile(r"\bshowing\b"))
    screenshot(page, "nav-open-390")
    with page.expect_navigation():
        page.click("#fz-nav >> text=消息")
    expect(page.locator("h1")).to_have_text("消息")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    screenshot(page, "inbox-390")
    assert request_log.outside() == []


def _deadline(responsible, name, start, period, unit="working_days"):
    from fazhi.core.deadlines import deadline_create

    return deadline_create(actor=None, object_repr=name, rule_code="ogi.reply",
                           legal_source="《政府信息公开条例》第三十三条第二款", start_date=start, period=period,
                           unit=unit, agency=responsible.agency, responsible=responsible)


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_every_workspace_page_fits_the_screen_without_horizontal_scrolling(
        request, viewport, live_server, people, calendar, request_log, login, screenshot):
    page = request.getfixturevalue(viewport)
    width = "390" if viewport == "phone_page" else "1366"
    officer = people.officer
    late = _deadline(officer, "关于某公司申请公开环境影响评价审批信息的答复", dt.date(2026, 9, 1), 20)
    _deadline(officer, "行政处罚决定书送达（黔西南环罚〔2026〕12号）", dt.date(2026, 11, 23), 7)
    _deadline(officer, "2027 年度执法计划报备", dt.date(2026, 12, 20), 1, "months")
    note = notifications.notify(recipient=officer, title="期限提醒：依申请公开答复已超期",
                                body="该申请已超过法定答复期限，请立即处理。", link=f"/deadlines/{late.pk}/",
                                level=NotificationLevel.DANGER)

    login(page, live_server, "zsthj_zf1", PASSWORD)
    visits = [
        ("home-officer", "/"),
        ("deadlines", "/deadlines/"),
        ("deadlines-all", "/deadlines/?show=all&sort=-due_date"),
        ("deadline-detail", f"/deadlines/{late.pk}/"),
        ("inbox", "/inbox/"),
        ("notification", f"/inbox/{note.pk}/"),
        ("password", "/accounts/password/"),
        ("not-found", "/deadlines/999999/"),
    ]
    for name, path in visits:
        page.goto(f"{live_server.url}{path}")
        assert horizontal_overflow(page) <= 0, f"{path} overflows at {width}px"
        screenshot(page, f"{name}-{width}")
    expect(page.locator("h1")).to_have_text("页面不存在")

    for who in ("sysadmin", "secadmin", "auditor"):
        page.context.clear_cookies()
        login(page, live_server, who, PASSWORD)
        assert horizontal_overflow(page) <= 0, f"home of {who} overflows at {width}px"
        screenshot(page, f"home-{who}-{width}")
    assert request_log.outside() == []
