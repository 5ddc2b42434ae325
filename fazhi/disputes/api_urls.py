"""Routes under /api/v1/disputes/ (namespace "disputes-api")."""

from rest_framework.routers import SimpleRouter

from .api import LitigationViewSet, MediationViewSet, ReconsiderationViewSet

app_name = "disputes-api"

router = SimpleRouter()
router.register("reconsiderations", ReconsiderationViewSet, basename="reconsideration")
router.register("litigations", LitigationViewSet, basename="litigation")
router.register("mediations", MediationViewSet, basename="mediation")

urlpatterns = router.urls
