"""Login failure handling (等保三级: 登录失败处理): N failures lock an account, and an address, for M minutes."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import LoginAttempt


def _locked(filter_kwargs: dict) -> bool:
    now = timezone.now()
    window_start = now - timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    last_success = LoginAttempt.objects.filter(succeeded=True, **filter_kwargs).aggregate(t=Max("at"))["t"]
    since = max(window_start, last_success) if last_success else window_start
    failures = LoginAttempt.objects.filter(succeeded=False, at__gt=since, **filter_kwargs).count()
    return failures >= settings.FAZHI_LOCKOUT_ATTEMPTS


def is_locked(username: str, client_ip: str | None) -> bool:
    if username and _locked({"username": username.lower()}):
        return True
    return bool(client_ip) and _locked({"client_ip": client_ip})


def note_attempt(username: str, client_ip: str | None, succeeded: bool, channel: str = "web") -> None:
    LoginAttempt.objects.create(
        username=(username or "").lower()[:150], client_ip=client_ip, succeeded=succeeded,
        channel=channel, at=timezone.now(),
    )


LOCKED_MESSAGE = "登录失败次数过多，账号或地址已被锁定，请 {minutes} 分钟后再试。"


def locked_message() -> str:
    return LOCKED_MESSAGE.format(minutes=settings.FAZHI_LOCKOUT_MINUTES)
