"""Filters of the module's lists (querysets come scoped from selectors; these only narrow them down)."""

import django_filters as df
from django.db.models import Q

from fazhi.core.filtersets import choice_ids
from fazhi.core.models import Agency

from .choices import CaseState, InspectionKind, InspectionResult, Procedure
from .models import Case, Inspection


class _AgencyMixin:
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if queryset is not None:
            choices = Agency.objects.filter(pk__in=choice_ids(queryset, "agency", request)).order_by("region_path", "name")
            self.filters["agency"].queryset = choices
            self.form.fields["agency"].queryset = choices
            from rest_framework.request import Request

            if not isinstance(request, Request):
                # A page renders the dropdown: its choices as plain pairs from one query (no model instances for
                # a province's agencies). The API never renders it — and must not pay for the query.
                self.form.fields["agency"].widget.choices = [("", "---------"), *(
                    (str(code), name) for code, name in choices.values_list("code", "name"))]


class CaseFilterSet(_AgencyMixin, df.FilterSet):
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


class InspectionFilterSet(_AgencyMixin, df.FilterSet):
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
