"""Template helpers shared by every page: URLs that keep the current filters, sort links, widgets, badges."""

import datetime as dt

from django import forms, template
from django.conf import settings
from django.template import Context
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..choices import DeadlineStatus, NotificationLevel, PeriodUnit
from ..localcache import LocalCache
from ..urlcache import cached_reverse

register = template.Library()


# ---------------------------------------------------------------- the shell's URLs, once per worker


@register.simple_tag
def fz_url(url_name: str) -> str:
    """``{% url name %}`` of a URL without arguments, reversed once per worker (urlcache.cached_reverse): the
    shell names the same few on every page."""
    return cached_reverse(url_name)


_STATIC: dict[tuple, str] = {}


@register.simple_tag
def fz_static(path: str) -> str:
    """``{% static path %}``, looked up once per worker and storage (the manifest's hashed names change only
    with a new collectstatic, which restarts the workers)."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.templatetags.static import static

    key = (path, settings.STATIC_URL, type(staticfiles_storage._wrapped))
    url = _STATIC.get(key)
    if url is None:
        url = _STATIC[key] = static(path)
    return url


@register.simple_tag
def unread_badge(count, oob: bool = False):
    """The top bar's unread-messages badge (``oob``: as an htmx out-of-band swap after messages were read)."""
    count = int(str(count or 0))  # str(): the shell's count is a lazy object (context_processors), int() is not proxied
    return format_html('<span id="fz-unread" class="badge rounded-pill fz-unread-badge{}"{} data-count="{}" '
                       'aria-label="{} 条未读消息">{}</span>', "" if count else " d-none",
                       mark_safe(' hx-swap-oob="true"') if oob else "", count, count, count)


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


# Rendered filter bars of PageFilter lists, per user scope and query string (core.localcache).
_FILTER_BARS = LocalCache("filter-bars", max_entries=256)


@register.simple_tag(takes_context=True)
def filter_bar(context, filter, hx_target: str = "", export: bool = False):
    """``{% filter_bar filter hx_target="#results" export=True %}``: the list's filter bar (_filter_bar.html).

    For a ``PageFilter`` the rendered bar is kept for the filter-choices period, keyed by everything it shows:
    the FilterSet, the user's scope (its dropdowns' choices), the path, the query string without the page cursor
    (selected values, errors, sort, the export link) and the day (year choices). Paging on through a list then
    neither renders the bar again nor builds the FilterSet behind it."""
    from fazhi.core.filtersets import PageFilter, choices_seconds
    from fazhi.core.scope import scope_key

    request = context.get("request")

    def render() -> str:
        filterset = filter.filterset if isinstance(filter, PageFilter) else filter
        template = context.template.engine.get_template("_filter_bar.html")
        return template.render(Context({"filter": filterset, "hx_target": hx_target, "export": export,
                                        "request": request}, autoescape=context.autoescape))

    if not isinstance(filter, PageFilter) or request is None:
        return mark_safe(render())  # noqa: S308 — a template's output, escaped by it
    cls = filter.filterset_class
    query = tuple((name, tuple(request.GET.getlist(name))) for name in sorted(request.GET) if name != "after")
    key = (cls.__module__, cls.__qualname__, scope_key(request.user), request.path, query, hx_target,
           bool(export), timezone.localdate())
    return mark_safe(_FILTER_BARS.get_or_set(key, render, choices_seconds()))  # noqa: S308 — as above


@register.simple_tag
def filter_is_active(filterset) -> bool:
    """Whether any of the filter set's fields has a value in the request."""
    data = getattr(filterset, "data", None) or {}
    return any(data.get(name) not in (None, "", "unknown") for name in filterset.form.fields)


# ---------------------------------------------------------------- form widgets


def _is_checkbox(widget) -> bool:
    return isinstance(widget, forms.CheckboxInput)


@register.filter
def fz_is_checkbox(bound_field) -> bool:
    return _is_checkbox(bound_field.field.widget)


@register.filter
def fz_widget(bound_field, size: str = ""):
    """Render a bound field's widget with Bootstrap classes, marked invalid when it has errors."""
    return _widget(bound_field, size)


def _widget(bound_field, size: str = "", fast_min: int = 0):
    fast_min = fast_min or FAST_SELECT_MIN
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        # Django puts these attrs on the list's container and on each input: a class of its own, styled in
        # app.css (form-check-input would shrink the whole list to one checkbox's size).
        css = "fz-choices"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.NullBooleanSelect):
        css = "form-select" + (" form-select-sm" if size == "sm" else "")
    else:
        css = "form-control" + (" form-control-sm" if size == "sm" else "")
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    if type(widget) in (forms.Select, forms.SelectMultiple) and len(getattr(widget, "choices", ())) >= fast_min:
        return _fast_select(bound_field, attrs)
    if type(widget) is forms.NullBooleanSelect and fast_min == 1:  # 是/否 in the filter bar
        return _fast_select(bound_field, attrs)
    if type(widget) is forms.TextInput and fast_min == 1:  # the filter bar, on every list page
        return _fast_text_input(bound_field, attrs)
    if isinstance(widget, forms.DateInput):
        # A text box that reads and shows YYYY-MM-DD: the browser's own date input shows the date in the
        # browser's locale (03/12/2026 in an English browser), which users misread.
        widget.input_type = "text"
        widget.format = "%Y-%m-%d"
        attrs.update({"placeholder": "YYYY-MM-DD", "pattern": r"\d{4}-\d{2}-\d{2}", "inputmode": "numeric",
                      "maxlength": "10", "autocomplete": "off"})
        attrs["class"] += " fz-date"
    return bound_field.as_widget(attrs=attrs)


# A long dropdown (all the agencies of a province) rendered option by option through Django's widget templates
# costs tens of milliseconds a page; from this many choices on the same HTML is built directly (the filter
# bar, on every list page, builds all its dropdowns so).
FAST_SELECT_MIN = 31


def _fast_select(bound_field, attrs):
    from django.forms.utils import flatatt
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    widget = bound_field.field.widget
    final = widget.build_attrs(widget.attrs, bound_field.build_widget_attrs(attrs, widget))
    final.setdefault("id", bound_field.auto_id)
    if isinstance(widget, forms.SelectMultiple):
        final["multiple"] = True
    value = widget.format_value(bound_field.value())
    # a NullBooleanSelect formats its value as one string ("unknown", "true", "false"), the others as a list
    selected = {value} if isinstance(value, str) else {str(v) for v in value}

    def options(choices) -> str:
        from django.utils.html import escape

        rows = []
        for value, label in choices:
            if isinstance(label, list | tuple):
                rows.append(f'<optgroup label="{escape(value)}">{options(label)}</optgroup>')
                continue
            v = "" if value is None else str(value)
            rows.append(f'<option value="{escape(v)}"{" selected" if v in selected else ""}>{escape(label)}</option>')
        return "".join(rows)

    return format_html('<select name="{}"{}>{}</select>', bound_field.html_name, flatatt(final),
                       mark_safe(options(widget.choices)))  # noqa: S308 — every value and label escaped above


def _fast_text_input(bound_field, attrs):
    """A text box of the filter bar (on every list page), built directly: the same HTML as Django's
    input.html and attrs.html, without rendering two templates."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    widget = bound_field.field.widget
    extra = bound_field.build_widget_attrs(attrs, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        extra.setdefault("id", bound_field.auto_id)
    final = widget.build_attrs(widget.attrs, extra)
    # attrs.html: in the dict's order, False left out, True as a bare name
    flat = "".join(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
                   for name, value in final.items() if value is not False)
    value = widget.format_value(bound_field.value())
    return format_html('<input type="{}" name="{}"{}{}>', widget.input_type, bound_field.html_name,
                       format_html(' value="{}"', value) if value is not None else "",
                       mark_safe(flat))  # noqa: S308 — every name and value escaped above


ALL_LABEL = "全部"


@register.filter
def fz_filter_widget(bound_field):
    """A filter-bar field: small, and its empty choice reads "全部" instead of "---------" / "未知"."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.NullBooleanSelect):
        widget.choices = [("unknown", ALL_LABEL), ("true", "是"), ("false", "否")]
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        choices = list(iter(widget.choices))  # iter(): list() would first ask a model choice field for its COUNT
        if choices and choices[0][0] in ("", None):
            widget.choices = [("", ALL_LABEL), *choices[1:]]
    return _widget(bound_field, "sm", fast_min=1)


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


_PERIOD_UNIT_TEXT = {
    PeriodUnit.CALENDAR_DAYS: "{n} 日",
    PeriodUnit.WORKING_DAYS: "{n} 个工作日",
    PeriodUnit.MONTHS: "{n} 个月",
}


@register.filter
def period_text(amount, unit) -> str:
    """``{{ d.period|period_text:d.unit }}`` → "20 个工作日" / "15 日" / "1 个月" (not "1月", which reads as January)."""
    template_text = _PERIOD_UNIT_TEXT.get(unit)
    return template_text.format(n=amount) if template_text else f"{amount}"


# ---------------------------------------------------------------- audit actions

# Chinese names of audit event codes; modules add theirs with register_audit_labels() in AppConfig.ready().
AUDIT_ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录",
    "auth.login_failed": "登录失败",
    "auth.login_locked": "登录被拒（已锁定）",
    "auth.logout": "退出登录",
    "core.region_create": "新增区划",
    "core.region_update": "修改区划",
    "core.agency_create": "新增单位",
    "core.agency_update": "修改单位",
    "core.user_create": "新建账号",
    "core.user_update": "修改账号",
    "core.user_reset_password": "重置密码",
    "core.account_unlock": "解除登录锁定",
    "core.password_change": "修改密码",
    "core.role_grant": "授予角色",
    "core.role_revoke": "撤销角色",
    "core.calendar_seed": "导入节假日安排",
    "core.calendar_day_set": "设置节假日或调休",
    "core.calendar_day_delete": "删除节假日或调休",
    "core.calendar_year_register": "登记日历年度",
    "core.calendar_year_unregister": "撤销日历年度登记",
    "core.deadline_create": "创建期限",
    "core.deadline_pause": "期限中止计时",
    "core.deadline_resume": "期限恢复计时",
    "core.deadline_extend": "延长期限",
    "core.deadline_complete": "期限办结",
    "core.deadline_cancel": "撤销期限",
    "core.deadline_recompute": "重算期限",
    "core.deadline_overdue": "期限超期",
    "core.deadline_remind": "期限提醒",
    "core.notification_read": "阅读通知",
    "core.number_allocate": "分配文号",
    "core.attachment_upload": "上传附件",
    "core.attachment_download": "下载附件",
    "core.attachment_lock": "封存附件",
    "core.attachment_delete": "删除附件",
}


def register_audit_labels(labels: dict[str, str]) -> None:
    AUDIT_ACTION_LABELS.update(labels)


@register.filter
def audit_action_label(action: str) -> str:
    """The Chinese name of an audit event code (the code itself when none is registered)."""
    return AUDIT_ACTION_LABELS.get(action, action)


@register.filter
def rule_label(code) -> str:
    """The Chinese name of a deadline rule; users never see the internal code."""
    from fazhi.core.deadlines import rule_label as label

    return label(code)


@register.filter
def call_shortened(call) -> bool:
    """Whether a comment period is shorter than its statutory minimum: only then is a shortening reason
    published (重大行政决策程序暂行条例 第十五条: 因情况紧急等原因需要缩短期限的, 应当予以说明)."""
    from fazhi.core import workdays

    if not (call and call.start_date and call.end_date and call.required_min):
        return False
    if call.required_unit == PeriodUnit.WORKING_DAYS:
        length = workdays.count_on(workdays.current_calendar(), call.start_date - dt.timedelta(days=1),
                                   call.end_date)
    else:
        length = (call.end_date - call.start_date).days + 1
    return length < call.required_min


@register.filter
def call_phase(call) -> str:
    """未开始 / 进行中 / 已届满 / 已结束 (closed by hand) — two states a badge used to merge."""
    today = timezone.localdate()
    if getattr(call, "closed_at", None):
        return "已结束"
    if today < call.start_date:
        return "未开始"
    if today > call.end_date:
        return "已届满"
    return "进行中"
