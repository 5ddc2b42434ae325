"""Every write of the normative-document module. Pages, the API, the portal and jobs call these.

Every step of the procedure is declared once in ``workflow.MACHINE`` (the kernel's state machine), which
dispatches to the services here. Pattern: fetch the row locked → check permission and scope → the
machine's conditions of the step and the step's input problems (``_check_step``: TransitionRefused with
every unmet condition) → write → audit.record() against the document → notifications on commit. Bad input
raises ServiceError before anything changes.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fazhi.core import audit, deadlines, numbering, workdays
from fazhi.core.choices import AgencyKind, DeadlineStatus, PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.notifications import notify
from fazhi.core.orgs import (
    allowed_issuers,
    congress_standing_committee_for,
    filing_authority_for,
    issuer_problem,
    justice_bureau_for,
    market_regulator_for,
)
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.procedure import comments as comment_desk
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewOpinion, ReviewStage, ReviewStatus
from fazhi.procedure.models import Comment, LegalityReview

from . import precheck_adapter, rules, workflow
from .checklist import CHECKLIST_ITEMS
from .choices import (
    CampaignKind,
    CampaignStatus,
    Category,
    CleanupDecision,
    CongressOutcome,
    DocumentState,
    EvaluationStatus,
    FairCompetitionConclusion,
    FilingReviewStatus,
    FilingStatus,
    MeetingOutcome,
    MeetingType,
    SuggestionStatus,
    UpperLawStatus,
)
from .models import (
    CleanupCampaign,
    CleanupItem,
    CongressFiling,
    Deliberation,
    EvaluationTask,
    FairCompetitionReview,
    Filing,
    FilingRule,
    NormativeDocument,
    ReviewSuggestion,
    UpperLaw,
)
from .rules import add_years
from .workflow import MACHINE, Perm

DOC_FIELDS = [
    "title",
    "category",
    "issuing_agency",
    "affects_rights",
    "concerns_market",
    "validity_years",
    "state",
    "number",
    "publication_date",
    "effective_date",
    "expiry_date",
]


def _refuse(reasons: list[str]) -> None:
    if reasons:
        raise TransitionRefused(reasons)


def _check_step(action: str, doc: NormativeDocument, actor, problems=None):
    """The machine's conditions of ``action`` on the locked ``doc`` — its state first, then its guard — and
    the step's input ``problems(facts)``: TransitionRefused with every unmet condition. Returns the facts."""
    _refuse(MACHINE.state_reasons(MACHINE.get(action), doc))
    facts = MACHINE.facts_for([doc])[doc.pk]
    reasons = MACHINE.check(action, doc, user=actor, facts=facts, with_state=False)
    if problems is not None:
        reasons += problems(facts)
    _refuse(reasons)
    return facts


def _stored(actor, value, doc: NormativeDocument) -> Attachment | None:
    """An uploaded file given to a step is stored as the document's attachment inside the step's transaction
    (``Machine.dispatch`` removes the file again if the step fails); an attachment is taken as it is."""
    if value is None or isinstance(value, Attachment):
        return value
    from fazhi.core.attachments import attachment_create

    return attachment_create(actor=actor, uploaded_file=value, obj=doc, agency=doc.agency)


def _link(doc: NormativeDocument) -> str:
    return f"/documents/{doc.code}/"


def _locked(actor, document: NormativeDocument, perm: str) -> NormativeDocument:
    """The document row, locked, if the actor holds ``perm`` on it; the same 404-like refusal otherwise."""
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted()
    qs = NormativeDocument.objects.select_for_update().filter(pk=document.pk)
    if (
        actor is not None
        and not restrict(NormativeDocument.objects.filter(pk=document.pk), actor, perm).exists()
    ):
        raise NotPermitted("该文件不在您的数据范围内。")
    return qs.select_related("issuing_agency", "agency").get()


def _tokens(title: str, body: str) -> str:
    from .search import tokenize

    return tokenize(f"{title}\n{body}")


# ------------------------------------------------------------------ who reviews, who files


def external_authority_name(issuer: Agency) -> str:
    return "贵州省人民政府" if issuer.region.parent_id is None else "上级人民政府"


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
    doc = _locked(actor, document, Perm.DRAFT)
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
    doc = _locked(actor, document, Perm.DRAFT)
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


# ------------------------------------------------------------------ public comment


def _parse_date(value, field: str, errors: dict) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(field, []).append("日期格式应为 YYYY-MM-DD。")
        return None


def _date_input(value, field: str) -> date | None:
    errors: dict = {}
    value = _parse_date(value, field, errors)
    if errors:
        raise ServiceError(field_errors=errors)
    return value


@transaction.atomic
def open_comment(
    *,
    actor: User,
    document: NormativeDocument,
    start=None,
    end=None,
    shortened_reason: str = "",
    notice: str = "",
) -> NormativeDocument:
    doc = _locked(actor, document, Perm.DRAFT)
    errors: dict = {}
    start = _parse_date(start, "start", errors)
    end = _parse_date(end, "end", errors)
    if errors:
        raise ServiceError(field_errors=errors)
    if start is not None and start < timezone.localdate():
        raise ServiceError(field_errors={"start": ["征求意见开始日期不能早于今天。"]})
    _check_step("open_comment", doc, actor,
                lambda facts: workflow.comment_window_problems(doc, start, end, shortened_reason))
    version = _snapshot_version(actor, doc, "征求意见稿")
    cfg = rules.current()
    if doc.concerns_market:
        required = (rules.MARKET_COMMENT_MIN_DAYS, PeriodUnit.CALENDAR_DAYS, rules.MARKET_COMMENT_SOURCE)
    else:
        required = (
            cfg.comment_min_working_days,
            PeriodUnit.WORKING_DAYS,
            "法治政府建设示范指标（征求意见不少于7个工作日）",
        )
    procedure.comment_call_open(
        actor=actor,
        target=doc,
        title=doc.title,
        agency=doc.agency,
        start=start,
        end=end,
        required_min=required[0],
        required_unit=required[1],
        required_source=required[2],
        shortened_reason=shortened_reason,
        notice=notice,
        version=version,
    )
    doc.state = DocumentState.COMMENTING
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.open_comment", obj=doc, after={"start": start, "end": end})
    return doc


@transaction.atomic
def close_comment(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    doc = _locked(actor, document, Perm.DRAFT)
    _check_step("close_comment", doc, actor)
    call = procedure.open_call_of(doc)
    procedure.comment_call_close(actor=actor, target=doc, call=call)
    if not call.summary:
        call.summary = procedure.adoption_summary_text(call)
        call.save(update_fields=["summary"])
    doc.state = DocumentState.COMMENT_CLOSED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.close_comment", obj=doc)
    return doc


# The comment desk is the kernel's (procedure.comments, registered in apps.py): opposing opinions are
# never hidden, hiding needs a reason, and staff enter only opinions received inside the window.

COMMENT_DESK_STATES = (DocumentState.COMMENTING, DocumentState.COMMENT_CLOSED)


def comment_desk_problems(doc: NormativeDocument) -> list[str]:
    if doc.state not in COMMENT_DESK_STATES:
        return ["只有在征求意见期间或结束后整理时才能处理意见。"]
    return []


def comment_summary_published(actor, doc: NormativeDocument, call) -> None:
    """The adoption summary is published with the document (优化营商环境条例 第六十二条)."""
    doc.adoption_summary = call.summary
    doc.save(update_fields=["adoption_summary", "updated_at"])


def comment_enter(*, actor: User, document: NormativeDocument, source: str, content: str, received_on=None,
                  name: str = "", organisation: str = "", is_opposing: bool = False) -> Comment:
    return comment_desk.comment_enter(actor=actor, target=document, source=source, content=content,
                                      received_on=received_on, name=name, organisation=organisation,
                                      is_opposing=is_opposing)


def comments_screen(*, actor: User, document: NormativeDocument, comment_ids: list, show: bool,
                    reason: str = "") -> int:
    return comment_desk.comments_screen(actor=actor, target=document, comment_ids=comment_ids, show=show,
                                        reason=reason)


def comments_answer(*, actor: User, document: NormativeDocument, comment_ids: list, outcome: str,
                    answer: str) -> int:
    return comment_desk.comments_answer(actor=actor, target=document, comment_ids=comment_ids, outcome=outcome,
                                        answer=answer)


def comment_summary_save(*, actor: User, document: NormativeDocument, summary: str) -> NormativeDocument:
    comment_desk.comment_summary_save(actor=actor, target=document, summary=summary)
    return NormativeDocument.objects.get(pk=document.pk)


# ------------------------------------------------------------------ legality review


def _materials(doc: NormativeDocument, call) -> dict:
    fcr = getattr(doc, "fair_competition", None)
    return {
        "draft_version": doc.version_count,
        "drafting_notes": bool(doc.drafting_notes),
        "legal_basis": doc.legal_basis[:500],
        "upper_laws": list(doc.upper_laws.values_list("name", flat=True)),
        "comment_call": str(call.code) if call else None,
        "fair_competition": fcr.get_conclusion_display() if fcr else None,
    }


@transaction.atomic
def submit_review(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    """送审: to the drafting department's own 法制机构 first where it has one, then to the 司法行政部门
    (国办发〔2018〕115号; ``workflow.next_review_stage``)."""
    doc = _locked(actor, document, Perm.DRAFT)
    call = procedure.open_call_of(doc)
    latest = procedure.latest_review(doc)
    facts = _check_step("submit_review", doc, actor)
    stage = workflow.next_review_stage(doc, facts)
    final = latest is not None and (latest.stage == ReviewStage.JUSTICE or stage is None)
    if (doc.state == DocumentState.REVIEWED and latest and latest.opinion in (ReviewOpinion.LAWFUL,) and final
            and not procedure.opinion_text_problems(latest, doc.title, doc.body)):
        raise TransitionRefused(["审核意见为“合法”且文本未修改，无需重新送审。"])
    if stage is None:
        raise TransitionRefused(["部门法制机构已审核通过，按本地规定无需再送司法行政部门审核。"])
    reviewer = facts.first_stage_agency if stage == ReviewStage.DEPARTMENT else justice_bureau_for(doc.issuing_agency)
    version = _snapshot_version(actor, doc, "送审稿")
    findings = precheck_adapter.run(doc)
    if doc.state == DocumentState.RETURNED and latest is not None and latest.status == ReviewStatus.RETURNED:
        procedure.review_resubmit(
            actor=actor, target=doc, review=latest, materials=_materials(doc, call), version=version
        )
        latest.precheck_findings = findings
        latest.save(update_fields=["precheck_findings"])
        review, reviewer = latest, latest.agency
    else:
        review = _submit_round(actor, doc, call, reviewer, version, findings, stage)
    doc.state = DocumentState.IN_REVIEW
    doc.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="documents.submit_review",
        obj=doc,
        after={"review": str(review.code), "round": review.round, "findings": len(findings), "stage": review.stage},
    )
    _notify_reviewers(doc, reviewer)
    return doc


def _submit_round(actor, doc, call, reviewer, version, findings, stage) -> LegalityReview:
    cfg = rules.current()
    return procedure.review_submit(
        actor=actor,
        target=doc,
        title=doc.title,
        submitting_agency=doc.agency,
        reviewing_agency=reviewer,
        materials=_materials(doc, call),
        version=version,
        period_working_days=max(cfg.review_min_working_days, cfg.review_working_days),
        rule_code="document_legality_review",
        legal_source="合法性审核时限（国办发〔2018〕115号，可配置）",
        link=f"/documents/reviews/{doc.code}/",
        precheck_findings=findings,
        stage=stage,
    )


def _notify_reviewers(doc, reviewer) -> None:
    for user in _users_with(Perm.REVIEW, reviewer):
        notify(
            recipient=user, title=f"新的合法性审核：{doc.title}"[:200], link=f"/documents/reviews/{doc.code}/"
        )


def _users_with(perm: str, agency: Agency):
    return [
        u
        for u in User.objects.filter(agency=agency, is_active=True).prefetch_related("role_assignments")
        if has_perm(u, perm)
    ]


def _review_for_reviewer(actor: User, doc: NormativeDocument) -> LegalityReview:
    review = procedure.latest_review(doc)
    if review is None:
        raise TransitionRefused(["该文件没有送审记录。"])
    if actor is not None and review.agency_id != actor.agency_id:
        raise NotPermitted("该审核不在您单位的审核台。")
    return review


def _reviewer_doc(actor, document) -> NormativeDocument:
    if actor is not None and not has_perm(actor, Perm.REVIEW):
        raise NotPermitted("您没有合法性审核的权限。")
    return NormativeDocument.objects.select_for_update().select_related("issuing_agency").get(pk=document.pk)


@transaction.atomic
def return_for_supplement(*, actor: User, document: NormativeDocument, reason: str) -> NormativeDocument:
    doc = _reviewer_doc(actor, document)
    review = _review_for_reviewer(actor, doc)
    _check_step("return_for_supplement", doc, actor)
    procedure.review_return(actor=actor, target=doc, review=review, reason=reason)
    doc.state = DocumentState.RETURNED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.return_for_supplement", obj=doc, after={"reason": reason})
    notify(
        recipient=doc.created_by,
        title=f"合法性审核退回补充材料：{doc.title}"[:200],
        body=reason,
        link=_link(doc),
    )
    return doc


@transaction.atomic
def give_opinion(
    *,
    actor: User,
    document: NormativeDocument,
    opinion: str,
    checklist: dict | None = None,
    opinion_text: str = "",
    required_changes: str = "",
) -> NormativeDocument:
    doc = _reviewer_doc(actor, document)
    review = _review_for_reviewer(actor, doc)
    if checklist is not None and not isinstance(checklist, dict):
        raise ServiceError(field_errors={"checklist": ["审核要点格式不正确。"]})
    checklist = {k: v for k, v in (checklist or {}).items() if k in dict(CHECKLIST_ITEMS)}
    facts = _check_step("give_opinion", doc, actor, lambda facts: workflow.opinion_problems(
        opinion=opinion, checklist=checklist, required_changes=required_changes))
    procedure.review_opinion(
        actor=actor,
        target=doc,
        review=review,
        opinion=opinion,
        checklist=checklist,
        opinion_text=opinion_text,
        required_changes=required_changes,
    )
    forwarded = None
    if review.stage == ReviewStage.DEPARTMENT and opinion == ReviewOpinion.LAWFUL and facts.justice_stage:
        # 国办发〔2018〕115号: the department's 法制机构 found it lawful — on to the 司法行政部门, the same text
        bureau = justice_bureau_for(doc.issuing_agency)
        if bureau is None:
            raise TransitionRefused(["找不到负责合法性审核的司法行政部门，请联系管理员完善单位设置。"])
        forwarded = _submit_round(actor, doc, procedure.open_call_of(doc), bureau, review.version,
                                  review.precheck_findings, ReviewStage.JUSTICE)
    else:
        doc.state = DocumentState.REVIEWED
        doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.give_opinion", obj=doc,
                 after={"opinion": opinion, "stage": review.stage,
                        "forwarded_to": forwarded.agency.name if forwarded else None})
    if forwarded is not None:
        _notify_reviewers(doc, forwarded.agency)
    notify(
        recipient=doc.created_by,
        title=f"合法性审核意见：{ReviewOpinion(opinion).label}——{doc.title}"[:200],
        link=_link(doc),
    )
    return doc


@transaction.atomic
def confirm_changes(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    doc = _reviewer_doc(actor, document)
    review = _review_for_reviewer(actor, doc)
    _check_step("confirm_changes", doc, actor)
    if doc.version_count and review.version_id and review.version.number >= doc.version_count:
        raise TransitionRefused(["送审稿之后尚无修改后的版本，请起草单位先按修改要求修改文本。"])
    procedure.review_confirm_changes(actor=actor, target=doc, review=review,
                                     version=procedure.versions_of(doc).order_by("-number").first(),
                                     text_hash=procedure.text_sha256(doc.title, doc.body))
    audit.record(actor=actor, action="documents.confirm_changes", obj=doc)
    return doc


# ------------------------------------------------------------------ deliberation and publication


@transaction.atomic
def deliberate(
    *,
    actor: User,
    document: NormativeDocument,
    meeting_type: str,
    meeting_date=None,
    attendees: str = "",
    outcome: str = "",
    notes: str = "",
    meeting_name: str = "",
    minutes: Attachment | None = None,
) -> Deliberation:
    doc = _locked(actor, document, Perm.DRAFT)
    errors: dict = {}
    meeting_date = _parse_date(meeting_date, "meeting_date", errors)
    if meeting_type not in MeetingType.values:
        errors["meeting_type"] = ["请选择会议类型。"]
    if errors:
        raise ServiceError(field_errors=errors)
    minutes = _stored(actor, minutes, doc)
    _check_step("deliberate", doc, actor, lambda facts: workflow.meeting_problems(
        facts.review, meeting_date=meeting_date, outcome=outcome, attendees=attendees, today=timezone.localdate()))
    record = Deliberation.objects.create(
        document=doc,
        meeting_type=meeting_type,
        meeting_date=meeting_date,
        meeting_name=meeting_name.strip(),
        attendees=attendees.strip(),
        outcome=outcome,
        notes=notes.strip(),
        minutes=minutes,
        recorded_by=actor,
    )
    if outcome in (MeetingOutcome.ADOPTED, MeetingOutcome.ADOPTED_WITH_CHANGES):
        doc.state = DocumentState.DELIBERATED
    elif outcome == MeetingOutcome.REJECTED:
        doc.state = DocumentState.ABANDONED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="documents.deliberate",
        obj=doc,
        after={"meeting_type": meeting_type, "meeting_date": meeting_date, "outcome": outcome},
    )
    return record


@transaction.atomic
def register(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    """统一登记 (三统一 [U]): the registrar — the issuer's 司法行政部门, or its government office by setting —
    registers the adopted document with a 登记号 of its own; only then is the 文号 allocated (``publish``)."""
    if actor is not None and not has_perm(actor, Perm.REGISTER):
        raise NotPermitted("您没有统一登记规范性文件的权限。")
    doc = NormativeDocument.objects.select_for_update().select_related("issuing_agency").get(pk=document.pk)
    facts = _check_step("register", doc, actor)
    registrar = facts.registrar
    if actor is not None and actor.agency_id != registrar.pk:
        raise NotPermitted(f"统一登记由{registrar.name}办理。")
    today = timezone.localdate()
    prefix = f"{(registrar.short_name or registrar.name)[:14]}登记"
    issued = numbering.allocate_number(actor=None, prefix=prefix, year=today.year, obj=doc)
    doc.registration_number, doc.registered_on = issued.text, today
    doc.registrar, doc.registered_by = registrar, actor
    doc.save(update_fields=["registration_number", "registered_on", "registrar", "registered_by", "updated_at"])
    audit.record(actor=actor, action="documents.register", obj=doc,
                 after={"registration_number": doc.registration_number, "registrar": registrar.name})
    notify(recipient=doc.created_by, title=f"已统一登记，可统一编号公布：{doc.title}"[:200],
           body=doc.registration_number, link=_link(doc))
    return doc


def filing_due(authority: Agency | None, publication_date: date) -> workdays.CalendarResult:
    rule = FilingRule.objects.filter(authority=authority).first() if authority else None
    if rule is not None:
        return workdays.compute_due(publication_date, rule.period, rule.unit)
    # [U] 报备期限 defaults to 30 日 after publication (RULES.md §1), rolled past rest days (民法典 第二百零三条).
    return workdays.add_days_statutory(publication_date, rules.current().filing_days)


@transaction.atomic
def publish(
    *,
    actor: User,
    document: NormativeDocument,
    publication_date=None,
    effective_date=None,
    early_effect_reason: str = "",
    signed_pdf: Attachment | None = None,
    validity_years: int | None = None,
) -> NormativeDocument:
    """三统一: number, publish, and open the filing with its deadline."""
    doc = _locked(actor, document, Perm.DRAFT)
    errors: dict = {}
    publication_date = _parse_date(publication_date, "publication_date", errors)
    effective_date = _parse_date(effective_date, "effective_date", errors)
    if validity_years is not None and (
        not isinstance(validity_years, int) or isinstance(validity_years, bool)
    ):
        errors["validity_years"] = ["有效期应为正整数（年）。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if publication_date and publication_date > timezone.localdate():
        raise ServiceError(field_errors={"publication_date": ["公布日期不能晚于今天。"]})
    signed_pdf = _stored(actor, signed_pdf, doc)
    _check_step("publish", doc, actor, lambda facts: workflow.publication_problems(
        doc, publication_date=publication_date, effective_date=effective_date,
        early_effect_reason=early_effect_reason, signed_pdf=signed_pdf, validity_years=validity_years))
    call = procedure.open_call_of(doc)
    if call is not None and call.summary and not doc.adoption_summary:
        doc.adoption_summary = call.summary
    # The number is the issuer's (三统一), allocated by the system once the publish guard has passed;
    # the drafting office need not hold rights over the issuer's prefix.
    issued = numbering.allocate_number(
        actor=None, prefix=doc.issuing_agency.doc_prefix, year=publication_date.year, obj=doc
    )
    doc.number = issued.text
    doc.issued_number = issued
    doc.publication_date = publication_date
    doc.effective_date = effective_date
    doc.early_effect_reason = (early_effect_reason or "").strip()
    doc.validity_years = validity_years or doc.validity_years
    # Valid for N years from the effective date: the last day is the day before the N-th anniversary.
    doc.expiry_date = add_years(effective_date, doc.validity_years) - timedelta(days=1)
    doc.signed_pdf = signed_pdf
    doc.state = DocumentState.PUBLISHED
    doc.save()
    if call is not None and call.summary_published_at is None and call.summary:
        procedure.comment_summary_publish(actor=actor, target=doc, call=call)
    _open_filing(actor, doc)
    _open_congress_filing(doc)
    audit.record(actor=actor, action="documents.publish", obj=doc, after=audit.snapshot(doc, DOC_FIELDS))
    return doc


def needs_congress_filing(doc: NormativeDocument) -> bool:
    """监督法 第三十九条: the 本级人大常委会 reviews the normative documents of 本级人民政府 — a government of a county
    or above (乡镇 has no standing committee); a department's document is filed with its government only."""
    return doc.issuing_agency.kind == AgencyKind.GOVERNMENT


def _open_congress_filing(doc: NormativeDocument) -> CongressFiling | None:
    """Opened at publication beside the filing with the upper government, with its own due date and deadline
    (the period is the province's — 监督法 第四十条 — a setting, 30 日 by default, rolled past rest days)."""
    if not needs_congress_filing(doc):
        return None
    committee = congress_standing_committee_for(doc.issuing_agency)
    name = committee.name if committee else f"{doc.issuing_agency.region.name}人民代表大会常务委员会"
    days = rules.current().congress_filing_days
    due = workdays.add_days_statutory(doc.publication_date, days)
    deadline = deadlines.deadline_create(
        actor=None, object_repr=f"报{name}备案：{doc.title}"[:200], rule_code="document_congress_filing",
        legal_source="《各级人民代表大会常务委员会监督法》第三十九条、第四十条（报备期限按省级规定，默认公布后30日）",
        start_date=doc.publication_date, period=days, unit=PeriodUnit.CALENDAR_DAYS, agency=doc.agency,
        responsible=doc.created_by, obj=doc, link=_link(doc))
    filing = CongressFiling.objects.create(document=doc, agency=committee, authority_name=name[:100],
                                           region_path=doc.issuing_agency.region_path, due_date=due.date,
                                           deadline=deadline)
    audit.record(actor=None, action="documents.congress_filing_open", obj=doc,
                 after={"authority": filing.authority_name, "due": due.date})
    return filing


@transaction.atomic
def congress_file(*, actor: User, document: NormativeDocument, filed_on=None) -> CongressFiling:
    """报本级人大常委会备案 (监督法 第三十九条、第四十条): recorded with its date; late filings stay late."""
    doc = _locked(actor, document, Perm.DRAFT)
    filing = CongressFiling.objects.select_for_update().filter(document=doc).first()
    _check_step("congress_file", doc, actor)
    today = timezone.localdate()
    filed_on = _date_input(filed_on, "filed_on") or today
    if filed_on > today or filed_on < doc.publication_date:
        raise ServiceError(field_errors={"filed_on": ["报备日期应在公布日期与今天之间。"]})
    filing.filed_on, filing.filed_by = filed_on, actor
    filing.save(update_fields=["filed_on", "filed_by"])
    if filing.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=filing.deadline, on_date=filed_on)
    audit.record(actor=actor, action="documents.congress_file", obj=doc,
                 after={"authority": filing.authority_name, "filed_on": filed_on, "late": filing.is_late})
    return filing


@transaction.atomic
def congress_record(*, actor: User, document: NormativeDocument, received_on=None, outcome: str = "",
                    outcome_on=None, note: str = "") -> CongressFiling:
    """What came back from the 人大常委会: its receipt, then its outcome — 未发现问题, 审查意见, or 撤销 (监督法
    第三十九条: 有权予以撤销), which makes the document 被撤销 like a revocation by the government."""
    doc = _locked(actor, document, Perm.DRAFT)
    filing = CongressFiling.objects.select_for_update().filter(document=doc).first()
    _check_step("congress_record", doc, actor)
    errors: dict = {}
    received_on = _parse_date(received_on, "received_on", errors)
    outcome_on = _parse_date(outcome_on, "outcome_on", errors) if outcome_on not in (None, "") else None
    if outcome and outcome not in CongressOutcome.values:
        errors["outcome"] = ["请选择审查结果。"]
    note = (note or "").strip()
    today = timezone.localdate()
    if received_on is None and "received_on" not in errors:
        errors["received_on"] = ["请填写人大常委会接收日期。"]
    if received_on and (received_on < filing.filed_on or received_on > today):
        errors["received_on"] = [f"接收日期应在报备日期（{filing.filed_on}）与今天之间。"]
    if outcome and outcome_on is None:
        errors["outcome_on"] = ["请填写审查结果日期。"]
    if outcome_on and received_on and (outcome_on < received_on or outcome_on > today):
        errors["outcome_on"] = ["审查结果日期应在接收日期与今天之间。"]
    if outcome in (CongressOutcome.OPINION, CongressOutcome.REVOKED) and not note:
        errors["note"] = ["请摘录审查意见或撤销决定（文号）。"]
    if errors:
        raise ServiceError(field_errors=errors)
    filing.received_on = received_on
    if outcome:
        filing.outcome, filing.outcome_on, filing.outcome_note = outcome, outcome_on, note
    filing.save(update_fields=["received_on", "outcome", "outcome_on", "outcome_note"])
    if outcome == CongressOutcome.REVOKED:
        doc.revoked_on = outcome_on
        doc.revocation_decision = f"{filing.authority_name}：{note}"[:200]
        doc.save(update_fields=["revoked_on", "revocation_decision", "updated_at"])
    audit.record(actor=actor, action="documents.congress_record", obj=doc,
                 after={"received_on": received_on, "outcome": outcome, "outcome_on": outcome_on})
    if outcome:
        notify(recipient=doc.created_by, title=f"{CongressOutcome(outcome).label}——{doc.title}"[:200], body=note,
               link=_link(doc))
    return filing


def _open_filing(actor, doc: NormativeDocument) -> Filing:
    authority = doc.filing_authority
    rule = FilingRule.objects.filter(authority=authority).first() if authority else None
    period, unit = (
        (rule.period, rule.unit) if rule else (rules.current().filing_days, PeriodUnit.CALENDAR_DAYS)
    )
    due = filing_due(authority, doc.publication_date)
    deadline = deadlines.deadline_create(
        actor=None,
        object_repr=f"报送备案：{doc.title}"[:200],
        rule_code="document_filing",
        legal_source=rule.legal_source if rule else "规范性文件报备期限（默认公布后30日，可按备案机关配置）",
        start_date=doc.publication_date,
        period=period,
        unit=unit,
        agency=doc.agency,
        responsible=doc.created_by,
        obj=doc,
        link=_link(doc),
    )
    filing = Filing.objects.create(
        document=doc,
        agency=authority,
        authority_name=authority.name if authority else external_authority_name(doc.issuing_agency),
        region_path=(authority or doc.issuing_agency).region_path,
        due_date=due.date,
        deadline=deadline,
    )
    audit.record(
        actor=actor,
        action="documents.filing_open",
        obj=doc,
        after={"authority": filing.authority_name, "due": due.date, "provisional": due.provisional},
    )
    return filing


# ------------------------------------------------------------------ filing and filing review


@transaction.atomic
def file(*, actor: User, document: NormativeDocument, filed_on: date | None = None) -> Filing:
    """报送备案: the package (备案报告, the document, 起草说明, 合法性审核意见) is assembled automatically."""
    from .docgen import filing_package

    doc = _locked(actor, document, Perm.DRAFT)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    _check_step("file", doc, actor)
    today = timezone.localdate()
    filed_on = _date_input(filed_on, "filed_on") or today
    if filed_on > today or filed_on < doc.publication_date:
        raise ServiceError(field_errors={"filed_on": ["报备日期应在公布日期与今天之间。"]})
    filing.package = filing_package(actor=actor, document=doc)
    filing.status = FilingStatus.FILED
    filing.filed_on = filed_on
    filing.filed_by = actor
    filing.save()
    if filing.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=filing.deadline, on_date=filed_on)
    if filing.agency_id:
        # The reviewing body's own clock: 备案审查 within the configured working days from receipt.
        reviewer = justice_bureau_for(filing.agency) or filing.agency
        filing.review_deadline = deadlines.deadline_create(
            actor=None, object_repr=f"备案审查：{doc.title}"[:200], rule_code="document_filing_review",
            legal_source="备案审查期限（省备案审查规定，可配置，默认30个工作日）", start_date=filed_on,
            period=rules.current().filing_review_working_days, unit=PeriodUnit.WORKING_DAYS, agency=reviewer,
            obj=doc, link="/documents/filings/")
        filing.save(update_fields=["review_deadline"])
    audit.record(
        actor=actor,
        action="documents.file",
        obj=doc,
        after={"filed_on": filed_on, "due": filing.due_date, "late": filing.is_late},
    )
    if filing.agency_id:
        for user in _users_with(Perm.FILING_REVIEW, justice_bureau_for(filing.agency) or filing.agency):
            notify(
                recipient=user, title=f"新的备案：{doc.number} {doc.title}"[:200], link="/documents/filings/"
            )
    return filing


def _filing_for_authority(actor, document) -> tuple[NormativeDocument, Filing]:
    if actor is not None and not has_perm(actor, Perm.FILING_REVIEW):
        raise NotPermitted("您没有备案审查的权限。")
    doc = NormativeDocument.objects.select_for_update().get(pk=document.pk)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    if filing is None:
        raise TransitionRefused(["该文件没有备案记录。"])
    if actor is not None:
        # The filing authority's justice bureau handles its filings (备案审查机构).
        authority_region = filing.agency.region_id if filing.agency_id else None
        if authority_region is None or actor.agency is None or actor.agency.region_id != authority_region:
            raise NotPermitted("该备案不属于您所在的备案审查机关。")
    return doc, filing


@transaction.atomic
def filing_decision(
    *,
    actor: User,
    document: NormativeDocument,
    decision: str,
    opinion: str = "",
    correction_days: int | None = None,
) -> Filing:
    doc, filing = _filing_for_authority(actor, document)
    _check_step("filing_decision", doc, actor,
                lambda facts: workflow.filing_decision_problems(decision=decision, opinion=opinion))
    today = timezone.localdate()
    before = {"review_status": filing.review_status}
    filing.review_status = decision
    filing.review_opinion = opinion.strip()
    filing.reviewed_on = today
    filing.reviewed_by = actor
    if decision == FilingReviewStatus.CORRECTION_REQUIRED:
        days = correction_days or rules.current().correction_days
        if not isinstance(days, int) or days < 1 or days > 365:
            raise ServiceError(field_errors={"correction_days": ["纠正期限应为 1 至 365 日。"]})
        filing.correction_deadline = deadlines.deadline_create(
            actor=None,
            object_repr=f"备案审查纠正：{doc.title}"[:200],
            rule_code="document_correction",
            legal_source="备案审查纠正期限（可配置，默认30日）",
            start_date=today,
            period=days,
            unit=PeriodUnit.CALENDAR_DAYS,
            agency=doc.agency,
            responsible=doc.created_by,
            obj=doc,
            link=_link(doc),
        )
    filing.save()
    if filing.review_deadline_id and filing.review_deadline.status in ("open", "paused", "overdue"):
        deadlines.deadline_complete(actor=None, deadline=filing.review_deadline, on_date=today)
    audit.record(
        actor=actor,
        action="documents.filing_decision",
        obj=doc,
        before=before,
        after={"review_status": decision, "opinion": opinion.strip()},
    )
    notify(
        recipient=doc.created_by,
        title=f"备案审查结果：{FilingReviewStatus(decision).label}——{doc.title}"[:200],
        body=opinion,
        link=_link(doc),
    )
    return filing


@transaction.atomic
def filing_review_extend(*, actor: User, document: NormativeDocument, approved_by: str, reason: str) -> Filing:
    """Extend the 备案审查 time limit once, by the configured working days, with the approval of the reviewing
    body's head (setting; the province's regulation is unverified)."""
    doc, filing = _filing_for_authority(actor, document)
    errors: dict = {}
    if not (approved_by or "").strip():
        errors["approved_by"] = ["请填写批准延长的负责人。"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明延长审查期限的理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if filing.review_deadline_id is None or filing.review_status not in (
            FilingReviewStatus.PENDING, FilingReviewStatus.CORRECTED):
        raise TransitionRefused(["该备案没有进行中的审查期限。"])
    if filing.review_extended_by:
        raise TransitionRefused([f"审查期限已经{filing.review_extended_by}批准延长过一次，不能再延长。"])
    deadlines.deadline_extend(actor=None, deadline=filing.review_deadline,
                              amount=rules.current().filing_review_extension_working_days,
                              unit=PeriodUnit.WORKING_DAYS, reason=f"经{approved_by.strip()}批准：{reason.strip()}")
    filing.review_extended_by = approved_by.strip()[:100]
    filing.save(update_fields=["review_extended_by"])
    filing.review_deadline.refresh_from_db()
    audit.record(actor=actor, action="documents.filing_review_extend", obj=doc,
                 after={"approved_by": filing.review_extended_by, "due": filing.review_deadline.due_date})
    return filing


@transaction.atomic
def revoke_decision(*, actor: User, document: NormativeDocument, revoke: bool, decision_ref: str,
                    decided_on=None, note: str = "") -> Filing:
    """The government the document was filed with decides on its 备案审查 body's proposal to revoke
    (地方组织法 第七十三条第三项). 撤销 is recorded as its own status (``revoked_on``), never as 废止."""
    if actor is not None and not has_perm(actor, Perm.REVOKE):
        raise NotPermitted("您没有记录人民政府撤销决定的权限。")
    doc = NormativeDocument.objects.select_for_update().get(pk=document.pk)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    if filing is None:
        raise TransitionRefused(["该文件没有备案记录。"])
    if actor is not None and (actor.agency is None or filing.agency_id is None
                              or actor.agency.region_id != filing.agency.region_id):
        raise NotPermitted(f"撤销决定由{filing.authority_name}作出，您不属于该人民政府。")
    today = timezone.localdate()
    decided_on = _date_input(decided_on, "decided_on")
    _check_step("revoke", doc, actor, lambda facts: workflow.revoke_problems(
        filing, revoke=revoke, decision_ref=decision_ref, decided_on=decided_on, today=today))
    before = {"review_status": filing.review_status}
    filing.review_status = FilingReviewStatus.REVOKED if revoke else FilingReviewStatus.NOT_REVOKED
    note = (note or "").strip()
    if note:
        filing.review_opinion = f"{filing.review_opinion}\n人民政府决定：{note}".strip()
    filing.save(update_fields=["review_status", "review_opinion"])
    if revoke:
        doc.revoked_on = decided_on
        doc.revocation_decision = decision_ref.strip()[:200]
        doc.save(update_fields=["revoked_on", "revocation_decision", "updated_at"])
    audit.record(actor=actor, action="documents.revoke", obj=doc, before=before,
                 after={"review_status": filing.review_status, "decision": decision_ref.strip()[:200],
                        "decided_on": decided_on})
    notify(recipient=doc.created_by, title=f"{filing.get_review_status_display()}——{doc.title}"[:200],
           body=decision_ref.strip(), link=_link(doc))
    return filing


@transaction.atomic
def filing_correct(*, actor: User, document: NormativeDocument, note: str) -> Filing:
    """The issuer reports the correction; the authority then decides again."""
    doc = _locked(actor, document, Perm.DRAFT)
    filing = Filing.objects.select_for_update().filter(document=doc).first()
    if filing is None or filing.review_status not in (
        FilingReviewStatus.CORRECTION_REQUIRED,
        FilingReviewStatus.ESCALATED,
    ):
        raise TransitionRefused(["该文件没有待纠正的备案审查意见。"])
    if not (note or "").strip():
        raise ServiceError(field_errors={"note": ["请说明纠正情况。"]})
    filing.review_status = FilingReviewStatus.CORRECTED
    filing.corrected_on = timezone.localdate()
    filing.correction_note = note.strip()
    filing.save()
    if filing.correction_deadline_id:
        deadlines.deadline_complete(
            actor=None, deadline=filing.correction_deadline, on_date=filing.corrected_on
        )
    audit.record(actor=actor, action="documents.filing_correct", obj=doc, after={"note": note.strip()})
    return filing


def escalate_overdue_corrections(*, today: date | None = None) -> int:
    """Job: a correction not made in time is escalated to the authority (and marked as such)."""
    today = today or timezone.localdate()
    count = 0
    candidates = Filing.objects.filter(
        review_status=FilingReviewStatus.CORRECTION_REQUIRED, correction_deadline__due_date__lt=today
    ).select_related("document")
    for filing in candidates:
        with transaction.atomic():
            claimed = Filing.objects.filter(
                pk=filing.pk, review_status=FilingReviewStatus.CORRECTION_REQUIRED
            ).update(review_status=FilingReviewStatus.ESCALATED)
            if not claimed:
                continue
            audit.record(
                actor=None,
                action="documents.filing_escalate",
                obj=filing.document,
                after={"correction_due": filing.correction_deadline.due_date},
            )
            if filing.reviewed_by_id:
                notify(
                    recipient=filing.reviewed_by,
                    title=f"逾期未纠正：{filing.document.title}"[:200],
                    link=_link(filing.document),
                    level="danger",
                )
            count += 1
    return count


# ------------------------------------------------------------------ citizens' review suggestions


@transaction.atomic
def suggestion_submit(
    *,
    document: NormativeDocument,
    content: str,
    name: str = "",
    contact: str = "",
    client_ip: str | None = None,
) -> ReviewSuggestion:
    """A citizen's 审查建议 on a published document, from the portal (no account)."""
    from django.conf import settings

    from .selectors import is_public

    errors = {}
    content = (content or "").strip()
    if not content:
        errors["content"] = ["请填写审查建议的内容和理由。"]
    elif len(content) > 5000:
        errors["content"] = ["审查建议不超过 5000 字。"]
    if settings.FAZHI_PUBLIC_REQUIRE_NAME and not (name or "").strip():
        errors["name"] = ["请填写姓名或单位名称。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if not is_public(document):
        raise TransitionRefused(["只能对已公布的文件提出审查建议。"])
    if client_ip:
        since = timezone.now() - timedelta(hours=1)
        if (
            ReviewSuggestion.objects.filter(client_ip=client_ip, submitted_at__gte=since).count()
            >= settings.FAZHI_PUBLIC_RATE_PER_HOUR
        ):
            raise ServiceError("提交过于频繁，请一小时后再试。")
    authority = document.filing_authority or document.issuing_agency
    handler = justice_bureau_for(authority) or authority
    deadline = deadlines.deadline_create(
        actor=None,
        object_repr=f"审查建议答复：{document.title}"[:200],
        rule_code="document_suggestion",
        legal_source="审查建议答复期限（可配置）",
        start_date=timezone.localdate(),
        period=rules.current().suggestion_answer_working_days,
        unit=PeriodUnit.WORKING_DAYS,
        agency=handler,
        obj=document,
        link="/documents/suggestions/",
    )
    suggestion = ReviewSuggestion.objects.create(
        document=document,
        name=(name or "").strip()[:100],
        contact=(contact or "").strip()[:100],
        content=content,
        submitted_at=timezone.now(),
        client_ip=client_ip,
        deadline=deadline,
    )
    audit.record(
        actor=None, action="documents.suggestion_submit", obj=document, after={"suggestion": suggestion.code}
    )
    for user in _users_with(Perm.FILING_REVIEW, handler):
        notify(recipient=user, title=f"公民审查建议：{document.title}"[:200], link="/documents/suggestions/")
    return suggestion


@transaction.atomic
def suggestion_answer(*, actor: User, suggestion: ReviewSuggestion, answer: str) -> ReviewSuggestion:
    if not has_perm(actor, Perm.FILING_REVIEW):
        raise NotPermitted()
    suggestion = ReviewSuggestion.objects.select_for_update(of=("self",)).select_related("deadline").get(
        pk=suggestion.pk
    )
    if (
        suggestion.deadline
        and not restrict(
            type(suggestion.deadline).objects.filter(pk=suggestion.deadline_id), actor, "core.view_deadline"
        ).exists()
    ):
        raise NotPermitted("该审查建议不在您的数据范围内。")
    if suggestion.status == SuggestionStatus.ANSWERED:
        raise TransitionRefused(["该审查建议已答复。"])
    if not (answer or "").strip():
        raise ServiceError(field_errors={"answer": ["请填写答复内容。"]})
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.answer = answer.strip()
    suggestion.answered_by = actor
    suggestion.answered_at = timezone.now()
    suggestion.save()
    if suggestion.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=suggestion.deadline, on_date=timezone.localdate())
    audit.record(
        actor=actor,
        action="documents.suggestion_answer",
        obj=suggestion.document,
        after={"suggestion": suggestion.code},
    )
    return suggestion


# ------------------------------------------------------------------ validity: evaluation, cleanup, upper laws


def _apply_decision(actor, doc: NormativeDocument, decision: str, on: date, reason: str, *, renew: bool) -> None:
    """Effects of an evaluation or cleanup decision on the derived validity.

    An expiry evaluation that keeps the document renews its validity once from the old expiry
    (``renew=True``); a cleanup campaign's 继续有效 only confirms it and leaves the expiry alone.
    """
    if decision == CleanupDecision.KEEP:
        pass  # an expiry evaluation's 继续有效 takes effect only when the document is published again (republish)
    elif decision == CleanupDecision.REPEAL:
        doc.repealed_on = on
    elif decision == CleanupDecision.DECLARE_INVALID:
        doc.invalid_from = on
    doc.save(update_fields=["expiry_date", "repealed_on", "invalid_from", "updated_at"])


def open_due_evaluations(*, today: date | None = None) -> int:
    """Job: open an evaluation task six months before a document's validity ends (RULES.md §1 [S])."""
    today = today or timezone.localdate()
    months = rules.current().evaluation_months_before_expiry
    horizon = add_years(today, 1)
    opened = 0
    candidates = (
        NormativeDocument.objects.filter(
            state=DocumentState.PUBLISHED,
            expiry_date__gte=today,
            expiry_date__lte=horizon,
            repealed_on__isnull=True,
            invalid_from__isnull=True,
        )
        .exclude(evaluations__due_date=F("expiry_date"))
        .select_related("agency", "created_by")
    )
    for doc in candidates:
        if rules.subtract_months(doc.expiry_date, months) > today:
            continue
        with transaction.atomic():
            task, created = EvaluationTask.objects.get_or_create(
                document=doc, due_date=doc.expiry_date, defaults={"opened_on": today}
            )
            if not created:
                continue
            audit.record(
                actor=None, action="documents.evaluation_open", obj=doc, after={"due": doc.expiry_date}
            )
            notify(
                recipient=doc.created_by,
                title=f"有效期届满评估：{doc.title}"[:200],
                body=f"该文件有效期至 {doc.expiry_date}，请在届满前完成评估。",
                link=_link(doc),
                level="warning",
            )
            opened += 1
    return opened


@transaction.atomic
def evaluate(*, actor: User, document: NormativeDocument, conclusion: str, reason: str) -> EvaluationTask:
    doc = _locked(actor, document, Perm.DRAFT)
    _check_step("evaluate", doc, actor)
    task = (
        EvaluationTask.objects.select_for_update().filter(document=doc, status=EvaluationStatus.OPEN).first()
    )
    if task is None:
        raise TransitionRefused(["该文件没有待办的有效期届满评估。"])
    errors = {}
    if conclusion not in CleanupDecision.values:
        errors["conclusion"] = ["请选择评估结论：继续有效、修改、废止或宣布失效。"]
    if not (reason or "").strip():
        errors["reason"] = ["请填写评估理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    today = timezone.localdate()
    task.status = EvaluationStatus.DONE
    task.conclusion = conclusion
    task.reason = reason.strip()
    task.done_on = today
    task.done_by = actor
    task.save()
    _apply_decision(actor, doc, conclusion, today, reason, renew=True)
    audit.record(actor=actor, action="documents.evaluate", obj=doc, after={"conclusion": conclusion})
    if conclusion == CleanupDecision.KEEP:
        notify(recipient=doc.created_by, title=f"评估结论为继续有效，须重新公布：{doc.title}"[:200],
               body=f"有效期至 {doc.expiry_date}；重新公布后按新的有效期施行。", link=_link(doc))
    return task


def republication_due(doc: NormativeDocument) -> EvaluationTask | None:
    """The expiry evaluation that concluded 继续有效 and waits for the document to be published again."""
    return (EvaluationTask.objects.filter(document=doc, status=EvaluationStatus.DONE, conclusion=CleanupDecision.KEEP,
                                          republished_on__isnull=True).order_by("-done_on", "-id").first())


@transaction.atomic
def republish(*, actor: User, document: NormativeDocument, published_on: date | None = None) -> EvaluationTask:
    """重新公布 after an evaluation concluded 继续有效: a new publication record with a new validity period from
    the day of republication (the same number of years); the portal shows it in the document's history. Before
    it, the document expires at its old date — 继续有效 never renews a document silently."""
    doc = _locked(actor, document, Perm.DRAFT)
    _check_step("republish", doc, actor)
    task = republication_due(doc)
    if task is None:
        raise TransitionRefused(["没有评估结论为“继续有效”、待重新公布的评估。"])
    today = timezone.localdate()
    published_on = _date_input(published_on, "published_on") or today
    if published_on > today or published_on < task.done_on:
        raise ServiceError(field_errors={"published_on": [f"重新公布日期应在评估完成（{task.done_on}）与今天之间。"]})
    before = {"expiry_date": doc.expiry_date, "number": doc.number}
    task.republished_on = published_on
    task.republished_expiry = add_years(published_on, doc.validity_years) - timedelta(days=1)
    fields = ["expiry_date", "updated_at"]
    if rules.current().republish_new_number:
        # 三统一 once more: a new 文号 of the issuer for the year of republication; the old one stays in history
        issued = numbering.allocate_number(actor=None, prefix=doc.issuing_agency.doc_prefix,
                                           year=published_on.year, obj=doc)
        task.republished_number = issued.text
        doc.number, doc.issued_number = issued.text, issued
        fields += ["number", "issued_number"]
    task.save(update_fields=["republished_on", "republished_expiry", "republished_number"])
    doc.expiry_date = task.republished_expiry
    doc.save(update_fields=fields)
    audit.record(actor=actor, action="documents.republish", obj=doc, before=before,
                 after={"republished_on": published_on, "expiry_date": doc.expiry_date, "number": doc.number})
    return task


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    title: str,
    kind: str,
    issuer_ids: list | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
    upper_law: UpperLaw | None = None,
    due_date: date | None = None,
) -> CleanupCampaign:
    """A cleanup campaign selects published documents in the actor's scope by issuer, date or upper law
    and assigns each to its issuer."""
    if not has_perm(actor, Perm.CLEANUP):
        raise NotPermitted("您没有组织文件清理的权限。")
    errors = {}
    if not (title or "").strip():
        errors["title"] = ["请填写清理名称。"]
    if kind not in CampaignKind.values:
        errors["kind"] = ["请选择清理类型。"]
    if kind == CampaignKind.UPPER_LAW and upper_law is None:
        errors["upper_law"] = ["因上位法修改的专项清理须选择上位法。"]
    if published_from and published_to and published_from > published_to:
        errors["published_to"] = ["截止日期不能早于起始日期。"]
    if errors:
        raise ServiceError(field_errors=errors)
    qs = restrict(
        NormativeDocument.objects.filter(
            state=DocumentState.PUBLISHED, repealed_on__isnull=True, invalid_from__isnull=True
        ),
        actor,
        Perm.CLEANUP,
    )
    if issuer_ids:
        qs = qs.filter(issuing_agency__code__in=issuer_ids)
    if published_from:
        qs = qs.filter(publication_date__gte=published_from)
    if published_to:
        qs = qs.filter(publication_date__lte=published_to)
    if upper_law is not None:
        qs = qs.filter(upper_laws=upper_law)
    documents = list(qs.select_related("issuing_agency"))
    if not documents:
        raise ServiceError("按所选条件没有找到需要清理的已公布文件。")
    campaign = CleanupCampaign.objects.create(
        title=title.strip(),
        kind=kind,
        agency=actor.agency,
        region_path=actor.region_path,
        due_date=due_date,
        created_by=actor,
        criteria={
            "issuers": [str(i) for i in issuer_ids or []],
            "from": published_from.isoformat() if published_from else None,
            "to": published_to.isoformat() if published_to else None,
            "upper_law": upper_law.name if upper_law else None,
        },
    )
    CleanupItem.objects.bulk_create(
        [CleanupItem(campaign=campaign, document=d, assigned_agency=d.issuing_agency) for d in documents]
    )
    audit.record(
        actor=actor,
        action="documents.campaign_create",
        obj=campaign,
        after={"title": campaign.title, "documents": len(documents)},
    )
    notified = set()
    for d in documents:
        if d.created_by_id not in notified:
            notify(
                recipient=d.created_by,
                title=f"文件清理：{campaign.title}"[:200],
                body="请对本单位制定的文件提出清理意见。",
                link=f"/documents/cleanup/{campaign.code}/",
            )
            notified.add(d.created_by_id)
    return campaign


@transaction.atomic
def cleanup_decision(*, actor: User, item: CleanupItem, decision: str, reason: str) -> CleanupItem:
    item = CleanupItem.objects.select_for_update().select_related("campaign", "document").get(pk=item.pk)
    doc = _locked(actor, item.document, Perm.DRAFT)
    if item.campaign.status != CampaignStatus.OPEN:
        raise TransitionRefused(["清理结果已公布，不能再修改清理意见。"])
    _check_step("cleanup_decision", doc, actor)
    errors = {}
    if decision not in CleanupDecision.values:
        errors["decision"] = ["请选择清理意见：继续有效、修改、废止或宣布失效。"]
    if not (reason or "").strip():
        errors["reason"] = ["请填写理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    before = {"decision": item.decision}
    item.decision = decision
    item.reason = reason.strip()
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save()
    audit.record(
        actor=actor,
        action="documents.cleanup_decision",
        obj=doc,
        before=before,
        after={"campaign": item.campaign.code, "decision": decision, "reason": item.reason},
    )
    return item


@transaction.atomic
def campaign_publish(
    *, actor: User, campaign: CleanupCampaign, published_on: date | None = None
) -> CleanupCampaign:
    """Publish the result lists: apply every decision and generate the .docx announcement."""
    from .docgen import cleanup_announcement

    if not has_perm(actor, Perm.CLEANUP):
        raise NotPermitted()
    campaign = CleanupCampaign.objects.select_for_update().get(pk=campaign.pk)
    if not restrict(CleanupCampaign.objects.filter(pk=campaign.pk), actor, Perm.CLEANUP).exists():
        raise NotPermitted("该清理活动不在您的数据范围内。")
    if campaign.status == CampaignStatus.PUBLISHED:
        raise TransitionRefused(["清理结果已公布。"])
    pending = campaign.items.filter(decision="").count()
    if pending:
        raise TransitionRefused([f"尚有 {pending} 件文件未提出清理意见。"])
    published_on = published_on or timezone.localdate()
    for item in campaign.items.select_related("document"):
        _apply_decision(actor, item.document, item.decision, published_on, item.reason, renew=False)
    campaign.status = CampaignStatus.PUBLISHED
    campaign.published_on = published_on
    campaign.announcement = cleanup_announcement(actor=actor, campaign=campaign)
    campaign.save()
    audit.record(
        actor=actor,
        action="documents.campaign_publish",
        obj=campaign,
        after={"published_on": published_on, "items": campaign.items.count()},
    )
    return campaign


@transaction.atomic
def upper_law_mark(
    *, actor: User, law: UpperLaw, status: str, on: date, note: str = ""
) -> list[NormativeDocument]:
    """Mark an upper-level law amended or repealed; return every document in force that relies on it and
    tell each issuer to review it (RULES.md §1 清理; 立法法 on the hierarchy of norms)."""
    from fazhi.core.choices import Scope
    from fazhi.core.scope import widest_scope

    # Upper laws are shared by the whole prefecture: only a prefecture-wide office marks them.
    if actor is not None and widest_scope(actor, Perm.CLEANUP) != Scope.ALL:
        raise NotPermitted("上位法的修改、废止情况由依法治州办统一标记。")
    if status not in UpperLawStatus.values or status == UpperLawStatus.IN_FORCE:
        raise ServiceError(field_errors={"status": ["请选择“已修改”或“已废止”。"]})
    if on is None:
        raise ServiceError(field_errors={"on": ["请填写修改或废止日期。"]})
    law = UpperLaw.objects.select_for_update().get(pk=law.pk)
    before = {"status": law.status}
    law.status = status
    law.status_changed_on = on
    law.status_note = (note or "").strip()[:300]
    law.save()
    affected = list(
        NormativeDocument.objects.filter(
            upper_laws=law, state=DocumentState.PUBLISHED, repealed_on__isnull=True, invalid_from__isnull=True
        ).select_related("created_by")
    )
    audit.record(
        actor=actor,
        action="documents.upper_law_mark",
        object_type="documents.upperlaw",
        object_id=str(law.pk),
        object_repr=law.name,
        before=before,
        after={"status": status, "on": on, "affected": [d.code for d in affected]},
    )
    for doc in affected:
        notify(
            recipient=doc.created_by,
            title=f"上位法{UpperLawStatus(status).label}，请审查：{doc.title}"[:200],
            body=f"《{law.name}》已于 {on} {UpperLawStatus(status).label}。",
            link=_link(doc),
            level="warning",
        )
    return affected


@transaction.atomic
def upper_law_create(*, actor: User | None, name: str, level: str, issuer: str = "",
                     promulgated_on: date | None = None) -> UpperLaw:
    """Register a law, regulation or rule that documents may cite as their basis (reference data)."""
    from .choices import UpperLawLevel

    if actor is not None and not (has_perm(actor, Perm.CLEANUP) or has_perm(actor, Perm.DRAFT)):
        raise NotPermitted()
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["请填写法律法规名称。"]
    elif UpperLaw.objects.filter(name=name).exists():
        errors["name"] = ["该法律法规已登记。"]
    if level not in UpperLawLevel.values:
        errors["level"] = ["请选择效力层级。"]
    if errors:
        raise ServiceError(field_errors=errors)
    law = UpperLaw.objects.create(name=name, level=level, issuer=(issuer or "").strip()[:100],
                                  promulgated_on=promulgated_on)
    audit.record(actor=actor, action="documents.upper_law_create", object_type="documents.upperlaw",
                 object_id=str(law.pk), object_repr=law.name, after={"level": level})
    return law


@transaction.atomic
def document_supersede(*, actor: User | None, document: NormativeDocument, by: NormativeDocument,
                       kind: str) -> NormativeDocument:
    """Record that the published document ``by`` repeals (kind "repeal") or amends (kind "amend")
    ``document`` from ``by``'s effective date; the validity is then derived from that link."""
    from .selectors import is_public

    if kind not in ("repeal", "amend"):
        raise ServiceError(field_errors={"kind": ["请选择“废止”或“修改”。"]})
    old = _locked(actor, document, Perm.DRAFT) if actor is not None else \
        NormativeDocument.objects.select_for_update().get(pk=document.pk)
    problems = []
    if old.state != DocumentState.PUBLISHED:
        problems.append("只能废止或修改已公布的文件。")
    if by.pk == old.pk or not is_public(by) or by.effective_date is None:
        problems.append("废止或修改文件须为另一件已公布的文件。")
    elif old.issuing_agency_id != by.issuing_agency_id:
        problems.append("废止或修改文件应由原制定机关制定。")
    _refuse(problems)
    field_on, field_by = ("repealed_on", "repealed_by") if kind == "repeal" else ("amended_on", "amended_by")
    before = {field_on: getattr(old, field_on), f"{field_by}_id": getattr(old, f"{field_by}_id")}
    setattr(old, field_on, by.effective_date)
    setattr(old, field_by, by)
    old.save(update_fields=[field_on, field_by, "updated_at"])
    audit.record(actor=actor, action=f"documents.{kind}ed_by", obj=old, before=before,
                 after={field_on: by.effective_date, "by": by.number})
    return old


@transaction.atomic
def abandon(*, actor: User, document: NormativeDocument, reason: str) -> NormativeDocument:
    doc = _locked(actor, document, Perm.DRAFT)
    _check_step("abandon", doc, actor)
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请说明不予制定的理由。"]})
    review = procedure.latest_review(doc)
    if (
        review is not None
        and review.deadline_id
        and review.deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.PAUSED)
    ):
        deadlines.deadline_cancel(actor=None, deadline=review.deadline, reason="文件不予制定")
    doc.state = DocumentState.ABANDONED
    doc.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="documents.abandon", obj=doc, after={"reason": reason.strip()})
    return doc


# ------------------------------------------------------------------ cleanup opinion from the document


def document_cleanup_decision(*, actor: User, document: NormativeDocument, decision: str = "", reason: str = "",
                              campaign: str = "") -> CleanupItem:
    """清理意见 on a document (the machine's ``cleanup_decision``): its item in the open campaign, or in the
    campaign named by ``campaign`` when the document is in several."""
    item = (
        CleanupItem.objects.filter(document=document, campaign__status=CampaignStatus.OPEN)
        .filter(Q(campaign__code=campaign) if campaign else Q())
        .first()
    )
    if item is None:
        raise TransitionRefused(["该文件不在进行中的清理活动中。"])
    return cleanup_decision(actor=actor, item=item, decision=decision, reason=reason)
