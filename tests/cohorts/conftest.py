"""Fixtures for the cohorts tests: a cohort on the `course` fixture, its facilitator, a member,
and one person in each of the other roles."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress

from cohorts import services
from cohorts.models import Cohort


@pytest.fixture
def facilitator(make_user):
    return make_user(email="fiona@example.org", name="Fiona Facilitator")


@pytest.fixture
def cohort(course, facilitator):
    cohort = Cohort.objects.create(
        name="Spring cohort",
        course=course,
        starts_on=date(2026, 9, 14),
        ends_on=date(2027, 3, 26),
    )
    cohort.facilitators.add(facilitator)
    return cohort


@pytest.fixture
def other_facilitator(make_user):
    return make_user(email="otto@example.org", name="Otto Other")


@pytest.fixture
def other_cohort(course, other_facilitator):
    cohort = Cohort.objects.create(name="Autumn cohort", course=course, starts_on=date(2026, 10, 1))
    cohort.facilitators.add(other_facilitator)
    return cohort


@pytest.fixture
def member(learner, cohort):
    """Amara Okafor, a member of the Spring cohort (and so enrolled in its course)."""
    services.cohort_join(cohort=cohort, user=learner)
    return learner


@pytest.fixture
def programme_admin(make_user, roles):
    user = make_user(email="pat@example.org", name="Pat Programme")
    user.groups.add(roles["Programme admins"])
    return user


@pytest.fixture
def content_editor(make_user, roles):
    user = make_user(email="eddie@example.org", name="Eddie Editor")
    user.groups.add(roles["Content editors"])
    return user


@pytest.fixture
def superuser(db, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="root@example.org", password="correct-horse-battery", name="Sue Super"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
