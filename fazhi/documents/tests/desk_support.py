"""Helpers of the desk tests: documents brought to the review desk, the filing desk and a cleanup, on real dates."""

from datetime import date

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.factories import make_user
from fazhi.documents import services
from fazhi.documents.models import NormativeDocument
from fazhi.documents.tests.conftest import full_checklist, give_opinion, signed_pdf

# Two sentences the pre-check flags: a licence (行政许可法 第十七条) and a fine (行政处罚法 第十六条).
FLAGGED_BODY = (
    "第一条 为规范城市户外广告设置管理，结合本市实际，制定本办法。\n"
    "第二条 本办法适用于本市行政区域内户外广告设施的设置和管理。\n"
    "第三条 设置户外广告设施的，应当向市城市管理局申请办理设置许可证。\n"
    "第四条 违反本办法规定的，由市城市管理局处以五千元以下罚款。\n"
    "第五条 本办法自2026年12月1日起施行。"
)
LICENCE_SENTENCE = "第三条 设置户外广告设施的，应当向市城市管理局申请办理设置许可证。"


def in_review(walker, dp, *, title="兴义市城市户外广告设置管理办法", on=date(2026, 10, 14), body=FLAGGED_BODY):
    """A 兴义市 document without a comment round, submitted to 兴义市司法局 on ``on``."""
    doc = walker.draft(title=title, affects_rights=False, body=body, on=on)
    with walker.at(on):
        services.document_submit_review(actor=dp.xingyi_qc, document=doc)
    doc.refresh_from_db()
    return doc


def anlong_reviewer(org):
    return make_user("anlong_sh", org.anlong_sfj, (Role.REVIEWER, Scope.REGION))


def anlong_in_review(walker, dp, org, *, on=date(2026, 10, 14)) -> NormativeDocument:
    with walker.at(on):
        doc = services.document_create(
            actor=dp.anlong_qc, title="安龙县农村集体经济组织管理办法", body=FLAGGED_BODY, issuing_agency=org.anlong_gov,
            affects_rights=False, concerns_market=False, drafting_notes="起草说明", legal_basis="《中华人民共和国农业法》")
        services.document_submit_review(actor=dp.anlong_qc, document=doc)
    doc.refresh_from_db()
    return doc


def published(walker, dp, *, title, drafted=date(2026, 3, 2), reviewed=None, deliberated=None, on=None,
              effective=None, validity_years=5, reviewer=None, drafter=None, issuer=None, upper_laws=()):
    """A document taken through review, deliberation and publication (no comment round: affects no rights)."""
    drafter = drafter or dp.xingyi_qc
    reviewer = reviewer or dp.xingyi_sh
    issuer = issuer or walker.org.xingyi_gov
    reviewed = reviewed or drafted
    deliberated = deliberated or reviewed
    on = on or deliberated
    with walker.at(drafted):
        doc = services.document_create(
            actor=drafter, title=title, body=FLAGGED_BODY.replace("2026年12月1日", f"{on:%Y年%m月%d日}"),
            issuing_agency=issuer, affects_rights=False, concerns_market=False, drafting_notes="起草说明",
            legal_basis="《中华人民共和国城乡规划法》", validity_years=validity_years, upper_laws=list(upper_laws))
    with walker.at(reviewed):
        services.document_submit_review(actor=drafter, document=doc)
        give_opinion(actor=reviewer, document=doc, opinion="lawful", checklist=full_checklist())
    with walker.at(deliberated):
        services.document_deliberate(actor=drafter, document=doc, meeting_type="standing", meeting_date=deliberated,
                            attendees="市长、副市长", outcome="adopted")
    with walker.at(on):
        services.document_register(actor=reviewer, document=doc)  # 统一登记 by the issuer's 司法局
        services.document_publish(actor=drafter, document=doc, publication_date=on, effective_date=effective or on,
                         signed_pdf=signed_pdf(drafter), validity_years=validity_years,
                         early_effect_reason="为与上位法同步施行，自公布之日起施行。")
    doc.refresh_from_db()
    return doc


def filed(walker, dp, doc, on: date, drafter=None):
    with walker.at(on):
        services.document_file(actor=drafter or dp.xingyi_qc, document=doc)
    doc.refresh_from_db()
    return doc
