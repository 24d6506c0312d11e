"""Helpers shared by the browser journeys."""

from playwright.sync_api import expect


def watch_console(page, console_errors: list) -> None:
    """Record what a page logs as an error, as conftest's `page` fixture does, for the extra
    pages of journeys with more than one person."""

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            console_errors.append(f"console error on {page.url}: {message.text} {where}".strip())

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(f"uncaught exception: {error}"))


def log_in(page, live_server, email: str, password: str) -> None:
    """Log in through the real form and wait until the header says so."""
    page.goto(live_server.url + "/accounts/login/")
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    form.locator('[type="submit"]').click()
    expect(page.get_by_role("banner").get_by_role("button", name="Log out")).to_be_visible()


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
