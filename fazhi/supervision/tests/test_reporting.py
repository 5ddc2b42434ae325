"""单位填报: expressions and validation rules, lock and timeliness on real dates, submission with evidence,
approval level by level, scope, bad input, and the approved value feeding the quarterly score."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.core.attachments import attachment_create
from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import Period
from fazhi.core.models import Notification
from fazhi.core.tests.factories import make_user
from fazhi.supervision import reporting, services
from fazhi.supervision.indicators import report_timeliness_rate
from fazhi.supervision.models import DataReport
from fazhi.supervision.seed import seed_forms

from .conftest import at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORMS = [("hearing", "听证情况表", "law.hearing", "missed", [
    {"code": "due", "label": "应听证件数"}, {"code": "held", "label": "已听证件数"},
    {"code": "missed", "label": "未依法听证次数"}, {"code": "extra", "label": "选填", "required": False}], [
    ("已听证不多于应听证", "held", "<=", "due", "high", "已听证件数大于应听证件数。"),
    ("未听证次数一致", "missed", "==", "due - held", "medium", "未依法听证次数与差额不一致。"),
    ("选填成对", "extra", "compulsory_pair", "missed", "low", "选填项须与未听证次数同时填写。"),
])]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def q3(scheme, office, org):
    seed_forms(scheme, FORMS)
    with at(date(2026, 10, 1)):
        assert reporting.open_reports(actor=office, period=Period.quarter(2026, 3)) == 2
        assert reporting.open_reports(actor=office, period=Period.quarter(2026, 3)) == 0  # idempotent
    return DataReport.objects.get(agency=org.xingyi_gov)


@pytest.fixture
def xingyi_staff(org):
    return make_user("xingyi_gov_staff", org.xingyi_gov, (Role.LEGAL_STAFF, Scope.AGENCY))


def evidence(user, report):
    return attachment_create(actor=user, uploaded_file=SimpleUploadedFile("听证笔录.pdf", PDF), obj=report,
                             agency=report.agency)


def test_expressions_and_rules_on_hand_computed_values(scheme):
    seed_forms(scheme, FORMS)
    form = scheme.forms.get()
    assert reporting.evaluate("due - held", {"due": "5", "held": "3"}) == D(2)
    assert reporting.evaluate("due / held", {"due": "5", "held": "0"}) is None
    assert reporting.evaluate("due - held", {"due": "5", "held": ""}) is None
    broken = reporting.run_rules(form, {"due": "3", "held": "4", "missed": "0", "extra": ""})
    assert [v["rule"] for v in broken] == ["已听证不多于应听证", "未听证次数一致", "选填成对"]
    assert reporting.run_rules(form, {"due": "3", "held": "2", "missed": "1", "extra": "2"}) == []
    for bad in ("__import__('os')", "due ** 2", "nothere + 1", "due +"):
        with pytest.raises(ServiceError):
            reporting.check_expression(bad, {"due", "held"})


def test_lock_and_timeliness_on_real_dates(q3, xingyi_staff, office, settings):
    assert settings.SUPERVISION_REPORT_TIMELY_DAYS == 5 and settings.SUPERVISION_REPORT_EXPIRY_DAYS == 15
    assert reporting.timely_date(q3.period_end) == date(2026, 10, 5)  # within 国庆 (days, not working days)
    assert reporting.lock_date(q3.period_end) == date(2026, 10, 15)
    values = {"due": "3", "held": "2", "missed": "1", "extra": "1"}
    with at(date(2026, 10, 6)):
        reporting.save_values(actor=xingyi_staff, report=q3, values=values)
        with pytest.raises(ServiceError, match="佐证材料"):
            reporting.submit(actor=xingyi_staff, report=q3)
        evidence(xingyi_staff, q3)
        r = reporting.submit(actor=xingyi_staff, report=q3)
    assert r.state == "submitted" and r.timely is False and r.violations == []
    other = DataReport.objects.exclude(pk=q3.pk).get()
    with at(date(2026, 10, 16)):
        with pytest.raises(ServiceError, match="锁定"):
            reporting.save_values(actor=office, report=other, values=values)
    fig = report_timeliness_rate(q3.region, Period.quarter(2026, 3))
    assert (fig.numerator, fig.denominator) == (0, 1)


def test_submission_refused_on_high_rule_and_notified_on_medium(q3, xingyi_staff, office):
    with at(date(2026, 10, 5)):
        evidence(xingyi_staff, q3)
        reporting.save_values(actor=xingyi_staff, report=q3, values={"due": "2", "held": "3", "missed": "0"})
        with pytest.raises(ServiceError, match="已听证件数大于应听证件数"):
            reporting.submit(actor=xingyi_staff, report=q3)
        assert DataReport.objects.get(pk=q3.pk).state == "draft"
        reporting.save_values(actor=xingyi_staff, report=q3, values={"due": "3", "held": "1", "missed": "1"})
        r = reporting.submit(actor=xingyi_staff, report=q3)
    assert r.timely is True and [v["rule"] for v in r.violations] == ["未听证次数一致", "选填成对"]
    assert Notification.objects.filter(recipient=office, title__contains="填报校验提示").exists()
    assert Notification.objects.filter(recipient=xingyi_staff, title__contains="填报校验提示").exists()


def test_bad_values_refused_in_chinese(q3, xingyi_staff):
    with at(date(2026, 10, 2)):
        with pytest.raises(ServiceError, match="“应听证件数”应为数字"):
            reporting.save_values(actor=xingyi_staff, report=q3, values={"due": "三", "held": "-1"})
        with pytest.raises(ServiceError, match="不小于0"):
            reporting.save_values(actor=xingyi_staff, report=q3, values={"due": "1", "held": "-1"})
        with pytest.raises(ServiceError, match="未填写"):
            reporting.submit(actor=xingyi_staff, report=q3)
    assert DataReport.objects.get(pk=q3.pk).values == {}


def test_approved_level_by_level_and_feeds_the_score(q3, xingyi_staff, office, org, county_user, figures):
    anlong_fzb = make_user("anlong_fzb2", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION))
    with at(date(2026, 10, 3)):
        evidence(xingyi_staff, q3)
        reporting.save_values(actor=xingyi_staff, report=q3, values={"due": "3", "held": "1", "missed": "2"})
        reporting.submit(actor=xingyi_staff, report=q3)
        with pytest.raises(NotPermitted):
            reporting.decide(actor=anlong_fzb, report=q3, approve=True)  # another county
        with pytest.raises(NotPermitted):
            reporting.decide(actor=office, report=q3, approve=True)  # the prefecture cannot skip level 1
        with pytest.raises(ServiceError, match="退回须写明理由"):
            reporting.decide(actor=county_user, report=q3, approve=False)
        r = reporting.decide(actor=county_user, report=q3, approve=True)
        assert (r.state, r.approved_level) == ("partly", 1)
        with pytest.raises(NotPermitted):
            reporting.decide(actor=county_user, report=q3, approve=True)  # final level is the office's
        r = reporting.decide(actor=office, report=q3, approve=True, note="同意")
    assert (r.state, r.approved_level) == ("approved", 2)
    with at(date(2026, 10, 20)):
        scores = {s.region.name: s for s in services.quarter_scores(actor=office, year=2026, quarter=3,
                                                                   unit_class="county")}
    hearing = next(d for d in scores["兴义市"].detail if d["node"] == "1.2")
    assert hearing["points"] == "30.00"  # 40 − 2 × 5
    assert next(d for d in scores["安龙县"].detail if d["node"] == "1.2")["note"] == "未报送"


def test_a_unit_sees_its_own_reports_only(q3, org, client):
    anlong_staff = make_user("anlong_gov_staff", org.anlong_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    c = Client()
    c.force_login(anlong_staff)
    assert c.get(f"/supervision/reports/{q3.pk}/").status_code == 404
    listing = c.get("/supervision/reports/").content.decode()
    assert "安龙县人民政府" in listing and "兴义市人民政府" not in listing


def test_the_page_fills_uploads_and_submits(q3, xingyi_staff):
    c = Client()
    c.force_login(xingyi_staff)
    with at(date(2026, 10, 5)):
        r = c.post(f"/supervision/reports/{q3.pk}/", {"do": "submit", "f_due": "2", "f_held": "2", "f_missed": "0",
                                                       "evidence": SimpleUploadedFile("笔录.pdf", PDF)})
        assert r.status_code == 302
        page = c.get(f"/supervision/reports/{q3.pk}/")
    q3.refresh_from_db()
    assert q3.state == "submitted" and q3.timely is True
    assert page.status_code == 200, page.status_code
    html = page.content.decode()
    assert "笔录.pdf" in html and "已报送" in html
