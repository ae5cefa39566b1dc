from django.urls import path

from . import views

app_name = "accountability"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/<str:action>/", views.case_act, name="act"),
    path("clues/<int:pk>/", views.clue_file, name="clue"),
]
