"""Public verification, the PDF and the learner's own certificate pages. The host includes
these at the root; the paths are printed on certificates, so they never change."""

from django.urls import path

from learning.certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.verify_form, name="verify"),
    path("certificates/<str:code>/", views.verify, name="certificate"),
    path("certificates/<str:code>/pdf/", views.pdf, name="certificate_pdf"),
    path("certificates/<str:code>/credential/", views.credential, name="credential"),
    path("credentials/status/<str:list_id>/", views.status_list, name="status_list"),
    path(".well-known/did.json", views.did_document, name="did_document"),
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
