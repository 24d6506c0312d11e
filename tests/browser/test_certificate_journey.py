"""The certificate journey: a learner completes the demo course, downloads the PDF and reads the
code printed in it; anyone can check that code on the public verification page; a programme
admin revokes the certificate in the Wagtail admin and the page says so (and the PDF is gone);
the admin reissues it and the old code's page points to the new one. Screenshots of every step,
the PDF's first page as a PNG, on a desktop and on a 390 px wide phone.

Three people, three browser contexts (no cookies shared): the learner (the `page` fixture), an
anonymous visitor checking the code, and the admin. Every context's console errors fail the
journey at the next screenshot, as in the other journeys.
"""

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from learning import services
from learning.demo import demo_learning_ensure
from learning.models import Certificate, CoursePage, ModulePage, Stage
from tests.browser.conftest import DESKTOP, PHONE, _screenshot_folder
from tests.browser.helpers import log_in, settled
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE_TITLE = "Leading personalised care: foundations"
LEARNER_NAME = "Zoë Ångström"
LEARNER_PASSWORD = "correct-horse-battery"
ADMIN_EMAIL = "admin@example.org"
REVOKE_REASON = "Awarded in error: the reflections were copied from another learner."
PRINTED_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")


def long_date(value) -> str:
    """As the site prints dates: 7 March 2025 (in the site's time zone)."""
    return dateformat.format(timezone.localtime(value), "j F Y")


@pytest.fixture
def people(request, browser, viewport, console_errors):
    """`people.open(name)` gives a page in a browser context of its own (the visitor, the
    admin) that reports its errors with the `page` fixture's; a failed test leaves a
    screenshot of each of them too."""

    class People:
        def __init__(self):
            self.pages = {}

        def open(self, name: str):
            context = browser.new_context(viewport=viewport, locale="en-GB")
            context.set_default_timeout(10_000)
            other = context.new_page()

            def on_console(message):
                if message.type == "error":
                    where = message.location.get("url", "") if message.location else ""
                    console_errors.append(
                        f"console error on {other.url} ({name}): {message.text} {where}".strip()
                    )

            other.on("console", on_console)
            other.on(
                "pageerror",
                lambda error: console_errors.append(
                    f"uncaught exception on {other.url} ({name}): {error}"
                ),
            )
            self.pages[name] = other
            return other

    people = People()
    yield people
    failed = getattr(request.node, "report_call", None)
    for name, other in people.pages.items():
        if failed is not None and failed.failed and not other.is_closed():
            folder = _screenshot_folder(request.node.name)
            folder.mkdir(parents=True, exist_ok=True)
            other.screenshot(path=str(folder / f"99-failure-{name}.png"), full_page=True)
        other.context.close()


@pytest.fixture
def shots(shoot):
    return shoot


def admin_open_certificate(admin, live_server, code: str, *, shots=None, step="") -> None:
    """Find the certificate in the admin's listing by its code as printed, and inspect it."""
    admin.goto(live_server.url + "/admin/certificates/")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Certificates")
    search = admin.get_by_role("textbox", name="Search term")
    search.fill(code)
    search.press("Enter")
    rows = admin.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(code)
    if shots is not None:
        shots(admin, step)
    # The code links to the generic edit form (see the report); Inspect is the certificate's
    # page, with its history and the Revoke and Reissue buttons.
    rows.first.get_by_role("button", name=f"More options for '{code}'").click()
    rows.first.get_by_role("link", name="Inspect").click()
    admin.wait_for_url(re.compile(r"/admin/certificates/inspect/\d+/$"))


@pytest.mark.skipif(not (PDFTOTEXT and PDFTOPPM), reason="poppler-utils (pdftotext) missing")
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_learner_earns_a_certificate_that_an_admin_revokes_and_reissues(
    page, people, live_server, shots, console_errors, viewport, settings
):
    # Lookups are rate-limited per address in the cache; the live server shares this
    # process's cache, so start from a clean count whatever ran before.
    cache.clear()
    # The PDF prints the address of its verification page (SITE_URL): here, the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    course = CoursePage.objects.get(title=COURSE_TITLE)
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    assert len(modules) == 6
    assert course.awards_certificate
    email = f"zoe.{viewport['width']}@example.org"
    learner = UserFactory(email=email, name=LEARNER_NAME)

    # --- The learner enrols, and finishes the last module ----------------------------------
    log_in(page, live_server, email, LEARNER_PASSWORD)
    page.goto(live_server.url + course.url)
    page.get_by_role("button", name="Enrol on this course").click()
    expect(page.get_by_text(f"You are enrolled on {COURSE_TITLE}.")).to_be_visible()
    # Modules 1-5 as the learning journey does them (tested there), straight through the
    # services to keep this journey short; the last one is done in the browser.
    for module in modules[:5]:
        for stage in (Stage.LEARN, Stage.DO, Stage.REFLECT):
            services.stage_complete(user=learner, module=module, stage=stage)
    assert not Certificate.objects.filter(user=learner).exists()

    last = modules[-1]
    page.goto(live_server.url + last.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(last.title)
    page.get_by_role("button", name="Mark Learn as done").click()
    expect(page.get_by_text("Learn marked as done.")).to_be_visible()
    page.get_by_label("What did you do? (optional)").fill(
        "Held a 'what matters to you' conversation with a family at the start of a review."
    )
    page.get_by_role("button", name="Mark Do as done").click()
    expect(page.get_by_text("Do marked as done.")).to_be_visible()
    shots(page, "last-module-learn-and-do-done")

    page.get_by_role("link", name="Write your reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your reflection")
    expect(page.get_by_role("toolbar", name="Formatting")).to_be_visible()
    journal = page.get_by_role("textbox", name="Your reflection")
    expect(journal).to_have_attribute("contenteditable", "true")
    journal.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("Six modules on, I ask first and plan second.")
    shots(page, "last-reflection")
    page.get_by_role("button", name="Save", exact=True).click()

    # The last stage completes the course: the certificate is issued, and its PDF rendered
    # by a background task enqueued when the transaction commits.
    page.wait_for_url(live_server.url + "/dashboard/")
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        f"You have completed {COURSE_TITLE}."
    )
    certificate = Certificate.objects.get(user=learner)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.holder_name == LEARNER_NAME
    assert certificate.pdf, "the PDF was not rendered when the completion committed"

    expect(page.get_by_role("heading", name="Your certificates")).to_be_visible()
    card = page.locator(".nhsuk-card", has=page.get_by_role("heading", name=COURSE_TITLE)).filter(
        has_text="Awarded to"
    )
    expect(card).to_contain_text("Valid")
    expect(card).to_contain_text(f"Awarded to {LEARNER_NAME}")
    share = card.get_by_label("Link to share with an employer")
    expect(share).to_have_value(f"{live_server.url}/certificates/{certificate.display_code}/")
    download_link = card.get_by_role("link", name="Download your certificate (PDF)")
    download_link.evaluate("element => element.scrollIntoView({block: 'center'})")
    shots(page, "dashboard-certificate")

    # --- The PDF, and the code printed in it -----------------------------------------------
    with page.expect_download() as downloading:
        download_link.click()
    download = downloading.value
    assert download.failure() is None
    pdf_path = shots.folder / "certificate.pdf"
    download.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf_path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    printed = PRINTED_CODE.findall(text)
    assert printed, f"no certificate code in the PDF's text:\n{text}"
    code = printed[0]
    assert set(printed) == {code}, printed
    assert code == certificate.display_code
    assert download.suggested_filename == f"certificate-{code}.pdf"
    assert LEARNER_NAME in text, text
    assert COURSE_TITLE in text, text
    assert "Check it is genuine at" in text, text
    assert f"{live_server.url}/certificates/{code}/" in text, text
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", str(pdf_path)]
        + [str(shots.folder / "certificate-page-1")],
        check=True,
    )
    assert (shots.folder / "certificate-page-1.png").stat().st_size > 10_000

    # --- Anyone checks the code, typed carelessly ------------------------------------------
    visitor = people.open("visitor")
    visitor.goto(live_server.url + "/certificates/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Check a certificate")
    visitor.get_by_label("Certificate code").fill(code.lower().replace("-", " "))
    shots(visitor, "verify-form")
    visitor.get_by_role("button", name="Check certificate").click()
    visitor.wait_for_url(f"{live_server.url}/certificates/{code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    facts = visitor.locator(".nhsuk-summary-list")
    expect(facts).to_contain_text(LEARNER_NAME)
    expect(facts).to_contain_text(COURSE_TITLE)
    expect(facts).to_contain_text(long_date(learner.enrolments.get().completed_at))
    shots(visitor, "verify-valid")

    # --- The admin finds it by the printed code and revokes it -----------------------------
    admin = people.open("admin")
    log_in(admin, live_server, ADMIN_EMAIL, DEMO_PASSWORD)
    admin_open_certificate(admin, live_server, code, shots=shots, step="admin-search")
    expect(admin.get_by_role("heading", level=1)).to_contain_text(code)
    expect(admin.locator("main")).to_contain_text(LEARNER_NAME)
    shots(admin, "admin-inspect-valid")
    admin.get_by_role("link", name="Revoke", exact=True).click()
    admin.wait_for_url(f"{live_server.url}/admin/certificates/{certificate.pk}/revoke/")
    admin.get_by_label("Why is it being revoked?").fill(REVOKE_REASON)
    shots(admin, "admin-revoke-form")
    admin.get_by_role("button", name="Revoke", exact=True).click()
    admin.wait_for_url(f"{live_server.url}/admin/certificates/inspect/{certificate.pk}/")
    revoked = admin.get_by_text(f"Certificate {code} revoked.")
    expect(revoked).to_be_visible()
    expect(admin.get_by_role("link", name="Revoke", exact=True)).to_have_count(0)
    settled(revoked)
    shots(admin, "admin-revoked")
    history = admin.locator("table.listing")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history.locator("tbody tr").last).to_contain_text(REVOKE_REASON)
    expect(history.locator("tbody tr").last).to_contain_text("Morgan Ellis")
    history.scroll_into_view_if_needed()
    shots(admin, "admin-revoked-history")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert timezone.now() - certificate.revoked_at < timedelta(minutes=5)
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This certificate has been revoked"
    )
    warning = visitor.locator(".nhsuk-warning-callout")
    expect(warning).to_contain_text(f"Revoked on {long_date(certificate.revoked_at)}")
    expect(warning).to_contain_text(f"Reason: {REVOKE_REASON}")
    expect(visitor.get_by_role("link", name="Download the certificate (PDF)")).to_have_count(0)
    shots(visitor, "verify-revoked")

    response = visitor.goto(f"{live_server.url}/certificates/{code}/pdf/")
    assert response.status == 410
    assert not response.headers["content-type"].startswith("application/pdf")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This certificate is no longer available to download"
    )
    expect(visitor.locator("main")).to_contain_text(f"Certificate {code} has been revoked.")
    # Chromium logs any 4xx page load as a console error; this 410 is the point of the step,
    # so exactly that one line is expected, and taken off the list.
    gone = [line for line in console_errors if "status of 410 (Gone)" in line]
    assert len(gone) == 1 and f"/certificates/{code}/pdf/" in gone[0], console_errors
    console_errors.remove(gone[0])
    shots(visitor, "pdf-gone")

    # The learner sees it too: no download, and why.
    page.reload()
    expect(card).to_contain_text("Revoked")
    expect(card).to_contain_text(REVOKE_REASON)
    expect(card.get_by_role("link", name="Download your certificate (PDF)")).to_have_count(0)
    card.evaluate("element => element.scrollIntoView({block: 'center'})")
    shots(page, "dashboard-revoked")

    # --- The admin reissues it: a new code, and the old one points to it --------------------
    admin_open_certificate(admin, live_server, code)
    expect(admin.locator("main")).to_contain_text(REVOKE_REASON)
    admin.get_by_role("link", name="Reissue", exact=True).click()
    admin.wait_for_url(f"{live_server.url}/admin/certificates/{certificate.pk}/reissue/")
    expect(admin.get_by_label("Name on the new certificate")).to_have_value(LEARNER_NAME)
    shots(admin, "admin-reissue-form")
    admin.get_by_role("button", name="Reissue", exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/certificates/inspect/\d+/$"))
    message = admin.get_by_text(re.compile(r"Reissued as [A-Z0-9-]+\."))
    expect(message).to_contain_text("The old code's page points to it.")
    settled(message)
    new_code = PRINTED_CODE.search(message.inner_text()).group()
    assert new_code != code
    new = Certificate.objects.get(code=new_code.replace("-", ""))
    assert admin.url == f"{live_server.url}/admin/certificates/inspect/{new.pk}/"
    assert new.holder_name == LEARNER_NAME
    assert new.pdf, "the new certificate's PDF was not rendered on commit"
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert certificate.replaced_by == new
    shots(admin, "admin-reissued")

    visitor.goto(f"{live_server.url}/certificates/{code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This certificate has been replaced"
    )
    pointer = visitor.get_by_role("link", name=new_code, exact=True)
    expect(pointer).to_have_attribute("href", f"/certificates/{new_code}/")
    shots(visitor, "verify-replaced")
    pointer.click()
    visitor.wait_for_url(f"{live_server.url}/certificates/{new_code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    expect(visitor.locator(".nhsuk-summary-list")).to_contain_text(LEARNER_NAME)
    shots(visitor, "verify-new-code-valid")

    # The learner's dashboard now offers the new certificate, not the old one.
    page.reload()
    expect(card).to_contain_text(new_code)
    expect(page.locator("main")).not_to_contain_text(code)
    card.evaluate("element => element.scrollIntoView({block: 'center'})")
    shots(page, "dashboard-reissued")
    assert console_errors == []
