"""Forming the draft with the public and the experts (第二章第二节、第三节): the consultation's comment desk
(opinions by source, opposing ones kept visible, screening, bulk answers — 第十四条至第十八条), the expert pool,
choosing experts with the declaration of interests, the expert's own page where he submits his signed opinion,
and the adoption of each opinion (第十九条至第二十一条).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exports import xlsx_response
from fazhi.core.filtersets import page_filtered
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.selectors import get_scoped
from fazhi.procedure import services as procedure
from fazhi.procedure import views_comments
from fazhi.procedure.pages import attachment_url
from fazhi.procedure.views import run_service

from .. import selectors, services, workflow
from ..facts import expert_candidates
from ..filtersets import ExpertFilterSet
from ..forms import (
    ExpertAdoptionForm,
    ExpertCreateForm,
    ExpertOpinionForm,
    ExpertSelectForm,
)
from ..models import ExpertAssignment
from ..workflow import Perm
from .decisions import (
    can_manage,
    decision_for,
    detail_part,
    detail_url,
    render_detail,
    render_list,
    require_perm,
    wants_xlsx,
)

# ------------------------------------------------------------------ 公众参与: the kernel's comment desk (第十四条至第十八条)
# Opinions by source, opposing ones kept visible, screening, bulk answers: procedure.views_comments. The
# summary of the public's opinions is the decision's own (public_opinion_summary, 第二十九条第二项), kept below.


def _comment_urls(decision) -> dict:
    return {"enter": reverse("decisions:comment_enter", args=[decision.code]),
            "bulk": reverse("decisions:comments_bulk", args=[decision.code]), "summary": "",
            "page": detail_url(decision, "participation") + "&"}


def comments_context(request, decision, call, manager: bool, extra) -> dict:
    context = views_comments.comments_context(
        request, decision, urls=_comment_urls(decision), call=call, summary=False, noun="决策草案", manager=manager,
        **{key: value for key, value in extra.items() if key in views_comments.FORM_KEYS})
    if call is not None:
        context["summary_draft"] = (decision.public_opinion_summary or call.summary
                                    or procedure.adoption_summary_text(call))
    return context


def _managed(request, code, message: str = "只有承办单位可以处理征求意见。"):
    decision = decision_for(request, code)
    if not can_manage(request.user, decision):
        raise PermissionDenied(message)
    return decision


# (the desk's summary view is not routed: a decision's summary is its own field)
comment_enter, comments_bulk, _summary = views_comments.desk_views(
    fetch=lambda request, code: decision_for(request, code), tab="participation",
    detail_url=lambda decision, tab: detail_url(decision, tab), render_detail=render_detail)


# ------------------------------------------------------------------ 专家论证 on the decision page (第十九条至第二十一条)

EXPERT_KEYS = {"select_form", "opinion_forms", "adoption_forms", "expert_reasons"}


@detail_part
def _participation_and_experts(request, decision, fact, manager, context, extra) -> dict:
    part = comments_context(request, decision, fact.consultation, manager, extra)
    part.update(experts_context(decision, manager, **{k: v for k, v in extra.items() if k in EXPERT_KEYS}))
    return part


def experts_context(decision, manager: bool, *, select_form=None, opinion_forms=None, adoption_forms=None,
                    expert_reasons=None) -> dict:
    """The experts tab: who was chosen with what declaration, each signed opinion and its adoption; the forms
    to choose an expert, to record a written opinion received, and to record the adoption."""
    drafting = decision.state in workflow.ACTIVE_DRAFTING
    manage = manager and drafting
    opinion_forms = opinion_forms or {}
    adoption_forms = adoption_forms or {}
    rows = []
    for a in decision.expert_assignments.select_related("expert", "opinion_file").order_by("id"):
        rows.append({
            "a": a,
            "file_url": attachment_url(a.opinion_file),
            "opinion_form": (opinion_forms.get(a.pk) or ExpertOpinionForm(prefix=f"opinion-{a.pk}"))
            if manage and not a.opinion else None,
            "adoption_form": (adoption_forms.get(a.pk) or ExpertAdoptionForm(
                prefix=f"adoption-{a.pk}", initial={"adoption": a.adoption, "reason": a.adoption_reason}))
            if manage and a.opinion else None,
            "open": a.pk in opinion_forms or a.pk in adoption_forms,
        })
    return {
        "expert_rows": rows,
        "select_form": select_form or (ExpertSelectForm(prefix="select", candidates=expert_candidates(decision))
                                       if manage else None),
        "expert_manage": manage,
        "expert_reasons": expert_reasons or [],
    }


# ------------------------------------------------------------------ the pool (第二十一条)

EXPERT_COLUMNS = [
    ("姓名", lambda e: e.name),
    ("专业领域", lambda e: e.field),
    ("职称", lambda e: e.title),
    ("工作单位", lambda e: e.organisation),
    ("所属专家库", lambda e: e.agency.name),
    ("在库", lambda e: e.is_active),
    ("平台账号", lambda e: e.user.username if e.user_id else ""),
    ("参与论证（项）", lambda e: e.assignment_count),
]


@login_required
@require_http_methods(["GET", "POST"])
def expert_pool(request):
    """决策咨询论证专家库: the pool in the user's scope, and adding an expert (decision staff)."""
    user = request.user
    require_perm(user, Perm.VIEW, "您没有查看专家库的权限。")
    can_add = has_perm(user, Perm.MANAGE)
    form = ExpertCreateForm(request.POST or None, user=user, prefix="expert")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied("您没有管理专家库的权限。")
        if form.is_valid():
            expert, reasons = run_service(lambda: services.expert_create(actor=user, **form.cleaned_data), form)
            for reason in reasons:
                form.add_error(None, reason)
            if expert is not None:
                messages.success(request, f"已将{expert.name}加入{expert.agency.name}专家库。")
                return redirect("decisions:expert_pool")
    queryset = selectors.expert_pool(user=user).select_related("user").annotate(assignment_count=Count("assignments"))
    filterset, qs = page_filtered(request, ExpertFilterSet, queryset)
    ordering = ("field", "name", "id")
    if wants_xlsx(request):
        return xlsx_response("专家库", "专家库", EXPERT_COLUMNS, qs.order_by(*ordering))
    page = page_from_request(request, qs, ordering=ordering)
    response = render_list(request, "decisions/expert_pool.html", "decisions/_expert_table.html", {
        "filter": filterset, "page": page, "form": form, "can_add": can_add,
    })
    if form.errors:
        response.status_code = 400
    return response


# ------------------------------------------------------------------ on a decision: selection and adoption

EXPERTS_ONLY = "只有承办单位可以组织专家论证。"


def _expert_result(request, decision, run, form, key: str, done: str):
    result, reasons = run_service(run, form)
    if reasons or form.errors:
        return render_detail(request, decision, status=409 if reasons else 400, tab="experts",
                             expert_reasons=reasons, **key_forms(key, form))
    messages.success(request, done)
    return redirect(detail_url(decision, "experts"))


def key_forms(key: str, form) -> dict:
    """The bound form with its errors, back in the experts tab at its place."""
    if key.startswith("opinion:"):
        return {"opinion_forms": {int(key.split(":")[1]): form}}
    if key.startswith("adoption:"):
        return {"adoption_forms": {int(key.split(":")[1]): form}}
    return {"select_form": form}


@login_required
@require_POST
def expert_select(request, code: str):
    """第二十条: choose an expert from the pool with his declaration of interests; one with a direct interest
    is refused."""
    decision = _managed(request, code, EXPERTS_ONLY)
    form = ExpertSelectForm(request.POST, prefix="select", candidates=expert_candidates(decision))
    if not form.is_valid():
        return render_detail(request, decision, status=400, tab="experts", select_form=form)
    data = form.cleaned_data
    return _expert_result(request, decision, lambda: services.expert_select(
        actor=request.user, decision=decision, expert=data["expert"],
        interest_declaration=data["interest_declaration"], has_direct_interest=data["has_direct_interest"],
        outside_pool_reason=data["outside_pool_reason"]),
        form, "select", f"已选定{data['expert'].name}参加论证。")


def _assignment(decision, pk: int) -> ExpertAssignment:
    assignment = decision.expert_assignments.select_related("expert").filter(pk=pk).first()
    if assignment is None:
        raise Http404("该专家未参与本事项论证。")
    return assignment


@login_required
@require_POST
def expert_opinion_received(request, code: str, pk: int):
    """The sponsor records a signed written opinion received from an expert without a platform account."""
    decision = _managed(request, code, EXPERTS_ONLY)
    assignment = _assignment(decision, pk)
    form = ExpertOpinionForm(request.POST, prefix=f"opinion-{assignment.pk}")
    if not form.is_valid():
        return render_detail(request, decision, status=400, tab="experts", opinion_forms={assignment.pk: form})
    return _expert_result(request, decision, lambda: services.expert_opinion_add(
        actor=request.user, decision=decision, assignment=assignment.pk, opinion=form.cleaned_data["opinion"],
        signed=form.cleaned_data["signed"]), form, f"opinion:{assignment.pk}",
        f"已记录{assignment.expert.name}的书面论证意见。")


@login_required
@require_POST
def expert_adoption(request, code: str, pk: int):
    """The adoption of one expert's opinion, with the reason (第二十九条第三项)."""
    decision = _managed(request, code, EXPERTS_ONLY)
    assignment = _assignment(decision, pk)
    form = ExpertAdoptionForm(request.POST, prefix=f"adoption-{assignment.pk}")
    if not form.is_valid():
        return render_detail(request, decision, status=400, tab="experts", adoption_forms={assignment.pk: form})
    return _expert_result(request, decision, lambda: services.expert_adoption_record(
        actor=request.user, decision=decision, assignment=assignment.pk, **form.cleaned_data),
        form, f"adoption:{assignment.pk}", f"已记录{assignment.expert.name}意见的采纳情况。")


# ------------------------------------------------------------------ the expert's own pages


def my_assignments_qs(user):
    """The expert's own assignments (his platform account is linked to his pool entry). An expert holds
    decisions.expert only, not decisions.view: he reaches a decision through his assignment, nothing else."""
    return (ExpertAssignment.objects.filter(expert__user=user)
            .select_related("decision__decision_organ", "decision__agency", "expert").order_by("-id"))


@login_required
@require_GET
def my_assignments(request):
    require_perm(request.user, Perm.EXPERT, "您不是专家库中的专家。")
    page = page_from_request(request, my_assignments_qs(request.user), ordering=("-id",))
    return render(request, "decisions/my_assignments.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def decision_experts(request, code: str):
    """/decisions/<code>/experts/ — the link in the expert's invitation. The expert sees the draft and its
    explanation and submits his signed opinion; decision staff are taken to the experts tab."""
    user = request.user
    if has_perm(user, Perm.EXPERT):
        assignment = get_scoped(my_assignments_qs(user), decision__code=code)
    else:
        return redirect(detail_url(decision_for(request, code), "experts"))
    decision = assignment.decision
    can_submit = decision.state in workflow.ACTIVE_DRAFTING
    form = ExpertOpinionForm(request.POST or None, prefix="opinion", initial={"opinion": assignment.opinion})
    reasons: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            done, reasons = run_service(lambda: services.expert_opinion_add(
                actor=user, decision=decision, assignment=assignment.pk, opinion=form.cleaned_data["opinion"],
                signed=form.cleaned_data["signed"]), form)
            if done is not None:
                messages.success(request, "您的论证意见已署名提交。")
                return redirect("decisions:experts", code=decision.code)
    status = 409 if reasons else (400 if form.errors else 200)
    return render(request, "decisions/expert_assignment.html", {
        "assignment": assignment, "decision": decision, "form": form, "reasons": reasons, "can_submit": can_submit,
    }, status=status)
