"""Routes under /api/v1/supervision/ (namespace "supervision-api")."""

from rest_framework.routers import SimpleRouter

from .api import (
    AnnualReportViewSet,
    AnnualSheetViewSet,
    DataReportViewSet,
    InspectionViewSet,
    LetterViewSet,
    PlanTaskViewSet,
    RectificationViewSet,
    SchemeViewSet,
    ScoreViewSet,
    SnapshotViewSet,
)

app_name = "supervision-api"

router = SimpleRouter()
router.register("schemes", SchemeViewSet, basename="scheme")
router.register("snapshots", SnapshotViewSet, basename="snapshot")
router.register("scores", ScoreViewSet, basename="score")
router.register("letters", LetterViewSet, basename="letter")
router.register("reports", DataReportViewSet, basename="report")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("annual-sheets", AnnualSheetViewSet, basename="annual-sheet")
router.register("tasks", PlanTaskViewSet, basename="task")
router.register("annual-reports", AnnualReportViewSet, basename="annual-report")
urlpatterns = router.urls
