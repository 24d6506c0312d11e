"""The facilitator's grid for a generated cohort of 200 learners, on a desktop and on a phone:
as it opens, sorted by progress, and filtered to the inactive; and the demo cohort's grid on a
phone, filtered to who has stalled, with the cohort's settings page. (The demo cohort's grid
on a desktop, a learner's page and the framework view are the facilitator's journey,
test_facilitator_journey.py.)

The screenshots are for people to look at, and each screen is checked with axe-core; the
assertions check what a facilitator relies on: the counts are right, the grid pages through
the learners in the order asked for, a wide grid scrolls inside its own region (with the
names kept in view) instead of the page, and on a phone the grid is a list in which every
module's status can be read without scrolling sideways.
"""

import random
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from faker import Faker
from playwright.sync_api import expect

from camino.demo import demo_accounts_ensure, demo_home_ensure
from cohorts.demo import demo_cohorts_ensure
from cohorts.models import Cohort, Membership
from cohorts.selectors import GRID_PAGE_SIZE
from learning.demo import demo_learning_ensure
from learning.models import CoursePage, Enrolment, ModuleCompletion, ModulePage, StageCompletion
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, no_sideways_scroll

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
FACILITATOR = "facilitator@example.org"
DEMO_PASSWORD = "camino-demo"  # the published demo password
LEARNERS = 200
STAGES = ("learn", "do", "reflect", "share")


def _demo() -> tuple[dict, Cohort]:
    demo_home_ensure()
    accounts = demo_accounts_ensure()
    demo_learning_ensure(accounts=accounts)
    return accounts, demo_cohorts_ensure(accounts=accounts)


def _cohort_of_200(*, course: CoursePage, facilitator) -> tuple[Cohort, int]:
    """200 learners spread along the course, written in bulk as tests/benchmarks does.

    Returns the cohort and how many of its learners have been inactive for over 7 days (or
    never active)."""
    rng = random.Random(2026)  # reproducible test data, not security
    fake = Faker("en_GB")
    fake.seed_instance(2026)
    User = get_user_model()
    cohort = Cohort.objects.create(
        name="Autumn cohort (North)", course=course, starts_on="2026-10-05", ends_on="2027-04-30"
    )
    cohort.facilitators.add(facilitator)
    names = [fake.name() for _ in range(LEARNERS)]
    # Names as people have them: long, double-barrelled, beyond ASCII.
    names[:4] = [
        "Oluwaseun Adebayo-Richardson-Fitzgerald",
        "Zoë Ångström",
        "Nguyễn Thị Minh Khai",
        "Siobhán Ní Mhaoldomhnaigh",
    ]
    users = User.objects.bulk_create(
        User(email=f"autumn-{i:03d}@example.org", name=name, password="!")
        for i, name in enumerate(names)
    )
    Membership.objects.bulk_create(Membership(cohort=cohort, user=u) for u in users)
    now = timezone.now()
    enrolments, inactive = [], 0
    for user in users:
        if rng.random() < 0.1:
            last = None  # joined, never started
        else:
            days = rng.uniform(0, 40)
            if 6.5 < days < 7.5:  # clear of the filter's edge, however long the test takes
                days += 1
            last = now - timedelta(days=days)
        if last is None or last < now - timedelta(days=7):
            inactive += 1
        enrolments.append(
            Enrolment(
                user=user, course=course, source=Enrolment.Source.COHORT, last_activity_at=last
            )
        )
    Enrolment.objects.bulk_create(enrolments)
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    stage_rows, module_rows = [], []
    for user, enrolment in zip(users, enrolments, strict=True):
        if enrolment.last_activity_at is None:
            continue
        finished = rng.randint(0, len(modules))
        for module in modules[:finished]:
            module_rows.append(ModuleCompletion(user=user, module=module))
            stage_rows.extend(StageCompletion(user=user, module=module, stage=s) for s in STAGES)
        if finished < len(modules):
            started = STAGES[: rng.randint(1, 3)]
            stage_rows.extend(
                StageCompletion(user=user, module=modules[finished], stage=s) for s in started
            )
    StageCompletion.objects.bulk_create(stage_rows)
    ModuleCompletion.objects.bulk_create(module_rows)
    # Those who did every module completed the course, as the real service records it.
    finished = [u for u, n in Counter(r.user_id for r in module_rows).items() if n == len(modules)]
    Enrolment.objects.filter(course=course, user_id__in=finished).update(
        completed_at=F("last_activity_at")
    )
    return cohort, inactive


def _grid_rows(page):
    return page.locator("table.camino-grid tbody tr")


def _percents(page) -> list[int]:
    cells = page.locator("table.camino-grid tbody td.camino-grid__num").all_inner_texts()
    return [int(re.match(r"\s*(\d+)%", text).group(1)) for text in cells]


def _assert_grid_scrolls_inside_its_region(page) -> None:
    """The page itself never scrolls sideways; the grid's region does, and it can be reached
    with the keyboard (tabindex=0, with a name)."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    region = page.get_by_role("region", name=re.compile("^Progress: learners by module"))
    expect(region).to_have_attribute("tabindex", "0")


def _assert_phone_list(page, learners: int, modules: int) -> None:
    """On a phone the table is hidden and each learner is a card listing every module's status
    in words, all of it inside the screen's width."""
    expect(page.locator(".camino-grid-wrap")).to_be_hidden()
    cards = page.locator(".camino-learner-card")
    expect(cards).to_have_count(learners)
    width = page.viewport_size["width"]
    for card in cards.all()[:12]:
        card.scroll_into_view_if_needed()
        items = card.locator(".camino-learner-card__modules li")
        expect(items).to_have_count(modules)
        for n, item in enumerate(items.all(), start=1):
            expect(item).to_be_visible()
            expect(item).to_have_text(
                re.compile(rf"^{n}\. .+: (completed|not started|learn (done|not done), .*)$")
            )
            box = item.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= width, (n, box)
    no_sideways_scroll(page)


def _assert_names_stay_in_view(page) -> None:
    """Scrolled to the far right, the grid still shows each learner's name at its left."""
    region = page.locator(".camino-grid-wrap")
    wide = region.evaluate("el => el.scrollWidth > el.clientWidth")
    if not wide:
        return
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    name = _grid_rows(page).first.locator("th.camino-grid__name")
    name.evaluate("el => el.scrollIntoView({block: 'center', inline: 'nearest'})")
    assert region.evaluate("el => el.scrollLeft") > 0
    box = region.bounding_box()
    name_box = name.bounding_box()
    assert box["x"] - 1 <= name_box["x"] <= box["x"] + 60, (box, name_box)
    # What is drawn at the name's place is the name, not a module cell scrolled under it.
    drawn = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.className || ''",
        [name_box["x"] + name_box["width"] / 2, name_box["y"] + name_box["height"] / 2],
    )
    assert "camino-grid__name" in drawn, drawn


@VIEWPORTS
def test_cohort_of_200_screens(page, live_server, screenshot, viewport, axe):
    accounts, demo_cohort = _demo()
    course = CoursePage.objects.get(pk=demo_cohort.course_id)
    cohort, inactive = _cohort_of_200(course=course, facilitator=accounts[FACILITATOR])
    assert 0 < inactive < LEARNERS
    log_in(page, live_server, FACILITATOR, DEMO_PASSWORD, axe)

    page.goto(live_server.url + "/cohorts/")
    list_row = page.locator("tbody tr", has_text=cohort.name)
    expect(list_row).to_contain_text(str(LEARNERS))
    screenshot("cohort-list")
    list_row.get_by_role("link", name=cohort.name).click()

    # As it opens: by name, the first page of 100.
    expect(page.get_by_role("heading", level=1)).to_have_text(cohort.name)
    expect(page.locator("main p").first).to_contain_text(f"{LEARNERS} learners")
    expect(_grid_rows(page)).to_have_count(GRID_PAGE_SIZE)
    pages = page.get_by_role("navigation", name="Pages of learners")
    expect(pages).to_contain_text(f"Showing learners 1 to {GRID_PAGE_SIZE} of {LEARNERS}.")
    names = _grid_rows(page).locator("th.camino-grid__name").all_text_contents()
    assert names == sorted(names, key=str.lower)
    expect(page.locator("tfoot")).to_contain_text(f"Completed the module (all {LEARNERS})")
    modules = ModulePage.objects.child_of(course).live().count()
    if viewport == PHONE:
        _assert_phone_list(page, GRID_PAGE_SIZE, modules)
        card_names = page.locator(".camino-learner-card__name").all_inner_texts()
        assert card_names == names
        page.evaluate("() => window.scrollTo(0, 0)")
        screenshot("grid-200")
    else:
        expect(page.locator(".camino-grid-cards")).to_be_hidden()
        _assert_grid_scrolls_inside_its_region(page)
        screenshot("grid-200")
        _assert_names_stay_in_view(page)
        screenshot("grid-200-scrolled-right")

    # Sorted by progress, most first, across both pages.
    page.get_by_label("Sort by").select_option("progress")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"sort=progress"))
    expect(_grid_rows(page)).to_have_count(GRID_PAGE_SIZE)
    first_page = _percents(page)
    assert first_page == sorted(first_page, reverse=True)
    assert first_page[0] == 100
    screenshot("grid-200-by-progress")
    pages.get_by_role("link", name=re.compile("Next")).click()
    page.wait_for_url(re.compile(r"sort=progress.*page=2"))
    expect(pages).to_contain_text(f"Showing learners {GRID_PAGE_SIZE + 1} to {LEARNERS}")
    second_page = _percents(page)
    assert len(second_page) == LEARNERS - GRID_PAGE_SIZE
    assert second_page == sorted(second_page, reverse=True)
    assert second_page[0] <= first_page[-1]
    assert second_page[-1] == 0
    screenshot("grid-200-by-progress-page-2")

    # Only those with no activity in the last 7 days.
    page.goto(live_server.url + f"/cohorts/{cohort.pk}/")
    page.get_by_label("No activity in the last … days").fill("7")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"inactive=7"))
    expect(page.locator("main")).to_contain_text(
        f"{inactive} learners with no activity in the last 7 days."
    )
    expect(page.locator("main p").first).to_contain_text(f"{LEARNERS} learners")
    expect(_grid_rows(page)).to_have_count(min(inactive, GRID_PAGE_SIZE))
    activity = _grid_rows(page).locator("td:nth-child(5)").all_text_contents()
    assert not [a for a in activity if re.fullmatch(r"\d+\s(minute|hour|day)s?(, .*)?\sago", a)], (
        "someone active in the last 7 days is listed as inactive"
    )
    expect(page.get_by_role("link", name="Clear")).to_be_visible()
    screenshot("grid-200-inactive-7")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone-390"])
def test_demo_grid_on_a_phone_shows_who_has_stalled_and_the_settings(
    page, live_server, screenshot, viewport, axe
):
    """The demo cohort on a 390px phone: a list, not a 1,120px table; Jordan Reid has stalled;
    the facilitator changes when a learner counts as stalled on the settings page."""
    accounts, cohort = _demo()
    modules = ModulePage.objects.child_of(cohort.course).live().count()
    log_in(page, live_server, FACILITATOR, DEMO_PASSWORD, axe)

    page.goto(live_server.url + f"/cohorts/{cohort.pk}/")
    _assert_phone_list(page, 3, modules)
    jordan = page.locator(".camino-learner-card").filter(has_text="Jordan Reid")
    expect(jordan.locator(".camino-learner-card__status")).to_have_text(
        re.compile(r"In progress\s+Stalled no activity for 2\d days")
    )
    expect(jordan.locator(".camino-learner-card__modules li").first).to_contain_text(
        ": learn done, do not done, reflect not done, share not done"
    )
    expect(page.locator("main")).to_contain_text("1 learner has stalled")
    screenshot("grid-phone")

    page.get_by_role("link", name="Show only stalled learners").click()
    page.wait_for_url(re.compile(r"show=stalled"))
    expect(page.locator(".camino-learner-card")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("1 learner has stalled.")
    no_sideways_scroll(page)
    screenshot("grid-phone-stalled")

    page.get_by_role("link", name="Cohort settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort settings")
    days = page.get_by_label("Stalled after this many days without activity")
    expect(days).to_have_value("14")
    no_sideways_scroll(page)
    screenshot("settings-phone")

    days.fill("abc")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter a whole number of days from 1 to 365"
    )
    expect(days).to_have_value("abc")
    no_sideways_scroll(page)
    screenshot("settings-phone-error")

    days.fill("30")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cohort.name)
    expect(page.locator("main")).to_contain_text("Nobody has stalled")
    expect(page.locator(".camino-stalled")).to_have_count(0)
    screenshot("grid-phone-after-settings")
