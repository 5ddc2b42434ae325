"""半年督察: working-day deadlines on the real 2026 calendar (中秋、国庆 and the 10-10 调休), submission and
review, closure only when every item is 销号, overdue items proposing the next rung, scope, bad input."""

from datetime import date

import pytest
from django.test import Client

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import make_user
from fazhi.supervision import inspections, letters
from fazhi.supervision.models import Letter

from .conftest import at


@pytest.fixture
def xingyi_staff(org):
    return make_user("xy_gov", org.xingyi_gov, (Role.LEGAL_STAFF, Scope.AGENCY))


@pytest.fixture
def task(office, org):
    with at(date(2026, 9, 1)):
        ins = inspections.create_inspection(
            actor=office, agency=org.xingyi_gov, year=2026, half=2, title="2026年下半年法治政府建设督察",
            subject="规范性文件管理、重大行政决策程序", inspectors="张三、李四", start_on=date(2026, 9, 14),
            end_on=date(2026, 9, 18))
        inspections.add_finding(actor=office, inspection=ins, text="3件规范性文件未经合法性审核", demand="补正审核",
                                workdays_=5)
        inspections.add_finding(actor=office, inspection=ins, text="决策目录未公布", demand="公布目录")
    return ins


def test_deadlines_count_working_days_over_the_mid_autumn_and_national_day(task, office, calendar):
    with at(date(2026, 9, 24)):
        inspections.feedback(actor=office, inspection=task, report="督察发现两方面问题，详见清单。")
    a, b = task.items.order_by("id")
    # 09-24 (Thu) + 5: 09-25 中秋 and the weekend are off → 28, 29, 30, then 国庆 10-01..07 → 10-08, 10-09
    assert a.due_on == date(2026, 10, 9)
    # + 15 (the default setting): 28, 29, 30, 10-08, 09, 10 (Saturday 调休 workday), 12–16, 19–22 → 10-22
    assert b.workdays == 15 and b.due_on == date(2026, 10, 22)


def test_bad_input_is_refused_in_chinese(task, office, org):
    with pytest.raises(ServiceError, match="结束日期不能早于开始日期"):
        inspections.create_inspection(actor=office, agency=org.anlong_gov, year=2026, half=2, title="督察",
                                      subject="内容", inspectors="张三", start_on=date(2026, 9, 2),
                                      end_on=date(2026, 9, 1))
    with pytest.raises(ServiceError, match="1至120个工作日"):
        inspections.add_finding(actor=office, inspection=task, text="问题描述五个字", demand="整改", workdays_=0)
    with pytest.raises(ServiceError, match="工作日天数"):
        inspections.add_finding(actor=office, inspection=task, text="问题描述五个字", demand="整改", workdays_="十")
    with at(date(2026, 9, 16)):
        with pytest.raises(ServiceError, match="不能早于督察结束日期"):
            inspections.feedback(actor=office, inspection=task, report="督察发现两方面问题。", on=date(2026, 9, 16))


def test_submit_review_close_and_overdue_proposes_the_next_rung(task, office, org, xingyi_staff, county_user,
                                                                calendar):
    anlong = make_user("al_gov", org.anlong_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    with at(date(2026, 9, 24)):
        inspections.feedback(actor=office, inspection=task, report="督察发现两方面问题，详见清单。")
    a, b = task.items.order_by("id")
    with at(date(2026, 10, 9)):
        with pytest.raises(NotPermitted):
            inspections.submit_rectification(actor=anlong, item=a, report="已经全部完成整改工作。")
        inspections.submit_rectification(actor=xingyi_staff, item=a, report="已补正3件文件的合法性审核。")
        with pytest.raises(ServiceError, match="还有2项"):
            inspections.close(actor=office, inspection=task)
        with pytest.raises(NotPermitted):
            inspections.review_rectification(actor=county_user, item=a, accept=True)
        inspections.review_rectification(actor=office, item=a, accept=True)
    # b is due 10-22: on 10-22 nothing is overdue, on 10-23 it proposes a 提示函
    assert inspections.propose_for_overdue(actor=office, today=date(2026, 10, 22)) == []
    with at(date(2026, 10, 23)):
        (tip,) = inspections.propose_for_overdue(actor=office)
        assert inspections.propose_for_overdue(actor=office) == []  # one open letter at a time
        assert (tip.kind, tip.state, tip.rectification_id, tip.rule) == ("tip", "proposed", b.pk, "督察整改逾期")
        letters.confirm(actor=office, letter=tip)
        letters.answer(actor=office, letter=tip, report="正在组织整改，目录草案已形成。")
        letters.accept(actor=office, letter=tip, note="说明已收悉")
        assert Letter.objects.get(pk=tip.pk).state == "closed"
        (notice,) = inspections.propose_for_overdue(actor=office)
    assert notice.kind == "notice"
    with at(date(2026, 10, 29)):
        inspections.submit_rectification(actor=xingyi_staff, item=b, report="已在政府网站公布重大行政决策目录。")
        inspections.review_rectification(actor=office, item=b, accept=True, note="到位")
        assert inspections.close(actor=office, inspection=task).state == "closed"


def test_scope_a_county_sees_its_own_inspections(task, org):
    anlong = make_user("al_gov2", org.anlong_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    c = Client()
    c.force_login(anlong)
    assert c.get(f"/supervision/inspections/{task.pk}/").status_code == 404
    assert "2026年下半年法治政府建设督察" not in c.get("/supervision/inspections/").content.decode()


def test_the_api_reads_inspections_and_rectifications_in_scope(task, org, county_user, office):
    from rest_framework.test import APIClient

    def get(user, path):
        api = APIClient()
        api.force_authenticate(user)
        response = api.get(f"/api/v1/supervision/{path}")
        assert response.status_code == 200, response.content
        return response.json()["results"]

    rows = get(county_user, "inspections/")
    assert [r["title"] for r in rows] == ["2026年下半年法治政府建设督察"] and rows[0]["unit"] == "兴义市人民政府"
    assert {r["state"] for r in get(office, "rectifications/")} and len(get(county_user, "rectifications/")) == 2
    anlong = make_user("al_fzb_api", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION))
    assert get(anlong, "inspections/") == [] and get(anlong, "rectifications/") == []
    for path in ("reports/", "annual-sheets/", "tasks/", "annual-reports/"):
        assert get(anlong, path) == []
    api = APIClient()
    api.force_authenticate(anlong)
    assert api.get(f"/api/v1/supervision/inspections/{task.pk}/").status_code == 404
