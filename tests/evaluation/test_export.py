"""The evaluator export: consenting learners only, pseudonymised, months not days, follow-up
answers only where quoting was allowed, a data dictionary for every column, recorded and kept
for its requester for 7 days."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation.models import EvaluationExport, FollowUp, FollowUpAnswer
from learning.services import evaluation_consent_set


def _export(client, course, **filters):
    response = client.post("/admin/evaluation/exports/", {"course": course.pk, **filters})
    assert response.status_code == 302
    return EvaluationExport.objects.latest("id")


def _files(client, export) -> dict[str, str]:
    response = client.get(f"/admin/evaluation/exports/{export.pk}/download/")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def people(population, course):
    """Five who consent (one allows quoting), one who refused and one who withdrew, each with
    a recognisable pattern of ratings."""
    consenting = [
        population(before=(2, 2, 2), after=(3, 3, 3), completed_days_ago=200) for _ in range(5)
    ]
    refused = population(consent=False, before=(1, 4, 1), after=(4, 1, 4), name="Refusing Rita")
    withdrawn = population(before=(4, 1, 4), after=(1, 4, 1), name="Withdrawn Will")
    evaluation_consent_set(user=withdrawn, allowed=False)
    for user, quote in ((consenting[0], True), (consenting[1], False)):
        follow_up = FollowUp.objects.create(
            user=user, course=course, kind=90, answered_at=timezone.now(), may_quote=quote
        )
        FollowUpAnswer.objects.create(
            follow_up=follow_up,
            question="What have you done differently?",
            answer=f"Secret words of {user.name}",
        )
    return consenting, refused, withdrawn


def test_the_export_holds_only_consenting_learners_under_new_random_identifiers(
    client, programme_admin, course, people, django_capture_on_commit_callbacks
):
    consenting, refused, withdrawn = people
    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        first = _export(client, course)
        second = _export(client, course)
    files = _files(client, EvaluationExport.objects.get(pk=first.pk))

    assert set(files) == {
        "README.txt",
        "data_dictionary.csv",
        "people.csv",
        "snapshots.csv",
        "progress.csv",
        "follow_ups.csv",
    }
    people_rows = _rows(files["people.csv"])
    assert len(people_rows) == 5
    everything = "\n".join(files.values())
    for outsider in (refused, withdrawn):
        assert outsider.email not in everything and outsider.name not in everything
        assert str(outsider.pk) not in {row["person"] for row in people_rows}
    # Their ratings' patterns (1,4,1 / 4,1,4) appear in no snapshot row.
    codes = [cap.code for cap in course.test_capabilities]
    patterns = {tuple(row[c] for c in codes) for row in _rows(files["snapshots.csv"])}
    assert patterns == {("2", "2", "2"), ("3", "3", "3")}
    for user in consenting:
        assert user.email not in everything and user.name not in everything.replace(
            f"Secret words of {consenting[0].name}", ""
        )
    # Identifiers are new in every export.
    again = {row["person"] for row in _rows(_files(client, second)["people.csv"])}
    assert again.isdisjoint({row["person"] for row in people_rows})


def test_follow_up_answers_only_where_quoting_was_allowed_and_dates_are_months(
    client, programme_admin, course, people, django_capture_on_commit_callbacks
):
    consenting, _, _ = people
    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        export = _export(client, course)
    files = _files(client, export)

    answers = [row["answer"] for row in _rows(files["follow_ups.csv"])]
    assert f"Secret words of {consenting[0].name}" in answers
    assert f"Secret words of {consenting[1].name}" not in files["follow_ups.csv"]
    for row in _rows(files["snapshots.csv"]):
        assert len(row["month"]) == 7 and row["month"][4] == "-"
    for row in _rows(files["progress.csv"]) + _rows(files["people.csv"]):
        for key in ("month", "enrolled_month", "completed_month"):
            assert len(row.get(key) or "2026-01") == 7


def test_the_data_dictionary_describes_every_column(
    client, programme_admin, course, people, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        export = _export(client, course)
    files = _files(client, export)
    described = {(row["file"], row["column"]) for row in _rows(files["data_dictionary.csv"])}
    codes = {cap.code for cap in course.test_capabilities}
    for name in ("people.csv", "snapshots.csv", "progress.csv", "follow_ups.csv"):
        for column in next(csv.reader(io.StringIO(files[name]))):
            if name == "snapshots.csv" and column in codes:
                column = "<code>"
            elif column.startswith("theme: "):
                column = "theme: <name>"
            assert (name, column) in described, (name, column)


def test_an_export_of_nothing_says_so_and_makes_no_file(client, programme_admin, course):
    client.force_login(programme_admin)
    response = client.post("/admin/evaluation/exports/", {"course": course.pk}, follow=True)
    assert "There is nothing to export for these filters" in response.content.decode()
    export = EvaluationExport.objects.get()
    assert export.status == EvaluationExport.Status.EMPTY and not export.file


def test_an_export_is_recorded_and_only_its_requester_downloads_it_for_7_days(
    client, programme_admin, make_user, roles, course, people, django_capture_on_commit_callbacks
):
    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        export = _export(client, course)
    export.refresh_from_db()
    assert export.requested_by == programme_admin
    assert export.filters["course"] == course.pk and course.title in export.filters_text
    assert export.people == 5

    other = make_user(email="other.admin@example.org")
    other.groups.add(roles["Programme admins"])
    client.force_login(other)
    assert client.get(f"/admin/evaluation/exports/{export.pk}/download/").status_code == 404

    client.force_login(programme_admin)
    EvaluationExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - timedelta(days=7, minutes=1)
    )
    assert client.get(f"/admin/evaluation/exports/{export.pk}/download/").status_code == 404
    for wrong in ("999999", "99999999999999999999"):
        assert client.get(f"/admin/evaluation/exports/{wrong}/download/").status_code == 404


def test_expired_exports_are_deleted_with_their_files(
    client, programme_admin, course, people, django_capture_on_commit_callbacks
):
    from evaluation.services import exports_expired_delete

    client.force_login(programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        export = _export(client, course)
    export.refresh_from_db()
    path = export.file.path
    EvaluationExport.objects.filter(pk=export.pk).update(
        requested_at=timezone.now() - timedelta(days=8)
    )
    assert exports_expired_delete() == 1
    assert not EvaluationExport.objects.exists()
    import os

    assert not os.path.exists(path)
