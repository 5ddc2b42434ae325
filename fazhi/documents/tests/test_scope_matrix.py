"""The scope matrix of the document API: each role × the 兴义市, 安龙县 and prefecture (州) documents.

Derived from ``documents/apps.py`` (who holds 查看) and ``core/scope.py`` (which rows a scope covers):
the 州法制办 and the leader see all, a county 法制办 only its county, the 州生态环境局's 法制机构 only its
agency's document, the 州司法局 reviewer its region and below; the enforcement officer and the three
system roles (三员分立) hold no document permission and get 403.
"""

from datetime import date

import pytest

from fazhi.core.tests.scope_matrix import ALL, DENIED, A, Matrix, Route, X, Z
from fazhi.documents import services
from fazhi.documents.tests.conftest import BODY

RESOURCES = ["documents"]

# role (people attribute)  documents
EXPECTED = {
    "fzb_admin":        (ALL,),
    "xingyi_fzb":       ({X},),
    "anlong_fzb":       ({A},),
    "zsthj_fz":         ({Z},),     # 本单位: 州生态环境局
    "officer":          (DENIED,),  # 执法人员: no document permission
    "reviewer":         (ALL,),     # 州司法局, 本地区及下级
    "leader":           (ALL,),
    "sysadmin":         (DENIED,),
    "secadmin":         (DENIED,),
    "auditor":          (DENIED,),
}

ROUTES = {
    "documents": Route("documents-api:document-list", "documents-api:document-detail", "code", "code"),
}


@pytest.fixture
def tracked(org, dp, walker):
    """resource → {label: public key} of the three tracked rows."""

    def draft(drafter, issuer, title):
        with walker.at(date(2026, 9, 1)):
            return services.document_create(
                actor=drafter, title=title, body=BODY, issuing_agency=issuer, affects_rights=True,
                concerns_market=False, drafting_notes="起草说明：……", legal_basis="《中华人民共和国广告法》",
                validity_years=5).code

    return {
        "documents": {
            X: draft(dp.xingyi_qc, org.xingyi_gov, "兴义市城市户外广告设置管理办法"),
            A: draft(dp.anlong_qc, org.anlong_gov, "安龙县城市户外广告设置管理办法"),
            Z: draft(dp.zsthj_qc, org.zhou_gov, "黔西南州生态环境保护管理办法"),
        },
    }


MATRIX = Matrix(RESOURCES, EXPECTED, ROUTES)


# every (role, resource) cell as its own case; the table covers exactly the people fixture's roles
test_each_role_sees_exactly_its_rows_of_each_resource, test_the_table_covers_every_role_of_the_people_fixture = \
    MATRIX.tests()
