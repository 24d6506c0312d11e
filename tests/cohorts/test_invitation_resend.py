"""Issue 17, item 10 (d): an address is sent at most one invitation to a cohort a day, however
often it is entered; the facilitator is told when they can send again. Fails on the old code,
which sent a new invitation email every time the address was entered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cohorts.models import Invitation
from tests.cohorts.helpers import page_text

pytestmark = pytest.mark.django_db


def invite(client, cohort, addresses, capture):
    with capture(execute=True):
        return client.post(f"/cohorts/{cohort.pk}/invitations/", {"addresses": addresses})


def test_inviting_an_address_again_the_same_day_sends_nothing_and_says_when(
    client, facilitator, cohort, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    invite(client, cohort, "ann@example.org", django_capture_on_commit_callbacks)
    first = Invitation.objects.get(cohort=cohort)
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]

    again = invite(
        client, cohort, "Ann@example.org, bob@example.org", django_capture_on_commit_callbacks
    )

    assert again.status_code == 200
    text = page_text(again)
    assert "1 invitation sent." in text  # bob
    assert "Not sent again yet" in text
    after = timezone.localtime(first.created_at + timedelta(hours=24))
    assert f"ann@example.org: you can send again after {after:%H:%M} on {after.day} " in text
    assert Invitation.objects.filter(cohort=cohort, email="ann@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["ann@example.org"], ["bob@example.org"]]


def test_a_day_later_the_address_can_be_invited_again(
    client, facilitator, cohort, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    invite(client, cohort, "ann@example.org", django_capture_on_commit_callbacks)
    Invitation.objects.update(created_at=Invitation.objects.get().created_at - timedelta(hours=24))

    again = invite(client, cohort, "ann@example.org", django_capture_on_commit_callbacks)

    assert again.status_code == 302
    assert Invitation.objects.filter(email="ann@example.org").count() == 2
    assert len(mail.outbox) == 2


def test_the_limit_is_per_cohort(
    client, facilitator, cohort, other_cohort, django_capture_on_commit_callbacks
):
    other_cohort.facilitators.add(facilitator)
    client.force_login(facilitator)
    invite(client, cohort, "ann@example.org", django_capture_on_commit_callbacks)
    invite(client, other_cohort, "ann@example.org", django_capture_on_commit_callbacks)
    assert Invitation.objects.filter(email="ann@example.org").count() == 2
