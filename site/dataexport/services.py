"""Writes of data exports: asking for one (with the queue guard), building it, deleting them."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail import hooks

from camino.dataexport import tasks
from camino.dataexport.models import DataExport
from camino.dataexport.selectors import kept_days

# An export still "being prepared" after this long was lost (a worker stopped mid-way): it no
# longer blocks a new one, and is shown as not made.
PREPARING_GIVEN_UP_AFTER = timedelta(hours=1)


class ExportInProgress(Exception):
    """An export of this person's data is being prepared already."""


def data_export_request(*, person, requested_by, request=None) -> DataExport:
    """Ask for a copy of `person`'s data, for `requested_by` to download: the person
    themselves, or a programme admin answering a subject access request (announced through
    `camino_staff_action`). At most one export per person is in progress at a time (a
    constraint in the database, so two quick clicks make one). A person's earlier exports of
    their own are deleted: one copy is enough."""
    subject_access = requested_by.pk != person.pk
    with transaction.atomic():
        DataExport.objects.filter(
            person=person,
            status=DataExport.Status.PREPARING,
            created_at__lt=timezone.now() - PREPARING_GIVEN_UP_AFTER,
        ).update(status=DataExport.Status.FAILED, finished_at=timezone.now())
        if DataExport.objects.filter(person=person, status=DataExport.Status.PREPARING).exists():
            raise ExportInProgress
        if not subject_access:
            data_exports_delete(
                exports=DataExport.objects.filter(person=person, requested_by=person)
            )
        try:
            with transaction.atomic():
                export = DataExport.objects.create(
                    person=person,
                    requested_by=requested_by,
                    reason=DataExport.Reason.SUBJECT_ACCESS
                    if subject_access
                    else DataExport.Reason.OWN,
                )
        except IntegrityError as clash:  # another request made one a moment ago
            raise ExportInProgress from clash
        if subject_access:
            for fn in hooks.get_hooks("camino_staff_action"):
                fn(
                    actor=requested_by,
                    action="account.data_exported",
                    person=person,
                    detail=(
                        "Made a copy of everything Camino holds about this person, in answer "
                        "to a subject access request. It downloads for this programme admin "
                        f"only and is deleted after {kept_days()} days."
                    ),
                    request=request,
                )
    export_id = str(export.pk)
    transaction.on_commit(lambda: tasks.build_data_export.enqueue(export_id))
    return export


def data_export_lost(*, export: DataExport) -> DataExport:
    """Its file is gone from storage: shown as not made, so the person can ask again."""
    export.status = DataExport.Status.FAILED
    export.save(update_fields=["status"])
    return export


def data_exports_delete(*, exports) -> int:
    """Delete these exports and, once that is committed, their files (a rolled-back deletion
    brings the rows back, and their ZIPs must still be there)."""
    gone = list(exports.only("pk", "file"))
    DataExport.objects.filter(pk__in=[e.pk for e in gone]).delete()
    names = [e.file.name for e in gone if e.file]
    if names:
        storage = DataExport._meta.get_field("file").storage

        def delete_files() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files)
    return len(gone)


def data_exports_expire(*, now, dry_run: bool = False) -> list[tuple[str, int]]:
    """The `camino_retention` rule: exports older than RETENTION_DATA_EXPORTS_DAYS go (with
    `dry_run`, only counted)."""
    days = kept_days()
    expired = DataExport.objects.filter(created_at__lt=now - timedelta(days=days))
    count = expired.count() if dry_run else data_exports_delete(exports=expired)
    return [(f"personal data exports older than {days} days", count)]


def data_exports_of_account_delete(*, user) -> int:
    """`camino_account_deleting`: exports about the person or made by them go, files too."""
    from django.db.models import Q

    return data_exports_delete(
        exports=DataExport.objects.filter(Q(person=user) | Q(requested_by=user))
    )
