"""Fixtures for the cohorts tests: a cohort on the `course` fixture, its facilitator, a member,
and one person in each of the other roles."""

import pytest

from cohorts import services


@pytest.fixture
def member(learner, cohort):
    """Amara Okafor, a member of the Spring cohort (and so enrolled in its course)."""
    services.cohort_join(cohort=cohort, user=learner)
    return learner
