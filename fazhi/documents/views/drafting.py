"""Drafting-side staff pages: the document list, 我的起草, the draft form, the document page with its
action panel, version comparison and the timeline.

Views are thin: validate → fetch with permission (selectors + get_scoped, 404 for missing and forbidden
alike) → service → redirect with a message, or the page again with the errors (400) or the unmet
conditions (409). The steps of the procedure are the machine's (``workflow.MACHINE``): the action panel
and its one POST handler are the kernel's (``procedure.views``); what blocks a document's plausible next
step is what the machine and the step's input conditions say (``steps.Planner``).
"""

import zipfile
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.functions import Length
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods
from docx.opc.exceptions import PackageNotFoundError

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.exports import list_export, xlsx_response
from fazhi.core.filtersets import PageFilter
from fazhi.core.paging import list_total, page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.selectors import get_scoped
from fazhi.core.views_admin.common import require_perm as require_perm  # one 403 rule for every page
from fazhi.procedure import reviews as reviews_kernel
from fazhi.procedure import services as procedure
from fazhi.procedure.models import LegalityReview
from fazhi.procedure.pages import attachment_url, store_upload, stored_uploads, url_or_none
from fazhi.procedure.views import action_panels, object_views

from .. import rules, selectors, services, workflow
from ..choices import CampaignStatus, DocumentState, FilingStatus, Validity
from ..docgen import extract_docx_text
from ..exports import sort_of
from ..filtersets import DocumentFilterSet, MyDraftFilterSet
from ..forms import DocumentForm
from ..models import CleanupItem, NormativeDocument
from ..workflow import MACHINE, Perm
from . import timeline as timeline_text
from .steps import Planner

RESULTS_ID = "doc-results"

# ------------------------------------------------------------------ plumbing



def detail_url(doc, tab: str = "") -> str:
    url = reverse("documents:detail", args=[doc.code])
    return f"{url}?tab={tab}" if tab else url


def document_for(request, code: str) -> NormativeDocument:
    """The document if the user may see it (documents.view in scope; a government office that decides on
    revocations sees only the documents proposed for revocation); 404 for missing and forbidden alike."""
    if has_perm(request.user, Perm.VIEW):
        qs = selectors.document_list(user=request.user)
    else:
        require_perm(request.user, Perm.REVOKE, "您没有查看规范性文件的权限。")
        qs = selectors.revocation_cases(user=request.user)
    qs = (qs
          .select_related("issuing_agency__region", "filing_authority", "created_by", "signed_pdf",
                          "fair_competition__attachment", "filing__package", "congress_filing")
          .prefetch_related("upper_laws"))
    return get_scoped(qs, code=code)


def can_draft(user, doc) -> bool:
    """The user holds documents.draft over this document (the services check the same)."""
    return has_perm(user, Perm.DRAFT) and restrict(
        NormativeDocument.objects.filter(pk=doc.pk), user, Perm.DRAFT).exists()


# ------------------------------------------------------------------ lists

def _sort(request) -> tuple[str, tuple[str, ...]]:
    return sort_of(request.GET)


def _filtered(request, filterset_class, queryset):
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return filterset, qs


def _render_list(request, template: str, context: dict):
    partial = bool(request.htmx) and not request.htmx.boosted and request.htmx.target == RESULTS_ID
    response = render(request, f"documents/_{template}_table.html" if partial else f"documents/{template}.html",
                      context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@login_required
@require_GET
def document_list(request):
    require_perm(request.user, Perm.VIEW, "您没有查看规范性文件的权限。")
    if request.GET.get("format") == "xlsx":
        return list_export(request, "documents.list")
    page_filter = PageFilter(request, DocumentFilterSet, selectors.document_list(user=request.user))
    sort, ordering = _sort(request)
    qs = page_filter.qs
    page = page_from_request(request, selectors.document_table_rows(qs), ordering=ordering)
    return _render_list(request, "document_list", {
        "filter": page_filter, "page": page, "sort": sort, "default_sort": "-updated_at", "total": list_total(qs),
        "results_id": RESULTS_ID, "can_create": has_perm(request.user, Perm.DRAFT),
    })


def _draft_rows(docs: list, today: date) -> list[dict]:
    planner = Planner(docs, today)
    return [{"doc": doc, "steps": planner.steps(doc)} for doc in docs]


def _steps_text(steps, reasons: bool = False) -> str:
    if reasons:
        return "；".join(r for s in steps for r in s.reasons)
    return "；".join(f"{s.label}（{s.who}）" for s in steps)


@login_required
@require_GET
def my_drafts(request):
    require_perm(request.user, Perm.DRAFT, "您没有起草规范性文件的权限。")
    queryset = (selectors.my_drafts(user=request.user).select_related("issuing_agency__region", "fair_competition")
                .prefetch_related("upper_laws"))
    filterset, qs = _filtered(request, MyDraftFilterSet, queryset)
    sort, ordering = _sort(request)
    today = timezone.localdate()
    if request.GET.get("format") == "xlsx":
        rows = _draft_rows(list(qs.order_by(*ordering)), today)
        columns = [("文件名称", lambda r: r["doc"].title), ("制定机关", lambda r: r["doc"].issuing_agency.name),
                   ("办理状态", lambda r: r["doc"].get_state_display()),
                   ("下一步", lambda r: _steps_text(r["steps"])),
                   ("尚需办理的事项", lambda r: _steps_text(r["steps"], reasons=True)),
                   ("更新时间", lambda r: r["doc"].updated_at)]
        return xlsx_response("我的起草", "我的起草", columns, rows)
    page = page_from_request(request, qs, ordering=ordering)
    return _render_list(request, "my_drafts", {
        "filter": filterset, "page": page, "rows": _draft_rows(page.items, today), "sort": sort,
        "default_sort": "-updated_at", "total": qs.count(), "results_id": RESULTS_ID,
    })


# ------------------------------------------------------------------ new draft, edit


def _docx_text(upload) -> str:
    try:
        text = extract_docx_text(upload)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise ServiceError(field_errors={"docx": ["无法读取该文件：请确认是 Word 2007 及以上版本的 .docx 文件。"]})
    if not text.strip():
        raise ServiceError(field_errors={"docx": ["未能从该文件中读出文字，请检查文件内容或直接粘贴正文。"]})
    return text


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    require_perm(request.user, Perm.DRAFT, "您没有起草规范性文件的权限。")
    user = request.user
    form = DocumentForm(request.POST or None, request.FILES or None, user=user,
                        initial={"issuing_agency": user.agency_id, "validity_years": rules.current().validity_max_years})
    if request.method == "POST" and form.is_valid():
        try:
            with stored_uploads() as stored, transaction.atomic():
                changes = form.changes()
                upload = form.cleaned_data.get("docx")
                if upload:
                    changes["body"] = _docx_text(upload)
                doc = services.document_create(actor=user, **changes)
                if upload:
                    store_upload(user, upload, doc, stored)
        except ServiceError as exc:
            form.add_service_errors(exc)
        except NotPermitted as exc:
            raise PermissionDenied(exc.message)
        else:
            messages.success(request, f"已创建草稿“{doc.title}”。")
            return redirect(detail_url(doc))
    return render(request, "documents/document_form.html", {"form": form, "doc": None},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, code: str):
    doc = document_for(request, code)
    if not can_draft(request.user, doc):
        raise PermissionDenied("您不能修改该文件：只有起草单位可以修改草稿。")
    if doc.state not in workflow.DRAFTABLE:
        messages.warning(request, f"文件当前状态为“{doc.get_state_display()}”，不能修改。")
        return redirect(detail_url(doc))
    initial = {name: getattr(doc, name) for name in ("title", "category", "affects_rights", "concerns_market",
                                                     "validity_years", "drafting_notes", "legal_basis", "body")}
    initial.update(issuing_agency=doc.issuing_agency_id, upper_laws=list(doc.upper_laws.all()))
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user, editing=True,
                        initial=initial)
    form.fields["issuing_agency"].queryset = (form.fields["issuing_agency"].queryset
                                              | type(doc.issuing_agency).objects.filter(pk=doc.issuing_agency_id))
    if request.method == "POST" and form.is_valid():
        versions_before = doc.version_count
        try:
            with stored_uploads() as stored, transaction.atomic():
                changes = form.changes()
                upload = form.cleaned_data.get("docx")
                source = None
                if upload:
                    changes["body"] = _docx_text(upload)
                    source = store_upload(request.user, upload, doc, stored)
                doc = services.document_update(actor=request.user, document=doc, note=form.cleaned_data.get("note", ""),
                                               source=source, **changes)
        except ServiceError as exc:
            form.add_service_errors(exc)
        except TransitionRefused as exc:
            form.add_error(None, "；".join(exc.reasons))
        except NotPermitted as exc:
            raise PermissionDenied(exc.message)
        else:
            text = "已保存修改。"
            if doc.version_count > versions_before:
                text += f"正文已修改，形成第 {doc.version_count} 版。"
            messages.success(request, text)
            return redirect(detail_url(doc, "body"))
    return render(request, "documents/document_form.html", {"form": form, "doc": doc},
                  status=400 if form.errors else 200)


# ------------------------------------------------------------------ the document page

TABS = [("info", "基本信息"), ("body", "正文"), ("versions", "版本"), ("comments", "征求意见"),
        ("review", "合法性审核"), ("deliberation", "集体审议"), ("publication", "公布与备案"), ("timeline", "时间线")]


def _action_initial(action: str, doc, planner: Planner) -> dict:
    today = planner.today
    if action == "open_comment":
        start, end = planner.window(doc)
        return {"start": start, "end": end}
    if action == "deliberate":
        return {"meeting_date": today, "meeting_type": "standing", "outcome": "adopted"}
    if action == "publish":
        return {"publication_date": today, "validity_years": doc.validity_years}
    return {}


# The tabs other view modules own (the comment desk in comments.py) add their part of the document page
# here when they are imported (urls.py imports them all): ``part(request, doc, fact, drafter, extra) -> dict``.
DETAIL_PARTS: list = []


def detail_part(part):
    DETAIL_PARTS.append(part)
    return part


def detail_context(request, doc, *, tab: str = "", action_errors: dict | None = None, **extra) -> dict:
    user, today = request.user, timezone.localdate()
    planner = Planner([doc], today)
    fact = planner.facts[doc.pk]
    drafter = can_draft(user, doc)
    tab = tab or request.GET.get("tab", "")
    reviews = list(LegalityReview.objects.filter(
        content_type=ContentType.objects.get_for_model(NormativeDocument), object_id=str(doc.pk))
        .select_related("agency", "deadline", "opinion_by", "version").prefetch_related("returns")
        .defer("version__body").order_by("round", "id"))
    cleanup = (CleanupItem.objects.filter(document=doc, campaign__status=CampaignStatus.OPEN, decision="")
               .select_related("campaign").first() if drafter and doc.state == DocumentState.PUBLISHED else None)
    context = {
        "doc": doc,
        "tabs": TABS, "tab_dir": "documents", "page_key": "doc", "comment_tab": "comments",
        "cleanup": cleanup,
        "cleanup_url": url_or_none("documents:campaign_detail", cleanup.campaign.code) if cleanup else None,
        "tab": tab if tab in dict(TABS) else "info",
        "validity": Validity(doc.validity),
        "steps": planner.steps(doc),
        "fact": fact,
        "drafter": drafter,
        "editable": drafter and doc.state in workflow.DRAFTABLE,
        # The steps the user may take here now (the machine's options; the desks' steps are linked instead).
        "actions": action_panels(MACHINE, user, doc, errors=action_errors, skip_desk=True,
                                 options=MACHINE.options(user, doc, facts=fact),
                                 initial=lambda action: _action_initial(action, doc, planner)),
        "post_url": reverse("documents:transition", args=[doc.code]),
        # The latest round, when it is on the user's desk: the kernel review page.
        "review_url": url_or_none("procedure:review", reviews[-1].code)
        if reviews and has_perm(user, Perm.REVIEW) and reviews[-1].agency_id == user.agency_id else None,
        "filing_desk_url": url_or_none("documents:filing_desk")
        if has_perm(user, Perm.FILING_REVIEW) and fact.filing and fact.filing.status == FilingStatus.FILED else None,
        "versions": list(procedure.versions_of(doc).select_related("created_by", "source")
                         .annotate(length=Length("body")).defer("body")),
        "reviews": [{"review": r, "checklist": reviews_kernel.type_for(r.content_type).checklist_rows(r)}
                    for r in reviews],
        "deliberations": [(d, attachment_url(d.minutes))
                          for d in doc.deliberations.select_related("minutes", "recorded_by")],
        "evaluations": list(doc.evaluations.select_related("done_by")),
        "events": timeline_text.rows(selectors.timeline(doc)),
        "pdf_url": attachment_url(doc.signed_pdf),
        "package_url": attachment_url(getattr(doc, "filing", None) and doc.filing.package),
        "max_validity_years": rules.max_validity_years(doc.title),
        "today": today,
    }
    for part in DETAIL_PARTS:
        context.update(part(request, doc, fact, drafter, extra))
    context["show_panel"] = bool(context["steps"] or context["actions"] or context["review_url"]
                                 or context["filing_desk_url"] or context["cleanup_url"])
    return context


def render_detail(request, doc, *, status: int = 200, **kwargs):
    return render(request, "documents/detail.html", detail_context(request, doc, **kwargs), status=status)


document_detail, document_transition, versions_diff = object_views(
    machine=MACHINE, fetch=lambda request, code: document_for(request, code), render_detail=render_detail,
    detail_url=detail_url, diff_template="documents/versions_diff.html", name="doc")


@login_required
@require_GET
def document_timeline(request, code: str):
    doc = document_for(request, code)
    return render(request, "documents/timeline.html", {
        "doc": doc, "validity": Validity(doc.validity), "events": timeline_text.rows(selectors.timeline(doc)),
    })


# ------------------------------------------------------------------ 公平竞争审查 (its own page)


@login_required
@require_http_methods(["GET", "POST"])
def fair_competition(request, code: str):
    from ..forms import FairCompetitionForm

    doc = document_for(request, code)
    if not can_draft(request.user, doc):
        raise PermissionDenied("只有起草单位可以记录公平竞争审查。")
    record = getattr(doc, "fair_competition", None)
    initial = {"reviewed_on": timezone.localdate()}
    if record is not None:
        initial = {"reviewer": record.reviewer, "conclusion": record.conclusion, "reviewed_on": record.reviewed_on,
                   "explanation": record.explanation}
    form = FairCompetitionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("attachment", None)
        try:
            with stored_uploads() as stored, transaction.atomic():
                attachment = store_upload(request.user, upload, doc, stored) if upload else (
                    record.attachment if record else None)
                services.fair_competition_record(actor=request.user, document=doc, attachment=attachment, **data)
        except ServiceError as exc:
            form.add_service_errors(exc)
        except NotPermitted as exc:
            raise PermissionDenied(exc.message)
        else:
            messages.success(request, "已记录公平竞争审查结论。")
            return redirect(detail_url(doc, "info"))
    return render(request, "documents/fair_competition_form.html",
                  {"doc": doc, "form": form, "record": record, "attachment_url": attachment_url(
                      record.attachment if record else None)}, status=400 if form.errors else 200)

