"""Routes under /api/v1/supervision/ (namespace "supervision-api")."""

from rest_framework.routers import SimpleRouter

from .api import LetterViewSet, SchemeViewSet, ScoreViewSet, SnapshotViewSet

app_name = "supervision-api"

router = SimpleRouter()
router.register("schemes", SchemeViewSet, basename="scheme")
router.register("snapshots", SnapshotViewSet, basename="snapshot")
router.register("scores", ScoreViewSet, basename="score")
router.register("letters", LetterViewSet, basename="letter")
urlpatterns = router.urls
