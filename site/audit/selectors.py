"""Reads of the audit trail."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from camino.audit.models import AuditEntry


def entries_filtered(
    *, person: str = "", actor: str = "", action: str = "", date_from=None, date_to=None
) -> QuerySet[AuditEntry]:
    """Newest first. Names and emails are matched on the snapshots (so an entry about someone
    whose account has gone is still found by its actor, action and date); dates are whole days
    in the site's time zone, both ends included."""
    entries = AuditEntry.objects.newest_first()
    if person:
        entries = entries.filter(
            Q(person_name__icontains=person) | Q(person_email__icontains=person)
        )
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
        entries = entries.filter(at__lt=end)
    return entries
