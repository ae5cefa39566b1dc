from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.my_households, name="mine"),
    path("households/<int:pk>/", views.household_visits, name="household"),
    path("households/<int:pk>/new/", views.record, name="record"),
    path("month/", views.month, name="month"),
    path("assign/", views.assign, name="assign"),
]
