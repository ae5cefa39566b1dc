from django.urls import path

from . import views

app_name = "units"  # the pages are of units: units:detail, units:village_status_import
urlpatterns = [
    path("picker/", views.picker, name="picker"),
    path("village-statuses/import/", views.village_status_import, name="village_status_import"),
    path("<str:code>/departments/", views.departments, name="departments"),
    path("<str:code>/departments/change/", views.departments_change, name="departments_change"),
    path("<str:code>/", views.unit_detail, name="detail"),
]
