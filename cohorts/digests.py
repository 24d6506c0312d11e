"""The facilitators' weekly digest: per active cohort they facilitate, who has stalled (with
their next step), who completed the course in the last 7 days, and what other plugins add.

`manage.py send_weekly_digests` (run once a week) calls `weekly_digests_announce`. Cohorts
builds each digest; it does not send it. The host turns it into a notification and an email
(adding the greeting, the sign-off and the unsubscribe link) through the Wagtail hook

    cohorts_weekly_digest: fn(facilitator=user, digest=WeeklyDigest)

called once per facilitator with something to report. A facilitator with nothing to report
(no stalled learners, no completions and no section items in any of their active cohorts)
gets no digest at all: a weekly email saying "nothing happened" teaches people to ignore the
ones that matter. Within a digest, a cohort with nothing to report is left out.

Later plugins add sections per cohort through

    cohorts_weekly_digest_sections: fn(cohort=cohort, since=datetime)
        -> None or {"heading": str, "items": [{"text": str, "url": str}], "summary": str}

("summary", optional, counts the section in the digest's one-line summary, in the right
number: "1 shared entry with no response yet").

(the journal adds "Shared entries with no response yet"). A digest may name learners, but
never quotes a journal entry: a section's items say that something is waiting and link to it,
and the link checks who may read it. Headings read as a plural noun phrase (the summary line
counts them: "2 shared entries with no response yet").

Only active cohorts (status Active) count; archived ones have finished. Each cohort is read
once per run, whatever number of facilitators it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from cohorts.models import Cohort
from cohorts.selectors import STALLED, cohort_learner_rows
from cohorts.tasks import absolute

DIGEST_PERIOD = timedelta(days=7)
SECTIONS_HOOK = "cohorts_weekly_digest_sections"
DIGEST_HOOK = "cohorts_weekly_digest"


@dataclass
class StalledLearner:
    name: str
    quiet_days: int
    next_step_title: str
    next_step_url: str  # absolute


@dataclass
class Completion:
    name: str
    completed_at: datetime


@dataclass
class DigestItem:
    text: str
    url: str  # absolute


@dataclass
class DigestSection:
    heading: str
    items: list[DigestItem]
    # How the one-line summary counts it ("1 shared entry with no response yet"); without
    # one, the count and the heading in lower case.
    summary: str = ""


@dataclass
class CohortDigest:
    cohort: Cohort
    stalled: list[StalledLearner] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)
    sections: list[DigestSection] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The cohort's page, filtered to those who have stalled when anyone has."""
        page = reverse("cohorts:detail", args=[self.cohort.pk])
        return f"{page}?show={STALLED}" if self.stalled else page

    @property
    def url(self) -> str:
        return absolute(self.path)

    @property
    def has_news(self) -> bool:
        return bool(self.stalled or self.completions or self.sections)

    @property
    def summary(self) -> str:
        """ "Spring cohort: 2 stalled, 1 completed this week"."""
        parts = []
        if self.stalled:
            parts.append(f"{len(self.stalled)} stalled")
        if self.completions:
            parts.append(f"{len(self.completions)} completed this week")
        for section in self.sections:
            heading = section.heading[:1].lower() + section.heading[1:]
            parts.append(section.summary or f"{len(section.items)} {heading}")
        return f"{self.cohort.name}: {', '.join(parts)}"


@dataclass
class WeeklyDigest:
    facilitator: object
    since: datetime
    until: datetime
    cohorts: list[CohortDigest]
    summary: str = ""  # one line: "Spring cohort: 2 stalled, 1 completed this week"
    text: str = ""  # the plain-text body, without greeting or sign-off
    path: str = ""  # where to act on it: the one cohort's page, or the cohort list

    @property
    def url(self) -> str:
        return absolute(self.path)


def _sections(*, cohort: Cohort, since: datetime) -> list[DigestSection]:
    sections = []
    for fn in hooks.get_hooks(SECTIONS_HOOK):
        found = fn(cohort=cohort, since=since)
        if not found or not found.get("items"):
            continue
        items = [
            DigestItem(
                text=str(item["text"]),
                url=absolute(item["url"]) if item["url"].startswith("/") else item["url"],
            )
            for item in found["items"]
        ]
        sections.append(
            DigestSection(
                heading=str(found["heading"]), items=items, summary=str(found.get("summary", ""))
            )
        )
    return sections


def cohort_digest_build(*, cohort: Cohort, since: datetime, until: datetime) -> CohortDigest:
    """What happened in one cohort: three queries, plus whatever the section hooks read."""
    rows = cohort_learner_rows(cohort=cohort, now=until)
    stalled = sorted((r for r in rows if r.stalled), key=lambda r: (-r.quiet_days, r.user.name))
    course = cohort.course
    return CohortDigest(
        cohort=cohort,
        stalled=[
            StalledLearner(
                name=row.user.name or row.user.email,
                quiet_days=row.quiet_days,
                next_step_title=row.next_step.title if row.next_step else course.title,
                next_step_url=absolute(row.next_step.url if row.next_step else course.url),
            )
            for row in stalled
        ],
        completions=[
            Completion(name=row.user.name or row.user.email, completed_at=completed_at)
            for completed_at, row in sorted(
                (
                    (r.completed_at, r)
                    for r in rows
                    if r.completed_at and since <= r.completed_at < until
                ),
                key=lambda pair: pair[0],
            )
        ],
        sections=_sections(cohort=cohort, since=since),
    )


def weekly_digests_build(*, until: datetime | None = None) -> list[WeeklyDigest]:
    """A digest for each facilitator of an active cohort who has something to report."""
    until = until or timezone.now()
    since = until - DIGEST_PERIOD
    cohorts = list(
        Cohort.objects.filter(status=Cohort.Status.ACTIVE)
        .select_related("course")
        .prefetch_related("facilitators")
        .order_by("name", "pk")
    )
    by_facilitator: dict[int, list[CohortDigest]] = {}
    facilitators = {}
    for cohort in cohorts:
        people = [f for f in cohort.facilitators.all() if f.is_active]
        if not people:
            continue
        found = cohort_digest_build(cohort=cohort, since=since, until=until)
        if not found.has_news:
            continue
        for person in people:
            facilitators[person.pk] = person
            by_facilitator.setdefault(person.pk, []).append(found)
    return [
        _digest(facilitator=facilitators[pk], since=since, until=until, cohorts=found)
        for pk, found in sorted(by_facilitator.items())
    ]


def weekly_digest_build(*, facilitator, until: datetime | None = None) -> WeeklyDigest | None:
    """One facilitator's digest, or None when they have nothing to report."""
    until = until or timezone.now()
    since = until - DIGEST_PERIOD
    cohorts = (
        Cohort.objects.filter(status=Cohort.Status.ACTIVE, facilitators=facilitator)
        .select_related("course")
        .order_by("name", "pk")
    )
    found = [cohort_digest_build(cohort=c, since=since, until=until) for c in cohorts]
    found = [c for c in found if c.has_news]
    if not found:
        return None
    return _digest(facilitator=facilitator, since=since, until=until, cohorts=found)


def _digest(*, facilitator, since, until, cohorts: list[CohortDigest]) -> WeeklyDigest:
    digest = WeeklyDigest(
        facilitator=facilitator,
        since=since,
        until=until,
        cohorts=cohorts,
        summary="; ".join(c.summary for c in cohorts),
        path=cohorts[0].path if len(cohorts) == 1 else reverse("cohorts:list"),
    )
    digest.text = render_to_string("cohorts/email/weekly_digest.txt", {"digest": digest}).strip()
    return digest


def weekly_digests_announce(*, until: datetime | None = None) -> list[WeeklyDigest]:
    """Build every facilitator's digest and hand each to the `cohorts_weekly_digest` hook."""
    digests = weekly_digests_build(until=until)
    for digest in digests:
        for fn in hooks.get_hooks(DIGEST_HOOK):
            fn(facilitator=digest.facilitator, digest=digest)
    return digests


def facilitators_with_active_cohorts():
    """Everyone the weekly run looks at (for the command's report)."""
    return (
        get_user_model()
        .objects.filter(facilitated_cohorts__status=Cohort.Status.ACTIVE, is_active=True)
        .distinct()
    )
