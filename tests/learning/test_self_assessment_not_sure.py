"""'Not sure yet': stored as a rating with no level, filled in next time, and left out of every
average (the learner's dashboard, the facilitator's learner page, the cohort's averages)."""

import re
from html import unescape

import pytest
from django.db import IntegrityError

from cohorts import services as cohort_services
from learning.models import Rating, SelfAssessment
from learning.services import self_assessment_consent_set, self_assessment_record
from tests.cohorts.helpers import page_text
from tests.factories import CapabilityFactory, ThemeFactory

NOTE = "Answers of ‘Not sure yet’ are left out of the averages."
NS = "not-sure"


def by_hand(values) -> str:
    """The average a person would work out: the levels only, "Not sure yet" left out."""
    levels = [v for v in values if v not in (NS, None)]
    return f"{sum(levels) / len(levels):.1f}" if levels else "Not rated"


def post_walk(client, course, steps):
    """Walk the self-assessment, one list of answers per step, and save on the last."""
    url = f"/dashboard/self-assessment/{course.framework.id}/"
    for number, (capabilities, values) in enumerate(steps, start=1):
        response = client.post(
            url,
            {
                "step": str(number),
                "action": "save" if number == len(steps) else "continue",
                **{f"capability_{c.id}": str(v) for c, v in zip(capabilities, values, strict=True)},
            },
        )
        assert response.status_code == 302, page_text(response)[:2000]
    return response


@pytest.fixture
def delivering(course):
    theme = ThemeFactory(framework=course.framework, name="Delivering")
    return [CapabilityFactory(theme=theme) for _ in range(2)]


def test_not_sure_is_stored_with_no_level_and_filled_in_next_time(client, enrolled, course):
    client.force_login(enrolled)
    first, second, third = course.test_capabilities

    post_walk(client, course, [(course.test_capabilities, [3, NS, 1])])

    levels = dict(Rating.objects.values_list("capability_id", "level"))
    assert levels == {first.id: 3, second.id: None, third.id: 1}
    html = client.get(f"/dashboard/self-assessment/{course.framework.id}/").content.decode()
    assert f'name="capability_{second.id}" type="radio" value="not-sure" checked' in html
    assert f'name="capability_{first.id}" type="radio" value="3" checked' in html
    assert '<label class="nhsuk-label nhsuk-radios__label"' in html and "Not sure yet" in html


def test_dashboard_averages_leave_not_sure_out(client, enrolled, course, delivering):
    client.force_login(enrolled)
    being = course.test_capabilities
    baseline = {"Being": [1, NS, 4], "Delivering": [NS, NS]}
    latest = {"Being": [3, 4, NS], "Delivering": [NS, 2]}

    post_walk(client, course, [(being, baseline["Being"]), (delivering, baseline["Delivering"])])
    response = post_walk(
        client, course, [(being, latest["Being"]), (delivering, latest["Delivering"])]
    )

    text = page_text(client.get(response["Location"]))
    row = "Being {} {} Delivering {} {}".format(
        by_hand(baseline["Being"]),
        by_hand(latest["Being"]),
        by_hand(baseline["Delivering"]),
        by_hand(latest["Delivering"]),
    )
    assert f"Average rating by theme Theme Baseline Latest {row}" in text
    assert by_hand(baseline["Delivering"]) == "Not rated"  # all "Not sure yet"
    # The chart says it in words too: a bar and its value, or "not rated" and no bar.
    assert f"Baseline {by_hand(baseline['Being'])}" in text
    assert f"Latest {by_hand(latest['Being'])}" in text
    assert "Baseline not rated" in text
    assert NOTE in text


def test_a_theme_answered_only_not_sure_has_no_bar(client, enrolled, course):
    client.force_login(enrolled)
    post_walk(client, course, [(course.test_capabilities, [NS, NS, NS])])

    response = client.get("/dashboard/")

    html = response.content.decode()
    assert "Self-assessment by theme on a scale of 1 to 4: Being baseline not rated" in html
    assert "camino-chart__bar--baseline" not in html
    assert "Being Not rated Not yet" in page_text(response)


def rate(user, capabilities, values):
    return self_assessment_record(
        user=user,
        framework=capabilities[0].theme.framework,
        ratings={c.id: (None if v == NS else v) for c, v in zip(capabilities, values, strict=True)},
    )


def test_cohort_and_learner_pages_leave_not_sure_out(
    client, make_user, cohort, course, facilitator, delivering
):
    being = course.test_capabilities
    answers = {  # per learner: baseline, then latest; each Being (3) + Delivering (2)
        "amara@example.org": ([1, NS, 3, NS, NS], [2, 2, NS, NS, NS]),
        "ben@example.org": ([NS, 2, 2, NS, NS], [4, NS, 4, NS, NS]),
        "cara@example.org": ([4, 4, NS, NS, NS], [3, NS, NS, NS, NS]),
    }
    learners = {}
    for email, snapshots in answers.items():
        user = learners[email] = make_user(email=email, name=email.split("@")[0].title())
        cohort_services.cohort_join(cohort=cohort, user=user)
        self_assessment_consent_set(user=user, allowed=True)
        for values in snapshots:
            rate(user, being + delivering, values)
    client.force_login(facilitator)

    text = page_text(client.get(f"/cohorts/{cohort.pk}/framework/"))

    def pooled(which, part):
        return [v for baseline_latest in answers.values() for v in baseline_latest[which][part]]

    being_row = f"Being {by_hand(pooled(0, slice(0, 3)))} {by_hand(pooled(1, slice(0, 3)))}"
    assert f"Theme Baseline Latest Change {being_row} Up" in text
    assert "Delivering Not rated Not rated" in text  # nobody rated it: no average
    assert "3 of them have rated themselves." in text
    assert NOTE in text

    amara = learners["amara@example.org"]
    text = page_text(client.get(f"/cohorts/{cohort.pk}/learners/{amara.pk}/"))
    baseline, latest = answers["amara@example.org"]
    assert (
        f"Being {by_hand(baseline[:3])} {by_hand(latest[:3])} Delivering Not rated Not rated"
    ) in text
    assert NOTE in text


def test_the_cohort_page_says_one_of_them_has_rated(client, make_user, cohort, course, facilitator):
    for n, email in enumerate(["amara@example.org", "ben@example.org"]):
        user = make_user(email=email, name=f"Learner {n}")
        cohort_services.cohort_join(cohort=cohort, user=user)
        self_assessment_consent_set(user=user, allowed=True)
        if n == 0:
            rate(user, course.test_capabilities, [2, 2, 2])
    client.force_login(facilitator)

    text = page_text(client.get(f"/cohorts/{cohort.pk}/framework/"))

    assert (
        "2 of 2 learners let facilitators see their self-assessments; 1 of them has rated" in text
    )


def test_the_service_takes_not_sure_and_the_database_refuses_levels_off_the_scale(learner, course):
    first, second, third = course.test_capabilities
    snapshot = rate(learner, course.test_capabilities, [NS, 4, 1])
    assert snapshot.ratings.get(capability=first).level is None
    with pytest.raises(ValueError):
        rate(learner, course.test_capabilities, [0, 4, 1])
    with pytest.raises(IntegrityError):
        Rating.objects.create(assessment=SelfAssessment.objects.get(), capability=first, level=5)


def test_the_dont_list_block_is_named_properly_in_the_page_editor(admin_client, course):
    module = course.test_modules[0]

    html = unescape(admin_client.get(f"/admin/pages/{module.id}/edit/").content.decode())

    assert re.search(r"Don(\\u0027|')t list", html)
    assert "Dont list" not in html
