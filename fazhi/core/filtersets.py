"""One FilterSet per list, shared by the page and the API."""

import hashlib

import django_filters as df
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from .choices import AgencyKind, DeadlineStatus, RegionLevel, Role
from .deadlines import RULE_LABELS
from .models import Agency, AuditEvent, Deadline, Notification, Region, User


def scoped_choice_ids(queryset: QuerySet, field: str) -> list:
    """The distinct values of ``field`` over ``queryset`` (a user's scoped list), cached per scope.

    A filter dropdown otherwise re-runs a semi-join over the whole scope twice a page (render and
    validate). The key is the scoped query's own SQL, so two users with the same scope share it;
    ``FAZHI_FILTER_CHOICES_SECONDS`` (default 300) bounds how late a new issuer appears in the list."""
    qs = queryset.order_by().values_list(field, flat=True).distinct()
    sql, params = qs.query.sql_with_params()
    key = "fz-choices:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    ids = cache.get(key)
    if ids is None:
        ids = sorted(v for v in qs if v is not None)
        cache.set(key, ids, getattr(settings, "FAZHI_FILTER_CHOICES_SECONDS", 300))
    return ids


def choice_ids(queryset: QuerySet, field: str, request=None):
    """What a filter dropdown over ``field`` may offer: for a page (which renders the dropdown) the cached
    distinct values; for the API (which never renders it, and looks a submitted code up by its unique
    index) the lazy subquery, so an API list costs no query for it."""
    from rest_framework.request import Request

    if isinstance(request, Request):
        return queryset.order_by().values(field)
    return scoped_choice_ids(queryset, field)


class RegionFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="名称或代码")
    level = df.ChoiceFilter(choices=RegionLevel.choices, label="层级")
    parent = df.CharFilter(max_length=100, field_name="parent__code", label="上级区划代码")

    class Meta:
        model = Region
        fields = ["level", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__startswith=value)


class AgencyFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, field_name="name", lookup_expr="icontains", label="名称")
    kind = df.ChoiceFilter(choices=AgencyKind.choices, label="类别")
    region = df.CharFilter(max_length=100, method="in_region", label="区划代码（含下级）")

    class Meta:
        model = Agency
        fields = ["kind", "is_active"]

    def in_region(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        return queryset.filter(region_path__startswith=region.region_path) if region else queryset.none()


class UserFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="用户名或姓名")
    role = df.ChoiceFilter(choices=Role.choices, field_name="role_assignments__role", label="角色")
    agency = df.UUIDFilter(field_name="agency__code", label="单位")

    class Meta:
        model = User
        fields = ["is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(username__icontains=value) | queryset.filter(full_name__icontains=value)


class DeadlineFilterSet(df.FilterSet):
    status = df.ChoiceFilter(choices=DeadlineStatus.choices, label="状态")
    due_before = df.DateFilter(field_name="due_date", lookup_expr="lte", label="届满日不晚于")
    due_after = df.DateFilter(field_name="due_date", lookup_expr="gte", label="届满日不早于")
    rule_code = df.ChoiceFilter(label="期限类别", choices=lambda: sorted(
        ((code, label) for code, label in RULE_LABELS.items()), key=lambda c: c[1]))

    class Meta:
        model = Deadline
        fields = ["status", "rule_code"]


class NotificationFilterSet(df.FilterSet):
    unread = df.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="仅未读")

    class Meta:
        model = Notification
        fields = ["level"]


class AuditEventFilterSet(df.FilterSet):
    action = df.CharFilter(max_length=100, lookup_expr="startswith", label="操作")
    actor = df.CharFilter(max_length=100, field_name="actor_name", lookup_expr="icontains", label="操作人")
    object_type = df.CharFilter(max_length=100, label="对象类型")
    object_id = df.CharFilter(max_length=100, label="对象标识")
    since = df.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte", label="起始时间")
    until = df.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte", label="截止时间")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]
