from django.shortcuts import redirect
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
