"""The programme admin reads the programme evaluation in the Wagtail admin and takes an export
for the evaluators; an editor cannot see any of it.

The demo data's finished "Autumn cohort 2025" (48 generated learners, most of them consenting
to the evaluation) gives the reports real figures. The admin opens Reports → Programme
evaluation from the admin's menu, chooses the cohort, and reads the overview (48 enrolled), the
completion funnel (48 enrolled, a median number of days) and the distance travelled (a chart
and a table per theme, and the per-capability table behind "Per capability"). Then she makes
an export with those filters, downloads the ZIP and reads it: the five files, one row per
consenting learner, no learner's name or email anywhere, and a data dictionary that describes
every column. An editor, in a browser of her own, has no "Programme evaluation" in the menu
and gets a 404 at its address.

Every page is photographed and checked with axe-core, on a desktop and on a 390 px wide phone.
"""

import csv
import io
import re
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD
from evaluation.demo import COHORT_NAME, LEARNERS
from learning.models import Capability, CoursePage, SelfAssessmentConsent
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, no_sideways_scroll, settled

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ADMIN = "admin@example.org"
EDITOR = "editor@example.org"
COURSE_SLUG = "leading-personalised-care-foundations"
FILES = ["data_dictionary.csv", "people.csv", "snapshots.csv", "progress.csv", "follow_ups.csv"]
BOM = "\ufeff"


def open_evaluation_menu(page, phone: bool) -> None:
    """Wagtail's sidebar: Reports, then its submenu (behind the toggle on a phone)."""
    if phone:
        page.get_by_role("button", name="Toggle sidebar").first.click()
    page.get_by_role("button", name="Reports", exact=True).click()


def read_csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(name).decode("utf-8")
    assert text.startswith(BOM), f"{name} has no BOM: spreadsheets would misread UTF-8"
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


def table_rows(table) -> dict[str, list[str]]:
    """A report table's body as {row header: [cell texts]}."""
    rows = {}
    for row in table.locator("tbody tr").all():
        header = row.locator("th").inner_text().strip()
        rows[header] = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    return rows


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_programme_admin_reads_the_evaluation_and_exports_it_for_evaluators(
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
    course = CoursePage.objects.get(slug=COURSE_SLUG)
    consenting = SelfAssessmentConsent.objects.filter(
        evaluation_may_use=True, user__cohort_memberships__cohort__name=COHORT_NAME
    ).count()
    assert 5 <= consenting <= LEARNERS
    learners = list(
        get_user_model()
        .objects.filter(cohort_memberships__cohort__name=COHORT_NAME)
        .values_list("email", "name")
    )
    assert len(learners) == LEARNERS
    phone = viewport["width"] < 600

    # --- the admin opens Reports → Programme evaluation --------------------------------------
    log_in(page, live_server, ADMIN, DEMO_PASSWORD, axe)
    page.goto(live_server.url + "/admin/")
    expect(page.locator("main#main")).to_be_visible()
    shoot(page, "admin-dashboard")
    open_evaluation_menu(page, phone)
    menu_item = page.get_by_role("link", name="Programme evaluation")
    expect(menu_item).to_be_visible()
    settled(menu_item)  # the sidebar and its submenu slide in
    shoot(page, "reports-menu")
    menu_item.click()
    page.wait_for_url(f"{live_server.url}/admin/evaluation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Programme evaluation")
    tabs = page.get_by_role("navigation", name="Evaluation reports")
    expect(tabs.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    shoot(page, "overview-all-cohorts")

    # --- choose the cohort -------------------------------------------------------------------
    page.get_by_label("Course", exact=True).select_option(label=course.title)
    page.get_by_label("Cohort", exact=True).select_option(label=COHORT_NAME)
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/evaluation/\?.*cohort=\d+"))
    expect(page.get_by_label("Cohort", exact=True).locator("option:checked")).to_have_text(
        COHORT_NAME
    )
    expect(page.get_by_text(f"Showing: {course.title}, {COHORT_NAME}.")).to_be_visible()
    query = urlsplit(page.url).query
    cohort_id = parse_qs(query)["cohort"]

    overview = page.get_by_role("table", name="People on the course, by cohort")
    columns = overview.locator("thead th").all_inner_texts()
    assert [c.strip() for c in columns][:2] == ["Cohort", "Enrolled"], columns
    rows = table_rows(overview)
    assert list(rows) == [COHORT_NAME], rows
    assert rows[COHORT_NAME][0] == str(LEARNERS), rows
    total = [c.strip() for c in overview.locator("tfoot td").all_inner_texts()]
    assert total[0] == str(LEARNERS), total
    if phone:
        no_sideways_scroll(page)
    shoot(page, "overview-autumn-cohort")

    # --- completion funnel -------------------------------------------------------------------
    tabs.get_by_role("link", name="Completion funnel").click()
    page.wait_for_url(f"{live_server.url}/admin/evaluation/funnel/?{query}")
    expect(page.get_by_label("Cohort", exact=True).locator("option:checked")).to_have_text(
        COHORT_NAME
    )
    facts = page.locator("main dl")
    enrolled = facts.locator("dt", has_text=re.compile("^Enrolled$")).locator("+ dd")
    expect(enrolled).to_have_text(str(LEARNERS))
    median = facts.locator("dt", has_text="Median days").locator("+ dd")
    expect(median).to_have_text(re.compile(r"^\d+(\.\d+)?$"))
    completed = facts.locator("dt", has_text="Completed the course").locator("+ dd")
    expect(completed).to_have_text(re.compile(r"^\d+$"))
    assert 0 < int(completed.inner_text()) <= LEARNERS
    steps = page.get_by_role("table", name="How many people reached each stage of each module")
    assert steps.locator("tbody tr").count() > 0
    if phone:
        no_sideways_scroll(page)
    shoot(page, "funnel")

    # --- distance travelled ------------------------------------------------------------------
    tabs.get_by_role("link", name="Distance travelled").click()
    page.wait_for_url(f"{live_server.url}/admin/evaluation/distance/?{query}")
    first = page.locator("main section").first
    chart = first.locator("svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(re.compile("^Mean change per theme: "))
    title = first.get_by_role("heading", level=2).inner_text().strip()
    themes = first.get_by_role("table", name=f"Per theme: {title}")
    expect(themes).to_be_visible()
    header = [c.strip() for c in themes.locator("thead th").all_inner_texts()]
    assert header[:2] == ["Theme", "People"] and "Mean change" in header, header
    rows = table_rows(themes)
    assert "Being" in rows, rows
    people, mean_change = rows["Being"][0], rows["Being"][header.index("Mean change") - 1]
    assert people.isdigit() and 5 <= int(people) <= consenting, rows["Being"]
    assert re.fullmatch(r"-?\d+\.\d{2}", mean_change), rows["Being"]
    # The chart draws the same figure as the table.
    expect(chart).to_contain_text(f"{float(mean_change):+.2f}")
    if phone:
        no_sideways_scroll(page)
    settled(chart)
    shoot(page, "distance")

    per_capability = first.locator("details")
    per_capability.get_by_text("Per capability", exact=True).click()
    capabilities = per_capability.get_by_role("table", name=f"Per capability: {title}")
    expect(capabilities).to_be_visible()
    codes = list(
        Capability.objects.filter(theme__framework_id=course.framework_id).values_list(
            "code", flat=True
        )
    )
    assert len(capabilities.locator("tbody tr").all()) == len(codes)
    expect(capabilities.locator("tbody th").first).to_contain_text(f"{codes[0]}: ")
    settled(capabilities)
    shoot(page, "distance-per-capability")

    # --- an export with these filters --------------------------------------------------------
    tabs.get_by_role("link", name="Exports").click()
    page.wait_for_url(f"{live_server.url}/admin/evaluation/exports/?{query}")
    exports = page.get_by_role("table", name="Your exports (kept for 7 days)")
    expect(exports).to_contain_text("You have no exports from the last 7 days.")
    shoot(page, "exports-none")
    page.get_by_role("button", name="Make an export with these filters").click()
    page.wait_for_url(re.compile(r"/admin/evaluation/exports/\?"))
    exports_url = page.url
    made = page.get_by_text("Your export is being made.")
    expect(made).to_be_visible()
    settled(made)
    shoot(page, "export-asked-for")
    # Made in the background: ready once the page is reloaded (at once, here, in tests).
    page.reload()
    row = exports.locator("tbody tr").first
    expect(row).to_contain_text(COHORT_NAME)
    expect(row).to_contain_text("Ready")
    expect(row.locator("td").nth(2)).to_have_text(str(consenting))
    download_link = row.get_by_role("link", name=re.compile("^Download ZIP"))
    settled(download_link)
    shoot(page, "export-ready")
    with page.expect_download() as downloading:
        download_link.click()
    download = downloading.value
    zip_name = download.suggested_filename
    assert re.fullmatch(r"camino-evaluation-\d{4}-\d{2}-\d{2}-\d+\.zip", zip_name), zip_name
    zip_path = shoot.folder / zip_name
    download.save_as(zip_path)

    # --- what the evaluators get -------------------------------------------------------------
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        for name in FILES:
            assert name in names, names
        texts = {name: archive.read(name).decode("utf-8") for name in names}
        tables = {name: read_csv(archive, name) for name in FILES}
    for name, text in texts.items():
        for email, full_name in learners:
            assert email not in text, f"{email} is in {name}"
            assert full_name not in text, f"{full_name!r} is in {name}"
        assert "@example.org" not in text, f"an email address is in {name}"

    people_rows = tables["people.csv"]
    assert people_rows[0][0] == "person"
    assert len(people_rows) - 1 == consenting
    assert len({row[0] for row in people_rows[1:]}) == consenting, "identifiers repeat"
    assert all(row[2] == COHORT_NAME for row in people_rows[1:])
    snapshots = tables["snapshots.csv"]
    assert "person" in snapshots[0], snapshots[0]
    assert {row[0] for row in snapshots[1:]} <= {row[0] for row in people_rows[1:]}

    dictionary = tables["data_dictionary.csv"]
    assert dictionary[0] == ["file", "column", "meaning"], dictionary[0]
    described = {(row[0], row[1]) for row in dictionary[1:] if row[2].strip()}
    theme_names = set(
        Capability.objects.filter(theme__framework_id=course.framework_id).values_list(
            "theme__name", flat=True
        )
    )
    for name in ("people.csv", "progress.csv", "follow_ups.csv", "snapshots.csv"):
        for column in tables[name][0]:
            if name == "snapshots.csv" and column.startswith("theme: "):
                assert column.removeprefix("theme: ") in theme_names, column
                key = (name, "theme: <name>")
            elif name == "snapshots.csv" and column in codes:
                key = (name, "<code>")
            else:
                key = (name, column)
            assert key in described, f"{name}'s column {column!r} is not in the data dictionary"

    # The address after making it keeps the filters.
    assert parse_qs(urlsplit(exports_url).query)["cohort"] == cohort_id, exports_url

    # --- an editor sees none of it -----------------------------------------------------------
    editor = person("editor")
    log_in(editor, live_server, EDITOR, DEMO_PASSWORD, axe)
    editor.goto(live_server.url + "/admin/")
    expect(editor.locator("main#main")).to_be_visible()
    if phone:
        editor.get_by_role("button", name="Toggle sidebar").first.click()
    editor.get_by_role("button", name="Reports", exact=True).click()
    coverage = editor.get_by_role("link", name="Framework coverage")
    expect(coverage).to_be_visible()
    settled(coverage)  # the submenu slides in
    expect(editor.get_by_role("link", name="Programme evaluation")).to_have_count(0)
    shoot(editor, "editor-reports-menu")
    response = editor.goto(live_server.url + "/admin/evaluation/")
    assert response.status == 404
    # Chromium logs any 4xx page load as a console error; this 404 is the point of the step,
    # so exactly that one line is expected, and taken off the list.
    missing = [line for line in console_errors if "status of 404 (Not Found)" in line]
    assert len(missing) == 1 and "/admin/evaluation/" in missing[0], console_errors
    console_errors.remove(missing[0])
    shoot(editor, "editor-404")

    # --- a learner looks back 3 months after her course ---------------------------------------
    from evaluation.models import FollowUp

    learner2 = get_user_model().objects.get(email="learner2@example.org")
    follow_up = FollowUp.objects.create(user=learner2, course=course, kind=90)
    learner = person("learner")
    log_in(learner, live_server, "learner2@example.org", DEMO_PASSWORD, axe)
    learner.goto(f"{live_server.url}/dashboard/follow-ups/{follow_up.pk}/")
    expect(learner.get_by_role("heading", level=1)).to_have_text(
        "How has it gone since the course?"
    )
    learner.get_by_role("button", name="Save my answers").click()
    expect(learner.locator(".nhsuk-error-summary")).to_contain_text("Answer at least one question")
    # A refused form answers 400, which Chromium logs: that one line is the point of the step.
    refused = [line for line in console_errors if "status of 400 (Bad Request)" in line]
    assert len(refused) == 1 and "/dashboard/follow-ups/" in refused[0], console_errors
    console_errors.remove(refused[0])
    shoot(learner, "follow-up-error")
    learner.get_by_label("What have you done differently since the course?").fill(
        "I start reviews by asking what matters to the person."
    )
    learner.get_by_label("You may quote my answers without my name").check()
    shoot(learner, "follow-up-filled")
    learner.get_by_role("button", name="Save my answers").click()
    expect(learner.get_by_text("Your answers are saved")).to_be_visible()
    expect(
        learner.get_by_role("heading", name="Helping the programme show what works")
    ).to_be_visible()
    no_sideways_scroll(learner)
    shoot(learner, "follow-up-saved-my-learning")
    follow_up.refresh_from_db()
    assert follow_up.may_quote and follow_up.answered_at is not None
    assert console_errors == []
    # ...and nothing else: a CSRF token in an address ends up in the history, in server logs
    # and in Referer headers.
    assert "csrfmiddlewaretoken" not in exports_url, exports_url
