"""What a new user hit (issue 7 §4): inbox order, overdue deadlines extended or closed, rule labels."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import notifications
from fazhi.core.choices import DeadlineStatus
from fazhi.core.deadlines import deadline_close_overdue, deadline_create, deadline_extend_overdue, rule_label
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent, Deadline, Notification
from fazhi.core.tests.factories import PASSWORD

D = dt.date
TODAY = D(2026, 12, 3)  # a Thursday


START = D(2026, 10, 12)


def overdue(org, people, start=START):
    """20 working days from 2026-10-12 → due 2026-11-06, overdue on 2026-12-03."""
    deadline = deadline_create(
        actor=None, object_repr="依申请公开〔2026〕18号", rule_code="gov_info.reply",
        legal_source="《政府信息公开条例》第三十三条第二款", start_date=start, period=20, unit="working_days",
        agency=org.zhou_sthj, responsible=people.zsthj_fz)
    Deadline.objects.filter(pk=deadline.pk).update(status=DeadlineStatus.OVERDUE)
    return Deadline.objects.get(pk=deadline.pk)


# ---------------------------------------------------------------- inbox


def test_inbox_is_newest_first_by_time_not_by_row_number(client, people):
    old = notifications.notify(recipient=people.zsthj_fz, title="较早的消息")
    new = notifications.notify(recipient=people.zsthj_fz, title="较新的消息")
    # The older row was inserted later (e.g. imported): the header says "时间 ▼", so time decides.
    Notification.objects.filter(pk=new.pk).update(created_at=timezone.now() + dt.timedelta(hours=1))
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    client.login(username="zsthj_fz", password=PASSWORD)
    items = client.get("/inbox/").context["page"].items
    assert [n.title for n in items][:2] == ["较新的消息", "较早的消息"]
    items = client.get("/inbox/", {"sort": "created_at"}).context["page"].items
    assert [n.title for n in items][-1] == "较新的消息"


# ---------------------------------------------------------------- overdue deadlines


def test_an_overdue_deadline_is_extended_to_a_new_working_day_with_the_reason_audited(calendar, org, people):
    deadline = overdue(org, people)
    result = deadline_extend_overdue(actor=people.zsthj_fz, deadline=deadline, new_due_date=D(2026, 12, 18),
                                     reason="经批准延长答复期限", today=TODAY)
    assert result.due_date == D(2026, 12, 18) and result.status == DeadlineStatus.OPEN
    event = AuditEvent.objects.get(action="core.deadline_extend_overdue")
    assert event.before["status"] == "overdue" and event.after["due_date"] == "2026-12-18"
    assert "经批准延长答复期限" in result.events.get().reason


def test_extension_refuses_a_past_date_a_holiday_no_reason_and_a_deadline_not_overdue(calendar, org, people):
    deadline = overdue(org, people)
    with pytest.raises(ServiceError) as exc:
        deadline_extend_overdue(actor=people.zsthj_fz, deadline=deadline, new_due_date=D(2026, 12, 2),
                                reason="x", today=TODAY)
    assert exc.value.field_errors["new_due_date"] == ["新的届满日应晚于今天。"]
    with pytest.raises(ServiceError) as exc:  # 2027-01-01 元旦 — 2027 unknown, 2026-12-05 is a Saturday
        deadline_extend_overdue(actor=people.zsthj_fz, deadline=deadline, new_due_date=D(2026, 12, 5),
                                reason="x", today=TODAY)
    assert "不是工作日" in exc.value.field_errors["new_due_date"][0]
    with pytest.raises(ServiceError):
        deadline_extend_overdue(actor=people.zsthj_fz, deadline=deadline, new_due_date=D(2026, 12, 18),
                                reason="  ", today=TODAY)
    fresh = overdue(org, people, start=D(2026, 11, 30))
    Deadline.objects.filter(pk=fresh.pk).update(status=DeadlineStatus.OPEN)
    with pytest.raises(TransitionRefused):
        deadline_extend_overdue(actor=people.zsthj_fz, deadline=fresh, new_due_date=D(2026, 12, 30),
                                reason="x", today=TODAY)
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OVERDUE
    assert not AuditEvent.objects.filter(action="core.deadline_extend_overdue").exists()


def test_out_of_scope_and_read_only_users_cannot_extend_or_close(calendar, org, people):
    deadline = overdue(org, people)
    for actor in (people.xingyi_fzb, people.leader):
        with pytest.raises(NotPermitted):
            deadline_close_overdue(actor=actor, deadline=deadline, reason="x", today=TODAY)
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.OVERDUE


def test_an_overdue_deadline_is_closed_with_its_reason(calendar, org, people):
    deadline = overdue(org, people)
    result = deadline_close_overdue(actor=people.zsthj_fz, deadline=deadline, reason="申请人已撤回申请", today=TODAY)
    assert result.status == DeadlineStatus.DONE and result.completed_on == TODAY
    assert result.cancel_reason == "超期关闭：申请人已撤回申请"
    assert AuditEvent.objects.filter(action="core.deadline_close_overdue").count() == 1


def test_the_deadline_page_offers_extend_or_close_and_shows_no_rule_code(calendar, org, people, client):
    deadline = overdue(org, people)
    client.login(username="zsthj_fz", password=PASSWORD)
    body = client.get(f"/deadlines/{deadline.pk}/").content.decode()
    assert "处理超期：延长或关闭" in body
    assert "gov_info.reply" not in body and "政府信息公开答复期限" in body
    response = client.post(f"/deadlines/{deadline.pk}/overdue/", {"action": "extend", "reason": "x"})
    assert response.status_code == 400 and "请填写新的届满日。" in response.content.decode()
    response = client.post(f"/deadlines/{deadline.pk}/overdue/", {"action": "close", "reason": "已移送"})
    assert response.status_code == 302
    assert Deadline.objects.get(pk=deadline.pk).status == DeadlineStatus.DONE
    body = client.get(f"/deadlines/{deadline.pk}/").content.decode()
    assert "处理超期" not in body and "超期关闭：已移送" in body


def test_someone_outside_the_scope_gets_404_from_the_overdue_form(calendar, org, people, client):
    deadline = overdue(org, people)
    client.login(username="xingyi_fzb", password=PASSWORD)
    assert client.post(f"/deadlines/{deadline.pk}/overdue/", {"action": "close", "reason": "x"}).status_code == 404


def test_unknown_rule_codes_read_as_a_chinese_label():
    assert rule_label("admin_penalty.decision") == "行政处罚决定期限"
    assert rule_label("whatever.code") == "法定期限"


# ---------------------------------------------------------------- dates, search boxes, long addresses


def test_date_field_refuses_30_february_and_renders_iso_text_whatever_the_locale():
    from django import forms

    from fazhi.core.forms import date_field

    class F(forms.Form):
        on = date_field("日期")

    assert F({"on": "2026-02-30"}).errors["on"] == ["请输入有效的日期（YYYY-MM-DD）。"]
    assert not F({"on": "02/03/2026"}).is_valid()
    assert F({"on": "2026-02-28"}).is_valid()
    html = str(F(initial={"on": D(2026, 3, 2)})["on"])
    assert 'type="text"' in html and 'value="2026-03-02"' in html and 'placeholder="YYYY-MM-DD"' in html


def test_a_search_box_longer_than_100_characters_is_refused(client, people):
    client.login(username="fzb_admin", password=PASSWORD)
    from fazhi.core.filtersets import RegionFilterSet

    assert not RegionFilterSet({"q": "州" * 101}).is_valid()
    assert RegionFilterSet({"q": "州" * 100}).is_valid()


def test_an_over_long_address_gets_a_chinese_414_page(client, db):
    response = client.get("/portal/", {"q": "长" * 3000})
    assert response.status_code == 414
    body = response.content.decode()
    assert "网址过长" in body and "Request Line" not in body


# ---------------------------------------------------------------- home pages


def test_the_leader_sees_counts_and_overdue_items_per_module(calendar, org, people, client):
    from fazhi.core.views import leader_overview

    late = overdue(org, people)
    Deadline.objects.filter(pk=late.pk).update(rule_code="document_filing")
    deadline_create(actor=None, object_repr="执行情况报告：某决策", rule_code="decision_execution_report",
                    legal_source="《重大行政决策程序暂行条例》第三十四条", start_date=D(2026, 11, 30), period=20,
                    unit="working_days", agency=org.zhou_sthj)
    result = leader_overview(people.leader, today=TODAY)
    assert dict(result["overview"]) == {"规范性文件": {"open": 1, "late": 1}, "重大行政决策": {"open": 1, "late": 0}}
    assert [d.pk for d in result["overview_overdue"]] == [late.pk]
    client.login(username="leader", password=PASSWORD)
    # "/" takes the leader to the cockpit a module registered (supervision); "?home=1" is the ordinary home
    body = client.get("/?home=1").content.decode()
    assert "工作概览" in body and "依申请公开〔2026〕18号" in body


# ---------------------------------------------------------------- consultations


def test_not_yet_started_and_expired_are_different_phases(monkeypatch):
    from types import SimpleNamespace

    from fazhi.core.templatetags import fazhi_tags

    monkeypatch.setattr(fazhi_tags.timezone, "localdate", lambda: TODAY)
    call = SimpleNamespace(start_date=D(2026, 12, 10), end_date=D(2027, 1, 8), closed_at=None)
    assert fazhi_tags.call_phase(call) == "未开始"
    call.start_date, call.end_date = D(2026, 11, 1), D(2026, 11, 30)
    assert fazhi_tags.call_phase(call) == "已届满"
    call.end_date = D(2026, 12, 31)
    assert fazhi_tags.call_phase(call) == "进行中"
    call.closed_at = "x"
    assert fazhi_tags.call_phase(call) == "已结束"


def test_a_shortening_reason_is_shown_only_when_the_period_was_shortened():
    from types import SimpleNamespace

    from fazhi.core.templatetags.fazhi_tags import call_shortened

    thirty = SimpleNamespace(start_date=D(2026, 3, 2), end_date=D(2026, 3, 31), required_min=30,
                             required_unit="calendar_days")
    assert not call_shortened(thirty)
    thirty.end_date = D(2026, 3, 30)  # 29 days: shortened (第十五条)
    assert call_shortened(thirty)


def test_an_expected_403_logs_one_line_without_a_traceback():
    import logging
    import sys

    from django.core.exceptions import PermissionDenied

    from fazhi.core.logging_filters import ExpectedRefusalFilter

    def record_of(exc):
        try:
            raise exc
        except Exception:
            return logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden (Permission denied): %s",
                                     ("/manage/",), sys.exc_info())

    refused = record_of(PermissionDenied("x"))
    assert ExpectedRefusalFilter().filter(refused) and refused.exc_info is None
    assert logging.Formatter().format(refused) == "Forbidden (Permission denied): /manage/"
    crash = record_of(ValueError("boom"))
    assert ExpectedRefusalFilter().filter(crash) and crash.exc_info is not None  # real errors keep their trace


def test_demo_accounts_prints_each_account_once_with_its_stored_name(people):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    assert sum(1 for line in text.splitlines() if line.split()[:1] == ["zsthj_fz"]) == 1
    assert "部门法制工作人员（本单位）" in text
    markdown = StringIO()
    call_command("demo_accounts", "--markdown", stdout=markdown)
    assert "| zsthj_fz |" in markdown.getvalue()


def test_a_searchable_agency_select_is_grouped_by_region(org):
    from django import forms

    from fazhi.core.forms import searchable
    from fazhi.core.models import Agency

    class F(forms.Form):
        agency = forms.ModelChoiceField(label="承办单位", queryset=Agency.objects.all())

    form = F()
    searchable(form.fields["agency"], by_region=True)
    html = str(form["agency"])
    assert "data-fz-search" in html and "<optgroup" in html
    assert F({"agency": org.zhou_sthj.pk}).is_valid()
