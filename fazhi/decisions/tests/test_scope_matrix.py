"""The scope matrix of the decision API: each role × the 兴义市, 安龙县 and prefecture (州) decisions.

Derived from ``decisions/apps.py`` (who holds 查看) and ``core/scope.py`` (which rows a scope covers):
the 州法制办 and the leader see all, a county 法制办 only its county, the 州生态环境局's 法制机构 only the
decision its agency undertakes, the 州司法局 reviewer its region and below; the enforcement officer and
the three system roles (三员分立) hold no decision permission and get 403.
"""

from datetime import date

import pytest

from fazhi.core.tests.scope_matrix import ALL, DENIED, NONE, A, Matrix, Route, X, Z
from fazhi.decisions import services
from fazhi.decisions.tests.conftest import at

RESOURCES = ["decisions", "experts"]

# role (people attribute)  decisions  experts (each government's pool)
EXPECTED = {
    "fzb_admin":        (ALL,      ALL),
    "xingyi_fzb":       ({X},      {X}),
    "anlong_fzb":       ({A},      {A}),
    "zsthj_fz":         ({Z},      NONE),    # 本单位: 州生态环境局 undertakes the 州 decision; the pool is 州政府's
    "officer":          (DENIED,   DENIED),  # 执法人员: no decision permission
    "reviewer":         (ALL,      ALL),     # 州司法局, 本地区及下级
    "leader":           (ALL,      ALL),
    "sysadmin":         (DENIED,   DENIED),
    "secadmin":         (DENIED,   DENIED),
    "auditor":          (DENIED,   DENIED),
}

ROUTES = {
    "decisions": Route("decisions-api:decision-list", "decisions-api:decision-detail", "code", "code"),
    "experts": Route("decisions-api:expert-list", "decisions-api:expert-detail", "code", "code"),
}


@pytest.fixture
def tracked(org, dcp):
    """resource → {label: public key} of the three tracked rows."""

    def create(actor, organ, sponsor, title):
        with at(date(2026, 3, 2)):
            return services.decision_create(
                actor=actor, title=title, decision_organ=organ, sponsor=sponsor,
                requires_public_participation=True, requires_expert_argumentation=False,
                requires_risk_assessment=False, concerns_market=False).code

    return {
        "decisions": {
            X: create(dcp.xingyi_jc, org.xingyi_gov, org.xingyi_sfj, "兴义市城区公共交通票价调整方案"),
            A: create(dcp.anlong_jc, org.anlong_gov, org.anlong_sfj, "安龙县城区公共交通票价调整方案"),
            Z: create(dcp.zfgb_jc, org.zhou_gov, org.zhou_sthj, "黔西南州城区公共交通票价调整方案"),
        },
        "experts": {
            X: services.expert_create(actor=dcp.xingyi_jc, agency=org.xingyi_gov, name="张伟", field="城市规划",
                                      title="教授", organisation="兴义民族师范学院").code,
            A: services.expert_create(actor=dcp.anlong_jc, agency=org.anlong_gov, name="赵敏", field="交通工程",
                                      title="高级工程师", organisation="安龙县交通运输局").code,
            Z: dcp.expert.code,
        },
    }


MATRIX = Matrix(RESOURCES, EXPECTED, ROUTES)


# every (role, resource) cell as its own case; the table covers exactly the people fixture's roles
test_each_role_sees_exactly_its_rows_of_each_resource, test_the_table_covers_every_role_of_the_people_fixture = \
    MATRIX.tests()
