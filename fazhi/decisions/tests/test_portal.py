"""重大行政决策 on the public site (/portal/decisions/): only public things are shown — published catalogues
with their revisions, posted consultations with screened comments, published decisions with their adoption
explanations and execution progress (never a report's content, a vote, a contact or an address) — and the
three public forms: a comment, feedback on a published decision, a citizen's proposal with a receipt."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.models import AuditEvent
from fazhi.decisions import selectors, services
from fazhi.decisions.choices import ProposalSource, ProposalStatus
from fazhi.decisions.models import Proposal, PublicFeedback
from fazhi.decisions.tests.conftest import at, opinions
from fazhi.portal.tests.test_portal import solve, text_of, wrong
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment

D = date
VIEWING_DAY = D(2026, 11, 25)
SECRET_DRAFT = "内部讨论稿：拟对中心城区机动车征收拥堵费"
MEETING_DISSENT = "委员1当场表示：票价调整将加重低收入群体负担"
REPORT_CONTENT = "新票价运行平稳，客流量下降百分之三（内部统计）"


def p(name: str, **kwargs) -> str:
    return reverse(f"portal_decisions:{name}", kwargs=kwargs or None)


class World:
    pass


def _create(dcp, org, title, catalogue=None, **flags):
    values = {"requires_public_participation": True, "requires_expert_argumentation": False,
              "requires_risk_assessment": False, "concerns_market": False, **flags}
    return services.decision_create(actor=dcp.zfgb_jc, title=title, decision_organ=org.zhou_gov,
                                    sponsor=org.zhou_sthj, catalogue=catalogue, **values)


def _start(dcp, decision, draft):
    services.decision_start(actor=dcp.zfgb_jc, decision=decision)
    services.decision_update(actor=dcp.zfgb_jc, decision=decision, draft=draft, explanation="起草说明及依据……")


@pytest.fixture
def world(dcp, dwalker, org, people):
    """The prefecture's 2026 catalogue (published, then adjusted and republished), a published decision with
    comments, a dissent and execution reports, an open consultation, a private draft, a county draft catalogue."""
    w = World()
    with at(D(2026, 1, 20)):
        w.catalogue = services.catalogue_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, year=2026)
        w.published = _create(dcp, org, "黔西南州城区公共交通票价调整方案", w.catalogue)
        w.consulting = _create(dcp, org, "黔西南州中心城区中小学校布局调整方案", w.catalogue)
        w.private = _create(dcp, org, "黔西南州中心城区交通拥堵治理方案", w.catalogue)
    with at(D(2026, 2, 2)):
        services.catalogue_publish(actor=dcp.zfgb_jc, catalogue=w.catalogue, party_consent_on=D(2026, 1, 28),
                                   party_consent_ref="州委常委会第5次会议")
    with at(D(2026, 3, 2)):
        w.added = _create(dcp, org, "黔西南州新能源汽车充电基础设施建设实施方案", w.catalogue)
        services.catalogue_publish(actor=dcp.zfgb_jc, catalogue=w.catalogue, party_consent_on=D(2026, 2, 27),
                                   party_consent_ref="州委常委会第7次会议", reason="根据州人大代表建议增加一项")
        _start(dcp, w.published, "一、调整原则……\n二、票价标准：普通线路每人次2元……")
        _start(dcp, w.private, SECRET_DRAFT)
    with at(D(2026, 3, 3)):
        services.consultation_open(actor=dcp.zfgb_jc, decision=w.published, start=D(2026, 3, 3), end=D(2026, 4, 1))
    with at(D(2026, 3, 10)):
        call = selectors.consultation_of(w.published)
        w.shown = procedure.comment_submit_public(call=call, content="建议学生票半价。", contact="13900000001",
                                                  client_ip="10.9.8.7")
        w.hidden = procedure.comment_submit_public(call=call, content="广告：代办各类证件", client_ip="10.9.8.6")
        w.pending = procedure.comment_submit_public(call=call, content="票价应当听证后再定（尚未审核）")
        services.comments_screen(actor=dcp.zfgb_jc, decision=w.published, comment_ids=[w.shown.pk], show=True)
        services.comments_screen(actor=dcp.zfgb_jc, decision=w.published, comment_ids=[w.hidden.pk], show=False,
                                 reason="含个人信息。")
        services.comments_answer(actor=dcp.zfgb_jc, decision=w.published, comment_ids=[w.shown.pk, w.pending.pk],
                                 outcome="adopted", answer="已在第二条中增加学生半价。")
    with at(D(2026, 4, 2)):
        services.consultation_close(actor=dcp.zfgb_jc, decision=w.published)
        services.decision_update(actor=dcp.zfgb_jc, decision=w.published, public_opinion_summary="收到意见 3 条……")
    dwalker.review(w.published)
    with at(D(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=w.published)
    with at(D(2026, 4, 20)):
        rows = opinions("disagree", "agree", "agree")
        rows[0]["statement"] = MEETING_DISSENT
        services.meeting_record(actor=dcp.zfgb_jc, decision=w.published, meeting_type="standing",
                                held_on=D(2026, 4, 20), attendees="州长、副州长", outcome="adopted", head_name="州长",
                                opinions=rows, party_report_on=D(2026, 4, 20), party_report_ref="黔西南府呈〔2026〕5号")
    with at(D(2026, 4, 24)):
        services.decision_publish(actor=dcp.zfgb_jc, decision=w.published, publication_text="黔西南州人民政府关于调整城区公共交通票价的决定……",
                         publication_explanation="公开征求意见收到意见 3 条，采纳学生半价的意见。",
                         execution_units=[org.zhou_sthj])
    with at(D(2026, 11, 20)):
        _start(dcp, w.consulting, "一、布局原则……\n二、撤并学校名单……")
        services.consultation_open(actor=dcp.zfgb_jc, decision=w.consulting, start=D(2026, 11, 20),
                                   end=D(2026, 12, 20), notice="欢迎家长和社会各界提出意见。")
        w.xingyi_catalogue = services.catalogue_create(actor=dcp.xingyi_jc, agency=org.xingyi_gov, year=2026)
    for name in ("published", "consulting", "private", "catalogue", "xingyi_catalogue"):
        getattr(w, name).refresh_from_db()
    w.call = selectors.consultation_of(w.consulting)
    return w


@pytest.fixture
def reported(world, people):
    """The first execution report of the published decision, four days late (due 2026-07-24)."""
    with at(D(2026, 7, 28)):
        services.execution_report(actor=people.zsthj_fz, decision=world.published, progress=REPORT_CONTENT,
                                  problems="个别线路运力不足（内部）")
    return world


def get(url, **params):
    with at(VIEWING_DAY):
        return Client().get(url, params)


def post(client, url, data):
    with at(VIEWING_DAY):
        return client.post(url, data)


# ================================================================ nothing internal leaks


def test_every_public_page_opens_without_login_and_nothing_internal_is_on_it(reported):
    world = reported
    pages = [p("home"), p("catalogue_list"), p("catalogue_detail", code=world.catalogue.code), p("consultation_list"),
             p("consultation_detail", code=world.call.code),
             p("consultation_detail", code=selectors.consultation_of(world.published).code),
             p("decision_list"), p("decision_detail", code=world.published.code), p("proposal_create"),
             p("proposal_lookup")]
    for url in pages:
        response = get(url)
        assert response.status_code == 200, url
        html = text_of(response)
        assert "退出登录" not in html
        for secret in (SECRET_DRAFT, MEETING_DISSENT, REPORT_CONTENT, "个别线路运力不足", "13900000001", "10.9.8.7",
                       "代办各类证件", "尚未审核", "黔西南府呈"):
            assert secret not in html, (url, secret)


def test_a_decision_that_is_not_published_is_a_404(world):
    for decision in (world.private, world.consulting):
        assert get(p("decision_detail", code=decision.code)).status_code == 404
    assert get(p("decision_detail", code="ZZZZZZZZZZ")).status_code == 404


def test_a_draft_catalogue_and_an_unposted_consultation_are_not_public(world, dcp):
    assert get(p("catalogue_detail", code=world.xingyi_catalogue.code)).status_code == 404
    assert "兴义市人民政府" not in text_of(get(p("catalogue_list")))
    with at(D(2026, 11, 24)):
        services.consultation_open(actor=dcp.zfgb_jc, decision=world.private, start=D(2026, 11, 30),
                                   end=D(2026, 12, 30))
    future = selectors.consultation_of(world.private)
    assert get(p("consultation_detail", code=future.code)).status_code == 404
    assert SECRET_DRAFT not in text_of(get(p("consultation_list")))


# ================================================================ catalogues


def test_the_catalogue_shows_its_current_items_and_every_revision(world):
    html = text_of(get(p("catalogue_detail", code=world.catalogue.code)))
    assert "黔西南州人民政府2026年度重大行政决策事项目录" in html and "第 2 版" in html
    assert "新能源汽车充电基础设施建设实施方案" in html and "根据州人大代表建议增加一项" in html
    assert "＋ 增加：黔西南州新能源汽车充电基础设施建设实施方案" in html
    assert "州委常委会第5次会议" in html and "州委常委会第7次会议" in html
    # The published item links to its decision page; the others are plain text.
    assert p("decision_detail", code=world.published.code) in html
    assert p("decision_detail", code=world.private.code) not in html


def test_an_earlier_version_of_the_catalogue_stays_readable(world):
    html = text_of(get(p("catalogue_detail", code=world.catalogue.code), version="1"))
    assert "历史版本" in html
    items = html.split('id="fz-catalogue-items"')[1].split("</table>")[0]
    assert "新能源汽车" not in items and "公共交通票价" in items
    assert get(p("catalogue_detail", code=world.catalogue.code), version="x").status_code == 200


def test_catalogues_filter_by_government_and_year(world, org):
    html = text_of(get(p("catalogue_list"), organ=str(org.zhou_gov.code), year="2026"))
    assert p("catalogue_detail", code=world.catalogue.code) in html
    html = text_of(get(p("catalogue_list"), year="1999"))
    assert p("catalogue_detail", code=world.catalogue.code) not in html and "没有符合条件的目录" in html


# ================================================================ consultations and comments


def test_an_open_consultation_shows_the_draft_notice_and_form(world):
    html = text_of(get(p("consultation_detail", code=world.call.code)))
    assert "撤并学校名单" in html and "欢迎家长和社会各界提出意见" in html
    assert 'id="fz-explanation"' in html and "起草说明及依据" in html  # 第十五条: the draft with its explanation
    assert 'id="fz-comment-form"' in html and "不少于 30 日" in html
    listing = text_of(get(p("consultation_list")))
    open_part = listing.split('id="fz-dec-open-calls"')[1].split('id="fz-dec-ended-calls"')[0]
    assert "中小学校布局调整方案" in open_part and "公共交通票价" not in open_part


def test_the_portals_one_comment_list_holds_decision_drafts_beside_document_drafts(world):
    """门户“征求意见”栏目 lists every open call — a decision draft links to its own consultation page."""
    listing = text_of(get(reverse("portal:comment_list")))
    open_part = listing.split('id="fz-open-calls"')[1].split("已结束的征求意见")[0]
    ended_part = listing.split("已结束的征求意见")[1]
    assert "中小学校布局调整方案" in open_part and "重大行政决策" in open_part
    assert p("consultation_detail", code=world.call.code) in open_part
    assert "公共交通票价调整方案" in ended_part and "公共交通票价调整方案" not in open_part
    assert "交通拥堵治理方案" not in listing  # never put out for comment
    home = text_of(get(reverse("portal:home")))
    assert p("consultation_detail", code=world.call.code) in home


def test_an_ended_consultation_shows_only_screened_comments_with_their_answers(world):
    call = selectors.consultation_of(world.published)
    html = text_of(get(p("consultation_detail", code=call.code)))
    assert "建议学生票半价。" in html and "已在第二条中增加学生半价。" in html
    assert "代办各类证件" not in html and "尚未审核" not in html
    assert 'id="fz-comment-form"' not in html and "征求意见期已结束" in html
    assert p("decision_detail", code=world.published.code) in html


def test_a_citizen_comment_needs_the_right_answer_and_waits_for_screening(world):
    client = Client()
    url = p("consultation_detail", code=world.call.code)
    with at(VIEWING_DAY):
        html = text_of(client.get(url))
        response = client.post(url, {"content": "建议保留村小教学点。", **wrong(html)})
        assert "验证题答案不正确" in text_of(response)
        assert not world.call.comments.exists()
        response = client.post(url, {"content": "建议保留村小教学点。", "contact": "13800000000",
                                     **solve(text_of(response))})
    comment = world.call.comments.get()
    assert response.status_code == 302 and response.url == reverse("portal:comment_receipt", kwargs={"code": comment.receipt})
    assert comment.screening == ScreeningStatus.PENDING and comment.client_ip == "127.0.0.1"
    assert "建议保留村小教学点" not in text_of(get(url))


def test_a_commenter_follows_screening_and_answer_by_the_receipt_and_nobody_else_sees_the_contact(world, dcp):
    """受理编号: the commenter's own key — their text, the screening and the answer, never the contact."""
    call = selectors.consultation_of(world.published)
    receipt_page = reverse("portal:comment_receipt", kwargs={"code": world.pending.receipt})
    html = text_of(get(receipt_page))
    assert "票价应当听证后再定（尚未审核）" in html and "待审核" in html
    assert "已在第二条中增加学生半价。" in html and "采纳" in html  # answered though not yet screened
    shown = text_of(get(reverse("portal:comment_receipt", kwargs={"code": world.shown.receipt})))
    assert "已公开" in shown and "13900000001" not in shown and "10.9.8.7" not in shown
    assert p("consultation_detail", code=call.code) in shown
    hidden = text_of(get(reverse("portal:comment_receipt", kwargs={"code": world.hidden.receipt})))
    assert "未公开" in hidden and "尚未答复" in hidden
    lookup = reverse("portal:comment_receipt_lookup")
    with at(VIEWING_DAY):
        found = Client().get(lookup, {"code": world.shown.receipt.lower()})
        missing = Client().get(lookup, {"code": "ZZZZZZZZZZ"})
    assert found.status_code == 302 and found.url.endswith(f"/{world.shown.receipt}/")
    assert "没有找到该受理编号" in text_of(missing)
    assert get(reverse("portal:comment_receipt", kwargs={"code": "ZZZZZZZZZZ"})).status_code == 404
    receipts = {c.receipt for c in call.comments.all()}
    assert len(receipts) == 3 and None not in receipts


def test_comments_are_rate_limited_per_address(world, settings):
    settings.FAZHI_PUBLIC_RATE_PER_HOUR = 1
    client = Client()
    url = p("consultation_detail", code=world.call.code)
    with at(VIEWING_DAY):
        first = client.post(url, {"content": "第一条意见", **solve(text_of(client.get(url)))})
        assert first.status_code == 302
        second = client.post(url, {"content": "第二条意见", **solve(text_of(client.get(url)))})
    assert "提交过于频繁" in text_of(second) and world.call.comments.count() == 1


def test_a_closed_consultation_takes_no_comment(world):
    call = selectors.consultation_of(world.published)
    url = p("consultation_detail", code=call.code)
    before = Comment.objects.count()
    response = post(Client(), url, {"content": "迟到的意见"})
    assert response.status_code == 302 and Comment.objects.count() == before


# ================================================================ published decisions


def test_a_published_decision_shows_its_text_explanation_and_execution_progress(reported):
    world = reported
    html = text_of(get(p("decision_detail", code=world.published.code)))
    assert "关于调整城区公共交通票价的决定" in html and "采纳学生半价的意见" in html
    assert "黔西南州生态环境局" in html
    reports = html.split('id="fz-reports"')[1].split("</table>")[0]
    # The first report came in four days late; the next one, due 2026-10-26, has not come in.
    assert 'data-status="late"' in reports and "2026-07-28" in reports and "逾期报告" in reports
    assert 'data-status="overdue"' in reports and "逾期未报告" in reports
    assert "已报告 1 次，其中按时 0 次、逾期 1 次；逾期未报告 1 次" in html
    assert 'id="fz-feedback-form"' in html


def test_published_decisions_are_listed_and_filtered(world, org):
    html = text_of(get(p("decision_list")))
    assert world.published.title in html and world.private.title not in html
    assert world.published.title in text_of(get(p("decision_list"), q="票价", organ=str(org.zhou_gov.code),
                                                  year="2026"))
    html = text_of(get(p("decision_list"), organ=str(org.anlong_gov.code)))
    assert world.published.title not in html and "检索条件有误" in html


def test_an_emergency_suspension_is_said_on_the_decision_page(world, dcp):
    with at(D(2026, 11, 24)):
        services.decision_adjust(actor=dcp.zfgb_jc, decision=world.published, kind="suspend", basis="州长决定",
                        reason="群众反映强烈（内部）", emergency=True)
    html = text_of(get(p("decision_detail", code=world.published.code)))
    assert "中止执行" in html and "由行政首长先行决定中止执行" in html and "群众反映强烈" not in html


def test_feedback_on_a_published_decision_is_stored_with_the_address(world):
    client = Client()
    url = p("decision_detail", code=world.published.code)
    with at(VIEWING_DAY):
        html = text_of(client.get(url))
        response = client.post(url, {"content": "", **solve(html)})
        assert "请填写" in text_of(response) or "必填" in text_of(response)
        assert not PublicFeedback.objects.exists()
        response = client.post(url, {"content": "3路公交高峰期过于拥挤，建议加密班次。", "name": "张三",
                                     **solve(text_of(response))})
    assert response.status_code == 302 and response.url.endswith("#feedback")
    feedback = PublicFeedback.objects.get()
    assert feedback.decision == world.published and feedback.client_ip == "127.0.0.1"
    assert AuditEvent.objects.filter(action="decisions.feedback_submit").exists()


# ================================================================ a citizen's proposal


def test_a_citizen_proposes_a_decision_item_and_looks_it_up_by_the_receipt(world, org):
    client = Client()
    url = p("proposal_create")
    with at(VIEWING_DAY):
        html = text_of(client.get(url))
        assert "黔西南州人民政府" in html and "兴义市人民政府" not in html  # only governments with a catalogue
        data = {"agency": str(org.zhou_gov.code), "title": "关于在城区增设公共停车场的建议",
                "content": "城区停车难问题突出，建议规划建设公共停车场。", "proposer": "王五", "contact": "wangwu@example.org"}
        response = client.post(url, {**data, **wrong(html)})
        assert "验证题答案不正确" in text_of(response) and not Proposal.objects.exists()
        response = client.post(url, {**data, **solve(text_of(response))})
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == p("proposal_detail", code=proposal.code)
    assert proposal.source == ProposalSource.CITIZEN and proposal.created_by is None
    assert proposal.agency == org.zhou_gov and proposal.status == ProposalStatus.RECEIVED
    html = text_of(get(p("proposal_detail", code=proposal.code)))
    assert proposal.code in html and "已收到" in html and "wangwu@example.org" not in html
    with at(VIEWING_DAY):
        found = Client().get(p("proposal_lookup"), {"code": proposal.code.lower()})
    assert found.status_code == 302 and found.url == p("proposal_detail", code=proposal.code)


def test_a_bad_proposal_is_refused_next_to_its_fields(world):
    client = Client()
    with at(VIEWING_DAY):
        html = text_of(client.get(p("proposal_create")))
        response = client.post(p("proposal_create"), {"agency": "nonsense", "title": "", "content": "",
                                                      "proposer": "", **solve(html)})
    html = text_of(response)
    assert response.status_code == 200 and html.count("is-invalid") >= 4 and not Proposal.objects.exists()


def test_a_deputys_proposal_is_not_reachable_by_its_code(world, dcp, org):
    with at(D(2026, 3, 1)):
        proposal = services.proposal_submit(actor=dcp.zfgb_jc, agency=org.zhou_gov, source=ProposalSource.DEPUTY,
                                            proposer="州人大代表李某", title="关于建设充电设施的建议", content="……")
    assert get(p("proposal_detail", code=proposal.code)).status_code == 404
    with at(VIEWING_DAY):
        response = Client().get(p("proposal_lookup"), {"code": proposal.code})
    assert response.status_code == 200 and "没有找到该受理编号" in text_of(response)


def test_the_public_decision_list_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with at(VIEWING_DAY), django_assert_max_num_queries(8):
        assert Client().get(p("decision_list")).status_code == 200
