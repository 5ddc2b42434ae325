"""The comment desk on a module's object page: its context and its three POST handlers.

A module's page view passes ``comments_context(...)`` to its template, which includes
``procedure/comments/_desk.html``; its URLs route to ``enter_post`` / ``bulk_post`` / ``summary_post``
with the object fetched in scope and a ``render_detail(request, obj, status=…, **form_errors)`` callable.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect

from fazhi.core import workdays
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused

from . import comments as desk
from . import services as procedure
from .choices import CommentSource, ScreeningStatus
from .forms_comments import CommentBulkForm, CommentEnterForm, CommentSummaryForm
from .models import AnswerTemplate

FILTERS = [("all", "全部"), ("pending", "待公开审核"), ("unanswered", "未答复"), ("opposing", "反对意见")]
MAX_SHOWN = 500


def _templates(target):
    agency_id = getattr(target, "agency_id", None)
    return AnswerTemplate.objects.filter(Q(agency_id=agency_id) | Q(agency__isnull=True)).order_by("outcome", "title")


FORM_KEYS = ("enter_form", "bulk_form", "summary_form", "comment_reasons")


def comments_context(request, target, *, urls: dict, call=None, enter_form=None, bulk_form=None, summary_form=None,
                     comment_reasons=None, summary: bool = True, empty_hint: str = "", noun: str = "",
                     manager: bool | None = None) -> dict:
    """Everything the comment desk shows; ``urls`` = {"enter", "bulk", "summary", "page"} ("page" ends in ? or &);
    ``summary``: the desk shows and saves the adoption summary (a module that keeps its own says False);
    ``manager``: whether the user manages the object, when the page already knows (else it is asked)."""
    call = call if call is not None else procedure.open_call_of(target)
    base = {"call": call, "comment_urls": urls, "comment_reasons": comment_reasons or [],
            "comment_summary_here": summary, "comment_empty_hint": empty_hint, "call_noun": noun}
    if call is None:
        return base
    shown = request.GET.get("cf", "all")
    source = request.GET.get("source", "")
    rows = call.comments.select_related("answered_by", "entered_by").order_by("submitted_at", "id")
    if shown == "pending":
        rows = rows.filter(screening=ScreeningStatus.PENDING)
    elif shown == "unanswered":
        rows = rows.filter(outcome="")
    elif shown == "opposing":
        rows = rows.filter(is_opposing=True)
    if source in CommentSource.values:
        rows = rows.filter(source=source)
    counts = desk.counts(call)
    by_source = [{"key": row["source"], "label": CommentSource(row["source"]).label, "n": row["n"],
                  "opposing": row["opposing"]}
                 for row in call.comments.order_by().values("source").annotate(
                     n=Count("pk"), opposing=Count("pk", filter=Q(is_opposing=True))).order_by("source")]
    working = workdays.working_days_between(call.start_date - timedelta(days=1), call.end_date)
    template_qs = _templates(target)
    templates = list(template_qs)
    manager = desk.can_manage(request.user, target) if manager is None else manager
    manage = manager and not desk.desk_for(target).open_problems(target)
    selected, template_value = set(), ""
    if bulk_form is not None and bulk_form.is_bound:
        selected = {int(v) for v in bulk_form.data.getlist("bulk-comments") if v.isdigit()}
        template_value = bulk_form.data.get("bulk-template", "")
    return {
        **base,
        "call_open": procedure.call_is_open(call),
        "call_working_days": working.days,
        "call_calendar_days": (call.end_date - call.start_date).days + 1,
        "comments": list(rows[:MAX_SHOWN]),
        "comments_truncated": counts["total"] > MAX_SHOWN,
        "comment_counts": counts,
        "comment_filters": FILTERS,
        "comment_filter": shown,
        "comment_by_source": by_source,
        "comment_source": source,
        "answer_templates": templates,
        "manage_comments": manage,
        "enter_form": enter_form or CommentEnterForm(prefix="enter"),
        "bulk_form": bulk_form or CommentBulkForm(prefix="bulk", comment_ids=[], templates=template_qs),
        "summary_form": (summary_form or CommentSummaryForm(
            prefix="summary", initial={"summary": call.summary or procedure.adoption_summary_text(call)}))
        if summary else None,
        "summary_is_draft": not call.summary,
        "selected_comments": selected,
        "bulk_template_value": template_value,
    }


def _run(request, target, form_key, form, service, done, *, render_detail, success_url):
    try:
        service()
    except TransitionRefused as exc:
        rest = form.add_refusal(exc) if hasattr(form, "add_refusal") else [str(r) for r in exc.reasons]
        return render_detail(request, target, status=409, comment_reasons=rest, **{form_key: form})
    except ServiceError as exc:
        form.add_service_errors(exc)
        return render_detail(request, target, status=400, **{form_key: form})
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, done)
    return redirect(success_url)


def _require(request, target):
    if not desk.can_manage(request.user, target):
        raise PermissionDenied("您不能处理该事项的征求意见。")


def enter_post(request, target, *, render_detail, success_url):
    _require(request, target)
    form = CommentEnterForm(request.POST, prefix="enter")
    if not form.is_valid():
        return render_detail(request, target, status=400, enter_form=form)
    return _run(request, target, "enter_form", form,
                lambda: desk.comment_enter(actor=request.user, target=target, **form.cleaned_data),
                "已录入意见，待公开审核和答复。", render_detail=render_detail, success_url=success_url)


def bulk_post(request, target, *, render_detail, success_url):
    """The selected comments: 公开 / 不予公开 (screening), or 答复 with one outcome and reason."""
    _require(request, target)
    call = procedure.open_call_of(target)
    ids = list(call.comments.values_list("pk", flat=True)) if call else []
    form = CommentBulkForm(request.POST, prefix="bulk", comment_ids=ids, templates=_templates(target))
    if not form.is_valid():
        return render_detail(request, target, status=400, bulk_form=form)
    data = form.cleaned_data
    chosen, op = data["comments"], data["op"]
    if op == "answer":
        def service():
            return desk.comments_answer(actor=request.user, target=target, comment_ids=chosen,
                                        outcome=data["outcome"], answer=data["answer"])
        done = f"已答复 {len(chosen)} 条意见。"
    else:
        def service():
            return desk.comments_screen(actor=request.user, target=target, comment_ids=chosen, show=op == "show",
                                        reason=data.get("reason", ""))
        done = f"已将 {len(chosen)} 条意见设为“{'公开' if op == 'show' else '不予公开'}”。"
    return _run(request, target, "bulk_form", form, service, done, render_detail=render_detail,
                success_url=success_url)


def summary_post(request, target, *, render_detail, success_url):
    _require(request, target)
    form = CommentSummaryForm(request.POST, prefix="summary")
    if not form.is_valid():
        return render_detail(request, target, status=400, summary_form=form)
    return _run(request, target, "summary_form", form,
                lambda: desk.comment_summary_save(actor=request.user, target=target,
                                                  summary=form.cleaned_data["summary"]),
                "已保存意见采纳情况，将随公布。", render_detail=render_detail, success_url=success_url)


def desk_views(*, fetch, tab: str, detail_url, render_detail):
    """The desk's three POST views for a module's object page, taking its public ``code``: the object in the
    user's scope (``fetch(request, code)``), the handler above, the page's ``tab`` again (``render_detail``
    with the form's errors, or a redirect to ``detail_url(obj, tab)``)."""
    from django.contrib.auth.decorators import login_required
    from django.views.decorators.http import require_POST

    def view_of(handler):
        @login_required
        @require_POST
        def view(request, code: str):
            target = fetch(request, code)
            return handler(request, target, success_url=detail_url(target, tab),
                           render_detail=lambda req, obj, status, **forms: render_detail(
                               req, obj, status=status, tab=tab, **forms))

        view.__doc__ = handler.__doc__
        return view

    return view_of(enter_post), view_of(bulk_post), view_of(summary_post)
