"""Filters of the module's lists (querysets come scoped from selectors; these only narrow them down)."""

import django_filters as df
from django.db.models import Q

from fazhi.core.filtersets import ScopedAgencyFilterMixin
from fazhi.core.models import Agency

from .choices import CaseState, InspectionKind, InspectionResult, Procedure
from .models import Case, Inspection


class CaseFilterSet(ScopedAgencyFilterMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="案号或当事人")
    state = df.ChoiceFilter(choices=CaseState.choices, label="状态")
    procedure = df.ChoiceFilter(choices=Procedure.choices, label="程序")
    agency = df.ModelChoiceFilter(field_name="agency", to_field_name="code", label="执法机关", queryset=Agency.objects.none())
    mine = df.BooleanFilter(method="only_mine", label="仅我承办的", widget=df.widgets.BooleanWidget())

    class Meta:
        model = Case
        fields = ["q", "state", "procedure", "agency", "mine"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(number__icontains=value) | Q(party_name__icontains=value))

    def only_mine(self, queryset, name, value):
        return queryset.filter(created_by=self.request.user) if value and self.request else queryset


class InspectionFilterSet(ScopedAgencyFilterMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="企业名称或信用代码")
    kind = df.ChoiceFilter(choices=InspectionKind.choices, label="检查类型")
    result = df.ChoiceFilter(choices=InspectionResult.choices, label="结果")
    agency = df.ModelChoiceFilter(field_name="agency", to_field_name="code", label="执法机关", queryset=Agency.objects.none())
    warned = df.BooleanFilter(method="only_warned", label="有预警", widget=df.widgets.BooleanWidget())

    class Meta:
        model = Inspection
        fields = ["q", "kind", "result", "agency", "warned"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(enterprise_name__icontains=value) | Q(credit_code=value.strip().upper()))

    def only_warned(self, queryset, name, value):
        return queryset.exclude(warnings=[]) if value else queryset
