"""The facilitator's journey, end to end: log in, open the cohort, find a learner in the
progress grid with the right stage statuses (in words, not colour), look at learners' pages and
the cohort's self-assessment view, read the reflection the learner shared and comment on it,
download the progress CSV and read it, send the learner a reminder, and invite someone new.

The learner is where the learner's journey (test_learner_journey.py) leaves her after the
first module: she joined the demo cohort, did all four stages of module 1 (sharing her
reflection) and Learn in module 2. Her steps are recorded here through the same services the
site's views call, so this journey starts from that point without repeating hers.

Every page is photographed and checked with axe-core, on a desktop and on a 390 px wide phone,
with no exclusions.
"""

import csv
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from camino.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from camino.notifications.services import emails_held
from cohorts.demo import demo_cohorts_ensure
from cohorts.models import Invitation, Membership, Nudge
from cohorts.services import cohort_join
from learning.demo import demo_learning_ensure
from learning.models import CoursePage, ModulePage, SelfAssessmentConsent, Stage
from learning.services import stage_complete
from reflections.demo import demo_journal_ensure
from reflections.models import Comment
from reflections.services import entry_create, entry_share
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, no_sideways_scroll
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    # live_server needs committed data; serialized_rollback brings back Wagtail's root page.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACILITATOR = "facilitator@example.org"
LEARNER = "zoe@example.org"
NAME = "Zoë Ångström"
TITLE = "Asking what matters first"
SENTENCE = "Maya rewrote the first line of the leaflet and the whole ward read it differently."
COMMENT = "Thank you, Zoë. What did Maya say when she saw the leaflet printed?"
NEW_EMAIL = "new.person@example.org"
BOM = b"\xef\xbb\xbf"
URL = re.compile(r"https?://\S+")


def _grid_row(page, name: str):
    return page.locator("table.camino-grid tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def _assert_grid_scrolls_inside_its_region(page) -> None:
    """The page itself never scrolls sideways; the grid's region does, and it can be reached
    with the keyboard (tabindex=0, with a name)."""
    no_sideways_scroll(page)
    region = page.get_by_role("region", name=re.compile("^Progress: learners by module"))
    expect(region).to_have_attribute("tabindex", "0")


def _assert_names_stay_in_view(page) -> None:
    """Scrolled to the far right, the grid still shows each learner's name at its left."""
    region = page.locator(".camino-grid-wrap")
    if not region.evaluate("el => el.scrollWidth > el.clientWidth"):
        return
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    name = page.locator("table.camino-grid tbody tr").first.locator("th.camino-grid__name")
    name.evaluate("el => el.scrollIntoView({block: 'center', inline: 'nearest'})")
    assert region.evaluate("el => el.scrollLeft") > 0
    box, name_box = region.bounding_box(), name.bounding_box()
    assert box["x"] - 1 <= name_box["x"] <= box["x"] + 60, (box, name_box)
    # What is drawn at the name's place is the name, not a module cell scrolled under it.
    drawn = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.className || ''",
        [name_box["x"] + name_box["width"] / 2, name_box["y"] + name_box["height"] / 2],
    )
    assert "camino-grid__name" in drawn, drawn


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-390"])
def test_facilitator_follows_a_learner_reads_comments_exports_and_reminds(
    page, live_server, mailoutbox, shoot, console_errors, viewport, settings, axe, tmp_path
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # links in emails
    with emails_held():  # as `load_demo_data` does: the demo's history emails nobody
        demo_home_ensure()
        accounts = demo_accounts_ensure()
        demo_learning_ensure(accounts=accounts)
        cohort = demo_cohorts_ensure(accounts=accounts)
        demo_journal_ensure(accounts=accounts)
    course = CoursePage.objects.get(pk=cohort.course_id)
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    first, second = modules[:2]

    # Zoë, where the learner's journey leaves her after module 1.
    zoe = UserFactory(email=LEARNER, name=NAME)
    cohort_join(cohort=cohort, user=zoe)
    stage_complete(user=zoe, module=first, stage=Stage.LEARN)
    stage_complete(user=zoe, module=first, stage=Stage.DO, note="Asked two people first.")
    entry = entry_create(owner=zoe, title=TITLE, body=f"<p>{SENTENCE}</p>", module=first)
    entry_share(entry=entry, cohort=cohort, by=zoe)
    stage_complete(user=zoe, module=second, stage=Stage.LEARN)
    members = Membership.objects.filter(cohort=cohort, ended_at=None).select_related("user")
    success = page.locator(".nhsuk-notification-banner--success")

    # --- log in, open the cohort -------------------------------------------------------------
    log_in(page, live_server, FACILITATOR, DEMO_PASSWORD, axe)
    page.get_by_role("banner").get_by_role("link", name="Cohorts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorts")
    list_row = page.locator("tbody tr", has_text=cohort.name)
    expect(list_row).to_contain_text(f"{members.count()} of {cohort.capacity}")
    shoot(page, "cohort-list")
    list_row.get_by_role("link", name=cohort.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cohort.name)
    expect(page.locator("main")).to_contain_text(
        f"{members.count()} learners of {cohort.capacity} places"
    )
    expect(page.locator("main")).to_contain_text("Facilitated by Priya Natarajan")
    cohort_url = page.url

    # --- Zoë in the grid: her stages, in words -----------------------------------------------
    required = sum(1 for m in modules if m.is_required)
    if viewport is DESKTOP:
        rows = page.locator("table.camino-grid tbody tr")
        expect(rows).to_have_count(members.count())
        row = _grid_row(page, NAME)
        expect(row).to_have_count(1)
        expect(row.locator("td.camino-grid__num")).to_contain_text(f"{round(100 / required)}%")
        expect(row).to_contain_text("In progress")
        cells = row.locator("td.camino-grid__cell")
        expect(cells).to_have_count(len(modules))
        # A completed module says so in a word anyone can see; the others spell out each stage
        # for screen readers, beside the letters L D R S that sighted people read.
        expect(cells.nth(0)).to_have_text("Done: all stages")
        expect(cells.nth(1)).to_contain_text(
            "Learn done, Do not done, Reflect not done, Share not done"
        )
        for n in range(2, len(modules)):
            expect(cells.nth(n)).to_contain_text(
                "Learn not done, Do not done, Reflect not done, Share not done"
            )
        expect(cells.nth(1).locator(".camino-stage-mark")).to_have_text(["L", "D", "R", "S"])
        _assert_grid_scrolls_inside_its_region(page)
        row.scroll_into_view_if_needed()
        shoot(page, "grid")
        _assert_names_stay_in_view(page)
        shoot(page, "grid-scrolled-right")
    else:
        # On a phone, no table to swipe: a card per learner, every module in words.
        expect(page.locator("table.camino-grid")).to_be_hidden()
        cards = page.locator(".camino-learner-card")
        expect(cards).to_have_count(members.count())
        row = cards.filter(has=page.get_by_role("link", name=NAME, exact=True))
        expect(row).to_contain_text("In progress")
        expect(row).to_contain_text(f"1 of {required} required modules")
        module_lines = row.locator(".camino-learner-card__modules li")
        expect(module_lines).to_have_count(len(modules))
        expect(module_lines.nth(0)).to_have_text(f"1. {modules[0].title}: completed")
        expect(module_lines.nth(1)).to_have_text(
            f"2. {modules[1].title}: learn done, do not done, reflect not done, share not done"
        )
        for n in range(2, len(modules)):
            expect(module_lines.nth(n)).to_have_text(f"{n + 1}. {modules[n].title}: not started")
        no_sideways_scroll(page)
        row.scroll_into_view_if_needed()
        shoot(page, "grid-cards")

    # --- learners' pages, and the cohort's self-assessments ----------------------------------
    row.get_by_role("link", name=NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    stages = page.get_by_role("table", name="Stages done in each module")
    expect(stages.locator("tbody tr")).to_have_count(len(modules))
    expect(stages.locator("tbody tr").nth(0).locator("td")).to_have_text(["Done"] * 4)
    expect(stages.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["Done", "Not yet", "Not yet", "Not yet"]
    )
    expect(page.locator("main")).to_contain_text(f"{NAME} keeps their self-assessment private")
    expect(page.locator("main")).to_contain_text(TITLE)  # what she shared
    no_sideways_scroll(page)
    shoot(page, "learner-zoe")

    page.go_back()
    page.get_by_role("link", name="Siân Llŷr", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siân Llŷr")
    expect(page.get_by_role("table", name=re.compile("^Average rating by theme"))).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, "learner-sian-with-self-assessment")

    page.goto(cohort_url)
    page.get_by_role("link", name="Self-assessment across the cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Self-assessment across the cohort")
    consenting = SelfAssessmentConsent.objects.filter(
        user__in=[m.user for m in members], facilitators_may_see=True
    ).count()
    assert 0 < consenting < members.count()
    expect(page.locator("main")).to_contain_text(
        f"{consenting} of {members.count()} learners let facilitators see their self-assessments"
    )
    shoot(page, "cohort-self-assessment")

    # --- read what Zoë shared, and comment ---------------------------------------------------
    page.goto(cohort_url)
    feed = page.get_by_role("region", name="Shared with the cohort")
    item = feed.locator(".camino-feed__item").filter(has_text=TITLE)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(NAME)
    item.scroll_into_view_if_needed()
    shoot(page, "cohort-feed")
    item.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"{live_server.url}/journal/{entry.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text(f"Shared by {NAME}")
    expect(page.locator(".camino-journal-body")).to_contain_text(SENTENCE)
    # The facilitator reads; editing, sharing and deleting are the owner's alone.
    expect(page.get_by_role("link", name=re.compile("^Edit"))).to_have_count(0)
    shoot(page, "reads-shared-reflection")
    page.get_by_label("Add a comment").fill(COMMENT)
    page.get_by_role("button", name="Send comment").click()
    expect(success).to_contain_text("Your comment is added.")
    comments = page.locator(".camino-comment")
    expect(comments).to_have_count(1)
    expect(comments.first).to_contain_text(COMMENT)
    expect(comments.first).to_contain_text("(facilitator)")
    assert Comment.objects.get(share__entry=entry).author == accounts[FACILITATOR]
    shoot(page, "commented")

    # --- the progress CSV --------------------------------------------------------------------
    page.goto(cohort_url)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download progress (CSV)").click()
    download = downloading.value
    assert re.fullmatch(r"spring-cohort-progress-\d{4}-\d\d-\d\d\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(BOM), "no byte-order mark: spreadsheets garble names"
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == [
        "Name",
        "Email",
        "Last activity",
        "Required modules completed",
        "Progress (%)",
        "Status",
        *[m.title for m in modules],
    ]
    by_email = {line[1]: line for line in table[1:]}
    assert set(by_email) == {m.user.email for m in members}
    line = by_email[LEARNER]
    assert line[0] == NAME
    assert line[3:6] == ["1", str(round(100 / required)), "In progress"]
    assert line[6:] == ["Completed", "Done: Learn"] + ["Not started"] * (len(modules) - 2)

    # --- a reminder --------------------------------------------------------------------------
    # The table's tick box on a desktop, the card's on a phone: the one that can be seen.
    remind = page.get_by_label(f"Remind {NAME}", exact=True).filter(visible=True)
    remind.check()
    expect(remind).to_be_checked()
    shoot(page, "reminder-ticked")
    sent_before = len(mail.outbox)
    page.get_by_role("button", name="Send a reminder to the learners you ticked").click()
    expect(success).to_contain_text(f"Reminder sent to {NAME}.")
    shoot(page, "reminder-sent")
    reminders = mail.outbox[sent_before:]
    assert [(m.to, m.subject) for m in reminders] == [
        ([LEARNER], f"[Camino] A reminder from Priya Natarajan: your next step is {second.title}")
    ]
    body = reminders[0].body
    assert f"Hello {NAME}" in body
    assert f"Priya Natarajan from {cohort.name} sent you a friendly reminder." in body
    assert second.url in [urlsplit(u).path for u in URL.findall(body)], body
    assert Nudge.objects.filter(cohort=cohort, learner=zoe).count() == 1

    # --- invite someone new ------------------------------------------------------------------
    page.get_by_role("link", name="Invite learners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite learners")
    page.get_by_label("Email addresses").fill(NEW_EMAIL)
    shoot(page, "invitation-form")
    page.get_by_role("button", name="Send invitations").click()
    expect(success).to_contain_text("1 invitation sent.")
    expect(page.locator("table.nhsuk-table tr").filter(has_text=NEW_EMAIL)).to_contain_text(
        "Waiting"
    )
    shoot(page, "invitation-sent")
    invitation = Invitation.objects.get(cohort=cohort, email=NEW_EMAIL)
    assert [m.subject for m in mail.outbox if m.to == [NEW_EMAIL]] == [
        f"[Camino] You are invited to join {cohort.name}"
    ]
    assert f"/join/{cohort.join_code}/?invitation={invitation.token}" in mail.outbox[-1].body
    assert console_errors == []
