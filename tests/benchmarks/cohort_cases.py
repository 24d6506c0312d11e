"""Benchmark cases of the cohorts plugin: the facilitator's cohort page at 50, 500 and 5,000
learners in a 30-module course, as it opens and filtered to those who have stalled: the
larger sizes sampled interleaved with the 50-learner page (their growth), the 50-learner page
and the CSV exports interleaved with the plain page."""

import random

from django.test import Client

from tests.benchmarks.cohort_data import MODULES, cohort_of
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved
from tests.benchmarks.learning_cases import PLAIN, plain_fetch
from tests.factories import CourseIndexPageFactory, course_with_modules

SIZES = (50, 500, 5000)


@case
def cohort_pages(ctx) -> list[Measurement]:
    """Each size's page (and its stalled filter) sampled interleaved with the 50-learner page
    for its growth; the 50-learner pages and every CSV export interleaved with the plain page."""
    rng = random.Random(2026)  # reproducible test data, not security
    index = CourseIndexPageFactory(parent=ctx["home"], slug="bench-courses", title="Bench")
    course, modules = course_with_modules(parent=index, modules=MODULES)
    course.test_modules = modules
    facilitator = ctx["accounts"]["facilitator@example.org"]
    client = Client()
    client.force_login(facilitator)
    plain = plain_fetch(ctx, client)
    results = []
    first_url = None
    for size in SIZES:
        cohort = cohort_of(size, course=course, facilitator=facilitator, rng=rng)
        repeat = 25 if size < 5000 else 10
        url = f"/cohorts/{cohort.pk}/"
        notes = {"learners": size, "cells": size * MODULES}
        for suffix, label in (
            ("", "cohort page"),
            ("?show=stalled", "cohort page filtered to stalled"),
        ):
            name = f"{label}, {size} learners x {MODULES} modules"
            if first_url is None or size == SIZES[0]:
                results.append(
                    interleaved(
                        name,
                        get_ok(client, url + suffix),
                        baseline=PLAIN,
                        baseline_fn=plain,
                        repeat=repeat,
                        notes=dict(notes),
                    )
                )
                continue
            m = interleaved(
                name,
                get_ok(client, url + suffix),
                baseline=f"{label}, {SIZES[0]} learners x {MODULES} modules",
                baseline_fn=get_ok(client, first_url + suffix),
                repeat=repeat,
                target="grows no faster than its cells",
                notes=dict(notes),
            )
            m.notes |= {
                "time_growth": round(m.ratio, 2),
                "data_growth": size / SIZES[0],
                "data": f"cells (learners x modules) since {SIZES[0]} learners",
            }
            results.append(m)
        first_url = first_url or url
        results.append(
            interleaved(
                f"cohort CSV export, {size} learners",
                # the whole file: the export streams, so the response alone is only its header
                lambda url=f"/cohorts/{cohort.pk}/export.csv": b"".join(
                    get_ok(client, url)().streaming_content
                ),
                baseline=PLAIN,
                baseline_fn=plain,
                repeat=5,
                warmup=1,
            )
        )
    return results
