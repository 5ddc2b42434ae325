"""Administration pages: org tree, users and roles, calendar, audit log.

For each page: anonymous → sign-in, wrong role → 403, out-of-scope object → 404, bad POST → Chinese
field errors and nothing changed, good POST → the change and its audit event.
"""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.core import audit, lockout, services
from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope
from fazhi.core.models import (
    Agency,
    AuditEvent,
    CalendarDay,
    CalendarYear,
    LoginAttempt,
    Region,
    RoleAssignment,
    User,
)
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.core.validators import make_uscc
from fazhi.core.views_admin.audit import diff_rows
from fazhi.core.views_admin.common import locked_usernames

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "list-results"}
NEW_PASSWORD = "Temp-pass-2026!"


def url(name, *args):
    return reverse(f"core:{name}", args=args)


def audit_count(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


@pytest.fixture
def xingyi_sys(org):
    """A system administrator whose scope is 兴义市 only (to prove the org forms stay in scope)."""
    return make_user("xingyi_sys", org.xingyi_sfj, (Role.SYSADMIN, Scope.REGION))


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


def page_text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- access matrix


def _get_urls(org):
    return [
        url("region_list"), url("region_detail", "522301"), url("region_children", "522301"),
        url("region_create"), url("region_edit", "522301"),
        url("agency_list"), url("agency_detail", org.xingyi_sfj.code), url("agency_create"),
        url("agency_edit", org.xingyi_sfj.code),
        url("user_list"), url("user_detail", "xingyi_fzb"), url("user_create"), url("user_edit", "xingyi_fzb"),
        url("user_password", "xingyi_fzb"),
        url("calendar"), url("calendar_day_create"), url("calendar_day_edit", "2026-10-01"),
        url("calendar_year_register"),
        url("audit_list"), url("audit_detail", 1),
    ]


def _post_urls():
    return [
        url("user_set_active", "xingyi_fzb"), url("user_role_grant", "xingyi_fzb"),
        url("user_role_revoke", "xingyi_fzb", Role.COUNTY_FZB), url("calendar_day_delete", "2026-10-01"),
        url("calendar_year_unregister", 2026),
        url("audit_verify"),
    ]


def test_every_admin_page_sends_anonymous_visitors_to_the_sign_in_page(client, people, org):
    for target in _get_urls(org):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response["Location"].startswith("/accounts/login/"), target
    for target in _post_urls():
        response = client.post(target)
        assert response.status_code == 302, target
        assert response["Location"].startswith("/accounts/login/"), target
    assert RoleAssignment.objects.filter(user=people.xingyi_fzb).count() == 1


@pytest.mark.parametrize(("username", "name", "args"), [
    ("auditor", "region_list", ()),
    ("auditor", "agency_list", ()),
    ("leader", "region_create", ()),
    ("fzb_admin", "agency_create", ()),
    ("sysadmin", "user_list", ()),
    ("fzb_admin", "user_create", ()),
    ("fzb_admin", "user_edit", ("xingyi_fzb",)),
    ("xingyi_fzb", "user_password", ("anlong_fzb",)),
    ("auditor", "calendar", ()),
    ("leader", "calendar_day_create", ()),
    ("secadmin", "calendar_year_register", ()),
    ("fzb_admin", "audit_list", ()),
    ("secadmin", "audit_list", ()),
    ("sysadmin", "audit_detail", (1,)),
])
def test_a_role_without_the_permission_gets_a_403(as_user, people, username, name, args):
    response = as_user(getattr(people, username)).get(url(name, *args))
    assert response.status_code == 403


def test_the_audit_log_refuses_everyone_but_the_audit_admin_in_chinese(as_user, people):
    for user in (people.fzb_admin, people.secadmin, people.sysadmin, people.leader):
        response = as_user(user).get(url("audit_list"))
        assert response.status_code == 403
        assert "审计日志仅审计管理员可以查看" in page_text(response)
    assert as_user(people.auditor).get(url("audit_list")).status_code == 200


def test_a_county_office_sees_only_its_own_county_and_gets_404_for_the_other(as_user, people, org):
    client = as_user(people.xingyi_fzb)
    assert client.get(url("region_detail", org.xingyi.code)).status_code == 200
    assert client.get(url("agency_detail", org.xingyi_sfj.code)).status_code == 200
    assert client.get(url("user_detail", "xingyi_fzb")).status_code == 200
    assert client.get(url("region_detail", org.anlong.code)).status_code == 404
    assert client.get(url("region_children", org.anlong.code)).status_code == 404
    assert client.get(url("agency_detail", org.anlong_sfj.code)).status_code == 404
    assert client.get(url("user_detail", "anlong_fzb")).status_code == 404
    assert client.get(url("user_detail", "no_such_user")).status_code == 404


def test_a_county_scoped_system_admin_cannot_reach_the_other_countys_org_forms(as_user, org, xingyi_sys):
    client = as_user(xingyi_sys)
    assert client.get(url("agency_edit", org.xingyi_sfj.code)).status_code == 200
    assert client.get(url("agency_edit", org.anlong_sfj.code)).status_code == 404
    assert client.get(url("region_edit", org.anlong.code)).status_code == 404
    before = AuditEvent.objects.count()
    response = client.post(url("agency_edit", org.anlong_sfj.code), {"name": "改名", "kind": AgencyKind.DEPARTMENT})
    assert response.status_code == 404
    response = client.post(url("region_edit", org.anlong.code), {"name": "改名", "is_active": "on"})
    assert response.status_code == 404
    assert Agency.objects.get(pk=org.anlong_sfj.pk).name == "安龙县司法局"
    assert Region.objects.get(pk=org.anlong.pk).name == "安龙县"
    assert AuditEvent.objects.count() == before


def test_a_county_scoped_system_admin_cannot_pick_a_parent_region_outside_its_scope(as_user, org, xingyi_sys):
    client = as_user(xingyi_sys)
    response = client.post(url("region_create"), {
        "parent": org.anlong.code, "level": RegionLevel.TOWNSHIP, "code": "522328102", "name": "德卧镇"})
    assert response.status_code == 200
    assert "选择一个有效的选项" in page_text(response) or "有效" in page_text(response)
    assert not Region.objects.filter(code="522328102").exists()


def test_a_county_office_cannot_grant_roles_to_an_account_of_the_other_county(as_user, people):
    client = as_user(people.xingyi_fzb)
    response = client.post(url("user_role_grant", "anlong_fzb"), {"grant": f"{Role.REVIEWER}:{Scope.REGION}"})
    assert response.status_code == 404
    response = client.post(url("user_role_revoke", "anlong_fzb", Role.COUNTY_FZB))
    assert response.status_code == 404
    assert list(RoleAssignment.objects.filter(user=people.anlong_fzb).values_list("role", flat=True)) == [
        Role.COUNTY_FZB]


# ---------------------------------------------------------------- region tree


def test_the_region_tree_starts_at_the_top_of_the_users_scope(as_user, people):
    response = as_user(people.fzb_admin).get(url("region_list"))
    assert response.status_code == 200
    roots = list(response.context["roots"])
    assert [r.code for r in roots] == ["522300"]
    assert roots[0].child_count == 2 and roots[0].agency_count == 3

    response = as_user(people.xingyi_fzb).get(url("region_list"))
    assert [r.code for r in response.context["roots"]] == ["522301"]
    assert "安龙县" not in page_text(response)


def test_expanding_a_region_loads_only_its_children_as_an_htmx_partial(as_user, people, org):
    response = as_user(people.fzb_admin).get(url("region_children", org.prefecture.code), HTTP_HX_REQUEST="true")
    text = page_text(response)
    assert "<html" not in text
    assert "兴义市" in text and "安龙县" in text and "顶效镇" not in text
    assert url("region_children", org.xingyi.code) in text  # 兴义市 has children: it can be expanded in turn
    leaf = as_user(people.fzb_admin).get(url("region_children", org.xingyi_town.code))
    assert "没有下级区划" in page_text(leaf)


def test_a_filtered_region_list_is_flat_and_exports_to_xlsx(as_user, people):
    client = as_user(people.fzb_admin)
    response = client.get(url("region_list"), {"level": RegionLevel.TOWNSHIP})
    assert [r.code for r in response.context["rows"]] == ["522301100", "522328100"]
    export = client.get(url("region_list"), {"level": RegionLevel.TOWNSHIP, "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:3] == ["行政区划代码", "名称", "层级"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["顶效镇", "新桥镇"]


def test_region_detail_shows_its_agencies_and_edit_buttons_only_to_org_managers(as_user, people, org):
    response = as_user(people.fzb_admin).get(url("region_detail", org.xingyi.code))
    text = page_text(response)
    assert "兴义市司法局" in text and "兴义市人民政府" in text
    assert url("region_edit", org.xingyi.code) not in text
    response = as_user(people.sysadmin).get(url("region_detail", org.xingyi.code))
    assert url("region_edit", org.xingyi.code) in page_text(response)
    assert f'{url("agency_create")}?region={org.xingyi.code}' in page_text(response)


def test_a_region_code_of_the_wrong_length_is_refused_next_to_the_code_field(as_user, people, org):
    before = (Region.objects.count(), AuditEvent.objects.count())
    response = as_user(people.sysadmin).post(url("region_create"), {
        "parent": org.xingyi.code, "level": RegionLevel.TOWNSHIP, "code": "52230110", "name": "丰都街道"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["code"] == ["乡镇街道级行政区划代码应为 9 位数字。"]
    assert "is-invalid" in page_text(response)
    assert (Region.objects.count(), AuditEvent.objects.count()) == before


def test_a_region_code_that_does_not_start_with_the_parents_code_is_refused(as_user, people, org):
    response = as_user(people.sysadmin).post(url("region_create"), {
        "parent": org.xingyi.code, "level": RegionLevel.TOWNSHIP, "code": "522328101", "name": "丰都街道"})
    assert response.context["form"].errors["code"] == ["行政区划代码应以上级区划代码开头。"]
    assert not Region.objects.filter(code="522328101").exists()


def test_a_duplicate_region_code_is_refused_with_a_chinese_message(as_user, people, org):
    response = as_user(people.sysadmin).post(url("region_create"), {
        "parent": org.xingyi.code, "level": RegionLevel.TOWNSHIP, "code": "522301100", "name": "另一个镇"})
    assert response.status_code == 200
    assert "已存在" in " ".join(response.context["form"].errors.get("code", []))
    assert Region.objects.filter(code="522301100").count() == 1


def test_the_system_admin_creates_a_township_and_the_audit_log_records_it(as_user, people, org):
    response = as_user(people.sysadmin).post(url("region_create"), {
        "parent": org.xingyi.code, "level": RegionLevel.TOWNSHIP, "code": "522301001", "name": "黄草街道"})
    region = Region.objects.get(code="522301001")
    assert response.status_code == 302 and response["Location"] == url("region_detail", "522301001")
    assert region.parent == org.xingyi and region.region_path == "522300/522301/522301001/"
    event = AuditEvent.objects.get(action="core.region_create", object_id=str(region.pk))
    assert event.actor == people.sysadmin


def test_the_create_form_preselects_the_parent_and_the_next_level(as_user, people, org):
    response = as_user(people.sysadmin).get(url("region_create"), {"parent": org.xingyi.code})
    form = response.context["form"]
    assert form.initial == {"parent": org.xingyi.code, "level": RegionLevel.TOWNSHIP}


def test_renaming_a_region_saves_and_is_audited(as_user, people, org):
    response = as_user(people.sysadmin).post(url("region_edit", org.anlong.code), {"name": "安龙县（新）", "is_active": "on"})
    assert response.status_code == 302
    assert Region.objects.get(pk=org.anlong.pk).name == "安龙县（新）"
    event = AuditEvent.objects.filter(action="core.region_update").latest("id")
    assert event.before["name"] == "安龙县" and event.after["name"] == "安龙县（新）"


def test_an_empty_region_name_is_refused_and_nothing_changes(as_user, people, org):
    before = audit_count("core.region_update")
    response = as_user(people.sysadmin).post(url("region_edit", org.anlong.code), {"name": "", "is_active": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["该字段是必填项。"]
    assert Region.objects.get(pk=org.anlong.pk).name == "安龙县"
    assert audit_count("core.region_update") == before


# ---------------------------------------------------------------- agencies


def test_the_agency_list_filters_sorts_and_pages_with_a_keyset_cursor(as_user, people):
    client = as_user(people.fzb_admin)
    response = client.get(url("agency_list"), {"q": "司法局"})
    assert [a.name for a in response.context["rows"]] == ["黔西南州司法局", "兴义市司法局", "安龙县司法局"]
    response = client.get(url("agency_list"), {"q": "司法局", "sort": "-name"})
    names = [a.name for a in response.context["rows"]]
    assert names == sorted(names, reverse=True)

    first = client.get(url("agency_list"), {"page_size": 3})
    assert len(first.context["rows"]) == 3 and first.context["page"].has_next
    cursor = first.context["page"].next_cursor
    assert f"after={cursor}" in page_text(first)
    second = client.get(url("agency_list"), {"page_size": 3, "after": cursor})
    assert not {a.pk for a in first.context["rows"]} & {a.pk for a in second.context["rows"]}
    assert first.context["total"] == 8


def test_an_unknown_sort_key_falls_back_to_the_default_order(as_user, people):
    response = as_user(people.fzb_admin).get(url("agency_list"), {"sort": "password"})
    assert response.status_code == 200
    assert response.context["page"].ordering == ("region_path", "name", "id")


def test_the_agency_list_filters_by_region_including_subregions(as_user, people, org):
    response = as_user(people.fzb_admin).get(url("agency_list"), {"region": org.xingyi.code})
    assert {a.name for a in response.context["rows"]} == {"兴义市人民政府", "兴义市司法局", "顶效镇人民政府"}


def test_changing_a_filter_refreshes_only_the_table_through_htmx(as_user, people):
    response = as_user(people.fzb_admin).get(url("agency_list"), {"q": "安龙"}, **HTMX)
    text = page_text(response)
    assert "<html" not in text and "<table" in text
    assert "安龙县司法局" in text and "兴义市司法局" not in text
    assert "HX-Request" in response["Vary"]


def test_an_empty_agency_list_shows_a_hint(as_user, people):
    response = as_user(people.fzb_admin).get(url("agency_list"), {"q": "不存在的单位"})
    assert "没有符合条件的单位" in page_text(response)
    assert "请调整或清除筛选条件" in page_text(response)


def test_the_agency_export_holds_the_filtered_rows_in_chinese(as_user, people):
    response = as_user(people.xingyi_fzb).get(url("agency_list"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["名称", "简称", "类别", "所属区划"]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"兴义市人民政府", "兴义市司法局", "顶效镇人民政府"}


def test_an_agency_with_a_bad_credit_code_check_digit_is_refused_next_to_the_field(as_user, people, org):
    good = make_uscc("11", "522301", "MB158326")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = (Agency.objects.count(), AuditEvent.objects.count())
    response = as_user(people.sysadmin).post(url("agency_create"), {
        "region": org.xingyi.code, "name": "兴义市市场监督管理局", "kind": AgencyKind.DEPARTMENT,
        "credit_code": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == ["统一社会信用代码校验位不正确，请核对。"]
    assert (Agency.objects.count(), AuditEvent.objects.count()) == before


def test_the_system_admin_creates_and_edits_an_agency_with_audit_events(as_user, people, org):
    client = as_user(people.sysadmin)
    code = make_uscc("11", "522301", "MB158326")
    response = client.post(url("agency_create"), {
        "region": org.xingyi.code, "name": "兴义市市场监督管理局", "kind": AgencyKind.DEPARTMENT,
        "credit_code": code.lower(), "parent": org.xingyi_gov.code, "doc_prefix": "兴市监规"})
    agency = Agency.objects.get(name="兴义市市场监督管理局")
    assert response.status_code == 302 and response["Location"] == url("agency_detail", agency.code)
    assert agency.credit_code == code and agency.parent == org.xingyi_gov
    assert agency.region_path == org.xingyi.region_path
    assert audit_count("core.agency_create") == 9  # eight from the fixture, one here

    response = client.post(url("agency_edit", agency.code), {
        "name": "兴义市市场监管局", "kind": AgencyKind.DEPARTMENT, "credit_code": code,
        "parent": org.xingyi_gov.code, "doc_prefix": "兴市监规", "short_name": "市监局"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.name, agency.short_name, agency.is_active) == ("兴义市市场监管局", "市监局", False)
    event = AuditEvent.objects.filter(action="core.agency_update").latest("id")
    assert event.before["name"] == "兴义市市场监督管理局" and event.after["is_active"] is False


def test_a_township_government_outside_a_township_is_refused_with_the_models_message(as_user, people, org):
    response = as_user(people.sysadmin).post(url("agency_create"), {
        "region": org.xingyi.code, "name": "某乡人民政府", "kind": AgencyKind.TOWNSHIP_GOVERNMENT})
    assert response.context["form"].errors["region"] == ["乡镇人民政府应隶属于乡镇街道级区划。"]
    assert not Agency.objects.filter(name="某乡人民政府").exists()


def test_agency_detail_lists_its_accounts_for_those_who_may_see_users(as_user, people, org):
    response = as_user(people.fzb_admin).get(url("agency_detail", org.zhou_sfj.code))
    text = page_text(response)
    assert "secadmin" in text and "fzb_admin" in text
    response = as_user(people.sysadmin).get(url("agency_detail", org.zhou_sfj.code))
    assert response.context["users"] is None


# ---------------------------------------------------------------- users and roles


def test_the_user_list_shows_roles_scopes_and_locked_accounts(as_user, people):
    for _ in range(5):
        lockout.note_attempt("zsfj_sh", None, False)
    response = as_user(people.secadmin).get(url("user_list"))
    text = page_text(response)
    assert "合法性审核人员 · 本地区及下级" in text
    assert response.context["locked"] == {"zsfj_sh"}
    assert text.count("已锁定") == 1


def test_locked_usernames_agrees_with_the_lockout_rule(people):
    now = timezone.now()
    for _ in range(5):
        LoginAttempt.objects.create(username="leader", succeeded=False, at=now - dt.timedelta(minutes=1))
    for _ in range(5):
        LoginAttempt.objects.create(username="auditor", succeeded=False, at=now - dt.timedelta(minutes=3))
    LoginAttempt.objects.create(username="auditor", succeeded=True, at=now - dt.timedelta(minutes=2))
    for _ in range(5):
        LoginAttempt.objects.create(username="secadmin", succeeded=False, at=now - dt.timedelta(hours=2))
    names = ["leader", "auditor", "secadmin", "fzb_admin"]
    assert locked_usernames(names) == {name for name in names if lockout.is_locked(name, None)} == {"leader"}


def test_the_user_list_filters_by_role_and_agency_and_exports(as_user, people, org):
    client = as_user(people.secadmin)
    response = client.get(url("user_list"), {"role": Role.COUNTY_FZB})
    assert [u.username for u in response.context["rows"]] == ["anlong_fzb", "xingyi_fzb"]
    response = client.get(url("user_list"), {"agency": str(org.zhou_sthj.code)})
    assert [u.username for u in response.context["rows"]] == ["zsthj_fz", "zsthj_zf1"]
    export = client.get(url("user_list"), {"role": Role.COUNTY_FZB, "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["anlong_fzb", "xingyi_fzb"]
    assert rows[0][4] == "县级依法治县（市）办（本地区及下级）"


def test_a_county_office_lists_only_accounts_of_its_county(as_user, people):
    response = as_user(people.xingyi_fzb).get(url("user_list"))
    assert [u.username for u in response.context["rows"]] == ["xingyi_fzb"]


def test_the_security_admin_creates_an_account_that_must_change_its_password(as_user, people, org):
    response = as_user(people.secadmin).post(url("user_create"), {
        "username": "xy_reviewer", "full_name": "王审核", "agency": str(org.xingyi_sfj.code),
        "phone": "0859-1234567", "email": "", "password": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "must_change_password": "on"})
    user = User.objects.get(username="xy_reviewer")
    assert response.status_code == 302 and response["Location"] == url("user_detail", "xy_reviewer")
    assert user.agency == org.xingyi_sfj and user.must_change_password and user.check_password(NEW_PASSWORD)
    assert user.region_path == org.xingyi.region_path
    assert AuditEvent.objects.filter(action="core.user_create", object_id=str(user.pk), actor=people.secadmin).exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"password": "abc", "password2": "abc"}, "password", "密码长度至少 8 位。"),
    ({"password": "abcdefgh1", "password2": "abcdefgh1"}, "password", "密码须至少包含大写字母、小写字母、数字、特殊字符中的 3 类。"),
    ({"password2": "Other-pass-2026"}, "password2", "两次输入的密码不一致。"),
    ({"username": "LEADER"}, "username", "该用户名已被使用。"),
    ({"agency": "00000000-0000-0000-0000-000000000000"}, "agency", "选择一个有效的选项： 该选择不在可用的选项中。"),
    ({"email": "not-an-address"}, "email", "请输入合法的邮件地址。"),
])
def test_a_bad_new_account_is_refused_next_to_the_field_and_nothing_is_written(
        as_user, people, org, changes, field, message):
    data = {"username": "newbie", "full_name": "新人", "agency": str(org.xingyi_sfj.code),
            "password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    data.update(changes)
    before = (User.objects.count(), AuditEvent.objects.count())
    response = as_user(people.secadmin).post(url("user_create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_the_security_admin_edits_an_account_and_moves_it_to_another_agency(as_user, people, org):
    response = as_user(people.secadmin).post(url("user_edit", "zsthj_fz"), {
        "full_name": "李法制", "agency": str(org.anlong_sfj.code), "phone": "", "email": "li@example.cn"})
    assert response.status_code == 302
    user = User.objects.get(username="zsthj_fz")
    assert (user.full_name, user.agency, user.region_path) == ("李法制", org.anlong_sfj, org.anlong.region_path)
    event = AuditEvent.objects.filter(action="core.user_update").latest("id")
    assert event.before["full_name"] == "zsthj_fz" and event.after["email"] == "li@example.cn"


def test_deactivating_and_reactivating_an_account_is_audited(as_user, people):
    client = as_user(people.secadmin)
    response = client.post(url("user_set_active", "zsfj_sh"), {"active": "0"})
    assert response.status_code == 302
    assert not User.objects.get(username="zsfj_sh").is_active
    client.post(url("user_set_active", "zsfj_sh"), {"active": "1"})
    assert User.objects.get(username="zsfj_sh").is_active
    assert audit_count("core.user_update") == 2


def test_the_security_admin_cannot_deactivate_their_own_account(as_user, people):
    client = as_user(people.secadmin)
    response = client.post(url("user_set_active", "secadmin"), {"active": "0"}, follow=True)
    assert "不能停用自己的账号" in page_text(response)
    assert User.objects.get(username="secadmin").is_active


def test_deactivating_needs_the_security_admin(as_user, people):
    response = as_user(people.fzb_admin).post(url("user_set_active", "zsfj_sh"), {"active": "0"})
    assert response.status_code == 403
    assert User.objects.get(username="zsfj_sh").is_active


def test_a_password_reset_sets_a_temporary_password_and_is_audited(as_user, people):
    response = as_user(people.secadmin).post(url("user_password", "leader"), {
        "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username="leader")
    assert user.check_password(NEW_PASSWORD) and user.must_change_password
    assert audit_count("core.user_reset_password") == 1


def test_a_weak_reset_password_is_refused_next_to_the_field(as_user, people):
    response = as_user(people.secadmin).post(url("user_password", "leader"), {
        "new_password": "leader", "new_password2": "leader"})
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password"]
    assert "密码长度至少 8 位。" in errors
    assert User.objects.get(username="leader").check_password(PASSWORD)
    assert audit_count("core.user_reset_password") == 0


def test_user_detail_shows_roles_last_login_and_lock_state(as_user, people):
    for _ in range(5):
        lockout.note_attempt("leader", None, False)
    User.objects.filter(username="leader").update(last_login=timezone.now())
    response = as_user(people.secadmin).get(url("user_detail", "leader"))
    text = page_text(response)
    assert response.context["locked"] is True
    assert "已锁定" in text and "领导（只读）" in text and "全部" in text and "从未登录" not in text


def test_the_grant_form_offers_only_the_pairs_the_actor_may_grant(as_user, people, org):
    newbie = make_user("xy_new", org.xingyi_sfj)
    response = as_user(people.xingyi_fzb).get(url("user_detail", newbie.username))
    offered = response.context["offered"]
    assert (Role.COUNTY_FZB, Scope.REGION) in offered
    assert (Role.COUNTY_FZB, Scope.ALL) not in offered  # wider than the county office's own scope
    assert all(role not in (Role.FZB_ADMIN, Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR) for role, _ in offered)
    assert all(not services.grantable(people.xingyi_fzb, role, scope) for role, scope in offered)
    assert "县级依法治县（市）办" in page_text(response)


def test_nobody_is_offered_roles_for_their_own_account(as_user, people):
    response = as_user(people.secadmin).get(url("user_detail", "secadmin"))
    assert response.context["offered"] == [] and response.context["grant_form"] is None
    assert "不能给自己授予或撤销角色" in page_text(response)


def test_a_system_role_is_not_offered_to_a_business_account(as_user, people):
    offered = as_user(people.secadmin).get(url("user_detail", "zsfj_sh")).context["offered"]
    assert offered and all(role not in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR) for role, _ in offered)


def test_granting_a_role_saves_it_and_writes_an_audit_event(as_user, people, org):
    newbie = make_user("xy_new", org.xingyi_sfj)
    response = as_user(people.xingyi_fzb).post(url("user_role_grant", "xy_new"),
                                               {"grant": f"{Role.COUNTY_FZB}:{Scope.AGENCY}"})
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=newbie, role=Role.COUNTY_FZB).scope == Scope.AGENCY
    event = AuditEvent.objects.filter(action="core.role_grant").latest("id")
    assert event.after == {"role": Role.COUNTY_FZB, "scope": Scope.AGENCY} and event.actor == people.xingyi_fzb


def test_a_refused_grant_shows_the_services_chinese_reasons_and_changes_nothing(as_user, people, org):
    newbie = make_user("xy_new", org.xingyi_sfj)
    response = as_user(people.xingyi_fzb).post(url("user_role_grant", "xy_new"),
                                               {"grant": f"{Role.FZB_ADMIN}:{Scope.ALL}"})
    assert response.status_code == 200
    text = page_text(response)
    assert "授予的数据范围（全部）不能大于您自己的范围（本地区及下级）。" in text
    assert "系统管理员、安全管理员、审计管理员只能由安全管理员授予" not in text
    assert not RoleAssignment.objects.filter(user=newbie).exists()
    assert audit_count("core.role_grant") == 0


def test_the_separation_of_the_three_system_roles_is_explained_when_refused(as_user, people):
    response = as_user(people.secadmin).post(url("user_role_grant", "zsfj_sh"),
                                             {"grant": f"{Role.AUDITOR}:{Scope.ALL}"})
    assert "三员分立" in page_text(response)
    assert list(RoleAssignment.objects.filter(user=people.reviewer).values_list("role", flat=True)) == [Role.REVIEWER]


def test_a_malformed_grant_is_refused_in_chinese(as_user, people):
    response = as_user(people.secadmin).post(url("user_role_grant", "zsfj_sh"), {"grant": "boss:everything"})
    assert response.context["grant_form"].errors["grant"] == ["请选择角色及数据范围。"]


def test_granting_needs_the_grant_permission(as_user, people):
    response = as_user(people.zsthj_fz).post(url("user_role_grant", "zsthj_zf1"),
                                             {"grant": f"{Role.DRAFTER}:{Scope.AGENCY}"})
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=people.officer, role=Role.DRAFTER).exists()


def test_revoking_a_role_removes_it_and_writes_an_audit_event(as_user, people):
    response = as_user(people.secadmin).post(url("user_role_revoke", "zsfj_sh", Role.REVIEWER))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=people.reviewer).exists()
    event = AuditEvent.objects.filter(action="core.role_revoke").latest("id")
    assert event.before == {"role": Role.REVIEWER, "scope": Scope.REGION}


def test_revoking_a_role_the_user_does_not_hold_says_so(as_user, people):
    response = as_user(people.secadmin).post(url("user_role_revoke", "zsfj_sh", Role.MEDIATOR), follow=True)
    assert "该用户没有这个角色" in page_text(response)
    assert audit_count("core.role_revoke") == 0


def test_the_revoke_button_shows_only_where_the_actor_may_revoke(as_user, people):
    rows = as_user(people.xingyi_fzb).get(url("user_detail", "xingyi_fzb")).context["role_rows"]
    assert [row["can_revoke"] for row in rows] == [False]  # own account
    rows = as_user(people.secadmin).get(url("user_detail", "leader")).context["role_rows"]
    assert [row["can_revoke"] for row in rows] == [True]


# ---------------------------------------------------------------- calendar


def test_the_calendar_lists_a_years_holidays_and_working_weekends(as_user, people, calendar):
    response = as_user(people.sysadmin).get(url("calendar"), {"year": 2026})
    days = {d.date: d for d in response.context["rows"]}
    assert days[dt.date(2026, 10, 1)].is_working is False
    assert days[dt.date(2026, 10, 10)].is_working is True  # 国庆 调休 Saturday
    assert response.context["year_known"] is True
    assert response.context["known_years"] == [2025, 2026]
    text = page_text(response)
    assert "国庆节" in text and "调休上班" in text and "星期六" in text


def test_the_calendar_warns_when_next_year_is_not_known(as_user, people, calendar):
    response = as_user(people.leader).get(url("calendar"))
    next_year = timezone.localdate().year + 1
    assert response.context["next_year"] == next_year
    if next_year not in (2025, 2026):
        assert f"尚未登记 {next_year} 年的节假日安排" in page_text(response)


def test_an_unknown_year_shows_an_empty_table_with_a_hint(as_user, people, calendar):
    response = as_user(people.sysadmin).get(url("calendar"), {"year": 2031})
    text = page_text(response)
    assert response.context["year_known"] is False
    assert "该年度还没有录入节假日和调休" in text and "未登记" in text


def test_the_calendar_filters_by_kind_and_exports_the_year(as_user, people, calendar):
    client = as_user(people.sysadmin)
    response = client.get(url("calendar"), {"year": 2026, "kind": "working"})
    assert response.context["rows"] and all(d.is_working for d in response.context["rows"])
    export = client.get(url("calendar"), {"year": 2025, "format": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows and all(r[0].year == 2025 for r in rows)
    assert {r[3] for r in rows} == {"放假", "调休上班"}


def test_viewers_see_the_calendar_without_edit_buttons(as_user, people, calendar):
    response = as_user(people.leader).get(url("calendar"), {"year": 2026})
    assert response.status_code == 200
    assert url("calendar_day_create") not in page_text(response)
    assert url("calendar_day_create") in page_text(as_user(people.sysadmin).get(url("calendar")))


def test_the_calendar_admin_adds_a_holiday_and_registers_the_year(as_user, people, calendar):
    client = as_user(people.sysadmin)
    response = client.post(url("calendar_day_create"), {"date": "2027-01-01", "is_working": "0", "name": "元旦"})
    assert response.status_code == 302 and response["Location"] == f"{url('calendar')}?year=2027"
    day = CalendarDay.objects.get(date=dt.date(2027, 1, 1))
    assert (day.is_working, day.name) == (False, "元旦")
    assert audit_count("core.calendar_day_set") == 1

    response = client.post(url("calendar_year_register"), {"year": 2027, "note": "国办发明电〔2026〕7号"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕7号"
    assert audit_count("core.calendar_year_register") == 1


def test_withdrawing_a_years_registration_makes_it_provisional_again_and_is_audited(as_user, people, calendar):
    assert as_user(people.leader).post(url("calendar_year_unregister", 2026)).status_code == 403
    assert CalendarYear.objects.filter(year=2026).exists()
    response = as_user(people.sysadmin).post(url("calendar_year_unregister", 2026))
    assert response.status_code == 302
    assert not CalendarYear.objects.filter(year=2026).exists()
    assert CalendarDay.objects.filter(date__year=2026).exists()
    assert audit_count("core.calendar_year_unregister") == 1
    response = as_user(people.sysadmin).post(url("calendar_year_unregister", 2031), follow=True)
    assert "未能撤销登记：2031 年尚未登记。" in page_text(response)


def test_registering_a_year_without_holidays_is_refused_next_to_the_year(as_user, people, calendar):
    response = as_user(people.sysadmin).post(url("calendar_year_register"), {"year": 2030, "note": ""})
    assert response.status_code == 200
    assert "2030 年还没有录入任何放假日" in response.context["form"].errors["year"][0]
    assert not CalendarYear.objects.filter(year=2030).exists()


def test_a_calendar_day_without_a_name_is_refused_and_nothing_is_written(as_user, people, calendar):
    before = CalendarDay.objects.count()
    response = as_user(people.sysadmin).post(url("calendar_day_create"), {"date": "2027-01-01", "is_working": "0",
                                                                          "name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    response = as_user(people.sysadmin).post(url("calendar_day_create"), {"date": "2027-13-01", "is_working": "0",
                                                                          "name": "元旦"})
    assert response.context["form"].errors["date"] == ["请按“年-月-日”填写日期，如 2027-01-01。"]
    assert CalendarDay.objects.count() == before
    assert audit_count("core.calendar_day_set") == 0


def test_editing_a_day_keeps_its_date_and_changes_its_kind(as_user, people, calendar):
    client = as_user(people.sysadmin)
    response = client.post(url("calendar_day_edit", "2026-10-10"), {"date": "2026-10-11", "is_working": "0",
                                                                     "name": "国庆节"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 10)).is_working is False
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 11)).exists()
    assert client.get(url("calendar_day_edit", "2026-10-12")).status_code == 404
    assert client.get(url("calendar_day_edit", "not-a-date")).status_code == 404


def test_deleting_a_day_returns_it_to_the_weekday_rule_and_is_audited(as_user, people, calendar):
    response = as_user(people.sysadmin).post(url("calendar_day_delete", "2026-10-10"))
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 10)).exists()
    assert audit_count("core.calendar_day_delete") == 1


def test_only_the_calendar_admin_may_delete_a_day(as_user, people, calendar):
    response = as_user(people.leader).post(url("calendar_day_delete", "2026-10-10"))
    assert response.status_code == 403
    assert CalendarDay.objects.filter(date=dt.date(2026, 10, 10)).exists()


# ---------------------------------------------------------------- audit log


def test_the_audit_log_filters_by_action_and_pages_newest_first(as_user, people):
    client = as_user(people.auditor)
    response = client.get(url("audit_list"), {"action": "core.agency_create"})
    rows = response.context["rows"]
    assert len(rows) == 8 and all(e.action == "core.agency_create" for e in rows)
    assert [e.id for e in rows] == sorted((e.id for e in rows), reverse=True)
    first = client.get(url("audit_list"), {"page_size": 5})
    second = client.get(url("audit_list"), {"page_size": 5, "after": first.context["page"].next_cursor})
    assert [e.id for e in second.context["rows"]] == [e.id - 5 for e in first.context["rows"]]


def test_the_audit_log_filters_by_time_from_a_datetime_local_field(as_user, people):
    later = (timezone.localtime() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = as_user(people.auditor).get(url("audit_list"), {"since": later})
    assert response.status_code == 200 and list(response.context["rows"]) == []
    assert "没有符合条件的审计事件" in page_text(response)


def test_the_audit_time_filter_takes_a_plain_date_and_refuses_nonsense_in_chinese(as_user, people):
    client = as_user(people.auditor)
    today = timezone.localdate().isoformat()
    response = client.get(url("audit_list"), {"since": today})
    assert response.context["total"] == AuditEvent.objects.count()
    response = client.get(url("audit_list"), {"since": "昨天"})
    assert response.context["filterset"].form.errors["since"] == ["请按“年-月-日 时:分”填写，如 2026-01-01 08:00。"]
    assert response.context["total"] == 0  # an invalid filter lists nothing rather than everything


def test_a_malformed_agency_filter_lists_no_accounts(as_user, people):
    response = as_user(people.secadmin).get(url("user_list"), {"agency": "not-a-uuid"})
    assert response.status_code == 200 and list(response.context["rows"]) == []
    assert response.context["filterset"].form.errors["agency"]


def test_the_audit_export_holds_every_field_of_the_chain(as_user, people):
    response = as_user(people.auditor).get(url("audit_list"), {"action": "core.user_create", "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "编号" and "本事件哈希" in header and "变更后" in header
    assert sheet.cell(row=2, column=header.index("操作") + 1).value == "新建账号"
    assert sheet.max_row - 1 == User.objects.count()


def test_an_audit_event_shows_its_before_and_after_as_a_diff_table(as_user, people, org):
    services.region_update(actor=people.sysadmin, region=org.anlong, name="安龙县（改）")
    event = AuditEvent.objects.filter(action="core.region_update").latest("id")
    response = as_user(people.auditor).get(url("audit_detail", event.id))
    rows = {r["key"]: r for r in response.context["rows"]}
    assert rows["name"]["label"] == "名称" and rows["name"]["changed"]
    assert (rows["name"]["before"], rows["name"]["after"]) == ("安龙县", "安龙县（改）")
    assert not rows["code"]["changed"]
    assert rows["parent"]["label"] == "上级区划（编号）"
    text = page_text(response)
    assert "已变更" in text and event.hash in text and "修改区划" in text
    assert rows["level"]["after"] == "县市区" and rows["level"]["after_raw"] == RegionLevel.COUNTY


def test_diff_rows_mark_fields_added_and_removed(people):
    event = AuditEvent(object_type="core.rolegrant", before={"role": "a", "scope": "all"}, after={"role": "a"})
    rows = {r["key"]: r for r in diff_rows(event)}
    assert rows["scope"]["removed"] and rows["scope"]["changed"] and not rows["role"]["changed"]
    assert diff_rows(AuditEvent(object_type="", before=None, after=None)) == []


def test_an_out_of_range_audit_event_is_a_404(as_user, people):
    assert as_user(people.auditor).get(url("audit_detail", 999999)).status_code == 404


def test_verifying_an_intact_chain_reports_its_length(as_user, people):
    response = as_user(people.auditor).post(url("audit_verify"), HTTP_HX_REQUEST="true",
                                            HTTP_HX_TARGET="verify-result")
    text = page_text(response)
    assert "<html" not in text
    assert "审计链完整" in text and f"共 {AuditEvent.objects.count()} 条事件" in text


def test_verifying_a_tampered_chain_names_the_first_broken_link(as_user, people):
    target = AuditEvent.objects.filter(action="core.user_create").order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET object_repr = %s WHERE id = %s", ["篡改", target.id])
    assert audit.verify().broken_id == target.id
    response = as_user(people.auditor).post(url("audit_verify"))
    text = page_text(response)
    assert "审计链已断裂" in text and f"#{target.id}" in text and "内容哈希不匹配" in text


# ---------------------------------------------------------------- query counts


def _more_users(org, n):
    for i in range(n):
        user = make_user(f"extra{i:02d}", org.xingyi_sfj, (Role.DRAFTER, Scope.AGENCY))
        lockout.note_attempt(user.username, None, False)


@pytest.mark.parametrize("extra", [0, 30])
def test_the_user_list_costs_the_same_queries_however_many_rows(as_user, people, org, extra,
                                                                django_assert_max_num_queries):
    _more_users(org, extra)
    client = as_user(people.secadmin)
    with django_assert_max_num_queries(14):
        response = client.get(url("user_list"))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "params", "budget"), [
    ("region_list", {}, 14), ("region_list", {"level": 4}, 14), ("agency_list", {}, 14),
    ("calendar", {"year": 2026}, 16),
])
def test_the_org_and_calendar_lists_stay_within_their_query_budget(as_user, people, calendar, name, params, budget,
                                                                    django_assert_max_num_queries):
    client = as_user(people.sysadmin)
    with django_assert_max_num_queries(budget):
        response = client.get(url(name), params)
    assert response.status_code == 200


def test_the_audit_list_stays_within_its_query_budget(as_user, people, django_assert_max_num_queries):
    client = as_user(people.auditor)
    with django_assert_max_num_queries(12):
        response = client.get(url("audit_list"))
    assert response.status_code == 200


def test_user_detail_stays_within_its_query_budget(as_user, people, django_assert_max_num_queries):
    client = as_user(people.secadmin)
    with django_assert_max_num_queries(16):
        response = client.get(url("user_detail", "zsfj_sh"))
    assert response.status_code == 200
