"""What each role may do. Modules add their own permission codes to ``ROLE_PERMISSIONS``.

A permission code names a capability ("core.view_user"); the *scope* of a role assignment says on
which rows the capability applies (see ``scope.restrict``).
"""

from .choices import Role, Scope


class P:
    """Permission codes of the core app."""

    VIEW_ORG = "core.view_org"
    MANAGE_ORG = "core.manage_org"
    VIEW_USER = "core.view_user"
    MANAGE_USER = "core.manage_user"
    GRANT_ROLE = "core.grant_role"
    MANAGE_CALENDAR = "core.manage_calendar"
    VIEW_AUDIT = "core.view_audit"
    VIEW_DEADLINE = "core.view_deadline"
    MANAGE_DEADLINE = "core.manage_deadline"
    ISSUE_NUMBER = "core.issue_number"
    UPLOAD = "core.upload"
    VIEW_ATTACHMENT = "core.view_attachment"


# Read access to business data, shared by every business role.
_BUSINESS_READ = {P.VIEW_ORG, P.VIEW_DEADLINE, P.VIEW_ATTACHMENT}
_BUSINESS_WORK = _BUSINESS_READ | {P.MANAGE_DEADLINE, P.UPLOAD}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.FZB_ADMIN: _BUSINESS_WORK | {P.VIEW_USER, P.GRANT_ROLE, P.MANAGE_CALENDAR, P.ISSUE_NUMBER},
    Role.COUNTY_FZB: _BUSINESS_WORK | {P.VIEW_USER, P.GRANT_ROLE, P.ISSUE_NUMBER},
    Role.LEGAL_STAFF: _BUSINESS_WORK | {P.VIEW_USER},
    Role.DRAFTER: _BUSINESS_WORK,
    Role.REVIEWER: _BUSINESS_WORK,
    Role.DECISION_STAFF: _BUSINESS_WORK,
    Role.ENFORCEMENT_OFFICER: _BUSINESS_WORK,
    Role.ENFORCEMENT_SUPERVISOR: _BUSINESS_WORK,
    Role.MEDIATOR: _BUSINESS_WORK,
    Role.EXPERT: {P.VIEW_ORG, P.VIEW_DEADLINE},
    Role.LEADER: _BUSINESS_READ | {P.VIEW_USER},
    # 三员分立 (等保三级): none of the three system roles reads business data.
    Role.SYSADMIN: {P.VIEW_ORG, P.MANAGE_ORG, P.MANAGE_CALENDAR},
    Role.SECADMIN: {P.VIEW_ORG, P.VIEW_USER, P.MANAGE_USER, P.GRANT_ROLE},
    Role.AUDITOR: {P.VIEW_AUDIT},
}

SYSTEM_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR}

# The widest scope each role may be given.
ROLE_MAX_SCOPE: dict[str, str] = {
    Role.FZB_ADMIN: Scope.ALL,
    Role.COUNTY_FZB: Scope.REGION,
    Role.LEGAL_STAFF: Scope.AGENCY,
    Role.DRAFTER: Scope.AGENCY,
    Role.REVIEWER: Scope.REGION,
    Role.DECISION_STAFF: Scope.REGION,
    Role.ENFORCEMENT_OFFICER: Scope.OWN,
    Role.ENFORCEMENT_SUPERVISOR: Scope.REGION,
    Role.MEDIATOR: Scope.AGENCY,
    Role.EXPERT: Scope.OWN,
    Role.LEADER: Scope.ALL,
    Role.SYSADMIN: Scope.ALL,
    Role.SECADMIN: Scope.ALL,
    Role.AUDITOR: Scope.ALL,
}


def register_permissions(role: str, codes: set[str]) -> None:
    """Called by a module's AppConfig.ready() to give its permissions to a role."""
    ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] | set(codes)


def user_roles(user) -> list:
    """The user's role assignments, fetched once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_fazhi_roles", None)
    if cached is None:
        cached = list(user.role_assignments.all())
        user._fazhi_roles = cached
    return cached


def has_perm(user, code: str) -> bool:
    return any(code in ROLE_PERMISSIONS.get(ra.role, ()) for ra in user_roles(user))


def role_codes(user) -> set[str]:
    return {ra.role for ra in user_roles(user)}
