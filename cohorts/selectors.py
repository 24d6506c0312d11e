"""Reads for cohorts, each in a fixed number of queries whatever the cohort's size (asserted in
tests/cohorts/test_query_counts.py).

Who sees what: programme admins (the `cohorts.view_cohort` permission) see every cohort; a
facilitator sees the cohorts they facilitate; a learner sees the cohorts they belong to, but
only the member view (name, facilitators, co-members, the shared feed). Anyone else gets a 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from cohorts.models import Cohort, Membership, Nudge
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
        facilitating = Cohort.objects.all()
    else:
        facilitating = Cohort.objects.filter(facilitators=user)
    facilitating = list(
        facilitating.select_related("course")
        .annotate(learners=Count("memberships", filter=Q(memberships__ended_at__isnull=True)))
        .order_by("status", "-starts_on", "name")
    )
    member_of = list(
        Cohort.objects.filter(memberships__user=user, memberships__ended_at__isnull=True)
        .select_related("course")
        .order_by("-starts_on")
    )
    return {"facilitating": facilitating, "member_of": member_of}


def cohort_for(*, user, cohort_id: int, roles: tuple[str, ...]) -> tuple[Cohort, str]:
    """The cohort and the viewer's role in it, or 404 when the role is not one of `roles`.

    The cohort's facilitators are loaded with it (`cohort.facilitator_list`), so pages need
    no second query for them. A facilitator is recognised before the (costlier) permission
    check that finds programme admins."""
    if not user.is_authenticated:
        raise Http404("No such cohort")
    cohort = (
        Cohort.objects.select_related("course")
        .prefetch_related("facilitators")
        .filter(pk=cohort_id)
        .first()
    )
    if cohort is None:
        raise Http404("No such cohort")
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
        raise Http404("No such cohort")
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
    user: object
    membership: Membership
    completed: int
    percent: int
    last_activity: datetime | None
    just_now: bool = False
    cells: list = field(
        default_factory=list
    )  # per module: {"done", "stages": [(key, label, done)]}


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


def _member_users(cohort: Cohort):
    return Membership.objects.filter(cohort=cohort, ended_at__isnull=True)


def cohort_grid(
    *,
    cohort: Cohort,
    sort: str = "name",
    inactive_days: int | None = None,
    page: int = 1,
    page_size: int | None = GRID_PAGE_SIZE,
) -> Grid:
    """Learners × modules. Sorting and the inactivity filter use one aggregate row per
    learner; the per-stage detail is read only for the learners on the page shown."""
    modules = modules_of(cohort)
    module_ids = [m.id for m in modules]
    required_ids = [m.id for m in modules if m.is_required]
    memberships = list(
        _member_users(cohort)
        .select_related("user")
        .annotate(
            last_activity=Subquery(
                Enrolment.objects.filter(
                    course_id=cohort.course_id, user_id=OuterRef("user_id")
                ).values("last_activity_at")[:1]
            )
        )
    )
    total = len(memberships)
    user_ids = [m.user_id for m in memberships]
    # One read of every (learner, module) completion serves the sort, the page and the totals.
    completions = set(
        ModuleCompletion.objects.filter(user_id__in=user_ids, module_id__in=module_ids).values_list(
            "user_id", "module_id"
        )
    )
    required = set(required_ids)
    completed_counts: dict[int, int] = defaultdict(int)
    per_module: dict[int, int] = defaultdict(int)
    for user_id, module_id in completions:
        per_module[module_id] += 1
        if module_id in required:
            completed_counts[user_id] += 1
    last_activity = {m.user_id: m.last_activity for m in memberships}
    rows = []
    for membership in memberships:
        done = completed_counts.get(membership.user_id, 0)
        percent = round(100 * done / len(required_ids)) if required_ids else 0
        seen = last_activity.get(membership.user_id)
        rows.append(
            GridRow(
                user=membership.user,
                membership=membership,
                completed=done,
                percent=percent,
                last_activity=seen,
                just_now=seen is not None and timezone.now() - seen < timedelta(minutes=1),
            )
        )
    if inactive_days:
        cutoff = timezone.now() - timedelta(days=inactive_days)
        rows = [r for r in rows if r.last_activity is None or r.last_activity < cutoff]
    if sort == "progress":
        rows.sort(key=lambda r: (-r.percent, r.user.name.lower()))
    elif sort == "progress-asc":
        rows.sort(key=lambda r: (r.percent, r.user.name.lower()))
    elif sort == "activity":
        oldest = timezone.now() - timedelta(days=36500)
        rows.sort(key=lambda r: (r.last_activity or oldest, r.user.name.lower()))
    else:
        sort = "name"
        rows.sort(key=lambda r: (r.user.name.lower(), r.user.email))
    paginator = Paginator(rows, page_size or max(len(rows), 1))
    page_obj = paginator.get_page(page)
    shown = list(page_obj.object_list)
    shown_ids = [r.user.pk for r in shown]
    # state of each stage: "done", "skipped" (chose not to share) or None
    stages: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for user_id, module_id, stage, outcome in StageCompletion.objects.filter(
        user_id__in=shown_ids, module_id__in=module_ids
    ).values_list("user_id", "module_id", "stage", "outcome"):
        stages[(user_id, module_id)][stage] = outcome
    for row in shown:
        for module in modules:
            states = stages.get((row.user.pk, module.id), {})
            row.cells.append(
                {
                    "done": (row.user.pk, module.id) in completions,
                    "stages": [(str(s), s.label, states.get(str(s))) for s in STAGES],
                }
            )
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
    )


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


def learner_detail(*, cohort: Cohort, learner_id: int) -> LearnerDetail:
    membership = (
        Membership.objects.filter(cohort=cohort, user_id=learner_id).select_related("user").first()
    )
    if membership is None:
        raise Http404("No such learner in this cohort")
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
    return LearnerDetail(
        learner=learner,
        membership=membership,
        modules=module_rows,
        completions=completions,
        enrolment=Enrolment.objects.filter(user=learner, course=cohort.course).first(),
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
        assessment_id__in=wanted
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


def members_by_id(*, cohort: Cohort, ids: list[int]) -> list:
    User = get_user_model()
    return list(
        User.objects.filter(
            pk__in=ids, cohort_memberships__cohort=cohort, cohort_memberships__ended_at__isnull=True
        )
    )
