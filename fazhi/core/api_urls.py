"""Routes under /api/v1/. URL names are namespaced "api:", e.g. ``api:core-region-detail``.

Other apps add their routers here as ``path("<app>/", include(<app>.api_urls))``-style entries.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import (
    AgencyViewSet,
    AuditEventViewSet,
    CalendarViewSet,
    DeadlineViewSet,
    MePasswordView,
    MeView,
    NotificationViewSet,
    RegionViewSet,
    TokenView,
    UserViewSet,
)

app_name = "api"

core = SimpleRouter()
core.register("regions", RegionViewSet, basename="core-region")
core.register("agencies", AgencyViewSet, basename="core-agency")
core.register("users", UserViewSet, basename="core-user")
core.register("notifications", NotificationViewSet, basename="core-notification")
core.register("deadlines", DeadlineViewSet, basename="core-deadline")
core.register("audit-events", AuditEventViewSet, basename="core-audit-event")
core.register("calendar", CalendarViewSet, basename="core-calendar")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("core/me/", MeView.as_view(), name="core-me"),
    path("core/me/password/", MePasswordView.as_view(), name="core-me-password"),
    path("core/", include(core.urls)),
]
