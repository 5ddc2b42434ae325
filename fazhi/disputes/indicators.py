"""Rates of the module, registered in the core indicator registry: numerator, denominator and base.

败诉率 (行政诉讼): the base is the setting FAZHI_DISPUTES_LOSS_RATE_BASE — "concluded" (全部审结的一审案件,
Guizhou's practice, default) or "judgments" (作出判决的一审案件, the SPC's). Withdrawal after the agency
changed its act (行政诉讼法 第六十二条) is a hidden loss, counted as lost when
FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS is on (default).
"""

from fazhi.core import indicators
from fazhi.core.indicators import LOWER, RATE, Figure, Indicator, Period, unit_q

from . import rules
from .choices import HIDDEN_LOSS, JUDGMENTS, LOSS_JUDGMENTS, Instance, LitState, LossBase
from .models import Litigation


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


def register_all():
    indicators.register(LOSS_RATE)
