"""Responses from the cohort: members respond to a shared entry while its owner allows it,
facilitators comment (and may keep a comment between them and the owner), the owner replies,
removes any response and turns responses off, and a facilitator hides a response with a
reason its author sees. What the owner sees is in their exports."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reflections import services
from reflections.models import Comment, Share
from tests.reflections.helpers import dangerous_markup, entry, page_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def share(owner, cohort):
    mine = entry(owner, title="The rota meeting", body="<p>SHARED-WORDS</p>")
    return services.entry_share(entry=mine, cohort=cohort, by=owner)


@pytest.fixture
def third(make_user, cohort):
    from cohorts import services as cohort_services

    user = make_user(email="tom@example.org", name="Tomasz Third")
    cohort_services.cohort_join(cohort=cohort, user=user)
    return user


def as_(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def respond(user, share, text, **extra):
    return as_(user).post(
        f"/journal/{share.entry_id}/shares/{share.pk}/comments/", {"body": text, **extra}
    )


def test_sharing_lets_members_respond_by_default_and_the_cohort_reads_it(
    owner, peer, third, facilitator, share
):
    assert share.responses_allowed is True
    response = respond(peer, share, "This helped me plan Thursday.")
    assert response.status_code == 302
    assert Comment.objects.get().author == peer
    for reader in (owner, third, facilitator):
        text = page_text(as_(reader).get(f"/journal/{share.entry_id}/"))
        assert "This helped me plan Thursday." in text, reader
        assert "Priya Peer" in text


def test_a_facilitator_may_keep_a_comment_between_them_and_the_owner(
    owner, peer, facilitator, share
):
    respond(facilitator, share, "FOR-AMARA-ONLY", facilitators_only="on")
    respond(facilitator, share, "FOR-EVERYONE")
    assert "FOR-AMARA-ONLY" in page_text(as_(owner).get(f"/journal/{share.entry_id}/"))
    member_sees = page_text(as_(peer).get(f"/journal/{share.entry_id}/"))
    assert "FOR-EVERYONE" in member_sees and "FOR-AMARA-ONLY" not in member_sees


def test_members_cannot_mark_a_response_private(peer, share):
    respond(peer, share, "Hello", facilitators_only="on")
    assert Comment.objects.get().facilitators_only is False


def test_with_responses_off_a_member_is_refused_and_keeps_their_text(
    owner, peer, facilitator, share
):
    as_(owner).post(f"/journal/{share.entry_id}/shares/{share.pk}/responses/", {"allowed": "no"})
    assert Share.objects.get(pk=share.pk).responses_allowed is False
    page = as_(peer).get(f"/journal/{share.entry_id}/")
    assert "Amara Okafor has turned responses off" in page_text(page)
    assert 'name="body"' not in page.content.decode(), "no form to fill in for nothing"
    refused = respond(peer, share, "MY-CAREFUL-WORDS")
    assert refused.status_code == 400
    assert "has turned responses off for this entry" in page_text(refused)
    assert "MY-CAREFUL-WORDS" in refused.content.decode(), "the text is kept in the box"
    assert not Comment.objects.exists()
    assert respond(facilitator, share, "Still here").status_code == 302
    # and back on
    as_(owner).post(f"/journal/{share.entry_id}/shares/{share.pk}/responses/", {"allowed": "yes"})
    assert respond(peer, share, "Now I can").status_code == 302


def test_a_response_to_a_withdrawn_entry_is_refused_with_the_words_given_back(owner, peer, share):
    services.share_withdraw(share=share, by=owner)
    refused = respond(peer, share, "TYPED-AS-IT-WENT")
    assert refused.status_code == 409
    text = page_text(refused)
    assert "TYPED-AS-IT-WENT" in text
    assert "has taken this entry back" in text
    assert "SHARED-WORDS" not in text and "The rota meeting" not in text
    assert not Comment.objects.exists()


def test_a_withdrawn_entry_takes_its_responses_out_of_sight(owner, peer, third, share):
    respond(peer, share, "PEER-RESPONSE")
    services.share_withdraw(share=share, by=owner)
    for reader in (peer, third):
        assert as_(reader).get(f"/journal/{share.entry_id}/").status_code == 404


def test_someone_outside_the_cohort_cannot_respond(stranger, other_facilitator, share):
    for outsider in (stranger, other_facilitator):
        assert respond(outsider, share, "Hi").status_code == 404
    assert not Comment.objects.exists()


def test_the_owner_removes_any_response_and_an_author_their_own(owner, peer, third, share):
    respond(peer, share, "First")
    respond(third, share, "Second")
    first, second = Comment.objects.order_by("pk")
    remove = "/journal/{}/comments/{}/remove/"
    assert as_(third).post(remove.format(share.entry_id, first.pk)).status_code == 404
    assert as_(third).post(remove.format(share.entry_id, second.pk)).status_code == 302
    assert as_(owner).post(remove.format(share.entry_id, first.pk)).status_code == 302
    assert not Comment.objects.exists()


def test_a_facilitator_hides_a_response_and_its_author_sees_why(
    owner, peer, third, facilitator, share
):
    respond(peer, share, "Mrs K in bed 4 said")
    comment = Comment.objects.get()
    hide = f"/journal/{share.entry_id}/comments/{comment.pk}/hide/"
    missing_reason = as_(facilitator).post(hide, {"action": "hide", "reason": "  "})
    assert missing_reason.status_code == 400
    assert "Say why you are hiding it" in page_text(missing_reason)
    too_long = as_(facilitator).post(hide, {"action": "hide", "reason": "x" * 501})
    assert too_long.status_code == 400 and "x" * 501 in too_long.content.decode()
    assert as_(peer).post(hide, {"action": "hide", "reason": "mine"}).status_code == 404
    assert Comment.objects.get().hidden_at is None
    as_(facilitator).post(hide, {"action": "hide", "reason": "It names a patient."})
    others = page_text(as_(third).get(f"/journal/{share.entry_id}/"))
    assert "Mrs K in bed 4" not in others
    owners = page_text(as_(owner).get(f"/journal/{share.entry_id}/"))
    assert "Mrs K in bed 4" not in owners and "A response was hidden by a facilitator" in owners
    authors = page_text(as_(peer).get(f"/journal/{share.entry_id}/"))
    assert "Mrs K in bed 4" in authors and "It names a patient." in authors
    facilitators = page_text(as_(facilitator).get(f"/journal/{share.entry_id}/"))
    assert "Mrs K in bed 4" in facilitators and "Show it again" in facilitators
    as_(facilitator).post(hide, {"action": "show"})
    assert "Mrs K in bed 4" in page_text(as_(third).get(f"/journal/{share.entry_id}/"))


def test_response_text_is_plain_and_safe(peer, owner, share):
    refused = respond(peer, share, "A NUL\x00 in it")
    assert refused.status_code == 400 and not Comment.objects.exists()
    respond(peer, share, "<script>alert('XSS')</script> <b>bold</b>\nnext line")
    html = as_(owner).get(f"/journal/{share.entry_id}/").content.decode()
    assert "&lt;script&gt;" in html and not dangerous_markup(html)
    assert "&lt;b&gt;bold&lt;/b&gt;<br>next line" in html


def test_an_empty_or_huge_response_is_refused_with_the_text_kept(peer, share):
    empty = respond(peer, share, "   ")
    assert empty.status_code == 400 and "Write something before you send it" in page_text(empty)
    huge = respond(peer, share, "y" * 5001)
    assert huge.status_code == 400
    assert "up to 5,000 characters" in page_text(huge)
    assert "y" * 5001 in huge.content.decode()
    assert not Comment.objects.exists()


def test_the_owners_exports_carry_the_conversation_but_not_hidden_responses(
    owner, peer, facilitator, share
):
    respond(peer, share, "VISIBLE-RESPONSE")
    respond(peer, share, "HIDDEN-RESPONSE")
    hidden = Comment.objects.get(body="HIDDEN-RESPONSE")
    services.comment_hide(comment=hidden, by=facilitator, reason="No")
    client = as_(owner)
    data = json.loads(client.get("/journal/export/?format=json").content)
    [record] = [e for e in data["entries"] if e["id"] == share.entry_id]
    [conversation] = record["conversations"]
    assert [c["text"] for c in conversation["comments"]] == ["VISIBLE-RESPONSE"]
    assert conversation["comments"][0]["author"] == "Priya Peer"
    markdown = client.get("/journal/export/?format=md").content.decode()
    assert "VISIBLE-RESPONSE" in markdown and "HIDDEN-RESPONSE" not in markdown
    pdf = pdf_text(client.get("/journal/export/?format=pdf").content)
    assert "VISIBLE-RESPONSE" in pdf and "HIDDEN-RESPONSE" not in pdf


def test_the_shared_entry_page_runs_the_same_queries_for_5_and_50_responses(
    peer, share, facilitator
):
    from django.db import connection

    def fill(count):
        Comment.objects.all().delete()
        Comment.objects.bulk_create(
            Comment(share=share, author=peer, body=f"R{n}") for n in range(count)
        )

    client = as_(facilitator)
    fill(5)
    client.get(f"/journal/{share.entry_id}/")
    with CaptureQueriesContext(connection) as five:
        client.get(f"/journal/{share.entry_id}/")
    fill(50)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(f"/journal/{share.entry_id}/")
    assert "R49" in page_text(response)
    assert len(fifty.captured_queries) == len(five.captured_queries)
