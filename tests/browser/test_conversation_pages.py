"""The pages of a shared entry's conversation that only appear when something is refused,
checked with axe-core: a facilitator hiding a response without saying why, and a member whose
response arrives just after the entry was taken back (their words are given back)."""

import pytest
from playwright.sync_api import expect

from camino.notifications.services import emails_held
from cohorts.services import cohort_join
from reflections.services import comment_add, entry_create, entry_share, share_withdraw
from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def _expected_refusal(console_errors: list, status: int) -> None:
    """Chromium logs a page answered with a 4xx status as a console error. These pages are
    refusals on purpose (400: fix the form; 409: too late), so exactly that line goes; any
    other error still fails the test."""
    expected = [line for line in console_errors if f"status of {status}" in line]
    assert len(expected) == 1, console_errors
    console_errors.remove(expected[0])


@pytest.fixture
def conversation(course_index):
    from datetime import date

    from cohorts.models import Cohort
    from tests.factories import course_with_modules

    with emails_held():
        course, _ = course_with_modules(parent=course_index, modules=1)
        cohort = Cohort.objects.create(name="Spring cohort", course=course, starts_on=date.today())
        owner = UserFactory(email="amara@example.org", name="Amara Okafor")
        member = UserFactory(email="priya@example.org", name="Priya Peer")
        facilitator = UserFactory(email="fiona@example.org", name="Fiona Facilitator")
        cohort.facilitators.add(facilitator)
        for person in (owner, member):
            cohort_join(cohort=cohort, user=person)
        entry = entry_create(owner=owner, title="The rota meeting", body="<p>Agenda</p>")
        share = entry_share(entry=entry, cohort=cohort, by=owner)
        response = comment_add(share=share, author=member, body="Lovely", role="member")
    return {
        "entry": entry,
        "share": share,
        "response": response,
        "member": member,
        "facilitator": facilitator,
        "owner": owner,
    }


def test_hiding_without_a_reason_and_a_response_too_late(
    page, person, live_server, conversation, shoot, console_errors, axe
):
    entry, share = conversation["entry"], conversation["share"]
    log_in(page, live_server, "fiona@example.org", PASSWORD, axe)
    page.goto(f"{live_server.url}/journal/{entry.pk}/")
    shoot(page, "facilitator-reads-the-conversation")
    page.get_by_text("Hide this").click()
    page.get_by_role("button", name="Hide it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hide a comment")
    expect(page.get_by_role("alert")).to_contain_text("Say why you are hiding it")
    _expected_refusal(console_errors, 400)
    shoot(page, "hide-without-a-reason")

    priya = person("member")
    log_in(priya, live_server, "priya@example.org", PASSWORD, axe)
    priya.goto(f"{live_server.url}/journal/{entry.pk}/")
    priya.get_by_label("Respond").fill("Words typed as it went")
    shoot(priya, "member-writes-a-response")
    share_withdraw(share=share, by=conversation["owner"])
    priya.get_by_role("button", name="Send response").click()
    expect(priya.get_by_role("heading", level=1)).to_have_text("Your response was not sent")
    expect(priya.get_by_label("What you wrote, so you can keep a copy")).to_have_value(
        "Words typed as it went"
    )
    expect(priya.locator("main")).not_to_contain_text("The rota meeting")
    _expected_refusal(console_errors, 409)
    shoot(priya, "response-after-the-entry-was-taken-back")
    assert console_errors == []
