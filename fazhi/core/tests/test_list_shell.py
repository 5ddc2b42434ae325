"""What every list page pays besides its rows, kept cheap without changing what it shows: the per-worker cache
(core.localcache), the capped “共 N 件” (paging.list_total), the filter set built only when a filter is given
(filtersets.PageFilter), the cached filter bar ({% filter_bar %}) and the cached navigation."""

from datetime import timedelta

import django_filters as df
import pytest
from django.template import Context, Template
from django.test import RequestFactory

from fazhi.core import localcache
from fazhi.core.context_processors import nav_html, nav_sections
from fazhi.core.filtersets import PageFilter, ScopedAgencyFilterMixin
from fazhi.core.models import Agency, Notification, User
from fazhi.core.paging import ListTotal, list_total
from fazhi.core.permissions import P
from fazhi.core.scope import restrict
from fazhi.core.templatetags.fazhi_tags import _FILTER_BARS

# ---------------------------------------------------------------- the per-worker cache


def test_a_local_value_is_kept_until_it_expires_and_the_oldest_goes_first(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(localcache.time, "monotonic", lambda: clock[0])
    cache = localcache.LocalCache("test", max_entries=2)
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert cache.get_or_set("a", lambda: compute(1), 60) == 1
    assert cache.get_or_set("a", lambda: compute(2), 60) == 1  # kept
    clock[0] += 61
    assert cache.get_or_set("a", lambda: compute(3), 60) == 3  # expired: computed again
    cache.get_or_set("b", lambda: compute(4), 60)
    cache.get_or_set("a", lambda: compute(5), 60)  # a used last: b is now the oldest
    cache.get_or_set("c", lambda: compute(6), 60)
    assert len(cache) == 2
    assert cache.get_or_set("b", lambda: compute(7), 60) == 7  # b was dropped
    localcache.clear_all()
    assert len(cache) == 0
    assert calls == [1, 3, 4, 6, 7]


def test_changing_an_agency_or_a_role_empties_the_local_caches(org, people):
    cache = localcache.LocalCache("test-signal")
    cache.get_or_set("k", lambda: 1, 60)
    org.zhou_sfj.save()
    assert len(cache) == 0
    cache.get_or_set("k", lambda: 1, 60)
    people.officer.role_assignments.first().delete()
    assert len(cache) == 0


# ---------------------------------------------------------------- the capped count


def test_a_list_total_is_exact_up_to_the_limit_and_says_more_beyond_it(people, settings, django_assert_num_queries):
    users = User.objects.all()
    n = users.count()
    with django_assert_num_queries(1):
        exact = list_total(users, limit=n)
    assert (exact, exact.more, str(exact)) == (n, False, str(n))
    capped = list_total(users, limit=n - 1)
    assert (capped, capped.more, capped.count, str(capped)) == (n - 1, True, n - 1, f"{n - 1}+")
    settings.FAZHI_LIST_COUNT_LIMIT = 2
    assert list_total(users).more and list_total(users) == 2
    assert list_total(users.none()) == 0 and not list_total(users.none()).more
    assert list_total(users.filter(pk__in=[])) == 0  # a scope that can match nothing
    assert isinstance(ListTotal(3), int) and ListTotal(3) + 1 == 4


# ---------------------------------------------------------------- the page filter and its bar


class _AgencyUsers(ScopedAgencyFilterMixin, df.FilterSet):
    """A list of users by their agency: the scoped-agency dropdown over a core model."""

    agency_filter, agency_field = "agency", "agency"
    q = df.CharFilter(field_name="username", lookup_expr="icontains", label="用户名")
    agency = df.ModelChoiceFilter(field_name="agency", to_field_name="code", label="单位",
                                  queryset=Agency.objects.none())

    class Meta:
        model = User
        fields = ["q", "agency"]


def _request(user, query=""):
    request = RequestFactory().get(f"/core/users/{query}")
    request.user = user
    return request


def _users(user):
    return restrict(User.objects.all(), user, P.VIEW_USER)


def test_without_a_filter_value_the_page_lists_the_scope_and_builds_no_filter_set(people):
    admin = people.secadmin
    page = PageFilter(_request(admin, "?after=abc&sort=-id"), _AgencyUsers, _users(admin))
    assert not page.active
    assert list(page.qs) == list(_users(admin))
    assert "filterset" not in page.__dict__
    # any other parameter with a value goes through the filter set (it may be a filter's)
    assert PageFilter(_request(admin, "?sort=-id&unknown=1"), _AgencyUsers, _users(admin)).active
    assert not PageFilter(_request(admin, "?q=&agency="), _AgencyUsers, _users(admin)).active


def test_a_filter_value_filters_and_an_invalid_one_lists_nothing(people, org):
    admin = people.secadmin
    by_agency = PageFilter(_request(admin, f"?agency={org.anlong_sfj.code}"), _AgencyUsers, _users(admin))
    assert by_agency.active
    assert {u.agency_id for u in by_agency.qs} == {org.anlong_sfj.pk}
    unknown = PageFilter(_request(admin, "?agency=not-a-code"), _AgencyUsers, _users(admin))
    assert list(unknown.qs) == []
    assert unknown.form.errors["agency"]


def test_the_agency_dropdown_offers_the_agencies_of_the_scope_by_region(people, org):
    officer = people.anlong_fzb  # an 安龙县 user: only 安龙县's agencies in the dropdown
    scoped = restrict(User.objects.all(), officer, P.VIEW_USER)
    assert scoped.exists() and scoped.count() < User.objects.count()
    filterset = _AgencyUsers(None, queryset=scoped, request=_request(officer))
    offered = [str(value) for value, _ in filterset.form.fields["agency"].widget.choices][1:]
    expected = list(Agency.objects.filter(pk__in=scoped.values("agency")).order_by("region_path", "kind", "name")
                    .values_list("code", flat=True))
    assert offered == [str(code) for code in expected]
    assert str(org.zhou_sfj.code) not in offered


_BAR = Template('{% load fazhi_tags %}{% filter_bar filter hx_target="#results" export=True %}')
_INCLUDE = Template('{% include "_filter_bar.html" with filter=filter hx_target="#results" export=True %}')


@pytest.mark.parametrize("query", ["", "?sort=-id", "?q=adm&sort=-id", "?agency=not-a-code", '?q=<b>"x"</b>'])
def test_the_cached_filter_bar_is_the_bar_the_include_renders(people, query):
    admin = people.secadmin
    request = _request(admin, query)
    page = PageFilter(request, _AgencyUsers, _users(admin))
    cached = _BAR.render(Context({"filter": page, "request": request}))
    plain = _INCLUDE.render(Context({"filter": _AgencyUsers(request.GET or None, queryset=_users(admin),
                                                            request=request), "request": request}))
    assert cached == plain
    assert 'name="agency"' in cached and "导出 Excel" in cached


def test_paging_on_reuses_the_bar_without_building_the_filter_set(people, django_assert_num_queries):
    admin = people.secadmin
    first = _request(admin, "?sort=-id")
    html = _BAR.render(Context({"filter": PageFilter(first, _AgencyUsers, _users(admin)), "request": first}))
    deeper = _request(admin, "?sort=-id&after=xyz")
    page = PageFilter(deeper, _AgencyUsers, _users(admin))
    with django_assert_num_queries(0):
        assert _BAR.render(Context({"filter": page, "request": deeper})) == html
    assert "filterset" not in page.__dict__
    # another user's scope, another query string: a bar of their own
    other = _request(people.fzb_admin, "?sort=-id")
    _BAR.render(Context({"filter": PageFilter(other, _AgencyUsers, _users(people.fzb_admin)), "request": other}))
    _BAR.render(Context({"filter": PageFilter(_request(admin, "?q=x"), _AgencyUsers, _users(admin)),
                         "request": _request(admin, "?q=x")}))
    assert len(_FILTER_BARS) == 3


# ---------------------------------------------------------------- navigation and the unread badge


def test_the_cached_navigation_marks_the_page_it_is_on(people, django_assert_num_queries):
    user = User.objects.get(pk=people.fzb_admin.pk)
    home, inbox = _request(user), _request(user)
    home.path, inbox.path = "/", "/inbox/"
    first = nav_html(home)
    assert first.count('aria-current="page"') == 1 and 'href="/" aria-current="page"' in first
    assert [s["title"] for s in nav_sections(home)] and nav_html(home) == first
    with django_assert_num_queries(0):
        on_inbox = nav_html(inbox)
    assert on_inbox.count('aria-current="page"') == 1 and 'href="/inbox/" aria-current="page"' in on_inbox
    for section in nav_sections(inbox):
        for item in section["items"]:
            assert f'href="{item["url"]}"' in on_inbox


def test_a_page_shows_the_unread_count(client, people):
    user = people.fzb_admin
    Notification.objects.bulk_create([Notification(recipient=user, title=f"通知{i}", body="") for i in range(3)])
    Notification.objects.filter(recipient=user).update(read_at=None)
    client.force_login(user)
    response = client.get("/")
    assert response.context["fz_unread_count"] == 3
    assert 'data-count="3"' in response.content.decode()
    one = Notification.objects.filter(recipient=user).first()
    one.read_at = one.created_at + timedelta(minutes=1)
    one.save()
    assert client.get("/").context["fz_unread_count"] == 2
