"""A module on a 390 px phone, as the demo learner works through it in a short burst: each
stage button brings her to the next stage to do (scrolled there, its heading focused, the
confirmation beside it), the Do checklist ticks and remembers, the reflection leads to Share,
and sharing shows what will be shared. Then the cohort answers: a co-member responds and the
facilitator comments; she sees "Notifications, 2 unread", reads them, finds the two emails and
stops one kind with the link in one of them, signed out. The facilitator sees the demo's
stalled learner tagged on the phone grid and in the weekly digest. A second journey finishes a
course and arrives at the moment of completion, where the certificate appears without a reload
once its PDF is made.

Read it as a sequence of steps; each step is photographed (test-artifacts/screenshots/) and
checked with axe-core.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from camino.demo import demo_accounts_ensure, demo_home_ensure
from camino.notifications.models import Delivery, Kind, NotificationPreference
from camino.notifications.services import emails_held
from cohorts.demo import demo_cohorts_ensure
from cohorts.services import cohort_join
from learning.certificates.models import Certificate
from learning.certificates.pdf import certificate_pdf_render
from learning.demo import demo_learning_ensure
from learning.models import ChecklistTick, CoursePage, ModulePage, StageCompletion
from learning.services import stage_complete
from reflections.models import JournalEntry, Share
from tests.browser.conftest import PHONE
from tests.browser.helpers import log_in, no_sideways_scroll
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "camino-demo"  # the demo accounts
NOOR_PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
TITLE = "Asking first, on the ward"
SENTENCE = "Two of the three people talked about home before anything clinical."
NOTE = "Asked at three handovers this week."
RESPONSE = "We tried this at handover too. The families noticed first."
COMMENT = "Thank you, Amara. Could you bring this to Thursday's session?"
URL = re.compile(r"https?://\S+")


@pytest.fixture
def viewport():
    return PHONE


def _demo():
    with emails_held():  # as `load_demo_data` does: the demo's history emails nobody
        demo_home_ensure()
        accounts = demo_accounts_ensure()
        demo_learning_ensure(accounts=accounts)
        cohort = demo_cohorts_ensure(accounts=accounts)
    course = CoursePage.objects.get(pk=cohort.course_id)
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    return cohort, course, modules


def _arrived_at_stage(page, stage: str) -> None:
    """The address names the stage; the page is scrolled to it, its heading has focus and the
    confirmation is beside it, on screen."""
    page.wait_for_url(re.compile(rf"#stage-{stage}$"))
    heading = page.locator(f"#stage-{stage}-heading")
    expect(heading).to_be_focused()
    page.wait_for_function(
        """stage => {
          const top = document.getElementById('stage-' + stage).getBoundingClientRect().top;
          return Math.abs(top) <= 24;
        }""",
        arg=stage,
    )
    expect(page.locator(f"#stage-{stage} .nhsuk-notification-banner--success")).to_be_in_viewport()


def _viewport_picture(page, shoot, step: str) -> None:
    """What the phone's screen shows (the numbered screenshots are of the whole page)."""
    page.screenshot(path=str(shoot.folder / f"screen-{step}.png"))


def test_a_module_on_a_phone_stage_by_stage(
    page, person, live_server, mailoutbox, shoot, console_errors, axe, settings
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # links in emails
    cohort, course, modules = _demo()
    amara = get_user_model().objects.get(email="learner@example.org")
    module = next(
        m for m in modules if not StageCompletion.objects.filter(user=amara, module=m).exists()
    )
    following = modules[modules.index(module) + 1]
    first_step = module.do_checklist[0]

    # --- she logs in on her phone and opens a module she has not started -------------------
    log_in(page, live_server, amara.email, PASSWORD, axe)
    page.goto(live_server.url + module.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    no_sideways_scroll(page)
    shoot(page, "module")

    # --- Learn: on to Do, scrolled there, its heading focused ------------------------------
    page.get_by_role("button", name="Mark Learn as done").click()
    _arrived_at_stage(page, "do")
    expect(page.locator("#stage-do")).to_contain_text("Learn marked as done.")
    _viewport_picture(page, shoot, "after-learn")
    shoot(page, "module-after-marking-learn")

    # --- Do: a tick on the checklist saves itself, then the note and "Mark Do as done" -----
    page.locator("#stage-do").get_by_label(first_step.value).check()
    expect(page.locator("#stage-do [data-checklist-status]")).to_have_text("Saved")
    assert ChecklistTick.objects.filter(user=amara, module=module, item_id=first_step.id).exists()
    shoot(page, "checklist-ticked")
    page.get_by_label("What did you do? (optional)").fill(NOTE)
    page.get_by_role("button", name="Mark Do as done").click()
    _arrived_at_stage(page, "reflect")
    expect(page.locator("#stage-reflect")).to_contain_text("Do marked as done.")
    expect(page.locator("#stage-do").get_by_label(first_step.value)).to_be_checked()
    _viewport_picture(page, shoot, "after-do")
    shoot(page, "module-after-marking-do")

    # --- Reflect: written in the journal, back to Share ------------------------------------
    page.locator("#stage-reflect").get_by_role("link", name="Write your reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your reflection")
    editor = page.get_by_role("textbox", name="Your reflection")
    expect(editor).to_have_attribute("contenteditable", "true")
    page.get_by_label("Title").fill(TITLE)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(SENTENCE)
    shoot(page, "reflection-written")
    page.get_by_role("button", name="Save", exact=True).click()
    _arrived_at_stage(page, "share")
    expect(page.locator("#stage-share .nhsuk-notification-banner--success")).to_contain_text(
        "Your reflection is saved in your journal. Reflect is done. Module complete."
    )
    entry = JournalEntry.objects.get(owner=amara, title=TITLE)
    _viewport_picture(page, shoot, "after-reflection")
    shoot(page, "module-after-reflection")

    # --- Share: the page shows what will be shared, the one cohort chosen already ----------
    offer = re.compile(r"^Share this reflection\s?: " + re.escape(TITLE) + "$")
    page.locator("#stage-share").get_by_role("link", name=offer).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a cohort")
    preview = page.get_by_role("region", name="What you will share")
    expect(preview).to_contain_text(TITLE)
    expect(preview).to_contain_text(SENTENCE)
    expect(page.get_by_role("radio", name=cohort.name)).to_be_checked()
    responses = page.get_by_role("checkbox", name="Let members of the cohort respond")
    expect(responses).to_be_checked()
    no_sideways_scroll(page)
    shoot(page, "share-page")
    page.get_by_role("button", name="Share", exact=True).click()

    # All four stages done: on to the next module, the confirmation at its top.
    page.wait_for_url(live_server.url + following.url)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.locator(".nhsuk-notification-banner--success").first).to_contain_text(
        f"Shared with {cohort.name}."
    )
    share = Share.objects.get(entry=entry, cohort=cohort, withdrawn_at=None)
    assert share.responses_allowed is True
    assert StageCompletion.objects.filter(user=amara, module=module).count() == 4
    shoot(page, "next-module")

    # --- a co-member responds, on her own phone --------------------------------------------
    sian = person("sian")
    log_in(sian, live_server, "learner2@example.org", PASSWORD, axe)
    sian.goto(f"{live_server.url}/journal/{entry.pk}/")
    expect(sian.get_by_role("heading", level=1)).to_have_text(TITLE)
    sian.get_by_label("Respond").fill(RESPONSE)
    sian.get_by_role("button", name="Send response").click()
    expect(sian.locator(".camino-comment")).to_contain_text(RESPONSE)
    shoot(sian, "co-member-responded")

    # --- the facilitator comments ----------------------------------------------------------
    priya = person("facilitator")
    log_in(priya, live_server, "facilitator@example.org", PASSWORD, axe)
    priya.goto(f"{live_server.url}/journal/{entry.pk}/")
    expect(priya.locator(".camino-comment")).to_contain_text(RESPONSE)
    priya.get_by_label("Add a comment").fill(COMMENT)
    priya.get_by_role("button", name="Send comment").click()
    expect(priya.locator(".camino-comment").nth(1)).to_contain_text(COMMENT)
    shoot(priya, "facilitator-commented")

    # --- back to Amara: "2 unread", read them ----------------------------------------------
    page.reload()
    bell = page.get_by_role("banner").get_by_role("link", name="Notifications, 2 unread")
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator(".camino-notification--unread")).to_have_count(2)
    items = page.locator(".camino-notification__title a")
    expect(items).to_have_text(
        [
            f"Priya Natarajan commented on your entry ‘{TITLE}’",
            f"Siân Llŷr responded to your entry ‘{TITLE}’",
        ]
    )
    no_sideways_scroll(page)
    shoot(page, "notifications-list")
    items.first.click()
    page.wait_for_url(re.compile(rf"/journal/{entry.pk}/#comment-\d+$"))
    expect(page.locator(".camino-comment")).to_have_count(2)
    expect(
        page.get_by_role("banner").get_by_role("link", name="Notifications, 1 unread")
    ).to_be_visible()
    page.go_back()
    page.reload()
    page.get_by_role("link", name="Choose which emails you get").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications and emails")
    group = page.get_by_role("group", name="Responses and comments on entries you shared")
    expect(group.get_by_role("radio", name="Email me at once")).to_be_checked()
    shoot(page, "notification-settings")
    page.get_by_role("link", name="Your name").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your name")
    shoot(page, "your-name")
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("You have no unread notifications.")).to_be_visible()
    expect(
        page.get_by_role("banner").get_by_role("link", name="Notifications", exact=True)
    ).to_be_visible()
    shoot(page, "notifications-all-read")

    # --- her emails, and one click to stop one kind, signed out ----------------------------
    hers = [m for m in mailoutbox if m.to == [amara.email]]
    assert [m.subject for m in hers] == [
        f"[Camino] Siân Llŷr responded to your entry ‘{TITLE}’",
        f"[Camino] Priya Natarajan commented on your entry ‘{TITLE}’",
    ]
    assert all("Best wishes,\nThe Camino team" in m.body for m in hers)
    link = next(u for u in URL.findall(hers[0].body) if "/notifications/unsubscribe/" in u)
    assert hers[0].extra_headers["List-Unsubscribe"] == f"<{link}>"
    reader = person("mail-reader")  # a browser with nobody signed in
    reader.goto(link)
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Stop emails about responses and comments on entries you shared?"
    )
    shoot(reader, "unsubscribe-confirm")
    reader.get_by_role("button", name=re.compile("^Stop emails")).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    shoot(reader, "unsubscribed")
    assert NotificationPreference.objects.get(user=amara, kind=Kind.ENTRY_RESPONSE).delivery == (
        Delivery.SITE
    )
    reader.goto(link)
    expect(reader.get_by_role("heading", level=1)).to_have_text("This link has already been used")
    shoot(reader, "unsubscribe-used-again")

    # --- the facilitator's week: the stalled learner, tagged and in the digest -------------
    priya.goto(f"{live_server.url}/cohorts/{cohort.pk}/")
    jordan = priya.locator(".camino-learner-card").filter(has_text="Jordan Reid")
    expect(jordan).to_contain_text("Stalled")
    expect(jordan).to_contain_text("no activity for")
    jordan.scroll_into_view_if_needed()
    no_sideways_scroll(priya)
    shoot(priya, "grid-on-a-phone-with-a-stalled-learner")
    call_command("send_weekly_digests", stdout=io.StringIO())
    [digest] = [
        m for m in mailoutbox if m.to == ["facilitator@example.org"] and "Weekly" in m.subject
    ]
    assert "Jordan Reid, no activity for" in digest.body
    assert TITLE not in digest.body, "a facilitator's email never quotes an entry's title"
    assert console_errors == []


def test_finishing_a_course_on_a_phone_arrives_at_the_moment_of_completion(
    page, live_server, shoot, console_errors, axe
):
    cohort, course, modules = _demo()
    # Noor has done everything but Learn in the last module (the order is hers to choose).
    noor = UserFactory(email="noor@example.org", name="Noor Haddad")
    cohort_join(cohort=cohort, user=noor)
    *earlier, last = modules
    for module in earlier:
        for stage in ("learn", "do", "reflect"):
            stage_complete(user=noor, module=module, stage=stage)
    for stage in ("do", "reflect"):
        stage_complete(user=noor, module=last, stage=stage)

    log_in(page, live_server, noor.email, NOOR_PASSWORD, axe)
    page.goto(live_server.url + last.url)
    page.get_by_role("button", name="Mark Learn as done").click()
    _arrived_at_stage(page, "share")
    message = page.locator("#stage-share .nhsuk-notification-banner--success")
    expect(message).to_contain_text(f"Module complete. You have finished {course.title}.")
    shoot(page, "course-finished-beside-share")

    # The PDF is made in the background; here the worker is still at it when she arrives.
    certificate = Certificate.objects.get(user=noor, course=course)
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", pdf_rendered_at=None)
    message.get_by_role("link", name="See what you achieved and get your certificate").click()
    page.wait_for_url(f"{live_server.url}/dashboard/courses/{course.pk}/complete/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You have finished {course.title}")
    done = page.locator(".nhsuk-summary-list__row", has_text="Modules completed")
    expect(done.locator("dd")).to_have_text(str(len(modules)))
    panel = page.locator("#certificate-panel")
    expect(panel).to_contain_text("Your certificate is being prepared")
    expect(panel.get_by_role("link", name="Check again")).to_be_hidden()  # the page will update
    no_sideways_scroll(page)
    shoot(page, "completion-page-certificate-being-prepared")

    certificate_pdf_render(certificate=Certificate.objects.get(pk=certificate.pk))
    panel = page.locator("#certificate-panel")
    expect(panel.get_by_role("link", name="Download your certificate (PDF)")).to_be_visible(
        timeout=20_000
    )
    expect(page.locator("[data-certificate-announce]")).to_have_text(
        "Your certificate is ready. You can download it now."
    )
    expect(panel).to_contain_text(f"Awarded to {noor.name}")
    expect(panel.get_by_label("Link to share with an employer")).to_have_value(
        f"{live_server.url}/certificates/{certificate.display_code}/"
    )
    expect(page.get_by_role("link", name="Rate yourself", exact=True)).to_be_visible()
    shoot(page, "completion-page")
    assert console_errors == []
