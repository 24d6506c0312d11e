"""The Wagtail admin works under `script-src 'self'`: no inline script is allowed, and none is
needed (camino.admin_csp starts Wagtail's widgets from data).

A superuser walks the main admin screens in Chromium: the dashboard, the page explorer, a
module's edit form (StreamField, snippet chooser, the scheduling dialog's date-time picker), a
framework snippet (nested inline panels: a theme and a capability added), a certificate design
(image chooser modal) and a cohort (page chooser, date picker). Each widget is used, not only
looked at, and the browser must report no Content-Security-Policy violation and no error.
"""

import re

import pytest
from playwright.sync_api import expect

from camino.demo import demo_accounts_ensure, demo_home_ensure
from cohorts.demo import demo_cohorts_ensure
from learning.certificates.models import CertificateTemplate
from learning.demo import demo_learning_ensure
from learning.models import CoursePage, Framework, ModulePage
from tests.browser.helpers import log_in, settled
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct-horse-battery"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_the_admin_works_with_no_inline_script(
    page, live_server, screenshot, console_errors, axe, settings
):
    # The module's mapped capabilities belong to the framework this test takes away from it, so
    # Wagtail's autosave (0.5 s after a change) is refused with a 400 that the browser logs as
    # an error, whenever a step takes long enough for it to fire (each screenshot also runs
    # axe-core). Autosave is not what this test is about: off, as in the editor's journey.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    cohort = demo_cohorts_ensure(accounts=accounts)
    course = CoursePage.objects.live().first()
    module = ModulePage.objects.child_of(course).first().specific
    module.second_framework = None  # so its chooser offers "Choose framework"
    module.save_revision().publish()
    framework = Framework.objects.get(pk=course.framework_id)
    design = CertificateTemplate.objects.create(name="Plain", issuer="Camino")
    root = UserFactory(email="root@example.org", name="Sue Super", is_superuser=True)
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, root.email, PASSWORD, axe)
    policy = page.request.get(live_server.url + "/admin/").headers["content-security-policy"]
    assert "'unsafe-inline'" not in re.search(r"script-src([^;]*)", policy).group(1)

    # Dashboard and page explorer.
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot("dashboard")
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/")
    expect(page.get_by_role("link", name=module.title).first).to_be_visible()
    screenshot("explorer")

    # A module: StreamField, the second framework's snippet chooser, the scheduling dialog.
    page.goto(f"{live_server.url}/admin/pages/{module.pk}/edit/")
    page.get_by_role("button", name="Choose framework", exact=True).click()
    chooser = page.get_by_role("dialog")
    expect(chooser.get_by_role("link", name=framework.name).first).to_be_visible()
    screenshot("module-snippet-chooser")
    chooser.get_by_role("link", name=framework.name).first.click()
    expect(page.get_by_role("region", name="Framework mapping")).to_contain_text(framework.name)
    page.get_by_role("tab", name="Stages").click()
    page.get_by_role("button", name="Insert a block").first.click()
    expect(page.get_by_role("option").first).to_be_visible()
    screenshot("module-streamfield-block-menu")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name=re.compile("schedul", re.I)).first.click()
    page.locator("#id_go_live_at").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
    screenshot("module-date-time-picker")
    page.keyboard.press("Escape")

    # A framework: themes hold capabilities, both inline panels (one inside the other).
    page.goto(f"{live_server.url}/admin/snippets/learning/framework/edit/{framework.pk}/")
    themes_before = int(page.locator("#id_themes-TOTAL_FORMS").input_value())
    page.get_by_role("button", name="Add theme").click()
    new_theme = page.locator(f"#inline_child_themes-{themes_before}")
    expect(new_theme).to_be_visible()
    new_theme.get_by_role("button", name="Add capability").click()
    capability = new_theme.locator(f"#inline_child_themes-{themes_before}-capabilities-0")
    expect(capability).to_be_visible()
    settled(capability)
    screenshot("framework-nested-inline-panels")

    # A certificate design: the image chooser opens its modal.
    page.goto(
        f"{live_server.url}/admin/snippets/certificates/certificatetemplate/edit/{design.pk}/"
    )
    page.get_by_role("button", name="Choose an image").first.click()
    expect(page.get_by_role("dialog").get_by_role("tab", name="Upload")).to_be_visible()
    screenshot("certificate-design-image-chooser")
    page.get_by_role("dialog").get_by_role("button", name="Close").click()

    # A cohort: the course is chosen with the page chooser, the dates with the date picker.
    page.goto(f"{live_server.url}/admin/cohorts/edit/{cohort.pk}/")
    course_chooser = page.locator("#id_course-chooser")
    course_chooser.get_by_role("button", name="Actions").click()
    course_chooser.get_by_role("button", name="Choose another page").click()
    expect(page.get_by_role("dialog").get_by_text(course.title).first).to_be_visible()
    screenshot("cohort-page-chooser")
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    # Centred first, so the picker opens below the field rather than over the fields above it
    # (where it would cover a tick box and axe rightly says the box is obscured).
    page.locator("#id_starts_on").evaluate("el => el.scrollIntoView({block: 'center'})")
    page.locator("#id_starts_on").click()
    expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
    screenshot("cohort-date-picker")

    assert violations(page) == []
    assert console_errors == []

    # The policy is enforced, so the checks above could fail: an inline script is refused.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__inlineRan = true'; document.body.append(s); }"
    )
    assert page.evaluate("window.__inlineRan === undefined")
    assert any("script-src" in v for v in violations(page)), violations(page)
    console_errors.clear()  # the refusal just provoked is logged as an error, as it should be
