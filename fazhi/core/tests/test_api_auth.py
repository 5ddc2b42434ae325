"""Token login with lockout, anonymous access, the first-login password gate, and core/me/."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from fazhi.core import notifications
from fazhi.core.models import AuditEvent, LoginAttempt
from fazhi.core.tests.api_support import all_messages, client_for, is_chinese, url
from fazhi.core.tests.factories import PASSWORD, make_user

TOKEN_URL = "/api/v1/auth/token/"


def _login(username, password, ip="10.0.0.1"):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json",
                            REMOTE_ADDR=ip)


# ---------------------------------------------------------------- token login


def test_a_correct_password_returns_a_token_that_authenticates_later_requests(people):
    response = _login("xingyi_fzb", PASSWORD)
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(key=key).user == people.xingyi_fzb
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(url("core-me")).json()["username"] == "xingyi_fzb"


def test_logging_in_twice_returns_the_same_token(people):
    assert _login("leader", PASSWORD).json()["token"] == _login("leader", PASSWORD).json()["token"]


def test_a_token_login_is_recorded_as_an_api_attempt_and_audited(people):
    _login("leader", PASSWORD, ip="10.2.3.4")
    attempt = LoginAttempt.objects.latest("id")
    assert (attempt.username, attempt.channel, attempt.succeeded, attempt.client_ip) == ("leader", "api", True, "10.2.3.4")
    event = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert event.actor == people.leader and event.after == {"channel": "api"}


def test_a_wrong_password_is_a_400_in_chinese_and_gives_no_token(people):
    response = _login("leader", "Wrong-pass-1")
    assert response.status_code == 400
    assert response.json() == {"detail": "用户名或密码不正确。", "locked": False}
    assert not Token.objects.filter(user=people.leader).exists()
    assert AuditEvent.objects.filter(action="auth.login_failed", object_repr="leader").exists()


def test_missing_credentials_are_field_errors_in_chinese(people):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"username", "password"}
    assert all(is_chinese(m) for m in all_messages(body))
    assert not LoginAttempt.objects.exists()


def test_malformed_json_is_a_400_in_chinese(people):
    response = APIClient().post(TOKEN_URL, '{"username": "leader",', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容不是有效的 JSON。"}


def test_a_json_list_instead_of_an_object_is_a_400(people):
    response = APIClient().post(TOKEN_URL, ["leader", PASSWORD], format="json")
    assert response.status_code == 400
    assert all(is_chinese(m) for m in all_messages(response.json()))


def test_five_failures_lock_the_account_even_from_other_addresses_and_with_the_right_password(people):
    for i in range(4):
        assert _login("zsthj_fz", "Wrong-pass-1", ip=f"10.0.1.{i}").status_code == 400
    assert _login("zsthj_fz", "Wrong-pass-1", ip="10.0.1.5").status_code == 403  # the fifth locks
    response = _login("zsthj_fz", PASSWORD, ip="10.0.9.9")
    assert response.status_code == 403
    body = response.json()
    assert body["locked"] is True and "15 分钟" in body["detail"]
    assert not Token.objects.filter(user=people.zsthj_fz).exists()
    assert AuditEvent.objects.filter(action="auth.login_locked").exists()


def test_four_failures_do_not_lock_the_account(people):
    for _ in range(4):
        _login("zsthj_fz", "Wrong-pass-1")
    assert _login("zsthj_fz", PASSWORD).status_code == 200


def test_failures_from_one_address_lock_that_address_but_not_others(people, settings):
    settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS = 5
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _login(name, "Wrong-pass-1", ip="10.9.9.9")
    assert _login("leader", PASSWORD, ip="10.9.9.9").status_code == 403
    assert _login("leader", PASSWORD, ip="10.9.9.8").status_code == 200


def test_api_and_web_failures_count_toward_the_same_lock(people, client):
    for _ in range(3):
        _login("leader", "Wrong-pass-1")
    LoginAttempt.objects.bulk_create(
        [LoginAttempt(username="leader", client_ip="10.7.7.7", succeeded=False, channel="web",
                      at=LoginAttempt.objects.latest("id").at) for _ in range(2)]
    )
    assert _login("leader", PASSWORD).status_code == 403


def test_an_inactive_account_gets_no_token_and_its_old_token_stops_working(people):
    client = client_for(people.leader)
    people.leader.is_active = False
    people.leader.save(update_fields=["is_active"])
    assert _login("leader", PASSWORD).status_code == 400
    assert client.get(url("core-me")).status_code == 401


def test_a_bogus_token_is_a_401(people):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(url("core-me")).status_code == 401


# ---------------------------------------------------------------- anonymous


ANONYMOUS_GETS = [
    ("core-me", {}),
    ("core-region-list", {}),
    ("core-region-detail", {"code": "522301"}),
    ("core-agency-list", {}),
    ("core-user-list", {}),
    ("core-user-detail", {"username": "leader"}),
    ("core-notification-list", {}),
    ("core-deadline-list", {}),
    ("core-audit-event-list", {}),
    ("core-agency-detail", {"code": "00000000-0000-0000-0000-000000000000"}),
    ("core-notification-detail", {"pk": 1}),
    ("core-deadline-detail", {"pk": 1}),
    ("core-audit-event-detail", {"pk": 1}),
    ("core-calendar-add-working-days", {}),
    ("core-calendar-working-days-between", {}),
    ("core-calendar-add-days-statutory", {}),
]

ANONYMOUS_POSTS = [
    ("core-me-password", {}),
    ("core-region-list", {}),
    ("core-agency-list", {}),
    ("core-user-list", {}),
    ("core-user-roles", {"username": "leader"}),
    ("core-user-reset-password", {"username": "leader"}),
    ("core-notification-mark-read", {}),
    ("core-deadline-transition", {"pk": 1}),
]


@pytest.mark.parametrize(("name", "kwargs"), ANONYMOUS_GETS)
def test_an_anonymous_read_is_a_401_with_a_token_challenge(people, name, kwargs):
    response = APIClient().get(url(name, **kwargs))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert is_chinese(response.json()["detail"])


@pytest.mark.parametrize(("name", "kwargs"), ANONYMOUS_POSTS)
def test_an_anonymous_write_is_a_401_and_changes_nothing(people, name, kwargs):
    before = AuditEvent.objects.count()
    response = APIClient().post(url(name, **kwargs), {"name": "x"}, format="json")
    assert response.status_code == 401
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("name", "kwargs"), [
    ("core-region-detail", {"code": "522301"}),
    ("core-user-detail", {"username": "leader"}),
])
def test_an_anonymous_update_is_a_401_and_changes_nothing(people, name, kwargs):
    before = AuditEvent.objects.count()
    assert APIClient().patch(url(name, **kwargs), {"name": "x", "full_name": "x"}, format="json").status_code == 401
    assert AuditEvent.objects.count() == before


def test_an_anonymous_agency_update_is_a_401(org, people):
    response = APIClient().patch(url("core-agency-detail", code=org.anlong_sfj.code), {"name": "x"}, format="json")
    assert response.status_code == 401
    org.anlong_sfj.refresh_from_db()
    assert org.anlong_sfj.name == "安龙县司法局"


def test_an_anonymous_role_revocation_is_a_401(people):
    response = APIClient().delete(url("core-user-revoke-role", username="leader", role="leader"))
    assert response.status_code == 401
    assert people.leader.role_assignments.filter(role="leader").exists()


# ---------------------------------------------------------------- first-login password gate


@pytest.fixture
def newcomer(org):
    from fazhi.core.choices import Role, Scope

    return make_user("newcomer", org.xingyi_sfj, (Role.COUNTY_FZB, Scope.REGION), must_change_password=True)


@pytest.mark.parametrize("name", ["core-region-list", "core-agency-list", "core-user-list", "core-notification-list",
                                  "core-deadline-list", "core-audit-event-list"])
def test_a_user_who_must_change_the_password_is_refused_everywhere_else(newcomer, name):
    response = client_for(newcomer).get(url(name))
    assert response.status_code == 403
    assert response.json() == {"detail": "首次登录须先修改密码。"}


def test_the_password_gate_also_covers_writes_and_the_calendar(newcomer, org):
    client = client_for(newcomer)
    assert client.post(url("core-notification-mark-read"), {}, format="json").status_code == 403
    calc = client.get(url("core-calendar-add-working-days"), {"start": "2026-01-05", "days": 3})
    assert calc.status_code == 403 and calc.json()["detail"] == "首次登录须先修改密码。"


def test_a_user_who_must_change_the_password_can_log_in_and_read_me(newcomer):
    assert _login("newcomer", PASSWORD).status_code == 200
    response = client_for(newcomer).get(url("core-me"))
    assert response.status_code == 200
    assert response.json()["must_change_password"] is True


def test_changing_the_password_opens_the_gate(newcomer):
    client = client_for(newcomer)
    response = client.post(url("core-me-password"), {"old_password": PASSWORD, "new_password": "Fresh-pass-2026"},
                           format="json")
    assert response.status_code == 200 and response.json()["detail"] == "密码已修改，原令牌已作废。"
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password("Fresh-pass-2026")
    assert client.get(url("core-region-list")).status_code == 401  # the old token died with the old password
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(url("core-region-list")).status_code == 200
    assert AuditEvent.objects.filter(action="core.password_change", actor=newcomer).exists()


# ---------------------------------------------------------------- me/ and me/password/


def test_me_describes_the_account_agency_region_path_roles_permissions_and_unread_count(people, org):
    notifications.notify(recipient=people.xingyi_fzb, title="一")
    notifications.notify(recipient=people.xingyi_fzb, title="二")
    body = client_for(people.xingyi_fzb).get(url("core-me")).json()
    assert body["username"] == "xingyi_fzb" and body["full_name"] == "xingyi_fzb"
    assert body["agency"] == {"code": str(org.xingyi_sfj.code), "name": "兴义市司法局"}
    assert body["region_path"] == [{"code": "522300", "name": "黔西南布依族苗族自治州"},
                                   {"code": "522301", "name": "兴义市"}]
    assert body["roles"] == [{"role": "county_fzb", "role_label": "县级依法治县（市）办",
                              "scope": "region", "scope_label": "本地区及下级"}]
    assert "core.view_org" in body["permissions"] and "core.view_audit" not in body["permissions"]
    assert body["permissions"] == sorted(body["permissions"])
    assert body["unread_notifications"] == 2
    assert body["must_change_password"] is False


def test_me_for_the_auditor_lists_only_the_audit_permission(people):
    body = client_for(people.auditor).get(url("core-me")).json()
    assert body["permissions"] == ["core.view_audit"]
    assert body["roles"][0]["role_label"] == "审计管理员"


def test_a_wrong_old_password_is_a_field_error_and_changes_nothing(people):
    client = client_for(people.leader)
    response = client.post(url("core-me-password"), {"old_password": "nope", "new_password": "Fresh-pass-2026"},
                           format="json")
    assert response.status_code == 400
    assert response.json()["old_password"] == ["原密码不正确。"]
    people.leader.refresh_from_db()
    assert people.leader.check_password(PASSWORD)


def test_a_weak_new_password_is_a_chinese_field_error_on_new_password(people):
    response = client_for(people.leader).post(url("core-me-password"),
                                              {"old_password": PASSWORD, "new_password": "abc"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "new_password" in body and "password" not in body
    assert all(is_chinese(m) for m in body["new_password"])
    people.leader.refresh_from_db()
    assert people.leader.check_password(PASSWORD)


def test_a_password_change_without_fields_lists_both_as_required(people):
    response = client_for(people.leader).post(url("core-me-password"), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"old_password": ["该字段是必填项。"], "new_password": ["该字段是必填项。"]}
