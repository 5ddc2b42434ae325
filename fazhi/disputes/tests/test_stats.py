"""The monthly/quarterly 人民调解 report: SQL aggregates over the period's cases on hand-counted figures, the
cross-column checks catching an inconsistent row, the page and its xlsx export (scoped)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.indicators import Period
from fazhi.core.tests.factories import PASSWORD
from fazhi.disputes import services, stats
from fazhi.disputes.choices import AgreementForm, CommitteeKind
from fazhi.disputes.models import MediationCase


@pytest.fixture
def com(org, calendar):
    return services.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                                     region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=date(2024, 1, 1))


def case(com, source, dtype, received, amount=None):
    return services.med_register(actor=None, committee=com, source=source, dispute_type=dtype, parties="甲、乙",
                                 summary="s", amount=amount, received_on=received)


@pytest.fixture
def q2(com):
    a = case(com, "application", "neighbour", date(2026, 4, 1), Decimal("1000"))
    services.med_succeed(actor=None, case=a, agreement_form=AgreementForm.WRITTEN, agreement_text="x",
                         on=date(2026, 4, 3))
    services.med_apply_confirmation(actor=None, case=a, on=date(2026, 4, 10))
    services.med_record_confirmation(actor=None, case=a, result="valid")
    services.med_record_performance(actor=None, case=a, performance="performed")
    b = case(com, "grid", "neighbour", date(2026, 5, 6), Decimal("500.50"))
    services.med_succeed(actor=None, case=b, agreement_form=AgreementForm.ORAL, agreement_text="y", on=date(2026, 5, 7))
    c = case(com, "grid", "land", date(2026, 6, 30))
    services.med_fail(actor=None, case=c, reason="r", other_channels="诉讼", on=date(2026, 7, 2))
    d = case(com, "own", "marriage", date(2026, 6, 15))
    services.med_refuse(actor=None, case=d, reason="r", on=date(2026, 6, 16))
    case(com, "own", "marriage", date(2026, 6, 20))  # still open
    case(com, "own", "marriage", date(2026, 7, 1))  # Q3: not counted
    return com


def test_quarter_report_on_hand_counted_figures(q2):
    report = stats.mediation_report(MediationCase.objects.all(), Period.quarter(2026, 2))
    t = report.total
    assert (t["received"], t["success"], t["failed"], t["ended"], t["open"]) == (5, 2, 1, 1, 1)
    assert t["amount"] == Decimal("1500.50") and (t["written"], t["oral"]) == (1, 1)
    assert (t["confirm_applied"], t["confirm_valid"], t["performed"]) == (1, 1, 1)
    by_source = dict(report.by_source)
    assert by_source["十联户/网格报送"]["received"] == 2 and by_source["法院委派（立案前）"]["received"] == 0
    assert dict(report.by_type)["婚姻家庭"]["received"] == 2
    assert report.problems == []


def test_checks_catch_an_inconsistent_row():
    row = {"received": 3, "success": 2, "failed": 0, "ended": 0, "open": 0, "amount": Decimal(0), "written": 1,
           "oral": 0, "confirm_applied": 3, "confirm_valid": 0, "performed": 3}
    problems = stats.row_problems("测试", row)
    assert len(problems) == 4
    assert "不等于受理数 3" in problems[0] and "不等于调解成功数 2" in problems[1]


def test_page_and_xlsx_are_scoped(client, q2, people):
    assert client.login(username="fzb_admin", password=PASSWORD)
    url = reverse("disputes:statistics")
    page = client.get(url, {"kind": "quarter", "year": 2026, "n": 2}).content.decode()
    assert 'id="stats-ok"' in page and "2026年第2季度" in page
    response = client.get(url, {"kind": "quarter", "year": 2026, "n": 2, "format": "xlsx"})
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("分组", "项目", "受理") and rows[1][2] == 5
    client.logout()
    assert client.login(username="anlong_fzb", password=PASSWORD)
    response = client.get(url, {"kind": "quarter", "year": 2026, "n": 2, "format": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[1][2] == 0


def test_prevention_work_is_summed_per_kind_in_the_period(org, calendar):
    from datetime import date as d

    from fazhi.core.indicators import Period as P
    from fazhi.disputes import services as svc
    from fazhi.disputes import stats as st
    from fazhi.disputes.choices import CommitteeKind
    from fazhi.disputes.models import Committee

    com = svc.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                               region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=d(2024, 1, 1))
    for on, kind, n, people in ((d(2026, 11, 2), "screening", 12, 0), (d(2026, 11, 20), "screening", 3, 0),
                                (d(2026, 11, 5), "criminal", 1, 6), (d(2026, 10, 31), "screening", 99, 0)):
        svc.prevention_record(actor=None, committee=com, kind=kind, on_date=on, count=n, people=people, summary="……")
    rows = dict((label, (count, people)) for label, count, people in
                st.prevention_rows(Committee.objects.values("pk"), P.month(2026, 11)))
    assert rows["矛盾纠纷排查"] == (15, 0) and rows["防止民间纠纷转化为刑事案件"] == (1, 6) and rows["防止群体性事件"] == (0, 0)
