from django.urls import path

from . import assistance_views

app_name = "assistance_reports"
urlpatterns = [
    path("help-lists/<int:pk>/<str:level>/", assistance_views.help_list, name="help_list"),
    path("help-lists/<int:campaign_pk>/<str:code>/<str:level>/", assistance_views.unit_help_lists,
         name="unit_help_lists"),
    path("plans/<int:pk>/", assistance_views.plan, name="plan"),
    path("acceptance/<int:year>/", assistance_views.acceptance, name="acceptance"),
]
