"""Rates of the module, registered in the core indicator registry: numerator, denominator and base.

败诉率 (行政诉讼): the base is the setting FAZHI_DISPUTES_LOSS_RATE_BASE — "concluded" (全部审结的一审案件,
Guizhou's practice, default) or "judgments" (作出判决的一审案件, the SPC's). Withdrawal after the agency
changed its act (行政诉讼法 第六十二条) is a hidden loss, counted as lost when
FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS is on (default).
"""

from fazhi.core import indicators
from fazhi.core.indicators import HIGHER, LOWER, RATE, Figure, Indicator, Period, unit_q

from . import rules
from .choices import (
    CORRECTING,
    HIDDEN_LOSS,
    JUDGMENTS,
    LOSS_JUDGMENTS,
    AppearanceBase,
    CorrectionBase,
    Instance,
    LitState,
    LossBase,
    MedState,
    RcDecision,
    RcState,
)
from .models import Committee, Litigation, MediationCase, Reconsideration


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


# ---------------------------------------------------------------- 出庭应诉率 (行政诉讼法 第三条第三款)


def appearance_records(unit, period: Period, base: str | None = None):
    """Heard cases (开庭日 in the period); with the base "required" only those where the head had to
    appear (出庭应诉规定 第四条). Base: setting FAZHI_DISPUTES_APPEARANCE_BASE."""
    base = base or rules.appearance_base()
    qs = Litigation.objects.filter(unit_q(unit), hearing_on__gte=period.start, hearing_on__lte=period.end)
    if base == AppearanceBase.REQUIRED:
        qs = qs.filter(head_required=True)
    return qs.select_related("agency").order_by("hearing_on", "id")


def appearance_rate(unit, period: Period, base: str | None = None) -> Figure:
    base = base or rules.appearance_base()
    rows = appearance_records(unit, period, base)
    return Figure.rate(rows.exclude(head_rank="").count(), rows.count(), AppearanceBase(base).label)


APPEARANCE_RATE = Indicator(code="disputes.head_appearance_rate", name="行政机关负责人出庭应诉率", module="disputes",
                            unit=RATE, direction=HIGHER,
                            base="开庭审理的案件（口径由设置 FAZHI_DISPUTES_APPEARANCE_BASE 确定）",
                            compute=appearance_rate, records=appearance_records,
                            source="行政诉讼法第三条第三款；出庭应诉规定第四条")


# ---------------------------------------------------------------- 行政复议纠错率


def correction_records(unit, period: Period, base: str | None = None):
    """Base (setting FAZHI_DISPUTES_CORRECTION_BASE): cases received in the period, cases concluded in
    it, or cases concluded with a substantive decision (第六十三条–第六十九条, not 调解/终止)."""
    base = base or rules.correction_base()
    qs = Reconsideration.objects.filter(unit_q(unit))
    if base == CorrectionBase.NEW:
        qs = qs.filter(received_on__gte=period.start, received_on__lte=period.end)
    else:
        qs = qs.filter(closed_on__gte=period.start, closed_on__lte=period.end,
                       state__in=[RcState.DECIDED, RcState.TERMINATED])
        if base == CorrectionBase.SUBSTANTIVE:
            qs = qs.filter(state=RcState.DECIDED).exclude(decision=RcDecision.MEDIATED)
    return qs.select_related("respondent").order_by("received_on", "id")


def correction_rate(unit, period: Period, base: str | None = None) -> Figure:
    base = base or rules.correction_base()
    rows = correction_records(unit, period, base)
    return Figure.rate(rows.filter(decision__in=CORRECTING).count(), rows.count(), CorrectionBase(base).label,
                       "纠错：变更、撤销、部分撤销、确认违法、责令履行、确认无效")


CORRECTION_RATE = Indicator(code="disputes.reconsideration_correction_rate", name="行政复议纠错率",
                            module="disputes", unit=RATE, direction=LOWER,
                            base="行政复议案件（口径由设置 FAZHI_DISPUTES_CORRECTION_BASE 确定）",
                            compute=correction_rate, records=correction_records,
                            source="行政复议法第六十三条至第六十七条")


# ---------------------------------------------------------------- 人民调解成功率


def mediation_records(unit, period: Period):
    """Mediation cases concluded (结案日) in the period."""
    return (MediationCase.objects.filter(unit_q(unit), closed_on__gte=period.start, closed_on__lte=period.end)
            .select_related("committee").order_by("closed_on", "id"))


def mediation_success(unit, period: Period) -> Figure:
    rows = mediation_records(unit, period)
    return Figure.rate(rows.filter(state=MedState.SUCCESS).count(), rows.count(), "期内结案的调解案件")


MEDIATION_SUCCESS = Indicator(code="disputes.mediation_success_rate", name="人民调解成功率", module="disputes",
                              unit=RATE, direction=HIGHER, base="期内结案的调解案件", compute=mediation_success,
                              records=mediation_records, source="人民调解法第二十八条")


def register_all():
    indicators.register(LOSS_RATE)
    indicators.register(COVERAGE)
    indicators.register(APPEARANCE_RATE)
    indicators.register(CORRECTION_RATE)
    indicators.register(MEDIATION_SUCCESS)
