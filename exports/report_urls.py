from django.urls import path

from . import report_views

app_name = "reports"
urlpatterns = [
    path("spotchecks/<int:pk>/", report_views.spot_check_report, name="spot_check"),
]
