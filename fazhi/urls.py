from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("", include("fazhi.core.urls")),
    path("api/v1/", include("fazhi.core.api_urls")),
    path("api/v1/documents/public/", include("fazhi.portal.api_urls")),
    path("api/v1/documents/", include("fazhi.documents.api_urls")),
    path("portal/decisions/", include(("fazhi.portal.decisions_urls", "portal_decisions"))),
    path("portal/", include("fazhi.portal.urls")),
    path("documents/", include("fazhi.documents.urls")),
    path("decisions/", include("fazhi.decisions.urls")),
    path("supervision/", include("fazhi.supervision.urls")),
    path("disputes/", include("fazhi.disputes.urls")),
    path("enforcement/", include("fazhi.enforcement.urls")),
    path("api/v1/supervision/", include("fazhi.supervision.api_urls")),
    path("reviews/", include("fazhi.procedure.urls")),
    path("api/v1/procedure/", include("fazhi.procedure.api_urls")),
    path("api/v1/decisions/", include("fazhi.decisions.api_urls")),
    path("api/v1/enforcement/", include("fazhi.enforcement.api_urls")),
    path("api/v1/disputes/", include("fazhi.disputes.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

handler404 = "fazhi.portal.views.not_found"
