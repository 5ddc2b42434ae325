"""The 征求意见 tab of a document: comments entered by staff, screening before publication, answers in
bulk (from templates or free text), and the adoption summary published with the final document."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from fazhi.core import workdays
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import CommentSource, ScreeningStatus
from fazhi.procedure.models import AnswerTemplate

from .. import services, workflow
from ..choices import DocumentState
from ..forms import CommentBulkForm, CommentEnterForm, CommentSummaryForm
from .drafting import can_draft, detail_part, detail_url, document_for, render_detail

COMMENT_FILTERS = [("all", "全部"), ("pending", "待公开审核"), ("unanswered", "未答复")]
MAX_COMMENTS_SHOWN = 500


def _templates(doc):
    return AnswerTemplate.objects.filter(Q(agency=doc.agency) | Q(agency__isnull=True)).order_by("outcome", "title")


def _comment_ids(call) -> list[int]:
    return list(call.comments.values_list("pk", flat=True)) if call else []


@detail_part
def _comments_tab(request, doc, fact, drafter, extra) -> dict:
    return comments_context(request, doc, fact.call, drafter, **extra)


def comments_context(request, doc, call, drafter: bool, *, enter_form=None, bulk_form=None, summary_form=None,
                     comment_reasons=None) -> dict:
    """Everything the 征求意见 tab shows; bound forms with errors are passed in by the views below."""
    if call is None:
        return {"call": None, "comment_reasons": comment_reasons or []}
    shown = request.GET.get("cf", "all")
    comments = call.comments.select_related("answered_by", "entered_by").order_by("submitted_at", "id")
    if shown == "pending":
        comments = comments.filter(screening=ScreeningStatus.PENDING)
    elif shown == "unanswered":
        comments = comments.filter(outcome="")
    counts = call.comments.aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(screening=ScreeningStatus.PENDING)),
        shown=Count("pk", filter=Q(screening=ScreeningStatus.SHOWN)),
        unanswered=Count("pk", filter=Q(outcome="") & ~Q(screening=ScreeningStatus.HIDDEN,
                                                           source=CommentSource.PORTAL)),
    )
    working = workdays.working_days_between(call.start_date - timedelta(days=1), call.end_date)
    templates = _templates(doc)
    # Comments are answered while the draft is still the drafter's; entering needs the window's phase.
    manage = drafter and (doc.state in workflow.DRAFTABLE or doc.state == DocumentState.COMMENTING)
    summary_initial = call.summary or procedure.adoption_summary_text(call)
    selected, template_value = set(), ""
    if bulk_form is not None and bulk_form.is_bound:
        selected = {int(v) for v in bulk_form.data.getlist("bulk-comments") if v.isdigit()}
        template_value = bulk_form.data.get("bulk-template", "")
    return {
        "call": call,
        "call_open": procedure.call_is_open(call),
        "call_working_days": working.days,
        "call_calendar_days": (call.end_date - call.start_date).days + 1,
        "comments": list(comments[:MAX_COMMENTS_SHOWN]),
        "comments_truncated": counts["total"] > MAX_COMMENTS_SHOWN,
        "comment_counts": counts,
        "comment_filters": COMMENT_FILTERS,
        "comment_filter": shown,
        "answer_templates": list(templates),
        "manage_comments": manage,
        "can_enter_comment": manage and doc.state in (DocumentState.COMMENTING, DocumentState.COMMENT_CLOSED),
        "enter_form": enter_form or CommentEnterForm(prefix="enter"),
        "bulk_form": bulk_form or CommentBulkForm(prefix="bulk", comment_ids=[], templates=templates),
        "summary_form": summary_form or CommentSummaryForm(prefix="summary", initial={"summary": summary_initial}),
        "summary_is_draft": not call.summary,
        "selected_comments": selected,
        "bulk_template_value": template_value,
        "comment_reasons": comment_reasons or [],
    }


def _guarded(request, code):
    doc = document_for(request, code)
    if not can_draft(request.user, doc):
        raise PermissionDenied("只有起草单位可以处理征求意见。")
    return doc


def _run(request, doc, form_key: str, form, call_service, done: str):
    """Call the service; on refusal or bad input show the tab again with the errors next to the form."""
    try:
        call_service()
    except TransitionRefused as exc:
        return render_detail(request, doc, status=409, tab="comments", comment_reasons=exc.reasons,
                             **{form_key: form})
    except ServiceError as exc:
        form.add_service_errors(exc)
        return render_detail(request, doc, status=400, tab="comments", **{form_key: form})
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, done)
    return redirect(detail_url(doc, "comments"))


@login_required
@require_POST
def comment_enter(request, code: str):
    doc = _guarded(request, code)
    form = CommentEnterForm(request.POST, prefix="enter")
    if not form.is_valid():
        return render_detail(request, doc, status=400, tab="comments", enter_form=form)
    return _run(request, doc, "enter_form", form,
                lambda: services.comment_enter(actor=request.user, document=doc, **form.cleaned_data),
                "已录入意见，待公开审核和答复。")


@login_required
@require_POST
def comments_bulk(request, code: str):
    """The selected comments: 公开 / 不予公开 (screening), or 答复 with one outcome and reason."""
    doc = _guarded(request, code)
    call = procedure.open_call_of(doc)
    if call is None:
        messages.error(request, "该文件没有征求意见。")
        return redirect(detail_url(doc))
    form = CommentBulkForm(request.POST, prefix="bulk", comment_ids=_comment_ids(call), templates=_templates(doc))
    form.fields["comments"].error_messages["invalid_choice"] = "所选意见不属于该文件的征求意见。"
    if not form.is_valid():
        return render_detail(request, doc, status=400, tab="comments", bulk_form=form)
    data = form.cleaned_data
    ids, op = data["comments"], data["op"]
    if op == "answer":
        def call_service():
            return services.comments_answer(actor=request.user, document=doc, comment_ids=ids,
                                            outcome=data["outcome"], answer=data["answer"])
        done = f"已答复 {len(ids)} 条意见。"
    else:
        def call_service():
            return services.comments_screen(actor=request.user, document=doc, comment_ids=ids, show=op == "show",
                                            reason=data.get("reason", ""))
        done = f"已将 {len(ids)} 条意见设为“{'公开' if op == 'show' else '不予公开'}”。"
    return _run(request, doc, "bulk_form", form, call_service, done)


@login_required
@require_POST
def comment_summary(request, code: str):
    doc = _guarded(request, code)
    form = CommentSummaryForm(request.POST, prefix="summary")
    if not form.is_valid():
        return render_detail(request, doc, status=400, tab="comments", summary_form=form)
    return _run(request, doc, "summary_form", form,
                lambda: services.comment_summary_save(actor=request.user, document=doc,
                                                      summary=form.cleaned_data["summary"]),
                "已保存意见采纳情况，将随文件公布。")
