"""Org tree pages: the region tree (htmx expand/collapse), region and agency details, forms, the agency list."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .. import selectors, services
from ..choices import RegionLevel
from ..errors import NotPermitted, ServiceError
from ..filtersets import AgencyFilterSet, RegionFilterSet
from ..forms_admin import AgencyForm, RegionCreateForm, RegionEditForm
from ..permissions import P, has_perm
from ..scope import restrict
from .common import ListSpec, Sort, list_page, require_perm


def _can_manage(user, obj) -> bool:
    """Edit buttons: the user manages the org tree and this row lies inside that scope."""
    return has_perm(user, P.MANAGE_ORG) and restrict(type(obj).objects.filter(pk=obj.pk), user, P.MANAGE_ORG).exists()


def _manageable_regions(user):
    return restrict(selectors.region_list(user=user), user, P.MANAGE_ORG)


def _manageable_agencies(user):
    return restrict(selectors.agency_list(user=user), user, P.MANAGE_ORG)


def _region_choices(user):
    """Options of a region filter: the visible regions down to townships, indented by level."""
    def choices():
        rows = selectors.region_list(user=user).filter(level__lt=RegionLevel.VILLAGE).order_by("region_path")
        indent = "　"
        return [("", "全部区划")] + [
            (r.code, f"{indent * max(0, r.level - RegionLevel.PREFECTURE)}{r.name}") for r in rows
        ]
    return choices


# ---------------------------------------------------------------- regions

REGION_SPEC = ListSpec(
    filterset_class=RegionFilterSet,
    sorts={
        "path": Sort("区划层次", ("region_path", "id")),
        "code": Sort("代码", ("code",)),
        "name": Sort("名称", ("name", "id")),
    },
    default_sort="path",
    template="core/admin/region_list.html",
    table_template="core/admin/_region_table.html",
    export_filename="行政区划",
    export_title="行政区划",
    export_columns=[
        ("行政区划代码", lambda r: r.code),
        ("名称", lambda r: r.name),
        ("层级", lambda r: r.get_level_display()),
        ("上级区划", lambda r: r.parent.name if r.parent_id else ""),
        ("上级区划代码", lambda r: r.parent.code if r.parent_id else ""),
        ("启用", lambda r: r.is_active),
    ],
    prepare_filters=lambda form, request: form.fields.pop("parent", None),
)


@login_required
@require_GET
def region_list(request):
    """The tree (roots of the user's scope, children loaded on demand), or a flat list when filtered."""
    require_perm(request.user, P.VIEW_ORG)
    user = request.user
    top = selectors.region_list(user=user).order_by("level", "region_path").first()
    roots = selectors.region_child_counts(user=user, parent=top.parent if top else None) if top else []
    return list_page(request, REGION_SPEC, selectors.region_list(user=user), context={
        "roots": roots,
        "can_create": has_perm(user, P.MANAGE_ORG),
    })


@login_required
@require_GET
def region_children(request, code):
    """htmx: the child nodes of one region of the tree."""
    require_perm(request.user, P.VIEW_ORG)
    region = selectors.get_scoped(selectors.region_list(user=request.user), code=code)
    nodes = selectors.region_child_counts(user=request.user, parent=region).order_by("region_path")
    return render(request, "core/admin/_region_nodes.html", {"nodes": nodes, "parent": region})


@login_required
@require_GET
def region_detail(request, code):
    require_perm(request.user, P.VIEW_ORG)
    user = request.user
    region = selectors.get_scoped(selectors.region_list(user=user), code=code)
    ancestor_codes = [c for c in region.region_path.split("/") if c and c != region.code]
    ancestors = list(selectors.region_list(user=user).filter(code__in=ancestor_codes).order_by("level"))
    children = selectors.region_child_counts(user=user, parent=region).order_by("region_path")
    agencies = selectors.agency_list(user=user).filter(region=region).order_by("kind", "name")
    return render(request, "core/admin/region_detail.html", {
        "region": region,
        "ancestors": ancestors,
        "children": children,
        "agencies": agencies,
        "can_manage": _can_manage(user, region),
        "can_add_child": region.level < RegionLevel.VILLAGE,
    })


@login_required
def region_create(request):
    require_perm(request.user, P.MANAGE_ORG, "您没有维护行政区划的权限。")
    user = request.user
    parents = _manageable_regions(user)
    initial = {}
    parent = parents.filter(code=request.GET.get("parent", "")).first() if request.GET.get("parent") else None
    if parent is not None:
        initial = {"parent": parent.code, "level": min(parent.level + 1, RegionLevel.VILLAGE)}
    form = RegionCreateForm(request.POST if request.method == "POST" else None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            region = services.region_create(actor=user, code=data["code"], name=data["name"],
                                            level=data["level"], parent=data["parent"])
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已新增行政区划“{region.name}”（{region.code}）。")
            return redirect("core:region_detail", code=region.code)
    return render(request, "core/admin/region_form.html", {"form": form, "parent": parent, "region": None})


@login_required
def region_edit(request, code):
    require_perm(request.user, P.MANAGE_ORG, "您没有维护行政区划的权限。")
    user = request.user
    region = selectors.get_scoped(_manageable_regions(user), code=code)
    form = RegionEditForm(request.POST if request.method == "POST" else None,
                          initial={"name": region.name, "is_active": region.is_active})
    if request.method == "POST" and form.is_valid():
        try:
            services.region_update(actor=user, region=region, name=form.cleaned_data["name"],
                                   is_active=form.cleaned_data["is_active"])
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已保存行政区划“{form.cleaned_data['name']}”。")
            return redirect("core:region_detail", code=region.code)
    return render(request, "core/admin/region_form.html", {"form": form, "region": region})


# ---------------------------------------------------------------- agencies


def _prepare_agency_filters(form, request):
    form.fields["region"].widget = forms.Select(choices=_region_choices(request.user))


AGENCY_SPEC = ListSpec(
    filterset_class=AgencyFilterSet,
    sorts={
        "region": Sort("所属区划", ("region_path", "name", "id")),
        "name": Sort("名称", ("name", "id")),
        "kind": Sort("类别", ("kind", "name", "id")),
    },
    default_sort="region",
    template="core/admin/agency_list.html",
    table_template="core/admin/_agency_table.html",
    export_filename="单位",
    export_title="单位",
    export_columns=[
        ("名称", lambda a: a.name),
        ("简称", lambda a: a.short_name),
        ("类别", lambda a: a.get_kind_display()),
        ("所属区划", lambda a: a.region.name),
        ("区划代码", lambda a: a.region.code),
        ("上级单位", lambda a: a.parent.name if a.parent_id else ""),
        ("统一社会信用代码", lambda a: a.credit_code or ""),
        ("发文机关代字", lambda a: a.doc_prefix),
        ("启用", lambda a: a.is_active),
    ],
    prepare_filters=_prepare_agency_filters,
)


@login_required
@require_GET
def agency_list(request):
    require_perm(request.user, P.VIEW_ORG)
    return list_page(request, AGENCY_SPEC, selectors.agency_list(user=request.user),
                     context={"can_create": has_perm(request.user, P.MANAGE_ORG)})


@login_required
@require_GET
def agency_detail(request, code):
    require_perm(request.user, P.VIEW_ORG)
    user = request.user
    agency = selectors.get_scoped(selectors.agency_list(user=user), code=code)
    children = selectors.agency_list(user=user).filter(parent=agency).order_by("name")
    users = None
    if has_perm(user, P.VIEW_USER):
        users = selectors.user_list(user=user).filter(agency=agency).order_by("username")
    return render(request, "core/admin/agency_detail.html", {
        "agency": agency,
        "children": children,
        "users": users,
        "can_manage": _can_manage(user, agency),
        "can_add_user": has_perm(user, P.MANAGE_USER),
    })


def _agency_changes(data: dict, editing: bool) -> dict:
    changes = {key: data[key] for key in ("name", "short_name", "kind", "duty", "parent", "credit_code",
                                        "doc_prefix")}
    if editing:
        changes["is_active"] = data["is_active"]
    return changes


@login_required
def agency_create(request):
    require_perm(request.user, P.MANAGE_ORG, "您没有维护单位的权限。")
    user = request.user
    regions = _manageable_regions(user)
    region = regions.filter(code=request.GET.get("region", "")).first() if request.GET.get("region") else None
    form = AgencyForm(request.POST if request.method == "POST" else None, regions=regions,
                      agencies=_manageable_agencies(user), initial={"region": region.code} if region else {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = services.agency_create(actor=user, region=data["region"], **_agency_changes(data, False))
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已新增单位“{agency.name}”。")
            return redirect("core:agency_detail", code=agency.code)
    return render(request, "core/admin/agency_form.html", {"form": form, "agency": None, "region": region})


@login_required
def agency_edit(request, code):
    require_perm(request.user, P.MANAGE_ORG, "您没有维护单位的权限。")
    user = request.user
    agency = selectors.get_scoped(_manageable_agencies(user), code=code)
    initial = {
        "name": agency.name, "short_name": agency.short_name, "kind": agency.kind, "duty": agency.duty,
        "parent": agency.parent.code if agency.parent_id else None, "credit_code": agency.credit_code or "",
        "doc_prefix": agency.doc_prefix, "is_active": agency.is_active,
    }
    form = AgencyForm(request.POST if request.method == "POST" else None, editing=True, initial=initial,
                      agencies=_manageable_agencies(user).exclude(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(actor=user, agency=agency, **_agency_changes(form.cleaned_data, True))
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已保存单位“{form.cleaned_data['name']}”。")
            return redirect("core:agency_detail", code=agency.code)
    return render(request, "core/admin/agency_form.html", {"form": form, "agency": agency, "region": agency.region})

