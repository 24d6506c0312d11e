"""The private reflective journal.

A JournalEntry belongs to its owner alone. It becomes readable by others only through an
active Share with a cohort, and only by that cohort's members and facilitators; withdrawing
the share ends that at once. Share rows are never deleted while the entry exists, so every
share and withdrawal stays on record (who and when). Journal entries are deliberately not
registered with the Wagtail admin, snippets, search index or Django admin.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from learning.models import Stage

BODY_MAX_CHARACTERS = 50_000
TITLE_MAX_LENGTH = 200


class JournalEntry(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    module = models.ForeignKey(
        "learning.ModulePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    course = models.ForeignKey(
        "learning.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.REFLECT)
    capabilities = models.ManyToManyField("learning.Capability", blank=True, related_name="+")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField(help_text="Sanitised HTML.")
    body_text = models.TextField(blank=True, help_text="The body as plain text, for search.")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not stored: set by reflections.services.entry_create (did saving it mark Reflect done?).
    stage_marked: bool

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"Journal entry {self.pk}"  # never the title: it may be private


class Share(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="shares")
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="journal_shares"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The owner's choice when sharing (on by default), changeable later: may the cohort's
    # members respond? Facilitators may always comment. Shares made before members could
    # respond keep them out (the migration sets False): their owners never chose.
    responses_allowed = models.BooleanField(default=True)

    # Not stored: set by reflections.views for the owner's page.
    facilitator_ids: set[int]
    conversation: Any
    comment_form: Any

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "cohort"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_share_per_cohort",
            )
        ]
        indexes = [models.Index(fields=["cohort", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"Share {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class Comment(models.Model):
    """A comment on a shared entry: a response from a cohort member, a facilitator's comment,
    or the owner's reply. Everyone who can read the shared entry (its cohort's members and
    facilitators, and its owner) reads the conversation, except:

    - `facilitators_only`: between the owner and the cohort's facilitators (and its author).
      Facilitators and owners may choose it; every comment made before members could respond
      is one, as that was the rule when it was written.
    - `hidden_at`: hidden by a facilitator, with a reason that the comment's author sees; out
      of sight for everyone else but the cohort's facilitators (who may show it again).

    The owner may remove any comment on their entry (it is deleted). A withdrawn share takes
    its whole conversation out of sight: its entry no longer exists for anyone but the owner.
    Bodies are plain text, stripped of control characters, escaped when shown.
    """

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    facilitators_only = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class JournalExport(models.Model):
    """A PDF of a large journal, made in the background (a few hundred entries take WeasyPrint
    several seconds, too long to hold a web worker). Its owner's alone, like the entries in it:
    anyone else gets a 404. Kept for EXPORT_KEPT_HOURS, then deleted with its file; the id is
    random so that one download address says nothing about another."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_exports"
    )
    # The journal's search and filters when it was asked for, as in the journal's address.
    query = models.CharField(max_length=2000, blank=True)
    entry_count = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARING)
    file = models.FileField(upload_to="journal-exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Journal export {self.pk}"
