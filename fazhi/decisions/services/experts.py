"""Expert argumentation (第十九条至第二十一条) and risk assessment (第二十二条至第二十四条)."""

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.notifications import notify
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.validators import date_input, text_input
from fazhi.procedure.steps import locked, refuse, refuse_fields, stored

from .. import workflow
from ..choices import (
    Adoption,
    RiskLevel,
)
from ..models import (
    Decision,
    Expert,
    ExpertAssignment,
    RiskAssessment,
)
from ..workflow import Perm
from .common import _is_government

# ------------------------------------------------------------------ experts (第十九条至第二十一条)


@transaction.atomic
def expert_create(*, actor: User, agency: Agency, name: str, field: str, title: str, organisation: str,
                  user: User | None = None, in_pool: bool = True) -> Expert:
    """An expert of a government's pool (第二十一条), or — ``in_pool=False`` — a 库外专家 the government records
    to invite for a matter; choosing him needs a recorded reason (``expert_select``)."""
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted()
    errors: dict = {}
    name = text_input(name, "name", "姓名", errors, max_length=40)
    field = text_input(field, "field", "专业领域", errors, max_length=100)
    title = text_input(title, "title", "职称", errors, max_length=60)
    organisation = text_input(organisation, "organisation", "工作单位", errors, max_length=100)
    if not _is_government(agency):
        errors["agency"] = ["专家库由人民政府建立（第二十一条）。"]
    refuse_fields(errors)
    if not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted()
    expert = Expert.objects.create(name=name, field=field, title=title, organisation=organisation, agency=agency,
                                   region_path=agency.region_path, user=user, in_pool=bool(in_pool))
    audit.record(actor=actor, action="decisions.expert_create", obj=expert, after={"field": field, "in_pool": bool(in_pool)})
    return expert


@transaction.atomic
def expert_select(*, actor: User, decision: Decision, expert: Expert, interest_declaration: str,
                  has_direct_interest: bool, outside_pool_reason: str = "") -> ExpertAssignment:
    """第二十条: 不得选择与决策事项有直接利害关系的专家; 第二十一条: the organ's own pool, or a higher organ's
    (决策机关没有建立专家库的，可以使用上级行政机关的专家库). The decree does not forbid other experts, so one
    from another pool or a 库外专家 is chosen only with the reason recorded (shown in the archive)."""
    decision = locked(actor, decision, Perm.MANAGE)
    problems = workflow.state_problems("add_expert_opinion", decision)
    errors: dict = {}
    interest_declaration = text_input(interest_declaration, "interest_declaration", "利害关系声明", errors)
    outside_pool_reason = (outside_pool_reason or "").strip()
    outside = not expert.in_pool or not decision.region_path.startswith(expert.region_path)
    if outside and not outside_pool_reason:
        errors["outside_pool_reason"] = ["该专家不在本级或上级人民政府专家库中，选择库外专家须说明理由（第二十一条）。"]
    refuse_fields(errors)
    if not expert.is_active:
        problems.append("该专家已不在专家库中。")
    if has_direct_interest:
        problems.append(f"{expert.name}与决策事项有直接利害关系，不得选择（第二十条）。")
    if ExpertAssignment.objects.filter(decision=decision, expert=expert).exists():
        problems.append("该专家已参与本事项论证。")
    refuse(problems)
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
def expert_opinion_add(*, actor: User, decision: Decision, assignment, opinion: str, signed: bool,
                       opinion_file: Attachment | None = None) -> ExpertAssignment:
    """The expert's signed written opinion (第十九条第二款: 书面论证意见应当署名、盖章). The expert enters it
    with their own account, or the sponsor records the written opinion received."""
    if actor is not None and not (has_perm(actor, Perm.MANAGE) or has_perm(actor, Perm.EXPERT)):
        raise NotPermitted()
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    assignment = ExpertAssignment.objects.select_related("expert").filter(decision=decision, pk=assignment).first()
    if assignment is None:
        raise ServiceError(field_errors={"assignment": ["该专家未被选定参与本事项论证。"]})
    is_expert_self = actor is not None and assignment.expert.user_id == actor.pk
    if actor is not None and not is_expert_self:
        locked(actor, decision, Perm.MANAGE)
    opinion_file = stored(actor, opinion_file, decision)
    problems = workflow.state_problems("add_expert_opinion", decision)
    errors: dict = {}
    opinion = text_input(opinion, "opinion", "论证意见", errors)
    refuse_fields(errors)
    if not signed:
        problems.append("书面论证意见应当署名、盖章（第十九条第二款）。")
    refuse(problems)
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
def expert_adoption_record(*, actor: User, decision: Decision, assignment, adoption: str,
                           reason: str) -> ExpertAssignment:
    decision = locked(actor, decision, Perm.MANAGE)
    assignment = ExpertAssignment.objects.filter(decision=decision, pk=assignment).first()
    errors: dict = {}
    if assignment is None:
        errors["assignment"] = ["该专家未参与本事项论证。"]
    if adoption not in Adoption.values:
        errors["adoption"] = ["请选择采纳情况。"]
    reason = text_input(reason, "reason", "采纳说明", errors)
    refuse_fields(errors)
    if not assignment.opinion:
        raise TransitionRefused(["该专家尚未提交论证意见。"])
    assignment.adoption = adoption
    assignment.adoption_reason = reason
    assignment.save(update_fields=["adoption", "adoption_reason"])
    audit.record(actor=actor, action="decisions.expert_adoption", obj=decision,
                 after={"expert": assignment.expert.name, "adoption": adoption})
    return assignment


@transaction.atomic
def risk_assessment_add(*, actor: User, decision: Decision, assessor: str, assessed_on=None, risk_points: str = "",
                        level: str = "", controllable=None, measures: str = "", contingency_plan: str = "",
                        report: Attachment | None = None) -> RiskAssessment:
    """第二十三条: 形成风险评估报告，明确风险点，提出风险防范措施和处置预案; 第二十四条: 风险不可控的，调整后方可决策."""
    decision = locked(actor, decision, Perm.MANAGE)
    report = stored(actor, report, decision)
    errors: dict = {}
    assessed = date_input(assessed_on, "assessed_on", errors, required=True)
    assessor = text_input(assessor, "assessor", "评估单位", errors, max_length=100)
    risk_points = text_input(risk_points, "risk_points", "风险点", errors)
    measures = text_input(measures, "measures", "风险防范措施", errors)
    contingency_plan = text_input(contingency_plan, "contingency_plan", "处置预案", errors)
    if level not in RiskLevel.values:
        errors["level"] = ["请选择风险等级。"]
    if controllable not in (True, False):
        errors["controllable"] = ["请判断风险是否可控。"]
    refuse_fields(errors)
    refuse(workflow.state_problems("add_risk_assessment", decision))
    risk = RiskAssessment.objects.create(decision=decision, assessor=assessor, assessed_on=assessed,
                                         risk_points=risk_points, level=level, controllable=controllable,
                                         measures=measures, contingency_plan=contingency_plan, report=report,
                                         recorded_by=actor)
    audit.record(actor=actor, action="decisions.add_risk_assessment", obj=decision,
                 after={"level": level, "controllable": controllable})
    return risk
