"""The privacy promise as a matrix: every role against every entry URL of a private, a shared
and a withdrawn entry, then every role against the pages that list entries (journal, exports,
cohort pages, admin). A private (or withdrawn) entry is its owner's alone: to anyone else it
does not exist (404, never 403), its words appear in no response, and nothing they POST changes
anything. CSRF is enforced on every form."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.search import index
from wagtail.snippets.models import get_snippet_models

from reflections.models import Comment, JournalEntry, Share
from tests.reflections.helpers import KINDS, SECRETS, body, no_store

ROLES = [
    "anonymous",
    "owner",
    "stranger",
    "peer",
    "facilitator",
    "other_facilitator",
    "content_editor",
    "superuser",
]
ACTIONS = [
    "detail",
    "edit_get",
    "edit_post",
    "delete_get",
    "delete_post",
    "share_get",
    "share_post",
    "withdraw_post",
    "comment_post",
]


def person(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def snapshot():
    return (
        sorted(JournalEntry.objects.values_list("pk", "title", "body", "stage", "version")),
        sorted(Share.objects.values_list("pk", "entry_id", "cohort_id", "withdrawn_at")),
        sorted(Comment.objects.values_list("pk", "share_id", "body")),
    )


def expected_status(role: str, kind: str, action: str) -> int:
    if role == "owner":
        if action in ("withdraw_post", "comment_post") and kind == "private":
            return 404  # the made-up share id
        return 200 if action == "detail" or action.endswith("_get") else 302
    if role == "anonymous":
        return 404 if action == "detail" else 302  # to the login page
    if kind == "shared" and role in ("peer", "facilitator"):
        if action == "detail":
            return 200
        if action == "comment_post" and role == "facilitator":
            return 302
    return 404


def do(client, action: str, entry_obj, share_id: int, cohort):
    base = f"/journal/{entry_obj.pk}/"
    if action == "detail":
        return client.get(base)
    if action == "edit_get":
        return client.get(f"{base}edit/")
    if action == "edit_post":
        return client.post(
            f"{base}edit/",
            {"title": "CHANGED", "body": "<p>CHANGED</p>", "stage": "do", "version": 1},
        )
    if action == "delete_get":
        return client.get(f"{base}delete/")
    if action == "delete_post":
        return client.post(f"{base}delete/")
    if action == "share_get":
        return client.get(f"{base}share/")
    if action == "share_post":
        return client.post(f"{base}share/", {"cohort": cohort.pk})
    if action == "withdraw_post":
        return client.post(f"{base}shares/{share_id}/withdraw/")
    if action == "comment_post":
        return client.post(f"{base}shares/{share_id}/comments/", {"body": "A COMMENT"})
    raise AssertionError(action)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_entry_urls(request, world, role, kind, action):
    user = person(request, role)
    client = client_for(user)
    target = world["entries"][kind]
    before = snapshot()

    response = do(client, action, target, world["share_ids"][kind], world["cohort"])

    expected = expected_status(role, kind, action)
    assert response.status_code == expected, (role, kind, action, response.status_code)
    if role == "anonymous" and expected == 302:
        assert response["Location"].startswith("/accounts/login/")
    if response.status_code != 404:
        assert no_store(response), response.get("Cache-Control")
    if role == "owner":
        return

    text = body(response)
    for secret_kind in ("private", "withdrawn"):
        for secret in SECRETS[secret_kind]:
            assert secret not in text, (secret, role, kind, action)
    if not (kind == "shared" and expected == 200):
        for secret in SECRETS["shared"]:
            assert secret not in text, (secret, role, kind, action)

    after = snapshot()
    if role == "facilitator" and kind == "shared" and action == "comment_post":
        added = set(after[2]) - set(before[2])
        assert [text for _, _, text in added] == ["A COMMENT"]
        assert after[:2] == before[:2]
    else:
        assert after == before, "a non-owner's request changed the journal"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", [a for a in ACTIONS if a.endswith("_post")])
def test_the_owners_posts_do_what_they_say(client, world, owner, kind, action):
    client.force_login(owner)
    target = world["entries"][kind]

    do(client, action, target, world["share_ids"][kind], world["cohort"])

    exists = JournalEntry.objects.filter(pk=target.pk).exists()
    if action == "delete_post":
        assert not exists
        assert not Share.objects.filter(entry_id=target.pk).exists()
        return
    assert exists
    target.refresh_from_db()
    active = Share.objects.filter(entry=target, withdrawn_at__isnull=True).count()
    if action == "edit_post":
        assert (target.title, target.version) == ("CHANGED", 2)
    elif action == "share_post":
        assert active == 1
    elif action == "withdraw_post":
        assert active == 0
    elif action == "comment_post":
        expected = 1 if kind == "shared" else 0  # a withdrawn share takes no replies
        assert Comment.objects.filter(share__entry=target).count() == expected


# --- pages that list or search entries ------------------------------------------------------

PAGES = [
    "journal",
    "journal_search",
    "export_json",
    "export_md",
    "export_pdf",
    "cohort_page",
    "learner_page",
    "admin_home",
    "admin_page_search",
    "admin_snippets",
    "admin_users",
]


def page_url(page: str, world, owner) -> str:
    q = "q7Zx"  # in every secret title; the search box echoes it, so never a whole secret
    cohort = world["cohort"]
    return {
        "journal": "/journal/",
        "journal_search": f"/journal/?q={q}",
        "export_json": "/journal/export/?format=json",
        "export_md": "/journal/export/?format=md",
        "export_pdf": "/journal/export/?format=pdf",
        "cohort_page": f"/cohorts/{cohort.pk}/",
        "learner_page": f"/cohorts/{cohort.pk}/learners/{owner.pk}/",
        "admin_home": "/admin/",
        "admin_page_search": f"/admin/pages/search/?q={q}",
        "admin_snippets": "/admin/snippets/",
        "admin_users": f"/admin/users/?q={owner.email}",
    }[page]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_private_entry_to_anyone_but_its_owner(request, world, owner, role, page):
    user = person(request, role)
    client = client_for(user)

    response = client.get(page_url(page, world, owner))
    text = body(response)

    if role == "owner":
        if page.startswith(("journal", "export")):
            assert response.status_code == 200
            assert SECRETS["private"][0] in text  # the owner's own journal has it
        return
    for kind in ("private", "withdrawn"):
        for secret in SECRETS[kind]:
            assert secret not in text, (secret, role, page)
    if page.startswith(("journal", "export")):
        if user is not None:
            assert response.status_code == 200
            assert SECRETS["shared"][0] not in text  # their journal is their own
        assert no_store(response)


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


# --- CSRF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url", "data"),
    [
        ("owner", "/journal/new/", {"title": "t", "body": "b", "stage": "reflect"}),
        ("owner", "{e}edit/", {"title": "t", "body": "b", "stage": "reflect", "version": 1}),
        ("owner", "{e}delete/", {}),
        ("owner", "{e}share/", {"cohort": "{cohort}"}),
        ("owner", "{e}shares/{share}/withdraw/", {}),
        ("owner", "{e}shares/{share}/comments/", {"body": "reply"}),
        ("facilitator", "{e}shares/{share}/comments/", {"body": "comment"}),
    ],
)
def test_every_form_refuses_a_post_without_a_csrf_token(request, world, who, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(request.getfixturevalue(who))
    shared = world["entries"]["shared"]
    values = {
        "e": f"/journal/{shared.pk}/",
        "share": world["share_ids"]["shared"],
        "cohort": world["cohort"].pk,
    }
    before = snapshot()

    response = client.post(
        url.format(**values), {k: str(v).format(**values) for k, v in data.items()}
    )

    assert response.status_code == 403
    assert snapshot() == before
    assert JournalEntry.objects.count() == 3
