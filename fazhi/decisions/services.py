"""Every write of the major-decision module (pattern as in documents/services.py).

Each transition: lock the row → permission and scope → workflow guard (TransitionRefused with every
unmet item, citing 重大行政决策程序暂行条例) → write → audit against the decision → notifications.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.core import attachments, audit, deadlines
from fazhi.core.choices import AgencyKind, PeriodUnit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.notifications import notify
from fazhi.core.orgs import justice_bureau_for
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.procedure import comments as comment_desk
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus
from fazhi.procedure.models import LegalityReview

from . import workflow
from .choices import (
    AdjustmentKind,
    Adoption,
    AdviserKind,
    CatalogueStatus,
    DecisionState,
    EvaluationConclusion,
    EvaluationTrigger,
    MeetingOutcome,
    MeetingType,
    ParticipationForm,
    ProposalSource,
    ProposalStatus,
    RerunStep,
    RiskLevel,
    Standard,
)
from .facts import gate_check as gate_check  # a read (selector), re-exported for callers
from .models import (
    Adjustment,
    Catalogue,
    CatalogueRevision,
    Decision,
    ExecutionReport,
    Expert,
    ExpertAssignment,
    Hearing,
    LegalAdviserOpinion,
    Meeting,
    MemberOpinion,
    Participation,
    PostEvaluation,
    Proposal,
    PublicFeedback,
    RiskAssessment,
)
from .workflow import Perm

DECISION_FIELDS = ["title", "state", "decision_organ", "agency", "requires_public_participation",
                   "requires_expert_argumentation", "requires_risk_assessment", "concerns_market",
                   "exploratory_reform", "proposed_meeting_date", "decided_on", "published_on"]


def _refuse(reasons):
    if reasons:
        raise TransitionRefused(reasons)


def _link(decision) -> str:
    return f"/decisions/{decision.code}/"


def _date(value, field: str, errors: dict, required: bool = True):
    if value in (None, ""):
        if required:
            errors.setdefault(field, []).append("请填写日期。")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(field, []).append("日期格式应为 YYYY-MM-DD。")
        return None


def _text(value, field: str, label: str, errors: dict, required: bool = True, max_length: int = 20000) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(value) > max_length:
        errors.setdefault(field, []).append(f"{label}不超过 {max_length} 字。")
    return value


def _raise(errors: dict):
    if errors:
        raise ServiceError(field_errors=errors)


def _locked(actor, decision, perm: str) -> Decision:
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted()
    if actor is not None and not restrict(Decision.objects.filter(pk=decision.pk), actor, perm).exists():
        raise NotPermitted("该决策事项不在您的数据范围内。")
    return Decision.objects.select_for_update().select_related("decision_organ", "agency").get(pk=decision.pk)


def _stored(actor, value, decision: Decision) -> Attachment | None:
    """An uploaded file given to a step is stored as the decision's attachment inside the step's transaction
    (``Machine.dispatch`` removes the file again if the step fails); an attachment is taken as it is."""
    if value is None or isinstance(value, Attachment):
        return value
    from fazhi.core.attachments import attachment_create

    return attachment_create(actor=actor, uploaded_file=value, obj=decision, agency=decision.agency)


def _is_government(agency) -> bool:
    return agency is not None and agency.kind in (AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP_GOVERNMENT)


def _is_decision_organ(agency) -> bool:
    """第二条: 县级以上地方人民政府; 第四十二条: 县级以上人民政府部门和乡级人民政府的重大行政决策参照本条例执行 —
    so a government, a township government or a government's 工作部门 (for its own major decisions)."""
    return _is_government(agency) or (agency is not None and agency.kind == AgencyKind.DEPARTMENT)


def _sponsor_problem(organ, sponsor) -> str | None:
    """第十一条: 决策机关确定的承办单位. A government's sponsor is one of its departments or a lower unit; a
    department (第四十二条) sponsors its own decision or gives it to one of its own units."""
    if organ is None or sponsor is None:
        return None
    if _is_government(organ):
        if not sponsor.region_path.startswith(organ.region_path):
            return "承办单位应为决策机关所属部门或下级单位。"
        return None
    if sponsor.pk != organ.pk and sponsor.parent_id != organ.pk:
        return "部门作为决策机关的，承办单位应为本部门或其所属单位（第四十二条参照第十一条）。"
    return None


# ------------------------------------------------------------------ catalogue (第三条第三款)


@transaction.atomic
def catalogue_create(*, actor: User, agency: Agency, year: int, standard_text: str = "") -> Catalogue:
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    errors: dict = {}
    if not _is_decision_organ(agency):
        errors["agency"] = ["决策事项目录由决策机关（人民政府，或参照执行的政府部门、乡级人民政府，第四十二条）编制。"]
    if not isinstance(year, int) or not 2019 <= year <= 2100:
        errors["year"] = ["年度应为 2019 年（条例施行）以后的年份。"]
    _raise(errors)
    if not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("不能为您管辖范围以外的政府编制目录。")
    if Catalogue.objects.filter(agency=agency, year=year).exists():
        raise ServiceError(field_errors={"year": [f"{agency.name}{year}年度目录已存在。"]})
    catalogue = Catalogue.objects.create(agency=agency, year=year, standard_text=(standard_text or "").strip(),
                                         region_path=agency.region_path, created_by=actor)
    audit.record(actor=actor, action="decisions.catalogue_create", obj=catalogue, after={"year": year})
    return catalogue


def _catalogue_locked(actor, catalogue) -> Catalogue:
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    if not restrict(Catalogue.objects.filter(pk=catalogue.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("该目录不在您的数据范围内。")
    return Catalogue.objects.select_for_update().select_related("agency").get(pk=catalogue.pk)


@transaction.atomic
def decision_create(*, actor: User, title: str, decision_organ: Agency, sponsor: Agency,
                    requires_public_participation: bool, requires_expert_argumentation: bool,
                    requires_risk_assessment: bool, concerns_market: bool, catalogue: Catalogue | None = None,
                    standard: str = Standard.PUBLIC_POLICY, planned_schedule: str = "",
                    co_sponsors=(), requires_hearing: bool = False, proposal: Proposal | None = None,
                    participation_exemption: str = "") -> Decision:
    """A decision item (in a catalogue, or on its own until the catalogue is adjusted)."""
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("您没有办理重大行政决策的权限。")
    errors: dict = {}
    title = _text(title, "title", "决策事项名称", errors, max_length=200)
    if not _is_decision_organ(decision_organ):
        errors["decision_organ"] = ["决策机关应为县级以上人民政府（第二条），或参照执行的政府工作部门、乡级人民政府"
                                    "（第四十二条）。"]
    if sponsor is None:
        errors["sponsor"] = ["请明确决策承办单位（第十一条）。"]
    elif problem := _sponsor_problem(decision_organ, sponsor):
        errors["sponsor"] = [problem]
    if standard not in Standard.values:
        errors["standard"] = ["请选择目录标准（第三条第一款）。"]
    participation_exemption = participation_problem(requires_public_participation, participation_exemption, errors)
    if catalogue is not None and decision_organ is not None and catalogue.agency_id != decision_organ.pk:
        errors["catalogue"] = ["目录与决策机关不一致。"]
    _raise(errors)
    if not restrict(Agency.objects.filter(pk=decision_organ.pk), actor, Perm.MANAGE).exists() and \
            not restrict(Agency.objects.filter(pk=sponsor.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("不能为您管辖范围以外的政府登记决策事项。")
    decision = Decision.objects.create(
        title=title, catalogue=catalogue, proposal=proposal, decision_organ=decision_organ, agency=sponsor,
        region_path=decision_organ.region_path, standard=standard, planned_schedule=(planned_schedule or "")[:100],
        requires_public_participation=bool(requires_public_participation),
        requires_expert_argumentation=bool(requires_expert_argumentation),
        requires_risk_assessment=bool(requires_risk_assessment), concerns_market=bool(concerns_market),
        requires_hearing=bool(requires_hearing), participation_exemption=participation_exemption, created_by=actor,
    )
    if co_sponsors:
        decision.co_sponsors.set(co_sponsors)
    audit.record(actor=actor, action="decisions.create", obj=decision, after=audit.snapshot(decision, DECISION_FIELDS))
    return decision


def participation_problem(required, exemption, errors: dict) -> str:
    """第十四条: 决策承办单位应当采取便于社会公众参与的方式充分听取意见，依法不予公开的决策事项除外 — switching
    public participation off needs the legal basis of the exception, which the archive keeps."""
    exemption = (exemption or "").strip()[:300] if isinstance(exemption, str) else ""
    if not required and not exemption:
        errors["participation_exemption"] = ["不采取公众参与的，须写明依法不予公开的依据（第十四条）。"]
    return "" if required else exemption


def _catalogue_items(catalogue: Catalogue) -> list[dict]:
    return [
        {"code": d.code, "title": d.title, "sponsor": d.agency.name, "standard": d.get_standard_display(),
         "schedule": d.planned_schedule, "public_participation": d.requires_public_participation,
         "expert_argumentation": d.requires_expert_argumentation, "risk_assessment": d.requires_risk_assessment}
        for d in catalogue.decisions.select_related("agency").order_by("id")
    ]


@transaction.atomic
def catalogue_publish(*, actor: User, catalogue: Catalogue, party_consent_on=None, party_consent_ref: str = "",
                      published_on=None, reason: str = "") -> CatalogueRevision:
    """第三条第三款: 决策事项目录、标准经同级党委同意后向社会公布，并根据实际情况调整 — each publication is a
    frozen revision; a republication after adjustment needs its reason."""
    catalogue = _catalogue_locked(actor, catalogue)
    errors: dict = {}
    party_consent_on = _date(party_consent_on, "party_consent_on", errors)
    published_on = _date(published_on, "published_on", errors, required=False) or timezone.localdate()
    party_consent_ref = _text(party_consent_ref, "party_consent_ref", "党委同意的文件或会议", errors, max_length=200)
    if catalogue.version and not (reason or "").strip():
        errors["reason"] = ["调整后重新公布的，请说明调整内容和理由。"]
    _raise(errors)
    problems = []
    if party_consent_on > published_on:
        problems.append("目录须经同级党委同意后方可公布（《重大行政决策程序暂行条例》第三条第三款）。")
    if published_on > timezone.localdate():
        problems.append("公布日期不能晚于今天。")
    if not catalogue.decisions.exists():
        problems.append("目录中还没有决策事项。")
    _refuse(problems)
    catalogue.version += 1
    catalogue.status = CatalogueStatus.PUBLISHED
    catalogue.party_consent_on = party_consent_on
    catalogue.party_consent_ref = party_consent_ref
    catalogue.published_on = published_on
    catalogue.save()
    revision = CatalogueRevision.objects.create(
        catalogue=catalogue, version=catalogue.version, published_on=published_on, party_consent_on=party_consent_on,
        party_consent_ref=party_consent_ref, reason=(reason or "").strip()[:300], items=_catalogue_items(catalogue),
        published_by=actor,
    )
    audit.record(actor=actor, action="decisions.catalogue_publish", obj=catalogue,
                 after={"version": catalogue.version, "items": len(revision.items), "reason": revision.reason})
    return revision


# ------------------------------------------------------------------ proposals (第十条)


@transaction.atomic
def proposal_submit(*, actor: User | None, agency: Agency, source: str, proposer: str, title: str, content: str,
                    contact: str = "", problem: str = "", reasons: str = "", preliminary_plan: str = "",
                    client_ip: str | None = None) -> Proposal:
    """A decision-item proposal from a leader, department, lower government, deputy, member, or (actor None,
    from the portal) a citizen. 第十条第二项: a department's or lower government's proposal argues the
    problem, reasons and basis, and a preliminary plan."""
    errors: dict = {}
    if source not in ProposalSource.values:
        errors["source"] = ["请选择建议来源。"]
    if actor is None and source != ProposalSource.CITIZEN:
        errors["source"] = ["门户网站只接收公民、法人或者其他组织的建议。"]
    title = _text(title, "title", "建议事项", errors, max_length=200)
    content = _text(content, "content", "建议内容", errors, max_length=5000)
    proposer = _text(proposer, "proposer", "建议人或单位", errors, max_length=100)
    if source in (ProposalSource.DEPARTMENT, ProposalSource.LOWER_GOVERNMENT):
        _text(problem, "problem", "拟解决的主要问题", errors)
        _text(reasons, "reasons", "建议理由和依据", errors)
        _text(preliminary_plan, "preliminary_plan", "初步方案及其必要性、可行性", errors)
    if not _is_government(agency):
        errors["agency"] = ["请选择决策机关（人民政府）。"]
    _raise(errors)
    if actor is not None and not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    if actor is None and client_ip:
        from django.conf import settings

        since = timezone.now() - timedelta(hours=1)
        if Proposal.objects.filter(created_by__isnull=True, client_ip=client_ip, submitted_at__gte=since).count() >= \
                settings.FAZHI_PUBLIC_RATE_PER_HOUR:
            raise ServiceError("提交过于频繁，请一小时后再试。")
    proposal = Proposal.objects.create(
        agency=agency, region_path=agency.region_path, source=source, proposer=proposer, contact=(contact or "")[:100],
        title=title, content=content, problem=(problem or "").strip(), reasons=(reasons or "").strip(),
        preliminary_plan=(preliminary_plan or "").strip(), submitted_at=timezone.now(), created_by=actor,
        client_ip=client_ip if actor is None else None,
    )
    audit.record(actor=actor, action="decisions.proposal_submit", obj=proposal, after={"source": source})
    return proposal


@transaction.atomic
def proposal_decide(*, actor: User, proposal: Proposal, research: str, start: bool, note: str = "",
                    sponsor: Agency | None = None, requires_public_participation: bool = True,
                    requires_expert_argumentation: bool = False, requires_risk_assessment: bool = False,
                    concerns_market: bool = False, participation_exemption: str = "") -> Decision | None:
    """After research (第十条), the organ decides whether to start; starting creates the decision item."""
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    if not restrict(Proposal.objects.filter(pk=proposal.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("该建议不在您的数据范围内。")
    proposal = Proposal.objects.select_for_update().select_related("agency").get(pk=proposal.pk)
    if proposal.status in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED):
        raise TransitionRefused(["该建议已作出是否启动的决定。"])
    errors: dict = {}
    research = _text(research, "research", "研究论证意见", errors)
    if start and sponsor is None:
        errors["sponsor"] = ["决定启动的，应当明确决策承办单位（第十一条）。"]
    if not start:
        _text(note, "note", "不予启动的理由", errors)
    _raise(errors)
    proposal.research = research
    proposal.status = ProposalStatus.ACCEPTED if start else ProposalStatus.DECLINED
    proposal.decided_on = timezone.localdate()
    proposal.decision_note = (note or "").strip()
    proposal.save()
    audit.record(actor=actor, action="decisions.proposal_decide", obj=proposal, after={"start": start})
    if not start:
        return None
    catalogue = Catalogue.objects.filter(agency=proposal.agency, year=timezone.localdate().year).first()
    return decision_create(
        actor=actor, title=proposal.title, decision_organ=proposal.agency, sponsor=sponsor, catalogue=catalogue,
        requires_public_participation=requires_public_participation,
        requires_expert_argumentation=requires_expert_argumentation,
        requires_risk_assessment=requires_risk_assessment, concerns_market=concerns_market, proposal=proposal,
        participation_exemption=participation_exemption,
    )


# ------------------------------------------------------------------ drafting


DRAFT_FIELDS = {"draft", "explanation", "fair_competition_conclusion", "public_opinion_summary",
                "expert_adoption_summary", "planned_schedule", "legal_risk_statement"}


@transaction.atomic
def decision_update(*, actor: User, decision: Decision, note: str = "", **changes) -> Decision:
    """Edit the draft and its materials while it is being drafted; every change of the draft text is a new
    version (the archive keeps them all)."""
    decision = _locked(actor, decision, Perm.MANAGE)
    unknown = set(changes) - DRAFT_FIELDS
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if decision.state not in (DecisionState.CATALOGUED, *workflow.ACTIVE_DRAFTING, DecisionState.POSTPONED):
        raise TransitionRefused([f"决策当前状态为“{decision.get_state_display()}”，草案不能再修改；"
                                 "调整已作出的决策须经第三十七条规定的程序。"])
    errors: dict = {}
    for key, value in changes.items():
        label = str(Decision._meta.get_field(key).verbose_name)
        changes[key] = _text(value, key, label, errors, required=False)
    _raise(errors)
    before = {k: getattr(decision, k) for k in changes}
    text_changed = "draft" in changes and changes["draft"] != decision.draft
    for key, value in changes.items():
        setattr(decision, key, value)
    decision.save()
    if text_changed and decision.state != DecisionState.CATALOGUED:
        version = procedure.version_add(actor=actor, target=decision, title=decision.title, body=decision.draft,
                                        note=note or "修改决策草案")
        decision.version_count = version.number
        decision.save(update_fields=["version_count"])
    audit.record(actor=actor, action="decisions.update", obj=decision,
                 before={k: (v[:200] if isinstance(v, str) else v) for k, v in before.items()},
                 after={k: (v[:200] if isinstance(v, str) else v) for k, v in changes.items()})
    return decision


@transaction.atomic
def start(*, actor: User, decision: Decision, sponsor: Agency | None = None, exploratory_reform: bool = False,
          exploratory_reason: str = "") -> Decision:
    """启动 (第十一条): the organ decides to start; the sponsor is fixed; the decision archive opens.
    An exploratory reform (第二十五条第二款) can only be flagged here, with its reason."""
    decision = _locked(actor, decision, Perm.MANAGE)
    _refuse(workflow.state_problems("start", decision))
    if exploratory_reform and not (exploratory_reason or "").strip():
        raise ServiceError(field_errors={"exploratory_reason": ["标记为探索性改革事项的，须说明国家尚无明确规定的情况。"]})
    if sponsor is not None:
        if problem := _sponsor_problem(decision.decision_organ, sponsor):
            raise ServiceError(field_errors={"sponsor": [problem]})
        decision.agency = sponsor
    decision.exploratory_reform = bool(exploratory_reform)
    decision.exploratory_reason = (exploratory_reason or "").strip()
    decision.state = DecisionState.STARTED
    decision.started_on = timezone.localdate()
    decision.save()
    audit.record(actor=actor, action="decisions.start", obj=decision,
                 after={"sponsor": decision.agency.name, "exploratory_reform": decision.exploratory_reform})
    return decision


def _snapshot_version(actor, decision, note):
    last = procedure.versions_of(decision).last()
    if last is not None and last.body == decision.draft:
        return last
    version = procedure.version_add(actor=actor, target=decision, title=decision.title, body=decision.draft, note=note)
    decision.version_count = version.number
    decision.save(update_fields=["version_count"])
    return version


@transaction.atomic
def open_consultation(*, actor: User, decision: Decision, start=None, end=None, shortened_reason: str = "",
                      notice: str = "") -> Decision:
    decision = _locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    start_d = _date(start, "start", errors)
    end_d = _date(end, "end", errors)
    _raise(errors)
    if start_d < timezone.localdate():
        raise ServiceError(field_errors={"start": ["开始日期不能早于今天。"]})
    problems = workflow.state_problems("open_consultation", decision)
    if not decision.draft.strip() or not decision.explanation.strip():
        problems.append("公开征求意见应当公布决策草案及其说明等材料（第十五条）。")
    existing = procedure.open_call_of(decision)
    if existing is not None and existing.closed_at is None:
        problems.append("已有进行中的公开征求意见。")
    problems += workflow.consultation_window_problems(start_d, end_d, shortened_reason)
    _refuse(problems)
    version = _snapshot_version(actor, decision, "征求意见稿")
    procedure.comment_call_open(
        actor=actor, target=decision, title=decision.title, agency=decision.agency, start=start_d, end=end_d,
        required_min=workflow.CONSULTATION_MIN_DAYS, required_unit=PeriodUnit.CALENDAR_DAYS,
        required_source="《重大行政决策程序暂行条例》第十五条", shortened_reason=shortened_reason, notice=notice,
        version=version,
    )
    audit.record(actor=actor, action="decisions.open_consultation", obj=decision, after={"start": start_d, "end": end_d})
    return decision


@transaction.atomic
def close_consultation(*, actor: User, decision: Decision) -> Decision:
    decision = _locked(actor, decision, Perm.MANAGE)
    call = procedure.open_call_of(decision)
    problems = workflow.state_problems("close_consultation", decision)
    if call is None or call.closed_at is not None:
        problems.append("没有进行中的公开征求意见。")
    elif timezone.localdate() <= call.end_date:
        problems.append(f"征求意见期至 {call.end_date} 届满，届满前不能结束。")
    _refuse(problems)
    procedure.comment_call_close(actor=actor, target=decision, call=call)
    if not call.summary:
        call.summary = procedure.adoption_summary_text(call)
        call.save(update_fields=["summary"])
    audit.record(actor=actor, action="decisions.close_consultation", obj=decision)
    return decision


# The comment desk is the kernel's (procedure.comments, registered in apps.py): the same rules for every
# module — opposing opinions are never hidden (第十八条、第三十条), hiding needs a reason, and staff enter
# only opinions received inside the window (第十五条).


def comment_enter(*, actor: User, decision: Decision, source: str, content: str, received_on=None, name: str = "",
                  organisation: str = "", is_opposing: bool = False):
    """Opinions of deputies, members, enterprises and associations are recorded by source (第十四条)."""
    return comment_desk.comment_enter(actor=actor, target=decision, source=source, content=content,
                                      received_on=received_on, name=name, organisation=organisation,
                                      is_opposing=is_opposing)


def comments_screen(*, actor: User, decision: Decision, comment_ids: list, show: bool, reason: str = "") -> int:
    return comment_desk.comments_screen(actor=actor, target=decision, comment_ids=comment_ids, show=show,
                                        reason=reason)


def comments_answer(*, actor: User, decision: Decision, comment_ids: list, outcome: str, answer: str) -> int:
    return comment_desk.comments_answer(actor=actor, target=decision, comment_ids=comment_ids, outcome=outcome,
                                        answer=answer)


@transaction.atomic
def record_hearing(*, actor: User, decision: Decision, held_on=None, place: str = "", notice_published_on=None,
                   participants: str = "", participants_published_on=None, materials_delivered_on=None,
                   record: Attachment | None = None, record_signed: bool = False, selection_method: str = "",
                   selection_published_on=None) -> Hearing:
    decision = _locked(actor, decision, Perm.MANAGE)
    record = _stored(actor, record, decision)
    errors: dict = {}
    held = _date(held_on, "held_on", errors)
    notice = _date(notice_published_on, "notice_published_on", errors)
    part_pub = _date(participants_published_on, "participants_published_on", errors)
    delivered = _date(materials_delivered_on, "materials_delivered_on", errors)
    selection_on = _date(selection_published_on, "selection_published_on", errors, required=False)
    place = _text(place, "place", "听证地点", errors, max_length=200)
    _raise(errors)
    selection_method = (selection_method or "").strip()
    problems = workflow.state_problems("record_hearing", decision)
    problems += workflow.hearing_problems(held_on=held, materials_delivered_on=delivered,
                                          participants_published_on=part_pub, notice_published_on=notice,
                                          participants=participants, selection_method=selection_method,
                                          selection_published_on=selection_on)
    if held and held > timezone.localdate():
        problems.append("听证会召开后才能记录。")
    if not record_signed:
        # 第十七条第三项: 听证参加人确认听证会记录并签字
        problems.append("听证会记录须经听证参加人确认并签字（第十七条）。")
    _refuse(problems)
    hearing = Hearing.objects.create(decision=decision, held_on=held, place=place, notice_published_on=notice,
                                     participants=participants.strip(), participants_published_on=part_pub,
                                     materials_delivered_on=delivered, record=record, record_signed=True,
                                     selection_method=selection_method, selection_published_on=selection_on,
                                     recorded_by=actor)
    audit.record(actor=actor, action="decisions.record_hearing", obj=decision, after={"held_on": held})
    return hearing


@transaction.atomic
def participation_record(*, actor: User, decision: Decision, form: str = "", held_on=None, venue: str = "",
                         participants: str = "", participant_count=None, summary: str = "",
                         record: Attachment | None = None) -> Participation:
    """第十四条第二款: 听取意见可以采取座谈会、听证会、实地走访、书面征求意见、向社会公开征求意见、问卷调查、民意调查
    等多种方式; 第三款: 涉及特定群体利益的，与相关人民团体、社会组织以及群众代表沟通协商. Each act is recorded with
    whom it heard and what was said; the draft's 公众意见研究采纳情况 (第二十九条第二项) sums them up."""
    decision = _locked(actor, decision, Perm.MANAGE)
    record = _stored(actor, record, decision)
    errors: dict = {}
    if form not in ParticipationForm.values:
        errors["form"] = ["请选择公众参与方式。"]
    held = _date(held_on, "held_on", errors)
    venue = _text(venue, "venue", "地点或渠道", errors, max_length=200)
    participants = _text(participants, "participants", "参加对象", errors)
    summary = _text(summary, "summary", "听取的主要意见", errors)
    try:
        count = int(participant_count)
        if count < 1 or count > 10_000_000:
            raise ValueError
    except (TypeError, ValueError):
        errors["participant_count"] = ["参与人数应为正整数。"]
        count = 0
    _raise(errors)
    problems = workflow.state_problems("record_participation", decision)
    if held > timezone.localdate():
        problems.append("公众参与活动开展后才能记录。")
    elif decision.started_on and held < decision.started_on:
        problems.append("公众参与的日期不能早于决策启动之日。")
    _refuse(problems)
    participation = Participation.objects.create(decision=decision, form=form, held_on=held, venue=venue,
                                                 participants=participants, participant_count=count, summary=summary,
                                                 record=record, recorded_by=actor)
    audit.record(actor=actor, action="decisions.record_participation", obj=decision,
                 after={"form": form, "held_on": held, "participant_count": count})
    return participation


# ------------------------------------------------------------------ experts (第十九条至第二十一条)


@transaction.atomic
def expert_create(*, actor: User, agency: Agency, name: str, field: str, title: str, organisation: str,
                  user: User | None = None, in_pool: bool = True) -> Expert:
    """An expert of a government's pool (第二十一条), or — ``in_pool=False`` — a 库外专家 the government records
    to invite for a matter; choosing him needs a recorded reason (``select_expert``)."""
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    errors: dict = {}
    name = _text(name, "name", "姓名", errors, max_length=40)
    field = _text(field, "field", "专业领域", errors, max_length=100)
    title = _text(title, "title", "职称", errors, max_length=60)
    organisation = _text(organisation, "organisation", "工作单位", errors, max_length=100)
    if not _is_government(agency):
        errors["agency"] = ["专家库由人民政府建立（第二十一条）。"]
    _raise(errors)
    if not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted()
    expert = Expert.objects.create(name=name, field=field, title=title, organisation=organisation, agency=agency,
                                   region_path=agency.region_path, user=user, in_pool=bool(in_pool))
    audit.record(actor=actor, action="decisions.expert_create", obj=expert, after={"field": field, "in_pool": bool(in_pool)})
    return expert


@transaction.atomic
def select_expert(*, actor: User, decision: Decision, expert: Expert, interest_declaration: str,
                  has_direct_interest: bool, outside_pool_reason: str = "") -> ExpertAssignment:
    """第二十条: 不得选择与决策事项有直接利害关系的专家; 第二十一条: the organ's own pool, or a higher organ's
    (决策机关没有建立专家库的，可以使用上级行政机关的专家库). The decree does not forbid other experts, so one
    from another pool or a 库外专家 is chosen only with the reason recorded (shown in the archive)."""
    decision = _locked(actor, decision, Perm.MANAGE)
    problems = workflow.state_problems("add_expert_opinion", decision)
    errors: dict = {}
    interest_declaration = _text(interest_declaration, "interest_declaration", "利害关系声明", errors)
    outside_pool_reason = (outside_pool_reason or "").strip()
    outside = not expert.in_pool or not decision.region_path.startswith(expert.region_path)
    if outside and not outside_pool_reason:
        errors["outside_pool_reason"] = ["该专家不在本级或上级人民政府专家库中，选择库外专家须说明理由（第二十一条）。"]
    _raise(errors)
    if not expert.is_active:
        problems.append("该专家已不在专家库中。")
    if has_direct_interest:
        problems.append(f"{expert.name}与决策事项有直接利害关系，不得选择（第二十条）。")
    if ExpertAssignment.objects.filter(decision=decision, expert=expert).exists():
        problems.append("该专家已参与本事项论证。")
    _refuse(problems)
    assignment = ExpertAssignment.objects.create(decision=decision, expert=expert,
                                                 interest_declaration=interest_declaration,
                                                 has_direct_interest=False, assigned_by=actor,
                                                 outside_pool_reason=outside_pool_reason if outside else "")
    audit.record(actor=actor, action="decisions.select_expert", obj=decision,
                 after={"expert": expert.name, "declaration": interest_declaration,
                        "outside_pool_reason": outside_pool_reason if outside else ""})
    if expert.user_id:
        notify(recipient=expert.user, title=f"邀请您参加决策论证：{decision.title}"[:200],
               link=f"/decisions/{decision.code}/experts/")
    return assignment


@transaction.atomic
def add_expert_opinion(*, actor: User, decision: Decision, assignment_id, opinion: str, signed: bool,
                       opinion_file: Attachment | None = None) -> ExpertAssignment:
    """The expert's signed written opinion (第十九条第二款: 书面论证意见应当署名、盖章). The expert enters it
    with their own account, or the sponsor records the written opinion received."""
    if actor is not None and not (has_perm(actor, Perm.MANAGE) or has_perm(actor, Perm.EXPERT)):
        raise NotPermitted()
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    assignment = ExpertAssignment.objects.select_related("expert").filter(decision=decision, pk=assignment_id).first()
    if assignment is None:
        raise ServiceError(field_errors={"assignment": ["该专家未被选定参与本事项论证。"]})
    is_expert_self = actor is not None and assignment.expert.user_id == actor.pk
    if actor is not None and not is_expert_self:
        _locked(actor, decision, Perm.MANAGE)
    opinion_file = _stored(actor, opinion_file, decision)
    problems = workflow.state_problems("add_expert_opinion", decision)
    errors: dict = {}
    opinion = _text(opinion, "opinion", "论证意见", errors)
    _raise(errors)
    if not signed:
        problems.append("书面论证意见应当署名、盖章（第十九条第二款）。")
    _refuse(problems)
    if decision.rerun_since and assignment.submitted_on and assignment.submitted_on < decision.rerun_since:
        # 第三十七条: the opinion given again after a 重大调整 needs its adoption recorded again
        assignment.adoption, assignment.adoption_reason = "", ""
    assignment.opinion = opinion
    assignment.signed = True
    assignment.opinion_file = opinion_file
    assignment.submitted_on = timezone.localdate()
    assignment.save()
    audit.record(actor=actor, action="decisions.add_expert_opinion", obj=decision,
                 after={"expert": assignment.expert.name})
    return assignment


@transaction.atomic
def record_expert_adoption(*, actor: User, decision: Decision, assignment_id, adoption: str,
                           reason: str) -> ExpertAssignment:
    decision = _locked(actor, decision, Perm.MANAGE)
    assignment = ExpertAssignment.objects.filter(decision=decision, pk=assignment_id).first()
    errors: dict = {}
    if assignment is None:
        errors["assignment"] = ["该专家未参与本事项论证。"]
    if adoption not in Adoption.values:
        errors["adoption"] = ["请选择采纳情况。"]
    reason = _text(reason, "reason", "采纳说明", errors)
    _raise(errors)
    if not assignment.opinion:
        raise TransitionRefused(["该专家尚未提交论证意见。"])
    assignment.adoption = adoption
    assignment.adoption_reason = reason
    assignment.save(update_fields=["adoption", "adoption_reason"])
    audit.record(actor=actor, action="decisions.expert_adoption", obj=decision,
                 after={"expert": assignment.expert.name, "adoption": adoption})
    return assignment


@transaction.atomic
def add_risk_assessment(*, actor: User, decision: Decision, assessor: str, assessed_on=None, risk_points: str = "",
                        level: str = "", controllable=None, measures: str = "", contingency_plan: str = "",
                        report: Attachment | None = None) -> RiskAssessment:
    """第二十三条: 形成风险评估报告，明确风险点，提出风险防范措施和处置预案; 第二十四条: 风险不可控的，调整后方可决策."""
    decision = _locked(actor, decision, Perm.MANAGE)
    report = _stored(actor, report, decision)
    errors: dict = {}
    assessed = _date(assessed_on, "assessed_on", errors)
    assessor = _text(assessor, "assessor", "评估单位", errors, max_length=100)
    risk_points = _text(risk_points, "risk_points", "风险点", errors)
    measures = _text(measures, "measures", "风险防范措施", errors)
    contingency_plan = _text(contingency_plan, "contingency_plan", "处置预案", errors)
    if level not in RiskLevel.values:
        errors["level"] = ["请选择风险等级。"]
    if controllable not in (True, False):
        errors["controllable"] = ["请判断风险是否可控。"]
    _raise(errors)
    _refuse(workflow.state_problems("add_risk_assessment", decision))
    risk = RiskAssessment.objects.create(decision=decision, assessor=assessor, assessed_on=assessed,
                                         risk_points=risk_points, level=level, controllable=controllable,
                                         measures=measures, contingency_plan=contingency_plan, report=report,
                                         recorded_by=actor)
    audit.record(actor=actor, action="decisions.add_risk_assessment", obj=decision,
                 after={"level": level, "controllable": controllable})
    return risk


# ------------------------------------------------------------------ legality review (第二十五条至第二十八条)


def reviewing_agency_for(decision) -> Agency | None:
    return justice_bureau_for(decision.decision_organ)


@transaction.atomic
def submit_legality_review(*, actor: User, decision: Decision, proposed_meeting_date=None) -> Decision:
    decision = _locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    meeting = _date(proposed_meeting_date, "proposed_meeting_date", errors)
    _raise(errors)
    problems = workflow.state_problems("submit_legality_review", decision)
    problems += workflow.review_time_problems(timezone.localdate(), meeting)
    if not decision.draft.strip():
        problems.append("缺少决策草案（第二十六条）。")
    if not decision.explanation.strip():
        problems.append("缺少履行决策法定程序的说明和依据（第二十六条）。")
    reviewer = reviewing_agency_for(decision)
    if reviewer is None:
        problems.append("找不到负责合法性审查的司法行政部门。")
    latest = procedure.latest_review(decision)
    if latest is not None and latest.status in (ReviewStatus.WAITING, ReviewStatus.IN_REVIEW):
        problems.append("已有一轮合法性审查正在进行。")
    _refuse(problems)
    version = _snapshot_version(actor, decision, "送审稿")
    decision.proposed_meeting_date = meeting
    materials = {"draft_version": decision.version_count, "meeting": meeting.isoformat()}
    if decision.state == DecisionState.RETURNED and latest is not None and latest.status == ReviewStatus.RETURNED:
        procedure.review_resubmit(actor=actor, target=decision, review=latest, materials=materials, version=version)
    else:
        period = max(workflow.LEGALITY_REVIEW_MIN_WORKING_DAYS,
                     workflow.workdays.working_days_between(timezone.localdate(), meeting - timedelta(days=1)).days)
        procedure.review_submit(
            actor=actor, target=decision, title=decision.title, submitting_agency=decision.agency,
            reviewing_agency=reviewer, materials=materials, version=version, period_working_days=min(period, 60),
            rule_code="decision_legality_review", legal_source="《重大行政决策程序暂行条例》第二十六条",
            link=f"/decisions/{decision.code}/",
        )
    decision.state = DecisionState.IN_REVIEW
    decision.save()
    audit.record(actor=actor, action="decisions.submit_legality_review", obj=decision, after={"meeting": meeting})
    return decision


def _reviewer_locked(actor, decision) -> tuple[Decision, LegalityReview]:
    if actor is not None and not has_perm(actor, Perm.REVIEW):
        raise NotPermitted("您没有合法性审查的权限。")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    review = procedure.latest_review(decision)
    if review is None:
        raise TransitionRefused(["该决策没有送审记录。"])
    if actor is not None and review.agency_id != actor.agency_id:
        raise NotPermitted("该审查不在您单位的审核台。")
    return decision, review


@transaction.atomic
def add_adviser_opinion(*, actor: User, decision: Decision, kind: str, adviser: str, opinion: str,
                        given_on=None, attachment: Attachment | None = None) -> LegalAdviserOpinion:
    decision, _review = _reviewer_locked(actor, decision)
    attachment = _stored(actor, attachment, decision)
    errors: dict = {}
    if kind not in AdviserKind.values:
        errors["kind"] = ["请选择法律顾问或公职律师。"]
    adviser = _text(adviser, "adviser", "姓名", errors, max_length=60)
    opinion = _text(opinion, "opinion", "法律意见", errors)
    given = _date(given_on, "given_on", errors)
    _raise(errors)
    _refuse(workflow.state_problems("add_adviser_opinion", decision))
    record = LegalAdviserOpinion.objects.create(decision=decision, kind=kind, adviser=adviser, opinion=opinion,
                                                given_on=given, attachment=attachment, recorded_by=actor)
    audit.record(actor=actor, action="decisions.add_adviser_opinion", obj=decision, after={"kind": kind,
                                                                                           "adviser": adviser})
    return record


@transaction.atomic
def return_for_supplement(*, actor: User, decision: Decision, reason: str) -> Decision:
    decision, review = _reviewer_locked(actor, decision)
    _refuse(workflow.state_problems("return_for_supplement", decision))
    procedure.review_return(actor=actor, target=decision, review=review, reason=reason)
    decision.state = DecisionState.RETURNED
    decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="decisions.return_for_supplement", obj=decision, after={"reason": reason})
    notify(recipient=decision.created_by, title=f"合法性审查退回补充：{decision.title}"[:200], body=reason,
           link=_link(decision))
    return decision


@transaction.atomic
def give_legality_opinion(*, actor: User, decision: Decision, opinion: str, opinion_text: str = "",
                          required_changes: str = "", checklist: dict | None = None) -> Decision:
    """第二十七条 (权限、程序、内容) and 第二十八条 (法律顾问、公职律师意见 must be in before the opinion)."""
    decision, review = _reviewer_locked(actor, decision)
    problems = workflow.state_problems("give_legality_opinion", decision)
    if opinion not in ReviewOpinion.values:
        problems.append("请选择审查意见：合法、修改后合法或不合法。")
    if opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and not (required_changes or "").strip():
        problems.append("“修改后合法”须写明修改要求。")
    if not (opinion_text or "").strip():
        problems.append("请写明对决策权限、程序和内容的审查意见（第二十七条）。")
    if not decision.adviser_opinions.exists():
        problems.append("合法性审查应当组织法律顾问、公职律师提出法律意见（第二十八条）。")
    _refuse(problems)
    procedure.review_opinion(actor=actor, target=decision, review=review, opinion=opinion, checklist=checklist or {},
                             opinion_text=opinion_text, required_changes=required_changes)
    decision.state = DecisionState.REVIEWED
    decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="decisions.give_legality_opinion", obj=decision, after={"opinion": opinion})
    notify(recipient=decision.created_by, title=f"合法性审查意见：{ReviewOpinion(opinion).label}——{decision.title}"[:200],
           link=_link(decision))
    return decision


@transaction.atomic
def confirm_changes(*, actor: User, decision: Decision) -> Decision:
    decision, review = _reviewer_locked(actor, decision)
    _refuse(workflow.state_problems("confirm_changes", decision))
    if review.version_id and review.version.number >= decision.version_count:
        raise TransitionRefused(["送审稿之后尚无调整后的草案版本（第二十八条：承办单位根据审查意见调整）。"])
    procedure.review_confirm_changes(actor=actor, target=decision, review=review,
                                     version=procedure.versions_of(decision).order_by("-number").first(),
                                     text_hash=procedure.text_sha256(decision.title, decision.draft))
    audit.record(actor=actor, action="decisions.confirm_changes", obj=decision)
    return decision


# ------------------------------------------------------------------ the gate and the meeting


@transaction.atomic
def submit_to_meeting(*, actor: User, decision: Decision) -> Decision:
    decision = _locked(actor, decision, Perm.MANAGE)
    _refuse(workflow.state_problems("submit_to_meeting", decision) + gate_check(decision))
    decision.state = DecisionState.AT_MEETING
    decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="decisions.submit_to_meeting", obj=decision,
                 after={"exploratory_reform": decision.exploratory_reform})
    return decision


@transaction.atomic
def record_meeting(*, actor: User, decision: Decision, meeting_type: str = "", meeting_name: str = "",
                   held_on=None, attendees: str = "", outcome: str = "", head_name: str = "",
                   head_reason: str = "", opinions: list | None = None, party_report_on=None,
                   party_report_ref: str = "", minutes: Attachment | None = None) -> Meeting:
    """第三十条: 集体讨论决定, each member's opinion in order, the head last; 第三十八条第三款: members who
    voiced dissent are identifiable for 减免责任. The archive is sealed when a decision is made."""
    decision = _locked(actor, decision, Perm.MANAGE)
    minutes = _stored(actor, minutes, decision)
    errors: dict = {}
    held = _date(held_on, "held_on", errors)
    report_on = _date(party_report_on, "party_report_on", errors, required=False)
    if opinions is not None and not isinstance(opinions, list):
        errors["opinions"] = ["发言记录格式不正确。"]
    _raise(errors)
    opinions = [o for o in (opinions or []) if isinstance(o, dict)]
    problems = workflow.state_problems("record_meeting", decision)
    more, head_against = workflow.meeting_problems(
        opinions=opinions, outcome=outcome, head_name=head_name, head_reason=head_reason, meeting_type=meeting_type,
        held_on=held, attendees=attendees, today=timezone.localdate(), organ=decision.decision_organ,
    )
    _refuse(problems + more)
    head = next(o for o in opinions if o.get("is_head"))
    meeting = Meeting.objects.create(
        decision=decision, meeting_type=meeting_type, meeting_name=(meeting_name or "")[:100] or MeetingType(meeting_type).label,
        held_on=held, attendees=attendees.strip(), outcome=outcome, head_name=head_name.strip(),
        head_opinion=(head.get("statement") or "").strip(), head_against_majority=head_against,
        head_reason=(head_reason or "").strip(), party_report_on=report_on,
        party_report_ref=(party_report_ref or "").strip()[:100], minutes=minutes, recorded_by=actor,
    )
    MemberOpinion.objects.bulk_create([
        MemberOpinion(meeting=meeting, order=index, member=o["member"].strip()[:40],
                      position=(o.get("position") or "").strip()[:60], stance=o["stance"],
                      statement=(o.get("statement") or "").strip(), is_head=bool(o.get("is_head")))
        for index, o in enumerate(opinions, start=1)
    ])
    if outcome in (MeetingOutcome.ADOPTED, MeetingOutcome.ADOPTED_WITH_CHANGES):
        decision.state = DecisionState.DECIDED
        decision.decided_on = held
        decision.archive_sealed_at = timezone.now()
        attachments.attachments_lock_for(actor=None, obj=decision)
    elif outcome == MeetingOutcome.POSTPONED:
        decision.state = DecisionState.POSTPONED
    else:
        decision.state = DecisionState.REJECTED
    decision.save()
    audit.record(actor=actor, action="decisions.record_meeting", obj=decision, after={
        "outcome": outcome, "held_on": held, "head_against_majority": head_against,
        "opinions": [{"member": o["member"], "stance": o["stance"], "is_head": bool(o.get("is_head"))}
                     for o in opinions],
    })
    return meeting


@transaction.atomic
def publish(*, actor: User, decision: Decision, published_on=None, publication_text: str = "",
            publication_explanation: str = "", execution_units=(), report_every_months: int = 3) -> Decision:
    """第三十一条 (出台前向同级党委请示报告) and 第三十二条 (及时公布，说明意见采纳情况); 第三十四条: 明确执行单位."""
    decision = _locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    published = _date(published_on, "published_on", errors, required=False) or timezone.localdate()
    publication_text = _text(publication_text, "publication_text", "公布内容", errors)
    if not isinstance(report_every_months, int) or not 1 <= report_every_months <= 12:
        errors["report_every_months"] = ["执行情况报告周期应为 1 至 12 个月。"]
    _raise(errors)
    problems = workflow.state_problems("publish", decision)
    meeting = decision.meetings.order_by("-held_on", "-id").first()
    if meeting is None or meeting.party_report_on is None:
        problems.append("重大行政决策出台前应当向同级党委请示报告（第三十一条），请在会议记录中填写请示报告情况。")
    if (decision.requires_public_participation or decision.requires_expert_argumentation) and \
            not (publication_explanation or "").strip():
        problems.append("应当说明公众意见、专家论证意见的采纳情况（第三十二条）。")
    units = list(execution_units)
    if not units:
        problems.append("请明确决策执行单位（第三十四条）。")
    if published > timezone.localdate() or (decision.decided_on and published < decision.decided_on):
        problems.append("公布日期应在决定日期与今天之间。")
    _refuse(problems)
    decision.state = DecisionState.PUBLISHED
    decision.published_on = published
    decision.publication_text = publication_text
    decision.publication_explanation = (publication_explanation or "").strip()
    decision.report_every_months = report_every_months
    decision.save()
    decision.execution_units.set(units)
    _schedule_reports(decision, published, units)
    audit.record(actor=actor, action="decisions.publish", obj=decision,
                 after={"published_on": published, "execution_units": [u.name for u in units]})
    return decision


def _schedule_reports(decision, since: date, units) -> None:
    """The next execution report of each unit, as a deadline (第三十四条: 向决策机关报告决策执行情况)."""
    for unit in units:
        deadline = deadlines.deadline_create(
            actor=None, object_repr=f"执行情况报告：{decision.title}"[:200], rule_code="decision_execution_report",
            legal_source="《重大行政决策程序暂行条例》第三十四条", start_date=since,
            period=decision.report_every_months, unit=PeriodUnit.MONTHS, agency=unit, obj=decision,
            link=_link(decision),
        )
        ExecutionReport.objects.create(decision=decision, unit=unit, deadline=deadline,
                                       period_label=f"截至 {deadline.due_date}")


@transaction.atomic
def report_execution(*, actor: User, decision: Decision, progress: str, problems_text: str = "") -> ExecutionReport:
    if actor is None or not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _refuse(workflow.state_problems("report_execution", decision))
    report = (ExecutionReport.objects.select_for_update(of=("self",)).filter(decision=decision,
                                                                              unit_id=actor.agency_id,
                                                                 submitted_on__isnull=True)
              .order_by("deadline__due_date").first())
    if report is None:
        raise NotPermitted("您的单位不是该决策的执行单位，或没有待报告的执行情况。")
    errors: dict = {}
    progress = _text(progress, "progress", "执行情况", errors)
    _raise(errors)
    today = timezone.localdate()
    report.progress = progress
    report.problems = (problems_text or "").strip()
    report.submitted_on = today
    report.submitted_by = actor
    report.save()
    if report.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=report.deadline, on_date=today)
    audit.record(actor=actor, action="decisions.report_execution", obj=decision,
                 after={"unit": actor.agency.name, "late": bool(report.deadline and today > report.deadline.due_date)})
    if report.problems:
        # 第三十五条第一款: problems and major changes are reported to the organ.
        notify(recipient=decision.created_by, title=f"执行中发现问题：{decision.title}"[:200], body=report.problems,
               link=_link(decision), level="warning")
    if decision.state == DecisionState.PUBLISHED:
        _schedule_reports(decision, report.deadline.due_date if report.deadline else today, [actor.agency])
    return report


def _main_assessors(decision) -> set[str]:
    names = {r.assessor.strip() for r in decision.risk_assessments.all()}
    names |= {a.expert.organisation.strip() for a in decision.expert_assignments.select_related("expert")}
    return {n for n in names if n}


@transaction.atomic
def start_post_evaluation(*, actor: User, decision: Decision, trigger: str, evaluator: str) -> PostEvaluation:
    """第三十六条: triggers; 可以委托第三方，决策作出前承担主要论证评估工作的单位除外."""
    decision = _locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    if trigger not in EvaluationTrigger.values:
        errors["trigger"] = ["请选择启动后评估的情形（第三十六条）。"]
    evaluator = _text(evaluator, "evaluator", "评估单位", errors, max_length=100)
    _raise(errors)
    problems = workflow.state_problems("start_post_evaluation", decision)
    if evaluator in _main_assessors(decision):
        problems.append(f"{evaluator}在决策作出前承担了主要论证评估工作，不能承担后评估（第三十六条第二款）。")
    if decision.post_evaluations.filter(done_on__isnull=True).exists():
        problems.append("已有进行中的决策后评估。")
    _refuse(problems)
    evaluation = PostEvaluation.objects.create(decision=decision, trigger=trigger, evaluator=evaluator,
                                               started_on=timezone.localdate(), started_by=actor)
    audit.record(actor=actor, action="decisions.start_post_evaluation", obj=decision,
                 after={"trigger": trigger, "evaluator": evaluator})
    return evaluation


@transaction.atomic
def finish_post_evaluation(*, actor: User, decision: Decision, report: str, conclusion: str) -> PostEvaluation:
    decision = _locked(actor, decision, Perm.MANAGE)
    evaluation = decision.post_evaluations.filter(done_on__isnull=True).first()
    if evaluation is None:
        raise TransitionRefused(["没有进行中的决策后评估。"])
    errors: dict = {}
    report = _text(report, "report", "评估报告", errors)
    if conclusion not in EvaluationConclusion.values:
        errors["conclusion"] = ["请选择评估结论。"]
    _raise(errors)
    evaluation.report = report
    evaluation.conclusion = conclusion
    evaluation.done_on = timezone.localdate()
    evaluation.save()
    audit.record(actor=actor, action="decisions.finish_post_evaluation", obj=decision, after={"conclusion": conclusion})
    return evaluation


@transaction.atomic
def adjust(*, actor: User, decision: Decision, kind: str, basis: str, reason: str,
           emergency: bool = False, meeting_name: str = "", meeting_held_on=None, minutes=None,
           post_evaluation=None, substantive: bool = False, rerun_steps=()) -> Adjustment:
    """第三十七条: 未经法定程序不得随意变更或者停止执行; 情况紧急的，行政首长可以先决定中止执行; 需要作出重大调整的，
    应当依照本条例履行相关法定程序. This is the only path that changes an executing decision, and the record says
    which it was. A change or a stop rests on a recorded meeting of the organ (name, date, minutes) or on a
    finished post-evaluation of this decision (第三十六条第四款) — recorded, not read from the wording of
    ``basis``. A substantive change (重大调整) sends the decision back to drafting: the steps it touches run again,
    and so do the legality review and the collective decision (``rerun_since`` makes older records not count)."""
    decision = _locked(actor, decision, Perm.MANAGE)
    minutes = _stored(actor, minutes, decision)
    errors: dict = {}
    if kind not in AdjustmentKind.values:
        errors["kind"] = ["请选择调整类型。"]
    basis = _text(basis, "basis", "调整依据", errors)
    reason = _text(reason, "reason", "理由", errors)
    held = _date(meeting_held_on, "meeting_held_on", errors, required=False)
    meeting_name = (meeting_name or "").strip()[:100]
    rerun_steps = [str(step) for step in (rerun_steps or [])]
    if any(step not in RerunStep.values for step in rerun_steps):
        errors["rerun_steps"] = ["请从列表中选择须重新履行的程序。"]
    evaluation = None
    if post_evaluation not in (None, ""):
        evaluation = decision.post_evaluations.filter(pk=getattr(post_evaluation, "pk", post_evaluation),
                                                      done_on__isnull=False).first()
        if evaluation is None:
            errors["post_evaluation"] = ["请选择本决策已完成的后评估。"]
    _raise(errors)
    action = "suspend" if kind == AdjustmentKind.SUSPEND else "adjust"
    problems = workflow.state_problems(action, decision)
    if kind == AdjustmentKind.RESUME and decision.state != DecisionState.SUSPENDED:
        problems.append("只有中止执行的决策才能恢复执行。")
    if emergency and kind != AdjustmentKind.SUSPEND:
        problems.append("紧急情况下行政首长只能先决定中止执行（第三十七条）。")
    if kind in (AdjustmentKind.CHANGE, AdjustmentKind.STOP) and not emergency and evaluation is None:
        if not meeting_name or held is None:
            problems.append("变更或停止执行须经决策机关集体讨论（填写会议名称和日期）或依据已完成的决策后评估"
                            "（第三十六条第四款、第三十七条）。")
        elif held > timezone.localdate():
            problems.append("会议日期不能晚于今天。")
        elif decision.decided_on and held < decision.decided_on:
            problems.append("决定调整的会议不能早于决策作出之日。")
    if substantive and kind != AdjustmentKind.CHANGE:
        problems.append("只有变更决策才可能构成须重新履行法定程序的重大调整。")
    _refuse(problems)
    today = timezone.localdate()
    record = Adjustment.objects.create(
        decision=decision, kind=kind, on_date=today, emergency=emergency, basis=basis, reason=reason,
        meeting_name=meeting_name, meeting_held_on=held, minutes=minutes, post_evaluation=evaluation,
        substantive=bool(substantive), rerun_steps=rerun_steps if substantive else [], recorded_by=actor)
    decision.state = {AdjustmentKind.SUSPEND: DecisionState.SUSPENDED, AdjustmentKind.RESUME: DecisionState.PUBLISHED,
                      AdjustmentKind.STOP: DecisionState.ENDED}.get(kind, decision.state)
    fields = ["state", "updated_at"]
    if substantive:
        # 第三十七条: 重大调整 → back to drafting; the touched steps, the legality review (第二十五条) and the
        # collective decision (第三十条) run again before the changed decision is published.
        decision.state = DecisionState.STARTED
        decision.rerun_since = today
        decision.rerun_steps = rerun_steps
        decision.archive_sealed_at = None
        fields += ["rerun_since", "rerun_steps", "archive_sealed_at"]
    if kind == AdjustmentKind.STOP or substantive:
        # A stopped (or redrafted) decision is not executed as it stood: its pending execution reports go.
        for report in decision.execution_reports.filter(submitted_on__isnull=True).select_related("deadline"):
            if report.deadline_id and report.deadline.status in ("open", "paused", "overdue"):
                deadlines.deadline_cancel(actor=None, deadline=report.deadline,
                                          reason="决策停止执行" if kind == AdjustmentKind.STOP else "决策重大调整")
    decision.save(update_fields=fields)
    audit.record(actor=actor, action=f"decisions.{action}", obj=decision,
                 after={"kind": kind, "emergency": emergency, "basis": basis, "substantive": bool(substantive),
                        "rerun_steps": rerun_steps if substantive else [],
                        "meeting": meeting_name, "post_evaluation": evaluation.pk if evaluation else None})
    return record


@transaction.atomic
def feedback_submit(*, decision: Decision, content: str, name: str = "", contact: str = "",
                    client_ip: str | None = None) -> PublicFeedback:
    """第三十五条第二款: 公民、法人或者其他组织认为决策及其实施存在问题的，可以提出意见建议 (from the portal)."""
    errors: dict = {}
    content = _text(content, "content", "意见建议", errors, max_length=5000)
    _raise(errors)
    if decision.state not in (DecisionState.PUBLISHED, DecisionState.SUSPENDED):
        raise TransitionRefused(["只能对已公布的决策提出意见建议。"])
    if client_ip:
        from django.conf import settings

        since = timezone.now() - timedelta(hours=1)
        if PublicFeedback.objects.filter(client_ip=client_ip, submitted_at__gte=since).count() >= \
                settings.FAZHI_PUBLIC_RATE_PER_HOUR:
            raise ServiceError("提交过于频繁，请一小时后再试。")
    feedback = PublicFeedback.objects.create(decision=decision, content=content, name=(name or "")[:60],
                                             contact=(contact or "")[:100], submitted_at=timezone.now(),
                                             client_ip=client_ip)
    audit.record(actor=None, action="decisions.feedback_submit", obj=decision, after={"feedback": feedback.pk})
    return feedback


# ------------------------------------------------------------------ the single dispatcher


# ------------------------------------------------------------------ the machine's entry points whose payload
# names differ from the services' (workflow.MACHINE dispatches to these with the API's and the forms' names)


def expert_opinion_add(*, actor: User, decision: Decision, assignment, opinion: str = "", signed: bool = False,
                       opinion_file=None) -> ExpertAssignment:
    return add_expert_opinion(actor=actor, decision=decision, assignment_id=assignment, opinion=opinion,
                              signed=bool(signed), opinion_file=opinion_file)


def execution_report(*, actor: User, decision: Decision, progress: str = "", problems: str = "") -> ExecutionReport:
    return report_execution(actor=actor, decision=decision, progress=progress, problems_text=problems or "")


def decision_suspend(*, actor: User, decision: Decision, basis: str = "", reason: str = "",
                     emergency: bool = False) -> Adjustment:
    """中止执行 (第三十七条): an adjustment of the kind 中止."""
    return adjust(actor=actor, decision=decision, kind=AdjustmentKind.SUSPEND, basis=basis, reason=reason,
                  emergency=bool(emergency))


def meeting_record(*, actor: User, decision: Decision, **payload) -> Meeting:
    """记录集体讨论决定 (第三十条): the fields not given keep the service's defaults."""
    return record_meeting(actor=actor, decision=decision, **{k: v for k, v in payload.items() if v is not None})
