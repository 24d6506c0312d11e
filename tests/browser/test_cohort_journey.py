"""The cohort journey: a facilitator invites an address, the invited person signs up through
the personal link, confirms their email and lands in the cohort; the facilitator watches them
appear in the grid and move as they complete stages, downloads the progress CSV and reads it,
then sends a reminder that arrives with a link to the learner's next step.

Two browser contexts, one per person, so neither has to keep logging in and out. Every step
of both is screenshotted into one numbered folder, prefixed by who is looking.
"""

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from camino.demo import demo_accounts_ensure, demo_home_ensure
from cohorts.demo import demo_cohorts_ensure
from cohorts.models import Invitation
from learning.demo import demo_learning_ensure
from learning.models import CoursePage, ModulePage
from tests.browser.conftest import _screenshot_folder
from tests.browser.helpers import watch_console as _watch

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACILITATOR = "facilitator@example.org"
DEMO_PASSWORD = "camino-demo"  # noqa: S105 - the published demo password
NEW_EMAIL = "new.person@example.org"
NEW_NAME = "Nguyễn Thị Minh Khai"
NEW_PASSWORD = "a-long-pass-phrase-91"  # noqa: S105
BOM = b"\xef\xbb\xbf"
INVITATION_LINK = re.compile(r"https?://\S+/join/[A-Z0-9]+/\?invitation=[\w-]+")
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")
URL = re.compile(r"https?://\S+")


@pytest.fixture
def learner_page(request, browser, viewport, console_errors):
    """A second browser context: the invited person, with cookies of their own."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    _watch(page, console_errors)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and not page.is_closed():
        folder = _screenshot_folder(request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "99-failure-learner.png"), full_page=True)
    context.close()


def _on_live_server(link: str, live_server) -> str:
    """Emails build links from settings.WAGTAILADMIN_BASE_URL; point them at the test server."""
    parts = urlsplit(link)
    return live_server.url + parts.path + (f"?{parts.query}" if parts.query else "")


def _emails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def _submit(form) -> None:
    form.locator('[type="submit"]').click()


def _log_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    _submit(form)
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible()


def _grid_row(page, name: str):
    return page.locator("table.camino-grid tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def _percent(row) -> int:
    text = row.locator("td.camino-grid__num").first.inner_text()
    match = re.match(r"\s*(\d+)%", text)
    assert match, f"no percentage in the progress cell: {text!r}"
    return int(match.group(1))


def test_invite_sign_up_progress_export_and_remind(
    page, learner_page, live_server, mailoutbox, shoot, tmp_path
):
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    cohort = demo_cohorts_ensure(accounts=accounts)
    course = CoursePage.objects.get(pk=cohort.course_id)
    first, second = ModulePage.objects.child_of(course).live().order_by("path")[:2]
    facilitator, learner = page, learner_page
    success = facilitator.locator(".nhsuk-notification-banner--success")

    # --- the facilitator invites an address --------------------------------------------------
    _log_in(facilitator, live_server, FACILITATOR, DEMO_PASSWORD)
    shoot(facilitator, "facilitator-logged-in")
    facilitator.goto(live_server.url + "/cohorts/")
    facilitator.get_by_role("link", name="Spring cohort", exact=True).click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Spring cohort")
    expect(_grid_row(facilitator, NEW_NAME)).to_have_count(0)
    shoot(facilitator, "facilitator-grid-before")

    facilitator.get_by_role("link", name="Invite learners").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Invite learners")
    facilitator.get_by_label("Email addresses").fill(NEW_EMAIL)
    shoot(facilitator, "facilitator-invitation-form")
    facilitator.get_by_role("button", name="Send invitations").click()
    expect(success).to_have_count(1)
    expect(success).to_contain_text("1 invitation sent.")
    invited = facilitator.locator("table.nhsuk-table tr").filter(has_text=NEW_EMAIL)
    expect(invited).to_contain_text("Waiting")
    shoot(facilitator, "facilitator-invitation-sent")

    invitations = _emails_to(NEW_EMAIL)
    assert [m.subject for m in invitations] == ["You are invited to join Spring cohort"]
    link = INVITATION_LINK.search(invitations[0].body)
    assert link, f"no personal link in the invitation:\n{invitations[0].body}"
    personal_link = _on_live_server(link.group(0), live_server)

    facilitator.get_by_role("banner").get_by_role("button", name="Log out").click()
    expect(facilitator.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    shoot(facilitator, "facilitator-logged-out")

    # --- the invited person follows the link, signs up and confirms --------------------------
    learner.goto(personal_link)
    expect(learner.get_by_role("heading", level=1)).to_have_text("Spring cohort")
    expect(learner.locator("main")).to_contain_text(f"This invitation was sent to {NEW_EMAIL}")
    shoot(learner, "learner-join-page")
    learner.get_by_role("button", name="Create an account and join").click()

    learner.wait_for_url(re.compile(r"/accounts/signup/"))
    signup = learner.locator("form:has(input[name='password2'])")
    signup.locator("input[name='name']").fill(NEW_NAME)
    signup.locator("input[name='email']").fill(NEW_EMAIL)
    signup.locator("input[name='password1']").fill(NEW_PASSWORD)
    signup.locator("input[name='password2']").fill(NEW_PASSWORD)
    shoot(learner, "learner-sign-up-form")
    _submit(signup)

    learner.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    expect(learner.get_by_role("heading", level=1)).to_contain_text(re.compile("email", re.I))
    expect(learner.locator("main")).to_contain_text(NEW_EMAIL)
    shoot(learner, "learner-check-your-email")

    confirmations = [m for m in _emails_to(NEW_EMAIL) if CONFIRM_LINK.search(m.body)]
    assert len(confirmations) == 1, [m.subject for m in _emails_to(NEW_EMAIL)]
    confirm_link = CONFIRM_LINK.search(confirmations[0].body).group(0)
    learner.goto(_on_live_server(confirm_link, live_server))
    confirm = learner.locator("form[action*='/accounts/confirm-email/']")
    shoot(learner, "learner-confirm-email")
    _submit(confirm)

    # The pending join finishes as the confirmation logs them in: straight to the course.
    learner.wait_for_url(live_server.url + course.url)
    joined = f"You have joined Spring cohort. You are enrolled on {course.title}."
    expect(learner.locator(".nhsuk-notification-banner--success", has_text=joined)).to_be_visible()
    expect(learner.get_by_role("banner")).to_contain_text(NEW_NAME)
    invitation = Invitation.objects.get(cohort=cohort, email=NEW_EMAIL)
    assert invitation.accepted_at is not None
    assert invitation.accepted_by.email == NEW_EMAIL
    shoot(learner, "learner-joined-course")

    # --- the learner does Learn and Do on module 1 -------------------------------------------
    learner.goto(live_server.url + first.url)
    expect(learner.get_by_role("heading", level=1)).to_have_text(first.title)
    learner.get_by_role("button", name="Mark Learn as done").click()
    expect(learner.locator("#stage-learn-heading")).to_contain_text("Done")
    learner.get_by_role("button", name="Mark Do as done").click()
    expect(learner.locator("#stage-do-heading")).to_contain_text("Done")
    shoot(learner, "learner-module-1-learn-and-do-done")

    # --- the facilitator sees them in the grid -----------------------------------------------
    _log_in(facilitator, live_server, FACILITATOR, DEMO_PASSWORD)
    facilitator.goto(live_server.url + "/cohorts/")
    facilitator.get_by_role("link", name="Spring cohort", exact=True).click()
    row = _grid_row(facilitator, NEW_NAME)
    expect(row).to_have_count(1)
    module_1 = row.locator("td.camino-grid__cell").first
    # The words are for screen readers, in a visually hidden span: text content, not visibility.
    expect(module_1).to_contain_text("Learn done, Do done, Reflect not done, Share not done")
    expect(module_1).not_to_have_class(re.compile(r"camino-grid__cell--done"))
    before = _percent(row)
    assert before == 0
    shoot(facilitator, "facilitator-grid-learn-and-do")

    # --- the learner reflects in their journal, which completes module 1 ---------------------
    learner.reload()
    learner.get_by_role("link", name="Write your reflection").click()
    expect(learner.get_by_role("heading", level=1)).to_have_text("Write your reflection")
    learner.get_by_label("Title").fill("What matters to the people I support")
    # The editor starts with the module's prompts: answer under the last one, as a person
    # would, on a new line after it.
    editor = learner.get_by_role("textbox", name="Your reflection")
    editor.click()
    learner.keyboard.press("Control+End")
    learner.keyboard.press("Enter")
    learner.keyboard.type("Asking what matters, not what is the matter, changed the conversation.")
    expect(editor).to_contain_text("changed the conversation")
    shoot(learner, "learner-writes-reflection")
    learner.get_by_role("button", name="Save").click()
    # The reflection completes module 1, so the learner moves on to module 2.
    expect(learner.locator(".nhsuk-notification-banner--success")).to_contain_text(
        f"Reflect is done. Module complete: {first.title}."
    )
    shoot(learner, "learner-module-1-reflected")

    facilitator.reload()
    row = _grid_row(facilitator, NEW_NAME)
    module_1 = row.locator("td.camino-grid__cell").first
    expect(module_1).to_have_class(re.compile(r"camino-grid__cell--done"))
    expect(module_1.locator(".camino-grid__complete")).to_have_text("Done")
    after = _percent(row)
    assert after > before
    shoot(facilitator, "facilitator-grid-module-1-done")

    # --- the CSV export ------------------------------------------------------------------------
    with facilitator.expect_download() as download_info:
        facilitator.get_by_role("link", name="Download progress (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("spring-cohort-progress-")
    assert download.suggested_filename.endswith(".csv")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith(BOM), "no byte-order mark: spreadsheet programs would garble names"
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    assert table[0] == [
        "Name",
        "Email",
        "Last activity",
        "Required modules completed",
        "Progress (%)",
        *[m.title for m in modules],
    ]
    rows = {r[1]: r for r in table[1:]}
    assert set(rows) == {NEW_EMAIL, "learner@example.org", "learner2@example.org"}
    new_row = rows[NEW_EMAIL]
    assert new_row[0] == NEW_NAME
    assert new_row[3:5] == ["1", str(after)]
    assert new_row[5] == "Completed"
    assert new_row[6:] == ["Not started"] * (len(modules) - 1)
    # The BOM is a prefix, not part of the first header cell, once decoded as utf-8-sig.
    assert next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))[0] == "Name"

    # --- a reminder ------------------------------------------------------------------------------
    facilitator.get_by_label(f"Remind {NEW_NAME}", exact=True).check()
    expect(facilitator.get_by_label(f"Remind {NEW_NAME}", exact=True)).to_be_checked()
    shoot(facilitator, "facilitator-reminder-ticked")
    sent_before = len(mail.outbox)
    facilitator.get_by_role("button", name="Send a reminder to the learners you ticked").click()
    expect(success).to_have_count(1)
    expect(success).to_contain_text(f"Reminder sent to {NEW_NAME}.")
    shoot(facilitator, "facilitator-reminder-sent")

    reminders = [m for m in mail.outbox[sent_before:] if m.to == [NEW_EMAIL]]
    assert [m.subject for m in reminders] == ["A reminder from Spring cohort: your next step"]
    assert len(mail.outbox) == sent_before + 1, "only the ticked learner is reminded"
    body = reminders[0].body
    assert f"Hello {NEW_NAME}" in body
    assert f"Your next step is: {second.title}" in body
    links = [urlsplit(u).path for u in URL.findall(body)]
    assert second.url in links, f"no link to {second.url} in the reminder:\n{body}"

    # The link in the reminder opens the learner's next step.
    learner.goto(_on_live_server(URL.search(body).group(0), live_server))
    expect(learner.get_by_role("heading", level=1)).to_have_text(second.title)
    shoot(learner, "learner-follows-reminder")
