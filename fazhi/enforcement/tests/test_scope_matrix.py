"""Scope across the module: every page and API endpoint that names an enforcement object answers 404 to a user
of another county, for reading and for any step — and the object is unchanged; and the API's scope matrix, each
list/detail resource × each role of the ``people`` fixture × the 兴义市, 安龙县 and prefecture (州) rows."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.api_support import client_for
from fazhi.core.tests.factories import make_user
from fazhi.core.tests.scope_matrix import ALL, DENIED, NONE, A, Matrix, Route, X, Z, problems
from fazhi.enforcement import services, services_complaints, services_township
from fazhi.enforcement.choices import LenientKind, MatterKind, PartyKind
from fazhi.enforcement.models import Case, ImportJob
from fazhi.enforcement.tests.conftest import EXPIRES, ISSUED

D = datetime.date
USCC = "91522301MA6DQ1KQ3W"


@pytest.fixture
def objects(reg, people, org, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    supervisor = make_user("zsfj_jd", org.zhou_sfj, (Role.ENFORCEMENT_SUPERVISOR, Scope.REGION))
    town = make_user("xingyi_dsz_zf", org.xingyi_town_gov, (Role.ENFORCEMENT_OFFICER, Scope.OWN))
    with transaction.atomic():
        inspection = services.inspection_record(actor=None, agency=reg["agency"], enterprise_name="某公司",
                                                credit_code=USCC, on_date=D(2026, 11, 2), items="检查", result="clean",
                                                officers=[reg["a"], reg["b"]])
        township = services_township.report(actor=town, agency=org.xingyi_town_gov, kind="construction",
                                            party_name="王某", location="某村", facts="违法建设",
                                            discovered_on=D(2026, 11, 2))
        complaint = services_complaints.register(actor=supervisor, agency=reg["agency"], source="hotline",
                                                 content="投诉内容", received_on=D(2026, 11, 2))
        Case.objects.filter(pk=case.pk).update(state="closed", decided_on=D(2026, 6, 1), number="黔西南环规罚〔2026〕9号")
        rnd = services.evaluation_create(actor=supervisor, agency=org.zhou_sfj, year=2026, name="评查", per_agency=1)
    from django.core.files.base import ContentFile

    from fazhi.core.attachments import attachment_create

    with transaction.atomic():
        source = attachment_create(actor=None, uploaded_file=ContentFile(b"a,b\n", name="x.csv"), agency=reg["agency"])
        job = ImportJob.objects.create(agency=reg["agency"], region_path=reg["agency"].region_path, kind="case",
                                       source=source)
    return {"case": case, "inspection": inspection, "township": township, "complaint": complaint, "round": rnd,
            "job": job}


def test_another_countys_users_get_404_everywhere(client, objects, org, people):
    outsider = make_user("anlong_zf", org.anlong_sfj, (Role.ENFORCEMENT_OFFICER, Scope.OWN))
    county = people.anlong_fzb
    o = objects
    pages = [
        ("enforcement:case", o["case"].code, {"action": "register", "register-on_date": "2026-03-12"}),
        ("enforcement:inspection", o["inspection"].code, None),
        ("enforcement:township", o["township"].code, {"action": "tw_order", "tw_order-on_date": "2026-11-03",
                                                      "tw_order-days": "15"}),
        ("enforcement:complaint", o["complaint"].code, {"action": "complaint_accept",
                                                        "complaint_accept-on_date": "2026-11-03"}),
        ("enforcement:evaluation", o["round"].code, {"do": "close"}),
        ("enforcement:import", o["job"].code, None),
    ]
    for user in (outsider, county):
        client.force_login(user)
        for name, code, post in pages:
            url = reverse(name, args=[code])
            assert client.get(url).status_code == 404, (user.username, url)
            if post:
                assert client.post(url, post).status_code == 404, (user.username, url)
        for kind in ("registration", "decision", "act-1"):
            assert client.get(reverse("enforcement:case_docx", args=[o["case"].code, kind])).status_code == 404
        api = APIClient()
        api.force_authenticate(user)
        for url in (f"/api/v1/enforcement/cases/{o['case'].code}/", f"/api/v1/enforcement/inspections/{o['inspection'].code}/",
                    f"/api/v1/enforcement/officers/{o['case'].agency_id and '52230001'}/"):
            assert api.get(url).status_code == 404, (user.username, url)
        assert api.post(f"/api/v1/enforcement/cases/{o['case'].code}/transition/",
                        {"action": "register", "on_date": "2026-03-12"}, format="json").status_code == 404
        assert api.get(f"/api/v1/enforcement/cases/{o['case'].code}/actions/").status_code == 404
    # nothing changed
    o["case"].refresh_from_db()
    o["township"].refresh_from_db()
    o["complaint"].refresh_from_db()
    assert (o["case"].state, o["township"].state, o["complaint"].state) == ("closed", "reported", "received")


def test_lists_show_nothing_of_another_county(client, objects, people):
    client.force_login(people.anlong_fzb)
    for name in ("enforcement:cases", "enforcement:inspections", "enforcement:townships", "enforcement:complaints",
                 "enforcement:evaluations"):
        page = client.get(reverse(name)).content.decode()
        assert "某某化工有限公司" not in page and "王某" not in page and "投诉内容" not in page, name
    api = APIClient()
    api.force_authenticate(people.anlong_fzb)
    assert api.get("/api/v1/enforcement/cases/").json()["results"] == []
    assert api.get("/api/v1/enforcement/officers/").json()["results"] == []


# ---------------------------------------------------------------- the API matrix (the shared helper)
#
# Derived from fazhi/enforcement/apps.py (who holds enforcement.view: 法治办 州/县, 部门法制工作人员, 执法人员 and
# the leader; the 州司法局 reviewer and the three system roles (三员分立) hold none of the module's permissions and
# get 403) and fazhi/core/scope.py (全部 → every row; 本地区及下级 → region_path prefix; 本单位 → the row's agency;
# 本人 → the model's SCOPE_OWNER_FIELD, and the row's agency when the model names none). Of the API's models only
# Case names an owner (created_by, the 承办人); Inspection and the registers inherit Registered's "scope by agency".
#
# The tracked rows: 兴义市's at 顶效镇人民政府 (a township below the county, not the county 法治办's own agency, so
# 本地区及下级 is told apart from 本单位), 安龙县's at 安龙县人民政府, the 州's at 州生态环境局 (the agency of zsthj_fz
# and of the officer). The redaction preview (POST only, no rows) is no list/detail resource.

RESOURCES = ["cases", "inspections", "bodies", "officers", "matters", "benchmarks", "lenient"]

# role (people attribute)  cases    inspections  bodies   officers  matters  benchmarks  lenient
EXPECTED = {
    "fzb_admin":        (ALL,     ALL,         ALL,     ALL,      ALL,     ALL,        ALL),
    "xingyi_fzb":       ({X},     {X},         {X},     {X},      {X},     {X},        {X}),     # 本地区及下级: 顶效镇 too
    "anlong_fzb":       ({A},     {A},         {A},     {A},      {A},     {A},        {A}),
    # 本单位 (州生态环境局): every 州 row, the case included although the officer, not she, is its 承办人
    "zsthj_fz":         ({Z},     {Z},         {Z},     {Z},      {Z},     {Z},        {Z}),
    # 本人: the 州 case because he is its 承办人 (created_by); the 州 inspection was recorded by zsthj_fz, and he still
    # sees it — Inspection and the registers name no owner field, so 本人 falls back to 本单位 (scope.scope_q)
    "officer":          ({Z},     {Z},         {Z},     {Z},      {Z},     {Z},        {Z}),
    # 州司法局 审核人员: reviews documents and decisions; an enforcement case's 法制审核 is its own agency's
    # 法制机构 (review.py), so the role holds no enforcement permission
    "reviewer":         (DENIED,  DENIED,      DENIED,  DENIED,   DENIED,  DENIED,     DENIED),
    "leader":           (ALL,     ALL,         ALL,     ALL,      ALL,     ALL,        ALL),
    "sysadmin":         (DENIED,  DENIED,      DENIED,  DENIED,   DENIED,  DENIED,     DENIED),
    "secadmin":         (DENIED,  DENIED,      DENIED,  DENIED,   DENIED,  DENIED,     DENIED),
    "auditor":          (DENIED,  DENIED,      DENIED,  DENIED,   DENIED,  DENIED,     DENIED),
}

ROUTES = {
    "cases": Route("enforcement-api:case-list", "enforcement-api:case-detail", "code", "code"),
    "inspections": Route("enforcement-api:inspection-list", "enforcement-api:inspection-detail", "code", "code"),
    "bodies": Route("enforcement-api:body-list", "enforcement-api:body-detail"),
    "officers": Route("enforcement-api:officer-list", "enforcement-api:officer-detail", "certificate_no",
                      "certificate_no"),
    "matters": Route("enforcement-api:matter-list", "enforcement-api:matter-detail"),
    "benchmarks": Route("enforcement-api:benchmark-list", "enforcement-api:benchmark-detail"),
    "lenient": Route("enforcement-api:lenient-list", "enforcement-api:lenient-detail"),
}


@pytest.fixture
def tracked(reg, case, org, people):
    """resource → {label: public key} of the three tracked rows (the 州's from the ``reg`` and ``case`` fixtures)."""
    mk = services.register_create

    def registers(agency, prefix, matter=None, officers=()):
        matter = matter or mk(actor=None, register="matter", kind=MatterKind.PENALTY, agency=agency, code="P-001",
                              name="违法建设", legal_basis="《城乡规划法》第六十四条")
        officers = list(officers) or [
            mk(actor=None, register="officer", agency=agency, name=name, certificate_no=f"{prefix}{n}",
               field="综合执法", issued_on=ISSUED, expires_on=EXPIRES) for n, name in ((1, "甲"), (2, "乙"))]
        return {"matter": matter, "officers": officers,
                "body": mk(actor=None, register="body", agency=agency, name=agency.name, legal_basis="《行政处罚法》第十七条"),
                "lenient": mk(actor=None, register="lenient", agency=agency, kind=LenientKind.FIRST_OFFENCE,
                              matter=matter, violation=matter.name, legal_basis=matter.legal_basis,
                              conditions="首次违法且及时改正")}

    def benchmark(agency, matter):
        return mk(actor=None, register="benchmark", agency=agency, matter=matter, violation=matter.name,
                  legal_basis=matter.legal_basis)

    def new_case(agency, matter):
        return services.case_create(actor=None, agency=agency, matter=matter, party_name="某某公司",
                                    party_kind=PartyKind.ORGANISATION, occurred_on=D(2026, 3, 2),
                                    discovered_on=D(2026, 3, 10))

    def inspection(actor, agency, officers):
        return services.inspection_record(actor=actor, agency=agency, enterprise_name="某公司", credit_code=USCC,
                                          on_date=D(2026, 11, 2), items="检查", result="clean", officers=officers)

    with transaction.atomic():
        x = registers(org.xingyi_town_gov, "X")
        a = registers(org.anlong_gov, "A")
        z = registers(reg["agency"], "Z", reg["matter"], (reg["a"], reg["b"]))
        rows = {
            "cases": {X: new_case(org.xingyi_town_gov, x["matter"]).code, A: new_case(org.anlong_gov, a["matter"]).code,
                      Z: case.code},  # the 州 case: the officer's (people.officer is its created_by)
            "inspections": {X: inspection(None, org.xingyi_town_gov, x["officers"]).code,
                            A: inspection(None, org.anlong_gov, a["officers"]).code,
                            Z: inspection(people.zsthj_fz, reg["agency"], z["officers"]).code},  # not the officer's
            "benchmarks": {X: benchmark(org.xingyi_town_gov, x["matter"]).pk, A: benchmark(org.anlong_gov, a["matter"]).pk,
                           Z: reg["bench"].pk},
        }
    made = {X: x, A: a, Z: z}
    rows["bodies"] = {label: m["body"].pk for label, m in made.items()}
    rows["officers"] = {label: m["officers"][0].certificate_no for label, m in made.items()}
    rows["matters"] = {label: m["matter"].pk for label, m in made.items()}
    rows["lenient"] = {label: m["lenient"].pk for label, m in made.items()}
    assert case.created_by == people.officer and case.agency == org.zhou_sthj  # what the table's cells rest on
    return rows


MATRIX = Matrix(RESOURCES, EXPECTED, ROUTES)


# every (role, resource) cell as its own case; the table covers exactly the people fixture's roles
test_each_role_sees_exactly_its_rows_of_each_resource, test_the_table_covers_every_role_of_the_people_fixture = \
    MATRIX.tests()


def test_an_officer_sees_his_own_cases_only_and_not_a_colleagues(reg, people):
    """本人 on cases is the 承办人, not the agency: a case the unit's 法制工作人员 opened is hidden from the officer
    (404, not in the list) while she, 本单位, sees it — the cell the table cannot tell from 本单位."""
    with transaction.atomic():
        colleague = services.case_create(actor=people.zsthj_fz, agency=reg["agency"], matter=reg["matter"],
                                         party_name="某某建材有限公司", party_kind=PartyKind.ORGANISATION,
                                         occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10))
    rows = {"州（同事承办）": colleague.code}
    assert problems(client_for(people.officer), ROUTES["cases"], rows, NONE) == []
    assert problems(client_for(people.zsthj_fz), ROUTES["cases"], rows, set(rows)) == []
