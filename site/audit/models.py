"""The staff audit trail: who read or changed whose data, what and when.

Append-only: an entry cannot be changed or deleted one by one (`save` refuses an update,
`delete` refuses); it is registered with no admin, snippet or viewset. Only two things remove
or change entries, both as whole querysets: the daily retention (`RETENTION_AUDIT_DAYS`) and
the anonymising of the entries about a person who deletes their account.

- The actor is kept as a link and as a name snapshot, so the record survives the actor's
  deletion (staff are accountable for what they did after they leave).
- The person is kept as a link and as a snapshot of their name, email and id. When the person
  deletes their account (or it is deleted after inactivity), the entry stays, so the trail
  still shows that staff looked at or changed someone's data, but the snapshot is replaced
  by "Deleted account": nothing in the trail identifies them any more. Details never hold a
  person's name for that reason.
- No IP address is kept: the actor is a signed-in member of staff, the who/what/when is the
  record, and the addresses of their sessions are already in allauth's session list (and
  deleted after `RETENTION_SESSIONS_DAYS`). Keeping them here would be personal data about
  staff with no use the session list does not already serve.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

DELETED_PERSON = "Deleted account"

# Plain words for the codes the plugins and the host announce (unknown codes show as they are).
ACTIONS: dict[str, str] = {
    "learner.viewed": "Viewed a learner's page in a cohort",
    "cohort.csv_exported": "Exported a cohort's progress (CSV)",
    "cohort.learner_removed": "Removed a learner from a cohort",
    "comment.hidden": "Hid a comment",
    "comment.shown": "Showed a hidden comment again",
    "certificate.issued": "Issued a certificate",
    "certificate.revoked": "Revoked a certificate",
    "certificate.reissued": "Reissued a certificate",
    "certificate.name_approved": "Approved a name correction",
    "certificate.name_refused": "Refused a name correction",
    "account.created": "Created an account",
    "account.details_changed": "Changed someone's name or email",
    "account.groups_changed": "Changed someone's groups (roles)",
    "account.deactivated": "Deactivated an account",
    "account.reactivated": "Reactivated an account",
    "account.deleted": "Deleted an account",
    "account.data_exported": "Produced a personal data export",
    "evaluation.exported": "Made an evaluation export",
}


class AuditEntryQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-at", "-id")


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=320)
    action = models.CharField(max_length=64, db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_name = models.CharField(max_length=200, blank=True)
    person_email = models.CharField(max_length=254, blank=True)
    person_ref = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The person's account id when it was recorded."
    )
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit trail"
        default_permissions = ("view",)
        indexes = [models.Index(fields=["-at", "-id"], name="audit_newest")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries cannot be deleted one by one.")

    @property
    def action_words(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def person_words(self) -> str:
        if not (self.person_name or self.person_email or self.person_ref):
            return ""
        if self.person_name == DELETED_PERSON:
            return DELETED_PERSON
        name = self.person_name or self.person_email
        return (
            f"{name} ({self.person_email})"
            if self.person_email and name != self.person_email
            else name
        )
