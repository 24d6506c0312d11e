"""Demo evaluation data: "Autumn cohort 2025", a finished cohort of 48 generated learners on
the demo course, so the programme evaluation shows real figures on the first run.

Each learner enrolled in September 2025 and took a baseline self-assessment then; most worked
through the modules (some stopped part way, as real cohorts do), most completed, rated
themselves again after the course, and some answered their 3- and 6-month follow-ups. Most
(about 5 in 6) agreed to the evaluation; some allowed their answers to be quoted. Generated
with a fixed seed, so every run makes the same people; a second run changes nothing.

The learners have no password: their accounts exist only to hold this history.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from cohorts.models import Cohort, Membership
from evaluation.models import FollowUp, FollowUpAnswer
from evaluation.selectors import questions_for
from learning.models import (
    Capability,
    CoursePage,
    Enrolment,
    ModuleCompletion,
    ModulePage,
    Rating,
    SelfAssessment,
    SelfAssessmentConsent,
    Stage,
    StageCompletion,
)

COHORT_NAME = "Autumn cohort 2025"
LEARNERS = 48
EMAIL = "autumn{:02d}@example.org"
LONDON = ZoneInfo("Europe/London")
FIRST_NAMES = [
    "Aisha",
    "Bronwen",
    "Callum",
    "Deepa",
    "Eilidh",
    "Femi",
    "Gareth",
    "Hana",
    "Idris",
    "Joanna",
    "Kwame",
    "Lowri",
    "Mei",
    "Niamh",
    "Oluwaseun",
    "Priyanka",
    "Rhys",
    "Saoirse",
    "Tomás",
    "Uzma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zofia",
]
LAST_NAMES = [
    "Adeyemi",
    "Baker",
    "Chaudhry",
    "Davies",
    "Evans",
    "Fraser",
    "Górski",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalczyk",
    "Lewis",
    "Morgan",
    "Nguyen",
    "O'Neill",
    "Patel",
]
ANSWERS = [
    "I now start every review by asking what matters to the person, and I write it down in "
    "their words.",
    "We changed how we run team huddles: people who use the service come to one a month.",
    "I hand over more decisions to the people I support, and check back with them later.",
    "Families tell us they feel listened to; complaints about care plans have dropped.",
    "Colleagues ask me to help them plan personalised care conversations.",
    "Less than I hoped: workload got in the way, but I still use the 'small steps' idea.",
]


@contextmanager
def _dates_as_given(*fields):
    """Demo data only: let bulk_create keep the past dates we give (no auto_now_add)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field, _ in saved:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def demo_evaluation_ensure(*, accounts: dict) -> Cohort | None:
    course = CoursePage.objects.filter(slug="leading-personalised-care-foundations").first()
    if course is None or Cohort.objects.filter(name=COHORT_NAME).exists():
        return None
    with transaction.atomic():
        return _autumn_cohort_make(course=course, accounts=accounts)


def _autumn_cohort_make(*, course: CoursePage, accounts: dict) -> Cohort:
    rng = random.Random(2025)  # demo data, not security
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    capabilities = list(
        Capability.objects.filter(theme__framework_id=course.framework_id).order_by(
            "theme__sort_order", "sort_order"
        )
    )
    questions = questions_for(course)
    cohort = Cohort.objects.create(
        name=COHORT_NAME,
        course=course,
        starts_on=date(2025, 9, 15),
        ends_on=date(2025, 12, 12),
        capacity=60,
        status=Cohort.Status.ARCHIVED,
    )
    if "facilitator@example.org" in accounts:
        cohort.facilitators.add(accounts["facilitator@example.org"])
    User = get_user_model()
    people = []
    for n in range(1, LEARNERS + 1):
        name = f"{FIRST_NAMES[(n - 1) % len(FIRST_NAMES)]} {LAST_NAMES[(n * 7) % len(LAST_NAMES)]}"
        user = User.objects.create_user(email=EMAIL.format(n), password=None, name=name)
        people.append(user)

    stage_rows, module_rows, snapshot_plan, follow_ups = [], [], [], []
    enrolments, memberships, consents = [], [], []
    for user in people:
        start = date(2025, 9, 15) + timedelta(days=rng.randint(0, 6))
        memberships.append(Membership(cohort=cohort, user=user, joined_at=_at(start, 9)))
        # How far they got: most finish every module; some stop part way.
        reach = len(modules) if rng.random() < 0.75 else rng.randint(1, len(modules) - 1)
        day = start
        for module in modules[:reach]:
            for stage in Stage:
                day += timedelta(days=rng.randint(1, 4))
                skipped = stage == Stage.SHARE and rng.random() < 0.3
                stage_rows.append(
                    StageCompletion(
                        user=user,
                        module=module,
                        stage=stage.value,
                        outcome=StageCompletion.Outcome.SKIPPED
                        if skipped
                        else StageCompletion.Outcome.DONE,
                        completed_at=_at(day, 11),
                    )
                )
            module_rows.append(
                ModuleCompletion(user=user, module=module, completed_at=_at(day, 11))
            )
        completed = _at(day, 12) if reach == len(modules) else None
        enrolments.append(
            Enrolment(
                user=user,
                course=course,
                source=Enrolment.Source.COHORT,
                created_at=_at(start, 9),
                last_activity_at=_at(day, 11),
                completed_at=completed,
            )
        )
        consenting = rng.random() < 0.85
        consents.append(
            SelfAssessmentConsent(
                user=user,
                evaluation_may_use=consenting,
                evaluation_changed_at=_at(start, 9) if consenting else None,
            )
        )
        baseline = {c.id: rng.choice([1, 1, 2, 2, 2, 3]) for c in capabilities}
        snapshot_plan.append((user, _at(start, 9), baseline))
        if completed is not None or rng.random() < 0.4:
            later_day = (completed or _at(day, 12)) + timedelta(days=rng.randint(2, 14))
            gain = rng.choice([0, 0.5, 0.5, 1, 1, 1.5])
            later = {
                cid: min(4, level + (1 if rng.random() < gain else 0))
                for cid, level in baseline.items()
            }
            snapshot_plan.append((user, later_day, later))
            if completed is not None:
                for kind, answer_rate in ((FollowUp.Kind.THREE_MONTHS, 0.6), (90 * 2, 0.4)):
                    invited = completed + timedelta(days=int(kind))
                    answered = rng.random() < answer_rate
                    follow_ups.append((user, int(kind), invited, answered, rng.random() < 0.5))
                    if answered:
                        kept = {
                            cid: max(1, min(4, level + rng.choice([-1, 0, 0, 0, 1])))
                            for cid, level in later.items()
                        }
                        snapshot_plan.append((user, invited + timedelta(days=3), kept))

    with _dates_as_given(
        StageCompletion._meta.get_field("completed_at"),
        ModuleCompletion._meta.get_field("completed_at"),
        Enrolment._meta.get_field("created_at"),
        SelfAssessment._meta.get_field("created_at"),
    ):
        Membership.objects.bulk_create(memberships)
        Enrolment.objects.bulk_create(enrolments)
        StageCompletion.objects.bulk_create(stage_rows)
        ModuleCompletion.objects.bulk_create(module_rows)
        SelfAssessmentConsent.objects.bulk_create(consents)
        snapshots = SelfAssessment.objects.bulk_create(
            SelfAssessment(user=user, framework_id=course.framework_id, created_at=taken)
            for user, taken, _ in snapshot_plan
        )
    ratings = []
    for snapshot, (_, _, levels) in zip(snapshots, snapshot_plan, strict=True):
        for capability_id, level in levels.items():
            unsure = rng.random() < 0.05
            ratings.append(
                Rating(
                    assessment=snapshot,
                    capability_id=capability_id,
                    level=None if unsure else level,
                )
            )
    Rating.objects.bulk_create(ratings)
    for user, kind, invited, answered, may_quote in follow_ups:
        follow_up = FollowUp.objects.create(
            user=user,
            course=course,
            kind=kind,
            invited_at=invited,
            answered_at=invited + timedelta(days=3) if answered else None,
            may_quote=answered and may_quote,
        )
        if answered:
            FollowUpAnswer.objects.bulk_create(
                FollowUpAnswer(
                    follow_up=follow_up, question=q, answer=rng.choice(ANSWERS), position=i
                )
                for i, q in enumerate(questions)
            )
    # Those who completed hold their certificates, issued as any completion's would be.
    from learning.certificates.services import certificate_issue

    for enrolment in Enrolment.objects.filter(
        user__in=people, course=course, completed_at__isnull=False
    ).select_related("user"):
        certificate_issue(user=enrolment.user, course=course)
    return cohort
