"""Template helpers shared by every page: URLs that keep the current filters, sort links, widgets, badges."""

import datetime as dt

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html

from ..choices import DeadlineStatus, NotificationLevel

register = template.Library()


def _query_with(request, **changes) -> str:
    """The current query string with ``changes`` applied (a value of None removes the key)."""
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def url_with(context, **changes) -> str:
    """``{% url_with status="open" after=None %}``: this page's URL with some query parameters changed."""
    request = context.get("request")
    path = request.path if request is not None else ""
    return path + _query_with(request, **changes)


@register.simple_tag(takes_context=True)
def next_page_url(context, page) -> str:
    """The URL of the keyset page after ``page`` (a paging.KeysetPage), keeping filters and sort."""
    return url_with(context, after=page.next_cursor)


@register.simple_tag(takes_context=True)
def first_page_url(context) -> str:
    return url_with(context, after=None)


@register.simple_tag(takes_context=True)
def export_url(context) -> str:
    """The xlsx export of the current (filtered, sorted) list: the same URL with format=xlsx."""
    return url_with(context, after=None, format="xlsx")


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str, hx_target: str = ""):
    """A column header that sorts by ``key``; clicking again reverses. Shows ▲/▼ on the active column.

    The view decides which keys are allowed (a whitelist mapped to keyset orderings).
    """
    request = context.get("request")
    current = request.GET.get("sort", "") if request is not None else ""
    default = context.get("default_sort", "")
    current = current or default
    if current == key:
        target, arrow, state = f"-{key}", " ▲", "ascending"
    elif current == f"-{key}":
        target, arrow, state = key, " ▼", "descending"
    else:
        target, arrow, state = key, "", "none"
    href = url_with(context, sort=target, after=None)
    if hx_target:
        return format_html('<a class="fz-sort" href="{}" hx-get="{}" hx-target="{}" hx-push-url="true" '
                           'data-sort="{}">{}{}</a>', href, href, hx_target, state, label, arrow)
    return format_html('<a class="fz-sort" href="{}" data-sort="{}">{}{}</a>', href, state, label, arrow)


# ---------------------------------------------------------------- form widgets


def _is_checkbox(widget) -> bool:
    return isinstance(widget, forms.CheckboxInput)


@register.filter
def fz_is_checkbox(bound_field) -> bool:
    return _is_checkbox(bound_field.field.widget)


@register.filter
def fz_widget(bound_field, size: str = ""):
    """Render a bound field's widget with Bootstrap classes, marked invalid when it has errors."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.NullBooleanSelect):
        css = "form-select" + (" form-select-sm" if size == "sm" else "")
    else:
        css = "form-control" + (" form-control-sm" if size == "sm" else "")
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    if isinstance(widget, forms.DateInput) and not widget.input_type == "date":
        attrs["type"] = "date"
    return bound_field.as_widget(attrs=attrs)


# ---------------------------------------------------------------- badges and dates

_DEADLINE_BADGE = {
    DeadlineStatus.OPEN: "text-bg-primary",
    DeadlineStatus.PAUSED: "text-bg-secondary",
    DeadlineStatus.DONE: "text-bg-success",
    DeadlineStatus.OVERDUE: "text-bg-danger",
    DeadlineStatus.CANCELLED: "text-bg-light border",
}

_LEVEL_BADGE = {
    NotificationLevel.INFO: "text-bg-info",
    NotificationLevel.WARNING: "text-bg-warning",
    NotificationLevel.DANGER: "text-bg-danger",
}


@register.filter
def deadline_is_late(deadline) -> bool:
    """Overdue, or still running with its due date already past (before the nightly scan has flagged it)."""
    if deadline.status == DeadlineStatus.OVERDUE:
        return True
    return deadline.status == DeadlineStatus.OPEN and deadline.due_date < timezone.localdate()


@register.simple_tag
def deadline_badge(deadline):
    status = DeadlineStatus.OVERDUE if deadline_is_late(deadline) else deadline.status
    label = DeadlineStatus(status).label
    return format_html('<span class="badge {}" data-status="{}">{}</span>', _DEADLINE_BADGE.get(status, ""),
                       status, label)


@register.simple_tag
def level_badge(notification):
    level = notification.level
    label = NotificationLevel(level).label if level in NotificationLevel.values else level
    return format_html('<span class="badge {}">{}</span>', _LEVEL_BADGE.get(level, "text-bg-secondary"), label)


@register.filter
def days_left(value) -> str:
    """Chinese description of how far a date is from today: 今天到期 / 剩 3 天 / 已超期 2 天."""
    if not isinstance(value, dt.date):
        return ""
    delta = (value - timezone.localdate()).days
    if delta == 0:
        return "今天到期"
    if delta > 0:
        return f"剩 {delta} 天"
    return f"已超期 {-delta} 天"
