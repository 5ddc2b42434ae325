"""Staff pages of 行政执法 (cases and inspections addressed by their UUID code)."""

from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<uuid:code>/", views.case_detail, name="case"),
    path("cases/<uuid:code>/<str:kind>.docx", views.case_docx, name="case_docx"),
    path("registers/", views.registers_home, name="registers"),
    path("registers/<str:register>/", views.register_list, name="register"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<uuid:code>/", views.inspection_detail, name="inspection"),
    path("anomalies/", views.anomalies, name="anomalies"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/<uuid:code>/", views.complaint_detail, name="complaint"),
    path("imports/", views.import_list, name="imports"),
    path("imports/template/<str:kind>.xlsx", views.import_template, name="import_template"),
    path("imports/<uuid:code>/", views.import_detail, name="import"),
    path("township/", views.township_list, name="townships"),
    path("township/new/", views.township_create, name="township_create"),
    path("township/<uuid:code>/", views.township_detail, name="township"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/<uuid:code>/", views.evaluation_detail, name="evaluation"),
]
