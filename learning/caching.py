"""Shared-cache copies of what a page shows the same to everyone.

The Learn body of a module (its StreamField, rendered to HTML) is the same for every reader
of a published revision, so it is rendered once and kept in Django's cache under a key made
of the page's id, its latest revision id and when it was last published, and the site (a
rich-text link's address can depend on the site). Publishing a new revision changes the key,
so readers get the new body at once; the old entry simply expires. Nothing in the body
depends on who reads it (no forms, no names), so one copy serves everyone. A preview (the
editor's unsaved draft) is never cached.

What the key cannot see (a linked page renamed or moved, a document replaced) shows after at
most `LEARN_BODY_SECONDS`.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

LEARN_BODY_SECONDS = 60 * 60


def learn_body_key(page, *, site_id: int | None) -> str | None:
    """The cache key of a page's rendered Learn body, or None when it must not be cached."""
    if not page.pk or not page.live or page.latest_revision_id is None:
        return None
    published = page.last_published_at.timestamp() if page.last_published_at else 0
    return f"learning:learn-body:{page.pk}:{page.latest_revision_id}:{published}:{site_id}"


def learn_body_html(page, *, render, request=None) -> SafeString:
    """`render()` (the StreamField's HTML) for `page`, from the shared cache when it is a
    live page outside a preview."""
    key = None
    if request is None or not getattr(request, "is_preview", False):
        site = Site.find_for_request(request) if request is not None else None
        key = learn_body_key(page, site_id=getattr(site, "pk", None))
    if key is None:
        return render()
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, LEARN_BODY_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own StreamField render, stored as rendered


# --- course structure ---------------------------------------------------------------------
# Which modules a course has and which capabilities a module or framework has are the same for
# every reader. They are kept in the shared cache under a "content version" that any saved or
# deleted page, capability, theme or framework replaces (learning.apps connects
# `content_changed`), so a publish, unpublish, move or edit shows on the next request. This
# needs one cache for every web process (production's Redis or database cache); a per-process
# local-memory cache would show another process's change only after STRUCTURE_SECONDS. A bulk
# `QuerySet.update()` sends no signal: code that changes pages that way must call
# `content_changed()` itself.

CONTENT_VERSION_KEY = "learning:content-version"
STRUCTURE_SECONDS = 60 * 60


def content_version() -> str:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(CONTENT_VERSION_KEY, version, None)
        version = cache.get(CONTENT_VERSION_KEY, version)
    return version


def content_changed(sender=None, instance=None, **kwargs) -> None:
    from wagtail.models import Page

    from learning.models import Capability, Framework, Theme

    if instance is None or isinstance(instance, Page | Capability | Theme | Framework):
        cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, None)


def structure(name: str, ids, build):
    """`build()` (a list of content rows, nobody's personal data) cached under `name`, the
    ids it depends on and the content version."""
    key = f"learning:{name}:{','.join(str(i) for i in ids)}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, STRUCTURE_SECONDS)
    return value
