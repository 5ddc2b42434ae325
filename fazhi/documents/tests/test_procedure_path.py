"""The whole procedure of a 兴义市 document, on real 2026 dates, with every guard at its edge."""

from datetime import date

import pytest

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent
from fazhi.documents import services
from fazhi.documents.choices import DocumentState, FilingReviewStatus, Validity
from fazhi.documents.models import NormativeDocument
from fazhi.documents.selectors import validity_of
from fazhi.documents.tests.conftest import (
    confirm_changes,
    full_checklist,
    give_opinion,
    return_for_supplement,
    signed_pdf,
)
from fazhi.procedure.choices import ReviewStatus
from fazhi.procedure.models import LegalityReview


def refused(fn, *args, **kwargs) -> list[str]:
    with pytest.raises(TransitionRefused) as exc:
        fn(*args, **kwargs)
    return exc.value.reasons


class TestCommentWindow:
    def test_seven_working_days_across_national_day_end_on_12_october(self, walker, dp):
        # 2026-09-28 … 09-30 (3), 国庆 10-01 … 10-07, 10-08, 10-09, 10-10 (调休 Saturday), 10-12 → 7 working days.
        doc = walker.draft(on=date(2026, 9, 25))
        with walker.at(date(2026, 9, 28)):
            reasons = refused(services.comment_open, actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28),
                              end=date(2026, 10, 11))
            assert "仅 6 个工作日" in reasons[0]
            services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28), end=date(2026, 10, 12))
        doc.refresh_from_db()
        assert doc.state == DocumentState.COMMENTING

    def test_a_shorter_window_needs_a_recorded_reason(self, walker, dp):
        doc = walker.draft(on=date(2026, 9, 25))
        with walker.at(date(2026, 9, 28)):
            services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28), end=date(2026, 10, 9),
                                  shortened_reason="上级要求于10月底前出台，时间紧迫")
        from fazhi.documents.selectors import comment_call_for

        assert comment_call_for(doc).shortened_reason == "上级要求于10月底前出台，时间紧迫"

    def test_a_market_document_needs_thirty_days_under_the_business_environment_regulation(self, walker, dp):
        doc = walker.draft(concerns_market=True, on=date(2026, 11, 2))
        with walker.at(date(2026, 11, 2)):
            reasons = refused(services.comment_open, actor=dp.xingyi_qc, document=doc, start=date(2026, 11, 2),
                              end=date(2026, 11, 30))
            assert any("优化营商环境条例" in r and "29 日" in r for r in reasons)
            services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 11, 2), end=date(2026, 12, 1))

    def test_the_window_cannot_be_closed_before_it_ends(self, walker, dp):
        doc = walker.draft(on=date(2026, 9, 25))
        with walker.at(date(2026, 9, 28)):
            services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28), end=date(2026, 10, 12))
        with walker.at(date(2026, 10, 12)):
            assert "届满前不能结束" in refused(services.comment_close, actor=dp.xingyi_qc, document=doc)[0]
        with walker.at(date(2026, 10, 13)):
            services.comment_close(actor=dp.xingyi_qc, document=doc)


class TestReviewGate:
    def test_submission_is_refused_with_every_missing_material(self, walker, dp, org):
        with walker.at(date(2026, 9, 1)):
            doc = services.document_create(actor=dp.xingyi_qc, title="兴义市某管理办法", body="第一条 ……",
                                           issuing_agency=org.xingyi_gov, affects_rights=True, concerns_market=True)
            reasons = refused(services.document_submit_review, actor=dp.xingyi_qc, document=doc)
        assert "缺少起草说明。" in reasons
        assert "缺少制定依据（上位法或政策依据）。" in reasons
        assert any("须先公开征求意见" in r for r in reasons)
        assert any("公平竞争审查结论" in r for r in reasons)
        assert not LegalityReview.objects.exists()

    def test_return_for_supplement_stops_the_review_clock(self, walker, dp):
        doc = walker.comment_round(walker.draft(on=date(2026, 9, 25)))
        with walker.at(date(2026, 10, 14)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
        review = LegalityReview.objects.get()
        first_due = review.deadline.due_date
        with walker.at(date(2026, 10, 15)):
            return_for_supplement(actor=dp.xingyi_sh, document=doc, reason="请补充起草调研报告")
        with walker.at(date(2026, 10, 22)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
        review.refresh_from_db()
        review.deadline.refresh_from_db()
        assert review.status == ReviewStatus.IN_REVIEW and review.round == 1
        assert review.deadline.due_date > first_due  # the five working days paused are added back

    def test_only_the_issuers_justice_bureau_reviews(self, walker, dp, people):
        doc = walker.comment_round(walker.draft(on=date(2026, 9, 25)))
        with walker.at(date(2026, 10, 14)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
            with pytest.raises(TransitionRefused, match="不在您单位的审核台"):  # the prefecture's reviewer
                give_opinion(actor=dp.zsfj_sh, document=doc, opinion="lawful", checklist=full_checklist())
            with pytest.raises(NotPermitted):  # the drafter reviews nothing
                give_opinion(actor=dp.xingyi_qc, document=doc, opinion="lawful", checklist=full_checklist())

    def test_an_incomplete_checklist_or_a_changes_opinion_without_changes_is_refused(self, walker, dp):
        doc = walker.comment_round(walker.draft(on=date(2026, 9, 25)))
        with walker.at(date(2026, 10, 14)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
            reasons = refused(give_opinion, actor=dp.xingyi_sh, document=doc,
                              opinion="lawful_after_changes", checklist={"subject": {"result": "pass"}})
        assert any("审核要点“是否超越法定职权”未填写" in r for r in reasons)
        assert any("须写明修改要求" in r for r in reasons)


class TestDeliberationGate:
    def test_no_review_no_deliberation(self, walker, dp):
        doc = walker.comment_round(walker.draft(on=date(2026, 9, 25)))
        with walker.at(date(2026, 10, 20)):
            reasons = refused(services.document_deliberate, actor=dp.xingyi_qc, document=doc, meeting_type="standing",
                              meeting_date=date(2026, 10, 20), attendees="……", outcome="adopted")
        assert reasons == ["未经合法性审核（尚未出具审核意见），不得提交集体审议。（当前：征求意见结束）"]

    def test_an_unlawful_opinion_blocks_the_meeting(self, walker, dp):
        doc = walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25))), opinion="unlawful")
        with walker.at(date(2026, 10, 20)):
            reasons = refused(services.document_deliberate, actor=dp.xingyi_qc, document=doc, meeting_type="standing",
                              meeting_date=date(2026, 10, 20), attendees="……", outcome="adopted")
        assert "不得提交集体审议" in reasons[0]

    def test_lawful_after_changes_needs_the_changes_confirmed_on_a_new_version(self, walker, dp):
        doc = walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25))),
                            opinion="lawful_after_changes", changes="删除第三条第二款")
        meeting = {"meeting_type": "standing", "meeting_date": date(2026, 10, 20), "attendees": "……",
                   "outcome": "adopted"}
        with walker.at(date(2026, 10, 20)):
            assert "尚未确认落实" in refused(services.document_deliberate, actor=dp.xingyi_qc, document=doc, **meeting)[0]
            assert "文本尚未修改" in refused(confirm_changes, actor=dp.xingyi_sh, document=doc)[0]
            services.document_update(actor=dp.xingyi_qc, document=doc, body=doc.body + "\n（已按审核意见修改）",
                                     note="按合法性审核意见修改")
            confirm_changes(actor=dp.xingyi_sh, document=doc)
            services.document_deliberate(actor=dp.xingyi_qc, document=doc, **meeting)
        doc.refresh_from_db()
        assert doc.state == DocumentState.DELIBERATED


    def test_a_change_after_a_lawful_opinion_voids_it_until_the_new_text_is_reviewed(self, walker, dp):
        """The bypass: 合法 on version 1, the body changed, straight to 集体审议 — refused (第二十五条; 115号)."""
        doc = walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25))))
        meeting = {"meeting_type": "standing", "meeting_date": date(2026, 10, 20), "attendees": "……",
                   "outcome": "adopted"}
        with walker.at(date(2026, 10, 19)):
            services.document_update(actor=dp.xingyi_qc, document=doc, body=doc.body + "\n第九条 新增罚款五千元。",
                                     note="审核后修改")
        with walker.at(date(2026, 10, 20)):
            reasons = refused(services.document_deliberate, actor=dp.xingyi_qc, document=doc, **meeting)
            assert any("文本已修改" in r and "须重新送请合法性审核" in r for r in reasons)
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
            give_opinion(actor=dp.xingyi_sh, document=doc, opinion="lawful", checklist=full_checklist())
            services.document_deliberate(actor=dp.xingyi_qc, document=doc, **meeting)
        doc.refresh_from_db()
        assert doc.state == DocumentState.DELIBERATED

    def test_a_lawful_after_changes_opinion_binds_the_confirmed_version_and_no_later_one(self, walker, dp):
        doc = walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25))),
                            opinion="lawful_after_changes", changes="删除第三条第二款")
        meeting = {"meeting_type": "standing", "meeting_date": date(2026, 10, 20), "attendees": "……",
                   "outcome": "adopted"}
        with walker.at(date(2026, 10, 16)):
            services.document_update(actor=dp.xingyi_qc, document=doc, body=doc.body + "\n（已按审核意见修改）")
            confirm_changes(actor=dp.xingyi_sh, document=doc)
            services.document_update(actor=dp.xingyi_qc, document=doc, title=doc.title + "（修订）")
        with walker.at(date(2026, 10, 20)):
            reasons = refused(services.document_deliberate, actor=dp.xingyi_qc, document=doc, **meeting)
        assert any("意见针对第" in r and "文本已修改" in r for r in reasons)
        review = LegalityReview.objects.filter(object_id=str(doc.pk)).latest("id")
        assert review.confirmed_version.number == review.version.number + 1 and len(review.confirmed_hash) == 64


class TestPublicationAndFiling:
    def _ready(self, walker):
        return walker.deliberate(walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25)))))

    def test_publication_numbers_the_document_and_opens_the_filing(self, walker, dp):
        doc = walker.publish(self._ready(walker), on=date(2026, 10, 23))
        assert doc.number == "兴府规〔2026〕1号"
        assert doc.expiry_date == date(2031, 11, 30)
        # 30 days after 2026-10-23 is 2026-11-22, a Sunday → the next working day (民法典 第二百零三条).
        assert doc.filing.due_date == date(2026, 11, 23)
        assert doc.filing.authority_name == "黔西南州人民政府"
        assert validity_of(doc, date(2026, 11, 1)) == Validity.NOT_YET
        assert validity_of(doc, date(2026, 12, 1)) == Validity.IN_FORCE

    def test_effective_before_publication_needs_a_reason(self, walker, dp):
        doc = self._ready(walker)
        with walker.at(date(2026, 10, 23)):
            reasons = refused(services.document_publish, actor=dp.xingyi_qc, document=doc, publication_date=date(2026, 10, 23),
                              effective_date=date(2026, 10, 1), signed_pdf=signed_pdf(dp.xingyi_qc))
        assert any("须说明理由" in r for r in reasons)

    def test_a_filing_deadline_on_the_working_saturday_10_october_is_not_rolled(self, walker, dp):
        # Published 2026-09-10: 30 days later is Saturday 2026-10-10, a 调休 working day → due that day.
        doc = walker.draft(affects_rights=False, on=date(2026, 9, 1))
        with walker.at(date(2026, 9, 2)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
            give_opinion(actor=dp.xingyi_sh, document=doc, opinion="lawful", checklist=full_checklist())
        walker.deliberate(doc, on=date(2026, 9, 8))
        doc = walker.publish(doc, on=date(2026, 9, 10), effective=date(2026, 9, 10))
        assert doc.filing.due_date == date(2026, 10, 10)
        with walker.at(date(2026, 10, 10)):
            filing = services.document_file(actor=dp.xingyi_qc, document=doc)
        assert not filing.is_late and filing.package.mime_type.endswith("wordprocessingml.document")
        with walker.at(date(2026, 10, 12)):
            services.filing_decide(actor=dp.zsfj_sh, document=doc, decision="approved")
        doc.filing.refresh_from_db()
        assert doc.filing.review_status == FilingReviewStatus.APPROVED

    def test_a_late_filing_is_marked_late_and_a_correction_escalates_when_missed(self, walker, dp):
        doc = walker.publish(self._ready(walker), on=date(2026, 10, 23))
        with walker.at(date(2026, 11, 24)):
            filing = services.document_file(actor=dp.xingyi_qc, document=doc)
            assert filing.is_late
            with pytest.raises(NotPermitted):  # 兴义市's own reviewer is not the filing authority
                services.filing_decide(actor=dp.xingyi_sh, document=doc, decision="approved")
            services.filing_decide(actor=dp.zsfj_sh, document=doc, decision="correction_required",
                                     opinion="第五条增加了企业义务，缺乏上位法依据", correction_days=10)
        assert services.filing_escalate_overdue(today=date(2026, 12, 4)) == 0
        assert services.filing_escalate_overdue(today=date(2026, 12, 5)) == 1
        filing.refresh_from_db()
        assert filing.review_status == FilingReviewStatus.ESCALATED

    def test_the_timeline_holds_every_step_with_its_actor(self, walker, dp):
        doc = walker.publish(self._ready(walker))
        actions = list(AuditEvent.objects.filter(object_type="documents.normativedocument", object_id=str(doc.pk))
                       .values_list("action", flat=True))
        for step in ("documents.create", "documents.open_comment", "documents.submit_review",
                     "documents.review_opinion", "documents.deliberate", "documents.publish"):
            assert step in actions


class TestScope:
    def test_a_county_drafter_cannot_touch_another_countys_draft(self, walker, dp):
        doc = walker.draft()
        with pytest.raises(NotPermitted):
            services.document_update(actor=dp.anlong_qc, document=doc, title="篡改")
        with pytest.raises(NotPermitted):
            services.comment_open(actor=dp.anlong_fzb, document=doc, start=date(2026, 12, 1), end=date(2026, 12, 31))
        assert NormativeDocument.objects.get(pk=doc.pk).title == "兴义市城市户外广告设置管理办法"

    def test_a_drafter_cannot_issue_in_another_countys_name(self, dp, org):
        with pytest.raises(ServiceError) as exc:
            services.document_create(actor=dp.xingyi_qc, title="x", body="y", issuing_agency=org.anlong_gov,
                                     affects_rights=False, concerns_market=False)
        assert "制定机关" in exc.value.field_errors["issuing_agency"][0]


class TestRevocation:
    """地方组织法 第七十三条第三项: the 备案审查 body proposes, the government the document was filed with decides."""

    @pytest.fixture
    def proposed(self, walker, dp):
        from fazhi.documents.tests.desk_support import filed, published

        doc = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
        filed(walker, dp, doc, date(2026, 3, 20))
        with walker.at(date(2026, 4, 21)):
            reasons = refused(services.filing_decide, actor=dp.zsfj_sh, document=doc, decision="revoked",
                              opinion="增设行政许可")
            assert "只能提出撤销建议" in reasons[0]
            services.filing_decide(actor=dp.zsfj_sh, document=doc, decision="revocation_proposed",
                                     opinion="第四条增设行政许可，无上位法依据。")
        doc.refresh_from_db()
        assert validity_of(doc, date(2026, 4, 22)) == Validity.IN_FORCE  # a proposal changes nothing yet
        return doc

    @pytest.fixture
    def office(self, org):
        from fazhi.core.choices import AgencyKind, Role, Scope
        from fazhi.core.services import agency_create
        from fazhi.core.tests.factories import make_user

        agency = agency_create(actor=None, name="黔西南州人民政府办公室", kind=AgencyKind.DEPARTMENT, region=org.prefecture)
        return make_user("zfb_revoke", agency, (Role.DECISION_STAFF, Scope.REGION))

    def test_the_government_revokes_and_the_document_is_revoked_not_repealed(self, walker, dp, proposed, office):
        with walker.at(date(2026, 4, 28)):
            assert "请写明人民政府的决定" in refused(services.document_revoke, actor=office, document=proposed,
                                                   revoke=True, decision_ref="", decided_on=date(2026, 4, 28))[0]
            with pytest.raises(NotPermitted):
                services.document_revoke(actor=dp.zsfj_sh, document=proposed, revoke=True,
                                         decision_ref="州人民政府第15次常务会议", decided_on=date(2026, 4, 28))
            services.document_revoke(actor=office, document=proposed, revoke=True,
                                     decision_ref="州人民政府第15次常务会议", decided_on=date(2026, 4, 28))
        proposed.refresh_from_db()
        assert proposed.revoked_on == date(2026, 4, 28) and proposed.repealed_on is None
        assert validity_of(proposed, date(2026, 4, 27)) == Validity.IN_FORCE
        assert validity_of(proposed, date(2026, 4, 28)) == Validity.REVOKED
        from fazhi.documents.selectors import with_validity

        with walker.at(date(2026, 4, 29)):
            assert with_validity(NormativeDocument.objects.filter(pk=proposed.pk)).get().validity == Validity.REVOKED
        assert proposed.filing.review_status == FilingReviewStatus.REVOKED
        assert AuditEvent.objects.filter(action="documents.revoke", actor=office).exists()

    def test_the_government_may_decline_and_a_county_office_may_not_decide(self, walker, dp, proposed, office, org):
        from fazhi.core.choices import AgencyKind, Role, Scope
        from fazhi.core.services import agency_create
        from fazhi.core.tests.factories import make_user

        county = make_user("xy_office", agency_create(actor=None, name="兴义市人民政府办公室（测试）", kind=AgencyKind.DEPARTMENT,
                                                      region=org.xingyi), (Role.DECISION_STAFF, Scope.REGION))
        with walker.at(date(2026, 4, 28)):
            with pytest.raises(NotPermitted):
                services.document_revoke(actor=county, document=proposed, revoke=True, decision_ref="兴义市决定",
                                         decided_on=date(2026, 4, 28))
            services.document_revoke(actor=office, document=proposed, revoke=False,
                                     decision_ref="州人民政府第15次常务会议", decided_on=date(2026, 4, 28),
                                     note="责令制定机关自行修改第四条。")
        proposed.refresh_from_db()
        assert proposed.revoked_on is None and validity_of(proposed, date(2026, 5, 1)) == Validity.IN_FORCE
        assert proposed.filing.review_status == FilingReviewStatus.NOT_REVOKED


    def test_the_government_office_decides_on_the_document_page(self, client, walker, proposed, office):
        from django.urls import reverse

        with walker.at(date(2026, 4, 28)):
            client.force_login(office)
            page = client.get(reverse("documents:detail", args=[proposed.code]))
            assert "revoke" in [p["action"] for p in page.context["actions"]]
            response = client.post(reverse("documents:transition", args=[proposed.code]), {
                "action": "revoke", "revoke-revoke": "true", "revoke-decision_ref": "州人民政府第15次常务会议",
                "revoke-decided_on": "2026-04-28"})
        assert response.status_code == 302
        proposed.refresh_from_db()
        assert proposed.revoked_on == date(2026, 4, 28)


class TestFilingReviewTimeLimit:
    """备案审查 within 30 working days of receipt (setting, [U]), extendable once by 20 with approval."""

    @pytest.fixture
    def received(self, walker, dp):
        from fazhi.documents.tests.desk_support import filed, published

        doc = published(walker, dp, title="兴义市乙办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
        filed(walker, dp, doc, date(2026, 3, 20))
        doc.refresh_from_db()
        return doc

    def test_the_clock_runs_in_working_days_across_qingming_and_labour_day(self, received):
        deadline = received.filing.review_deadline
        # 30 working days from Friday 20 March 2026: 清明 (6 April, Monday) and 劳动节 (1–5 May) are rest days,
        # 9 May (Saturday) is a 调休 working day.
        assert (deadline.start_date, deadline.due_date, deadline.status) == (date(2026, 3, 20), date(2026, 5, 7),
                                                                             "open")

    def test_one_approved_extension_of_twenty_working_days_and_no_second(self, walker, dp, received):
        with walker.at(date(2026, 4, 28)):
            with pytest.raises(ServiceError):
                services.filing_review_extend(actor=dp.zsfj_sh, document=received, approved_by="", reason="")
            filing = services.filing_review_extend(actor=dp.zsfj_sh, document=received, approved_by="州司法局局长",
                                                   reason="需征求州市场监管局意见")
            assert filing.review_deadline.due_date == date(2026, 6, 3)  # 8 and 9 May (调休) count
            assert "已经州司法局局长批准延长过一次" in refused(services.filing_review_extend, actor=dp.zsfj_sh,
                                                           document=received, approved_by="局长", reason="再延")[0]
            services.filing_decide(actor=dp.zsfj_sh, document=received, decision="approved")
        received.filing.review_deadline.refresh_from_db()
        assert received.filing.review_deadline.status == "done"


class TestIssuer:
    """制定主体: a 内设机构, a 议事协调机构 or a 受委托组织 issues no normative document in its own name."""

    @pytest.mark.parametrize(("kind", "basis"), [("internal", "国办发〔2018〕37号"), ("coordination", "国办发〔2018〕37号"),
                                                  ("entrusted", "《行政处罚法》第二十条")])
    def test_a_body_that_is_no_issuer_is_refused_with_its_reason(self, org, kind, basis):
        from fazhi.core.choices import Role, Scope
        from fazhi.core.services import agency_create
        from fazhi.core.tests.factories import make_user

        body = agency_create(actor=None, name=f"兴义市测试{kind}", kind=kind, region=org.xingyi)
        drafter = make_user(f"qc_{kind}", body, (Role.DRAFTER, Scope.AGENCY))
        with pytest.raises(ServiceError) as info:
            services.document_create(actor=drafter, title="兴义市某某管理办法", body="第一条 ……", issuing_agency=body,
                                     affects_rights=True, concerns_market=False)
        assert basis in info.value.field_errors["issuing_agency"][0]
        # …but may draft for its government, which issues the document.
        doc = services.document_create(actor=drafter, title="兴义市某某管理办法", body="第一条 ……",
                                       issuing_agency=org.xingyi_gov, affects_rights=True, concerns_market=False)
        assert doc.issuing_agency == org.xingyi_gov


def test_the_second_round_review_page_compares_the_text_with_the_round_before(client, walker, dp):
    """第二十五条至第二十八条: the reviewer sees, character by character, what changed since the last opinion."""
    from django.urls import reverse

    doc = walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25))))
    with walker.at(date(2026, 10, 19)):
        services.document_update(actor=dp.xingyi_qc, document=doc, body=doc.body + "\n第九条 新增罚款五千元。")
        services.document_submit_review(actor=dp.xingyi_qc, document=doc)
        client.force_login(dp.xingyi_sh)
        latest = LegalityReview.objects.filter(object_id=str(doc.pk)).latest("round")
        html = client.get(reverse("procedure:review", args=[latest.code])).content.decode()
    rounds = list(LegalityReview.objects.filter(object_id=str(doc.pk)).order_by("round"))
    first, second = rounds[0].version.number, rounds[1].version.number
    assert second > first
    i = html.find('id="text-diff"')
    assert i > 0 and f"上一轮送审文本（第 {first} 版）与本轮送审文本（第 {second} 版）的差异" in html
    assert "<ins>第九条 新增罚款五千元。</ins>" in html[i:].replace("\n", "")
