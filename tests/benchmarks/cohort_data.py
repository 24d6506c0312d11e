"""Test data the benches share: a cohort of any size with random progress, bulk-created."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts.models import Cohort, Membership
from learning.models import Enrolment, ModuleCompletion, StageCompletion

MODULES = 30
STAGES = ("learn", "do", "reflect", "share")


def cohort_of(
    size: int, *, course, facilitator, rng: random.Random, label: str = "Bench"
) -> Cohort:
    """A cohort of `size` learners with random progress through the course (bulk-created);
    `label` names the cohort and its learners' addresses, so benches can build several."""
    User = get_user_model()
    cohort = Cohort.objects.create(name=f"{label} {size}", course=course, starts_on="2026-09-01")
    cohort.facilitators.add(facilitator)
    users = User.objects.bulk_create(
        User(email=f"{label.lower()}{size}-{i}@example.org", name=f"Learner {i:05d}", password="!")
        for i in range(size)
    )
    Membership.objects.bulk_create(Membership(cohort=cohort, user=u) for u in users)
    # Last active 0 to 40 days ago (its own generator, so the progress drawn below is the same
    # as before this was added): about two thirds have stalled at the default 14 days.
    now, quiet = timezone.now(), random.Random(size)  # reproducible test data
    Enrolment.objects.bulk_create(
        Enrolment(
            user=u,
            course=course,
            source="cohort",
            last_activity_at=now - timedelta(days=quiet.uniform(0, 40)),
        )
        for u in users
    )
    modules = list(course.test_modules)
    stage_rows, module_rows = [], []
    for user in users:
        finished = rng.randint(0, MODULES)
        for module in modules[:finished]:
            module_rows.append(ModuleCompletion(user=user, module=module))
            stage_rows.extend(StageCompletion(user=user, module=module, stage=s) for s in STAGES)
        if finished < MODULES:
            stage_rows.append(StageCompletion(user=user, module=modules[finished], stage="learn"))
    StageCompletion.objects.bulk_create(stage_rows, batch_size=5000)
    ModuleCompletion.objects.bulk_create(module_rows, batch_size=5000)
    return cohort
