from django.urls import path

from . import report_views

app_name = "reports"
urlpatterns = [
    path("spotchecks/<int:pk>/", report_views.spot_check_report, name="spot_check"),
    path("help-lists/<int:pk>/<str:level>/", report_views.help_list, name="help_list"),
    path("help-lists/<int:campaign_pk>/<str:code>/<str:level>/", report_views.unit_help_lists,
         name="unit_help_lists"),
    path("plans/<int:pk>/", report_views.plan, name="plan"),
    path("acceptance/<int:year>/", report_views.acceptance, name="acceptance"),
]
