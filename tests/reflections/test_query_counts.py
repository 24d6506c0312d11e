"""The journal stays fast as it grows: the list page runs the same queries for 5 entries as for
500 (with capabilities and shares on some), and a module page with journal panels stays within
the learning plugin's budget of 16 queries (15, and the header's unread count)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.services import stage_complete
from reflections.models import JournalEntry, Share
from tests.reflections.helpers import entry

MAX_LIST_QUERIES = 12
MAX_MODULE_QUERIES = 16  # as tests/learning/test_journey.py: 15, and the header's unread count


def bulk_journal(owner, count, *, course, cohort=None, module=None):
    """`count` entries for `owner` in a few queries: every third tagged with two capabilities,
    every fifth shared with `cohort`, every seventh shared and withdrawn."""
    modules = course.test_modules
    created = JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            title=f"Entry {n:04d}",
            body=f"<p>Words for entry {n}</p>",
            body_text=f"Words for entry {n}",
            stage=("learn", "do", "reflect", "share")[n % 4],
            module=module or modules[n % len(modules)],
            course=course,
        )
        for n in range(count)
    )
    created = list(JournalEntry.objects.filter(owner=owner).order_by("id"))
    Through = JournalEntry.capabilities.through
    caps = course.test_capabilities[:2]
    Through.objects.bulk_create(
        Through(journalentry_id=e.pk, capability_id=c.pk)
        for n, e in enumerate(created)
        if n % 3 == 0
        for c in caps
    )
    if cohort is not None:
        Share.objects.bulk_create(
            Share(entry=e, cohort=cohort, shared_by=owner)
            for n, e in enumerate(created)
            if n % 5 == 0 or n % 7 == 0
        )
        Share.objects.filter(entry__owner=owner, entry__in=created[::7]).exclude(
            entry__in=created[::5]
        ).update(withdrawn_at="2026-01-01T00:00:00Z", withdrawn_by=owner)
    return created


def queries(client, url) -> list[str]:
    client.get(url)  # warm per-process caches (site, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


LIST_URLS = [
    "/journal/",
    "/journal/?page=2",
    "/journal/?q=words+entry&stage=reflect",
    "/journal/?capability={cap}",
    "/journal/?shared=shared",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_the_list_page_runs_the_same_queries_for_5_and_500_entries(
    client, make_user, owner, course, cohort, url
):
    url = url.format(cap=course.test_capabilities[0].pk)
    small = make_user(email="small@example.org", name="Small Journal")
    from cohorts.services import cohort_join

    cohort_join(cohort=cohort, user=small)
    bulk_journal(small, 5, course=course, cohort=cohort)
    bulk_journal(owner, 500, course=course, cohort=cohort)

    counts = {}
    for user, size in ((small, 5), (owner, 500)):
        client.force_login(user)
        counts[size] = queries(client, url)

    print(f"\nlist page {url}: {len(counts[5])} queries (5), {len(counts[500])} (500)")
    assert len(counts[5]) == len(counts[500]), "\n".join(q[:140] for q in counts[500])
    assert len(counts[500]) <= MAX_LIST_QUERIES, "\n".join(q[:140] for q in counts[500])


def test_the_list_page_shows_20_of_500(client, owner, course, cohort):
    bulk_journal(owner, 500, course=course, cohort=cohort)
    client.force_login(owner)
    html = client.get("/journal/").content.decode()
    assert html.count('class="nhsuk-card__heading') == 20
    assert "page 2 of 25" in html


@pytest.mark.parametrize("size", [1, 60])
def test_the_module_page_with_journal_panels_stays_within_budget(
    client, owner, course, cohort, size
):
    module = course.test_modules[0]
    for stage in ("learn", "do"):
        stage_complete(user=owner, module=module, stage=stage)
    bulk_journal(owner, size - 1, course=course, cohort=cohort, module=module)
    entry(owner, title="Written from the module", module=module)  # marks Reflect done
    client.force_login(owner)

    sql = queries(client, module.url)

    print(f"\nmodule page with {size} journal entries: {len(sql)} queries")
    html = client.get(module.url).content.decode()
    assert "Written from the module" in html
    assert html.count('href="/journal/') >= size
    assert len(sql) <= MAX_MODULE_QUERIES, "\n".join(q[:150] for q in sql)


def test_the_module_page_runs_the_same_queries_for_1_and_60_entries(
    client, owner, make_user, course, cohort
):
    from cohorts.services import cohort_join

    module = course.test_modules[0]
    few = make_user(email="few@example.org", name="Few Entries")
    cohort_join(cohort=cohort, user=few)
    counts = {}
    for user, size in ((few, 1), (owner, 60)):
        bulk_journal(user, size, course=course, cohort=cohort, module=module)
        client.force_login(user)
        counts[size] = len(queries(client, module.url))
    assert counts[1] == counts[60], counts
