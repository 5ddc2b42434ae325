"""Routes under /api/v1/documents/public/, namespaced "portal-api:" (``portal-api:public-document-list``)."""

from rest_framework.routers import SimpleRouter

from .api import PublicDocumentViewSet

app_name = "portal-api"

router = SimpleRouter()
router.register("", PublicDocumentViewSet, basename="public-document")

urlpatterns = router.urls
