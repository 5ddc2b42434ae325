"""One FilterSet per list of the major-decision module, shared by the pages and the API.

The querysets come from ``selectors`` (already scoped); these only narrow them down.
"""

import django_filters as df
from django.db.models import Q
from django.utils import timezone

from fazhi.core.filtersets import ScopedAgencyFilterMixin
from fazhi.core.models import Agency

from .choices import CatalogueStatus, DecisionState, ProposalSource, ProposalStatus, Standard
from .models import Catalogue, Decision, ExecutionReport, Expert, Proposal

FIRST_YEAR = 2019  # 重大行政决策程序暂行条例 施行 2019-09-01 (第四十四条)

# What "我的决策" can hold: selectors.my_decisions leaves out the rejected and ended ones.
ACTIVE_STATES = [(v, label) for v, label in DecisionState.choices
                 if v not in (DecisionState.REJECTED, DecisionState.ENDED)]


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


class _OrganMixin(ScopedAgencyFilterMixin):
    """A filter on an agency named by code (``organ``), its choices limited to what the user's rows name."""

    agency_filter = "organ"
    agency_field = "decision_organ"


class DecisionFilterSet(_OrganMixin, df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="关键词")
    organ = df.ModelChoiceFilter(field_name="decision_organ", to_field_name="code", label="决策机关",
                                 queryset=Agency.objects.none())
    state = df.ChoiceFilter(choices=DecisionState.choices, label="办理状态")
    year = df.ChoiceFilter(choices=year_choices, field_name="catalogue__year", label="目录年度")
    standard = df.ChoiceFilter(choices=Standard.choices, label="目录标准")
    exploratory = df.BooleanFilter(field_name="exploratory_reform", label="探索性改革事项")

    class Meta:
        model = Decision
        fields = ["q", "organ", "state", "year", "standard", "exploratory"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code=value.strip().upper()))


class MyDecisionFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="关键词")
    state = df.ChoiceFilter(choices=ACTIVE_STATES, label="办理状态")
    exploratory = df.BooleanFilter(field_name="exploratory_reform", label="探索性改革事项")

    class Meta:
        model = Decision
        fields = ["q", "state", "exploratory"]

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value)


class CatalogueFilterSet(_OrganMixin, df.FilterSet):
    organ = df.ModelChoiceFilter(field_name="agency", to_field_name="code", label="决策机关",
                                 queryset=Agency.objects.none())
    year = df.ChoiceFilter(choices=year_choices, label="年度")
    status = df.ChoiceFilter(choices=CatalogueStatus.choices, label="状态")

    agency_field = "agency"

    class Meta:
        model = Catalogue
        fields = ["organ", "year", "status"]


class ProposalFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="关键词")
    status = df.ChoiceFilter(choices=ProposalStatus.choices, label="状态")
    source = df.ChoiceFilter(choices=ProposalSource.choices, label="建议来源")

    class Meta:
        model = Proposal
        fields = ["q", "status", "source"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(proposer__icontains=value) | Q(code=value.strip().upper()))


class ExpertFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, method="search", label="姓名或单位")
    field = df.CharFilter(max_length=100, lookup_expr="icontains", label="专业领域")
    active = df.BooleanFilter(field_name="is_active", label="在库")

    class Meta:
        model = Expert
        fields = ["q", "field", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(organisation__icontains=value))


class ExecutionReportFilterSet(df.FilterSet):
    STATUS = [("due", "待报告"), ("overdue", "已逾期未报告"), ("late", "逾期报告"), ("done", "已报告")]

    status = df.ChoiceFilter(choices=STATUS, method="by_status", label="报告状态")
    q = df.CharFilter(max_length=100, field_name="decision__title", lookup_expr="icontains", label="决策事项")

    class Meta:
        model = ExecutionReport
        fields = ["status", "q"]

    def by_status(self, queryset, name, value):
        from django.db.models import F

        today = timezone.localdate()
        if value == "due":
            return queryset.filter(submitted_on__isnull=True)
        if value == "overdue":
            return queryset.filter(submitted_on__isnull=True, deadline__due_date__lt=today)
        if value == "late":
            return queryset.filter(submitted_on__gt=F("deadline__due_date"))
        return queryset.filter(submitted_on__isnull=False)
