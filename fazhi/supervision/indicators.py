"""Supervision's own computed indicator, registered in the core registry like any module's.

督促整改按期完成率: of the letters whose rectification deadline fell in the period, the share whose
rectification report was submitted on or before the deadline. Base: 本期整改期限届满的督促函件件数.
"""

from django.db.models import Count, F, Q

from fazhi.core import indicators
from fazhi.core.indicators import Figure, Indicator

BASE = "本期整改期限届满的督促函件件数"


def _letters(unit, period):
    from .models import Letter

    return Letter.objects.filter(indicators.unit_q(unit), due_on__gte=period.start, due_on__lte=period.end)


def rectification_on_time_rate(unit, period) -> Figure:
    agg = _letters(unit, period).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(answered_at__isnull=False, answered_at__date__lte=F("due_on"))))
    return Figure.rate(agg["on_time"], agg["due"], BASE)


RECTIFICATION_ON_TIME = Indicator(
    code="supervision.rectification_on_time_rate", name="督促整改按期完成率", module="supervision",
    unit=indicators.RATE, base=BASE, compute=rectification_on_time_rate, records=_letters,
    description="整改期限届满的督促函件中，于期限内报送整改报告的比例。", source="本模块督促函件台账")


TIMELY_BASE = "本期应报送的单位填报表份数"


def _reports(unit, period):
    from .models import DataReport

    return DataReport.objects.filter(indicators.unit_q(unit), period_start__gte=period.start,
                                     period_end__lte=period.end)


def report_timeliness_rate(unit, period) -> Figure:
    """Of the forms due in the period, the share first submitted within the timely days (a setting)."""
    agg = _reports(unit, period).aggregate(due=Count("pk"), on_time=Count("pk", filter=Q(timely=True)))
    return Figure.rate(agg["on_time"], agg["due"], TIMELY_BASE)


REPORT_TIMELINESS = Indicator(
    code="supervision.report_timeliness_rate", name="单位填报及时率", module="supervision",
    unit=indicators.RATE, base=TIMELY_BASE, compute=report_timeliness_rate, records=_reports,
    description="本期开放的填报表中，于期满后规定天数内首次报送的比例。", source="本模块单位填报")


def register() -> None:
    indicators.register(RECTIFICATION_ON_TIME)
    indicators.register(REPORT_TIMELINESS)
