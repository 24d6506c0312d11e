"""Cohorts: a group of learners working through one course together, with facilitators.

Leaving or being removed ends a membership (ended_at) rather than deleting it, so the history
stays and the learner's own progress and journal are untouched.
"""

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from learning.codes import code_new

INVITATION_LIFETIME = timedelta(days=30)
STALLED_AFTER_DAYS = 14


JOIN_CODE_LENGTH = 10


def new_join_code() -> str:
    """Read aloud and typed from a slide: the same alphabet and rules as certificate codes."""
    return code_new(length=JOIN_CODE_LENGTH)


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Cohort(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    name = models.CharField(max_length=120)
    course = models.ForeignKey(
        "learning.CoursePage", on_delete=models.PROTECT, related_name="cohorts"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_cohorts", blank=True
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty for no limit."
    )
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    join_code_rotated_at = models.DateTimeField(null=True, blank=True)
    stalled_after_days = models.PositiveSmallIntegerField(
        "Stalled after this many days without activity",
        default=STALLED_AFTER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=(
            "A learner who has not finished the course and has done nothing in it for this "
            "many days is shown as stalled. A whole number from 1 to 365."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not stored: set on the instances that cohorts.selectors hands to the pages.
    stalled: int  # cohorts_for: how many have stalled
    facilitator_list: list[Any]  # cohort_for: the facilitators (users), by name

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    def join_path(self) -> str:
        return reverse("cohorts:join", args=[self.join_code])


class LearnerStatus(models.TextChoices):
    """Where a member is in the cohort's course. Stalled is not one of these: it is a tag
    beside Not started or In progress (see cohorts.selectors `GridRow.stalled`)."""

    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    COMPLETED = "completed", "Completed"


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who removed the learner; empty if they left themselves.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_membership_per_cohort")
        ]
        indexes = [models.Index(fields=["cohort", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Invitation(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.cohort}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class Nudge(models.Model):
    """A reminder email from a facilitator to a learner, logged whether or not it was sent."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="nudges")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nudges_received"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    next_step_title = models.CharField(max_length=255)
    next_step_url = models.CharField(max_length=500)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Nudge to {self.learner} on {self.created_at:%Y-%m-%d}"
