"""Issue 7 §5: nobody revokes their own last administrative role; a grant never silently narrows a scope
that a higher authority granted."""

import pytest

from fazhi.core import services
from fazhi.core.choices import Role, Scope
from fazhi.core.errors import ServiceError
from fazhi.core.models import RoleAssignment
from fazhi.core.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, role", [("secadmin", Role.SECADMIN), ("fzb_admin", Role.FZB_ADMIN),
                                       ("xingyi_fzb", Role.COUNTY_FZB)])
def test_nobody_revokes_their_own_last_administrative_role(people, who, role):
    user = getattr(people, who)
    with pytest.raises(ServiceError, match="最后一个管理角色"):
        services.role_revoke(actor=user, user=user, role=role)
    assert RoleAssignment.objects.filter(user=user, role=role).exists()


def test_an_administrator_with_a_second_administrative_role_may_drop_one(people):
    services.role_grant(actor=people.secadmin, user=people.xingyi_fzb, role=Role.DRAFTER, scope=Scope.AGENCY)
    # A business role is not administrative: dropping it is allowed, the admin role stays.
    people.xingyi_fzb._fazhi_roles = None
    services.role_revoke(actor=people.xingyi_fzb, user=people.xingyi_fzb, role=Role.DRAFTER)
    with pytest.raises(ServiceError, match="最后一个管理角色"):
        services.role_revoke(actor=people.xingyi_fzb, user=people.xingyi_fzb, role=Role.COUNTY_FZB)


def test_another_administrator_may_revoke_it(people):
    services.role_revoke(actor=people.fzb_admin, user=people.xingyi_fzb, role=Role.COUNTY_FZB)
    assert not RoleAssignment.objects.filter(user=people.xingyi_fzb).exists()


@pytest.fixture
def xingyi_drafter(org, people):
    user = make_user("xy_qc2", org.xingyi_sfj)
    services.role_grant(actor=people.secadmin, user=user, role=Role.DRAFTER, scope=Scope.AGENCY)
    return user


def test_a_county_grant_does_not_narrow_what_the_prefecture_granted(people, xingyi_drafter):
    # The security administrator (whole prefecture) granted the agency scope; the city's office may not
    # quietly cut it down to the drafter's own records.
    with pytest.raises(ServiceError, match="不能将其缩小"):
        services.role_grant(actor=people.xingyi_fzb, user=xingyi_drafter, role=Role.DRAFTER, scope=Scope.OWN)
    assert RoleAssignment.objects.get(user=xingyi_drafter, role=Role.DRAFTER).scope == Scope.AGENCY


def test_the_granting_authority_itself_may_narrow(people, xingyi_drafter):
    services.role_grant(actor=people.secadmin, user=xingyi_drafter, role=Role.DRAFTER, scope=Scope.OWN)
    assert RoleAssignment.objects.get(user=xingyi_drafter, role=Role.DRAFTER).scope == Scope.OWN


def test_a_peer_may_narrow_a_peers_grant_and_anyone_may_keep_or_widen_within_their_own(people, org):
    user = make_user("xy_qc3", org.xingyi_sfj)
    peer = make_user("xingyi_fzb2", org.xingyi_sfj, (Role.COUNTY_FZB, Scope.REGION))
    services.role_grant(actor=peer, user=user, role=Role.DRAFTER, scope=Scope.AGENCY)
    services.role_grant(actor=people.xingyi_fzb, user=user, role=Role.DRAFTER, scope=Scope.AGENCY)
    services.role_grant(actor=people.xingyi_fzb, user=user, role=Role.DRAFTER, scope=Scope.OWN)
    assert RoleAssignment.objects.get(user=user, role=Role.DRAFTER).scope == Scope.OWN
