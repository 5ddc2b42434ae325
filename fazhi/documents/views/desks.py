"""The desks of the normative-document module: the document's part of the kernel review page (the marked text
and the pre-check findings), filing review and citizens' review suggestions (cleanup campaigns and upper-level laws are in cleanup.py, statistics in stats.py).

Views are thin: validate → fetch with permission (selectors + get_scoped: 404 for missing and forbidden
alike) → service → redirect with a message, or the page again with the field errors (400) or the unmet
conditions as a Chinese list (409).
"""

from datetime import date
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core import workdays
from fazhi.core.choices import AgencyKind
from fazhi.core.deadlines import Clock, clock_of  # noqa: F401 — Clock is in the desks' context
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.exports import xlsx_response
from fazhi.core.models import Agency, Deadline
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import P, has_perm
from fazhi.core.scope import restrict
from fazhi.core.selectors import get_scoped
from fazhi.core.views_admin.common import require_perm as require_perm  # one 403 rule for every page
from fazhi.procedure import reviews
from fazhi.procedure.models import LegalityReview
from fazhi.procedure.views import run_service

from .. import selectors, services, services_review
from ..choices import (
    FilingReviewStatus,
    FilingStatus,
    SuggestionStatus,
)
from ..forms_desks import (
    FILING_DECIDABLE,
    FILING_TABS,
    FilingDecisionForm,
    FilingDeskFilterSet,
    FilingExtendForm,
    FindingMarkForm,
    SuggestionAnswerForm,
    SuggestionFilterSet,
)
from ..models import NormativeDocument
from ..workflow import Perm

RESULTS_ID = "desk-results"
DECIDABLE = FILING_DECIDABLE

# ------------------------------------------------------------------ plumbing



def filtered(filterset):
    """The filtered rows; none while a filter value is invalid (its error shows next to the field)."""
    if not filterset.is_bound:
        return filterset.queryset
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def render_list(request, template: str, partial: str, context: dict):
    """The whole page, or only the results when htmx asks for them (filter bar, paging)."""
    is_partial = bool(request.htmx) and not request.htmx.boosted and request.htmx.target == RESULTS_ID
    response = render(request, partial if is_partial else template, {**context, "results_id": RESULTS_ID})
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def serve_attachment(attachment):
    """An attachment the caller has already reached through a scoped selector."""
    if attachment is None:
        raise Http404("没有可下载的文件。")
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404("附件文件已丢失，请联系系统管理员。")
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _visible_docs(user, ids) -> dict[int, NormativeDocument]:
    return {d.pk: d for d in selectors.document_list(user=user).filter(pk__in=ids)}


# ------------------------------------------------------------------ the document's part of the kernel review page
# The review itself — the desk, the page, the opinion, return and confirmation — is the kernel's
# (procedure.views_review); documents/review.py registers the type, and the page includes the marked text and
# the pre-check findings built here.


def _review_for(request, code: str) -> tuple[NormativeDocument, LegalityReview]:
    """The document (by its public code) and its latest review round on the user's desk; 404 otherwise."""
    require_perm(request.user, Perm.REVIEW, "您没有合法性审核的权限。")
    doc = get_scoped(selectors.document_list(user=request.user), code=code)
    review = get_scoped(reviews.desk(user=request.user, include_done=True).filter(
        content_type__model="normativedocument", object_id=str(doc.pk)).order_by("-round", "-id"))
    latest = reviews.latest_review(doc)
    if latest is None or latest.pk != review.pk:
        raise Http404("该文件的本轮审核不在您单位的审核台。")
    return doc, review


def highlighted_text(text: str, findings: list[dict]) -> tuple[str, dict[int, str]]:
    """The reviewed text as HTML with each located, not dismissed finding's sentence marked
    (precheck.highlight_html), and the id of the mark that holds each finding."""
    import re

    from ..precheck import highlight_html

    located = [(i, f) for i, f in enumerate(findings) if finding_located(text, f) and f.get("status") != "dismissed"]
    shown = [SimpleNamespace(**{k: f.get(k) for k in ("rule", "rule_label", "start", "end")},
                             match_start=f.get("match_start", 0), match_end=f.get("match_end", 0))
             for _, f in located]
    html = highlight_html(text, shown)
    # highlight_html emits one <mark> per distinct (start, end), in order, skipping overlaps: number them alike.
    spans: dict[tuple[int, int], list[int]] = {}
    for index, f in located:
        spans.setdefault((f["start"], f["end"]), []).append(index)
    mark_of: dict[int, str] = {}
    kept, pos = [], 0
    for (start, end), indexes in sorted(spans.items()):
        if start < pos:
            continue
        mark_id = f"pc-mark-{len(kept) + 1}"
        statuses = {findings[i].get("status", "open") for i in indexes}
        kept.append((mark_id, "confirmed" if statuses == {"confirmed"} else "open"))
        mark_of.update({i: mark_id for i in indexes})
        pos = end
    marks = iter(kept)

    def number(match):
        mark_id, status = next(marks, ("", "open"))
        return f'<mark id="{mark_id}" data-status="{status}" tabindex="-1"' if mark_id else match.group(0)

    return re.sub(r"<mark(?= class=\"precheck\")", number, html), mark_of


def finding_located(text: str, finding: dict) -> bool:
    start, end = finding.get("start"), finding.get("end")
    return (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            and text[start:end] == finding.get("sentence"))


FINDING_STATUS = {"open": ("待判断", "text-bg-warning"), "confirmed": ("已确认", "text-bg-danger"),
                  "dismissed": ("已排除", "text-bg-secondary")}


def finding_rows(text: str, findings: list[dict], mark_of: dict[int, str]) -> list[dict]:
    rows = []
    for index, f in enumerate(findings):
        status = f.get("status", "open") if f.get("status") in FINDING_STATUS else "open"
        rows.append({"index": index, "f": f, "status": status, "status_label": FINDING_STATUS[status][0],
                     "badge": FINDING_STATUS[status][1], "mark_id": mark_of.get(index, ""),
                     "document_level": not f.get("sentence"),
                     "stale": bool(f.get("sentence")) and not finding_located(text, f)})
    return rows


def review_panel_context(request, review, doc) -> dict:
    """The submitted text with the pre-check's sentences marked, and the findings the reviewer confirms or
    dismisses (services_review.precheck_finding_mark) — the document's part of the kernel review page."""
    text = review.version.body if review.version_id else doc.body
    findings = list(review.precheck_findings or [])
    html, mark_of = highlighted_text(text, findings)
    rows = finding_rows(text, findings, mark_of)
    reviewed_number = review.version.number if review.version_id else None
    return {
        "doc": doc, "text_html": html, "findings": rows, "reviewed_number": reviewed_number,
        "finding_counts": {s: sum(1 for r in rows if r["status"] == s) for s in FINDING_STATUS},
        "markable": review.status in services_review.MARKABLE,
        "changed_since": bool(reviewed_number and doc.version_count > reviewed_number),
    }


def _review_url(review, anchor: str = "") -> str:
    return reverse("procedure:review", args=[review.code]) + (f"#{anchor}" if anchor else "")


@login_required
@require_POST
def precheck_mark(request, code: str, index: int):
    """Confirm or dismiss one pre-check finding; htmx gets the finding and the marked text back."""
    doc, review_ = _review_for(request, code)
    form = FindingMarkForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "请选择“确认”或“排除”。"
    else:
        try:
            services_review.precheck_finding_mark(actor=request.user, document=doc, index=index,
                                                  status=form.cleaned_data["status"], note=form.cleaned_data["note"])
        except TransitionRefused as exc:
            error = "；".join(str(r) for r in exc.reasons)
        except ServiceError as exc:
            error = exc.message
        except NotPermitted as exc:
            raise PermissionDenied(exc.message)
    review_.refresh_from_db(fields=["precheck_findings", "status"])
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(_review_url(review_, f"finding-{index}"))
    context = review_panel_context(request, review_, doc)
    row = next((r for r in context["findings"] if r["index"] == index), None)
    if row is None:
        raise Http404("该预审提示不存在。")
    # 200 even when refused: htmx swaps only successful answers, and the refusal is shown inside the finding.
    return render(request, "documents/desks/_finding_swap.html", {**context, "row": row, "error": error})


# ------------------------------------------------------------------ the filing desk


def _filing_rows(filings, today: date, errors: dict | None = None) -> list[dict]:
    rows = []
    cal = workdays.current_calendar() if any(f.review_deadline_id for f in filings) else None
    for filing in filings:
        late_filed = filing.filed_on is not None and filing.filed_on > filing.due_date
        unfiled_late = filing.status == FilingStatus.PENDING and filing.due_date < today
        decidable = filing.status == FilingStatus.FILED and filing.review_status in DECIDABLE
        rows.append({
            "filing": filing, "doc": filing.document, "late": late_filed or unfiled_late,
            "late_filed": late_filed, "unfiled_late": unfiled_late, "decidable": decidable,
            "escalated": filing.review_status == FilingReviewStatus.ESCALATED,
            "form": FilingDecisionForm(prefix=f"f{filing.pk}") if decidable else None,
            "reasons": [],
            "review_clock": clock_of(filing.review_deadline, today, cal) if filing.review_deadline_id else None,
            "extend_form": FilingExtendForm(prefix=f"x{filing.pk}")
            if decidable and filing.review_deadline_id and not filing.review_extended_by else None,
        })
    return rows


FILING_COLUMNS = [
    ("文件名称", lambda f: f.document.title),
    ("文号", lambda f: f.document.number),
    ("制定机关", lambda f: f.document.issuing_agency.name),
    ("公布日期", lambda f: f.document.publication_date),
    ("报备期限", lambda f: f.due_date),
    ("报备日期", lambda f: f.filed_on),
    ("逾期报备", lambda f: f.is_late or (f.filed_on is None and f.due_date < timezone.localdate())),
    ("报备状态", lambda f: f.get_status_display()),
    ("审查结果", lambda f: f.get_review_status_display()),
    ("审查日期", lambda f: f.reviewed_on),
    ("审查意见", lambda f: f.review_opinion),
]


@login_required
@require_GET
def filing_desk(request):
    """Filings addressed to the government whose justice bureau the user works in."""
    user = request.user
    require_perm(user, Perm.FILING_REVIEW, "您没有备案审查的权限。")
    tab = request.GET.get("show") or "todo"
    base = selectors.filing_desk(user=user).select_related("package", "correction_deadline", "review_deadline")
    queryset = base
    if tab == "todo":
        queryset = base.filter(status=FilingStatus.FILED, review_status__in=DECIDABLE)
    elif tab == "unfiled":
        queryset = base.filter(status=FilingStatus.PENDING)
    filterset = FilingDeskFilterSet(request.GET or None, queryset=queryset, request=request)
    queryset = filtered(filterset)
    ordering = ("due_date", "id")
    if request.GET.get("format") == "xlsx":
        return xlsx_response("备案审查台", "备案审查台", FILING_COLUMNS, queryset.order_by(*ordering).iterator())
    page = page_from_request(request, queryset, ordering=ordering)
    today = timezone.localdate()
    counts = base.aggregate(
        todo=Count("pk", filter=Q(status=FilingStatus.FILED, review_status__in=DECIDABLE)),
        unfiled=Count("pk", filter=Q(status=FilingStatus.PENDING)),
        overdue=Count("pk", filter=Q(status=FilingStatus.PENDING, due_date__lt=today)),
        escalated=Count("pk", filter=Q(review_status=FilingReviewStatus.ESCALATED)))
    authority = (Agency.objects.filter(region_id=user.agency.region_id, kind=AgencyKind.GOVERNMENT, is_active=True)
                 .first() if user.agency_id else None)
    return render_list(request, "documents/desks/filing_desk.html", "documents/desks/_filing_list.html", {
        "filter": filterset, "page": page, "rows": _filing_rows(page.items, today), "tab": tab,
        "authority": authority,
        "tabs": FILING_TABS, "counts": counts, "today": today,
    })


def _filing_for(request, code: str):
    require_perm(request.user, Perm.FILING_REVIEW, "您没有备案审查的权限。")
    return get_scoped(selectors.filing_desk(user=request.user).select_related(
        "package", "correction_deadline", "review_deadline"), document__code=code)


@login_required
@require_POST
def filing_extend(request, code: str):
    """Extend the 备案审查 time limit once, with the head's approval (services.filing_review_extend). A refusal
    or a missing field comes back on the filing's page, at the field it concerns, with the panel open."""
    filing = _filing_for(request, code)
    form = FilingExtendForm(request.POST, prefix=f"x{filing.pk}")
    reasons, status = [], 400
    if form.is_valid():
        ran = run_service(lambda: services.filing_review_extend(
            actor=request.user, document=filing.document, **form.cleaned_data), form)
        reasons, status = ran.reasons, ran.status
        if ran.done:
            messages.success(request, f"已延长备案审查期限——{filing.document.title}。")
            return redirect(reverse("documents:filing_desk"))
    row = _filing_rows([filing], timezone.localdate())[0]
    row.update(extend_form=form, extend_reasons=reasons, extend_open=True)
    return render(request, "documents/desks/filing_decide.html", {"row": row, "today": timezone.localdate()},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def filing_decide(request, code: str):
    """One filing with its decision form (the desk posts here; refusals come back on this page)."""
    filing = _filing_for(request, code)
    today = timezone.localdate()
    row = _filing_rows([filing], today)[0]
    status = 200
    if request.method == "POST":
        form = FilingDecisionForm(request.POST, prefix=f"f{filing.pk}")
        row["form"] = form
        if not row["decidable"]:
            row["reasons"] = [f"该备案当前为“{filing.get_status_display()}·{filing.get_review_status_display()}”，"
                              "不能作出备案审查决定。"]
            status = 409
        elif not form.is_valid():
            status = 400
        else:
            data = form.cleaned_data
            ran = run_service(lambda: services.filing_decide(
                actor=request.user, document=filing.document, decision=data["decision"],
                opinion=data.get("opinion") or "", correction_days=data.get("correction_days")), form)
            row["reasons"], status = ran.reasons, ran.status
            if ran.done:
                label = FilingReviewStatus(data["decision"]).label
                messages.success(request, f"已作出备案审查决定：{label}——{filing.document.title}。")
                return redirect(reverse("documents:filing_desk"))
    return render(request, "documents/desks/filing_decide.html", {"row": row, "today": today}, status=status)


@login_required
@require_GET
def filing_package(request, code: str):
    """The filing package (.docx: 备案报告 with the document, the drafting notes and the legality opinion)."""
    return serve_attachment(_filing_for(request, code).package)


# ------------------------------------------------------------------ citizens' review suggestions


@login_required
@require_GET
def suggestions(request):
    user = request.user
    require_perm(user, Perm.FILING_REVIEW, "您没有处理审查建议的权限。")
    base = selectors.suggestion_list(user=user).select_related("document__issuing_agency", "answered_by", "deadline__agency")
    status = request.GET.get("status") or SuggestionStatus.RECEIVED
    queryset = base.filter(status=status) if status in SuggestionStatus.values else base
    filterset = SuggestionFilterSet(request.GET or None, queryset=queryset, request=request)
    queryset = filtered(filterset)
    ordering = ("submitted_at", "id") if status == SuggestionStatus.RECEIVED else ("-submitted_at", "-id")
    page = page_from_request(request, queryset, ordering=ordering)
    today, cal = timezone.localdate(), workdays.current_calendar()
    answerable = _answerable(user, page.items)
    rows = [{"s": s, "clock": clock_of(s.deadline, today, cal),
             "form": SuggestionAnswerForm(prefix=f"s{s.pk}") if s.pk in answerable else None}
            for s in page.items]
    return render_list(request, "documents/desks/suggestions.html", "documents/desks/_suggestion_list.html", {
        "filter": filterset, "page": page, "rows": rows,
        "pending": base.filter(status="received").count(),
    })


def _answerable(user, items) -> set[int]:
    """Suggestions the user may answer: services.suggestion_answer requires the answer deadline (held by the
    handling justice bureau) to be in the user's scope, which selectors.suggestion_list does not check."""
    visible = set(restrict(Deadline.objects.filter(pk__in=[s.deadline_id for s in items if s.deadline_id]), user,
                           P.VIEW_DEADLINE).values_list("pk", flat=True))
    return {s.pk for s in items if s.deadline_id is None or s.deadline_id in visible}


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_answer(request, code: str):
    require_perm(request.user, Perm.FILING_REVIEW, "您没有处理审查建议的权限。")
    suggestion = get_scoped(selectors.suggestion_list(user=request.user).select_related("document__issuing_agency"),
                            code=code)
    if not _answerable(request.user, [suggestion]):
        raise PermissionDenied("该审查建议由其他机关答复。")
    form = SuggestionAnswerForm(request.POST or None, prefix=f"s{suggestion.pk}")
    reasons, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            ran = run_service(lambda: services.suggestion_answer(
                actor=request.user, suggestion=suggestion, answer=form.cleaned_data["answer"]), form)
            reasons, status = ran.reasons, ran.status
            if ran.done:
                messages.success(request, f"已答复审查建议（受理编号 {suggestion.code}）。")
                return redirect(reverse("documents:suggestions"))
    today = timezone.localdate()
    row = {"s": suggestion, "clock": clock_of(suggestion.deadline, today, workdays.current_calendar()),
           "form": form, "reasons": reasons}
    return render(request, "documents/desks/suggestion_answer.html", {"row": row}, status=status)


# ------------------------------------------------------------------ 待办 counts for the home page


def desk_pending(user) -> list:
    """The desks' waiting work for the home page (core.views.register_pending_work(desk_pending))."""
    from fazhi.core.views import PendingItem

    items = []
    if has_perm(user, Perm.DRAFT):
        # A drafter's own work: returned drafts, comments still without an answer, documents in progress.
        from django.contrib.contenttypes.models import ContentType

        from fazhi.procedure.models import Comment

        from ..choices import DocumentState
        from ..models import NormativeDocument

        drafts = selectors.my_drafts(user=user)
        counts = drafts.aggregate(returned=Count("pk", filter=Q(state=DocumentState.RETURNED)), all=Count("pk"))
        ids = [str(pk) for pk in drafts.values_list("pk", flat=True)]
        unanswered = Comment.objects.filter(call__content_type=ContentType.objects.get_for_model(NormativeDocument),
                                            call__object_id__in=ids, outcome="").count() if ids else 0
        mine = reverse("documents:my_drafts")
        items += [PendingItem("规范性文件：退回补充的草案", counts["returned"], f"{mine}?state=returned", "danger"),
                  PendingItem("规范性文件：未答复的意见", unanswered, mine, "warning"),
                  PendingItem("规范性文件：办理中的文件", counts["all"], mine)]
    # The reviews waiting on the user's desk are counted by the kernel's review desk (procedure.views_review).
    if has_perm(user, Perm.FILING_REVIEW):
        todo = selectors.filing_desk(user=user).filter(status=FilingStatus.FILED, review_status__in=DECIDABLE)
        items.append(PendingItem("待备案审查", todo.count(), reverse("documents:filing_desk")))
        answer = selectors.suggestion_list(user=user).filter(status="received")
        items.append(PendingItem("待答复的审查建议", answer.count(), reverse("documents:suggestions"), "warning"))
    return items

