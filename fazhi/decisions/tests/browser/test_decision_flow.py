"""Real Chromium, the issue's main path for a major decision: the catalogue is published after the Party
committee's consent → the item is started (an exploratory reform, flagged with its reason) → the draft goes to
a 30-day public consultation (time travel) → legality review on the shared desk → the gate → the meeting record
with a dissenting member, the head last → publication. Each part is done by its own user on real 2026 dates.

The live server runs in this process, so time_machine moves its clock too; each jump ends the previous session
(the idle timeout), so every part signs in again. With FAZHI_SCREENSHOTS=1 every page is saved at 1366×768 and
390 px to var/screenshots/decisions-*.png.
"""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from fazhi.core.models import AuditEvent
from fazhi.core.tests.browser import conftest as shell
from fazhi.core.tests.factories import PASSWORD
from fazhi.decisions.choices import DecisionState
from fazhi.decisions.models import Catalogue, Decision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser, page, phone_page, request_log = shell.browser, shell.page, shell.phone_page, shell.request_log
login_fixture, screenshot_fixture = shell.login_fixture, shell.screenshot_fixture
horizontal_overflow = shell.horizontal_overflow

TITLE = "黔西南州城区公共交通票价调整方案"
DRAFT = "一、调整原则：保障基本出行，兼顾财政负担。\n二、票价标准：普通线路 1.5 元，空调线路 2 元。\n三、实施时间：2026年5月1日起。"


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=True)


def open_action(page, action: str):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def give_lawful_opinion(page):
    """The reviewer's 合法 opinion on the kernel review page, every 第二十七条 point passed."""
    panel = open_action(page, "give_opinion")
    panel.locator("input[name='give_opinion-opinion'][value=lawful]").check()
    panel.locator("textarea[name='give_opinion-opinion_text']").fill("决策权限、程序、内容均符合规定。")
    for key in ("authority", "procedure", "content"):
        panel.locator(f"input[name='give_opinion-check_{key}'][value=pass]").check()
    submit(page, "#action-give_opinion button[type=submit]")


def submit(page, selector: str):
    with page.expect_navigation():
        page.click(selector)


def both_widths(page, phone_page, live_server, login, screenshot, username: str, path: str, name: str):
    """The page at 1366×768 (already open) and at 390 px (signed in as the same user), both saved; neither
    may be wider than its screen."""
    screenshot(page, f"decisions-{name}-1366")
    assert shell.horizontal_overflow(page) <= 0, f"{name} overflows at 1366"
    phone_page.context.clear_cookies()
    login(phone_page, live_server, username, PASSWORD)
    phone_page.goto(f"{live_server.url}{path}")
    screenshot(phone_page, f"decisions-{name}-390")
    assert shell.horizontal_overflow(phone_page) <= 0, f"{name} overflows at 390"


def test_a_decision_goes_from_the_catalogue_to_publication_in_the_browser(
        page, phone_page, live_server, dcp, org, login, screenshot, request_log):
    base = live_server.url

    # ---- 2026-01-20: the prefecture's 2026 catalogue, its first item, publication after consent.
    with at(date(2026, 1, 20)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/catalogues/")
        page.locator("#new-catalogue summary").click()
        page.select_option("select[name=agency]", str(org.zhou_gov.pk))
        page.fill("input[name=year]", "2026")
        page.fill("textarea[name=standard_text]", "涉及全州经济社会发展全局、社会公众切身利益的重大公共政策和措施。")
        submit(page, "#new-catalogue button[type=submit]")
        catalogue = Catalogue.objects.get()
        expect(page.locator("#catalogue-header [data-status=draft]")).to_be_visible()

        submit(page, "#add-item")
        page.fill("input[name=title]", TITLE)
        page.select_option("select[name=sponsor]", str(org.zhou_sthj.pk))
        page.fill("input[name=planned_schedule]", "2026-06-30")
        page.check("input[name=requires_public_participation]")
        screenshot(page, "decisions-create-1366")
        submit(page, "#decision-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("已登记决策事项")
        decision = Decision.objects.get()
        assert decision.catalogue == catalogue

        page.goto(f"{base}/decisions/catalogues/{catalogue.code}/")
        # Consent dated after publication: refused with the article, nothing published.
        page.fill("input[name='publish-party_consent_on']", "2026-01-25")
        page.fill("input[name='publish-party_consent_ref']", "州委常委会 2026 年第 2 次会议")
        page.fill("input[name='publish-published_on']", "2026-01-20")
        submit(page, "#publish-panel button[type=submit]")
        expect(page.locator("#publish-refused")).to_contain_text("党委同意后方可公布")
        assert Catalogue.objects.get().version == 0
        page.fill("input[name='publish-party_consent_on']", "2026-01-19")
        submit(page, "#publish-panel button[type=submit]")
        expect(page.locator("#catalogue-header [data-status=published]")).to_contain_text("第 1 版")
        expect(page.locator("[data-revision='1']")).to_contain_text(TITLE)
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc",
                    f"/decisions/catalogues/{catalogue.code}/", "catalogue")

        # ---- the organ starts the procedure: an exploratory reform, flagged with its reason.
        page.goto(f"{base}/decisions/{decision.code}/")
        expect(page.locator("#next-step")).to_contain_text("启动决策程序")
        panel = open_action(page, "start")
        panel.locator("input[name='start-exploratory_reform']").check()
        submit(page, "#action-start button[type=submit]")
        expect(page.locator("#action-start .fz-field-errors")).to_contain_text("须说明国家尚无明确规定")
        assert Decision.objects.get().state == DecisionState.CATALOGUED
        panel = open_action(page, "start")
        panel.locator("input[name='start-exploratory_reform']").check()
        panel.locator("textarea[name='start-exploratory_reason']").fill("票价与财政补贴联动机制，国家尚无明确规定。")
        submit(page, "#action-start button[type=submit]")
        expect(page.locator("#decision-header [data-state]")).to_have_text("草案拟订中")
        expect(page.locator("#decision-header [data-exploratory]")).to_be_visible()

        submit(page, "text=草案与材料")
        page.fill("textarea[name=draft]", DRAFT)
        page.fill("textarea[name=explanation]", "起草依据：《中华人民共和国价格法》第二十三条；已开展成本监审。")
        submit(page, "#edit-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("形成第 1 版")
        expect(page.locator("#gate-items")).to_contain_text("未公开征求意见")

    # ---- 2026-02-02: a 30-day public consultation; a deputy's opposing opinion is entered.
    with at(date(2026, 2, 2)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/{decision.code}/")
        panel = open_action(page, "open_consultation")
        panel.locator("input[name='open_consultation-start']").fill("2026-02-02")
        panel.locator("input[name='open_consultation-end']").fill("2026-02-28")
        submit(page, "#action-open_consultation button[type=submit]")
        expect(page.locator("#refused-open_consultation")).to_contain_text("第十五条")
        panel = open_action(page, "open_consultation")
        panel.locator("input[name='open_consultation-end']").fill("2026-03-03")
        submit(page, "#action-open_consultation button[type=submit]")
        expect(page.locator("#comment-call")).to_contain_text("2026-02-02 至 2026-03-03")

        page.locator("#enter-comment summary").click()
        page.select_option("select[name='enter-source']", "deputy")
        page.fill("input[name='enter-name']", "州人大代表李某")
        page.fill("textarea[name='enter-content']", "反对空调线路提价，低收入群体负担加重。")
        page.check("input[name='enter-is_opposing']")
        submit(page, "#enter-comment button[type=submit]")
        expect(page.locator("#comment-table [data-opposing]")).to_have_count(1)
        # An opposing opinion cannot be hidden: refused with the reason, and it stays visible.
        page.locator("input[name='bulk-comments']").first.check()
        submit(page, "button[name='bulk-op'][value=hide]")
        expect(page.locator("#bulk-form")).to_contain_text("反对意见应当保留并公开")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc",
                    f"/decisions/{decision.code}/?tab=participation", "participation")

    # ---- 2026-03-04: the window has ended; close, answer, write the adoption summary, submit for review.
    with at(date(2026, 3, 4)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/{decision.code}/")
        open_action(page, "close_consultation")
        submit(page, "#action-close_consultation button[type=submit]")
        expect(page.locator("#comment-call")).to_contain_text("已结束")
        page.locator("input[name='bulk-comments']").first.check()
        page.select_option("#id_bulk-outcome", "partly")
        page.fill("#id_bulk-answer", "空调线路提价幅度由 1 元调整为 0.5 元，并对低收入群体实行优惠。")
        submit(page, "button[name='bulk-op'][value=answer]")
        expect(page.locator("#comment-table [data-outcome=partly]")).to_have_count(1)
        page.fill("#id_public_opinion_summary", "共收到意见 1 条（人大代表 1 条，反对），部分采纳：降低空调线路提价幅度。")
        submit(page, "#summary-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("已保存")

        page.goto(f"{base}/decisions/{decision.code}/")
        panel = open_action(page, "submit_legality_review")
        panel.locator("input[name='submit_legality_review-proposed_meeting_date']").fill("2026-03-10")
        submit(page, "#action-submit_legality_review button[type=submit]")
        expect(page.locator("#refused-submit_legality_review")).to_contain_text("不少于 7 个工作日")
        panel = open_action(page, "submit_legality_review")
        panel.locator("input[name='submit_legality_review-proposed_meeting_date']").fill("2026-03-20")
        submit(page, "#action-submit_legality_review button[type=submit]")
        expect(page.locator("#decision-header [data-state]")).to_have_text("合法性审查中")

    # ---- 2026-03-09: the prefecture justice bureau reviews on the shared desk.
    with at(date(2026, 3, 9)):
        login(page, live_server, "zsfj_sh", PASSWORD)
        page.goto(f"{base}/reviews/")
        expect(page.locator("#review-desk-table")).to_contain_text(TITLE)
        both_widths(page, phone_page, live_server, login, screenshot, "zsfj_sh", "/reviews/", "review-desk")
        submit(page, f"#review-desk-table a:has-text('{TITLE}')")
        review_path = page.url.removeprefix(base)
        expect(page.locator("#materials")).to_contain_text("决策草案说明")
        # No opinion before the legal advisers have spoken (第二十八条).
        give_lawful_opinion(page)
        expect(page.locator("#refused-give_opinion")).to_contain_text("法律顾问、公职律师")
        panel = open_action(page, "add_adviser_opinion")
        panel.locator("select[name='add_adviser_opinion-kind']").select_option("legal_adviser")
        panel.locator("input[name='add_adviser_opinion-adviser']").fill("张明律师")
        panel.locator("textarea[name='add_adviser_opinion-opinion']").fill("方案履行了公众参与程序，建议明确补贴资金来源。")
        submit(page, "#action-add_adviser_opinion button[type=submit]")
        expect(page.locator("#advisers")).to_contain_text("张明律师")
        give_lawful_opinion(page)
        expect(page.locator("#opinion-given [data-opinion=lawful]")).to_be_visible()
        both_widths(page, phone_page, live_server, login, screenshot, "zsfj_sh", review_path, "review")

    # ---- 2026-03-11: the gate, then the standing meeting's record with a dissenting member, the head last.
    with at(date(2026, 3, 11)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/{decision.code}/")
        expect(page.locator("#gate-ok")).to_be_visible()
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", f"/decisions/{decision.code}/",
                    "detail-gate")
        open_action(page, "submit_to_meeting")
        submit(page, "#action-submit_to_meeting button[type=submit]")
        expect(page.locator("#decision-header [data-state]")).to_have_text("已提交集体讨论")

    with at(date(2026, 3, 20)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/{decision.code}/")
        submit(page, "#meeting-link")
        page.fill("input[name=meeting_name]", "州人民政府第 15 次常务会议")
        page.fill("textarea[name=attendees]", "州长、常务副州长、副州长（3人），州司法局、州交通运输局负责人列席")
        rows = [("陈副州长", "常务副州长", "agree", ""), ("刘副州长", "副州长", "disagree", "财政补贴压力大，建议暂缓。"),
                ("王副州长", "副州长", "agree_with_changes", "同意，补贴资金列入年度预算。")]
        for index, (member, position, stance, statement) in enumerate(rows):
            page.fill(f"input[name='members-{index}-member']", member)
            page.fill(f"input[name='members-{index}-position']", position)
            page.select_option(f"select[name='members-{index}-stance']", stance)
            page.fill(f"textarea[name='members-{index}-statement']", statement)
        page.fill("input[name=head_name]", "州长")
        page.fill("input[name=head_position]", "州长")
        page.select_option("select[name=head_stance]", "agree")
        page.fill("textarea[name=head_statement]", "同意，按程序报州委后印发。")
        page.select_option("select[name=outcome]", "adopted")
        expect(page.locator("#head-reason-field")).to_be_hidden()  # 2 in favour, 1 against: with the majority
        page.select_option("select[name=outcome]", "rejected")  # against the majority: the reason is asked for
        expect(page.locator("#head-reason-field")).to_be_visible()
        expect(page.locator("#majority-note")).to_contain_text("须说明理由")
        page.select_option("select[name=outcome]", "adopted")
        expect(page.locator("#head-reason-field")).to_be_hidden()
        page.fill("input[name=party_report_on]", "2026-03-20")
        page.fill("input[name=party_report_ref]", "黔西南府呈〔2026〕12号")
        page.evaluate("window.scrollTo(0, 0)")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", f"/decisions/{decision.code}/meeting/",
                    "meeting-form")
        submit(page, "#meeting-form button[type=submit]")
        expect(page.locator(".alert-success")).to_contain_text("决策档案已封存")
        expect(page.locator("#meeting [data-stance=disagree]")).to_contain_text("刘副州长")
        phone_page.context.clear_cookies()
        login(phone_page, live_server, "zfgb_jc", PASSWORD)
        phone_page.goto(f"{base}/decisions/{decision.code}/?tab=meeting")
        screenshot(phone_page, "decisions-meeting-390")
        assert shell.horizontal_overflow(phone_page) <= 0

    # ---- 2026-03-23: publication with the adoption explanation and the execution units.
    with at(date(2026, 3, 23)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/{decision.code}/")
        panel = open_action(page, "publish")
        panel.locator("textarea[name='publish-publication_text']").fill("经州人民政府第 15 次常务会议审议通过，现予公布。")
        panel.locator("select[name='publish-execution_units']").select_option(
            [str(org.zhou_sthj.pk), str(dcp.zf_office.pk)])
        submit(page, "#action-publish button[type=submit]")
        expect(page.locator("#decision-header [data-state]")).to_have_text("已公布执行中")
        expect(page.locator("#decision-header [data-exploratory]")).to_be_visible()
        expect(page.locator("#report-table [data-report]")).to_have_count(2)
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc",
                    f"/decisions/{decision.code}/?tab=execution", "published")

        page.goto(f"{base}/decisions/{decision.code}/accountability/")
        expect(page.locator("#dissenters")).to_contain_text("刘副州长")
        expect(page.locator("#account")).to_contain_text("张明律师")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc",
                    f"/decisions/{decision.code}/accountability/", "accountability")

        page.goto(f"{base}/decisions/mine/")
        expect(page.locator(f"[data-code='{decision.code}'] [data-exploratory]")).to_be_visible()
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", "/decisions/mine/", "mine")
        page.goto(f"{base}/decisions/stats/?year=2026")
        expect(page.locator("[data-indicator=review_before_discussion] [data-rate]")).to_have_text("100.0%")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", "/decisions/stats/?year=2026", "stats")

    decision.refresh_from_db()
    assert decision.state == DecisionState.PUBLISHED and decision.exploratory_reform
    actions = set(AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk))
                  .values_list("action", flat=True))
    assert {"decisions.start", "decisions.open_consultation", "decisions.close_consultation",
            "decisions.submit_legality_review", "decisions.review_opinion", "decisions.submit_to_meeting",
            "decisions.record_meeting", "decisions.publish"} <= actions
    assert request_log.outside() == []


def test_an_expert_is_chosen_signs_his_opinion_and_its_adoption_is_recorded(
        page, phone_page, live_server, dcp, dwalker, org, login, screenshot, request_log):
    from fazhi.decisions import services
    from fazhi.decisions.models import ExpertAssignment

    base = live_server.url
    decision = dwalker.create(experts=True, on=date(2026, 3, 2))
    with at(date(2026, 3, 2)):
        services.proposal_submit(actor=None, agency=org.zhou_gov, source="citizen", proposer="市民张某",
                                 title="建议延长夜间公交运营时间", content="建议主要线路末班车延至 22 时。")
    with at(date(2026, 3, 4)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/experts/")
        expect(page.locator("#expert-table")).to_contain_text("王建国")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", "/decisions/experts/", "expert-pool")
        page.goto(f"{base}/decisions/proposals/")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", "/decisions/proposals/", "proposals")
        page.goto(f"{base}/decisions/")
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc", "/decisions/", "list")

        page.goto(f"{base}/decisions/{decision.code}/?tab=experts")
        page.locator("#select-expert summary").click()
        # The interested expert: refused with the article, nobody chosen.
        page.select_option("select[name='select-expert']", dcp.interested_expert.code)
        page.fill("textarea[name='select-interest_declaration']", "本人任职单位承接公交运营。")
        page.check("input[name='select-has_direct_interest']")
        submit(page, "#select-expert button[type=submit]")
        expect(page.locator("#expert-refused")).to_contain_text("第二十条")
        assert not ExpertAssignment.objects.exists()
        page.select_option("select[name='select-expert']", dcp.expert.code)
        page.fill("textarea[name='select-interest_declaration']", "本人与本事项无直接利害关系。")
        page.uncheck("input[name='select-has_direct_interest']")
        submit(page, "#select-expert button[type=submit]")
        expect(page.locator("#experts [data-assignment]")).to_contain_text("王建国")

    with at(date(2026, 3, 6)):
        login(page, live_server, "zfzj_zj1", PASSWORD)
        page.goto(f"{base}/decisions/assignments/")
        submit(page, f"#assignment-list a:has-text('{TITLE}')")
        page.fill("textarea[name='opinion-opinion']", "方案总体可行，建议分步实施并建立票价动态调整机制。")
        submit(page, "#opinion-panel button[type=submit]")
        expect(page.locator("#opinion-refused")).to_contain_text("署名")
        page.check("input[name='opinion-signed']")
        submit(page, "#opinion-panel button[type=submit]")
        expect(page.locator("#submitted")).to_contain_text("署名提交")
        both_widths(page, phone_page, live_server, login, screenshot, "zfzj_zj1",
                    f"/decisions/{decision.code}/experts/", "expert-assignment")
        page.goto(f"{base}/decisions/assignments/")
        both_widths(page, phone_page, live_server, login, screenshot, "zfzj_zj1", "/decisions/assignments/",
                    "my-assignments")

    with at(date(2026, 3, 9)):
        login(page, live_server, "zfgb_jc", PASSWORD)
        page.goto(f"{base}/decisions/{decision.code}/?tab=experts")
        assignment = ExpertAssignment.objects.get()
        page.select_option(f"select[name='adoption-{assignment.pk}-adoption']", "partly")
        page.fill(f"textarea[name='adoption-{assignment.pk}-reason']", "采纳分步实施的建议，动态调整机制另行研究。")
        submit(page, f"[data-assignment='{assignment.pk}'] form button[type=submit]")
        expect(page.locator("#experts [data-adoption=partly]")).to_be_visible()
        both_widths(page, phone_page, live_server, login, screenshot, "zfgb_jc",
                    f"/decisions/{decision.code}/?tab=experts", "experts-tab")
    assignment.refresh_from_db()
    assert assignment.signed and assignment.adoption == "partly"
    assert request_log.outside() == []
