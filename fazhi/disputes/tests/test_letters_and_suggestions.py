"""行政复议意见书 / 建议书 (行政复议法 第七十六条、第七十七条、第七十九条第二款) and 司法建议 (行政诉讼法 第九十六条)
on real 2026 dates: the 60-day clocks roll past the 国庆 holiday (10-1…10-7) to 10-8."""

from datetime import date

import pytest

from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind
from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.disputes import services
from fazhi.disputes.choices import Instance


@pytest.fixture
def county_case(org, clerk):
    bureau = core_services.agency_create(actor=None, name="兴义市市场监督管理局", kind=AgencyKind.DEPARTMENT,
                                         region=org.xingyi)
    rc = services.rc_register(actor=None, agency=org.xingyi_sfj, organ=org.xingyi_gov, respondent=bureau,
                              applicant_name="李四", act="责令停业整顿", act_known_on=date(2026, 6, 1),
                              received_on=date(2026, 6, 10))
    return services.rc_accept(actor=None, rc=rc, on=date(2026, 6, 11))


def test_an_opinion_to_a_governments_department_is_copied_upward_and_has_sixty_days(org, county_case):
    rc = county_case
    with pytest.raises(ServiceError) as exc:
        services.rc_issue_letter(actor=None, rc=rc, kind="opinion", addressee="respondent",
                                 content="处罚程序违法，请自行纠正", on=date(2026, 8, 3))
    assert "copied_to" in exc.value.field_errors  # 第七十九条第二款
    services.rc_issue_letter(actor=None, rc=rc, kind="opinion", addressee="respondent",
                             content="处罚程序违法，请自行纠正", copied_to="黔西南州生态环境局", on=date(2026, 8, 3))
    letter = rc.letters.get()
    assert (letter.seq, letter.copied_to, letter.addressee.name) == (1, org.zhou_sthj, "兴义市市场监督管理局")
    assert letter.reply_deadline.due_date == date(2026, 10, 8)  # 10-2 falls in 国庆 → the next working day


def test_the_ladder_orders_first_then_interviews_and_stops_once_reported(county_case):
    rc = county_case
    services.rc_issue_letter(actor=None, rc=rc, kind="opinion", addressee="respondent", content="请纠正",
                             copied_to="黔西南州生态环境局", on=date(2026, 8, 3))
    with pytest.raises(TransitionRefused) as exc:
        services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="order", due_on=date(2026, 10, 20),
                                   on=date(2026, 10, 8))
    assert "尚未届满" in exc.value.reasons[0]
    with pytest.raises(TransitionRefused):
        services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="interview", on=date(2026, 10, 9))
    services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="order", due_on=date(2026, 10, 20),
                               note="责令十日内履行", on=date(2026, 10, 9))
    with pytest.raises(TransitionRefused) as exc:
        services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="interview", on=date(2026, 10, 20))
    assert "第七十七条第二款" in exc.value.reasons[0]
    services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="interview", note="约谈局长", on=date(2026, 10, 21))
    services.rc_letter_reply(actor=None, rc=rc, letter=1, reply="已撤销原处罚决定", on=date(2026, 10, 22))
    letter = rc.letters.get()
    assert (letter.ordered_on, letter.interviewed_on, letter.replied_on) == (
        date(2026, 10, 9), date(2026, 10, 21), date(2026, 10, 22))
    assert letter.reply_deadline.status == "done"
    with pytest.raises(TransitionRefused):  # nothing left to press
        services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="circulate", on=date(2026, 10, 23))


def test_a_suggestion_letter_has_no_clock_and_no_ladder(county_case):
    rc = county_case
    services.rc_issue_letter(actor=None, rc=rc, kind="suggestion", addressee="other",
                             other_agency="兴义市市场监督管理局", content="建议规范听证告知", on=date(2026, 8, 3))
    assert rc.letters.get().reply_deadline is None
    with pytest.raises(TransitionRefused):
        services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="order", due_on=date(2026, 11, 30),
                                   on=date(2026, 11, 2))


def test_a_judicial_suggestion_is_answered_in_writing_within_sixty_days(org, clerk):
    lit = services.lit_register(actor=None, agency=org.zhou_sthj, court="兴义市人民法院", case_number="（2026）黔2301行初8号",
                                plaintiff="王五", contested_act="行政处罚", filed_on=date(2026, 5, 6),
                                instance=Instance.FIRST)
    with pytest.raises(TransitionRefused):
        services.lit_answer_suggestion(actor=None, lit=lit, suggestion=1, answer="……", on=date(2026, 8, 4))
    services.lit_receive_suggestion(actor=None, lit=lit, content="建议规范送达程序", on=date(2026, 8, 3))
    item = lit.suggestions.get()
    assert item.answer_deadline.due_date == date(2026, 10, 8)
    with pytest.raises(ServiceError):
        services.lit_answer_suggestion(actor=None, lit=lit, suggestion=1, answer="", on=date(2026, 10, 9))
    services.lit_answer_suggestion(actor=None, lit=lit, suggestion=1, answer="已整改并书面答复", on=date(2026, 10, 9))
    item.refresh_from_db()
    assert item.answered_on == date(2026, 10, 9)
    with pytest.raises(TransitionRefused):  # nothing left to answer
        services.lit_answer_suggestion(actor=None, lit=lit, suggestion=1, answer="再次答复", on=date(2026, 10, 10))


def test_an_incidental_review_is_handled_in_thirty_days_or_transferred_in_seven(county_case):
    rc = county_case
    with pytest.raises(ServiceError) as exc:
        services.rc_norm_review(actor=None, rc=rc, source="applicant", document_title="兴义市某规定第五条",
                                handling="transfer", requested_on=date(2026, 6, 12), on=date(2026, 6, 15))
    assert "transferred_to" in exc.value.field_errors
    services.rc_norm_review(actor=None, rc=rc, source="applicant", document_title="兴义市某规定第五条",
                            handling="competent", requested_on=date(2026, 6, 12), on=date(2026, 6, 12))
    services.rc_norm_review(actor=None, rc=rc, source="ex_officio", document_title="黔西南州某办法第三条",
                            handling="transfer", transferred_to="黔西南州人民政府", requested_on=date(2026, 6, 12),
                            on=date(2026, 6, 22))
    first, second = rc.norm_reviews.order_by("seq").select_related("deadline")
    # 30 days from 06-12 → 07-12, a Sunday → 07-13; the transfer on 06-22 is late (over 7 days) and starts 60 days
    assert first.deadline.due_date == date(2026, 7, 13) and not first.transfer_late
    assert second.transfer_late and second.deadline.due_date == date(2026, 8, 21)
    with pytest.raises(ServiceError):  # a transferred review ends with the reply, not with the organ's own result
        services.rc_norm_review_result(actor=None, rc=rc, review=2, result="lawful", on=date(2026, 7, 1))
    services.rc_norm_review_result(actor=None, rc=rc, review=1, result="stop", note="第五条增设许可条件，停止执行",
                                   on=date(2026, 7, 10))
    services.rc_norm_review_result(actor=None, rc=rc, review=2, result="replied", note="已修改第三条",
                                   on=date(2026, 8, 1))
    assert [r.result for r in rc.norm_reviews.order_by("seq")] == ["stop", "replied"]
