"""The letter ladder: red two months → 提示函 proposed; confirm (文号, .docx, deadline, inbox); a county
answers; the office returns, accepts or escalates to 通报 → 约谈 → 问责."""

from datetime import date

import pytest

from fazhi.core.docgen import docx_text
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.indicators import Period
from fazhi.core.models import AuditEvent, Notification
from fazhi.supervision import letters, services
from fazhi.supervision.models import Letter

from .conftest import at


@pytest.fixture
def red_xingyi(scheme, office, org, figures):
    for m in (9, 10):
        figures[("兴义市", date(2026, m, 1))] = (5, 10)  # 50%: red
        figures[("安龙县", date(2026, m, 1))] = (10, 10)
    with at(date(2026, 10, 9)):
        services.compute_period(actor=office, period=Period.month(2026, 9))
    with at(date(2026, 11, 2)):
        services.compute_period(actor=office, period=Period.month(2026, 10))
        return letters.propose_red_streaks(actor=office, period=Period.month(2026, 10))


def test_red_two_months_proposes_one_tip(red_xingyi, org, office):
    assert len(red_xingyi) == 1
    tip = red_xingyi[0]
    assert tip.kind == "tip" and tip.state == "proposed" and tip.agency == org.xingyi_gov
    assert "2026年9月50.0%（5.0000/10.0000" in tip.problems
    assert tip.snapshots.count() == 2
    with at(date(2026, 11, 3)):  # an open letter suppresses a second proposal
        assert letters.propose_red_streaks(actor=office, period=Period.month(2026, 10)) == []


def test_one_red_month_proposes_nothing(scheme, office, org, figures):
    figures[("兴义市", date(2026, 10, 1))] = (5, 10)
    with at(date(2026, 11, 2)):
        services.compute_period(actor=office, period=Period.month(2026, 10))
        assert letters.propose_red_streaks(actor=office, period=Period.month(2026, 10)) == []


def test_confirm_numbers_generates_docx_and_delivers(red_xingyi, office, county_user, org):
    tip = red_xingyi[0]
    with at(date(2026, 11, 3)):
        tip = letters.confirm(actor=office, letter=tip)
    assert tip.state == "issued" and tip.number == "黔西南法治督〔2026〕1号"
    # 15 working days from Tue 2026-11-03: no holidays in November → Tue 2026-11-24
    assert tip.due_on == date(2026, 11, 24)
    tip.document.open("rb")
    text = docx_text(tip.document.read())
    assert "黔西南法治督〔2026〕1号" in text and "兴义市人民政府" in text and "2026年11月24日前" in text
    assert "本期公布的规范性文件件数" in text  # the base of the figures
    assert Notification.objects.filter(recipient=county_user, title__contains=tip.number).exists()
    assert AuditEvent.objects.filter(action="supervision.confirm").exists()


def test_county_answers_office_returns_then_accepts(red_xingyi, office, county_user):
    tip = red_xingyi[0]
    with at(date(2026, 11, 3)):
        letters.confirm(actor=office, letter=tip)
    with at(date(2026, 11, 10)):
        with pytest.raises(ServiceError, match="不少于10个字"):
            letters.answer(actor=county_user, letter=tip, report="已整改")
        with pytest.raises(NotPermitted):
            letters.accept(actor=county_user, letter=tip)
        letters.answer(actor=county_user, letter=tip, report="已补齐10月全部规范性文件合法性审核记录并建立台账。")
    with at(date(2026, 11, 11)):
        with pytest.raises(ServiceError, match="写明理由"):
            letters.return_answer(actor=office, letter=tip, note="")
        letters.return_answer(actor=office, letter=tip, note="缺少审核记录附件")
        letters.answer(actor=county_user, letter=tip, report="补充报送审核记录清单及台账附件，共12件。")
        tip = letters.accept(actor=office, letter=tip, note="同意销号")
    assert tip.state == "closed"


def test_other_county_cannot_answer(red_xingyi, office, org):
    from fazhi.core.choices import Role, Scope
    from fazhi.core.tests.factories import make_user

    anlong = make_user("anlong_yfz", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION))
    tip = red_xingyi[0]
    with at(date(2026, 11, 3)):
        letters.confirm(actor=office, letter=tip)
        with pytest.raises(NotPermitted):
            letters.answer(actor=anlong, letter=tip, report="这不是我们的函件，不应能答复。")


def test_escalation_climbs_the_ladder_and_stops(red_xingyi, office):
    tip = red_xingyi[0]
    with at(date(2026, 11, 3)):
        letters.confirm(actor=office, letter=tip)
    assert list(letters.overdue(date(2026, 11, 25))) == [tip]
    assert list(letters.overdue(date(2026, 11, 24))) == []  # the last day is still in time
    with at(date(2026, 11, 25)):
        with pytest.raises(ServiceError, match="说明理由"):
            letters.escalate(actor=office, letter=tip, reason="")
        notice = letters.escalate(actor=office, letter=tip, reason="逾期未报送整改报告")
        assert notice.kind == "notice" and notice.previous == tip and notice.state == "proposed"
        letters.confirm(actor=office, letter=notice)
        interview = letters.escalate(actor=office, letter=notice, reason="通报后仍未整改")
        letters.confirm(actor=office, letter=interview)
        acc = letters.escalate(actor=office, letter=interview, reason="约谈后拒不整改")
        letters.confirm(actor=office, letter=acc)
        with pytest.raises(TransitionRefused, match="最后一级"):
            letters.escalate(actor=office, letter=acc, reason="再升级")
    assert [x.kind for x in letters.chain(acc)] == ["tip", "notice", "interview", "accountability"]
    assert letters.chain(tip) == letters.chain(acc)  # the ladder reads the same from any rung
    assert Letter.objects.get(pk=tip.pk).state == "escalated"


def test_every_transition_cites_law_and_article():
    from fazhi.supervision.workflow import LETTER_MACHINE

    for t in LETTER_MACHINE:
        assert t.legal and all(b.law and b.article for b in t.legal)


def test_a_paper_letter_is_registered_with_its_issue_day(red_xingyi, office):
    tip = red_xingyi[0]
    with at(date(2026, 11, 3)):
        with pytest.raises(ServiceError, match="不能晚于今天"):
            letters.confirm(actor=office, letter=tip, issued_on=date(2026, 11, 4))
        # issued Friday 2026-09-25; 国庆/中秋 2026-10-01..07 are days off, Saturday 10-10 is worked (调休)
        tip = letters.confirm(actor=office, letter=tip, issued_on=date(2026, 9, 25))
    assert tip.issued_on == date(2026, 9, 25)
    # 9-28..30 (3), 10-08, 10-09 (5), 10-10 a worked Saturday (6), 10-12..16 (11), 10-19..22 (15)
    assert tip.due_on == date(2026, 10, 22)
    tip.document.open("rb")
    assert "2026年9月25日" in docx_text(tip.document.read())
