"""Plumbing shared by the administration pages: permission gates, list pages, service errors."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from ..exports import xlsx_response
from ..models import LoginAttempt
from ..paging import list_total, page_from_request
from ..permissions import has_perm

RESULTS_ID = "list-results"


def require_perm(user, code: str, message: str = "您没有访问此页面的权限。") -> None:
    """403 (rendered by the Chinese 403 page) when the user's roles lack ``code`` altogether."""
    if not has_perm(user, code):
        raise PermissionDenied(message)


def is_htmx_partial(request: HttpRequest, target: str = RESULTS_ID) -> bool:
    """An htmx request aimed at one region of the page (not a boosted navigation)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and htmx.target == target


@dataclass(frozen=True)
class Sort:
    """A sort key offered to the user and the keyset ordering behind it (last field unique)."""

    label: str
    ordering: tuple[str, ...]


@dataclass
class ListSpec:
    """Everything a list page needs besides its queryset."""

    filterset_class: type
    sorts: dict[str, Sort]
    default_sort: str
    template: str
    table_template: str
    export_filename: str
    export_title: str
    export_columns: list[tuple[str, Callable]]
    prepare_filters: Callable | None = None


def _reverse(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def resolve_sort(spec: ListSpec, value: str | None) -> tuple[str, bool, tuple[str, ...]]:
    """(key, descending, ordering) for a ``sort`` parameter; unknown keys fall back to the default."""
    value = value or spec.default_sort
    key, desc = value.lstrip("-"), value.startswith("-")
    if key not in spec.sorts:
        key, desc = spec.default_sort.lstrip("-"), spec.default_sort.startswith("-")
    ordering = spec.sorts[key].ordering
    if desc:
        ordering = tuple(_reverse(name) for name in ordering)
    return key, desc, ordering


def list_page(request: HttpRequest, spec: ListSpec, queryset: QuerySet, context: dict | None = None,
              rows_hook: Callable[[list], dict] | None = None, data=None,
              prepare_filters: Callable | None = None) -> HttpResponse:
    """Filter → sort → keyset page (or the xlsx export) → the whole page, or only the table for htmx.

    Query parameters follow the shell's conventions (fazhi_tags): ``sort`` (a whitelisted key, "-" for
    descending), ``after`` (the keyset cursor), ``format=xlsx`` (export everything the filters select).
    """
    data = request.GET if data is None else data
    filterset = spec.filterset_class(data or None, queryset=queryset, request=request)
    tidy_filter_form(filterset.form)
    for prepare in (spec.prepare_filters, prepare_filters):
        if prepare is not None:
            prepare(filterset.form, request)
    # An invalid filter value lists nothing (its error shows next to the field) rather than everything.
    qs = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()
    key, desc, ordering = resolve_sort(spec, request.GET.get("sort"))
    if request.GET.get("format") == "xlsx":
        rows = qs.order_by(*ordering).iterator(chunk_size=2000)
        return xlsx_response(spec.export_filename, spec.export_title, spec.export_columns, rows)
    page = page_from_request(request, qs, ordering=ordering)
    ctx = {
        "filterset": filterset,
        "filters_active": any(request.GET.get(name) for name in filterset.form.fields),
        "page": page,
        "rows": page.items,
        "total": list_total(qs),  # “共 2000+ 条” beyond FAZHI_LIST_COUNT_LIMIT (the audit log holds millions)
        "default_sort": spec.default_sort,
        "results_id": RESULTS_ID,
        "hx_results": f"#{RESULTS_ID}",
        "table_template": spec.table_template,
        **(context or {}),
    }
    if rows_hook is not None:
        ctx.update(rows_hook(page.items))
    template = spec.table_template if is_htmx_partial(request) else spec.template
    response = render(request, template, ctx)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def tidy_filter_form(form) -> None:
    """Chinese "all" options instead of django-filter's dashes and Django's 未知/是/否."""
    for name, field in form.fields.items():
        if isinstance(field, forms.NullBooleanField):
            yes, no = ("启用", "停用") if name == "is_active" else ("是", "否")
            field.widget = forms.Select(choices=[("", "全部"), ("true", yes), ("false", no)])
            if name == "is_active":
                field.label = "状态"
        elif isinstance(field, forms.ChoiceField):
            field.choices = [("", "全部") if value == "" else (value, label) for value, label in field.choices]


def locked_usernames(usernames) -> set[str]:
    """The usernames among ``usernames`` that ``lockout.is_locked(username, None)`` would call locked.

    The same rule (N failures since the later of the window start and the last success) evaluated for
    a whole page of users in one query instead of two per user.
    """
    names = {name.lower() for name in usernames if name}
    if not names:
        return set()
    window_start = timezone.now() - timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    attempts = (LoginAttempt.objects.filter(username__in=names, at__gt=window_start)
                .order_by("at").values_list("username", "succeeded"))
    failures: dict[str, int] = {}
    for username, succeeded in attempts:
        # A success resets the count: only failures after the last success within the window count.
        failures[username] = 0 if succeeded else failures.get(username, 0) + 1
    return {name for name, count in failures.items() if count >= settings.FAZHI_LOCKOUT_ATTEMPTS}
