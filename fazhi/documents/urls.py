"""Staff pages of the normative-document module: drafting side here, desks and statistics in urls_desks.

Documents are addressed by their public code (10 characters of digits and capitals, never the id); the
converter keeps the lower-case desk paths (reviews/, filings/, …) out of the document routes.
"""

from django.urls import path, register_converter

from fazhi.core.codes import PublicCodeConverter

from .urls_desks import urlpatterns as desk_patterns
from .views import comments, drafting

register_converter(PublicCodeConverter, "doccode")

app_name = "documents"

urlpatterns: list = [
    path("", drafting.document_list, name="list"),
    path("mine/", drafting.my_drafts, name="my_drafts"),
    path("new/", drafting.document_create, name="create"),
    path("<doccode:code>/", drafting.document_detail, name="detail"),
    path("<doccode:code>/edit/", drafting.document_edit, name="edit"),
    path("<doccode:code>/transition/", drafting.document_transition, name="transition"),
    path("<doccode:code>/versions/diff/", drafting.versions_diff, name="versions_diff"),
    path("<doccode:code>/timeline/", drafting.document_timeline, name="timeline"),
    path("<doccode:code>/fair-competition/", drafting.fair_competition, name="fair_competition"),
    path("<doccode:code>/comments/new/", comments.comment_enter, name="comment_enter"),
    path("<doccode:code>/comments/bulk/", comments.comments_bulk, name="comments_bulk"),
    path("<doccode:code>/comments/summary/", comments.comment_summary, name="comment_summary"),
] + desk_patterns
