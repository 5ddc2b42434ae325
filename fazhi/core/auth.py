"""Authentication with lockout, shared by the login page and the API token endpoint."""

from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import audit, lockout


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses while the account or the address is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from .context import client_ip_of

        client_ip = client_ip_of(request) if request is not None else None
        if lockout.is_locked(username or "", client_ip):
            raise PermissionDenied(lockout.locked_message())
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # Every page shows the user's agency: load it with the user (one query, not two).
        from .models import User

        user = User._default_manager.select_related("agency").filter(pk=user_id).first()
        return user if self.user_can_authenticate(user) else None


class LoginRefused(Exception):
    def __init__(self, message: str, locked: bool = False):
        super().__init__(message)
        self.message = message
        self.locked = locked


def login_check(request, *, username: str, password: str, channel: str = "web"):
    """Authenticate, record the attempt and its audit event; return the user or raise LoginRefused."""
    from .context import client_ip_of

    client_ip = client_ip_of(request)
    if lockout.is_locked(username or "", client_ip):
        with transaction.atomic():
            lockout.note_refused_while_locked(username, client_ip)
            audit.record(actor=None, action="auth.login_locked", object_type="core.user",
                         object_repr=(username or "")[:150], after={"channel": channel})
        raise LoginRefused(lockout.locked_message(), locked=True)
    # The backend re-checks the lock, so any other path through authenticate() is covered too.
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        lockout.note_attempt(username, client_ip, user is not None, channel)
        if user is None:
            audit.record(actor=None, action="auth.login_failed", object_type="core.user",
                         object_repr=username[:150], after={"channel": channel})
        else:
            audit.record(actor=user, action="auth.login", obj=user, after={"channel": channel})
    if user is None:
        locked_now = lockout.mark_if_locked(username)
        if locked_now or lockout.address_locked(client_ip):
            raise LoginRefused(lockout.locked_message(), locked=True)
        raise LoginRefused("用户名或密码不正确。")
    return user
