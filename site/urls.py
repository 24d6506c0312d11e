"""The public URL contracts of shared/DESIGN.md live here; plugins add their own URLconfs."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from camino import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Wagtail's own login forms would bypass allauth (see views.login_elsewhere).
    path("admin/login/", views.login_elsewhere, name="admin_login"),
    path("_util/login/", views.login_elsewhere, name="page_privacy_login"),
    # The evaluation's reports sit in the admin's chrome but answer anyone who is not a
    # programme admin with a 404 (not the admin's redirect to log in): they come first.
    path("admin/evaluation/", include("evaluation.admin_urls")),
    # The staff audit trail likewise: programme admins only, a 404 to anyone else.
    path("admin/audit/", include("camino.audit.urls")),
    # The same for a programme admin's copy of a person's data (a subject access request).
    path("admin/data-exports/", include("camino.dataexport.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path("accounts/name/", views.account_name, name="account_name"),
    # before allauth's accounts/ so that accounts/notifications/ and accounts/data/ are ours
    path("", include("camino.notifications.urls")),
    path("", include("camino.dataexport.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("learning.urls")),
    path("", include("learning.certificates.urls")),
    path("", include("cohorts.urls")),
    path("", include("evaluation.urls")),
    path("", include("reflections.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers everything else (/, /courses/ and below).
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "camino.views.error_400"
handler403 = "camino.views.error_403"
handler404 = "camino.views.error_404"
handler500 = "camino.views.error_500"
