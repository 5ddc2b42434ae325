"""The public site under /portal/: no login. Documents and receipts are addressed by their codes."""

from django.urls import path, re_path

from . import disputes_views, enforcement_views, views

app_name = "portal"

CODE = r"(?P<code>[2-9A-HJ-NP-Z]{10})"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document_list"),
    re_path(rf"^documents/{CODE}/$", views.document_detail, name="document_detail"),
    re_path(rf"^documents/{CODE}/suggest/$", views.suggestion_create, name="suggestion_create"),
    path("suggestions/", views.suggestion_lookup, name="suggestion_lookup"),
    re_path(rf"^suggestions/{CODE}/$", views.suggestion_detail, name="suggestion_detail"),
    path("comments/", views.comment_list, name="comment_list"),
    path("comments/<uuid:code>/", views.comment_detail, name="comment_detail"),
    path("comments/receipts/", views.comment_receipt_lookup, name="comment_receipt_lookup"),
    re_path(rf"^comments/receipts/{CODE}/$", views.comment_receipt, name="comment_receipt"),
    path("cleanup/", views.cleanup_list, name="cleanup_list"),
    re_path(rf"^cleanup/{CODE}/$", views.cleanup_detail, name="cleanup_detail"),
    path("files/<uuid:code>/", views.attachment_download, name="attachment_download"),
    path("disputes/", disputes_views.lookup, name="dispute_lookup"),
    path("disputes/apply/<str:kind>/", disputes_views.apply, name="dispute_apply"),
    re_path(rf"^disputes/{CODE}/$", disputes_views.application, name="dispute_application"),
    path("enforcement/", enforcement_views.index, name="enforcement"),
    path("enforcement/decisions/<uuid:code>/", enforcement_views.decision, name="enforcement_decision"),
    path("enforcement/<str:tab>/", enforcement_views.index, name="enforcement_tab"),
]
