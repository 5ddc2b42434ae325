"""Drafting: create and edit the draft, its versions, the issuer check and the fair-competition review record."""
from datetime import date

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.choices import AgencyKind
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.orgs import (
    allowed_issuers,
    filing_authority_for,
    issuer_problem,
    market_regulator_for,
)
from fazhi.core.permissions import has_perm
from fazhi.procedure import services as procedure
from fazhi.procedure.steps import locked

from .. import rules, workflow
from ..choices import (
    Category,
    FairCompetitionConclusion,
)
from ..models import (
    FairCompetitionReview,
    NormativeDocument,
    UpperLaw,
)
from ..workflow import Perm
from .common import DOC_FIELDS, _tokens

# ------------------------------------------------------------------ drafting


def _validate_draft_fields(*, title: str, body: str, issuing_agency, validity_years, category) -> dict:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = ["请填写文件名称。"]
    elif len(title) > 300:
        errors["title"] = ["文件名称不超过 300 字。"]
    if body is not None and len(body) > 200_000:
        errors["body"] = ["正文过长（超过 20 万字）。"]
    if issuing_agency is None:
        errors["issuing_agency"] = ["请选择制定机关。"]
    if category not in Category.values:
        errors["category"] = ["请选择文件类别。"]
    if validity_years is not None:
        limit = rules.max_validity_years(title or "")
        if not isinstance(validity_years, int) or validity_years < 1:
            errors["validity_years"] = ["有效期应为正整数（年）。"]
        elif validity_years > limit:
            kind = "暂行、试行文件" if rules.is_provisional_title(title or "") else "规范性文件"
            errors["validity_years"] = [f"{kind}有效期一般不超过 {limit} 年。"]
    return errors


@transaction.atomic
def document_create(
    *,
    actor: User,
    title: str,
    body: str,
    issuing_agency: Agency,
    affects_rights: bool,
    concerns_market: bool,
    category: str = Category.ADMINISTRATION,
    drafting_notes: str = "",
    legal_basis: str = "",
    validity_years: int | None = None,
    upper_laws: list[UpperLaw] | tuple = (),
) -> NormativeDocument:
    """A new draft; the drafting agency is the actor's own."""
    if not has_perm(actor, Perm.DRAFT):
        raise NotPermitted("您没有起草规范性文件的权限。")
    if actor.agency_id is None:
        raise ServiceError("您的账号未关联单位，不能起草文件。")
    title = (title or "").strip()
    errors = _validate_draft_fields(
        title=title,
        body=body or "",
        issuing_agency=issuing_agency,
        validity_years=validity_years,
        category=category,
    )
    if issuing_agency is not None and not errors.get("issuing_agency") and issuer_refusal(actor, issuing_agency):
        errors["issuing_agency"] = [issuer_refusal(actor, issuing_agency)]
    if errors:
        raise ServiceError(field_errors=errors)
    doc = NormativeDocument(
        title=title,
        body=(body or "").strip(),
        category=category,
        agency=actor.agency,
        issuing_agency=issuing_agency,
        region_path=issuing_agency.region_path,
        affects_rights=bool(affects_rights),
        concerns_market=bool(concerns_market),
        is_provisional=rules.is_provisional_title(title),
        validity_years=validity_years or rules.max_validity_years(title),
        drafting_notes=(drafting_notes or "").strip(),
        legal_basis=(legal_basis or "").strip(),
        created_by=actor,
        filing_authority=filing_authority_for(issuing_agency),
    )
    doc.search_tokens = _tokens(doc.title, doc.body)
    doc.save()
    if upper_laws:
        doc.upper_laws.set(upper_laws)
    audit.record(actor=actor, action="documents.create", obj=doc, after=audit.snapshot(doc, DOC_FIELDS))
    return doc


def issuer_refusal(actor: User, issuing_agency: Agency) -> str | None:
    """Why the drafter may not name ``issuing_agency`` as issuer: it is no 制定主体 (内设机构, 议事协调机构,
    受委托组织 — 国办发〔2018〕37号; 行政处罚法 第二十条), or it is neither their own agency nor their government."""
    problem = issuer_problem(issuing_agency)
    if problem:
        return problem
    if actor is None or not allowed_issuers(actor.agency).filter(pk=issuing_agency.pk).exists():
        return "制定机关应为本单位或本级人民政府（及其办公室）。"
    return None


EDITABLE_FIELDS = {
    "title",
    "body",
    "category",
    "drafting_notes",
    "legal_basis",
    "affects_rights",
    "concerns_market",
    "validity_years",
    "upper_laws",
    "issuing_agency",
}


@transaction.atomic
def document_update(
    *, actor: User, document: NormativeDocument, note: str = "", source: Attachment | None = None, **changes
) -> NormativeDocument:
    """Edit a draft. Once the text has been submitted anywhere (comment or review), every change of the
    text makes a new version, so any two versions can be compared."""
    doc = locked(actor, document, Perm.DRAFT)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if doc.state not in workflow.DRAFTABLE:
        raise TransitionRefused([f"文件当前状态为“{doc.get_state_display()}”，不能修改。"])
    title = (changes.get("title", doc.title) or "").strip()
    errors = _validate_draft_fields(
        title=title,
        body=changes.get("body", doc.body),
        issuing_agency=changes.get("issuing_agency", doc.issuing_agency),
        validity_years=changes.get("validity_years", doc.validity_years),
        category=changes.get("category", doc.category),
    )
    if errors:
        raise ServiceError(field_errors=errors)
    if "issuing_agency" in changes and changes["issuing_agency"] is not None and actor is not None:
        refusal = issuer_refusal(actor, changes["issuing_agency"])
        if refusal:
            raise ServiceError(field_errors={"issuing_agency": [refusal]})
    before = audit.snapshot(doc, DOC_FIELDS)
    text_changed = ("body" in changes and (changes["body"] or "").strip() != doc.body) or title != doc.title
    for key, value in changes.items():
        if key == "upper_laws":
            doc.upper_laws.set(value)
        elif key == "issuing_agency":
            doc.issuing_agency = value
            doc.region_path = value.region_path
            doc.filing_authority = filing_authority_for(value)
        elif isinstance(value, str):
            setattr(doc, key, value.strip())
        else:
            setattr(doc, key, value)
    doc.title = title
    doc.is_provisional = rules.is_provisional_title(title)
    doc.search_tokens = _tokens(doc.title, doc.body)
    doc.save()
    if text_changed and doc.version_count:
        procedure.version_add(
            actor=actor, target=doc, title=doc.title, body=doc.body, note=note or "修改文本", source=source
        )
        doc.version_count += 1
        doc.save(update_fields=["version_count"])
    audit.record(
        actor=actor, action="documents.update", obj=doc, before=before, after=audit.snapshot(doc, DOC_FIELDS)
    )
    return doc


def _snapshot_version(actor, doc: NormativeDocument, note: str):
    """Freeze the text as a version when it leaves the drafter (for comment or review)."""
    last = procedure.versions_of(doc).last()
    if last is not None and last.body == doc.body and last.title == doc.title:
        return last
    version = procedure.version_add(actor=actor, target=doc, title=doc.title, body=doc.body, note=note)
    doc.version_count = version.number
    doc.save(update_fields=["version_count"])
    return version


@transaction.atomic
def fair_competition_record(
    *,
    actor: User,
    document: NormativeDocument,
    reviewer: str,
    conclusion: str,
    reviewed_on: date,
    explanation: str = "",
    attachment: Attachment | None = None,
    preliminary_opinion: str = "",
) -> FairCompetitionReview:
    """公平竞争审查 by the drafting unit (公平竞争审查条例 第十三条); 第十二条 exceptions must be explained
    in the conclusion (第十四条)."""
    doc = locked(actor, document, Perm.DRAFT)
    errors = {}
    regulator = None
    preliminary_opinion = (preliminary_opinion or "").strip()
    if doc.issuing_agency.kind == AgencyKind.GOVERNMENT:
        # 第十四条 (县级以上人民政府 only; a township's measures fall under 第十三条): the government's 市场监督管理部门 reviews, together with the drafting unit, on its 初审意见.
        regulator = market_regulator_for(doc.issuing_agency)
        if regulator is None:
            errors["reviewer"] = ["找不到本级人民政府的市场监督管理部门（单位设置中未标明该职责），无法会同审查。"]
        else:
            reviewer = regulator.name  # the reviewing body by law; the drafting unit's part is its 初审意见
        if not preliminary_opinion:
            errors["preliminary_opinion"] = ["政府出台的政策措施，起草单位应当先行初审并将初审意见送市场监督管理部门"
                                             "（《公平竞争审查条例》第十四条）。"]
        if attachment is None:
            errors["attachment"] = ["请上传市场监督管理部门出具的书面审查意见。"]
    if not (reviewer or "").strip():
        errors["reviewer"] = ["请填写审查机构或人员。"]
    if conclusion not in FairCompetitionConclusion.values:
        errors["conclusion"] = ["请选择审查结论。"]
    if conclusion == FairCompetitionConclusion.EXCEPTION and not (explanation or "").strip():
        errors["explanation"] = ["适用《公平竞争审查条例》第十二条例外规定的，应当在审查结论中详细说明。"]
    if reviewed_on is None:
        errors["reviewed_on"] = ["请填写审查日期。"]
    elif reviewed_on > timezone.localdate():
        errors["reviewed_on"] = ["审查日期不能晚于今天。"]
    if errors:
        raise ServiceError(field_errors=errors)
    record, _ = FairCompetitionReview.objects.update_or_create(
        document=doc,
        defaults={
            "reviewer": reviewer.strip(),
            "regulator": regulator,
            "preliminary_opinion": preliminary_opinion,
            "conclusion": conclusion,
            "reviewed_on": reviewed_on,
            "explanation": (explanation or "").strip(),
            "attachment": attachment,
            "recorded_by": actor,
        },
    )
    audit.record(
        actor=actor,
        action="documents.fair_competition",
        obj=doc,
        after={"conclusion": conclusion, "reviewer": reviewer.strip(), "reviewed_on": reviewed_on},
    )
    return record
