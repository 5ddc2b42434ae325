"""月监测 on real 2026 dates: snapshots with numerator/denominator/base/band; recomputation versions."""

from datetime import date
from decimal import Decimal as D

import pytest

from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import Period
from fazhi.core.models import AuditEvent
from fazhi.supervision import services
from fazhi.supervision.models import MonitoringRun, Snapshot

from .conftest import at


def test_seed_scheme_is_a_numbered_unverified_tree(db):
    from fazhi.supervision.seed import seed_scheme

    s = seed_scheme(2026)
    assert not s.verified and all(n.unverified for n in s.nodes.all())
    n = s.nodes.get(number="2.1.1")
    assert n.level == 3 and n.parent.number == "2.1" and n.parent.parent.number == "2"
    assert n.source == "computed" and n.indicator_code == "documents.legality_review_rate"
    assert seed_scheme(2026) == s  # idempotent


def test_month_computes_every_unit_with_its_base(scheme, office, org, figures):
    figures[("兴义市", date(2026, 10, 1))] = (9, 10)
    figures[("安龙县", date(2026, 10, 1))] = (10, 10)
    with at(date(2026, 11, 2)):
        run = services.compute_period(actor=office, period=Period.month(2026, 10))
    assert run.version == 1 and run.is_published and run.unregistered == ["documents.nothing_yet"]
    snaps = {s.region.name: s for s in Snapshot.objects.filter(run=run)}
    assert set(snaps) == {"兴义市", "安龙县"}
    xy = snaps["兴义市"]
    assert (xy.value, xy.numerator, xy.denominator) == (D("0.9"), 9, 10)
    assert xy.base == "本期公布的规范性文件件数" and xy.band == "yellow" and xy.is_published
    assert snaps["安龙县"].band == "green"
    assert AuditEvent.objects.filter(action="supervision.compute").count() == 1


def test_nothing_to_measure_has_no_value_and_no_band(scheme, office, org):
    with at(date(2026, 11, 2)):
        run = services.compute_period(actor=office, period=Period.month(2026, 10))
    s = run.snapshots.first()
    assert s.value is None and s.denominator == 0 and s.band == ""


def test_an_open_month_is_refused(scheme, office):
    with at(date(2026, 10, 31), 23), pytest.raises(ServiceError, match="尚未结束"):
        services.compute_period(actor=office, period=Period.month(2026, 10))
    assert not MonitoringRun.objects.exists()


def test_a_county_cannot_run_monitoring(scheme, county_user):
    with at(date(2026, 11, 2)), pytest.raises(NotPermitted):
        services.compute_period(actor=county_user, period=Period.month(2026, 10))


def test_recompute_keeps_the_published_figure(scheme, office, org, figures):
    p = Period.month(2026, 10)
    figures[("兴义市", p.start)] = (9, 10)
    with at(date(2026, 11, 2)):
        first = services.compute_period(actor=office, period=p)
    figures[("兴义市", p.start)] = (10, 10)  # a late correction in the module
    with at(date(2026, 11, 5)):
        with pytest.raises(ServiceError, match="须说明理由"):
            services.compute_period(actor=office, period=p)
        second = services.compute_period(actor=office, period=p, reason="补录10月审核记录")
    assert second.version == 2 and not second.is_published
    published = Snapshot.objects.get(region=org.xingyi, period_start=p.start, is_published=True)
    assert published.run == first and published.value == D("0.9")  # untouched
    assert Snapshot.objects.filter(region=org.xingyi, period_start=p.start).count() == 2
    assert AuditEvent.objects.get(action="supervision.recompute").after["reason"] == "补录10月审核记录"
    with at(date(2026, 11, 6)):
        with pytest.raises(ServiceError, match="说明理由"):
            services.publish_run(actor=office, run=second, reason=" ")
        services.publish_run(actor=office, run=second, reason="经核实采用更正数据")
    published = Snapshot.objects.get(region=org.xingyi, period_start=p.start, is_published=True)
    assert published.run == second and published.value == D("1")
    first.refresh_from_db()
    assert not first.is_published
    assert Snapshot.objects.filter(run=first).count() == 2  # the old version is kept
    ev = AuditEvent.objects.get(action="supervision.publish")
    assert ev.before["published_version"] == 1 and ev.after["published_version"] == 2


def test_monthly_job_runs_on_the_first_working_day_only(scheme, org, calendar):  # noqa: F811
    # 2026-10-01..07 is 国庆节 (8 days off with 中秋节); the first working day of October 2026 is 10-08.
    from fazhi.core import workdays

    first = date(2026, 10, 1)
    while not workdays.is_working_day(first):
        first = date(2026, 10, first.day + 1)
    assert first == date(2026, 10, 8)
    for day in (date(2026, 10, 1), date(2026, 10, 7), date(2026, 10, 9)):
        with at(day):
            assert "不是本月第一个工作日" in services.monthly_job(day)["skipped"]
    with at(first):
        assert services.monthly_job(first)["period"] == "2026年9月"
        assert services.monthly_job(first)["skipped"] == "2026年9月已计算"  # twice is harmless
    assert MonitoringRun.objects.count() == 1


def test_command_reports_unregistered(scheme, office, capsys):
    from django.core.management import call_command

    with at(date(2026, 11, 2)):
        call_command("supervision_monitor", "2026-10")
    out = capsys.readouterr().out
    assert "第1版" in out and "documents.nothing_yet" in out
