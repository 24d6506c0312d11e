"""Writes to the audit trail: the listener of `camino_staff_action`, anonymising a deleted
person's entries, and the retention rule."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings

from camino.audit.models import DELETED_PERSON, AuditEntry
from learning.text import has_control_characters

ACTION_CODE = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


def _plain(text: str, limit: int) -> str:
    text = " ".join(str(text or "").split())
    if has_control_characters(text):
        text = "".join(ch for ch in text if ch.isprintable())
    return text[:limit]


def staff_action_record(*, actor, action: str, person=None, detail: str = "", request=None):
    """Registered on `camino_staff_action` (contract 1). Written in the caller's transaction,
    so an action that is rolled back leaves no entry. `request` is accepted and not used: no
    IP address is kept (see camino.audit.models)."""
    if not ACTION_CODE.match(action or "") or len(action) > 64:
        raise ValueError(f"Not an action code: {action!r}")
    actor_name = ""
    if actor is not None:
        actor_name = actor.name or actor.email
        if actor.email and actor_name != actor.email:
            actor_name = f"{actor_name} ({actor.email})"
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=_plain(actor_name, 320) or "Camino (automatic)",
        action=action,
        person=person if person is not None and person.pk else None,
        person_name=_plain(getattr(person, "name", ""), 200),
        person_email=_plain(getattr(person, "email", ""), 254),
        person_ref=getattr(person, "pk", None),
        detail=_plain(detail, 500),
    )


def person_anonymise(*, user) -> int:
    """Registered on `camino_account_deleting`: entries about someone who deletes their
    account stay (what staff did is still on record) without anything that identifies them.
    Entries where they were the actor keep the actor's name: staff answer for what they did."""
    return AuditEntry.objects.filter(person=user).update(
        person=None, person_name=DELETED_PERSON, person_email="", person_ref=None
    )


def entries_expired_delete(now) -> list[tuple[str, int]]:
    """`camino_retention` rule: entries older than RETENTION_AUDIT_DAYS."""
    days = settings.RETENTION_AUDIT_DAYS
    deleted, _ = AuditEntry.objects.filter(at__lt=now - timedelta(days=days)).delete()
    return [(f"audit trail entries older than {days} days", deleted)]
