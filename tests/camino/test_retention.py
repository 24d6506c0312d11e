"""Issue 17, item 13: retention. `manage.py apply_retention`, run daily, deletes what has passed
its period (contract 3) through the `camino_retention` rules, warns accounts not signed in to
for ACCOUNT_INACTIVE_DAYS and deletes them ACCOUNT_INACTIVE_GRACE_DAYS after the warning,
through the same path as deleting one's own account. Time is moved by setting timestamps in
the past."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from camino.audit.models import AuditEntry
from camino.notifications.models import Notification
from cohorts.models import Invitation, Membership
from evaluation.models import EvaluationExport
from learning.staff_actions import announce_staff_action
from reflections.models import JournalEntry, JournalExport

User = get_user_model()


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def run(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the schedule (contract 3) ---------------------------------------------------------------


@pytest.fixture
def aged(learner, cohort, facilitator, programme_admin):
    """One of each thing that expires just past its period, and one just inside it."""
    from cohorts.services import cohort_join

    made = {}
    for label, age in (("old", 91), ("new", 89)):
        invitation = Invitation.objects.create(
            cohort=cohort, email=f"{label}@example.org", expires_at=days_ago(age - 30)
        )
        Invitation.objects.filter(pk=invitation.pk).update(created_at=days_ago(age))
        made[f"invitation_{label}"] = invitation
    # Amara joined with an invitation that is now old: the membership stays.
    used = Invitation.objects.create(
        cohort=cohort, email=learner.email, expires_at=days_ago(60), accepted_by=learner
    )
    Invitation.objects.filter(pk=used.pk).update(
        created_at=days_ago(120), accepted_at=days_ago(119)
    )
    cohort_join(cohort=cohort, user=learner)
    for label, age in (("old", 366), ("new", 364)):
        made[f"notification_{label}"] = Notification.objects.create(
            user=learner, kind="reminder", title=label, created_at=days_ago(age)
        )
    for label, age in (("old", 91), ("new", 89)):
        made[f"usersession_{label}"] = UserSession.objects.create(
            user=learner,
            ip="127.0.0.1",
            session_key=f"session-{label}",
            user_agent="Firefox",
            last_seen_at=days_ago(age),
        )
    Session.objects.create(session_key="expired-one", session_data="x", expire_date=days_ago(1))
    Session.objects.create(session_key="current-one", session_data="x", expire_date=days_ago(-1))
    for label, age in (("old", 731), ("new", 729)):
        announce_staff_action(
            actor=facilitator, action="learner.viewed", person=learner, detail=label
        )
        AuditEntry.objects.filter(detail=label).update(at=days_ago(age))
    for label, age in (("old", 7.1), ("new", 6.9)):
        export = EvaluationExport.objects.create(
            requested_by=programme_admin, status="ready", requested_at=days_ago(age)
        )
        export.file.save(f"{label}.zip", ContentFile(b"zip"), save=True)
        made[f"evaluation_{label}"] = export
    for label, hours in (("old", 25), ("new", 23)):
        export = JournalExport.objects.create(owner=learner, entry_count=60, status="ready")
        export.file.save(f"{label}.pdf", ContentFile(b"%PDF"), save=True)
        JournalExport.objects.filter(pk=export.pk).update(
            created_at=timezone.now() - timedelta(hours=hours)
        )
        made[f"journal_{label}"] = export
    return made


def exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def test_each_thing_goes_when_its_period_is_over_and_not_before(
    aged, learner, cohort, django_capture_on_commit_callbacks
):
    old_files = [aged["evaluation_old"].file.path, aged["journal_old"].file.path]

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
        output = run()

    for kind in ("invitation", "notification", "usersession", "evaluation", "journal"):
        assert not exists(aged[f"{kind}_old"]), kind
        assert exists(aged[f"{kind}_new"]), kind
    assert not Invitation.objects.filter(email=learner.email).exists()
    assert Membership.objects.filter(cohort=cohort, user=learner, ended_at__isnull=True).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current-one"]
    assert list(AuditEntry.objects.values_list("detail", flat=True)) == ["new"]
    import os

    assert not any(os.path.exists(path) for path in old_files)
    assert aged["evaluation_new"].file.storage.exists(aged["evaluation_new"].file.name)
    for line in (
        "Deleted 2 cohort invitations sent more than 90 days ago.",
        "Deleted 1 notifications older than 365 days.",
        "Deleted 1 expired sessions (signed out by time).",
        "Deleted 1 sign-in session records not seen for 90 days.",
        "Deleted 1 audit trail entries older than 730 days.",
        "Deleted 1 evaluation exports older than 7 days.",
        "Deleted 1 journal PDF exports older than 24 hours.",
    ):
        assert line in output, output


def test_running_it_again_does_nothing_more(aged):
    run()
    counts = [Invitation.objects.count(), Notification.objects.count(), AuditEntry.objects.count()]

    output = run()

    assert [
        Invitation.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    ] == counts
    assert not re.search(r"Deleted [1-9]", output), output


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(aged, make_user):
    sleeper = make_user(email="sleeper@example.org", name="Sam Sleeper")
    User.objects.filter(pk=sleeper.pk).update(last_login=days_ago(800))
    before = [Invitation.objects.count(), Notification.objects.count(), AuditEntry.objects.count()]

    output = run("--dry-run")

    assert output.startswith("Dry run: nothing is deleted and nobody is emailed.")
    assert "Would delete 2 cohort invitations sent more than 90 days ago." in output
    assert (
        "Would warn 1 account not signed in to for 730 days, by email: sleeper@example.org."
        in output
    )
    assert [
        Invitation.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    ] == before
    assert Session.objects.filter(session_key="expired-one").exists()
    assert mail.outbox == []
    sleeper.refresh_from_db()
    assert sleeper.inactivity_warned_at is None


def test_the_periods_are_settings(aged, settings):
    settings.RETENTION_NOTIFICATIONS_DAYS = 30

    output = run()

    assert "Deleted 2 notifications older than 30 days." in output
    assert not Notification.objects.exists()


# --- inactive accounts -----------------------------------------------------------------------


@pytest.fixture
def sleeper(make_user, home_page):
    user = make_user(email="sleeper@example.org", name="Sam Sleeper")
    User.objects.filter(pk=user.pk).update(last_login=days_ago(731))
    user.refresh_from_db()
    return user


def test_an_account_unused_for_730_days_is_warned_by_email_once(sleeper, learner):
    User.objects.filter(pk=learner.pk).update(last_login=days_ago(700))

    output = run()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sleeper@example.org"]
    delete_on = timezone.localtime(timezone.now() + timedelta(days=30))
    day = f"{delete_on.day} {delete_on:%B %Y}"
    assert email.subject == f"[Camino] Your account will be deleted from {day} unless you sign in"
    body = email.body
    assert body.startswith("Hello Sam Sleeper,")
    last = timezone.localtime(sleeper.last_login)
    assert f"You have not signed in to Camino since {last.day} {last:%B %Y}." in body
    assert f"Your account will be deleted from {day}, with everything in it" in body
    assert f"To keep your account, sign in before {day}. Signing in is all it takes:" in body
    assert "http://127.0.0.1:8000/accounts/login/" in body
    assert body.rstrip().endswith("The Camino team\nsupport@camino.example")
    assert "<" not in body  # plain text, nothing escaped or marked up
    assert (
        "Warned 1 account not signed in to for 730 days, by email: sleeper@example.org." in output
    )
    sleeper.refresh_from_db()
    assert timezone.now() - sleeper.inactivity_warned_at < timedelta(minutes=1)

    run()
    assert len(mail.outbox) == 1  # not warned twice


def test_someone_who_never_signed_in_counts_from_when_they_joined(make_user, home_page):
    never = make_user(email="never@example.org", name="Nev Never")
    User.objects.filter(pk=never.pk).update(last_login=None, date_joined=days_ago(731))
    recent = make_user(email="recent@example.org", name="Rae Recent")
    User.objects.filter(pk=recent.pk).update(last_login=None, date_joined=days_ago(10))

    run()

    assert [m.to for m in mail.outbox] == [["never@example.org"]]


def test_warned_and_not_back_after_the_grace_period_the_account_is_deleted_like_self_deletion(
    sleeper, facilitator, django_capture_on_commit_callbacks
):
    from reflections.services import entry_create

    run()
    entry_create(owner=sleeper, title="Private thoughts", body="<p>secret</p>")
    export = JournalExport.objects.create(owner=sleeper, entry_count=60, status="ready")
    export.file.save("mine.pdf", ContentFile(b"%PDF"), save=True)
    JournalExport.objects.filter(pk=export.pk).update(created_at=timezone.now())
    path = export.file.path
    announce_staff_action(actor=facilitator, action="learner.viewed", person=sleeper, detail="x")

    User.objects.filter(pk=sleeper.pk).update(inactivity_warned_at=days_ago(29))
    run()
    assert User.objects.filter(pk=sleeper.pk).exists()  # 29 days: not yet

    User.objects.filter(pk=sleeper.pk).update(inactivity_warned_at=days_ago(30))
    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert not User.objects.filter(pk=sleeper.pk).exists()
    assert not JournalEntry.objects.filter(title="Private thoughts").exists()
    import os

    assert not os.path.exists(path)  # the journal's own account-deleting hook ran
    entry = AuditEntry.objects.get()
    assert entry.person_words == "Deleted account"  # the audit's hook ran too
    assert "Deleted 1 account warned 30 or more days ago and not signed in to since." in output


def test_signing_in_after_the_warning_keeps_the_account_and_clears_the_warning(sleeper):
    run()
    User.objects.filter(pk=sleeper.pk).update(
        inactivity_warned_at=days_ago(40), last_login=days_ago(5)
    )

    output = run()

    sleeper.refresh_from_db()
    assert sleeper.inactivity_warned_at is None
    assert "Cleared the warning of 1 account signed in to again since." in output
    assert "Deleted 0 accounts warned" in output


def test_staff_are_warned_but_never_deleted_automatically(
    programme_admin, content_editor, superuser, home_page
):
    for user in (programme_admin, content_editor, superuser):
        User.objects.filter(pk=user.pk).update(last_login=days_ago(800))

    run()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "eddie@example.org",
        "pat@example.org",
        "root@example.org",
    ]
    staff_email = next(m for m in mail.outbox if m.to == ["pat@example.org"])
    assert staff_email.subject == "[Camino] You have not signed in for a long time"
    assert "it will not be deleted automatically" in staff_email.body
    User.objects.update(inactivity_warned_at=days_ago(31))

    output = run()

    assert (
        User.objects.filter(pk__in=[programme_admin.pk, content_editor.pk, superuser.pk]).count()
        == 3
    )
    assert "Not deleted, because they are staff accounts (a superuser decides):" in output
    assert "pat@example.org (Programme admins)" in output
    assert "root@example.org (superuser)" in output


def test_deactivated_accounts_are_neither_emailed_nor_deleted(sleeper):
    User.objects.filter(pk=sleeper.pk).update(is_active=False)

    output = run()

    assert mail.outbox == []
    assert User.objects.filter(pk=sleeper.pk).exists()
    assert "Left alone: 1 deactivated account not signed in to for 730 days" in output


def test_a_warning_that_cannot_be_sent_is_tried_again_and_nobody_is_deleted_unwarned(
    sleeper, settings
):
    settings.EMAIL_BACKEND = "tests.camino.test_retention.FailingBackend"

    output = run()

    sleeper.refresh_from_db()
    assert sleeper.inactivity_warned_at is None
    assert (
        "Could not email 1 of them (they will be tried again tomorrow): sleeper@example.org."
        in output
    )


class FailingBackend:
    """A mail server that refuses everything (only email is faked in these tests)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("Connection refused")


def test_the_daily_run_also_deletes_data_exports_and_form_tokens_registered_by_other_apps(
    learner,
):
    """The personal data exports (camino.dataexport) and the tokens of submitted forms
    (learning.submissions) register their own rules; the same daily command applies them."""
    from camino.dataexport.models import DataExport
    from learning.models import FormSubmission

    old_export = DataExport.objects.create(
        person=learner, requested_by=learner, status=DataExport.Status.READY
    )
    DataExport.objects.filter(pk=old_export.pk).update(created_at=days_ago(8))
    new_export = DataExport.objects.create(
        person=learner, requested_by=learner, status=DataExport.Status.READY
    )
    old_token = FormSubmission.objects.create(token="old-token", form="journal.entry_new")
    FormSubmission.objects.filter(pk=old_token.pk).update(created_at=days_ago(3))
    FormSubmission.objects.create(token="new-token", form="journal.entry_new")

    dry = run("--dry-run")
    assert "Would delete 1 personal data exports older than 7 days." in dry, dry
    assert "Would delete 1 tokens of submitted forms older than 2 days." in dry, dry
    output = run()

    assert "Deleted 1 personal data exports older than 7 days." in output, output
    assert "Deleted 1 tokens of submitted forms older than 2 days." in output, output
    assert list(DataExport.objects.all()) == [new_export]
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["new-token"]
