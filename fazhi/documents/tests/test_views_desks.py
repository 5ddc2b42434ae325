"""The desks as pages: the kernel review desk and page with the document's part, the filing desk, citizens' suggestions, cleanup and
upper laws — scope (兴义市's reviewer never reaches 安龙县's reviews; zsfj_sh handles the counties' filings),
bad input (nothing changes), and the audit trail of every decision."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.documents import services
from fazhi.documents.choices import (
    CampaignStatus,
    DocumentState,
    FilingReviewStatus,
    UpperLawLevel,
    UpperLawStatus,
)
from fazhi.documents.models import CleanupCampaign, CleanupItem, Filing, UpperLaw
from fazhi.documents.tests.conftest import full_checklist, give_opinion, return_for_supplement
from fazhi.documents.tests.desk_support import (
    LICENCE_SENTENCE,
    anlong_in_review,
    filed,
    in_review,
    published,
)
from fazhi.procedure.choices import ReviewStatus
from fazhi.procedure.models import LegalityReview

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 15)


def audit_actions(doc) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="documents.normativedocument", object_id=str(doc.pk))
                .values_list("action", flat=True))


def opinion_post(opinion="lawful", result="pass", **extra) -> dict:
    """The kernel review page's opinion form (prefix give_opinion) with every checklist item ``result``."""
    data = {f"give_opinion-check_{key}": value["result"] for key, value in full_checklist(result).items()}
    data.update({"action": "give_opinion", "give_opinion-opinion": opinion,
                 **{f"give_opinion-{k}": v for k, v in extra.items()}})
    return data


def review_of(doc) -> LegalityReview:
    return LegalityReview.objects.get(object_id=str(doc.pk))


def page(doc) -> str:
    return reverse("procedure:review", args=[review_of(doc).code])


def step_url(doc) -> str:
    return reverse("procedure:review_transition", args=[review_of(doc).code])


# ------------------------------------------------------------------ the review desk (the kernel's, across modules)


class TestReviewDesk:
    def test_the_desk_lists_its_agencys_reviews_with_the_due_date_and_working_days_left(self, client, walker, dp, org):
        doc = in_review(walker, dp)
        other = anlong_in_review(walker, dp, org)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.get(reverse("procedure:review_desk"))
        assert response.status_code == 200
        text = response.content.decode()
        assert doc.title in text and f'href="{page(doc)}"' in text and "行政规范性文件合法性审核" in text
        assert other.title not in text
        due = review_of(doc).deadline.due_date
        assert due.isoformat() in text
        assert "个工作日" in text and "预审提示 2 处" in text

    def test_a_reviewer_claims_the_review_on_its_page_and_prints_the_opinion_docx(self, client, walker, dp):
        from fazhi.core.docgen import docx_text

        doc = in_review(walker, dp)
        review = review_of(doc)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            html = client.get(page(doc)).content.decode()
            assert 'id="action-claim"' in html and 'id="opinion-docx"' not in html
            response = client.post(step_url(doc), {"action": "claim"})
            assert response.status_code == 302 and response.url == page(doc)
            html = client.get(page(doc)).content.decode()
            again = client.post(step_url(doc), {"action": "claim"})
        review.refresh_from_db()
        assert review.assigned_to == dp.xingyi_sh and AuditEvent.objects.filter(action="procedure.claim").exists()
        assert 'id="action-claim" class=" fz-blocked"' in html and dp.xingyi_sh.display_name in html
        assert again.status_code == 409 and "已由" in again.content.decode()  # nobody claims it twice
        with walker.at(DAY):
            give_opinion(actor=dp.xingyi_sh, document=doc, opinion="lawful", checklist=full_checklist())
            html = client.get(page(doc)).content.decode()
            docx = client.get(reverse("procedure:review_opinion_docx", args=[review.code]))
        assert 'id="opinion-docx"' in html and docx.status_code == 200
        text = docx_text(b"".join(docx.streaming_content))
        assert "合法性审核意见书" in text and doc.title in text and "制定主体是否合法" in text

    def test_an_overdue_review_is_highlighted_and_a_returned_one_shows_its_clock_paused(self, client, walker, dp):
        late = in_review(walker, dp, title="兴义市甲办法", on=date(2026, 9, 1))
        returned = in_review(walker, dp, title="兴义市乙办法", on=date(2026, 10, 14))
        with walker.at(DAY):
            return_for_supplement(actor=dp.xingyi_sh, document=returned, reason="请补充调研报告")
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            text = client.get(reverse("procedure:review_desk")).content.decode()
        late_row = text[text.index(f'data-review="{review_of(late).code}"'):]
        assert 'data-clock="late"' in late_row[:3000]
        assert "已超期" in late_row[:3000]
        paused_row = text[text.index(f'data-review="{review_of(returned).code}"'):]
        assert 'data-clock="paused"' in paused_row[:3000] and "中止计时" in paused_row[:3000]

    def test_the_desk_filters_and_exports(self, client, walker, dp):
        in_review(walker, dp, title="兴义市甲办法", on=date(2026, 9, 1))
        in_review(walker, dp, title="兴义市乙办法", on=date(2026, 10, 14))
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            text = client.get(reverse("procedure:review_desk"), {"overdue": "on"}).content.decode()
            assert "兴义市甲办法" in text and "兴义市乙办法" not in text
            bad = client.get(reverse("procedure:review_desk"), {"status": "nonsense"}).content.decode()
            assert "兴义市甲办法" not in bad
            export = client.get(reverse("procedure:review_desk"), {"format": "xlsx"})
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_a_drafter_has_no_review_desk(self, client, walker, dp):
        client.force_login(dp.xingyi_qc)
        assert client.get(reverse("procedure:review_desk")).status_code == 403

    def test_xingyis_reviewer_cannot_open_or_decide_an_anlong_review(self, client, walker, dp, org):
        other = anlong_in_review(walker, dp, org)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            assert client.get(page(other)).status_code == 404
            assert client.post(step_url(other), opinion_post()).status_code == 404
            response = client.post(reverse("documents:precheck_mark", args=[other.code, 0]), {"status": "dismissed"})
            assert response.status_code == 404
        assert review_of(other).status == ReviewStatus.WAITING
        assert all(f["status"] == "open" for f in review_of(other).precheck_findings)

    def test_the_prefecture_reviewer_does_not_see_a_county_review_either(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.zsfj_sh)
        with walker.at(DAY):
            assert doc.title not in client.get(reverse("procedure:review_desk")).content.decode()
            assert client.get(page(doc)).status_code == 404

    def test_a_missing_code_is_404(self, client, dp):
        client.force_login(dp.xingyi_sh)
        assert client.get(reverse("procedure:review", args=["00000000-0000-4000-8000-000000000000"])).status_code == 404


# ------------------------------------------------------------------ the review page: the document's part


class TestReviewPage:
    def test_each_finding_is_marked_in_the_text_with_its_rule_and_legal_source(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.get(page(doc))
        text = response.content.decode()
        assert response.status_code == 200
        assert '<mark id="pc-mark-1" data-status="open"' in text and 'class="precheck"' in text
        assert "设定行政许可" in text and "《行政许可法》第十七条" in text
        assert "设定行政处罚" in text and "《行政处罚法》第十六条" in text
        assert 'href="#pc-mark-1"' in text
        # The materials are there, and the checklist with every item.
        assert "起草说明：……" in text and "《中华人民共和国广告法》《城市市容和环境卫生管理条例》" in text
        for key in ("subject", "authority", "content", "no_illegal_powers", "procedure"):
            assert f'name="give_opinion-check_{key}"' in text
        # The text is shown once: the document's marked text, not the kernel's plain one.
        assert 'id="review-text"' in text and text.count('id="review-text"') == 1
        # The reviewer's steps cite the documents' own basis, not the major-decision decree.
        opinion_panel = text[text.index('id="action-give_opinion"'):][:1500]
        assert "国办发〔2018〕115号" in opinion_panel and "优化营商环境条例》第六十三条" in opinion_panel
        assert "重大行政决策程序暂行条例" not in opinion_panel

    def test_dismissing_a_finding_stores_the_decision_and_audits_it(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.post(reverse("documents:precheck_mark", args=[doc.code, 0]),
                                   {"status": "dismissed", "note": "已有《城市市容和环境卫生管理条例》授权"},
                                   HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        text = response.content.decode()
        assert 'data-status="dismissed"' in text and "已排除" in text and 'hx-swap-oob="true"' in text
        finding = review_of(doc).precheck_findings[0]
        assert finding["status"] == "dismissed" and finding["note"].startswith("已有")
        assert finding["sentence"] == LICENCE_SENTENCE
        event = AuditEvent.objects.filter(action="documents.precheck_mark").get()
        assert event.after["status"] == "dismissed" and event.before["status"] == "open"
        assert event.actor_id == dp.xingyi_sh.pk
        # A dismissed finding is no longer marked in the text; the other one still is.
        with walker.at(DAY):
            html = client.get(page(doc)).content.decode()
        assert html.count('class="precheck"') == 1

    def test_confirming_without_htmx_redirects_back_to_the_finding(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.post(reverse("documents:precheck_mark", args=[doc.code, 1]), {"status": "confirmed"})
        assert response.status_code == 302 and response["Location"] == page(doc) + "#finding-1"
        assert review_of(doc).precheck_findings[1]["status"] == "confirmed"

    @pytest.mark.parametrize("index,data", [(0, {"status": "accepted"}), (9, {"status": "dismissed"}),
                                            (0, {"status": "dismissed", "note": "长" * 501})])
    def test_a_bad_mark_changes_nothing(self, client, walker, dp, index, data):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.post(reverse("documents:precheck_mark", args=[doc.code, index]), data)
        assert response.status_code == 302
        assert all(f["status"] == "open" for f in review_of(doc).precheck_findings)
        assert not AuditEvent.objects.filter(action="documents.precheck_mark").exists()

    def test_a_drafter_cannot_mark_findings(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_qc)
        with walker.at(DAY):
            assert client.post(reverse("documents:precheck_mark", args=[doc.code, 0]),
                               {"status": "dismissed"}).status_code == 403
        assert review_of(doc).precheck_findings[0]["status"] == "open"

    def test_an_incomplete_checklist_is_refused_with_each_missing_item_at_its_field(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.post(step_url(doc), {"action": "give_opinion",
                                                   "give_opinion-opinion": "lawful_after_changes",
                                                   "give_opinion-check_subject": "pass"})
        assert response.status_code == 409
        text = response.content.decode()
        assert 'id="action-give_opinion"' in text and "须写明修改要求" in text
        # Each missing point is named at its own field; the one filled in is not, and what was typed is kept.
        assert "审核要点“是否超越法定职权”未填写" in text and "审核要点“是否违反规定的制定程序”未填写" in text
        assert "审核要点“制定主体是否合法”未填写" not in text
        assert 'value="pass" class="fz-choices-inline fz-choices" id="id_give_opinion-check_subject_0" checked' in text
        doc.refresh_from_db()
        assert doc.state == DocumentState.IN_REVIEW and review_of(doc).status == ReviewStatus.WAITING
        assert "documents.review_opinion" not in audit_actions(doc)

    def test_an_unknown_checklist_value_is_a_field_error(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        data = opinion_post()
        data["give_opinion-check_subject"] = "maybe"
        with walker.at(DAY):
            response = client.post(step_url(doc), data)
        assert response.status_code == 400
        assert review_of(doc).status == ReviewStatus.WAITING

    def test_the_checklist_and_opinion_give_the_opinion(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        data = opinion_post("lawful_after_changes", required_changes="删除第三条、第四条")
        data["give_opinion-check_content"] = "problem"
        data["give_opinion-check_content_note"] = "第三条无上位法依据"
        with walker.at(DAY):
            response = client.post(step_url(doc), data)
        assert response.status_code == 302
        doc.refresh_from_db()
        review = review_of(doc)
        assert doc.state == DocumentState.REVIEWED and review.opinion == "lawful_after_changes"
        assert review.checklist["content"] == {"result": "problem", "note": "第三条无上位法依据"}
        assert review.opinion_by_id == dp.xingyi_sh.pk
        assert "documents.review_opinion" in audit_actions(doc)
        with walker.at(DAY):
            html = client.get(page(doc)).content.decode()
        assert 'id="opinion-given"' in html and "删除第三条、第四条" in html and 'id="action-confirm_changes"' in html

    def test_confirming_changes_needs_a_revised_version_first(self, client, walker, dp):
        doc = in_review(walker, dp)
        with walker.at(DAY):
            give_opinion(actor=dp.xingyi_sh, document=doc, opinion="lawful_after_changes",
                         checklist=full_checklist(), required_changes="删除第四条")
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            response = client.post(step_url(doc), {"action": "confirm_changes"})
            assert response.status_code == 409 and "文本尚未修改" in response.content.decode()
            services.document_update(actor=dp.xingyi_qc, document=doc, body=doc.body.replace("第四条", "第四条（删）"),
                                     note="按审核意见修改")
            html = client.get(page(doc)).content.decode()
            assert "送审后起草单位已修改正文" in html, html[html.find("id=\"document-head\""):][:3000]
            assert "id=\"text-diff\"" in html
            response = client.post(step_url(doc), {"action": "confirm_changes"})
        assert response.status_code == 302
        assert review_of(doc).changes_confirmed_at is not None
        assert "documents.review_confirmed" in audit_actions(doc)

    def test_returning_for_supplements_pauses_the_clock(self, client, walker, dp):
        doc = in_review(walker, dp)
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            empty = client.post(step_url(doc), {"action": "return_for_supplement",
                                                "return_for_supplement-reason": " "})
            assert empty.status_code == 400
            assert review_of(doc).status == ReviewStatus.WAITING
            response = client.post(step_url(doc), {"action": "return_for_supplement",
                                                   "return_for_supplement-reason": "请补充调研报告"})
        assert response.status_code == 302
        doc.refresh_from_db()
        review = review_of(doc)
        assert doc.state == DocumentState.RETURNED and review.deadline.status == "paused"
        assert "documents.review_returned" in audit_actions(doc)
        with walker.at(DAY):
            html = client.get(page(doc)).content.decode()
        assert 'id="review-returned"' in html and 'id="action-give_opinion"' not in html


# ------------------------------------------------------------------ the filing desk


@pytest.fixture
def two_filings(walker, dp, org):
    """兴义市 and 安龙县 documents filed with 州人民政府: one on time, one late."""
    from fazhi.documents.tests.desk_support import anlong_reviewer

    xingyi = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
    filed(walker, dp, xingyi, date(2026, 3, 20))
    anlong_sh = anlong_reviewer(org)
    anlong = published(walker, dp, title="安龙县乙办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10),
                       drafter=dp.anlong_qc, reviewer=anlong_sh, issuer=org.anlong_gov)
    filed(walker, dp, anlong, date(2026, 4, 20), drafter=dp.anlong_qc)
    return xingyi, anlong


class TestFilingDesk:
    def test_zsfj_sh_sees_the_counties_filings_addressed_to_the_prefecture_government(self, client, walker, dp,
                                                                                   two_filings):
        xingyi, anlong = two_filings
        client.force_login(dp.zsfj_sh)
        with walker.at(date(2026, 4, 21)):
            text = client.get(reverse("documents:filing_desk")).content.decode()
        assert xingyi.title in text and anlong.title in text
        assert reverse("documents:filing_package", args=[xingyi.code]) in text
        late_card = text[text.index(f'id="filing-{anlong.code}"'):][:400]
        assert 'data-late="1"' in late_card
        assert "逾期报备" in text[text.index(f'id="filing-{anlong.code}"'):]
        on_time = text[text.index(f'id="filing-{xingyi.code}"'):][:400]
        assert 'data-late="0"' in on_time

    def test_a_county_reviewer_has_none_of_the_filings_to_the_prefecture(self, client, walker, dp, two_filings):
        xingyi, _ = two_filings
        client.force_login(dp.xingyi_sh)
        with walker.at(date(2026, 4, 21)):
            assert xingyi.title not in client.get(reverse("documents:filing_desk")).content.decode()
            assert client.get(reverse("documents:filing_package", args=[xingyi.code])).status_code == 404
            response = client.post(reverse("documents:filing_decide", args=[xingyi.code]),
                                   {f"f{xingyi.filing.pk}-decision": "approved"})
        assert response.status_code == 404
        assert Filing.objects.get(document=xingyi).review_status == FilingReviewStatus.PENDING

    def test_the_package_downloads_as_a_word_file(self, client, walker, dp, two_filings):
        xingyi, _ = two_filings
        client.force_login(dp.zsfj_sh)
        response = client.get(reverse("documents:filing_package", args=[xingyi.code]))
        assert response.status_code == 200
        assert response["Content-Type"].endswith("wordprocessingml.document")
        assert b"".join(response.streaming_content)[:2] == b"PK"

    def test_approving_a_filing_records_the_decision(self, client, walker, dp, two_filings):
        xingyi, _ = two_filings
        client.force_login(dp.zsfj_sh)
        prefix = f"f{xingyi.filing.pk}"
        with walker.at(date(2026, 4, 21)):
            response = client.post(reverse("documents:filing_decide", args=[xingyi.code]),
                                   {f"{prefix}-decision": "approved", f"{prefix}-opinion": ""})
        assert response.status_code == 302
        filing = Filing.objects.get(document=xingyi)
        assert filing.review_status == FilingReviewStatus.APPROVED and filing.reviewed_by_id == dp.zsfj_sh.pk
        assert "documents.filing_decision" in audit_actions(xingyi)
        with walker.at(date(2026, 4, 21)):
            # Decided: no longer on the 待审查 list, and a second decision is refused.
            assert f'id="filing-{xingyi.code}"' not in client.get(reverse("documents:filing_desk")).content.decode()
            again = client.post(reverse("documents:filing_decide", args=[xingyi.code]), {f"{prefix}-decision": "revocation_proposed",
                                                                                   f"{prefix}-opinion": "越权"})
        assert again.status_code == 409
        assert Filing.objects.get(document=xingyi).review_status == FilingReviewStatus.APPROVED

    def test_an_extension_is_refused_at_its_fields_and_only_once(self, client, walker, dp, two_filings):
        """备案审查 extension (one, with the head's approval): errors come back at the fields, not as a flash."""
        xingyi, _ = two_filings
        client.force_login(dp.zsfj_sh)
        prefix = f"x{xingyi.filing.pk}"
        url = reverse("documents:filing_extend", args=[xingyi.code])
        with walker.at(date(2026, 4, 21)):
            missing = client.post(url, {f"{prefix}-approved_by": "", f"{prefix}-reason": ""})
            text = missing.content.decode()
            assert missing.status_code == 400 and f'id="extend-{xingyi.code}" open' in text
            assert text.count("fz-field-errors") >= 2
            ok = client.post(url, {f"{prefix}-approved_by": "州司法局局长", f"{prefix}-reason": "涉及多部门职责，需征求意见"})
            assert ok.status_code == 302
            again = client.post(url, {f"{prefix}-approved_by": "州司法局局长", f"{prefix}-reason": "仍需时间"})
        assert again.status_code == 409 and "不能再延长" in again.content.decode()
        assert Filing.objects.get(document=xingyi).review_extended_by == "州司法局局长"

    def test_a_correction_needs_reasons_and_a_sensible_period(self, client, walker, dp, two_filings):
        _, anlong = two_filings
        client.force_login(dp.zsfj_sh)
        prefix = f"f{anlong.filing.pk}"
        url = reverse("documents:filing_decide", args=[anlong.code])
        with walker.at(date(2026, 4, 21)):
            no_reason = client.post(url, {f"{prefix}-decision": "correction_required"})
            assert no_reason.status_code == 409 and "须写明审查意见和理由" in no_reason.content.decode()
            bad_days = client.post(url, {f"{prefix}-decision": "correction_required", f"{prefix}-opinion": "x",
                                         f"{prefix}-correction_days": "0"})
            assert bad_days.status_code == 400
            no_choice = client.post(url, {f"{prefix}-opinion": "x"})
            assert no_choice.status_code == 400
            assert Filing.objects.get(document=anlong).review_status == FilingReviewStatus.PENDING
            ok = client.post(url, {f"{prefix}-decision": "correction_required", f"{prefix}-correction_days": "15",
                                   f"{prefix}-opinion": "第四条设定罚款缺乏上位法依据"})
        assert ok.status_code == 302
        filing = Filing.objects.get(document=anlong)
        assert filing.review_status == FilingReviewStatus.CORRECTION_REQUIRED
        assert filing.correction_deadline.due_date == date(2026, 5, 6)

    def test_unfiled_documents_past_their_deadline_are_flagged(self, client, walker, dp):
        doc = published(walker, dp, title="兴义市丙办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
        client.force_login(dp.zsfj_sh)
        with walker.at(date(2026, 4, 21)):
            text = client.get(reverse("documents:filing_desk"), {"show": "unfiled"}).content.decode()
            assert client.get(reverse("documents:filing_desk"), {"show": "all", "late": "on"}).status_code == 200
        card = text[text.index(f'id="filing-{doc.code}"'):]
        assert 'data-late="1"' in card[:400] and "已超报备期限" in card


# ------------------------------------------------------------------ citizens' suggestions


class TestSuggestions:
    def test_the_filing_authority_answers_a_suggestion_on_time(self, client, walker, dp, two_filings):
        xingyi, _ = two_filings
        with walker.at(date(2026, 4, 21)):
            suggestion = services.suggestion_submit(document=xingyi, content="第四条罚款无上位法依据", name="张三")
        client.force_login(dp.zsfj_sh)
        with walker.at(date(2026, 4, 22)):
            text = client.get(reverse("documents:suggestions")).content.decode()
            assert suggestion.code in text and "个工作日" in text
            empty = client.post(reverse("documents:suggestion_answer", args=[suggestion.code]),
                                {f"s{suggestion.pk}-answer": ""})
            assert empty.status_code == 400
            response = client.post(reverse("documents:suggestion_answer", args=[suggestion.code]),
                                   {f"s{suggestion.pk}-answer": "经审查，已责令制定机关纠正。"})
        assert response.status_code == 302
        suggestion.refresh_from_db()
        assert suggestion.status == "answered" and suggestion.answered_by_id == dp.zsfj_sh.pk
        assert "documents.suggestion_answer" in audit_actions(xingyi)

    def test_a_county_reviewer_neither_sees_nor_answers_a_suggestion_the_prefecture_answers(self, client, walker,
                                                                                          dp, two_filings):
        xingyi, _ = two_filings
        with walker.at(date(2026, 4, 21)):
            suggestion = services.suggestion_submit(document=xingyi, content="建议审查", name="")
        client.force_login(dp.xingyi_sh)
        with walker.at(date(2026, 4, 22)):
            text = client.get(reverse("documents:suggestions")).content.decode()
            response = client.post(reverse("documents:suggestion_answer", args=[suggestion.code]),
                                   {f"s{suggestion.pk}-answer": "答复"})
        assert suggestion.code not in text
        assert response.status_code == 404  # outside the reviewer's scope: as if it did not exist
        suggestion.refresh_from_db()
        assert suggestion.status == "received"


# ------------------------------------------------------------------ cleanup


class TestCleanup:
    def test_a_campaign_is_created_decided_by_the_issuer_and_published(self, client, walker, dp, org):
        doc = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
        client.force_login(dp.fzb_admin)
        with walker.at(date(2026, 6, 1)):
            bad = client.post(reverse("documents:campaign_create"), {"title": "", "kind": "periodic"})
            assert bad.status_code == 400
            none = client.post(reverse("documents:campaign_create"), {
                "title": "2026年度集中清理", "kind": "periodic", "published_from": "2027-01-01"})
            assert none.status_code == 400 and "没有找到" in none.content.decode()
            assert not CleanupCampaign.objects.exists()
            response = client.post(reverse("documents:campaign_create"), {
                "title": "2026年度集中清理", "kind": "periodic", "issuers": [str(org.xingyi_gov.code)]})
        assert response.status_code == 302
        campaign = CleanupCampaign.objects.get()
        assert campaign.items.count() == 1
        detail = reverse("documents:campaign_detail", args=[campaign.code])
        with walker.at(date(2026, 6, 1)):
            refused = client.post(reverse("documents:campaign_publish", args=[campaign.code]))
            assert refused.status_code == 409 and "尚有 1 件文件未提出清理意见" in refused.content.decode()
        # The drafting office reaches the campaign through its own document and decides.
        client.force_login(dp.xingyi_qc)
        with walker.at(date(2026, 6, 2)):
            page = client.get(detail).content.decode()
            assert doc.title in page and "提出清理意见" in page
            url = reverse("documents:cleanup_decide", args=[campaign.code, doc.code])
            item = CleanupItem.objects.get()
            blank = client.post(url, {f"i{item.pk}-decision": "keep", f"i{item.pk}-reason": ""})
            assert blank.status_code == 400 and CleanupItem.objects.get().decision == ""
            ok = client.post(url, {f"i{item.pk}-decision": "keep", f"i{item.pk}-reason": "符合现行法律法规"})
        assert ok.status_code == 302 and CleanupItem.objects.get().decision == "keep"
        assert "documents.cleanup_decision" in audit_actions(doc)
        # The drafter may not publish.
        with walker.at(date(2026, 6, 2)):
            assert 'id="publish-form"' not in client.get(detail).content.decode()
            assert client.post(reverse("documents:campaign_publish", args=[campaign.code])).status_code == 403
        client.force_login(dp.fzb_admin)
        with walker.at(date(2026, 6, 3)):
            assert "1 / 1" in client.get(detail).content.decode().replace("<b>", "").replace("</b>", "")
            assert client.post(reverse("documents:campaign_publish", args=[campaign.code])).status_code == 302
            download = client.get(reverse("documents:campaign_announcement", args=[campaign.code]))
        campaign.refresh_from_db()
        assert campaign.status == CampaignStatus.PUBLISHED and campaign.announcement_id
        assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"

    def test_another_countys_drafter_cannot_reach_the_campaign(self, client, walker, dp, org):
        doc = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
        with walker.at(date(2026, 6, 1)):
            campaign = services.campaign_create(actor=dp.fzb_admin, title="2026年户外广告专项清理", kind="special",
                                                issuer_ids=[str(org.xingyi_gov.code)])
        client.force_login(dp.anlong_qc)
        assert client.get(reverse("documents:campaign_detail", args=[campaign.code])).status_code == 404
        item = campaign.items.get()
        response = client.post(reverse("documents:cleanup_decide", args=[campaign.code, doc.code]),
                               {f"i{item.pk}-decision": "repeal", f"i{item.pk}-reason": "x"})
        assert response.status_code == 404 and CleanupItem.objects.get().decision == ""
        assert campaign.title not in client.get(reverse("documents:campaigns")).content.decode()


# ------------------------------------------------------------------ upper laws


class TestUpperLaws:
    def test_marking_a_law_repealed_lists_the_documents_relying_on_it_for_review(self, client, walker, dp):
        law = UpperLaw.objects.create(name="贵州省城市市容和环境卫生管理条例", level=UpperLawLevel.LOCAL_REG)
        doc = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10),
                        upper_laws=[law])
        client.force_login(dp.fzb_admin)
        with walker.at(date(2026, 6, 1)):
            listing = client.get(reverse("documents:upper_laws")).content.decode()
            assert law.name in listing
            url = reverse("documents:upper_law_detail", args=[law.pk])
            bad = client.post(url, {"status": "repealed", "on": ""})
            assert bad.status_code == 400
            assert UpperLaw.objects.get().status == UpperLawStatus.IN_FORCE
            response = client.post(url, {"status": "repealed", "on": "2026-06-01", "note": "被新条例取代"})
        assert response.status_code == 302
        law.refresh_from_db()
        assert law.status == UpperLawStatus.REPEALED
        event = AuditEvent.objects.get(action="documents.upper_law_mark")
        assert event.after["affected"] == [doc.code]
        with walker.at(date(2026, 6, 1)):
            page = client.get(url).content.decode()
        assert 'id="listed-for-review"' in page and doc.title in page and "列入审查" in page

    def test_a_drafter_sees_upper_laws_but_cannot_mark_them(self, client, walker, dp):
        law = UpperLaw.objects.create(name="某条例", level=UpperLawLevel.LOCAL_REG)
        client.force_login(dp.xingyi_qc)
        url = reverse("documents:upper_law_detail", args=[law.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {"status": "repealed", "on": "2026-06-01"}).status_code == 403
        assert UpperLaw.objects.get().status == UpperLawStatus.IN_FORCE
        assert client.get(reverse("documents:upper_law_detail", args=[law.pk + 99])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, dp):
    for name in ("filing_desk", "suggestions", "campaigns", "upper_laws", "stats"):
        response = client.get(reverse(f"documents:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]



class TestQueryCounts:
    """A desk costs the same number of queries for one row as for several (no query per row)."""

    def count(self, client, url) -> int:
        from django.db import connection as db
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(db) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def test_the_review_desk(self, client, walker, dp):
        in_review(walker, dp, title="兴义市甲办法")
        client.force_login(dp.xingyi_sh)
        with walker.at(DAY):
            one = self.count(client, reverse("procedure:review_desk"))
        in_review(walker, dp, title="兴义市乙办法")
        in_review(walker, dp, title="兴义市丙办法")
        with walker.at(DAY):
            client.force_login(dp.xingyi_sh)
            three = self.count(client, reverse("procedure:review_desk"))
        assert three == one

    def test_the_filing_desk(self, client, walker, dp, two_filings):
        with walker.at(date(2026, 4, 21)):
            client.force_login(dp.zsfj_sh)
            two = self.count(client, reverse("documents:filing_desk"))
        third = published(walker, dp, title="兴义市丙办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
        filed(walker, dp, third, date(2026, 3, 25))
        with walker.at(date(2026, 4, 21)):
            client.force_login(dp.zsfj_sh)
            three = self.count(client, reverse("documents:filing_desk"))
        assert three == two
