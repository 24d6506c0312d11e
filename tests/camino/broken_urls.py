"""A URLconf with views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from camino.urls import handler400, handler403, handler404, handler500  # noqa: F401
from camino.urls import urlpatterns as site_urlpatterns


def boom(request):
    return 1 / 0


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), *site_urlpatterns]
