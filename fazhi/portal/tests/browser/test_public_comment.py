"""Real Chromium, a member of the public without an account: finds a published document by searching
its text and submits a review suggestion (then looks it up by its receipt code); comments on an open
call from a phone. No request leaves 127.0.0.1.

The live server runs in this process, so time_machine moves its clock too. Run with
FAZHI_SCREENSHOTS=1 to save the pages at 1366×768 and 390 px to var/screenshots/.
"""

import re
from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from fazhi.core.tests.browser import conftest as shell
from fazhi.documents import services
from fazhi.documents.models import ReviewSuggestion
from fazhi.documents.selectors import comment_call_for
from fazhi.portal.captcha import NUMERALS
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shell's browser fixtures (fazhi/core/tests/browser/conftest.py), registered here by name.
browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
screenshot_fixture = shell.screenshot_fixture
horizontal_overflow = shell.horizontal_overflow


def at(day: date, hour: str = "10:00"):
    return time_machine.travel(f"{day.isoformat()} {hour} +0800", tick=True)


def answer_question(page) -> None:
    """Read the arithmetic question on the page and type its answer, as a person would."""
    text = page.locator("#fz-captcha-question").inner_text()
    a, op, b = re.match(r"(.)\s*(加|减)\s*(.)", text).groups()
    x, y = NUMERALS.index(a), NUMERALS.index(b)
    page.fill("#id_captcha_answer", str(x + y if op == "加" else x - y))


def test_a_member_of_the_public_finds_a_document_by_searching_and_submits_a_review_suggestion(
        page, phone_page, live_server, walker, request_log, screenshot):
    published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(
        on=date(2026, 9, 25))))))
    draft = walker.draft(title="兴义市户外广告招牌整治方案（内部讨论稿）", body="本市行政区域内的户外广告招牌统一整治。",
                         on=date(2026, 10, 30))

    with at(date(2026, 11, 2)):
        page.goto(f"{live_server.url}/portal/")
        expect(page.locator("h1")).to_have_text("行政规范性文件检索")
        screenshot(page, "portal-home-1366")
        page.fill("#fz-home-q", "行政区域")
        with page.expect_navigation():
            page.click("main form[role=search] button[type=submit]")
        results = page.locator("#fz-results .fz-doc-item")
        expect(results).to_have_count(1)  # the draft with the same words is not in the library
        expect(results.first).to_contain_text(published.title)
        expect(results.first.locator("mark").first).to_have_text("行政区域")
        assert draft.title not in page.content()
        screenshot(page, "portal-search-1366")

        with page.expect_navigation():
            results.first.locator("h2 a").click()
        expect(page.locator("#fz-doc-title")).to_have_text(published.title)
        expect(page.locator(".fz-validity").first).to_have_text("尚未施行")
        expect(page.locator("#fz-history")).to_contain_text("公布（兴府规〔2026〕1号）")
        expect(page.locator("#fz-pdf")).to_be_visible()
        screenshot(page, "portal-document-1366")

        with page.expect_navigation():
            page.click("#fz-suggest")
        page.fill("#id_content", "第二条将适用范围扩大到全市行政区域，超出了上位法授权，建议审查。")
        page.fill("#id_name", "王五")
        page.fill("#id_contact", "wangwu@example.org")
        answer_question(page)
        screenshot(page, "portal-suggestion-form-1366")
        with page.expect_navigation():
            page.click("#fz-suggestion-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("请记下受理编号")
        receipt = page.locator("#fz-receipt").inner_text().strip()
        expect(page.locator("#fz-suggestion-status")).to_have_text("已受理")
        assert "wangwu@example.org" not in page.content()
        screenshot(page, "portal-receipt-1366")

        # Later, the citizen looks the suggestion up by its receipt code.
        page.goto(f"{live_server.url}/portal/")
        with page.expect_navigation():
            page.click("nav a:has-text('审查建议查询')")
        page.fill("#id_code", receipt.lower())
        with page.expect_navigation():
            page.click("#fz-lookup button[type=submit]")
        expect(page.locator("#fz-receipt")).to_have_text(receipt)

        # The same library on a phone: readable, nothing wider than the screen.
        phone_page.goto(f"{live_server.url}/portal/documents/?q=户外广告")
        expect(phone_page.locator("#fz-results .fz-doc-item")).to_have_count(1)
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-search-390")
        phone_page.goto(f"{live_server.url}/portal/documents/{published.code}/")
        expect(phone_page.locator("#fz-doc-body")).to_contain_text("第二条")
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-document-390")

    suggestion = ReviewSuggestion.objects.get()
    assert suggestion.code == receipt and suggestion.document == published
    assert suggestion.contact == "wangwu@example.org" and suggestion.client_ip == "127.0.0.1"
    assert request_log.outside() == []


def test_a_member_of_the_public_comments_on_an_open_call_from_a_phone(
        page, phone_page, live_server, walker, dp, request_log, screenshot):
    doc = walker.draft(on=date(2026, 9, 25))
    with walker.at(date(2026, 9, 28)):
        services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28), end=date(2026, 10, 12),
                              notice="欢迎社会各界提出意见建议。")
        call = comment_call_for(doc)
        earlier = procedure.comment_submit_public(call=call, content="建议明确店招标牌的设置标准。")
        services.comments_screen(actor=dp.xingyi_qc, document=doc, comment_ids=[earlier.pk], show=True)
        services.comments_answer(actor=dp.xingyi_qc, document=doc, comment_ids=[earlier.pk], outcome="adopted",
                                 answer="已在第二条中予以明确。")

    with at(date(2026, 10, 9)):
        phone_page.goto(f"{live_server.url}/portal/")
        with phone_page.expect_navigation():
            phone_page.click("nav a:has-text('征求意见')")
        expect(phone_page.locator("#fz-open-calls")).to_contain_text(doc.title)
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-calls-390")
        with phone_page.expect_navigation():
            phone_page.click("#fz-open-calls a.btn")
        expect(phone_page.locator("#fz-draft")).to_contain_text("第二条 本办法适用于本市行政区域内户外广告设施的设置和管理。")
        expect(phone_page.locator("#comments")).to_contain_text("已在第二条中予以明确。")

        # A wrong answer is refused and nothing is stored; the text stays in the form.
        phone_page.fill("#id_content", "建议对临街招牌的尺寸和亮度作出规定。")
        phone_page.fill("#id_captcha_answer", "99")
        with phone_page.expect_navigation():
            phone_page.click("#fz-comment-form button[type=submit]")
        expect(phone_page.locator("#fz-comment-form")).to_contain_text("验证题答案不正确")
        expect(phone_page.locator("#id_content")).to_have_value("建议对临街招牌的尺寸和亮度作出规定。")
        assert Comment.objects.count() == 1

        answer_question(phone_page)
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-comment-form-390")
        with phone_page.expect_navigation():
            phone_page.click("#fz-comment-form button[type=submit]")
        expect(phone_page.locator(".alert-success")).to_contain_text("请记下受理编号")
        # The commenter lands on the receipt: waiting for screening, not yet answered.
        receipt = Comment.objects.exclude(pk=earlier.pk).get().receipt
        expect(phone_page.locator("#fz-receipt")).to_have_text(receipt)
        expect(phone_page.locator("#fz-comment-screening")).to_have_text("待审核")
        expect(phone_page.locator("#fz-comment-outcome")).to_have_text("尚未答复")
        assert horizontal_overflow(phone_page) == 0
        screenshot(phone_page, "portal-comment-sent-390")
        # Not shown on the call's page before it is screened.
        phone_page.goto(f"{live_server.url}/portal/comments/{call.code}/")
        expect(phone_page.locator("#comments")).not_to_contain_text("尺寸和亮度")

        page.goto(f"{live_server.url}/portal/comments/{call.code}/")
        expect(page.locator("#fz-comment-form")).to_be_visible()
        screenshot(page, "portal-comment-1366")

    comment = Comment.objects.exclude(pk=earlier.pk).get()
    assert comment.content == "建议对临街招牌的尺寸和亮度作出规定。"
    assert comment.screening == ScreeningStatus.PENDING and comment.client_ip == "127.0.0.1"
    assert request_log.outside() == []


def test_cleanup_results_read_on_a_phone_and_on_a_desk(page, phone_page, live_server, walker, dp, request_log,
                                                      screenshot):
    published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(
        on=date(2026, 9, 25))))))
    with walker.at(date(2026, 11, 2)):
        campaign = services.campaign_create(actor=dp.xingyi_fzb, title="2026年度兴义市规范性文件集中清理",
                                            kind="periodic")
        services.cleanup_item_decide(actor=dp.xingyi_qc, item=campaign.items.get(), decision="amend",
                                  reason="第二条适用范围需与新修订的上位法衔接，拟予修改")
        services.campaign_publish(actor=dp.xingyi_fzb, campaign=campaign)

    with at(date(2026, 11, 3)):
        for viewer, suffix in ((page, "1366"), (phone_page, "390")):
            viewer.goto(f"{live_server.url}/portal/cleanup/")
            with viewer.expect_navigation():
                viewer.click(f"#fz-campaigns a:has-text('{campaign.title}')")
            expect(viewer.locator("section[data-decision=amend]")).to_contain_text(published.title)
            expect(viewer.locator("#fz-announcement")).to_be_visible()
            assert horizontal_overflow(viewer) == 0
            screenshot(viewer, f"portal-cleanup-{suffix}")
        with page.expect_download() as download:
            page.click("#fz-announcement")
        assert download.value.suggested_filename.endswith(".docx")
    assert request_log.outside() == []
