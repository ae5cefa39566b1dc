from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("<int:pk>/<str:code>/", views.dashboard, name="unit"),
    path("<int:pk>/<str:code>/rebuild/", views.rebuild, name="rebuild"),
]
