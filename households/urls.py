from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("<int:pk>/", views.household_detail, name="detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("import/", views.roster_import, name="import"),
    path("import/<int:pk>/confirm/", views.roster_confirm, name="import_confirm"),
]
