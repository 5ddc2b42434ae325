"""Per-request facts the audit log needs (client address, request id), held in a context variable.

The middleware sets them; services never receive the request. Jobs and commands run without one.
"""

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    client_ip: str | None = None


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("fazhi_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def activate(client_ip: str | None, request_id: str | None = None):
    return _current.set(RequestContext(request_id=request_id or uuid.uuid4().hex, client_ip=client_ip))


def reset(token) -> None:
    _current.reset(token)


def client_ip_of(request) -> str | None:
    """The client address: REMOTE_ADDR, or the first X-Forwarded-For hop when behind our nginx."""
    from django.conf import settings

    if getattr(settings, "FAZHI_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None
