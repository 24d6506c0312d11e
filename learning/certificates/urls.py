"""Public verification, the PDF and the learner's own certificate pages. The host includes
these at the root; the paths are printed on certificates, so they never change."""

from django.urls import path

from learning.certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.verify_form, name="verify"),
    path("certificates/<str:code>/", views.verify, name="certificate"),
    path("certificates/<str:code>/pdf/", views.pdf, name="certificate_pdf"),
    path(
        "dashboard/certificates/<str:code>/name/",
        views.name_request,
        name="certificate_name",
    ),
    path(
        "dashboard/courses/<int:course_id>/certificate/",
        views.certificate_status,
        name="certificate_status",
    ),
]
