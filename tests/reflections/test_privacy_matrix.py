"""The journal's privacy promise, beyond the access map.

Every journal URL's rule (the privacy matrix: every role against every entry URL of a private,
a shared and a withdrawn entry, and against every page that lists entries: the journal and its
search, the exports, cohort and learner pages, the admin's home, page search and users) is
stated once, in `journal_samples()` in tests/camino/access_map.py, and checked by
tests/camino/test_access_map.py: a private or withdrawn entry is its owner's alone, to anyone
else it does not exist (404, never 403), its words appear in no response to anyone else, and
nothing they POST changes anything. tests/camino/test_security.py refuses every POST without
a CSRF token. Here: what an export holds, and that entries are in no index, admin screen or
snippet registry."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.search import index
from wagtail.snippets.models import get_snippet_models

from reflections.models import Comment, JournalEntry, Share
from tests.reflections.helpers import SECRETS, body


@pytest.mark.parametrize("kind", ["json", "md"])
def test_a_non_owners_export_is_their_own_empty_journal(client, world, stranger, kind):
    client.force_login(stranger)
    text = body(client.get(f"/journal/export/?format={kind}"))
    assert "Sam Stranger" in text
    assert "0 entries" in text if kind == "md" else '"count": 0' in text


def test_journal_entries_are_in_no_search_index_admin_or_snippet_registry():
    for model in (JournalEntry, Share, Comment):
        assert not issubclass(model, index.Indexed)
        assert model not in admin.site._registry
        assert model not in get_snippet_models()
    assert str(JournalEntry(pk=1, title="My private title")) == "Journal entry 1"


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name or "", pattern.lookup_str


def test_the_admin_has_no_journal_screens():
    admin_urls = [u for u in _names(get_resolver()) if u[0].startswith("admin/")]
    assert admin_urls  # the walk found the admin
    for path, name, view in admin_urls:
        for word in ("journal", "reflection"):
            assert word not in path.lower() and word not in name.lower(), path
            assert word not in view.lower(), (path, view)


def test_wagtail_search_of_pages_does_not_find_journal_entries(world):
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().search(SECRETS["private"][0], Page)
    assert list(results) == []
