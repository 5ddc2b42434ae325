"""Routes under /api/v1/enforcement/ (namespace "enforcement-api")."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    BenchmarkViewSet,
    BodyViewSet,
    CaseViewSet,
    InspectionViewSet,
    LenientViewSet,
    MatterViewSet,
    OfficerViewSet,
    RedactionPreview,
)

app_name = "enforcement-api"

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("bodies", BodyViewSet, basename="body")
router.register("officers", OfficerViewSet, basename="officer")
router.register("matters", MatterViewSet, basename="matter")
router.register("benchmarks", BenchmarkViewSet, basename="benchmark")
router.register("lenient-items", LenientViewSet, basename="lenient")

urlpatterns = [path("redaction-preview/", RedactionPreview.as_view(), name="redaction-preview"), *router.urls]
