"""Apply the retention schedule: run once a day (cron: `15 3 * * *`)."""

from django.core.management.base import BaseCommand

from camino.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Delete what has passed its retention period (invitations, exports, notifications, "
        "sessions, audit entries, and whatever else the apps register), warn accounts not "
        "signed in to for a long time and delete those warned long enough ago. Run daily; "
        "running it again the same day does nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be deleted and who would be warned, and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            self.stdout.write("Dry run: nothing is deleted and nobody is emailed.")
        for line in retention_apply(dry_run=dry_run):
            self.stdout.write(line)
