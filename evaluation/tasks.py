"""Background work for the evaluation (django-tasks): making an evaluator export."""

from datetime import date

from django_tasks import task


@task()
def make_evaluation_export(export_id: int) -> None:
    import secrets

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from cohorts.models import Cohort
    from evaluation import exports, selectors
    from evaluation.models import EvaluationExport
    from learning.models import CoursePage

    export = EvaluationExport.objects.filter(pk=export_id).first()
    if export is None:
        return
    recorded = export.filters
    try:
        filters = selectors.Filters(
            CoursePage.objects.get(pk=recorded["course"]),
            Cohort.objects.get(pk=recorded["cohort"]) if recorded.get("cohort") else None,
            _date(recorded.get("date_from")),
            _date(recorded.get("date_to")),
        )
        data, people = exports.build(filters)
    except Exception:
        export.status = EvaluationExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        raise
    if not people:
        export.status = EvaluationExport.Status.EMPTY
    else:
        export.file.save(
            f"evaluation-{export.pk}-{secrets.token_hex(8)}.zip", ContentFile(data), save=False
        )
        export.status = EvaluationExport.Status.READY
    export.people = people
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "people", "finished_at"])


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
