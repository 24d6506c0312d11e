"""Self-assessment against a framework: dated snapshots, never overwritten.

The first snapshot for a framework is the learner's baseline; the newest is their latest. A
learner's consent decides whether their facilitators may see them (the cohort plugin reads it).
"""

from django.conf import settings
from django.db import models


class Level(models.IntegerChoices):
    ESSENTIAL = 1, "Essential"
    PROFICIENT = 2, "Proficient"
    STRONG = 3, "Strong"
    EXEMPLARY = 4, "Exemplary"


class SelfAssessment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments"
    )
    framework = models.ForeignKey(
        "learning.Framework", on_delete=models.CASCADE, related_name="self_assessments"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} on {self.framework_id} at {self.created_at:%Y-%m-%d}"


class Rating(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    capability = models.ForeignKey(
        "learning.Capability", on_delete=models.CASCADE, related_name="ratings"
    )
    # No level means "Not sure yet": kept so the answer is pre-filled next time, left out of
    # every average.
    level = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "capability"], name="one_rating_per_capability"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=4),
                name="rating_level_1_to_4_or_not_sure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.capability_id}: {self.level or 'not sure yet'}"


class SelfAssessmentConsent(models.Model):
    """Two separate choices, both off unless the learner turns them on: 'let my facilitators
    see my self-assessments', and 'my self-assessments and follow-up answers may be used,
    without my name, in the programme's evaluation' (never the journal). Withdrawing the
    second takes them out of every later report and export: those are computed when asked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessment_consent"
    )
    facilitators_may_see = models.BooleanField(default=False)
    evaluation_may_use = models.BooleanField(default=False)
    evaluation_changed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {'shares' if self.facilitators_may_see else 'private'}"
