"""Writes to a person's own account: their name, and deleting it. Deleting: one path for a
person deleting their own (camino.views.account_delete) and for an account deleted after
inactivity (camino.retention), so both leave the same: only anonymous aggregates."""

from __future__ import annotations

from django.db import transaction
from wagtail import hooks


def account_name_set(*, user, name: str) -> None:
    """A person's own correction of their name (camino.views.account_name)."""
    user.name = name
    user.save(update_fields=["name"])


def account_delete(*, user) -> None:
    """Plugins delete what is theirs beyond the database rows (files in storage) and anonymise
    what must stay (the audit trail) through `camino_account_deleting`; the database's
    cascades take the rest: journal, shares and comments, progress, self-assessments, cohort
    memberships, notifications."""
    with transaction.atomic():
        for hook in hooks.get_hooks("camino_account_deleting"):
            hook(user=user)
        user.delete()
