"""Sending a create form twice creates once (learning.submissions): the journal's new entry,
a comment or response, a share and a long PDF export. Each fails on the code before tokens:
the second POST made a second entry / comment / export."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from learning.models import FormSubmission
from learning.submissions import ALREADY_SENT, form_tokens_delete_expired
from reflections import services
from reflections.models import Comment, JournalEntry, JournalExport, Share
from tests.reflections.helpers import entry, page_text

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_on(response) -> str:
    found = TOKEN.findall(response.content.decode())
    assert len(found) >= 1, "the form carries no one-time token"
    return found[-1]


def new_entry(title="Handover", token=None, **extra):
    data = {"title": title, "body": "I asked what mattered to her.", "stage": "reflect"}
    if token is not None:
        data["form_token"] = token
    return {**data, **extra}


def test_a_new_entry_sent_twice_is_saved_once_and_the_second_answer_leads_to_it(owner):
    client = as_(owner)
    token = token_on(client.get("/journal/new/"))
    first = client.post("/journal/new/", new_entry(token=token))
    assert first.status_code == 302
    second = client.post("/journal/new/", new_entry(token=token), follow=True)
    assert JournalEntry.objects.filter(owner=owner).count() == 1
    saved = JournalEntry.objects.get(owner=owner)
    assert second.redirect_chain[0][0] == first["Location"] == f"/journal/{saved.pk}/"
    text = page_text(second)
    assert ALREADY_SENT in text
    assert "Your entry is saved." in text  # the first answer's message, again
    # and the journal's draft-clearing tag comes back with it
    assert f'data-journal-saved="new:free:{owner.pk}"' in second.content.decode()


def test_each_rendering_of_the_form_gets_its_own_token_so_two_entries_need_two_forms(owner):
    client = as_(owner)
    one, two = token_on(client.get("/journal/new/")), token_on(client.get("/journal/new/"))
    assert one != two
    client.post("/journal/new/", new_entry("First", token=one))
    client.post("/journal/new/", new_entry("Second", token=two))
    assert set(JournalEntry.objects.values_list("title", flat=True)) == {"First", "Second"}


def test_a_refused_form_gives_its_token_back_so_the_corrected_one_is_saved(owner):
    client = as_(owner)
    token = token_on(client.get("/journal/new/"))
    refused = client.post("/journal/new/", new_entry(title="", token=token))
    assert refused.status_code == 200
    assert "I asked what mattered to her." in refused.content.decode()  # kept what was typed
    assert not JournalEntry.objects.exists()
    assert client.post("/journal/new/", new_entry(token=token)).status_code == 302
    assert JournalEntry.objects.count() == 1


def test_a_form_without_a_token_or_with_a_malformed_one_still_works(owner):
    client = as_(owner)
    assert client.post("/journal/new/", new_entry("Old page")).status_code == 302
    bad = client.post("/journal/new/", new_entry("Odd token", token="x\x00y"))
    assert bad.status_code == 302
    assert JournalEntry.objects.count() == 2
    assert not FormSubmission.objects.exists()


def test_someone_elses_token_neither_replays_their_answer_nor_blocks_the_form(owner, peer):
    token = token_on(as_(owner).get("/journal/new/"))
    as_(owner).post("/journal/new/", new_entry("Mine", token=token))
    theirs = as_(peer).post("/journal/new/", new_entry("Theirs", token=token))
    assert theirs.status_code == 302
    created = JournalEntry.objects.get(owner=peer)
    assert theirs["Location"] == f"/journal/{created.pk}/"
    assert JournalEntry.objects.filter(owner=owner).count() == 1


def test_a_response_sent_twice_is_added_once(owner, peer, cohort):
    share = services.entry_share(entry=entry(owner), cohort=cohort, by=owner)
    client = as_(peer)
    token = token_on(client.get(f"/journal/{share.entry_id}/"))
    url = f"/journal/{share.entry_id}/shares/{share.pk}/comments/"
    first = client.post(url, {"body": "Thank you for this.", "form_token": token})
    second = client.post(url, {"body": "Thank you for this.", "form_token": token})
    assert Comment.objects.filter(share=share).count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_sharing_sent_twice_shares_once(owner, cohort):
    mine = entry(owner)
    client = as_(owner)
    token = token_on(client.get(f"/journal/{mine.pk}/share/"))
    data = {"cohort": cohort.pk, "responses_allowed": "on", "form_token": token}
    client.post(f"/journal/{mine.pk}/share/", data)
    again = client.post(f"/journal/{mine.pk}/share/", data, follow=True)
    assert Share.objects.filter(entry=mine).count() == 1
    assert ALREADY_SENT in page_text(again)


def test_asking_twice_for_a_long_pdf_makes_one_export(owner, settings):
    for number in range(3):
        entry(owner, title=f"Entry {number}")
    import reflections.views

    limit = reflections.views.PDF_IN_REQUEST_MAX_ENTRIES
    reflections.views.PDF_IN_REQUEST_MAX_ENTRIES = 2
    try:
        client = as_(owner)
        token = token_on(client.get("/journal/export/?format=pdf"))
        first = client.post("/journal/export/?format=pdf", {"form_token": token})
        second = client.post("/journal/export/?format=pdf", {"form_token": token})
    finally:
        reflections.views.PDF_IN_REQUEST_MAX_ENTRIES = limit
    assert JournalExport.objects.filter(owner=owner).count() == 1
    assert second["Location"] == first["Location"]


def test_tokens_are_deleted_after_the_retention_period(owner, settings):
    settings.RETENTION_FORM_TOKENS_DAYS = 2
    client = as_(owner)
    for title in ("Old", "New"):
        client.post("/journal/new/", new_entry(title, token=token_on(client.get("/journal/new/"))))
    old = FormSubmission.objects.order_by("pk").first()
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2, minutes=1)
    )
    from wagtail import hooks

    results = [fn(timezone.now()) for fn in hooks.get_hooks("camino_retention")]
    assert [("tokens of submitted forms older than 2 days", 1)] in results
    assert FormSubmission.objects.count() == 1
    assert form_tokens_delete_expired(timezone.now()) == [
        ("tokens of submitted forms older than 2 days", 0)
    ]


# serialized_rollback: the committed test flushes the database, and the next test needs
# Wagtail's root page (made by a migration) back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writes")
def test_two_submissions_at_the_same_moment_create_one_entry(owner):
    token = token_on(as_(owner).get("/journal/new/"))
    barrier = threading.Barrier(2)
    answers = []

    def send():
        client = as_(owner)
        barrier.wait()
        answers.append(client.post("/journal/new/", new_entry(token=token)))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert JournalEntry.objects.filter(owner=owner).count() == 1
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
