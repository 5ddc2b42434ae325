"""The scope matrix through the API: each resource × each role × own and other county.

For every resource we track three rows — one in 兴义市, one in 安龙县, one at the prefecture (州) —
and for every role of the ``people`` fixture we state which of them the role sees. The test asserts
the list shows exactly those rows and the detail URL answers 200 for them and 404 for the others;
a role without the resource's permission at all gets 403 on both. 兴义市 must not see 安龙县, and
the three system roles (三员分立) see no business data: secadmin sees accounts and the org tree,
sysadmin the org tree (and the calendar), auditor only the audit log.
"""

import datetime

import pytest

from fazhi.core import deadlines, notifications
from fazhi.core.choices import PeriodUnit
from fazhi.core.models import AuditEvent
from fazhi.core.tests.scope_matrix import ALL, DENIED, NONE, A, Matrix, Route, X, Z

RESOURCES = ["regions", "agencies", "users", "deadlines", "audit-events", "notifications"]

# role (people attribute)  regions   agencies  users     deadlines  audit-events  notifications
EXPECTED = {
    "fzb_admin":        (ALL,      ALL,      ALL,      ALL,       DENIED,       NONE),
    "xingyi_fzb":       ({X},      {X},      {X},      {X},       DENIED,       {X}),
    "anlong_fzb":       ({A},      {A},      {A},      {A},       DENIED,       {A}),
    "zsthj_fz":         ({Z},      {Z},      {Z},      {Z},       DENIED,       NONE),   # 本单位: 州生态环境局
    "officer":          ({Z},      {Z},      DENIED,   {Z},       DENIED,       {Z}),    # 本人: own deadline
    "reviewer":         (ALL,      ALL,      DENIED,   ALL,       DENIED,       NONE),   # 州司法局, 本地区及下级
    "leader":           (ALL,      ALL,      ALL,      ALL,       DENIED,       NONE),
    "sysadmin":         (ALL,      ALL,      DENIED,   DENIED,    DENIED,       NONE),
    "secadmin":         (ALL,      ALL,      ALL,      DENIED,    DENIED,       NONE),
    "auditor":          (DENIED,   DENIED,   DENIED,   DENIED,    ALL,          NONE),
}

ROUTES = {
    "regions": Route("api:core-region-list", "api:core-region-detail", "code", "code"),
    "agencies": Route("api:core-agency-list", "api:core-agency-detail", "code", "code"),
    "users": Route("api:core-user-list", "api:core-user-detail", "username", "username"),
    "deadlines": Route("api:core-deadline-list", "api:core-deadline-detail"),
    "audit-events": Route("api:core-audit-event-list", "api:core-audit-event-detail",
                          filters={"action": "core.region_create"}),
    "notifications": Route("api:core-notification-list", "api:core-notification-detail"),
}


@pytest.fixture
def tracked(org, people, calendar):
    """resource → {label: public key} of the three tracked rows."""

    def deadline(agency, responsible=None):
        return deadlines.deadline_create(
            actor=None, object_repr=f"{agency.name}的期限", rule_code="ogi.reply",
            legal_source="《政府信息公开条例》第三十三条第二款", start_date=datetime.date(2026, 3, 2), period=20,
            unit=PeriodUnit.WORKING_DAYS, agency=agency, responsible=responsible).pk

    def region_event(region):
        return AuditEvent.objects.get(action="core.region_create", object_id=str(region.pk)).pk

    return {
        "regions": {X: org.xingyi.code, A: org.anlong.code, Z: org.prefecture.code},
        "agencies": {X: str(org.xingyi_sfj.code), A: str(org.anlong_sfj.code), Z: str(org.zhou_sthj.code)},
        "users": {X: "xingyi_fzb", A: "anlong_fzb", Z: "zsthj_zf1"},
        "deadlines": {X: deadline(org.xingyi_sfj), A: deadline(org.anlong_sfj),
                      Z: deadline(org.zhou_sthj, responsible=people.officer)},
        "audit-events": {X: region_event(org.xingyi), A: region_event(org.anlong), Z: region_event(org.prefecture)},
        "notifications": {
            X: notifications.notify(recipient=people.xingyi_fzb, title="兴义").pk,
            A: notifications.notify(recipient=people.anlong_fzb, title="安龙").pk,
            Z: notifications.notify(recipient=people.officer, title="州").pk,
        },
    }


MATRIX = Matrix(RESOURCES, EXPECTED, ROUTES)


# every (role, resource) cell as its own case; the table covers exactly the people fixture's roles
test_each_role_sees_exactly_its_rows_of_each_resource, test_the_table_covers_every_role_of_the_people_fixture = \
    MATRIX.tests()
