"""Reads for cohorts, each in a fixed number of queries whatever the cohort's size (asserted in
tests/cohorts/test_query_counts.py).

Who sees what: programme admins (the `cohorts.view_cohort` permission) see every cohort; a
facilitator sees the cohorts they facilitate; a learner sees the cohorts they belong to, but
only the member view (name, facilitators, co-members, the shared feed). Anyone else gets a 404.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Lower
from django.utils import timezone

from cohorts.models import Cohort, LearnerStatus, Membership, Nudge
from learning.models import (
    Enrolment,
    ModuleCompletion,
    ModulePage,
    SelfAssessment,
    SelfAssessmentConsent,
    Stage,
    StageCompletion,
)
from learning.selectors import framework_pictures

ADMIN = "admin"
FACILITATOR = "facilitator"
MEMBER = "member"
MIN_CONSENTING_FOR_AGGREGATE = 3
GRID_PAGE_SIZE = 100
STAGES = [Stage.LEARN, Stage.DO, Stage.REFLECT, Stage.SHARE]


def is_programme_admin(user) -> bool:
    """Holds `cohorts.view_cohort`, directly or through a group (one query, where
    user.has_perm would load every permission the person has)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_camino_programme_admin", None)
    if cached is None:
        cached = Permission.objects.filter(
            Q(user=user) | Q(group__user=user),
            codename="view_cohort",
            content_type__app_label="cohorts",
        ).exists()
        user._camino_programme_admin = cached
    return cached


def cohorts_for(*, user) -> dict[str, list[Cohort]]:
    """The cohorts someone facilitates (all of them for programme admins) and belongs to."""
    if not user.is_authenticated:
        return {"facilitating": [], "member_of": []}
    if is_programme_admin(user):
        found = Cohort.objects.all()
    else:
        found = Cohort.objects.filter(facilitators=user)
    facilitating: list[Cohort] = list(
        found.select_related("course")
        .annotate(learners=Count("memberships", filter=Q(memberships__ended_at__isnull=True)))
        .order_by("status", "-starts_on", "name")
    )
    member_of = list(
        Cohort.objects.filter(memberships__user=user, memberships__ended_at__isnull=True)
        .select_related("course")
        .order_by("-starts_on")
    )
    stalled = _stalled_counts(cohorts=facilitating, now=timezone.now())
    for cohort in facilitating:
        cohort.stalled = stalled.get(cohort.pk, 0)
    return {"facilitating": facilitating, "member_of": member_of}


def _stalled_counts(*, cohorts: list[Cohort], now: datetime) -> dict[int, int]:
    """How many have stalled in each cohort (the rule of `learner_state`), in one query."""
    if not cohorts:
        return {}
    days = {c.pk: timedelta(days=c.stalled_after_days) for c in cohorts}
    enrolment = Enrolment.objects.filter(
        course_id=OuterRef("cohort__course_id"), user_id=OuterRef("user_id")
    )
    counts: dict[int, int] = defaultdict(int)
    for cohort_id, joined_at, last_activity, completed_at in (
        Membership.objects.filter(cohort_id__in=list(days), ended_at__isnull=True)
        .annotate(
            last_activity=Subquery(enrolment.values("last_activity_at")[:1]),
            course_completed_at=Subquery(enrolment.values("completed_at")[:1]),
        )
        .values_list("cohort_id", "joined_at", "last_activity", "course_completed_at")
    ):
        if completed_at is None and now - (last_activity or joined_at) >= days[cohort_id]:
            counts[cohort_id] += 1
    return counts


def cohort_for(*, user, cohort_id: int, roles: tuple[str, ...]) -> tuple[Cohort, str] | None:
    """The cohort and the viewer's role in it, or None when there is no such cohort or the role
    is not one of `roles` (the view answers 404 for both: nobody learns a cohort exists).

    The cohort's facilitators are loaded with it (`cohort.facilitator_list`), so pages need
    no second query for them. A facilitator is recognised before the (costlier) permission
    check that finds programme admins."""
    if not user.is_authenticated:
        return None
    cohort = (
        Cohort.objects.select_related("course")
        .prefetch_related("facilitators")
        .filter(pk=cohort_id)
        .first()
    )
    if cohort is None:
        return None
    cohort.facilitator_list = sorted(cohort.facilitators.all(), key=lambda u: u.name.lower())
    if any(f.pk == user.pk for f in cohort.facilitator_list):
        role = FACILITATOR
    elif is_programme_admin(user):
        role = ADMIN
    else:
        role = None
    if role not in roles and MEMBER in roles:
        # A programme admin may also be a learner in a cohort (and so able to leave it).
        if Membership.objects.filter(cohort=cohort, user=user, ended_at__isnull=True).exists():
            role = MEMBER
    if role not in roles:
        return None
    return cohort, role


def modules_of(cohort: Cohort) -> list[ModulePage]:
    return list(
        ModulePage.objects.child_of(cohort.course)
        .live()
        .only(
            "id", "title", "slug", "url_path", "path", "depth", "is_required", "live", "locale_id"
        )
        .order_by("path")
    )


@dataclass
class GridRow:
    """One member of the cohort, as the grid, the CSV, the learner's page and the weekly
    digest describe them."""

    user: Any  # the member (the site's User model, which this plugin does not import)
    membership: Membership
    completed: int  # required modules completed
    percent: int
    last_activity: datetime | None
    status: LearnerStatus = LearnerStatus.NOT_STARTED
    stalled: bool = False
    quiet_days: int = 0  # whole days since their last activity (or joining, if none)
    quiet_since: datetime | None = None
    completed_at: datetime | None = None  # when they completed the course
    just_now: bool = False
    next_step: ModulePage | None = None  # filled by cohort_learner_rows only
    cells: list = field(
        default_factory=list
    )  # per module: {"done", "stages": [(key, label, done)]}

    @property
    def status_words(self) -> str:
        """The single word the CSV export gives: Stalled stands in for Not started or In
        progress, as it is what a facilitator acts on."""
        return "Stalled" if self.stalled else self.status.label


@dataclass
class Grid:
    cohort: Cohort
    modules: list[ModulePage]
    rows: list[GridRow]
    page: object
    total_learners: int
    shown_learners: int
    module_percent: list[int]
    sort: str
    inactive_days: int | None
    show: str = ""
    required_modules: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # per SHOW key, the whole cohort

    @property
    def module_totals(self) -> list[tuple[ModulePage, int]]:
        return list(zip(self.modules, self.module_percent, strict=True))

    @property
    def stalled_after_days(self) -> int:
        return self.cohort.stalled_after_days

    @property
    def filtered(self) -> bool:
        return bool(self.show or self.inactive_days or self.sort != "name")

    @property
    def summary(self) -> str:
        """How many learners the filters found, in a sentence ("3 learners have stalled.")."""
        n = self.shown_learners
        if not self.show and not self.inactive_days:
            return ""
        if self.show:
            sentence = f"{n} learner{_plural(n)} {SHOW_WORDS[self.show][n == 1]}"
            if self.inactive_days:
                sentence += f", with no activity in the last {_days(self.inactive_days)}"
            return sentence + "."
        days = _days(self.inactive_days or 0)  # (not 0 here: see the first test)
        return f"{n} learner{_plural(n)} with no activity in the last {days}."

    @property
    def empty_message(self) -> str:
        if self.show:
            return EMPTY_WORDS[self.show]
        if self.inactive_days:
            return f"Everyone has been active in the last {self.inactive_days} days."
        return ""


STALLED = "stalled"
# Per filter: (the verb for several learners, for one); the sentence when nobody matches.
SHOW_WORDS = {
    STALLED: ("have stalled", "has stalled"),
    LearnerStatus.NOT_STARTED: ("have not started", "has not started"),
    LearnerStatus.IN_PROGRESS: ("are in progress", "is in progress"),
    LearnerStatus.COMPLETED: ("have completed the course", "has completed the course"),
}
EMPTY_WORDS = {
    STALLED: "Nobody has stalled.",
    LearnerStatus.NOT_STARTED: "Everyone has started.",
    LearnerStatus.IN_PROGRESS: "Nobody is in progress.",
    LearnerStatus.COMPLETED: "Nobody has completed the course yet.",
}


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


def _days(n: int) -> str:
    return f"{n} day{_plural(n)}"


def _member_users(cohort: Cohort):
    return Membership.objects.filter(cohort=cohort, ended_at__isnull=True)


@dataclass
class _Progress:
    rows: list[GridRow]
    completions: set[tuple[int, int]]  # (user id, module id)
    per_module: dict[int, int]  # module id -> learners who completed it


def _memberships_with_progress(*, cohort: Cohort, modules: list[ModulePage]):
    """The cohort's current memberships with their user, their enrolment's dates and whether
    they have done any stage of the course (one query however many rows are read)."""
    module_ids = [m.id for m in modules]
    enrolment = Enrolment.objects.filter(course_id=cohort.course_id, user_id=OuterRef("user_id"))
    started = (
        Exists(
            StageCompletion.objects.filter(user_id=OuterRef("user_id"), module_id__in=module_ids)
        )
        if module_ids
        else Value(False)
    )
    return (
        _member_users(cohort)
        .select_related("user")
        .annotate(
            last_activity=Subquery(enrolment.values("last_activity_at")[:1]),
            course_completed_at=Subquery(enrolment.values("completed_at")[:1]),
            started=started,
        )
    )


def _cohort_progress(*, cohort: Cohort, modules: list[ModulePage], now: datetime) -> _Progress:
    """Every member's row (status, stalled, progress) in two queries whatever the cohort's
    size: the memberships with their enrolment's dates and whether they have done any stage,
    and every (learner, module) completion.

    A learner has stalled when they have not completed the course and their last activity in
    it (or, if there is none, their joining the cohort) is the cohort's `stalled_after_days`
    days ago or more. Activity before they joined the cohort counts: the course is the same
    course wherever they started it.
    """
    memberships = list(_memberships_with_progress(cohort=cohort, modules=modules))
    return _progress_of(cohort=cohort, modules=modules, memberships=memberships, now=now)


def _progress_of(
    *, cohort: Cohort, modules: list[ModulePage], memberships: list[Any], now: datetime
) -> _Progress:
    """The rows of these memberships (from `_memberships_with_progress`, which annotates each
    with `last_activity`, `course_completed_at` and `started`: hence `Any`), reading their
    (learner, module) completions in one query."""
    module_ids = [m.id for m in modules]
    required = {m.id for m in modules if m.is_required}
    user_ids = [m.user_id for m in memberships]
    # One read of every (learner, module) completion serves the sort, the page and the totals.
    completions = set(
        ModuleCompletion.objects.filter(user_id__in=user_ids, module_id__in=module_ids).values_list(
            "user_id", "module_id"
        )
    )
    completed_counts: dict[int, int] = defaultdict(int)
    per_module: dict[int, int] = defaultdict(int)
    for user_id, module_id in completions:
        per_module[module_id] += 1
        if module_id in required:
            completed_counts[user_id] += 1
    completed_any = {user_id for user_id, _ in completions}
    rows = []
    for membership in memberships:
        done = completed_counts.get(membership.user_id, 0)
        seen = membership.last_activity
        state = learner_state(
            cohort=cohort,
            joined_at=membership.joined_at,
            last_activity=seen,
            completed_at=membership.course_completed_at,
            started=membership.started or membership.user_id in completed_any,
            now=now,
        )
        rows.append(
            GridRow(
                user=membership.user,
                membership=membership,
                completed=done,
                percent=round(100 * done / len(required)) if required else 0,
                last_activity=seen,
                completed_at=membership.course_completed_at,
                just_now=seen is not None and now - seen < timedelta(minutes=1),
                **state,
            )
        )
    return _Progress(rows=rows, completions=completions, per_module=per_module)


def _fill_cells(
    *, rows: list[GridRow], modules: list[ModulePage], completions: set[tuple[int, int]]
) -> None:
    """Each row's cell per module: completed or not, and the state of each stage ("done",
    "skipped" (chose not to share) or None), in one query for all the rows."""
    module_ids = [m.id for m in modules]
    stages: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for user_id, module_id, stage, outcome in StageCompletion.objects.filter(
        user_id__in=[r.user.pk for r in rows], module_id__in=module_ids
    ).values_list("user_id", "module_id", "stage", "outcome"):
        stages[(user_id, module_id)][stage] = outcome
    for row in rows:
        for module in modules:
            states = stages.get((row.user.pk, module.id), {})
            row.cells.append(
                {
                    "done": (row.user.pk, module.id) in completions,
                    "stages": [(str(s), s.label, states.get(str(s))) for s in STAGES],
                }
            )


def learner_state(
    *,
    cohort: Cohort,
    joined_at: datetime,
    last_activity: datetime | None,
    completed_at: datetime | None,
    started: bool,
    now: datetime,
) -> dict:
    """Status, stalled or not, and how long they have been quiet: the one rule the grid, the
    learner's page and the weekly digest share."""
    quiet_since = last_activity or joined_at
    if completed_at is not None:
        status = LearnerStatus.COMPLETED
    elif started:
        status = LearnerStatus.IN_PROGRESS
    else:
        status = LearnerStatus.NOT_STARTED
    return {
        "status": status,
        "stalled": status != LearnerStatus.COMPLETED
        and now - quiet_since >= timedelta(days=cohort.stalled_after_days),
        "quiet_days": max((now - quiet_since).days, 0),
        "quiet_since": quiet_since,
    }


def _shows(row: GridRow, show: str) -> bool:
    return row.stalled if show == STALLED else row.status == show


def cohort_grid(
    *,
    cohort: Cohort,
    sort: str = "name",
    inactive_days: int | None = None,
    show: str = "",
    page: int | str = 1,  # as asked: Paginator.get_page copes with any value
    page_size: int | None = GRID_PAGE_SIZE,
) -> Grid:
    """Learners × modules. Sorting and the filters use one aggregate row per learner; the
    per-stage detail is read only for the learners on the page shown."""
    now = timezone.now()
    modules = modules_of(cohort)
    progress = _cohort_progress(cohort=cohort, modules=modules, now=now)
    rows = progress.rows
    total = len(rows)
    counts = {key: sum(1 for r in rows if _shows(r, key)) for key in SHOW_WORDS}
    if show not in SHOW_WORDS:
        show = ""
    if show:
        rows = [r for r in rows if _shows(r, show)]
    if inactive_days:
        cutoff = now - timedelta(days=inactive_days)
        rows = [r for r in rows if r.last_activity is None or r.last_activity < cutoff]
    if sort == "progress":
        rows.sort(key=lambda r: (-r.percent, r.user.name.lower()))
    elif sort == "progress-asc":
        rows.sort(key=lambda r: (r.percent, r.user.name.lower()))
    elif sort == "activity":
        # Those who completed the course are not waiting for anyone: they go last.
        rows.sort(
            key=lambda r: (r.status == LearnerStatus.COMPLETED, r.quiet_since, r.user.name.lower())
        )
    else:
        sort = "name"
        rows.sort(key=lambda r: (r.user.name.lower(), r.user.email))
    paginator = Paginator(rows, page_size or max(len(rows), 1))
    page_obj = paginator.get_page(page)
    shown = list(page_obj.object_list)
    _fill_cells(rows=shown, modules=modules, completions=progress.completions)
    per_module = progress.per_module
    module_percent = [round(100 * per_module.get(m.id, 0) / total) if total else 0 for m in modules]
    return Grid(
        cohort=cohort,
        modules=modules,
        rows=shown,
        page=page_obj,
        total_learners=total,
        shown_learners=len(rows),
        module_percent=module_percent,
        sort=sort,
        inactive_days=inactive_days,
        show=show,
        required_modules=sum(1 for m in modules if m.is_required),
        counts=counts,
    )


# Learners read per chunk of the CSV export: each chunk takes EXPORT_QUERIES_PER_CHUNK queries
# and holds its rows in memory until they are written, so the export's memory does not grow
# with the cohort. A few hundred keeps the queries few, their `IN` lists short and the first
# rows quick to leave.
EXPORT_CHUNK_SIZE = 200
# the chunk's memberships in order, their progress, their module completions, their stages
EXPORT_QUERIES_PER_CHUNK = 4


def member_count(*, cohort: Cohort) -> int:
    """How many learners are in the cohort now (one query)."""
    return _member_users(cohort).count()


def cohort_export_chunks(
    *, cohort: Cohort, modules: list[ModulePage], now: datetime | None = None
) -> Iterator[list[GridRow]]:
    """Every current member's row with its cells (as `cohort_grid` gives them), by name,
    EXPORT_CHUNK_SIZE rows at a time, for a CSV written as it is read.

    Keyset pagination over the memberships ordered by name (ignoring case), email and id:
    each chunk starts after the last row of the one before, so every chunk costs the same
    (EXPORT_QUERIES_PER_CHUNK queries) however far into the cohort it is, and someone who
    joins or leaves while the file is being written never shifts a learner into a second
    row or out of the file. The chunk's ids are found first and its progress read for those
    ids alone: read in the ordering query, the progress would be worked out for every
    learner still to come before the database could sort them, chunk after chunk. Names are
    ordered as the database orders them (SQLite: by code point; PostgreSQL: by its
    collation), the same order inside every chunk and across them.
    """
    now = now or timezone.now()
    ordered = (
        _member_users(cohort)
        .annotate(sort_name=Lower("user__name"))
        .order_by("sort_name", "user__email", "pk")
        .values_list("pk", "sort_name", "user__email")
    )
    after: tuple[int, str, str] | None = None
    while True:
        keys = ordered
        if after is not None:
            pk, name, email = after
            keys = keys.filter(
                Q(sort_name__gt=name)
                | Q(sort_name=name, user__email__gt=email)
                | Q(sort_name=name, user__email=email, pk__gt=pk)
            )
        chunk = list(keys[:EXPORT_CHUNK_SIZE])
        if not chunk:
            return
        position = {pk: n for n, (pk, _, _) in enumerate(chunk)}
        memberships = sorted(
            _memberships_with_progress(cohort=cohort, modules=modules).filter(pk__in=position),
            key=lambda m: position[m.pk],
        )
        progress = _progress_of(cohort=cohort, modules=modules, memberships=memberships, now=now)
        _fill_cells(rows=progress.rows, modules=modules, completions=progress.completions)
        yield progress.rows
        if len(chunk) < EXPORT_CHUNK_SIZE:
            return
        after = chunk[-1]


def cohort_learner_rows(*, cohort: Cohort, now: datetime | None = None) -> list[GridRow]:
    """Every member's row with their next step (`row.next_step`: the first module they have
    not completed, or None), for the weekly digest: three queries per cohort."""
    now = now or timezone.now()
    modules = modules_of(cohort)
    progress = _cohort_progress(cohort=cohort, modules=modules, now=now)
    for row in progress.rows:
        row.next_step = next(
            (m for m in modules if (row.user.pk, m.id) not in progress.completions), None
        )
    return progress.rows


def cohort_members(*, cohort: Cohort) -> dict:
    """What a member of the cohort may see: its facilitators and co-members' names."""
    return {
        "facilitators": list(cohort.facilitators.order_by("name")),
        "members": [
            m.user for m in _member_users(cohort).select_related("user").order_by("user__name")
        ],
    }


@dataclass
class LearnerDetail:
    learner: object
    membership: Membership
    modules: list
    completions: list  # (module, completed_at) in order of completion
    enrolment: Enrolment | None
    nudges: list
    consent: bool
    pictures: list
    state: dict = field(default_factory=dict)  # learner_state(): status, stalled, quiet_days


def learner_detail(*, cohort: Cohort, learner_id: int) -> LearnerDetail | None:
    """A learner of the cohort, or None when they are not (or never were) a member."""
    membership = (
        Membership.objects.filter(cohort=cohort, user_id=learner_id).select_related("user").first()
    )
    if membership is None:
        return None
    learner = membership.user
    modules = modules_of(cohort)
    by_id = {m.id: m for m in modules}
    completions = [
        (by_id[c.module_id], c.completed_at)
        for c in ModuleCompletion.objects.filter(user=learner, module_id__in=by_id).order_by(
            "completed_at"
        )
    ]
    stages: dict[int, dict[str, str]] = defaultdict(dict)
    for module_id, stage, outcome in StageCompletion.objects.filter(
        user=learner, module_id__in=by_id
    ).values_list("module_id", "stage", "outcome"):
        stages[module_id][stage] = outcome
    module_rows = [
        {"module": m, "stages": [(s.label, stages[m.id].get(str(s))) for s in STAGES]}
        for m in modules
    ]
    consent = SelfAssessmentConsent.objects.filter(user=learner, facilitators_may_see=True).exists()
    pictures = []
    if consent:
        pictures = framework_pictures(
            user=learner,
            frameworks=[cohort.course.framework],
            completed_module_ids={m.id for m, _ in completions},
        )
    enrolment = Enrolment.objects.filter(user=learner, course=cohort.course).first()
    state = learner_state(
        cohort=cohort,
        joined_at=membership.joined_at,
        last_activity=enrolment.last_activity_at if enrolment else None,
        completed_at=enrolment.completed_at if enrolment else None,
        started=bool(stages) or bool(completions),
        now=timezone.now(),
    )
    if not membership.is_active:
        state["stalled"] = False  # no longer in the cohort: not the facilitators' to chase
    return LearnerDetail(
        learner=learner,
        membership=membership,
        modules=module_rows,
        completions=completions,
        enrolment=enrolment,
        state=state,
        nudges=list(
            Nudge.objects.filter(learner=learner, cohort=cohort).select_related("sent_by")[:20]
        ),
        consent=consent,
        pictures=pictures,
    )


@dataclass
class ThemeAverage:
    theme: object
    baseline: Decimal | None
    latest: Decimal | None


def cohort_framework_view(*, cohort: Cohort) -> dict:
    """Average self-assessment per theme, baseline against latest, across consenting members;
    only where at least three have consented, so no one's ratings can be singled out."""
    framework = cohort.course.framework
    member_ids = list(_member_users(cohort).values_list("user_id", flat=True))
    consenting = list(
        SelfAssessmentConsent.objects.filter(
            user_id__in=member_ids, facilitators_may_see=True
        ).values_list("user_id", flat=True)
    )
    with_assessment = set(
        SelfAssessment.objects.filter(user_id__in=consenting, framework=framework).values_list(
            "user_id", flat=True
        )
    )
    result = {
        "framework": framework,
        "consenting": len(consenting),
        "assessed": len(with_assessment),
        "members": len(member_ids),
        "minimum": MIN_CONSENTING_FOR_AGGREGATE,
        "shown": len(with_assessment) >= MIN_CONSENTING_FOR_AGGREGATE,
        "themes": [],
    }
    if not result["shown"]:
        return result
    from learning.models import Rating

    snapshots = SelfAssessment.objects.filter(
        user_id__in=with_assessment, framework=framework
    ).order_by("created_at", "id")
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for snap in snapshots.values_list("id", "user_id"):
        first.setdefault(snap[1], snap[0])
        last[snap[1]] = snap[0]
    wanted = set(first.values()) | set(last.values())
    levels = defaultdict(list)  # (kind, theme_id) -> levels
    baseline_ids, latest_ids = set(first.values()), set(last.values())
    for assessment_id, theme_id, level in Rating.objects.filter(
        assessment_id__in=wanted,
        level__isnull=False,  # "Not sure yet" counts in no average
    ).values_list("assessment_id", "capability__theme_id", "level"):
        if assessment_id in baseline_ids:
            levels[("baseline", theme_id)].append(level)
        if assessment_id in latest_ids:
            levels[("latest", theme_id)].append(level)

    def average(values):
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1")) if values else None

    for theme in framework.themes.all().order_by("sort_order"):
        result["themes"].append(
            ThemeAverage(
                theme,
                average(levels[("baseline", theme.id)]),
                average(levels[("latest", theme.id)]),
            )
        )
    return result


def next_steps_for(*, cohort: Cohort, learners: list) -> dict[int, tuple[str, str]]:
    """Each learner's next step in the cohort's course: the first module not completed."""
    modules = modules_of(cohort)
    ids = [m.id for m in modules]
    done = defaultdict(set)
    for user_id, module_id in ModuleCompletion.objects.filter(
        user_id__in=[u.pk for u in learners], module_id__in=ids
    ).values_list("user_id", "module_id"):
        done[user_id].add(module_id)
    steps = {}
    for learner in learners:
        module = next((m for m in modules if m.id not in done[learner.pk]), None)
        if module is None:
            steps[learner.pk] = (cohort.course.title, cohort.course.url)
        else:
            steps[learner.pk] = (module.title, module.url)
    return steps


def finished_learner_ids(*, cohort: Cohort, learners: list) -> set[int]:
    """Those of `learners` who have completed the cohort's course: they have no next step to
    be reminded of."""
    return set(
        Enrolment.objects.filter(
            course_id=cohort.course_id,
            user_id__in=[u.pk for u in learners],
            completed_at__isnull=False,
        ).values_list("user_id", flat=True)
    )


def members_by_id(*, cohort: Cohort, ids: list[int]) -> list:
    User = get_user_model()
    return list(
        User.objects.filter(
            pk__in=ids, cohort_memberships__cohort=cohort, cohort_memberships__ended_at__isnull=True
        )
    )
