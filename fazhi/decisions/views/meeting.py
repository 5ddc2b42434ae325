"""The way to the meeting: the legality review on the shared review desk (第二十五条至第二十八条: the reviewer's
page with the legal advisers' opinions and the opinion form), and the record of the collective discussion
(第三十条、第三十一条: every member's opinion in order, the head last, the head's reason when against the
majority, the report to the Party committee).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import workdays
from fazhi.core.deadlines import clock_of
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.exports import xlsx_response
from fazhi.core.paging import page_from_request
from fazhi.core.selectors import get_scoped
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus
from fazhi.procedure.forms import ConfirmForm
from fazhi.procedure.pages import attachment_url

from .. import selectors
from ..choices import DecisionState
from ..facts import gate_check
from ..forms import MeetingForm, MemberFormSet, meeting_opinions
from ..workflow import MACHINE, REVIEW_DESK, Perm
from .decisions import can_manage, decision_for, detail_url, render_list, require_perm, wants_xlsx

# The reviewer's steps, taken on the review page (the machine declares them as done on the review desk).
REVIEWER_ACTIONS = {t.action for t in MACHINE if t.desk == REVIEW_DESK}

# ------------------------------------------------------------------ the review desk


REVIEW_COLUMNS = [
    ("送审事项", lambda r: r["review"].subject_title),
    ("送审单位", lambda r: r["review"].submitting_agency.name),
    ("轮次", lambda r: r["review"].round),
    ("状态", lambda r: r["review"].get_status_display()),
    ("送审时间", lambda r: r["review"].submitted_at),
    ("拟提交会议日期", lambda r: r["decision"].proposed_meeting_date if r["decision"] else None),
    ("审查期限", lambda r: r["clock"].due),
    ("剩余工作日", lambda r: r["clock"].days),
    ("审查意见", lambda r: r["review"].get_opinion_display()),
]


def _review_rows(user, reviews: list) -> list[dict]:
    today, cal = timezone.localdate(), workdays.current_calendar()
    decisions = {d.pk: d for d in selectors.decision_list(user=user).filter(pk__in=[int(r.object_id) for r in reviews])}
    return [{"review": r, "decision": decisions.get(int(r.object_id)), "clock": clock_of(r.deadline, today, cal)}
            for r in reviews]


@login_required
@require_GET
def review_desk(request):
    """The decisions waiting on the user's agency's review desk (shared by its reviewers), earliest due first."""
    user = request.user
    require_perm(user, Perm.REVIEW, "您没有合法性审查的权限。")
    done = request.GET.get("status") == ReviewStatus.DONE
    desk = selectors.review_desk(user=user)
    queryset = desk.filter(status=ReviewStatus.DONE) if done else desk.exclude(status=ReviewStatus.DONE)
    ordering = ("-opinion_at", "-id") if done else ("deadline__due_date", "id")
    if wants_xlsx(request):
        return xlsx_response("重大决策合法性审查台", "合法性审查台", REVIEW_COLUMNS,
                             _review_rows(user, list(queryset.order_by(*ordering))))
    page = page_from_request(request, queryset, ordering=ordering)
    counts = desk.aggregate(waiting=Count("pk", filter=~Q(status=ReviewStatus.DONE)),
                            done=Count("pk", filter=Q(status=ReviewStatus.DONE)))
    return render_list(request, "decisions/review_desk.html", "decisions/_review_desk_table.html", {
        "page": page, "rows": _review_rows(user, page.items), "done": done, "counts": counts,
    })


def review_for(request, code: str):
    """The decision (by its public code) and its latest review round on the user's desk; 404 otherwise."""
    require_perm(request.user, Perm.REVIEW, "您没有合法性审查的权限。")
    decision = decision_for(request, code)
    review = get_scoped(selectors.review_desk(user=request.user).filter(object_id=str(decision.pk))
                        .select_related("version", "opinion_by", "changes_confirmed_by", "submitted_by")
                        .order_by("-round", "-id"))
    latest = procedure.latest_review(decision)
    if latest is None or latest.pk != review.pk:
        raise Http404("该决策的本轮审查不在您单位的审查台。")
    return decision, review


def review_actions(decision, review) -> list[str]:
    if decision.state == DecisionState.IN_REVIEW:
        return ["add_adviser_opinion", "give_legality_opinion", "return_for_supplement"]
    if decision.state == DecisionState.REVIEWED and review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES \
            and review.changes_confirmed_at is None:
        return ["confirm_changes"]
    return []


def _review_form(action: str, decision, *args, **kwargs):
    """The step's form as the machine declares it (a step without fields takes the kernel's ConfirmForm)."""
    form_class = MACHINE.get(action).form_class() or ConfirmForm
    return form_class(*args, obj=decision, **kwargs)


def review_context(request, decision, review, errors: dict | None = None) -> dict:
    errors = errors or {}
    forms = {}
    for action in review_actions(decision, review):
        if action in errors:
            forms[action] = errors[action]
        else:
            initial = {"given_on": timezone.localdate()} if action == "add_adviser_opinion" else None
            forms[action] = (_review_form(action, decision, prefix=action, initial=initial), [])
    versions = list(procedure.versions_of(decision).defer("body"))
    clock = clock_of(review.deadline, timezone.localdate(), workdays.current_calendar())
    return {
        "decision": decision,
        "review": review,
        "clock": clock,
        "rounds": list(selectors.archive(decision)["reviews"]),
        "returns": list(review.returns.select_related("returned_by")),
        "advisers": [(a, attachment_url(a.attachment)) for a in decision.adviser_opinions.select_related("attachment")],
        "consultation": procedure.open_call_of(decision),
        "risks": list(decision.risk_assessments.all()),
        "experts": list(decision.expert_assignments.select_related("expert")),
        "forms": forms,
        "later_version": versions[-1] if versions and review.version_id and versions[-1].number > review.version.number
        else None,
        "gate": gate_check(decision) if decision.state == DecisionState.REVIEWED else None,
    }


@login_required
@require_GET
def review(request, code: str):
    decision, current = review_for(request, code)
    return render(request, "decisions/review.html", review_context(request, decision, current))


@login_required
@require_POST
def review_action(request, code: str):
    """The reviewer's steps: legal advisers' opinions, the opinion, return for supplements, confirm changes."""
    decision, current = review_for(request, code)
    action = request.POST.get("action", "")
    if action not in REVIEWER_ACTIONS:
        messages.error(request, "未知的审查操作。")
        return redirect("decisions:review", code=decision.code)
    form = _review_form(action, decision, request.POST, request.FILES, prefix=action, user=request.user)
    if not form.is_valid():
        return render(request, "decisions/review.html",
                      review_context(request, decision, current, {action: (form, [])}), status=400)
    try:
        MACHINE.dispatch(actor=request.user, obj=decision, action=action, payload=form.payload())
    except TransitionRefused as exc:
        return render(request, "decisions/review.html",
                      review_context(request, decision, current, {action: (form, exc.reasons)}), status=409)
    except ServiceError as exc:
        form.add_service_errors(exc)
        return render(request, "decisions/review.html",
                      review_context(request, decision, current, {action: (form, [])}), status=400)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, MACHINE.get(action).done_message)
    return redirect("decisions:review", code=decision.code)


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
