"""The content editor's journey, end to end: log in to the Wagtail admin, find the course, add
a module mapped to two capabilities of the framework, preview it as a learner will see it (in
the editor's preview panel and in a tab of its own), publish it, and then a learner sees it in
the course's task list and opens it.

Every page is photographed and checked with axe-core, on a desktop and on a 390 px wide phone.
Under /admin/ only, the few problems in Wagtail's own markup that Camino cannot fix are left
out, each named with its reason in tests/browser/axe.py (ADMIN_EXCLUSIONS).
"""

import re

import pytest
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from learning.demo import demo_learning_ensure
from learning.models import CoursePage, ModulePage
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, settled

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR = "editor@example.org"
LEARNER = "learner@example.org"
NEW_MODULE = "Listening to carers"
SUMMARY = "Carers know the person best. Hear what they know, and act on it."
NEW_PROMPT = "What did a carer tell you that you had not heard before?"
NEW_ACTIVITY = "Ask one carer this week what would make the next appointment easier for them."


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_editor_adds_previews_and_publishes_a_module_that_learners_then_see(
    page, person, watch, live_server, shoot, console_errors, viewport, settings, axe
):
    # Wagtail 8 autosaves a new page in the background 0.5 s after each pause in typing: when
    # that happens depends on the machine's speed, so the journey would take one of two paths
    # (the page created on Publish, or created earlier as a draft by autosave) and, before the
    # Reflect prompt is filled in, autosave is refused with a 400 that the browser logs as an
    # error (ModulePage.clean requires a prompt even for drafts). The editor's part is
    # deterministic with autosave off; everything else in the admin is as an editor sees it.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    course = CoursePage.objects.get(slug="leading-personalised-care-foundations")
    existing = ModulePage.objects.child_of(course).live().count()
    phone = viewport["width"] < 600

    # --- log in to the admin, and find the course --------------------------------------------
    page.goto(live_server.url + "/admin/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/admin/"))
    shoot(page, "admin-asks-to-log-in")
    log_in_form = page.locator("form:has(input[name='password'])")
    log_in_form.locator("input[name='login']").fill(EDITOR)
    log_in_form.locator("input[name='password']").fill(DEMO_PASSWORD)
    log_in_form.locator('[type="submit"]').click()
    page.wait_for_url(live_server.url + "/admin/")
    shoot(page, "admin-dashboard")

    if phone:
        page.get_by_role("button", name="Toggle sidebar").first.click()
    page.get_by_role("button", name="Pages", exact=True).click()
    explorer = page.get_by_role("dialog", name="Page explorer")
    explorer.get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    shoot(page, "admin-home-page")
    page.get_by_role("link", name="Explore child pages of 'Courses'").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    shoot(page, "admin-courses")
    page.get_by_role("link", name=f"Explore child pages of '{course.title}'").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{course.id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(course.title)
    shoot(page, "admin-course")

    # --- add a module, mapped to two capabilities --------------------------------------------
    page.get_by_role("link", name="Add child page").first.click()
    # A course only takes modules, so Wagtail goes straight to the module form.
    page.wait_for_url(re.compile(r"/admin/pages/add/learning/modulepage/\d+/$"))
    page.get_by_placeholder("Page title*").fill(NEW_MODULE)
    page.get_by_role("textbox", name=re.compile("^Summary")).fill(SUMMARY)
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
    shoot(page, "admin-new-module")

    page.get_by_role("tab", name="Stages").click()
    page.get_by_role("region", name="2. Do").get_by_role("textbox").first.click()
    page.keyboard.type(NEW_ACTIVITY)
    reflect = page.get_by_role("region", name="3. Reflect")
    reflect.get_by_role("button", name="Insert a block").first.click()
    chooser_prompt = page.get_by_role("option", name="Prompt")
    if chooser_prompt.count():  # a block menu appears only when there is more than one type
        chooser_prompt.click()
    prompt = reflect.get_by_role("textbox", name="Prompt")
    prompt.fill(NEW_PROMPT)
    settled(prompt)
    shoot(page, "admin-new-module-stages")

    # --- preview it, as a learner will see it ------------------------------------------------
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail swaps in a fresh frame for each refresh of the preview: the last is current.
    preview = page.locator("iframe[title='Preview']").last.content_frame
    expect(preview.get_by_role("heading", level=1)).to_have_text(NEW_MODULE)
    expect(preview.get_by_text(f"module {existing + 1} of {existing + 1}")).to_be_visible()
    expect(preview.locator("#stage-do")).to_contain_text(NEW_ACTIVITY)
    expect(preview.locator("#stage-reflect")).to_contain_text(NEW_PROMPT)
    expect(preview.get_by_text("Capabilities this module develops (2)")).to_be_attached()
    shoot(page, "admin-preview-panel")
    with page.expect_popup() as opening:
        page.get_by_role("link", name=re.compile("Preview in new tab")).click()
    tab = watch(opening.value, "preview tab")
    expect(tab.get_by_role("heading", level=1)).to_have_text(NEW_MODULE)
    expect(tab.locator("#stage-reflect")).to_contain_text(NEW_PROMPT)
    shoot(tab, "preview-in-a-tab")
    tab.close()
    page.get_by_role("button", name="Toggle preview").click()  # back to the form
    assert not ModulePage.objects.filter(title=NEW_MODULE).exists(), "preview saved the page"

    # --- publish -----------------------------------------------------------------------------
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{course.id}/")
    published = page.get_by_text(f"Page '{NEW_MODULE}' created and published.")
    expect(published).to_be_visible()
    settled(published)
    shoot(page, "admin-published")
    new_module = ModulePage.objects.child_of(course).get(title=NEW_MODULE)
    assert new_module.live
    assert sorted(c.code for c in new_module.capabilities.all()) == ["B1", "R1"]

    # --- a learner sees it in the course's task list -----------------------------------------
    learner = person("learner")
    log_in(learner, live_server, LEARNER, DEMO_PASSWORD, axe)
    learner.goto(live_server.url + course.url)
    tasks = learner.locator(".nhsuk-task-list > li")
    expect(tasks).to_have_count(existing + 1)
    expect(tasks.last).to_contain_text(f"{existing + 1}. {NEW_MODULE}")
    expect(tasks.last).to_contain_text(SUMMARY)
    expect(tasks.last.locator(".nhsuk-task-list__status")).to_have_text("Not started")
    tasks.last.scroll_into_view_if_needed()
    shoot(learner, "learner-course-task-list")
    tasks.last.get_by_role("link", name=f"{existing + 1}. {NEW_MODULE}").click()
    expect(learner.get_by_role("heading", level=1)).to_have_text(NEW_MODULE)
    expect(learner.locator("#stage-do")).to_contain_text(NEW_ACTIVITY)
    expect(learner.locator("#stage-reflect")).to_contain_text(NEW_PROMPT)
    expect(learner.get_by_text("Capabilities this module develops (2)")).to_be_visible()
    shoot(learner, "learner-new-module")
    assert console_errors == []
