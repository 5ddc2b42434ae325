"""core/regions/, core/agencies/, core/users/ (with roles and password reset): reads, writes, every error."""

import uuid

import pytest

from fazhi.core.choices import AgencyKind, Role, Scope
from fazhi.core.models import Agency, AuditEvent, Region, RoleAssignment, User
from fazhi.core.tests.api_support import all_messages, client_for, is_chinese, results, url
from fazhi.core.tests.factories import PASSWORD, make_user


@pytest.fixture
def unchanged():
    """Call with a model list before a refused request; the returned check asserts nothing moved."""

    def snapshot(*models):
        counts = {m: m.objects.count() for m in (*models, AuditEvent)}

        def check():
            assert {m: m.objects.count() for m in counts} == counts

        return check

    return snapshot


def _codes(response, key="code"):
    return [row[key] for row in results(response)]


# ---------------------------------------------------------------- regions: reads


def test_regions_are_listed_in_tree_order_with_labels_and_parent(people):
    body = results(client_for(people.fzb_admin).get(url("core-region-list")))
    assert [r["code"] for r in body] == ["522300", "522301", "522301100", "522328", "522328100"]
    xingyi = body[1]
    assert xingyi == {"code": "522301", "name": "兴义市", "level": 3, "level_label": "县市区",
                      "parent": {"code": "522300", "name": "黔西南布依族苗族自治州"},
                      "region_path": "522300/522301/", "is_active": True}


def test_a_county_office_lists_only_its_county_and_below(people):
    assert _codes(client_for(people.xingyi_fzb).get(url("core-region-list"))) == ["522301", "522301100"]


@pytest.mark.parametrize(("query", "expected"), [
    ({"level": "3"}, ["522301", "522328"]),
    ({"parent": "522301"}, ["522301100"]),
    ({"q": "安龙"}, ["522328"]),
    ({"q": "5223011"}, ["522301100"]),
])
def test_the_region_list_filters_through_its_filterset(people, query, expected):
    assert _codes(client_for(people.fzb_admin).get(url("core-region-list"), query)) == expected


def test_a_bad_filter_value_is_a_chinese_400(people):
    response = client_for(people.fzb_admin).get(url("core-region-list"), {"level": "abc"})
    assert response.status_code == 400
    assert set(response.json()) == {"level"} and all(is_chinese(m) for m in all_messages(response.json()))


def test_a_region_is_read_by_its_code(people):
    response = client_for(people.xingyi_fzb).get(url("core-region-detail", code="522301"))
    assert response.status_code == 200 and response.json()["name"] == "兴义市"


def test_another_countys_region_and_a_missing_one_are_the_same_404(people):
    client = client_for(people.xingyi_fzb)
    forbidden = client.get(url("core-region-detail", code="522328"))
    missing = client.get(url("core-region-detail", code="522399"))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "对象不存在或不在您的数据范围内。"}


def test_the_audit_administrator_may_not_read_the_org_tree(people):
    response = client_for(people.auditor).get(url("core-region-list"))
    assert response.status_code == 403 and is_chinese(response.json()["detail"])


def test_the_region_list_pages_by_keyset(people):
    client = client_for(people.fzb_admin)
    first = client.get(url("core-region-list"), {"page_size": 2}).json()
    assert [r["code"] for r in first["results"]] == ["522300", "522301"]
    second = client.get(first["next"]).json()
    assert [r["code"] for r in second["results"]] == ["522301100", "522328"]
    third = client.get(url("core-region-list"), {"page_size": 2, "after": second["next_cursor"]}).json()
    assert [r["code"] for r in third["results"]] == ["522328100"] and third["next"] is None


@pytest.mark.parametrize("query", [{"page_size": "abc"}, {"page_size": "0"}, {"page_size": "100000"},
                                   {"after": "!!!"}, {"after": "WyJ4Il0"}, {"after": "W1tdLFtdXQ"}])
def test_bad_paging_parameters_are_a_400_not_a_crash(people, query):
    response = client_for(people.fzb_admin).get(url("core-deadline-list"), query)
    assert response.status_code == 400
    assert all(is_chinese(m) for m in all_messages(response.json()))


def test_a_cursor_of_the_wrong_type_for_the_ordering_is_a_400(people):
    import base64
    import json

    cursor = base64.urlsafe_b64encode(json.dumps(["not-a-number"]).encode()).decode().rstrip("=")
    response = client_for(people.auditor).get(url("core-audit-event-list"), {"after": cursor})
    assert response.status_code == 400 and response.json() == {"after": ["分页游标无效。"]}


# ---------------------------------------------------------------- regions: writes


def test_the_system_administrator_creates_a_region_under_a_parent_code(people):
    response = client_for(people.sysadmin).post(
        url("core-region-list"), {"code": "522302", "name": "兴仁市", "level": 3, "parent": "522300"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["region_path"] == "522300/522302/"
    region = Region.objects.get(code="522302")
    assert AuditEvent.objects.filter(action="core.region_create", object_id=str(region.pk), actor=people.sysadmin).exists()


def test_a_business_administrator_may_not_create_regions(people, unchanged):
    check = unchanged(Region)
    response = client_for(people.fzb_admin).post(
        url("core-region-list"), {"code": "522302", "name": "兴仁市", "level": 3, "parent": "522300"}, format="json")
    assert response.status_code == 403 and is_chinese(response.json()["detail"])
    check()


@pytest.mark.parametrize(("payload", "fields"), [
    ({}, {"code", "name", "level"}),
    ({"code": "522302", "name": "兴仁市", "level": "county", "parent": "522300"}, {"level"}),
    ({"code": "522302", "name": "兴仁市", "level": 3, "parent": "999999"}, {"parent"}),
    # Region.clean reports a bad code as a non-field error (validators.validate_region_code).
    ({"code": "12", "name": "兴仁市", "level": 3, "parent": "522300"}, {"detail"}),
    ({"code": "522302", "name": "兴" * 61, "level": 3, "parent": "522300"}, {"name"}),
    ({"code": "522302", "name": "兴仁市", "level": 3}, {"parent"}),
    ({"code": ["522302"], "name": {"a": 1}, "level": 3, "parent": "522300"}, {"code", "name"}),
])
def test_a_bad_region_payload_is_a_400_with_chinese_field_errors_and_changes_nothing(people, unchanged, payload,
                                                                                     fields):
    check = unchanged(Region)
    response = client_for(people.sysadmin).post(url("core-region-list"), payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert fields <= set(body), body
    assert all(is_chinese(m) for m in all_messages({k: body[k] for k in fields}))
    check()


def test_a_region_scoped_system_administrator_cannot_create_under_another_county(org, people, unchanged):
    county_admin = make_user("xingyi_sys", org.xingyi_sfj, (Role.SYSADMIN, Scope.REGION))
    check = unchanged(Region)
    response = client_for(county_admin).post(
        url("core-region-list"), {"code": "522328101", "name": "某镇", "level": 4, "parent": "522328"}, format="json")
    assert response.status_code == 400
    assert response.json()["parent"] == ["“522328”不存在或不在您的数据范围内。"]
    check()


def test_the_system_administrator_renames_a_region(people):
    response = client_for(people.sysadmin).patch(url("core-region-detail", code="522328"), {"name": "安龙县（改）"},
                                                 format="json")
    assert response.status_code == 200 and response.json()["name"] == "安龙县（改）"
    assert Region.objects.get(code="522328").name == "安龙县（改）"


def test_a_region_update_with_a_blank_name_or_a_non_boolean_is_a_400(people, unchanged):
    client = client_for(people.sysadmin)
    check = unchanged(Region)
    assert client.patch(url("core-region-detail", code="522328"), {"name": ""}, format="json").status_code == 400
    assert client.patch(url("core-region-detail", code="522328"), {"is_active": "maybe"},
                        format="json").status_code == 400
    check()
    assert Region.objects.get(code="522328").name == "安龙县"


def test_updating_a_region_outside_the_scope_is_a_404(org, people, unchanged):
    county_admin = make_user("xingyi_sys", org.xingyi_sfj, (Role.SYSADMIN, Scope.REGION))
    check = unchanged(Region)
    response = client_for(county_admin).patch(url("core-region-detail", code="522328"), {"name": "x"}, format="json")
    assert response.status_code == 404
    check()


def test_put_and_delete_are_not_offered_on_regions(people):
    client = client_for(people.sysadmin)
    assert client.put(url("core-region-detail", code="522328"), {"name": "x"}, format="json").status_code == 405
    assert client.delete(url("core-region-detail", code="522328")).status_code == 405


# ---------------------------------------------------------------- agencies


def test_agencies_are_read_by_their_uuid_code_with_region_and_kind_label(org, people):
    response = client_for(people.xingyi_fzb).get(url("core-agency-detail", code=org.xingyi_sfj.code))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == str(org.xingyi_sfj.code) and body["kind_label"] == "工作部门"
    assert body["region"] == {"code": "522301", "name": "兴义市"}


def test_a_county_office_lists_only_its_countys_agencies(people):
    names = _codes(client_for(people.xingyi_fzb).get(url("core-agency-list")), "name")
    assert sorted(names) == ["兴义市人民政府", "兴义市司法局", "顶效镇人民政府"]


@pytest.mark.parametrize(("query", "expected"), [
    ({"region": "522328"}, ["安龙县人民政府", "安龙县司法局"]),
    ({"kind": "township"}, ["顶效镇人民政府"]),
    ({"q": "生态"}, ["黔西南州生态环境局"]),
])
def test_the_agency_list_filters_by_region_kind_and_name(people, query, expected):
    assert sorted(_codes(client_for(people.fzb_admin).get(url("core-agency-list"), query), "name")) == expected


def test_an_unknown_or_malformed_agency_code_is_a_404(people):
    client = client_for(people.fzb_admin)
    assert client.get(url("core-agency-detail", code=uuid.uuid4())).status_code == 404
    assert client.get(url("core-agency-detail", code="0" * 32)).status_code == 404
    assert client.get("/api/v1/core/agencies/12/").status_code == 404


def test_the_system_administrator_creates_an_agency_in_a_region(people):
    response = client_for(people.sysadmin).post(
        url("core-agency-list"), {"name": "兴义市生态环境局", "kind": "department", "region": "522301"}, format="json")
    assert response.status_code == 201, response.content
    agency = Agency.objects.get(name="兴义市生态环境局")
    assert response.json()["code"] == str(agency.code) and agency.region_path == "522300/522301/"


@pytest.mark.parametrize(("payload", "fields"), [
    ({"name": "兴义市司法局", "kind": "department", "region": "522301"}, {"non_field_errors"}),
    ({"name": "新局", "kind": "ministry", "region": "522301"}, {"kind"}),
    ({"name": "新局", "kind": "department", "region": "522301", "credit_code": "123"}, {"credit_code"}),
    ({"name": "新局", "kind": "department", "region": "000000"}, {"region"}),
    ({"name": "新局", "kind": "department", "region": "522301", "parent": "not-a-uuid"}, {"parent"}),
    ({"name": "新镇政府", "kind": "township", "region": "522301"}, {"region"}),
])
def test_a_bad_agency_payload_is_a_400_with_chinese_field_errors_and_changes_nothing(people, unchanged, payload,
                                                                                     fields):
    check = unchanged(Agency)
    response = client_for(people.sysadmin).post(url("core-agency-list"), payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert fields <= set(body), body
    assert all(is_chinese(m) for m in all_messages({k: body[k] for k in fields}))
    check()


def test_an_agency_update_changes_only_the_given_fields(org, people):
    response = client_for(people.sysadmin).patch(url("core-agency-detail", code=org.anlong_sfj.code),
                                                 {"short_name": "安龙司法"}, format="json")
    assert response.status_code == 200
    org.anlong_sfj.refresh_from_db()
    assert (org.anlong_sfj.short_name, org.anlong_sfj.name) == ("安龙司法", "安龙县司法局")


def test_a_leader_may_read_agencies_but_not_change_them(org, people, unchanged):
    client = client_for(people.leader)
    assert client.get(url("core-agency-detail", code=org.anlong_sfj.code)).status_code == 200
    check = unchanged(Agency)
    assert client.patch(url("core-agency-detail", code=org.anlong_sfj.code), {"short_name": "x"},
                        format="json").status_code == 403
    check()


# ---------------------------------------------------------------- users: reads


def test_users_are_read_by_username_with_agency_and_role_labels(org, people):
    response = client_for(people.secadmin).get(url("core-user-detail", username="zsthj_zf1"))
    assert response.status_code == 200
    body = response.json()
    assert body["agency"] == {"code": str(org.zhou_sthj.code), "name": "黔西南州生态环境局"}
    assert body["roles"] == [{"role": "enforcement_officer", "role_label": "行政执法人员", "scope": "own",
                              "scope_label": "本人"}]
    assert "password" not in body


def test_a_county_office_sees_only_its_countys_accounts(people):
    assert _codes(client_for(people.xingyi_fzb).get(url("core-user-list")), "username") == ["xingyi_fzb"]
    assert client_for(people.xingyi_fzb).get(url("core-user-detail", username="anlong_fzb")).status_code == 404


@pytest.mark.parametrize(("query", "expected"), [
    ({"role": "leader"}, ["leader"]),
    ({"q": "fzb"}, ["anlong_fzb", "fzb_admin", "xingyi_fzb"]),
    ({"is_active": "false"}, []),
])
def test_the_user_list_filters_by_role_name_and_state(people, query, expected):
    assert _codes(client_for(people.secadmin).get(url("core-user-list"), query), "username") == expected


def test_the_user_list_filters_by_agency_code(org, people):
    got = _codes(client_for(people.secadmin).get(url("core-user-list"), {"agency": str(org.zhou_sthj.code)}),
                 "username")
    assert got == ["zsthj_fz", "zsthj_zf1"]
    assert client_for(people.secadmin).get(url("core-user-list"), {"agency": "xyz"}).status_code == 400


def test_roles_without_the_user_view_permission_are_refused_the_user_list(people):
    for user in (people.officer, people.reviewer, people.sysadmin, people.auditor):
        assert client_for(user).get(url("core-user-list")).status_code == 403


# ---------------------------------------------------------------- users: writes


def _new_user_payload(org, **extra):
    return {"username": "xy_new", "full_name": "新同事", "agency": str(org.xingyi_sfj.code),
            "password": "Strong-pass-2026", **extra}


def test_the_security_administrator_creates_an_account_that_must_change_its_password(org, people):
    response = client_for(people.secadmin).post(url("core-user-list"), _new_user_payload(org), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["must_change_password"] is True
    user = User.objects.get(username="xy_new")
    assert user.agency == org.xingyi_sfj and user.check_password("Strong-pass-2026")
    assert AuditEvent.objects.filter(action="core.user_create", object_id=str(user.pk)).exists()


def test_a_business_administrator_may_not_create_accounts(org, people, unchanged):
    check = unchanged(User)
    response = client_for(people.fzb_admin).post(url("core-user-list"), _new_user_payload(org), format="json")
    assert response.status_code == 403
    check()


@pytest.mark.parametrize(("extra", "fields"), [
    ({"password": "abc"}, {"password"}),
    ({"username": "leader"}, {"username"}),
    ({"username": "bad name!"}, {"username"}),
    ({"email": "not-an-email"}, {"email"}),
    ({"agency": str(uuid.uuid4())}, {"agency"}),
    ({"must_change_password": "sometimes"}, {"must_change_password"}),
])
def test_a_bad_account_payload_is_a_400_with_chinese_field_errors(org, people, unchanged, extra, fields):
    check = unchanged(User)
    response = client_for(people.secadmin).post(url("core-user-list"), _new_user_payload(org, **extra), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert fields <= set(body), body
    assert all(is_chinese(m) for m in all_messages({k: body[k] for k in fields}))
    check()


def test_an_account_update_changes_the_named_fields(org, people):
    response = client_for(people.secadmin).patch(url("core-user-detail", username="anlong_fzb"),
                                                 {"full_name": "安龙法治办", "phone": "0859-1234567"}, format="json")
    assert response.status_code == 200 and response.json()["full_name"] == "安龙法治办"
    people.anlong_fzb.refresh_from_db()
    assert people.anlong_fzb.phone == "0859-1234567"


def test_the_security_administrator_cannot_deactivate_their_own_account(people):
    response = client_for(people.secadmin).patch(url("core-user-detail", username="secadmin"), {"is_active": False},
                                                 format="json")
    assert response.status_code == 400 and response.json()["detail"] == "不能停用自己的账号。"
    people.secadmin.refresh_from_db()
    assert people.secadmin.is_active


def test_resetting_a_password_forces_a_change_at_next_login(people):
    response = client_for(people.secadmin).post(url("core-user-reset-password", username="leader"),
                                                {"new_password": "Temp-pass-2026"}, format="json")
    assert response.status_code == 200
    people.leader.refresh_from_db()
    assert people.leader.must_change_password and people.leader.check_password("Temp-pass-2026")


def test_a_weak_reset_password_is_reported_on_new_password(people):
    response = client_for(people.secadmin).post(url("core-user-reset-password", username="leader"),
                                                {"new_password": "abc"}, format="json")
    assert response.status_code == 400
    assert "new_password" in response.json() and "password" not in response.json()
    people.leader.refresh_from_db()
    assert people.leader.check_password(PASSWORD)


def test_a_business_administrator_may_not_reset_passwords(people):
    response = client_for(people.fzb_admin).post(url("core-user-reset-password", username="leader"),
                                                 {"new_password": "Temp-pass-2026"}, format="json")
    assert response.status_code == 403
    people.leader.refresh_from_db()
    assert people.leader.check_password(PASSWORD)


# ---------------------------------------------------------------- roles


def test_the_security_administrator_grants_a_role_with_a_scope(people):
    response = client_for(people.secadmin).post(url("core-user-roles", username="zsthj_fz"),
                                                {"role": "drafter", "scope": "agency"}, format="json")
    assert response.status_code == 200, response.content
    assert {r["role"] for r in response.json()["roles"]} == {"legal_staff", "drafter"}
    assert AuditEvent.objects.filter(action="core.role_grant", after={"role": "drafter", "scope": "agency"}).exists()


def test_a_grant_wider_than_the_role_allows_is_a_400_with_reasons(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.xingyi_fzb).post(url("core-user-roles", username="xingyi_fzb"),
                                                  {"role": "fzb_admin", "scope": "all"}, format="json")
    assert response.status_code == 400
    reasons = response.json()["role"]
    assert "不能给自己授予角色。" in reasons and len(reasons) >= 2
    check()


def test_a_system_role_for_a_business_user_is_refused_by_the_separation_of_duties(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.secadmin).post(url("core-user-roles", username="leader"),
                                                {"role": "auditor", "scope": "all"}, format="json")
    assert response.status_code == 400
    assert any("三员分立" in m for m in response.json()["role"])
    check()


def test_an_unknown_role_or_scope_is_a_chinese_field_error(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.secadmin).post(url("core-user-roles", username="leader"),
                                                {"role": "king", "scope": "galaxy"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"role", "scope"} and all(is_chinese(m) for m in all_messages(body))
    check()


def test_granting_to_an_account_outside_the_scope_is_a_404(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.xingyi_fzb).post(url("core-user-roles", username="anlong_fzb"),
                                                  {"role": "drafter", "scope": "agency"}, format="json")
    assert response.status_code == 404
    check()


def test_legal_staff_can_see_colleagues_but_not_grant_roles(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.zsthj_fz).post(url("core-user-roles", username="zsthj_zf1"),
                                                {"role": "drafter", "scope": "agency"}, format="json")
    assert response.status_code == 403
    check()


def test_the_security_administrator_revokes_a_role(people):
    response = client_for(people.secadmin).delete(url("core-user-revoke-role", username="zsthj_fz", role="legal_staff"))
    assert response.status_code == 200 and response.json()["roles"] == []
    assert not RoleAssignment.objects.filter(user=people.zsthj_fz).exists()
    assert AuditEvent.objects.filter(action="core.role_revoke").exists()


def test_revoking_a_role_the_user_does_not_hold_is_a_400(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.secadmin).delete(url("core-user-revoke-role", username="zsthj_fz", role="leader"))
    assert response.status_code == 400 and response.json()["detail"] == "该用户没有这个角色。"
    check()


def test_revoking_without_the_grant_permission_is_a_403(people, unchanged):
    check = unchanged(RoleAssignment)
    response = client_for(people.zsthj_fz).delete(url("core-user-revoke-role", username="zsthj_zf1",
                                                      role="enforcement_officer"))
    assert response.status_code == 403
    check()


# ---------------------------------------------------------------- the remaining refusals, endpoint by endpoint


def test_a_business_administrator_may_not_rename_regions_or_create_agencies(people, unchanged):
    client = client_for(people.fzb_admin)
    check = unchanged(Region, Agency)
    assert client.patch(url("core-region-detail", code="522328"), {"name": "x"}, format="json").status_code == 403
    assert client.post(url("core-agency-list"), {"name": "新局", "kind": "department", "region": "522301"},
                       format="json").status_code == 403
    check()
    assert Region.objects.get(code="522328").name == "安龙县"


def test_updating_an_agency_outside_the_scope_is_a_404(org, people, unchanged):
    county_admin = make_user("xingyi_sys", org.xingyi_sfj, (Role.SYSADMIN, Scope.REGION))
    check = unchanged(Agency)
    response = client_for(county_admin).patch(url("core-agency-detail", code=org.anlong_sfj.code),
                                              {"short_name": "x"}, format="json")
    assert response.status_code == 404
    check()


@pytest.mark.parametrize(("payload", "field"), [
    ({"kind": "bogus"}, "kind"),
    ({"name": ""}, "name"),
    ({"is_active": "perhaps"}, "is_active"),
    ({"parent": str(uuid.uuid4())}, "parent"),
    ({"credit_code": "X" * 19}, "credit_code"),
])
def test_a_bad_agency_update_is_a_chinese_400_and_changes_nothing(org, people, unchanged, payload, field):
    check = unchanged(Agency)
    response = client_for(people.sysadmin).patch(url("core-agency-detail", code=org.anlong_sfj.code), payload,
                                                 format="json")
    assert response.status_code == 400 and field in response.json()
    assert all(is_chinese(m) for m in all_messages(response.json()[field]))
    check()
    org.anlong_sfj.refresh_from_db()
    assert (org.anlong_sfj.kind, org.anlong_sfj.name, org.anlong_sfj.is_active) == ("department", "安龙县司法局", True)


def test_a_business_administrator_may_see_but_not_edit_accounts(people):
    client = client_for(people.fzb_admin)
    assert client.get(url("core-user-detail", username="anlong_fzb")).status_code == 200
    assert client.patch(url("core-user-detail", username="anlong_fzb"), {"full_name": "x"},
                        format="json").status_code == 403
    people.anlong_fzb.refresh_from_db()
    assert people.anlong_fzb.full_name == "anlong_fzb"


@pytest.mark.parametrize(("payload", "field"), [
    ({"email": "nope"}, "email"),
    ({"agency": "00000000-0000-0000-0000-000000000000"}, "agency"),
    ({"is_active": "perhaps"}, "is_active"),
    ({"full_name": "名" * 41}, "full_name"),
])
def test_a_bad_account_update_is_a_chinese_400_and_changes_nothing(people, unchanged, payload, field):
    check = unchanged(User)
    response = client_for(people.secadmin).patch(url("core-user-detail", username="anlong_fzb"), payload,
                                                 format="json")
    assert response.status_code == 400 and field in response.json()
    assert all(is_chinese(m) for m in all_messages(response.json()[field]))
    check()


def test_an_account_outside_the_scope_is_a_404_for_update_reset_grant_and_revoke(org, people, unchanged):
    county_sec = make_user("xingyi_sec", org.xingyi_sfj, (Role.SECADMIN, Scope.REGION))
    client = client_for(county_sec)
    check = unchanged(User, RoleAssignment)
    assert client.get(url("core-user-detail", username="xingyi_fzb")).status_code == 200
    assert client.patch(url("core-user-detail", username="anlong_fzb"), {"full_name": "x"},
                        format="json").status_code == 404
    assert client.post(url("core-user-reset-password", username="anlong_fzb"), {"new_password": "Temp-pass-2026"},
                       format="json").status_code == 404
    assert client.post(url("core-user-roles", username="anlong_fzb"), {"role": "drafter", "scope": "agency"},
                       format="json").status_code == 404
    assert client.delete(url("core-user-revoke-role", username="anlong_fzb", role="county_fzb")).status_code == 404
    check()
    people.anlong_fzb.refresh_from_db()
    assert people.anlong_fzb.check_password(PASSWORD)


def test_a_reset_without_a_password_is_a_chinese_400(people):
    response = client_for(people.secadmin).post(url("core-user-reset-password", username="leader"), {}, format="json")
    assert response.status_code == 400 and response.json() == {"new_password": ["该字段是必填项。"]}


# ---------------------------------------------------------------- query counts


def _more_users(org, n):
    agencies = [org.xingyi_sfj, org.anlong_sfj, org.zhou_sthj, org.xingyi_town_gov]
    for i in range(n):
        make_user(f"extra{i:02d}", agencies[i % 4], (Role.DRAFTER, Scope.AGENCY), (Role.MEDIATOR, Scope.AGENCY))


@pytest.mark.parametrize(("name", "user"), [
    ("core-region-list", "fzb_admin"),
    ("core-agency-list", "fzb_admin"),
    ("core-user-list", "secadmin"),
])
def test_org_lists_cost_a_fixed_number_of_queries(org, people, django_assert_max_num_queries, name, user):
    _more_users(org, 30)
    for i in range(10):
        from fazhi.core import services

        services.agency_create(actor=None, name=f"兴义市第{i}局", kind=AgencyKind.DEPARTMENT, region=org.xingyi)
    client = client_for(getattr(people, user))
    with django_assert_max_num_queries(5):  # token+user, roles, rows, prefetched roles (users) — not per row
        response = client.get(url(name), {"page_size": 200})
    assert response.status_code == 200
