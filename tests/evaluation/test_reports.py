"""The programme evaluation's reports: what they count, the statistics against hand-computed
values, small-number suppression (4, 5, 6 people, and by subtraction), consent, and who may
see them."""

from datetime import date

import pytest

from evaluation import selectors
from learning.models import SelfAssessmentConsent
from learning.services import evaluation_consent_set

SUPPRESSED = "fewer than 5 people: not shown, to protect privacy"


def _filters(course, **extra):
    return selectors.Filters(course, **extra)


def _theme(distance, title="Baseline and later"):
    comparison = next(c for c in distance.comparisons if c.title == title)
    return comparison.themes[0]


# --- distance travelled: the statistics --------------------------------------------------------


def test_mean_change_and_interval_match_hand_computed_values(population, course):
    # Theme score = mean of the three capabilities. Before all 2.0; after 3, 3, 4, 2, 3
    # (each person's three ratings equal), so the changes are 1, 1, 2, 0, 1:
    # mean 1.0; deviations 0, 0, 1, -1, 0; sd = sqrt(2/4) = 0.70711;
    # t(0.975, 4) = 2.776445; half-width = 2.776445 * 0.70711 / sqrt(5) = 0.87798.
    for level in (3, 3, 4, 2, 3):
        population(before=(2, 2, 2), after=(level, level, level))

    row = _theme(selectors.distance_travelled(_filters(course)))

    assert row.shown and row.n == 5
    assert row.before == pytest.approx(2.0)
    assert row.after == pytest.approx(3.0)
    assert row.change == pytest.approx(1.0)
    assert row.sd == pytest.approx(0.70711, abs=1e-4)
    assert row.ci_low == pytest.approx(1.0 - 0.87798, abs=1e-4)
    assert row.ci_high == pytest.approx(1.0 + 0.87798, abs=1e-4)


def test_all_equal_changes_have_a_zero_width_interval(population, course):
    for _ in range(5):
        population(before=(1, 2, 3), after=(2, 3, 4))
    row = _theme(selectors.distance_travelled(_filters(course)))
    assert row.change == pytest.approx(1.0)
    assert row.sd == 0 and row.ci_low == pytest.approx(1.0) and row.ci_high == pytest.approx(1.0)


def test_not_sure_answers_are_left_out_per_capability(population, course):
    for _ in range(5):
        population(before=(2, None, 2), after=(3, 4, None))
    distance = selectors.distance_travelled(_filters(course))
    comparison = distance.comparisons[0]
    first, second, third = comparison.capabilities
    assert first.shown and first.change == pytest.approx(1.0)
    assert not second.shown and second.n == 0, "no pair: not sure before"
    assert not third.shown and third.n == 0, "no pair: not sure after"
    # Theme: mean of what was rated: before 2, after 3.5.
    assert comparison.themes[0].change == pytest.approx(1.5)


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True), (6, True)])
def test_figures_about_fewer_than_5_people_are_not_shown(population, course, people, shown):
    for _ in range(people):
        population()
    row = _theme(selectors.distance_travelled(_filters(course)))
    assert row.shown is shown
    assert (row.change is None) is not shown


def test_a_later_self_assessment_counts_only_28_days_or_more_after_the_baseline(population, course):
    for _ in range(5):
        population(days=27)
    assert not _theme(selectors.distance_travelled(_filters(course))).shown
    for _ in range(5):
        population(days=28)
    assert _theme(selectors.distance_travelled(_filters(course))).n == 5


def test_follow_ups_compare_the_baseline_with_3_and_6_months_after_completing(population, course):
    for _ in range(5):
        population(
            completed_days_ago=300,
            follow_ups=[(95, (3, 3, 3)), (200, (4, 4, 4))],
        )
    distance = selectors.distance_travelled(_filters(course))
    assert _theme(distance, "At the 3-month follow-up").change == pytest.approx(1.0)
    assert _theme(distance, "At the 6-month follow-up").change == pytest.approx(2.0)


def test_learners_who_did_not_consent_or_withdrew_are_in_no_figure(population, course):
    for _ in range(5):
        population(before=(2, 2, 2), after=(3, 3, 3))
    refused = population(consent=False, before=(1, 1, 1), after=(4, 4, 4))
    withdrawn = population(before=(1, 1, 1), after=(4, 4, 4))
    evaluation_consent_set(user=withdrawn, allowed=False)

    distance = selectors.distance_travelled(_filters(course))

    assert distance.consenting.value == 5
    row = _theme(distance)
    assert row.n == 5 and row.change == pytest.approx(1.0)
    assert not SelfAssessmentConsent.objects.get(user=refused).evaluation_may_use


# --- overview and funnel ------------------------------------------------------------------------


def test_overview_per_cohort_with_complementary_suppression(
    population, course, cohort, other_cohort
):
    from cohorts.models import Membership

    for _ in range(3):
        Membership.objects.create(cohort=cohort, user=population())
    for _ in range(10):
        Membership.objects.create(cohort=other_cohort, user=population())

    result = selectors.overview(_filters(course))

    rows = dict(result.rows)
    assert rows["Spring cohort"]["enrolled"].suppressed, "3 people"
    # With the total (13) shown, 10 would give the 3 away: it is hidden too.
    assert rows["Autumn cohort"]["enrolled"].suppressed
    assert result.total["enrolled"].value == 13


@pytest.mark.parametrize(("completed", "shown"), [(4, False), (5, True), (6, True)])
def test_funnel_median_days_needs_5_completions(population, course, completed, shown):
    for _ in range(completed):
        population(completed_days_ago=10)
    for _ in range(6):
        population()
    funnel = selectors.funnel(_filters(course))
    assert funnel.median_days.suppressed is not shown
    assert funnel.population.value == completed + 6


def test_funnel_hides_a_step_that_differs_from_the_last_shown_by_1_to_4(population, course):
    first = course.test_modules[0]
    for n in range(12):
        stages = [(first, "learn")] + ([(first, "do")] if n < 9 else [])
        stages += [(first, "reflect")] if n < 4 else []
        population(stages=stages)

    steps = {s.label.split(": ")[1]: s for s in selectors.funnel(_filters(course)).steps[:3]}

    assert steps["Learn"].reached.value == 12
    assert steps["Do"].reached.suppressed, "12 - 9 = 3 people would be shown by subtraction"
    assert steps["Reflect"].reached.suppressed, "4 people"


# --- the pages: who may see them, filters, constant queries --------------------------------------


REPORTS = [
    "/admin/evaluation/",
    "/admin/evaluation/funnel/",
    "/admin/evaluation/distance/",
    "/admin/evaluation/exports/",
]


@pytest.mark.parametrize("url", REPORTS)
def test_only_programme_admins_see_the_reports(
    client, url, course, programme_admin, content_editor, facilitator, learner
):
    for person in (None, learner, facilitator, content_editor):
        if person is None:
            client.logout()
        else:
            client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.force_login(programme_admin)
    assert client.get(url).status_code == 200


def test_editors_do_not_see_the_reports_in_the_menu(
    client, course, content_editor, programme_admin
):
    client.force_login(content_editor)
    assert "Programme evaluation" not in client.get("/admin/").content.decode()
    client.force_login(programme_admin)
    assert "Programme evaluation" in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?course=999999",
        "?course=abc",
        "?course=99999999999999999999",
        "?cohort=999999",
        "?course=1%00",
    ],
)
def test_a_course_or_cohort_that_does_not_exist_is_a_404(client, course, programme_admin, query):
    client.force_login(programme_admin)
    assert client.get(f"/admin/evaluation/{query}").status_code == 404


def test_dates_the_wrong_way_round_are_a_form_error_with_the_filters_kept(
    client, course, programme_admin
):
    client.force_login(programme_admin)
    response = client.get(
        f"/admin/evaluation/funnel/?course={course.pk}&date_from=2026-05-01&date_to=2026-01-01"
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "The end date must be the same as or after the start date." in text
    assert 'value="2026-05-01"' in text and 'value="2026-01-01"' in text


def test_an_impossible_date_is_a_form_error(client, course, programme_admin):
    client.force_login(programme_admin)
    response = client.get(f"/admin/evaluation/?course={course.pk}&date_from=2026-02-30")
    assert response.status_code == 400
    assert "Enter a real date" in response.content.decode()
    assert 'value="2026-02-30"' in response.content.decode()


def test_the_date_filter_counts_enrolments_started_in_the_range(population, course):
    for _ in range(5):
        population()
    assert (
        selectors.overview(_filters(course, date_from=date(2000, 1, 1))).total["enrolled"].value
        == 5
    )
    assert (
        selectors.overview(_filters(course, date_to=date(2000, 1, 1))).total["enrolled"].value == 0
    )


@pytest.mark.parametrize("url", REPORTS[:3])
def test_report_pages_run_the_same_queries_whatever_the_number_of_learners(
    client, url, population, course, cohort, programme_admin, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cohorts.models import Membership

    client.force_login(programme_admin)
    address = f"{url}?course={course.pk}&cohort={cohort.pk}"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    for _ in range(5):
        Membership.objects.create(cohort=cohort, user=population(completed_days_ago=10))
    queries()  # the admin's first visit makes the user's admin profile
    few = queries()
    for _ in range(15):
        Membership.objects.create(cohort=cohort, user=population(completed_days_ago=10))
    assert queries() == few


def test_the_distance_page_shows_a_chart_and_a_table_and_says_what_is_hidden(
    client, population, course, programme_admin
):
    for _ in range(5):
        population()
    client.force_login(programme_admin)
    text = client.get(f"/admin/evaluation/distance/?course={course.pk}").content.decode()
    assert 'role="img"' in text and "Mean change per theme" in text
    assert "Being" in text and "1.00" in text
    assert SUPPRESSED.capitalize() in text, "the follow-ups have no pairs yet"
