from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/units/<str:code>/", views.campaign_unit, name="unit"),
    path("<int:pk>/trainings/", views.trainings, name="trainings"),
    path("<int:pk>/copy/", views.campaign_copy, name="copy"),
]
