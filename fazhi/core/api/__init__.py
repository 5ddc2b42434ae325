"""The core REST API (serializers in ``serializers``; viewsets by area). Routes: ``fazhi.core.api_urls``."""

from .accounts import MePasswordView, MeView, TokenView, UserViewSet
from .org import AgencyViewSet, RegionViewSet
from .work import AuditEventViewSet, CalendarViewSet, DeadlineViewSet, NotificationViewSet

__all__ = [
    "AgencyViewSet",
    "AuditEventViewSet",
    "CalendarViewSet",
    "DeadlineViewSet",
    "MePasswordView",
    "MeView",
    "NotificationViewSet",
    "RegionViewSet",
    "TokenView",
    "UserViewSet",
]
