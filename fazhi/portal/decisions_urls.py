"""重大行政决策 on the public site, under /portal/decisions/ (namespace "portal_decisions").
Decisions, catalogues and receipts are addressed by their codes; consultations by their UUID codes."""

from django.urls import path, re_path

from . import decisions_views as views

CODE = r"(?P<code>[2-9A-HJ-NP-Z]{10})"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogues/", views.catalogue_list, name="catalogue_list"),
    re_path(rf"^catalogues/{CODE}/$", views.catalogue_detail, name="catalogue_detail"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<uuid:code>/", views.consultation_detail, name="consultation_detail"),
    path("published/", views.decision_list, name="decision_list"),
    re_path(rf"^published/{CODE}/$", views.decision_detail, name="decision_detail"),
    path("propose/", views.proposal_create, name="proposal_create"),
    path("proposals/", views.proposal_lookup, name="proposal_lookup"),
    re_path(rf"^proposals/{CODE}/$", views.proposal_detail, name="proposal_detail"),
]
