"""The facilitators' weekly digest (cohorts/digests.py, `manage.py send_weekly_digests`): what
it says about a cohort, who gets one, and how it is handed to the host through a hook."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail import hooks

from cohorts import services
from cohorts.digests import weekly_digest_build, weekly_digests_announce
from cohorts.models import Cohort, Membership
from learning.models import Enrolment
from tests.cohorts.helpers import complete_stages


@pytest.fixture
def week(make_user, member, cohort, course):
    """The Spring cohort this week: Amara stalled in module 1 (Learn done 20 days ago), Dan
    completed the course 3 days ago, Cara 10 days ago (last week), Eve is active."""
    now = timezone.now()
    complete_stages(member, course.test_modules[0], stages=("learn",))
    Enrolment.objects.filter(user=member).update(last_activity_at=now - timedelta(days=20))
    people = {"amara": member}
    for key, email, name, finished in [
        ("dan", "dan@example.org", "Dan Dale", 3),
        ("cara", "cara@example.org", "Cara Cole", 10),
    ]:
        people[key] = make_user(email=email, name=name)
        services.cohort_join(cohort=cohort, user=people[key])
        for module in course.test_modules:
            complete_stages(people[key], module)
        Enrolment.objects.filter(user=people[key]).update(
            completed_at=now - timedelta(days=finished),
            last_activity_at=now - timedelta(days=finished),
        )
    people["eve"] = make_user(email="eve@example.org", name="Eve Evans")
    services.cohort_join(cohort=cohort, user=people["eve"])
    return people


def awaiting(cohort, since):
    return {
        "heading": "Shared entries with no response yet",
        "items": [
            {"text": "Amara Okafor shared an entry 2 days ago", "url": "/journal/1/"},
            {"text": "Dan Dale shared an entry 5 days ago", "url": "/journal/2/"},
        ],
    }


def test_digest_lists_stalled_learners_with_next_step_completions_and_sections(
    facilitator, cohort, course, week
):
    with hooks.register_temporarily("cohorts_weekly_digest_sections", awaiting):
        digest = weekly_digest_build(facilitator=facilitator)

    assert digest is not None
    assert digest.facilitator == facilitator
    assert digest.until - digest.since == timedelta(days=7)
    [spring] = digest.cohorts
    assert spring.cohort == cohort
    first = course.test_modules[0]
    assert [(s.name, s.quiet_days, s.next_step_title) for s in spring.stalled] == [
        ("Amara Okafor", 20, first.title)
    ]
    assert re.fullmatch(rf"https?://\S+{re.escape(first.url)}", spring.stalled[0].next_step_url)
    assert [c.name for c in spring.completions] == ["Dan Dale"]  # Cara finished last week
    assert digest.summary == (
        "Spring cohort: 1 stalled, 1 completed this week, 2 shared entries with no response yet"
    )
    assert digest.path == f"/cohorts/{cohort.pk}/?show=stalled"

    text = digest.text
    assert "Stalled: no activity for 14 days or more (1)" in text
    assert f"- Amara Okafor, no activity for 20 days. Next step: {first.title}" in text
    assert re.search(rf"^  https?://\S+{re.escape(first.url)}$", text, re.M), text
    dan_done = timezone.localtime(Enrolment.objects.get(user=week["dan"]).completed_at)
    assert f"- Dan Dale, {dan_done.day} {dan_done:%B %Y}" in text
    assert "Cara Cole" not in text and "Eve Evans" not in text
    assert "Shared entries with no response yet (2)" in text
    assert "- Dan Dale shared an entry 5 days ago" in text
    assert re.search(r"^  https?://\S+/journal/2/$", text, re.M)
    assert re.search(rf"See Spring cohort: https?://\S+/cohorts/{cohort.pk}/\?show=stalled", text)
    assert not text.lower().startswith(("hello", "dear", "hi ")), "the host adds the greeting"


def test_facilitator_with_nothing_to_report_gets_no_digest(
    other_facilitator, other_cohort, make_user
):
    quiet = make_user(email="quiet@example.org", name="Quinn Quiet")
    services.cohort_join(cohort=other_cohort, user=quiet)  # active today

    with hooks.register_temporarily("cohorts_weekly_digest_sections", lambda **kw: None):
        assert weekly_digest_build(facilitator=other_facilitator) is None


def test_the_hook_receives_one_digest_per_facilitator_with_news(
    facilitator, other_facilitator, other_cohort, cohort, week, make_user
):
    services.cohort_join(
        cohort=other_cohort, user=make_user(email="q@example.org", name="Quinn Quiet")
    )
    received = []

    def listener(facilitator, digest):
        received.append((facilitator, digest))

    with hooks.register_temporarily("cohorts_weekly_digest", listener):
        digests = weekly_digests_announce()

    assert [(f, d.summary) for f, d in received] == [
        (facilitator, "Spring cohort: 1 stalled, 1 completed this week")
    ]
    assert digests == [d for _, d in received]


def test_a_facilitator_of_two_cohorts_gets_one_digest_for_both(
    facilitator, cohort, course, week, make_user
):
    summer = Cohort.objects.create(name="Summer cohort", course=course, starts_on=date(2027, 6, 1))
    summer.facilitators.add(facilitator)
    stuck = make_user(email="sam@example.org", name="Sam Stuck")
    services.cohort_join(cohort=summer, user=stuck)
    Enrolment.objects.filter(user=stuck).update(
        last_activity_at=timezone.now() - timedelta(days=30)
    )
    archived = Cohort.objects.create(
        name="Winter cohort",
        course=course,
        starts_on=date(2025, 1, 6),
        status=Cohort.Status.ARCHIVED,
    )
    archived.facilitators.add(facilitator)
    Membership.objects.create(cohort=archived, user=week["amara"])

    digest = weekly_digest_build(facilitator=facilitator)

    assert [c.cohort.name for c in digest.cohorts] == ["Spring cohort", "Summer cohort"]
    assert digest.summary == (
        "Spring cohort: 1 stalled, 1 completed this week; Summer cohort: 1 stalled"
    )
    assert digest.path == "/cohorts/"
    assert "Winter cohort" not in digest.text
    assert "- Sam Stuck, no activity for 30 days." in digest.text


def test_a_cohort_with_nothing_to_report_is_left_out_of_the_digest(
    facilitator, cohort, course, make_user, member
):
    summer = Cohort.objects.create(name="Summer cohort", course=course, starts_on=date(2027, 6, 1))
    summer.facilitators.add(facilitator)
    stuck = make_user(email="sam@example.org", name="Sam Stuck")
    services.cohort_join(cohort=summer, user=stuck)
    Enrolment.objects.filter(user=stuck).update(
        last_activity_at=timezone.now() - timedelta(days=30)
    )

    digest = weekly_digest_build(facilitator=facilitator)

    assert [c.cohort.name for c in digest.cohorts] == ["Summer cohort"]  # Amara is active
    assert "Spring cohort" not in digest.text
    assert digest.path == f"/cohorts/{summer.pk}/?show=stalled"


def test_a_section_alone_is_news(facilitator, cohort, member):
    with hooks.register_temporarily("cohorts_weekly_digest_sections", awaiting):
        digest = weekly_digest_build(facilitator=facilitator)

    assert digest.summary == "Spring cohort: 2 shared entries with no response yet"
    assert digest.path == f"/cohorts/{cohort.pk}/"


def test_sections_are_asked_about_the_cohort_and_the_week(facilitator, cohort, member):
    asked = []

    def section(cohort, since):
        asked.append((cohort, since))

    with hooks.register_temporarily("cohorts_weekly_digest_sections", section):
        weekly_digest_build(facilitator=facilitator)

    [(asked_cohort, since)] = asked
    assert asked_cohort == cohort
    assert timedelta(days=7) - (timezone.now() - since) < timedelta(minutes=1)


def test_the_command_sends_the_digests(facilitator, other_facilitator, other_cohort, cohort, week):
    received = []
    out = io.StringIO()

    with hooks.register_temporarily(
        "cohorts_weekly_digest", lambda facilitator, digest: received.append(facilitator)
    ):
        call_command("send_weekly_digests", stdout=out)

    assert received == [facilitator]
    assert "Weekly digests: 1 sent; 1 facilitator had nothing to report." in out.getvalue()
