"""Login failure handling (等保三级: 登录失败处理).

Two separate locks, each for ``FAZHI_LOCKOUT_MINUTES``:

- the account: ``FAZHI_LOCKOUT_ATTEMPTS`` failures for one user name since its last success;
- the address: ``FAZHI_LOCKOUT_ADDRESS_ATTEMPTS`` failures from one client address (higher: a whole office
  may sit behind one NAT address, and one person's typos must not lock everyone out). A successful login
  from the address does not reset it (an attacker holding one account could otherwise reset it at will);
  the security administrator's unlock does.

Attempts refused because of a lock are recorded (channel ``locked``) but are not new failures: a lock
lasts its time and is not prolonged by someone knocking on it. While its account is locked, a user's
API tokens are refused (``LockoutTokenAuthentication``).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import LoginAttempt

LOCKED_CHANNEL = "locked"
UNLOCK_CHANNEL = "unlock"


def _window_start():
    return timezone.now() - timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)


def _failures_since(since, **filter_kwargs) -> int:
    return (LoginAttempt.objects.filter(succeeded=False, at__gt=since, **filter_kwargs)
            .exclude(channel=LOCKED_CHANNEL).count())


def account_locked(username: str) -> bool:
    if not username:
        return False
    username = username.lower()
    last_success = LoginAttempt.objects.filter(succeeded=True, username=username).aggregate(t=Max("at"))["t"]
    since = max(_window_start(), last_success) if last_success else _window_start()
    return _failures_since(since, username=username) >= settings.FAZHI_LOCKOUT_ATTEMPTS


def address_locked(client_ip: str | None) -> bool:
    if not client_ip:
        return False
    last_unlock = (LoginAttempt.objects.filter(succeeded=True, client_ip=client_ip, channel=UNLOCK_CHANNEL)
                   .aggregate(t=Max("at"))["t"])
    since = max(_window_start(), last_unlock) if last_unlock else _window_start()
    return _failures_since(since, client_ip=client_ip) >= settings.FAZHI_LOCKOUT_ADDRESS_ATTEMPTS


def is_locked(username: str, client_ip: str | None) -> bool:
    return account_locked(username) or address_locked(client_ip)


def note_attempt(username: str, client_ip: str | None, succeeded: bool, channel: str = "web") -> None:
    LoginAttempt.objects.create(
        username=(username or "").lower()[:150], client_ip=client_ip, succeeded=succeeded,
        channel=channel, at=timezone.now(),
    )


def note_refused_while_locked(username: str, client_ip: str | None) -> None:
    """A try refused by a lock: kept for the record, never counted as a failure."""
    note_attempt(username, client_ip, False, LOCKED_CHANNEL)


def mark_if_locked(username: str) -> bool:
    """After a failure: if the account is now locked, note it on the user row (for token checks)."""
    from .models import User

    if not account_locked(username):
        return False
    until = timezone.now() + timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    User.objects.filter(username__iexact=username).update(login_locked_until=until)
    return True


def lift(username: str) -> list[str]:
    """The security administrator's unlock: lifts the account's lock and the lock of every address its
    recent failures came from. Returns the addresses unlocked."""
    from .models import User

    User.objects.filter(username__iexact=username).update(login_locked_until=None)
    username = username.lower()
    note_attempt(username, None, True, UNLOCK_CHANNEL)
    addresses = (LoginAttempt.objects.filter(username=username, succeeded=False, at__gt=_window_start())
                 .exclude(client_ip=None).values_list("client_ip", flat=True).distinct())
    lifted = [ip for ip in addresses if address_locked(ip)]
    for ip in lifted:
        note_attempt(username, ip, True, UNLOCK_CHANNEL)
    return lifted


LOCKED_MESSAGE = "登录失败次数过多，账号或地址已被锁定，请 {minutes} 分钟后再试。"


def locked_message() -> str:
    return LOCKED_MESSAGE.format(minutes=settings.FAZHI_LOCKOUT_MINUTES)


class LockoutTokenAuthentication(TokenAuthentication):
    """DRF token authentication that refuses the tokens of an account while it is locked."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        flagged = user.login_locked_until is not None and user.login_locked_until > timezone.now()
        if flagged and account_locked(user.get_username()):
            raise AuthenticationFailed(locked_message())
        return user, token
