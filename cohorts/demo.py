"""Demo cohort: "Spring cohort", facilitated by facilitator@example.org, with both demo
learners at different points of the demo course (their progress comes from learning.demo) and
a third, Jordan Reid, who has stalled: joined five weeks ago, did Learn in module 1 three weeks
ago and nothing since, so the grid's "Stalled" tag shows on the first run.

Idempotent like the rest of the demo: Jordan's dates are set only when his step is first
recorded, so a second run changes nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from cohorts.models import Cohort, Membership
from cohorts.services import cohort_join
from learning.models import CoursePage, Enrolment, ModulePage, Stage, StageCompletion
from learning.services import self_assessment_consent_set, stage_complete

# The demo's published password (camino.demo holds the same; a plugin does not import the host).
DEMO_PASSWORD = "camino-demo"  # noqa: S105 - published in the README on purpose
STALLED_LEARNER = ("jordan.reid@example.org", "Jordan Reid")
JOINED_DAYS_AGO = 35
LEARN_DAYS_AGO = 21


def demo_cohorts_ensure(*, accounts: dict) -> Cohort | None:
    course = CoursePage.objects.filter(slug="leading-personalised-care-foundations").first()
    if course is None:
        return None
    cohort = Cohort.objects.filter(name="Spring cohort").first()
    if cohort is None:
        cohort = Cohort.objects.create(
            name="Spring cohort",
            course=course,
            starts_on=date(2026, 9, 14),
            ends_on=date(2027, 3, 26),
            capacity=30,
            join_code="SPRNG2K7QF",
        )
    cohort.facilitators.add(accounts["facilitator@example.org"])
    for email in ("learner@example.org", "learner2@example.org"):
        user = accounts[email]
        if not Membership.objects.filter(cohort=cohort, user=user, ended_at__isnull=True).exists():
            cohort_join(cohort=cohort, user=user)
            Membership.objects.filter(cohort=cohort, user=user).update(
                joined_at=datetime(2026, 9, 14, 10, 0, tzinfo=ZoneInfo("Europe/London"))
            )
    # Siân lets her facilitators see her self-assessments; Amara keeps hers private.
    self_assessment_consent_set(user=accounts["learner2@example.org"], allowed=True)
    _stalled_learner_ensure(cohort=cohort, course=course)
    return cohort


def _stalled_learner_ensure(*, cohort: Cohort, course: CoursePage) -> None:
    """Jordan Reid: in the cohort for five weeks, Learn of module 1 three weeks ago, no more."""
    email, name = STALLED_LEARNER
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not Membership.objects.filter(cohort=cohort, user=user, ended_at__isnull=True).exists():
        cohort_join(cohort=cohort, user=user)
    first = ModulePage.objects.child_of(course).live().order_by("path").first()
    if first is None:
        return
    if StageCompletion.objects.filter(user=user, module=first, stage=Stage.LEARN).exists():
        return
    now = timezone.now()
    joined = (now - timedelta(days=JOINED_DAYS_AGO)).replace(second=0, microsecond=0)
    learned = (now - timedelta(days=LEARN_DAYS_AGO)).replace(second=0, microsecond=0)
    stage_complete(user=user, module=first, stage=Stage.LEARN)
    StageCompletion.objects.filter(user=user, module=first, stage=Stage.LEARN).update(
        completed_at=learned
    )
    Membership.objects.filter(cohort=cohort, user=user).update(joined_at=joined)
    Enrolment.objects.filter(user=user, course=course).update(
        created_at=joined, last_activity_at=learned
    )
