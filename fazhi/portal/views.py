"""The public site (门户网站): no login, read through ``portal.selectors`` only, write through the services.

Pages: the library of published documents with full-text search, a document with its status, text,
history and signed PDF; open comment calls with a comment form; cleanup results; review suggestions
with a receipt code. Nobody here sees a draft, an unscreened comment, a contact or an address.
"""

import logging

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.context import client_ip_of
from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.core.paging import keyset_page
from fazhi.documents import selectors as doc_selectors
from fazhi.documents import services as doc_services
from fazhi.procedure import services as procedure

from . import selectors
from .filtersets import PublicDocumentFilterSet
from .forms import CommentForm, ReceiptLookupForm, SuggestionForm

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
LIBRARY_ORDERING = ("-publication_date", "-id")


@require_GET
def home(request):
    return render(request, "portal/home.html", {
        "section": "home",
        "latest": selectors.latest(6),
        "open_calls": selectors.all_open_calls(limit=5),
        "campaigns": list(selectors.campaigns()[:3]),
        "filter": PublicDocumentFilterSet(None, queryset=selectors.documents(), request=request),
    })


# ---------------------------------------------------------------- the library


@require_GET
def document_list(request):
    data = request.GET.copy()
    data.pop("after", None)
    filterset = PublicDocumentFilterSet(data or None, queryset=selectors.documents(), request=request)
    if filterset.is_bound and not filterset.is_valid():
        queryset = selectors.documents().none()
    else:
        queryset = filterset.qs
    page = keyset_page(queryset, ordering=LIBRARY_ORDERING, cursor=request.GET.get("after") or None,
                       page_size=PAGE_SIZE)
    return render(request, "portal/document_list.html", {
        "section": "documents",
        "filter": filterset,
        "page": page,
        "query": (filterset.form.cleaned_data.get("q") if filterset.is_bound and filterset.is_valid() else "") or "",
    })


@require_GET
def document_detail(request, code):
    doc = selectors.document(code)
    call = doc_selectors.comment_call_for(doc)
    return render(request, "portal/document_detail.html", {
        "section": "documents",
        "doc": doc,
        "history": selectors.history(doc),
        "related": selectors.related(doc),
        "call": call if call is not None and call.start_date <= timezone.localdate() else None,
        "shown_comments": selectors.comments(call).count() if call is not None else 0,
    })


@require_http_methods(["GET", "POST"])
def suggestion_create(request, code):
    doc = selectors.document(code)
    purpose = f"suggestion:{doc.code}"
    form = SuggestionForm(request.POST or None, purpose=purpose)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = doc_services.suggestion_submit(
                document=doc, content=form.cleaned_data["content"], name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"], client_ip=client_ip_of(request),
            )
        except ServiceError as exc:
            form.add_service_errors(exc)
        except TransitionRefused as exc:
            form.add_reasons(exc.reasons)
        else:
            messages.success(request, "您的审查建议已提交。请记下受理编号，凭编号查询办理情况和答复。")
            return redirect("portal:suggestion_detail", code=suggestion.code)
    return render(request, "portal/suggestion_form.html", {"doc": doc, "form": form, "section": "documents"})


@require_GET
def suggestion_lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            suggestion = selectors.suggestion(code)
        except Http404:
            form.add_error("code", "没有找到该受理编号，请核对后重新输入。")
        else:
            return redirect("portal:suggestion_detail", code=suggestion.code)
    return render(request, "portal/suggestion_lookup.html", {"form": form, "section": "suggestions"})


@require_GET
def suggestion_detail(request, code):
    suggestion = selectors.suggestion(code)
    return render(request, "portal/suggestion_detail.html",
                  {"suggestion": suggestion, "doc": suggestion.document, "section": "suggestions"})


# ---------------------------------------------------------------- public comment


@require_GET
def comment_list(request):
    return render(request, "portal/comment_list.html", {
        "section": "comments",
        "open_calls": selectors.all_open_calls(),
        "ended_calls": selectors.all_ended_calls(limit=30),
    })


RECEIPT_MESSAGE = "感谢您的意见！请记下受理编号，凭编号查询意见的公开审核情况和采纳答复。"


@require_GET
def comment_receipt_lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            comment = selectors.comment_by_receipt(form.cleaned_data["code"])
        except Http404:
            form.add_error("code", "没有找到该受理编号，请核对后重新输入。")
        else:
            return redirect("portal:comment_receipt", code=comment.receipt)
    return render(request, "portal/comment_receipt_lookup.html", {"form": form, "section": "comments"})


@require_GET
def comment_receipt(request, code):
    comment = selectors.comment_by_receipt(code)
    return render(request, "portal/comment_receipt.html", {
        "comment": comment, "call": comment.call, "call_url": selectors.call_url(comment.call), "section": "comments",
    })


@require_http_methods(["GET", "POST"])
def comment_detail(request, code):
    call = selectors.comment_call(code)
    is_open = procedure.call_is_open(call)
    form = CommentForm(request.POST or None, purpose=f"comment:{call.code}") if is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, f"征求意见期为 {call.start_date} 至 {call.end_date}，现已结束，不再接收意见。")
            return redirect("portal:comment_detail", code=call.code)
        if form.is_valid():
            try:
                comment = procedure.comment_submit_public(
                    call=call, content=form.cleaned_data["content"], name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"], organisation=form.cleaned_data["organisation"],
                    client_ip=client_ip_of(request),
                )
            except ServiceError as exc:
                form.add_service_errors(exc)
            except TransitionRefused as exc:
                form.add_reasons(exc.reasons)
            else:
                messages.success(request, RECEIPT_MESSAGE)
                return redirect("portal:comment_receipt", code=comment.receipt)
    return render(request, "portal/comment_detail.html", {
        "section": "comments",
        "call": call,
        "is_open": is_open,
        "form": form,
        "comments": list(selectors.comments(call)),
        "summary_published": call.summary_published_at is not None and bool(call.summary),
    })


# ---------------------------------------------------------------- cleanup results


@require_GET
def cleanup_list(request):
    return render(request, "portal/cleanup_list.html", {"campaigns": list(selectors.campaigns()), "section": "cleanup"})


@require_GET
def cleanup_detail(request, code):
    campaign = selectors.campaign(code)
    return render(request, "portal/cleanup_detail.html", {
        "section": "cleanup",
        "campaign": campaign,
        "groups": selectors.campaign_groups(campaign),
    })


# ---------------------------------------------------------------- files


@require_GET
def attachment_download(request, code):
    """Only a public document's signed text or a published cleanup announcement; anything else is a 404."""
    attachment = selectors.attachment(code)
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        logger.error("attachment %s: file %s is missing from storage", attachment.code, attachment.file.name)
        raise Http404("文件暂时无法下载，请稍后再试。")
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def not_found(request, exception=None):
    """404 for the whole site: the portal's own page under /portal/, the workspace's elsewhere."""
    from django.views.defaults import page_not_found

    template = "portal/404.html" if request.path.startswith("/portal/") else "404.html"
    return page_not_found(request, exception, template_name=template)
