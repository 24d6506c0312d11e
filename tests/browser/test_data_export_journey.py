"""A demo learner downloads all their data and reads it.

Learner@example.org (the demo data's learner, with journal entries, progress, a cohort and
notifications) opens her account pages, chooses "Download your data", asks for a copy, waits
on the "being prepared / ready" page (it is made in the background; here at once), downloads
the ZIP and opens its index.html from disk, as she would after unzipping it: a readable page
with her journal and progress, that loads nothing from anywhere. Every page, the HTML copy
included, is photographed and checked with axe-core, on a desktop and on a 390 px phone.
"""

import io
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, no_sideways_scroll, settled

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEARNER = "learner@example.org"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_a_learner_downloads_all_her_data_and_reads_it(
    page,
    live_server,
    shoot,
    console_errors,
    viewport,
    settings,
    axe,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    debug, settings.DEBUG = settings.DEBUG, True  # load_demo_data refuses to run otherwise
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=io.StringIO())
    settings.DEBUG = debug
    settings.MEDIA_ROOT = tmp_path / "media"
    phone = viewport["width"] < 600
    requests = []
    page.on("request", lambda r: requests.append(r.url))

    log_in(page, live_server, LEARNER, DEMO_PASSWORD, axe)
    page.goto(live_server.url + "/accounts/name/")
    shoot(page, "account-pages")
    page.get_by_role("navigation", name="Account settings").get_by_role(
        "link", name="Download your data"
    ).click()
    page.wait_for_url(f"{live_server.url}/accounts/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Download your data")
    if phone:
        no_sideways_scroll(page)
    shoot(page, "download-your-data")

    page.get_by_role("button", name="Ask for a copy of my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data is ready")
    shoot(page, "ready")

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download your data (ZIP").click()
    download = waiting.value
    assert download.suggested_filename.startswith("camino-data-")
    archive = zipfile.ZipFile(download.path())
    assert {"README.txt", "index.html", "journal.json", "progress.json"} <= set(archive.namelist())
    unzipped = tmp_path / "unzipped"
    archive.extractall(unzipped)

    # --- the copy, opened from disk --------------------------------------------------------
    requests.clear()
    page.goto((unzipped / "index.html").as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Everything Camino holds about Amara Okafor"
    )
    contents = page.get_by_role("navigation", name="Contents")
    for title in ("Account", "Journal", "Progress", "Cohorts", "Notifications"):
        expect(contents.get_by_role("link", name=title, exact=True)).to_be_visible()
    contents.get_by_role("link", name="Journal", exact=True).click()
    expect(page.get_by_role("heading", level=2, name="Journal")).to_be_in_viewport()
    assert all(url.startswith("file://") for url in requests), requests
    if phone:
        no_sideways_scroll(page)
    shoot(page, "index-html")
    assert not console_errors


def test_a_programme_admin_makes_a_copy_for_a_subject_access_request(
    page,
    live_server,
    shoot,
    console_errors,
    settings,
    axe,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    """From Amara's page in the admin, "Copy of their data": a page that says what it is and
    that it is recorded, then the copy, which downloads for the admin."""
    from django.contrib.auth import get_user_model

    debug, settings.DEBUG = settings.DEBUG, True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=io.StringIO())
    settings.DEBUG = debug
    settings.MEDIA_ROOT = tmp_path / "media"
    amara = get_user_model().objects.get(email=LEARNER)

    log_in(page, live_server, "admin@example.org", DEMO_PASSWORD, axe)
    page.goto(f"{live_server.url}/admin/users/edit/{amara.pk}/")
    page.get_by_role("navigation", name="Actions").get_by_role("button", name="Actions").click()
    link = page.get_by_role("link", name="Copy of their data")
    expect(link).to_be_visible()
    settled(link)
    shoot(page, "amaras-account-in-the-admin")
    link.click()
    page.wait_for_url(f"{live_server.url}/admin/data-exports/people/{amara.pk}/")
    expect(page.get_by_text("recorded in the audit trail")).to_be_visible()
    shoot(page, "copy-of-their-data")

    page.get_by_role("button", name="Make a copy of their data").click()
    expect(page.get_by_role("heading", name="The copy is ready")).to_be_visible()
    recorded = page.get_by_text("This request is recorded in the audit trail.")
    expect(recorded).to_be_visible()
    settled(recorded)  # Wagtail's message fades in
    shoot(page, "copy-ready")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the ZIP").click()
    readme = zipfile.ZipFile(waiting.value.path()).read("README.txt").decode()
    assert "For: Amara Okafor" in readme
    assert "subject access request" in readme
    assert not console_errors
