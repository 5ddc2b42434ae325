"""The working-day calendar: one year's 法定节假日 and 调休 days, the known years, and the edit forms.

Reading needs P.VIEW_ORG; editing needs P.MANAGE_CALENDAR and goes through the workdays services, which
also recompute open deadlines.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import calendar_admin, workdays
from ..errors import NotPermitted, ServiceError
from ..forms_admin import CalendarDayFilterSet, CalendarDayForm, CalendarYearForm
from ..models import CalendarDay, CalendarYear
from ..permissions import P, has_perm
from .common import ListSpec, Sort, list_page, require_perm

MIN_YEAR, MAX_YEAR = 2000, 2100
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


def _kind(day: CalendarDay) -> str:
    return "调休上班" if day.is_working else "放假"


CALENDAR_SPEC = ListSpec(
    filterset_class=CalendarDayFilterSet,
    sorts={"date": Sort("日期", ("date",))},
    default_sort="date",
    template="core/admin/calendar.html",
    table_template="core/admin/_calendar_table.html",
    export_filename="节假日与调休",
    export_title="节假日与调休",
    export_columns=[
        ("日期", lambda d: d.date),
        ("星期", lambda d: WEEKDAYS[d.date.weekday()]),
        ("名称", lambda d: d.name),
        ("类型", _kind),
    ],
)


def _year_of(request) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return min(max(year, MIN_YEAR), MAX_YEAR)


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("日期格式不正确。")


@login_required
@require_GET
def calendar(request):
    require_perm(request.user, P.VIEW_ORG, "您没有查看工作日历的权限。")
    year = _year_of(request)
    today = timezone.localdate()
    known = sorted(workdays.known_years())
    with_days = {d.year for d in CalendarDay.objects.dates("date", "year")}
    years = sorted(set(known) | with_days | {today.year - 1, today.year, today.year + 1, year})
    days = CalendarDay.objects.all()
    data = request.GET.copy()
    data["year"] = str(year)

    def prepare(form, request):
        form.fields["year"].choices = [(str(y), f"{y}年") for y in years]

    counts = {"holiday": 0, "working": 0}
    for is_working in days.filter(date__year=year).values_list("is_working", flat=True):
        counts["working" if is_working else "holiday"] += 1
    return list_page(request, CALENDAR_SPEC, days, data=data, prepare_filters=prepare, context={
        "year": year,
        "prev_year": year - 1 if year > MIN_YEAR else None,
        "following_year": year + 1 if year < MAX_YEAR else None,
        "known_years": known,
        "year_known": year in known,
        "year_record": CalendarYear.objects.filter(year=year).first(),
        "next_year": today.year + 1,
        "next_year_known": (today.year + 1) in known,
        "counts": counts,
        "can_edit": has_perm(request.user, P.MANAGE_CALENDAR),
    })


@login_required
def calendar_day_create(request):
    require_perm(request.user, P.MANAGE_CALENDAR, "您没有维护工作日历的权限。")
    initial = {}
    if request.GET.get("date"):
        try:
            initial["date"] = dt.date.fromisoformat(request.GET["date"])
        except ValueError:
            pass
    form = CalendarDayForm(request.POST if request.method == "POST" else None, initial=initial)
    return _save_day(request, form, existing=None)


@login_required
def calendar_day_edit(request, day):
    require_perm(request.user, P.MANAGE_CALENDAR, "您没有维护工作日历的权限。")
    existing = CalendarDay.objects.filter(date=_parse_day(day)).first()
    if existing is None:
        raise Http404("该日期不是节假日或调休日。")
    form = CalendarDayForm(request.POST if request.method == "POST" else None, fixed_date=existing.date,
                           initial={"is_working": "1" if existing.is_working else "0", "name": existing.name})
    return _save_day(request, form, existing=existing)


def _save_day(request, form, existing):
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        date = existing.date if existing is not None else data["date"]
        try:
            day = calendar_admin.calendar_day_set(actor=request.user, date=date, is_working=data["is_working"],
                                            name=data["name"])
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已保存 {day.date:%Y-%m-%d} {day.name}（{_kind(day)}），进行中的期限已按新日历重新计算。")
            return redirect(f"{_calendar_url()}?year={day.date.year}")
    return render(request, "core/admin/calendar_day_form.html", {"form": form, "existing": existing})


def _calendar_url() -> str:
    return reverse("core:calendar")


@login_required
@require_POST
def calendar_day_delete(request, day):
    require_perm(request.user, P.MANAGE_CALENDAR, "您没有维护工作日历的权限。")
    date = _parse_day(day)
    try:
        calendar_admin.calendar_day_delete(actor=request.user, date=date)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, f"未能删除：{exc.message}")
    else:
        messages.success(request, f"已删除 {date:%Y-%m-%d}，该日恢复按周一至周五上班计算。")
    return redirect(f"{_calendar_url()}?year={date.year}")


@login_required
def calendar_year_register(request):
    require_perm(request.user, P.MANAGE_CALENDAR, "您没有维护工作日历的权限。")
    initial = {}
    if request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"])
    form = CalendarYearForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = calendar_admin.calendar_year_register(actor=request.user, year=data["year"], note=data["note"])
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已登记 {record.year} 年的节假日安排；涉及该年的期限不再标为暂定。")
            return redirect(f"{_calendar_url()}?year={record.year}")
    return render(request, "core/admin/calendar_year_form.html", {"form": form})


@login_required
@require_POST
def calendar_year_unregister(request, year):
    """Withdraw a year's registration: its results become provisional again; the days stay."""
    require_perm(request.user, P.MANAGE_CALENDAR, "您没有维护工作日历的权限。")
    try:
        calendar_admin.calendar_year_unregister(actor=request.user, year=year)
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, f"未能撤销登记：{exc.message}")
    else:
        messages.success(request, f"已撤销 {year} 年的登记；涉及该年的期限重新标为暂定。")
    return redirect(f"{_calendar_url()}?year={year}")
