"""Legal pages: the privacy notice, accessibility statement, cookies page and terms of use that
editors maintain in Wagtail, linked from every page's footer and from sign-up."""

import re
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from camino.legal import LegalPage
from camino.legal_demo import (
    COOKIES_EVERYONE,
    COOKIES_STAFF,
    DEMO_LEGAL_PAGES,
    RETENTION,
    demo_legal_pages_ensure,
    retention_days,
)
from camino.models import HomePage, ProgrammeSettings, StandardPage

MARKER = "[Operator to complete:"
SLUGS = {"privacy": "Privacy notice", "accessibility": "Accessibility statement"}


@pytest.fixture
def legal(home_page):
    return demo_legal_pages_ensure(home=home_page)


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def footer_links(response) -> list[tuple[str, str]]:
    footer = response.content.decode().split('<footer role="contentinfo">', 1)[1]
    return [
        (unescape(title), href)
        for href, title in re.findall(
            r'<a class="nhsuk-footer__list-item-link" href="([^"]+)"[^>]*>([^<]+)</a>', footer
        )
    ]


LEGAL_FOOTER = [
    ("Privacy notice", "/privacy/"),
    ("Accessibility statement", "/accessibility/"),
    ("Cookies", "/cookies/"),
    ("Terms of use", "/terms/"),
]


# --- the demo's pages ------------------------------------------------------------------------


def test_the_demo_publishes_four_legal_pages_and_chooses_them_in_the_settings(legal, home_page):
    pages = LegalPage.objects.live().child_of(home_page)
    assert sorted(pages.values_list("slug", flat=True)) == [
        "accessibility",
        "cookies",
        "privacy",
        "terms",
    ]
    programme = ProgrammeSettings.for_site(home_page.get_site())
    assert programme.privacy_notice.slug == "privacy"
    assert programme.accessibility_statement.slug == "accessibility"
    assert programme.cookies_page.slug == "cookies"
    assert programme.terms_of_use.slug == "terms"


def test_running_the_demo_again_keeps_what_an_editor_wrote(legal, home_page):
    privacy = legal["privacy_notice"]
    privacy.summary = "Written by our data protection officer."
    privacy.save_revision().publish()
    other = LegalPage(title="Our privacy notice", slug="our-privacy")
    home_page.add_child(instance=other)
    other.save_revision().publish()
    programme = ProgrammeSettings.for_site(home_page.get_site())
    programme.privacy_notice = other
    programme.save()

    demo_legal_pages_ensure(home=home_page)

    assert LegalPage.objects.count() == 5
    privacy.refresh_from_db()
    assert privacy.summary == "Written by our data protection officer."
    programme = ProgrammeSettings.for_site(home_page.get_site())
    assert programme.privacy_notice_id == other.pk  # the editor's choice stands


@pytest.mark.parametrize("field,slug,title,summary,body", DEMO_LEGAL_PAGES)
def test_each_demo_page_is_a_draft_marked_for_the_operator(
    client, legal, field, slug, title, summary, body
):
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    text = text_of(response)
    assert f"{title} – Camino" in response.content.decode()
    assert summary in text
    assert MARKER in text, f"/{slug}/ has nothing marked for the operator to complete"


def test_a_legal_page_says_when_it_was_last_updated(client, legal):
    privacy = legal["privacy_notice"]
    privacy.refresh_from_db()
    when = privacy.last_published_at
    text = text_of(client.get("/privacy/"))
    assert f"Last updated: {when.day} {when:%B %Y}" in text


def test_the_privacy_notice_covers_what_the_issue_asks(client, legal):
    text = text_of(client.get("/privacy/"))
    for heading in (
        "Who we are",
        "What we collect and why",
        "Our lawful basis",
        "Who sees what",
        "How long we keep your information",
        "Your rights",
        "How to complain",
    ):
        assert heading in text
    assert "A private journal entry can be read by you and nobody else." in text
    assert "ICO registration number" in text and "data protection officer" in text
    assert "ico.org.uk/make-a-complaint" in text and "0303 123 1113" in text


def test_the_privacy_notice_states_the_retention_schedule_in_force(client, legal, settings):
    """The notice says what the code does: each period comes from its setting."""
    text = text_of(client.get("/privacy/"))
    expected = {
        "RETENTION_INVITATIONS_DAYS": "Invitations to join a cohort: deleted {} after they "
        "were sent, whether or not they were used. If you joined, your membership stays.",
        "RETENTION_EXPORTS_DAYS": "Exports made for the programme's evaluation: deleted after {}.",
        "RETENTION_DATA_EXPORTS_DAYS": "Downloads of all your personal data (a ZIP file): "
        "deleted after {}.",
        "RETENTION_NOTIFICATIONS_DAYS": "Notifications: deleted after {}.",
        "RETENTION_SESSIONS_DAYS": "expired sessions are cleared every day, and the record of "
        "where and when you signed in is deleted {} after it was last used.",
        "RETENTION_AUDIT_DAYS": "The record of what staff did with your information: deleted "
        "after {}.",
        "RETENTION_FORM_TOKENS_DAYS": "Security tokens that stop a form being sent twice: "
        "deleted after {}.",
        "ACCOUNT_INACTIVE_DAYS": "If you do not sign in for {}, we email you",
        "ACCOUNT_INACTIVE_GRACE_DAYS": "If you do not sign in within {} of that email, we "
        "delete your account in the same way as if you had deleted it yourself.",
    }
    assert set(expected) == set(RETENTION)
    contract = {
        "RETENTION_INVITATIONS_DAYS": 90,
        "RETENTION_EXPORTS_DAYS": 7,
        "RETENTION_DATA_EXPORTS_DAYS": 7,
        "RETENTION_NOTIFICATIONS_DAYS": 365,
        "RETENTION_SESSIONS_DAYS": 90,
        "RETENTION_AUDIT_DAYS": 730,
        "RETENTION_FORM_TOKENS_DAYS": 2,
        "ACCOUNT_INACTIVE_DAYS": 730,
        "ACCOUNT_INACTIVE_GRACE_DAYS": 30,
    }
    for name, sentence in expected.items():
        days = retention_days(name)
        if not hasattr(settings, name):
            assert days == contract[name], name
        assert sentence.format(f"{days:,} days") in text, name
    # Journal PDFs keep the journal's own promise (reflections.tasks, prune_journal_exports).
    assert "Journal PDFs made for you to download: deleted after 24 hours." in text


def test_the_accessibility_statement_follows_the_gov_uk_model(client, legal):
    text = text_of(client.get("/accessibility/"))
    order = [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Non-compliance with the accessibility regulations",
        "What we're doing to improve accessibility",
        "Preparation of this accessibility statement",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "partially compliant" in text and "WCAG" in text
    # Camino's own checks, as tests/browser runs them
    assert "1280 pixels wide" in text and "390 pixels wide" in text and "axe-core" in text
    assert "only the keyboard" in text


# --- the footer and sign-up ------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/privacy/", "/accounts/login/", "/certificates/"])
def test_every_page_links_the_legal_pages_in_its_footer(client, legal, path):
    response = client.get(path)
    assert response.status_code == 200
    assert footer_links(response)[-4:] == LEGAL_FOOTER


def test_the_footer_marks_the_legal_page_being_read(client, legal):
    html = client.get("/cookies/").content.decode()
    assert 'href="/cookies/" aria-current="page">Cookies</a>' in html
    assert 'href="/privacy/" aria-current' not in html


def test_signed_in_pages_have_the_links_too(client, legal, learner):
    client.force_login(learner)
    assert footer_links(client.get("/notifications/"))[-4:] == LEGAL_FOOTER


def test_no_legal_pages_chosen_no_links(client, home_page):
    assert [title for title, _ in footer_links(client.get("/"))] == [
        "Courses",
        "Check a certificate",
        "Contact support (support@camino.example)",
    ]
    assert "terms of use" not in text_of(client.get("/accounts/signup/"))


def test_the_footer_follows_a_renamed_unpublished_or_unchosen_page(client, legal, home_page):
    client.get("/")  # the links are cached now
    terms = LegalPage.objects.get(slug="terms")
    terms.slug = "terms-of-use"
    terms.title = "Terms and conditions"
    terms.save_revision().publish()
    assert ("Terms and conditions", "/terms-of-use/") in footer_links(client.get("/"))

    LegalPage.objects.get(slug="cookies").unpublish()
    assert "Cookies" not in dict(footer_links(client.get("/")))

    programme = ProgrammeSettings.for_site(home_page.get_site())
    programme.privacy_notice = None
    programme.save()
    links = dict(footer_links(client.get("/")))
    assert "Privacy notice" not in links and "Accessibility statement" in links

    LegalPage.objects.get(slug="accessibility").delete()
    assert "Accessibility statement" not in dict(footer_links(client.get("/")))


def test_the_footer_asks_the_database_nothing_once_the_links_are_cached(client, legal, home_page):
    """Every page shows the links: they must not cost a query per page."""

    def queries(*, cold: bool):
        if cold:
            cache.clear()
        else:
            client.get("/accounts/signup/")  # fills the caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/accounts/signup/")
        assert response.status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    with_links, with_links_cold = queries(cold=False), queries(cold=True)
    assert not [sql for sql in with_links if "camino_legalpage" in sql]
    assert footer_links(client.get("/accounts/signup/"))[-4:] == LEGAL_FOOTER

    programme = ProgrammeSettings.for_site(home_page.get_site())
    for field in ("privacy_notice", "accessibility_statement", "cookies_page", "terms_of_use"):
        setattr(programme, field, None)
    programme.save()
    without_links, without_links_cold = queries(cold=False), queries(cold=True)
    assert len(with_links) == len(without_links)
    # Building the links, once: one query for the four pages, and Wagtail's site root paths
    # (which Wagtail itself then keeps in the cache).
    extra = [sql for sql in with_links_cold if sql not in without_links_cold]
    assert len(extra) == 2 and "camino_legalpage" in extra[0], extra


def test_sign_up_links_the_privacy_notice_and_terms(client, legal):
    html = client.get("/accounts/signup/").content.decode()
    assert 'By creating an account you agree to the <a href="/terms/">terms of use</a>.' in html
    assert 'The <a href="/privacy/">privacy notice</a> explains what Camino keeps' in html


def test_a_rejected_sign_up_still_links_them(client, legal):
    response = client.post("/accounts/signup/", {"email": "not an address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/terms/">terms of use</a>' in html and 'href="/privacy/"' in html


# --- the page type in the admin --------------------------------------------------------------


def test_legal_pages_sit_directly_under_the_home_page(home_page):
    assert LegalPage.allowed_parent_page_models() == [HomePage]
    assert LegalPage.allowed_subpage_models() == []
    assert LegalPage in HomePage.allowed_subpage_models()
    assert LegalPage not in StandardPage.allowed_subpage_models()
    assert not LegalPage.can_exist_under(Page.get_first_root_node())


def test_an_editor_saves_a_draft_that_the_public_does_not_see_until_published(
    client, legal, content_editor
):
    """Wagtail's own workflow: a draft is a new revision; the live page keeps its text."""
    privacy = legal["privacy_notice"]
    editor = Client()
    editor.force_login(content_editor)
    edit_url = f"/admin/pages/{privacy.pk}/edit/"
    assert editor.get(edit_url).status_code == 200
    form = {
        "title": "Privacy notice",
        "slug": "privacy",
        "summary": "A new summary, still a draft.",
        "body-count": "0",
    }
    response = editor.post(edit_url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    privacy.refresh_from_db()
    assert privacy.has_unpublished_changes
    assert "A new summary, still a draft." not in text_of(client.get("/privacy/"))
    assert privacy.revisions.count() == 2

    preview = editor.post(f"/admin/pages/{privacy.pk}/edit/preview/", form)
    assert preview.json() == {"is_valid": True, "is_available": True}
    assert "A new summary, still a draft." in text_of(
        editor.get(f"/admin/pages/{privacy.pk}/edit/preview/")
    )

    response = editor.post(edit_url, {**form, "action-publish": "action-publish"})
    assert response.status_code == 302
    assert "A new summary, still a draft." in text_of(client.get("/privacy/"))


def test_the_programme_settings_choose_only_legal_pages(client, legal, superuser, home_page):
    admin = Client()
    admin.force_login(superuser)
    site = home_page.get_site()
    html = admin.get(f"/admin/settings/camino/programmesettings/{site.pk}/").content.decode()
    for label in ("Privacy notice", "Accessibility statement", "Cookies page", "Terms of use"):
        assert label in html
    about = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    programme = ProgrammeSettings.for_site(site)
    with pytest.raises(ValueError):
        programme.privacy_notice = about


# --- the cookies page cannot drift -----------------------------------------------------------


class CookieWalk:
    """A browser-like client: follows redirects one by one and notes the name of every cookie
    any response sets (or clears)."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.set: dict[str, str] = {}  # cookie name -> where it was first set

    def go(self, method: str, path: str, data=None, follow: bool = True):
        response = getattr(self.client, method)(path, data or {})
        for name in response.cookies:
            self.set.setdefault(name, f"{method.upper()} {path}")
        while follow and response.status_code in (301, 302, 303) and response.get("Location"):
            path = response["Location"]
            response = self.client.get(path)
            for name in response.cookies:
                self.set.setdefault(name, f"GET {path}")
        return response

    def token(self) -> str:
        return self.client.cookies["csrftoken"].value


def names_on_the_cookies_page(client) -> set[str]:
    html = client.get("/cookies/").content.decode()
    return set(re.findall(r"<code>([^<]+)</code>", html))


def test_every_cookie_the_site_sets_is_named_on_the_cookies_page(
    client, legal, content_editor, course
):
    walk = CookieWalk()
    # A visitor reads the home page, signs up (making a mistake first), confirms the address.
    walk.go("get", "/")
    walk.go("get", "/accounts/signup/")
    person = {"name": "Robin Cookie", "email": "robin@example.org", "password1": "x"}
    walk.go("post", "/accounts/signup/", {**person, "csrfmiddlewaretoken": walk.token()})
    password = "a long walk home 42"
    walk.go(
        "post",
        "/accounts/signup/",
        {
            **person,
            "password1": password,
            "password2": password,
            "csrfmiddlewaretoken": walk.token(),
        },
    )
    link = re.search(r"https?://\S+(/accounts/confirm-email/[^\s/]+/)", mail.outbox[-1].body)
    walk.go("get", link.group(1))
    walk.go("post", link.group(1), {"csrfmiddlewaretoken": walk.token()})
    # Signed in: a form (their name), a course, then out and back in, remembered.
    assert walk.go("get", "/accounts/name/").status_code == 200
    walk.go(
        "post", "/accounts/name/", {"name": "Robin Cookie-Jar", "csrfmiddlewaretoken": walk.token()}
    )
    walk.go("get", course.url)
    walk.go("post", "/accounts/logout/", {"csrfmiddlewaretoken": walk.token()})
    walk.go("get", "/accounts/login/")
    response = walk.go(
        "post",
        "/accounts/login/",
        {
            "login": "robin@example.org",
            "password": password,
            "remember": "on",
            "csrfmiddlewaretoken": walk.token(),
        },
    )
    assert response.status_code == 200 and b"Log out" in response.content
    # A content editor in the admin.
    staff = CookieWalk()
    staff.go("get", "/accounts/login/")
    staff.go(
        "post",
        "/accounts/login/",
        {
            "login": content_editor.email,
            "password": "correct-horse-battery",
            "csrfmiddlewaretoken": staff.token(),
        },
    )
    assert staff.go("get", "/admin/pages/").status_code == 200

    seen = {**staff.set, **walk.set}
    assert {"csrftoken", "sessionid"} <= set(seen)  # the walk really did sign in and post
    named = names_on_the_cookies_page(client)
    missing = {name: where for name, where in seen.items() if name not in named}
    assert not missing, f"cookies the site sets but the cookies page does not name: {missing}"


def test_the_cookies_page_names_each_cookie_in_the_demo_lists(client, legal):
    assert names_on_the_cookies_page(client) == {
        cookie["name"] for cookie in COOKIES_EVERYONE + COOKIES_STAFF
    }
    text = text_of(client.get("/cookies/"))
    assert "only cookies that are strictly necessary" in text
