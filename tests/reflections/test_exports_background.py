"""A long journal as a PDF, made in the background: a learner with more entries than
PDF_IN_REQUEST_MAX_ENTRIES, or more text than PDF_IN_REQUEST_MAX_CHARACTERS, asks for it,
carries on, and downloads it when it is ready; it is theirs alone and deleted after 24 hours,
or with their account. A short journal still downloads at once."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from reflections.models import JournalEntry, JournalExport
from reflections.services import comment_add, entry_share, journal_exports_delete
from reflections.views import PDF_IN_REQUEST_MAX_CHARACTERS, PDF_IN_REQUEST_MAX_ENTRIES
from tests.reflections.helpers import page_text, pdf_text

LONG = PDF_IN_REQUEST_MAX_ENTRIES + 5


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def journal_of(owner, count: int, *, stage: str = "reflect", prefix: str = "Entry") -> None:
    JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            title=f"{prefix} {n:03d}",
            body=f"<p>What I noticed on day {n}.</p>",
            body_text=f"What I noticed on day {n}.",
            stage=stage,
        )
        for n in range(count)
    )


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def make_pdf(client, django_capture_on_commit_callbacks, query: str = "format=pdf"):
    """Ask for the PDF as the learner does (the button on the page the link leads to); the
    background task runs when the request's transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/journal/export/?{query}")
    assert response.status_code == 302
    return response["Location"]


def test_a_short_journal_downloads_at_once(client, owner):
    journal_of(owner, PDF_IN_REQUEST_MAX_ENTRIES)
    client.force_login(owner)

    response = client.get("/journal/export/?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"Entry {PDF_IN_REQUEST_MAX_ENTRIES - 1:03d}" in pdf_text(content(response))
    assert not JournalExport.objects.exists()


def long_entries(owner, characters: int, *, count: int = 4) -> list[JournalEntry]:
    """`count` entries whose titles and text add up to exactly `characters` characters."""
    prose = "We talked through the plan line by line and changed what did not fit her week. "
    titles = [f"Long {n}" for n in range(count)]
    left = characters - sum(len(t) for t in titles)
    sizes = [left // count + (1 if n < left % count else 0) for n in range(count)]
    texts = [(prose * (size // len(prose) + 1))[:size] for size in sizes]
    return JournalEntry.objects.bulk_create(
        JournalEntry(owner=owner, title=title, body=f"<p>{text}</p>", body_text=text)
        for title, text in zip(titles, texts, strict=True)
    )


def is_the_background_page(response) -> bool:
    return response.status_code == 200 and "Make my PDF" in page_text(response)


def test_at_the_entry_limit_the_pdf_is_made_at_once_and_one_more_goes_to_the_background(
    client, owner
):
    journal_of(owner, PDF_IN_REQUEST_MAX_ENTRIES)
    client.force_login(owner)
    at_the_limit = client.get("/journal/export/?format=pdf")
    journal_of(owner, 1, prefix="One more")
    one_more = client.get("/journal/export/?format=pdf")

    assert at_the_limit["Content-Type"] == "application/pdf"
    assert is_the_background_page(one_more)
    assert f"The PDF will have {PDF_IN_REQUEST_MAX_ENTRIES + 1} entries" in page_text(one_more)


def test_at_the_character_limit_the_pdf_is_made_at_once_and_one_more_goes_to_the_background(
    client, owner
):
    entries = long_entries(owner, PDF_IN_REQUEST_MAX_CHARACTERS)
    client.force_login(owner)
    at_the_limit = client.get("/journal/export/?format=pdf")
    JournalEntry.objects.filter(pk=entries[0].pk).update(title=entries[0].title + "!")
    one_more = client.get("/journal/export/?format=pdf")

    assert at_the_limit["Content-Type"] == "application/pdf"
    assert "Long 3" in pdf_text(content(at_the_limit))
    assert is_the_background_page(one_more)
    assert "The PDF will have 4 entries" in page_text(one_more)


def test_the_comments_in_the_pdf_count_towards_its_characters(client, owner, cohort):
    (entry,) = long_entries(owner, PDF_IN_REQUEST_MAX_CHARACTERS - 10, count=1)
    share = entry_share(entry=entry, cohort=cohort, by=owner)
    client.force_login(owner)
    short_reply = comment_add(share=share, author=owner, body="Thank you")  # 9 characters
    with_short_reply = client.get("/journal/export/?format=pdf")
    comment_add(share=share, author=owner, body="And again")
    with_two_replies = client.get("/journal/export/?format=pdf")

    assert len(short_reply.body) == 9
    assert with_short_reply["Content-Type"] == "application/pdf"
    assert is_the_background_page(with_two_replies)


def test_a_long_journal_is_made_in_the_background_and_downloaded_when_ready(
    client, owner, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG)
    client.force_login(owner)

    asked = client.get("/journal/export/?format=pdf")
    assert asked.status_code == 200
    words = page_text(asked)
    assert f"The PDF will have {LONG} entries" in words
    assert "Make my PDF" in words
    assert not JournalExport.objects.exists(), "looking at the page makes nothing"

    status_url = make_pdf(client, django_capture_on_commit_callbacks)
    export = JournalExport.objects.get()
    assert status_url == f"/journal/exports/{export.pk}/"
    status = client.get(status_url)
    assert "Your PDF is ready" in page_text(status)
    assert f"{LONG} entries" in page_text(status)
    journal = page_text(client.get("/journal/"))
    assert f"Your PDF of {LONG} entries is ready" in journal

    download = client.get(f"/journal/exports/{export.pk}/pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    text = pdf_text(content(download))
    assert "Entry 000" in text and f"Entry {LONG - 1:03d}" in text


def test_the_pdf_holds_only_the_entries_the_journal_was_filtered_to(
    client, owner, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG, stage="reflect", prefix="Reflected")
    journal_of(owner, 3, stage="do", prefix="Done")
    client.force_login(owner)

    make_pdf(client, django_capture_on_commit_callbacks, "stage=reflect&format=pdf")

    export = JournalExport.objects.get()
    assert export.entry_count == LONG
    text = pdf_text(content(client.get(f"/journal/exports/{export.pk}/pdf/")))
    assert "Reflected 000" in text
    assert "Done 000" not in text


# serialized_rollback: a transactional test that ran before (the browser tests) flushed the
# tables, Wagtail's root page (made by a migration) with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_only_queues_the_work_for_the_worker(client, owner, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    journal_of(owner, LONG)
    client.force_login(owner)

    status_url = client.post("/journal/export/?format=pdf")["Location"]

    assert "Your PDF is being made" in page_text(client.get(status_url))
    download = client.get(status_url + "pdf/")
    assert download.status_code == 302 and download["Location"] == status_url
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert "Your PDF is ready" in page_text(client.get(status_url))
    assert client.get(status_url + "pdf/").status_code == 200


@pytest.mark.parametrize(
    "role", ["anonymous", "stranger", "peer", "facilitator", "content_editor", "superuser"]
)
def test_an_export_is_its_owners_alone(
    request, client, owner, role, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG, prefix="PRIVATE-q7Zx")
    client.force_login(owner)
    make_pdf(client, django_capture_on_commit_callbacks)
    export = JournalExport.objects.get()
    client.logout()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    for url in (f"/journal/exports/{export.pk}/", f"/journal/exports/{export.pk}/pdf/"):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 404, (role, url)
            assert "PRIVATE-q7Zx" not in content(response).decode(errors="replace")


def test_an_unknown_or_expired_export_is_not_found(
    client, owner, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG)
    client.force_login(owner)
    make_pdf(client, django_capture_on_commit_callbacks)
    export = JournalExport.objects.get()

    assert client.get("/journal/exports/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/journal/exports/not-a-uuid/").status_code == 404
    JournalExport.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert client.get(f"/journal/exports/{export.pk}/").status_code == 404
    assert client.get(f"/journal/exports/{export.pk}/pdf/").status_code == 404
    assert "Your PDF" not in page_text(client.get("/journal/"))


def test_old_exports_are_deleted_with_their_files(
    client, owner, settings, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG)
    client.force_login(owner)
    make_pdf(client, django_capture_on_commit_callbacks)
    first = JournalExport.objects.get()
    first_file = Path(settings.MEDIA_ROOT) / first.file.name
    assert first_file.exists()

    make_pdf(client, django_capture_on_commit_callbacks)  # a new one replaces it
    second = JournalExport.objects.get()
    second_file = Path(settings.MEDIA_ROOT) / second.file.name
    assert second.pk != first.pk and not first_file.exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_journal_exports", verbosity=0)
    assert JournalExport.objects.filter(pk=second.pk).exists(), "a new one is kept"
    assert second_file.exists()
    JournalExport.objects.update(created_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_journal_exports", verbosity=0)
    assert not JournalExport.objects.exists()
    assert not second_file.exists()


def test_a_deletion_that_is_rolled_back_keeps_the_pdf(
    client, owner, settings, django_capture_on_commit_callbacks
):
    """Files go only when the deletion is committed: were an account deletion to fail
    part-way, the learner's export would come back with its PDF, still downloadable."""
    journal_of(owner, LONG)
    client.force_login(owner)
    make_pdf(client, django_capture_on_commit_callbacks)
    export = JournalExport.objects.get()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            assert journal_exports_delete(owner=owner) == 1
            raise RuntimeError("the account deletion failed")

    response = client.get(f"/journal/exports/{export.pk}/pdf/")
    assert response.status_code == 200
    text = pdf_text(content(response))
    assert "Entry 000" in text and f"Entry {LONG - 1:03d}" in text


def test_deleting_the_account_deletes_the_pdf_file(
    client, owner, settings, home_page, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG)
    client.post("/accounts/login/", {"login": owner.email, "password": "correct-horse-battery"})
    make_pdf(client, django_capture_on_commit_callbacks)
    stored = Path(settings.MEDIA_ROOT) / JournalExport.objects.get().file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/delete/", {"confirm": "yes"})
        if "reauthenticate" in response.get("Location", ""):  # allauth asks again
            response = client.post(response["Location"], {"password": "correct-horse-battery"})

    assert response.status_code == 302
    assert not type(owner).objects.filter(pk=owner.pk).exists()
    assert not JournalExport.objects.exists()
    assert not stored.exists()


def test_a_pdf_that_cannot_be_stored_says_so_and_offers_to_try_again(
    client, owner, settings, tmp_path, django_capture_on_commit_callbacks
):
    journal_of(owner, LONG)
    client.force_login(owner)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked

    status_url = make_pdf(client, django_capture_on_commit_callbacks)

    export = JournalExport.objects.get()
    assert export.status == JournalExport.Status.FAILED
    words = page_text(client.get(status_url))
    assert "Your PDF could not be made" in words
    assert "Try again" in words
    assert client.get(status_url + "pdf/")["Location"] == status_url


def test_a_pdf_lost_from_storage_is_offered_again_not_a_server_error(
    client, owner, settings, django_capture_on_commit_callbacks
):
    """Storage can lose a file (a bucket's clean-up rule, a restore): the learner is told it
    could not be made and can ask again, rather than meeting an error page."""
    journal_of(owner, LONG)
    client.force_login(owner)
    make_pdf(client, django_capture_on_commit_callbacks)
    export = JournalExport.objects.get()
    (Path(settings.MEDIA_ROOT) / export.file.name).unlink()

    response = client.get(f"/journal/exports/{export.pk}/pdf/", follow=True)

    assert response.status_code == 200
    text = page_text(response)
    assert "Your PDF could not be made" in text and "Try again" in text
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/journal/export/?format=pdf")
    again = client.get(again["Location"])
    assert "Your PDF is ready" in page_text(again)
