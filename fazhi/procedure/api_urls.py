from rest_framework.routers import SimpleRouter

from .api.reviews import ReviewViewSet

router = SimpleRouter()
router.register("reviews", ReviewViewSet, basename="procedure-review")

urlpatterns = router.urls
