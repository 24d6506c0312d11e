"""A learner completes a module with the keyboard alone: Tab, Shift+Tab, arrow keys, Enter,
Space and typing; no mouse, no clicks.

From the log-in form to the module page, through Learn, Do, Reflect (the journal's editor: a
toolbar, then a contenteditable writing area that Tab must leave again) and Share (its one
cohort already chosen), then on to the next module and back to see all four stages done. Each
stage button brings focus to the heading of the next stage to do, so Tab carries on from
there; a checklist item is ticked with Space on the way. At every stop focus must be visible,
on screen, and moving forwards (tests/browser/keyboard.py); each page ends with a walk to its
last stop, so nothing traps focus. Every page is checked with axe-core.
"""

import re

import pytest
from playwright.sync_api import expect

from camino.demo import demo_accounts_ensure, demo_home_ensure
from cohorts.demo import demo_cohorts_ensure
from cohorts.services import cohort_join
from learning.demo import demo_learning_ensure
from learning.models import ChecklistTick, CoursePage, ModulePage, StageCompletion
from reflections.models import JournalEntry, Share
from tests.browser.keyboard import KeyboardUser
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "kofi@example.org"
NAME = "Kofi Mensah"
PASSWORD = "correct-horse-battery"
TITLE = "What matters, asked first"
ANSWER = "I asked before I planned, and the plan changed."
NOTE = "Asked three people what matters to them."


def test_a_module_from_start_to_finish_with_the_keyboard_alone(
    page, live_server, shoot, console_errors, axe
):
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    cohort = demo_cohorts_ensure(accounts=accounts)
    course = CoursePage.objects.get(pk=cohort.course_id)
    module, following = ModulePage.objects.child_of(course).live().order_by("path")[:2]
    learner = UserFactory(email=EMAIL, name=NAME)
    cohort_join(cohort=cohort, user=learner)
    kb = KeyboardUser(page)
    success = page.locator(".nhsuk-notification-banner--success")

    # --- log in -----------------------------------------------------------------------------
    page.goto(f"{live_server.url}/accounts/login/?next={module.url}")
    kb.arrived()
    skip = kb.tab()
    assert skip is not None and skip.name == "Skip to main content", skip
    shoot(page, "skip-link-focused")
    kb.activate()
    expect(page.locator("main")).to_be_focused()
    kb.tab_to(re.compile("^Email"), tag="input")
    kb.type(EMAIL)
    kb.tab_to(re.compile("^Password"), tag="input")
    kb.type(PASSWORD)
    kb.tab_to("Log in", tag="button")
    kb.activate()

    # --- Learn ------------------------------------------------------------------------------
    page.wait_for_url(live_server.url + module.url)
    kb.arrived()
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    shoot(page, "module")
    assert kb.tab().name == "Skip to main content"
    kb.activate()
    kb.tab_to("Mark Learn as done", tag="button")
    shoot(page, "learn-button-focused")
    kb.activate()

    # --- Do: focus is on its heading, so Tab goes on from there ------------------------------
    page.wait_for_url(re.compile(r"#stage-do$"))
    kb.arrived()
    expect(page.locator("#stage-do-heading")).to_be_focused()
    expect(page.locator("#stage-do")).to_contain_text("Learn marked as done.")
    first_step = module.do_checklist[0]
    kb.tab_to(first_step.value, tag="input")
    kb.activate(" ")  # Space ticks the box
    expect(page.get_by_label(first_step.value)).to_be_checked()
    kb.tab_to("What did you do? (optional)", tag="textarea")
    kb.type(NOTE)
    kb.tab_to("Mark Do as done", tag="button")
    kb.activate()

    # --- Reflect, in the journal's editor --------------------------------------------------------
    page.wait_for_url(re.compile(r"#stage-reflect$"))
    kb.arrived()
    expect(page.locator("#stage-reflect-heading")).to_be_focused()
    expect(page.locator("#stage-reflect")).to_contain_text("Do marked as done.")
    expect(page.locator("#stage-do")).to_contain_text(NOTE)
    assert ChecklistTick.objects.filter(user=learner, module=module, item_id=first_step.id).exists()
    kb.tab_to("Write your reflection", tag="a")
    kb.activate()
    page.wait_for_url(re.compile(r"/journal/new/"))
    kb.arrived()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your reflection")
    kb.tab_to(re.compile("^Title"), tag="input")
    kb.type(TITLE)
    # The toolbar is one stop; its buttons are reached with the arrow keys.
    bold = kb.tab()
    assert bold.name == "Bold", bold
    assert kb.press("ArrowRight").name == "Italic"
    assert kb.press("ArrowLeft", expect_order="backwards").name == "Bold"
    shoot(page, "toolbar-focused")
    editor = kb.tab()
    assert editor.role == "textbox" and editor.tag == "div", editor
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    kb.type(ANSWER)
    shoot(page, "writing-in-the-editor")
    # Tab leaves the editor (no trap), and Shift+Tab comes back to it.
    after = kb.tab()
    assert after is not None and "camino-editor" not in after.html, after
    back = kb.shift_tab()
    assert back.role == "textbox", back
    kb.tab_to("Save", tag="button")
    kb.activate()

    # Learn, Do and Reflect complete the module; back to its Share stage, to share it.
    page.wait_for_url(re.compile(re.escape(live_server.url + module.url) + "#stage-share$"))
    kb.arrived()
    expect(page.locator("#stage-share-heading")).to_be_focused()
    expect(page.locator("#stage-share")).to_contain_text("Reflect is done. Module complete.")
    axe.check(page, "back-at-share")
    entry = JournalEntry.objects.get(owner=learner, module=module)
    assert entry.title == TITLE and ANSWER in entry.body

    # --- Share, with the cohort (the only one, already chosen) --------------------------------
    kb.tab_to(re.compile(r"^Share this reflection"), tag="a")
    kb.activate()
    page.wait_for_url(re.compile(r"/journal/\d+/share/\?from=module$"))
    kb.arrived()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share with a cohort")
    kb.tab_to(cohort.name, tag="input")
    expect(page.get_by_role("radio", name=cohort.name)).to_be_checked()
    kb.tab_to("Let members of the cohort respond", tag="input")
    shoot(page, "cohort-chosen")
    kb.tab_to("Share", tag="button")
    kb.activate()

    # All four stages done: on to the next module, its title focused.
    page.wait_for_url(live_server.url + following.url)
    kb.arrived()
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(success).to_contain_text(f"Shared with {cohort.name}.")
    assert Share.objects.filter(entry=entry, cohort=cohort, withdrawn_at=None).exists()
    axe.check(page, "next-module")
    kb.tab_to(re.compile(r"^Previous\s*:?\s*" + re.escape(module.title)), tag="a")
    kb.activate()

    # --- the module, all four stages done; every stop on the page, to its end ---------------------
    page.wait_for_url(live_server.url + module.url)
    kb.arrived()
    stages = page.get_by_role("navigation", name="Stages of this module")
    for n, stage in enumerate(["Learn", "Do", "Reflect", "Share"]):
        expect(stages.locator("li").nth(n)).to_contain_text(f"{n + 1}. {stage} Done")
    assert StageCompletion.objects.filter(user=learner, module=module).count() == 4
    shoot(page, "module-all-four-stages-done")
    stops = kb.walk_to_the_end()
    assert stops >= 10, kb.stops
    assert console_errors == []
