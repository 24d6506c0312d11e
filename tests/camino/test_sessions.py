"""Sessions: signing in (through allauth's form, with its CSRF token) and signing in by
confirming one's email both give a new session key, and the old one is gone and worth nothing;
signing out flushes the session. (Session fixation: a key someone planted before login must
not become a signed-in session.)"""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from cohorts.models import Membership

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-long-password-42"


def _csrf_token(client: Client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _session_key(client: Client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie and cookie.value else None


def test_logging_in_gives_a_new_session_and_keeps_what_was_in_the_old_one(
    home_page, learner, cohort
):
    """Someone who pressed "Join" before logging in has a session already; logging in through
    allauth's form replaces its key (a key planted before login is worth nothing after it)
    and they still land in the cohort they were joining."""
    client = Client(enforce_csrf_checks=True)
    join = f"/join/{cohort.join_code}/"
    client.post(join, {"have_account": "1", "csrfmiddlewaretoken": _csrf_token(client, join)})
    before = _session_key(client)
    assert before, "pressing Join while signed out starts a session"

    token = _csrf_token(client, "/accounts/login/")
    response = client.post(
        "/accounts/login/",
        {"login": learner.email, "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
    )

    after = _session_key(client)
    assert response.status_code == 302
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Membership.objects.filter(cohort=cohort, user=learner, ended_at__isnull=True).exists()
    planted = Client()
    planted.cookies[settings.SESSION_COOKIE_NAME] = before
    assert planted.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_confirming_ones_email_logs_in_with_a_new_session(home_page):
    client = Client(enforce_csrf_checks=True)
    token = _csrf_token(client, "/accounts/signup/")
    client.post(
        "/accounts/signup/",
        {
            "name": "Noor Hassan",
            "email": "noor@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    before = _session_key(client)
    link = re.search(r"https?://\S+(/accounts/confirm-email/[^\s/]+/)", mail.outbox[0].body)

    page = link.group(1)
    client.post(page, {"csrfmiddlewaretoken": _csrf_token(client, page)})

    after = _session_key(client)
    assert before and after and after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert "Noor Hassan" in client.get("/").content.decode()


def test_logging_out_flushes_the_session(home_page, learner):
    client = Client(enforce_csrf_checks=True)
    token = _csrf_token(client, "/accounts/login/")
    client.post(
        "/accounts/login/",
        {"login": learner.email, "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
    )
    signed_in = _session_key(client)
    assert Session.objects.get(session_key=signed_in).get_decoded().get("_auth_user_id")

    client.post("/accounts/logout/", {"csrfmiddlewaretoken": _csrf_token(client, "/dashboard/")})

    assert not Session.objects.filter(session_key=signed_in).exists()
    assert _session_key(client) != signed_in
    replayed = Client()
    replayed.cookies[settings.SESSION_COOKIE_NAME] = signed_in
    assert replayed.get("/dashboard/")["Location"].startswith("/accounts/login/")
