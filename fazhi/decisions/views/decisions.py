"""The decision pages: the list, 我的决策 with the next required step and what blocks it, registering an item,
the draft and its materials, the decision page (the procedure with every document, an action panel per
transition, the gate before the meeting), the public consultation's comment desk, versions and the
accountability view.

Views are thin: validate → fetch with permission (selectors + get_scoped, 404 for missing and forbidden alike)
→ service → redirect with a message, or the page again with the field errors (400) or the unmet conditions
(409). Decisions are addressed by their public code, never the id.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.exports import list_export, xlsx_response
from fazhi.core.filtersets import PageFilter, page_filtered
from fazhi.core.models import AuditEvent
from fazhi.core.paging import OBJECT_SORTS, list_total, page_from_request, sort_from
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.selectors import get_scoped
from fazhi.core.views_admin.common import require_perm as require_perm  # one 403 rule for every page
from fazhi.procedure.choices import ReviewOpinion
from fazhi.procedure.models import LegalityReview
from fazhi.procedure.pages import attachment_url
from fazhi.procedure.views import action_panels, object_views, run_service

from .. import selectors, services, workflow
from ..choices import DecisionState, EvaluationTrigger
from ..facts import Facts, gather_facts
from ..filtersets import DecisionFilterSet, MyDecisionFilterSet
from ..forms import (
    DecisionForm,
    DecisionUpdateForm,
    managed_organs,
)
from ..models import Decision, ExecutionReport, ExpertAssignment
from ..workflow import MACHINE, Perm

S = DecisionState
RESULTS_ID = "dec-results"
EDITABLE = {S.CATALOGUED, *workflow.ACTIVE_DRAFTING, S.POSTPONED}

# ------------------------------------------------------------------ plumbing



def decision_for(request, code: str) -> Decision:
    """The decision if the user may see it (decisions.view in scope); 404 for missing and forbidden alike."""
    require_perm(request.user, Perm.VIEW, "您没有查看重大行政决策的权限。")
    qs = selectors.decision_list(user=request.user).select_related("created_by", "proposal", "catalogue__agency")
    return get_scoped(qs, code=code)


def can_manage(user, decision) -> bool:
    """decisions.manage over this decision (the services check the same)."""
    return has_perm(user, Perm.MANAGE) and restrict(Decision.objects.filter(pk=decision.pk), user, Perm.MANAGE).exists()


def detail_url(decision, tab: str = "") -> str:
    url = reverse("decisions:detail", args=[decision.code])
    return f"{url}?tab={tab}" if tab else url


def render_list(request, template: str, partial: str, context: dict):
    """The whole page, or only the results when htmx asks for them (filter bar, sort, paging)."""
    is_partial = bool(request.htmx) and not request.htmx.boosted and request.htmx.target == RESULTS_ID
    response = render(request, partial if is_partial else template, {**context, "results_id": RESULTS_ID})
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


# ------------------------------------------------------------------ the next step and what blocks it


def gate_items(decision, fact: Facts) -> list[str]:
    """facts.gate_check, from facts fetched for the page (workflow.gate_problems is the rule)."""
    return workflow.gate_problems(decision, consultation=fact.consultation, unanswered=fact.unanswered,
                                  experts=fact.experts, risk=fact.risk, review=fact.review, hearings=fact.hearings,
                                  participations=fact.participations)


@dataclass
class Step:
    action: str
    label: str
    who: str
    blockers: list[str]
    outstanding: list[str]  # gate items still missing while the draft is prepared
    note: str = ""


def next_step(decision, fact: Facts) -> Step | None:
    """selectors.next_step with the page's facts: the next action and what blocks it. While the draft is
    prepared, the gate's items that are still missing are listed too, so nobody learns them at the meeting."""
    action = selectors.NEXT_STEP.get(decision.state, "")
    if not action:
        return None
    if decision.state == S.STARTED and decision.requires_public_participation and fact.consultation is None:
        action = "open_consultation"
    blockers = workflow.state_problems(action, decision)
    gate = gate_items(decision, fact) if decision.state in (*workflow.ACTIVE_DRAFTING, S.POSTPONED) else []
    if action == "submit_to_meeting":
        blockers, gate = blockers + gate, []
    note = ""
    review = fact.review
    if decision.state == S.IN_REVIEW and review is not None and review.deadline_id:
        note = f"审查期限 {review.deadline.due_date:%Y-%m-%d}"
    if decision.state == S.REVIEWED and review is not None and review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES \
            and review.changes_confirmed_at is None:
        return Step("confirm_changes", workflow.step_label("confirm_changes"), "审查机构", [],
                    gate, "请按修改要求修改草案（形成新版本）后，由审查机构确认。")
    who = "审查机构" if action in workflow.REVIEWER_STEPS else ("执行单位" if action == "report_execution" else "承办单位")
    return Step(action, workflow.step_label(action), who, blockers, gate, note)


def plan(decisions: list[Decision]) -> list[dict]:
    facts = gather_facts(decisions)
    return [{"decision": d, "step": next_step(d, facts[d.pk]), "fact": facts[d.pk]} for d in decisions]


# ------------------------------------------------------------------ lists

@login_required
@require_GET
def decision_list(request):
    require_perm(request.user, Perm.VIEW, "您没有查看重大行政决策的权限。")
    if wants_xlsx(request):
        return list_export(request, "decisions.list")
    page_filter = PageFilter(request, DecisionFilterSet, selectors.decision_list(user=request.user))
    qs = page_filter.qs
    sort, ordering = sort_from(request.GET, OBJECT_SORTS, "-updated_at")
    page = page_from_request(request, selectors.decision_table_rows(qs), ordering=ordering)
    return render_list(request, "decisions/decision_list.html", "decisions/_decision_table.html", {
        "filter": page_filter, "page": page, "sort": sort, "default_sort": "-updated_at", "total": list_total(qs),
        "can_create": has_perm(request.user, Perm.MANAGE),
    })


def _step_text(step: Step | None, blockers: bool = False) -> str:
    if step is None:
        return ""
    if blockers:
        return "；".join(step.blockers + step.outstanding)
    return f"{step.label}（{step.who}）"


@login_required
@require_GET
def my_decisions(request):
    require_perm(request.user, Perm.MANAGE, "您没有办理重大行政决策的权限。")
    filterset, qs = page_filtered(request, MyDecisionFilterSet, selectors.my_decisions(user=request.user))
    sort, ordering = sort_from(request.GET, OBJECT_SORTS, "-updated_at")
    if wants_xlsx(request):
        rows = plan(list(qs.order_by(*ordering)))
        columns = [("决策事项", lambda r: r["decision"].title), ("决策机关", lambda r: r["decision"].decision_organ.name),
                   ("办理状态", lambda r: r["decision"].get_state_display()),
                   ("探索性改革事项", lambda r: r["decision"].exploratory_reform),
                   ("下一步", lambda r: _step_text(r["step"])),
                   ("尚需满足的条件", lambda r: _step_text(r["step"], blockers=True)),
                   ("更新时间", lambda r: r["decision"].updated_at)]
        return xlsx_response("我的决策", "我的决策", columns, rows)
    page = page_from_request(request, qs, ordering=ordering)
    return render_list(request, "decisions/my_decisions.html", "decisions/_my_table.html", {
        "filter": filterset, "page": page, "rows": plan(page.items), "sort": sort, "default_sort": "-updated_at",
        "total": qs.count(),
    })


# ------------------------------------------------------------------ registering an item, editing the draft


def catalogues_for(user):
    """Catalogues of the governments the user manages decisions for."""
    return selectors.catalogue_list(user=user).filter(agency__in=managed_organs(user)).order_by(
        "-year", "agency__name")


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    require_perm(request.user, Perm.MANAGE, "您没有办理重大行政决策的权限。")
    user = request.user
    catalogues = catalogues_for(user)
    initial = {"requires_public_participation": True}
    chosen = catalogues.filter(code=request.GET.get("catalogue", "")).first()
    if chosen is not None:
        initial.update(catalogue=chosen.pk, decision_organ=chosen.agency_id)
    form = DecisionForm(request.POST or None, user=user, catalogues=catalogues, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision, _ = run_service(lambda: services.decision_create(actor=user, **form.service_kwargs()), form)
        if decision is not None:
            messages.success(request, f"已登记决策事项“{decision.title}”。")
            return redirect(detail_url(decision))
    return render(request, "decisions/decision_form.html", {"form": form, "catalogue": chosen},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, code: str):
    """The draft and the materials for the meeting; the tabs post their single field here too."""
    decision = decision_for(request, code)
    if not can_manage(request.user, decision):
        raise PermissionDenied("只有承办单位可以修改决策草案。")
    if decision.state not in EDITABLE:
        messages.warning(request, f"决策当前状态为“{decision.get_state_display()}”，草案不能再修改；"
                                  "调整已作出的决策须经第三十七条规定的程序。")
        return redirect(detail_url(decision))
    names = ("draft", "explanation", "fair_competition_conclusion", "public_opinion_summary",
             "expert_adoption_summary", "legal_risk_statement", "planned_schedule")
    form = DecisionUpdateForm(request.POST or None, initial={n: getattr(decision, n) for n in names})
    back = request.POST.get("back", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.changes(request.POST).items() if v != getattr(decision, k)}
        if not changes:
            messages.info(request, "没有修改。")
            return redirect(detail_url(decision, back if back in dict(TABS) else "draft"))
        versions = decision.version_count
        updated, reasons = run_service(lambda: services.decision_update(
            actor=request.user, decision=decision, note=form.cleaned_data.get("note", ""), **changes), form)
        if reasons:
            form.add_error(None, "；".join(reasons))
        if updated is not None:
            text = "已保存。"
            if updated.version_count > versions:
                text += f"草案已修改，形成第 {updated.version_count} 版。"
            messages.success(request, text)
            return redirect(detail_url(decision, back if back in dict(TABS) else "draft"))
    return render(request, "decisions/decision_edit.html", {"decision": decision, "form": form},
                  status=400 if form.errors else 200)


# ------------------------------------------------------------------ the decision page

TABS = [("info", "基本信息"), ("draft", "草案"), ("participation", "公众参与"), ("experts", "论证评估"),
        ("review", "合法性审查"), ("meeting", "集体讨论"), ("execution", "公布执行"), ("archive", "档案")]


def pending_report(decision, user) -> ExecutionReport | None:
    """The report the user's unit owes on this decision (services.execution_report takes the earliest)."""
    if not user.agency_id:
        return None
    return (decision.execution_reports.filter(unit_id=user.agency_id, submitted_on__isnull=True)
            .select_related("deadline").order_by("deadline__due_date").first())


def _initial(action: str, decision, today: date) -> dict:
    if action == "open_consultation":
        return {"start": today, "end": date.fromordinal(today.toordinal() + workflow.CONSULTATION_MIN_DAYS - 1)}
    if action == "start":
        return {"sponsor": decision.agency_id}
    if action in ("record_hearing", "add_risk_assessment"):
        return {"held_on": today, "assessed_on": today}
    if action == "publish":
        return {"published_on": today, "report_every_months": decision.report_every_months,
                "publication_explanation": decision.public_opinion_summary}
    if action == "start_post_evaluation":
        return {"trigger": EvaluationTrigger.ORGAN_DECIDES}
    return {}


# The tabs that other view modules own (the comment desk and experts in experts.py, the timeline text in
# execution.py) add their part of the decision page here when they are imported (urls.py imports them all):
# ``part(request, decision, fact, manager, context, extra) -> dict``; ``extra`` holds a re-rendered form.
DETAIL_PARTS: list = []


def detail_part(part):
    DETAIL_PARTS.append(part)
    return part


def detail_context(request, decision, *, tab: str = "", action_errors: dict | None = None, **extra) -> dict:
    user, today = request.user, timezone.localdate()
    manager = can_manage(user, decision)
    fact = gather_facts([decision])[decision.pk]
    archive = selectors.archive(decision)
    archive["reviews"] = list(LegalityReview.objects.filter(
        content_type=ContentType.objects.get_for_model(Decision), object_id=str(decision.pk))
        .select_related("agency", "deadline", "opinion_by", "changes_confirmed_by", "version")
        .prefetch_related("returns").defer("version__body").order_by("round", "id"))
    step = next_step(decision, fact)
    gate_open = decision.state in MACHINE.get("submit_to_meeting").sources
    if step is not None and gate_open:
        step.outstanding = []  # the gate panel below lists them
    review = fact.review
    on_my_desk = (review is not None and has_perm(user, Perm.REVIEW) and review.agency_id == user.agency_id)
    tab = tab or request.GET.get("tab", "")
    events = AuditEvent.objects.filter(object_type="decisions.decision", object_id=str(decision.pk)).order_by("id")
    context = {
        "decision": decision,
        "tabs": TABS, "tab_dir": "decisions", "page_key": "decision", "comment_tab": "participation",
        "tab": tab if tab in dict(TABS) else "info",
        "manager": manager,
        "editable": manager and decision.state in EDITABLE,
        "step": step,
        "fact": fact,
        "gate": gate_items(decision, fact) if gate_open else None,
        # The steps the user may take here now (the machine's options; the reviewer's steps, the meeting record
        # and the experts' opinions have their own pages).
        "actions": action_panels(MACHINE, user, decision, errors=action_errors, skip_desk=True,
                                 options=MACHINE.options(user, decision, facts=fact),
                                 initial=lambda action: _initial(action, decision, today)),
        "post_url": reverse("decisions:transition", args=[decision.code]),
        "review_url": reverse("procedure:review", args=[review.code]) if on_my_desk else None,
        "meeting_url": reverse("decisions:meeting", args=[decision.code])
        if manager and decision.state == S.AT_MEETING else None,
        "archive": archive,
        "files": [(f, attachment_url(f)) for f in archive["files"]],
        "meeting_minutes": {m.pk: attachment_url(m.minutes) for m in archive["meetings"] if m.minutes_id},
        "co_sponsors": list(decision.co_sponsors.all()),
        "execution_units": list(decision.execution_units.all()),
        "feedback": list(decision.feedback.all()[:50]),
        "events": events,
        "today": today,
        "version_count": len(archive["versions"]),
    }
    for part in DETAIL_PARTS:
        context.update(part(request, decision, fact, manager, context, extra))
    context["show_panel"] = bool(step or context["actions"] or context["review_url"] or context["meeting_url"]
                                 or context["gate"] is not None)
    return context


def render_detail(request, decision, *, status: int = 200, **kwargs):
    return render(request, "decisions/detail.html", detail_context(request, decision, **kwargs), status=status)


decision_detail, decision_transition, versions_diff = object_views(
    machine=MACHINE, fetch=lambda request, code: decision_for(request, code), render_detail=render_detail,
    detail_url=lambda decision, tab="": detail_url(decision, tab), diff_template="decisions/versions_diff.html",
    name="decision")


# ------------------------------------------------------------------ the home page's 待办 counts


def pending_work(user) -> list:
    """The decision module's 待办 on the home page (to be registered with core.views.register_pending_work):
    decisions at the meeting or waiting for publication, overdue execution reports,
    and an expert's opinions still to give. A few counts, no per-row work."""
    from fazhi.core.views import PendingItem

    items = []
    if has_perm(user, Perm.MANAGE):
        counts = selectors.my_decisions(user=user).aggregate(
            meeting=Count("pk", filter=Q(state=S.AT_MEETING)), publish=Count("pk", filter=Q(state=S.DECIDED)),
            returned=Count("pk", filter=Q(state=S.RETURNED)))
        mine = reverse("decisions:mine")
        items += [PendingItem("重大决策：审查退回待补充", counts["returned"], f"{mine}?state=returned", "danger"),
                  PendingItem("重大决策：待记录集体讨论", counts["meeting"], f"{mine}?state=at_meeting"),
                  PendingItem("重大决策：已决定待公布", counts["publish"], f"{mine}?state=decided", "warning")]
        if user.agency_id:
            overdue = ExecutionReport.objects.filter(unit_id=user.agency_id, submitted_on__isnull=True,
                                                     deadline__due_date__lt=timezone.localdate()).count()
            items.append(PendingItem("决策执行情况逾期未报告", overdue, f"{reverse('decisions:execution')}?status=overdue",
                                     "danger"))
    # The reviews waiting on the user's desk are counted by the kernel's review desk (procedure.views_review).
    if has_perm(user, Perm.EXPERT):
        todo = ExpertAssignment.objects.filter(expert__user=user, opinion="",
                                               decision__state__in=workflow.ACTIVE_DRAFTING).count()
        items.append(PendingItem("待提交的决策论证意见", todo, reverse("decisions:my_assignments")))
    return items
