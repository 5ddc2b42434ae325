"""Administration pages: org tree, users and roles, working-day calendar, audit log (urls_admin.py)."""

from .audit import audit_detail, audit_list, audit_verify
from .calendar import (
    calendar,
    calendar_day_create,
    calendar_day_delete,
    calendar_day_edit,
    calendar_year_register,
    calendar_year_unregister,
)
from .org import (
    agency_create,
    agency_detail,
    agency_edit,
    agency_list,
    region_children,
    region_create,
    region_detail,
    region_edit,
    region_list,
)
from .users import (
    user_create,
    user_detail,
    user_edit,
    user_list,
    user_password,
    user_role_grant,
    user_role_revoke,
    user_set_active,
    user_unlock,
)

__all__ = [
    "agency_create", "agency_detail", "agency_edit", "agency_list",
    "audit_detail", "audit_list", "audit_verify",
    "calendar", "calendar_day_create", "calendar_day_delete", "calendar_day_edit", "calendar_year_register",
    "calendar_year_unregister",
    "region_children", "region_create", "region_detail", "region_edit", "region_list",
    "user_create", "user_detail", "user_edit", "user_list", "user_password", "user_role_grant",
    "user_role_revoke", "user_set_active", "user_unlock",
]
