from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("print/", views.ledger_print, name="print"),
    path("new/", views.record, name="record"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:pk>/", views.detail, name="detail"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/extension/<int:request_pk>/", views.decide_extension, name="decide_extension"),
    path("<int:pk>/measures/", views.measure, name="measure"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("carry-over/<int:pk>/", views.carry_over, name="carry_over"),
]
