"""The smoke journey: sign up, confirm the email from the outbox, log in, see your name in the
header, log out, with a screenshot of each step, on a desktop and on a phone-sized screen.

Form fields are found by their `name` attributes (allauth's contract), not their labels, so
rewording the labels does not break the journey.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "Zoë Ångström"
PASSWORD = "walking-makes-the-path-42"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")


def submit(form):
    form.locator('[type="submit"]').click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_sign_up_confirm_log_in_and_out(
    page, live_server, home_page, mailoutbox, screenshot, console_errors, viewport
):
    email = f"zoe.{viewport['width']}@example.org"
    header = page.get_by_role("banner")

    page.goto(live_server.url + "/")
    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    screenshot("home")

    header.get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    signup = page.locator("form:has(input[name='password2'])")
    signup.locator("input[name='name']").fill(NAME)
    signup.locator("input[name='email']").fill(email)
    signup.locator("input[name='password1']").fill(PASSWORD)
    signup.locator("input[name='password2']").fill(PASSWORD)
    screenshot("sign-up-form")
    submit(signup)

    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("email", re.I))
    expect(page.locator("main")).to_contain_text(email)
    screenshot("check-your-email")

    # The live server is a thread of this process, so its email lands in this outbox.
    assert [message.to for message in mailoutbox] == [[email]]
    link = CONFIRM_LINK.search(mailoutbox[0].body)
    assert link, f"no confirmation link in the email:\n{mailoutbox[0].body}"
    page.goto(link.group(0))
    expect(page.locator("main")).to_contain_text(email)
    confirm = page.locator("form[action*='/accounts/confirm-email/']")
    screenshot("confirm-email")
    submit(confirm)

    page.wait_for_url(live_server.url + "/")
    expect(header).to_contain_text(NAME)
    assert EmailAddress.objects.get(email=email).verified
    screenshot("confirmed-and-signed-in")

    header.get_by_role("button", name="Log out").click()
    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    expect(header).not_to_contain_text(NAME)
    screenshot("logged-out-after-confirming")

    header.get_by_role("link", name="Log in").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    login = page.locator("form:has(input[name='password'])")
    login.locator("input[name='login']").fill(email)
    login.locator("input[name='password']").fill(PASSWORD)
    screenshot("log-in-form")
    submit(login)

    page.wait_for_url(live_server.url + "/")
    expect(header).to_contain_text(NAME)
    expect(header.get_by_role("link", name="Log in")).to_have_count(0)
    screenshot("logged-in")

    header.get_by_role("button", name="Log out").click()
    expect(header.get_by_role("link", name="Log in")).to_be_visible()
    expect(header).not_to_contain_text(NAME)
    screenshot("logged-out")

    assert console_errors == []
