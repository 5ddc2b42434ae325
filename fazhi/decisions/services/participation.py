"""Drafting and public participation: the draft and its versions, public consultation, comments, hearings and other participation (第十四条至第十八条)."""

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.validators import date_input, text_input
from fazhi.procedure import comments as comment_desk
from fazhi.procedure import services as procedure
from fazhi.procedure.steps import locked, refuse, refuse_fields, stored

from .. import workflow
from ..choices import (
    DecisionState,
    ParticipationForm,
)
from ..models import (
    Decision,
    Hearing,
    Participation,
)
from ..workflow import Perm
from .common import _sponsor_problem

# ------------------------------------------------------------------ drafting


DRAFT_FIELDS = {"draft", "explanation", "fair_competition_conclusion", "public_opinion_summary",
                "expert_adoption_summary", "planned_schedule", "legal_risk_statement"}


@transaction.atomic
def decision_update(*, actor: User, decision: Decision, note: str = "", **changes) -> Decision:
    """Edit the draft and its materials while it is being drafted; every change of the draft text is a new
    version (the archive keeps them all)."""
    decision = locked(actor, decision, Perm.MANAGE)
    unknown = set(changes) - DRAFT_FIELDS
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    if decision.state not in (DecisionState.CATALOGUED, *workflow.ACTIVE_DRAFTING, DecisionState.POSTPONED):
        raise TransitionRefused([f"决策当前状态为“{decision.get_state_display()}”，草案不能再修改；"
                                 "调整已作出的决策须经第三十七条规定的程序。"])
    errors: dict = {}
    for key, value in changes.items():
        label = str(Decision._meta.get_field(key).verbose_name)
        changes[key] = text_input(value, key, label, errors, required=False)
    refuse_fields(errors)
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
def decision_start(*, actor: User, decision: Decision, sponsor: Agency | None = None, exploratory_reform: bool = False,
          exploratory_reason: str = "") -> Decision:
    """启动 (第十一条): the organ decides to start; the sponsor is fixed; the decision archive opens.
    An exploratory reform (第二十五条第二款) can only be flagged here, with its reason."""
    decision = locked(actor, decision, Perm.MANAGE)
    refuse(workflow.state_problems("start", decision))
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
def consultation_open(*, actor: User, decision: Decision, start=None, end=None, shortened_reason: str = "",
                      notice: str = "") -> Decision:
    decision = locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    start_d = date_input(start, "start", errors, required=True)
    end_d = date_input(end, "end", errors, required=True)
    refuse_fields(errors)
    if start_d < timezone.localdate():
        raise ServiceError(field_errors={"start": ["开始日期不能早于今天。"]})
    problems = workflow.state_problems("open_consultation", decision)
    if not decision.draft.strip() or not decision.explanation.strip():
        problems.append("公开征求意见应当公布决策草案及其说明等材料（第十五条）。")
    existing = procedure.open_call_of(decision)
    if existing is not None and existing.closed_at is None:
        problems.append("已有进行中的公开征求意见。")
    problems += workflow.consultation_window_problems(start_d, end_d, shortened_reason)
    refuse(problems)
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
def consultation_close(*, actor: User, decision: Decision) -> Decision:
    decision = locked(actor, decision, Perm.MANAGE)
    call = procedure.open_call_of(decision)
    problems = workflow.state_problems("close_consultation", decision)
    if call is None or call.closed_at is not None:
        problems.append("没有进行中的公开征求意见。")
    elif timezone.localdate() <= call.end_date:
        problems.append(f"征求意见期至 {call.end_date} 届满，届满前不能结束。")
    refuse(problems)
    procedure.comment_call_close(actor=actor, target=decision, call=call)
    if not call.summary:
        call.summary = procedure.adoption_summary_text(call)
        call.save(update_fields=["summary"])
    audit.record(actor=actor, action="decisions.close_consultation", obj=decision)
    return decision


# The comment desk is the kernel's (procedure.comments, registered in apps.py): the same rules for every
# module — opposing opinions are never hidden (第十八条、第三十条), hiding needs a reason, and staff enter
# only opinions received inside the window (第十五条).


def comment_desk_problems(decision: Decision) -> list[str]:
    """Comments are screened and answered while the draft is being formed (第十八条: their study goes into the
    draft before it is reviewed and discussed); afterwards the desk is closed."""
    if decision.state in workflow.ACTIVE_DRAFTING or decision.state == DecisionState.POSTPONED:
        return []
    return [f"决策当前为“{decision.get_state_display()}”，只有在形成草案阶段才能处理征求意见。"]


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
def hearing_record(*, actor: User, decision: Decision, held_on=None, place: str = "", notice_published_on=None,
                   participants: str = "", participants_published_on=None, materials_delivered_on=None,
                   record: Attachment | None = None, record_signed: bool = False, selection_method: str = "",
                   selection_published_on=None) -> Hearing:
    decision = locked(actor, decision, Perm.MANAGE)
    record = stored(actor, record, decision)
    errors: dict = {}
    held = date_input(held_on, "held_on", errors, required=True)
    notice = date_input(notice_published_on, "notice_published_on", errors, required=True)
    part_pub = date_input(participants_published_on, "participants_published_on", errors, required=True)
    delivered = date_input(materials_delivered_on, "materials_delivered_on", errors, required=True)
    selection_on = date_input(selection_published_on, "selection_published_on", errors, required=False)
    place = text_input(place, "place", "听证地点", errors, max_length=200)
    refuse_fields(errors)
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
    refuse(problems)
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
    decision = locked(actor, decision, Perm.MANAGE)
    record = stored(actor, record, decision)
    errors: dict = {}
    if form not in ParticipationForm.values:
        errors["form"] = ["请选择公众参与方式。"]
    held = date_input(held_on, "held_on", errors, required=True)
    venue = text_input(venue, "venue", "地点或渠道", errors, max_length=200)
    participants = text_input(participants, "participants", "参加对象", errors)
    summary = text_input(summary, "summary", "听取的主要意见", errors)
    try:
        count = int(participant_count)
        if count < 1 or count > 10_000_000:
            raise ValueError
    except (TypeError, ValueError):
        errors["participant_count"] = ["参与人数应为正整数。"]
        count = 0
    refuse_fields(errors)
    problems = workflow.state_problems("record_participation", decision)
    if held > timezone.localdate():
        problems.append("公众参与活动开展后才能记录。")
    elif decision.started_on and held < decision.started_on:
        problems.append("公众参与的日期不能早于决策启动之日。")
    refuse(problems)
    participation = Participation.objects.create(decision=decision, form=form, held_on=held, venue=venue,
                                                 participants=participants, participant_count=count, summary=summary,
                                                 record=record, recorded_by=actor)
    audit.record(actor=actor, action="decisions.record_participation", obj=decision,
                 after={"form": form, "held_on": held, "participant_count": count})
    return participation
