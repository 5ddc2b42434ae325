"""The record of the collective discussion (第三十条、第三十一条: every member's opinion in order, the head last,
the head's reason when against the majority, the report to the Party committee). The legality review before it
(第二十五条至第二十八条) is taken on the kernel's review desk (decisions/review.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused

from ..choices import DecisionState
from ..forms import MeetingForm, MemberFormSet, meeting_opinions
from ..workflow import MACHINE
from .decisions import can_manage, decision_for, detail_url

# ------------------------------------------------------------------ the meeting record (第三十条、第三十一条)


def _meeting_page(request, decision, form, members, reasons, status=200):
    return render(request, "decisions/meeting_form.html", {
        "decision": decision, "form": form, "members": members, "reasons": reasons,
        "detail_url": detail_url(decision, "meeting"),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request, code: str):
    """The record of the standing or plenary meeting: attendees, each member's opinion in the order spoken, the
    head's opinion last, the head's reason when deciding against the majority, dissent as said, the outcome,
    and the report to the Party committee before issue."""
    decision = decision_for(request, code)
    if not can_manage(request.user, decision):
        raise PermissionDenied("只有承办单位可以记录集体讨论决定。")
    if decision.state != DecisionState.AT_MEETING:
        messages.warning(request, f"决策当前状态为“{decision.get_state_display()}”，不在集体讨论阶段。")
        return redirect(detail_url(decision, "meeting"))
    if request.method == "GET":
        form = MeetingForm(organ=decision.decision_organ,
                           initial={"held_on": timezone.localdate(), "head_position": "行政首长"})
        members = MemberFormSet(prefix="members", initial=[{} for _ in range(3)])
        return _meeting_page(request, decision, form, members, [])
    form = MeetingForm(request.POST, request.FILES, organ=decision.decision_organ)
    members = MemberFormSet(request.POST, prefix="members")
    if not (form.is_valid() & members.is_valid()):
        return _meeting_page(request, decision, form, members, [], status=400)
    data = form.cleaned_data
    payload = {k: data.get(k) for k in ("meeting_type", "meeting_name", "held_on", "attendees", "outcome",
                                        "head_name", "head_reason", "party_report_on", "party_report_ref")}
    payload["opinions"] = meeting_opinions(form, members)
    payload["minutes"] = data.get("minutes")  # stored by the service, in the step's transaction
    try:
        meeting = MACHINE.dispatch(actor=request.user, obj=decision, action="record_meeting", payload=payload)
    except TransitionRefused as exc:
        return _meeting_page(request, decision, form, members, exc.reasons, status=409)
    except ServiceError as exc:
        form.add_service_errors(exc)
        return _meeting_page(request, decision, form, members, [], status=400)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, f"已记录集体讨论决定：{meeting.get_outcome_display()}。"
                     + ("决策档案已封存。" if meeting.outcome in ("adopted", "adopted_with_changes") else ""))
    return redirect(detail_url(decision, "meeting"))
