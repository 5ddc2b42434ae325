"""Page URLs of the core app: the workspace pages (urls_pages) and the administration pages (urls_admin)."""

from .urls_admin import urlpatterns as admin_patterns
from .urls_pages import urlpatterns as page_patterns

app_name = "core"

urlpatterns = page_patterns + admin_patterns
