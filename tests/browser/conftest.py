"""Browser journeys: Playwright for Python driving Debian's Chromium against `live_server`.

No browser is downloaded: the tests use `/usr/bin/chromium` (`make system-deps` installs it)
and axe-core from node_modules (`make pytest` runs `npm ci`). Without either the browser tests
skip, loudly; on CI (CI=true) they fail instead, so a CI machine that lost Chromium or axe
cannot pass green with its journeys unrun.

Each test gets a fresh browser context (no cookies carried over), a `screenshot(step)` helper
writing `test-artifacts/screenshots/<test>/NN-step.png` and checking that page with axe-core
(tests/browser/axe.py), and a record of everything the page logged as an error (CSP
violations, failed loads, uncaught exceptions) so it can assert there was none. A test that
visited a page it never checked with axe fails at its end, naming the page.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.browser.axe import AXE_JS, Auditor

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
# What each test checked with axe, one file per test: for people reading a CI run.
AXE_LOGS = REPO_ROOT / "test-artifacts" / "accessibility"
DESKTOP = {"width": 1280, "height": 900}
# An iPhone 12-14 sized viewport: the site is used on phones in short bursts.
PHONE = {"width": 390, "height": 844}


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so `page` can screenshot a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a browser test's own steps: fail it if one of its pages was never checked."""
    result = yield
    auditor = item.funcargs.get("axe") if hasattr(item, "funcargs") else None
    if isinstance(auditor, Auditor):
        missed = auditor.unchecked()
        if missed:
            pytest.fail(
                "These pages were shown but never checked with axe-core (take a screenshot of "
                "each, or call axe.check(page)):\n" + "\n".join(missed),
                pytrace=False,
            )
    return result


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for all the browser tests, closed after the last of them.

    Playwright's sync API marks its asyncio loop as running on this thread between calls, for
    as long as it is open. Django then (1) refuses ORM calls (SynchronousOnlyOperation) and
    (2) looks its database connections up in a separate, async-only store, so test code would
    get fresh connection objects that lack the test database's serialized contents
    (serialized_rollback silently restores nothing) and stay open past the suite's end
    (PostgreSQL then cannot drop the test database). The tests are plain sync code, so while
    the browser is open the async-safety check is off and the async store is given the very
    connection objects the sync code uses; the test database is created before Playwright
    starts and destroyed after it stops (`django_db_setup`).

    Package scope, not session scope, so none of that outlives tests/browser: a session-wide
    DJANGO_ALLOW_ASYNC_UNSAFE would reach every later test and the subprocesses they start
    (`manage.py check --deploy` rightly fails on it).
    """
    missing = []
    if not CHROMIUM.exists():
        missing.append(
            f"{CHROMIUM} NOT FOUND: browser journeys cannot run. "
            "Install Chromium with `make system-deps` (Debian package `chromium`)."
        )
    if not AXE_JS.exists():
        missing.append(
            f"{AXE_JS.relative_to(REPO_ROOT)} NOT FOUND: no accessibility checks without it. "
            "Install it with `make pytest` (runs `npm ci`; `make system-deps` installs npm)."
        )
    if missing:
        reason = " ".join(missing)
        if _ci():
            pytest.fail(reason + " CI=true, so this is a failure, not a skip.")
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    sync_connections = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, connection in sync_connections.items():
                connections[alias] = connection  # now the async-only store: share them
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def viewport():
    """The window size; a test parametrizes `viewport` to run at other sizes."""
    return DESKTOP


@pytest.fixture
def console_errors():
    """Everything the page reported as an error, as readable lines."""
    return []


@pytest.fixture
def axe(request):
    """`axe.check(page, step)` runs axe-core on the page (screenshots do it for you); the test
    fails at its end if a watched page showed an address that was never checked."""
    auditor = Auditor()
    yield auditor
    AXE_LOGS.mkdir(parents=True, exist_ok=True)
    lines = [f"{count}\t{key}" for key, count in auditor.counts.items()]
    lines += [f"0\t{key}" for key in auditor.visited if key not in auditor.checked]
    lines += [
        f"left out\t{count}\t{rule}\t{selector}"
        for (rule, selector), count in auditor.excluded.items()
    ]
    name = _screenshot_folder(request.node.name).name
    (AXE_LOGS / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _watch(page, console_errors: list, axe: Auditor, who: str = "") -> None:
    """Record what the page logs as an error, and which pages it shows (for axe)."""
    label = f" ({who})" if who else ""

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            console_errors.append(
                f"console error on {page.url}{label}: {message.text} {where}".strip()
            )

    def on_page_error(error):
        console_errors.append(f"uncaught exception on {page.url}{label}: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    axe.watch(page)


def _open(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def _screenshot_if_failed(request, page, suffix: str = "") -> None:
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and not page.is_closed():
        folder = _screenshot_folder(request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"99-failure{suffix}.png"), full_page=True)


@pytest.fixture
def page(request, browser, viewport, console_errors, axe):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    page = _open(browser, viewport)
    _watch(page, console_errors, axe)
    yield page
    _screenshot_if_failed(request, page)
    page.context.close()


@pytest.fixture
def watch(console_errors, axe):
    """`watch(popup, "preview")`: a page the test did not open itself (a new tab) is watched
    like `page`: its errors fail the test, and each page it shows must be checked with axe."""

    def watch_page(other, who: str):
        _watch(other, console_errors, axe, who)
        return other

    return watch_page


@pytest.fixture
def person(request, browser, viewport, console_errors, axe):
    """`person("facilitator")`: a page in a browser context of its own (no cookies shared with
    `page`), whose errors and pages are watched like `page`'s; a failed test leaves a
    screenshot of it too."""
    pages = {}

    def open_page(who: str):
        other = _open(browser, viewport)
        _watch(other, console_errors, axe, who)
        pages[who] = other
        return other

    yield open_page
    for who, other in pages.items():
        _screenshot_if_failed(request, other, f"-{who}")
        other.context.close()


def _screenshot_folder(test_name: str) -> Path:
    return SCREENSHOTS / re.sub(r"[^\w.-]+", "-", test_name).strip("-")


@pytest.fixture
def screenshot(request, page, console_errors, axe):
    """`screenshot("signed-up")` saves NN-signed-up.png for this test, numbered in order,
    then fails the test if the page has logged an error so far (the failing step is named) or
    if axe-core finds an accessibility problem on it."""
    folder = _screenshot_folder(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    taken = []

    def take(step: str) -> Path:
        taken.append(step)
        path = folder / f"{len(taken):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        assert not console_errors, f"the browser logged errors by step {step!r}:\n" + "\n".join(
            console_errors
        )
        axe.check(page, step)
        return path

    return take


@pytest.fixture
def shoot(request, console_errors, axe):
    """`shoot(page, "step")`: a numbered full-page screenshot of whichever person's page is on
    screen (journeys with two or three people), numbered in one sequence across them, then a
    failure if any page has logged an error so far or axe-core finds an accessibility problem
    on the page photographed."""
    import itertools
    import shutil

    folder = _screenshot_folder(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    numbers = itertools.count(1)

    def take(page, step: str):
        path = folder / f"{next(numbers):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        assert not console_errors, f"the browser logged errors by step {step!r}:\n" + "\n".join(
            console_errors
        )
        axe.check(page, step)
        return path

    take.folder = folder
    return take
