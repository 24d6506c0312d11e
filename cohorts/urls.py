from django.urls import path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("cohorts/", views.cohort_list, name="list"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="detail"),
    path("cohorts/<int:cohort_id>/framework/", views.cohort_framework, name="framework"),
    path("cohorts/<int:cohort_id>/export.csv", views.cohort_export, name="export"),
    path("cohorts/<int:cohort_id>/settings/", views.cohort_settings, name="settings"),
    path("cohorts/<int:cohort_id>/reminders/", views.cohort_remind, name="remind"),
    path("cohorts/<int:cohort_id>/invitations/", views.cohort_invitations, name="invitations"),
    path("cohorts/<int:cohort_id>/join-code/", views.cohort_rotate_code, name="rotate_code"),
    path("cohorts/<int:cohort_id>/leave/", views.cohort_leave, name="leave"),
    path(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/",
        views.learner_detail,
        name="learner",
    ),
    path(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/remove/",
        views.learner_remove,
        name="remove",
    ),
    path("join/<str:code>/", views.join, name="join"),
]
