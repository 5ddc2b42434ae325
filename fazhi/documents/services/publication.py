"""Collective deliberation, 三统一 registration and numbering, publication and the filing with the 人大常委会."""
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, deadlines, numbering, workdays
from fazhi.core.choices import AgencyKind, PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.notifications import notify
from fazhi.core.orgs import (
    congress_standing_committee_for,
)
from fazhi.core.permissions import has_perm
from fazhi.procedure import services as procedure
from fazhi.procedure.steps import locked, stored

from .. import rules, workflow
from ..choices import (
    CongressOutcome,
    DocumentState,
    MeetingOutcome,
    MeetingType,
)
from ..models import (
    CongressFiling,
    Deliberation,
    Filing,
    FilingRule,
    NormativeDocument,
)
from ..rules import add_years
from ..workflow import MACHINE, Perm
from .comments import _date_input, _parse_date
from .common import DOC_FIELDS, external_authority_name

# ------------------------------------------------------------------ deliberation and publication


@transaction.atomic
def document_deliberate(
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
    doc = locked(actor, document, Perm.DRAFT)
    errors: dict = {}
    meeting_date = _parse_date(meeting_date, "meeting_date", errors)
    if meeting_type not in MeetingType.values:
        errors["meeting_type"] = ["请选择会议类型。"]
    if errors:
        raise ServiceError(field_errors=errors)
    minutes = stored(actor, minutes, doc)
    MACHINE.require("deliberate", doc, actor=actor, problems=lambda facts: workflow.meeting_problems(
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
def document_register(*, actor: User, document: NormativeDocument) -> NormativeDocument:
    """统一登记 (三统一 [U]): the registrar — the issuer's 司法行政部门, or its government office by setting —
    registers the adopted document with a 登记号 of its own; only then is the 文号 allocated (``document_publish``)."""
    if actor is not None and not has_perm(actor, Perm.REGISTER):
        raise NotPermitted("您没有统一登记规范性文件的权限。")
    doc = NormativeDocument.objects.select_for_update().select_related("issuing_agency").get(pk=document.pk)
    facts = MACHINE.require("register", doc, actor=actor)
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
           body=doc.registration_number, link=doc.get_absolute_url())
    return doc


def filing_due(authority: Agency | None, publication_date: date) -> workdays.CalendarResult:
    rule = FilingRule.objects.filter(authority=authority).first() if authority else None
    if rule is not None:
        return workdays.compute_due(publication_date, rule.period, rule.unit)
    # [U] 报备期限 defaults to 30 日 after publication (RULES.md §1), rolled past rest days (民法典 第二百零三条).
    return workdays.add_days_statutory(publication_date, rules.current().filing_days)


@transaction.atomic
def document_publish(
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
    doc = locked(actor, document, Perm.DRAFT)
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
    signed_pdf = stored(actor, signed_pdf, doc)
    MACHINE.require("publish", doc, actor=actor, problems=lambda facts: workflow.publication_problems(
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
        responsible=doc.created_by, obj=doc, link=doc.get_absolute_url())
    filing = CongressFiling.objects.create(document=doc, agency=committee, authority_name=name[:100],
                                           region_path=doc.issuing_agency.region_path, due_date=due.date,
                                           deadline=deadline)
    audit.record(actor=None, action="documents.congress_filing_open", obj=doc,
                 after={"authority": filing.authority_name, "due": due.date})
    return filing


@transaction.atomic
def congress_filing_submit(*, actor: User, document: NormativeDocument, filed_on=None) -> CongressFiling:
    """报本级人大常委会备案 (监督法 第三十九条、第四十条): recorded with its date; late filings stay late."""
    doc = locked(actor, document, Perm.DRAFT)
    filing = CongressFiling.objects.select_for_update().filter(document=doc).first()
    MACHINE.require("congress_file", doc, actor=actor)
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
def congress_filing_record(*, actor: User, document: NormativeDocument, received_on=None, outcome: str = "",
                    outcome_on=None, note: str = "") -> CongressFiling:
    """What came back from the 人大常委会: its receipt, then its outcome — 未发现问题, 审查意见, or 撤销 (监督法
    第三十九条: 有权予以撤销), which makes the document 被撤销 like a revocation by the government."""
    doc = locked(actor, document, Perm.DRAFT)
    filing = CongressFiling.objects.select_for_update().filter(document=doc).first()
    MACHINE.require("congress_record", doc, actor=actor)
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
               link=doc.get_absolute_url())
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
        link=doc.get_absolute_url(),
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
