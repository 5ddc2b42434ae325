"""Routes under /api/v1/enforcement/ (namespace "enforcement-api")."""

from django.urls import path

from .api import RedactionPreview

app_name = "enforcement-api"

urlpatterns = [path("redaction-preview/", RedactionPreview.as_view(), name="redaction-preview")]
