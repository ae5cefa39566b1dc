from django.urls import path

from . import views

app_name = "spotchecks"
urlpatterns = [
    path("campaign/<int:pk>/", views.campaign_spot_checks, name="campaign"),
    path("<int:pk>/", views.detail, name="detail"),
    path("mine/", views.my_inspections, name="mine"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]
