"""Filing a government's normative document with the 本级人民代表大会常务委员会 (监督法 第三十九条、第四十条), tracked
beside the filing with the upper government: opened at publication with its own due date on the calendar, filed,
received, answered — and a revocation by the committee makes the document 被撤销 (issue 8 §2)."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent, Deadline
from fazhi.documents import services
from fazhi.documents.choices import CongressOutcome, Validity
from fazhi.documents.models import CongressFiling
from fazhi.documents.selectors import validity_of
from fazhi.documents.tests.conftest import full_checklist, give_opinion
from fazhi.documents.workflow import MACHINE


def ready(walker):
    return walker.deliberate(walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25)))))


def offered(doc, user) -> set[str]:
    return {o.action for o in MACHINE.options(user, doc)}


class TestOpening:
    def test_a_governments_document_opens_a_congress_filing_due_on_the_next_working_day(self, walker, dp):
        doc = walker.publish(ready(walker), on=date(2026, 10, 23))
        congress = doc.congress_filing
        # 30 days after 2026-10-23 is Sunday 2026-11-22 → Monday 2026-11-23 (民法典 第二百零三条)
        assert congress.due_date == date(2026, 11, 23) and congress.authority_name == "兴义市人民代表大会常务委员会"
        assert congress.deadline.rule_code == "document_congress_filing" and "第三十九条" in congress.deadline.legal_source
        assert doc.filing.authority_name == "黔西南州人民政府"  # the filing with the upper government stays separate

    def test_a_due_date_in_the_national_day_holiday_moves_to_8_october(self, walker, dp):
        doc = walker.draft(affects_rights=False, on=date(2026, 8, 24))
        with walker.at(date(2026, 8, 25)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
            give_opinion(actor=dp.xingyi_sh, document=doc, opinion="lawful", checklist=full_checklist())
        walker.deliberate(doc, on=date(2026, 8, 28))
        doc = walker.publish(doc, on=date(2026, 9, 1), effective=date(2026, 10, 1))
        # 2026-10-01 falls in the 国庆 holiday (1–7 October) → the first working day after it
        assert doc.congress_filing.due_date == date(2026, 10, 8)

    def test_a_departments_document_is_filed_with_its_government_only(self, dp, org, calendar):
        doc = services.document_create(actor=dp.zsthj_qc, title="州生态环境局行政处罚裁量基准", body="第一条……",
                                       issuing_agency=org.zhou_sthj, affects_rights=True, concerns_market=False,
                                       drafting_notes="……", legal_basis="《环境保护法》", validity_years=5)
        assert not services.needs_congress_filing(doc)


class TestFilingAndAnswer:
    def test_filing_late_is_marked_and_the_step_is_offered_until_filed(self, walker, dp):
        doc = walker.publish(ready(walker), on=date(2026, 10, 23))
        assert "congress_file" in offered(doc, dp.xingyi_qc) and "congress_record" not in offered(doc, dp.xingyi_qc)
        with walker.at(date(2026, 11, 24)):
            with pytest.raises(ServiceError) as exc:
                services.congress_filing_submit(actor=dp.xingyi_qc, document=doc, filed_on=date(2026, 10, 22))
            assert "filed_on" in exc.value.field_errors
            filing = services.congress_filing_submit(actor=dp.xingyi_qc, document=doc)
        assert filing.is_late and filing.filed_on == date(2026, 11, 24)
        assert Deadline.objects.get(pk=filing.deadline_id).status == "done"
        doc.refresh_from_db()
        assert "congress_file" not in offered(doc, dp.xingyi_qc) and "congress_record" in offered(doc, dp.xingyi_qc)
        with walker.at(date(2026, 11, 25)), pytest.raises(TransitionRefused):
            services.congress_filing_submit(actor=dp.xingyi_qc, document=doc)

    def test_a_revocation_by_the_committee_makes_the_document_revoked(self, walker, dp):
        doc = walker.publish(ready(walker), on=date(2026, 10, 23))
        with walker.at(date(2026, 11, 2)):
            services.congress_filing_submit(actor=dp.xingyi_qc, document=doc)
        before = AuditEvent.objects.count()
        with walker.at(date(2026, 11, 30)):
            with pytest.raises(ServiceError) as exc:
                services.congress_filing_record(actor=dp.xingyi_qc, document=doc, received_on=date(2026, 11, 3),
                                         outcome=CongressOutcome.REVOKED, outcome_on=date(2026, 11, 27))
            assert "note" in exc.value.field_errors
            with pytest.raises(ServiceError) as exc:
                services.congress_filing_record(actor=dp.xingyi_qc, document=doc, received_on=date(2026, 11, 1))
            assert "received_on" in exc.value.field_errors  # before the filing date
            assert AuditEvent.objects.count() == before
            services.congress_filing_record(actor=dp.xingyi_qc, document=doc, received_on=date(2026, 11, 3),
                                     outcome=CongressOutcome.REVOKED, outcome_on=date(2026, 11, 27),
                                     note="兴义市人大常委会关于撤销《兴义市城市户外广告设置管理办法》的决定")
        doc.refresh_from_db()
        assert doc.revoked_on == date(2026, 11, 27) and validity_of(doc, date(2026, 11, 30)) == Validity.REVOKED
        assert CongressFiling.objects.get(document=doc).outcome == CongressOutcome.REVOKED
        assert "congress_record" not in offered(doc, dp.xingyi_qc)

    def test_the_publication_tab_shows_both_filings(self, walker, dp, client):
        doc = walker.publish(ready(walker), on=date(2026, 10, 23))
        client.force_login(dp.xingyi_qc)
        with walker.at(date(2026, 10, 26)):
            page = client.get(reverse("documents:detail", args=[doc.code]), {"tab": "publication"}).content.decode()
        assert "报本级人大常委会备案" in page and "兴义市人民代表大会常务委员会" in page and "黔西南州人民政府" in page
