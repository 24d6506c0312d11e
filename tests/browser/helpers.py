"""Helpers shared by the browser journeys."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from learning.models import Capability

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/[^\s/]+/")


def log_in(page, live_server, email: str, password: str, axe) -> None:
    """Log in through the real form and wait until the page says so: the site's header, or
    (staff who neither learn nor facilitate land there) the Wagtail admin's. The form and the
    page it lands on are checked with axe the first time this test passes through them."""
    page.goto(live_server.url + "/accounts/login/")
    axe.check(page, "log-in-form", once=True)
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    form.locator('[type="submit"]').click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if urlsplit(page.url).path.startswith("/admin/"):
        expect(page.locator("main#main")).to_be_visible()
    else:
        expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible()
    axe.check(page, "logged-in", once=True)


def log_out(page) -> None:
    header = page.get_by_role("banner")
    header.get_by_role("button", name="Log out").click()
    expect(header.get_by_role("link", name="Log in")).to_be_visible()


def on_live_server(link: str, live_server) -> str:
    """Emails build links from settings.WAGTAILADMIN_BASE_URL; point them at the test server."""
    parts = urlsplit(link)
    return live_server.url + parts.path + (f"?{parts.query}" if parts.query else "")


def settled(locator, *, polls: int = 50):
    """Wait until an element stops moving (the admin animates new blocks and messages in), so
    its screenshot shows it whole, in the middle of the screen, clear of the admin's footer."""
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")
    previous = None
    for _ in range(polls):
        box = locator.bounding_box()
        if box is not None and box == previous:
            return locator
        previous = box
        locator.page.wait_for_timeout(100)
    raise AssertionError(f"{locator} kept moving")


def coverage_rows(page) -> dict[str, str]:
    """The dashboard's 'Coverage by theme' table as {theme: 'n of m (p%)'}."""
    table = page.get_by_role("table", name="Coverage by theme")
    rows = {}
    for row in table.locator("tbody tr").all():
        rows[row.locator("th").inner_text().strip()] = row.locator("td").inner_text().strip()
    return rows


def expected_coverage(framework, completed) -> dict[str, str]:
    """Counted straight from the capability mapping: each theme's capabilities that at least
    one completed module develops."""
    developed = set(Capability.objects.filter(modules__in=completed).values_list("id", flat=True))
    expected = {}
    for theme in framework.themes.order_by("sort_order"):
        ids = list(theme.capabilities.values_list("id", flat=True))
        done = len(developed.intersection(ids))
        expected[theme.name] = f"{done} of {len(ids)} ({round(100 * done / len(ids))}%)"
    return expected


def no_sideways_scroll(page) -> None:
    """At a phone's width nothing should make the whole page scroll sideways."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"
