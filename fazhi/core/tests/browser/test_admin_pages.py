"""Real Chromium on the administration pages: accounts and roles, the audit chain, the region tree, phone widths.

Run with FAZHI_SCREENSHOTS=1 to save every page at 1366×768 and 390 px to var/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from fazhi.core.choices import Role, Scope
from fazhi.core.models import AuditEvent, RoleAssignment, User
from fazhi.core.tests.factories import PASSWORD

from .conftest import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Temp-pass-2026!"


def test_the_security_admin_creates_an_account_and_grants_it_a_role(
        page, live_server, people, org, request_log, login, screenshot):
    login(page, live_server, "secadmin", PASSWORD)
    with page.expect_navigation():
        page.click("#fz-nav >> text=用户与角色")
    expect(page.locator("h1")).to_have_text("用户与角色")
    screenshot(page, "admin-user-list-1366")

    with page.expect_navigation():
        page.click("text=新建账号")
    page.fill("input[name=username]", "xy_shenhe")
    page.fill("input[name=full_name]", "王审核")
    page.select_option("select[name=agency]", str(org.xingyi_sfj.code))
    page.fill("input[name=password]", "abcdefgh")
    page.fill("input[name=password2]", "abcdefgh")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    # A weak password is refused in Chinese next to the field, and nothing is created.
    expect(page.locator(".fz-field-errors").first).to_contain_text("大写字母、小写字母、数字、特殊字符")
    assert not User.objects.filter(username="xy_shenhe").exists()
    screenshot(page, "admin-user-create-errors-1366")

    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已创建账号“xy_shenhe”")
    expect(page.locator("#user-status")).to_contain_text("下次登录须修改密码")
    expect(page.locator("main")).to_contain_text("尚未授予任何角色")

    grant = f"{Role.LEGAL_STAFF}:{Scope.AGENCY}"
    page.select_option("select[name=grant]", grant)
    with page.expect_navigation():
        page.click("#grant-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("部门法制工作人员（本单位）")
    expect(page.locator(f"#role-table tr[data-role='{Role.LEGAL_STAFF}']")).to_contain_text("本单位")
    screenshot(page, "admin-user-detail-1366")

    user = User.objects.get(username="xy_shenhe")
    assert user.agency == org.xingyi_sfj and user.must_change_password
    assert RoleAssignment.objects.get(user=user).scope == Scope.AGENCY
    assert AuditEvent.objects.filter(action="core.user_create", actor=people.secadmin).count() == 1
    assert AuditEvent.objects.filter(action="core.role_grant", actor=people.secadmin).count() == 1
    assert request_log.outside() == []


def test_the_audit_admin_opens_the_log_and_verifies_the_chain(page, live_server, people, login, screenshot,
                                                               request_log):
    login(page, live_server, "auditor", PASSWORD)
    with page.expect_navigation():
        page.click("#fz-nav >> text=审计日志")
    expect(page.locator("h1")).to_have_text("审计日志")
    expect(page.locator("#audit-table")).to_contain_text("auth.login")

    # The filter refreshes only the table (htmx) and keeps the URL in step.
    page.fill("input[name=action]", "core.region_create")
    page.press("input[name=action]", "Enter")
    expect(page.locator("#list-results")).to_contain_text("共 5 条事件符合条件")
    assert "action=core.region_create" in page.url

    page.click("text=校验审计链")
    expect(page.locator("#verify-ok")).to_contain_text("审计链完整")
    expect(page.locator("#verify-ok")).to_contain_text(f"共 {AuditEvent.objects.count()} 条事件")
    screenshot(page, "admin-audit-list-1366")

    with page.expect_navigation():
        page.locator("#audit-table tbody a").first.click()
    expect(page.locator("#diff-table")).to_contain_text("行政区划代码")
    screenshot(page, "admin-audit-detail-1366")
    assert request_log.outside() == []


def test_the_region_tree_expands_and_collapses_in_place(page, live_server, people, login, screenshot):
    login(page, live_server, "sysadmin", PASSWORD)
    page.goto(f"{live_server.url}/manage/regions/")
    root = page.locator("#region-tree > li[data-code='522300'] > details")
    root.locator("> summary").click()
    expect(root.locator("li[data-code='522301']")).to_be_visible()
    expect(root.locator("li[data-code='522328']")).to_be_visible()
    county = root.locator("li[data-code='522301'] > details")
    county.locator("> summary").click()
    expect(county.locator("li[data-code='522301100']")).to_contain_text("顶效镇")
    screenshot(page, "admin-region-tree-1366")
    county.locator("> summary").click()
    expect(county.locator("li[data-code='522301100']")).to_be_hidden()
    assert page.url.endswith("/manage/regions/")  # no navigation happened


def _admin_pages(org, calendar_year=2026):
    from fazhi.core.models import AuditEvent

    # Event ids come from the database's sequence, which a test's flush does not reset: the sixth event of this test.
    sixth = AuditEvent.objects.order_by("id").values_list("id", flat=True)[5]
    return [
        ("sysadmin", "region-list", "/manage/regions/"),
        ("sysadmin", "region-detail", f"/manage/regions/{org.xingyi.code}/"),
        ("sysadmin", "region-form", f"/manage/regions/new/?parent={org.xingyi.code}"),
        ("sysadmin", "agency-list", "/manage/agencies/"),
        ("sysadmin", "agency-detail", f"/manage/agencies/{org.zhou_sfj.code}/"),
        ("sysadmin", "agency-form", f"/manage/agencies/{org.zhou_sfj.code}/edit/"),
        ("sysadmin", "calendar", f"/manage/calendar/?year={calendar_year}"),
        ("sysadmin", "calendar-empty-year", "/manage/calendar/?year=2031"),
        ("sysadmin", "calendar-day-form", f"/manage/calendar/days/{calendar_year}-10-01/"),
        ("secadmin", "user-list", "/manage/users/"),
        ("secadmin", "user-detail", "/manage/users/u/zsfj_sh/"),
        ("secadmin", "user-form", "/manage/users/new/"),
        ("secadmin", "user-password", "/manage/users/u/zsfj_sh/password/"),
        ("auditor", "audit-list", "/manage/audit/"),
        ("auditor", "audit-detail", f"/manage/audit/{sixth}/"),
    ]


@pytest.mark.parametrize("viewport", ["1366", "390"])
def test_every_admin_page_fits_the_screen_and_speaks_chinese(
        request, viewport, live_server, people, org, calendar, login, screenshot, request_log):
    page = request.getfixturevalue("page" if viewport == "1366" else "phone_page")
    signed_in = None
    for username, name, path in _admin_pages(org):
        if username != signed_in:
            page.context.clear_cookies()
            login(page, live_server, username, PASSWORD)
            signed_in = username
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        expect(page.locator("h1")).not_to_be_empty()
        assert horizontal_overflow(page) <= 0, f"{path} overflows at {viewport} px"
        body = page.locator("main").inner_text()
        for english in ("None", "True", "False", "Page", "Submit", "This field"):
            assert english not in body, f"{english!r} on {path}"
        screenshot(page, f"admin-{name}-{viewport}")
    assert request_log.outside() == []
