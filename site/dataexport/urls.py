"""/accounts/data/...: included by the host before allauth's accounts/ (see camino urls)."""

from django.urls import path

from camino.dataexport import views

urlpatterns = [
    path("accounts/data/", views.data_export, name="data_export"),
    path("accounts/data/<uuid:export_id>/", views.data_export_status, name="data_export_status"),
    path(
        "accounts/data/<uuid:export_id>/download/",
        views.data_export_download,
        name="data_export_download",
    ),
]
