"""Routes under /api/v1/documents/. URL names are namespaced "documents-api:", e.g.
``documents-api:document-transition``. The public library comes first: its path is no document code."""

from rest_framework.routers import SimpleRouter

from .api import DocumentViewSet, PublicDocumentViewSet

app_name = "documents-api"

public = SimpleRouter()
public.register("public", PublicDocumentViewSet, basename="public-document")

documents = SimpleRouter()
documents.register("", DocumentViewSet, basename="document")

urlpatterns = public.urls + documents.urls
