"""Cleanup campaigns (清理) and upper-level laws (上位法): the pages that keep documents' validity current.

The same thin-view pattern as desks.py: fetch with permission (404 for missing and forbidden alike) →
service → redirect, or the page again with field errors (400) or the unmet conditions (409).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Agency
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.selectors import get_scoped
from fazhi.procedure.views import run_service

from .. import selectors, services
from ..choices import CampaignStatus, DocumentState, UpperLawStatus
from ..forms_desks import (
    CampaignFilterSet,
    CampaignForm,
    CleanupDecisionForm,
    UpperLawFilterSet,
    UpperLawMarkForm,
)
from ..models import CleanupCampaign, CleanupItem, NormativeDocument, UpperLaw
from ..workflow import Perm
from .desks import RESULTS_ID, filtered, render_list, require_perm, serve_attachment

# ------------------------------------------------------------------ cleanup campaigns


def campaigns_for(user) -> QuerySet[CleanupCampaign]:
    return selectors.campaign_list(user=user)


def _progress(campaign_ids) -> dict[int, dict]:
    rows = (CleanupItem.objects.filter(campaign_id__in=campaign_ids).values("campaign_id")
            .annotate(total=Count("pk"), decided=Count("pk", filter=~Q(decision=""))))
    result = {}
    for row in rows:
        percent = round(row["decided"] * 100 / row["total"]) if row["total"] else 0
        result[row["campaign_id"]] = {**row, "percent": percent}
    return result


def _cleanup_scope(user):
    return restrict(NormativeDocument.objects.filter(state=DocumentState.PUBLISHED, repealed_on__isnull=True,
                                                     invalid_from__isnull=True), user, Perm.CLEANUP)


def _campaign_form(user, data=None) -> CampaignForm:
    issuers = Agency.objects.filter(pk__in=_cleanup_scope(user).order_by().values("issuing_agency")) \
        .order_by("region_path", "kind", "name")
    return CampaignForm(data, issuers=issuers, initial={"title": f"{timezone.localdate().year}年度行政规范性文件集中清理"})


@login_required
@require_GET
def campaigns(request):
    require_perm(request.user, Perm.VIEW, "您没有查看规范性文件的权限。")
    return _campaigns_page(request)


def _campaigns_page(request, form=None, status: int = 200):
    user = request.user
    base = campaigns_for(user)
    filterset = CampaignFilterSet(request.GET or None, queryset=base, request=request)
    page = page_from_request(request, filtered(filterset), ordering=("-created_at", "-id"))
    progress = _progress([c.pk for c in page.items])
    rows = [{"c": c, "p": progress.get(c.pk, {"total": 0, "decided": 0, "percent": 0})} for c in page.items]
    can_create = has_perm(user, Perm.CLEANUP)
    context = {"filter": filterset, "page": page, "rows": rows, "can_create": can_create,
               "form": form or (_campaign_form(user) if can_create else None), "form_open": form is not None}
    if status != 200:
        return render(request, "documents/desks/campaigns.html", {**context, "results_id": RESULTS_ID}, status=status)
    return render_list(request, "documents/desks/campaigns.html", "documents/desks/_campaign_table.html", context)


@login_required
@require_POST
def campaign_create(request):
    require_perm(request.user, Perm.CLEANUP, "您没有组织文件清理的权限。")
    form = _campaign_form(request.user, request.POST)
    if not form.is_valid():
        return _campaigns_page(request, form=form, status=400)
    try:
        campaign = services.campaign_create(actor=request.user, **form.payload())
    except ServiceError as exc:
        form.add_service_errors(exc)
        return _campaigns_page(request, form=form, status=400)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, f"已发起“{campaign.title}”，共 {campaign.items.count()} 件文件，已通知各制定机关提出清理意见。")
    return redirect(reverse("documents:campaign_detail", args=[campaign.code]))


def _campaign_for(request, code: str) -> tuple[CleanupCampaign, bool]:
    require_perm(request.user, Perm.VIEW, "您没有查看规范性文件的权限。")
    campaign = get_scoped(campaigns_for(request.user).select_related("announcement", "created_by"), code=code)
    organiser = selectors.campaign_list(user=request.user).filter(pk=campaign.pk).exists()
    return campaign, organiser


def _decidable_ids(user, items) -> set[int]:
    if not has_perm(user, Perm.DRAFT):
        return set()
    ids = [i.document_id for i in items]
    return set(restrict(NormativeDocument.objects.filter(pk__in=ids), user, Perm.DRAFT).values_list("pk", flat=True))


def campaign_context(request, campaign, organiser: bool, errors: dict | None = None) -> dict:
    user = request.user
    items = campaign.items.select_related("document__issuing_agency", "decided_by", "assigned_agency")
    if not organiser:
        items = items.filter(document__in=selectors.document_list(user=user).values("pk"))
    show = request.GET.get("show", "")
    listed = items.filter(decision="") if show == "pending" else items
    page = page_from_request(request, listed, ordering=("assigned_agency__name", "id"))
    can_decide = campaign.status == CampaignStatus.OPEN
    decidable = _decidable_ids(user, page.items) if can_decide else set()
    errors = errors or {}
    rows = []
    for item in page.items:
        form, reasons = errors.get(item.pk, (None, []))
        if form is None and item.document_id in decidable:
            form = CleanupDecisionForm(prefix=f"i{item.pk}", initial={"decision": item.decision, "reason": item.reason})
        rows.append({"item": item, "form": form, "reasons": reasons, "open": item.pk in errors})
    progress = _progress([campaign.pk]).get(campaign.pk, {"total": 0, "decided": 0, "percent": 0})
    can_publish = (organiser and can_decide and has_perm(user, Perm.CLEANUP)
                   and restrict(CleanupCampaign.objects.filter(pk=campaign.pk), user, Perm.CLEANUP).exists())
    return {"campaign": campaign, "organiser": organiser, "page": page, "rows": rows, "progress": progress,
            "mine": items.count(), "show": show, "can_publish": can_publish, "publish_reasons": []}


@login_required
@require_GET
def campaign_detail(request, code: str):
    campaign, organiser = _campaign_for(request, code)
    return render(request, "documents/desks/campaign_detail.html", campaign_context(request, campaign, organiser))


@login_required
@require_POST
def cleanup_decide(request, code: str, doc_code: str):
    campaign, organiser = _campaign_for(request, code)
    item = get_scoped(campaign.items.select_related("document").filter(
        document__in=selectors.document_list(user=request.user).values("pk")), document__code=doc_code)
    form = CleanupDecisionForm(request.POST, prefix=f"i{item.pk}")
    reasons: list[str] = []
    if form.is_valid():
        ran = run_service(lambda: services.cleanup_item_decide(
            actor=request.user, item=item, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"]),
            form)
        reasons = ran.reasons
        if ran.done:
            messages.success(request, f"已提出清理意见：{item.document.title}。")
            return redirect(reverse("documents:campaign_detail", args=[campaign.code]) + f"#item-{item.pk}")
    context = campaign_context(request, campaign, organiser, errors={item.pk: (form, reasons)})
    if not any(r["item"].pk == item.pk for r in context["rows"]):
        # The item is on another page of the list: show it alone above the list.
        context["rows"].insert(0, {"item": item, "form": form, "reasons": reasons, "open": True})
    return render(request, "documents/desks/campaign_detail.html", context, status=409 if reasons else 400)


@login_required
@require_POST
def campaign_publish(request, code: str):
    campaign, organiser = _campaign_for(request, code)
    try:
        campaign = services.campaign_publish(actor=request.user, campaign=campaign)
    except TransitionRefused as exc:
        context = campaign_context(request, campaign, organiser)
        context["publish_reasons"] = exc.reasons
        return render(request, "documents/desks/campaign_detail.html", context, status=409)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    messages.success(request, "清理结果已公布，各文件的效力状态已按清理意见更新，清理结果公告已生成。")
    return redirect(reverse("documents:campaign_detail", args=[campaign.code]))


@login_required
@require_GET
def campaign_announcement(request, code: str):
    campaign, _ = _campaign_for(request, code)
    return serve_attachment(campaign.announcement)


# ------------------------------------------------------------------ upper-level laws


def _relying_counts(user) -> dict[int, int]:
    """How many published documents in the user's scope rely on each upper law (one grouped query)."""
    docs = selectors.document_list(user=user).filter(state=DocumentState.PUBLISHED, repealed_on__isnull=True,
                                                      invalid_from__isnull=True).values("pk")
    through = UpperLaw.documents.through.objects.filter(normativedocument_id__in=docs)
    return dict(through.values_list("upperlaw_id").annotate(n=Count("pk")))


@login_required
@require_GET
def upper_laws(request):
    user = request.user
    require_perm(user, Perm.VIEW, "您没有查看规范性文件的权限。")
    filterset = UpperLawFilterSet(request.GET or None, queryset=UpperLaw.objects.all(), request=request)
    page = page_from_request(request, filtered(filterset), ordering=("name", "id"))
    counts = _relying_counts(user)
    rows = [{"law": law, "count": counts.get(law.pk, 0)} for law in page.items]
    return render_list(request, "documents/desks/upper_laws.html", "documents/desks/_upper_law_table.html", {
        "filter": filterset, "page": page, "rows": rows, "can_mark": has_perm(user, Perm.CLEANUP),
    })


@login_required
@require_http_methods(["GET", "POST"])
def upper_law_detail(request, pk: int):
    """An upper law, the documents in the user's scope relying on it ("listed for review" once it is amended
    or repealed), and the form that marks it so."""
    user = request.user
    require_perm(user, Perm.VIEW, "您没有查看规范性文件的权限。")
    law = get_scoped(UpperLaw.objects.all(), pk=pk)
    can_mark = has_perm(user, Perm.CLEANUP)
    form = UpperLawMarkForm(request.POST or None, initial={"on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_mark:
            raise PermissionDenied("您没有标记上位法修改或废止的权限。")
        status = 400
        if form.is_valid():
            try:
                affected = services.upper_law_mark(actor=user, law=law, **form.cleaned_data)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
            else:
                label = UpperLawStatus(form.cleaned_data["status"]).label
                messages.success(request, f"已标记《{law.name}》{label}；依据该法的 {len(affected)} 件有效文件已列入审查，"
                                          "并已通知各起草单位。")
                return redirect(reverse("documents:upper_law_detail", args=[law.pk]))
    documents = (selectors.document_list(user=user).filter(upper_laws=law, state=DocumentState.PUBLISHED)
                 .order_by("-publication_date", "-id"))
    listed = law.status != UpperLawStatus.IN_FORCE
    return render(request, "documents/desks/upper_law_detail.html", {
        "law": law, "documents": documents, "listed": listed, "can_mark": can_mark, "form": form,
        "form_open": status != 200,
        "in_force_count": documents.filter(repealed_on__isnull=True, invalid_from__isnull=True).count(),
    }, status=status)
