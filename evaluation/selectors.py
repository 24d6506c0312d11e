"""The programme evaluation's figures, computed when asked (nothing is stored), each page in a
fixed number of queries whatever the number of learners: the per-person facts are read in a
few flat queries and counted here.

Who is counted (`Filters`): the people enrolled on the course, in the cohort if one is chosen,
whose enrolment started within the dates if given. Distance travelled and the export count only
those who consent to the evaluation at the moment of asking.

Small numbers: every count of people, mean and interval about fewer than 5 people is replaced
by "not shown" (evaluation.stats), and complementary suppression hides one more where a hidden
figure could otherwise be worked out by subtraction from a total or a neighbour.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from cohorts.models import Cohort, Membership
from evaluation.models import EXPORT_KEPT_FOR, EvaluationExport
from evaluation.stats import (
    MIN_PEOPLE,
    Shown,
    paired_change,
    suppress_count,
    suppress_mean,
    suppress_table,
)
from learning.certificates.models import Certificate
from learning.models import (
    Capability,
    CoursePage,
    Enrolment,
    ModulePage,
    Rating,
    SelfAssessment,
    SelfAssessmentConsent,
    Stage,
    StageCompletion,
)

ACTIVE_DAYS = 30
LATER_AFTER_DAYS = 28  # a "later" self-assessment is at least this long after the baseline
FOLLOW_UPS = {"3 months": (90, 180), "6 months": (180, None)}  # days after completing


@dataclass(frozen=True)
class Filters:
    course: CoursePage
    cohort: Cohort | None = None
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        parts = [self.course.title]
        if self.cohort is not None:
            parts.append(self.cohort.name)
        if self.date_from or self.date_to:
            start = self.date_from.strftime("%-d %b %Y") if self.date_from else "the start"
            end = self.date_to.strftime("%-d %b %Y") if self.date_to else "today"
            parts.append(f"enrolled {start} to {end}")
        return ", ".join(parts)


def enrolments_for(filters: Filters):
    enrolments = Enrolment.objects.filter(course=filters.course)
    if filters.cohort is not None:
        enrolments = enrolments.filter(
            user__cohort_memberships__cohort=filters.cohort,
        )
    if filters.date_from is not None:
        enrolments = enrolments.filter(created_at__date__gte=filters.date_from)
    if filters.date_to is not None:
        enrolments = enrolments.filter(created_at__date__lte=filters.date_to)
    return enrolments


def consenting(filters: Filters):
    """The user ids of the people in the filters who consent now, as a subquery."""
    return SelfAssessmentConsent.objects.filter(
        evaluation_may_use=True,
        user__in=enrolments_for(filters).values("user_id"),
    ).values("user_id")


def consenting_user_ids(filters: Filters) -> set[int]:
    return set(consenting(filters).values_list("user_id", flat=True))


# --- overview -------------------------------------------------------------------------------

OVERVIEW_COLUMNS = ("enrolled", "active", "completed", "certified")


@dataclass
class Overview:
    columns: tuple[str, ...]
    rows: list[tuple[str, dict[str, Shown]]]
    total: dict[str, Shown | None]


def overview(filters: Filters) -> Overview:
    """Enrolled, active in the last 30 days, completed and certified, per cohort and in all
    (4 queries)."""
    since = timezone.now() - timedelta(days=ACTIVE_DAYS)
    people = {
        row["user_id"]: row
        for row in enrolments_for(filters).values("user_id", "last_activity_at", "completed_at")
    }
    certified = set(
        Certificate.objects.filter(
            course=filters.course, status=Certificate.Status.VALID, user_id__in=list(people)
        ).values_list("user_id", flat=True)
    )
    memberships = Membership.objects.filter(cohort__course=filters.course, user_id__in=list(people))
    if filters.cohort is not None:
        memberships = memberships.filter(cohort=filters.cohort)
    cohort_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    names: dict[int, str] = {}
    for user_id, cohort_id, name in memberships.values_list("user_id", "cohort_id", "cohort__name"):
        cohort_of[user_id].append((cohort_id, name))
        names[cohort_id] = name

    def facts(user_id: int) -> dict[str, bool]:
        row = people[user_id]
        return {
            "enrolled": True,
            "active": bool(row["last_activity_at"] and row["last_activity_at"] >= since),
            "completed": row["completed_at"] is not None,
            "certified": user_id in certified,
        }

    counts: dict[int | None, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(OVERVIEW_COLUMNS, 0)
    )
    totals = dict.fromkeys(OVERVIEW_COLUMNS, 0)
    for user_id in people:
        known = facts(user_id)
        groups: list[int | None] = [cohort_id for cohort_id, _ in cohort_of.get(user_id, [])]
        groups = groups or [None]
        for group in groups:
            for column, yes in known.items():
                counts[group][column] += int(yes)
        for column, yes in known.items():
            totals[column] += int(yes)
    cohort_ids = sorted((k for k in counts if k is not None), key=lambda k: names[k].lower())
    ordered: list[int | None] = [*cohort_ids]
    if None in counts:
        ordered.append(None)
    table = suppress_table(
        {group: counts[group] for group in ordered}, row_totals=None, column_totals=totals
    )
    rows = [
        (names[group] if group is not None else "Not in a cohort", table.cells[group])
        for group in ordered
    ]
    total_row = {column: table.column_totals.get(column) for column in OVERVIEW_COLUMNS}
    if not ordered:
        total_row = {column: suppress_count(totals[column]) for column in OVERVIEW_COLUMNS}
    return Overview(OVERVIEW_COLUMNS, rows, total_row)


# --- completion funnel ---------------------------------------------------------------------


@dataclass
class FunnelStep:
    label: str
    module: str
    stage: str
    reached: Shown
    drop: Shown | None = None
    biggest_drop: bool = False


@dataclass
class Funnel:
    population: Shown
    steps: list[FunnelStep]
    completed: Shown
    median_days: Shown
    biggest_drop: FunnelStep | None = None


def _chain(values: list[int]) -> list[Shown]:
    """Suppress a chain of counts read one after another (people reaching each step): a count
    under 5 is hidden, and so is one that differs from the last shown count by 1 to 4, since
    that difference would be a figure about fewer than 5 people."""
    shown: list[Shown] = []
    last: int | None = None
    for value in values:
        hidden = value < MIN_PEOPLE or (last is not None and 0 < abs(last - value) < MIN_PEOPLE)
        if hidden:
            shown.append(Shown(None, True))
        else:
            shown.append(Shown(value, False))
            last = value
    return shown


def funnel(filters: Filters) -> Funnel:
    """How many people reached each stage of each live module and the course, where most
    stop (the biggest shown drop), and the median days from enrolling to completing
    (4 queries)."""
    enrolments = list(enrolments_for(filters).values_list("user_id", "created_at", "completed_at"))
    modules = list(
        ModulePage.objects.child_of(filters.course).live().order_by("path").values("id", "title")
    )
    reached = defaultdict(int)
    for module_id, stage, people in (
        StageCompletion.objects.filter(
            module_id__in=[m["id"] for m in modules],
            user_id__in=enrolments_for(filters).values("user_id"),
        )
        .values_list("module_id", "stage")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("module_id", "stage", "people")
    ):
        reached[(module_id, stage)] = people
    labels, values, keys = [], [], []
    for module in modules:
        for stage in Stage:
            labels.append(f"{module['title']}: {stage.label}")
            values.append(reached[(module["id"], stage.value)])
            keys.append((module["title"], stage.label))
    completed_days = [(done - started).days for _, started, done in enrolments if done is not None]
    chain = _chain([len(enrolments), *values, len(completed_days)])
    population, step_values, completed = chain[0], chain[1:-1], chain[-1]
    steps = []
    previous: Shown = population
    for label, (module, stage), value in zip(labels, keys, step_values, strict=True):
        drop = None
        # value is None exactly when suppressed (Shown)
        if value.value is not None and previous.value is not None:
            drop = Shown(previous.value - value.value, False)
        steps.append(FunnelStep(label, module, stage, value, drop))
        if not value.suppressed:
            previous = value
    drops = [
        (s.drop.value, s)
        for s in steps
        if s.drop is not None and s.drop.value is not None and s.drop.value > 0
    ]
    biggest = max(drops, key=lambda pair: pair[0])[1] if drops else None
    if biggest is not None:
        biggest.biggest_drop = True
    median = statistics.median(completed_days) if completed_days else None
    if median is not None:
        median = int(median) if float(median).is_integer() else round(median, 1)
    return Funnel(
        population,
        steps,
        completed,
        suppress_mean(len(completed_days), median),
        biggest,
    )


# --- distance travelled --------------------------------------------------------------------


@dataclass
class ChangeRow:
    label: str
    code: str
    n: int
    shown: bool
    before: float | None = None
    after: float | None = None
    change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    sd: float | None = None


@dataclass
class Comparison:
    title: str
    description: str
    people: Shown
    themes: list[ChangeRow] = field(default_factory=list)
    capabilities: list[ChangeRow] = field(default_factory=list)


@dataclass
class Distance:
    consenting: Shown
    comparisons: list[Comparison]


def _snapshot_choice(
    snapshots: list[tuple[int, datetime]], completed_at
) -> dict[str, tuple[int, int] | None]:
    """From one person's snapshots (id, taken at), oldest first: the baseline and, for each
    comparison, the snapshot it is compared with (None if there is none)."""
    if len(snapshots) < 2:
        return {}
    baseline_id, baseline_at = snapshots[0]
    later = [s for s in snapshots[1:] if s[1] - baseline_at >= timedelta(days=LATER_AFTER_DAYS)]
    choice: dict[str, tuple[int, int] | None] = {
        "later": (baseline_id, later[-1][0]) if later else None
    }
    for name, (start, end) in FOLLOW_UPS.items():
        picked = None
        if completed_at is not None:
            for snapshot_id, taken in later:
                days = (taken - completed_at).days
                if days >= start and (end is None or days < end):
                    picked = (baseline_id, snapshot_id)
                    break
        choice[name] = picked
    return choice


def _change_row(label: str, code: str, pairs: Sequence[tuple[float, float]]) -> ChangeRow:
    n = len(pairs)
    if n < MIN_PEOPLE:
        return ChangeRow(label, code, n, False)
    result = paired_change([b for b, _ in pairs], [a for _, a in pairs])
    assert result is not None  # None only below 2 people, and n >= MIN_PEOPLE here
    return ChangeRow(
        label,
        code,
        n,
        True,
        result.mean_before,
        result.mean_after,
        result.mean_change,
        result.ci_low,
        result.ci_high,
        result.sd_change,
    )


def distance_travelled(filters: Filters) -> Distance:
    """For consenting learners: their baseline against a self-assessment at least 28 days
    later (their latest), and against the first made 3 months (90 to 179 days) and 6 months
    (180 days or more) after completing the course; per theme (the mean of the capabilities
    rated, 'not sure' left out) and per capability, the paired mean change and its 95%
    interval (5 queries)."""
    framework_id = filters.course.framework_id
    who = consenting(filters)
    completed = dict(
        Enrolment.objects.filter(course=filters.course, user_id__in=who).values_list(
            "user_id", "completed_at"
        )
    )
    capabilities = list(
        Capability.objects.filter(theme__framework_id=framework_id)
        .select_related("theme")
        .order_by("theme__sort_order", "sort_order")
    )
    by_user: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    for snapshot_id, user_id, taken in (
        SelfAssessment.objects.filter(framework_id=framework_id, user_id__in=who)
        .order_by("created_at", "id")
        .values_list("id", "user_id", "created_at")
    ):
        by_user[user_id].append((snapshot_id, taken))
    choices = {
        user_id: _snapshot_choice(snapshots, completed.get(user_id))
        for user_id, snapshots in by_user.items()
    }
    wanted = {
        snapshot
        for choice in choices.values()
        for pair in choice.values()
        if pair
        for snapshot in pair
    }
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for snapshot_id, capability_id, level in Rating.objects.filter(
        assessment__framework_id=framework_id, assessment__user_id__in=who, level__isnull=False
    ).values_list("assessment_id", "capability_id", "level"):
        if snapshot_id in wanted and level is not None:  # (never None: filtered above)
            levels[snapshot_id][capability_id] = level

    themes: dict[int, tuple[str, list[int]]] = {}
    for capability in capabilities:
        themes.setdefault(capability.theme_id, (capability.theme.name, []))[1].append(capability.id)

    def theme_score(snapshot_id: int, capability_ids: list[int]) -> float | None:
        rated = [levels[snapshot_id][c] for c in capability_ids if c in levels[snapshot_id]]
        return sum(rated) / len(rated) if rated else None

    descriptions = {
        "later": "Baseline against a later self-assessment (their latest, at least 28 days "
        "after the baseline).",
        "3 months": "Baseline against the first self-assessment made 3 to 6 months after "
        "completing the course.",
        "6 months": "Baseline against the first self-assessment made 6 months or more after "
        "completing the course.",
    }
    titles = {
        "later": "Baseline and later",
        "3 months": "At the 3-month follow-up",
        "6 months": "At the 6-month follow-up",
    }
    comparisons = []
    for name in ("later", *FOLLOW_UPS):
        pairs = [pair for choice in choices.values() if (pair := choice.get(name))]
        comparison = Comparison(
            titles[name], descriptions[name], suppress_mean(len(pairs), len(pairs))
        )
        for theme_name, capability_ids in themes.values():
            scored = []
            for before, after in pairs:
                b, a = theme_score(before, capability_ids), theme_score(after, capability_ids)
                if b is not None and a is not None:
                    scored.append((b, a))
            comparison.themes.append(_change_row(theme_name, "", scored))
        for capability in capabilities:
            rated = [
                (levels[before][capability.id], levels[after][capability.id])
                for before, after in pairs
                if capability.id in levels[before] and capability.id in levels[after]
            ]
            comparison.capabilities.append(
                _change_row(capability.statement, capability.code, rated)
            )
        comparisons.append(comparison)
    return Distance(suppress_mean(len(completed), len(completed)), comparisons)


def filter_choices():
    """Courses and cohorts for the filter form (2 queries)."""
    courses = list(CoursePage.objects.live().order_by("title").only("id", "title"))
    cohorts = list(Cohort.objects.order_by("name").only("id", "name", "course_id"))
    return courses, cohorts


def exports_for(*, user) -> list[EvaluationExport]:
    since = timezone.now() - EXPORT_KEPT_FOR
    return list(EvaluationExport.objects.filter(requested_by=user, requested_at__gt=since))


def questions_for(course) -> list[str]:
    return [
        line.strip() for line in (course.follow_up_questions or "").splitlines() if line.strip()
    ]
