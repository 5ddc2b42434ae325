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


def _trusted(address: str, proxies) -> bool:
    import ipaddress

    if not address:
        return "unix" in proxies
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in proxies:
        if entry == "unix":
            continue
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _valid_ip(address: str) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip_of(request) -> str | None:
    """The client address. Without trusted proxies (``FAZHI_TRUSTED_PROXIES``) it is REMOTE_ADDR; when
    the peer is a trusted proxy, it is the right-most X-Forwarded-For hop that is not itself a trusted
    proxy (hops left of it were written by the client and prove nothing)."""
    from django.conf import settings

    proxies = getattr(settings, "FAZHI_TRUSTED_PROXIES", [])
    remote = request.META.get("REMOTE_ADDR") or ""
    if proxies and _trusted(remote, proxies):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            if not _trusted(hop, proxies):
                return _valid_ip(hop)
    return _valid_ip(remote) if remote else None
