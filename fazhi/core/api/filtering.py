"""The API lists' filter backend: django-filter's, without building a FilterSet that would filter nothing.

Building a list's FilterSet copies every filter, builds its form and the scoped choices of its dropdowns, then
validates the form — a millisecond and more a request, spent on every page of a list opened or paged through
without a filter. When the query string names nothing but the paginator's own parameters (``after``,
``page_size``), and the FilterSet is known to leave a queryset as it is when none of its filters has a value,
the queryset is returned as it is. Any other parameter — a filter's, an empty one, an unknown one — goes
through the FilterSet as always (same results, same 400 for a bad value).

"Known to leave a queryset as it is" is learnt once per FilterSet class, from the first request without
filters, which goes through the FilterSet: its form must be valid on no data and clean every filter to an
empty value; each filter must be django-filter's own (or a ``method=`` filter), which skips an empty value; and
the class must keep django-filter's ``qs``, ``filter_queryset``, ``is_valid`` and ``errors``. A checkbox filter
(an absent box cleans to False, a value) therefore keeps its class on the full path.
"""

from django_filters.constants import EMPTY_VALUES
from django_filters.filters import FilterMethod
from django_filters.filterset import BaseFilterSet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation

_IDLE_WITHOUT_VALUES: dict[type, bool] = {}
# What a FilterSet class must keep of django-filter's to be known idle without values.
_OWN = ("qs", "filter_queryset", "is_valid", "errors")


def names_no_filter(request, view) -> bool:
    """Whether the query string holds nothing but the parameters of the view's paginator."""
    paginator = getattr(view, "paginator", None)
    own = {getattr(paginator, "cursor_query_param", None), getattr(paginator, "page_size_query_param", None)}
    return all(name in own for name in request.query_params)


def leaves_queryset(filterset) -> bool:
    """Whether ``filterset``, bound to a query string without filter values, filters nothing (module docstring)."""
    cls = type(filterset)
    if any(getattr(cls, name) is not getattr(BaseFilterSet, name) for name in _OWN):
        return False
    if not filterset.is_valid():
        return False
    for name, value in filterset.form.cleaned_data.items():
        if value not in EMPTY_VALUES:
            return False
        action = filterset.filters[name].filter
        if not isinstance(action, FilterMethod) and \
                not getattr(getattr(action, "__func__", None), "__module__", "").startswith("django_filters."):
            return False
    return True


class ScopedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that skips a FilterSet which would filter nothing (see the module docstring)."""

    def filter_queryset(self, request, queryset, view):
        if not names_no_filter(request, view):
            return super().filter_queryset(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or _IDLE_WITHOUT_VALUES.get(filterset_class):
            return queryset
        filterset = filterset_class(**self.get_filterset_kwargs(request, queryset, view))
        if not filterset.is_valid() and self.raise_exception:
            raise translate_validation(filterset.errors)
        if filterset_class is getattr(view, "filterset_class", None):  # not a class made per call (filterset_fields)
            _IDLE_WITHOUT_VALUES[filterset_class] = leaves_queryset(filterset)
        return filterset.qs
