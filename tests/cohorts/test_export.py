"""The cohort CSV is streamed: the header leaves before any learner is read, then the learners
a chunk at a time (`selectors.EXPORT_CHUNK_SIZE`, lowered here so a small cohort spans
several chunks), each chunk costing the same few queries, and the file a facilitator opens is
the same as one made in one go."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cohorts import selectors, services
from learning.models import Enrolment
from tests.cohorts.helpers import bulk_members, complete_stages, csv_rows, set_last_activity

HEADER = ["Name", "Email", "Last activity", "Required modules completed", "Progress (%)", "Status"]


def when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def chunk_of_two(monkeypatch):
    monkeypatch.setattr(selectors, "EXPORT_CHUNK_SIZE", 2)


@pytest.fixture
def class_of_eight(make_user, cohort, course):
    """Eight learners whose names sort across chunks of two: a lower-case name, three people
    called Eve Evans (told apart by their email addresses, the second and third falling in
    different chunks), and a name with an accent."""
    people = {}
    for key, email, name in [
        ("zoe", "zoe@example.org", "Zoë Young"),
        ("eve_c", "eve.c@example.org", "Eve Evans"),
        ("ben", "ben@example.org", "Ben Baker"),
        ("eve_a", "eve.a@example.org", "Eve Evans"),
        ("dan", "dan@example.org", "Dan Dale"),
        ("amy", "amy@example.org", "amy adams"),
        ("eve_b", "eve.b@example.org", "Eve Evans"),
        ("cara", "cara@example.org", "Cara Cole"),
    ]:
        people[key] = make_user(email=email, name=name)
        services.cohort_join(cohort=cohort, user=people[key])
    m1 = course.test_modules[0]
    now = timezone.now()
    Enrolment.objects.filter(course=course).update(last_activity_at=None)  # joining counts
    complete_stages(people["ben"], m1, stages=("learn",))
    set_last_activity(people["ben"], course, now - timedelta(days=20))
    complete_stages(people["cara"], m1)
    set_last_activity(people["cara"], course, now - timedelta(days=2))
    for module in course.test_modules:
        complete_stages(people["dan"], module)
    Enrolment.objects.filter(user=people["dan"], course=course).update(
        last_activity_at=now - timedelta(days=1), completed_at=now - timedelta(days=1)
    )
    complete_stages(people["eve_b"], m1, stages=("learn", "do"))
    set_last_activity(people["eve_b"], course, now - timedelta(hours=3))
    people["now"] = now
    return people


def test_streamed_csv_across_four_chunks_is_the_whole_cohort_by_name(
    client, facilitator, cohort, course, class_of_eight, chunk_of_two
):
    now = class_of_eight["now"]
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/export.csv")

    assert response.streaming
    assert response["Cache-Control"] == "private, no-store"
    nothing = ["Not started"] * 4
    assert csv_rows(response) == [
        HEADER + [m.title for m in course.test_modules],
        ["amy adams", "amy@example.org", "", "0", "0", "Not started", *nothing],
        [
            "Ben Baker",
            "ben@example.org",
            when(now - timedelta(days=20)),
            "0",
            "0",
            "Stalled",
            "Done: Learn",
            *nothing[:3],
        ],
        [
            "Cara Cole",
            "cara@example.org",
            when(now - timedelta(days=2)),
            "1",
            "25",
            "In progress",
            "Completed",
            *nothing[:3],
        ],
        [
            "Dan Dale",
            "dan@example.org",
            when(now - timedelta(days=1)),
            "4",
            "100",
            "Completed",
            *["Completed"] * 4,
        ],
        ["Eve Evans", "eve.a@example.org", "", "0", "0", "Not started", *nothing],
        [
            "Eve Evans",
            "eve.b@example.org",
            when(now - timedelta(hours=3)),
            "0",
            "0",
            "In progress",
            "Done: Learn, Do",
            *nothing[:3],
        ],
        ["Eve Evans", "eve.c@example.org", "", "0", "0", "Not started", *nothing],
        ["Zoë Young", "zoe@example.org", "", "0", "0", "Not started", *nothing],
    ]


def test_chunked_file_is_the_same_as_one_made_in_a_single_chunk(
    client, facilitator, cohort, class_of_eight, monkeypatch
):
    client.force_login(facilitator)
    whole = csv_rows(client.get(f"/cohorts/{cohort.pk}/export.csv"))

    monkeypatch.setattr(selectors, "EXPORT_CHUNK_SIZE", 3)
    in_threes = csv_rows(client.get(f"/cohorts/{cohort.pk}/export.csv"))

    assert len(whole) == 9
    assert in_threes == whole


def test_the_header_leaves_before_any_learner_is_read(client, facilitator, cohort, chunk_of_two):
    bulk_members(cohort, 5, progress=True)
    client.force_login(facilitator)

    response = client.get(f"/cohorts/{cohort.pk}/export.csv")
    chunks = iter(response.streaming_content)
    first = next(chunks)

    assert first.decode("utf-8").startswith("\ufeffName,Email,Last activity,")
    assert first.count(b"\n") == 1, "the first thing sent is the header alone"
    assert "Learner 0000" in next(chunks).decode("utf-8")
    assert len(b"".join(chunks).splitlines()) == 3  # the other two chunks: 2 + 1 learners
    response.close()


def export_queries(client, cohort) -> int:
    """Queries to answer the export and write the whole file."""
    url = f"/cohorts/{cohort.pk}/export.csv"
    b"".join(client.get(url).streaming_content)  # warm up: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        b"".join(client.get(url).streaming_content)
    return len(captured.captured_queries)


def test_each_chunk_costs_the_same_few_queries(client, facilitator, cohort, chunk_of_two):
    client.force_login(facilitator)
    bulk_members(cohort, 3, prefix="first", progress=True)
    two_chunks = export_queries(client, cohort)  # 2 + 1 learners
    bulk_members(cohort, 4, prefix="more", progress=True)
    four_chunks = export_queries(client, cohort)  # 2 + 2 + 2 + 1 learners

    assert four_chunks - two_chunks == 2 * selectors.EXPORT_QUERIES_PER_CHUNK


def test_queries_do_not_grow_with_the_learners_in_one_chunk(client, facilitator, cohort):
    client.force_login(facilitator)
    bulk_members(cohort, 2, prefix="few", progress=True)
    few = export_queries(client, cohort)
    bulk_members(cohort, 60, prefix="many", progress=True)
    many = export_queries(client, cohort)

    assert few == many
