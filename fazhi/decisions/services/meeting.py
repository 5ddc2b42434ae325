"""The gate before the meeting, the collective discussion (第三十条至第三十二条) and publication (第三十三条)."""

from django.db import transaction
from django.utils import timezone

from fazhi.core import attachments, audit
from fazhi.core.models import Attachment, User
from fazhi.core.validators import date_input, text_input
from fazhi.procedure.steps import locked, refuse, refuse_fields, stored

from .. import workflow
from ..choices import (
    DecisionState,
    MeetingOutcome,
    MeetingType,
)
from ..facts import gate_check
from ..models import (
    Decision,
    Meeting,
    MemberOpinion,
)
from ..workflow import Perm
from .execution import _schedule_reports

# ------------------------------------------------------------------ the gate and the meeting


@transaction.atomic
def decision_submit_to_meeting(*, actor: User, decision: Decision) -> Decision:
    decision = locked(actor, decision, Perm.MANAGE)
    refuse(workflow.state_problems("submit_to_meeting", decision) + gate_check(decision))
    decision.state = DecisionState.AT_MEETING
    decision.save(update_fields=["state", "updated_at"])
    audit.record(actor=actor, action="decisions.submit_to_meeting", obj=decision,
                 after={"exploratory_reform": decision.exploratory_reform})
    return decision


@transaction.atomic
def meeting_record(*, actor: User, decision: Decision, meeting_type: str = "", meeting_name: str = "",
                   held_on=None, attendees: str = "", outcome: str = "", head_name: str = "",
                   head_reason: str = "", opinions: list | None = None, party_report_on=None,
                   party_report_ref: str = "", minutes: Attachment | None = None) -> Meeting:
    """第三十条: 集体讨论决定, each member's opinion in order, the head last; 第三十八条第三款: members who
    voiced dissent are identifiable for 减免责任. The archive is sealed when a decision is made. An optional
    field the API or the page leaves out may come as ``None``."""
    meeting_type, meeting_name, attendees, outcome = meeting_type or "", meeting_name or "", attendees or "", outcome or ""
    head_name, head_reason, party_report_ref = head_name or "", head_reason or "", party_report_ref or ""
    decision = locked(actor, decision, Perm.MANAGE)
    minutes = stored(actor, minutes, decision)
    errors: dict = {}
    held = date_input(held_on, "held_on", errors, required=True)
    report_on = date_input(party_report_on, "party_report_on", errors, required=False)
    if opinions is not None and not isinstance(opinions, list):
        errors["opinions"] = ["发言记录格式不正确。"]
    refuse_fields(errors)
    opinions = [o for o in (opinions or []) if isinstance(o, dict)]
    problems = workflow.state_problems("record_meeting", decision)
    more, head_against = workflow.meeting_problems(
        opinions=opinions, outcome=outcome, head_name=head_name, head_reason=head_reason, meeting_type=meeting_type,
        held_on=held, attendees=attendees, today=timezone.localdate(), organ=decision.decision_organ,
    )
    refuse(problems + more)
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
def decision_publish(*, actor: User, decision: Decision, published_on=None, publication_text: str = "",
            publication_explanation: str = "", execution_units=(), report_every_months: int = 3) -> Decision:
    """第三十一条 (出台前向同级党委请示报告) and 第三十二条 (及时公布，说明意见采纳情况); 第三十四条: 明确执行单位."""
    decision = locked(actor, decision, Perm.MANAGE)
    errors: dict = {}
    published = date_input(published_on, "published_on", errors, required=False) or timezone.localdate()
    publication_text = text_input(publication_text, "publication_text", "公布内容", errors)
    if not isinstance(report_every_months, int) or not 1 <= report_every_months <= 12:
        errors["report_every_months"] = ["执行情况报告周期应为 1 至 12 个月。"]
    refuse_fields(errors)
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
    refuse(problems)
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
