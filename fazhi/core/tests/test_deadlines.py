"""Deadlines: computation, pause and resume, extension, recomputation, the daily scan, permissions."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_q.models import Schedule

from fazhi.core.calendar_admin import calendar_day_set, calendar_year_register
from fazhi.core.choices import DeadlineEventKind, DeadlineStatus, NotificationLevel
from fazhi.core.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_create,
    deadline_explain,
    deadline_extend,
    deadline_pause,
    deadline_resume,
    recompute_open,
    scan_deadlines,
)
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent, Deadline, DeadlineEvent, Notification
from fazhi.core.tasks import deadline_scan_job

D = dt.date


def make(org, people, *, start=None, period=20, unit="working_days", responsible="zsthj_fz",
         agency=None, actor=None):
    """A 政府信息公开 reply deadline: 20 working days from receipt (政府信息公开条例 第三十三条)."""
    return deadline_create(
        actor=actor, object_repr="依申请公开〔2026〕18号", rule_code="gov_info.reply",
        legal_source="《政府信息公开条例》第三十三条第二款", start_date=start or D(2026, 9, 21), period=period, unit=unit,
        agency=agency or org.zhou_sthj, responsible=getattr(people, responsible) if responsible else None,
        link="/oversight/requests/18/",
    )


def fresh(deadline):
    return Deadline.objects.get(pk=deadline.pk)


# ---------------------------------------------------------------- creation and explanation


def test_twenty_working_days_from_21_september_2026_cross_mid_autumn_and_national_day(calendar, org, people):
    deadline = make(org, people, actor=people.zsthj_fz)
    assert deadline.due_date == D(2026, 10, 26)
    assert deadline.status == DeadlineStatus.OPEN and not deadline.provisional
    assert deadline.region_path == org.zhou_sthj.region_path
    steps = deadline_explain(deadline)
    assert "2026-09-25 至 2026-09-27 中秋节放假，不计工作日" in steps
    assert "2026-10-01 至 2026-10-07 国庆节放假，不计工作日" in steps
    assert "2026-10-10（星期六）为国庆节调休上班日，计为工作日" in steps
    assert any("第 20 个工作日为 2026-10-26" in s for s in steps)
    assert AuditEvent.objects.filter(action="core.deadline_create", actor=people.zsthj_fz).count() == 1


def test_a_calendar_day_deadline_rolls_past_national_day(calendar, org, people):
    deadline = make(org, people, start=D(2026, 9, 3), period=30, unit="calendar_days")
    assert deadline.due_date == D(2026, 10, 8)


def test_a_deadline_reaching_into_2027_is_provisional_and_says_why(calendar, org, people):
    deadline = make(org, people, start=D(2026, 12, 20))
    assert deadline.provisional and deadline.due_date == D(2027, 1, 15)
    assert any(line.startswith("【暂定】") and "2027" in line for line in deadline_explain(deadline))


@pytest.mark.parametrize("changes, field", [
    ({"period": -1}, "period"),
    ({"period": 0}, "period"),
    ({"period": 2.5}, "period"),
    ({"period": 10**7}, "period"),
    ({"unit": "weeks"}, "unit"),
    ({"start": "2026-09-21"}, "start_date"),
])
def test_bad_input_creates_nothing(calendar, org, people, changes, field):
    with pytest.raises(ServiceError) as exc:
        make(org, people, **changes)
    assert field in exc.value.field_errors
    assert not Deadline.objects.exists() and not AuditEvent.objects.filter(action="core.deadline_create").exists()


def test_a_user_without_the_right_cannot_create_a_deadline_outside_their_scope(calendar, org, people):
    with pytest.raises(NotPermitted):
        make(org, people, actor=people.leader)
    with pytest.raises(NotPermitted):  # county office of 安龙 for a 兴义 agency
        make(org, people, actor=people.anlong_fzb, agency=org.xingyi_sfj, responsible=None)
    assert not Deadline.objects.exists()
    assert make(org, people, actor=people.xingyi_fzb, agency=org.xingyi_sfj, responsible=None).pk


# ---------------------------------------------------------------- pause and resume


def test_pause_and_resume_shift_the_due_date_by_the_working_days_paused(calendar, org, people):
    deadline = make(org, people)
    deadline = deadline_pause(actor=people.zsthj_fz, deadline=deadline, on_date=D(2026, 9, 28),
                              reason="书面征求第三方意见")
    assert deadline.status == DeadlineStatus.PAUSED and deadline.paused_on == D(2026, 9, 28)
    assert scan_deadlines(today=D(2026, 10, 23)) == {"overdue": 0, "reminded": 0}  # the clock is stopped
    deadline = deadline_resume(actor=people.zsthj_fz, deadline=deadline, on_date=D(2026, 10, 12))
    # (9-28, 10-12] holds 6 working days: 9-29, 9-30, 10-8, 10-9, 10-10 (调休), 10-12.
    assert deadline.status == DeadlineStatus.OPEN and deadline.due_date == D(2026, 11, 3)
    assert [e.kind for e in deadline.events.all()] == [DeadlineEventKind.PAUSE, DeadlineEventKind.RESUME]
    assert any("6 个工作日不计入期限" in s for s in deadline_explain(deadline))


def test_pausing_a_calendar_day_period_shifts_its_last_day_then_rolls_forward(calendar, org, people):
    deadline = make(org, people, start=D(2026, 9, 3), period=30, unit="calendar_days")
    deadline_pause(actor=None, deadline=deadline, on_date=D(2026, 9, 10), reason="申请人补正材料")
    deadline = deadline_resume(actor=None, deadline=deadline, on_date=D(2026, 9, 14))
    # last day 10-03 + 4 days = 10-07, still 国庆 → 10-08; 10 days would give 10-13.
    assert deadline.due_date == D(2026, 10, 8)
    deadline_pause(actor=None, deadline=deadline, on_date=D(2026, 9, 20), reason="征求意见")
    deadline = deadline_resume(actor=None, deadline=deadline, on_date=D(2026, 9, 26))
    assert deadline.due_date == D(2026, 10, 13)


@pytest.mark.parametrize("action", [
    lambda dl, p: deadline_resume(actor=p.zsthj_fz, deadline=dl, on_date=D(2026, 9, 30)),  # not paused
    lambda dl, p: deadline_pause(actor=p.zsthj_fz, deadline=dl, on_date=D(2026, 9, 28), reason=" "),
    lambda dl, p: deadline_pause(actor=p.zsthj_fz, deadline=dl, on_date=D(2026, 9, 1), reason="早于起算日"),
    lambda dl, p: deadline_pause(actor=p.zsthj_fz, deadline=dl, on_date=D(2026, 11, 30), reason="晚于届满日"),
    lambda dl, p: deadline_extend(actor=p.zsthj_fz, deadline=dl, amount=20, unit="working_days", reason=""),
    lambda dl, p: deadline_extend(actor=p.zsthj_fz, deadline=dl, amount=-5, unit="working_days", reason="x"),
    lambda dl, p: deadline_extend(actor=p.zsthj_fz, deadline=dl, amount=5, unit="hours", reason="x"),
    lambda dl, p: deadline_complete(actor=p.zsthj_fz, deadline=dl, on_date=D(2026, 9, 1)),
    lambda dl, p: deadline_cancel(actor=p.zsthj_fz, deadline=dl, reason=""),
])
def test_bad_transitions_raise_and_change_nothing(calendar, org, people, action):
    deadline = make(org, people)
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError):
        action(deadline, people)
    after = fresh(deadline)
    assert (after.status, after.due_date) == (DeadlineStatus.OPEN, D(2026, 10, 26))
    assert not DeadlineEvent.objects.exists() and AuditEvent.objects.count() == events


def test_a_step_the_state_does_not_allow_is_a_transition_refusal_with_reasons(calendar, org, people):
    deadline = make(org, people)
    with pytest.raises(TransitionRefused) as exc:
        deadline_resume(actor=people.zsthj_fz, deadline=deadline, on_date=D(2026, 9, 30))
    assert isinstance(exc.value, ServiceError)  # callers that catch bad input catch it too
    assert exc.value.reasons == ["该期限未处于中止计时状态，无需恢复（当前状态：进行中）。"]


def test_a_resume_before_the_pause_is_refused(calendar, org, people):
    deadline = make(org, people)
    deadline_pause(actor=None, deadline=deadline, on_date=D(2026, 9, 28), reason="征求第三方意见")
    with pytest.raises(ServiceError):
        deadline_resume(actor=None, deadline=deadline, on_date=D(2026, 9, 25))
    assert fresh(deadline).status == DeadlineStatus.PAUSED


# ---------------------------------------------------------------- extension, completion, cancellation


def test_an_extension_counts_from_the_day_after_the_current_due_date(calendar, org, people):
    deadline = make(org, people)
    deadline = deadline_extend(actor=people.zsthj_fz, deadline=deadline, amount=20, unit="working_days",
                               reason="需要延长答复期限，经政府信息公开工作机构负责人同意")
    assert deadline.due_date == D(2026, 11, 23)
    event = deadline.events.get()
    assert (event.kind, event.amount, event.unit) == (DeadlineEventKind.EXTEND, 20, "working_days")
    assert any("延长期限 20个工作日" in s for s in deadline_explain(deadline))
    assert AuditEvent.objects.filter(action="core.deadline_extend").get().after["due_date"] == "2026-11-23"


def test_an_overdue_deadline_cannot_be_extended_or_paused(calendar, org, people):
    deadline = make(org, people)
    scan_deadlines(today=D(2026, 10, 27))
    with pytest.raises(ServiceError):
        deadline_extend(actor=people.zsthj_fz, deadline=deadline, amount=5, unit="working_days", reason="迟了")
    with pytest.raises(ServiceError):
        deadline_pause(actor=people.zsthj_fz, deadline=deadline, on_date=D(2026, 10, 20), reason="迟了")
    assert fresh(deadline).due_date == D(2026, 10, 26)


def test_completion_and_cancellation_close_the_deadline(calendar, org, people):
    done = deadline_complete(actor=people.zsthj_fz, deadline=make(org, people), on_date=D(2026, 10, 20))
    assert done.status == DeadlineStatus.DONE and done.completed_on == D(2026, 10, 20)
    assert "在期限内" in deadline_explain(done)[-1]
    with pytest.raises(ServiceError):
        deadline_cancel(actor=people.zsthj_fz, deadline=done, reason="重复")
    cancelled = deadline_cancel(actor=people.zsthj_fz, deadline=make(org, people), reason="申请人撤回申请")
    assert cancelled.status == DeadlineStatus.CANCELLED and cancelled.cancel_reason == "申请人撤回申请"
    assert scan_deadlines(today=D(2026, 12, 1)) == {"overdue": 0, "reminded": 0}


# ---------------------------------------------------------------- permissions and scope


@pytest.mark.parametrize("username", ["leader", "zsthj_zf1", "anlong_fzb", "xingyi_fzb", "sysadmin", "auditor"])
def test_users_outside_the_deadlines_scope_cannot_change_it(calendar, org, people, username):
    deadline = make(org, people)  # 州生态环境局, responsible zsthj_fz
    user = next(p for p in vars(people).values() if p.username == username)
    events = AuditEvent.objects.count()
    for call in (
        lambda: deadline_pause(actor=user, deadline=deadline, on_date=D(2026, 9, 28), reason="x"),
        lambda: deadline_extend(actor=user, deadline=deadline, amount=5, unit="working_days", reason="x"),
        lambda: deadline_complete(actor=user, deadline=deadline, on_date=D(2026, 10, 1)),
        lambda: deadline_cancel(actor=user, deadline=deadline, reason="x"),
    ):
        with pytest.raises(NotPermitted):
            call()
    after = fresh(deadline)
    assert (after.status, after.due_date) == (DeadlineStatus.OPEN, D(2026, 10, 26))
    assert AuditEvent.objects.count() == events and not DeadlineEvent.objects.exists()


def test_the_officer_manages_the_deadlines_they_are_responsible_for(calendar, org, people):
    deadline = make(org, people, responsible="officer", actor=people.officer)
    deadline_pause(actor=people.officer, deadline=deadline, on_date=D(2026, 9, 28), reason="检测")
    assert fresh(deadline).status == DeadlineStatus.PAUSED


# ---------------------------------------------------------------- calendar edits recompute


def test_editing_the_calendar_recomputes_an_open_deadline(calendar, org, people):
    deadline = make(org, people)
    finished = deadline_complete(actor=None, deadline=make(org, people), on_date=D(2026, 10, 9))
    changed_events = AuditEvent.objects.filter(action="core.deadline_recompute")
    calendar_day_set(actor=people.fzb_admin, date=D(2026, 10, 14), is_working=False, name="测试假日")
    assert fresh(deadline).due_date == D(2026, 10, 27)
    assert fresh(finished).due_date == D(2026, 10, 26)  # finished deadlines keep their record
    event = changed_events.get()
    assert event.actor == people.fzb_admin and event.before["due_date"] == "2026-10-26"


def test_registering_2027_clears_the_provisional_flag_of_open_deadlines(calendar, org, people):
    deadline = make(org, people, start=D(2026, 12, 20))
    admin = people.fzb_admin
    calendar_day_set(actor=admin, date=D(2027, 1, 1), is_working=False, name="元旦")
    assert fresh(deadline).due_date == D(2027, 1, 18) and fresh(deadline).provisional
    calendar_year_register(actor=admin, year=2027, note="国务院办公厅关于2027年部分节假日安排的通知")
    assert not fresh(deadline).provisional


def test_an_overdue_deadline_reopens_when_a_calendar_edit_moves_its_due_date_to_today(calendar, org, people,
                                                                                         monkeypatch):
    from django.utils import timezone

    deadline = make(org, people, start=D(2026, 11, 2), period=10)  # due Monday 2026-11-16
    untouched = make(org, people, start=D(2026, 10, 12), period=10)  # due 2026-10-26
    scan_deadlines(today=D(2026, 11, 17))
    assert fresh(deadline).status == fresh(untouched).status == DeadlineStatus.OVERDUE
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 11, 17))
    calendar_day_set(actor=people.fzb_admin, date=D(2026, 11, 16), is_working=False, name="测试假日")
    assert (fresh(deadline).status, fresh(deadline).due_date) == (DeadlineStatus.OPEN, D(2026, 11, 17))
    assert fresh(untouched).status == DeadlineStatus.OVERDUE


def test_recompute_needs_the_calendar_permission(calendar, people):
    with pytest.raises(NotPermitted):
        recompute_open(actor=people.zsthj_fz)


# ---------------------------------------------------------------- the daily scan


@override_settings(FAZHI_DEADLINE_REMIND_DAYS=[3, 1])
def test_the_scan_reminds_before_and_marks_overdue_after_exactly_once(calendar, org, people):
    deadline = make(org, people)  # due Monday 2026-10-26
    inbox = Notification.objects.filter(recipient=people.zsthj_fz)
    assert scan_deadlines(today=D(2026, 10, 22)) == {"overdue": 0, "reminded": 0}
    assert scan_deadlines(today=D(2026, 10, 23)) == {"overdue": 0, "reminded": 1}  # 3 days before
    assert scan_deadlines(today=D(2026, 10, 23)) == {"overdue": 0, "reminded": 0}  # run twice
    assert scan_deadlines(today=D(2026, 10, 24)) == {"overdue": 0, "reminded": 0}
    assert scan_deadlines(today=D(2026, 10, 25)) == {"overdue": 0, "reminded": 1}  # 1 day before
    assert scan_deadlines(today=D(2026, 10, 26)) == {"overdue": 0, "reminded": 0}
    assert inbox.filter(level=NotificationLevel.WARNING).count() == 2
    assert scan_deadlines(today=D(2026, 10, 27)) == {"overdue": 1, "reminded": 0}
    assert scan_deadlines(today=D(2026, 10, 27)) == {"overdue": 0, "reminded": 0}
    assert fresh(deadline).status == DeadlineStatus.OVERDUE
    overdue = inbox.get(level=NotificationLevel.DANGER)
    assert "超期" in overdue.title and overdue.link == "/oversight/requests/18/"
    assert not Notification.objects.exclude(recipient=people.zsthj_fz).exists()
    assert AuditEvent.objects.filter(action="core.deadline_overdue", actor=None).count() == 1


@override_settings(FAZHI_DEADLINE_REMIND_DAYS=[3, 1])
def test_a_late_first_scan_sends_one_reminder_not_two(calendar, org, people):
    make(org, people)
    assert scan_deadlines(today=D(2026, 10, 25))["reminded"] == 1
    assert scan_deadlines(today=D(2026, 10, 26))["reminded"] == 0
    assert Notification.objects.count() == 1


@override_settings(FAZHI_DEADLINE_REMIND_DAYS=[3])
def test_an_extension_starts_a_new_series_of_reminders(calendar, org, people):
    deadline = make(org, people)
    assert scan_deadlines(today=D(2026, 10, 23))["reminded"] == 1
    deadline_extend(actor=None, deadline=deadline, amount=5, unit="working_days", reason="经负责人同意延长")
    assert fresh(deadline).due_date == D(2026, 11, 2)
    assert scan_deadlines(today=D(2026, 10, 30))["reminded"] == 1


@override_settings(FAZHI_DEADLINE_REMIND_DAYS=[1])
def test_without_a_responsible_person_the_agencys_deadline_managers_are_told(calendar, org, people):
    make(org, people, responsible=None)
    scan_deadlines(today=D(2026, 10, 25))
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"zsthj_fz", "zsthj_zf1"}


def test_the_scan_job_and_command_run_the_same_scan(calendar, org, people, capsys):
    make(org, people, start=D(2025, 3, 3))
    assert deadline_scan_job() == {"overdue": 1, "reminded": 0}
    call_command("deadline_scan", "--date", "2026-11-01")
    assert "新标记超期 0 个" in capsys.readouterr().out


def test_setup_schedules_creates_the_daily_scan_once_at_one_in_the_morning_shanghai_time(db, capsys):
    call_command("setup_schedules")
    call_command("setup_schedules")
    schedule = Schedule.objects.get(name="每日期限扫描")
    assert schedule.func == "fazhi.core.tasks.deadline_scan_job" and schedule.schedule_type == Schedule.DAILY
    local = schedule.next_run.astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.hour, local.minute) == (1, 0)
    assert dt.timedelta(0) < local - dt.datetime.now(ZoneInfo("Asia/Shanghai")) <= dt.timedelta(days=1)
    assert "无需更改" in capsys.readouterr().out


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@override_settings(FAZHI_DEADLINE_REMIND_DAYS=[3, 1])
def test_two_scans_at_the_same_time_remind_and_mark_once(org, people):
    from fazhi.core.calendar_admin import seed_from_package

    seed_from_package([2026])
    make(org, people)  # due 2026-10-26
    make(org, people, start=D(2026, 9, 1))  # due 2026-09-29 → overdue
    results, barrier = [], threading.Barrier(4)

    def scan():
        try:
            barrier.wait()
            results.append(scan_deadlines(today=D(2026, 10, 25)))
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["overdue"] for r in results) == 1 and sum(r["reminded"] for r in results) == 1
    assert Notification.objects.count() == 2
