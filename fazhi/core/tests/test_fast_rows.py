"""The list pages' shortcuts give exactly what Django and DRF give: row URLs (core.urlcache), the filter bar's
text box (fazhi_tags), and the API list's rows (core.api.rows)."""

import pytest
from django import forms
from django.urls import reverse, set_script_prefix
from rest_framework import serializers

from fazhi.core.api.rows import serialize_rows
from fazhi.core.models import Agency
from fazhi.core.templatetags.fazhi_tags import fz_filter_widget
from fazhi.core.urlcache import cached_reverse, row_url


@pytest.mark.parametrize("prefix", ["/", "/fazhi/"])
def test_a_row_url_and_a_cached_url_are_what_reverse_gives(prefix):
    set_script_prefix(prefix)
    try:
        for code in ["23456789AB", "ZZZZZZZZZZ", "9876543HJK"]:
            assert row_url("documents:detail", code) == reverse("documents:detail", args=[code])
            assert row_url("decisions:detail", code) == reverse("decisions:detail", args=[code])
        assert cached_reverse("core:home") == reverse("core:home")
        assert cached_reverse("documents:list") == reverse("documents:list")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("data", [{}, {"q": "规范 文件"}, {"q": '<a href="x">&\'"'}, {"q": "x" * 120}])
def test_the_filter_bar_text_box_is_the_html_django_renders(data):
    class Filters(forms.Form):
        q = forms.CharField(max_length=100, required=False, label="关键词")

    form = Filters(data or None)
    form.is_valid()
    field = form["q"]
    attrs = {"class": "form-control form-control-sm"}
    if field.errors:
        attrs.update({"class": "form-control form-control-sm is-invalid", "aria-invalid": "true"})
    assert str(fz_filter_widget(field)) == field.as_widget(attrs=attrs)


class _RegionRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class _AgencyRow(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    region = _RegionRef()
    parent_name = serializers.CharField(source="parent.name", default="")
    short = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "kind_label", "region", "parent", "parent_name", "is_active", "short"]

    def get_short(self, obj) -> str:
        return obj.short_name or obj.name[:2]


def test_the_api_rows_are_what_the_serializer_gives(org):
    rows = list(Agency.objects.select_related("region", "parent").order_by("id"))
    assert any(a.parent_id is None for a in rows)  # the default of a missing parent is exercised
    assert serialize_rows(_AgencyRow, rows, {}) == _AgencyRow(rows, many=True).data
