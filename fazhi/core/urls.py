"""Page URLs of the core app: the workspace pages (urls_pages) and the administration pages (urls_admin)."""

from django.urls import path

from .urls_admin import urlpatterns as admin_patterns
from .urls_pages import urlpatterns as page_patterns
from .views_files import attachment_download

app_name = "core"

urlpatterns = [
    *page_patterns,
    *admin_patterns,
    path("attachments/<uuid:code>/", attachment_download, name="attachment_download"),
]
