"""Template context every page needs: the programme's settings and the header's navigation."""

from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Site

from camino.legal import LegalLinks, legal_links
from camino.models import ProgrammeSettings


def programme(request: HttpRequest) -> dict:
    """The programme settings for this site, cached between requests (every page shows
    them); saving the settings in the admin clears the cached copy. With them, the links to
    the legal pages chosen in the settings (`legal`: the footer and sign-up show them), cached
    the same way (camino.legal.legal_links). Kept on the request too:
    panels rendered inside a page (a module's Reflect and Share stages) run the context
    processors again, and each run would otherwise ask the shared cache once more."""
    cached = getattr(request, "_camino_programme", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    if site is None:
        return {"programme": None, "legal": LegalLinks()}
    key = ProgrammeSettings.cache_key(site.pk)
    settings_row = cache.get(key)
    if settings_row is None:
        settings_row = ProgrammeSettings.for_site(site)
        cache.set(key, settings_row, 300)
    found = {"programme": settings_row, "legal": legal_links(site=site, programme=settings_row)}
    request._camino_programme = found  # type: ignore[attr-defined]  # a per-request memo
    return found


def navigation(request: HttpRequest) -> dict:
    """Primary links for the header. Plugins' views are linked by their URL names (`reverse`
    needs no import of the plugin); the catalogue is a Wagtail page at its public path."""
    links: list[dict[str, Any]] = [{"label": "Courses", "url": "/courses/"}]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        links.insert(0, {"label": "My learning", "url": reverse("learning:dashboard")})
        links.append({"label": "Journal", "url": reverse("reflections:journal")})
        links.append({"label": "Cohorts", "url": reverse("cohorts:list")})
    path = request.path
    for link in links:
        link["current"] = path == link["url"]
        link["active"] = not link["current"] and path.startswith(link["url"])
    return {"primary_links": links}


class UnreadNotifications:
    """The header's unread count, asked of the database at most once per request and only
    when a template shows it (signed-in pages): `{{ notifications_unread.count }}`."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @cached_property
    def count(self) -> int:
        from camino.notifications.selectors import unread_count

        return unread_count(user=getattr(self.request, "user", None))


def notifications(request: HttpRequest) -> dict:
    cached = getattr(request, "_camino_notifications", None)
    if cached is None:
        cached = UnreadNotifications(request)
        request._camino_notifications = cached  # type: ignore[attr-defined]  # a per-request memo
    return {"notifications_unread": cached}
