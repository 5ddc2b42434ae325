"""Real Chromium, the issue's main path: draft → comment → review → deliberate → publish → file → approve,
each part done from the browser by its own user, on real 2026 dates; then the timeline shows every step.

The live server runs in this process, so time_machine moves its clock too. Each jump forward ends the
previous sessions (the idle timeout), so every part begins by signing in. Run with FAZHI_SCREENSHOTS=1
to save every drafting-side page at 1366×768 and 390 px to var/screenshots/.
"""

import io
from datetime import date

import pytest
import time_machine
from docx import Document
from playwright.sync_api import expect

from fazhi.core.models import AuditEvent
from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD
from fazhi.documents import services
from fazhi.documents.checklist import CHECKLIST_ITEMS
from fazhi.documents.choices import DocumentState, FilingReviewStatus, UpperLawLevel
from fazhi.documents.models import NormativeDocument, UpperLaw
from fazhi.documents.tests.conftest import MINIMAL_PDF
from fazhi.procedure.choices import AnswerOutcome
from fazhi.procedure.models import AnswerTemplate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shell's browser fixtures (fazhi/core/tests/browser/conftest.py), registered here by name.
browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture
horizontal_overflow = shell.horizontal_overflow

TITLE = "兴义市城市户外广告设置管理办法"
DOCX_LINES = [
    "第一条 为规范城市户外广告设置管理，根据有关法律法规，结合本市实际，制定本办法。",
    "第二条 本办法适用于本市行政区域内户外广告设施的设置和管理。",
    "第三条 本办法自2026年12月1日起施行。",
]
REVISED_LINE = "第二条 本办法适用于本市城市建成区内户外广告设施的设置和管理。"


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=True)


def docx_upload() -> dict:
    document = Document()
    for line in DOCX_LINES:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return {"name": "户外广告办法（征求意见稿）.docx", "buffer": buffer.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def pdf_upload(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF}


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def submit_action(page, action: str):
    with page.expect_navigation():
        page.locator(f"#action-{action} button[type=submit]").click()


def show_tab(page, key: str):
    page.click(f"#tab-{key}-btn")
    expect(page.locator(f"#tab-{key}")).to_be_visible()


def test_a_document_goes_from_draft_to_approved_filing_in_the_browser(
        page, phone_page, live_server, dp, org, login, screenshot, request_log):
    AnswerTemplate.objects.create(agency=dp.xingyi_office, title="已采纳", outcome=AnswerOutcome.ADOPTED,
                                  text="该意见合理，已在修改稿中采纳。")
    advertising = UpperLaw.objects.create(name="中华人民共和国广告法", level=UpperLawLevel.LAW)
    UpperLaw.objects.create(name="城市市容和环境卫生管理条例", level=UpperLawLevel.ADMIN_REG)
    base = live_server.url

    # ---- 2026-09-24: xingyi_qc drafts, pasting nothing: the body comes from an uploaded .docx.
    with at(date(2026, 9, 24)):
        login(page, live_server, "xingyi_qc", PASSWORD)
        page.goto(f"{base}/documents/mine/")
        expect(page.locator("h1")).to_have_text("我的起草")
        screenshot(page, "documents-my-drafts-empty-1366")
        with page.expect_navigation():
            page.click("text=新建草稿")
        options = page.locator("select[name=issuing_agency] option").all_inner_texts()
        assert sorted(options) == ["兴义市人民政府", "兴义市人民政府办公室"]
        # A bad submission: no title, a validity above the limit → Chinese errors next to the fields.
        page.fill("input[name=validity_years]", "9")
        with page.expect_navigation():
            page.click("#document-form button[type=submit]")
        expect(page.locator("#document-form .fz-field-errors").first).to_be_visible()
        assert not NormativeDocument.objects.exists()
        screenshot(page, "documents-create-errors-1366")

        page.fill("input[name=title]", TITLE)
        page.select_option("select[name=issuing_agency]", str(org.xingyi_gov.pk))
        page.fill("input[name=validity_years]", "5")
        page.fill("textarea[name=drafting_notes]", "为规范户外广告设置，市城管局会同有关部门起草本办法。")
        page.fill("textarea[name=legal_basis]", "《中华人民共和国广告法》《城市市容和环境卫生管理条例》")
        page.select_option("select[name=upper_laws]", str(advertising.pk))
        page.set_input_files("input[name=docx]", docx_upload())
        screenshot(page, "documents-create-1366")
        with page.expect_navigation():
            page.click("#document-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("已创建草稿")
        doc = NormativeDocument.objects.get()
        assert doc.body.splitlines() == DOCX_LINES and list(doc.upper_laws.all()) == [advertising]
        expect(page.locator("#next-steps")).to_contain_text("公开征求意见")
        screenshot(page, "documents-detail-draft-1366")

    # ---- 2026-09-28: the comment window, 7 working days across 国庆 (ends 10-12); a paper comment is entered,
    # answered from a template and made public.
    with at(date(2026, 9, 28)):
        login(page, live_server, "xingyi_qc", PASSWORD)
        page.goto(f"{base}/documents/{doc.code}/")
        panel = open_action(page, "open_comment")
        panel.locator("input[name='open_comment-start']").fill("2026-09-28")
        panel.locator("input[name='open_comment-end']").fill("2026-10-11")
        submit_action(page, "open_comment")
        # One day short: refused with the reason, nothing changed.
        expect(page.locator("#refused-open_comment")).to_contain_text("仅 6 个工作日")
        assert NormativeDocument.objects.get().state == DocumentState.DRAFTING
        screenshot(page, "documents-detail-refused-1366")
        panel = open_action(page, "open_comment")
        panel.locator("input[name='open_comment-end']").fill("2026-10-12")
        submit_action(page, "open_comment")
        expect(page.locator("#doc-header [data-state]")).to_have_text("征求意见中")

        page.locator("#enter-comment summary").click()
        page.select_option("select[name='enter-source']", "paper")
        page.fill("input[name='enter-name']", "张先生")
        page.fill("textarea[name='enter-content']", "建议明确广告设施设置的审批时限。")
        with page.expect_navigation():
            page.click("#enter-comment button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("已录入意见")
        page.locator("input[name='bulk-comments']").first.check()
        page.select_option("#id_bulk-template", label="已采纳（采纳）")
        expect(page.locator("#id_bulk-answer")).to_have_value("该意见合理，已在修改稿中采纳。")
        with page.expect_navigation():
            page.click("button[name='bulk-op'][value=answer]")
        expect(page.locator("#comment-table [data-outcome=adopted]")).to_have_count(1)
        page.locator("input[name='bulk-comments']").first.check()
        with page.expect_navigation():
            page.click("button[name='bulk-op'][value=show]")
        expect(page.locator("#comment-table [data-screening=shown]")).to_have_count(1)
        screenshot(page, "documents-detail-comments-1366")

    # ---- 2026-10-13: the window has ended; close it, revise the text (a new version), save the adoption
    # summary and submit for legality review.
    with at(date(2026, 10, 13)):
        login(page, live_server, "xingyi_qc", PASSWORD)
        page.goto(f"{base}/documents/{doc.code}/")
        open_action(page, "close_comment")
        submit_action(page, "close_comment")
        expect(page.locator("#doc-header [data-state]")).to_have_text("征求意见结束")

        with page.expect_navigation():
            page.click("text=修改草稿")
        screenshot(page, "documents-edit-1366")
        page.fill("textarea[name=body]", "\n".join([DOCX_LINES[0], REVISED_LINE, DOCX_LINES[2]]))
        page.fill("input[name=note]", "采纳张先生的意见")
        with page.expect_navigation():
            page.click("#document-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("形成第 2 版")

        page.goto(f"{base}/documents/{doc.code}/versions/diff/?a=1&b=2")
        expect(page.locator("#diff ins").first).to_contain_text("城市建成")
        screenshot(page, "documents-versions-diff-1366")

        page.goto(f"{base}/documents/{doc.code}/?tab=comments")
        page.fill("textarea[name='summary-summary']", "共收到意见 1 条，采纳 1 条：已明确适用范围为城市建成区。")
        with page.expect_navigation():
            page.click("#summary-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("已保存意见采纳情况")
        open_action(page, "submit_review")
        submit_action(page, "submit_review")
        expect(page.locator("#doc-header [data-state]")).to_have_text("合法性审核中")
        screenshot(page, "documents-detail-in-review-1366")

    # ---- 2026-10-14: the 兴义市 justice bureau gives its opinion.
    with at(date(2026, 10, 14)):
        give_opinion(page, live_server, login, dp, doc)

    # ---- 2026-10-20: the standing meeting is recorded with its minutes.
    with at(date(2026, 10, 20)):
        login(page, live_server, "xingyi_qc", PASSWORD)
        page.goto(f"{base}/documents/{doc.code}/")
        panel = open_action(page, "deliberate")
        panel.locator("input[name='deliberate-meeting_name']").fill("市人民政府第 12 次常务会议")
        panel.locator("textarea[name='deliberate-attendees']").fill("市长、常务副市长、副市长，市司法局、市城管局负责人")
        panel.locator("input[name='deliberate-minutes']").set_input_files(pdf_upload("常务会议纪要.pdf"))
        submit_action(page, "deliberate")
        expect(page.locator("#doc-header [data-state]")).to_have_text("已集体审议")

    # ---- 2026-10-22: the 兴义市 justice bureau registers the adopted document (统一登记).
    with at(date(2026, 10, 22)):
        login(page, live_server, "xingyi_sh", PASSWORD)
        page.goto(f"{base}/documents/{doc.code}/")
        open_action(page, "register")
        submit_action(page, "register")
        expect(page.locator(".alert-success")).to_contain_text("兴义市司法局登记〔2026〕1号")

    # ---- 2026-10-23: publication with the signed PDF; the 文号 comes from 三统一 numbering.
    with at(date(2026, 10, 23)):
        login(page, live_server, "xingyi_qc", PASSWORD)
        page.goto(f"{base}/documents/{doc.code}/")
        panel = open_action(page, "publish")
        panel.locator("input[name='publish-effective_date']").fill("2026-12-01")
        panel.locator("input[name='publish-signed_pdf']").set_input_files(pdf_upload("兴府规〔2026〕1号.pdf"))
        submit_action(page, "publish")
        expect(page.locator(".alert-success")).to_contain_text("兴府规〔2026〕1号")
        expect(page.locator("#doc-header [data-validity]")).to_have_text("尚未施行")
        open_action(page, "file")
        submit_action(page, "file")
        expect(page.locator("#filing-status")).to_have_text("已报备")
        screenshot(page, "documents-detail-publication-1366")

    # ---- 2026-10-26: the prefecture's justice bureau approves the filing.
    with at(date(2026, 10, 26)):
        approve_filing(page, live_server, login, dp, doc)

    # ---- 2026-10-27: the drafter sees the outcome and every step in the timeline.
    with at(date(2026, 10, 27)):
        login(page, live_server, "xingyi_qc", PASSWORD)
        page.goto(f"{base}/documents/{doc.code}/?tab=publication")
        expect(page.locator("#filing-review-status")).to_have_text("准予备案")
        for tab in ("versions", "review", "deliberation"):
            show_tab(page, tab)
            screenshot(page, f"documents-detail-{tab}-1366")
        expect(page.locator("#tab-deliberation")).to_contain_text("常务会议纪要.pdf")
        page.goto(f"{base}/documents/{doc.code}/timeline/")
        timeline = page.locator("#timeline")
        for label in ("创建草稿", "公开征求意见", "录入意见", "答复意见", "结束征求意见", "形成新版本",
                      "提交合法性审核", "出具合法性审核意见", "记录集体审议", "统一编号并公布", "报送备案",
                      "作出备案审查决定"):
            expect(timeline).to_contain_text(label)
        expect(timeline).to_contain_text("兴府规〔2026〕1号")
        screenshot(page, "documents-timeline-1366")
        page.goto(f"{base}/documents/?validity=not_yet")
        expect(page.locator("#doc-table")).to_contain_text(TITLE)
        screenshot(page, "documents-list-1366")

        # Two more drafts, so that 我的起草 shows next steps and what blocks them.
        services.document_create(actor=dp.xingyi_qc, title="兴义市农贸市场管理暂行办法", body="第一条 ……",
                                 issuing_agency=org.xingyi_gov, affects_rights=True, concerns_market=True)
        services.document_create(actor=dp.xingyi_qc, title="兴义市人民政府办公室公文处理规定", body="第一条 ……",
                                 issuing_agency=dp.xingyi_office, affects_rights=False, concerns_market=False)
        page.goto(f"{base}/documents/mine/")
        expect(page.locator("#draft-table")).to_contain_text("缺少起草说明")
        screenshot(page, "documents-my-drafts-1366")
        with page.expect_navigation():
            page.click("text=兴义市农贸市场管理暂行办法")
        expect(page.locator("#fair-competition-link")).to_be_visible()
        with page.expect_navigation():
            page.click("#fair-competition-link")
        screenshot(page, "documents-fair-competition-1366")

        market = NormativeDocument.objects.get(title="兴义市农贸市场管理暂行办法")
        check_phone_pages(phone_page, live_server, login, screenshot, dp, doc, market)

    doc.refresh_from_db()
    assert doc.state == DocumentState.PUBLISHED and doc.filing.review_status == FilingReviewStatus.APPROVED
    actors = set(AuditEvent.objects.filter(object_id=str(doc.pk), object_type="documents.normativedocument")
                 .values_list("actor__username", flat=True))
    assert {"xingyi_qc", "xingyi_sh", "zsfj_sh"} <= actors
    assert request_log.outside() == []


def give_opinion(page, live_server, login, dp, doc):
    """The 兴义市 justice bureau's reviewer, on helper D1b's review desk and review page."""
    base = live_server.url
    login(page, live_server, "xingyi_sh", PASSWORD)
    page.goto(f"{base}/reviews/")
    with page.expect_navigation():
        page.click(f"#review-desk-table a:has-text('{doc.title}')")
    form = page.locator("#action-give_opinion")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    for key, _ in CHECKLIST_ITEMS:
        form.locator(f"input[name='give_opinion-check_{key}'][value='pass']").check()
    form.locator("input[name='give_opinion-opinion'][value='lawful']").check()
    form.locator("textarea[name='give_opinion-opinion_text']").fill("经审核，该办法制定主体、权限、内容和程序合法。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#fz-messages .alert-success")).to_contain_text("已出具审核意见")
    # The reviewer can open the drafting-side page too, and reaches it back from there.
    page.goto(f"{base}/documents/{doc.code}/?tab=review")
    expect(page.locator("#tab-review [data-opinion]")).to_have_text("合法")


def approve_filing(page, live_server, login, dp, doc):
    """The prefecture's justice bureau, on helper D1b's filing desk."""
    login(page, live_server, "zsfj_sh", PASSWORD)
    page.goto(f"{live_server.url}/documents/filings/")
    decide = page.locator(f"#decide-{doc.code}")
    if decide.get_attribute("open") is None:
        decide.locator("summary").click()
    decide.locator("input[value='approved']").check()
    with page.expect_navigation():
        decide.locator("button[type=submit]").click()
    expect(page.locator("#fz-messages .alert-success")).to_contain_text("准予备案")


def check_phone_pages(phone_page, live_server, login, screenshot, dp, doc, draft):
    """Every drafting-side page at 390 px: nothing wider than the screen."""
    base = live_server.url
    login(phone_page, live_server, "xingyi_qc", PASSWORD)
    pages = [
        ("documents-list-390", f"{base}/documents/"),
        ("documents-my-drafts-390", f"{base}/documents/mine/"),
        ("documents-create-390", f"{base}/documents/new/"),
        ("documents-detail-390", f"{base}/documents/{doc.code}/"),
        ("documents-detail-comments-390", f"{base}/documents/{doc.code}/?tab=comments"),
        ("documents-detail-review-390", f"{base}/documents/{doc.code}/?tab=review"),
        ("documents-detail-publication-390", f"{base}/documents/{doc.code}/?tab=publication"),
        ("documents-versions-diff-390", f"{base}/documents/{doc.code}/versions/diff/?a=1&b=2"),
        ("documents-timeline-390", f"{base}/documents/{doc.code}/timeline/"),
        ("documents-draft-390", f"{base}/documents/{draft.code}/"),
        ("documents-edit-390", f"{base}/documents/{draft.code}/edit/"),
        ("documents-fair-competition-390", f"{base}/documents/{draft.code}/fair-competition/"),
    ]
    for name, url in pages:
        phone_page.goto(url)
        expect(phone_page.locator("h1")).to_be_visible()
        assert horizontal_overflow(phone_page) == 0, name
        screenshot(phone_page, name)
