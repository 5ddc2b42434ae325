"""Routes under /api/v1/decisions/. URL names are namespaced "decisions-api:", e.g.
``decisions-api:decision-transition``. The expert pool comes first: its path is no decision code."""

from rest_framework.routers import SimpleRouter

from .api import DecisionViewSet, ExpertViewSet

app_name = "decisions-api"

pool = SimpleRouter()
pool.register("experts", ExpertViewSet, basename="expert")

decisions = SimpleRouter()
decisions.register("", DecisionViewSet, basename="decision")

urlpatterns = pool.urls + decisions.urls
