"""The facilitator's dashboard: the grid, a learner's page, the framework view, the CSV export,
reminders, the panels later plugins add, the Wagtail admin viewset and the member view."""

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone
from wagtail import hooks

from cohorts import services
from cohorts.models import Cohort, Nudge
from cohorts.selectors import GRID_PAGE_SIZE
from learning.models import Enrolment
from learning.services import self_assessment_consent_set, self_assessment_record
from tests.cohorts.helpers import (
    bulk_members,
    buttons,
    complete_stages,
    csv_rows,
    download,
    grid_rows,
    page_text,
    set_last_activity,
)

NOT_STARTED = "Learn not done, Do not done, Reflect not done, Share not done"


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", fragment, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def grid(response) -> list[dict]:
    """Each learner row as a person (or a screen reader) reads it."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r'<th scope="row" class="camino-grid__name"><a href="([^"]+)">', tr)
        if name is None:
            continue
        cells = [text_of(td) for td in re.findall(r"<td\b[^>]*>(.*?)</td>", tr, re.S)]
        rows.append(
            {
                "name": text_of(re.search(r'<th scope="row".*?</th>', tr, re.S).group(0)),
                "link": name.group(1),
                "status": cells[1],
                "progress": cells[2],
                "last_activity": cells[3],
                "modules": cells[4:],
            }
        )
    return rows


def footer_percents(response) -> list[str]:
    html = response.content.decode()
    foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S)
    assert foot, "no totals row"
    return re.findall(r'<td class="camino-grid__num">(\d+%)</td>', foot.group(1))


@pytest.fixture
def class_of_four(make_user, member, cohort, course):
    """Four learners at different points, with distinct last-activity times.

    | learner      | progress                   | last activity |
    | Amara Okafor | nothing                    | 3 days ago    |
    | Ben Baker    | Learn in module 1          | 1 day ago     |
    | Cara Cole    | module 1 complete          | 10 days ago   |
    | Zoe Young    | modules 1 and 2 complete   | now           |
    """
    m1, m2 = course.test_modules[:2]
    ben = make_user(email="ben@example.org", name="Ben Baker")
    cara = make_user(email="cara@example.org", name="Cara Cole")
    zoe = make_user(email="zoe@example.org", name="Zoe Young")
    for user in (ben, cara, zoe):
        services.cohort_join(cohort=cohort, user=user)
    complete_stages(ben, m1, stages=("learn",))
    complete_stages(cara, m1)
    complete_stages(zoe, m1)
    complete_stages(zoe, m2, stages=("learn", "do", "reflect", "share"))
    now = timezone.now()
    set_last_activity(member, course, now - timedelta(days=3))
    set_last_activity(ben, course, now - timedelta(days=1))
    set_last_activity(cara, course, now - timedelta(days=10))
    return {"amara": member, "ben": ben, "cara": cara, "zoe": zoe}


# --- the grid -----------------------------------------------------------------------------------


def test_grid_shows_each_learner_by_module_in_words(
    client, facilitator, cohort, course, class_of_four
):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/")

    assert response.status_code == 200
    text = page_text(response)
    assert "4 learners · 14 Sep 2026 to 26 Mar 2027 · Facilitated by Fiona Facilitator" in text
    html = response.content.decode()
    module_headers = re.findall(
        r'<th scope="col" class="camino-grid__module"><span title="([^"]+)">', html
    )
    assert module_headers == [m.title for m in course.test_modules]
    rows = {row["name"]: row for row in grid(response)}
    assert rows["Amara Okafor"] == {
        "name": "Amara Okafor",
        "link": f"/cohorts/{cohort.pk}/learners/{class_of_four['amara'].pk}/",
        "status": "Not started",
        "progress": "0% (0 required modules)",
        "last_activity": "3 days ago",
        "modules": [NOT_STARTED] * 4,
    }
    assert rows["Ben Baker"]["modules"][0] == (
        "Learn done, Do not done, Reflect not done, Share not done"
    )
    assert rows["Ben Baker"]["last_activity"] == "1 day ago"
    assert rows["Cara Cole"]["progress"] == "25% (1 required module)"
    assert rows["Cara Cole"]["status"] == "In progress"
    assert rows["Cara Cole"]["modules"] == ["Done: all stages"] + [NOT_STARTED] * 3
    assert rows["Cara Cole"]["last_activity"] == "1 week, 3 days ago"
    assert rows["Zoe Young"]["progress"] == "50% (2 required modules)"
    assert rows["Zoe Young"]["status"] == "In progress"
    assert rows["Zoe Young"]["modules"][:2] == ["Done: all stages", "Done: all stages"]
    assert rows["Zoe Young"]["last_activity"] == "just now"
    assert "Completed the module (all 4)" in text
    assert footer_percents(response) == ["50%", "25%", "0%", "0%"]


def test_grid_reads_as_a_table_with_row_and_column_headers(client, facilitator, cohort, member):
    client.force_login(facilitator)

    html = client.get(f"/cohorts/{cohort.pk}/").content.decode()

    assert '<caption id="grid-caption"' in html
    assert '<th scope="col" class="camino-grid__name">Learner</th>' in html
    assert re.search(r'<th scope="row" class="camino-grid__name"><a [^>]+>Amara Okafor</a>', html)
    assert 'aria-hidden="true">L</span>' in html, "the letters are hidden from screen readers"
    assert '<span class="nhsuk-u-visually-hidden">Remind Amara Okafor</span>' in html


def test_learners_who_left_are_not_in_the_grid(client, facilitator, cohort, class_of_four):
    services.membership_end(
        membership=class_of_four["ben"].cohort_memberships.get(cohort=cohort),
        ended_by=facilitator,
    )
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/")

    assert grid_rows(response) == ["Amara Okafor", "Cara Cole", "Zoe Young"]
    assert "3 learners" in page_text(response)
    assert footer_percents(response) == ["67%", "33%", "0%", "0%"]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["Amara Okafor", "Ben Baker", "Cara Cole", "Zoe Young"]),
        ("name", ["Amara Okafor", "Ben Baker", "Cara Cole", "Zoe Young"]),
        ("progress", ["Zoe Young", "Cara Cole", "Amara Okafor", "Ben Baker"]),
        ("progress-asc", ["Amara Okafor", "Ben Baker", "Cara Cole", "Zoe Young"]),
        ("activity", ["Cara Cole", "Amara Okafor", "Ben Baker", "Zoe Young"]),
        ("nonsense", ["Amara Okafor", "Ben Baker", "Cara Cole", "Zoe Young"]),
    ],
)
def test_sorting_changes_the_order_of_rows(client, facilitator, cohort, class_of_four, sort, order):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/", {"sort": sort})

    assert response.status_code == 200
    assert grid_rows(response) == order


def test_inactive_filter_shows_only_learners_quiet_for_that_long(
    client, facilitator, cohort, course, class_of_four
):
    client.force_login(facilitator)

    two_days = client.get(f"/cohorts/{cohort.pk}/", {"inactive": 2})
    week = client.get(f"/cohorts/{cohort.pk}/", {"inactive": 7, "sort": "progress"})

    assert grid_rows(two_days) == ["Amara Okafor", "Cara Cole"]
    assert "2 learners with no activity in the last 2 days." in page_text(two_days)
    assert grid_rows(week) == ["Cara Cole"]
    assert "1 learner with no activity in the last 7 days." in page_text(week)
    assert "Completed the module (all 4)" in page_text(week), "totals still cover everyone"


def test_inactive_filter_counts_never_active_as_inactive_and_says_when_nobody_is(
    client, facilitator, cohort, course, class_of_four
):
    client.force_login(facilitator)

    everyone_active = client.get(f"/cohorts/{cohort.pk}/", {"inactive": 30})
    Enrolment.objects.filter(user=class_of_four["zoe"]).update(last_activity_at=None)
    never = client.get(f"/cohorts/{cohort.pk}/", {"inactive": 30})

    assert grid_rows(everyone_active) == []
    assert "Everyone has been active in the last 30 days." in page_text(everyone_active)
    assert grid_rows(never) == ["Zoe Young"]
    assert "None yet" in [row["last_activity"] for row in grid(never)]


def test_empty_cohort_invites_the_facilitator_to_invite(client, facilitator, cohort):
    client.force_login(facilitator)

    text = page_text(client.get(f"/cohorts/{cohort.pk}/"))

    assert "0 learners" in text
    assert "No learners yet. Invite learners or share the join link." in text


def test_grid_pages_through_more_than_a_page_of_learners(client, facilitator, cohort):
    bulk_members(cohort, GRID_PAGE_SIZE + 1, progress=True)
    client.force_login(facilitator)

    first = client.get(f"/cohorts/{cohort.pk}/")
    second = client.get(f"/cohorts/{cohort.pk}/", {"page": 2})

    assert len(grid_rows(first)) == GRID_PAGE_SIZE
    assert grid_rows(first)[0] == "Learner 0000"
    assert grid_rows(second) == [f"Learner {GRID_PAGE_SIZE:04d}"]
    assert f"Showing learners 1 to {GRID_PAGE_SIZE} of {GRID_PAGE_SIZE + 1}." in page_text(first)
    assert "Next: page 2" in page_text(first)
    assert "Previous: page 1" in page_text(second)
    assert f"Completed the module (all {GRID_PAGE_SIZE + 1})" in page_text(second)
    assert footer_percents(second) == ["0%", "100%", "0%", "0%"]
    assert grid(second)[0]["modules"][:2] == [
        "Learn done, Do done, Reflect not done, Share not done",
        "Done: all stages",
    ]


def test_pagination_links_keep_the_sort_and_filter(client, facilitator, cohort):
    bulk_members(cohort, GRID_PAGE_SIZE + 1)
    Enrolment.objects.update(last_activity_at=timezone.now() - timedelta(days=5))
    client.force_login(facilitator)

    first = client.get(f"/cohorts/{cohort.pk}/", {"sort": "name", "inactive": 1})
    second = client.get(f"/cohorts/{cohort.pk}/", {"sort": "name", "inactive": 1, "page": 2})

    assert 'href="?sort=name&amp;inactive=1&amp;page=2"' in first.content.decode()
    assert 'href="?sort=name&amp;inactive=1&amp;page=1"' in second.content.decode()


# --- a learner's page ---------------------------------------------------------------------------


def test_learner_page_shows_progress_over_time_and_stages(
    client, facilitator, cohort, course, class_of_four
):
    zoe = class_of_four["zoe"]
    m1, m2 = course.test_modules[:2]
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/learners/{zoe.pk}/")

    assert response.status_code == 200
    text = page_text(response)
    assert "Zoe Young" in text
    assert "Email zoe@example.org" in text
    assert "2 of 4 modules completed" in text
    completions = re.findall(r"</time>: completed ([^<]+)</li>", response.content.decode())
    assert completions == [m1.title, m2.title]
    stages = re.findall(
        r'<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">([^<]+)</th>'
        r"(.*?)</tr>",
        response.content.decode(),
    )
    as_words = {title: re.findall(r"Done|Not yet", cells) for title, cells in stages}
    assert as_words[m1.title] == ["Done", "Done", "Done", "Not yet"]
    assert as_words[m2.title] == ["Done", "Done", "Done", "Done"]
    assert as_words[course.test_modules[2].title] == ["Not yet"] * 4
    assert "No reminders sent." in text


def rate(user, course, levels):
    caps = course.test_capabilities
    return self_assessment_record(
        user=user,
        framework=course.framework,
        ratings=dict(zip([c.id for c in caps], levels, strict=True)),
    )


def test_learner_self_assessment_is_hidden_without_consent(
    client, facilitator, cohort, course, member
):
    rate(member, course, [4, 4, 4])
    self_assessment_consent_set(user=member, allowed=False)
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/")

    text = page_text(response)
    assert "Amara Okafor keeps their self-assessment private." in text
    assert "Average rating by theme" not in text
    assert "4.0" not in text


def test_learner_self_assessment_is_shown_with_consent(client, facilitator, cohort, course, member):
    rate(member, course, [1, 2, 3])
    rate(member, course, [3, 4, 4])
    self_assessment_consent_set(user=member, allowed=True)
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/")

    text = page_text(response)
    assert "keeps their self-assessment private" not in text
    assert "Average rating by theme (1 to 4) Theme Baseline Latest Being 2.0 3.7" in text


def test_learner_who_consented_but_has_not_rated_says_so(client, facilitator, cohort, member):
    self_assessment_consent_set(user=member, allowed=True)
    client.force_login(facilitator)

    text = page_text(client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/"))

    assert "Amara Okafor has not rated themselves yet." in text


# --- the framework view -------------------------------------------------------------------------


def test_framework_view_is_withheld_until_three_have_consented_and_rated(
    client, facilitator, cohort, course, class_of_four
):
    amara, ben, cara = class_of_four["amara"], class_of_four["ben"], class_of_four["cara"]
    for user in (amara, ben, cara):
        self_assessment_consent_set(user=user, allowed=True)
    rate(amara, course, [1, 1, 1])
    rate(ben, course, [2, 2, 2])  # Cara consented but has not rated
    rate(class_of_four["zoe"], course, [4, 4, 4])  # Zoe rated but did not consent
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/framework/")

    text = page_text(response)
    assert response.status_code == 200
    assert (
        "3 of 4 learners let facilitators see their self-assessments; "
        "2 of them have rated themselves."
    ) in text
    assert "Cohort averages appear once at least 3 learners" in text
    assert "<table" not in response.content.decode().split("<main", 1)[1]
    assert "Being" not in text.split("Self-assessment across the cohort", 1)[1]


def test_framework_view_averages_baseline_and_latest_of_consenting_learners(
    client, facilitator, cohort, course, class_of_four
):
    amara, ben, cara = class_of_four["amara"], class_of_four["ben"], class_of_four["cara"]
    for user in (amara, ben, cara):
        self_assessment_consent_set(user=user, allowed=True)
    rate(amara, course, [1, 1, 1])
    rate(amara, course, [3, 3, 3])
    rate(ben, course, [2, 2, 2])  # one snapshot: baseline and latest alike
    rate(cara, course, [1, 2, 3])
    rate(cara, course, [2, 2, 2])
    rate(cara, course, [4, 4, 4])  # the middle snapshot counts for neither
    rate(class_of_four["zoe"], course, [4, 4, 4])  # no consent: left out
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/framework/")

    text = page_text(response)
    assert "Average rating by theme (3 learners)" in text
    # baseline (1+1+1 + 2+2+2 + 1+2+3) / 9 = 1.7; latest (3*3 + 2*3 + 4*3) / 9 = 3.0
    assert "Theme Baseline Latest Change Being 1.7 3.0 Up" in text


# --- the CSV export -----------------------------------------------------------------------------


def test_export_is_a_utf8_csv_attachment_with_bom_header_and_rows(
    client, facilitator, cohort, course, class_of_four
):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="spring-cohort-progress-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    body = download(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "Email",
        "Last activity",
        "Required modules completed",
        "Progress (%)",
        "Status",
    ] + [m.title for m in course.test_modules]
    assert [r[0] for r in rows[1:]] == ["Amara Okafor", "Ben Baker", "Cara Cole", "Zoe Young"]
    by_email = {r[1]: r for r in rows[1:]}
    cara_activity = timezone.localtime(
        Enrolment.objects.get(user=class_of_four["cara"]).last_activity_at
    )
    assert by_email["cara@example.org"][2:] == [
        cara_activity.strftime("%Y-%m-%d %H:%M"),
        "1",
        "25",
        "In progress",
        "Completed",
        "Not started",
        "Not started",
        "Not started",
    ]
    assert by_email["ben@example.org"][6] == "Done: Learn"
    assert by_email["zoe@example.org"][3:8] == ["2", "50", "In progress", "Completed", "Completed"]


@pytest.mark.parametrize(
    ("name", "in_the_file"),
    [
        (
            '=HYPERLINK("http://evil.example","Click")',
            '\'=HYPERLINK("http://evil.example","Click")',
        ),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Zoë O'Neil", "Zoë O'Neil"),
    ],
)
def test_export_neutralises_cells_a_spreadsheet_would_run(
    client, facilitator, cohort, make_user, name, in_the_file
):
    services.cohort_join(cohort=cohort, user=make_user(email="tricky@example.org", name=name))
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/export.csv")

    rows = csv_rows(response)
    assert rows[1][:2] == [in_the_file, "tricky@example.org"]


def test_export_includes_every_learner_beyond_the_first_page(client, facilitator, cohort):
    bulk_members(cohort, GRID_PAGE_SIZE + 5)
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/export.csv")

    rows = csv_rows(response)
    assert len(rows) == 1 + GRID_PAGE_SIZE + 5
    assert rows[-1][0] == f"Learner {GRID_PAGE_SIZE + 4:04d}"


# --- reminders ----------------------------------------------------------------------------------


def remind(client, cohort, *learners, capture):
    with capture(execute=True):
        return client.post(
            f"/cohorts/{cohort.pk}/reminders/", {"learners": [u.pk for u in learners]}, follow=True
        )


def test_reminder_emails_a_link_to_the_next_step_and_is_logged(
    client, facilitator, cohort, course, member, django_capture_on_commit_callbacks
):
    m1, m2 = course.test_modules[:2]
    complete_stages(member, m1)
    client.force_login(facilitator)

    response = remind(client, cohort, member, capture=django_capture_on_commit_callbacks)

    assert response.redirect_chain[-1][0] == f"/cohorts/{cohort.pk}/"
    assert "Reminder sent to Amara Okafor." in page_text(response)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["learner@example.org"]
    assert email.subject == (
        f"[Camino] A reminder from Fiona Facilitator: your next step is {m2.title}"
    )
    assert "Fiona Facilitator from Spring cohort sent you a friendly reminder." in email.body
    assert re.search(rf"^https?://\S+{re.escape(m2.url)}$", email.body, re.M), email.body
    nudge = Nudge.objects.get()
    assert (nudge.learner, nudge.sent_by, nudge.cohort) == (member, facilitator, cohort)
    assert nudge.emailed_at is not None

    page = page_text(client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/"))
    assert f'reminder about "{m2.title}" from Fiona Facilitator (emailed)' in page
    assert "No reminders sent." not in page


def test_second_reminder_within_a_day_is_skipped_and_says_so(
    client, facilitator, cohort, member, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    remind(client, cohort, member, capture=django_capture_on_commit_callbacks)

    again = remind(client, cohort, member, capture=django_capture_on_commit_callbacks)

    assert "Not sent to Amara Okafor: already reminded in the last 24 hours." in page_text(again)
    assert len(mail.outbox) == 1
    assert Nudge.objects.count() == 1

    Nudge.objects.update(created_at=timezone.now() - timedelta(hours=25))
    next_day = remind(client, cohort, member, capture=django_capture_on_commit_callbacks)

    assert "Reminder sent to Amara Okafor." in page_text(next_day)
    assert len(mail.outbox) == 2
    assert Nudge.objects.count() == 2


def test_reminder_to_someone_outside_the_cohort_does_nothing(
    client, facilitator, cohort, other_cohort, make_user, member, django_capture_on_commit_callbacks
):
    outsider = make_user(email="out@example.org", name="Olu Outsider")
    services.cohort_join(cohort=other_cohort, user=outsider)
    client.force_login(facilitator)

    alone = remind(client, cohort, outsider, capture=django_capture_on_commit_callbacks)
    mixed = remind(client, cohort, member, outsider, capture=django_capture_on_commit_callbacks)

    assert "Choose at least one learner to remind." in page_text(alone)
    assert "Reminder sent to Amara Okafor." in page_text(mixed)
    assert [m.to for m in mail.outbox] == [["learner@example.org"]]
    assert list(Nudge.objects.values_list("learner__email", flat=True)) == ["learner@example.org"]


def test_reminder_to_learner_who_finished_is_not_sent_and_says_why(
    client, facilitator, cohort, course, member, django_capture_on_commit_callbacks
):
    """Finishing the course left them with no next step: the old reminder named the course
    they had just completed as their "next step"."""
    for module in course.test_modules:
        complete_stages(member, module)
    assert Enrolment.objects.get(user=member, course=course).completed_at is not None
    client.force_login(facilitator)

    response = remind(client, cohort, member, capture=django_capture_on_commit_callbacks)

    text = page_text(response)
    assert "Not sent to Amara Okafor: they have finished the course." in text
    assert "Reminder sent" not in text
    assert mail.outbox == []
    assert not Nudge.objects.exists()


# --- panels from later plugins ------------------------------------------------------------------


def test_cohort_panels_hook_adds_to_the_facilitator_and_member_pages(
    client, facilitator, cohort, member
):
    def panel(request, cohort, role):
        return f'<section id="test-panel">Shared feed of {cohort.name} for a {role}</section>'

    with hooks.register_temporarily("cohorts_cohort_panels", panel):
        client.force_login(facilitator)
        as_facilitator = client.get(f"/cohorts/{cohort.pk}/").content.decode()
        client.force_login(member)
        as_member = client.get(f"/cohorts/{cohort.pk}/").content.decode()
    client.force_login(facilitator)
    without = client.get(f"/cohorts/{cohort.pk}/").content.decode()

    assert (
        '<section id="test-panel">Shared feed of Spring cohort for a facilitator</section>'
        in as_facilitator
    )
    assert '<section id="test-panel">Shared feed of Spring cohort for a member</section>' in (
        as_member
    )
    assert "test-panel" not in without


def test_learner_panels_hook_adds_to_the_learner_page(client, facilitator, cohort, member):
    def panel(request, cohort, learner, role):
        return f'<section id="shared-by">Shared by {learner.name} in {cohort.name}</section>'

    def nothing(**kwargs):
        return None

    with (
        hooks.register_temporarily("cohorts_learner_panels", panel),
        hooks.register_temporarily("cohorts_learner_panels", nothing),
    ):
        client.force_login(facilitator)
        html = client.get(f"/cohorts/{cohort.pk}/learners/{member.pk}/").content.decode()

    assert '<section id="shared-by">Shared by Amara Okafor in Spring cohort</section>' in html
    assert "None" not in page_text_of(html)


def page_text_of(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


# --- the Wagtail admin viewset ------------------------------------------------------------------


def admin_listing(response) -> list[str]:
    return [
        " ".join(title.split())
        for title in re.findall(
            r'<td class="title">.*?<a href="/admin/cohorts/edit/\d+/">(.*?)</a>',
            response.content.decode(),
            re.S,
        )
    ]


@pytest.fixture
def archived_cohort(course):
    return Cohort.objects.create(
        name="Winter cohort",
        course=course,
        starts_on=date(2025, 1, 6),
        status=Cohort.Status.ARCHIVED,
    )


def test_programme_admin_lists_searches_and_filters_cohorts_in_the_admin(
    client, programme_admin, cohort, other_cohort, archived_cohort
):
    client.force_login(programme_admin)

    everything = client.get("/admin/cohorts/")
    searched = client.get("/admin/cohorts/", {"q": "autumn"})
    by_code = client.get("/admin/cohorts/", {"q": cohort.join_code})
    archived = client.get("/admin/cohorts/", {"status": "archived"})

    assert everything.status_code == 200
    assert admin_listing(everything) == ["Autumn cohort", "Spring cohort", "Winter cohort"]
    assert admin_listing(searched) == ["Autumn cohort"]
    assert admin_listing(by_code) == ["Spring cohort"]
    assert admin_listing(archived) == ["Winter cohort"]


def test_programme_admin_creates_a_cohort_with_facilitators_in_the_admin(
    client, programme_admin, course, facilitator
):
    client.force_login(programme_admin)

    response = client.post(
        "/admin/cohorts/new/",
        {
            "name": "Summer cohort",
            "course": course.pk,
            "facilitators": [facilitator.pk],
            "starts_on": "2027-06-01",
            "ends_on": "",
            "status": "active",
            "capacity": "20",
            "stalled_after_days": "21",
        },
    )

    assert response.status_code == 302, page_text(response)
    created = Cohort.objects.get(name="Summer cohort")
    assert list(created.facilitators.all()) == [facilitator]
    assert created.capacity == 20
    assert created.stalled_after_days == 21
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}", created.join_code)
    client.force_login(facilitator)
    assert "Summer cohort" in page_text(client.get("/cohorts/"))


@pytest.mark.parametrize("who", ["learner", "facilitator", "content_editor"])
def test_people_without_the_role_cannot_reach_the_cohort_admin(client, request, cohort, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get("/admin/cohorts/")

    assert response.status_code == 302
    assert "Spring cohort" not in response.content.decode()
    assert client.get(f"/admin/cohorts/edit/{cohort.pk}/").status_code == 302


# --- the member view ----------------------------------------------------------------------------


def test_member_sees_facilitators_and_co_members_by_name_only(
    client, cohort, class_of_four, make_user
):
    leaver = make_user(email="gone@example.org", name="Gina Gone")
    services.membership_end(membership=services.cohort_join(cohort=cohort, user=leaver))
    client.force_login(class_of_four["amara"])

    response = client.get(f"/cohorts/{cohort.pk}/")

    html = response.content.decode()
    text = page_text(response)
    assert response.status_code == 200
    assert "Your cohort" in text
    assert "Facilitators Fiona Facilitator" in text
    assert "Members (4) Amara Okafor (you) Ben Baker Cara Cole Zoe Young" in text
    assert "Gina Gone" not in text
    assert "camino-grid" not in html
    assert "/learners/" not in html
    assert "Download progress" not in text
    for address in ("fiona@example.org", "ben@example.org", "cara@example.org", "zoe@example.org"):
        assert address not in html
    assert "Leave Spring cohort" in buttons(response)


def test_cohort_list_shows_a_facilitator_their_own_cohorts_only(
    client, facilitator, cohort, other_cohort, member
):
    client.force_login(facilitator)

    text = page_text(client.get("/cohorts/"))

    assert "Cohorts you facilitate" in text
    assert "Spring cohort" in text
    assert "Autumn cohort" not in text
    assert re.search(r"Spring cohort .* Learners 1 Status Active", text)


def test_cohort_list_shows_a_programme_admin_every_cohort(
    client, programme_admin, cohort, other_cohort
):
    client.force_login(programme_admin)

    text = page_text(client.get("/cohorts/"))

    assert "All cohorts" in text
    assert "Spring cohort" in text and "Autumn cohort" in text
