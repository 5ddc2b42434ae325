"""The public library's one FilterSet, shared by the portal page and ``GET /api/v1/documents/public/``."""

import django_filters as df

from fazhi.documents import search
from fazhi.documents.choices import Validity
from fazhi.documents.models import NormativeDocument

from . import selectors

MAX_QUERY_LENGTH = 100

# The status a published document can have; "未公布" never reaches the public.
PUBLIC_VALIDITY_CHOICES = [(value, label) for value, label in Validity.choices if value != Validity.UNPUBLISHED]


def _issuers(request):
    return selectors.issuers()


def _years():
    return [(str(year), f"{year}年") for year in selectors.years()]


class PublicDocumentFilterSet(df.FilterSet):
    q = df.CharFilter(method="full_text", label="关键词", max_length=MAX_QUERY_LENGTH,
                      help_text="在文件名称和正文中检索（中文分词）")
    issuer = df.ModelChoiceFilter(queryset=_issuers, field_name="issuing_agency", to_field_name="code",
                                  label="制定机关", help_text="制定机关的公开编码（UUID）")
    year = df.ChoiceFilter(choices=_years, method="by_year", label="公布年度", help_text="公布年度，如 2026")
    status = df.ChoiceFilter(choices=PUBLIC_VALIDITY_CHOICES, field_name="validity", label="效力状态",
                             help_text="not_yet 尚未施行、in_force 有效、expired 失效、repealed 已废止、amended 已修改")

    class Meta:
        model = NormativeDocument
        fields: list[str] = []

    def full_text(self, queryset, name, value):
        return search.search(queryset, value)

    def by_year(self, queryset, name, value: str):
        return queryset.filter(publication_date__year=int(value))
