"""Real Chromium on the desks: a 兴义市 reviewer dismisses a highlighted pre-check finding, fills the checklist
and gives the opinion; zsfj_sh approves a county's filing; and every desk page at 1366×768 and 390 px
(FAZHI_SCREENSHOTS=1 saves them to var/screenshots/desks-*.png), with nothing fetched from outside.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD
from fazhi.documents import services
from fazhi.documents.checklist import CHECKLIST_ITEMS
from fazhi.documents.choices import FilingReviewStatus, UpperLawLevel
from fazhi.documents.models import Filing, UpperLaw
from fazhi.documents.tests.conftest import full_checklist, give_opinion, return_for_supplement
from fazhi.documents.tests.desk_support import anlong_reviewer, filed, in_review, published
from fazhi.procedure.models import LegalityReview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture
horizontal_overflow = shell.horizontal_overflow


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=True)


def relogin(login, target, live_server, username: str) -> None:
    """Sign in as someone else on the same page (the login page sends a signed-in user away)."""
    target.context.clear_cookies()
    login(target, live_server, username, PASSWORD)


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def fits(page) -> None:
    assert horizontal_overflow(page) <= 0, f"{page.url} is wider than the screen"


def test_a_reviewer_dismisses_a_finding_fills_the_checklist_and_gives_the_opinion(
        page, phone_page, live_server, dp, walker, login, screenshot, request_log):
    doc = in_review(walker, dp, on=date(2026, 10, 14))
    second = in_review(walker, dp, title="兴义市停车场管理办法", on=date(2026, 9, 1))
    with walker.at(date(2026, 9, 10)):
        return_for_supplement(actor=dp.xingyi_sh, document=second, reason="请补充社会稳定风险评估报告")
    base = live_server.url
    with at(date(2026, 10, 15)):
        login(page, live_server, "xingyi_sh", PASSWORD)
        review_path = reverse("procedure:review", args=[LegalityReview.objects.get(object_id=str(doc.pk)).code])
        page.goto(f"{base}/reviews/")
        expect(page.locator("h1")).to_have_text("审核台")
        expect(page.locator(f"[data-review] a[href='{review_path}']")).to_be_visible()
        expect(page.locator("[data-clock=paused]")).to_contain_text("中止计时")
        screenshot(page, "desks-review-desk-1366")
        fits(page)
        with page.expect_navigation():
            page.click(f"a[href='{review_path}']")

        # The pre-check findings are highlighted in the text, each with its rule and legal source.
        marks = page.locator("#review-text mark.precheck")
        expect(marks).to_have_count(2)
        expect(marks.first).to_contain_text("申请办理设置许可证")
        expect(page.locator("#finding-0")).to_contain_text("《行政许可法》第十七条")
        screenshot(page, "desks-review-1366")
        page.click("#finding-0 .fz-goto-mark")
        expect(page.locator("#pc-mark-1")).to_be_focused()

        # Dismiss the first finding: the card and the marked text update in place (htmx).
        finding = page.locator("#finding-0")
        finding.locator("input[name=note]").fill("设置许可由《城市市容和环境卫生管理条例》第十一条设定，已引用")
        finding.locator("button[value=dismissed]").click()
        expect(page.locator("#finding-0")).to_have_attribute("data-status", "dismissed")
        expect(page.locator("#review-text mark.precheck")).to_have_count(1)
        expect(page.locator("#finding-counts")).to_contain_text("已排除 1")

        # An opinion without the checklist is refused, each unfilled item named at its field.
        form = open_action(page, "give_opinion")
        form.locator("input[name='give_opinion-opinion'][value='lawful']").check()
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(page.locator("#action-give_opinion")).to_contain_text("审核要点“制定主体是否合法”未填写")
        screenshot(page, "desks-review-refused-1366")

        form = open_action(page, "give_opinion")
        for key, _ in CHECKLIST_ITEMS:
            form.locator(f"input[name='give_opinion-check_{key}'][value='pass']").check()
        expect(form.locator("input[name='give_opinion-opinion'][value='lawful']")).to_be_checked()
        form.locator("textarea[name='give_opinion-opinion_text']").fill("经审核，该办法制定主体、权限、内容和程序合法。")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(page.locator("#fz-messages .alert-success")).to_contain_text("已出具审核意见")
        expect(page.locator("#opinion-given [data-opinion]")).to_have_text("合法")
        screenshot(page, "desks-review-done-1366")

        review = LegalityReview.objects.get(object_id=str(doc.pk))
        assert review.opinion == "lawful" and review.opinion_by_id == dp.xingyi_sh.pk
        assert [f["status"] for f in review.precheck_findings] == ["dismissed", "open"]

        # The same pages on a phone.
        login(phone_page, live_server, "xingyi_sh", PASSWORD)
        returned_path = reverse("procedure:review", args=[LegalityReview.objects.get(object_id=str(second.pk)).code])
        for name, path in [("desks-review-desk-390", "/reviews/"), ("desks-review-390", review_path),
                           ("desks-review-returned-390", returned_path)]:
            phone_page.goto(base + path)
            screenshot(phone_page, name)
            fits(phone_page)
    assert request_log.outside() == []


def test_the_prefecture_justice_bureau_approves_a_county_filing(
        page, phone_page, live_server, dp, org, walker, login, screenshot, request_log):
    on_time = published(walker, dp, title="兴义市城市户外广告设置管理办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
    filed(walker, dp, on_time, date(2026, 3, 20))
    late = published(walker, dp, title="安龙县农村集体经济组织管理办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10),
                     drafter=dp.anlong_qc, reviewer=anlong_reviewer(org), issuer=org.anlong_gov)
    filed(walker, dp, late, date(2026, 4, 20), drafter=dp.anlong_qc)
    base = live_server.url
    with at(date(2026, 4, 21)):
        login(page, live_server, "zsfj_sh", PASSWORD)
        page.goto(f"{base}/documents/filings/")
        expect(page.locator(f"#filing-{late.code}")).to_have_attribute("data-late", "1")
        expect(page.locator(f"#filing-{late.code}")).to_contain_text("逾期报备")
        screenshot(page, "desks-filing-desk-1366")
        fits(page)
        decide = page.locator(f"#decide-{on_time.code}")
        decide.locator("summary").click()
        decide.locator("input[value='approved']").check()
        screenshot(page, "desks-filing-desk-form-1366")
        with page.expect_navigation():
            decide.locator("button[type=submit]").click()
        expect(page.locator("#fz-messages .alert-success")).to_contain_text("准予备案")
        expect(page.locator(f"#filing-{on_time.code}")).to_have_count(0)
        assert Filing.objects.get(document=on_time).review_status == FilingReviewStatus.APPROVED

        # A correction without reasons is refused on the filing's own page.
        decide = page.locator(f"#decide-{late.code}")
        decide.locator("summary").click()
        decide.locator("input[value='correction_required']").check()
        with page.expect_navigation():
            decide.locator("button[type=submit]").click()
        expect(page.locator("#refused-filing")).to_contain_text("须写明审查意见和理由")
        screenshot(page, "desks-filing-refused-1366")
        assert Filing.objects.get(document=late).review_status == FilingReviewStatus.PENDING

        page.goto(f"{base}/documents/filings/?show=all")
        screenshot(page, "desks-filing-desk-all-1366")
        login(phone_page, live_server, "zsfj_sh", PASSWORD)
        phone_page.goto(f"{base}/documents/filings/")
        phone_page.locator(f"#decide-{late.code} summary").click()
        screenshot(phone_page, "desks-filing-desk-390")
        fits(phone_page)
    assert request_log.outside() == []


def test_suggestions_cleanup_upper_laws_and_statistics_pages(
        page, phone_page, live_server, dp, org, walker, login, screenshot, request_log):
    law = UpperLaw.objects.create(name="贵州省城市市容和环境卫生管理条例", level=UpperLawLevel.LOCAL_REG)
    UpperLaw.objects.create(name="中华人民共和国广告法", level=UpperLawLevel.LAW)
    first = published(walker, dp, title="兴义市城市户外广告设置管理办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10),
                      upper_laws=[law])
    second = published(walker, dp, title="兴义市城市道路挖掘管理办法", drafted=date(2026, 4, 27), on=date(2026, 5, 6),
                       upper_laws=[law])
    filed(walker, dp, first, date(2026, 3, 20))
    filed(walker, dp, second, date(2026, 6, 20))
    with walker.at(date(2026, 6, 22)):
        services.filing_decide(actor=dp.zsfj_sh, document=first, decision="approved")
        services.filing_decide(actor=dp.zsfj_sh, document=second, decision="correction_required",
                                 opinion="第四条罚款缺乏上位法依据", correction_days=15)
        services.suggestion_submit(document=first, content="第三条设置许可证没有法律依据，建议审查。", name="张三",
                                   contact="139****0000")
        campaign = services.campaign_create(actor=dp.fzb_admin, title="2026年度行政规范性文件集中清理", kind="periodic")
        item = campaign.items.get(document=first)
        services.cleanup_item_decide(actor=dp.xingyi_qc, item=item, decision="keep", reason="符合现行法律法规")
        services.upper_law_mark(actor=dp.fzb_admin, law=law, status="amended", on=date(2026, 6, 1), note="2026年修正")
    # A review round to count: the second document was reviewed lawful after changes earlier in the year.
    market = in_review(walker, dp, title="兴义市农贸市场管理办法", on=date(2026, 6, 2))
    with walker.at(date(2026, 6, 3)):
        give_opinion(actor=dp.xingyi_sh, document=market, opinion="lawful_after_changes",
                              checklist=full_checklist(), required_changes="删除第四条")
    base = live_server.url
    with at(date(2026, 6, 23)):
        login(page, live_server, "fzb_admin", PASSWORD)
        login(phone_page, live_server, "fzb_admin", PASSWORD)
        pages = [
            ("desks-campaigns", "/documents/cleanup/", "文件清理"),
            ("desks-campaign", f"/documents/cleanup/{campaign.code}/", campaign.title),
            ("desks-upper-laws", "/documents/upper-laws/", "上位法"),
            ("desks-upper-law", f"/documents/upper-laws/{law.pk}/", law.name),
            ("desks-stats", "/documents/stats/?year=2026", "规范性文件统计"),
        ]
        for name, path, heading in pages:
            for target, suffix in ((page, "1366"), (phone_page, "390")):
                target.goto(base + path)
                expect(target.locator("h1")).to_contain_text(heading)
                if "stats" in name:
                    expect(target.locator("#chart-rates svg")).to_have_count(1)
                    expect(target.locator("#chart-issuers svg")).to_have_count(1)
                    expect(target.locator("#chart-outcomes svg")).to_have_count(1)
                screenshot(target, f"{name}-{suffix}")
                fits(target)
        page.goto(f"{base}/documents/cleanup/")
        page.locator("#campaign-create summary").click()
        screenshot(page, "desks-campaigns-create-1366")
        page.goto(f"{base}/documents/upper-laws/{law.pk}/")
        expect(page.locator("#listed-for-review")).to_be_visible()

        relogin(login, page, live_server, "zsfj_sh")
        relogin(login, phone_page, live_server, "zsfj_sh")
        for target, suffix in ((page, "1366"), (phone_page, "390")):
            target.goto(f"{base}/documents/suggestions/")
            expect(target.locator("h1")).to_have_text("公民审查建议")
            target.locator("article details summary").first.click()
            screenshot(target, f"desks-suggestions-{suffix}")
            fits(target)
            target.goto(f"{base}/documents/filings/?show=all")
            screenshot(target, f"desks-filing-desk-decided-{suffix}")
            fits(target)

        # The drafter answers the campaign for its own document.
        relogin(login, phone_page, live_server, "xingyi_qc")
        phone_page.goto(f"{base}/documents/cleanup/{campaign.code}/")
        phone_page.locator("article details summary").first.click()
        screenshot(phone_page, "desks-campaign-drafter-390")
        fits(phone_page)
    assert request_log.outside() == []
