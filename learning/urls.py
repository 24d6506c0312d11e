"""Learners' actions and pages outside the page tree. The host includes these at the root."""

from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path(
        "dashboard/self-assessment/<int:framework_id>/",
        views.self_assessment,
        name="self_assessment",
    ),
    path("dashboard/self-assessment/consent/", views.consent, name="consent"),
    path(
        "dashboard/self-assessment/evaluation/",
        views.evaluation_consent,
        name="evaluation_consent",
    ),
    path(
        "dashboard/courses/<int:course_id>/complete/",
        views.course_complete,
        name="course_complete",
    ),
    path("learning/courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path(
        "learning/modules/<int:module_id>/stages/<slug:stage>/",
        views.stage_complete,
        name="stage_complete",
    ),
    path(
        "learning/modules/<int:module_id>/checklist/",
        views.checklist_save,
        name="checklist",
    ),
]
