"""One FilterSet per list, shared by the page and the API; what a list page's filter bar needs to be cheap."""

import hashlib
from functools import cached_property

import django_filters as df
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from .choices import AgencyKind, DeadlineStatus, RegionLevel, Role
from .deadlines import RULE_LABELS
from .localcache import LocalCache
from .models import Agency, AuditEvent, Deadline, Notification, Region, User

# The distinct values behind a scope's filter dropdowns, and their (code, name) pairs: in each worker's memory
# first, then in the database cache, then computed.
_CHOICES = LocalCache("filter-choices")


def choices_seconds() -> int:
    """How long a filter dropdown's choices may lag behind the data (``FAZHI_FILTER_CHOICES_SECONDS``)."""
    return getattr(settings, "FAZHI_FILTER_CHOICES_SECONDS", 300)


def _choices_key(queryset: QuerySet, field: str) -> str:
    qs = queryset.order_by().values_list(field, flat=True).distinct()
    sql, params = qs.query.sql_with_params()
    return "fz-choices:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()


def scoped_choice_ids(queryset: QuerySet, field: str, key: str | None = None) -> list:
    """The distinct values of ``field`` over ``queryset`` (a user's scoped list), cached per scope.

    A filter dropdown otherwise re-runs a semi-join over the whole scope twice a page (render and
    validate). The key is the scoped query's own SQL, so two users with the same scope share it;
    ``FAZHI_FILTER_CHOICES_SECONDS`` (default 300) bounds how late a new issuer appears in the list. ``key``:
    ``_choices_key(queryset, field)`` when the caller has it already (compiling the query is most of the cost)."""
    key = key or _choices_key(queryset, field)

    def compute():
        ids = cache.get(key)
        if ids is None:
            qs = queryset.order_by().values_list(field, flat=True).distinct()
            ids = sorted(v for v in qs if v is not None)
            cache.set(key, ids, choices_seconds())
        return ids

    return _CHOICES.get_or_set(key, compute, choices_seconds())


def scoped_agency_pairs(queryset: QuerySet, field: str) -> list[tuple[str, str]]:
    """(code, name) of the agencies ``field`` names on the rows of ``queryset``, by region, kind and name: the
    options of an agency dropdown, cached with the ids they come from."""
    key = _choices_key(queryset, field)
    ids = scoped_choice_ids(queryset, field, key)
    return _CHOICES.get_or_set(("pairs", key), lambda: list(
        Agency.objects.filter(pk__in=ids).order_by("region_path", "kind", "name").values_list("code", "name")),
        choices_seconds())


def choice_ids(queryset: QuerySet, field: str, request=None):
    """What a filter dropdown over ``field`` may offer: for a page (which renders the dropdown) the cached
    distinct values; for the API (which never renders it, and looks a submitted code up by its unique
    index) the lazy subquery, so an API list costs no query for it."""
    from rest_framework.request import Request

    if isinstance(request, Request):
        return queryset.order_by().values(field)
    return scoped_choice_ids(queryset, field)


class ScopedAgencyFilterMixin:
    """A FilterSet whose ``agency_filter`` (a ModelChoiceFilter by agency code) offers only the agencies that
    ``agency_field`` names on the user's rows. A page renders the dropdown from the cached (code, name) pairs;
    a submitted code is checked against the same scope."""

    agency_filter = "agency"
    agency_field = "agency"

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        from rest_framework.request import Request

        super().__init__(data, queryset, request=request, prefix=prefix)
        if queryset is None or self.agency_filter not in self.filters:
            return
        choices = Agency.objects.filter(pk__in=choice_ids(queryset, self.agency_field, request)) \
            .order_by("region_path", "kind", "name")
        self.filters[self.agency_filter].queryset = choices
        field = self.form.fields[self.agency_filter]
        field.queryset = choices
        field.label_from_instance = lambda agency: agency.name
        if not isinstance(request, Request):
            field.widget.choices = [("", field.empty_label or ""), *scoped_agency_pairs(queryset, self.agency_field)]


# The query parameters of a list page that are not filters: paging, sorting, the export.
PAGE_PARAMETERS = frozenset({"after", "page_size", "sort", "format"})


class PageFilter:
    """A list page's FilterSet, built only when the page needs it.

    Without a filter value in the query string (the first visit, paging on, sorting) the list is the scoped
    queryset as it is, and the filter bar comes from its cache (``{% filter_bar %}``): neither builds the
    FilterSet, its form and its dropdowns. With one, the FilterSet validates and filters as always; while a
    value is invalid the list is empty and the bar shows the error next to the field (an unfiltered list would
    look like the filter's result)."""

    def __init__(self, request, filterset_class, queryset: QuerySet):
        self.request = request
        self.filterset_class = filterset_class
        self.queryset = queryset
        # Any non-empty parameter but the page's own may be a filter's (a range filter's ``x_after`` …): only a
        # query string of those alone takes the short way.
        self.active = any(value for name, values in request.GET.lists() if name not in PAGE_PARAMETERS
                          for value in values)

    @cached_property
    def filterset(self):
        return self.filterset_class(self.request.GET or None, queryset=self.queryset, request=self.request)

    @cached_property
    def qs(self) -> QuerySet:
        if not self.active:
            return self.queryset
        filterset = self.filterset
        return filterset.qs if filterset.is_valid() else self.queryset.none()

    # what templates read of a FilterSet
    @property
    def form(self):
        return self.filterset.form

    @property
    def data(self):
        return self.filterset.data


def page_filtered(request, filterset_class, queryset: QuerySet) -> tuple[PageFilter, QuerySet]:
    """(the page's filter, its rows): the scoped rows as they are without a filter value, filtered with one,
    none while a value is invalid."""
    page_filter = PageFilter(request, filterset_class, queryset)
    return page_filter, page_filter.qs


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
