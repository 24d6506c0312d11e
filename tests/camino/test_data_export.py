"""A person's whole data: asked for from their account pages, made in the background, a ZIP of
JSON with a README and a readable HTML copy, holding nothing about anyone else. Programme admins
make the same for a subject access request, and that is announced to the audit trail."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from camino.audit.models import AuditEntry
from camino.dataexport import archive, services
from camino.dataexport.models import DataExport
from cohorts.services import cohort_join, invitations_create
from evaluation.models import FollowUp, FollowUpAnswer
from learning.services import (
    evaluation_consent_set,
    self_assessment_record,
    stage_complete,
)
from reflections import services as journal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _person(make_user, email, name):
    user = make_user(email=email, name=name)
    assert EmailAddress.objects.filter(user=user, email=email).exists()
    return user


@pytest.fixture
def two(make_user, course, cohort, facilitator):
    """Ana and Ben in the Spring cohort (Fiona facilitates). Each writes private and shared
    entries, Do notes, self-assessments and follow-up answers; each comments on the other's
    shared entry, and replies on their own. Every secret of Ben's is marked BEN-SECRET."""
    ana = _person(make_user, "ana@example.org", "Ana Archer")
    ben = _person(make_user, "ben@example.org", "Ben Bellamy")
    invitations_create(cohort=cohort, addresses=[ana.email, ben.email], invited_by=facilitator)
    module = course.test_modules[0]
    people = {"ana": ana, "ben": ben}
    shares = {}
    for key, person in people.items():
        tag = "ANA-OWN" if key == "ana" else "BEN-SECRET"
        cohort_join(cohort=cohort, user=person)
        stage_complete(user=person, module=module, stage="do", note=f"{tag} do note")
        self_assessment_record(
            user=person,
            framework=course.framework,
            ratings={course.test_capabilities[0].pk: 2 if key == "ana" else 4},
        )
        evaluation_consent_set(user=person, allowed=True)
        follow_up = FollowUp.objects.create(user=person, course=course, kind=90)
        FollowUpAnswer.objects.create(
            follow_up=follow_up, question="What changed?", answer=f"{tag} follow-up answer"
        )
        journal.entry_create(
            owner=person, title=f"{tag} private title", body=f"<p>{tag} private words</p>"
        )
        shared = journal.entry_create(
            owner=person, title=f"{tag} shared title", body=f"<p>{tag} shared words</p>"
        )
        shares[key] = journal.entry_share(entry=shared, cohort=cohort, by=person)
    # Comments both ways, replies on one's own entry, and a facilitator's comment.
    journal.comment_add(
        share=shares["ana"], author=ben, body="Ben on Ana's entry: well said", role="member"
    )
    journal.comment_add(
        share=shares["ben"], author=ana, body="ANA-OWN words on Ben's entry", role="member"
    )
    journal.comment_add(share=shares["ben"], author=ben, body="BEN-SECRET reply", role="owner")
    journal.comment_add(share=shares["ana"], author=ana, body="ANA-OWN reply", role="owner")
    journal.comment_add(
        share=shares["ana"], author=facilitator, body="Fiona on Ana's entry", role="facilitator"
    )
    return people


def _ask(client, django_capture_on_commit_callbacks, person) -> DataExport:
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/data/")
    assert response.status_code == 302
    export = DataExport.objects.get(person=person)
    assert response["Location"] == f"/accounts/data/{export.pk}/"
    return export


def _zip(client, export) -> zipfile.ZipFile:
    response = client.get(f"/accounts/data/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(_content(response)))


def _strings(value, path=""):
    """Every string in a JSON value, with its path ("entries[].title")."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, f"{path}[]")
    elif isinstance(value, str):
        yield path, value


def test_a_persons_zip_holds_their_data_and_nothing_of_anyone_else(
    client, two, django_capture_on_commit_callbacks
):
    export = _ask(client, django_capture_on_commit_callbacks, two["ana"])
    status = client.get(f"/accounts/data/{export.pk}/")
    assert "Your data is ready" in status.content.decode()
    archive_file = _zip(client, export)
    names = set(archive_file.namelist())
    assert {"README.txt", "index.html", "account.json", "journal.json", "comments.json"} <= names

    everything = {name: archive_file.read(name).decode() for name in names}
    text = "\n".join(everything.values())
    # Hers, all of it: her private writing, Do note, self-assessment, follow-up answer, the
    # comment she wrote on Ben's entry, and what others wrote on hers.
    for hers in (
        "ANA-OWN private title",
        "ANA-OWN private words",
        "ANA-OWN shared title",
        "ANA-OWN do note",
        "ANA-OWN follow-up answer",
        "ANA-OWN words on Ben's entry",
        "ANA-OWN reply",
        "Ben on Ana's entry: well said",
        "Fiona on Ana's entry",
        "ana@example.org",
        "Proficient",
    ):
        assert hers in text, hers
    # Nothing of Ben's: not his entries, notes, answers, replies, rating, email or account.
    assert "BEN-SECRET" not in text
    assert "ben@example.org" not in text
    assert "fiona@example.org" not in text
    # His display name only where he took part in a conversation on her entry.
    data = {name: json.loads(body) for name, body in everything.items() if name.endswith(".json")}
    for name, content in data.items():
        for path, value in _strings(content):
            if "Ben Bellamy" in value:
                assert (name, path) in {
                    ("journal.json", "entries[].conversations[].comments[].author"),
                    ("notifications.json", "notifications[].title"),
                }, (name, path, value)
    [snapshot] = data["self_assessments.json"]["self_assessments"]
    assert [r["level"] for r in snapshot["ratings"]] == ["Proficient"]  # hers, not his 4
    authors = [
        value
        for path, value in _strings(data["journal.json"])
        if path.endswith("comments[].author")
    ]
    assert sorted(authors) == ["Ana Archer", "Ben Bellamy", "Fiona Facilitator"]
    # What she wrote on Ben's entry: her words, the cohort, not his entry.
    [comment] = data["comments.json"]["comments"]
    assert comment["text"] == "ANA-OWN words on Ben's entry"
    assert comment["cohort"] == "Spring cohort"
    assert set(comment) == {
        "cohort",
        "written_at",
        "text",
        "facilitators_only",
        "entry_still_shared",
        "hidden_at",
        "hidden_reason",
    }
    # The readable copy says the same, with no names but display names.
    html = everything["index.html"]
    assert html.count("Ben Bellamy") == sum(
        value.count("Ben Bellamy") for c in data.values() for _, value in _strings(c)
    )


def test_the_readme_names_every_file_and_every_field(
    client, two, django_capture_on_commit_callbacks
):
    export = _ask(client, django_capture_on_commit_callbacks, two["ana"])
    archive_file = _zip(client, export)
    readme = archive_file.read("README.txt").decode()

    named = set(re.findall(r"^(\S+\.(?:json|html|txt))\n-+$", readme, re.M))
    assert named == set(archive_file.namelist())

    documented = set(re.findall(r"^  (\S+): ", readme, re.M))

    def check(value, path, name):
        if path and path in documented:
            return
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                check(inner, f"{path}.{key}" if path else key, name)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                check(item, f"{path}[]", name)
        elif isinstance(value, list) and not value:  # nothing in it here: its items explained
            assert any(d.startswith(f"{path}[].") for d in documented), f"{name}: {path}"
        else:
            assert path in documented, f"{name}: {path} is not explained in README.txt"

    for name in archive_file.namelist():
        if name.endswith(".json"):
            section = readme.split(f"\n{name}\n", 1)[1].split("\n\n", 1)[0]
            assert len(section.split("\n", 1)[1].strip()) > 20, f"{name} is not described"
            check(json.loads(archive_file.read(name)), "", name)


def test_the_html_copy_is_readable_and_self_contained(
    client, two, django_capture_on_commit_callbacks
):
    export = _ask(client, django_capture_on_commit_callbacks, two["ana"])
    html = _zip(client, export).read("index.html").decode()

    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<title>Everything Camino holds about Ana Archer</title>" in html
    assert html.count("<h1>") == 1
    for external in ("<script", "<link", "<img", "src=", "url(", "@import"):
        assert external not in html
    # Each area has its heading, listed in the contents.
    for title in ("Account", "Journal", "Comments", "Certificates", "Progress", "Notifications"):
        assert f"{title}</h2>" in html
        assert f">{title}</a></li>" in html
    # Her entry's words as formatted text, a comment with its author, times in words.
    assert "<p>ANA-OWN private words</p>" in html
    assert "Ben on Ana&#x27;s entry: well said" in html
    assert re.search(r'<time datetime="[^"]+">\d{1,2} \w+ \d{4} at \d\d:\d\d', html)
    assert "Yes" in html and "None" in html  # true, false and empty values in words


def test_a_second_request_while_one_is_being_prepared_is_refused_clearly(client, learner):
    client.force_login(learner)
    first = client.post("/accounts/data/")  # its task waits for a commit that never comes
    assert first.status_code == 302
    again = client.post("/accounts/data/", follow=True)

    assert DataExport.objects.filter(person=learner).count() == 1
    page = again.content.decode()
    assert "A copy of your data is being prepared already" in page
    assert "Being prepared" in page  # its status, in words
    # The database refuses a second one too, whoever asks.
    with pytest.raises(services.ExportInProgress):
        services.data_export_request(person=learner, requested_by=learner)


def test_an_export_stuck_for_an_hour_no_longer_blocks_a_new_one(
    client, learner, django_capture_on_commit_callbacks
):
    stuck = DataExport.objects.create(
        person=learner, requested_by=learner, created_at=timezone.now() - timedelta(hours=2)
    )
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/data/")
    assert not DataExport.objects.filter(pk=stuck.pk).exists()  # replaced by the new one
    assert DataExport.objects.get(person=learner).status == DataExport.Status.READY


def test_only_the_person_downloads_their_copy(client, two, django_capture_on_commit_callbacks):
    export = _ask(client, django_capture_on_commit_callbacks, two["ana"])
    client.force_login(two["ben"])
    for path in (f"/accounts/data/{export.pk}/", f"/accounts/data/{export.pk}/download/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(f"/accounts/data/{export.pk}/download/")["Location"].startswith(
        "/accounts/login/"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/data/00000000-0000-0000-0000-000000000000/",
        "/accounts/data/00000000-0000-0000-0000-000000000000/download/",
        "/accounts/data/not-a-uuid/download/",
        "/accounts/data/%00/",
        "/admin/data-exports/people/99999999999999999999/",
        "/admin/data-exports/people/0/",
        "/admin/data-exports/people/%00/",
        "/admin/data-exports/00000000-0000-0000-0000-000000000000/download/",
    ],
)
def test_a_wrong_huge_or_malformed_id_is_a_404(client, programme_admin, path):
    client.force_login(programme_admin)
    assert client.get(path).status_code == 404


def test_a_programme_admin_makes_a_copy_for_a_subject_access_request(
    client, two, programme_admin, make_user, roles, django_capture_on_commit_callbacks
):
    ana = two["ana"]

    client.force_login(programme_admin)
    page = client.get(f"/admin/data-exports/people/{ana.pk}/")
    assert page.status_code == 200
    assert "Make a copy of their data" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/data-exports/people/{ana.pk}/")
    export = DataExport.objects.get(person=ana)
    assert response["Location"] == f"/admin/data-exports/{export.pk}/"
    assert export.reason == DataExport.Reason.SUBJECT_ACCESS
    assert export.requested_by == programme_admin
    # The act is in the audit trail, with who, about whom and when, and shown there.
    [entry] = AuditEntry.objects.filter(action="account.data_exported")
    assert entry.actor == programme_admin
    assert entry.person == ana
    assert "subject access request" in entry.detail
    assert "ANA-OWN" not in entry.detail
    trail = client.get("/admin/audit/", {"action": "account.data_exported"}).content.decode()
    assert "subject access request" in trail

    download = client.get(f"/admin/data-exports/{export.pk}/download/")
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]
    readme = zipfile.ZipFile(io.BytesIO(_content(download))).read("README.txt").decode()
    assert "subject access request" in readme
    # It downloads for that admin only: not for Ana, nor another programme admin.
    client.force_login(ana)
    assert client.get(f"/accounts/data/{export.pk}/download/").status_code == 404
    assert client.get(f"/admin/data-exports/{export.pk}/download/").status_code == 404
    other = make_user(email="pam@example.org", name="Pam Other")
    other.groups.add(roles["Programme admins"])
    client.force_login(other)
    assert client.get(f"/admin/data-exports/{export.pk}/download/").status_code == 404
    # Ana's own request meanwhile is not blocked once this one is done, and keeps his copy.
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/data/")
    assert DataExport.objects.filter(person=ana).count() == 2


def test_the_button_on_a_persons_admin_page(client, two, programme_admin):
    client.force_login(programme_admin)
    response = client.get(f"/admin/users/edit/{two['ana'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="/admin/data-exports/people/{two["ana"].pk}/"' in page
    listing = client.get("/admin/users/").content.decode()
    assert f'href="/admin/data-exports/people/{two["ana"].pk}/"' in listing


def test_only_programme_admins_make_copies_of_others_data(
    client, two, content_editor, facilitator, programme_admin, superuser
):
    for someone in (content_editor, facilitator, two["ben"]):
        client.force_login(someone)
        assert client.get(f"/admin/data-exports/people/{two['ana'].pk}/").status_code == 404
        assert client.post(f"/admin/data-exports/people/{two['ana'].pk}/").status_code == 404
    client.logout()
    assert client.get(f"/admin/data-exports/people/{two['ana'].pk}/").status_code == 404
    # A superuser's data is for superusers to export.
    client.force_login(programme_admin)
    assert client.get(f"/admin/data-exports/people/{superuser.pk}/").status_code == 404
    assert not DataExport.objects.exists()


def test_exports_are_deleted_with_their_files_after_seven_days(
    client, learner, django_capture_on_commit_callbacks, settings
):
    assert settings.RETENTION_DATA_EXPORTS_DAYS == 7
    export = _ask(client, django_capture_on_commit_callbacks, learner)
    stored = Path(export.file.path)
    assert stored.exists()
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        kept = [
            r for fn in hooks.get_hooks("camino_retention") for r in fn(now + timedelta(days=6))
        ]
    assert ("personal data exports older than 7 days", 0) in kept
    assert stored.exists()
    # Past its days it no longer downloads, even before the daily command runs.
    DataExport.objects.filter(pk=export.pk).update(created_at=now - timedelta(days=8))
    assert client.get(f"/accounts/data/{export.pk}/download/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        removed = [r for fn in hooks.get_hooks("camino_retention") for r in fn(now)]
    assert ("personal data exports older than 7 days", 1) in removed
    assert not DataExport.objects.exists()
    assert not stored.exists()


def test_deleting_ones_account_deletes_the_zip_files(
    client, learner, django_capture_on_commit_callbacks
):
    export = _ask(client, django_capture_on_commit_callbacks, learner)
    stored = Path(export.file.path)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for hook in hooks.get_hooks("camino_account_deleting"):
            hook(user=learner)
        learner.delete()
    assert not stored.exists()


def test_building_takes_the_same_queries_however_much_there_is(two, cohort):
    """The export reads each table once, whether a person has two entries or twenty."""
    ana = two["ana"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            archive.build(person=ana, reason="own")
        return len(captured)

    before = queries()
    for n in range(6):
        entry = journal.entry_create(owner=ana, title=f"More {n}", body=f"<p>More {n}</p>")
        share = journal.entry_share(entry=entry, cohort=cohort, by=ana)
        journal.comment_add(share=share, author=two["ben"], body=f"Reply {n}", role="member")
        journal.comment_add(
            share=two["ben"].journal_entries.filter(shares__isnull=False).first().shares.first(),
            author=ana,
            body=f"Mine {n}",
            role="member",
        )
    assert queries() == before


def test_the_account_pages_link_to_it(client, learner):
    client.force_login(learner)
    page = client.get("/accounts/name/").content.decode()
    assert 'href="/accounts/data/"' in page
    assert "Download your data" in page


def test_a_copy_that_could_not_be_made_says_so_and_can_be_asked_for_again(
    client, learner, django_capture_on_commit_callbacks
):
    """A plugin that names a file another already gave (here journal.json) stops the build:
    the person is told it could not be made, not shown half a copy."""

    def clashing(user):
        return {"journal.json": {"entries": []}}

    with hooks.register_temporarily("camino_personal_data", clashing):
        export = _ask(client, django_capture_on_commit_callbacks, learner)
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
    assert not export.file
    page = client.get(f"/accounts/data/{export.pk}/").content.decode()
    assert "Your data could not be copied" in page
    assert client.get(f"/accounts/data/{export.pk}/download/")["Location"] == (
        f"/accounts/data/{export.pk}/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/data/")
    assert DataExport.objects.get(person=learner).status == DataExport.Status.READY


def test_a_copy_whose_file_has_gone_is_shown_as_not_made(
    client, learner, django_capture_on_commit_callbacks
):
    export = _ask(client, django_capture_on_commit_callbacks, learner)
    Path(export.file.path).unlink()
    response = client.get(f"/accounts/data/{export.pk}/download/")
    assert response["Location"] == f"/accounts/data/{export.pk}/"
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
    assert "Try again" in client.get(f"/accounts/data/{export.pk}/").content.decode()


def test_ones_own_words_a_facilitator_hid_are_still_in_ones_copy(
    client, two, cohort, facilitator, django_capture_on_commit_callbacks
):
    ana = two["ana"]
    reply = (
        ana.journal_entries.get(title="ANA-OWN shared title")
        .shares.get()
        .comments.get(body="ANA-OWN reply")
    )
    journal.comment_hide(comment=reply, by=facilitator, reason="Off topic for the cohort")
    export = _ask(client, django_capture_on_commit_callbacks, ana)
    data = json.loads(_zip(client, export).read("comments.json"))
    hidden = [c for c in data["comments"] if c["text"] == "ANA-OWN reply"]
    assert len(hidden) == 1
    assert hidden[0]["hidden_reason"] == "Off topic for the cohort"
    assert hidden[0]["hidden_at"]
