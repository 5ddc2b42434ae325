"""等保三级 login failure handling: 5 failures lock the account, and the address, for 15 minutes."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from fazhi.core import context
from fazhi.core.auth import LoginRefused, login_check
from fazhi.core.models import AuditEvent, LoginAttempt
from fazhi.core.tests.factories import PASSWORD


def _request(ip="10.0.0.1"):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)


def _fail(username, ip="10.0.0.1", times=1):
    for _ in range(times):
        with pytest.raises(LoginRefused):
            login_check(_request(ip), username=username, password="wrong-Pass-1")


def test_a_correct_password_logs_in_and_is_audited(people):
    token = context.activate("10.0.0.9", "req-1")
    try:
        user = login_check(_request("10.0.0.9"), username="zsthj_fz", password=PASSWORD)
    finally:
        context.reset(token)
    assert user == people.zsthj_fz
    event = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert event.actor == people.zsthj_fz and event.client_ip == "10.0.0.9" and event.request_id == "req-1"


def test_a_failure_is_audited_without_an_actor(people):
    _fail("zsthj_fz")
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("id")
    assert event.actor is None and event.object_repr == "zsthj_fz"


def test_five_failures_lock_the_account_even_for_the_right_password(people):
    _fail("zsthj_fz", times=4)
    assert login_check(_request(), username="zsthj_fz", password=PASSWORD)  # 4 failures: still open
    _fail("zsthj_fz", ip="10.0.0.2", times=5)
    with pytest.raises(LoginRefused) as exc:
        login_check(_request("10.0.0.3"), username="zsthj_fz", password=PASSWORD)
    assert exc.value.locked and "15 分钟" in exc.value.message
    assert AuditEvent.objects.filter(action="auth.login_locked").exists()


def test_the_lock_lifts_after_fifteen_minutes(people):
    _fail("zsthj_fz", times=5)
    LoginAttempt.objects.filter(username="zsthj_fz").update(at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert login_check(_request(), username="zsthj_fz", password=PASSWORD) == people.zsthj_fz


def test_failures_from_one_address_lock_that_address_for_every_account(people, settings):
    settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS = 5
    for name in ("a1", "a2", "a3", "a4", "a5"):
        _fail(name, ip="10.9.9.9")
    with pytest.raises(LoginRefused) as exc:
        login_check(_request("10.9.9.9"), username="leader", password=PASSWORD)
    assert exc.value.locked
    assert login_check(_request("10.9.9.8"), username="leader", password=PASSWORD) == people.leader


def test_the_username_is_matched_case_insensitively_for_lockout(people):
    _fail("ZSTHJ_FZ", times=5)
    with pytest.raises(LoginRefused):
        login_check(_request("10.1.1.1"), username="zsthj_fz", password=PASSWORD)


def test_an_inactive_account_cannot_log_in(people):
    people.leader.is_active = False
    people.leader.save(update_fields=["is_active"])
    with pytest.raises(LoginRefused) as exc:
        login_check(_request(), username="leader", password=PASSWORD)
    assert not exc.value.locked


def test_the_security_administrator_lifts_a_lockout_early_and_it_is_audited(people, client):
    from django.urls import reverse

    _fail("zsthj_fz", times=5)
    client.force_login(people.secadmin)
    page = client.get(reverse("core:user_detail", args=["zsthj_fz"])).content.decode()
    assert "解除锁定" in page
    client.post(reverse("core:user_unlock", args=["zsthj_fz"]))
    assert login_check(_request("10.0.0.7"), username="zsthj_fz", password=PASSWORD) == people.zsthj_fz
    event = AuditEvent.objects.filter(action="core.account_unlock").get()
    assert event.actor == people.secadmin


def test_only_the_security_administrator_unlocks_and_only_a_locked_account(people):
    from fazhi.core import services
    from fazhi.core.errors import NotPermitted, ServiceError

    with pytest.raises(ServiceError):
        services.account_unlock(actor=people.secadmin, user=people.zsthj_fz)
    _fail("zsthj_fz", times=5)
    with pytest.raises(NotPermitted):
        services.account_unlock(actor=people.fzb_admin, user=people.zsthj_fz)
    assert not AuditEvent.objects.filter(action="core.account_unlock").exists()
