"""The scoping function itself: each scope on each kind of row (the API matrix covers the endpoints)."""

from fazhi.core.choices import Role, Scope
from fazhi.core.models import Agency, Region, User
from fazhi.core.permissions import P
from fazhi.core.scope import restrict, widest_scope
from fazhi.core.tests.factories import make_user


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_own_region_and_below_is_a_prefix_filter_that_excludes_the_sibling_county(people, org):
    visible = names(restrict(Agency.objects.all(), people.xingyi_fzb, P.VIEW_ORG))
    assert {"兴义市人民政府", "兴义市司法局", "顶效镇人民政府"} <= visible
    assert not visible & {"安龙县人民政府", "安龙县司法局", "黔西南州人民政府"}


def test_the_region_filter_is_one_query_without_a_tree_walk(people, django_assert_num_queries):
    user = User.objects.get(pk=people.xingyi_fzb.pk)
    with django_assert_num_queries(2):  # role assignments once, then the filtered rows
        list(restrict(Region.objects.all(), user, P.VIEW_ORG))


def test_own_agency_scope_sees_only_the_agency(people, org):
    assert names(restrict(Agency.objects.all(), people.zsthj_fz, P.VIEW_ORG)) == {"黔西南州生态环境局"}


def test_own_records_scope_sees_only_the_users_own_account(people):
    assert not restrict(User.objects.all(), people.officer, P.VIEW_USER).exists()  # officers hold no VIEW_USER
    assert list(restrict(User.objects.all(), people.officer, P.VIEW_ORG)) == [people.officer]
    assert set(restrict(Agency.objects.all(), people.officer, P.VIEW_ORG)) == {people.officer.agency}


def test_all_scope_sees_everything(people, org):
    assert restrict(Agency.objects.all(), people.leader, P.VIEW_ORG).count() == Agency.objects.count()


def test_a_permission_the_user_lacks_gives_nothing_whatever_the_scope(people):
    assert not restrict(Agency.objects.all(), people.auditor, P.VIEW_ORG).exists()


def test_several_roles_add_up_their_scopes(org):
    user = make_user("two_hats", org.xingyi_sfj, (Role.LEGAL_STAFF, Scope.AGENCY), (Role.REVIEWER, Scope.REGION))
    assert widest_scope(user, P.VIEW_ORG) == Scope.REGION
    assert "顶效镇人民政府" in names(restrict(Agency.objects.all(), user, P.VIEW_ORG))


def test_an_inactive_or_anonymous_user_sees_nothing(people):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(Agency.objects.all(), AnonymousUser(), P.VIEW_ORG).exists()
    people.leader.is_active = False
    assert not restrict(Agency.objects.all(), people.leader, P.VIEW_ORG).exists()
