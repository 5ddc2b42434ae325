"""The org tree and account services: validation, scope, 三员分立 and "nobody grants more than they hold"."""

import pytest

from fazhi.core import services
from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency, AuditEvent, Region, RoleAssignment, User
from fazhi.core.tests.factories import PASSWORD


def _unchanged(model, before_count):
    return model.objects.count() == before_count


class TestRegions:
    def test_rows_carry_the_materialised_path_of_their_region(self, org):
        assert org.prefecture.region_path == "522300/"
        assert org.xingyi_town.region_path == "522300/522301/522301100/"
        assert org.xingyi_sfj.region_path == org.xingyi.region_path

    def test_a_township_code_outside_its_county_is_refused_and_nothing_is_written(self, people, org):
        regions, events = Region.objects.count(), AuditEvent.objects.count()
        with pytest.raises(ServiceError) as exc:
            services.region_create(actor=people.sysadmin, code="522328200", name="错挂镇",
                                   level=RegionLevel.TOWNSHIP, parent=org.xingyi)
        assert "上级区划代码" in exc.value.message
        assert Region.objects.count() == regions and AuditEvent.objects.count() == events

    def test_only_the_system_administrator_maintains_the_tree(self, people, org):
        for user in (people.fzb_admin, people.secadmin, people.auditor, people.leader):
            with pytest.raises(NotPermitted):
                services.region_create(actor=user, code="522301101", name="新镇", level=RegionLevel.TOWNSHIP,
                                       parent=org.xingyi)
        region = services.region_create(actor=people.sysadmin, code="522301101", name="新镇",
                                        level=RegionLevel.TOWNSHIP, parent=org.xingyi)
        event = AuditEvent.objects.get(action="core.region_create", object_id=str(region.pk))
        assert event.actor == people.sysadmin and event.after["code"] == "522301101"


class TestAgencies:
    def test_a_wrong_credit_code_check_digit_is_refused_next_to_the_field(self, people, org):
        with pytest.raises(ServiceError) as exc:
            services.agency_create(actor=people.sysadmin, name="兴义市审计局", kind=AgencyKind.DEPARTMENT,
                                   region=org.xingyi, credit_code="91350100M000100Y44")
        assert "校验位" in exc.value.field_errors["credit_code"][0]
        assert not Agency.objects.filter(name="兴义市审计局").exists()

    def test_a_township_government_must_sit_on_a_township(self, people, org):
        with pytest.raises(ServiceError) as exc:
            services.agency_create(actor=people.sysadmin, name="某镇人民政府", kind=AgencyKind.TOWNSHIP_GOVERNMENT,
                                   region=org.xingyi)
        assert "乡镇" in exc.value.field_errors["region"][0]

    def test_updating_an_agency_records_before_and_after(self, people, org):
        services.agency_update(actor=people.sysadmin, agency=org.xingyi_sfj, short_name="兴义司法")
        event = AuditEvent.objects.filter(action="core.agency_update").latest("id")
        assert event.before["short_name"] == "" and event.after["short_name"] == "兴义司法"


class TestUsers:
    def test_the_security_administrator_creates_accounts_that_must_change_their_password(self, people, org):
        user = services.user_create(actor=people.secadmin, username="xingyi_new", full_name="新用户",
                                    agency=org.xingyi_sfj, password="Temp-pass-01")
        assert user.must_change_password and user.region_path == org.xingyi.region_path
        assert user.check_password("Temp-pass-01")

    @pytest.mark.parametrize(
        "password, fragment",
        [("Ab1!", "至少"), ("abcdefgh", "3 类"), ("12345678", "3 类"), ("newuser1", "3 类")],
    )
    def test_a_weak_password_is_refused_in_chinese(self, people, org, password, fragment):
        with pytest.raises(ServiceError) as exc:
            services.user_create(actor=people.secadmin, username="newuser1", full_name="x", agency=org.xingyi_sfj,
                                 password=password)
        assert any(fragment in m for m in exc.value.field_errors["password"])
        assert not User.objects.filter(username="newuser1").exists()

    def test_a_password_equal_to_the_username_is_refused(self, people, org):
        with pytest.raises(ServiceError) as exc:
            services.user_create(actor=people.secadmin, username="Ab-12345", full_name="x", agency=org.xingyi_sfj,
                                 password="Ab-12345")
        assert "用户名" in " ".join(exc.value.field_errors["password"])

    def test_business_administrators_do_not_manage_accounts(self, people, org):
        with pytest.raises(NotPermitted):
            services.user_create(actor=people.fzb_admin, username="x1", full_name="x", agency=org.xingyi_sfj,
                                 password="Temp-pass-01")

    def test_changing_ones_own_password_clears_the_first_login_flag(self, org):
        from fazhi.core.tests.factories import make_user

        user = make_user("first_login", org.xingyi_sfj, must_change_password=True)
        with pytest.raises(ServiceError):
            services.password_change(actor=user, old_password="wrong", new_password="Another-pass-9")
        with pytest.raises(ServiceError):
            services.password_change(actor=user, old_password=PASSWORD, new_password=PASSWORD)
        services.password_change(actor=user, old_password=PASSWORD, new_password="Another-pass-9")
        user.refresh_from_db()
        assert not user.must_change_password and user.check_password("Another-pass-9")


class TestRoleGrants:
    def test_a_county_office_cannot_grant_a_prefecture_wide_scope(self, people, org):
        target = services.user_create(actor=None, username="xy_staff", full_name="x", agency=org.xingyi_sfj,
                                      password="Temp-pass-01")
        with pytest.raises(ServiceError) as exc:
            services.role_grant(actor=people.xingyi_fzb, user=target, role=Role.COUNTY_FZB, scope=Scope.ALL)
        assert "不能大于您自己的范围" in exc.value.message
        assert not RoleAssignment.objects.filter(user=target).exists()
        services.role_grant(actor=people.xingyi_fzb, user=target, role=Role.COUNTY_FZB, scope=Scope.REGION)
        assert RoleAssignment.objects.get(user=target).granted_by == people.xingyi_fzb

    def test_a_county_office_cannot_grant_a_role_whose_permissions_it_lacks(self, people, org):
        target = services.user_create(actor=None, username="xy_staff2", full_name="x", agency=org.xingyi_sfj,
                                      password="Temp-pass-01")
        with pytest.raises(ServiceError) as exc:
            services.role_grant(actor=people.xingyi_fzb, user=target, role=Role.FZB_ADMIN, scope=Scope.REGION)
        assert "全部权限" in exc.value.message

    def test_a_county_office_cannot_touch_another_countys_accounts(self, people, org):
        target = services.user_create(actor=None, username="al_staff", full_name="x", agency=org.anlong_sfj,
                                      password="Temp-pass-01")
        with pytest.raises(NotPermitted):
            services.role_grant(actor=people.xingyi_fzb, user=target, role=Role.DRAFTER, scope=Scope.AGENCY)

    def test_only_the_security_administrator_grants_system_roles_and_never_in_combination(self, people, org):
        target = services.user_create(actor=None, username="ops2", full_name="x", agency=org.zhou_sfj,
                                      password="Temp-pass-01")
        with pytest.raises(ServiceError):
            services.role_grant(actor=people.fzb_admin, user=target, role=Role.AUDITOR, scope=Scope.ALL)
        services.role_grant(actor=people.secadmin, user=target, role=Role.AUDITOR, scope=Scope.ALL)
        with pytest.raises(ServiceError) as exc:
            services.role_grant(actor=people.secadmin, user=target, role=Role.DRAFTER, scope=Scope.AGENCY)
        assert "三员分立" in exc.value.message

    def test_nobody_grants_themselves_a_role(self, people):
        with pytest.raises(ServiceError):
            services.role_grant(actor=people.secadmin, user=people.secadmin, role=Role.LEADER, scope=Scope.ALL)

    def test_a_role_cannot_exceed_its_own_widest_scope(self, people, org):
        target = services.user_create(actor=None, username="officer3", full_name="x", agency=org.zhou_sthj,
                                      password="Temp-pass-01")
        with pytest.raises(ServiceError) as exc:
            services.role_grant(actor=people.secadmin, user=target, role=Role.ENFORCEMENT_OFFICER, scope=Scope.ALL)
        assert "最大为" in exc.value.message

    def test_revoking_is_audited_with_what_was_held(self, people, org):
        services.role_revoke(actor=people.secadmin, user=people.leader, role=Role.LEADER)
        event = AuditEvent.objects.filter(action="core.role_revoke").latest("id")
        assert event.before == {"role": "leader", "scope": "all"}
        assert not RoleAssignment.objects.filter(user=people.leader).exists()


def test_a_new_password_revokes_the_api_token(people):
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=people.zsthj_fz)
    services.user_reset_password(actor=people.secadmin, user=people.zsthj_fz, new_password="Reset-pass-77")
    assert not Token.objects.filter(user=people.zsthj_fz).exists()
    Token.objects.create(user=people.zsthj_fz)
    services.password_change(actor=people.zsthj_fz, old_password="Reset-pass-77", new_password="Own-pass-2026")
    assert not Token.objects.filter(user=people.zsthj_fz).exists()
