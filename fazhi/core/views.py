"""Workspace pages: sign-in and sign-out, password change, the home page per role, my deadlines, the inbox.

Views are thin: validate → fetch with permission (selectors + get_scoped) → service → render.
The administration pages (org tree, users, calendar, audit log) are in views_admin.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import audit, lockout, notifications, selectors, services
from .auth import LoginRefused, login_check
from .choices import DeadlineStatus, RegionLevel, Role
from .deadlines import rule_label
from .errors import ServiceError
from .exports import xlsx_response
from .filtersets import DeadlineFilterSet, NotificationFilterSet
from .forms import LoginForm, OverdueDeadlineForm, PasswordChangeForm
from .models import AuditChainHead, AuditEvent, CalendarYear, LoginAttempt
from .paging import page_from_request, sort_from
from .permissions import SYSTEM_ROLES, P, has_perm, role_codes
from .templatetags.fazhi_tags import period_text

# ---------------------------------------------------------------- helpers


def _safe_next(request) -> str:
    """The ``next`` parameter when it points back into this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _filtered(filterset, queryset):
    """The filtered rows; none while a filter value is invalid (its error shows next to the field)."""
    if not filterset.is_bound:
        return queryset
    return filterset.qs if filterset.is_valid() else queryset.none()


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


# ---------------------------------------------------------------- sign-in, sign-out, password


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request) or "core:home")
    form = LoginForm(request.POST or None)
    locked = False
    if request.method == "POST" and form.is_valid():
        try:
            # Records the attempt, the lockout counter and the audit event (auth.login / _failed / _locked).
            user = login_check(request, username=form.cleaned_data["username"],
                               password=form.cleaned_data["password"])
        except LoginRefused as exc:
            locked = exc.locked
            form.add_error(None, exc.message)
        else:
            auth_login(request, user)
            if user.must_change_password:
                messages.warning(request, "首次登录或密码被重置后，须先修改密码才能继续使用。")
                return redirect("core:password_change")
            return redirect(_safe_next(request) or "core:home")
    return render(request, "core/login.html", {
        "form": form,
        "locked": locked,
        "next": _safe_next(request),
        "lockout_attempts": settings.FAZHI_LOCKOUT_ATTEMPTS,
        "lockout_minutes": settings.FAZHI_LOCKOUT_MINUTES,
    })


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        with transaction.atomic():
            audit.record(actor=request.user, action="auth.logout", obj=request.user)
        auth_logout(request)
    messages.success(request, "您已安全退出。")
    return redirect("core:login")


@sensitive_post_parameters("old_password", "new_password", "new_password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_change(actor=request.user, old_password=form.cleaned_data["old_password"],
                                            new_password=form.cleaned_data["new_password"])
        except ServiceError as exc:
            form.add_service_errors(exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "core/password_change.html", {
        "form": form,
        "forced": request.user.must_change_password,
    })


# ---------------------------------------------------------------- home


@dataclass
class PendingItem:
    label: str
    count: int
    url: str
    level: str = "primary"  # Bootstrap colour: primary / warning / danger


PendingProvider = Callable[[object], list[PendingItem]]
PENDING_WORK_PROVIDERS: list[PendingProvider] = []


# A module may give a role its own home page (e.g. supervision's cockpit for the leader): a user all of
# whose roles have one is sent there from "/" ("/?home=1" keeps the ordinary home). Role → URL name.
ROLE_HOMES: dict[str, str] = {}


def register_role_home(role: str, url_name: str) -> None:
    """Called from a module's AppConfig.ready()."""
    ROLE_HOMES[role] = url_name


def role_home_url(roles: set[str]) -> str | None:
    names = {ROLE_HOMES.get(r) for r in roles}
    if roles and None not in names and len(names) == 1:
        from django.urls import reverse

        return reverse(names.pop())
    return None


def register_pending_work(provider: PendingProvider) -> None:
    """Modules add their "待办" counts to the home page (called from AppConfig.ready())."""
    PENDING_WORK_PROVIDERS.append(provider)


def _core_pending(user) -> list[PendingItem]:
    items = []
    if has_perm(user, P.VIEW_DEADLINE):
        today = timezone.localdate()
        soon = today + dt.timedelta(days=max(settings.FAZHI_DEADLINE_REMIND_DAYS or [3]))
        counts = selectors.my_deadlines(user=user).aggregate(
            overdue=Count("pk", filter=Q(status=DeadlineStatus.OVERDUE) | Q(status=DeadlineStatus.OPEN, due_date__lt=today)),
            soon=Count("pk", filter=Q(status=DeadlineStatus.OPEN, due_date__gte=today, due_date__lte=soon)),
            paused=Count("pk", filter=Q(status=DeadlineStatus.PAUSED)),
        )
        url = reverse("core:deadline_list")
        items.append(PendingItem("已超期的期限", counts["overdue"], f"{url}?status=overdue", "danger"))
        items.append(PendingItem(f"{(soon - today).days} 日内到期", counts["soon"],
                                 f"{url}?status=open&due_before={soon.isoformat()}", "warning"))
        items.append(PendingItem("中止计时中", counts["paused"], f"{url}?status=paused", "secondary"))
    return items





def pending_work(user) -> list[PendingItem]:
    items = _core_pending(user)
    for provider in PENDING_WORK_PROVIDERS:
        items.extend(provider(user))
    return items


HOME_DEADLINES = 8
HOME_NOTIFICATIONS = 6


@login_required
@require_GET
def home(request):
    user = request.user
    roles = role_codes(user)
    if roles and roles <= SYSTEM_ROLES:
        return _home_system(request, roles)
    target = None if request.GET.get("home") else role_home_url(roles)
    if target:
        return redirect(target)
    context = {
        "notifications": list(selectors.notification_list(user=user).filter(read_at__isnull=True)[:HOME_NOTIFICATIONS]),
        "has_roles": bool(roles),
        "can_view_deadlines": has_perm(user, P.VIEW_DEADLINE),
    }
    if context["can_view_deadlines"]:
        context["deadlines"] = list(
            selectors.my_deadlines(user=user)
            .filter(status__in=[DeadlineStatus.OPEN, DeadlineStatus.OVERDUE, DeadlineStatus.PAUSED])
            .order_by("due_date", "id")[:HOME_DEADLINES]
        )
        context["pending"] = pending_work(user)
        if Role.LEADER in roles:
            context.update(leader_overview(user))
    else:
        context["pending"] = [item for provider in PENDING_WORK_PROVIDERS for item in provider(user)]
    return render(request, "core/home.html", context)


def leader_overview(user, today: dt.date | None = None) -> dict:
    """The leader's overview until the supervision cockpit exists: per module of the deadlines in their
    scope, how many run and how many are overdue, and the overdue items themselves (oldest first)."""
    from .deadlines import rule_module

    today = today or timezone.localdate()
    late = Q(status=DeadlineStatus.OVERDUE) | Q(status=DeadlineStatus.OPEN, due_date__lt=today)
    rows = (selectors.deadline_list(user=user).filter(status__in=ACTIVE_STATUSES).order_by()
            .values("rule_code").annotate(n=Count("pk"), late=Count("pk", filter=late)))
    modules: dict[str, dict] = {}
    for row in rows:
        entry = modules.setdefault(rule_module(row["rule_code"]), {"open": 0, "late": 0})
        entry["open"] += row["n"]
        entry["late"] += row["late"]
    overdue = list(selectors.deadline_list(user=user).filter(late).select_related("agency")
                   .order_by("due_date", "id")[:HOME_DEADLINES])
    return {"overview": sorted(modules.items()), "overview_overdue": overdue}


def _home_system(request, roles: set[str]):
    """三员分立: the system roles see summaries of their own administration, never business data."""
    user = request.user
    context = {"is_sysadmin": Role.SYSADMIN in roles, "is_secadmin": Role.SECADMIN in roles,
               "is_auditor": Role.AUDITOR in roles}
    if context["is_sysadmin"]:
        context["org"] = org_summary(user)
        context["calendar"] = calendar_status()
    if context["is_secadmin"]:
        context["accounts"] = account_summary(user)
    if context["is_auditor"]:
        context["chain"] = audit_chain_status()
        context["recent_events"] = list(selectors.audit_event_list(user=user)[:10])
    return render(request, "core/home_system.html", context)


def org_summary(user) -> dict:
    regions = selectors.region_list(user=user)
    by_level = dict(regions.values_list("level").annotate(n=Count("pk")))
    agencies = selectors.agency_list(user=user)
    return {
        "levels": [(label, by_level.get(level, 0)) for level, label in RegionLevel.choices],
        "agencies": agencies.count(),
        "inactive_agencies": agencies.filter(is_active=False).count(),
        "roots": list(regions.filter(parent__isnull=True)),
    }


def calendar_status(today: dt.date | None = None) -> dict:
    """Which years' holidays are known; warn when the next year (or this one) is not yet."""
    today = today or timezone.localdate()
    years = sorted(CalendarYear.objects.values_list("year", flat=True))
    warnings = []
    if today.year not in years:
        warnings.append(("danger", f"本年度（{today.year} 年）的节假日安排尚未录入：按工作日计算的期限均为暂定。"))
    if today.year + 1 not in years:
        warnings.append(("warning", f"{today.year + 1} 年的节假日安排尚未录入：届满日落在 {today.year + 1} 年的期限将标记为暂定。"
                                    "国务院办公厅发布放假安排后，请在“工作日历”中录入。"))
    return {"years": years, "warnings": warnings, "next_year": today.year + 1}


def account_summary(user) -> dict:
    users = selectors.user_list(user=user)
    window_start = timezone.now() - dt.timedelta(minutes=settings.FAZHI_LOCKOUT_MINUTES)
    candidates = (LoginAttempt.objects.filter(succeeded=False, at__gt=window_start)
                  .values("username").annotate(n=Count("pk"))
                  .filter(n__gte=settings.FAZHI_LOCKOUT_ATTEMPTS).values_list("username", flat=True))
    locked_names = [name for name in candidates if lockout.is_locked(name, None)]
    locked = list(users.filter(username__in=locked_names).order_by("username")) if locked_names else []
    counts = users.order_by().aggregate(
        total=Count("pk", distinct=True),
        inactive=Count("pk", filter=Q(is_active=False), distinct=True),
        must_change=Count("pk", filter=Q(must_change_password=True, is_active=True), distinct=True),
    )
    return {**counts, "locked": locked, "lockout_minutes": settings.FAZHI_LOCKOUT_MINUTES}




AUDIT_TAIL = 200


def audit_chain_status(tail: int = AUDIT_TAIL) -> dict:
    """A quick check of the newest ``tail`` links and the chain head (the full walk is on the audit page)."""
    head = AuditChainHead.objects.filter(pk=1).first()
    events = list(AuditEvent.objects.order_by("-id")[:tail])[::-1]
    result = {"count": head.count if head else 0, "last_id": head.last_event_id if head else 0,
              "checked": len(events), "ok": True, "reason": "", "broken_id": None,
              "last_at": events[-1].occurred_at if events else None}
    if events and head is None:
        result.update(ok=False, reason="链头缺失")
        return result
    previous = None
    for event in events:
        if previous is not None and (event.id != previous.id + 1 or event.prev_hash != previous.hash):
            result.update(ok=False, broken_id=event.id, reason="与前一事件的链接断开（有行被删除、插入或修改）")
            return result
        if audit.compute_hash(event) != event.hash:
            result.update(ok=False, broken_id=event.id, reason="内容哈希不匹配（该行被修改）")
            return result
        previous = event
    if previous is not None and (head.last_hash != previous.hash or head.last_event_id != previous.id):
        result.update(ok=False, broken_id=head.last_event_id, reason="链头与最新事件不一致（末尾的行被删除）")
    return result


# ---------------------------------------------------------------- my deadlines

DEADLINE_SORTS = {
    "due_date": ("due_date", "id"),
    "-due_date": ("-due_date", "-id"),
    "status": ("status", "due_date", "id"),
    "-status": ("-status", "-due_date", "-id"),
    "object_repr": ("object_repr", "id"),
    "-object_repr": ("-object_repr", "-id"),
}
ACTIVE_STATUSES = [DeadlineStatus.OPEN, DeadlineStatus.OVERDUE, DeadlineStatus.PAUSED]

DEADLINE_COLUMNS = [
    ("事项", lambda d: d.object_repr),
    ("状态", lambda d: d.get_status_display()),
    ("届满日", lambda d: d.due_date),
    ("暂定", lambda d: d.provisional),
    ("起算日", lambda d: d.start_date),
    ("期间", lambda d: period_text(d.period, d.unit)),
    ("期限类别", lambda d: rule_label(d.rule_code)),
    ("法律依据", lambda d: d.legal_source),
    ("责任单位", lambda d: d.agency.name),
    ("责任人", lambda d: d.responsible.display_name if d.responsible_id else ""),
    ("办结日", lambda d: d.completed_on),
]


def _require(user, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied("您没有查看此页面的权限。")


@login_required
@require_GET
def deadline_list(request):
    _require(request.user, P.VIEW_DEADLINE)
    show_all = request.GET.get("show") == "all" or bool(request.GET.get("status"))
    queryset = selectors.my_deadlines(user=request.user)
    if not show_all:
        queryset = queryset.filter(status__in=ACTIVE_STATUSES)
    filterset = DeadlineFilterSet(request.GET or None, queryset=queryset)
    queryset = _filtered(filterset, queryset)
    sort, ordering = sort_from(request.GET, DEADLINE_SORTS, "due_date")
    if _wants_xlsx(request):
        rows = queryset.select_related("agency", "responsible").order_by(*ordering)
        return xlsx_response("我的期限", "我的期限", DEADLINE_COLUMNS, rows.iterator(chunk_size=500))
    page = page_from_request(request, queryset, ordering=ordering)
    context = {"filter": filterset if filterset.is_bound else DeadlineFilterSet(queryset=queryset),
               "page": page, "sort": sort, "default_sort": "due_date", "show_all": show_all,
               "today": timezone.localdate()}
    template = "core/_deadline_table.html" if request.htmx and not request.htmx.boosted else "core/deadline_list.html"
    return render(request, template, context)


@login_required
@require_GET
def deadline_detail(request, pk: int):
    _require(request.user, P.VIEW_DEADLINE)
    deadline = selectors.get_scoped(selectors.deadline_list(user=request.user), pk=pk)
    return _deadline_page(request, deadline, OverdueDeadlineForm())


def _deadline_page(request, deadline, form, status: int = 200):
    from .deadlines import deadline_explain

    late = deadline.status == DeadlineStatus.OVERDUE or (
        deadline.status == DeadlineStatus.OPEN and deadline.due_date < timezone.localdate())
    return render(request, "core/deadline_detail.html", {
        "deadline": deadline,
        "explain": deadline_explain(deadline),
        "events": list(deadline.events.select_related("actor")),
        "link_ok": bool(deadline.link) and url_has_allowed_host_and_scheme(deadline.link, allowed_hosts=None),
        "overdue_form": form if late and has_perm(request.user, P.MANAGE_DEADLINE) else None,
    }, status=status)


@login_required
@require_POST
def deadline_overdue_action(request, pk: int):
    """Extend an overdue deadline to a new due date, or close it; both with a reason (core.deadlines)."""
    from . import deadlines

    _require(request.user, P.VIEW_DEADLINE)
    deadline = selectors.get_scoped(selectors.deadline_list(user=request.user), pk=pk)
    form = OverdueDeadlineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "extend":
                deadlines.deadline_extend_overdue(actor=request.user, deadline=deadline,
                                                  new_due_date=data["new_due_date"], reason=data["reason"])
                messages.success(request, f"届满日已延长至 {data['new_due_date'].isoformat()}。")
            else:
                deadlines.deadline_close_overdue(actor=request.user, deadline=deadline, reason=data["reason"])
                messages.success(request, "期限已关闭。")
        except ServiceError as exc:
            if getattr(exc, "reasons", None) and not exc.field_errors:
                form.add_error(None, "；".join(str(r) for r in exc.reasons))
            else:
                form.add_service_errors(exc)
        else:
            return redirect("core:deadline_detail", pk=deadline.pk)
    deadline.refresh_from_db()
    return _deadline_page(request, deadline, form, status=400)


# ---------------------------------------------------------------- inbox

INBOX_SORTS = {"-created_at": ("-created_at", "-id"), "created_at": ("created_at", "id")}

NOTIFICATION_COLUMNS = [
    ("时间", lambda n: n.created_at),
    ("级别", lambda n: n.get_level_display()),
    ("标题", lambda n: n.title),
    ("内容", lambda n: n.body),
    ("已读", lambda n: n.read_at is not None),
    ("阅读时间", lambda n: n.read_at),
]


@login_required
@require_GET
def inbox(request):
    queryset = selectors.notification_list(user=request.user)
    filterset = NotificationFilterSet(request.GET or None, queryset=queryset)
    queryset = _filtered(filterset, queryset)
    sort, ordering = sort_from(request.GET, INBOX_SORTS, "-created_at")
    if _wants_xlsx(request):
        return xlsx_response("我的消息", "我的消息", NOTIFICATION_COLUMNS,
                             queryset.order_by(*ordering).iterator(chunk_size=500))
    page = page_from_request(request, queryset, ordering=ordering)
    context = {"filter": filterset if filterset.is_bound else NotificationFilterSet(queryset=queryset),
               "page": page, "sort": sort, "default_sort": "-created_at"}
    template = "core/_inbox_table.html" if request.htmx and not request.htmx.boosted else "core/inbox.html"
    return render(request, template, context)


def _notification_ids(request) -> list[int] | None:
    raw = request.POST.getlist("ids")
    try:
        return [int(value) for value in raw]
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def notification_mark_read(request):
    """Mark some (``ids``) or all (``all=1``) of my notifications read; htmx gets the row back."""
    mark_all = request.POST.get("all") == "1"
    ids = None if mark_all else _notification_ids(request)
    if not mark_all and not ids:
        return HttpResponseBadRequest("请选择要标为已读的通知。")
    count = notifications.notification_mark_read(actor=request.user, notification_ids=ids)
    if request.htmx and ids and len(ids) == 1:
        notification = selectors.get_scoped(selectors.notification_list(user=request.user), pk=ids[0])
        row = render(request, "core/_inbox_row.html", {"n": notification, "swap_badge": True,
                                                        "unread_total": notifications.unread_count(request.user)})
        return row
    if mark_all:
        messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    target = _safe_next(request) or reverse("core:inbox")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@login_required
@require_POST
def notification_open(request, pk: int):
    """Open one of my notifications: it is marked read, then its page is shown."""
    notification = selectors.get_scoped(selectors.notification_list(user=request.user), pk=pk)
    if notification.read_at is None:
        notifications.notification_mark_read(actor=request.user, notification_ids=[notification.pk])
    return redirect("core:notification_detail", pk=notification.pk)


@login_required
@require_GET
def notification_detail(request, pk: int):
    notification = selectors.get_scoped(selectors.notification_list(user=request.user), pk=pk)
    link_ok = bool(notification.link) and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None)
    return render(request, "core/notification_detail.html", {"n": notification, "link_ok": link_ok})
