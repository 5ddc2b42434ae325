"""Routes under /api/v1/disputes/ (namespace "disputes-api")."""

from rest_framework.routers import SimpleRouter

from .api import (
    CommitteeViewSet,
    GridReportViewSet,
    GridViewSet,
    LitigationViewSet,
    MediationViewSet,
    ReconsiderationViewSet,
    ReferralViewSet,
)

app_name = "disputes-api"

router = SimpleRouter()
router.register("reconsiderations", ReconsiderationViewSet, basename="reconsideration")
router.register("litigations", LitigationViewSet, basename="litigation")
router.register("mediations", MediationViewSet, basename="mediation")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("grids", GridViewSet, basename="grid")
router.register("grid-reports", GridReportViewSet, basename="grid-report")

urlpatterns = router.urls
