"""Background work of the journal: large PDF exports. Immediate in development and tests; the
django-tasks-db worker (`manage.py db_worker`) in production."""

from django_tasks import task


@task()
def render_journal_export(export_id: str) -> None:
    from reflections.exports import journal_export_render
    from reflections.models import JournalExport

    export = JournalExport.objects.filter(pk=export_id).select_related("owner").first()
    if export is not None and export.status == JournalExport.Status.PREPARING:
        journal_export_render(export=export)
