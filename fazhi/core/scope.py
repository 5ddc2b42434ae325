"""The one scoping function: (user, queryset, permission) → the rows the user may touch.

Every page, export and API endpoint goes through ``restrict``. "Own region and below" is a prefix
filter on the indexed ``region_path`` column, never a recursive walk of the tree.
"""

from django.db.models import Q, QuerySet

from .choices import Scope
from .models import COUNTY_PATH_LENGTH
from .permissions import ROLE_PERMISSIONS, user_roles


def scope_q(model, scope: str, user) -> Q | None:
    """The filter for one scope on one model; None means "everything"."""
    if scope == Scope.ALL:
        return None
    if scope == Scope.REGION:
        if not user.agency_id:
            return Q(pk__in=[])
        county = getattr(model, "SCOPE_COUNTY_FIELD", None)
        if county and len(user.region_path) == COUNTY_PATH_LENGTH:
            # A county user: a row lies under the county's path exactly when its stored county_path is that path
            # (core.models.county_path_field), and the indexes that lead with it serve the sorts and the count.
            # Instead of the prefix, not beside it: with both, PostgreSQL takes them as independent, underestimates
            # the rows tenfold and ANDs two bitmaps (16 ms for the capped count of a county's 22 000 documents,
            # against 0.7 ms on the one index).
            return Q(**{county: user.region_path})
        return Q(region_path__startswith=user.region_path)
    if scope == Scope.AGENCY:
        field = model.SCOPE_AGENCY_FIELD
        if field is None:
            # Rows without an agency (regions): the user's own region only.
            return Q(region_path=user.region_path) if user.agency_id else Q(pk__in=[])
        return Q(**{field: user.agency_id}) if user.agency_id else Q(pk__in=[])
    if scope == Scope.OWN:
        field = model.SCOPE_OWNER_FIELD
        if field is None:
            return scope_q(model, Scope.AGENCY, user)
        return Q(**{field: user.pk})
    raise ValueError(f"unknown scope {scope!r}")


def restrict(queryset: QuerySet, user, perm: str) -> QuerySet:
    """Rows of ``queryset`` on which ``user`` holds ``perm``, under the union of their role scopes."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    combined: Q | None = None
    granted = False
    for assignment in user_roles(user):
        if perm not in ROLE_PERMISSIONS.get(assignment.role, ()):
            continue
        granted = True
        q = scope_q(queryset.model, assignment.scope, user)
        if q is None:
            return queryset
        combined = q if combined is None else combined | q
    if not granted or combined is None:
        return queryset.none()
    return queryset.filter(combined)


def widest_scope(user, perm: str) -> str | None:
    """The widest scope under which the user holds ``perm`` (None when not at all)."""
    from .choices import SCOPE_RANK

    scopes = [ra.scope for ra in user_roles(user) if perm in ROLE_PERMISSIONS.get(ra.role, ())]
    return max(scopes, key=lambda s: SCOPE_RANK[s]) if scopes else None


def scope_key(user) -> tuple:
    """What decides the rows ``restrict`` gives ``user`` under any permission: who, where, which roles at which
    scopes. Two requests with the same key see the same rows, so what is computed from a user's scope (a filter
    dropdown's choices, the rendered filter bar) can be kept under it."""
    roles = tuple(sorted((ra.role, ra.scope) for ra in user_roles(user)))
    return user.pk, user.agency_id, getattr(user, "region_path", ""), user.is_active, roles
