"""Enrolment and progress.

Progress is kept per stage (StageCompletion) and, once a module's stages are done, per module
(ModuleCompletion), so the dashboard and the cohort grid read it with one query each. Rows
point at pages by id, so moving or renaming pages keeps everyone's progress. Course completion
is Enrolment.completed_at, recorded once and never unset: deleting or adding modules later
does not take a completion away (see learning.services.course_completion_check).
"""

from django.conf import settings
from django.db import models


class Stage(models.TextChoices):
    LEARN = "learn", "Learn"
    DO = "do", "Do"
    REFLECT = "reflect", "Reflect"
    SHARE = "share", "Share"


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", "Enrolled themselves"
        COHORT = "cohort", "Joined a cohort"
        ADMIN = "admin", "Enrolled by a programme admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "learning.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SELF)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} in {self.course_id}"


class StageCompletion(models.Model):
    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        SKIPPED = "skipped", "Chose not to share"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stage_completions"
    )
    module = models.ForeignKey(
        "learning.ModulePage", on_delete=models.CASCADE, related_name="stage_completions"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.DONE)
    note = models.TextField(blank=True, help_text="For Do: what the learner did.")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "stage"], name="one_completion_per_stage"
            )
        ]
        indexes = [models.Index(fields=["module", "user"])]

    def __str__(self) -> str:
        return f"{self.user} {self.stage} {self.module_id}"


class ModuleCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(
        "learning.ModulePage", on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="one_completion_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.module_id}"


class ChecklistTick(models.Model):
    """One ticked item of a module's Do checklist, for one learner.

    `item_id` is the StreamField block id of the `do_checklist` item, so editing an item's
    words keeps its ticks, and removing the item leaves nothing ticked in its place.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    module = models.ForeignKey(
        "learning.ModulePage", on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    item_id = models.CharField(max_length=64)
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "item_id"], name="one_tick_per_checklist_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ticked {self.item_id} in {self.module_id}"
