"""Benchmark cases of the evaluation plugin: the programme admin's completion funnel and
distance-travelled pages at 500 and 5,000 learners in a 30-module course (each size its own
course, built the same way), the larger sampled interleaved with the smaller (its growth)
and the smaller interleaved with the plain page; and the evaluator export built at 5,000
learners. Each page's number of queries is recorded at both sizes: it should not depend on
the number of learners."""

import random
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from evaluation import exports
from evaluation.demo import _dates_as_given
from evaluation.selectors import Filters
from learning.models import (
    Enrolment,
    Rating,
    SelfAssessment,
    SelfAssessmentConsent,
    StageCompletion,
)
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved
from tests.benchmarks.learning_cases import PLAIN, plain_fetch
from tests.factories import (
    CapabilityFactory,
    CourseIndexPageFactory,
    FrameworkFactory,
    ThemeFactory,
    course_with_modules,
)

SIZES = (500, 5000)
MODULES = 30
THEMES = 4
CAPABILITIES_PER_THEME = 4
STAGES = ("learn", "do", "reflect", "share")
SEED = 2027
FIRST_ENROLMENT = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
GROWTH = "grows no faster than the number of learners (ratio ≤ 10x)"
PAGES = (("funnel", "completion funnel page"), ("distance", "distance travelled page"))


def _course_of(size: int, *, index):
    """A published course of 30 live modules on its own framework of 4 themes x 4
    capabilities."""
    framework = FrameworkFactory(name=f"Evaluation bench framework {size}")
    for t in range(THEMES):
        theme = ThemeFactory(framework=framework, name=f"Bench theme {t + 1}", sort_order=t)
        for c in range(CAPABILITIES_PER_THEME):
            CapabilityFactory(theme=theme, code=f"T{t + 1}C{c + 1}", sort_order=c)
    course, modules = course_with_modules(
        parent=index, modules=MODULES, framework=framework, title=f"Evaluation bench {size}"
    )
    capabilities = [c.id for theme in framework.themes.all() for c in theme.capabilities.all()]
    return course, modules, capabilities


def _learners_of(size: int, *, course, modules, capabilities) -> dict:
    """`size` enrolled learners (no usable password): about 1 in 10 never started, about half
    finished every module, the rest stopped part way (some in the middle of a module); two
    self-assessments each at least 28 days apart, every capability rated (5% 'not sure');
    about 85% agree to the evaluation. The same seed for every size."""
    rng = random.Random(SEED)  # reproducible test data, not security
    User = get_user_model()
    users = User.objects.bulk_create(
        (
            User(
                email=f"eval{size}-{i}@example.org",
                name=f"Evaluation learner {i:05d}",
                password="!",
            )
            for i in range(size)
        ),
        batch_size=2000,
    )
    enrolments, stage_rows, consents, plan = [], [], [], []
    for user in users:
        start = FIRST_ENROLMENT + timedelta(days=rng.randint(0, 180), hours=rng.randint(0, 8))
        luck = rng.random()
        if luck < 0.1:
            reach, partial = 0, 0
        elif luck < 0.55:
            reach, partial = MODULES, 0
        else:
            reach, partial = rng.randint(1, MODULES - 1), rng.randint(0, len(STAGES) - 1)
        day = start
        steps = [(m, s) for m in modules[:reach] for s in STAGES]
        if reach < MODULES:
            steps += [(modules[reach], s) for s in STAGES[:partial]]
        for module, stage in steps:
            day += timedelta(hours=rng.randint(6, 60))
            skipped = stage == "share" and rng.random() < 0.2
            stage_rows.append(
                StageCompletion(
                    user=user,
                    module=module,
                    stage=stage,
                    outcome="skipped" if skipped else "done",
                    completed_at=day,
                )
            )
        completed = day + timedelta(hours=1) if reach == MODULES else None
        enrolments.append(
            Enrolment(
                user=user,
                course=course,
                created_at=start,
                last_activity_at=day,
                completed_at=completed,
            )
        )
        consenting = rng.random() < 0.85
        consents.append(
            SelfAssessmentConsent(
                user=user,
                evaluation_may_use=consenting,
                evaluation_changed_at=start if consenting else None,
            )
        )
        baseline = {c: rng.choice([1, 1, 2, 2, 2, 3]) for c in capabilities}
        later_at = max(start + timedelta(days=28), day) + timedelta(days=rng.randint(1, 14))
        gain = rng.choice([0, 0.5, 0.5, 1])
        later = {c: min(4, level + (rng.random() < gain)) for c, level in baseline.items()}
        plan += [(user, start, baseline), (user, later_at, later)]

    with _dates_as_given(
        StageCompletion._meta.get_field("completed_at"),
        Enrolment._meta.get_field("created_at"),
        SelfAssessment._meta.get_field("created_at"),
    ):
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        StageCompletion.objects.bulk_create(stage_rows, batch_size=5000)
        SelfAssessmentConsent.objects.bulk_create(consents, batch_size=2000)
        snapshots = SelfAssessment.objects.bulk_create(
            (
                SelfAssessment(user=user, framework_id=course.framework_id, created_at=taken)
                for user, taken, _ in plan
            ),
            batch_size=2000,
        )
    Rating.objects.bulk_create(
        (
            Rating(
                assessment=snapshot,
                capability_id=capability_id,
                level=None if rng.random() < 0.05 else level,
            )
            for snapshot, (_, _, levels) in zip(snapshots, plan, strict=True)
            for capability_id, level in levels.items()
        ),
        batch_size=5000,
    )
    return {
        "stage_completions": len(stage_rows),
        "consenting": sum(c.evaluation_may_use for c in consents),
        "snapshots": len(snapshots),
    }


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@case
def evaluation_reports(ctx) -> list[Measurement]:
    User = get_user_model()
    admin = User.objects.create_superuser(
        email="bench-evaluation-admin@example.org", password=None, name="Bench programme admin"
    )
    client = Client()
    client.force_login(admin)
    index = CourseIndexPageFactory(
        parent=ctx["home"], slug="bench-evaluation-courses", title="Evaluation bench"
    )
    plain = plain_fetch(ctx, client)
    results: list[Measurement] = []
    courses = {}
    for size in SIZES:  # both sizes exist before any sample, so the pairs can interleave
        course, modules, capabilities = _course_of(size, index=index)
        facts = _learners_of(size, course=course, modules=modules, capabilities=capabilities)
        courses[size] = (course, facts)
    small, large = SIZES
    for page, label in PAGES:
        fetches = {
            s: get_ok(client, f"/admin/evaluation/{page}/?course={c.pk}")
            for s, (c, _) in courses.items()
        }
        queries = {s: _queries(f) for s, f in fetches.items()}
        small_name = f"evaluation {label}, {small:,} learners x {MODULES} modules"
        results.append(
            interleaved(
                small_name,
                fetches[small],
                baseline=PLAIN,
                baseline_fn=plain,
                repeat=10,
                warmup=2,
                notes={"learners": small, "queries": queries[small], **courses[small][1]},
            )
        )
        m = interleaved(
            f"evaluation {label}, {large:,} learners x {MODULES} modules",
            fetches[large],
            baseline=small_name,
            baseline_fn=fetches[small],
            repeat=5,
            warmup=2,
            target=GROWTH,
            max_ratio=10.0,
            notes={"learners": large, "queries": queries[large], **courses[large][1]},
        )
        m.notes |= {
            "time_growth": round(m.ratio, 2),
            "data_growth": large / small,
            "data": "learners",
            "queries_at_smaller_size": queries[small],
            "queries_equal": queries[large] == queries[small],
        }
        results.append(m)
    filters = Filters(courses[large][0])
    with CaptureQueriesContext(connection) as captured:
        zip_bytes, people = exports.build(filters)
    export_queries = len(captured.captured_queries)
    results.append(
        interleaved(
            f"evaluation export build (exports.build), {large:,} learners",
            lambda f=filters: exports.build(f),
            baseline=PLAIN,
            baseline_fn=plain,
            repeat=3,
            warmup=0,
            notes={
                "zip_bytes": len(zip_bytes),
                "zip_mib": round(len(zip_bytes) / 2**20, 2),
                "people": people,
                "queries": export_queries,
            },
        )
    )
    return results
