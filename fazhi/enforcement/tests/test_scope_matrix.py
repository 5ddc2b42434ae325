"""Scope across the module: every page and API endpoint that names an enforcement object answers 404 to a user
of another county, for reading and for any step — and the object is unchanged."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.factories import make_user
from fazhi.enforcement import services, services_complaints, services_township
from fazhi.enforcement.models import Case, ImportJob

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
