"""The working-day calendar: 法定节假日 and 调休 days, and the date arithmetic of statutory periods.

The table ``CalendarDay`` holds the days set apart from the Monday–Friday rule; ``CalendarYear`` says
which years are fully known. Both are seeded from the ``chinese-calendar`` package (2004–2026) and
edited by the administrator for later years. A result that looks at a day of a year the calendar does
not know is computed on the Monday–Friday rule and returned with ``provisional=True`` and a warning:
never a silent guess.

Conventions (the start day is never counted — 民法典 第二百零一条):
- ``add_working_days(start, n)``: the n-th working day after ``start``. For ``n == 0`` the result is
  ``start`` itself when it is a working day, otherwise the next working day (a period of zero days
  ends on the day it starts, and a period may not end on a rest day).
- ``working_days_between(a, b)``: the working days in (a, b]; negative (−count of (b, a]) when b < a.
- ``add_days_statutory(start, n, unit)``: calendar days or months, ending on the corresponding day
  (or the month's last day), rolled forward to the next working day when that day is a rest day.

Computations never query per day: the exception days are loaded once per process and reused while a
cheap version query (counts and latest change of both tables) says they are unchanged; the edit
services (``core.calendar_admin``) drop the cache themselves.
"""

from __future__ import annotations

import datetime
import threading
from calendar import monthrange
from dataclasses import dataclass, field

from django.db.models import Count, Max

from .choices import PeriodUnit
from .errors import ServiceError
from .models import CalendarDay, CalendarYear

ONE_DAY = datetime.timedelta(days=1)
MAX_DAYS = 3650  # longest period accepted, in calendar or working days (the API uses the same bound)
MAX_MONTHS = 120
MIN_YEAR, MAX_YEAR = 1900, 2200
WEEKDAYS = "一二三四五六日"

# chinese-calendar names its holidays in English; users read the official Chinese names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
PACKAGE_SOURCE = "chinese-calendar"
ADMIN_SOURCE = "管理员录入"


@dataclass
class CalendarResult:
    """A computed date; ``steps`` explain it in Chinese, ``warnings`` say why it may be provisional."""

    date: datetime.date
    provisional: bool
    warnings: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


@dataclass
class CountResult:
    days: int
    provisional: bool
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the cached calendar


@dataclass(frozen=True)
class Calendar:
    """An immutable snapshot of the calendar tables."""

    version: tuple
    days: dict  # date → (is_working, name)
    years: frozenset

    def is_working(self, d: datetime.date) -> bool:
        entry = self.days.get(d)
        if entry is not None:
            return entry[0]
        return d.weekday() < 5

    def name(self, d: datetime.date) -> str:
        entry = self.days.get(d)
        return entry[1] if entry is not None else ""

    def unknown_years(self, first: datetime.date, last: datetime.date) -> list[int]:
        if last < first:
            first, last = last, first
        return [y for y in range(first.year, last.year + 1) if y not in self.years]


_cache: Calendar | None = None
_cache_lock = threading.Lock()


def _version() -> tuple:
    days = CalendarDay.objects.order_by().aggregate(n=Count("id"), i=Max("id"), u=Max("updated_at"))
    years = CalendarYear.objects.order_by().aggregate(n=Count("id"), i=Max("id"), u=Max("updated_at"))
    return (days["n"], days["i"], days["u"], years["n"], years["i"], years["u"])


def current_calendar() -> Calendar:
    """The calendar snapshot, reloaded only when the tables changed (two aggregate queries per call)."""
    global _cache
    version = _version()
    snapshot = _cache
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _cache_lock:
        days = {d: (w, n) for d, w, n in CalendarDay.objects.values_list("date", "is_working", "name")}
        years = frozenset(CalendarYear.objects.values_list("year", flat=True))
        snapshot = Calendar(version=version, days=days, years=years)
        _cache = snapshot
    return snapshot


def invalidate_cache() -> None:
    global _cache
    _cache = None


# ---------------------------------------------------------------- validation


def check_date(value, field_name: str = "date") -> datetime.date:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ServiceError(field_errors={field_name: ["请提供有效的日期（年-月-日）。"]})
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ServiceError(field_errors={field_name: [f"日期应在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间。"]})
    return value


def check_count(value, field_name: str, maximum: int, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(field_errors={field_name: ["期间必须是整数。"]})
    if value < minimum:
        message = "期间不能为负数。" if minimum == 0 else f"期间至少为 {minimum}。"
        raise ServiceError(field_errors={field_name: [message]})
    if value > maximum:
        raise ServiceError(field_errors={field_name: [f"期间过长：最多 {maximum}。"]})
    return value


def check_unit(unit, field_name: str = "unit") -> str:
    if unit not in PeriodUnit.values:
        labels = "、".join(f"{v}（{label}）" for v, label in PeriodUnit.choices)
        raise ServiceError(field_errors={field_name: [f"期间单位无效，可选：{labels}。"]})
    return unit


# ---------------------------------------------------------------- wording


def fmt(d: datetime.date) -> str:
    return f"{d.isoformat()}（星期{WEEKDAYS[d.weekday()]}）"


def _rest_label(name: str) -> str:
    return name if ("放假" in name or "休" in name) else f"{name}放假"


def _work_label(name: str) -> str:
    return name if ("调休" in name or "上班" in name) else f"{name}调休上班"


def year_warnings(years: list[int]) -> list[str]:
    return [
        f"日历尚未录入 {y} 年的法定节假日和调休安排，该年按“周一至周五为工作日”推算，结果为暂定；"
        f"管理员录入并登记该年度后，系统将自动重新计算。"
        for y in years
    ]


def describe_span(cal: Calendar, first: datetime.date, last: datetime.date, counting: bool = True) -> list[str]:
    """Name the holidays, 调休 working days and ordinary weekends in [first, last].

    ``counting``: the span is being counted in working days (say what is not counted)."""
    tail = "，不计工作日" if counting else ""
    steps: list[str] = []
    weekends = 0
    run_name, run_start, run_end = None, None, None

    def close_run():
        if run_name is None:
            return
        span = run_start.isoformat() if run_start == run_end else f"{run_start.isoformat()} 至 {run_end.isoformat()}"
        steps.append(f"{span} {_rest_label(run_name)}{tail}")

    d = first
    while d <= last:
        entry = cal.days.get(d)
        if entry is not None and not entry[0] and entry[1]:
            if run_name == entry[1] and run_end == d - ONE_DAY:
                run_end = d
            else:
                close_run()
                run_name, run_start, run_end = entry[1], d, d
        else:
            close_run()
            run_name = None
            if entry is not None and entry[0]:
                if d.weekday() >= 5:
                    steps.append(f"{fmt(d)}为{_work_label(entry[1] or '')}日，计为工作日")
            elif not cal.is_working(d):
                weekends += 1
        d += ONE_DAY
    close_run()
    if weekends:
        steps.append(f"其间另有 {weekends} 个休息日（周六、周日）{tail}")
    return steps


# ---------------------------------------------------------------- the arithmetic on a snapshot


def _next_working(cal: Calendar, d: datetime.date) -> datetime.date:
    while not cal.is_working(d):
        d += ONE_DAY
    return d


def roll_forward(cal: Calendar, last_day: datetime.date) -> tuple[datetime.date, list[str]]:
    """民法典 第二百零三条: a period whose last day is a 法定休假日 ends on the day after it ends.
    休假日 here includes the weekly rest days, as courts and 行政机关 read the article."""
    if cal.is_working(last_day):
        name = cal.name(last_day)
        what = f"{_work_label(name)}日" if name and last_day.weekday() >= 5 else "工作日"
        return last_day, [f"{fmt(last_day)}为{what}，即为届满日"]
    due = _next_working(cal, last_day)
    why = cal.name(last_day)
    what = f"{_rest_label(why)}日" if why else "休息日"
    steps = [f"{fmt(last_day)}为{what}"]
    steps += describe_span(cal, last_day, due - ONE_DAY, counting=False)
    steps.append(f"依民法典第二百零三条，期间最后一日为休假日的，顺延至休假日结束的次日 {fmt(due)}，即为届满日")
    return due, steps


def _working(cal: Calendar, start: datetime.date, n: int) -> tuple[CalendarResult, datetime.date]:
    if n == 0:
        due = _next_working(cal, start)
        if due == start:
            steps = [f"期间为 0 个工作日，起算日 {fmt(start)}为工作日，即为届满日"]
        else:
            steps = [f"期间为 0 个工作日，起算日 {fmt(start)}不是工作日"]
            steps += describe_span(cal, start, due - ONE_DAY, counting=False)
            steps.append(f"顺延至其后第一个工作日 {fmt(due)}，即为届满日")
        first = start
    else:
        d, counted = start, 0
        while counted < n:
            d += ONE_DAY
            if cal.is_working(d):
                counted += 1
        due, first = d, start + ONE_DAY
        steps = [f"起算日 {fmt(start)}，当日不计入（民法典第二百零一条），自次日起计算 {n} 个工作日"]
        steps += describe_span(cal, first, due)
        steps.append(f"第 {n} 个工作日为 {fmt(due)}，即为届满日")
    unknown = cal.unknown_years(first, due)
    return CalendarResult(due, bool(unknown), year_warnings(unknown), steps), due


def _calendar_days(cal: Calendar, start: datetime.date, n: int) -> tuple[CalendarResult, datetime.date]:
    last_day = start + datetime.timedelta(days=n)
    # 民法典 第二百零一条: 开始的当日不计入，自下一日开始计算。
    steps = [f"起算日 {fmt(start)}，当日不计入（民法典第二百零一条），自 {(start + ONE_DAY).isoformat()} 起计算 "
             f"{n} 日，期间最后一日为 {fmt(last_day)}"]
    due, rolled = roll_forward(cal, last_day)
    unknown = cal.unknown_years(last_day, due)
    return CalendarResult(due, bool(unknown), year_warnings(unknown), steps + rolled), last_day


def add_months(start: datetime.date, n: int) -> tuple[datetime.date, bool]:
    """The corresponding day n months later, or the month's last day when there is none (and True)."""
    index = start.month - 1 + n
    year, month = start.year + index // 12, index % 12 + 1
    last = monthrange(year, month)[1]
    return datetime.date(year, month, min(start.day, last)), start.day > last


def _months(cal: Calendar, start: datetime.date, n: int) -> tuple[CalendarResult, datetime.date]:
    last_day, clipped = add_months(start, n)
    steps = [f"起算日 {fmt(start)}，当日不计入（民法典第二百零一条），期间为 {n} 个月"]
    # 民法典 第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。
    if clipped:
        steps.append(f"到期月没有对应日（{last_day.year}-{last_day.month:02d}-{start.day:02d}），"
                     f"以月末日 {fmt(last_day)}为期间最后一日（民法典第二百零二条）")
    else:
        steps.append(f"到期月的对应日 {fmt(last_day)}为期间最后一日（民法典第二百零二条）")
    due, rolled = roll_forward(cal, last_day)
    unknown = cal.unknown_years(last_day, due)
    return CalendarResult(due, bool(unknown), year_warnings(unknown), steps + rolled), last_day


def compute_on(cal: Calendar, start: datetime.date, period: int, unit: str) -> tuple[CalendarResult, datetime.date]:
    """Compute on a given snapshot; also return the period's last day before rolling forward
    (the day a pause shifts; equal to the due date for working-day periods)."""
    if unit == PeriodUnit.WORKING_DAYS:
        return _working(cal, start, period)
    if unit == PeriodUnit.MONTHS:
        return _months(cal, start, period)
    return _calendar_days(cal, start, period)


def count_on(cal: Calendar, a: datetime.date, b: datetime.date) -> int:
    """Working days in (a, b]; negative when b < a."""
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    count, d = 0, a + ONE_DAY
    while d <= b:
        if cal.is_working(d):
            count += 1
        d += ONE_DAY
    return sign * count


# ---------------------------------------------------------------- public computations


def is_working_day(d: datetime.date) -> bool:
    check_date(d)
    return current_calendar().is_working(d)


def known_years() -> set[int]:
    return set(current_calendar().years)


def add_working_days(start: datetime.date, n: int) -> CalendarResult:
    """The n-th working day after ``start`` (start not counted); n == 0: start, or the next working day."""
    check_date(start, "start")
    check_count(n, "days", MAX_DAYS)
    return _working(current_calendar(), start, n)[0]


def working_days_between(a: datetime.date, b: datetime.date) -> CountResult:
    """Working days in (a, b]; negative when b < a."""
    check_date(a, "start")
    check_date(b, "end")
    if abs((b - a).days) > MAX_DAYS * 2:
        raise ServiceError(field_errors={"end": [f"两个日期相距过远：最多 {MAX_DAYS * 2} 日。"]})
    cal = current_calendar()
    days = count_on(cal, a, b)
    unknown = cal.unknown_years(a + ONE_DAY, b) if b > a else (cal.unknown_years(b + ONE_DAY, a) if a > b else [])
    return CountResult(days, bool(unknown), year_warnings(unknown))


def add_days_statutory(start: datetime.date, n: int, unit: str = "calendar_days") -> CalendarResult:
    """A period in calendar days or months (民法典 第二百零一条至第二百零三条)."""
    check_date(start, "start")
    if unit == PeriodUnit.MONTHS:
        check_count(n, "months", MAX_MONTHS)
        return _months(current_calendar(), start, n)[0]
    if unit != PeriodUnit.CALENDAR_DAYS:
        raise ServiceError(field_errors={"unit": ["按自然日或月计算的期间，单位应为 calendar_days 或 months。"]})
    check_count(n, "days", MAX_DAYS)
    return _calendar_days(current_calendar(), start, n)[0]


def compute_due(start: datetime.date, period: int, unit: str) -> CalendarResult:
    check_unit(unit)
    if unit == PeriodUnit.WORKING_DAYS:
        return add_working_days(start, period)
    return add_days_statutory(start, period, unit)
