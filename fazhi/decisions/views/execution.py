"""执行和调整, 责任 (第三十四条至第四十一条): the execution reports across decisions with their overdue flags, a unit's
report on the decision it executes, the accountability view, and the timeline text of the audit chain.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fazhi.core.exports import xlsx_response
from fazhi.core.filtersets import page_filtered
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.selectors import get_scoped
from fazhi.procedure.choices import AnswerOutcome, CommentSource, ReviewOpinion, ReviewStatus, ScreeningStatus
from fazhi.procedure.timeline import Row, summary
from fazhi.procedure.timeline import day as _day
from fazhi.procedure.timeline import event_rows as timeline_rows
from fazhi.procedure.views import run_service

from .. import selectors, services
from ..choices import (
    AdjustmentKind,
    Adoption,
    AdviserKind,
    EvaluationConclusion,
    EvaluationTrigger,
    MeetingOutcome,
    RiskLevel,
)
from ..filtersets import ExecutionReportFilterSet
from ..forms import ReportExecutionForm
from ..models import ExecutionReport
from ..workflow import Perm
from .decisions import decision_for, detail_part, detail_url, render_list, require_perm, wants_xlsx

# ------------------------------------------------------------------ the timeline text


def _choice(enum):
    return lambda v, a: enum(v).label if v in enum.values else str(v)


def _kind(value, action: str) -> str:
    enum = AdviserKind if action == "decisions.add_adviser_opinion" else AdjustmentKind
    return enum(value).label if value in enum.values else str(value)


def _outcome(value, action: str) -> str:
    enum = AnswerOutcome if action.startswith("procedure.") else MeetingOutcome
    return f"结果：{enum(value).label}" if value in enum.values else str(value)


def _opinions(value, action: str) -> str:
    if not isinstance(value, list):
        return ""
    against = [o.get("member", "") for o in value if isinstance(o, dict) and o.get("stance") == "disagree"]
    text = f"逐人记录发言 {len(value)} 人"
    return text + (f"，表示不同意：{'、'.join(against)}" if against else "")


# Keys of ``after`` worth showing, in order, each with how to say it.
_KEYS = [
    ("title", lambda v, a: f"事项：{v}"),
    ("sponsor", lambda v, a: f"承办单位：{v}"),
    ("exploratory_reform", lambda v, a: "探索性改革事项" if v else ""),
    ("year", lambda v, a: f"{v}年度"),
    ("version", lambda v, a: f"第 {v} 版"),
    ("items", lambda v, a: f"目录事项 {v} 项" if isinstance(v, int) else ""),
    ("start", lambda v, a: f"开始：{_day(v)}"),
    ("end", lambda v, a: f"截止：{_day(v)}"),
    ("shortened_reason", lambda v, a: f"缩短期限的理由：{v}"),
    ("held_on", lambda v, a: f"日期：{_day(v)}"),
    ("meeting", lambda v, a: f"拟提交会议日期：{_day(v)}"),
    ("expert", lambda v, a: f"专家：{v}" if isinstance(v, str) else ""),
    ("declaration", lambda v, a: f"利害关系声明：{v}"),
    ("adoption", lambda v, a: f"采纳情况：{_choice(Adoption)(v, a)}"),
    ("level", lambda v, a: f"风险等级：{_choice(RiskLevel)(v, a)}"),
    ("controllable", lambda v, a: "风险可控" if v else "风险不可控"),
    ("kind", _kind),
    ("adviser", lambda v, a: f"{v}"),
    ("opinion", lambda v, a: f"审查意见：{_choice(ReviewOpinion)(v, a)}"),
    ("outcome", _outcome),
    ("head_against_majority", lambda v, a: "行政首长的决定与多数意见不一致（已说明理由）" if v else ""),
    ("opinions", _opinions),
    ("published_on", lambda v, a: f"公布日期：{_day(v)}"),
    ("execution_units", lambda v, a: f"执行单位：{'、'.join(v)}" if isinstance(v, list) else ""),
    ("unit", lambda v, a: f"执行单位：{v}"),
    ("late", lambda v, a: "逾期报告" if v else "按期报告"),
    ("trigger", lambda v, a: f"情形：{_choice(EvaluationTrigger)(v, a)}"),
    ("evaluator", lambda v, a: f"评估单位：{v}"),
    ("conclusion", lambda v, a: f"结论：{_choice(EvaluationConclusion)(v, a)}"),
    ("emergency", lambda v, a: "情况紧急，行政首长先行决定" if v else ""),
    ("basis", lambda v, a: f"依据：{v}"),
    ("source", lambda v, a: f"来源：{_choice(CommentSource)(v, a)}"),
    ("screening", lambda v, a: _choice(ScreeningStatus)(v, a)),
    ("ids", lambda v, a: f"{len(v)} 条意见" if isinstance(v, list) else ""),
    ("comments", lambda v, a: f"共 {v} 条意见"),
    ("reason", lambda v, a: f"理由：{v}"),
    ("note", lambda v, a: f"说明：{v}"),
]
_FIELD_LABELS = {"draft": "决策草案", "explanation": "决策草案说明", "fair_competition_conclusion": "公平竞争审查情况",
                 "public_opinion_summary": "公众意见研究采纳情况", "expert_adoption_summary": "专家论证意见研究采纳情况",
                 "planned_schedule": "计划完成时间", "legal_risk_statement": "法律风险说明"}


def describe(action: str, before, after) -> str:
    """The essentials of one event in a line of Chinese."""
    if action == "decisions.update" and isinstance(after, dict):
        # The pages send changed fields only; without ``before`` (accountability) every key counts.
        changed = [_FIELD_LABELS.get(k, k) for k in after
                   if not isinstance(before, dict) or before.get(k) != after.get(k)]
        return f"修改：{'、'.join(changed)}" if changed else "保存（无改动）"
    if action == "decisions.proposal_decide" and isinstance(after, dict):
        return "决定启动" if after.get("start") else "不予启动"
    return summary(after, _KEYS, action)


def event_rows(events) -> list[Row]:
    return timeline_rows(events, describe=describe)


@detail_part
def _timeline(request, decision, fact, manager, context, extra) -> dict:
    return {"events": event_rows(context["events"])}


def dict_rows(events: list[dict]) -> list[Row]:
    """The same from selectors.accountability's event dicts (which carry ``after`` only)."""
    return timeline_rows(events, describe=describe)


# ------------------------------------------------------------------ execution reports (第三十四条、第三十五条)


def reachable_reports(user):
    """Reports of the decisions the user may see, and the reports the user's own unit owes (an execution unit
    reports even when the decision belongs to another unit's scope: services.execution_report)."""
    visible = selectors.decision_list(user=user).values("pk")
    q = Q(decision__in=visible)
    if has_perm(user, Perm.MANAGE) and user.agency_id:
        q |= Q(unit_id=user.agency_id)
    return ExecutionReport.objects.filter(q).select_related("decision", "unit", "deadline", "submitted_by")


def report_flags(report, today) -> dict:
    due = report.deadline.due_date if report.deadline_id else None
    overdue = report.submitted_on is None and due is not None and due < today
    late = report.submitted_on is not None and due is not None and report.submitted_on > due
    return {"report": report, "due": due, "overdue": overdue, "late": late}


REPORT_COLUMNS = [
    ("决策事项", lambda r: r["report"].decision.title),
    ("执行单位", lambda r: r["report"].unit.name),
    ("报告期", lambda r: r["report"].period_label),
    ("应报日期", lambda r: r["due"]),
    ("报告日期", lambda r: r["report"].submitted_on),
    ("逾期未报", lambda r: r["overdue"]),
    ("逾期报告", lambda r: r["late"]),
    ("执行情况", lambda r: r["report"].progress),
    ("存在问题", lambda r: r["report"].problems),
]


@login_required
@require_GET
def execution_list(request):
    user = request.user
    if not (has_perm(user, Perm.VIEW) or has_perm(user, Perm.MANAGE)):
        raise PermissionDenied("您没有查看决策执行情况的权限。")
    filterset, qs = page_filtered(request, ExecutionReportFilterSet, reachable_reports(user))
    ordering = ("-deadline__due_date", "-id")  # newest first (the page's header promises it)
    today = timezone.localdate()
    if wants_xlsx(request):
        rows = [report_flags(r, today) for r in qs.order_by(*ordering).iterator(chunk_size=1000)]
        return xlsx_response("决策执行情况报告", "执行情况报告", REPORT_COLUMNS, rows)
    page = page_from_request(request, qs, ordering=ordering)
    own = user.agency_id if has_perm(user, Perm.MANAGE) else None
    rows = [report_flags(r, today) for r in page.items]
    # Only the earliest pending report of the user's unit on a decision can be filed (services.execution_report).
    first_due: dict[int, int] = {}
    for r in sorted((x["report"] for x in rows), key=lambda x: (x.deadline.due_date if x.deadline_id else today)):
        if r.unit_id == own and r.submitted_on is None:
            first_due.setdefault(r.decision_id, r.pk)
    for row in rows:
        row["can_report"] = first_due.get(row["report"].decision_id) == row["report"].pk
    return render_list(request, "decisions/execution_list.html", "decisions/_execution_table.html", {
        "filter": filterset, "page": page, "rows": rows, "form": ReportExecutionForm(prefix="report_execution"),
    })


@login_required
@require_POST
def execution_report(request, code: str):
    """An execution unit's report on a decision it executes (from the execution list)."""
    user = request.user
    require_perm(user, Perm.MANAGE, "您没有报告执行情况的权限。")
    pending = reachable_reports(user).filter(decision__code=code, unit_id=user.agency_id, submitted_on__isnull=True)
    report = get_scoped(pending.order_by("deadline__due_date"))
    decision = report.decision
    form = ReportExecutionForm(request.POST, prefix="report_execution")
    reasons: list[str] = []
    if form.is_valid():
        ran = run_service(lambda: services.execution_report(
            actor=user, decision=decision, progress=form.cleaned_data["progress"],
            problems=form.cleaned_data.get("problems", "")), form)
        if ran.done:
            messages.success(request, f"已报告“{decision.title}”的执行情况。")
            return redirect("decisions:execution")
        reasons = ran.reasons
    today = timezone.localdate()
    return render(request, "decisions/execution_report.html", {
        "decision": decision, "row": report_flags(report, today), "form": form, "reasons": reasons,
    }, status=409 if reasons else 400)


# ------------------------------------------------------------------ accountability (第三十八条至第四十一条)


@login_required
@require_GET
def accountability(request, code: str):
    """Who proposed, reviewed, argued, assessed, voted how and decided, when — from the immutable audit chain
    and the meeting records, years later. Members who voiced dissent are highlighted (第三十八条第三款: 减免责任)."""
    decision = decision_for(request, code)
    account = selectors.accountability(decision)
    first: dict[str, dict] = {}
    for e in account["events"]:
        first.setdefault(e["action"], e)
    return render(request, "decisions/accountability.html", {
        "decision": decision,
        "account": account,
        "created": first.get("decisions.create"),
        "started": first.get("decisions.start"),
        "submitted": first.get("decisions.submit_to_meeting"),
        "published": first.get("decisions.publish"),
        "reviews": [r for r in account["reviews"] if r.status == ReviewStatus.DONE],
        "advisers": list(decision.adviser_opinions.all()),
        "adjustments": list(decision.adjustments.select_related("recorded_by")),
        "events": dict_rows(account["events"]),
        "detail_url": detail_url(decision),
    })
