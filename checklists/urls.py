from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/review/", views.submission_review, name="review"),
]
