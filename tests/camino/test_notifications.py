"""Notifications: told in the site and by email, as each person chooses, with a one-click
unsubscribe that works signed out.

The events are made by the plugins' own services (a comment, a share, a reminder, a
certificate action, an invitation), so these tests prove the whole path: the plugin announces,
the host listens, the person is told. Emails go through the background queue (immediate in
tests) once the event's transaction commits, so those tests commit it
(`django_capture_on_commit_callbacks(execute=True)`) and read Django's test outbox.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from camino.notifications import services as notify
from camino.notifications.models import Delivery, Kind, Notification, NotificationPreference
from camino.notifications.selectors import unsubscribe_token
from cohorts import services as cohort_services
from learning.certificates import services as certificate_services
from learning.certificates.models import Certificate, NameChangeRequest
from learning.services import stage_complete
from reflections import services as journal
from tests.reflections.helpers import page_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def member(make_user, cohort):
    user = make_user(email="priya@example.org", name="Priya Peer")
    cohort_services.cohort_join(cohort=cohort, user=user)
    return user


@pytest.fixture
def owner(learner, cohort):
    cohort_services.cohort_join(cohort=cohort, user=learner)
    return learner


@pytest.fixture
def shared(owner, cohort):
    entry = journal.entry_create(
        owner=owner, title="Doing with, not to", body="<p>The rota meeting.</p>"
    )
    return journal.entry_share(entry=entry, cohort=cohort, by=owner)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def unsubscribe_link(message) -> str:
    return next(link for link in LINK.findall(message.body) if "/unsubscribe/" in link)


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


# --- who is told what -------------------------------------------------------------------------


def test_the_owner_hears_of_a_response_and_a_comment_and_the_facilitator_of_the_share(
    owner, member, facilitator, shared
):
    assert titles(facilitator) == ["Amara Okafor shared a reflection with Spring cohort"]
    journal.comment_add(share=shared, author=member, body="Thank you", role="member")
    journal.comment_add(share=shared, author=facilitator, body="Lovely", role="facilitator")
    assert titles(owner) == [
        "Fiona Facilitator commented on your entry ‘Doing with, not to’",
        "Priya Peer responded to your entry ‘Doing with, not to’",
    ]


def test_a_reply_tells_those_who_took_part_and_never_the_entrys_title(
    owner, member, facilitator, shared
):
    journal.comment_add(share=shared, author=member, body="Thank you", role="member")
    journal.comment_add(share=shared, author=owner, body="You are welcome")
    told = titles(member)
    assert told == ["Amara Okafor replied in the conversation on their shared reflection"]
    assert all("Doing with" not in t for t in titles(member) + titles(facilitator))


def test_a_comment_kept_between_owner_and_facilitators_is_not_announced_to_members(
    owner, member, facilitator, shared
):
    journal.comment_add(share=shared, author=member, body="Thank you", role="member")
    journal.comment_add(
        share=shared,
        author=facilitator,
        body="Just for you",
        role="facilitator",
        facilitators_only=True,
    )
    assert titles(member) == []
    assert len(titles(owner)) == 2


def test_taking_a_share_back_takes_back_what_others_were_told(owner, member, facilitator, shared):
    journal.comment_add(share=shared, author=member, body="Thank you", role="member")
    journal.comment_add(share=shared, author=owner, body="Thanks")
    assert titles(facilitator) and titles(member)
    journal.share_withdraw(share=shared, by=owner)
    assert titles(facilitator) == [] and titles(member) == []
    assert len(titles(owner)) == 1, "the owner keeps what they were told about their own entry"


def test_deleting_an_entry_takes_back_what_others_were_told(owner, facilitator, shared):
    journal.entry_delete(entry=shared.entry)
    assert titles(facilitator) == []


def test_a_hidden_response_tells_its_author_why(owner, member, facilitator, shared):
    response = journal.comment_add(share=shared, author=member, body="Mrs K said", role="member")
    journal.comment_hide(comment=response, by=facilitator, reason="It names someone.")
    hidden = Notification.objects.get(user=member, kind=Kind.COMMENT_REPLY)
    assert hidden.title == "A facilitator hid your response to Amara Okafor’s shared reflection"
    assert hidden.body == "The reason they gave: It names someone."


def test_a_reminder_tells_the_learner_their_next_step(owner, facilitator, cohort):
    with_module = cohort.course.test_modules[0]
    cohort_services.nudges_send(
        cohort=cohort,
        learners=[owner],
        sent_by=facilitator,
        next_steps={owner.pk: (with_module.title, with_module.url)},
    )
    reminder = Notification.objects.get(user=owner, kind=Kind.REMINDER)
    assert reminder.title == (
        f"A reminder from Fiona Facilitator: your next step is {with_module.title}"
    )
    assert reminder.url == with_module.url


def test_certificates_issued_by_an_admin_revoked_and_reissued_are_announced(
    enrolled, course, programme_admin
):
    certificate = certificate_services.certificate_issue(
        user=enrolled, course=course, issued_by=programme_admin
    )
    certificate_services.certificate_revoke(
        certificate=certificate, reason="Issued by mistake.", by=programme_admin
    )
    new = certificate_services.certificate_reissue(certificate=certificate, by=programme_admin)
    assert titles(enrolled) == [
        f"Your certificate for {course.title} has been reissued",
        f"Your certificate for {course.title} has been revoked",
        f"Your certificate for {course.title} is ready",
    ]
    reissued = Notification.objects.filter(user=enrolled).first()
    assert new.display_code in reissued.body and certificate.display_code in reissued.body


def test_a_name_decision_is_one_notification_not_two(enrolled, course, programme_admin):
    certificate = certificate_services.certificate_issue(user=enrolled, course=course)
    assert titles(enrolled) == [], "issued on completion: the completion notification says it"
    request = certificate_services.name_change_request(
        certificate=certificate, user=enrolled, requested_name="Amara Okafor-Reid"
    )
    certificate_services.name_change_decide(request=request, approve=True, by=programme_admin)
    told = Notification.objects.get(user=enrolled)
    assert told.kind == Kind.NAME_DECISION
    assert "Amara Okafor-Reid" in told.body
    assert NameChangeRequest.objects.get().status == "approved"


def test_finishing_a_course_is_a_notification_and_an_email_that_say_the_same(
    enrolled, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for module in course.test_modules:
            for stage in ("learn", "do", "reflect"):
                stage_complete(user=enrolled, module=module, stage=stage)
    told = Notification.objects.get(user=enrolled, kind=Kind.COURSE_COMPLETED)
    assert told.title == f"You have completed {course.title}"
    assert told.url == f"/dashboard/courses/{course.pk}/complete/"
    assert Certificate.objects.filter(user=enrolled, status="valid").exists()
    [message] = [m for m in mail.outbox if told.title in m.subject]
    assert message.subject == f"[Camino] {told.title}"
    assert told.body in " ".join(message.body.split())
    assert f"/dashboard/courses/{course.pk}/complete/" in message.body


def test_an_invitation_to_someone_with_an_account_is_a_notification_and_to_others_an_email(
    owner, facilitator, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cohort_services.invitations_create(
            cohort=cohort,
            addresses=["amara@example.org", "new.person@example.org"],
            invited_by=facilitator,
        )
    # Amara (learner@example.org) is already a member, so she is reported, not invited; a
    # second account holder is.
    assert Notification.objects.filter(kind=Kind.INVITATION).count() == 0
    [email] = [m for m in mail.outbox if m.to == ["new.person@example.org"]]
    assert email.subject == "[Camino] You are invited to join Spring cohort"
    assert "Best wishes,\nThe Camino team" in email.body
    assert "List-Unsubscribe" not in email.extra_headers, "no account: nothing to unsubscribe"


def test_an_invitation_to_an_existing_account_arrives_in_the_site(
    make_user, facilitator, cohort, django_capture_on_commit_callbacks
):
    ezra = make_user(email="ezra@example.org", name="Ezra Enrolled")
    with django_capture_on_commit_callbacks(execute=True):
        cohort_services.invitations_create(
            cohort=cohort, addresses=["EZRA@example.org"], invited_by=facilitator
        )
    told = Notification.objects.get(user=ezra, kind=Kind.INVITATION)
    assert told.title == "You are invited to join Spring cohort"
    assert told.url.startswith(f"/join/{cohort.join_code}/?invitation=")
    [email] = mail.outbox
    assert email.to == ["ezra@example.org"] and email.subject == f"[Camino] {told.title}"


# --- the header, the list ---------------------------------------------------------------------


def test_the_header_says_how_many_are_unread_in_words(owner, member, shared):
    """Screen readers hear "Notifications, 2 unread"; the badge people see is hidden from
    them (the browser journey asks Chromium for the link's accessible name)."""
    journal.comment_add(share=shared, author=member, body="One", role="member")
    journal.comment_add(share=shared, author=member, body="Two", role="member")
    html = signed_in(owner).get("/dashboard/").content.decode()
    link = re.search(r'<a [^>]*href="/notifications/"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert '<span class="nhsuk-u-visually-hidden">Notifications, 2 unread</span>' in link
    assert re.search(r'<span aria-hidden="true">Notifications<span class="camino-count">2<', link)
    notify.notifications_read_all(user=owner)
    html = signed_in(owner).get("/dashboard/").content.decode()
    link = re.search(r'<a [^>]*href="/notifications/"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert link == "Notifications"


def test_the_header_count_costs_one_query_at_most(owner, member, shared):
    """The same page asks the same number of queries with 1 unread or 30, one of them the
    count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    journal.comment_add(share=shared, author=member, body="First", role="member")
    client = signed_in(owner)
    client.get("/cohorts/")  # warm caches
    with CaptureQueriesContext(connection) as one:
        client.get("/cohorts/")
    for n in range(29):
        journal.comment_add(share=shared, author=member, body=f"Response {n}", role="member")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/cohorts/")
    assert "30 unread" in page_text(response)
    counting = [q for q in many.captured_queries if "camino_notification" in q["sql"]]
    assert len(counting) == 1, counting
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_list_is_newest_first_and_each_item_opens_what_it_is_about(owner, member, shared):
    first = journal.comment_add(share=shared, author=member, body="First", role="member")
    second = journal.comment_add(share=shared, author=member, body="Second", role="member")
    client = signed_in(owner)
    html = client.get("/notifications/").content.decode()
    newest, oldest = Notification.objects.filter(user=owner).order_by("-created_at", "-id")
    assert html.index(f"/notifications/{newest.pk}/") < html.index(f"/notifications/{oldest.pk}/")
    opened = client.get(f"/notifications/{oldest.pk}/")
    assert opened.status_code == 302
    assert opened["Location"] == f"/journal/{shared.entry_id}/#comment-{first.pk}"
    oldest.refresh_from_db()
    assert oldest.read_at is not None and second.pk


def test_mark_one_and_mark_all_read_work_without_javascript(owner, member, shared):
    for n in range(3):
        journal.comment_add(share=shared, author=member, body=f"R{n}", role="member")
    client = signed_in(owner)
    one = Notification.objects.filter(user=owner).first()
    assert client.post(f"/notifications/{one.pk}/read/").status_code == 302
    assert Notification.objects.filter(user=owner, read_at__isnull=True).count() == 2
    assert "2 unread" in page_text(client.get("/notifications/"))
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    assert "You have no unread notifications." in page_text(client.get("/notifications/"))


def test_the_list_pages_and_runs_the_same_queries_for_5_and_500(
    owner, django_assert_max_num_queries
):
    def fill(count):
        Notification.objects.filter(user=owner).delete()
        Notification.objects.bulk_create(
            Notification(user=owner, kind=Kind.REMINDER, title=f"Reminder {n}", url="/dashboard/")
            for n in range(count)
        )

    client = signed_in(owner)
    fill(5)
    client.get("/notifications/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get("/notifications/")
    fill(500)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get("/notifications/?page=2")
    text = page_text(response)
    assert "Reminder 479" in text and "Reminder 499" not in text, "newest first, 20 a page"
    assert "page 25 of 25" not in text and "page 3 of 25" in text


def test_someone_elses_notification_does_not_exist(owner, member, shared):
    journal.comment_add(share=shared, author=member, body="R", role="member")
    theirs = Notification.objects.get(user=owner)
    client = signed_in(member)
    for url in (f"/notifications/{theirs.pk}/", "/notifications/99999999999999999999/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_never_redirects_off_the_site(owner):
    sneaky = Notification.objects.create(
        user=owner, kind=Kind.REMINDER, title="x", url="https://evil.example/"
    )
    response = signed_in(owner).get(f"/notifications/{sneaky.pk}/")
    assert response["Location"] == "/notifications/"


# --- choosing, emails, unsubscribing ----------------------------------------------------------


def test_each_kind_is_emailed_as_chosen(
    owner, member, facilitator, shared, django_capture_on_commit_callbacks
):
    notify.preferences_set(user=owner, choices={Kind.ENTRY_RESPONSE: Delivery.SITE})
    with django_capture_on_commit_callbacks(execute=True):
        journal.comment_add(share=shared, author=member, body="Site only", role="member")
    assert mail.outbox == []
    assert Notification.objects.filter(user=owner).count() == 1
    notify.preferences_set(user=owner, choices={Kind.ENTRY_RESPONSE: Delivery.IMMEDIATE})
    with django_capture_on_commit_callbacks(execute=True):
        journal.comment_add(share=shared, author=facilitator, body="At once", role="facilitator")
    [message] = [m for m in mail.outbox if m.to == [owner.email]]
    assert message.to == [owner.email]
    assert (
        message.subject == "[Camino] Fiona Facilitator commented on your entry ‘Doing with, not to’"
    )
    assert message.body.startswith("Hello Amara Okafor,")
    assert "Best wishes,\nThe Camino team\nsupport@camino.example" in message.body
    unsubscribe = unsubscribe_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_daily_email_gathers_everything_new_once(
    owner, member, facilitator, shared, django_capture_on_commit_callbacks
):
    notify.preferences_set(user=owner, choices={Kind.ENTRY_RESPONSE: Delivery.DAILY})
    with django_capture_on_commit_callbacks(execute=True):
        journal.comment_add(share=shared, author=member, body="One", role="member")
        journal.comment_add(share=shared, author=facilitator, body="Two", role="facilitator")
    assert [m for m in mail.outbox if m.to == [owner.email]] == [], "daily: nothing at once"
    mail.outbox.clear()  # Priya was told at once of the reply to her response
    # Fiona gets learners' shares daily by default: she has one waiting too.
    call_command("send_notification_digests", stdout=open("/dev/null", "w"))
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {owner.email, facilitator.email}
    daily = by_person[owner.email]
    assert daily.subject == "[Camino] 2 new notifications today"
    assert "Priya Peer responded to your entry" in daily.body
    assert "Fiona Facilitator commented on your entry" in daily.body
    assert "Stop the daily email" in daily.body
    mail.outbox.clear()
    call_command("send_notification_digests", stdout=open("/dev/null", "w"))
    assert mail.outbox == [], "each notification is emailed once"


def test_one_click_unsubscribe_works_signed_out_and_only_once(
    owner, member, shared, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        journal.comment_add(share=shared, author=member, body="Hello", role="member")
    path = path_of(unsubscribe_link(mail.outbox[0]))
    anyone = Client(enforce_csrf_checks=True)  # a mail program: no session, no CSRF token
    page = anyone.get(path)
    assert page.status_code == 200
    assert "Stop emails about responses and comments on entries you shared?" in page_text(page)
    assert NotificationPreference.objects.count() == 0, "opening the link changes nothing"
    done = anyone.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You have unsubscribed" in page_text(done)
    preference = NotificationPreference.objects.get(user=owner, kind=Kind.ENTRY_RESPONSE)
    assert preference.delivery == Delivery.SITE
    again = anyone.post(path)
    assert "This link has already been used" in page_text(again)
    assert NotificationPreference.objects.get(pk=preference.pk).version == preference.version
    # and no more emails of that kind, while the site still tells her
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        journal.comment_add(share=shared, author=member, body="Again", role="member")
    assert mail.outbox == []
    assert Notification.objects.filter(user=owner).count() == 2


def test_a_tampered_or_expired_link_changes_nothing(owner):
    token = unsubscribe_token(user=owner, kind=Kind.REMINDER)
    anyone = Client()
    edited = token[:-3] + ("x" if token[-3] != "x" else "y") + token[-2:]
    for bad in (edited, "not-a-token", token.replace(":", "")):
        response = anyone.post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 404
        assert "This link is not right" in page_text(response)
    later = time.time() + timedelta(days=91).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = anyone.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 410 and "This link has expired" in page_text(response)
    assert NotificationPreference.objects.count() == 0


def test_another_persons_choices_cannot_be_reached_by_editing_the_token(owner, member):
    """The token is signed whole: putting someone else's id in it breaks the signature."""
    from django.core import signing

    from camino.notifications.tokens import SALT

    token = unsubscribe_token(user=owner, kind=Kind.REMINDER)
    data = signing.loads(token, salt=SALT)
    forged = signing.dumps({**data, "u": member.pk}, salt="not-the-salt", compress=True)
    Client().post(f"/notifications/unsubscribe/{forged}/")
    assert not NotificationPreference.objects.filter(user=member).exists()


def test_the_settings_page_keeps_choices_and_shows_facilitator_kinds_to_facilitators(
    owner, facilitator
):
    learner_page = page_text(signed_in(owner).get("/accounts/notifications/"))
    assert "Reminders from your facilitator" in learner_page
    assert "A weekly summary of the cohorts you facilitate" not in learner_page
    client = signed_in(facilitator)
    assert "A weekly summary" in page_text(client.get("/accounts/notifications/"))
    choices = {kind.value: Delivery.SITE for kind in Kind}
    choices[Kind.REMINDER] = "sometimes"
    refused = client.post("/accounts/notifications/", choices)
    assert refused.status_code == 400
    assert "Choose how you hear about: reminders from your facilitator" in page_text(refused)
    assert 'value="site" checked' in refused.content.decode().replace("\n", " ") or re.search(
        r'value="site"[^>]*checked', refused.content.decode()
    )
    assert not NotificationPreference.objects.exists(), "a rejected form saves nothing"
    choices[Kind.REMINDER] = Delivery.DAILY
    assert client.post("/accounts/notifications/", choices).status_code == 302
    assert NotificationPreference.objects.get(user=facilitator, kind=Kind.REMINDER).delivery == (
        Delivery.DAILY
    )


def test_an_email_taken_back_before_it_is_sent_is_never_sent(owner, facilitator, cohort):
    """A share withdrawn between the notification and its email: nothing is sent."""
    from camino.notifications.tasks import send_notification_email

    entry = journal.entry_create(owner=owner, title="Quick", body="<p>x</p>")
    notify.preferences_set(user=facilitator, choices={Kind.COHORT_SHARE: Delivery.IMMEDIATE})
    share = journal.entry_share(entry=entry, cohort=cohort, by=owner)
    pending = Notification.objects.get(user=facilitator).pk
    journal.share_withdraw(share=share, by=owner)
    send_notification_email.call(pending)
    assert mail.outbox == []


def test_reminder_emails_are_recorded_on_the_reminder(
    owner, facilitator, cohort, django_capture_on_commit_callbacks
):
    from cohorts.models import Nudge

    with django_capture_on_commit_callbacks(execute=True):
        cohort_services.nudges_send(
            cohort=cohort, learners=[owner], sent_by=facilitator, next_steps={}
        )
    assert Nudge.objects.get().emailed_at is not None
    assert mail.outbox[0].subject.startswith("[Camino] A reminder from Fiona Facilitator")


def test_allauth_emails_start_with_the_programme_name_and_are_signed_off(client, learner):
    from wagtail.models import Site

    from camino.demo import demo_home_ensure
    from camino.models import ProgrammeSettings

    demo_home_ensure()
    settings_row = ProgrammeSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.programme_name = "Leading Together"
    settings_row.save()
    client.post("/accounts/password/reset/", {"email": learner.email})
    [message] = mail.outbox
    assert message.subject == "[Leading Together] Reset your password"
    assert "Best wishes,\nThe Leading Together team" in message.body


def test_no_email_for_someone_who_closed_their_account(owner, member, shared):
    owner.is_active = False
    owner.save()
    journal.comment_add(share=shared, author=member, body="Hello", role="member")
    assert not Notification.objects.filter(user=owner).exists()


def test_read_notifications_are_left_out_of_the_daily_email(owner, member, shared):
    notify.preferences_set(user=owner, choices={Kind.ENTRY_RESPONSE: Delivery.DAILY})
    journal.comment_add(share=shared, author=member, body="Hello", role="member")
    from camino.notifications.selectors import daily_due

    assert len(daily_due(user=owner)) == 1
    notify.notifications_read_all(user=owner)
    assert daily_due(user=owner) == []
    notify.daily_emails_send()
    assert [m for m in mail.outbox if m.to == [owner.email]] == []


# --- the facilitators' weekly digest, end to end ----------------------------------------------


def test_the_weekly_digest_reaches_the_facilitator_with_stalled_learners_and_unanswered_shares(
    owner, member, facilitator, cohort, shared, django_capture_on_commit_callbacks
):
    """`send_weekly_digests` (cohorts) builds it, the journal adds its unanswered shares, the
    host tells the facilitator: in the site and by email, with a one-click unsubscribe."""
    from cohorts.models import Membership
    from learning.models import Enrolment

    long_ago = timezone.now() - timedelta(days=30)
    Membership.objects.filter(cohort=cohort, user=member).update(joined_at=long_ago)
    Enrolment.objects.filter(user=member).update(last_activity_at=long_ago, created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_weekly_digests", stdout=open("/dev/null", "w"))
    told = Notification.objects.get(user=facilitator, kind=Kind.WEEKLY_SUMMARY)
    assert told.title.startswith("Weekly summary – Spring cohort: 1 stalled")
    [email] = [m for m in mail.outbox if m.to == [facilitator.email]]
    assert email.subject == f"[Camino] {told.title}"
    body = email.body
    assert "Priya Peer, no activity for 30 days. Next step:" in body
    assert "Shared entries with no response yet (1)" in body
    assert "Amara Okafor shared a reflection on" in body
    assert "Doing with, not to" not in body, "never an entry's title in a facilitator's email"
    assert "List-Unsubscribe" in email.extra_headers
    # Someone who responds takes the share off next week's list.
    journal.comment_add(share=shared, author=facilitator, body="Thank you", role="facilitator")
    from reflections.selectors import unanswered_shares

    assert unanswered_shares(cohort=cohort) == []
