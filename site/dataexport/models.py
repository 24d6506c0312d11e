"""A copy of everything Camino holds about one person (see camino.dataexport)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DataExport(models.Model):
    """One ZIP of a person's data, made in the background. It downloads for `requested_by`
    alone: the person themselves, or the programme admin who made it for a subject access
    request. The id is random, so one download address says nothing about another. Deleted with
    its file after RETENTION_DATA_EXPORTS_DAYS (the `camino_retention` rule), and no longer
    downloadable after that even if the daily command has not run."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    class Reason(models.TextChoices):
        OWN = "own", "Asked for by the person"
        SUBJECT_ACCESS = "subject_access", "Subject access request, made by a programme admin"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.OWN)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARING)
    file = models.FileField(upload_to="data-exports/", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ()
        permissions = [
            (
                "export_personal_data",
                "Can make a copy of a person's data for a subject access request",
            )
        ]
        constraints = [
            # The queue guard: one export at a time per person, whoever asked.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="preparing"),  # Status.PREPARING; a literal keeps it stable
                name="one_data_export_in_progress_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Data export {self.pk}"
