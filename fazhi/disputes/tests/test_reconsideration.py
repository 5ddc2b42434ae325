"""行政复议 clocks at their edges on real 2026 dates (春节 2-15…2-23 with 调休 2-14, 2-28; 劳动节 5-1…5-5
with 调休 5-9; 国庆 10-1…10-7) and the cited refusals of the machine."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.disputes import rules, services
from fazhi.disputes.choices import RcDecision, RcProcedure, RcState, SimpleGround
from fazhi.disputes.workflow import RC_MACHINE


def register(org, clerk, **kw):
    data = dict(agency=org.zhou_sfj, organ=org.zhou_gov, respondent=org.zhou_sthj, applicant_name="张三",
                act="罚款五千元", act_known_on=date(2026, 3, 6), received_on=date(2026, 4, 29))
    data.update(kw)
    return services.rc_register(actor=clerk, **data)


def test_every_transition_cites_law_and_article():
    for t in RC_MACHINE:
        assert t.legal and all(b.law and b.article for b in t.legal)


def test_application_window_rolls_over_labour_day(calendar):
    # 2026-03-06 + 60 days = 2026-05-05 (劳动节) → the first working day after it, 2026-05-06
    window = rules.application_window(act_known_on=date(2026, 3, 6))
    assert window.last_day == date(2026, 5, 6)


def test_application_window_unnotified_rights_capped_at_one_year(calendar):
    window = rules.application_window(act_known_on=date(2025, 1, 10), rights_notified=False,
                                      rights_known_on=date(2025, 12, 20))
    assert window.last_day == date(2026, 1, 12)  # 2026-01-10 is a Saturday → Monday 01-12


def test_accept_refused_one_day_after_the_window(org, clerk):
    ok = register(org, clerk, received_on=date(2026, 5, 6))
    assert RC_MACHINE.check("accept", ok, user=clerk) == []
    late = register(org, clerk, received_on=date(2026, 5, 7))
    with pytest.raises(TransitionRefused) as exc:
        services.rc_accept(actor=clerk, rc=late, on=date(2026, 5, 7))
    assert "第二十条" in str(exc.value)
    assert Reconsideration_state(late) == RcState.RECEIVED


def Reconsideration_state(rc):
    rc.refresh_from_db()
    return rc.state


def test_review_period_five_working_days_over_spring_festival(org, clerk):
    # received Fri 02-13: 02-14 (调休 Sat) 1, 02-15…02-23 holiday, 02-24 2 … 02-27 5
    rc = register(org, clerk, act_known_on=date(2026, 2, 1), received_on=date(2026, 2, 13))
    assert rc.review_deadline.due_date == date(2026, 2, 27)
    with time_machine.travel("2026-02-27 16:00 +0800", tick=False):
        assert RC_MACHINE.check("reject", rc, user=clerk) == []
    with time_machine.travel("2026-02-28 09:00 +0800", tick=False):
        reasons = RC_MACHINE.check("reject", rc, user=clerk)
        assert reasons and "视为受理" in reasons[0]
        services.rc_accept(actor=clerk, rc=rc, on=date(2026, 2, 28))
    rc.refresh_from_db()
    assert rc.deemed_accepted and rc.accepted_on == date(2026, 2, 27)


def test_copy_seven_working_days_over_labour_day_and_answer_ten(org, clerk):
    rc = register(org, clerk)
    rc = services.rc_accept(actor=clerk, rc=rc, on=date(2026, 4, 29))
    # 04-30 1, 05-01…05-05 holiday, 05-06 2, 05-07 3, 05-08 4, 05-09 (调休 Sat) 5, 05-11 6, 05-12 7
    assert rc.copy_deadline.due_date == date(2026, 5, 12)
    rc = services.rc_send_copy(actor=clerk, rc=rc, sent_on=date(2026, 5, 12), served_on=date(2026, 5, 13))
    rc.copy_deadline.refresh_from_db()
    assert rc.copy_deadline.status == "done"
    # 10 working days from 05-13: 05-14 … 05-27
    assert rc.answer_deadline.due_date == date(2026, 5, 27)
    services.rc_receive_answer(actor=clerk, rc=rc, on=date(2026, 5, 28))
    rc.refresh_from_db()
    assert rc.answer_late
    with pytest.raises(TransitionRefused) as exc:
        services.rc_decide(actor=clerk, rc=rc, decision=RcDecision.UPHOLD, summary="维持", on=date(2026, 6, 10))
    assert "第七十条" in str(exc.value)
    services.rc_decide(actor=clerk, rc=rc, decision=RcDecision.REVOKE, summary="撤销", on=date(2026, 6, 10))
    rc.refresh_from_db()
    assert rc.state == RcState.DECIDED and not rc.closed_late


def test_decision_sixty_days_rolls_over_national_day_and_extension_capped(org, clerk):
    rc = register(org, clerk, act_known_on=date(2026, 7, 1), received_on=date(2026, 7, 28))
    rc = services.rc_accept(actor=clerk, rc=rc, on=date(2026, 8, 3))
    # 08-03 + 60 days = 10-02 (国庆) → 10-08
    assert rc.decision_deadline.due_date == date(2026, 10, 8)
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        rc = services.rc_extend(actor=clerk, rc=rc, days=20, approved_by="李四", reason="情况复杂")
        assert rc.extension_days == 20
        with pytest.raises(ServiceError):
            services.rc_extend(actor=clerk, rc=rc, days=11, approved_by="李四", reason="仍复杂")
        rc = services.rc_extend(actor=clerk, rc=rc, days=10, approved_by="李四", reason="仍复杂")
        assert RC_MACHINE.check("extend", rc, user=clerk)  # 30 days used: refused with 第六十二条
    rc.refresh_from_db()
    # 10-08 + 20 = 10-28 (Wed); + 10 = 11-07 (Sat) → 11-09
    assert rc.decision_deadline.due_date == date(2026, 11, 9)


def test_simple_procedure_thirty_days_and_amount_limit(org, clerk):
    big = register(org, clerk, amount=Decimal("3000.01"))
    with pytest.raises(TransitionRefused):
        services.rc_accept(actor=clerk, rc=big, procedure=RcProcedure.SIMPLE,
                           simple_ground=SimpleGround.SMALL_AMOUNT, on=date(2026, 4, 29))
    small = register(org, clerk, amount=Decimal("3000"))
    small = services.rc_accept(actor=clerk, rc=small, procedure=RcProcedure.SIMPLE,
                               simple_ground=SimpleGround.SMALL_AMOUNT, on=date(2026, 4, 29))
    # 04-29 + 30 = 05-29 (Fri); copy 3 working days: 04-30, 05-06, 05-07
    assert small.decision_deadline.due_date == date(2026, 5, 29)
    assert small.copy_deadline.due_date == date(2026, 5, 7)
    assert RC_MACHINE.check("extend", small, user=clerk)


def test_order_perform_only_for_inaction(org, clerk):
    rc = register(org, clerk)
    rc = services.rc_accept(actor=clerk, rc=rc, on=date(2026, 4, 29))
    services.rc_send_copy(actor=clerk, rc=rc, sent_on=date(2026, 4, 30))
    with pytest.raises(TransitionRefused) as exc:
        services.rc_decide(actor=clerk, rc=rc, decision=RcDecision.ORDER_PERFORM, summary="x", on=date(2026, 5, 20))
    assert "第六十六条" in str(exc.value)


def test_supplement_once_within_five_days(org, clerk):
    with time_machine.travel("2026-02-13 10:00 +0800", tick=False):
        rc = register(org, clerk, act_known_on=date(2026, 2, 1), received_on=date(2026, 2, 13))
    with time_machine.travel("2026-02-24 10:00 +0800", tick=False):
        rc = services.rc_request_supplement(actor=clerk, rc=rc, items="身份证明", notified_on=date(2026, 2, 24))
        # 10 working days from 02-24: 02-25 1, 02-26 2, 02-27 3, 02-28 (调休 Sat) 4, 03-02 5 … 03-09 10
        assert rc.supplement_deadline.due_date == date(2026, 3, 9)
        assert rc.state == RcState.SUPPLEMENT


def test_out_of_scope_clerk_refused(org, clerk, people):
    rc = register(org, clerk)
    with pytest.raises(NotPermitted):
        services.rc_accept(actor=people.zsthj_fz, rc=rc, on=date(2026, 4, 29))


def test_suspension_pauses_the_decision_clock_and_sixty_days_ends_it(org, clerk):
    rc = register(org, clerk, act_known_on=date(2026, 7, 1), received_on=date(2026, 7, 28))
    rc = services.rc_accept(actor=clerk, rc=rc, on=date(2026, 8, 3))
    rc = services.rc_suspend(actor=clerk, rc=rc, ground="1", on=date(2026, 8, 10))
    with pytest.raises(TransitionRefused) as exc:
        services.rc_terminate(actor=clerk, rc=rc, ground="5", on=date(2026, 10, 8))  # 59 days
    assert "六十日" in str(exc.value)
    rc = services.rc_terminate(actor=clerk, rc=rc, ground="5", on=date(2026, 10, 9))
    assert rc.state == RcState.TERMINATED


def test_resume_moves_the_decision_due_date(org, clerk):
    rc = register(org, clerk, act_known_on=date(2026, 7, 1), received_on=date(2026, 7, 28))
    rc = services.rc_accept(actor=clerk, rc=rc, on=date(2026, 8, 3))
    services.rc_suspend(actor=clerk, rc=rc, ground="6", on=date(2026, 8, 10))
    rc = services.rc_resume(actor=clerk, rc=rc, on=date(2026, 8, 20))
    rc.decision_deadline.refresh_from_db()
    # last day 10-02 + 10 paused days = 10-12 (Mon, a working day)
    assert rc.decision_deadline.due_date == date(2026, 10, 12) and rc.state == RcState.ACCEPTED


def test_every_step_form_and_input_of_the_three_machines_exists():
    from fazhi.disputes.workflow import LIT_MACHINE, MED_MACHINE

    for machine in (RC_MACHINE, LIT_MACHINE, MED_MACHINE):
        for t in machine:
            assert t.service_callable()
            if t.form:
                assert t.form_class() and t.input_class()
