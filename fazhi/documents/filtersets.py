"""One FilterSet per list of normative documents, shared by the pages and the API.

The querysets come from ``selectors`` (already scoped and annotated with the derived ``validity``);
these only narrow them down.
"""

import django_filters as df
from django.utils import timezone

from fazhi.core.filtersets import ScopedAgencyFilterMixin
from fazhi.core.models import Agency

from . import search
from .choices import Category, DocumentState, Validity
from .models import NormativeDocument

FIRST_YEAR = 2000

# A draft is not yet published or abandoned: these are the states "我的起草" can hold.
DRAFT_STATES = [(value, label) for value, label in DocumentState.choices
                if value not in (DocumentState.PUBLISHED, DocumentState.ABANDONED)]


def _year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year, FIRST_YEAR - 1, -1)]


class _SearchMixin:
    def full_text(self, queryset, name, value):
        # Chinese full text over title and body: jieba tokens (search.py), PostgreSQL GIN or SQLite LIKE.
        return search.search(queryset, value)


class DocumentFilterSet(_SearchMixin, ScopedAgencyFilterMixin, df.FilterSet):
    """The document list for everyone holding documents.view: issuer, state, validity, year, search."""

    agency_filter, agency_field = "issuer", "issuing_agency"

    q = df.CharFilter(max_length=100, method="full_text", label="关键词")
    issuer = df.ModelChoiceFilter(field_name="issuing_agency", to_field_name="code", label="制定机关",
                                  queryset=Agency.objects.none())
    state = df.ChoiceFilter(choices=DocumentState.choices, label="办理状态")
    validity = df.ChoiceFilter(choices=Validity.choices, field_name="validity", label="效力状态")
    year = df.ChoiceFilter(choices=_year_choices, field_name="publication_date", lookup_expr="year",
                           label="公布年度")
    category = df.ChoiceFilter(choices=Category.choices, label="类别")

    class Meta:
        model = NormativeDocument
        fields = ["q", "issuer", "state", "validity", "year", "category"]


class MyDraftFilterSet(_SearchMixin, df.FilterSet):
    """我的起草: the agency's drafts by state and category, with search."""

    q = df.CharFilter(max_length=100, method="full_text", label="关键词")
    state = df.ChoiceFilter(choices=DRAFT_STATES, label="办理状态")
    category = df.ChoiceFilter(choices=Category.choices, label="类别")

    class Meta:
        model = NormativeDocument
        fields = ["q", "state", "category"]


class RegisterFilterSet(df.FilterSet):
    """统一登记簿: registered (or awaiting registration) documents, by year of registration and title."""

    q = df.CharFilter(max_length=100, field_name="title", lookup_expr="icontains", label="文件名称")
    year = df.TypedChoiceFilter(choices=_year_choices, coerce=int, field_name="registered_on__year",
                                label="登记年度")
    status = df.ChoiceFilter(choices=[("registered", "已登记"), ("pending", "待登记")], method="by_status",
                             label="登记状态")

    class Meta:
        model = NormativeDocument
        fields: list = []

    def by_status(self, queryset, name, value):
        return queryset.filter(registered_on__isnull=(value == "pending"))
