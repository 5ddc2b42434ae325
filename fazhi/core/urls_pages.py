"""Workspace pages: sign-in, password, home, my deadlines, inbox."""

from django.urls import path

from . import views, views_exports

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/password/", views.password_change_view, name="password_change"),
    path("deadlines/", views.deadline_list, name="deadline_list"),
    path("deadlines/<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path("deadlines/<int:pk>/overdue/", views.deadline_overdue_action, name="deadline_overdue_action"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.notification_mark_read, name="notification_mark_read"),
    path("inbox/<int:pk>/", views.notification_detail, name="notification_detail"),
    path("inbox/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("exports/<uuid:code>/", views_exports.export_job, name="export_job"),
    path("exports/<uuid:code>/download/", views_exports.export_download, name="export_download"),
]
