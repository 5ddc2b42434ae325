"""Staff pages of the normative-document module: drafting side here, desks and statistics in urls_desks."""

from .urls_desks import urlpatterns as desk_patterns

app_name = "documents"

urlpatterns: list = [] + desk_patterns
