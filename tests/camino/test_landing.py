"""Where people land after logging in: `next` when given; otherwise facilitators of an active
cohort go to their cohorts, learners to My learning, staff who are neither to the admin (never
the marketing home page)."""

import pytest

from cohorts.models import Cohort

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def log_in(client, user, next_url: str | None = None) -> str:
    path = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(path, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_a_learner_lands_on_my_learning(client, enrolled):
    assert log_in(client, enrolled) == "/dashboard/"


def test_someone_new_lands_on_my_learning_too(client, learner):
    assert log_in(client, learner) == "/dashboard/"


def test_a_facilitator_of_an_active_cohort_lands_on_their_cohorts(client, facilitator, cohort):
    assert log_in(client, facilitator) == "/cohorts/"


def test_a_facilitator_whose_cohorts_have_finished_is_a_learner_again(
    client, facilitator, cohort, course
):
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.ARCHIVED)
    assert log_in(client, facilitator) == "/dashboard/"


def test_staff_who_neither_learn_nor_facilitate_land_in_the_admin(
    client, content_editor, programme_admin
):
    programme_admin.is_staff = True
    programme_admin.save()
    assert log_in(client, content_editor) == "/admin/"
    client.logout()
    assert log_in(client, programme_admin) == "/admin/"


def test_a_facilitator_who_is_also_staff_goes_to_their_cohorts(client, programme_admin, cohort):
    cohort.facilitators.add(programme_admin)
    assert log_in(client, programme_admin) == "/cohorts/"


def test_next_wins(client, facilitator, cohort):
    assert log_in(client, facilitator, "/journal/") == "/journal/"
