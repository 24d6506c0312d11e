"""Apply the retention schedule: run once a day (cron: `15 3 * * *`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from camino.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Delete what has passed its retention period (invitations, exports, notifications, "
        "sessions, audit entries, and whatever else the apps register), warn accounts not "
        "signed in to for a long time and delete those warned long enough ago. Run daily; "
        "running it again the same day does nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be deleted and who would be warned, and change nothing.",
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        if dry_run:
            self.stdout.write("Dry run: nothing is deleted and nobody is emailed.")
        for line in retention_apply(dry_run=dry_run):
            self.stdout.write(line)
