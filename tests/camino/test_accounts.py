"""Logging in, creating an account and account settings, as a person using them sees them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"

pytestmark = pytest.mark.django_db


def input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def error_summary(html: str) -> str:
    match = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def signup_data(**changes) -> dict:
    data = {
        "name": "Sam Patel",
        "email": "sam@example.org",
        "password1": "quiet-harbour-lantern",
        "password2": "quiet-harbour-lantern",
    }
    return {**data, **changes}


def test_signup_page_asks_for_name_email_and_password_in_that_order(client, home_page):
    response = client.get(SIGNUP_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Create an account – Camino</title>" in html
    labels = re.findall(r'<label class="nhsuk-label" for="(id_\w+)">([^<]+)</label>', html)
    assert labels == [
        ("id_name", "Full name"),
        ("id_email", "Email address"),
        ("id_password1", "Create a password"),
        ("id_password2", "Confirm your password"),
    ]
    assert "username" not in html.lower()
    assert "placeholder" not in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"password1": "short1", "password2": "short1"},
            "password1",
            "Your password must be 10 characters or more",
            id="weak-password",
        ),
        pytest.param(
            {"password2": "quiet-harbour-lanterns"},
            "password2",
            "The passwords do not match. Type the same password in both boxes.",
            id="passwords-differ",
        ),
        pytest.param({"name": "   "}, "name", "Enter your full name", id="empty-name"),
    ],
)
def test_signup_problem_is_explained_and_typed_details_are_kept(
    client, home_page, learner, changes, field, message
):
    users_before = get_user_model().objects.count()
    data = signup_data(**changes)

    response = client.post(SIGNUP_URL, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(message) == 2, "the message is in the summary and beside the field"
    assert f'<a href="#id_{field}">{message}</a>' in error_summary(html)
    assert f'id="id_{field}-error"' in html
    assert "<title>Error: Create an account – Camino</title>" in html
    if data["name"].strip():
        assert f'value="{data["name"]}"' in input_tag(html, "name")
    assert f'value="{data["email"]}"' in input_tag(html, "email")
    assert "value=" not in input_tag(html, "password1"), "passwords are never shown again"
    assert get_user_model().objects.count() == users_before
    assert mail.outbox == []


def test_error_summary_links_to_each_field_and_the_field_points_back(client, home_page):
    response = client.post(SIGNUP_URL, signup_data(name="", email="not-an-email"))

    html = response.content.decode()
    summary = error_summary(html)
    assert 'role="alert"' in summary
    assert "There is a problem" in summary
    assert '<a href="#id_name">Enter your full name</a>' in summary
    assert (
        '<a href="#id_email">Enter an email address in the correct format, like name@example.com'
        in summary
    )
    name_input = input_tag(html, "name")
    assert 'id="id_name"' in name_input
    assert 'aria-describedby="id_name_helptext id_name-error"' in name_input
    assert "nhsuk-input--error" in name_input
    assert '<span class="nhsuk-u-visually-hidden">Error:</span> Enter your full name' in html


def test_new_account_is_confirmed_by_email_and_then_logged_in(client, home_page):
    response = client.post(SIGNUP_URL, signup_data(), follow=True)

    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sam@example.org"]
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^\s]+/)", email.body)
    assert link, email.body

    confirm_page = client.get(link.group(1))
    assert "Confirm that <strong>sam@example.org</strong> is your email address" in (
        confirm_page.content.decode()
    )

    home = client.post(link.group(1), follow=True)

    html = home.content.decode()
    assert home.status_code == 200
    assert '<span class="camino-header__username">Sam Patel</span>' in html
    assert "You are logged in." not in html  # the header says so; no extra banner
    user = get_user_model().objects.get(email="sam@example.org")
    assert user.name == "Sam Patel"
    assert user.emailaddress_set.get().verified


def test_login_page_speaks_of_email_not_username(client, home_page):
    response = client.get(LOGIN_URL)

    html = response.content.decode()
    assert "<title>Log in – Camino</title>" in html
    assert "username" not in html.lower()
    assert '<label class="nhsuk-label" for="id_login">Email address</label>' in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/password/reset/"' in html


def test_wrong_password_is_explained_and_email_is_kept(client, home_page, learner):
    response = client.post(LOGIN_URL, {"login": learner.email, "password": "not-my-password"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "The email address or password is not right" in error_summary(html)
    assert f'value="{learner.email}"' in input_tag(html, "login")
    assert "_auth_user_id" not in client.session


def test_sixth_failed_login_gets_the_too_many_attempts_page(client, home_page, learner):
    for _ in range(5):
        response = client.post(LOGIN_URL, {"login": learner.email, "password": "guess"})
        assert response.status_code == 200

    response = client.post(LOGIN_URL, {"login": learner.email, "password": "guess"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Even the right password waits until the pause is over.
    response = client.post(LOGIN_URL, {"login": learner.email, "password": "correct-horse-battery"})
    assert response.status_code == 429


def test_account_settings_pages_share_one_menu(client, home_page, learner):
    client.force_login(learner)
    pages = {
        "/accounts/email/": "Email addresses",
        "/accounts/password/change/": "Change password",
        "/accounts/2fa/": "Two-factor authentication",
        "/accounts/sessions/": "Where you are logged in",
    }

    for url, label in pages.items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        nav = re.search(
            r'<nav class="camino-subnav" aria-label="Account settings">.*?</nav>', html, re.S
        )
        assert nav, url
        assert f'href="{url}" aria-current="page">{label}</a>' in nav.group(0)
        assert nav.group(0).count("aria-current") == 1
        for other_url in pages.keys() - {url}:
            assert f'href="{other_url}"' in nav.group(0)


def test_forgotten_password_can_be_reset_from_the_emailed_link(client, home_page, learner):
    response = client.post("/accounts/password/reset/", {"email": learner.email}, follow=True)

    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Camino] Reset your password"
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    html = form_page.content.decode()
    assert "Create a new password" in html
    assert '<label class="nhsuk-label" for="id_password1">New password</label>' in html
    # allauth moves the key from the address into the session, then shows the form.
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    response = client.post(
        form_url,
        {"password1": "amber-meadow-compass", "password2": "amber-meadow-compass"},
        follow=True,
    )

    assert "Your password has been changed" in response.content.decode()
    client.logout()
    response = client.post(
        LOGIN_URL, {"login": learner.email, "password": "amber-meadow-compass"}, follow=True
    )
    assert '<span class="camino-header__username">Amara Okafor</span>' in response.content.decode()


def test_expired_links_say_what_to_do_next(client, home_page):
    confirm = client.get("/accounts/confirm-email/not-a-real-key/")
    reset = client.get("/accounts/password/reset/key/1-not-a-real-key/")

    assert "This link has expired" in confirm.content.decode()
    assert 'href="/accounts/login/"' in confirm.content.decode()
    assert "This link has expired" in reset.content.decode()
    assert 'href="/accounts/password/reset/"' in reset.content.decode()


# --- one login form ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_wagtails_own_login_forms_sign_nobody_in(client, home_page, path):
    """Regression: Wagtail's admin login and private-page login were Django's plain LoginView,
    which signed in an account whose email was never confirmed (allauth refuses it), with no
    limit on wrong passwords and no second factor. Both now send people to allauth's form."""
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(
        email="unconfirmed@example.org", password="correct-horse-battery", name="Una Confirmed"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = client.post(path, {"username": user.email, "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session
    for _ in range(6):
        response = client.post(path, {"username": user.email, "password": "guess"})
    assert response.status_code == 302, "wrong passwords go nowhere, not to a form to retry"
    assert client.get(path + "?next=/admin/pages/")["Location"] == (
        "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    )


def test_the_admin_has_no_password_reset_of_its_own(client, home_page, learner):
    """Passwords are reset through allauth only, with its rate limits and its emails."""
    response = client.post("/admin/password_reset/", {"email": learner.email})

    assert response.status_code == 404
    assert mail.outbox == []
