"""Every write of the org tree, accounts and roles. Views, API, commands and the demo loader call these.

Each service: checks permission and scope, validates, writes, appends the audit event, all in one
transaction; bad input raises ServiceError and changes nothing.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import audit
from .choices import SCOPE_RANK, RegionLevel, Role, Scope
from .errors import NotPermitted, ServiceError
from .models import Agency, Region, RoleAssignment, User
from .permissions import ROLE_MAX_SCOPE, ROLE_PERMISSIONS, SYSTEM_ROLES, P, has_perm, user_roles
from .scope import restrict

REGION_FIELDS = ["code", "name", "level", "parent", "is_active"]
AGENCY_FIELDS = ["name", "short_name", "kind", "duty", "region", "parent", "credit_code", "doc_prefix", "is_active"]
USER_FIELDS = ["username", "full_name", "agency", "phone", "email", "is_active"]


def _require(actor, perm: str) -> None:
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted()


def _validation_to_service_error(exc: ValidationError) -> ServiceError:
    if hasattr(exc, "error_dict"):
        return ServiceError(field_errors={k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()})
    return ServiceError("；".join(exc.messages))


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise _validation_to_service_error(exc)


def _in_scope(actor, obj, perm: str) -> bool:
    """Re-check after a change that the object lies inside the actor's scope (None actor = system)."""
    if actor is None:
        return True
    return restrict(type(obj).objects.filter(pk=obj.pk), actor, perm).exists()


# ---------------------------------------------------------------- regions


def _region_path(code: str, parent: Region | None) -> str:
    return f"{parent.region_path if parent else ''}{code}/"


@transaction.atomic
def region_create(*, actor, code: str, name: str, level: int, parent: Region | None = None) -> Region:
    _require(actor, P.MANAGE_ORG)
    region = Region(code=(code or "").strip(), name=(name or "").strip(), level=level, parent=parent)
    region.region_path = _region_path(region.code, parent)
    _full_clean(region)
    if parent is not None and not _in_scope(actor, parent, P.MANAGE_ORG):
        raise NotPermitted("不能在您的管辖范围以外新增区划。")
    region.save()
    audit.record(actor=actor, action="core.region_create", obj=region, after=audit.snapshot(region, REGION_FIELDS))
    return region


@transaction.atomic
def region_update(*, actor, region: Region, name: str | None = None, is_active: bool | None = None) -> Region:
    """Code, level and parent are fixed once created: rows elsewhere copy the path."""
    _require(actor, P.MANAGE_ORG)
    region = Region.objects.select_for_update().get(pk=region.pk)
    if not _in_scope(actor, region, P.MANAGE_ORG):
        raise NotPermitted()
    before = audit.snapshot(region, REGION_FIELDS)
    if name is not None:
        region.name = name.strip()
    if is_active is not None:
        region.is_active = is_active
    _full_clean(region)
    region.save(update_fields=["name", "is_active"])
    audit.record(actor=actor, action="core.region_update", obj=region, before=before,
                 after=audit.snapshot(region, REGION_FIELDS))
    return region


# ---------------------------------------------------------------- agencies


@transaction.atomic
def agency_create(*, actor, name: str, kind: str, region: Region, parent: Agency | None = None,
                  short_name: str = "", credit_code: str | None = None, doc_prefix: str = "",
                  duty: str = "") -> Agency:
    _require(actor, P.MANAGE_ORG)
    agency = Agency(name=(name or "").strip(), kind=kind, region=region, parent=parent,
                    short_name=short_name.strip(), credit_code=(credit_code or "").strip().upper() or None,
                    doc_prefix=doc_prefix.strip(), duty=duty or "")
    agency.region_path = region.region_path if region else ""
    _full_clean(agency)
    if not _in_scope(actor, region, P.MANAGE_ORG):
        raise NotPermitted("不能在您的管辖范围以外新增单位。")
    agency.save()
    audit.record(actor=actor, action="core.agency_create", obj=agency, after=audit.snapshot(agency, AGENCY_FIELDS))
    return agency


@transaction.atomic
def agency_update(*, actor, agency: Agency, **changes) -> Agency:
    _require(actor, P.MANAGE_ORG)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if not _in_scope(actor, agency, P.MANAGE_ORG):
        raise NotPermitted()
    unknown = set(changes) - {"name", "short_name", "kind", "duty", "credit_code", "doc_prefix", "is_active",
                             "parent"}
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    before = audit.snapshot(agency, AGENCY_FIELDS)
    for key, value in changes.items():
        if key == "credit_code":
            value = (value or "").strip().upper() or None
        setattr(agency, key, value)
    _full_clean(agency)
    agency.save()
    audit.record(actor=actor, action="core.agency_update", obj=agency, before=before,
                 after=audit.snapshot(agency, AGENCY_FIELDS))
    return agency


# ---------------------------------------------------------------- users and roles


def _revoke_tokens(user: User) -> None:
    """A new password ends every API token issued under the old one."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(field_errors={"password": list(exc.messages)})


@transaction.atomic
def user_create(*, actor, username: str, full_name: str, agency: Agency, password: str,
                phone: str = "", email: str = "", must_change_password: bool = True) -> User:
    _require(actor, P.MANAGE_USER)
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(field_errors={"username": ["该用户名已被使用。"]})
    if agency is None:
        raise ServiceError(field_errors={"agency": ["请选择所属单位。"]})
    if actor is not None and not _in_scope(actor, agency, P.VIEW_ORG):
        raise NotPermitted("不能在您的管辖范围以外创建账号。")
    user = User(username=username, full_name=(full_name or "").strip(), agency=agency,
                region_path=agency.region_path, phone=phone, email=email,
                must_change_password=must_change_password)
    _check_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    _full_clean(user, exclude=["password"])
    user.save()
    audit.record(actor=actor, action="core.user_create", obj=user, after=audit.snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def user_update(*, actor, user: User, **changes) -> User:
    _require(actor, P.MANAGE_USER)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not _in_scope(actor, user, P.MANAGE_USER):
        raise NotPermitted()
    unknown = set(changes) - {"full_name", "agency", "phone", "email", "is_active"}
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if actor is not None and actor.pk == user.pk and changes.get("is_active") is False:
        raise ServiceError("不能停用自己的账号。")
    before = audit.snapshot(user, USER_FIELDS)
    for key, value in changes.items():
        setattr(user, key, value)
    if "agency" in changes:
        if user.agency is None:
            raise ServiceError(field_errors={"agency": ["请选择所属单位。"]})
        user.region_path = user.agency.region_path
    _full_clean(user, exclude=["password"])
    user.save()
    if not user.is_active:
        _revoke_tokens(user)
    if not _in_scope(actor, user, P.MANAGE_USER):
        raise NotPermitted("不能把账号调整到您的管辖范围以外。")
    audit.record(actor=actor, action="core.user_update", obj=user, before=before,
                 after=audit.snapshot(user, USER_FIELDS))
    return user


@transaction.atomic
def user_reset_password(*, actor, user: User, new_password: str) -> User:
    """An administrator sets a temporary password; the user must change it at next login."""
    _require(actor, P.MANAGE_USER)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not _in_scope(actor, user, P.MANAGE_USER):
        raise NotPermitted()
    _check_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _revoke_tokens(user)
    audit.record(actor=actor, action="core.user_reset_password", obj=user)
    return user


@transaction.atomic
def account_unlock(*, actor, user: User) -> User:
    """The security administrator lifts a login lockout before it expires (等保三级: 登录失败处理).

    The failure count runs from the last success, so the unlock is recorded as an administrative success
    for the account, and for each address its failures locked (both locks lift); the audit event names
    who unlocked it and which addresses."""
    from . import lockout

    _require(actor, P.MANAGE_USER)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not _in_scope(actor, user, P.MANAGE_USER):
        raise NotPermitted()
    if not lockout.account_locked(user.username):
        raise ServiceError("该账号当前未被锁定。")
    addresses = lockout.lift(user.username)
    audit.record(actor=actor, action="core.account_unlock", obj=user, after={"addresses": addresses})
    return user


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    """The user changes their own password (required at first login for seeded accounts)."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    if not user.check_password(old_password or ""):
        raise ServiceError(field_errors={"old_password": ["原密码不正确。"]})
    if old_password == new_password:
        raise ServiceError(field_errors={"new_password": ["新密码不能与原密码相同。"]})
    _check_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    _revoke_tokens(user)
    audit.record(actor=user, action="core.password_change", obj=user)
    return user


def grantable(actor, role: str, scope: str) -> list[str]:
    """Why ``actor`` may not grant ``role`` with ``scope`` (empty when allowed).

    Nobody grants more than they hold: the scope may not be wider than the actor's own widest
    scope for granting; a business administrator grants only roles whose permissions they hold
    themselves; only the security administrator grants roles, and never the system roles to
    business users beyond the 三员分立.
    """
    if actor is None:
        return []
    reasons = []
    held = user_roles(actor)
    grant_scopes = [ra.scope for ra in held if P.GRANT_ROLE in ROLE_PERMISSIONS.get(ra.role, ())]
    if not grant_scopes:
        return ["您没有授予角色的权限。"]
    if role not in Role.values:
        return ["角色不存在。"]
    if scope not in Scope.values:
        return ["数据范围不存在。"]
    actor_scope = max(grant_scopes, key=lambda s: SCOPE_RANK[s])
    if SCOPE_RANK[scope] > SCOPE_RANK[actor_scope]:
        reasons.append(f"授予的数据范围（{Scope(scope).label}）不能大于您自己的范围（{Scope(actor_scope).label}）。")
    if SCOPE_RANK[scope] > SCOPE_RANK[ROLE_MAX_SCOPE[role]]:
        reasons.append(f"{Role(role).label}的数据范围最大为“{Scope(ROLE_MAX_SCOPE[role]).label}”。")
    is_secadmin = any(ra.role == Role.SECADMIN for ra in held)
    if role in SYSTEM_ROLES and not is_secadmin:
        reasons.append("系统管理员、安全管理员、审计管理员只能由安全管理员授予。")
    if not is_secadmin:
        mine = set().union(*(ROLE_PERMISSIONS.get(ra.role, set()) for ra in held))
        if not ROLE_PERMISSIONS[role] <= mine:
            reasons.append(f"您不具备{Role(role).label}的全部权限，不能授予该角色。")
    return reasons


def _grant_rank(user) -> int:
    """How wide a scope ``user`` may grant in (0: none)."""
    if user is None:
        return SCOPE_RANK[Scope.ALL] + 1  # the system (seeding, commands) outranks everyone
    return max((SCOPE_RANK[ra.scope] for ra in user_roles(user)
                if P.GRANT_ROLE in ROLE_PERMISSIONS.get(ra.role, ())), default=0)


def _narrowing_refused(actor, existing: RoleAssignment, scope: str) -> list[str]:
    """A grant never silently narrows a scope that a higher authority granted: re-granting a role
    with a narrower scope is refused when the present scope is wider than the actor may grant, or
    was given by someone who grants more widely than the actor."""
    if SCOPE_RANK[scope] >= SCOPE_RANK[existing.scope]:
        return []
    actor_rank = _grant_rank(actor)
    if SCOPE_RANK[existing.scope] > actor_rank or (
            existing.granted_by_id != actor.pk and _grant_rank(existing.granted_by) > actor_rank):
        return [f"该用户的{Role(existing.role).label}角色已由上级授予“{Scope(existing.scope).label}”范围，"
                f"您不能将其缩小为“{Scope(scope).label}”；如需调整，请联系原授权人。"]
    return []


# Roles that administer accounts (hold core.grant_role): nobody removes the last one they hold themselves.
def _is_admin_role(role: str) -> bool:
    return P.GRANT_ROLE in ROLE_PERMISSIONS.get(role, ())


@transaction.atomic
def role_grant(*, actor, user: User, role: str, scope: str) -> RoleAssignment:
    _require(actor, P.GRANT_ROLE)
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and not restrict(User.objects.filter(pk=user.pk), actor, P.VIEW_USER).exists():
        raise NotPermitted("该账号不在您的管辖范围内。")
    reasons = grantable(actor, role, scope)
    if actor is not None and actor.pk == user.pk:
        reasons.append("不能给自己授予角色。")
    roles_now = {ra.role for ra in user.role_assignments.all()} | {role}
    if role in SYSTEM_ROLES and len(roles_now) > 1:
        reasons.append("三员分立：系统角色不能与其他角色兼任。")
    if roles_now & SYSTEM_ROLES and len(roles_now) > 1:
        reasons.append("三员分立：已有系统角色的账号不能再兼任其他角色。")
    # No select_related here: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    # (granted_by may be empty); the grantor is read on its own when needed.
    existing = RoleAssignment.objects.select_for_update().filter(user=user, role=role).first()
    if existing is not None and actor is not None:
        reasons += _narrowing_refused(actor, existing, scope)
    if reasons:
        raise ServiceError("；".join(dict.fromkeys(reasons)), field_errors={"role": reasons})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, defaults={"scope": scope, "granted_by": actor}
    )
    before = None if created else {"role": assignment.role, "scope": assignment.scope}
    if not created:
        assignment.scope = scope
        assignment.granted_by = actor
        assignment.save(update_fields=["scope", "granted_by"])
    audit.record(actor=actor, action="core.role_grant", obj=user, before=before,
                 after={"role": role, "scope": scope})
    return assignment


@transaction.atomic
def role_revoke(*, actor, user: User, role: str) -> None:
    _require(actor, P.GRANT_ROLE)
    if actor is not None and not restrict(User.objects.filter(pk=user.pk), actor, P.VIEW_USER).exists():
        raise NotPermitted("该账号不在您的管辖范围内。")
    assignment = RoleAssignment.objects.select_for_update().filter(user=user, role=role).first()
    if assignment is None:
        raise ServiceError("该用户没有这个角色。")
    reasons = grantable(actor, role, assignment.scope)
    if actor is not None and actor.pk == user.pk and _is_admin_role(role):
        others = RoleAssignment.objects.filter(user=user).exclude(pk=assignment.pk).values_list("role", flat=True)
        if not any(_is_admin_role(r) for r in others):
            reasons.append("不能撤销您自己最后一个管理角色，否则将无人能够管理您的账号范围；请由其他管理员办理。")
    if reasons:
        raise ServiceError("；".join(reasons))
    before = {"role": assignment.role, "scope": assignment.scope}
    assignment.delete()
    audit.record(actor=actor, action="core.role_revoke", obj=user, before=before)


__all__ = [
    "RegionLevel",
    "agency_create",
    "account_unlock",
    "agency_update",
    "grantable",
    "password_change",
    "region_create",
    "region_update",
    "role_grant",
    "role_revoke",
    "user_create",
    "user_reset_password",
    "user_update",
]
