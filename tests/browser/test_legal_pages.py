"""The legal pages as a visitor finds them, on a desktop (1280 px) and a phone (390 px): from
the footer of the home page to each of the four pages and back through the footer, then from
the sign-up form to the privacy notice and the terms. Every page is photographed and checked
with axe-core; on the phone none may scroll sideways (the cookies table included). At the end,
every cookie the browser holds, including any set by script, is named on the cookies page.

And a content editor changes the privacy notice the Wagtail way: the settings show which page
is which, a draft is previewed and saved without the public seeing it, then published, and the
public page says it was updated today.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from camino.legal import LegalPage
from camino.legal_demo import demo_legal_pages_ensure
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, no_sideways_scroll, settled

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEGAL = [
    ("Privacy notice", "/privacy/"),
    ("Accessibility statement", "/accessibility/"),
    ("Cookies", "/cookies/"),
    ("Terms of use", "/terms/"),
]
NEW_SUMMARY = "How we look after what you tell us, reviewed by our data protection officer."


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_a_visitor_reads_each_legal_page_from_the_footer_and_from_sign_up(
    page, live_server, screenshot, viewport
):
    demo_legal_pages_ensure(home=demo_home_ensure())

    page.goto(live_server.url + "/")
    footer = page.get_by_role("contentinfo")
    for title, path in LEGAL:
        expect(footer.get_by_role("link", name=title)).to_have_attribute("href", path)
    screenshot("home-with-footer")

    for title, path in LEGAL:
        page.get_by_role("contentinfo").get_by_role("link", name=title).click()
        page.wait_for_url(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text(re.compile(r"^Last updated: \d{1,2} \w+ \d{4}$"))).to_be_visible()
        expect(page.get_by_role("contentinfo").get_by_role("link", name=title)).to_have_attribute(
            "aria-current", "page"
        )
        no_sideways_scroll(page)
        screenshot(path.strip("/"))

    # The cookies page's tables read as tables, and on a phone as stacked rows.
    page.goto(live_server.url + "/cookies/")
    table = page.get_by_role("table", name="Cookies everyone gets")
    expect(table.get_by_role("cell", name=re.compile("sessionid"))).to_be_visible()

    # Sign-up names the terms and the privacy notice, and each link goes there.
    page.goto(live_server.url + "/accounts/signup/")
    form = page.locator("form:has(input[name='password1'])")
    expect(form).to_contain_text("By creating an account you agree to the terms of use.")
    screenshot("sign-up")
    form.get_by_role("link", name="privacy notice").click()
    page.wait_for_url(live_server.url + "/privacy/")
    page.go_back()
    page.locator("form:has(input[name='password1'])").get_by_role(
        "link", name="terms of use"
    ).click()
    page.wait_for_url(live_server.url + "/terms/")

    # Every cookie the browser now holds, script-set ones included, is on the cookies page.
    held = {cookie["name"] for cookie in page.context.cookies()}
    assert "csrftoken" in held
    page.goto(live_server.url + "/cookies/")
    named = set(page.locator("table code").all_inner_texts())
    assert held <= named, f"not named on the cookies page: {held - named}"


def test_an_editor_drafts_previews_and_publishes_a_change_to_the_privacy_notice(
    page, person, watch, live_server, screenshot, console_errors, axe, settings
):
    """Wagtail's own ways of working: a draft the public does not see, a preview of it, then
    publishing, after which the public page says it was updated today."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # as in the editor's journey: one path, not two
    home = demo_home_ensure()
    accounts = demo_accounts_ensure()
    pages = demo_legal_pages_ensure(home=home)
    privacy = pages["privacy_notice"]
    LegalPage.objects.filter(pk=privacy.pk).update(
        last_published_at=timezone.now() - timedelta(days=40)
    )
    editor = accounts["editor@example.org"]
    log_in(page, live_server, editor.email, DEMO_PASSWORD, axe)

    # --- the settings say which page is which ------------------------------------------------
    page.goto(f"{live_server.url}/admin/settings/camino/programmesettings/{home.get_site().pk}/")
    legal = page.get_by_role("region", name="Legal pages")
    expect(legal).to_contain_text("Privacy notice")
    expect(legal).to_contain_text("Terms of use")
    screenshot("admin-programme-settings-legal-pages")

    # --- a draft, previewed ------------------------------------------------------------------
    page.goto(f"{live_server.url}/admin/pages/{privacy.pk}/edit/")
    summary = page.get_by_role("textbox", name="Summary")
    summary.fill(NEW_SUMMARY)
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.locator("iframe[title='Preview']").last.content_frame
    expect(preview.get_by_text(NEW_SUMMARY)).to_be_visible()
    screenshot("admin-privacy-notice-preview")
    page.get_by_role("button", name="Toggle preview").click()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Page 'Privacy notice' has been updated.")).to_be_visible()

    visitor = person("visitor")
    visitor.goto(live_server.url + "/privacy/")
    expect(visitor.get_by_text(NEW_SUMMARY)).to_have_count(0)
    axe.check(visitor, "public-page-while-draft")

    # --- published ---------------------------------------------------------------------------
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    published = page.get_by_text("Page 'Privacy notice' has been published.")
    expect(published).to_be_visible()
    settled(published)
    screenshot("admin-published")
    visitor.goto(live_server.url + "/privacy/")
    expect(visitor.get_by_text(NEW_SUMMARY)).to_be_visible()
    today = timezone.localdate()
    expect(visitor.get_by_text(f"Last updated: {today.day} {today:%B %Y}")).to_be_visible()
    axe.check(visitor, "public-page-published")
    assert console_errors == []
