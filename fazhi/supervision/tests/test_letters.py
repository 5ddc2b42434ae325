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


# ---------------------------------------------------------------- 约谈 and 问责 records


def _chain_to(kind, office, org):
    from datetime import date as _date

    from fazhi.supervision.models import Letter as _Letter

    letter = _Letter.objects.create(kind="tip", region=org.xingyi, agency=org.xingyi_gov,
                                    region_path=org.xingyi.region_path, rule="测试", problems="测试问题")
    with at(_date(2026, 9, 1)):
        letters.confirm(actor=office, letter=letter)
        while letter.kind != kind:
            letter = letters.escalate(actor=office, letter=letter, reason="逾期未整改")
            letters.confirm(actor=office, letter=letter)
    return letter


def _docx_text(user, url) -> str:
    import io

    from django.test import Client
    from docx import Document

    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_interview_record_refuses_bad_input_and_keeps_who_met_whom(office, org, county_user):
    from datetime import date as _date
    from datetime import datetime as _dt
    from zoneinfo import ZoneInfo

    from fazhi.core.errors import NotPermitted as _NP
    from fazhi.core.errors import TransitionRefused

    cst = ZoneInfo("Asia/Shanghai")
    interview = _chain_to("interview", office, org)
    good = dict(held_at=_dt(2026, 9, 10, 9, 30, tzinfo=cst), place="州司法局会议室", interviewers="依法治州办主任",
                interviewees="兴义市分管副市长", minutes="通报问题并听取说明，提出整改要求。", commitments="十个工作日内整改到位。")
    with at(_date(2026, 9, 9)):
        with pytest.raises(ServiceError, match="不能晚于今天"):
            letters.record_interview(actor=office, letter=interview, **good)
    with at(_date(2026, 9, 11)):
        with pytest.raises(ServiceError, match="被约谈人"):
            letters.record_interview(actor=office, letter=interview, **{**good, "interviewees": " "})
        with pytest.raises(ServiceError, match="早于约谈通知"):
            letters.record_interview(actor=office, letter=interview,
                                     **{**good, "held_at": _dt(2026, 8, 20, 9, 0, tzinfo=cst)})
        with pytest.raises(_NP):
            letters.record_interview(actor=county_user, letter=interview, **good)
        rec = letters.record_interview(actor=office, letter=interview, **good)
        with pytest.raises(TransitionRefused):
            letters.record_interview(actor=office, letter=interview, **good)  # recorded once
    interview.refresh_from_db()
    assert rec.interviewees == "兴义市分管副市长" and interview.state == "issued"
    text = _docx_text(office, f"/supervision/letters/{interview.pk}/interview.docx")
    assert "负责人纪要" in text and "兴义市分管副市长" in text and "十个工作日内整改到位" in text
    tip = letters.chain(interview)[0]
    with pytest.raises(TransitionRefused):
        letters.record_interview(actor=office, letter=tip, **good)


def test_accountability_links_the_chain_and_closes_it(office, org, client):
    from datetime import date as _date

    acc = _chain_to("accountability", office, org)
    with at(_date(2026, 9, 30)):
        with pytest.raises(ServiceError, match="问责方式"):
            letters.decide_accountability(actor=office, letter=acc, decided_on=_date(2026, 9, 30), decided_by="州纪委",
                                          decision_number="问〔2026〕1号", subjects="某某", measure="fire",
                                          decision="予以通报批评并责令整改。")
        rec = letters.decide_accountability(actor=office, letter=acc, decided_on=_date(2026, 9, 30),
                                            decided_by="州纪委州监委", decision_number="问〔2026〕1号",
                                            subjects="兴义市分管负责同志", measure="criticism",
                                            decision="予以通报批评并责令作出书面检查。")
    acc.refresh_from_db()
    assert acc.state == "closed"
    assert [c["kind"] for c in rec.chain] == ["提示函", "通报", "约谈"]
    client.force_login(office)
    html = client.get(f"/supervision/letters/{acc.pk}/").content.decode()
    assert "问〔2026〕1号" in html and "所依据的督促链" in html and "记录约谈情况" not in html
    text = _docx_text(office, f"/supervision/letters/{acc.pk}/accountability.docx")
    assert "问〔2026〕1号" in text and "通报批评" in text and "约谈" in text
    client.force_login(office)
    assert client.get(f"/supervision/letters/{acc.pk}/interview.docx").status_code == 404
