"""The public site: only published documents and screened comments are shown; the arithmetic question,
the per-address rate limit, review suggestions with their receipt, cleanup results and public files."""

import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.documents import services
from fazhi.documents.choices import SuggestionStatus
from fazhi.documents.models import NormativeDocument, ReviewSuggestion
from fazhi.documents.selectors import comment_call_for
from fazhi.documents.tests.conftest import full_checklist, give_opinion, signed_pdf
from fazhi.portal import captcha, views
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment

D = date

# A document's life shown to the public happens after these dates (the walker's defaults).
AFTER_PUBLICATION = D(2026, 11, 2)
AFTER_EFFECT = D(2026, 12, 2)


def p(name: str, **kwargs) -> str:
    return reverse(f"portal:{name}", kwargs=kwargs or None)


def at(day: date, hour: str = "10:00"):
    return time_machine.travel(f"{day.isoformat()} {hour} +0800", tick=False)


_QUESTION = re.compile(r'id="fz-captcha-question">(.)\s*(加|减)\s*(.)\s*等于多少？<')
_TOKEN = re.compile(r'name="captcha_token" value="([^"]+)"')


def solve(html: str) -> dict:
    """Answer the page's arithmetic question the way a person would."""
    a, op, b = _QUESTION.search(html).groups()
    x, y = captcha.NUMERALS.index(a), captcha.NUMERALS.index(b)
    return {"captcha_token": _TOKEN.search(html).group(1), "captcha_answer": str(x + y if op == "加" else x - y)}


def wrong(html: str) -> dict:
    answer = solve(html)
    return {**answer, "captcha_answer": str(int(answer["captcha_answer"]) + 1)}


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def public(walker, dp, org):
    """A published 兴义市 document (effective 2026-12-01), a 兴义市 draft and an 安龙县 draft with the same words."""
    published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=D(2026, 9, 25))))))
    draft = walker.draft(title="兴义市户外广告招牌整治方案（内部讨论稿）", body="户外广告招牌一律统一设置。", on=D(2026, 10, 2))
    with walker.at(D(2026, 10, 2)):
        other = services.document_create(actor=dp.anlong_qc, title="安龙县户外广告管理规定", body="户外广告……",
                                         issuing_agency=org.anlong_gov, affects_rights=False, concerns_market=False)
    return published, draft, other


# ================================================================ the library


def test_the_portal_needs_no_login(db):
    for name in ("home", "document_list", "comment_list", "cleanup_list", "suggestion_lookup"):
        response = Client().get(p(name))
        assert response.status_code == 200, name
        assert "法治政府公开平台" in text_of(response)
        assert "退出登录" not in text_of(response) and "fz-sidebar" not in text_of(response)


def test_the_library_lists_published_documents_and_never_a_draft(public):
    published, draft, other = public
    with at(AFTER_PUBLICATION):
        html = text_of(Client().get(p("document_list")))
    assert published.title in html and "兴府规〔2026〕1号" in html and "尚未施行" in html
    assert draft.title not in html and other.title not in html
    with at(AFTER_PUBLICATION):
        for doc in (draft, other):
            assert Client().get(p("document_detail", code=doc.code)).status_code == 404
            assert Client().get(p("suggestion_create", code=doc.code)).status_code == 404


def test_full_text_search_finds_a_word_in_the_body_and_marks_it(public):
    published, draft, _ = public
    with at(AFTER_PUBLICATION):
        html = text_of(Client().get(p("document_list"), {"q": "行政区域"}))
        assert f'data-code="{published.code}"' in html and "<mark>行政区域</mark>" in html
        html = text_of(Client().get(p("document_list"), {"q": "招牌整治"}))
    assert "没有找到符合条件的文件" in html and draft.title not in html


def test_the_library_filters_by_issuer_year_and_status(public, org):
    published, _, _ = public
    client = Client()
    with at(AFTER_EFFECT):
        assert published.code in text_of(client.get(p("document_list"), {"issuer": str(org.xingyi_gov.code),
                                                                        "year": "2026", "status": "in_force"}))
        assert published.code not in text_of(client.get(p("document_list"), {"status": "repealed"}))
        html = text_of(client.get(p("document_list"), {"year": "1999"}))
    assert "检索条件有误" in html and "is-invalid" in html


def test_the_library_pages_with_a_keyset_cursor(public, walker, dp, monkeypatch):
    published, _, _ = public
    second = walker.draft(title="兴义市第二份办法", affects_rights=False, on=D(2026, 10, 26))
    with walker.at(D(2026, 10, 26)):
        services.document_submit_review(actor=dp.xingyi_qc, document=second)
        give_opinion(actor=dp.xingyi_sh, document=second, opinion="lawful", checklist=full_checklist())
    walker.deliberate(second, on=D(2026, 10, 27))
    walker.publish(second, on=D(2026, 10, 28), effective=D(2026, 10, 28))
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = Client()
    with at(AFTER_PUBLICATION):
        first = text_of(client.get(p("document_list")))
        assert second.code in first and published.code not in first
        cursor = re.search(r'href="[^"]*[?&]after=([^"&]+)"', first).group(1)
        following = text_of(client.get(p("document_list"), {"after": cursor}))
    assert published.code in following and second.code not in following


def test_the_library_page_costs_a_fixed_number_of_queries(public, django_assert_max_num_queries):
    with at(AFTER_PUBLICATION):
        Client().get(p("document_list"), {"q": "户外广告"})  # the year list and choices are cached: warm them
        with django_assert_max_num_queries(6):
            assert Client().get(p("document_list"), {"q": "户外广告"}).status_code == 200


# ================================================================ a document


def test_a_document_page_costs_a_fixed_number_of_queries(public, django_assert_max_num_queries):
    published, _, _ = public
    with at(AFTER_PUBLICATION), django_assert_max_num_queries(10):
        assert Client().get(p("document_detail", code=published.code)).status_code == 200


def test_a_document_shows_its_status_number_dates_text_history_and_summary(public):
    published, _, _ = public
    with at(AFTER_PUBLICATION):
        html = text_of(Client().get(p("document_detail", code=published.code)))
    assert published.title in html and "兴府规〔2026〕1号" in html and "兴义市人民政府" in html
    assert "2026-10-23" in html and "2026-12-01" in html and "2031-11-30" in html
    assert 'data-validity="not_yet"' in html and "自 2026年12月1日 起施行" in html
    assert "第二条 本办法适用于本市行政区域内户外广告设施的设置和管理。" in html
    assert "公开征求意见采纳情况" in html and "共收到意见 0 条。" in html
    assert "公布（兴府规〔2026〕1号）" in html and "将于本日起施行" in html
    assert "起草说明" not in html and "合法性审核" not in html  # internal material stays inside


def test_the_signed_pdf_is_downloadable_and_no_other_file_is(public, dp, walker):
    published, _, _ = public
    with walker.at(D(2026, 11, 3)):
        services.document_file(actor=dp.xingyi_qc, document=published)
    published.refresh_from_db()
    package = published.filing.package
    unused = signed_pdf(dp.xingyi_qc, name="未公布的文本.pdf")
    client = Client()
    with at(AFTER_PUBLICATION):
        response = client.get(p("attachment_download", code=published.signed_pdf.code))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        for other in (package, unused):
            assert client.get(p("attachment_download", code=other.code)).status_code == 404
        assert client.get("/portal/files/not-a-uuid/").status_code == 404


def test_an_amended_or_revoked_document_says_so_and_links_the_amending_one(public, walker, dp):
    published, _, _ = public
    amending = walker.draft(title="兴义市关于修改户外广告设置管理办法的决定", affects_rights=False, on=D(2026, 11, 2))
    with walker.at(D(2026, 11, 2)):
        services.document_submit_review(actor=dp.xingyi_qc, document=amending)
        give_opinion(actor=dp.xingyi_sh, document=amending, opinion="lawful", checklist=full_checklist())
    walker.deliberate(amending, on=D(2026, 11, 3))
    walker.publish(amending, on=D(2026, 11, 4), effective=D(2026, 11, 4))
    # No service records "B amends A" yet (reported to the domain layer's owner): set the row as it would.
    NormativeDocument.objects.filter(pk=published.pk).update(amended_on=D(2026, 11, 4), amended_by=amending)
    with at(AFTER_EFFECT):
        html = text_of(Client().get(p("document_detail", code=published.code)))
        assert 'data-validity="amended"' in html and "已被《" in html
        assert p("document_detail", code=amending.code) in html
        assert "本文件修改了《兴义市城市户外广告设置管理办法》" in text_of(
            Client().get(p("document_detail", code=amending.code)))
    with walker.at(D(2026, 11, 5)):
        services.document_file(actor=dp.xingyi_qc, document=amending)
        services.filing_decide(actor=dp.zsfj_sh, document=amending, decision="revocation_proposed",
                                 opinion="增设许可，无上位法依据")
        services.document_revoke(actor=None, document=amending, revoke=True, decided_on=D(2026, 11, 5),
                                 decision_ref="州人民政府第15次常务会议")
    with at(AFTER_EFFECT):
        html = text_of(Client().get(p("document_detail", code=amending.code)))
    assert 'data-validity="revoked"' in html and "经备案审查，由黔西南州人民政府决定撤销（州人民政府第15次常务会议）" in html
    assert "增设许可" not in html  # the authority's internal opinion is not published here


# ================================================================ review suggestions


def test_a_suggestion_is_stored_with_a_receipt_the_citizen_can_look_up(public, dp):
    published, _, _ = public
    client = Client(REMOTE_ADDR="10.9.8.7")
    url = p("suggestion_create", code=published.code)
    with at(AFTER_PUBLICATION):
        form = text_of(client.get(url))
        response = client.post(url, {"content": "第二条扩大了适用范围，缺乏上位法依据。", "name": "张三",
                                     "contact": "13912345678", **solve(form)}, follow=True)
    suggestion = ReviewSuggestion.objects.get()
    assert suggestion.document == published and suggestion.client_ip == "10.9.8.7"
    html = text_of(response)
    assert response.redirect_chain[-1][0] == p("suggestion_detail", code=suggestion.code)
    assert suggestion.code in html and "已受理" in html and "13912345678" not in html and "张三" not in html
    with at(AFTER_PUBLICATION):
        lookup = client.get(p("suggestion_lookup"), {"code": f" {suggestion.code.lower()} "})
        assert lookup.status_code == 302 and lookup["Location"] == p("suggestion_detail", code=suggestion.code)
        assert "没有找到该受理编号" in text_of(client.get(p("suggestion_lookup"), {"code": "ZZZZZZZZZZ"}))
        assert client.get("/portal/suggestions/abc/").status_code == 404


def test_the_receipt_shows_the_answer_once_given(public, dp):
    published, _, _ = public
    with at(AFTER_PUBLICATION):
        suggestion = services.suggestion_submit(document=published, content="第二条缺乏依据。", contact="citizen@example.org")
    with at(D(2026, 11, 10)):
        services.suggestion_answer(actor=dp.zsfj_sh, suggestion=suggestion, answer="经审查，第二条有上位法依据。")
        html = text_of(Client().get(p("suggestion_detail", code=suggestion.code)))
    assert "已答复" in html and "经审查，第二条有上位法依据。" in html and "citizen@example.org" not in html


def test_a_wrong_answer_to_the_question_stores_no_suggestion(public):
    published, _, _ = public
    client = Client()
    url = p("suggestion_create", code=published.code)
    with at(AFTER_PUBLICATION):
        response = client.post(url, {"content": "建议", **wrong(text_of(client.get(url)))})
    assert response.status_code == 200 and "验证题答案不正确" in text_of(response)
    assert not ReviewSuggestion.objects.exists()


def test_a_suggestion_without_content_is_refused_next_to_the_field(public):
    published, _, _ = public
    client = Client()
    url = p("suggestion_create", code=published.code)
    with at(AFTER_PUBLICATION):
        response = client.post(url, {"content": "", **solve(text_of(client.get(url)))})
    assert "这个字段是必填项" in text_of(response) or "必填" in text_of(response)
    assert not ReviewSuggestion.objects.exists()


def test_suggestions_are_rate_limited_per_address(public, settings):
    settings.FAZHI_PUBLIC_RATE_PER_HOUR = 2
    published, _, _ = public
    client = Client(REMOTE_ADDR="10.0.0.99")
    url = p("suggestion_create", code=published.code)
    with at(AFTER_PUBLICATION):
        for _ in range(2):
            assert client.post(url, {"content": "建议", **solve(text_of(client.get(url)))}).status_code == 302
        response = client.post(url, {"content": "建议", **solve(text_of(client.get(url)))})
    assert response.status_code == 200 and "提交过于频繁" in text_of(response)
    assert ReviewSuggestion.objects.count() == 2
    assert ReviewSuggestion.objects.filter(status=SuggestionStatus.RECEIVED).count() == 2


# ================================================================ public comment


@pytest.fixture
def open_call(walker, dp):
    doc = walker.draft(on=D(2026, 9, 25))
    with walker.at(D(2026, 9, 28)):
        services.comment_open(actor=dp.xingyi_qc, document=doc, start=D(2026, 9, 28), end=D(2026, 10, 12),
                              notice="请于截止日期前提出意见。")
    return comment_call_for(doc)


def test_an_open_call_shows_the_draft_and_only_screened_comments_with_their_answers(open_call, dp, walker):
    doc = NormativeDocument.objects.get(pk=open_call.object_id)
    with walker.at(D(2026, 9, 29)):
        shown = procedure.comment_submit_public(call=open_call, content="建议增加夜间照明的要求。", name="李四",
                                                contact="lisi@example.com", client_ip="10.7.7.7")
        procedure.comment_submit_public(call=open_call, content="这是一条未经审核的意见。", client_ip="10.7.7.8")
        services.comments_screen(actor=dp.xingyi_qc, document=doc, comment_ids=[shown.pk], show=True)
        services.comments_answer(actor=dp.xingyi_qc, document=doc, comment_ids=[shown.pk], outcome="adopted",
                                 answer="已在第二条增加。")
    with at(D(2026, 9, 30)):
        listing = text_of(Client().get(p("comment_list")))
        html = text_of(Client().get(p("comment_detail", code=open_call.code)))
    assert doc.title in listing
    assert "第二条 本办法适用于本市行政区域内户外广告设施的设置和管理。" in html and "请于截止日期前提出意见。" in html
    assert "建议增加夜间照明的要求。" in html and "采纳" in html and "已在第二条增加。" in html
    assert "这是一条未经审核的意见。" not in html
    assert "李四" not in html and "lisi@example.com" not in html and "10.7.7.7" not in html
    assert "公开的意见及答复（1）" in html


def test_a_right_answer_stores_the_comment_pending_screening(open_call):
    client = Client(REMOTE_ADDR="10.3.3.3")
    url = p("comment_detail", code=open_call.code)
    with at(D(2026, 10, 9)):
        response = client.post(url, {"content": "建议对临街招牌的尺寸作出规定。", "contact": "13800000000",
                                     **solve(text_of(client.get(url)))}, follow=True)
    comment = Comment.objects.get()
    assert comment.screening == ScreeningStatus.PENDING and comment.client_ip == "10.3.3.3"
    assert comment.contact == "13800000000" and comment.source == "portal"
    html = text_of(response)  # the receipt page: the commenter's own text, waiting for screening
    assert "请记下受理编号" in html and comment.receipt in html and "待审核" in html
    assert "13800000000" not in html
    with at(D(2026, 10, 9)):
        assert "建议对临街招牌的尺寸作出规定。" not in text_of(client.get(url))  # not public before screening
    assert AuditEvent.objects.filter(action="procedure.comment_submit").exists()


def test_a_wrong_or_missing_answer_stores_nothing(open_call):
    client = Client()
    url = p("comment_detail", code=open_call.code)
    with at(D(2026, 10, 9)):
        wrong_answer = client.post(url, {"content": "意见", **wrong(text_of(client.get(url)))})
        no_answer = client.post(url, {"content": "意见", "captcha_token": solve(text_of(client.get(url)))[
            "captcha_token"]})
        not_a_number = client.post(url, {"content": "意见", "captcha_token": solve(text_of(client.get(url)))[
            "captcha_token"], "captcha_answer": "十二"})
        forged = client.post(url, {"content": "意见", "captcha_token": "forged", "captcha_answer": "3"})
    assert "验证题答案不正确" in text_of(wrong_answer)
    assert "请回答验证题" in text_of(no_answer)
    assert "请用数字填写" in text_of(not_a_number)
    assert "验证题无效" in text_of(forged)
    assert not Comment.objects.exists()
    assert "意见" in text_of(wrong_answer)  # what the person wrote is kept for the next try


def test_the_question_expires_and_cannot_be_used_twice(open_call):
    client = Client()
    url = p("comment_detail", code=open_call.code)
    with at(D(2026, 10, 9), "10:00"):
        answer = solve(text_of(client.get(url)))
    with at(D(2026, 10, 9), "10:31"):
        assert "验证题已过期" in text_of(client.post(url, {"content": "意见", **answer}))
    with at(D(2026, 10, 9), "11:00"):
        answer = solve(text_of(client.get(url)))
        assert client.post(url, {"content": "第一次", **answer}).status_code == 302
        assert "已使用过" in text_of(client.post(url, {"content": "第二次", **answer}))
    assert list(Comment.objects.values_list("content", flat=True)) == ["第一次"]


def test_a_question_issued_for_one_call_does_not_answer_another(open_call, walker, dp):
    other_doc = walker.draft(title="兴义市另一份办法", on=D(2026, 9, 25))
    with walker.at(D(2026, 9, 28)):
        services.comment_open(actor=dp.xingyi_qc, document=other_doc, start=D(2026, 9, 28), end=D(2026, 10, 12))
    other = comment_call_for(other_doc)
    client = Client()
    with at(D(2026, 10, 9)):
        answer = solve(text_of(client.get(p("comment_detail", code=other.code))))
        response = client.post(p("comment_detail", code=open_call.code), {"content": "意见", **answer})
    assert "验证题无效" in text_of(response) and not Comment.objects.exists()


def test_comments_are_rate_limited_per_address(open_call, settings):
    settings.FAZHI_PUBLIC_RATE_PER_HOUR = 3
    url = p("comment_detail", code=open_call.code)
    flooder, neighbour = Client(REMOTE_ADDR="10.6.6.6"), Client(REMOTE_ADDR="10.6.6.7")
    with at(D(2026, 10, 9)):
        for i in range(3):
            assert flooder.post(url, {"content": f"意见{i}", **solve(text_of(flooder.get(url)))}).status_code == 302
        refused = flooder.post(url, {"content": "意见3", **solve(text_of(flooder.get(url)))})
        assert neighbour.post(url, {"content": "邻居", **solve(text_of(neighbour.get(url)))}).status_code == 302
    assert "提交过于频繁" in text_of(refused)
    assert Comment.objects.filter(client_ip="10.6.6.6").count() == 3
    with at(D(2026, 10, 9), "11:01"):
        assert flooder.post(url, {"content": "一小时后", **solve(text_of(flooder.get(url)))}).status_code == 302


def test_name_and_contact_are_required_when_the_deployment_says_so(open_call, settings):
    settings.FAZHI_PUBLIC_REQUIRE_NAME = True
    client = Client()
    url = p("comment_detail", code=open_call.code)
    with at(D(2026, 10, 9)):
        response = client.post(url, {"content": "意见", **solve(text_of(client.get(url)))})
    assert response.status_code == 200 and not Comment.objects.exists()
    assert text_of(response).count("invalid-feedback") >= 2


def test_a_closed_window_takes_no_comment(open_call):
    client = Client()
    url = p("comment_detail", code=open_call.code)
    with at(D(2026, 10, 12)):
        answer = solve(text_of(client.get(url)))
    with at(D(2026, 10, 13)):
        page = text_of(client.get(url))
        response = client.post(url, {"content": "迟到的意见", **answer}, follow=True)
    assert "不再接收意见" in page and 'id="fz-comment-form"' not in page
    assert "现已结束" in text_of(response) and not Comment.objects.exists()


def test_a_call_not_yet_started_is_not_public(walker, dp):
    doc = walker.draft(on=D(2026, 9, 25))
    with walker.at(D(2026, 9, 25)):
        services.comment_open(actor=dp.xingyi_qc, document=doc, start=D(2026, 10, 8), end=D(2026, 10, 20))
        call = comment_call_for(doc)
        assert Client().get(p("comment_detail", code=call.code)).status_code == 404
        assert doc.title not in text_of(Client().get(p("comment_list")))
    with at(D(2026, 10, 8)):
        assert Client().get(p("comment_detail", code=call.code)).status_code == 200


# ================================================================ cleanup results


@pytest.fixture
def campaign(public, dp, walker):
    published, _, _ = public
    with walker.at(D(2026, 11, 2)):
        campaign = services.campaign_create(actor=dp.xingyi_fzb, title="2026年度规范性文件集中清理", kind="periodic")
        item = campaign.items.get()
        services.cleanup_item_decide(actor=dp.xingyi_qc, item=item, decision="repeal", reason="已被新规定替代")
    return campaign


def test_an_unpublished_campaign_is_not_shown(campaign):
    with at(AFTER_PUBLICATION):
        assert Client().get(p("cleanup_detail", code=campaign.code)).status_code == 404
        assert campaign.title not in text_of(Client().get(p("cleanup_list")))


def test_published_cleanup_results_list_each_decision_with_the_announcement(campaign, public, dp, walker):
    published, _, _ = public
    with walker.at(D(2026, 11, 20)):
        services.campaign_publish(actor=dp.xingyi_fzb, campaign=campaign)
    campaign.refresh_from_db()
    client = Client()
    with at(D(2026, 11, 21)):
        assert campaign.title in text_of(client.get(p("cleanup_list")))
        html = text_of(client.get(p("cleanup_detail", code=campaign.code)))
        download = client.get(p("attachment_download", code=campaign.announcement.code))
        doc_html = text_of(client.get(p("document_detail", code=published.code)))
    assert "废止的文件（1 件）" in html and "继续有效的文件（0 件）" in html and "已被新规定替代" in html
    assert published.title in html
    assert download.status_code == 200 and download["Content-Type"].endswith("wordprocessingml.document")
    assert "2026年度规范性文件集中清理：废止" in doc_html and 'data-validity="repealed"' in doc_html


def test_the_year_list_is_computed_once_then_cached(public):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.portal import selectors as portal_selectors

    with at(AFTER_PUBLICATION):
        assert portal_selectors.years() == [2026]
        with CaptureQueriesContext(connection) as ctx:
            assert portal_selectors.years() == [2026]
    assert not [q for q in ctx.captured_queries if "documents_normativedocument" in q["sql"]]
