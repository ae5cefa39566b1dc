from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("<int:pk>/", views.household_detail, name="detail"),
]
