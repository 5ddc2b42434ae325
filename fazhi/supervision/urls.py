from django.urls import path

from . import (
    views,
    views_annual,
    views_annual_reports,
    views_cockpit,
    views_inspections,
    views_plans,
    views_reports,
)

app_name = "supervision"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("ranking/", views.ranking, name="ranking"),
    path("schemes/", views.scheme, name="scheme"),
    path("schemes/<int:pk>/", views.scheme, name="scheme_version"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("letters/", views.letter_list, name="letters"),
    path("letters/<int:pk>/", views.letter_detail, name="letter"),
    path("letters/<int:pk>/docx/", views.letter_docx, name="letter_docx"),
    path("letters/<int:pk>/<str:record>.docx", views.letter_record_docx, name="letter_record_docx"),
    path("reports/", views_reports.report_list, name="reports"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report"),
    path("inspections/", views_inspections.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", views_inspections.inspection_detail, name="inspection"),
    path("annual/", views_annual.annual_list, name="annual"),
    path("annual/<int:pk>/", views_annual.annual_sheet, name="annual_sheet"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("tasks/<int:pk>/", views_plans.task_detail, name="task"),
    path("cockpit/", views_cockpit.cockpit, name="cockpit"),
    path("annual-reports/", views_annual_reports.report_list, name="annual_reports"),
    path("annual-reports/<int:pk>/", views_annual_reports.report_detail, name="annual_report"),
]
