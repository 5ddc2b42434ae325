"""Issue 7 §5 lockout: tokens of a locked account stop working; the per-address limit is separate and
higher; refused tries do not count; the unlock lifts both locks; the client address behind a trusted proxy."""

import pytest
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from fazhi.core import lockout, services
from fazhi.core.auth import LoginRefused, login_check
from fazhi.core.context import client_ip_of
from fazhi.core.models import AuditEvent, LoginAttempt
from fazhi.core.tests.api_support import url
from fazhi.core.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _request(ip):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)


def _try(username, password, ip="10.0.0.1"):
    try:
        return login_check(_request(ip), username=username, password=password)
    except LoginRefused as refused:
        return refused


def _fail(username, ip="10.0.0.1", times=1):
    for _ in range(times):
        assert isinstance(_try(username, "Wrong-pass-1", ip), LoginRefused)


def test_the_address_limit_is_a_setting_higher_than_the_account_limit(settings):
    assert settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS > settings.FAZHI_LOCKOUT_ATTEMPTS


def test_one_persons_typos_lock_the_account_not_the_office_behind_the_same_address(people, settings):
    _fail("zsthj_fz", ip="10.5.5.5", times=settings.FAZHI_LOCKOUT_ATTEMPTS)
    assert lockout.account_locked("zsthj_fz")
    assert not lockout.address_locked("10.5.5.5")
    assert _try("leader", PASSWORD, ip="10.5.5.5") == people.leader


def test_the_address_locks_at_its_own_limit_and_not_one_failure_before(people, settings):
    settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS = 8
    for i in range(7):
        _fail(f"nobody{i}", ip="10.6.6.6")
    assert not lockout.address_locked("10.6.6.6")
    assert _try("leader", PASSWORD, ip="10.6.6.6") == people.leader
    # A success from the address does not reset the address count.
    _fail("nobody7", ip="10.6.6.6")
    assert lockout.address_locked("10.6.6.6")
    assert getattr(_try("leader", PASSWORD, ip="10.6.6.6"), "locked", False)


def test_tries_refused_by_a_lock_are_recorded_but_are_not_new_failures(people, settings):
    settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS = 8
    _fail("zsthj_fz", ip="10.7.7.7", times=5)
    for _ in range(10):  # an attacker keeps knocking on the locked account from the same address
        assert _try("zsthj_fz", "Wrong-pass-1", ip="10.7.7.7").locked
    assert LoginAttempt.objects.filter(channel=lockout.LOCKED_CHANNEL).count() == 10
    assert not lockout.address_locked("10.7.7.7")
    assert AuditEvent.objects.filter(action="auth.login_locked").count() == 10


def test_a_locked_accounts_token_stops_working_and_works_again_after_the_unlock(people):
    key = APIClient().post("/api/v1/auth/token/", {"username": "leader", "password": PASSWORD},
                           format="json").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(url("core-me")).status_code == 200
    _fail("leader", times=5)
    refused = client.get(url("core-me"))
    assert refused.status_code == 401
    assert "锁定" in refused.json()["detail"]
    services.account_unlock(actor=people.secadmin, user=people.leader)
    assert client.get(url("core-me")).status_code == 200


def test_the_unlock_lifts_the_account_and_the_address_its_failures_locked(people, settings):
    settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS = 6
    _fail("leader", ip="10.8.8.8", times=5)
    _fail("someone", ip="10.8.8.8")
    assert lockout.account_locked("leader") and lockout.address_locked("10.8.8.8")
    services.account_unlock(actor=people.secadmin, user=people.leader)
    assert not lockout.account_locked("leader") and not lockout.address_locked("10.8.8.8")
    assert _try("leader", PASSWORD, ip="10.8.8.8") == people.leader
    event = AuditEvent.objects.get(action="core.account_unlock")
    assert event.after == {"addresses": ["10.8.8.8"]}


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    ([], "10.0.0.2", "1.2.3.4", "10.0.0.2"),                       # no trusted proxy: the header is ignored
    (["unix"], "", "192.168.3.4", "192.168.3.4"),                   # nginx on the gunicorn socket
    (["10.0.0.2"], "10.0.0.9", "1.2.3.4", "10.0.0.9"),              # an untrusted peer cannot claim an address
    (["10.0.0.0/24"], "10.0.0.2", "6.6.6.6, 192.168.3.4, 10.0.0.3", "192.168.3.4"),  # right-most untrusted hop
    (["unix"], "", "not-an-ip", None),
])
def test_the_client_address_comes_only_from_trusted_proxies(proxies, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(FAZHI_TRUSTED_PROXIES=proxies):
        assert client_ip_of(request) == expected


def test_the_shipped_nginx_passes_the_client_address_and_the_example_trusts_it():
    from django.conf import settings

    root = settings.BASE_DIR / "deploy"
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in (root / "nginx.conf").read_text()
    assert "FAZHI_TRUSTED_PROXIES=unix" in (root / "fazhi.env.example").read_text()
