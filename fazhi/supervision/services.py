"""督促问效 services: monthly monitoring with versioned snapshots, publication, quarterly scores."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import audit, indicators
from fazhi.core.errors import ServiceError
from fazhi.core.indicators import Period

from . import rules
from .base import _require, active_scheme, leaves, units_of_class  # noqa: F401  (re-exported)
from .choices import SourceKind, UnitClass
from .models import IndicatorNode, MonitoringRun, QuarterScore, Scheme, ScoreInput, Snapshot

# ---------------------------------------------------------------- 月监测


def _dec(v):
    return None if v is None else Decimal(str(v))


def compute_period(*, actor, period: Period, reason: str = "", scheme: Scheme | None = None,
                   publish: bool | None = None) -> MonitoringRun:
    """Compute every computed indicator of the scheme for every applicable unit for a closed period.

    The first computation of a period is published at once; a recomputation needs a reason, is
    recorded (audit) and stored as a new version *unpublished*: the published figure stays until staff
    publish the new version (``publish_run``)."""
    _require(actor)
    today = timezone.localdate()
    if period.end >= today:
        raise ServiceError(f"{period.label}尚未结束（截至{period.end:%Y年%m月%d日}），不能计算。")
    scheme = scheme or active_scheme(period.start.year)
    with transaction.atomic():
        # serialise runs of one period: lock the scheme row
        Scheme.objects.select_for_update().filter(pk=scheme.pk).values_list("pk", flat=True).get()
        previous = (MonitoringRun.objects.filter(scheme=scheme, period_kind=period.kind, period_start=period.start)
                    .aggregate(v=Max("version"))["v"])
        if previous and not reason.strip():
            raise ServiceError(f"{period.label}已计算过，重算须说明理由。")
        version = (previous or 0) + 1
        publish = (previous is None) if publish is None else publish
        now = timezone.now()
        run = MonitoringRun.objects.create(
            period_kind=period.kind, period_start=period.start, period_end=period.end, version=version,
            scheme=scheme, started_at=now, actor=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason.strip(), is_published=publish)
        rows, missing = [], set()
        units_cache = {}
        for node in leaves(scheme):
            if node.source != SourceKind.COMPUTED or not node.indicator_code:
                continue
            if node.period_type not in ("month", period.kind) and period.kind == "month":
                continue
            try:
                ind = indicators.get(node.indicator_code)
            except KeyError:
                missing.add(node.indicator_code)
                continue
            for unit_class in node.unit_classes:
                if unit_class not in units_cache:
                    units_cache[unit_class] = units_of_class(unit_class)
                pairs = [(region, agency) for region, agency in units_cache[unit_class]
                         if indicators.unit_kind(agency if agency is not None else region) in ind.unit_kinds]
                # every unit of the class at once: the indicator's grouped query where it has one
                figures = indicators.evaluate(ind, [a if a is not None else r for r, a in pairs], period)
                for region, agency in pairs:
                    fig = figures[agency if agency is not None else region]
                    rows.append(Snapshot(
                        node=node, indicator_code=ind.code, region=region, agency=agency, period_kind=period.kind,
                        period_start=period.start, period_end=period.end, version=version, is_published=publish,
                        value=_dec(fig.value), numerator=_dec(fig.numerator), denominator=_dec(fig.denominator),
                        base=(fig.base or ind.base)[:200], note=fig.note[:200],
                        band=rules.band(fig.value, node.direction, node.green, node.yellow),
                        computed_at=now, run=run))
        Snapshot.objects.bulk_create(rows, batch_size=500)
        if publish and previous:
            Snapshot.objects.filter(run__scheme=scheme, period_kind=period.kind, period_start=period.start,
                                    is_published=True).exclude(run=run).update(is_published=False)
            MonitoringRun.objects.filter(scheme=scheme, period_kind=period.kind, period_start=period.start,
                                         is_published=True).exclude(pk=run.pk).update(is_published=False)
        run.finished_at = timezone.now()
        run.snapshot_count = len(rows)
        run.save(update_fields=["finished_at", "snapshot_count"])
        audit.record(actor=actor, action="supervision.compute" if version == 1 else "supervision.recompute",
                     obj=run, object_repr=f"{period.label}监测（第{version}版）",
                     after={"version": version, "snapshots": len(rows), "published": publish,
                            "reason": run.reason, "unregistered": sorted(missing)})
    run.unregistered = sorted(missing)
    return run


def publish_run(*, actor, run: MonitoringRun, reason: str) -> MonitoringRun:
    """Publish a recomputed version in place of the published one (recorded with the reason)."""
    _require(actor)
    if not reason.strip():
        raise ServiceError("发布重算结果须说明理由。")
    with transaction.atomic():
        run = MonitoringRun.objects.select_for_update().get(pk=run.pk)
        if run.is_published:
            raise ServiceError("该版本已是发布版本。")
        old = MonitoringRun.objects.filter(scheme=run.scheme, period_kind=run.period_kind,
                                           period_start=run.period_start, is_published=True).first()
        Snapshot.objects.filter(run__scheme=run.scheme, period_kind=run.period_kind, period_start=run.period_start,
                                is_published=True).update(is_published=False)
        MonitoringRun.objects.filter(pk=old.pk if old else None).update(is_published=False)
        run.is_published = True
        run.save(update_fields=["is_published"])
        run.snapshots.update(is_published=True)
        audit.record(actor=actor, action="supervision.publish", obj=run,
                     object_repr=f"发布{run.period_start:%Y年%m月}监测第{run.version}版",
                     before={"published_version": old.version if old else None},
                     after={"published_version": run.version, "reason": reason.strip()})
    return run


def last_closed_month(today) -> Period:
    y, m = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return Period.month(y, m)


def monthly_job(today=None) -> dict:
    """月监测 (django-q, daily): on the first working day of a month compute the month just ended, once.

    Safe to run every day and twice: it acts only on the month's first working day and only when the
    month has no run yet."""
    from fazhi.core import workdays

    today = today or timezone.localdate()
    first = today.replace(day=1)
    while not workdays.is_working_day(first):
        first = first.fromordinal(first.toordinal() + 1)
    if today != first:
        return {"skipped": f"{today} 不是本月第一个工作日（{first}）"}
    period = last_closed_month(today)
    try:
        scheme = active_scheme(period.start.year)
    except ServiceError as e:
        return {"skipped": str(e)}
    if MonitoringRun.objects.filter(scheme=scheme, period_kind="month", period_start=period.start).exists():
        return {"skipped": f"{period.label}已计算"}
    run = compute_period(actor=None, period=period, scheme=scheme)
    from .reporting import open_reports

    opened = open_reports(actor=None, period=period, scheme=scheme)
    if period.start.month % 3 == 0:
        opened += open_reports(actor=None, period=Period.quarter(period.start.year, period.start.month // 3),
                               scheme=scheme)
    return {"period": period.label, "snapshots": run.snapshot_count, "unregistered": run.unregistered,
            "reports_opened": opened}


# ---------------------------------------------------------------- 季评估


def _measured_for_quarter(node, region, agency, period: Period):
    """The input of a node's rule for one unit and quarter: the registered indicator over the quarter."""
    if node.source != SourceKind.COMPUTED or not node.indicator_code:
        return None, None
    try:
        ind = indicators.get(node.indicator_code)
    except KeyError:
        return None, None
    unit = agency if agency is not None else region
    if indicators.unit_kind(unit) not in ind.unit_kinds:
        return None, None  # measured for another kind of unit (e.g. by region only): nothing for this one
    fig = ind(unit, period)
    return fig.value, fig


def quarter_scores(*, actor, year: int, quarter: int, unit_class: str, scheme: Scheme | None = None,
                   manual: dict | None = None) -> list[QuarterScore]:
    """Score every unit of a class for a quarter and rank them (ties share a rank), with the trend.

    ``manual`` maps (node code, unit key) → the measured input of reported/scored nodes (counts,
    flags, assessors' scores); a reported or scored node without input scores nothing and says so."""
    _require(actor)
    period = Period.quarter(year, quarter)
    if QuarterScore.objects.filter(unit_class=unit_class, year=year, quarter=quarter,
                                   published_at__isnull=False).exists():
        raise ServiceError(f"{period.label}{UnitClass(unit_class).label}排名已发布，不能重新计分。")
    if period.end >= timezone.localdate():
        raise ServiceError(f"{period.label}尚未结束，不能评估。")
    scheme = scheme or active_scheme(year)
    from .reporting import approved_values

    entered = approved_values(scheme, year, quarter)  # 单位填报, approved at every level
    entered.update({(i.node.code, i.agency_id if i.agency_id else i.region.code): i.value for i in
                    ScoreInput.objects.filter(node__scheme=scheme, year=year, quarter=quarter)
                    .select_related("node", "region")})
    manual = {**entered, **(manual or {})}
    nodes = [n for n in leaves(scheme) if unit_class in n.unit_classes and n.rule]
    prev = Period.quarter(year, quarter - 1) if quarter > 1 else Period.quarter(year - 1, 4)
    prev_scores = {(s.region_id, s.agency_id): s for s in QuarterScore.objects.filter(
        unit_class=unit_class, year=prev.start.year, quarter=(prev.start.month - 1) // 3 + 1)}
    results = []
    for region, agency in units_of_class(unit_class):
        key = agency.pk if agency is not None else region.code
        total, caps, detail = Decimal("0"), [], []
        for node in nodes:
            if node.source == SourceKind.COMPUTED:
                measured, fig = _measured_for_quarter(node, region, agency, period)
            else:
                measured, fig = manual.get((node.code, key)), None
                if measured is None and node.rule not in ("bonus", "veto"):
                    # Nothing reported or scored: no points (a missing report never earns full marks);
                    # for a bonus or a veto no input means no event.
                    detail.append({"node": node.number, "name": node.name, "points": "0.00", "note": "未报送"})
                    continue
                if measured is None:
                    measured = 0
            res = rules.apply(node.rule, measured, node.rule_params)
            total += res.points
            if res.grade_cap:
                caps.append(res.grade_cap)
            detail.append({"node": node.number, "name": node.name, "points": str(res.points), "note": res.note,
                           "value": None if fig is None or fig.value is None else str(fig.value),
                           "numerator": None if fig is None else fig.numerator and str(fig.numerator),
                           "denominator": None if fig is None else fig.denominator and str(fig.denominator),
                           "base": "" if fig is None else fig.base, "grade_cap": res.grade_cap})
        results.append((region, agency, rules.q(total), rules.grade(total, caps), detail))
    ranked = sorted(results, key=lambda r: -r[2])
    now = timezone.now()
    out = []
    with transaction.atomic():
        QuarterScore.objects.filter(scheme=scheme, unit_class=unit_class, year=year, quarter=quarter).delete()
        position, last_total = 0, None
        for i, (region, agency, total, grade, detail) in enumerate(ranked, start=1):
            if total != last_total:
                position, last_total = i, total
            before = prev_scores.get((region.pk, agency.pk if agency else None))
            out.append(QuarterScore(
                scheme=scheme, unit_class=unit_class, region=region, agency=agency, region_path=region.region_path,
                year=year, quarter=quarter, total=total, grade=grade, rank=position,
                previous_rank=before.rank if before else None, previous_total=before.total if before else None,
                detail=detail, computed_at=now))
        QuarterScore.objects.bulk_create(out)
        audit.record(actor=actor, action="supervision.quarter_scores", object_type="supervision.quarterscore",
                     object_id=f"{year}Q{quarter}:{unit_class}",
                     object_repr=f"{period.label}{UnitClass(unit_class).label}评估",
                     after={"units": len(out), "scheme": scheme.pk})
    return out


# ---------------------------------------------------------------- red-band streaks (letter proposals)


def red_streaks(*, period: Period, months: int = 2) -> list[tuple]:
    """(node, region, agency, [snapshots]) for every published indicator red ``months`` months running,
    ending with ``period`` — the rule that proposes a 提示函."""
    periods = [period]
    for _ in range(months - 1):
        periods.append(periods[-1].previous())
    starts = [p.start for p in periods]
    snaps = (Snapshot.objects.filter(period_kind="month", period_start__in=starts, is_published=True)
             .select_related("node", "region", "agency"))
    by_key = defaultdict(list)
    for s in snaps:
        by_key[(s.node_id, s.region_id, s.agency_id)].append(s)
    out = []
    for (_, _, _), items in by_key.items():
        if len(items) == months and all(s.band == "red" for s in items):
            items.sort(key=lambda s: s.period_start)
            out.append((items[0].node, items[0].region, items[0].agency, items))
    return out


def publish_scores(*, actor, year: int, quarter: int, unit_class: str) -> int:
    """Publish a quarter's ranking of a class: from then on every unit sees it, and it is frozen."""
    _require(actor)
    with transaction.atomic():
        qs = QuarterScore.objects.select_for_update().filter(unit_class=unit_class, year=year, quarter=quarter)
        rows = list(qs)
        if not rows:
            raise ServiceError("该季度尚未计分。")
        if any(r.published_at for r in rows):
            raise ServiceError("该季度排名已发布。")
        now = timezone.now()
        QuarterScore.objects.filter(pk__in=[r.pk for r in rows]).update(published_at=now)
        audit.record(actor=actor, action="supervision.publish_scores", object_type="supervision.quarterscore",
                     object_id=f"{year}Q{quarter}:{unit_class}",
                     object_repr=f"发布{year}年第{quarter}季度{UnitClass(unit_class).label}排名",
                     after={"units": len(rows)})
    return len(rows)


def enter_input(*, actor, node: IndicatorNode, region, agency, year: int, quarter: int, value, evidence: str
                ) -> ScoreInput:
    """Enter (or correct) a reported or scored input for one unit and quarter; refused when the node is
    computed, the value does not fit the node's rule, or the evidence is missing. Audited with before/after."""
    _require(actor)
    if node.source == SourceKind.COMPUTED:
        raise ServiceError(f"“{node.name}”由系统计算，不能手工录入。")
    if not node.rule:
        raise ServiceError(f"“{node.name}”没有计分规则。")
    if quarter not in (1, 2, 3, 4):
        raise ServiceError("季度应为1至4。")
    if not (evidence or "").strip():
        raise ServiceError("请填写依据材料。")
    val = rules.D(value, "填报值")
    if node.rule in ("deduction", "bonus", "rank") and (val != val.to_integral_value() or val < 0):
        raise ServiceError("次数或名次应为非负整数。")
    rules.apply(node.rule, int(val) if node.rule in ("deduction", "bonus", "rank") else val, node.rule_params)
    with transaction.atomic():
        row = ScoreInput.objects.select_for_update().filter(node=node, region=region, agency=agency, year=year,
                                                           quarter=quarter).first()
        before = {"value": str(row.value), "evidence": row.evidence} if row else None
        if row is None:
            row = ScoreInput(node=node, region=region, agency=agency, year=year, quarter=quarter)
        row.value, row.evidence = val, evidence.strip()
        row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        row.save()
        audit.record(actor=actor, action="supervision.enter_input", obj=row,
                     object_repr=f"{node.number} {node.name}：{year}年第{quarter}季度", before=before,
                     after={"value": str(val), "evidence": row.evidence})
    return row
