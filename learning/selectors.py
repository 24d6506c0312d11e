"""Reads for the learning plugin. Each selector runs a fixed number of queries, whatever the
number of modules or courses (asserted in tests/learning/test_query_counts.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q

from learning.models import (
    Capability,
    Certificate,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    Framework,
    ModuleCompletion,
    ModulePage,
    Rating,
    SelfAssessment,
    SelfAssessmentConsent,
    Stage,
    StageCompletion,
    Theme,
)
from learning.models.assessment import Level

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"


@dataclass
class ModuleStatus:
    module: ModulePage
    status: str
    stages_done: set[str] = field(default_factory=set)

    @property
    def is_completed(self) -> bool:
        return self.status == COMPLETED


@dataclass
class CourseProgress:
    course: CoursePage
    enrolment: Enrolment | None
    modules: list[ModuleStatus]

    @property
    def required(self) -> list[ModuleStatus]:
        return [m for m in self.modules if m.module.is_required]

    @property
    def percent(self) -> int:
        required = self.required
        if not required:
            return 0
        done = sum(1 for m in required if m.is_completed)
        return round(100 * done / len(required))

    @property
    def completed_required(self) -> int:
        return sum(1 for m in self.required if m.is_completed)

    @property
    def next_module(self) -> ModuleStatus | None:
        """Continue where you left off: the first module in progress, else the first not
        started (required before optional)."""
        for wanted in (IN_PROGRESS, NOT_STARTED):
            for candidate in self.required + [m for m in self.modules if not m.module.is_required]:
                if candidate.status == wanted:
                    return candidate
        return None


def _live_modules_of(courses: list[CoursePage]) -> list[ModulePage]:
    if not courses:
        return []
    condition = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    return list(
        ModulePage.objects.live()
        .filter(condition)
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "summary",
            "estimated_minutes",
            "is_required",
            "live",
            "locale_id",
        )
        .order_by("path")
    )


def _progress_for(*, user, modules: list[ModulePage]) -> tuple[dict[int, set[str]], set[int]]:
    ids = [m.id for m in modules]
    stages: dict[int, set[str]] = defaultdict(set)
    completed: set[int] = set()
    if user is None or not user.is_authenticated or not ids:
        return stages, completed
    for module_id, stage in StageCompletion.objects.filter(
        user=user, module_id__in=ids
    ).values_list("module_id", "stage"):
        stages[module_id].add(stage)
    completed = set(
        ModuleCompletion.objects.filter(user=user, module_id__in=ids).values_list(
            "module_id", flat=True
        )
    )
    return stages, completed


def _status(module_id: int, stages: dict[int, set[str]], completed: set[int]) -> str:
    if module_id in completed:
        return COMPLETED
    if stages.get(module_id):
        return IN_PROGRESS
    return NOT_STARTED


def _course_progress(
    *, courses: list[CoursePage], enrolments: dict[int, Enrolment], user
) -> list[CourseProgress]:
    modules = _live_modules_of(courses)
    stages, completed = _progress_for(user=user, modules=modules)
    by_course: dict[int, list[ModuleStatus]] = defaultdict(list)
    paths = {c.path: c.id for c in courses}
    for module in modules:
        course_id = paths[module.path[: -ModulePage.steplen]]
        by_course[course_id].append(
            ModuleStatus(
                module, _status(module.id, stages, completed), stages.get(module.id, set())
            )
        )
    return [CourseProgress(c, enrolments.get(c.id), by_course.get(c.id, [])) for c in courses]


def catalogue_courses(*, index_page: CourseIndexPage, user) -> list[dict]:
    courses = list(CoursePage.objects.child_of(index_page).live().select_related("image"))
    enrolled: dict[int, Enrolment] = {}
    if user.is_authenticated:
        enrolled = {
            e.course_id: e
            for e in Enrolment.objects.filter(user=user, course__in=[c.id for c in courses])
        }
    return [{"course": c, "enrolment": enrolled.get(c.id)} for c in courses]


def course_overview(*, course: CoursePage, user) -> CourseProgress:
    enrolments = {}
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
        if enrolment:
            enrolments[course.id] = enrolment
    return _course_progress(courses=[course], enrolments=enrolments, user=user)[0]


@dataclass
class Journey:
    course: CoursePage
    enrolment: Enrolment | None
    stages_done: dict[str, StageCompletion]
    previous: ModulePage | None
    next: ModulePage | None
    position: int
    total: int
    capabilities: list[Capability]
    required_stages: set[str]

    @property
    def is_complete(self) -> bool:
        return self.required_stages <= set(self.stages_done)

    def done(self, stage: str) -> bool:
        return stage in self.stages_done


def module_journey(*, module: ModulePage, user, preview: bool = False) -> Journey:
    """Where `user` is in `module`. An editor's preview (`preview`) shows the module as a
    learner who has not started it sees it, with the capabilities ticked in the form, and a
    module not saved yet in the place it will take: last."""
    from learning.services import required_stages

    parent = module.get_parent()  # cached when the page was routed
    course = parent if isinstance(parent, CoursePage) else parent.specific
    siblings = list(
        ModulePage.objects.child_of(course)
        .live()
        .only("id", "title", "slug", "url_path", "path", "depth", "live", "locale_id")
        .order_by("path")
    )
    if module.pk is None:
        siblings.append(module)
    index = next((i for i, m in enumerate(siblings) if m is module or m.id == module.id), None)
    enrolment = None
    done: dict[str, StageCompletion] = {}
    if user.is_authenticated and not preview:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
        done = {s.stage: s for s in StageCompletion.objects.filter(user=user, module=module)}
    if preview:
        capabilities = sorted(
            module.capabilities.all(),  # the form's choices, saved or not
            key=lambda c: (c.theme.framework.name, c.theme.sort_order, c.sort_order),
        )
    else:
        capabilities = list(
            Capability.objects.filter(modules=module)
            .select_related("theme__framework")
            .order_by("theme__framework__name", "theme__sort_order", "sort_order")
        )
    return Journey(
        course=course,
        enrolment=enrolment,
        stages_done=done,
        previous=siblings[index - 1] if index else None,
        next=siblings[index + 1] if index is not None and index + 1 < len(siblings) else None,
        position=(index or 0) + 1,
        total=len(siblings),
        capabilities=capabilities,
        required_stages=required_stages(course=course),
    )


@dataclass
class ThemeCoverage:
    theme: Theme
    total: int
    developed: int

    @property
    def percent(self) -> int:
        return round(100 * self.developed / self.total) if self.total else 0


@dataclass
class ThemeAssessment:
    theme: Theme
    baseline: Decimal | None
    latest: Decimal | None


@dataclass
class FrameworkPicture:
    framework: Framework
    coverage: list[ThemeCoverage]
    assessment: list[ThemeAssessment]
    baseline_at: object = None
    latest_at: object = None
    snapshots: int = 0


def _average(levels: list[int]) -> Decimal | None:
    if not levels:
        return None
    return (Decimal(sum(levels)) / len(levels)).quantize(Decimal("0.1"))


def _theme_average(snapshot, caps, levels) -> Decimal | None:
    if snapshot is None:
        return None
    return _average([levels[(snapshot.id, c.id)] for c in caps if (snapshot.id, c.id) in levels])


def framework_pictures(*, user, frameworks: list[Framework], completed_module_ids: set[int]):
    """Coverage (share of each theme's capabilities developed by completed modules) and
    self-assessment (baseline against latest, averaged per theme) for each framework."""
    if not frameworks:
        return []
    ids = [f.id for f in frameworks]
    capabilities = list(
        Capability.objects.filter(theme__framework_id__in=ids)
        .select_related("theme")
        .order_by("theme__sort_order", "sort_order")
    )
    developed = set(
        ModulePage.capabilities.through.objects.filter(
            modulepage_id__in=completed_module_ids, capability__theme__framework_id__in=ids
        ).values_list("capability_id", flat=True)
    )
    snapshots = list(
        SelfAssessment.objects.filter(user=user, framework_id__in=ids).order_by("created_at", "id")
    )
    first_last: dict[int, tuple[SelfAssessment, SelfAssessment]] = {}
    counts: dict[int, int] = defaultdict(int)
    for snap in snapshots:
        counts[snap.framework_id] += 1
        first = first_last.get(snap.framework_id, (snap, snap))[0]
        first_last[snap.framework_id] = (first, snap)
    wanted = {s.id for pair in first_last.values() for s in pair}
    levels: dict[tuple[int, int], int] = {
        (r.assessment_id, r.capability_id): r.level
        for r in Rating.objects.filter(assessment_id__in=wanted)
    }
    themes: dict[int, dict[int, list[Capability]]] = defaultdict(lambda: defaultdict(list))
    theme_objects: dict[int, Theme] = {}
    for cap in capabilities:
        themes[cap.theme.framework_id][cap.theme_id].append(cap)
        theme_objects[cap.theme_id] = cap.theme
    pictures = []
    for framework in frameworks:
        baseline, latest = first_last.get(framework.id, (None, None))
        coverage, assessment = [], []
        for theme_id, caps in themes[framework.id].items():
            theme = theme_objects[theme_id]
            coverage.append(
                ThemeCoverage(theme, len(caps), sum(1 for c in caps if c.id in developed))
            )

            assessment.append(
                ThemeAssessment(
                    theme,
                    _theme_average(baseline, caps, levels),
                    _theme_average(latest, caps, levels),
                )
            )
        pictures.append(
            FrameworkPicture(
                framework,
                coverage,
                assessment,
                baseline_at=baseline.created_at if baseline else None,
                latest_at=latest.created_at if latest else None,
                snapshots=counts.get(framework.id, 0),
            )
        )
    return pictures


@dataclass
class Dashboard:
    courses: list[CourseProgress]
    recent: list[StageCompletion]
    pictures: list[FrameworkPicture]
    consent: bool
    certificates: list = field(default_factory=list)


def dashboard_for(*, user) -> Dashboard:
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "course__framework")
        .order_by("-last_activity_at", "-created_at")
    )
    courses = [e.course for e in enrolments]
    progress = _course_progress(
        courses=courses, enrolments={e.course_id: e for e in enrolments}, user=user
    )
    recent = list(
        StageCompletion.objects.filter(user=user, module__live=True)
        .select_related("module")
        .only(
            "stage",
            "outcome",
            "completed_at",
            "module__title",
            "module__id",
            "module__url_path",
            "module__path",
            "module__depth",
            "module__live",
            "module__locale_id",
            "module__slug",
        )
        .order_by("-completed_at")[:5]
    )
    frameworks = list({c.framework_id: c.framework for c in courses}.values())
    completed_ids = {m.module.id for p in progress for m in p.modules if m.is_completed}
    pictures = framework_pictures(
        user=user, frameworks=frameworks, completed_module_ids=completed_ids
    )
    consent = SelfAssessmentConsent.objects.filter(user=user, facilitators_may_see=True).exists()
    certificates = list(
        Certificate.objects.filter(user=user)
        .exclude(status=Certificate.Status.REPLACED)
        .prefetch_related("name_requests")
        .order_by("-issued_at")
    )
    return Dashboard(progress, recent, pictures, consent, certificates)


def self_assessment_form_data(*, user, framework: Framework):
    """Themes with capabilities and the learner's latest level for each, to pre-fill the form."""
    themes = list(framework.themes.prefetch_related("capabilities").order_by("sort_order"))
    latest = SelfAssessment.objects.filter(user=user, framework=framework).first()
    previous = {}
    if latest:
        previous = dict(latest.ratings.values_list("capability_id", "level"))
    history = list(
        SelfAssessment.objects.filter(user=user, framework=framework).order_by("-created_at")[:20]
    )
    return {
        "themes": themes,
        "previous": previous,
        "latest": latest,
        "history": history,
        "levels": Level.choices,
    }


STAGE_ORDER = [Stage.LEARN, Stage.DO, Stage.REFLECT, Stage.SHARE]
