"""Forms that create something, submitted once (learning.submissions)."""

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form's one-time token, recorded when its first submission did the work.

    The unique token is what makes a resubmission harmless: the first POST inserts this row in
    the same transaction as the work, so a second one (pressed twice, sent again after a
    timeout, or racing the first) either finds it and is answered as the first was, or waits on
    the unique index until the first commits and then finds it. Deleted after
    RETENTION_FORM_TOKENS_DAYS (the `camino_retention` hook).
    """

    token = models.CharField(max_length=64, unique=True)
    form = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    result_url = models.CharField(max_length=2000, blank=True)
    # The messages the first answer showed ([level, text, tags]), shown again on a replay.
    result_messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "form submission"

    def __str__(self) -> str:
        return f"{self.form} at {self.created_at:%Y-%m-%d %H:%M}"
