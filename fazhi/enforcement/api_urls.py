"""Routes under /api/v1/enforcement/ (namespace "enforcement-api")."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import CaseViewSet, InspectionViewSet, RedactionPreview

app_name = "enforcement-api"

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("inspections", InspectionViewSet, basename="inspection")

urlpatterns = [path("redaction-preview/", RedactionPreview.as_view(), name="redaction-preview"), *router.urls]
