"""Staff pages of 矛盾纠纷化解 (objects addressed by their UUID code)."""

from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
    path("grids/", views.grid_list, name="grids"),
    path("explanations/", views.explanation_list, name="explanations"),
    path("explanations/<uuid:code>/", views.explanation_detail, name="explanation"),
    path("grid-reports/", views.grid_report_list, name="grid_reports"),
    path("grid-reports/new/", views.grid_report_create, name="grid_report_create"),
    path("grid-reports/<uuid:code>/", views.grid_report_detail, name="grid_report"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<uuid:code>/", views.committee_detail, name="committee"),
    path("mediators/", views.mediator_list, name="mediators"),
    path("mediations/", views.mediation_list, name="mediations"),
    path("mediations/new/", views.mediation_create, name="mediation_create"),
    path("mediations/<uuid:code>/", views.mediation_detail, name="mediation"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<uuid:code>/", views.referral_detail, name="referral"),
    path("reconsiderations/", views.reconsideration_list, name="reconsiderations"),
    path("reconsiderations/new/", views.reconsideration_create, name="reconsideration_create"),
    path("reconsiderations/<uuid:code>/", views.reconsideration_detail, name="reconsideration"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<str:code>/", views.application_detail, name="application"),
    path("litigations/", views.litigation_list, name="litigations"),
    path("litigations/new/", views.litigation_create, name="litigation_create"),
    path("litigations/<uuid:code>/", views.litigation_detail, name="litigation"),
]
