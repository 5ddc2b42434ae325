"""Reads that depend on who asks. Pages, exports and the API all use these."""

from django.db.models import Count, Q, QuerySet

from .models import Agency, AuditEvent, Deadline, Notification, Region, User
from .permissions import P
from .scope import restrict


def region_list(*, user) -> QuerySet[Region]:
    return restrict(Region.objects.select_related("parent"), user, P.VIEW_ORG)


def agency_list(*, user) -> QuerySet[Agency]:
    return restrict(Agency.objects.select_related("region", "parent"), user, P.VIEW_ORG)


def user_list(*, user) -> QuerySet[User]:
    return restrict(
        User.objects.select_related("agency", "agency__region").prefetch_related("role_assignments"),
        user,
        P.VIEW_USER,
    )


def deadline_list(*, user) -> QuerySet[Deadline]:
    return restrict(Deadline.objects.select_related("agency", "responsible"), user, P.VIEW_DEADLINE)


def my_deadlines(*, user) -> QuerySet[Deadline]:
    """Deadlines the user is responsible for, plus their agency's unassigned ones."""
    return deadline_list(user=user).filter(
        Q(responsible=user) | Q(responsible__isnull=True, agency_id=user.agency_id)
    )


def notification_list(*, user) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def audit_event_list(*, user) -> QuerySet[AuditEvent]:
    return restrict(AuditEvent.objects.all(), user, P.VIEW_AUDIT)


def get_scoped(queryset: QuerySet, **lookup):
    """Fetch one row from a scoped queryset; missing and forbidden both raise Http404."""
    from django.http import Http404

    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404("对象不存在或不在您的数据范围内。")
    return obj


def region_child_counts(*, user, parent: Region | None) -> QuerySet[Region]:
    """Children of ``parent`` (or the roots) with how many sub-regions and agencies each has."""
    qs = region_list(user=user).filter(parent=parent)
    return qs.annotate(child_count=Count("children", distinct=True), agency_count=Count("agencies", distinct=True))
