from django.urls import path

from . import views

app_name = "paperwork"
urlpatterns = [
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/dues/new/", views.due_create, name="due_create"),
    path("<int:pk>/dues/<int:due>/<str:code>/<str:day>/", views.hand_in, name="hand_in"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
    path("reports/<int:pk>/return/", views.report_return_confirm, name="report_return_confirm"),
    path("reports/<int:pk>/return/do/", views.report_return, name="report_return"),
    path("<int:pk>/bulletins/new/", views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/publish/", views.bulletin_publish_confirm, name="bulletin_publish_confirm"),
    path("bulletins/<int:pk>/publish/do/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:pk>/<str:fmt>/", views.bulletin_file, name="bulletin_file"),
]
