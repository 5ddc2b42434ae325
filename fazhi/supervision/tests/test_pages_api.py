"""Pages and API: scorecard bands, scope (a county sees its own figures and the published ranking),
the letter page answering through the action panel, the .docx download, no N+1."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from fazhi.core.errors import ServiceError
from fazhi.core.indicators import Period
from fazhi.supervision import letters, services
from fazhi.supervision.models import Letter

from .conftest import at

PASSWORD = "Passw0rd!x"


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def month(scheme, office, org, figures):
    for m in (9, 10):
        figures[("兴义市", date(2026, m, 1))] = (5, 10)
        figures[("安龙县", date(2026, m, 1))] = (10, 10)
    with at(date(2026, 10, 9)):
        services.compute_period(actor=office, period=Period.month(2026, 9))
    with at(date(2026, 11, 2)):
        services.compute_period(actor=office, period=Period.month(2026, 10))
        services.quarter_scores(actor=office, year=2026, quarter=3, unit_class="county")
        tip = letters.propose_red_streaks(actor=office, period=Period.month(2026, 10))[0]
        letters.confirm(actor=office, letter=tip)
    return tip


def test_scorecard_shows_bands(client, office, month):
    r = login(client, office).get("/supervision/?period=2026-10-01")
    html = r.content.decode()
    assert r.status_code == 200 and 'data-band="red"' in html and 'data-band="green"' in html
    assert "兴义市" in html and "安龙县" in html and "计算时间" in html


def test_county_sees_its_own_figures_and_the_published_ranking(client, county_user, office, month):
    c = login(client, county_user)
    html = c.get("/supervision/?period=2026-10-01").content.decode()
    assert "兴义市" in html and "安龙县" not in html
    url = "/supervision/ranking/?year=2026&quarter=3&class=county"
    assert "安龙县" not in c.get(url).content.decode()  # not yet published
    assert c.post(url, {"year": 2026, "quarter": 3, "class": "county", "do": "publish"}).status_code == 403
    office_c = login(Client(), office)
    with at(date(2026, 11, 3)):
        office_c.post("/supervision/ranking/", {"year": 2026, "quarter": 3, "class": "county", "do": "publish"})
    ranking = c.get(url).content.decode()
    assert "兴义市" in ranking and "安龙县" in ranking and "已于" in ranking
    with at(date(2026, 11, 4)), pytest.raises(ServiceError, match="已发布"):
        services.quarter_scores(actor=office, year=2026, quarter=3, unit_class="county")


def test_county_answers_on_the_letter_page(client, county_user, month):
    c = login(client, county_user)
    page = c.get(f"/supervision/letters/{month.pk}/").content.decode()
    assert "报送整改报告" in page and "本期公布的规范性文件件数" in page
    with at(date(2026, 11, 10)):
        r = c.post(f"/supervision/letters/{month.pk}/", {"action": "answer", "answer-report": "短"})
        assert r.status_code == 400 and "不少于10个字" in r.content.decode()
        r = c.post(f"/supervision/letters/{month.pk}/",
                   {"action": "answer", "answer-report": "已完成整改，补齐全部审核记录并建立台账制度。"})
        docx = c.get(f"/supervision/letters/{month.pk}/docx/")
    assert r.status_code == 302
    assert Letter.objects.get(pk=month.pk).state == "answered"
    assert docx.status_code == 200 and docx["Content-Disposition"].endswith(".docx")


def test_the_answer_carries_its_files_visible_only_where_the_letter_is(client, county_user, month, org, settings,
                                                                       tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.choices import Role, Scope
    from fazhi.core.models import Attachment
    from fazhi.core.tests.factories import make_user

    settings.MEDIA_ROOT = tmp_path
    c = login(client, county_user)
    url = f"/supervision/letters/{month.pk}/"
    bad = SimpleUploadedFile("整改.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    with at(date(2026, 11, 10)):
        r = c.post(url, {"action": "answer", "answer-report": "已完成整改，补齐全部审核记录并建立台账制度。",
                         "answer-files": bad})
    assert r.status_code == 400 and Letter.objects.get(pk=month.pk).state != "answered"
    assert not Attachment.objects.exists()
    plan = SimpleUploadedFile("整改方案.txt", "一、补齐审核记录；二、建立台账。".encode(), content_type="text/plain")
    report = SimpleUploadedFile("整改报告.txt", "已完成。".encode(), content_type="text/plain")
    from django.urls import reverse

    with at(date(2026, 11, 10)):
        r = c.post(url, {"action": "answer", "answer-report": "已完成整改，补齐全部审核记录并建立台账制度。",
                         "answer-files": [plan, report]})
        assert r.status_code == 302
        files = list(Attachment.objects.order_by("id"))
        assert [a.original_name for a in files] == ["整改方案.txt", "整改报告.txt"]
        page = c.get(url).content.decode()
        assert "整改方案.txt" in page and "整改材料" in page
        download = reverse("core:attachment_download", args=[files[0].code])
        assert c.get(download).status_code == 200
        anlong = make_user("anlong_yfz", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION))
        other = login(Client(), anlong)
        assert other.get(download).status_code in (403, 404)


def test_other_county_cannot_open_the_letter(client, org, month):
    from fazhi.core.choices import Role, Scope
    from fazhi.core.tests.factories import make_user

    anlong = make_user("anlong_yfz", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION))
    c = login(client, anlong)
    assert c.get(f"/supervision/letters/{month.pk}/").status_code == 404
    assert "兴义市人民政府" not in c.get("/supervision/letters/").content.decode()


def test_letter_list_query_count_is_flat(client, office, month, org):
    c = login(client, office)
    c.get("/supervision/letters/")
    with CaptureQueriesContext(connection) as one:
        c.get("/supervision/letters/")
    for _ in range(5):
        Letter.objects.create(kind="tip", region=org.anlong, agency=org.anlong_gov, region_path=org.anlong.region_path,
                              rule="测试", problems="测试问题")
    with CaptureQueriesContext(connection) as many:
        c.get("/supervision/letters/")
    assert len(many) == len(one)


def test_api_reads(office, county_user, month):
    api = APIClient()
    api.force_authenticate(office)
    schemes = api.get("/api/v1/supervision/schemes/").json()
    assert schemes["results"][0]["nodes"][1]["number"] == "1.1"
    snaps = api.get("/api/v1/supervision/snapshots/?period=2026-10-01").json()["results"]
    assert {s["unit"] for s in snaps} == {"兴义市", "安龙县"} and all("denominator" in s for s in snaps)
    assert api.get("/api/v1/supervision/snapshots/?period=十月").status_code == 400
    scores = api.get("/api/v1/supervision/scores/?year=2026&quarter=3").json()["results"]
    assert len(scores) == 2
    api.force_authenticate(county_user)
    snaps = api.get("/api/v1/supervision/snapshots/").json()["results"]
    assert {s["unit"] for s in snaps} == {"兴义市"}
    assert len(api.get("/api/v1/supervision/letters/").json()["results"]) == 1


def test_runs_page_recompute_and_publish(client, office, month, figures):
    from fazhi.supervision.models import MonitoringRun, Snapshot

    c = login(client, office)
    with at(date(2026, 11, 5)):
        assert c.get("/supervision/runs/").status_code == 200
        r = c.post("/supervision/runs/", {"run-month": "2026-13", "do": "compute"})
        assert r.status_code == 400 and "YYYY-MM" in r.content.decode()
        r = c.post("/supervision/runs/", {"run-month": "2026-10", "do": "compute"})
        assert r.status_code == 400 and "须说明理由" in r.content.decode()
        figures[("兴义市", date(2026, 10, 1))] = (10, 10)
        r = c.post("/supervision/runs/", {"run-month": "2026-10", "run-reason": "补录", "do": "compute"})
        assert r.status_code == 302
        new = MonitoringRun.objects.get(period_start=date(2026, 10, 1), version=2)
        assert not new.is_published
        c.post(f"/supervision/runs/{new.pk}/publish/", {"reason": ""})
        assert not MonitoringRun.objects.get(pk=new.pk).is_published
        c.post(f"/supervision/runs/{new.pk}/publish/", {"reason": "核对无误"})
    assert MonitoringRun.objects.get(pk=new.pk).is_published
    assert Snapshot.objects.get(region__name="兴义市", period_start=date(2026, 10, 1), is_published=True).band == "green"


def test_county_cannot_open_runs(client, county_user, month):
    assert login(client, county_user).get("/supervision/runs/").status_code == 403


def test_scheme_page_shows_the_tree_unverified(client, county_user, scheme):
    html = login(client, county_user).get("/supervision/schemes/").content.decode()
    assert "未核实" in html and "1.1" in html and "svtest.review_rate" in html
    assert login(client, county_user).get("/supervision/schemes/999/").status_code == 404


def test_scorecard_query_count_does_not_grow_with_units(client, office, month, org, figures):
    from fazhi.core import services as core_services
    from fazhi.core.choices import RegionLevel

    c = login(client, office)
    with CaptureQueriesContext(connection) as before:
        c.get("/supervision/?period=2026-10-01")
    for i in range(3):
        core_services.region_create(actor=None, code=f"52232{i + 3}", name=f"测试县{i}", level=RegionLevel.COUNTY,
                                    parent=org.prefecture)
    with at(date(2026, 11, 6)):
        services.compute_period(actor=office, period=Period.month(2026, 10), reason="新增区划", publish=True)
    with CaptureQueriesContext(connection) as after:
        html = c.get("/supervision/?period=2026-10-01").content.decode()
    assert "测试县2" in html and len(after) == len(before)


def test_monthly_job_is_scheduled():
    from fazhi.core.tasks import SCHEDULES

    job = next(j for j in SCHEDULES if j.func == "fazhi.supervision.tasks.monthly_monitoring_job")
    assert job.schedule_type == "D"


def test_the_letter_ladder_through_the_api(county_user, office, month, org):
    from fazhi.core.choices import Role, Scope
    from fazhi.core.tests.factories import make_user

    county = APIClient()
    county.force_authenticate(county_user)
    url = f"/api/v1/supervision/letters/{month.pk}/"
    actions = {a["action"]: a for a in county.get(url + "actions/").json()}
    assert actions["answer"]["allowed"]
    with at(date(2026, 11, 10)):
        r = county.post(url + "transition/", {"action": "answer", "report": "短"}, format="json")
        assert r.status_code == 400
        r = county.post(url + "transition/", {"action": "accept"}, format="json")
        assert r.status_code in (403, 409)
        r = county.post(url + "transition/", {"action": "answer", "report": "已完成整改，补齐全部审核记录并建立台账制度。"},
                        format="json")
        assert r.status_code == 200 and r.json()["state"] == "answered"
        staff = APIClient()
        staff.force_authenticate(office)
        r = staff.post(url + "transition/", {"action": "accept", "note": "整改到位"}, format="json")
        assert r.status_code == 200 and r.json()["state"] == "closed"
    other = APIClient()
    other.force_authenticate(make_user("anlong_yfz", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION)))
    assert other.post(url + "transition/", {"action": "answer", "report": "x" * 20}, format="json").status_code == 404
