"""Administration pages under /manage/ (names are in the "core" namespace; the navigation links to the lists)."""

from django.urls import path

from . import views_admin as v

urlpatterns = [
    # 行政区划 (codes are the 行政区划代码)
    path("manage/regions/", v.region_list, name="region_list"),
    path("manage/regions/new/", v.region_create, name="region_create"),
    path("manage/regions/<str:code>/", v.region_detail, name="region_detail"),
    path("manage/regions/<str:code>/children/", v.region_children, name="region_children"),
    path("manage/regions/<str:code>/edit/", v.region_edit, name="region_edit"),
    # 单位 (by their public UUID code)
    path("manage/agencies/", v.agency_list, name="agency_list"),
    path("manage/agencies/new/", v.agency_create, name="agency_create"),
    path("manage/agencies/<uuid:code>/", v.agency_detail, name="agency_detail"),
    path("manage/agencies/<uuid:code>/edit/", v.agency_edit, name="agency_edit"),
    # 用户与角色 (by username, under u/ so that no username can shadow "new")
    path("manage/users/", v.user_list, name="user_list"),
    path("manage/users/new/", v.user_create, name="user_create"),
    path("manage/users/u/<str:username>/", v.user_detail, name="user_detail"),
    path("manage/users/u/<str:username>/edit/", v.user_edit, name="user_edit"),
    path("manage/users/u/<str:username>/active/", v.user_set_active, name="user_set_active"),
    path("manage/users/u/<str:username>/unlock/", v.user_unlock, name="user_unlock"),
    path("manage/users/u/<str:username>/password/", v.user_password, name="user_password"),
    path("manage/users/u/<str:username>/roles/", v.user_role_grant, name="user_role_grant"),
    path("manage/users/u/<str:username>/roles/<str:role>/revoke/", v.user_role_revoke, name="user_role_revoke"),
    # 工作日历
    path("manage/calendar/", v.calendar, name="calendar"),
    path("manage/calendar/days/new/", v.calendar_day_create, name="calendar_day_create"),
    path("manage/calendar/days/<str:day>/", v.calendar_day_edit, name="calendar_day_edit"),
    path("manage/calendar/days/<str:day>/delete/", v.calendar_day_delete, name="calendar_day_delete"),
    path("manage/calendar/years/new/", v.calendar_year_register, name="calendar_year_register"),
    path("manage/calendar/years/<int:year>/unregister/", v.calendar_year_unregister,
         name="calendar_year_unregister"),
    # 审计日志 (event numbers are the chain's own sequence)
    path("manage/audit/", v.audit_list, name="audit_list"),
    path("manage/audit/verify/", v.audit_verify, name="audit_verify"),
    path("manage/audit/<int:event_id>/", v.audit_detail, name="audit_detail"),
]
