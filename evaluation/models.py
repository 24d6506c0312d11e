"""Programme evaluation: follow-ups after a course, and the exports made for evaluators.

Reports are not stored: they are computed when asked, from the learners who consent at that
moment (learning.SelfAssessmentConsent.evaluation_may_use), so withdrawing consent takes a
learner out of every later report and export.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

EXPORT_KEPT_FOR = timedelta(days=7)


class FollowUp(models.Model):
    """An invitation, 90 or 180 days after completing a course, to rate oneself again and
    answer the course's follow-up questions. The answers are the learner's own."""

    class Kind(models.IntegerChoices):
        THREE_MONTHS = 90, "3 months after"
        SIX_MONTHS = 180, "6 months after"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
    )
    course = models.ForeignKey(
        "learning.CoursePage", on_delete=models.CASCADE, related_name="follow_ups"
    )
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    may_quote = models.BooleanField(
        default=False, help_text="The learner allows their answers to be quoted without a name."
    )

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "kind"], name="one_follow_up_each")
        ]
        permissions = [
            (
                "view_evaluation",
                "Can see the programme evaluation reports and make evaluator exports",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.course_id} for {self.user_id}"


class FollowUpAnswer(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=300)
    answer = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.question


class EvaluationExport(models.Model):
    """A pseudonymised dataset for evaluators, made in the background and kept for its
    requester for 7 days. Who asked, when, and with which filters is recorded."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Being made"
        READY = "ready", "Ready"
        EMPTY = "empty", "Nothing to export"
        FAILED = "failed", "Could not be made"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    filters = models.JSONField(default=dict)
    filters_text = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    people = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="evaluation-exports/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.get_status_display()})"

    @property
    def expires_at(self):
        return self.requested_at + EXPORT_KEPT_FOR

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at
