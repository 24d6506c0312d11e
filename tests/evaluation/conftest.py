"""A small, known population for the evaluation's tests: learners on the `course` fixture
(one theme, "Being", of three capabilities) with dated self-assessments, progress and consent,
built through the real models with the dates each test needs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning.models import (
    Enrolment,
    Rating,
    SelfAssessment,
    SelfAssessmentConsent,
    StageCompletion,
)


@pytest.fixture
def population(make_user, course):
    """make(n, consent=True, before=[...], after=[...], days=60, ...) -> user. Ratings are
    given per capability of the course's framework, in order (None: 'not sure yet')."""
    counter = iter(range(1, 10_000))
    capabilities = course.test_capabilities

    def snapshot(user, levels, taken):
        assessment = SelfAssessment.objects.create(user=user, framework=course.framework)
        SelfAssessment.objects.filter(pk=assessment.pk).update(created_at=taken)
        Rating.objects.bulk_create(
            Rating(assessment=assessment, capability=cap, level=level)
            for cap, level in zip(capabilities, levels, strict=True)
        )
        return assessment

    def make(
        *,
        consent=True,
        before=(2, 2, 2),
        after=(3, 3, 3),
        days=60,
        completed_days_ago=None,
        stages=(),
        name=None,
        follow_ups=(),
    ):
        n = next(counter)
        user = make_user(email=f"person{n}@example.org", name=name or f"Person {n}")
        now = timezone.now()
        start = now - timedelta(days=400)
        enrolment = Enrolment.objects.create(user=user, course=course)
        completed = now - timedelta(days=completed_days_ago) if completed_days_ago else None
        Enrolment.objects.filter(pk=enrolment.pk).update(
            created_at=start, completed_at=completed, last_activity_at=start
        )
        SelfAssessmentConsent.objects.create(user=user, evaluation_may_use=consent)
        if before is not None:
            snapshot(user, before, start)
        if after is not None:
            snapshot(user, after, start + timedelta(days=days))
        for days_after_completion, levels in follow_ups:
            snapshot(user, levels, completed + timedelta(days=days_after_completion))
        for module, stage in stages:
            StageCompletion.objects.create(user=user, module=module, stage=stage)
        return user

    return make
