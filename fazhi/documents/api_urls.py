"""Routes under /api/v1/documents/. URL names are namespaced "documents-api:", e.g.
``documents-api:document-transition``. The public library is the portal's: /api/v1/documents/public/."""

from rest_framework.routers import SimpleRouter

from .api import DocumentViewSet

app_name = "documents-api"

documents = SimpleRouter()
documents.register("", DocumentViewSet, basename="document")

urlpatterns = documents.urls
