"""Real Chromium, a member of the public without an account: comments on a decision draft under public
consultation from a phone (a wrong answer to the question first), and reads a published decision with
its catalogue and execution progress on a desk, then sends feedback. No request leaves 127.0.0.1.

The live server runs in this process, so time_machine moves its clock too. Run with
FAZHI_SCREENSHOTS=1 to save the pages at 1366×768 and 390 px to var/screenshots/.
"""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from fazhi.core.tests.browser import conftest as shell
from fazhi.decisions import selectors, services
from fazhi.decisions.models import PublicFeedback
from fazhi.decisions.tests.conftest import at, opinions
from fazhi.portal.tests.browser.test_public_comment import answer_question
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shell's browser fixtures (fazhi/core/tests/browser/conftest.py), registered here by name.
browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
screenshot_fixture = shell.screenshot_fixture
horizontal_overflow = shell.horizontal_overflow

DRAFT = "一、布局原则：就近入学、规模适度。\n二、拟撤并的教学点：顶效镇绿荫村教学点……"


def live(day: date):
    """The clock the live server reads while the browser works (ticking, so timeouts behave)."""
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=True)


@pytest.fixture
def consultation(dcp, org):
    """The prefecture's school-layout draft, out for comment from 2026-11-20 to 2026-12-20, with a hearing
    held and one answered comment already public."""
    with at(date(2026, 11, 2)):
        decision = services.decision_create(
            actor=dcp.zfgb_jc, title="黔西南州中心城区中小学校布局调整方案", decision_organ=org.zhou_gov,
            sponsor=org.zhou_sthj, requires_public_participation=True, requires_expert_argumentation=False,
            requires_risk_assessment=False, concerns_market=False, requires_hearing=True)
        services.decision_start(actor=dcp.zfgb_jc, decision=decision)
        services.decision_update(actor=dcp.zfgb_jc, decision=decision, draft=DRAFT, explanation="起草说明……")
    with at(date(2026, 11, 20)):
        services.consultation_open(actor=dcp.zfgb_jc, decision=decision, start=date(2026, 11, 20),
                                   end=date(2026, 12, 20), notice="欢迎家长和社会各界提出意见建议。")
        call = selectors.consultation_of(decision)
        earlier = procedure.comment_submit_public(call=call, content="建议为撤并教学点的学生安排校车。")
        services.comments_screen(actor=dcp.zfgb_jc, decision=decision, comment_ids=[earlier.pk], show=True)
        services.comments_answer(actor=dcp.zfgb_jc, decision=decision, comment_ids=[earlier.pk], outcome="adopted",
                                 answer="已在第三条中明确校车保障。")
    with at(date(2026, 11, 24)):
        services.hearing_record(actor=dcp.zfgb_jc, decision=decision, held_on=date(2026, 11, 24), place="州政务服务中心",
                                notice_published_on=date(2026, 11, 10), participants="家长代表8人、教师代表4人",
                                participants_published_on=date(2026, 11, 12),
                                materials_delivered_on=date(2026, 11, 16), record_signed=True)
    return decision, call, earlier


def test_a_citizen_comments_on_an_open_consultation_from_a_phone(phone_page, page, live_server, consultation,
                                                                  request_log, screenshot):
    decision, call, earlier = consultation
    with live(date(2026, 11, 26)):
        phone_page.goto(f"{live_server.url}/portal/decisions/")
        expect(phone_page.locator("#fz-dec-open-calls")).to_contain_text(decision.title)
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-decisions-home-390")
        with phone_page.expect_navigation():
            phone_page.click(".fz-dec-nav a:has-text('征求意见')")
        assert horizontal_overflow(phone_page) == 0
        with phone_page.expect_navigation():
            phone_page.click("#fz-dec-open-calls a.btn")
        expect(phone_page.locator("#fz-draft")).to_contain_text("拟撤并的教学点")
        expect(phone_page.locator("#fz-hearings")).to_contain_text("家长代表8人")
        expect(phone_page.locator("#comments")).to_contain_text("已在第三条中明确校车保障。")

        # A wrong answer is refused and nothing is stored; the text stays in the form.
        phone_page.fill("#id_content", "建议保留绿荫村教学点，山区学生上学路途太远。")
        phone_page.fill("#id_captcha_answer", "99")
        with phone_page.expect_navigation():
            phone_page.click("#fz-comment-form button[type=submit]")
        expect(phone_page.locator("#fz-comment-form")).to_contain_text("验证题答案不正确")
        expect(phone_page.locator("#id_content")).to_have_value("建议保留绿荫村教学点，山区学生上学路途太远。")
        assert Comment.objects.count() == 1

        phone_page.fill("#id_name", "绿荫村村民")
        phone_page.fill("#id_contact", "13811112222")
        answer_question(phone_page)
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-decision-consultation-390")
        with phone_page.expect_navigation():
            phone_page.click("#fz-comment-form button[type=submit]")
        expect(phone_page.locator(".alert-success")).to_contain_text("请记下受理编号")
        expect(phone_page.locator("#fz-receipt")).to_have_text(Comment.objects.exclude(pk=earlier.pk).get().receipt)
        expect(phone_page.locator("#fz-comment-screening")).to_have_text("待审核")
        screenshot(phone_page, "portal-decision-comment-sent-390")
        phone_page.goto(f"{live_server.url}/portal/decisions/consultations/{call.code}/")
        expect(phone_page.locator("#comments")).not_to_contain_text("绿荫村教学点")  # not before screening

        page.goto(f"{live_server.url}/portal/decisions/consultations/{call.code}/")
        expect(page.locator("#fz-comment-form")).to_be_visible()
        assert horizontal_overflow(page) == 0
        screenshot(page, "portal-decision-consultation-1366")

    comment = Comment.objects.exclude(pk=earlier.pk).get()
    assert comment.call == call and comment.content.startswith("建议保留绿荫村教学点")
    assert comment.screening == ScreeningStatus.PENDING and comment.client_ip == "127.0.0.1"
    assert comment.contact == "13811112222" and comment.name == "绿荫村村民"
    assert request_log.outside() == []


def test_a_citizen_reads_the_catalogue_and_a_published_decision_and_sends_feedback(
        page, phone_page, live_server, dcp, dwalker, org, people, request_log, screenshot):
    with at(date(2026, 1, 20)):
        catalogue = services.catalogue_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, year=2026)
        decision = services.decision_create(
            actor=dcp.zfgb_jc, title="黔西南州城区公共交通票价调整方案", decision_organ=org.zhou_gov,
            sponsor=org.zhou_sthj, catalogue=catalogue, requires_public_participation=True,
            requires_expert_argumentation=False, requires_risk_assessment=False, concerns_market=False)
    with at(date(2026, 2, 2)):
        services.catalogue_publish(actor=dcp.zfgb_jc, catalogue=catalogue, party_consent_on=date(2026, 1, 28),
                                   party_consent_ref="州委常委会第5次会议")
    with at(date(2026, 3, 2)):
        services.decision_start(actor=dcp.zfgb_jc, decision=decision)
        services.decision_update(actor=dcp.zfgb_jc, decision=decision, draft="一、调整原则……",
                                 explanation="起草说明……")
    dwalker.review(dwalker.consult(decision))
    with at(date(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=decision)
    with at(date(2026, 4, 20)):
        services.meeting_record(actor=dcp.zfgb_jc, decision=decision, meeting_type="standing",
                                held_on=date(2026, 4, 20), attendees="州长、副州长", outcome="adopted",
                                head_name="州长", opinions=opinions("agree", "agree"),
                                party_report_on=date(2026, 4, 20), party_report_ref="呈报")
    with at(date(2026, 4, 24)):
        services.decision_publish(actor=dcp.zfgb_jc, decision=decision,
                         publication_text="黔西南州人民政府关于调整城区公共交通票价的决定\n一、普通线路票价每人次2元……",
                         publication_explanation="公开征求意见期间未收到意见。", execution_units=[org.zhou_sthj])
    with at(date(2026, 7, 20)):
        services.execution_report(actor=people.zsthj_fz, decision=decision, progress="运行平稳")

    with live(date(2026, 11, 26)):
        for viewer, suffix in ((page, "1366"), (phone_page, "390")):
            viewer.goto(f"{live_server.url}/portal/decisions/catalogues/")
            with viewer.expect_navigation():
                viewer.click(f"#fz-catalogues a:has-text('{org.zhou_gov.name}')")
            expect(viewer.locator("#fz-catalogue-items")).to_contain_text(decision.title)
            assert horizontal_overflow(viewer) == 0
            screenshot(viewer, f"portal-decision-catalogue-{suffix}")
            with viewer.expect_navigation():
                viewer.click(f"#fz-catalogue-items a:has-text('{decision.title}')")
            expect(viewer.locator("#fz-decision-title")).to_have_text(decision.title)
            expect(viewer.locator("#fz-reports tr[data-status=on_time]")).to_contain_text("按时报告")
            expect(viewer.locator("#fz-reports tr[data-status=overdue]")).to_contain_text("逾期未报告")
            assert horizontal_overflow(viewer) == 0
            screenshot(viewer, f"portal-decision-detail-{suffix}")

        page.fill("#id_content", "高峰期3路公交过于拥挤，建议加密班次。")
        answer_question(page)
        with page.expect_navigation():
            page.click("#fz-feedback-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("感谢您的意见建议")
    feedback = PublicFeedback.objects.get()
    assert feedback.decision == decision and feedback.client_ip == "127.0.0.1"
    assert request_log.outside() == []
