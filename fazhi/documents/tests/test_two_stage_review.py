"""A drafting department with its own 法制机构 reviews first; the 司法行政部门 reviews the same text after it
(国办发〔2018〕115号, RULES.md §1 "Who reviews"); a department's own document goes on to the 司法局 only where the
local rule says so (a setting). Both stages run on the same review desk, each with its own reviewer and opinion."""

from datetime import date

import pytest
import time_machine

from fazhi.core.errors import TransitionRefused
from fazhi.documents import services
from fazhi.documents.choices import DocumentState
from fazhi.documents.tests.conftest import confirm_changes, full_checklist, give_opinion
from fazhi.procedure import reviews
from fazhi.procedure.choices import ReviewStage, ReviewStatus

BODY = "第一条 为规范……，制定本办法。\n第二条 本办法自2027年1月1日起施行。"


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False)


def draft(dp, issuer):
    with at(date(2026, 11, 2)):
        return services.document_create(
            actor=dp.zsthj_qc, title="黔西南州生态环境行政处罚裁量基准适用规定", body=BODY, issuing_agency=issuer,
            affects_rights=False, concerns_market=False, drafting_notes="起草说明……", legal_basis="《行政处罚法》",
            validity_years=5)


def submitted(dp, issuer):
    doc = draft(dp, issuer)
    with at(date(2026, 11, 3)):
        services.document_submit_review(actor=dp.zsthj_qc, document=doc)
    doc.refresh_from_db()
    return doc


class TestAGovernmentsDocumentDraftedByADepartment:
    def test_the_departments_office_reviews_first_then_the_same_text_goes_to_the_justice_bureau(
            self, dp, org, people):
        doc = submitted(dp, org.zhou_gov)
        first = reviews.latest_review(doc)
        assert (first.stage, first.agency) == (ReviewStage.DEPARTMENT, org.zhou_sthj)
        with at(date(2026, 11, 4)):
            with pytest.raises(TransitionRefused, match="不在您单位的审核台"):  # not yet on the 司法局's desk
                give_opinion(actor=dp.zsfj_sh, document=doc, opinion="lawful", checklist=full_checklist())
            give_opinion(actor=people.zsthj_fz, document=doc, opinion="lawful", checklist=full_checklist(),
                                  opinion_text="部门法制机构审核：合法。")
        doc.refresh_from_db()
        second = reviews.latest_review(doc)
        assert doc.state == DocumentState.IN_REVIEW
        assert (second.stage, second.agency, second.status) == (ReviewStage.JUSTICE, org.zhou_sfj, ReviewStatus.WAITING)
        assert second.version_id == first.version_id  # the text the department passed
        assert second.deadline.due_date == date(2026, 11, 25)  # 15 working days from 4 November
        with at(date(2026, 11, 10)):
            give_opinion(actor=dp.zsfj_sh, document=doc, opinion="lawful", checklist=full_checklist())
        doc.refresh_from_db()
        assert doc.state == DocumentState.REVIEWED

    def test_a_department_opinion_alone_does_not_open_the_meeting(self, dp, org, people):
        doc = submitted(dp, org.zhou_gov)
        with at(date(2026, 11, 4)):
            give_opinion(actor=people.zsthj_fz, document=doc, opinion="lawful_after_changes",
                                  checklist=full_checklist(), required_changes="第二条施行日期改为公布后三十日")
            doc.refresh_from_db()
            assert doc.state == DocumentState.REVIEWED
            with pytest.raises(TransitionRefused) as exc:
                services.document_deliberate(actor=dp.zsthj_qc, document=doc, meeting_type="standing",
                                    meeting_date=date(2026, 11, 4), attendees="……", outcome="adopted")
        assert "尚未经司法行政部门合法性审核" in exc.value.reasons[0]
        # changed as asked and confirmed by the office: the changed text goes on to the 司法局 by itself
        with at(date(2026, 11, 5)):
            services.document_update(actor=dp.zsthj_qc, document=doc, body=BODY.replace("2027年1月1日", "公布后三十日"))
            confirm_changes(actor=people.zsthj_fz, document=doc)
        doc.refresh_from_db()
        forwarded = reviews.latest_review(doc)
        assert (forwarded.stage, forwarded.agency, doc.state) == (ReviewStage.JUSTICE, org.zhou_sfj,
                                                                  DocumentState.IN_REVIEW)
        assert forwarded.version.body == doc.body  # the confirmed text, not the first one

    def test_an_unlawful_department_opinion_sends_the_resubmission_back_to_the_department(self, dp, org, people):
        doc = submitted(dp, org.zhou_gov)
        with at(date(2026, 11, 4)):
            give_opinion(actor=people.zsthj_fz, document=doc, opinion="unlawful", checklist=full_checklist(),
                                  opinion_text="缺乏上位法依据。")
        with at(date(2026, 11, 6)):
            services.document_update(actor=dp.zsthj_qc, document=doc, body=BODY + "\n第三条 ……")
            services.document_submit_review(actor=dp.zsthj_qc, document=doc)
        review = reviews.latest_review(doc)
        assert (review.stage, review.round) == (ReviewStage.DEPARTMENT, 2)


class TestADepartmentsOwnDocument:
    def test_it_goes_on_to_the_justice_bureau_by_default(self, dp, org, people):
        doc = submitted(dp, org.zhou_sthj)
        with at(date(2026, 11, 4)):
            give_opinion(actor=people.zsthj_fz, document=doc, opinion="lawful", checklist=full_checklist())
        assert reviews.latest_review(doc).stage == ReviewStage.JUSTICE

    def test_where_the_local_rule_ends_at_the_department_its_opinion_is_the_last(self, dp, org, people, settings):
        settings.FAZHI_DOC_DEPARTMENT_DOCS_TO_JUSTICE = False
        doc = submitted(dp, org.zhou_sthj)
        with at(date(2026, 11, 4)):
            give_opinion(actor=people.zsthj_fz, document=doc, opinion="lawful", checklist=full_checklist())
            doc.refresh_from_db()
            assert doc.state == DocumentState.REVIEWED and reviews.latest_review(doc).stage == ReviewStage.DEPARTMENT
            with pytest.raises(TransitionRefused):
                services.document_submit_review(actor=dp.zsthj_qc, document=doc)
            services.document_deliberate(actor=dp.zsthj_qc, document=doc, meeting_type="department",
                                meeting_date=date(2026, 11, 4), attendees="局长、副局长……", outcome="adopted")
        doc.refresh_from_db()
        assert doc.state == DocumentState.DELIBERATED

    def test_a_department_without_legal_staff_goes_straight_to_the_justice_bureau(self, dp, org):
        with at(date(2026, 11, 2)):
            doc = services.document_create(
                actor=dp.xingyi_qc, title="兴义市某管理办法", body=BODY, issuing_agency=org.xingyi_gov,
                affects_rights=False, concerns_market=False, drafting_notes="……", legal_basis="《某法》",
                validity_years=5)
        with at(date(2026, 11, 3)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
        assert reviews.latest_review(doc).stage == ReviewStage.JUSTICE
