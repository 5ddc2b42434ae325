"""Filters of the module's lists (querysets come scoped from selectors; these only narrow them down)."""

import django_filters as df
from django.db.models import Q

from fazhi.core.filtersets import ScopedAgencyFilterMixin
from fazhi.core.models import Agency

from .choices import (
    CaseSource,
    Closure,
    CommitteeKind,
    DisputeType,
    Instance,
    LitState,
    MediatorKind,
    MedState,
    RcDecision,
    RcState,
    ReferralKind,
)
from .models import Committee, Litigation, MediationCase, Mediator, Reconsideration, Referral


class _AgencyMixin(ScopedAgencyFilterMixin):
    """An agency filter (by code) whose choices are the agencies the user's rows name (``agency_field``)."""


def _agency(label, field="agency"):
    return df.ModelChoiceFilter(field_name=field, to_field_name="code", label=label, queryset=Agency.objects.none())


class CommitteeFilterSet(_AgencyMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, field_name="name", lookup_expr="icontains", label="名称")
    kind = df.ChoiceFilter(choices=CommitteeKind.choices, label="类别")
    agency = _agency("指导单位")

    class Meta:
        model = Committee
        fields = ["q", "kind", "agency"]


class MediatorFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=60, method="search", label="姓名或委员会")
    kind = df.ChoiceFilter(choices=MediatorKind.choices, label="专兼职")

    class Meta:
        model = Mediator
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(committee__name__icontains=value))


class MediationFilterSet(_AgencyMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="当事人或委员会")
    state = df.ChoiceFilter(choices=MedState.choices, label="状态")
    source = df.ChoiceFilter(choices=CaseSource.choices, label="来源")
    dispute_type = df.ChoiceFilter(choices=DisputeType.choices, label="纠纷类型")
    agency = _agency("指导单位")
    received_from = df.DateFilter(field_name="received_on", lookup_expr="gte", label="受理日起")

    class Meta:
        model = MediationCase
        fields = ["q", "state", "source", "dispute_type", "agency", "received_from"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(parties__icontains=value) | Q(committee__name__icontains=value))


class ReconsiderationFilterSet(_AgencyMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="申请人或行为")
    state = df.ChoiceFilter(choices=RcState.choices, label="状态")
    decision = df.ChoiceFilter(choices=RcDecision.choices, label="复议决定")
    agency = _agency("被申请人", "respondent")
    received_from = df.DateFilter(field_name="received_on", lookup_expr="gte", label="收到申请日起")
    agency_field = "respondent"

    class Meta:
        model = Reconsideration
        fields = ["q", "state", "decision", "agency", "received_from"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(applicant_name__icontains=value) | Q(act__icontains=value))


class LitigationFilterSet(_AgencyMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="案号或原告")
    state = df.ChoiceFilter(choices=LitState.choices, label="状态")
    instance = df.ChoiceFilter(choices=Instance.choices, label="审级")
    closure = df.ChoiceFilter(choices=Closure.choices, label="结案方式")
    agency = _agency("被告")

    class Meta:
        model = Litigation
        fields = ["q", "state", "instance", "closure", "agency"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(case_number__icontains=value) | Q(plaintiff__icontains=value))


class ReferralFilterSet(df.FilterSet):
    kind = df.ChoiceFilter(choices=ReferralKind.choices, label="类别")
    reported = df.BooleanFilter(field_name="reported_on", lookup_expr="isnull", exclude=True, label="已反馈")

    class Meta:
        model = Referral
        fields = ["kind", "reported"]
