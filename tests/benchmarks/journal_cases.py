"""Benchmark cases for the journal: the list page of 500 entries; the PDF of 50 entries (the
most made while the learner waits) and of 500 (made by the background worker); each sampled
interleaved with the plain page."""

from django.test import Client

from reflections import exports
from reflections.models import JournalEntry
from reflections.sanitise import plain_text
from reflections.selectors import JournalFilters, owner_entries
from reflections.views import PDF_IN_REQUEST_MAX_ENTRIES
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved
from tests.benchmarks.learning_cases import PLAIN, plain_fetch

BODY = (
    "<h3>What?</h3><p>I asked what a good day looks like and listened to the answer.</p>"
    "<h3>So what?</h3><p>Our plan had been built around our week, not theirs.</p>"
    "<ul><li>Start with Thursdays</li><li>Ask again next month</li></ul>"
    "<h3>Now what?</h3><p>I will bring this to the team meeting.</p>"
)


def _journal_of(owner, count: int) -> None:
    JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            title=f"Reflection {i}: what matters",
            body=BODY,
            body_text=plain_text(BODY),
            stage="reflect",
        )
        for i in range(count)
    )


@case
def journal(ctx) -> list[Measurement]:
    owner = ctx["accounts"]["learner@example.org"]
    _journal_of(owner, 500)
    client = Client()
    client.force_login(owner)
    entries = list(owner_entries(owner=owner, filters=JournalFilters()))
    short = ctx["accounts"]["learner2@example.org"]
    _journal_of(
        short, PDF_IN_REQUEST_MAX_ENTRIES - JournalEntry.objects.filter(owner=short).count()
    )
    short_client = Client()
    short_client.force_login(short)
    return [
        interleaved(
            "journal list (500 entries)",
            get_ok(client, "/journal/"),
            baseline=PLAIN,
            baseline_fn=plain_fetch(ctx, client),
            target="within 2x",
            max_ratio=2.0,
        ),
        interleaved(
            f"journal PDF download ({PDF_IN_REQUEST_MAX_ENTRIES} entries, in the request)",
            get_ok(short_client, "/journal/export/?format=pdf"),
            baseline=PLAIN,
            baseline_fn=plain_fetch(ctx, short_client),
            repeat=5,
            warmup=1,
        ),
        interleaved(
            f"journal PDF render ({len(entries)} entries, background worker)",
            lambda: exports.as_pdf(owner=owner, entries=entries),
            baseline=PLAIN,
            baseline_fn=plain_fetch(ctx, client),
            repeat=3,
            warmup=1,
        ),
    ]
