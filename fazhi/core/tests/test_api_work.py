"""core/notifications/, core/deadlines/ (with transitions), core/audit-events/, core/calendar/."""

import datetime

import pytest

from fazhi.core import deadlines, notifications
from fazhi.core.choices import DeadlineStatus, PeriodUnit
from fazhi.core.errors import TransitionRefused
from fazhi.core.models import AuditEvent, Deadline, DeadlineEvent, Notification
from fazhi.core.tests.api_support import all_messages, client_for, is_chinese, results, url


@pytest.fixture
def deadline_rows(org, people, calendar):
    def make(name, agency, responsible=None):
        return deadlines.deadline_create(
            actor=None, object_repr=name, rule_code="ogi.reply",
            legal_source="《政府信息公开条例》第三十三条第二款", start_date=datetime.date(2026, 3, 2),
            period=20, unit=PeriodUnit.WORKING_DAYS, agency=agency, responsible=responsible)

    return {
        "xingyi": make("兴义市依申请公开第1号", org.xingyi_sfj),
        "anlong": make("安龙县依申请公开第1号", org.anlong_sfj),
        "zhou": make("州生态环境局依申请公开第1号", org.zhou_sthj, responsible=people.officer),
    }


def _transition(user, deadline, **payload):
    return client_for(user).post(url("core-deadline-transition", pk=deadline.pk), payload, format="json")


def _state(deadline):
    deadline.refresh_from_db()
    return (deadline.status, deadline.due_date, deadline.events.count())


# ---------------------------------------------------------------- notifications


@pytest.fixture
def inbox(people):
    own = [notifications.notify(recipient=people.xingyi_fzb, title=f"通知{i}") for i in range(3)]
    other = notifications.notify(recipient=people.anlong_fzb, title="安龙的通知")
    return own, other


def test_the_inbox_lists_only_the_callers_notifications_newest_first(people, inbox):
    own, _ = inbox
    body = results(client_for(people.xingyi_fzb).get(url("core-notification-list")))
    assert [n["id"] for n in body] == [n.pk for n in reversed(own)]
    assert body[0]["level_label"] == "通知" and body[0]["read_at"] is None


def test_someone_elses_notification_is_a_404(people, inbox):
    _, other = inbox
    client = client_for(people.xingyi_fzb)
    assert client.get(url("core-notification-detail", pk=other.pk)).status_code == 404
    assert client.get(url("core-notification-detail", pk=inbox[0][0].pk)).status_code == 200


def test_marking_some_notifications_read_leaves_the_rest_unread(people, inbox):
    own, _ = inbox
    response = client_for(people.xingyi_fzb).post(url("core-notification-mark-read"), {"ids": [own[0].pk]},
                                                  format="json")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 2}
    unread = results(client_for(people.xingyi_fzb).get(url("core-notification-list"), {"unread": "true"}))
    assert {n["id"] for n in unread} == {own[1].pk, own[2].pk}


def test_an_empty_body_marks_every_notification_read_but_not_other_peoples(people, inbox):
    _, other = inbox
    response = client_for(people.xingyi_fzb).post(url("core-notification-mark-read"), {}, format="json")
    assert response.json() == {"marked": 3, "unread": 0}
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_another_persons_notification_marks_nothing(people, inbox):
    _, other = inbox
    response = client_for(people.xingyi_fzb).post(url("core-notification-mark-read"), {"ids": [other.pk]},
                                                  format="json")
    assert response.json()["marked"] == 0
    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.parametrize("payload", [{"ids": ["a"]}, {"ids": "1,2"}, {"ids": [10**30]}, {"ids": [0]},
                                     {"ids": [True]}, {"ids": list(range(1, 1002))}])
def test_bad_notification_ids_are_a_chinese_400_and_mark_nothing(people, inbox, payload):
    response = client_for(people.xingyi_fzb).post(url("core-notification-mark-read"), payload, format="json")
    assert response.status_code == 400
    assert "ids" in response.json() and all(is_chinese(m) for m in all_messages(response.json()))
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_the_inbox_list_costs_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    for i in range(40):
        notifications.notify(recipient=people.leader, title=f"n{i}")
    client = client_for(people.leader)
    with django_assert_max_num_queries(3):
        assert client.get(url("core-notification-list")).status_code == 200


# ---------------------------------------------------------------- deadlines: reads


def test_deadlines_are_listed_by_due_date_inside_the_scope(people, deadline_rows):
    body = results(client_for(people.xingyi_fzb).get(url("core-deadline-list")))
    assert [d["object_repr"] for d in body] == ["兴义市依申请公开第1号"]
    row = body[0]
    assert row["status"] == "open" and row["status_label"] == "进行中" and row["unit_label"] == "工作日"
    assert row["agency"]["name"] == "兴义市司法局" and row["responsible"] is None
    assert row["due_date"] == deadline_rows["xingyi"].due_date.isoformat()


def test_the_deadline_list_filters_by_status_and_due_date(people, deadline_rows):
    client = client_for(people.fzb_admin)
    assert len(results(client.get(url("core-deadline-list"), {"status": "open"}))) == 3
    assert results(client.get(url("core-deadline-list"), {"status": "done"})) == []
    assert results(client.get(url("core-deadline-list"), {"due_before": "2026-03-01"})) == []
    assert client.get(url("core-deadline-list"), {"due_before": "someday"}).status_code == 400


def test_a_deadline_detail_explains_its_due_date_in_chinese(people, deadline_rows):
    response = client_for(people.xingyi_fzb).get(url("core-deadline-detail", pk=deadline_rows["xingyi"].pk))
    assert response.status_code == 200
    body = response.json()
    assert body["explanation"] == deadlines.deadline_explain(deadline_rows["xingyi"])
    assert any("民法典第二百零一条" in line for line in body["explanation"])
    assert body["events"] == []


def test_another_countys_deadline_is_a_404(people, deadline_rows):
    response = client_for(people.xingyi_fzb).get(url("core-deadline-detail", pk=deadline_rows["anlong"].pk))
    assert response.status_code == 404


def test_a_huge_deadline_id_is_a_404_not_a_crash(people, deadline_rows):
    client = client_for(people.fzb_admin)
    assert client.get(url("core-deadline-detail", pk=999999999999999999)).status_code == 404
    assert client.get("/api/v1/core/deadlines/99999999999999999999999/").status_code == 404


def test_the_deadline_list_costs_a_fixed_number_of_queries(org, people, calendar, django_assert_max_num_queries):
    for i in range(30):
        deadlines.deadline_create(actor=None, object_repr=f"事项{i}", rule_code="r", legal_source="某法第一条",
                                  start_date=datetime.date(2026, 3, 2), period=i + 1, unit=PeriodUnit.CALENDAR_DAYS,
                                  agency=org.xingyi_sfj if i % 2 else org.anlong_sfj,
                                  responsible=people.xingyi_fzb if i % 3 else None)
    client = client_for(people.fzb_admin)
    with django_assert_max_num_queries(4):
        response = client.get(url("core-deadline-list"), {"page_size": 200})
    assert len(response.json()["results"]) == 30


# ---------------------------------------------------------------- deadlines: transitions


def test_pausing_and_resuming_moves_the_due_date_and_records_both_events(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    old_due = deadline.due_date
    paused = _transition(people.xingyi_fzb, deadline, action="pause", on_date="2026-03-10", reason="征求第三方意见")
    assert paused.status_code == 200, paused.content
    assert paused.json()["status"] == "paused" and paused.json()["paused_on"] == "2026-03-10"
    resumed = _transition(people.xingyi_fzb, deadline, action="resume", on_date="2026-03-17")
    assert resumed.status_code == 200
    body = resumed.json()
    assert body["status"] == "open" and body["due_date"] > old_due.isoformat()
    assert [e["kind"] for e in body["events"]] == ["pause", "resume"]
    assert AuditEvent.objects.filter(action="core.deadline_resume", actor=people.xingyi_fzb).exists()


def test_extending_adds_a_period_after_the_due_date(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    response = _transition(people.xingyi_fzb, deadline, action="extend", amount=20, unit="working_days",
                           reason="经机构负责人同意延长")
    assert response.status_code == 200
    assert response.json()["due_date"] > deadline.due_date.isoformat()
    assert response.json()["events"][0]["kind_label"] == "延长期限"


def test_completing_and_cancelling_end_the_deadline(people, deadline_rows):
    done = _transition(people.xingyi_fzb, deadline_rows["xingyi"], action="complete", on_date="2026-03-20")
    assert (done.status_code, done.json()["status"], done.json()["completed_on"]) == (200, "done", "2026-03-20")
    cancelled = _transition(people.fzb_admin, deadline_rows["anlong"], action="cancel", reason="申请人撤回申请")
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "申请人撤回申请")


def test_an_unknown_action_is_a_400_listing_the_valid_ones(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    before = _state(deadline)
    response = _transition(people.xingyi_fzb, deadline, action="destroy")
    assert response.status_code == 400
    assert response.json() == {"action": ["未知的操作“destroy”，可选：pause、resume、extend、complete、cancel。"]}
    assert _state(deadline) == before


@pytest.mark.parametrize(("payload", "fields"), [
    ({}, {"action"}),
    ({"action": "pause"}, {"reason"}),
    ({"action": "pause", "reason": "  "}, {"reason"}),
    ({"action": "pause", "reason": "x" * 301}, {"reason"}),
    ({"action": "pause", "reason": "x", "on_date": "2026-02-30"}, {"on_date"}),
    ({"action": "pause", "reason": "x", "on_date": "99999-01-01"}, {"on_date"}),
    ({"action": "pause", "reason": "x", "on_date": "1066-10-14"}, {"on_date"}),
    ({"action": "extend", "reason": "x"}, {"amount", "unit"}),
    ({"action": "extend", "reason": "x", "amount": 10**9, "unit": "working_days"}, {"amount"}),
    ({"action": "extend", "reason": "x", "amount": "many", "unit": "working_days"}, {"amount"}),
    ({"action": "extend", "reason": "x", "amount": 5, "unit": "fortnights"}, {"unit"}),
    ({"action": "extend", "reason": "x", "amount": 121, "unit": "months"}, {"amount"}),
    ({"action": "cancel"}, {"reason"}),
    ({"action": ["pause"]}, {"action"}),
])
def test_a_bad_transition_payload_is_a_chinese_400_and_changes_nothing(people, deadline_rows, payload, fields):
    deadline = deadline_rows["xingyi"]
    before, events = _state(deadline), AuditEvent.objects.count()
    response = _transition(people.xingyi_fzb, deadline, **payload)
    assert response.status_code == 400, response.content
    body = response.json()
    assert fields <= set(body), body
    assert all(is_chinese(m) for m in all_messages({k: body[k] for k in fields}))
    assert _state(deadline) == before and AuditEvent.objects.count() == events


def test_a_pause_before_the_start_date_is_a_field_error_from_the_service(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    response = _transition(people.xingyi_fzb, deadline, action="pause", on_date="2026-01-05", reason="x")
    assert response.status_code == 400
    assert response.json()["on_date"] == ["中止计时的日期不能早于起算日。"]


def test_a_transition_the_state_does_not_allow_is_a_409_with_reasons(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    before = _state(deadline)
    response = _transition(people.xingyi_fzb, deadline, action="resume", on_date="2026-03-10")
    assert response.status_code == 409
    assert response.json()["reasons"] and all(is_chinese(r) for r in response.json()["reasons"])
    assert _state(deadline) == before


def test_extending_a_completed_deadline_is_a_409_and_changes_nothing(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    assert _transition(people.xingyi_fzb, deadline, action="complete", on_date="2026-03-20").status_code == 200
    before = _state(deadline)
    response = _transition(people.xingyi_fzb, deadline, action="extend", amount=5, unit="working_days", reason="x")
    assert response.status_code == 409
    assert response.json()["reasons"] == ["只有进行中或中止计时的期限可以延长（当前状态：已办结）。"]
    assert _state(deadline) == before


def test_a_refusal_from_a_service_answers_409_with_the_reasons(people, deadline_rows, monkeypatch):
    def refuse(**kwargs):
        raise TransitionRefused(["期限已办结，不能中止计时。", "尚未上传补正材料。"])

    monkeypatch.setattr(deadlines, "deadline_pause", refuse)
    response = _transition(people.xingyi_fzb, deadline_rows["xingyi"], action="pause", reason="x")
    assert response.status_code == 409
    assert response.json() == {"detail": "不满足办理条件。", "reasons": ["期限已办结，不能中止计时。", "尚未上传补正材料。"]}


def test_a_read_only_leader_may_see_but_not_move_a_deadline(people, deadline_rows):
    deadline = deadline_rows["anlong"]
    before = _state(deadline)
    assert client_for(people.leader).get(url("core-deadline-detail", pk=deadline.pk)).status_code == 200
    response = _transition(people.leader, deadline, action="cancel", reason="x")
    assert response.status_code == 403 and is_chinese(response.json()["detail"])
    assert _state(deadline) == before


def test_moving_another_countys_deadline_is_a_404(people, deadline_rows):
    deadline = deadline_rows["anlong"]
    before = _state(deadline)
    assert _transition(people.xingyi_fzb, deadline, action="cancel", reason="x").status_code == 404
    assert _state(deadline) == before


def test_the_security_administrator_may_not_touch_deadlines(people, deadline_rows):
    deadline = deadline_rows["xingyi"]
    assert client_for(people.secadmin).get(url("core-deadline-list")).status_code == 403
    assert _transition(people.secadmin, deadline, action="cancel", reason="x").status_code == 403
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OPEN
    assert not DeadlineEvent.objects.exists()


# ---------------------------------------------------------------- audit events


def test_the_audit_administrator_reads_the_chain_newest_first(people):
    body = results(client_for(people.auditor).get(url("core-audit-event-list")))
    ids = [e["id"] for e in body]
    assert ids == sorted(ids, reverse=True) and len(ids) == min(AuditEvent.objects.count(), 50)
    assert len(body[0]["hash"]) == 64


def test_audit_events_filter_by_action_and_object(people, org):
    body = results(client_for(people.auditor).get(url("core-audit-event-list"),
                                                  {"action": "core.region_create", "object_id": str(org.xingyi.pk)}))
    assert [e["object_repr"] for e in body] == ["兴义市"]


def test_an_audit_event_is_read_by_its_chain_number(people):
    event = AuditEvent.objects.order_by("id").first()
    response = client_for(people.auditor).get(url("core-audit-event-detail", pk=event.pk))
    assert response.status_code == 200 and response.json()["prev_hash"] == "0" * 64
    assert client_for(people.auditor).get(url("core-audit-event-detail", pk=10**12)).status_code == 404


@pytest.mark.parametrize("who", ["fzb_admin", "leader", "sysadmin", "secadmin", "xingyi_fzb"])
def test_nobody_but_the_audit_administrator_reads_audit_events(people, who):
    event = AuditEvent.objects.first()
    client = client_for(getattr(people, who))
    assert client.get(url("core-audit-event-list")).status_code == 403
    assert client.get(url("core-audit-event-detail", pk=event.pk)).status_code == 403


def test_the_audit_list_costs_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    client = client_for(people.auditor)
    with django_assert_max_num_queries(4):
        response = client.get(url("core-audit-event-list"), {"page_size": 200})
    assert len(response.json()["results"]) > 20


# ---------------------------------------------------------------- calendar


def _calc(user, name, **query):
    return client_for(user).get(url(name), query)


def test_adding_working_days_skips_national_day_and_counts_the_make_up_sunday(people, calendar):
    # 国庆 2025: 10-01…10-08 off; Sunday 09-28 is a 调休 working day.
    response = _calc(people.officer, "core-calendar-add-working-days", start="2025-09-26", days=5)
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2025-10-10" and body["provisional"] is False and body["warnings"] == []
    assert any("国庆节" in step for step in body["steps"])


def test_a_result_past_the_known_years_is_provisional_with_a_warning(people, calendar):
    body = _calc(people.officer, "core-calendar-add-working-days", start="2027-03-01", days=3).json()
    assert body["provisional"] is True and any("2027" in w for w in body["warnings"])


def test_working_days_between_counts_the_days_after_the_start(people, calendar):
    body = _calc(people.officer, "core-calendar-working-days-between", start="2025-09-30", end="2025-10-11").json()
    assert body == {"days": 3, "provisional": False, "warnings": []}


def test_a_statutory_period_ending_on_a_holiday_rolls_to_the_next_working_day(people, calendar):
    body = _calc(people.officer, "core-calendar-add-days-statutory", start="2025-09-24", days=7).json()
    assert body["date"] == "2025-10-09"
    months = _calc(people.officer, "core-calendar-add-days-statutory", start="2025-08-31", months=1).json()
    assert months["date"] == "2025-09-30"


@pytest.mark.parametrize(("name", "query", "field"), [
    ("core-calendar-add-working-days", {"start": "2026-02-30", "days": 3}, "start"),
    ("core-calendar-add-working-days", {"start": "2026-01-05", "days": 10**9}, "days"),
    ("core-calendar-add-working-days", {"start": "2026-01-05", "days": -1}, "days"),
    ("core-calendar-add-working-days", {"start": "2026-01-05", "days": "abc"}, "days"),
    ("core-calendar-add-working-days", {"start": "2026-01-05", "days": "1e3"}, "days"),
    ("core-calendar-add-working-days", {"days": 3}, "start"),
    ("core-calendar-add-working-days", {"start": "9999-12-31", "days": 3}, "start"),
    ("core-calendar-add-working-days", {"start": "0001-01-01", "days": 3}, "start"),
    ("core-calendar-working-days-between", {"start": "2026-01-05"}, "end"),
    ("core-calendar-working-days-between", {"start": "1900-01-01", "end": "2200-12-31"}, "end"),
    ("core-calendar-add-days-statutory", {"start": "2026-01-05"}, "days"),
    ("core-calendar-add-days-statutory", {"start": "2026-01-05", "days": 3, "months": 1}, "days"),
    ("core-calendar-add-days-statutory", {"start": "2026-01-05", "months": 10**9}, "months"),
])
def test_bad_calendar_input_is_a_chinese_400(people, calendar, name, query, field):
    response = _calc(people.officer, name, **query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    assert all(is_chinese(m) for m in all_messages(body[field]))


def test_every_role_may_use_the_calculator(people, calendar):
    for who in ("sysadmin", "secadmin", "auditor", "leader"):
        assert _calc(getattr(people, who), "core-calendar-add-working-days", start="2026-01-05",
                     days=1).status_code == 200
