"""Workspace pages: sign-in/out, password change, navigation, home per role, my deadlines, the inbox."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core import notifications
from fazhi.core.choices import NotificationLevel, Role, Scope
from fazhi.core.context_processors import NAV_ITEMS, NavItem, _visible, nav_sections, register_nav_item
from fazhi.core.models import AuditEvent, Notification, User
from fazhi.core.permissions import role_codes
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.core.views import audit_chain_status, calendar_status

LOGIN = "/accounts/login/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def html(response) -> str:
    return response.content.decode()


def post_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


# ---------------------------------------------------------------- sign-in


def test_login_page_is_chinese_and_mentions_lockout_and_idle_timeout(client, db):
    response = client.get(LOGIN)
    body = html(response)
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in body
    assert "登录" in body and "连续 5 次密码错误" in body
    assert "30 分钟无操作将自动退出" in body


def test_good_password_signs_in_goes_home_and_writes_the_login_audit_event(client, people):
    response = post_login(client, "zsthj_fz")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").wsgi_request.user == people.zsthj_fz
    assert AuditEvent.objects.filter(action="auth.login", actor=people.zsthj_fz).count() == 1


def test_bad_password_shows_a_chinese_message_and_stays_anonymous(client, people):
    response = post_login(client, "zsthj_fz", "wrong-Password-1")
    assert response.status_code == 200
    assert "用户名或密码不正确。" in html(response)
    assert not response.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1


def test_empty_fields_show_chinese_errors_next_to_the_fields(client, db):
    body = html(post_login(client, "", ""))
    assert body.count("该字段是必填项。") == 2
    assert "is-invalid" in body


def test_five_bad_passwords_lock_the_account_even_against_the_right_password(client, people):
    for _ in range(4):
        assert "用户名或密码不正确。" in html(post_login(client, "zsthj_fz", "wrong-Password-1"))
    assert "登录失败次数过多" in html(post_login(client, "zsthj_fz", "wrong-Password-1"))
    response = post_login(client, "zsthj_fz", PASSWORD)
    assert "登录失败次数过多" in html(response)
    assert not response.wsgi_request.user.is_authenticated


def test_login_follows_a_local_next_but_never_an_outside_one(client, people):
    assert post_login(client, "zsthj_fz", next="/inbox/")["Location"] == "/inbox/"
    client.logout()
    assert post_login(client, "zsthj_fz", next="https://evil.example.com/")["Location"] == "/"


def test_signed_in_user_opening_the_login_page_goes_home(client, people):
    client.force_login(people.zsthj_fz)
    assert client.get(LOGIN)["Location"] == "/"


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for url in ["/", "/deadlines/", "/inbox/", "/accounts/password/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(f"{LOGIN}?next=")


# ---------------------------------------------------------------- first login and password change


@pytest.fixture
def newcomer(org):
    return make_user("newcomer", org.zhou_sthj, (Role.LEGAL_STAFF, Scope.AGENCY), must_change_password=True)


def test_first_login_goes_to_the_password_page_and_other_pages_send_back_there(client, newcomer):
    response = post_login(client, "newcomer")
    assert response["Location"] == reverse("core:password_change")
    page = client.get(reverse("core:password_change"))
    assert "首次登录或密码被管理员重置后须先修改密码" in html(page)
    assert page.context["fz_nav_sections"] == []  # no navigation until the password is changed
    for url in ["/", "/deadlines/", "/inbox/"]:
        assert client.get(url)["Location"] == reverse("core:password_change")


def test_wrong_old_password_is_shown_next_to_the_field_and_nothing_changes(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("core:password_change"), {
        "old_password": "not-it-Aa1", "new_password": "New-pass-2026x", "new_password2": "New-pass-2026x"})
    assert response.status_code == 200
    assert "原密码不正确。" in html(response)
    newcomer.refresh_from_db()
    assert newcomer.must_change_password and newcomer.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="core.password_change").exists()


def test_mismatched_new_passwords_are_refused_next_to_the_second_field(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("core:password_change"), {
        "old_password": PASSWORD, "new_password": "New-pass-2026x", "new_password2": "New-pass-2026y"})
    assert response.context["form"].errors["new_password2"] == ["两次输入的新密码不一致。"]
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD)


def test_too_simple_new_password_shows_the_chinese_rule(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("core:password_change"), {
        "old_password": PASSWORD, "new_password": "abcdefgh", "new_password2": "abcdefgh"})
    errors = response.context["form"].errors["new_password"]
    assert any("大写字母、小写字母、数字、特殊字符" in e for e in errors)
    newcomer.refresh_from_db()
    assert newcomer.must_change_password


def test_changing_the_password_clears_the_flag_keeps_the_session_and_is_audited(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("core:password_change"), {
        "old_password": PASSWORD, "new_password": "New-pass-2026x", "new_password2": "New-pass-2026x"})
    assert response["Location"] == "/"
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password("New-pass-2026x")
    assert client.get("/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="core.password_change", actor=newcomer).count() == 1


# ---------------------------------------------------------------- sign-out


def test_logout_by_get_is_not_allowed(client, people):
    client.force_login(people.zsthj_fz)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200


def test_logout_ends_the_session_and_writes_an_audit_event(client, people):
    client.force_login(people.zsthj_fz)
    response = client.post("/accounts/logout/")
    assert response["Location"] == reverse("core:login")
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor == people.zsthj_fz and event.object_id == str(people.zsthj_fz.pk)


# ---------------------------------------------------------------- navigation


def visible_labels(user) -> set[str]:
    user = User.objects.get(pk=user.pk)
    roles = role_codes(user)
    return {item.label for item in NAV_ITEMS if _visible(item, user, roles)}


def test_business_users_see_their_work_and_only_the_admin_pages_their_roles_allow(people):
    assert {"首页", "我的期限", "消息", "行政区划", "单位", "用户与角色", "工作日历"} <= visible_labels(people.fzb_admin)
    assert "审计日志" not in visible_labels(people.fzb_admin)
    officer = visible_labels(people.officer)
    assert {"首页", "我的期限", "消息"} <= officer
    assert not officer & {"用户与角色", "工作日历", "审计日志"}


@pytest.mark.parametrize(("who", "own_pages"), [
    ("sysadmin", {"行政区划", "单位", "工作日历"}),
    ("secadmin", {"用户与角色"}),
    ("auditor", {"审计日志"}),
])
def test_each_system_role_sees_only_its_own_administration_pages(people, who, own_pages):
    # 三员分立: no business page, and not the other system roles' pages either.
    assert visible_labels(getattr(people, who)) == {"首页", "消息"} | own_pages


def test_the_rendered_navigation_marks_the_current_page(client, people):
    client.force_login(people.officer)
    response = client.get("/inbox/")
    sections = response.context["fz_nav_sections"]
    items = {i["label"]: i for s in sections for i in s["items"]}
    assert items["消息"]["active"] and not items["首页"]["active"]
    assert 'aria-current="page"' in html(response)


def test_a_module_section_appears_between_the_workspace_and_the_administration(people, rf, monkeypatch):
    monkeypatch.setattr("fazhi.core.context_processors.NAV_ITEMS", list(NAV_ITEMS))
    monkeypatch.setattr("fazhi.core.context_processors._SECTION_ORDER", ["工作台"])
    register_nav_item(NavItem("规范性文件", "文件备案", "core:inbox", order=5))
    request = rf.get("/")
    request.user = User.objects.get(pk=people.fzb_admin.pk)
    titles = [s["title"] for s in nav_sections(request)]
    assert titles.index("工作台") < titles.index("规范性文件")
    assert titles[-1] == "系统管理"  # the prefecture office administers the org tree and accounts


# ---------------------------------------------------------------- home


def test_home_of_a_business_user_shows_unread_messages_and_pending_work(client, people):
    notifications.notify(recipient=people.zsthj_fz, title="请报送年度执法统计", level=NotificationLevel.WARNING)
    client.force_login(people.zsthj_fz)
    response = client.get("/")
    body = html(response)
    assert "请报送年度执法统计" in body and "未读消息（1）" in body
    assert "我的待办" in body and "已超期的期限" in body
    assert "没有进行中的期限" in body  # an empty list says so
    assert response.context["fz_unread_count"] == 1


def test_home_query_count_stays_small(client, people, calendar, django_assert_max_num_queries):
    for i in range(10):
        make_deadline(people.officer, f"期限{i}")
        notifications.notify(recipient=people.officer, title=f"消息{i}")
    client.force_login(people.officer)
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_home_of_a_user_without_roles_says_whom_to_ask(client, org):
    nobody = make_user("nobody", org.zhou_sthj)
    client.force_login(nobody)
    body = html(client.get("/"))
    assert "尚未被授予任何角色" in body and "我的期限" not in body


def test_sysadmin_home_shows_the_org_tree_and_calendar_status_and_no_business_data(client, people):
    notifications.notify(recipient=people.sysadmin, title="系统通知")
    client.force_login(people.sysadmin)
    response = client.get("/")
    body = html(response)
    assert response.templates[0].name == "core/home_system.html"
    assert "组织机构" in body and "黔西南布依族苗族自治州" in body and "单位 8 个" in body
    assert "工作日历" in body and "尚未录入" in body
    assert "我的期限" not in body and "账号安全" not in body and "审计链状态" not in body


def test_calendar_status_warns_about_next_year_until_it_is_registered(db):
    from fazhi.core.calendar_admin import seed_from_package

    seed_from_package([2025, 2026])
    status = calendar_status(dt.date(2026, 11, 27))
    assert status["years"] == [2025, 2026]
    assert [level for level, _ in status["warnings"]] == ["warning"]
    assert "2027 年的节假日安排尚未录入" in status["warnings"][0][1]
    assert calendar_status(dt.date(2027, 1, 5))["warnings"][0][0] == "danger"


def test_secadmin_home_lists_locked_accounts(client, people):
    for _ in range(5):
        post_login(client, "zsthj_fz", "wrong-Password-1")
    client.force_login(people.secadmin)
    response = client.get("/")
    body = html(response)
    assert "账号安全" in body and "zsthj_fz" in body
    assert [u.username for u in response.context["accounts"]["locked"]] == ["zsthj_fz"]
    assert response.context["accounts"]["total"] == 10
    assert "组织机构" not in body and "审计链状态" not in body


def test_auditor_home_shows_chain_status_and_recent_events(client, people):
    client.force_login(people.auditor)
    response = client.get("/")
    body = html(response)
    assert "审计链状态" in body and "哈希链校验通过" in body
    assert response.context["recent_events"]
    assert "组织机构" not in body and "账号安全" not in body


def test_the_home_chain_check_names_a_tampered_event(people):
    victim = AuditEvent.objects.order_by("-id")[3]
    with connection.cursor() as cursor:  # behind the application's back, as an intruder would
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET object_repr = %s WHERE id = %s",
                       ["篡改", victim.id])
    status = audit_chain_status()
    assert not status["ok"] and status["broken_id"] == victim.id
    assert "哈希不匹配" in status["reason"]


# ---------------------------------------------------------------- my deadlines


def make_deadline(responsible, name, *, start=dt.date(2026, 11, 2), period=10, unit="working_days",
                  agency=None, assign=True):
    from fazhi.core.deadlines import deadline_create

    return deadline_create(actor=None, object_repr=name, rule_code="ogi.reply",
                           legal_source="政府信息公开条例 第三十三条", start_date=start, period=period, unit=unit,
                           agency=agency or responsible.agency, responsible=responsible if assign else None)


@pytest.fixture
def deadlines(people, calendar):
    officer = people.officer
    return {
        "late": make_deadline(officer, "依申请公开答复（迟）", start=dt.date(2026, 9, 1), period=15),
        "soon": make_deadline(officer, "依申请公开答复（近）", start=dt.date(2026, 11, 20), period=20),
        "unassigned": make_deadline(officer, "本单位未分派期限", start=dt.date(2026, 11, 25), period=20,
                                    assign=False),
        "colleague": make_deadline(people.zsthj_fz, "同事的期限", start=dt.date(2026, 11, 25), period=20),
        "anlong": make_deadline(people.anlong_fzb, "安龙县的期限", start=dt.date(2026, 11, 25), period=20),
    }


def test_system_roles_may_not_open_the_deadline_list(client, people):
    client.force_login(people.sysadmin)
    response = client.get("/deadlines/")
    assert response.status_code == 403
    assert "无权访问" in html(response)


def test_my_deadlines_lists_mine_with_the_late_one_highlighted(client, people, deadlines):
    client.force_login(people.officer)
    body = html(client.get("/deadlines/"))
    assert "依申请公开答复（迟）" in body and "依申请公开答复（近）" in body
    assert "同事的期限" not in body and "安龙县的期限" not in body
    assert "本单位未分派期限" not in body  # an officer's scope is their own records
    assert body.count("fz-row-late") == 1 and "已超期" in body


def test_agency_staff_also_see_their_agencys_unassigned_deadlines(client, people, deadlines):
    client.force_login(people.zsthj_fz)
    names = [d.object_repr for d in client.get("/deadlines/").context["page"].items]
    assert names == ["本单位未分派期限", "同事的期限"]  # same due date: in the order they were created


def test_deadline_filters_sort_and_keyset_pages(client, people, deadlines):
    from fazhi.core.deadlines import deadline_complete

    client.force_login(people.officer)
    response = client.get("/deadlines/", {"sort": "-due_date", "page_size": 1})
    assert [d.object_repr for d in response.context["page"].items] == ["依申请公开答复（近）"]
    cursor = response.context["page"].next_cursor
    following = client.get("/deadlines/", {"sort": "-due_date", "page_size": 1, "after": cursor})
    assert [d.object_repr for d in following.context["page"].items] == ["依申请公开答复（迟）"]
    assert "下一页" in html(response) and "下一页" not in html(following) and "第一页" in html(following)

    deadline_complete(actor=None, deadline=deadlines["soon"], on_date=dt.date(2026, 11, 26))
    active = [d.object_repr for d in client.get("/deadlines/").context["page"].items]
    assert active == ["依申请公开答复（迟）"]
    done = client.get("/deadlines/", {"status": "done"}).context["page"].items
    assert [d.object_repr for d in done] == ["依申请公开答复（近）"]
    every = client.get("/deadlines/", {"show": "all", "sort": "due_date"}).context["page"].items
    assert [d.object_repr for d in every] == ["依申请公开答复（迟）", "依申请公开答复（近）"]


def test_an_invalid_filter_value_is_shown_next_to_its_field_and_lists_nothing(client, people, deadlines):
    client.force_login(people.officer)
    response = client.get("/deadlines/", {"due_before": "明天"})
    assert response.context["page"].items == []
    assert "输入一个有效的日期" in html(response)


def test_an_htmx_filter_request_renders_only_the_table(client, people, deadlines):
    client.force_login(people.officer)
    response = client.get("/deadlines/", {"sort": "due_date"}, HTTP_HX_REQUEST="true")
    body = html(response)
    assert "<html" not in body and "依申请公开答复（迟）" in body


def test_deadline_export_is_an_xlsx_with_chinese_headers_and_the_same_rows(client, people, deadlines):
    client.force_login(people.officer)
    response = client.get("/deadlines/", {"format": "xlsx", "show": "all"})
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("事项", "状态", "届满日")
    assert [r[0] for r in rows[1:]] == ["依申请公开答复（迟）", "依申请公开答复（近）"]


def test_deadline_detail_explains_how_the_due_date_was_computed(client, people, deadlines):
    client.force_login(people.officer)
    response = client.get(f"/deadlines/{deadlines['late'].pk}/")
    assert response.status_code == 200
    assert response.context["explain"] and "届满日的计算过程" in html(response)
    assert "政府信息公开条例 第三十三条" in html(response)


def test_a_deadline_outside_my_scope_is_404_like_a_missing_one(client, people, deadlines):
    client.force_login(people.xingyi_fzb)
    assert client.get(f"/deadlines/{deadlines['anlong'].pk}/").status_code == 404
    assert client.get("/deadlines/999999/").status_code == 404
    client.force_login(people.anlong_fzb)
    assert client.get(f"/deadlines/{deadlines['anlong'].pk}/").status_code == 200


def test_deadline_list_query_count_does_not_grow_with_rows(client, people, calendar, django_assert_max_num_queries):
    for i in range(30):
        make_deadline(people.officer, f"期限{i}", start=dt.date(2026, 11, 2) + dt.timedelta(days=i % 7))
    client.force_login(people.officer)
    with django_assert_max_num_queries(12):
        assert client.get("/deadlines/").status_code == 200


# ---------------------------------------------------------------- inbox


@pytest.fixture
def inbox_of_officer(people):
    mine = [notifications.notify(recipient=people.officer, title=f"提醒{i}", body=f"第{i}条正文", link="/deadlines/")
            for i in range(3)]
    theirs = notifications.notify(recipient=people.zsthj_fz, title="别人的消息")
    return mine, theirs


def test_inbox_lists_only_my_notifications_with_the_unread_count_in_the_header(client, people, inbox_of_officer):
    client.force_login(people.officer)
    response = client.get("/inbox/")
    body = html(response)
    assert "提醒0" in body and "提醒2" in body and "别人的消息" not in body
    assert 'id="fz-unread"' in body and 'data-count="3"' in body


def test_inbox_filters_unread(client, people, inbox_of_officer):
    mine, _ = inbox_of_officer
    notifications.notification_mark_read(actor=people.officer, notification_ids=[mine[0].pk])
    client.force_login(people.officer)
    items = client.get("/inbox/", {"unread": "true"}).context["page"].items
    assert [n.title for n in items] == ["提醒2", "提醒1"]


def test_opening_a_notification_marks_it_read_and_shows_its_body(client, people, inbox_of_officer):
    mine, _ = inbox_of_officer
    client.force_login(people.officer)
    response = client.post(f"/inbox/{mine[1].pk}/open/")
    assert response["Location"] == f"/inbox/{mine[1].pk}/"
    page = client.get(response["Location"])
    assert "第1条正文" in html(page) and "前往处理" in html(page)
    assert Notification.objects.get(pk=mine[1].pk).read_at is not None
    assert notifications.unread_count(people.officer) == 2
    assert AuditEvent.objects.filter(action="core.notification_read", actor=people.officer).count() == 1


def test_someone_elses_notification_is_404_and_stays_unread(client, people, inbox_of_officer):
    _, theirs = inbox_of_officer
    client.force_login(people.officer)
    assert client.post(f"/inbox/{theirs.pk}/open/").status_code == 404
    assert client.get(f"/inbox/{theirs.pk}/").status_code == 404
    client.post("/inbox/read/", {"ids": [theirs.pk]})
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_with_htmx_returns_the_row_and_the_new_badge(client, people, inbox_of_officer):
    mine, _ = inbox_of_officer
    client.force_login(people.officer)
    response = client.post("/inbox/read/", {"ids": mine[0].pk}, HTTP_HX_REQUEST="true")
    body = html(response)
    assert f'id="notification-{mine[0].pk}"' in body and 'data-read="1"' in body
    assert 'hx-swap-oob="true"' in body and 'data-count="2"' in body


def test_mark_all_read_and_bad_requests(client, people, inbox_of_officer):
    client.force_login(people.officer)
    assert client.get("/inbox/read/").status_code == 405
    assert client.post("/inbox/read/", {"ids": "x"}).status_code == 400
    assert client.post("/inbox/read/").status_code == 400
    response = client.post("/inbox/read/", {"all": "1"}, follow=True)
    assert "已将 3 条消息标为已读。" in html(response)
    assert notifications.unread_count(people.officer) == 0
    assert notifications.unread_count(people.zsthj_fz) == 1


def test_inbox_export_is_an_xlsx_of_my_messages(client, people, inbox_of_officer):
    client.force_login(people.officer)
    response = client.get("/inbox/", {"format": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("时间", "级别", "标题")
    assert [r[2] for r in rows[1:]] == ["提醒2", "提醒1", "提醒0"]


def test_a_notification_link_to_another_site_is_not_offered(client, people):
    note = notifications.notify(recipient=people.officer, title="外链", link="https://evil.example.com/")
    client.force_login(people.officer)
    assert "前往处理" not in html(client.get(f"/inbox/{note.pk}/"))


def test_inbox_query_count_does_not_grow_with_rows(client, people, django_assert_max_num_queries):
    for i in range(40):
        notifications.notify(recipient=people.officer, title=f"消息{i}")
    client.force_login(people.officer)
    with django_assert_max_num_queries(10):
        assert client.get("/inbox/").status_code == 200


# ---------------------------------------------------------------- error pages


def test_a_forbidden_page_answers_with_a_chinese_403_that_says_why(client, people):
    client.force_login(people.auditor)
    response = client.get("/deadlines/")
    assert response.status_code == 403
    assert "您没有查看此页面的权限。" in html(response) and "返回首页" in html(response)


def test_missing_pages_answer_with_a_chinese_404(client, people):
    client.force_login(people.officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in html(response)


def test_the_500_page_renders_without_a_request_context():
    from django.template import loader

    body = loader.get_template("500.html").render()
    assert "系统出错" in body and "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in body
