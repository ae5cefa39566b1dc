from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.request_export, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
]
