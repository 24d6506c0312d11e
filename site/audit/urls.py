"""/admin/audit/: included by the host before Wagtail's admin (see camino urls)."""

from django.urls import path

from camino.audit import views

urlpatterns = [path("", views.audit_trail, name="audit_trail")]
