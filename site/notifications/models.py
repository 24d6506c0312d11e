"""Notifications and each person's choice of how to hear about each kind."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    ENTRY_RESPONSE = "entry_response", "Responses and comments on entries you shared"
    COMMENT_REPLY = "comment_reply", "Replies after you comment, and a comment of yours hidden"
    COHORT_SHARE = "cohort_share", "Learners sharing an entry with a cohort you facilitate"
    REMINDER = "reminder", "Reminders from your facilitator"
    CERTIFICATE = "certificate", "Your certificates: issued, reissued or revoked"
    NAME_DECISION = "name_decision", "Decisions about correcting your name"
    INVITATION = "invitation", "Invitations to join a cohort"
    COURSE_COMPLETED = "course_completed", "Finishing a course"
    WEEKLY_SUMMARY = "weekly_summary", "A weekly summary of the cohorts you facilitate"
    FOLLOW_UP = "follow_up", "Invitations to look back 3 and 6 months after a course"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Email me at once"
    DAILY = "daily", "Email me once a day, with everything new"
    SITE = "site", "Only show it here, on the site"


# How each kind is delivered until the person chooses. Facilitators of a busy cohort would
# get an email for every share, so those come once a day.
DEFAULT_DELIVERY = {kind: Delivery.IMMEDIATE for kind in Kind}
DEFAULT_DELIVERY[Kind.COHORT_SHARE] = Delivery.DAILY
# The weekly summary is already a summary: an email each week, or nothing by email.
ALLOWED_DELIVERY = {kind: list(Delivery) for kind in Kind}
ALLOWED_DELIVERY[Kind.WEEKLY_SUMMARY] = [Delivery.IMMEDIATE, Delivery.SITE]
# Kinds only people who run cohorts receive; the settings page shows them to facilitators.
FACILITATOR_KINDS = frozenset({Kind.COHORT_SHARE, Kind.WEEKLY_SUMMARY})


class Notification(models.Model):
    """One thing that happened that concerns `user`: `title` says it in a line, `body` adds
    detail (plain text, also the email's body), `url` is the site path it is about. `topic`
    names what it is about ("share:12") so that it can be taken back with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    topic = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When email dealt with it: sent (at once or in the daily email), or held back (the demo
    # data's made-up history is never emailed). Empty: not emailed yet.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} ({self.kind})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How `user` hears about one kind. No row: the kind's default. `version` goes up with
    every change, so an unsubscribe link made before a change is recognised as used."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
