"""Forming the draft with the public and the experts (第二章第二节、第三节): the consultation's comment desk
(opinions by source, opposing ones kept visible, screening, bulk answers — 第十四条至第十八条), the expert pool,
choosing experts with the declaration of interests, the expert's own page where he submits his signed opinion,
and the adoption of each opinion (第十九条至第二十一条).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exports import xlsx_response
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.selectors import get_scoped
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import CommentSource, ScreeningStatus
from fazhi.procedure.models import AnswerTemplate
from fazhi.procedure.pages import attachment_url

from .. import selectors, services, workflow
from ..facts import expert_candidates
from ..filtersets import ExpertFilterSet
from ..forms import (
    CommentBulkForm,
    CommentEnterForm,
    ExpertAdoptionForm,
    ExpertCreateForm,
    ExpertOpinionForm,
    ExpertSelectForm,
)
from ..models import ExpertAssignment
from ..workflow import Perm
from .decisions import (
    EDITABLE,
    can_manage,
    decision_for,
    detail_part,
    detail_url,
    filtered,
    render_detail,
    render_list,
    require_perm,
    run_service,
    wants_xlsx,
)

# ------------------------------------------------------------------ 公众参与: the comment desk (第十四条至第十八条)

COMMENT_KEYS = {"enter_form", "bulk_form", "comment_reasons"}
COMMENT_FILTERS = [("all", "全部"), ("opposing", "反对意见"), ("pending", "待公开审核"), ("unanswered", "未答复")]
MAX_COMMENTS_SHOWN = 500


def _templates(decision):
    return AnswerTemplate.objects.filter(Q(agency=decision.agency) | Q(agency__isnull=True)).order_by("outcome", "title")


def comments_context(request, decision, call, manager: bool, *, enter_form=None, bulk_form=None,
                     comment_reasons=None) -> dict:
    if call is None:
        return {"call": None, "comment_reasons": comment_reasons or []}
    shown = request.GET.get("cf", "all")
    source = request.GET.get("source", "")
    comments = call.comments.order_by("submitted_at", "id")
    if shown == "opposing":
        comments = comments.filter(is_opposing=True)
    elif shown == "pending":
        comments = comments.filter(screening=ScreeningStatus.PENDING)
    elif shown == "unanswered":
        comments = comments.filter(outcome="")
    if source in CommentSource.values:
        comments = comments.filter(source=source)
    counts = call.comments.aggregate(
        total=Count("pk"), opposing=Count("pk", filter=Q(is_opposing=True)),
        pending=Count("pk", filter=Q(screening=ScreeningStatus.PENDING)),
        unanswered=Count("pk", filter=Q(outcome="") & ~Q(screening=ScreeningStatus.HIDDEN,
                                                           source=CommentSource.PORTAL)))
    by_source = [{"key": row["source"], "label": CommentSource(row["source"]).label, "n": row["n"],
                  "opposing": row["opposing"]}
                 for row in call.comments.order_by().values("source").annotate(
                     n=Count("pk"), opposing=Count("pk", filter=Q(is_opposing=True))).order_by("source")]
    selected, template_value = set(), ""
    if bulk_form is not None and bulk_form.is_bound:
        selected = {int(v) for v in bulk_form.data.getlist("bulk-comments") if v.isdigit()}
        template_value = bulk_form.data.get("bulk-template", "")
    templates = _templates(decision)
    manage = manager and decision.state in EDITABLE
    return {
        "call": call,
        "call_open": procedure.call_is_open(call),
        "call_days": (call.end_date - call.start_date).days + 1,
        "comments": list(comments[:MAX_COMMENTS_SHOWN]),
        "comments_truncated": counts["total"] > MAX_COMMENTS_SHOWN,
        "comment_counts": counts,
        "comment_by_source": by_source,
        "comment_filters": COMMENT_FILTERS,
        "comment_filter": shown,
        "comment_source": source,
        "answer_templates": list(templates),
        "manage_comments": manage,
        "can_enter_comment": manage and call.closed_at is None,
        "enter_form": enter_form or CommentEnterForm(prefix="enter"),
        "bulk_form": bulk_form or CommentBulkForm(prefix="bulk", comment_ids=[], templates=templates),
        "summary_draft": decision.public_opinion_summary or call.summary or procedure.adoption_summary_text(call),
        "selected_comments": selected,
        "bulk_template_value": template_value,
        "comment_reasons": comment_reasons or [],
    }


def _managed(request, code, message: str = "只有承办单位可以处理征求意见。"):
    decision = decision_for(request, code)
    if not can_manage(request.user, decision):
        raise PermissionDenied(message)
    return decision


def _comment_result(request, decision, key: str, form, call, done: str):
    _, reasons = run_service(call, form)
    if reasons:
        return render_detail(request, decision, status=409, tab="participation", comment_reasons=reasons,
                             **{key: form})
    if form.errors:
        return render_detail(request, decision, status=400, tab="participation", **{key: form})
    messages.success(request, done)
    return redirect(detail_url(decision, "participation"))


@login_required
@require_POST
def comment_enter(request, code: str):
    """Opinions of deputies, members, enterprises and associations, received on paper or at a meeting,
    recorded by source (第十四条)."""
    decision = _managed(request, code)
    form = CommentEnterForm(request.POST, prefix="enter")
    if not form.is_valid():
        return render_detail(request, decision, status=400, tab="participation", enter_form=form)
    return _comment_result(request, decision, "enter_form", form,
                           lambda: services.comment_enter(actor=request.user, decision=decision, **form.cleaned_data),
                           "已录入意见，待公开审核和答复。")


@login_required
@require_POST
def comments_bulk(request, code: str):
    """The selected comments: 公开 / 不予公开 (opposing ones stay visible), or 答复 with one outcome and reason."""
    decision = _managed(request, code)
    call = procedure.open_call_of(decision)
    if call is None:
        messages.error(request, "该决策没有公开征求意见。")
        return redirect(detail_url(decision))
    ids = list(call.comments.values_list("pk", flat=True))
    form = CommentBulkForm(request.POST, prefix="bulk", comment_ids=ids, templates=_templates(decision))
    form.fields["comments"].error_messages["invalid_choice"] = "所选意见不属于该决策的征求意见。"
    if not form.is_valid():
        return render_detail(request, decision, status=400, tab="participation", bulk_form=form)
    data = form.cleaned_data
    chosen, op = data["comments"], data["op"]
    if op == "answer":
        def call_service():
            return services.comments_answer(actor=request.user, decision=decision, comment_ids=chosen,
                                            outcome=data["outcome"], answer=data["answer"])
        done = f"已答复 {len(chosen)} 条意见。"
    else:
        def call_service():
            return services.comments_screen(actor=request.user, decision=decision, comment_ids=chosen,
                                            show=op == "show", reason=data.get("reason", ""))
        done = f"已将 {len(chosen)} 条意见设为“{'公开' if op == 'show' else '不予公开'}”。"
    return _comment_result(request, decision, "bulk_form", form, call_service, done)


# ------------------------------------------------------------------ 专家论证 on the decision page (第十九条至第二十一条)

EXPERT_KEYS = {"select_form", "opinion_forms", "adoption_forms", "expert_reasons"}


@detail_part
def _participation_and_experts(request, decision, fact, manager, context, extra) -> dict:
    part = comments_context(request, decision, fact.consultation, manager,
                            **{k: v for k, v in extra.items() if k in COMMENT_KEYS})
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
    filterset, qs = filtered(request, ExpertFilterSet, queryset)
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
    return _expert_result(request, decision, lambda: services.select_expert(
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
    return _expert_result(request, decision, lambda: services.add_expert_opinion(
        actor=request.user, decision=decision, assignment_id=assignment.pk, opinion=form.cleaned_data["opinion"],
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
    return _expert_result(request, decision, lambda: services.record_expert_adoption(
        actor=request.user, decision=decision, assignment_id=assignment.pk, **form.cleaned_data),
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
            done, reasons = run_service(lambda: services.add_expert_opinion(
                actor=user, decision=decision, assignment_id=assignment.pk, opinion=form.cleaned_data["opinion"],
                signed=form.cleaned_data["signed"]), form)
            if done is not None:
                messages.success(request, "您的论证意见已署名提交。")
                return redirect("decisions:experts", code=decision.code)
    status = 409 if reasons else (400 if form.errors else 200)
    return render(request, "decisions/expert_assignment.html", {
        "assignment": assignment, "decision": decision, "form": form, "reasons": reasons, "can_submit": can_submit,
    }, status=status)
