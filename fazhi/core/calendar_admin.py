"""Administration of the working-day calendar: the 法定节假日 and 调休 days and the registered years.

Every edit drops the calendar cache and recomputes the open deadlines in the same transaction, so a
changed holiday moves every due date it touches. Kept apart from ``workdays`` (pure date arithmetic,
which ``deadlines`` builds on) so that the dependency runs one way: calendar_admin → deadlines → workdays.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from . import audit
from .deadlines import recompute_open
from .errors import NotPermitted, ServiceError
from .models import CalendarDay, CalendarYear
from .permissions import P, has_perm
from .workdays import (
    ADMIN_SOURCE,
    HOLIDAY_NAMES,
    MAX_YEAR,
    MIN_YEAR,
    PACKAGE_SOURCE,
    check_date,
    invalidate_cache,
)

# ---------------------------------------------------------------- administration


def _require(actor) -> None:
    if actor is not None and not has_perm(actor, P.MANAGE_CALENDAR):
        raise NotPermitted("只有工作日历管理员可以修改节假日安排。")


def _day_snapshot(day: CalendarDay) -> dict:
    return {"date": day.date.isoformat(), "is_working": day.is_working, "name": day.name}


def _after_change(actor) -> None:
    """Drop the cache and recompute open deadlines inside the same transaction."""
    invalidate_cache()
    recompute_open(actor=actor)


@transaction.atomic
def calendar_day_set(*, actor, date: datetime.date, is_working: bool, name: str) -> CalendarDay:
    """Mark a day as 放假 (is_working=False) or as a 调休 working day (is_working=True)."""
    _require(actor)
    check_date(date, "date")
    if not isinstance(is_working, bool):
        raise ServiceError(field_errors={"is_working": ["请选择该日是放假还是调休上班。"]})
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise ServiceError(field_errors={"name": ["请填写节日名称，如“国庆节”。"]})
    if len(name) > 40:
        raise ServiceError(field_errors={"name": ["名称最多 40 个字。"]})
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    before = _day_snapshot(day) if day else None
    if day is not None and day.is_working == is_working and day.name == name:
        return day
    if day is None:
        day = CalendarDay(date=date)
    day.is_working, day.name = is_working, name
    day.save()
    audit.record(actor=actor, action="core.calendar_day_set", obj=day, object_id=date.isoformat(),
                 before=before, after=_day_snapshot(day))
    _after_change(actor)
    return day


@transaction.atomic
def calendar_day_delete(*, actor, date: datetime.date) -> None:
    """Return a day to the Monday–Friday rule."""
    _require(actor)
    check_date(date, "date")
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    if day is None:
        raise ServiceError(field_errors={"date": [f"{date.isoformat()} 没有节假日或调休设置。"]})
    before = _day_snapshot(day)
    repr_ = str(day)
    day.delete()
    audit.record(actor=actor, action="core.calendar_day_delete", object_type="core.calendarday",
                 object_id=date.isoformat(), object_repr=repr_, before=before)
    _after_change(actor)


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ServiceError(field_errors={"year": [f"年度应为 {MIN_YEAR}–{MAX_YEAR} 之间的整数。"]})
    return year


@transaction.atomic
def calendar_year_register(*, actor, year: int, note: str = "") -> CalendarYear:
    """Declare a year's arrangement complete: its results stop being provisional.

    Refused while the year has no 放假 day at all (every year has at least 元旦): registering an
    empty year would turn the provisional Monday–Friday guess into a silent one.
    """
    _require(actor)
    _check_year(year)
    note = (note or "").strip() if isinstance(note, str) else ""
    if len(note) > 200:
        raise ServiceError(field_errors={"note": ["依据最多 200 个字。"]})
    if not CalendarDay.objects.filter(date__year=year, is_working=False).exists():
        raise ServiceError(field_errors={"year": [
            f"{year} 年还没有录入任何放假日。请先按国务院办公厅的放假通知录入该年的节假日和调休上班日，再登记年度。"]})
    entry = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = {"year": year, "source": entry.source, "note": entry.note} if entry else None
    if entry is not None and (not note or entry.note == note):
        return entry
    if entry is None:
        entry = CalendarYear(year=year, source=ADMIN_SOURCE)
    entry.note = note or entry.note
    entry.save()
    audit.record(actor=actor, action="core.calendar_year_register", obj=entry, before=before,
                 after={"year": year, "source": entry.source, "note": entry.note})
    _after_change(actor)
    return entry


@transaction.atomic
def calendar_year_unregister(*, actor, year: int) -> None:
    """Withdraw a registration (its results become provisional again); the days stay."""
    _require(actor)
    _check_year(year)
    entry = CalendarYear.objects.select_for_update().filter(year=year).first()
    if entry is None:
        raise ServiceError(field_errors={"year": [f"{year} 年尚未登记。"]})
    before = {"year": year, "source": entry.source, "note": entry.note}
    entry.delete()
    audit.record(actor=actor, action="core.calendar_year_unregister", object_type="core.calendaryear",
                 object_id=str(year), object_repr=f"{year}年", before=before)
    _after_change(actor)


def package_years() -> list[int]:
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})


@transaction.atomic
def seed_from_package(years: Iterable[int] | None = None) -> int:
    """Copy the package's days for ``years`` (default: all it knows); return how many days were added.

    Idempotent: days already in the table — including the administrator's edits — are kept.
    """
    import chinese_calendar

    available = package_years()
    wanted = sorted(set(available if years is None else years))
    missing = [y for y in wanted if y not in available]
    if missing:
        raise ServiceError(field_errors={"years": [
            f"chinese-calendar 不包含 {'、'.join(map(str, missing))} 年的安排（已知 {available[0]}–{available[-1]} 年）。"]})
    wanted_set = set(wanted)
    existing = set(CalendarDay.objects.filter(date__year__in=wanted).values_list("date", flat=True))
    new_days = []
    for source, is_working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for d, english in source.items():
            if d.year in wanted_set and d not in existing:
                new_days.append(CalendarDay(date=d, is_working=is_working, name=HOLIDAY_NAMES.get(english, english)))
    new_days.sort(key=lambda day: day.date)
    CalendarDay.objects.bulk_create(new_days)
    known = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    version = getattr(chinese_calendar, "__version__", "")
    new_years = [CalendarYear(year=y, source=f"{PACKAGE_SOURCE} {version}".strip(),
                              note="国务院办公厅关于部分节假日安排的通知（经 chinese-calendar 收录）")
                 for y in wanted if y not in known]
    CalendarYear.objects.bulk_create(new_years)
    if new_days or new_years:
        audit.record(actor=None, action="core.calendar_seed", object_type="core.calendaryear",
                     object_repr="法定节假日与调休（chinese-calendar）",
                     after={"years": [y.year for y in new_years], "days_added": len(new_days),
                            "days_years": sorted({day.date.year for day in new_days})})
        _after_change(None)
    return len(new_days)
