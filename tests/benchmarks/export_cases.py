"""Benchmark cases for the exports a person waits for.

- The cohort CSV at 500 and 5,000 learners (30 modules): time to the first learner's row, time
  to the whole file, and the peak memory (tracemalloc) of making the whole file. A streamed
  export answers at once and its memory does not grow with the cohort.
- The journal PDF made inside the request at its limits (`reflections.views`): the most
  entries of typical length (with conversations), and the most characters in a few long
  entries. Neither should take over 1.5 s here on a busy run.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.test import Client

from cohorts.models import Cohort
from reflections.models import Comment, JournalEntry, Share
from reflections.sanitise import plain_text
from tests.benchmarks.cohort_data import MODULES, cohort_of
from tests.benchmarks.harness import Measurement, case, get_ok, time_calls
from tests.factories import CourseIndexPageFactory, course_with_modules

CSV_SIZES = (500, 5000)


def _download(client, url: str) -> tuple[float, float, int]:
    """Milliseconds to the first learner's row (the header and one line), to the whole file,
    and its size in bytes. The body is read as a browser would and thrown away."""
    start = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    chunks = response.streaming_content if response.streaming else [response.content]
    first_row = None
    lines = size = 0
    for chunk in chunks:
        size += len(chunk)
        if first_row is None:
            lines += chunk.count(b"\n")
            if lines >= 2:
                first_row = (time.perf_counter() - start) * 1000
    whole = (time.perf_counter() - start) * 1000
    return (whole if first_row is None else first_row), whole, size


def _peak_memory(client, url: str) -> int:
    """Peak bytes Python allocated while making and reading the whole file."""
    gc.collect()
    tracemalloc.start()
    try:
        _download(client, url)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@case
def cohort_csv(ctx) -> list[Measurement]:
    rng = random.Random(18)  # reproducible test data, not security
    index = CourseIndexPageFactory(parent=ctx["home"], slug="export-courses", title="Exports")
    course, modules = course_with_modules(parent=index, modules=MODULES)
    course.test_modules = modules
    facilitator = ctx["accounts"]["facilitator@example.org"]
    client = Client()
    client.force_login(facilitator)
    results: list[Measurement] = []
    peaks = {}
    for size in CSV_SIZES:
        cohort = cohort_of(size, course=course, facilitator=facilitator, rng=rng, label="Export")
        url = f"/cohorts/{cohort.pk}/export.csv"
        repeat = 5 if size >= 5000 else 10
        _download(client, url)  # warm up
        gc.collect()
        firsts, wholes = [], []
        for _ in range(repeat):
            first, whole, nbytes = _download(client, url)
            firsts.append(first)
            wholes.append(whole)
        peaks[size] = _peak_memory(client, url)
        results.append(
            Measurement(
                f"cohort CSV, {size} learners: first row",
                firsts,
                baseline="plain page (same body as module)",
                target="answers at once",
                notes={"learners": size},
            )
        )
        results.append(
            Measurement(
                f"cohort CSV, {size} learners: whole file",
                wholes,
                baseline="plain page (same body as module)",
                notes={
                    "learners": size,
                    "bytes": nbytes,
                    "peak_memory_kib": round(peaks[size] / 1024),
                },
            )
        )
    small, large = CSV_SIZES
    growth = peaks[large] / peaks[small]
    results[-1].notes["peak_memory_growth"] = round(growth, 2)
    for size in CSV_SIZES:
        print(f"  cohort CSV, {size} learners: peak memory {peaks[size] / 1024 / 1024:.1f} MiB")
    print(f"  peak memory grew {growth:.2f}x while learners grew {large / small:g}x")
    return results


# --- the journal PDF inside the request --------------------------------------------------------

# Like the demo's entries: a few short paragraphs under What? / So what? / Now what?
TYPICAL = (
    "<h3>What?</h3><p>I asked Mrs K what a good day looks like. She talked about getting to the "
    "allotment on Thursdays, which none of our paperwork mentions.</p>"
    "<h3>So what?</h3><p>I had been planning around her medication times, not her week. Our "
    "plan had been built around our week, not theirs.</p>"
    "<ul><li>Start with Thursdays</li><li>Ask again next month</li></ul>"
    "<h3>Now what?</h3><p>Next visit I will start with her Thursday and work back, and I will "
    "bring this to the team meeting.</p>"
)
COMMENT = (
    "Thank you for this. The quote says it all. Could you bring the plan to our next session "
    "so others can borrow it?"
)
PARAGRAPH = (
    "I wrote down what happened at the review in as much detail as I could remember, because "
    "the family asked for a record they could check, and because I want to see next month "
    "whether the changes we agreed have held. "
)


def long_body(characters: int) -> str:
    """Paragraphs of plain prose of `characters` characters of text in all."""
    text = (PARAGRAPH * (characters // len(PARAGRAPH) + 1))[:characters]
    return "".join(f"<p>{text[i : i + 1000]}</p>" for i in range(0, len(text), 1000))


def journal_for_pdf(
    owner, *, typical: int = 0, long: int = 0, long_characters: int = 0, cohort=None, by=None
) -> None:
    """`typical` entries like the demo's, every third shared with `cohort` with two comments by
    `by`; and `long` entries of about `long_characters` characters of text each."""
    bodies = [TYPICAL] * typical + [long_body(long_characters)] * long
    entries = JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            title=f"Reflection {n + 1}: what matters to the people I support",
            body=body,
            body_text=plain_text(body),
            stage="reflect",
        )
        for n, body in enumerate(bodies)
    )
    if cohort is None:
        return
    shares = Share.objects.bulk_create(
        Share(entry=e, cohort=cohort, shared_by=owner) for e in entries[:typical:3]
    )
    Comment.objects.bulk_create(
        Comment(share=s, author=author, body=COMMENT) for s in shares for author in (by, owner)
    )


@case
def journal_pdf_in_request(ctx) -> list[Measurement]:
    from reflections.views import PDF_IN_REQUEST_MAX_CHARACTERS, PDF_IN_REQUEST_MAX_ENTRIES

    User = get_user_model()
    cohort = Cohort.objects.get(name="Spring cohort")
    facilitator = ctx["accounts"]["facilitator@example.org"]
    results = []
    # The two heaviest PDFs still made in the request: the most entries, like the demo's
    # (with conversations), and the most entries holding the most characters.
    shapes = {
        f"{PDF_IN_REQUEST_MAX_ENTRIES} typical entries, a third with comments": {
            "typical": PDF_IN_REQUEST_MAX_ENTRIES
        },
        f"{PDF_IN_REQUEST_MAX_ENTRIES} entries of {PDF_IN_REQUEST_MAX_CHARACTERS:,} characters": {
            "long": PDF_IN_REQUEST_MAX_ENTRIES,
            "long_characters": PDF_IN_REQUEST_MAX_CHARACTERS // PDF_IN_REQUEST_MAX_ENTRIES - 60,
        },
    }
    for n, (label, shape) in enumerate(shapes.items()):
        owner = User.objects.create(email=f"pdf-bench-{n}@example.org", name="Pat Bench")
        journal_for_pdf(owner, cohort=cohort, by=facilitator, **shape)
        client = Client()
        client.force_login(owner)
        fetch = get_ok(client, "/journal/export/?format=pdf")
        response = fetch()
        if response["Content-Type"] != "application/pdf":
            raise RuntimeError(f"{label}: not made in the request")
        # CPU time of the request: what a quiet machine takes, whatever else this one is doing
        cpu = []
        for _ in range(3):
            start = time.process_time()
            fetch()
            cpu.append((time.process_time() - start) * 1000)
        cpu_ms = round(statistics.median(cpu))
        print(f"  journal PDF, {label}: {cpu_ms} ms of CPU (a quiet machine's time)")
        results.append(
            Measurement(
                f"journal PDF in the request, {label}",
                time_calls(fetch, repeat=7, warmup=1),
                baseline="plain page (same body as module)",
                target="under 1,500 ms on a busy run",
                notes={"cpu_ms_median": cpu_ms},
            )
        )
    return results
