"""Demo cohort: "Spring cohort", facilitated by facilitator@example.org, with both demo
learners at different points of the demo course (their progress comes from learning.demo)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from cohorts.models import Cohort, Membership
from cohorts.services import cohort_join
from learning.models import CoursePage
from learning.services import self_assessment_consent_set


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
    return cohort
