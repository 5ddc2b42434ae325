"""The API lists' shortcuts give exactly what DRF and django-filter give.

A list read as ``.values()`` rows (core.api.value_rows) serializes to the same JSON as its serializer over model
instances; what the plan cannot read the same way falls back to instances. A list asked for no filter skips
its FilterSet (core.api.filtering) only where the FilterSet would filter nothing, and a filter value still goes
through it, with the same 400 for a bad one.
"""

import django_filters as df
import pytest
from django import forms
from django.db.models import Count, F, Value
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request

from fazhi.core.api import filtering
from fazhi.core.api.base import ScopedViewSet
from fazhi.core.api.serializers import AgencySerializer, NotificationSerializer, RegionSerializer
from fazhi.core.api.value_rows import RowObject, values_reader
from fazhi.core.filtersets import AgencyFilterSet
from fazhi.core.models import Agency, Notification, Region
from fazhi.core.tests.api_support import client_for, url


class _RegionRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class _AgencyRow(serializers.ModelSerializer):
    """Every kind of field the plan reads: columns, a display, a dotted source over a key that cannot be NULL,
    a nested row over one that can, a default over a nullable hop, an annotation and a method field."""

    kind_label = serializers.CharField(source="get_kind_display")
    duty_label = serializers.CharField(source="get_duty_display")
    region = _RegionRef()
    region_level = serializers.CharField(source="region.get_level_display")
    region_name = serializers.CharField(source="region.name")
    parent = _RegionRef(allow_null=True)
    parent_name = serializers.CharField(source="parent.name", default="")
    parent_region = serializers.CharField(source="parent.region.name", allow_null=True)
    parent_short = serializers.CharField(source="parent.short_name", read_only=True)
    shout = serializers.CharField()
    short = serializers.SerializerMethodField()
    asked_by = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "kind_label", "duty", "duty_label", "region", "region_level",
                  "region_name", "parent", "parent_name", "parent_region", "parent_short", "credit_code",
                  "is_active", "shout", "short", "asked_by"]

    def get_short(self, obj) -> str:
        parent = obj.parent.name if obj.parent is not None else "-"
        return f"{obj.short_name or obj.name[:2]}/{parent}/{obj.region.code}/{obj.pk}/{obj.region_id}"

    def get_asked_by(self, obj) -> str:
        return self.context["who"]


LIST_ONLY = ("name", "short_name", "region", "region__code", "parent", "parent__name")


@pytest.fixture
def child(org):
    """An agency under another (the org's agencies have no parent)."""
    return Agency.objects.create(name="兴义市司法局法治科", short_name="法治科", kind="internal", region=org.xingyi,
                                 parent=org.xingyi_sfj, duty="")


def _agencies():
    return Agency.objects.select_related("region", "parent").annotate(shout=F("name")).order_by("-id")


def test_a_values_read_page_is_what_the_serializer_gives_over_instances(org, child):
    queryset = _agencies()
    reader = values_reader(_AgencyRow, queryset, LIST_ONLY, ("-id",))
    assert reader is not None
    instances = list(queryset)
    assert any(a.parent_id is None for a in instances) and any(a.parent_id for a in instances)
    rows = list(reader.values(queryset))
    assert all(isinstance(row, dict) for row in rows)
    context = {"who": "甲"}
    expected = _AgencyRow(instances, many=True, context=context).data
    assert reader.serialize(_AgencyRow, rows, context) == expected
    assert any(row["parent_name"] == "" and "parent_short" not in row for row in expected)  # default; skipped


def test_a_method_field_reading_a_column_outside_list_only_says_so(org, child):
    queryset = _agencies()
    reader = values_reader(_AgencyRow, queryset, ("name", "region", "region__code"), ("-id",))
    rows = list(reader.values(queryset))
    with pytest.raises(AttributeError, match="list_only"):
        reader.serialize(_AgencyRow, rows, {"who": "甲"})
    row = RowObject(rows[0], reader.shape)
    assert row.name == rows[0]["name"] and row.region.code == rows[0]["region__code"] and row.pk == rows[0]["id"]
    assert row.region_id == rows[0]["region"] and not hasattr(row, "anything") and not hasattr(row.region, "name")


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
def test_date_times_are_shown_in_the_time_zone_of_the_request(people, zone):
    Notification.objects.create(recipient=people.fzb_admin, title="甲", read_at=timezone.now())
    Notification.objects.create(recipient=people.fzb_admin, title="乙", level="warning")
    queryset = Notification.objects.order_by("-id")
    reader = values_reader(NotificationSerializer, queryset, (), ("-id",))
    with timezone.override(zone):
        rows = reader.serialize(NotificationSerializer, list(reader.values(queryset)), {})
        assert rows == NotificationSerializer(list(queryset), many=True).data
    offset = "Z" if zone == "UTC" else ("+08:00" if zone == "Asia/Shanghai" else "-0")
    assert offset in rows[0]["created_at"] and rows[0]["read_at"] is None and rows[1]["read_at"]


class _WithProperty(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__")

    class Meta:
        model = Agency
        fields = ["code", "label"]


class _WithReverse(serializers.ModelSerializer):
    children = _RegionRef(many=True)

    class Meta:
        model = Agency
        fields = ["code", "children"]


class _NullHopRaises(serializers.ModelSerializer):
    parent_name = serializers.CharField(source="parent.name")

    class Meta:
        model = Agency
        fields = ["code", "parent_name"]


class _OwnRepresentation(_RegionRef):
    def to_representation(self, instance):
        return {"code": "x"}


class _WithOwnNested(serializers.ModelSerializer):
    region = _OwnRepresentation()

    class Meta:
        model = Agency
        fields = ["code", "region"]


@pytest.mark.parametrize("serializer_class", [_WithProperty, _WithReverse, _NullHopRaises, _WithOwnNested])
def test_what_the_plan_cannot_read_as_drf_does_is_read_from_instances(org, serializer_class):
    assert values_reader(serializer_class, Agency.objects.all(), (), ("-id",)) is None


def test_a_method_field_needs_the_listed_columns_and_odd_querysets_read_instances(org):
    assert values_reader(_AgencyRow, _agencies(), (), ("-id",)) is None  # no list_only: columns unknown
    for queryset in (_agencies().prefetch_related("children"), _agencies().annotate(n=Count("children")),
                     _agencies().extra(select={"one": "1"}), _agencies().values("id")):
        assert values_reader(_AgencyRow, queryset, LIST_ONLY, ("-id",)) is None
    assert values_reader(AgencySerializer, Agency.objects.annotate(one=Value(1)), (), ("-id",)) is not None


# ---------------------------------------------------------------- every ScopedViewSet list, both ways


def _scoped_lists():
    """(path, viewset) of every list route served by a ScopedViewSet."""
    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern).replace("^", "").replace("$", "")
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern, route)
            else:
                yield route, pattern

    for route, pattern in walk(get_resolver(), "/"):
        cls = getattr(pattern.callback, "cls", None)
        if cls and issubclass(cls, ScopedViewSet) and (pattern.callback.actions or {}).get("get") == "list":
            yield route, cls


def test_every_scoped_list_answers_the_same_json_either_way(org, people, monkeypatch, instances_only):
    lists = dict(_scoped_lists())
    assert {"/api/v1/documents/", "/api/v1/decisions/", "/api/v1/core/agencies/"} <= set(lists)
    queries = [{}, {"page_size": "2"}, {"page_size": "0"}, {"after": "!!"}, {"unknown": "1"}, {"q": ""}]
    seen = []
    for user in (people.fzb_admin, people.sysadmin, people.zsthj_fz):
        client = client_for(user)
        for path in lists:
            for query in queries:
                response = client.get(path, query)
                seen.append((user, path, query, response.status_code, response.content))
                if response.status_code == 200 and response.json()["next_cursor"]:
                    after = {**query, "after": response.json()["next_cursor"]}
                    response = client.get(path, after)
                    seen.append((user, path, after, response.status_code, response.content))
    assert any(status == 200 and b'"results":[{' in content for *_, status, content in seen)
    instances_only()
    for user, path, query, status, content in seen:
        response = client_for(user).get(path, query)
        assert (response.status_code, response.content) == (status, content), (user.username, path, query)


def test_the_agency_and_region_lists_read_values_and_answer_as_drf(org, people, monkeypatch, instances_only):
    client = client_for(people.fzb_admin)
    plain = {name: client.get(url(name), {"page_size": 3}).json() for name in ("core-agency-list", "core-region-list")}
    for serializer_class, model in ((AgencySerializer, Agency), (RegionSerializer, Region)):
        assert values_reader(serializer_class, model.objects.all(), (), ("-id",)) is not None
    instances_only()
    for name, body in plain.items():
        assert client.get(url(name), {"page_size": 3}).json() == body


# ---------------------------------------------------------------- the FilterSet skipped when nothing is asked


def _request(query=""):
    return Request(RequestFactory().get("/x/" + (f"?{query}" if query else "")))


class _View:
    filterset_class = AgencyFilterSet

    class paginator:  # noqa: N801 — stands for the view's paginator instance
        cursor_query_param, page_size_query_param = "after", "page_size"


@pytest.mark.parametrize("query, nothing", [
    ("", True), ("after=abc", True), ("page_size=3&after=", True), ("q=", False), ("unknown=1", False),
    ("kind=department", False), ("format=json", False),
])
def test_only_the_paginators_parameters_count_as_no_filter(query, nothing):
    assert filtering.names_no_filter(_request(query), _View()) is nothing


def test_a_list_without_filter_values_builds_its_filterset_once_then_never(org, people, monkeypatch):
    built = []
    original = AgencyFilterSet.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(AgencyFilterSet, "__init__", counting)
    monkeypatch.setitem(filtering._IDLE_WITHOUT_VALUES, AgencyFilterSet, False)  # restored after the test
    del filtering._IDLE_WITHOUT_VALUES[AgencyFilterSet]  # as if never seen
    client = client_for(people.fzb_admin)
    first = client.get(url("core-agency-list"))
    assert built == [1] and filtering._IDLE_WITHOUT_VALUES[AgencyFilterSet] is True
    assert client.get(url("core-agency-list")).content == first.content and built == [1]
    assert client.get(url("core-agency-list"), {"page_size": 2}).status_code == 200 and built == [1]
    client.get(url("core-agency-list"), {"kind": "department"})
    assert len(built) == 2  # a filter value goes through the FilterSet


def test_a_bad_filter_value_is_the_same_400_as_before(org, people, monkeypatch, instances_only):
    client = client_for(people.fzb_admin)
    bad = client.get(url("core-agency-list"), {"kind": "flying"})
    assert bad.status_code == 400
    instances_only()
    again = client.get(url("core-agency-list"), {"kind": "flying"})
    assert (again.status_code, again.content) == (400, bad.content)


class _Checkbox(df.FilterSet):
    active = df.BooleanFilter(field_name="is_active", widget=forms.CheckboxInput)

    class Meta:
        model = Agency
        fields = ["active"]


class _Plain(df.FilterSet):
    q = df.CharFilter(method="search")
    kind = df.ChoiceFilter(choices=[("a", "a")])
    region = df.ModelChoiceFilter(queryset=Region.objects.all(), to_field_name="code")
    active = df.BooleanFilter(field_name="is_active")

    class Meta:
        model = Agency
        fields = ["q", "kind", "region", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(name__contains=value)


class _OwnQs(_Plain):
    @property
    def qs(self):
        return super().qs.filter(is_active=True)


class _Required(_Plain):
    must = df.CharFilter(field_name="name", required=True)


class _OwnFilter(df.CharFilter):
    def filter(self, qs, value):
        return qs.filter(is_active=True)


class _WithOwnFilter(_Plain):
    odd = _OwnFilter(field_name="name")


@pytest.mark.parametrize("filterset_class, idle", [
    (_Plain, True), (AgencyFilterSet, True), (_Checkbox, False), (_OwnQs, False), (_Required, False),
    (_WithOwnFilter, False),
])
def test_a_filterset_is_skipped_only_where_no_values_filter_nothing(org, filterset_class, idle):
    queryset = Agency.objects.order_by("id")
    filterset = filterset_class(_request().query_params, queryset=queryset, request=_request())
    assert filtering.leaves_queryset(filterset) is idle
    if idle:
        assert str(filterset.qs.query) == str(queryset.query)
