from typing import Any

from django.core.management.base import BaseCommand

from reflections.selectors import EXPORT_KEPT_HOURS
from reflections.services import journal_exports_delete


class Command(BaseCommand):
    help = (
        f"Delete journal PDFs made in the background once they are {EXPORT_KEPT_HOURS} hours "
        "old, files and all. Run it hourly (cron, or your platform's scheduler); the pages "
        "already treat older ones as gone."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = journal_exports_delete(older_than_hours=EXPORT_KEPT_HOURS)
        self.stdout.write(f"Deleted {count} journal export{'s' if count != 1 else ''}.")
