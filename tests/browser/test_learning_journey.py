"""The learning journey: an editor adds a module to the demo course in the Wagtail admin, maps it
to two capabilities and publishes it; a new learner enrols, completes two modules' stages and
sees the task list, the progress bar and the framework coverage change, then takes a baseline
self-assessment. Screenshots of every key screen, on a desktop and on a 390 px wide phone.

Expected numbers (coverage per theme) are counted from the database, not hard-coded, so editing
the demo course's capability mapping does not break the journey; what is asserted is that the
pages show exactly those numbers, and that they changed.
"""

import re

import pytest
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from learning.demo import demo_learning_ensure
from learning.models import Capability, CoursePage, ModulePage, Rating, SelfAssessment
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, settled
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE_TITLE = "Leading personalised care: foundations"
NEW_MODULE = "Listening to carers"
NEW_PROMPT = "What did a carer tell you that you had not heard before?"
NEW_ACTIVITY = "Ask one carer this week what would make the next appointment easier for them."
LEARNER_EMAIL = "newlearner@example.org"
LEARNER_NAME = "Kofi Mensah"
LEARNER_PASSWORD = "correct-horse-battery"
LEVELS = ["Essential", "Proficient", "Strong", "Exemplary"]


def coverage_rows(page) -> dict[str, str]:
    """The 'Coverage by theme' table as {theme: 'n of m (p%)'}."""
    table = page.get_by_role("table", name="Coverage by theme")
    rows = {}
    for row in table.locator("tbody tr").all():
        rows[row.locator("th").inner_text().strip()] = row.locator("td").inner_text().strip()
    return rows


def expected_coverage(framework, completed: list[ModulePage]) -> dict[str, str]:
    """Counted straight from the capability mapping: each theme's capabilities that at least
    one completed module develops."""
    developed = set(Capability.objects.filter(modules__in=completed).values_list("id", flat=True))
    expected = {}
    for theme in framework.themes.order_by("sort_order"):
        ids = list(theme.capabilities.values_list("id", flat=True))
        done = len(developed.intersection(ids))
        expected[theme.name] = f"{done} of {len(ids)} ({round(100 * done / len(ids))}%)"
    return expected


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_editor_publishes_a_module_and_a_learner_works_through_the_course(
    page, live_server, screenshot, console_errors, viewport, settings
):
    # Wagtail 8 autosaves the new page in the background 0.5 s after each pause in typing: when
    # that happens depends on the machine's speed, so the journey would take one of two paths
    # (the page created on Publish, or created earlier as a draft by autosave) and, before the
    # Reflect prompt is filled in, autosave is refused with a 400 that the browser logs as an
    # error (ModulePage.clean requires a prompt even for drafts). The editor's part is
    # deterministic with autosave off; everything else in the admin is as an editor sees it.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    course = CoursePage.objects.get(title=COURSE_TITLE)
    framework = course.framework
    demo_modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    assert len(demo_modules) == 6
    learner = UserFactory(email=LEARNER_EMAIL, name=LEARNER_NAME)
    phone = viewport["width"] < 600

    # --- The editor adds a module in the Wagtail admin -------------------------------------
    log_in(page, live_server, "editor@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + "/admin/")
    if phone:
        page.get_by_role("button", name="Toggle sidebar").first.click()
    page.get_by_role("button", name="Pages", exact=True).click()
    explorer = page.get_by_role("dialog", name="Page explorer")
    explorer.get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.get_by_role("link", name="Explore child pages of 'Courses'").click()
    page.get_by_role("link", name=f"Explore child pages of '{COURSE_TITLE}'").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{course.id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(COURSE_TITLE)
    screenshot("admin-course-in-explorer")

    page.get_by_role("link", name="Add child page").first.click()
    # A course only takes modules, so Wagtail goes straight to the module form.
    page.wait_for_url(re.compile(r"/admin/pages/add/learning/modulepage/\d+/$"))
    page.get_by_placeholder("Page title*").fill(NEW_MODULE)
    page.get_by_role("textbox", name=re.compile("^Summary")).fill(
        "Carers know the person best. Hear what they know, and act on it."
    )
    page.get_by_role("spinbutton", name=re.compile("^Estimated minutes")).fill("40")
    mapping = page.get_by_role("region", name="Framework mapping")
    b1 = mapping.get_by_role("checkbox", name=re.compile(r"^LPC · Being · B1:"))
    r1 = mapping.get_by_role(
        "checkbox", name=re.compile(r"^LPC · Relating and Communicating · R1:")
    )
    b1.check()
    r1.check()
    expect(b1).to_be_checked()
    expect(r1).to_be_checked()
    settled(b1)
    screenshot("admin-new-module")

    page.get_by_role("tab", name="Stages").click()
    do_stage = page.get_by_role("region", name="2. Do")
    do_stage.get_by_role("textbox").first.click()
    page.keyboard.type(NEW_ACTIVITY)
    reflect = page.get_by_role("region", name="3. Reflect")
    reflect.get_by_role("button", name="Insert a block").first.click()
    chooser_prompt = page.get_by_role("option", name="Prompt")
    if chooser_prompt.count():  # a block menu appears only when there is more than one type
        chooser_prompt.click()
    prompt = reflect.locator("input[name='reflect_prompts-0-value']")
    prompt.fill(NEW_PROMPT)
    settled(prompt)
    screenshot("admin-new-module-stages")

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{course.id}/")
    published = page.get_by_text(f"Page '{NEW_MODULE}' created and published.")
    expect(published).to_be_visible()
    settled(published)
    screenshot("admin-published")

    new_module = ModulePage.objects.child_of(course).get(title=NEW_MODULE)
    assert new_module.live
    assert sorted(c.code for c in new_module.capabilities.all()) == ["B1", "R1"]

    page.goto(live_server.url + "/")
    page.get_by_role("banner").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    # --- A new learner enrols --------------------------------------------------------------
    log_in(page, live_server, LEARNER_EMAIL, LEARNER_PASSWORD)
    page.goto(live_server.url + "/courses/")
    page.get_by_role("link", name=COURSE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_TITLE)
    enrol = page.get_by_role("button", name="Enrol on this course")
    expect(enrol).to_be_visible()
    screenshot("course-before-enrolling")
    enrol.click()
    # Enrolling takes the learner straight to the first module.
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_modules[0].title)
    expect(page.get_by_text(f"You are enrolled on {COURSE_TITLE}.")).to_be_visible()

    page.goto(live_server.url + course.url)
    tasks = page.locator(".nhsuk-task-list > li")
    expect(tasks).to_have_count(7)
    expect(tasks.last).to_contain_text(f"7. {NEW_MODULE}")
    for n in range(7):
        expect(tasks.nth(n).locator(".nhsuk-task-list__status")).to_have_text("Not started")
    progress_text = page.locator(".camino-progress p")
    expect(progress_text).to_have_text("0 of 7 required modules completed (0%)")
    expect(page.locator("progress")).to_have_attribute("value", "0")
    screenshot("course-enrolled")

    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    before = coverage_rows(page)
    assert before == expected_coverage(framework, [])
    assert all(value.endswith("(0%)") for value in before.values()), before
    coverage_chart = page.get_by_role("img", name=re.compile("^Framework coverage by theme"))
    expect(coverage_chart.locator(".camino-chart__bar")).to_have_count(0)
    screenshot("dashboard-before")

    # The editor's module is there for the learner, with the editor's words.
    page.goto(live_server.url + course.url)
    page.get_by_role("link", name=f"7. {NEW_MODULE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_MODULE)
    expect(page.get_by_text("module 7 of 7")).to_be_visible()
    expect(page.locator("#stage-do")).to_contain_text(NEW_ACTIVITY)
    expect(page.locator("#stage-reflect")).to_contain_text(NEW_PROMPT)
    screenshot("new-module-page")

    # --- Two modules, stage by stage -------------------------------------------------------
    for index, module in enumerate(demo_modules[:2]):
        page.goto(live_server.url + module.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        page.get_by_role("button", name="Mark Learn as done").click()
        expect(page.get_by_text("Learn marked as done.")).to_be_visible()
        expect(page.locator("#stage-learn h2")).to_contain_text("Done")
        page.get_by_label("What did you do? (optional)").fill(
            "Asked two people at the drop-in what matters to them before anything else."
        )
        page.get_by_role("button", name="Mark Do as done").click()
        expect(page.get_by_text("Do marked as done.")).to_be_visible()
        expect(page.locator("#stage-do")).to_contain_text("Asked two people at the drop-in")
        if index == 0:
            screenshot("module-page-learn-and-do-done")
        # Reflect is a private journal entry, started from the module's prompts.
        page.get_by_role("link", name="Write your reflection").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Write your reflection")
        # The journal's script swaps the plain textarea for an editor with a toolbar: wait for
        # it, or the textarea it hides could be picked up on a slow machine.
        expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
        journal = page.get_by_role("textbox", name="Your reflection")
        expect(journal).to_have_attribute("contenteditable", "true")
        expect(journal).to_contain_text(module.reflect_prompts[0].value)
        journal.click()
        page.keyboard.press("Control+End")
        page.keyboard.press("Enter")  # a paragraph of its own below the last prompt
        page.keyboard.type("I assumed I knew what mattered. I did not.")
        if index == 0:
            screenshot("reflection-form")
        page.get_by_role("button", name="Save", exact=True).click()
        # Share is optional on this course, so Learn, Do and Reflect complete the module,
        # and the learner is taken on to the next one.
        expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
            f"Your reflection is saved in your journal. Reflect is done. "
            f"Module complete: {module.title}."
        )
        expect(page.get_by_role("heading", level=1)).not_to_have_text(module.title)
        if index == 0:
            screenshot("module-page-completed")

    page.goto(live_server.url + course.url)
    for n in range(7):
        expect(tasks.nth(n).locator(".nhsuk-task-list__status")).to_have_text(
            "Completed" if n < 2 else "Not started"
        )
    expect(progress_text).to_have_text("2 of 7 required modules completed (29%)")
    expect(page.locator("progress")).to_have_attribute("value", "29")
    expect(page.get_by_role("link", name=re.compile(r"^Next: ")).first).to_contain_text(
        demo_modules[2].title
    )
    screenshot("course-two-modules-done")

    page.goto(live_server.url + "/dashboard/")
    after = coverage_rows(page)
    assert after == expected_coverage(framework, demo_modules[:2])
    assert after != before
    assert any(not value.endswith("(0%)") for value in after.values()), after
    # The chart says the same as the table, and draws a bar for each theme begun.
    for theme, value in after.items():
        percent = value.rsplit("(", 1)[1].rstrip(")")
        expect(coverage_chart).to_have_accessible_name(re.compile(f"{theme} {percent}"))
    begun = sum(1 for value in after.values() if not value.endswith("(0%)"))
    expect(coverage_chart.locator(".camino-chart__bar")).to_have_count(begun)
    expect(page.locator(".camino-progress p")).to_have_text(
        "2 of 7 required modules completed (29%)"
    )
    expect(page.locator("progress")).to_have_attribute("value", "29")
    screenshot("dashboard-after")

    # --- Baseline self-assessment ----------------------------------------------------------
    page.get_by_role("link", name="Take your baseline self-assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your baseline self-assessment")
    themes = list(framework.themes.order_by("sort_order"))
    chosen: dict[str, str] = {}
    for t, theme in enumerate(themes):
        level = LEVELS[t % len(LEVELS)]  # each theme a different level, so averages are exact
        for capability in theme.capabilities.order_by("sort_order"):
            group = page.get_by_role("group", name=f"{capability.code}: {capability.statement}")
            group.get_by_label(level, exact=True).check()
        chosen[theme.name] = f"{LEVELS.index(level) + 1}.0"
    capability_count = Capability.objects.filter(theme__framework=framework).count()
    expect(page.locator("input[type=radio]:checked")).to_have_count(capability_count)
    screenshot("self-assessment-form")
    page.get_by_role("button", name="Save my self-assessment").click()

    page.wait_for_url(live_server.url + "/dashboard/")
    expect(page.get_by_text("Your baseline self-assessment is saved.")).to_be_visible()
    ratings = page.get_by_role("table", name="Average rating by theme")
    for theme_name, average in chosen.items():
        expect(
            ratings.locator("tr", has=page.get_by_role("rowheader", name=theme_name, exact=True))
        ).to_contain_text(average)
    expect(page.get_by_role("link", name="Rate yourself again")).to_be_visible()
    screenshot("dashboard-baseline-saved")

    assessment = SelfAssessment.objects.get(user=learner, framework=framework)
    assert Rating.objects.filter(assessment=assessment).count() == capability_count
    assert console_errors == []
