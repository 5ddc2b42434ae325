"""决策事项目录 and 决策事项建议: each government's annual catalogue (items, publication after the Party committee's
consent, adjustment and republication with the reason, the frozen revisions — 第三条第三款), and the proposals
researched before the organ decides whether to start (第十条、第十一条).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.exports import xlsx_response
from fazhi.core.filtersets import page_filtered
from fazhi.core.paging import page_from_request, sort_from
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.selectors import get_scoped
from fazhi.procedure.views import run_service

from .. import selectors, services
from ..choices import ProposalStatus
from ..filtersets import CatalogueFilterSet, ProposalFilterSet
from ..forms import CatalogueForm, CataloguePublishForm, ProposalDecideForm, ProposalForm
from ..models import Catalogue, Proposal
from ..workflow import Perm
from .decisions import (
    detail_url,
    render_list,
    require_perm,
    wants_xlsx,
)

# ------------------------------------------------------------------ catalogues

CATALOGUE_SORTS = {"-year": ("-year", "agency__name", "id"), "year": ("year", "agency__name", "id")}

CATALOGUE_COLUMNS = [
    ("决策机关", lambda c: c.agency.name),
    ("年度", lambda c: c.year),
    ("状态", lambda c: c.get_status_display()),
    ("版本", lambda c: c.version),
    ("事项数", lambda c: c.item_count),
    ("党委同意日期", lambda c: c.party_consent_on),
    ("党委同意文件或会议", lambda c: c.party_consent_ref),
    ("公布日期", lambda c: c.published_on),
]


def can_manage_catalogue(user, catalogue) -> bool:
    return has_perm(user, Perm.MANAGE) and restrict(Catalogue.objects.filter(pk=catalogue.pk), user,
                                                     Perm.MANAGE).exists()


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_list(request):
    """Every catalogue in the user's scope, and (for decision staff) a new one for a government and year."""
    user = request.user
    require_perm(user, Perm.VIEW, "您没有查看重大行政决策的权限。")
    can_create = has_perm(user, Perm.MANAGE)
    form = CatalogueForm(request.POST or None, user=user, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied("您没有编制决策事项目录的权限。")
        if form.is_valid():
            catalogue, reasons = run_service(lambda: services.catalogue_create(actor=user, **form.cleaned_data), form)
            for reason in reasons:
                form.add_error(None, reason)
            if catalogue is not None:
                messages.success(request, f"已建立{catalogue}，请登记目录事项后报同级党委同意并公布。")
                return redirect("decisions:catalogue", code=catalogue.code)
    queryset = selectors.catalogue_list(user=user).annotate(item_count=Count("decisions"))
    filterset, qs = page_filtered(request, CatalogueFilterSet, queryset)
    sort, ordering = sort_from(request.GET, CATALOGUE_SORTS, "-year")
    if wants_xlsx(request):
        return xlsx_response("决策事项目录", "决策事项目录", CATALOGUE_COLUMNS, qs.order_by(*ordering))
    page = page_from_request(request, qs, ordering=ordering)
    response = render_list(request, "decisions/catalogue_list.html", "decisions/_catalogue_table.html", {
        "filter": filterset, "page": page, "sort": sort, "default_sort": "-year", "form": form,
        "can_create": can_create,
    })
    if form.errors:
        response.status_code = 400
    return response


def catalogue_for(request, code: str) -> Catalogue:
    require_perm(request.user, Perm.VIEW, "您没有查看重大行政决策的权限。")
    return get_scoped(selectors.catalogue_list(user=request.user).select_related("created_by"), code=code)


def catalogue_context(request, catalogue, *, publish_form=None, reasons=None) -> dict:
    manager = can_manage_catalogue(request.user, catalogue)
    items = list(catalogue.decisions.select_related("agency").order_by("id"))
    revisions = list(catalogue.revisions.select_related("published_by").order_by("-version"))
    published_codes = {i["code"] for i in revisions[0].items} if revisions else set()
    return {
        "catalogue": catalogue,
        "items": items,
        "revisions": revisions,
        # Items added or removed since the last publication: publishing again needs the reason (第三条第三款).
        "unpublished": [d for d in items if d.code not in published_codes] if revisions else [],
        "removed": [i for i in revisions[0].items if i["code"] not in {d.code for d in items}] if revisions else [],
        "manager": manager,
        "publish_form": publish_form or CataloguePublishForm(prefix="publish", initial={
            "published_on": timezone.localdate()}),
        "reasons": reasons or [],
        "add_url": f"{reverse('decisions:create')}?catalogue={catalogue.code}" if manager else None,
    }


@login_required
@require_GET
def catalogue_detail(request, code: str):
    catalogue = catalogue_for(request, code)
    return render(request, "decisions/catalogue_detail.html", catalogue_context(request, catalogue))


@login_required
@require_POST
def catalogue_publish(request, code: str):
    """Publish (or, after an adjustment, republish with the reason) after the Party committee's consent."""
    catalogue = catalogue_for(request, code)
    if not can_manage_catalogue(request.user, catalogue):
        raise PermissionDenied("只有本级决策承办人员可以公布目录。")
    form = CataloguePublishForm(request.POST, prefix="publish")
    reasons: list[str] = []
    if form.is_valid():
        revision, reasons = run_service(lambda: services.catalogue_publish(
            actor=request.user, catalogue=catalogue, **form.cleaned_data), form)
        if revision is not None:
            messages.success(request, f"已公布第 {revision.version} 版目录（{len(revision.items)} 项）。")
            return redirect("decisions:catalogue", code=catalogue.code)
    return render(request, "decisions/catalogue_detail.html",
                  catalogue_context(request, catalogue, publish_form=form, reasons=reasons),
                  status=409 if reasons else 400)


# ------------------------------------------------------------------ proposals (第十条)

PROPOSAL_SORTS = {"-submitted_at": ("-submitted_at", "-id"), "submitted_at": ("submitted_at", "id")}

PROPOSAL_COLUMNS = [
    ("受理编号", lambda p: p.code),
    ("建议事项", lambda p: p.title),
    ("决策机关", lambda p: p.agency.name),
    ("建议来源", lambda p: p.get_source_display()),
    ("建议人或单位", lambda p: p.proposer),
    ("提出时间", lambda p: p.submitted_at),
    ("状态", lambda p: p.get_status_display()),
    ("决定日期", lambda p: p.decided_on),
    ("研究论证意见", lambda p: p.research),
    ("决定说明", lambda p: p.decision_note),
]


@login_required
@require_GET
def proposal_list(request):
    require_perm(request.user, Perm.MANAGE, "您没有办理决策事项建议的权限。")
    filterset, qs = page_filtered(request, ProposalFilterSet, selectors.proposal_list(user=request.user))
    sort, ordering = sort_from(request.GET, PROPOSAL_SORTS, "-submitted_at")
    if wants_xlsx(request):
        return xlsx_response("决策事项建议", "决策事项建议", PROPOSAL_COLUMNS, qs.order_by(*ordering))
    page = page_from_request(request, qs, ordering=ordering)
    return render_list(request, "decisions/proposal_list.html", "decisions/_proposal_table.html", {
        "filter": filterset, "page": page, "sort": sort, "default_sort": "-submitted_at",
    })


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    """A proposal from a leader, a department, a lower government, a deputy or a member — or a citizen's
    letter — entered by staff (citizens also propose from the portal)."""
    require_perm(request.user, Perm.MANAGE, "您没有办理决策事项建议的权限。")
    form = ProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        proposal, reasons = run_service(lambda: services.proposal_submit(actor=request.user, **form.cleaned_data), form)
        for reason in reasons:
            form.add_error(None, reason)
        if proposal is not None:
            messages.success(request, f"已登记建议“{proposal.title}”，受理编号 {proposal.code}。")
            return redirect("decisions:proposal", code=proposal.code)
    return render(request, "decisions/proposal_form.html", {"form": form}, status=400 if form.errors else 200)


def proposal_for(request, code: str) -> Proposal:
    require_perm(request.user, Perm.MANAGE, "您没有办理决策事项建议的权限。")
    return get_scoped(selectors.proposal_list(user=request.user).select_related("created_by"), code=code)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, code: str):
    """The proposal, and the organ's decision after research: start (creating the decision item, with its
    sponsor — 第十一条) or decline with the reason."""
    proposal = proposal_for(request, code)
    open_ = proposal.status not in (ProposalStatus.ACCEPTED, ProposalStatus.DECLINED)
    form = ProposalDecideForm(request.POST or None, organ=proposal.agency, prefix="decide")
    reasons: list[str] = []
    if request.method == "POST":
        if not open_:
            reasons = ["该建议已作出是否启动的决定。"]
        elif form.is_valid():
            decision, reasons = run_service(lambda: services.proposal_decide(
                actor=request.user, proposal=proposal, **form.cleaned_data), form)
            if not reasons and not form.errors:
                if decision is not None:
                    messages.success(request, f"已决定启动，决策事项“{decision.title}”已登记，请在决策页启动决策程序。")
                    return redirect(detail_url(decision))
                messages.success(request, "已决定不予启动。")
                return redirect("decisions:proposal", code=proposal.code)
    status = 409 if reasons else (400 if form.errors else 200)
    return render(request, "decisions/proposal_detail.html", {
        "proposal": proposal, "form": form, "open": open_, "reasons": reasons,
        "decisions": list(proposal.decisions.all()),
    }, status=status)
