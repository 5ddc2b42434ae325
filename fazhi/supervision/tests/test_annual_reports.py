"""法治政府建设年度报告: deadlines at their edges (第二十三条 3月1日之前, 第二十四条 4月1日之前), the draft from
the year's data, editing, submission, review, publication with the secrecy check, the 通报 rule, scope."""

from datetime import date

import pytest
from django.test import Client

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import make_user
from fazhi.supervision import annual_reports as svc
from fazhi.supervision.models import AnnualReport, Letter

from .conftest import at

FILLED = {"part1": "推进法治政府建设，取得成效。", "part2": "存在不足：审核力量不足。", "part3": "主要负责人专题研究3次。",
          "part4": "2027年完善审核机制。", "part5": "无"}


def test_deadlines_at_their_edges():
    assert svc.submit_due(2026, True) == date(2027, 2, 28)  # 2027 is not a leap year
    assert svc.submit_due(2027, True) == date(2028, 2, 29)  # 2028 is
    assert svc.publish_due(2026) == date(2027, 3, 31)
    assert svc.submit_due(2026, False) == date(2027, 3, 31)  # a government: no earlier date in the statute


@pytest.fixture
def drafts(office, org):
    Letter.objects.create(kind="tip", state="issued", region=org.xingyi, agency=org.xingyi_gov,
                          region_path=org.xingyi.region_path, rule="t", problems="p", issued_on=date(2026, 7, 6))
    with at(date(2027, 1, 5)):
        n = svc.draft_reports(actor=office, year=2026)
        assert svc.draft_reports(actor=office, year=2026) == 0  # never overwrites
    assert n == AnnualReport.objects.count() >= 5
    return {r.agency.name: r for r in AnnualReport.objects.all()}


def test_the_draft_is_assembled_from_the_year_and_has_the_five_parts(drafts):
    xy = drafts["兴义市人民政府"]
    assert not xy.is_department and xy.submit_due == date(2027, 3, 31)
    assert "收到提示函1件" in xy.part2
    assert "2026年，兴义市人民政府" in xy.part1 and xy.part3.startswith("（")
    assert any(f["code"] == "supervision.rectification_on_time_rate" for f in xy.figures)
    dept = drafts["黔西南州司法局"]
    assert dept.is_department and dept.submit_due == date(2027, 2, 28)


def test_submit_review_publish_and_refusals(drafts, org, office):
    staff = make_user("xy_writer", org.xingyi_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    other = make_user("al_writer", org.anlong_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    xy = drafts["兴义市人民政府"]
    with at(date(2027, 3, 10)):
        with pytest.raises(ServiceError, match="尚未填写"):
            svc.submit(actor=staff, report=xy)
        with pytest.raises(NotPermitted):
            svc.edit(actor=other, report=xy, parts=FILLED)
        svc.edit(actor=staff, report=xy, parts=FILLED)
        svc.submit(actor=staff, report=xy)
        with pytest.raises(ServiceError, match="退回须写明理由"):
            svc.review(actor=office, report=xy, accept=False)
        svc.review(actor=office, report=xy, accept=True)
        with pytest.raises(ServiceError, match="保密审查"):
            svc.publish(actor=staff, report=xy, url="https://www.xyszf.gov.cn/nb", published_on=date(2027, 3, 10),
                        secrecy_checked=False)
        with pytest.raises(ServiceError, match="有效的公开网址"):
            svc.publish(actor=staff, report=xy, url="javascript:alert(1)", published_on=date(2027, 3, 10),
                        secrecy_checked=True)
        with pytest.raises(ServiceError, match="不能晚于今天"):
            svc.publish(actor=staff, report=xy, url="https://www.xyszf.gov.cn/nb", published_on=date(2027, 3, 11),
                        secrecy_checked=True)
    with at(date(2027, 3, 31)):
        r = svc.publish(actor=staff, report=xy, url="https://www.xyszf.gov.cn/nb", published_on=date(2027, 3, 31),
                        secrecy_checked=True)
        assert svc.status(r, date(2027, 3, 31)) == "按时公开"
    r.published_on = date(2027, 4, 1)
    assert svc.status(r, date(2027, 4, 1)) == "逾期公开"


def test_late_reports_propose_a_notice(drafts, office):
    # 2027-02-28: nothing late yet; 03-01: every department that has not submitted
    assert svc.propose_for_late(actor=office, today=date(2027, 2, 28)) == []
    with at(date(2027, 3, 1)):
        made = svc.propose_for_late(actor=office)
        assert made and {m.agency.name for m in made} == {
            r.agency.name for r in drafts.values() if r.is_department}
        assert all(m.kind == "notice" and m.state == "proposed" for m in made)
        assert svc.propose_for_late(actor=office) == []
    with at(date(2027, 4, 1)):
        later = svc.propose_for_late(actor=office)
    assert {m.agency.name for m in later} == {r.agency.name for r in drafts.values() if not r.is_department}


def test_scope_a_unit_sees_its_own_report(drafts, org):
    other = make_user("al_reader", org.anlong_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    c = Client()
    c.force_login(other)
    assert c.get(f"/supervision/annual-reports/{drafts['兴义市人民政府'].pk}/").status_code == 404
    html = c.get("/supervision/annual-reports/?year=2026").content.decode()
    assert "安龙县人民政府" in html and "兴义市人民政府" not in html
