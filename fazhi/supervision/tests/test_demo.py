"""The demo loader and supervision's own registered indicator."""

from datetime import date
from decimal import Decimal as D

from django.core.management import call_command

from fazhi.core.indicators import Period
from fazhi.supervision.indicators import rectification_on_time_rate
from fazhi.supervision.models import Letter, QuarterScore, Snapshot

from .conftest import at


def test_demo_loads_every_rung_and_is_idempotent(org, calendar, capsys):  # noqa: F811
    with at(date(2026, 12, 3)):
        call_command("load_supervision_demo")
        call_command("load_supervision_demo")
    out = capsys.readouterr().out
    assert "未重复加载" in out and "未核实" in out
    states = set(Letter.objects.values_list("kind", "state"))
    assert {("tip", "closed"), ("tip", "escalated"), ("notice", "escalated"), ("interview", "escalated"),
            ("accountability", "closed"), ("tip", "returned"), ("tip", "proposed")} <= states
    from fazhi.supervision.models import Accountability, Interview

    decision = Accountability.objects.get()
    assert [c["kind"] for c in decision.chain] == ["提示函", "通报", "约谈"]
    assert Interview.objects.get().letter.kind == "interview"
    from fazhi.supervision.models import Inspection, Rectification

    assert set(Inspection.objects.values_list("state", flat=True)) == {"closed", "feedback"}
    assert {"accepted", "submitted", "returned", "open"} <= set(Rectification.objects.values_list("state", flat=True))
    assert Letter.objects.filter(rule="督察整改逾期").count() == 2
    from fazhi.supervision.models import AnnualSheet, PlanTask

    assert {"done", "active", "pending"} <= set(PlanTask.objects.values_list("state", flat=True))
    assert Letter.objects.filter(rule="任务逾期未完成").count() == 3  # tasks 3, 4 and 6 are past due on 12-03
    assert list(AnnualSheet.objects.filter(year=2025).values_list("state", "rank").order_by("rank")) == [
        ("published", 1), ("published", 2)]  # the returned item and the unreported one
    assert Snapshot.objects.filter(period_start=date(2026, 11, 1), is_published=True).exists()
    assert QuarterScore.objects.filter(year=2026, quarter=3, unit_class="county").count() == 2
    from fazhi.supervision.models import DataReport

    assert {"approved", "partly", "returned", "submitted"} <= set(DataReport.objects.values_list("state", flat=True))
    # 兴义市's 提示函 fell due 2026-07-27 and was answered 07-20: on time in July
    july = Snapshot.objects.get(period_start=date(2026, 7, 1), region=org.xingyi, agency=None,
                                indicator_code="supervision.rectification_on_time_rate")
    assert (july.numerator, july.denominator, july.band) == (1, 1, "green")
    assert Snapshot.objects.get(period_start=date(2026, 7, 1), region=org.anlong,
                                indicator_code="supervision.rectification_on_time_rate").band == "red"


def test_rectification_rate_counts_the_deadline_day_as_on_time(org, db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    CST = ZoneInfo("Asia/Shanghai")

    def letter(due, answered):
        return Letter.objects.create(kind="tip", state="answered", region=org.xingyi, agency=org.xingyi_gov,
                                     region_path=org.xingyi.region_path, rule="t", problems="p", due_on=due,
                                     answered_at=answered)

    letter(date(2026, 7, 27), datetime(2026, 7, 27, 17, 0, tzinfo=CST))  # on the last day: on time
    letter(date(2026, 7, 27), datetime(2026, 7, 28, 9, 0, tzinfo=CST))  # a day late
    letter(date(2026, 7, 31), None)  # not answered
    letter(date(2026, 8, 3), None)  # due next month: not in July's base
    fig = rectification_on_time_rate(org.xingyi, Period.month(2026, 7))
    assert (fig.numerator, fig.denominator, fig.value) == (1, 3, D("0.3333"))
    assert rectification_on_time_rate(org.anlong, Period.month(2026, 7)).value is None
