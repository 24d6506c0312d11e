"""Benchmark cases for the journal: the list page and the PDF export of 500 entries."""

from django.test import Client

from reflections.models import JournalEntry
from reflections.sanitise import plain_text
from tests.benchmarks.harness import Measurement, case, get_ok, time_calls

BODY = (
    "<h3>What?</h3><p>I asked what a good day looks like and listened to the answer.</p>"
    "<h3>So what?</h3><p>Our plan had been built around our week, not theirs.</p>"
    "<ul><li>Start with Thursdays</li><li>Ask again next month</li></ul>"
    "<h3>Now what?</h3><p>I will bring this to the team meeting.</p>"
)


@case
def journal(ctx) -> list[Measurement]:
    owner = ctx["accounts"]["learner@example.org"]
    JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            title=f"Reflection {i}: what matters",
            body=BODY,
            body_text=plain_text(BODY),
            stage="reflect",
        )
        for i in range(500)
    )
    client = Client()
    client.force_login(owner)
    return [
        Measurement(
            "journal list (500 entries)",
            time_calls(get_ok(client, "/journal/")),
            baseline="plain page (same body as module)",
        ),
        Measurement(
            "journal PDF export (500+ entries)",
            time_calls(get_ok(client, "/journal/export/?format=pdf"), repeat=3, warmup=1),
            baseline="plain page (same body as module)",
        ),
    ]
