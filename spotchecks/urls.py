from django.urls import path

from . import views

app_name = "spotchecks"
urlpatterns = [
    path("campaign/<int:pk>/", views.campaign_spot_checks, name="campaign"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
