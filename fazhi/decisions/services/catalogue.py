"""The yearly catalogue of major decisions (决策事项目录, 第三条第三款) and proposals for new items (第十条)."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency, User
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.validators import date_input, text_input
from fazhi.procedure.steps import refuse, refuse_fields

from ..choices import (
    CatalogueStatus,
    ProposalSource,
    ProposalStatus,
    Standard,
)
from ..models import (
    Catalogue,
    CatalogueRevision,
    Decision,
    Proposal,
)
from ..workflow import Perm
from .common import DECISION_FIELDS, _is_decision_organ, _is_government, _sponsor_problem

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
    refuse_fields(errors)
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
    title = text_input(title, "title", "决策事项名称", errors, max_length=200)
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
    refuse_fields(errors)
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
    party_consent_on = date_input(party_consent_on, "party_consent_on", errors, required=True)
    published_on = date_input(published_on, "published_on", errors, required=False) or timezone.localdate()
    party_consent_ref = text_input(party_consent_ref, "party_consent_ref", "党委同意的文件或会议", errors, max_length=200)
    if catalogue.version and not (reason or "").strip():
        errors["reason"] = ["调整后重新公布的，请说明调整内容和理由。"]
    refuse_fields(errors)
    problems = []
    if party_consent_on > published_on:
        problems.append("目录须经同级党委同意后方可公布（《重大行政决策程序暂行条例》第三条第三款）。")
    if published_on > timezone.localdate():
        problems.append("公布日期不能晚于今天。")
    if not catalogue.decisions.exists():
        problems.append("目录中还没有决策事项。")
    refuse(problems)
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
    title = text_input(title, "title", "建议事项", errors, max_length=200)
    content = text_input(content, "content", "建议内容", errors, max_length=5000)
    proposer = text_input(proposer, "proposer", "建议人或单位", errors, max_length=100)
    if source in (ProposalSource.DEPARTMENT, ProposalSource.LOWER_GOVERNMENT):
        text_input(problem, "problem", "拟解决的主要问题", errors)
        text_input(reasons, "reasons", "建议理由和依据", errors)
        text_input(preliminary_plan, "preliminary_plan", "初步方案及其必要性、可行性", errors)
    if not _is_government(agency):
        errors["agency"] = ["请选择决策机关（人民政府）。"]
    refuse_fields(errors)
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
    research = text_input(research, "research", "研究论证意见", errors)
    if start and sponsor is None:
        errors["sponsor"] = ["决定启动的，应当明确决策承办单位（第十一条）。"]
    if not start:
        text_input(note, "note", "不予启动的理由", errors)
    refuse_fields(errors)
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
