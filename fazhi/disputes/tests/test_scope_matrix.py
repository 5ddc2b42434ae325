"""The scope matrix of the disputes API: each resource × each role × own and other county.

For every resource we track three rows — one in 兴义市, one in 安龙县, one at the prefecture (州) — and
state, for every role of the ``people`` fixture, which of them the role sees (fazhi/disputes/apps.py grants
VIEW to 法治办 (all / county), 法制机构 staff (本单位), and the leader; fazhi/core/scope.py scopes the rows by
``region_path`` or the row's ``agency``). Roles without VIEW — the enforcement officer, the 州司法局 reviewer
and the three system roles (三员分立) — get 403 on the list and on every detail URL.
"""

from datetime import date

import pytest

from fazhi.core.tests.scope_matrix import ALL, DENIED, NONE, A, Matrix, Route, X, Z
from fazhi.disputes import services
from fazhi.disputes.choices import CaseSource, CommitteeKind, DisputeType

RESOURCES = ["reconsiderations", "litigations", "mediations"]

# role (people attribute)  reconsiderations  litigations  mediations
EXPECTED = {
    "fzb_admin":        (ALL,              ALL,         ALL),
    "xingyi_fzb":       ({X},              {X},         {X}),
    "anlong_fzb":       ({A},              {A},         {A}),
    "zsthj_fz":         (NONE,             {Z},         NONE),   # 本单位: 州生态环境局 (the Z litigation's defendant)
    "officer":          (DENIED,           DENIED,      DENIED),
    "reviewer":         (DENIED,           DENIED,      DENIED),
    "leader":           (ALL,              ALL,         ALL),
    "sysadmin":         (DENIED,           DENIED,      DENIED),
    "secadmin":         (DENIED,           DENIED,      DENIED),
    "auditor":          (DENIED,           DENIED,      DENIED),
}

ROUTES = {
    "reconsiderations": Route("disputes-api:reconsideration-list", "disputes-api:reconsideration-detail",
                              "code", "code"),
    "litigations": Route("disputes-api:litigation-list", "disputes-api:litigation-detail", "code", "code"),
    "mediations": Route("disputes-api:mediation-list", "disputes-api:mediation-detail", "code", "code"),
}


@pytest.fixture
def tracked(org, people, calendar):
    """resource → {label: public key} of the three tracked rows."""

    def reconsideration(agency, organ, respondent):
        return str(services.rc_register(
            actor=None, agency=agency, organ=organ, respondent=respondent, applicant_name="张三", act="罚款五千元",
            act_known_on=date(2026, 3, 6), received_on=date(2026, 4, 29)).code)

    def litigation(agency, number):
        return str(services.lit_register(
            actor=None, agency=agency, court="黔西南州中级人民法院", case_number=number, plaintiff="李四",
            contested_act="行政处罚决定", filed_on=date(2026, 4, 1)).code)

    def mediation(name, region, agency):
        committee = services.committee_create(actor=None, name=name, kind=CommitteeKind.TOWNSHIP, region=region,
                                              agency=agency, term_start=date(2024, 1, 1))
        return str(services.med_register(
            actor=None, committee=committee, source=CaseSource.APPLICATION, dispute_type=DisputeType.NEIGHBOUR,
            parties="甲、乙", summary="邻里通行纠纷", received_on=date(2026, 4, 1)).code)

    return {
        "reconsiderations": {
            X: reconsideration(org.xingyi_sfj, org.xingyi_gov, org.xingyi_town_gov),
            A: reconsideration(org.anlong_sfj, org.anlong_gov, org.anlong_gov),
            Z: reconsideration(org.zhou_sfj, org.zhou_gov, org.zhou_sthj),
        },
        "litigations": {
            X: litigation(org.xingyi_gov, "（2026）黔23行初1号"),
            A: litigation(org.anlong_gov, "（2026）黔23行初2号"),
            Z: litigation(org.zhou_sthj, "（2026）黔23行初3号"),
        },
        "mediations": {
            X: mediation("顶效镇人民调解委员会", org.xingyi_town, org.xingyi_town_gov),
            A: mediation("新桥镇人民调解委员会", org.anlong_town, org.anlong_sfj),
            Z: mediation("州医疗纠纷人民调解委员会", org.prefecture, org.zhou_sfj),
        },
    }


MATRIX = Matrix(RESOURCES, EXPECTED, ROUTES)


# every (role, resource) cell as its own case; the table covers exactly the people fixture's roles
test_each_role_sees_exactly_its_rows_of_each_resource, test_the_table_covers_every_role_of_the_people_fixture = \
    MATRIX.tests()
