"""A programme admin revokes a certificate in the Wagtail admin and then reissues it.

The learner earned it by completing the demo course; how a learner earns, downloads and checks
a certificate in the browser is the learner's journey (test_learner_journey.py), so here the
course is completed through the same service the module pages call, and the journey starts
with the certificate issued. Then: the admin finds it by the code as printed and revokes it
with a reason; anyone checking the code is told so, and the PDF is gone (410); the learner's
dashboard says so too. The admin reissues it: a new code, the old code's page points to it,
and the learner's dashboard offers the new one.

Three people, three browser contexts: the learner (`page`), a visitor checking the code, and
the admin. Every page is photographed and checked with axe-core, on a desktop and on a phone.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from learning import services
from learning.certificates.models import Certificate
from learning.demo import demo_learning_ensure
from learning.models import CoursePage, ModulePage, Stage
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, settled
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page
    # (created by a migration) after another transactional test has flushed the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEARNER_NAME = "Zoë Ångström"
LEARNER_PASSWORD = "correct-horse-battery"
ADMIN_EMAIL = "admin@example.org"
REVOKE_REASON = "Awarded in error: the reflections were copied from another learner."
PRINTED_CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def long_date(value) -> str:
    """As the site prints dates: 7 March 2025 (in the site's time zone)."""
    return dateformat.format(timezone.localtime(value), "j F Y")


def admin_open_certificate(admin, live_server, code: str, *, shoot=None, step="") -> None:
    """Find the certificate in the admin's listing by its code as printed, and inspect it."""
    admin.goto(live_server.url + "/admin/certificates/")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Certificates")
    if shoot is not None:
        shoot(admin, f"{step}-listing")
    search = admin.get_by_role("textbox", name="Search term")
    search.fill(code)
    search.press("Enter")
    rows = admin.locator("table.listing tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(code)
    if shoot is not None:
        shoot(admin, step)
    # The code links to the generic edit form; Inspect is the certificate's page, with its
    # history and the Revoke and Reissue buttons.
    rows.first.get_by_role("button", name=f"More options for '{code}'").click()
    rows.first.get_by_role("link", name="Inspect").click()
    admin.wait_for_url(re.compile(r"/admin/certificates/inspect/\d+/$"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_admin_revokes_and_reissues_a_certificate(
    page, person, live_server, shoot, console_errors, viewport, settings, axe
):
    # Lookups are rate-limited per address in the cache; the live server shares this
    # process's cache, so start from a clean count whatever ran before.
    cache.clear()
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    course = CoursePage.objects.get(slug="leading-personalised-care-foundations")
    email = f"zoe.{viewport['width']}@example.org"
    learner = UserFactory(email=email, name=LEARNER_NAME)
    services.enrolment_create(user=learner, course=course)
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        for stage in (Stage.LEARN, Stage.DO, Stage.REFLECT):
            services.stage_complete(user=learner, module=module, stage=stage)
    certificate = Certificate.objects.get(user=learner)
    code = certificate.display_code
    assert certificate.status == Certificate.Status.VALID and certificate.pdf

    log_in(page, live_server, email, LEARNER_PASSWORD, axe)
    page.goto(live_server.url + "/dashboard/")
    card = page.locator(".nhsuk-card", has=page.get_by_role("heading", name=course.title)).filter(
        has_text="Awarded to"
    )
    expect(card).to_contain_text("Valid")
    expect(card).to_contain_text(code)

    visitor = person("visitor")
    visitor.goto(f"{live_server.url}/certificates/{code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    shoot(visitor, "verify-valid")

    # --- the admin finds it by the printed code and revokes it -------------------------------
    admin = person("admin")
    log_in(admin, live_server, ADMIN_EMAIL, DEMO_PASSWORD, axe)
    admin_open_certificate(admin, live_server, code, shoot=shoot, step="admin-search")
    expect(admin.get_by_role("heading", level=1)).to_contain_text(code)
    expect(admin.locator("main")).to_contain_text(LEARNER_NAME)
    shoot(admin, "admin-inspect-valid")
    admin.get_by_role("link", name="Revoke", exact=True).click()
    admin.wait_for_url(f"{live_server.url}/admin/certificates/{certificate.pk}/revoke/")
    admin.get_by_label("Why is it being revoked?").fill(REVOKE_REASON)
    shoot(admin, "admin-revoke-form")
    admin.get_by_role("button", name="Revoke", exact=True).click()
    admin.wait_for_url(f"{live_server.url}/admin/certificates/inspect/{certificate.pk}/")
    revoked = admin.get_by_text(f"Certificate {code} revoked.")
    expect(revoked).to_be_visible()
    expect(admin.get_by_role("link", name="Revoke", exact=True)).to_have_count(0)
    settled(revoked)
    shoot(admin, "admin-revoked")
    history = admin.locator("table.listing")
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history.locator("tbody tr").last).to_contain_text(REVOKE_REASON)
    expect(history.locator("tbody tr").last).to_contain_text("Morgan Ellis")

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
    shoot(visitor, "verify-revoked")

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
    shoot(visitor, "pdf-gone")

    # The learner sees it too: no download, and why.
    page.reload()
    expect(card).to_contain_text("Revoked")
    expect(card).to_contain_text(REVOKE_REASON)
    expect(card.get_by_role("link", name="Download your certificate (PDF)")).to_have_count(0)
    card.evaluate("element => element.scrollIntoView({block: 'center'})")
    shoot(page, "dashboard-revoked")

    # --- the admin reissues it: a new code, and the old one points to it ---------------------
    admin_open_certificate(admin, live_server, code)
    expect(admin.locator("main")).to_contain_text(REVOKE_REASON)
    admin.get_by_role("link", name="Reissue", exact=True).click()
    admin.wait_for_url(f"{live_server.url}/admin/certificates/{certificate.pk}/reissue/")
    expect(admin.get_by_label("Name on the new certificate")).to_have_value(LEARNER_NAME)
    shoot(admin, "admin-reissue-form")
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
    shoot(admin, "admin-reissued")

    visitor.goto(f"{live_server.url}/certificates/{code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "This certificate has been replaced"
    )
    pointer = visitor.get_by_role("link", name=new_code, exact=True)
    expect(pointer).to_have_attribute("href", f"/certificates/{new_code}/")
    shoot(visitor, "verify-replaced")
    pointer.click()
    visitor.wait_for_url(f"{live_server.url}/certificates/{new_code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("This certificate is valid")
    expect(visitor.locator(".nhsuk-summary-list")).to_contain_text(LEARNER_NAME)
    shoot(visitor, "verify-new-code-valid")

    # The learner's dashboard now offers the new certificate, not the old one.
    page.reload()
    expect(card).to_contain_text(new_code)
    expect(page.locator("main")).not_to_contain_text(code)
    card.evaluate("element => element.scrollIntoView({block: 'center'})")
    shoot(page, "dashboard-reissued")
    assert console_errors == []
