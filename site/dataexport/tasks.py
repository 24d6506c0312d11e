"""Background work of data exports: building the ZIP (django-tasks; immediate in development
and tests, the django-tasks-db worker in production)."""

from django_tasks import task


@task()
def build_data_export(export_id: str) -> None:
    from camino.dataexport.archive import data_export_build
    from camino.dataexport.models import DataExport

    export = DataExport.objects.filter(pk=export_id).select_related("person").first()
    if export is not None and export.status == DataExport.Status.PREPARING:
        data_export_build(export=export)
