"""The scope matrix of the supervision API: each resource × each role × own and other county.

For every resource we track three rows — one addressed to a 兴义市 unit, one to an 安龙县 unit, one to a
prefecture (州) unit — and state, for every role of the ``people`` fixture, which of them the role sees.
fazhi/supervision/apps.py grants VIEW to 法治办 (all / county), 法制机构 staff and the leader; under
fazhi/core/scope.py a 本单位 (agency-scoped) user sees only rows addressed to its own agency, a county user
only its county, and roles without VIEW (the enforcement officer, the 州司法局 reviewer, the three system
roles) get 403 on the list and every detail URL.
"""

from datetime import date

import pytest

from fazhi.core.tests.scope_matrix import ALL, DENIED, A, Matrix, Route, X, Z
from fazhi.supervision import inspections
from fazhi.supervision.choices import LetterKind
from fazhi.supervision.models import Letter, Plan, PlanTask

from .conftest import at

RESOURCES = ["letters", "inspections", "rectifications", "tasks"]

# role (people attribute)  letters   inspections  rectifications  tasks (by lead unit)
EXPECTED = {
    "fzb_admin":        (ALL,      ALL,         ALL,            ALL),
    "xingyi_fzb":       ({X},      {X},         {X},            {X}),
    "anlong_fzb":       ({A},      {A},         {A},            {A}),
    "zsthj_fz":         ({Z},      {Z},         {Z},            {Z}),    # 本单位: 州生态环境局 (the Z rows' unit)
    "officer":          (DENIED,   DENIED,      DENIED,         DENIED),
    "reviewer":         (DENIED,   DENIED,      DENIED,         DENIED),
    "leader":           (ALL,      ALL,         ALL,            ALL),
    "sysadmin":         (DENIED,   DENIED,      DENIED,         DENIED),
    "secadmin":         (DENIED,   DENIED,      DENIED,         DENIED),
    "auditor":          (DENIED,   DENIED,      DENIED,         DENIED),
}

ROUTES = {
    "letters": Route("supervision-api:letter-list", "supervision-api:letter-detail"),
    "inspections": Route("supervision-api:inspection-list", "supervision-api:inspection-detail"),
    "rectifications": Route("supervision-api:rectification-list", "supervision-api:rectification-detail"),
    "tasks": Route("supervision-api:task-list", "supervision-api:task-detail"),
}


@pytest.fixture
def tracked(org, people, calendar):
    """resource → {label: key} of the three tracked rows."""

    def letter(agency):
        # a proposed 提示函 (the ladder's first rung), addressed to the unit
        return Letter.objects.create(kind=LetterKind.values[0], region=agency.region, agency=agency,
                                     region_path=agency.region_path, rule="test.scope", problems="测试问题").pk

    def inspection(agency):
        with at(date(2026, 9, 1)):
            ins = inspections.create_inspection(
                actor=people.fzb_admin, agency=agency, year=2026, half=2, title="2026年下半年法治政府建设督察",
                subject="规范性文件管理", inspectors="张三、李四", start_on=date(2026, 9, 14),
                end_on=date(2026, 9, 18))
            finding = inspections.add_finding(actor=people.fzb_admin, inspection=ins, text="3件规范性文件未经合法性审核",
                                              demand="补正审核", workdays_=5)
        return ins.pk, finding.items.get().pk

    plan = Plan.objects.create(title="2026年法治政府建设工作要点", year=2026, source_name="要点.xlsx",
                               source_sha256="0" * 64, imported_by=people.fzb_admin)

    def task(agency):
        # a plan task led by the unit (its scope field is the lead, not an "agency")
        return PlanTask.objects.create(plan=plan, number="1", title="完善重大行政决策程序", lead=agency,
                                       region_path=agency.region_path, deadline=date(2026, 12, 31)).pk

    made = {X: inspection(org.xingyi_gov), A: inspection(org.anlong_gov), Z: inspection(org.zhou_sthj)}
    return {
        "letters": {X: letter(org.xingyi_gov), A: letter(org.anlong_gov), Z: letter(org.zhou_sthj)},
        "inspections": {label: ins for label, (ins, _) in made.items()},
        "rectifications": {label: item for label, (_, item) in made.items()},
        "tasks": {X: task(org.xingyi_gov), A: task(org.anlong_gov), Z: task(org.zhou_sthj)},
    }


MATRIX = Matrix(RESOURCES, EXPECTED, ROUTES)


# every (role, resource) cell as its own case; the table covers exactly the people fixture's roles
test_each_role_sees_exactly_its_rows_of_each_resource, test_the_table_covers_every_role_of_the_people_fixture = \
    MATRIX.tests()
