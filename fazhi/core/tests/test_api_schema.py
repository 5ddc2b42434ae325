"""The OpenAPI 3 schema of the core API, and Swagger UI / ReDoc served from vendored files (no CDN)."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

SIDECAR = {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR", "REDOC_DIST": "SIDECAR"}


def test_the_schema_endpoint_answers_openapi_3(db):
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/core/deadlines/{id}/transition/" in body["paths"]
    assert body["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_the_core_api_generates_a_valid_schema_without_warnings_or_errors(db):
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("fazhi.core.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, (
        dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
    paths = schema["paths"]
    assert paths["/api/v1/core/users/{username}/roles/{role}/"]["delete"]
    assert paths["/api/v1/core/calendar/add-working-days/"]["get"]["parameters"]


@pytest.fixture
def sidecar(monkeypatch):
    for name, value in SIDECAR.items():
        monkeypatch.setattr(spectacular_settings, name, value)


def test_swagger_ui_loads_its_files_from_our_static_files_not_a_cdn(db, sidecar):
    response = APIClient().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


def test_redoc_loads_its_file_from_our_static_files(db, sidecar):
    html = APIClient().get("/api/v1/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "cdn.jsdelivr" not in html


def test_the_vendored_swagger_files_are_found_by_the_static_finders():
    finders.get_finder.cache_clear()
    for name in ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-dist/swagger-ui.css",
                 "swagger-ui-dist/swagger-ui-standalone-preset.js", "redoc/bundles/redoc.standalone.js"):
        assert finders.find(f"drf_spectacular_sidecar/{name}"), name
