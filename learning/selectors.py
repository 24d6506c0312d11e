"""Reads for the learning plugin. Each selector runs a fixed number of queries, whatever the
number of modules or courses (asserted in tests/learning/test_query_counts.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail import hooks

from learning import caching
from learning.models import (
    Capability,
    ChecklistTick,
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

    @property
    def continue_fragment(self) -> str:
        """Where "Continue where you left off" opens this module: at the next stage to do
        once the learner has started it; a module not started yet opens at its top, where its
        summary and capabilities say what it is about."""
        if not self.stages_done:
            return ""
        stage = next_stage_to_do(self.stages_done)
        return f"#stage-{stage}" if stage else ""


def next_stage_to_do(done) -> str | None:
    """The first of learn, do, reflect and share not yet done (or, for Share, skipped)."""
    return next((stage for stage in Stage.values if stage not in done), None)


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
    return caching.structure(
        "live-modules", [c.pk for c in courses], lambda: _live_modules_query(courses)
    )


def _live_modules_query(courses: list[CoursePage]) -> list[ModulePage]:
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


def enrolment_for_module(*, user, module: ModulePage) -> Enrolment | None:
    course_id = module.get_parent().id
    return Enrolment.objects.filter(user=user, course_id=course_id).first()


def required_stages(*, course: CoursePage) -> set[str]:
    stages = {Stage.LEARN, Stage.DO, Stage.REFLECT}
    if course.share_required:
        stages.add(Stage.SHARE)
    return {str(s) for s in stages}


def evaluation_consent_given(*, user) -> bool:
    return SelfAssessmentConsent.objects.filter(user=user, evaluation_may_use=True).exists()


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
    checklist_ticks: frozenset[str] = frozenset()  # block ids of the Do checklist's ticked items

    @property
    def is_complete(self) -> bool:
        return self.required_stages <= set(self.stages_done)

    @property
    def next_stage(self) -> str | None:
        return next_stage_to_do(self.stages_done)

    def done(self, stage: str) -> bool:
        return stage in self.stages_done


def module_journey(*, module: ModulePage, user, preview: bool = False) -> Journey:
    """Where `user` is in `module`. An editor's preview (`preview`) shows the module as a
    learner who has not started it sees it, with the capabilities ticked in the form, and a
    module not saved yet in the place it will take: last."""
    parent = module.get_parent()  # cached when the page was routed
    course = parent if isinstance(parent, CoursePage) else parent.specific
    siblings = caching.structure(  # the same for every reader: cached, see learning.caching
        "course-modules",
        [course.pk],
        lambda: list(
            ModulePage.objects.child_of(course)
            .live()
            .only("id", "title", "slug", "url_path", "path", "depth", "live", "locale_id")
            .order_by("path")
        ),
    )
    if module.pk is None:
        siblings.append(module)
    index = next((i for i, m in enumerate(siblings) if m is module or m.id == module.id), None)
    enrolment = None
    done: dict[str, StageCompletion] = {}
    ticks: frozenset[str] = frozenset()
    if user.is_authenticated and not preview:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
        done = {s.stage: s for s in StageCompletion.objects.filter(user=user, module=module)}
        if module.do_checklist:  # one query for any number of items
            ticks = frozenset(
                ChecklistTick.objects.filter(user=user, module=module).values_list(
                    "item_id", flat=True
                )
            )
    if preview:
        capabilities = sorted(
            module.capabilities.all(),  # the form's choices, saved or not
            key=lambda c: (c.theme.framework.name, c.theme.sort_order, c.sort_order),
        )
    else:
        capabilities = caching.structure(
            "module-capabilities",
            [module.pk],
            lambda: list(
                Capability.objects.filter(modules=module)
                .select_related("theme__framework")
                .order_by("theme__framework__name", "theme__sort_order", "sort_order")
            ),
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
        checklist_ticks=ticks,
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


def _average(levels: list[int | None]) -> Decimal | None:
    """None ("Not sure yet") counts in no average; only "Not sure yet" gives no average."""
    rated = [level for level in levels if level is not None]
    if not rated:
        return None
    return (Decimal(sum(rated)) / len(rated)).quantize(Decimal("0.1"))


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
    capabilities = caching.structure(
        "framework-capabilities",
        sorted(ids),
        lambda: list(
            Capability.objects.filter(theme__framework_id__in=ids)
            .select_related("theme")
            .order_by("theme__sort_order", "sort_order")
        ),
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
    levels: dict[tuple[int, int], int | None] = {
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
    panels: list[dict] = field(default_factory=list)
    evaluation_consent: bool = False


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
    choices = SelfAssessmentConsent.objects.filter(user=user).first()
    consent = bool(choices and choices.facilitators_may_see)
    panels = [
        panel for hook in hooks.get_hooks("learning_dashboard_panels") for panel in hook(user=user)
    ]
    return Dashboard(
        progress, recent, pictures, consent, panels, bool(choices and choices.evaluation_may_use)
    )


def self_assessment_form_data(*, user, framework: Framework):
    """Themes with capabilities and the learner's latest level for each (None: "Not sure
    yet"), to pre-fill the form. `steps` are the themes that have capabilities: one step each
    (a theme with nothing to rate would be an empty step)."""
    themes = list(framework.themes.prefetch_related("capabilities").order_by("sort_order"))
    latest = SelfAssessment.objects.filter(user=user, framework=framework).first()
    previous: dict[int, int | None] = {}
    if latest:
        previous = dict(latest.ratings.values_list("capability_id", "level"))
    history = list(
        SelfAssessment.objects.filter(user=user, framework=framework).order_by("-created_at")[:20]
    )
    return {
        "themes": themes,
        "steps": [theme for theme in themes if theme.capabilities.all()],
        "previous": previous,
        "latest": latest,
        "history": history,
        "levels": Level.choices,
    }


STAGE_ORDER = [Stage.LEARN, Stage.DO, Stage.REFLECT, Stage.SHARE]


# --- the moment of completion ------------------------------------------------------------------


@dataclass
class CourseCompletion:
    """What the completion page says about a course the learner has finished.

    `facts` are this plugin's (modules completed) followed by those of later plugins, through
    the Wagtail hook `learning_completion_facts`: each registered `fn(user=..., course=...)`
    returns a list of `{"label": str, "value": str}` (the journal adds reflections written and
    entries shared), so this plugin never imports the journal. `panels` come from the hook
    `learning_completion_panels` the same way: each `fn(user=..., course=...)` returns a list
    of `{"template": name, ...}` rendered in order (the certificate's panel).
    """

    course: CoursePage
    enrolment: Enrolment
    facts: list[dict]
    panels: list[dict] = field(default_factory=list)
    baseline_at: object = None  # the first self-assessment on the course's framework

    @property
    def time_taken(self) -> str:
        """From enrolling to completing, as a person would say it: weeks, rounded."""
        completed_at = self.enrolment.completed_at
        assert completed_at is not None  # only a completed course is described
        days = (completed_at - self.enrolment.created_at).days
        if days < 7:
            return "in less than a week"
        weeks = round(days / 7)
        return f"in {weeks} week{'' if weeks == 1 else 's'}"


def _completed_enrolment(*, user, course_id: int) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(user=user, course_id=course_id, completed_at__isnull=False)
        .select_related("course", "course__framework")
        .first()
    )


def course_completion_get(*, user, course_id: int) -> CourseCompletion | None:
    """The learner's completion of the course, or None when they have not completed it."""
    enrolment = _completed_enrolment(user=user, course_id=course_id)
    if enrolment is None:
        return None
    course = enrolment.course
    modules_completed = ModuleCompletion.objects.filter(
        user=user, module__path__startswith=course.path, module__depth=course.depth + 1
    ).count()
    facts = [{"label": "Modules completed", "value": str(modules_completed)}]
    for hook in hooks.get_hooks("learning_completion_facts"):
        facts += hook(user=user, course=course)
    baseline_at = (
        SelfAssessment.objects.filter(user=user, framework_id=course.framework_id)
        .order_by("created_at", "id")
        .values_list("created_at", flat=True)
        .first()
    )
    return CourseCompletion(
        course=course,
        enrolment=enrolment,
        facts=facts,
        panels=[
            panel
            for hook in hooks.get_hooks("learning_completion_panels")
            for panel in hook(user=user, course=course)
        ],
        baseline_at=baseline_at,
    )
