"""Fixtures of the normative-document tests: the 兴义市 and 安龙县 drafting offices, the reviewers,
and a helper that walks a document along the procedure with real dates."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile

from fazhi.core import attachments
from fazhi.core import services as core_services
from fazhi.core.choices import AgencyDuty, AgencyKind, Role, Scope
from fazhi.core.tests.conftest import calendar  # noqa: F401  (the real 2025–2026 calendar)
from fazhi.core.tests.factories import make_user
from fazhi.documents import services
from fazhi.documents.checklist import CHECKLIST_ITEMS
from fazhi.documents.models import NormativeDocument
from fazhi.procedure import reviews

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")

BODY = (
    "第一条 为规范城市户外广告设置管理，根据有关法律法规，结合本市实际，制定本办法。\n"
    "第二条 本办法适用于本市行政区域内户外广告设施的设置和管理。\n"
    "第三条 本办法自2026年12月1日起施行。"
)


@dataclass
class DocPeople:
    xingyi_office: object
    xingyi_qc: object
    xingyi_sh: object
    zsfj_sh: object
    anlong_office: object
    anlong_qc: object
    zsthj_qc: object
    fzb_admin: object
    xingyi_fzb: object
    anlong_fzb: object
    leader: object


@pytest.fixture
def dp(org, people, calendar):  # noqa: F811
    xingyi_office = core_services.agency_create(actor=None, name="兴义市人民政府办公室", kind=AgencyKind.DEPARTMENT,
                                                region=org.xingyi, duty=AgencyDuty.GOVERNMENT_OFFICE)
    anlong_office = core_services.agency_create(actor=None, name="安龙县人民政府办公室", kind=AgencyKind.DEPARTMENT,
                                                region=org.anlong, duty=AgencyDuty.GOVERNMENT_OFFICE)
    # The 市场监督管理部门 that joins a government's fair-competition review (公平竞争审查条例 第十四条).
    core_services.agency_create(actor=None, name="兴义市市场监督管理局", kind=AgencyKind.DEPARTMENT, region=org.xingyi,
                                duty=AgencyDuty.MARKET_REGULATION)
    return DocPeople(
        xingyi_office=xingyi_office,
        xingyi_qc=make_user("xingyi_qc", xingyi_office, (Role.DRAFTER, Scope.AGENCY)),
        xingyi_sh=make_user("xingyi_sh", org.xingyi_sfj, (Role.REVIEWER, Scope.REGION)),
        zsfj_sh=people.reviewer,
        anlong_office=anlong_office,
        anlong_qc=make_user("anlong_qc", anlong_office, (Role.DRAFTER, Scope.AGENCY)),
        zsthj_qc=make_user("zsthj_qc", org.zhou_sthj, (Role.DRAFTER, Scope.AGENCY)),
        fzb_admin=people.fzb_admin,
        xingyi_fzb=people.xingyi_fzb,
        anlong_fzb=people.anlong_fzb,
        leader=people.leader,
    )


def full_checklist(result="pass"):
    return {key: {"result": result, "note": ""} for key, _ in CHECKLIST_ITEMS}


# The reviewer's steps are the kernel review desk's (procedure.reviews); these take them on a document's latest round.


def give_opinion(*, actor, document, opinion, checklist=None, opinion_text="", required_changes=""):
    return reviews.review_give_opinion(actor=actor, review=reviews.latest_review(document), opinion=opinion,
                                       checklist=checklist if checklist is not None else {},
                                       opinion_text=opinion_text, required_changes=required_changes)


def return_for_supplement(*, actor, document, reason):
    return reviews.review_return(actor=actor, review=reviews.latest_review(document), reason=reason)


def confirm_changes(*, actor, document):
    return reviews.review_confirm_changes(actor=actor, review=reviews.latest_review(document))


def signed_pdf(actor, name="签发文本.pdf"):
    return attachments.attachment_create(actor=actor, uploaded_file=ContentFile(MINIMAL_PDF, name=name))


def registrar_user(doc):
    """A 合法性审核人员 of the issuer's 司法局, who registers adopted documents (三统一)."""
    from fazhi.core.models import User
    from fazhi.documents.facts import registrar_for

    return User.objects.filter(agency=registrar_for(doc.issuing_agency), is_active=True,
                               role_assignments__role=Role.REVIEWER).order_by("id").first()


class Walker:
    """Moves one document along the procedure on given dates (time travel with time_machine)."""

    def __init__(self, dp, org):
        self.dp, self.org = dp, org

    def at(self, day: date):
        return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False)

    def draft(self, *, title="兴义市城市户外广告设置管理办法", affects_rights=True, concerns_market=False, body=BODY,
              on=date(2026, 9, 1)):
        with self.at(on):
            return services.document_create(
                actor=self.dp.xingyi_qc, title=title, body=body, issuing_agency=self.org.xingyi_gov,
                affects_rights=affects_rights, concerns_market=concerns_market, drafting_notes="起草说明：……",
                legal_basis="《中华人民共和国广告法》《城市市容和环境卫生管理条例》", validity_years=5,
            )

    def comment_round(self, doc, *, start=date(2026, 9, 28), end=date(2026, 10, 12), reason=""):
        with self.at(start):
            services.comment_open(actor=self.dp.xingyi_qc, document=doc, start=start, end=end, shortened_reason=reason)
        with self.at(end + timedelta(days=1)):
            services.comment_close(actor=self.dp.xingyi_qc, document=doc)
            services.comment_summary_save(actor=self.dp.xingyi_qc, document=doc, summary="共收到意见 0 条。")
        doc.refresh_from_db()
        return doc

    def review(self, doc, *, on=date(2026, 10, 14), opinion="lawful", changes=""):
        with self.at(on):
            services.document_submit_review(actor=self.dp.xingyi_qc, document=doc)
            give_opinion(actor=self.dp.xingyi_sh, document=doc, opinion=opinion, checklist=full_checklist(),
                         required_changes=changes, opinion_text="经审核，理由和依据如下：……")
        doc.refresh_from_db()
        return doc

    def deliberate(self, doc, *, on=date(2026, 10, 20)):
        with self.at(on):
            services.document_deliberate(actor=self.dp.xingyi_qc, document=doc, meeting_type="standing", meeting_date=on,
                                attendees="市长、副市长……", outcome="adopted")
        doc.refresh_from_db()
        return doc

    def register(self, doc):
        """统一登记 by the issuer's 司法局 (三统一), before the number is allocated."""
        doc = NormativeDocument.objects.select_related("issuing_agency").get(pk=doc.pk)
        if not doc.registered_on:
            services.document_register(actor=registrar_user(doc), document=doc)

    def publish(self, doc, *, on=date(2026, 10, 23), effective=date(2026, 12, 1), reason=None):
        """Publish; an effective date under 30 days after ``on`` gets a stated reason unless one is given."""
        if reason is None:
            reason = "为与上位法同步施行，自公布之日起施行。" if (effective - on).days < 30 else ""
        with self.at(on):
            self.register(doc)
            pdf = signed_pdf(self.dp.xingyi_qc)
            services.document_publish(actor=self.dp.xingyi_qc, document=doc, publication_date=on, effective_date=effective,
                             signed_pdf=pdf, early_effect_reason=reason)
        doc.refresh_from_db()
        return doc


@pytest.fixture
def walker(dp, org):
    return Walker(dp, org)
