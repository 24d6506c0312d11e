"""The legal pages as a visitor finds them, on a desktop (1280 px) and a phone (390 px): from
the footer of the home page to each of the four pages and back through the footer, then from
the sign-up form to the privacy notice and the terms. Every page is photographed and checked
with axe-core; on the phone none may scroll sideways (the cookies table included). At the end,
every cookie the browser holds, including any set by script, is named on the cookies page.
"""

import re

import pytest
from playwright.sync_api import expect

from camino.demo import demo_home_ensure
from camino.legal_demo import demo_legal_pages_ensure
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import no_sideways_scroll

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
