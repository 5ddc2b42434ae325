from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse

from . import context


class RequestContextMiddleware:
    """Give every request an id and remember its client address for the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or None
        token = context.activate(context.client_ip_of(request), request_id)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        return response


class PasswordChangeRequiredMiddleware:
    """Seeded and reset accounts must change their password before doing anything else."""

    ALLOWED_PREFIXES = ("/static/", "/accounts/", "/api/", "/portal/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            return redirect(reverse("core:password_change"))
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Every HTML page carries a Content-Security-Policy: scripts, styles, fonts, images and requests from
    this site only, no inline script, no framing. Responses that set their own policy (attachment
    downloads) keep it. Inline ``style`` attributes are allowed (templates and htmx's indicator use them).
    The vendored API documentation pages (Swagger UI, ReDoc) start themselves with an inline script: they
    alone get ``FAZHI_CSP_API_DOCS``."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.FAZHI_CSP
        self.docs_policy = settings.FAZHI_CSP_API_DOCS
        self.docs_paths = tuple(settings.FAZHI_CSP_API_DOCS_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        docs = request.path.startswith(self.docs_paths)
        response["Content-Security-Policy"] = self.docs_policy if docs else self.policy
        return response


class UrlTooLongMiddleware:
    """An over-long address (a pasted search, a looping redirect) gets a Chinese 414 page, not the server's
    English "Request Line is too large". gunicorn.conf.py lets lines up to 8190 bytes reach Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "FAZHI_MAX_URL_LENGTH", 2048)
        if len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", "")) > limit:
            return render(request, "414.html", {"limit": limit}, status=414)
        return self.get_response(request)
