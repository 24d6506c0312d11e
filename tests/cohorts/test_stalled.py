"""Who has stalled: the cohort's setting, the grid's status and "Stalled" tag, its filters and
sorting, the phone list, the CSV's Status column, the learner's page, and reminders to people
who have finished."""

import re
from collections import Counter
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from cohorts import services
from cohorts.models import Membership, Nudge
from learning.models import Enrolment
from tests.cohorts.helpers import (
    bulk_members,
    complete_stages,
    csv_rows,
    grid_rows,
    page_text,
)

NOW = timezone.now


def _text(fragment: str) -> str:
    fragment = re.sub(r'<span[^>]*aria-hidden="true"[^>]*>.*?</span>', "", fragment, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def statuses(response) -> dict[str, str]:
    """Each table row's Status cell in words, by learner."""
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r'<th scope="row" class="camino-grid__name"><a [^>]+>([^<]+)</a>', tr)
        status = re.search(r'<td class="camino-grid__status">(.*?)</td>', tr, re.S)
        if name and status:
            found[unescape(name.group(1))] = _text(status.group(1))
    return found


def cards(response) -> dict[str, dict]:
    """The phone list: each learner's card as a person reads it."""
    html = response.content.decode()
    listing = re.search(r'<ul class="camino-learner-cards">(.*)</ul>', html, re.S)
    assert listing, "no phone list"
    found = {}
    for card in re.findall(r'<li class="camino-learner-card">(.*?)</ul></li>', listing.group(1)):
        name = re.search(r'<h3 class="[^"]*"><a href="([^"]+)">([^<]+)</a></h3>', card)
        facts = dict(
            (k, _text(v)) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card, re.S)
        )
        found[unescape(name.group(2))] = {
            "link": name.group(1),
            "status": _text(re.search(r'__status">(.*?)</p>', card, re.S).group(1)),
            "progress": facts["Progress"],
            "last_activity": facts["Last activity"],
            "modules": [_text(li) for li in re.findall(r"<li>(.*?)</li>", card, re.S)],
            "checkbox": re.search(r'<input [^>]*name="learners"[^>]*>', card).group(0),
        }
    return found


@pytest.fixture
def class_of_five(make_user, member, cohort, course):
    """Five learners, the cohort stalling at its default 14 days.

    | learner        | progress                      | activity                     | shows    |
    | Amara Okafor   | Learn in module 1             | 20 days ago                  | stalled  |
    | Ben Baker      | nothing                       | none; joined 30 days ago     | stalled  |
    | Cara Cole      | module 1 complete             | 2 days ago                   | -        |
    | Dan Dale       | the whole course, 40 days ago | 40 days ago                  | finished |
    | Eve Evans      | nothing                       | joined now                   | -        |
    """
    m1 = course.test_modules[0]
    people = {"amara": member}
    for key, email, name in [
        ("ben", "ben@example.org", "Ben Baker"),
        ("cara", "cara@example.org", "Cara Cole"),
        ("dan", "dan@example.org", "Dan Dale"),
        ("eve", "eve@example.org", "Eve Evans"),
    ]:
        people[key] = make_user(email=email, name=name)
        services.cohort_join(cohort=cohort, user=people[key])
    complete_stages(member, m1, stages=("learn",))
    complete_stages(people["cara"], m1)
    for module in course.test_modules:
        complete_stages(people["dan"], module)
    now = NOW()
    enrolments = Enrolment.objects.filter(course=course)
    enrolments.filter(user=member).update(last_activity_at=now - timedelta(days=20))
    enrolments.filter(user=people["ben"]).update(last_activity_at=None)
    Membership.objects.filter(user=people["ben"]).update(joined_at=now - timedelta(days=30))
    enrolments.filter(user=people["cara"]).update(last_activity_at=now - timedelta(days=2))
    enrolments.filter(user=people["dan"]).update(
        last_activity_at=now - timedelta(days=40), completed_at=now - timedelta(days=40)
    )
    return people


# --- the grid ---------------------------------------------------------------------------------


def test_grid_says_in_words_who_has_stalled_and_where_everyone_is(
    client, facilitator, cohort, class_of_five
):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/")

    assert statuses(response) == {
        "Amara Okafor": "In progress Stalled no activity for 20 days",
        "Ben Baker": "Not started Stalled no activity for 30 days",
        "Cara Cole": "In progress",
        "Dan Dale": "Completed",
        "Eve Evans": "Not started",
    }
    text = page_text(response)
    assert (
        "2 learners have stalled: no activity for 14 days or more (change when"
        " a learner counts as stalled)." in text
    )
    html = response.content.decode()
    assert '<strong class="nhsuk-tag nhsuk-tag--orange">Stalled</strong>' in html
    assert f'href="/cohorts/{cohort.pk}/settings/"' in html


def test_stalled_starts_at_the_cohorts_number_of_days(client, facilitator, cohort, course, member):
    client.force_login(facilitator)
    Enrolment.objects.filter(user=member).update(
        last_activity_at=NOW() - timedelta(days=14, minutes=-5)
    )
    almost = statuses(client.get(f"/cohorts/{cohort.pk}/"))["Amara Okafor"]
    Enrolment.objects.filter(user=member).update(last_activity_at=NOW() - timedelta(days=14))
    just = statuses(client.get(f"/cohorts/{cohort.pk}/"))["Amara Okafor"]

    assert almost == "Not started"
    assert just == "Not started Stalled no activity for 14 days"


@pytest.mark.parametrize(
    ("show", "names", "sentence"),
    [
        ("", ["Amara Okafor", "Ben Baker", "Cara Cole", "Dan Dale", "Eve Evans"], None),
        ("stalled", ["Amara Okafor", "Ben Baker"], "2 learners have stalled."),
        ("not-started", ["Ben Baker", "Eve Evans"], "2 learners have not started."),
        ("in-progress", ["Amara Okafor", "Cara Cole"], "2 learners are in progress."),
        ("completed", ["Dan Dale"], "1 learner has completed the course."),
    ],
)
def test_filters_show_each_group_and_count_it(
    client, facilitator, cohort, class_of_five, show, names, sentence
):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/", {"show": show})

    assert response.status_code == 200
    assert grid_rows(response) == names
    assert list(cards(response)) == names
    if sentence:
        assert sentence in page_text(response)
        assert "Clear" in page_text(response)


def test_a_filter_nobody_matches_says_so(client, facilitator, cohort, member):
    Enrolment.objects.filter(user=member).update(last_activity_at=NOW())
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/", {"show": "stalled"})

    assert grid_rows(response) == []
    assert "0 learners have stalled." in page_text(response)
    assert "Nobody has stalled." in page_text(response)


def test_status_filter_pages_keep_the_filter(client, facilitator, cohort):
    bulk_members(cohort, 105)
    Enrolment.objects.update(last_activity_at=NOW() - timedelta(days=60))
    client.force_login(facilitator)

    first = client.get(f"/cohorts/{cohort.pk}/", {"show": "stalled"})

    assert "105 learners have stalled." in page_text(first)
    assert 'href="?show=stalled&amp;page=2"' in first.content.decode()
    second = client.get(f"/cohorts/{cohort.pk}/", {"show": "stalled", "page": 2})
    assert len(grid_rows(second)) == 5


def test_a_wrong_filter_value_keeps_the_sort(client, facilitator, cohort, class_of_five):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/", {"show": "nonsense", "sort": "progress"})

    assert response.status_code == 200
    assert grid_rows(response)[0] == "Dan Dale"  # most progress first, everyone shown
    assert len(grid_rows(response)) == 5


def test_longest_without_activity_puts_those_who_finished_last(
    client, facilitator, cohort, class_of_five
):
    """Dan finished 40 days ago: the longest quiet of all, but there is nothing to chase."""
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/", {"sort": "activity"})

    assert grid_rows(response) == [
        "Ben Baker",
        "Amara Okafor",
        "Cara Cole",
        "Eve Evans",
        "Dan Dale",
    ]
    stalled_first = client.get(f"/cohorts/{cohort.pk}/", {"sort": "activity", "show": "stalled"})
    assert grid_rows(stalled_first) == ["Ben Baker", "Amara Okafor"]


def test_grid_footer_has_a_plain_row_header_and_times_are_valid_html(
    client, facilitator, cohort, class_of_five
):
    client.force_login(facilitator)

    html = client.get(f"/cohorts/{cohort.pk}/").content.decode()

    foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    assert "colspan" not in foot
    assert re.search(r'<th scope="row" class="camino-grid__name">Completed the module', foot)
    row = re.search(r"<tr>(.*?)</tr>", foot, re.S).group(1)
    header_cells = len(re.findall(r"<t[hd]\b", html.split("<thead>", 1)[1].split("</tr>", 1)[0]))
    assert len(re.findall(r"<t[hd]\b", row)) == header_cells, "one cell per column"
    datetimes = re.findall(r'<time datetime="([^"]+)"', html)
    assert datetimes
    for value in datetimes:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", value), value


def test_progress_for_one_required_module_is_singular(client, facilitator, cohort, class_of_five):
    client.force_login(facilitator)

    text = page_text(client.get(f"/cohorts/{cohort.pk}/"))

    assert "(1 required module)" in text
    assert "(1 required modules)" not in text
    assert "(4 required modules)" in text


# --- the grid on a phone ------------------------------------------------------------------------


def test_phone_list_has_every_learner_and_every_module_in_words(
    client, facilitator, cohort, course, class_of_five
):
    m1 = course.test_modules[0]
    complete_stages(class_of_five["eve"], course.test_modules[1], stages=("learn", "do"))
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/")

    listed = cards(response)
    assert list(listed) == ["Amara Okafor", "Ben Baker", "Cara Cole", "Dan Dale", "Eve Evans"]
    titles = [m.title for m in course.test_modules]
    amara = listed["Amara Okafor"]
    assert amara["link"] == f"/cohorts/{cohort.pk}/learners/{class_of_five['amara'].pk}/"
    assert amara["status"] == "In progress Stalled no activity for 20 days"
    assert amara["progress"] == "0 of 4 required modules"
    assert amara["last_activity"] == "2 weeks, 6 days ago"
    assert amara["modules"] == [
        f"1. {m1.title}: learn done, do not done, reflect not done, share not done",
        f"2. {titles[1]}: not started",
        f"3. {titles[2]}: not started",
        f"4. {titles[3]}: not started",
    ]
    assert listed["Ben Baker"]["last_activity"] == "None yet"
    assert listed["Cara Cole"]["progress"] == "1 of 4 required modules"
    assert listed["Cara Cole"]["modules"][0] == f"1. {m1.title}: completed"
    assert listed["Dan Dale"]["status"] == "Completed"
    assert listed["Dan Dale"]["modules"] == [
        f"{n}. {t}: completed" for n, t in enumerate(titles, 1)
    ]
    assert listed["Eve Evans"]["status"] == "In progress"
    assert listed["Eve Evans"]["modules"][1] == (
        f"2. {titles[1]}: learn done, do done, reflect not done, share not done"
    )


def test_phone_list_and_table_share_the_reminder_form_with_unique_ids(
    client, facilitator, cohort, class_of_five
):
    client.force_login(facilitator)

    html = client.get(f"/cohorts/{cohort.pk}/").content.decode()

    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    form = re.search(r'<form method="post" action="/cohorts/\d+/reminders/".*?</form>', html, re.S)
    ticks = re.findall(r'name="learners" value="(\d+)" id="([^"]+)"', form.group(0))
    amara = str(class_of_five["amara"].pk)
    assert [tick_id for value, tick_id in ticks if value == amara] == [
        f"pick-{amara}",
        f"pick-card-{amara}",
    ]
    # Each tick box is labelled with the learner's name, and each label points at its box.
    for _, tick_id in ticks:
        assert f'for="{tick_id}"' in form.group(0)
    assert re.search(r'class="camino-grid-wrap"', html) and 'class="camino-grid-cards"' in html


def test_phone_list_is_shown_below_the_tablet_breakpoint_and_the_table_above_it():
    """The two copies are switched by display (so the hidden one is not read out twice)."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "site/static/camino/css/camino.css").read_text()
    block = css.split("/* Cohorts: who has stalled, and the grid on a phone", 1)[1]
    assert ".camino-grid-key, .camino-grid-wrap { display: none; }" in block
    assert re.search(
        r"@media \(min-width: 40\.0625em\) \{\s*\.camino-grid-key, \.camino-grid-wrap "
        r"\{ display: block; \}\s*\.camino-grid-cards \{ display: none; \}",
        block,
    )


# --- the settings page --------------------------------------------------------------------------


def test_facilitator_changes_when_a_learner_counts_as_stalled(
    client, facilitator, cohort, class_of_five
):
    client.force_login(facilitator)
    form = client.get(f"/cohorts/{cohort.pk}/settings/")
    assert form.status_code == 200
    assert "Stalled after this many days without activity" in page_text(form)
    assert 'value="14"' in form.content.decode()

    response = client.post(
        f"/cohorts/{cohort.pk}/settings/", {"stalled_after_days": "25"}, follow=True
    )

    cohort.refresh_from_db()
    assert cohort.stalled_after_days == 25
    assert response.redirect_chain[-1][0] == f"/cohorts/{cohort.pk}/"
    text = page_text(response)
    assert "Saved. Learners who have had no activity for 25 days or more" in text
    assert statuses(response)["Amara Okafor"] == "In progress"  # 20 days: no longer stalled
    assert statuses(response)["Ben Baker"] == "Not started Stalled no activity for 30 days"
    assert (
        "1 learner has stalled: no activity for 25 days or more (change when"
        " a learner counts as stalled)." in text
    )


@pytest.mark.parametrize("typed", ["abc", "0", "366", "1.5", "", "-3", "1\x00", "\x00"])
def test_settings_refuse_anything_but_a_whole_number_from_1_to_365(
    client, facilitator, cohort, typed
):
    client.force_login(facilitator)

    response = client.post(f"/cohorts/{cohort.pk}/settings/", {"stalled_after_days": typed})

    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "Enter a whole number of days from 1 to 365" in text
    html = response.content.decode()
    assert "\x00" not in html
    shown = re.search(r'<input [^>]*name="stalled_after_days"[^>]*>', html).group(0)
    kept = typed.replace("\x00", "")
    assert (f'value="{kept}"' in shown) if kept else ('value="' not in shown)
    assert "nhsuk-input--error" in shown
    assert "<title>Error: " in html
    cohort.refresh_from_db()
    assert cohort.stalled_after_days == 14


@pytest.mark.parametrize("who", ["member", "other_facilitator", "content_editor"])
def test_settings_page_does_not_exist_for_others(client, request, cohort, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(f"/cohorts/{cohort.pk}/settings/").status_code == 404
    assert (
        client.post(f"/cohorts/{cohort.pk}/settings/", {"stalled_after_days": "3"}).status_code
        == 404
    )
    cohort.refresh_from_db()
    assert cohort.stalled_after_days == 14


def test_programme_admin_sets_it_in_the_admin(client, programme_admin, cohort):
    client.force_login(programme_admin)
    form = client.get(f"/admin/cohorts/edit/{cohort.pk}/").content.decode()
    assert 'name="stalled_after_days"' in form

    data = {
        "name": cohort.name,
        "course": cohort.course_id,
        "facilitators": list(cohort.facilitators.values_list("pk", flat=True)),
        "starts_on": "2026-09-14",
        "ends_on": "2027-03-26",
        "status": "active",
        "capacity": "",
    }
    refused = client.post(f"/admin/cohorts/edit/{cohort.pk}/", data | {"stalled_after_days": "0"})
    saved = client.post(f"/admin/cohorts/edit/{cohort.pk}/", data | {"stalled_after_days": "30"})

    assert refused.status_code == 200
    assert saved.status_code == 302
    cohort.refresh_from_db()
    assert cohort.stalled_after_days == 30


# --- the CSV and the learner's page -------------------------------------------------------------


def test_export_has_a_status_column(client, facilitator, cohort, class_of_five):
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/export.csv")

    rows = csv_rows(response)
    column = rows[0].index("Status")
    assert {r[0]: r[column] for r in rows[1:]} == {
        "Amara Okafor": "Stalled",
        "Ben Baker": "Stalled",
        "Cara Cole": "In progress",
        "Dan Dale": "Completed",
        "Eve Evans": "Not started",
    }


def test_learner_page_shows_the_same_status_and_tag(client, facilitator, cohort, class_of_five):
    client.force_login(facilitator)

    amara = page_text(client.get(f"/cohorts/{cohort.pk}/learners/{class_of_five['amara'].pk}/"))
    dan = page_text(client.get(f"/cohorts/{cohort.pk}/learners/{class_of_five['dan'].pk}/"))

    assert "Status In progress Stalled no activity for 20 days" in amara
    assert "Status Completed" in dan and "Stalled" not in dan


# --- reminders ----------------------------------------------------------------------------------


def test_reminding_a_mix_sends_only_to_those_still_going(
    client, facilitator, cohort, class_of_five, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    amara, dan = class_of_five["amara"], class_of_five["dan"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cohorts/{cohort.pk}/reminders/", {"learners": [amara.pk, dan.pk]}, follow=True
        )

    text = page_text(response)
    assert "Reminder sent to Amara Okafor." in text
    assert "Not sent to Dan Dale: they have finished the course." in text
    assert list(Nudge.objects.values_list("learner__email", flat=True)) == [amara.email]
    assert mail.outbox and all(m.to == [amara.email] for m in mail.outbox)


# --- query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"show": "stalled"},
        {"show": "not-started", "sort": "activity"},
        {"show": "completed", "inactive": "3"},
        {"sort": "activity", "page": "2"},
    ],
)
def test_tags_filters_and_sorts_cost_the_same_for_5_and_500_learners(
    client, facilitator, cohort, course, query, django_assert_max_num_queries
):
    from datetime import date

    from cohorts.models import Cohort
    from tests.cohorts.test_query_counts import queries_for

    large = Cohort.objects.create(name="Summer cohort", course=course, starts_on=date(2027, 6, 1))
    large.facilitators.add(facilitator)
    bulk_members(cohort, 5, prefix="small", progress=True)
    bulk_members(large, 500, prefix="large", progress=True)
    # In both cohorts some have stalled and some have finished, so every filter shows someone.
    Enrolment.objects.filter(user__email__regex=r"[02468]@").update(
        last_activity_at=NOW() - timedelta(days=20)
    )
    Enrolment.objects.filter(user__email__regex=r"[13]@").update(completed_at=NOW())
    client.force_login(facilitator)
    from urllib.parse import urlencode

    small = queries_for(client, f"/cohorts/{cohort.pk}/?{urlencode(query)}")
    big = queries_for(client, f"/cohorts/{large.pk}/?{urlencode(query)}")

    assert len(small) == len(big), "\n".join(big)
    with django_assert_max_num_queries(12):
        client.get(f"/cohorts/{large.pk}/?{urlencode(query)}")


# --- the list of cohorts ------------------------------------------------------------------------


def test_cohort_list_counts_who_has_stalled_in_each_cohort(
    client, facilitator, cohort, class_of_five
):
    client.force_login(facilitator)

    response = client.get("/cohorts/")

    assert re.search(r"Spring cohort .* Learners 5 Status Active Stalled 2", page_text(response))
    assert f'href="/cohorts/{cohort.pk}/?show=stalled"' in response.content.decode()


def test_cohort_list_costs_the_same_for_5_and_500_learners(client, programme_admin, cohort, course):
    from datetime import date

    from cohorts.models import Cohort
    from tests.cohorts.test_query_counts import queries_for

    client.force_login(programme_admin)
    bulk_members(cohort, 5, prefix="small")
    few = queries_for(client, "/cohorts/")
    large = Cohort.objects.create(name="Summer cohort", course=course, starts_on=date(2027, 6, 1))
    bulk_members(large, 500, prefix="large")
    many = queries_for(client, "/cohorts/")

    assert len(few) == len(many)
    assert "Summer cohort" in page_text(client.get("/cohorts/"))
