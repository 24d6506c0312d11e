"""The audit trail as programme admins read it: a facilitator opens a learner's page in her
cohort and downloads the cohort's CSV; the programme admin opens Reports → Audit trail from the
admin's menu and finds both, newest first, with who, what, about whom and when, then narrows
the list to one action. An editor has no "Audit trail" in the menu and gets a 404 at its
address.

Every page is photographed and checked with axe-core, on a desktop and on a 390 px wide phone.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD
from cohorts.models import Cohort
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, no_sideways_scroll, settled

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADMIN = "admin@example.org"
EDITOR = "editor@example.org"
FACILITATOR = "facilitator@example.org"
LEARNER = "learner@example.org"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_a_programme_admin_reads_what_staff_did_and_an_editor_cannot(
    page,
    person,
    live_server,
    shoot,
    console_errors,
    viewport,
    settings,
    axe,
    django_capture_on_commit_callbacks,
):
    debug, settings.DEBUG = settings.DEBUG, True  # load_demo_data refuses to run otherwise
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=io.StringIO())
    settings.DEBUG = debug
    cohort = Cohort.objects.get(name="Spring cohort")
    learner = get_user_model().objects.get(email=LEARNER)
    phone = viewport["width"] < 600

    # --- the facilitator looks at a learner and downloads the CSV ------------------------------
    facilitator = person("facilitator")
    log_in(facilitator, live_server, FACILITATOR, DEMO_PASSWORD, axe)
    facilitator.goto(f"{live_server.url}/cohorts/{cohort.pk}/learners/{learner.pk}/")
    expect(facilitator.get_by_role("heading", level=1)).to_contain_text(learner.name)
    shoot(facilitator, "facilitator-learner-page")
    with facilitator.expect_download():
        facilitator.goto(f"{live_server.url}/cohorts/{cohort.pk}/")
        facilitator.get_by_role("link", name="Download progress (CSV)").first.click()
    shoot(facilitator, "facilitator-cohort")

    # --- the programme admin opens Reports → Audit trail ---------------------------------------
    log_in(page, live_server, ADMIN, DEMO_PASSWORD, axe)
    page.goto(live_server.url + "/admin/")
    expect(page.locator("main#main")).to_be_visible()
    if phone:
        page.get_by_role("button", name="Toggle sidebar").first.click()
    page.get_by_role("button", name="Reports", exact=True).click()
    item = page.get_by_role("link", name="Audit trail")
    expect(item).to_be_visible()
    settled(item)
    shoot(page, "reports-menu")
    item.click()
    page.wait_for_url(f"{live_server.url}/admin/audit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit trail")
    table = page.get_by_role("table", name="Audit trail, newest first")
    rows = table.locator("tbody tr")
    # The demo's revoked certificate (issued by mistake, then revoked) is older, further down.
    expect(rows).to_have_count(4)
    newest = [c.strip() for c in rows.nth(0).locator("td").all_inner_texts()]
    older = [c.strip() for c in rows.nth(1).locator("td").all_inner_texts()]
    assert newest[1:3] == [
        "Priya Natarajan (facilitator@example.org)",
        "Exported a cohort's progress (CSV)",
    ], newest
    assert "Spring cohort: names, emails and progress of" in newest[4], newest
    assert older[2:4] == ["Viewed a learner's page in a cohort", f"{learner.name} ({LEARNER})"], (
        older
    )
    if phone:
        no_sideways_scroll(page)
    shoot(page, "audit-trail")

    page.get_by_label("Action", exact=True).select_option(
        label="Viewed a learner's page in a cohort"
    )
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(lambda url: "action=learner.viewed" in url)
    expect(rows).to_have_count(1)
    expect(page.get_by_text("1 entry with these filters.")).to_be_visible()
    shoot(page, "audit-trail-one-action")

    # --- an editor: no menu item, and the address does not exist --------------------------------
    editor = person("editor")
    log_in(editor, live_server, EDITOR, DEMO_PASSWORD, axe)
    editor.goto(live_server.url + "/admin/")
    expect(editor.locator("main#main")).to_be_visible()
    assert "Audit trail" not in editor.content()
    shoot(editor, "editor-admin")
    response = editor.goto(live_server.url + "/admin/audit/")
    assert response.status == 404
    # Chromium logs any 4xx page load as a console error; this 404 is the point of the step.
    missing = [line for line in console_errors if "status of 404 (Not Found)" in line]
    assert len(missing) == 1 and "/admin/audit/" in missing[0], console_errors
    console_errors.remove(missing[0])
    shoot(editor, "editor-not-found")
