from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("<int:pk>/", views.submission_detail, name="submission"),
    path("<int:pk>/review/", views.submission_review, name="review"),
    path("<int:pk>/print/", views.submission_print, name="print"),
    path("<int:pk>/pdf/", views.submission_pdf, name="pdf"),
    path("forms/<int:pk>/blank/", views.blank_form, name="blank"),
]
