"""Accounts and roles: the user list, user detail with its roles and data scopes, and the account forms."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import lockout, selectors, services
from ..choices import Role, Scope
from ..errors import NotPermitted, ServiceError
from ..filtersets import UserFilterSet
from ..forms_admin import (
    PasswordResetForm,
    RoleGrantForm,
    UserCreateForm,
    UserEditForm,
    agency_label,
    grant_pairs_sorted,
)
from ..permissions import SYSTEM_ROLES, P, has_perm
from .common import ListSpec, Sort, list_page, locked_usernames, require_perm


def _roles_text(user) -> str:
    return "、".join(f"{ra.get_role_display()}（{ra.get_scope_display()}）" for ra in user.role_assignments.all())


def _status_text(user) -> str:
    return "启用" if user.is_active else "停用"


def _prepare_user_filters(form, request):
    def agency_choices():
        rows = selectors.agency_list(user=request.user).select_related("region").order_by("region_path", "name")
        return [("", "全部单位")] + [(str(a.code), agency_label(a)) for a in rows]
    form.fields["agency"].widget = forms.Select(choices=agency_choices)


USER_SPEC = ListSpec(
    filterset_class=UserFilterSet,
    sorts={
        "username": Sort("用户名", ("username",)),
        "name": Sort("姓名", ("full_name", "username")),
        "joined": Sort("创建时间", ("date_joined", "id")),
    },
    default_sort="username",
    template="core/admin/user_list.html",
    table_template="core/admin/_user_table.html",
    export_filename="用户",
    export_title="用户",
    export_columns=[
        ("用户名", lambda u: u.username),
        ("姓名", lambda u: u.full_name),
        ("所属单位", lambda u: u.agency.name if u.agency_id else ""),
        ("所属区划", lambda u: u.agency.region.name if u.agency_id else ""),
        ("角色及数据范围", _roles_text),
        ("联系电话", lambda u: u.phone),
        ("电子邮箱", lambda u: u.email),
        ("状态", _status_text),
        ("首次登录须修改密码", lambda u: u.must_change_password),
        ("最近登录", lambda u: u.last_login),
        ("创建时间", lambda u: u.date_joined),
    ],
    prepare_filters=_prepare_user_filters,
)


@login_required
@require_GET
def user_list(request):
    require_perm(request.user, P.VIEW_USER, "您没有查看用户账号的权限。")
    return list_page(
        request, USER_SPEC, selectors.user_list(user=request.user),
        context={"can_create": has_perm(request.user, P.MANAGE_USER)},
        rows_hook=lambda rows: {"locked": locked_usernames(u.username for u in rows)},
    )


def _offered_grants(actor, target) -> list[tuple[str, str]]:
    """(role, scope) pairs to offer on the grant form: what services.grantable allows, less no-ops and
    pairs that the 三员分立 rule of services.role_grant would refuse for this account."""
    if not has_perm(actor, P.GRANT_ROLE) or actor.pk == target.pk:
        return []
    current = {ra.role: ra.scope for ra in target.role_assignments.all()}
    pairs = []
    for role in Role.values:
        roles_after = set(current) | {role}
        if roles_after & SYSTEM_ROLES and len(roles_after) > 1:
            continue
        for scope in Scope.values:
            if current.get(role) != scope and not services.grantable(actor, role, scope):
                pairs.append((role, scope))
    return grant_pairs_sorted(pairs)


def _user_detail_context(request, target, grant_form=None) -> dict:
    actor = request.user
    assignments = list(target.role_assignments.all())
    can_grant = has_perm(actor, P.GRANT_ROLE)
    offered = _offered_grants(actor, target)
    rows = [
        {"ra": ra, "can_revoke": can_grant and actor.pk != target.pk and not services.grantable(actor, ra.role, ra.scope)}
        for ra in assignments
    ]
    return {
        "target": target,
        "role_rows": rows,
        "locked": lockout.is_locked(target.username, None),
        "can_manage": has_perm(actor, P.MANAGE_USER),
        "can_grant": can_grant,
        "is_self": actor.pk == target.pk,
        "grant_form": grant_form or (RoleGrantForm(offered=offered) if offered else None),
        "offered": offered,
    }


def _target(request, username):
    return selectors.get_scoped(selectors.user_list(user=request.user), username=username)


@login_required
@require_GET
def user_detail(request, username):
    require_perm(request.user, P.VIEW_USER, "您没有查看用户账号的权限。")
    target = _target(request, username)
    return render(request, "core/admin/user_detail.html", _user_detail_context(request, target))


@login_required
def user_create(request):
    require_perm(request.user, P.MANAGE_USER, "只有安全管理员可以创建账号。")
    actor = request.user
    agencies = selectors.agency_list(user=actor)
    initial = {"must_change_password": True}
    if request.GET.get("agency"):
        agency = agencies.filter(code__iexact=request.GET["agency"]).first() if _is_uuid(request.GET["agency"]) else None
        if agency is not None:
            initial["agency"] = agency.code
    form = UserCreateForm(request.POST if request.method == "POST" else None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=actor, username=data["username"], full_name=data["full_name"], agency=data["agency"],
                password=data["password"], phone=data["phone"], email=data["email"],
                must_change_password=data["must_change_password"],
            )
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已创建账号“{user.username}”。请为其授予角色。")
            return redirect("core:user_detail", username=user.username)
    return render(request, "core/admin/user_form.html", {"form": form, "target": None})


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
def user_edit(request, username):
    require_perm(request.user, P.MANAGE_USER, "只有安全管理员可以修改账号。")
    actor = request.user
    target = _target(request, username)
    initial = {"full_name": target.full_name, "agency": target.agency.code if target.agency_id else None,
               "phone": target.phone, "email": target.email}
    form = UserEditForm(request.POST if request.method == "POST" else None, initial=initial,
                        agencies=selectors.agency_list(user=actor))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=actor, user=target, **form.cleaned_data)
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已保存账号“{target.username}”。")
            return redirect("core:user_detail", username=target.username)
    return render(request, "core/admin/user_form.html", {"form": form, "target": target})


@login_required
@require_POST
def user_set_active(request, username):
    """Deactivate (停用) or reactivate an account; rows it wrote stay attributed to it."""
    require_perm(request.user, P.MANAGE_USER, "只有安全管理员可以停用或启用账号。")
    target = _target(request, username)
    active = request.POST.get("active") == "1"
    try:
        services.user_update(actor=request.user, user=target, is_active=active)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{'启用' if active else '停用'}账号“{target.username}”。")
    return redirect("core:user_detail", username=target.username)


@login_required
@require_POST
def user_unlock(request, username):
    """Lift a login lockout before it expires."""
    require_perm(request.user, P.MANAGE_USER, "只有安全管理员可以解除账号锁定。")
    target = _target(request, username)
    try:
        services.account_unlock(actor=request.user, user=target)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已解除账号“{target.username}”的登录锁定。")
    return redirect("core:user_detail", username=target.username)


@login_required
def user_password(request, username):
    require_perm(request.user, P.MANAGE_USER, "只有安全管理员可以重置密码。")
    target = _target(request, username)
    form = PasswordResetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reset_password(actor=request.user, user=target,
                                         new_password=form.cleaned_data["new_password"])
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已重置“{target.username}”的密码；该用户下次登录时须修改密码。")
            return redirect("core:user_detail", username=target.username)
    return render(request, "core/admin/user_password.html", {"form": form, "target": target})


@login_required
@require_POST
def user_role_grant(request, username):
    require_perm(request.user, P.GRANT_ROLE, "您没有授予角色的权限。")
    actor = request.user
    target = _target(request, username)
    form = RoleGrantForm(request.POST, offered=_offered_grants(actor, target))
    if form.is_valid():
        role, scope = form.cleaned_data["grant"]
        try:
            services.role_grant(actor=actor, user=target, role=role, scope=scope)
        except (ServiceError, NotPermitted) as exc:
            form.apply_service_error(exc)
        else:
            messages.success(request, f"已授予“{target.username}”{Role(role).label}（{Scope(scope).label}）。")
            return redirect("core:user_detail", username=target.username)
    target = _target(request, username)  # reload: a refused grant changed nothing, show what is
    return render(request, "core/admin/user_detail.html", _user_detail_context(request, target, form))


@login_required
@require_POST
def user_role_revoke(request, username, role):
    require_perm(request.user, P.GRANT_ROLE, "您没有撤销角色的权限。")
    target = _target(request, username)
    try:
        services.role_revoke(actor=request.user, user=target, role=role)
    except NotPermitted as exc:
        raise PermissionDenied(exc.message)
    except ServiceError as exc:
        messages.error(request, f"未能撤销角色：{exc.message}")
    else:
        label = Role(role).label if role in Role.values else role
        messages.success(request, f"已撤销“{target.username}”的{label}角色。")
    return redirect("core:user_detail", username=target.username)
