"""The working-day calendar on real 2025–2026 dates, and its administration."""

import datetime as dt

import chinese_calendar
import pytest
from django.core.management import call_command

from fazhi.core import workdays
from fazhi.core.calendar_admin import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_register,
    calendar_year_unregister,
    seed_from_package,
)
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import AuditEvent, CalendarDay, CalendarYear
from fazhi.core.workdays import (
    add_days_statutory,
    add_working_days,
    compute_due,
    is_working_day,
    known_years,
    working_days_between,
)

D = dt.date


# ---------------------------------------------------------------- 国庆 2026 and its 调休 Saturday


def test_one_working_day_after_30_september_2026_is_8_october(calendar):
    result = add_working_days(D(2026, 9, 30), 1)
    assert result.date == D(2026, 10, 8)
    assert not result.provisional and result.warnings == []
    assert "2026-10-01 至 2026-10-07 国庆节放假，不计工作日" in result.steps


def test_10_october_2026_is_a_working_saturday_and_the_holiday_saturday_is_not(calendar):
    assert is_working_day(D(2026, 10, 10))
    assert not is_working_day(D(2026, 10, 3))
    assert not is_working_day(D(2026, 10, 17))  # an ordinary Saturday
    assert is_working_day(D(2026, 9, 20))  # Sunday worked for 国庆


def test_counting_working_days_takes_the_tiaoxiu_saturday(calendar):
    result = add_working_days(D(2026, 10, 8), 2)
    assert result.date == D(2026, 10, 10)
    assert "2026-10-10（星期六）为国庆节调休上班日，计为工作日" in result.steps


def test_a_30_day_period_from_3_september_2026_ends_on_8_october(calendar):
    result = add_days_statutory(D(2026, 9, 3), 30)
    assert result.date == D(2026, 10, 8)
    text = "\n".join(result.steps)
    assert "期间最后一日为 2026-10-03（星期六）" in text
    assert "国庆节放假" in text and "第二百零三条" in text


def test_working_days_between_across_national_day(calendar):
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)).days == 3
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 30)).days == -3
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 1)).days == 0
    # September 2026: 22 weekdays, less 中秋 on Friday 25 September, plus Sunday 20 September worked.
    assert working_days_between(D(2026, 8, 31), D(2026, 9, 30)).days == 22


# ---------------------------------------------------------------- months (民法典 第二百零二条)


def test_one_month_from_31_january_2026_ends_on_28_february_a_working_saturday(calendar):
    result = add_days_statutory(D(2026, 1, 31), 1, "months")
    assert result.date == D(2026, 2, 28)  # no 31 February → month end; 28 February is a 春节 调休 Saturday
    text = "\n".join(result.steps)
    assert "到期月没有对应日" in text and "春节调休上班日" in text


def test_a_month_end_that_falls_on_a_sunday_rolls_to_the_next_working_day(calendar):
    result = add_days_statutory(D(2025, 10, 31), 1, "months")
    assert result.date == D(2025, 12, 1)  # 30 November 2025 is a Sunday


def test_the_corresponding_day_of_the_last_month_ends_a_month_period(calendar):
    assert add_days_statutory(D(2026, 3, 16), 2, "months").date == D(2026, 5, 18)  # 16 May is a Saturday
    assert add_days_statutory(D(2025, 12, 15), 3, "months").date == D(2026, 3, 16)  # 15 March is a Sunday


# ---------------------------------------------------------------- 春节 2026


def test_spring_festival_2026(calendar):
    assert is_working_day(D(2026, 2, 14))  # Saturday worked before the holiday
    assert not is_working_day(D(2026, 2, 16)) and not is_working_day(D(2026, 2, 23))
    result = add_working_days(D(2026, 2, 13), 5)
    assert result.date == D(2026, 2, 27)
    assert "2026-02-15 至 2026-02-23 春节放假，不计工作日" in result.steps
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)).days == 5
    assert add_days_statutory(D(2026, 2, 5), 10).date == D(2026, 2, 24)


def test_every_day_of_2025_and_2026_agrees_with_the_chinese_calendar_package(calendar):
    day = D(2025, 1, 1)
    while day.year < 2027:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


# ---------------------------------------------------------------- conventions and bad input


def test_zero_working_days_ends_on_the_start_or_the_next_working_day(calendar):
    assert add_working_days(D(2026, 10, 9), 0).date == D(2026, 10, 9)
    assert add_working_days(D(2026, 10, 1), 0).date == D(2026, 10, 8)


def test_compute_due_dispatches_on_the_unit(calendar):
    assert compute_due(D(2026, 9, 30), 1, "working_days").date == D(2026, 10, 8)
    assert compute_due(D(2026, 9, 3), 30, "calendar_days").date == D(2026, 10, 8)
    assert compute_due(D(2026, 1, 31), 1, "months").date == D(2026, 2, 28)


@pytest.mark.parametrize("call", [
    lambda: add_working_days(D(2026, 1, 5), -1),
    lambda: add_working_days(D(2026, 1, 5), 1.5),
    lambda: add_working_days(D(2026, 1, 5), True),
    lambda: add_working_days(D(2026, 1, 5), "3"),
    lambda: add_working_days(D(2026, 1, 5), 10**9),
    lambda: add_working_days(dt.datetime(2026, 1, 5, 9, 0), 3),  # noqa: DTZ001
    lambda: add_working_days("2026-01-05", 3),
    lambda: add_days_statutory(D(2026, 1, 5), 3, "weeks"),
    lambda: add_days_statutory(D(2026, 1, 5), -2, "months"),
    lambda: add_days_statutory(D(2026, 1, 5), 10**6, "months"),
    lambda: compute_due(D(2026, 1, 5), 3, "fortnights"),
    lambda: working_days_between(D(2026, 1, 5), D(9999, 1, 1)),
])
def test_bad_input_is_refused_with_a_chinese_message(calendar, call):
    with pytest.raises(ServiceError) as exc:
        call()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)


def test_computations_do_not_query_per_day(calendar, django_assert_max_num_queries):
    add_working_days(D(2026, 1, 5), 1)  # warm the cache
    for compute in (lambda: add_working_days(D(2025, 1, 2), 400), lambda: add_days_statutory(D(2025, 1, 2), 600),
                    lambda: working_days_between(D(2025, 1, 1), D(2026, 12, 31))):
        with django_assert_max_num_queries(2):  # the cheap version check only
            compute()


# ---------------------------------------------------------------- unknown years


def test_a_2027_date_is_provisional_with_a_warning(calendar):
    result = add_working_days(D(2026, 12, 20), 20)
    assert result.provisional
    assert result.date == D(2027, 1, 15)  # Monday–Friday rule in 2027
    assert "2027" in result.warnings[0] and "暂定" in result.warnings[0]
    assert 2027 not in known_years()
    assert working_days_between(D(2026, 12, 1), D(2027, 1, 5)).provisional
    assert add_days_statutory(D(2026, 11, 30), 1, "months").provisional is False  # ends 2026-12-30


def test_registering_2027_after_entering_its_holidays_makes_results_final(calendar, people):
    admin = people.fzb_admin
    with pytest.raises(ServiceError):  # nothing entered yet: registering would be a silent guess
        calendar_year_register(actor=admin, year=2027, note="国办发明电〔2026〕X号")
    calendar_day_set(actor=admin, date=D(2027, 1, 1), is_working=False, name="元旦")
    calendar_year_register(actor=admin, year=2027, note="国务院办公厅关于2027年部分节假日安排的通知")
    assert 2027 in known_years()
    result = add_working_days(D(2026, 12, 31), 1)
    assert result.date == D(2027, 1, 4) and not result.provisional and result.warnings == []
    assert AuditEvent.objects.filter(action="core.calendar_year_register", actor=admin).exists()
    calendar_year_unregister(actor=admin, year=2027)
    assert add_working_days(D(2026, 12, 31), 1).provisional


# ---------------------------------------------------------------- administration


def test_seeding_is_idempotent_and_keeps_the_administrators_edits(calendar, people):
    assert {2025, 2026} <= known_years()
    calendar_day_set(actor=people.fzb_admin, date=D(2026, 10, 1), is_working=False, name="国庆节（已核对）")
    assert seed_from_package([2025, 2026]) == 0
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节（已核对）"


def test_calendar_seed_command_loads_every_year_the_package_knows(db, capsys):
    call_command("calendar_seed")
    first = capsys.readouterr().out
    assert "2004 年" in first and "2026 年" in first
    assert set(range(2004, 2027)) <= known_years()
    count = CalendarDay.objects.count()
    call_command("calendar_seed")
    assert "无需导入" in capsys.readouterr().out
    assert CalendarDay.objects.count() == count


def test_administrator_adds_a_holiday_and_then_removes_it(calendar, people):
    admin = people.fzb_admin
    assert add_working_days(D(2026, 12, 30), 1).date == D(2026, 12, 31)
    calendar_day_set(actor=admin, date=D(2026, 12, 31), is_working=False, name="元旦")
    assert not is_working_day(D(2026, 12, 31))
    assert add_working_days(D(2026, 12, 30), 1).date == D(2027, 1, 1)
    calendar_day_delete(actor=admin, date=D(2026, 12, 31))
    assert is_working_day(D(2026, 12, 31))
    actions = list(AuditEvent.objects.filter(actor=admin).order_by("id").values_list("action", flat=True))
    assert actions == ["core.calendar_day_set", "core.calendar_day_delete"]


def test_the_system_administrator_may_edit_the_calendar(calendar, people):
    calendar_day_set(actor=people.sysadmin, date=D(2026, 12, 26), is_working=True, name="元旦调休")
    assert is_working_day(D(2026, 12, 26))


def test_a_change_made_by_another_process_is_seen_without_restarting(calendar):
    assert is_working_day(D(2026, 12, 30))
    CalendarDay.objects.create(date=D(2026, 12, 30), is_working=False, name="测试")  # as if another worker wrote it
    assert not is_working_day(D(2026, 12, 30))


@pytest.mark.parametrize("username", ["xingyi_fzb", "zsthj_fz", "zsthj_zf1", "leader", "secadmin", "auditor"])
def test_users_without_the_calendar_permission_cannot_edit_it(calendar, people, username):
    user = next(p for p in vars(people).values() if p.username == username)
    days, years, events = CalendarDay.objects.count(), CalendarYear.objects.count(), AuditEvent.objects.count()
    with pytest.raises(NotPermitted):
        calendar_day_set(actor=user, date=D(2026, 12, 31), is_working=False, name="元旦")
    with pytest.raises(NotPermitted):
        calendar_day_delete(actor=user, date=D(2026, 10, 1))
    with pytest.raises(NotPermitted):
        calendar_year_register(actor=user, year=2026, note="x")
    assert (CalendarDay.objects.count(), CalendarYear.objects.count(), AuditEvent.objects.count()) == (days, years, events)
    assert is_working_day(D(2026, 12, 31)) and not is_working_day(D(2026, 10, 1))


@pytest.mark.parametrize("kwargs, field", [
    ({"date": D(2026, 12, 31), "is_working": False, "name": "  "}, "name"),
    ({"date": D(2026, 12, 31), "is_working": "no", "name": "元旦"}, "is_working"),
    ({"date": "2026-12-31", "is_working": False, "name": "元旦"}, "date"),
    ({"date": D(2026, 12, 31), "is_working": False, "name": "节" * 41}, "name"),
])
def test_bad_calendar_edits_change_nothing(calendar, people, kwargs, field):
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        calendar_day_set(actor=people.fzb_admin, **kwargs)
    assert field in exc.value.field_errors
    assert AuditEvent.objects.count() == events and not CalendarDay.objects.filter(date=D(2026, 12, 31)).exists()


def test_deleting_a_day_that_has_no_setting_is_refused(calendar, people):
    with pytest.raises(ServiceError):
        calendar_day_delete(actor=people.fzb_admin, date=D(2026, 11, 11))


def test_the_cache_is_dropped_by_the_edit_services(calendar, people):
    before = workdays.current_calendar()
    calendar_day_set(actor=people.fzb_admin, date=D(2026, 12, 31), is_working=False, name="元旦")
    after = workdays.current_calendar()
    assert after is not before and after.days[D(2026, 12, 31)] == (False, "元旦")
