"""/admin/evaluation/...: included by the host before Wagtail's admin (see camino urls)."""

from django.urls import path

from evaluation import admin_views

urlpatterns = [
    path("", admin_views.overview, name="evaluation_overview"),
    path("funnel/", admin_views.funnel, name="evaluation_funnel"),
    path("distance/", admin_views.distance, name="evaluation_distance"),
    path("exports/", admin_views.exports, name="evaluation_exports"),
    path(
        "exports/<int:pk>/download/",
        admin_views.export_download,
        name="evaluation_export_download",
    ),
]
