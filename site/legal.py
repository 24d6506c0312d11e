"""Legal pages: the privacy notice, accessibility statement, cookies page and terms of use.

Editors maintain them in the Wagtail admin like any page (panels, drafts, revisions, preview,
"last updated" from the date it was last published). Which page is which is chosen once in
Settings → Programme settings; the footer of every page and the sign-up form link to them.

The links cost no query on an ordinary page: `legal_links` keeps them (title and address) in
the cache, and the cache is cleared whenever one of the things they are made of changes: the
settings are saved, a legal page is published, unpublished, moved or deleted, or a site is
changed. (Wagtail's own signals, not its admin hooks, so a page published from code clears it
too.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

LEGAL_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class CookieBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=100, help_text="The cookie's name exactly as set.")
    purpose = blocks.CharBlock(max_length=400, help_text="What it is for, in plain words.")
    expires = blocks.CharBlock(
        max_length=200, help_text="How long it lasts, e.g. 'when you close your browser'."
    )


class CookieTableBlock(blocks.StructBlock):
    """A list of cookies under a heading of its own, shown as a table (name, what it is for,
    how long it lasts) that the heading also names for screen readers."""

    heading = blocks.CharBlock(max_length=200, help_text="e.g. 'Cookies everyone gets'.")
    introduction = blocks.TextBlock(
        required=False, help_text="Optional: who gets these cookies, or when."
    )
    cookies = blocks.ListBlock(CookieBlock(), min_num=1)

    class Meta:
        icon = "table"
        template = "camino/blocks/cookie_table.html"
        label = "Cookie table"


class LegalStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=LEGAL_TEXT_FEATURES)
    cookie_table = CookieTableBlock()


class LegalPage(Page):
    """A page the programme must publish: privacy notice, accessibility statement, cookies,
    terms of use. Plain text with headings and lists (and, for cookies, a table), so it reads
    well on a phone and prints cleanly. The date shown as "Last updated" is the date it was
    last published: it cannot go stale, and an editor never has to remember to change it."""

    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences at the top: what this page is and who it is for.",
    )
    body = StreamField(LegalStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["camino.HomePage"]
    subpage_types: list[str] = []

    template = "camino/legal_page.html"

    class Meta:
        verbose_name = "legal page"


# --- the links in the footer and on the sign-up form ----------------------------------------

# (field on ProgrammeSettings, key in templates)
LEGAL_SETTINGS_FIELDS = (
    ("privacy_notice", "privacy"),
    ("accessibility_statement", "accessibility"),
    ("cookies_page", "cookies"),
    ("terms_of_use", "terms"),
)
CACHE_KEY = "camino:legal-links"


@dataclass(frozen=True)
class LegalLink:
    key: str  # privacy, accessibility, cookies, terms
    title: str
    url: str


@dataclass(frozen=True)
class LegalLinks:
    """The chosen legal pages that are live, in footer order; `privacy`, `terms` etc. by name
    (None when that page is not chosen or not live)."""

    links: tuple[LegalLink, ...] = ()

    def __iter__(self):
        return iter(self.links)

    def __bool__(self) -> bool:
        return bool(self.links)

    def get(self, key: str) -> LegalLink | None:
        return next((link for link in self.links if link.key == key), None)

    @property
    def privacy(self) -> LegalLink | None:
        return self.get("privacy")

    @property
    def accessibility(self) -> LegalLink | None:
        return self.get("accessibility")

    @property
    def cookies(self) -> LegalLink | None:
        return self.get("cookies")

    @property
    def terms(self) -> LegalLink | None:
        return self.get("terms")


def _links_build(*, site: Site, programme) -> LegalLinks:
    ids = {
        key: getattr(programme, f"{field}_id")
        for field, key in LEGAL_SETTINGS_FIELDS
        if getattr(programme, f"{field}_id")
    }
    if not ids:
        return LegalLinks()
    pages = {
        page.pk: page
        # only what a link needs, in one query
        for page in LegalPage.objects.live()
        .filter(pk__in=ids.values())
        .only("id", "title", "url_path", "path", "depth")
    }
    links = []
    for _field, key in LEGAL_SETTINGS_FIELDS:
        page = pages.get(ids.get(key))
        if page is None:
            continue
        url = page.get_url(current_site=site)
        if url:
            links.append(LegalLink(key=key, title=page.title, url=url))
    return LegalLinks(tuple(links))


def legal_links(*, site: Site | None, programme) -> LegalLinks:
    """The site's legal links, from the cache when it has them (no query). `programme`: the
    site's ProgrammeSettings, which the caller has already (the context processor); this
    module sits below camino.models, which imports LegalPage from it, so it never imports
    them itself."""
    if site is None:
        return LegalLinks()
    by_site = cache.get(CACHE_KEY) or {}
    found = by_site.get(site.pk)
    if found is None:
        found = _links_build(site=site, programme=programme)
        by_site = {**(cache.get(CACHE_KEY) or {}), site.pk: found}
        cache.set(CACHE_KEY, by_site, 60 * 60 * 24)
    return found


def legal_links_forget(**kwargs) -> None:
    """Clear the cached links, for every site: they are rebuilt on the next page."""
    cache.delete(CACHE_KEY)


@receiver(page_published, sender=LegalPage)
@receiver(page_unpublished, sender=LegalPage)
@receiver(post_delete, sender=LegalPage)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender="camino.ProgrammeSettings")  # the legal pages chosen there
def _legal_page_changed(sender, **kwargs):
    legal_links_forget()


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    """A legal page's address changes when it, or a page above it, moves."""
    legal_links_forget()
