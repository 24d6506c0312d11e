"""/admin/data-exports/...: included by the host before Wagtail's admin (see camino urls), so
that anyone who is not a programme admin gets a 404 rather than the admin's login redirect."""

from django.urls import path

from camino.dataexport import admin_views

urlpatterns = [
    path(
        "people/<int:user_id>/",
        admin_views.person_export,
        name="data_export_admin_person",
    ),
    path("<uuid:export_id>/", admin_views.export_status, name="data_export_admin_status"),
    path(
        "<uuid:export_id>/download/",
        admin_views.export_download,
        name="data_export_admin_download",
    ),
]
