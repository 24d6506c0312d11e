"""Reads of data exports. An export exists only for the one who asked for it, and only while
it is kept: to anyone else, and after that, it is a 404."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from camino.dataexport.models import DataExport


def kept_days() -> int:
    return settings.RETENTION_DATA_EXPORTS_DAYS


def kept_since():
    return timezone.now() - timedelta(days=kept_days())


def requester_export(*, requester, export_id) -> DataExport | None:
    """An export the requester asked for, while it is kept; None for anyone else's."""
    export = (
        DataExport.objects.filter(
            pk=export_id, requested_by=requester, created_at__gte=kept_since()
        )
        .select_related("person")
        .first()
    )
    return export


def own_latest_export(*, person) -> DataExport | None:
    """The newest export a person asked for about themselves, while it is kept."""
    return DataExport.objects.filter(
        person=person, requested_by=person, created_at__gte=kept_since()
    ).first()


def requested_for(*, requester, person) -> list[DataExport]:
    """Exports `requester` (a programme admin) made about `person`, while they are kept."""
    return list(
        DataExport.objects.filter(
            person=person, requested_by=requester, created_at__gte=kept_since()
        )
    )
