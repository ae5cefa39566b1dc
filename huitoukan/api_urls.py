from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from accounts.api import obtain_token
from django.urls import path
from households.api import HouseholdViewSet
from unitpages.api import AdminUnitViewSet

router = DefaultRouter()
router.register("units", AdminUnitViewSet, basename="unit")
router.register("households", HouseholdViewSet, basename="household")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("token/", obtain_token, name="api-token"),
    *router.urls,
]
