"""The kernel comment desk: the lawful behaviour chosen once for every module, over a throwaway desk
registered on core.Deadline (managed with the core deadline permission)."""

import datetime

import pytest
import time_machine
from django.db import transaction

from fazhi.core import deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent
from fazhi.core.permissions import P
from fazhi.procedure import comments as desk
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import CommentSource, ScreeningStatus
from fazhi.procedure.comments import CommentDesk

CLOSED: set[int] = set()


@pytest.fixture(autouse=True)
def toy_desk():
    desk.register_comment_desk(CommentDesk(
        model="core.Deadline", manage_perm=P.MANAGE_DEADLINE, url=lambda t: "/toy/",
        open_problems=lambda t: ["已送审，征求意见已整理完毕。"] if t.pk in CLOSED else []))
    CLOSED.clear()
    yield
    desk._DESKS.pop("core.deadline", None)


@pytest.fixture
def item(org, people, calendar):
    with transaction.atomic():
        target = deadlines.deadline_create(actor=None, object_repr="征求意见稿", rule_code="toy", legal_source="x",
                                           start_date=datetime.date(2026, 9, 1), period=30,
                                           unit=PeriodUnit.CALENDAR_DAYS, agency=org.zhou_sthj)
        procedure.comment_call_open(actor=people.zsthj_fz, target=target, title="征求意见稿", agency=org.zhou_sthj,
                                    start=datetime.date(2026, 9, 21), end=datetime.date(2026, 10, 12),
                                    required_min=7, required_unit=PeriodUnit.WORKING_DAYS, required_source="x")
    return target


def enter(item, actor, **kw):
    data = {"source": CommentSource.PAPER, "content": "建议删除第五条。", **kw}
    return desk.comment_enter(actor=actor, target=item, **data)


def test_an_opinion_received_inside_the_window_is_entered_even_after_it_closed(item, people):
    with time_machine.travel(datetime.datetime(2026, 10, 14, 9, tzinfo=datetime.UTC)):
        comment = enter(item, people.zsthj_fz, received_on=datetime.date(2026, 10, 12))
    assert comment.submitted_at.date() == datetime.date(2026, 10, 12)
    assert desk.unanswered(procedure.open_call_of(item)) == 1


def test_an_opinion_received_after_the_last_day_is_refused_at_its_field(item, people):
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as exc:
        enter(item, people.zsthj_fz, received_on=datetime.date(2026, 10, 13))
    assert exc.value.field_reasons["received_on"][0].startswith("征求意见期为 2026-09-21 至 2026-10-12")
    assert AuditEvent.objects.count() == before


def test_an_opposing_opinion_cannot_be_hidden_and_hiding_needs_a_reason(item, people):
    opposing = enter(item, people.zsthj_fz, received_on=datetime.date(2026, 9, 22), is_opposing=True)
    private = enter(item, people.zsthj_fz, received_on=datetime.date(2026, 9, 22), content="我的身份证号是……")
    with pytest.raises(TransitionRefused):
        desk.comments_screen(actor=people.zsthj_fz, target=item, comment_ids=[opposing.pk], show=False,
                             reason="不同意见")
    with pytest.raises(ServiceError) as exc:
        desk.comments_screen(actor=people.zsthj_fz, target=item, comment_ids=[private.pk], show=False)
    assert "reason" in exc.value.field_errors
    assert desk.comments_screen(actor=people.zsthj_fz, target=item, comment_ids=[private.pk], show=False,
                                reason="含个人信息") == 1
    private.refresh_from_db()
    opposing.refresh_from_db()
    assert private.screening == ScreeningStatus.HIDDEN and opposing.screening == ScreeningStatus.PENDING


def test_comments_of_another_call_are_refused_as_bad_input(item, people, org):
    with transaction.atomic():
        other = deadlines.deadline_create(actor=None, object_repr="另一份", rule_code="toy", legal_source="x",
                                          start_date=datetime.date(2026, 9, 1), period=30,
                                          unit=PeriodUnit.CALENDAR_DAYS, agency=org.zhou_sthj)
        procedure.comment_call_open(actor=people.zsthj_fz, target=other, title="另一份", agency=org.zhou_sthj,
                                    start=datetime.date(2026, 9, 21), end=datetime.date(2026, 10, 12),
                                    required_min=7, required_unit=PeriodUnit.WORKING_DAYS, required_source="x")
    foreign = enter(other, people.zsthj_fz, received_on=datetime.date(2026, 9, 22))
    with pytest.raises(ServiceError):
        desk.comments_answer(actor=people.zsthj_fz, target=item, comment_ids=[foreign.pk], outcome="adopted",
                             answer="采纳")


def test_out_of_scope_users_and_a_closed_desk_change_nothing(item, people):
    before = AuditEvent.objects.count()
    with pytest.raises(NotPermitted):
        enter(item, people.xingyi_fzb, received_on=datetime.date(2026, 9, 22))
    CLOSED.add(item.pk)
    with pytest.raises(TransitionRefused) as exc:
        enter(item, people.zsthj_fz, received_on=datetime.date(2026, 9, 22))
    assert exc.value.reasons == ["已送审，征求意见已整理完毕。"]
    assert AuditEvent.objects.count() == before
