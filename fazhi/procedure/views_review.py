"""The review desk pages: one desk for every module's reviews, one review page, the opinion document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import workdays
from fazhi.core.deadlines import clock_of
from fazhi.core.exports import xlsx_response
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.selectors import get_scoped

from . import diff, reviews
from .choices import ReviewStatus
from .filtersets import ReviewDeskFilterSet
from .reviews import REVIEW_MACHINE, Perm
from .views import action_panels, transition_post

RESULTS_ID = "desk-results"


def _require_reviewer(user):
    if not has_perm(user, Perm.REVIEW):
        raise PermissionDenied("您没有审核的权限。")


def _rows(reviews_page) -> list[dict]:
    today, cal = timezone.localdate(), workdays.current_calendar()
    rows = []
    reviews_page = list(reviews_page)
    urls = reviews.page_urls(reviews_page)
    for review in reviews_page:
        try:
            review_type = reviews.type_for(review.content_type)
        except LookupError:
            review_type = None
        rows.append({"review": review, "type": review_type, "clock": clock_of(review.deadline, today, cal),
                     "url": urls.get(review.pk, ""),
                     "opinion": review_type.opinion_label(review.opinion) if review_type and review.opinion else ""})
    return rows


DESK_COLUMNS = [
    ("类别", lambda r: r["type"].name if r["type"] else ""),
    ("送审事项", lambda r: r["review"].subject_title),
    ("送审单位", lambda r: r["review"].submitting_agency.name),
    ("审核环节", lambda r: r["review"].get_stage_display()),
    ("轮次", lambda r: r["review"].round),
    ("状态", lambda r: r["review"].get_status_display()),
    ("送审时间", lambda r: r["review"].submitted_at),
    ("审核期限", lambda r: r["clock"].due),
    ("剩余工作日", lambda r: r["clock"].days),
    ("承办人", lambda r: r["review"].assigned_to.display_name if r["review"].assigned_to_id else ""),
    ("审核意见", lambda r: r["opinion"]),
]


@login_required
@require_GET
def review_desk(request):
    """What waits on the user's agency's review desk (shared by its reviewers), across modules."""
    user = request.user
    _require_reviewer(user)
    done = request.GET.get("status") == ReviewStatus.DONE
    queryset = reviews.desk(user=user, include_done=done).select_related("opinion_by")
    filterset = ReviewDeskFilterSet(request.GET or None, queryset=queryset, request=request)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else (
        queryset.none() if filterset.is_bound else queryset)
    ordering = ("-opinion_at", "-id") if done else ("deadline__due_date", "id")
    if request.GET.get("format") == "xlsx":
        return xlsx_response("审核台", "审核台", DESK_COLUMNS, _rows(queryset.order_by(*ordering)[:5000]))
    page = page_from_request(request, queryset, ordering=ordering)
    context = {
        "filter": filterset, "page": page, "rows": _rows(page.items), "done": done, "results_id": RESULTS_ID,
        "counts": reviews.desk(user=user).aggregate(
            total=Count("pk"), waiting=Count("pk", filter=Q(status=ReviewStatus.WAITING)),
            returned=Count("pk", filter=Q(status=ReviewStatus.RETURNED))),
    }
    partial = bool(request.htmx) and not request.htmx.boosted and request.htmx.target == RESULTS_ID
    response = render(request, "procedure/reviews/_desk_table.html" if partial else "procedure/reviews/desk.html",
                      context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def review_for(request, code: str):
    """A review on the user's desk (any round, done ones included); 404 for missing and forbidden alike."""
    _require_reviewer(request.user)
    qs = reviews.desk(user=request.user, include_done=True).select_related(
        "version", "confirmed_version", "opinion_by", "changes_confirmed_by", "submitted_by", "agency")
    return get_scoped(qs, code=code)


def _target_panels(request, review, review_type, target, errors) -> list[dict]:
    """The module's own steps on the object that are taken on the review page (``ReviewType.desk_actions``),
    offered only while this round is on the desk."""
    if not review_type.desk_actions or review.status not in reviews.ON_DESK:
        return []
    machine = review_type.machine
    options = [o for o in machine.options(request.user, target) if o.transition.action in review_type.desk_actions]
    return action_panels(machine, request.user, target, errors=errors, options=options, on_desk=True)


def review_context(request, review, *, action_errors=None, target_errors=None) -> dict:
    target = reviews.target_of(review)
    review_type = reviews.type_for(target)
    title, body = review_type.text(target)
    current = reviews.current_hash(target)
    reviewed = review.confirmed_version or review.version
    # the text the page compares with: what the opinion binds, or — before the opinion, and while a 修改后合法
    # opinion waits for its confirmation — the text submitted
    bound = (reviews.bound_hash(review) if review.status == ReviewStatus.DONE else "") or review.version_hash
    changed = bool(reviewed) and bool(bound) and bound != current
    rows = diff.side_by_side(reviewed.body, body) if changed and reviewed else []
    history = list(reviews.reviews_of(target).select_related("agency", "opinion_by", "version")
                   .prefetch_related("returns"))
    # A later round with an unchanged text: what changed since the round before (第二十五条至第二十八条; the
    # reviewer reads what the drafter changed after the last opinion or return).
    previous = next((r.version for r in reversed(history) if r.round < review.round and r.version_id
                     and reviewed and r.version_id != reviewed.pk), None)
    if not rows and previous is not None:
        rows = diff.side_by_side(previous.body, reviewed.body)
    panel_context = review_type.panel_context(request, review, target) if review_type.panel_context else {}
    return {
        "review": review, "target": target, "type": review_type, "target_url": review_type.url(target),
        "clock": clock_of(review.deadline, timezone.localdate()),
        "materials": review_type.materials(target) if review_type.materials else {},
        "reviewed": reviewed, "current_title": title, "current_body": body, "changed": changed,
        "previous": previous if rows and not changed else None,
        "diff_rows": rows, "diff_stats": diff.diff_stats(rows) if rows else None,
        "history": history, "opinion_label": review_type.opinion_label(review.opinion) if review.opinion else "",
        "checklist_done": review_type.checklist_rows(review) if review.status == ReviewStatus.DONE else [],
        "panels": [{**panel, "legal": review_type.step_basis.get(panel["action"], panel["legal"])}
                   for panel in action_panels(REVIEW_MACHINE, request.user, review, errors=action_errors)],
        "post_url": reverse("procedure:review_transition", args=[review.code]),
        "target_panels": _target_panels(request, review, review_type, target, target_errors),
        "target_post_url": reverse("procedure:review_target_transition", args=[review.code]),
        "panel_template": review_type.panel, **panel_context,
    }


def render_review(request, review, *, status: int = 200, action_errors=None, target_errors=None):
    return render(request, "procedure/reviews/review.html",
                  review_context(request, review, action_errors=action_errors, target_errors=target_errors),
                  status=status)


@login_required
@require_GET
def review_page(request, code: str):
    review = review_for(request, code)
    try:
        reviews.type_for(review.content_type)
    except LookupError:  # a module no longer installed
        raise Http404("审核事项不存在") from None
    return render_review(request, review)


@login_required
@require_POST
def review_transition(request, code: str):
    review = review_for(request, code)
    return transition_post(
        request, machine=REVIEW_MACHINE, obj=review,
        render_detail=lambda req, obj, status, action_errors: render_review(req, obj, status=status,
                                                                              action_errors=action_errors),
        success_url=lambda obj, transition, result: reverse("procedure:review", args=[obj.code]))


@login_required
@require_POST
def review_target_transition(request, code: str):
    """A module's own step on the reviewed object, taken on the review page (``ReviewType.desk_actions``)."""
    review = review_for(request, code)
    try:
        review_type = reviews.type_for(review.content_type)
    except LookupError:
        raise Http404("审核事项不存在") from None
    if request.POST.get("action", "") not in review_type.desk_actions or review.status not in reviews.ON_DESK:
        messages.error(request, "本轮审核没有这一操作，请刷新页面后重试。")
        return redirect("procedure:review", code=review.code)
    return transition_post(
        request, machine=review_type.machine, obj=reviews.target_of(review),
        render_detail=lambda req, obj, status, action_errors: render_review(req, review, status=status,
                                                                              target_errors=action_errors),
        success_url=lambda obj, transition, result: reverse("procedure:review", args=[review.code]),
        on_desk=lambda transition: transition.action in review_type.desk_actions)


@login_required
@require_GET
def review_opinion_docx(request, code: str):
    review = review_for(request, code)
    if review.status != ReviewStatus.DONE:
        raise Http404("尚未出具审核意见。")
    content = reviews.opinion_docx(review)
    response = FileResponse(content, as_attachment=True, filename=content.name,
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Cache-Control"] = "private, no-store"
    return response


def desk_pending(user) -> list:
    """The review desk's count on the home page (待办)."""
    from fazhi.core.views import PendingItem

    if not has_perm(user, Perm.REVIEW) or user.agency_id is None:
        return []
    counts = reviews.desk(user=user).aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(deadline__status="overdue")
                                          | Q(deadline__status="open", deadline__due_date__lt=timezone.localdate())))
    if not counts["total"]:
        return []
    items = [PendingItem(label="审核台待办", count=counts["total"], url=reverse("procedure:review_desk"))]
    if counts["overdue"]:
        items.append(PendingItem(label="审核已超期", count=counts["overdue"],
                                 url=reverse("procedure:review_desk") + "?overdue=on", level="danger"))
    return items
