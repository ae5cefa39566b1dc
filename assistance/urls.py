from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("lists/", views.lists, name="lists"),
    path("lists/hand/", views.hand, name="hand"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/lines/", views.line_save, name="line_save"),
    path("plans/<int:pk>/lines/<int:line_pk>/delete/", views.line_delete, name="line_delete"),
    path("plans/<int:pk>/<str:action>/", views.plan_act, name="plan_act"),
    path("acceptance/", views.acceptance, name="acceptance"),
]
