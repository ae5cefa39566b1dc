from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/download/", views.download, name="download"),
]
