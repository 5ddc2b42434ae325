"""What every page's shell needs: the left navigation for the user's roles, the unread count, the idle timeout.

Navigation items are registered here (core) and by each module's AppConfig.ready() through
``register_nav_item``. An item shows only when the user holds its permission; a user who holds
only one of the three system roles (三员分立) sees only the items made for that role. Values are
lazy, so htmx partials that do not render the shell cost no queries.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from .choices import Role
from .localcache import LocalCache
from .permissions import SYSTEM_ROLES, P, has_perm, role_codes
from .urlcache import cached_reverse

SITE_NAME = "法治政府建设工作平台"
SITE_SHORT_NAME = "法治平台"

# Section titles in display order; modules may add their own (shown before 系统管理).
SECTION_WORK = "工作台"
SECTION_ADMIN = "系统管理"
_SECTION_ORDER = [SECTION_WORK]
_SECTION_LAST = [SECTION_ADMIN]


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    perm: str | None = None  # None: every signed-in user
    order: int = 100
    system_roles: frozenset = field(default_factory=frozenset)  # system roles that see this item
    everyone: bool = False  # shown to every user, system roles included (home, inbox)
    match_prefix: str = ""  # path prefix that marks the item active (default: its own URL)
    exact: bool = False  # active only on its own URL (a list page whose sub-pages have items of their own)


NAV_ITEMS: list[NavItem] = [
    NavItem(SECTION_WORK, "首页", "core:home", order=10, everyone=True),
    NavItem(SECTION_WORK, "我的期限", "core:deadline_list", P.VIEW_DEADLINE, order=20),
    NavItem(SECTION_WORK, "消息", "core:inbox", order=30, everyone=True),
    NavItem(SECTION_ADMIN, "行政区划", "core:region_list", P.VIEW_ORG, order=10,
            system_roles=frozenset({Role.SYSADMIN})),
    NavItem(SECTION_ADMIN, "单位", "core:agency_list", P.VIEW_ORG, order=20,
            system_roles=frozenset({Role.SYSADMIN})),
    NavItem(SECTION_ADMIN, "用户与角色", "core:user_list", P.VIEW_USER, order=30,
            system_roles=frozenset({Role.SECADMIN})),
    NavItem(SECTION_ADMIN, "工作日历", "core:calendar", P.MANAGE_CALENDAR, order=40,
            system_roles=frozenset({Role.SYSADMIN})),
    NavItem(SECTION_ADMIN, "审计日志", "core:audit_list", P.VIEW_AUDIT, order=50,
            system_roles=frozenset({Role.AUDITOR})),
]


def register_nav_item(item: NavItem) -> None:
    """Called by a module's AppConfig.ready(); modules' sections appear between 工作台 and 系统管理."""
    if item.section not in _SECTION_ORDER and item.section not in _SECTION_LAST:
        _SECTION_ORDER.append(item.section)
    NAV_ITEMS.append(item)


def _visible(item: NavItem, user, roles: set[str]) -> bool:
    if item.everyone:
        return True
    if roles and roles <= SYSTEM_ROLES:
        # 三员分立: system administrators see their own administration pages and nothing else.
        if not (roles & item.system_roles):
            return False
    return item.perm is None or has_perm(user, item.perm)


# The items a set of roles sees, and the rendered navigation for a set of roles on a page (which items are
# active): both the same for every request with the same inputs, and computed once per worker.
_VISIBLE = LocalCache("nav-items", max_entries=128)
_NAV_HTML = LocalCache("nav-html", max_entries=512)
NAV_CACHE_SECONDS = 3600


def _nav_user(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return None
    return user


def _visible_items(user) -> tuple[tuple, list[tuple[NavItem, str]]]:
    """(key, [(item, url)]) of the items ``user``'s roles see, in order; what an item shows depends on the roles
    alone (``_visible``), so the list is kept per set of roles."""
    roles = role_codes(user)
    key = (frozenset(roles), id(NAV_ITEMS), len(NAV_ITEMS), tuple(_SECTION_ORDER), get_script_prefix(),
           get_urlconf() or settings.ROOT_URLCONF)

    def compute():
        items = []
        for item in sorted(NAV_ITEMS, key=lambda i: i.order):
            if not _visible(item, user, roles):
                continue
            try:
                items.append((item, cached_reverse(item.url_name)))
            except NoReverseMatch:
                continue  # a page whose module is not installed
        return items

    return key, _VISIBLE.get_or_set(key, compute, NAV_CACHE_SECONDS)


def _active(item: NavItem, url: str, path: str) -> bool:
    prefix = item.match_prefix or url
    return path == url if (url == "/" or item.exact) else path.startswith(prefix)


def _sections(items: list[tuple[NavItem, str]], path: str) -> list[dict]:
    sections: dict[str, list] = {}
    for item, url in items:
        sections.setdefault(item.section, []).append(
            {"label": item.label, "url": url, "active": _active(item, url, path)})
    order = _SECTION_ORDER + [s for s in sections if s not in _SECTION_ORDER + _SECTION_LAST] + _SECTION_LAST
    return [{"title": title, "items": sections[title]} for title in order if title in sections]


def nav_sections(request) -> list[dict]:
    """[{"title": …, "items": [{"label", "url", "active"}]}] for the signed-in user."""
    user = _nav_user(request)
    if user is None:
        return []
    return _sections(_visible_items(user)[1], request.path)


def nav_html(request) -> str:
    """The rendered left navigation (core/_nav.html) of the signed-in user on this page ("" without one): one
    rendering per set of roles and active items, not a template loop over twenty items on every page."""
    user = _nav_user(request)
    if user is None:
        return ""
    key, items = _visible_items(user)
    if not items:
        return ""
    active = tuple(i for i, (item, url) in enumerate(items) if _active(item, url, request.path))
    return _NAV_HTML.get_or_set((key, active), lambda: render_to_string(
        "_nav.html", {"sections": _sections(items, request.path)}), NAV_CACHE_SECONDS)


def navigation(request):
    user = getattr(request, "user", None)
    idle_seconds = int(getattr(settings, "SESSION_COOKIE_AGE", 0) or 0)
    context = {
        "fz_site_name": SITE_NAME,
        "fz_site_short_name": SITE_SHORT_NAME,
        "fz_idle_seconds": idle_seconds if getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False) else 0,
        "fz_idle_minutes": idle_seconds // 60 if getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False) else 0,
        # The identification a government website carries (政府网站发展指引): settings, shown in the footers.
        "fz_site": {
            "prefecture": getattr(settings, "FAZHI_PREFECTURE_NAME", ""),
            "host": getattr(settings, "FAZHI_SITE_HOST_ORG", ""),
            "contact": getattr(settings, "FAZHI_SITE_CONTACT", ""),
            "site_code": getattr(settings, "FAZHI_SITE_CODE", ""),
            "icp": getattr(settings, "FAZHI_SITE_ICP", ""),
            "police": getattr(settings, "FAZHI_SITE_POLICE_RECORD", ""),
        },
    }
    if user is None or not user.is_authenticated:
        return context

    def unread():
        from .notifications import unread_count

        return unread_count(user)

    def role_labels():
        return "、".join(Role(code).label for code in sorted(role_codes(user)) if code in Role.values)

    context.update({
        "fz_nav_sections": SimpleLazyObject(lambda: nav_sections(request)),
        "fz_nav": SimpleLazyObject(lambda: mark_safe(nav_html(request))),  # noqa: S308 — a template's output
        "fz_unread_count": SimpleLazyObject(unread),
        "fz_role_labels": SimpleLazyObject(role_labels),
    })
    return context
