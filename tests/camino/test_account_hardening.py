"""Issue 17, item 10: sign-up that does not reveal who has an account, login limits that an
attacker cannot use to lock someone out, and the Permissions-Policy header."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from camino.middleware import permissions_policy_header

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
OWNER_IP = "203.0.113.7"


def signup(client, email):
    return client.post(
        SIGNUP_URL,
        {
            "name": "Sam Patel",
            "email": email,
            "password1": "quiet-harbour-lantern",
            "password2": "quiet-harbour-lantern",
        },
        follow=True,
    )


def visible(response, email: str) -> str:
    """What the person sees, with the address they typed as ADDRESS and without the
    per-request CSRF token."""
    html = response.content.decode().replace(email, "ADDRESS")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


# --- (a) sign-up does not say whether an address has an account -----------------------------


def test_signing_up_with_a_registered_address_looks_the_same_as_with_a_new_one(home_page, learner):
    """Fails on the old code: the registered address was refused with "An account already
    uses this email address", telling anyone who typed it that it is registered."""
    users_before = get_user_model().objects.count()
    taken = signup(Client(), learner.email)
    taken_mail = list(mail.outbox)
    mail.outbox.clear()
    new = signup(Client(), "new.person@example.org")

    assert taken.status_code == new.status_code == 200
    assert taken.redirect_chain == new.redirect_chain
    assert "Check your email" in visible(taken, learner.email)
    assert visible(taken, learner.email) == visible(new, "new.person@example.org")
    # One new account (the new address's); the registered one is left as it was.
    assert get_user_model().objects.count() == users_before + 1
    learner.refresh_from_db()
    assert learner.name == "Amara Okafor" and learner.check_password("correct-horse-battery")

    # The registered address's owner hears that someone tried, in our words, with no link
    # that would confirm anything; the new address gets its confirmation link.
    assert [m.to for m in taken_mail] == [[learner.email]]
    already = taken_mail[0]
    assert already.subject == "[Camino] You already have an account"
    assert "Someone tried to create a Camino account with this email address" in already.body
    assert "/accounts/password/reset/" in already.body
    assert "/accounts/confirm-email/" not in already.body
    assert "Best wishes,\nThe Camino team" in already.body
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


# --- (b) failed logins: strict per IP, lock-out resistant per address -------------------------


def login(email, password, ip):
    return Client(REMOTE_ADDR=ip).post(LOGIN_URL, {"login": email, "password": password})


def test_one_computer_gets_five_tries_whichever_addresses_it_tries(home_page, learner):
    answers = [login(f"person{n}@example.org", "guess", "198.51.100.1") for n in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert login(learner.email, "guess", "198.51.100.1").status_code == 429


def test_an_attacker_failing_from_other_computers_does_not_lock_the_owner_out(home_page, learner):
    """Fails on the old code (5 in 5 minutes per address): the attacker's sixth failure
    locked the address, and the owner's right password got the "Too many attempts" page.
    Now three computers failing 5 times each (as many as each is allowed) leave the owner
    free to log in from theirs."""
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        answers = [login(learner.email, "guess", ip).status_code for _ in range(6)]
        assert answers == [200] * 5 + [429], "each attacking computer is stopped after 5"

    owner = login(learner.email, "correct-horse-battery", OWNER_IP)
    assert owner.status_code == 302
    assert owner["Location"] == "/dashboard/"


def test_after_a_sustained_attack_from_many_computers_the_owner_gets_in_by_resetting(
    home_page, learner
):
    """What holds when the per-address limit (20 in 10 minutes) is reached from four or more
    computers: the address is paused, the right password included, until the attempts are
    10 minutes old; the owner can get in at once by resetting their password, which clears
    the address's count."""
    for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"):
        for _ in range(5):
            login(learner.email, "guess", ip)
    paused = login(learner.email, "correct-horse-battery", OWNER_IP)
    assert paused.status_code == 429
    assert "reset your password" in paused.content.decode()

    owner = Client(REMOTE_ADDR=OWNER_IP)
    owner.post("/accounts/password/reset/", {"email": learner.email})
    link = re.search(
        r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    form_page = owner.get(link.group(1), follow=True)
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    owner.post(form_url, {"password1": "amber-meadow-compass", "password2": "amber-meadow-compass"})
    owner.logout()

    back = owner.post(LOGIN_URL, {"login": learner.email, "password": "amber-meadow-compass"})
    assert back.status_code == 302


# --- (c) Permissions-Policy ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/journal/", "/no-such-page/", "/healthz"]
)
def test_every_answer_switches_off_the_browser_features_camino_does_not_use(
    client, home_page, path
):
    response = client.get(path)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "midi"):
        assert f"{feature}=()" in policy
    # What the site uses stays allowed: the Copy buttons, and full screen for videos.
    assert "clipboard-write=(self)" in policy
    assert 'fullscreen=(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")' in (
        policy
    )


def test_the_admin_and_signed_in_pages_carry_it_too(client, home_page, learner):
    client.force_login(learner)
    assert "camera=()" in client.get("/dashboard/")["Permissions-Policy"]
    assert "camera=()" in client.get("/admin/login/")["Permissions-Policy"]


def test_the_header_is_written_as_a_structured_field():
    assert (
        permissions_policy_header({"camera": [], "fullscreen": ["self", "https://a.example"]})
        == 'camera=(), fullscreen=(self "https://a.example")'
    )
