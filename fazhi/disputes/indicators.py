"""Rates of the module, registered in the core indicator registry: numerator, denominator and base.

败诉率 (行政诉讼): the base is the setting FAZHI_DISPUTES_LOSS_RATE_BASE — "concluded" (全部审结的一审案件,
Guizhou's practice, default) or "judgments" (作出判决的一审案件, the SPC's). Withdrawal after the agency
changed its act (行政诉讼法 第六十二条) is a hidden loss, counted as lost when
FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS is on (default).
"""

from fazhi.core import indicators
from fazhi.core.indicators import HIGHER, LOWER, RATE, Figure, Indicator, Period, unit_q

from . import rules
from .choices import HIDDEN_LOSS, JUDGMENTS, LOSS_JUDGMENTS, Instance, LitState, LossBase
from .models import Committee, Litigation


def loss_rate_records(unit, period: Period, base: str | None = None):
    """The cases in the denominator (the drill-down shows which cases count)."""
    base = base or rules.loss_rate_base()
    qs = Litigation.objects.filter(unit_q(unit), instance=Instance.FIRST, state=LitState.CLOSED,
                                   closed_on__gte=period.start, closed_on__lte=period.end)
    if base == LossBase.JUDGMENTS:
        qs = qs.filter(closure__in=JUDGMENTS)
    return qs.select_related("agency").order_by("closed_on", "id")


def lost_closures(base: str | None = None) -> tuple:
    base = base or rules.loss_rate_base()
    lost = tuple(LOSS_JUDGMENTS)
    if rules.hidden_loss_counts() and base != LossBase.JUDGMENTS:
        lost += tuple(HIDDEN_LOSS)
    return lost


def loss_rate(unit, period: Period, base: str | None = None) -> Figure:
    base = base or rules.loss_rate_base()
    rows = loss_rate_records(unit, period, base)
    denominator = rows.count()
    numerator = rows.filter(closure__in=lost_closures(base)).count()
    note = "含被告改变行政行为后原告撤诉（隐性败诉）" if HIDDEN_LOSS[0] in lost_closures(base) else ""
    return Figure.rate(numerator, denominator, LossBase(base).label, note)


LOSS_RATE = Indicator(code="disputes.litigation_loss_rate", name="行政诉讼败诉率", module="disputes", unit=RATE,
                      direction=LOWER, base="审结的一审案件（口径由设置 FAZHI_DISPUTES_LOSS_RATE_BASE 确定）",
                      compute=loss_rate, records=loss_rate_records, source="行政诉讼法第七十条至第七十八条")


def _region(unit):
    return unit.region if indicators.unit_kind(unit) == "agency" else unit


def coverage_records(unit, period: Period):
    """The villages (村居) of the unit: the denominator of the coverage rate."""
    from fazhi.core.choices import RegionLevel
    from fazhi.core.models import Region

    region = _region(unit)
    return Region.objects.filter(region_path__startswith=region.region_path, level=RegionLevel.VILLAGE,
                                 is_active=True).order_by("region_path")


def fulltime_coverage(unit, period: Period) -> Figure:
    """Share of villages with at least one full-time mediator in a village committee, against the
    configured target (FAZHI_DISPUTES_FULLTIME_TARGET, default 20% — a local target [U])."""
    villages = coverage_records(unit, period)
    denominator = villages.count()
    covered = (Committee.objects.filter(region__in=villages, is_active=True, mediators__kind="full",
                                        mediators__is_active=True).values("region_id").distinct().count())
    target = rules.fulltime_target()
    return Figure.rate(covered, denominator, "辖区村（居）数", f"目标 {target:.0%}（设置 FAZHI_DISPUTES_FULLTIME_TARGET）")


COVERAGE = Indicator(code="disputes.village_fulltime_mediator_coverage", name="村（居）专职人民调解员配备率",
                     module="disputes", unit=RATE, direction=HIGHER, base="辖区村（居）数",
                     compute=fulltime_coverage, records=coverage_records, source="人民调解法第八条；本地目标")


def register_all():
    indicators.register(LOSS_RATE)
    indicators.register(COVERAGE)
