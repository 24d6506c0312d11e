"""Queue the daily notification emails: run once a day (cron: `0 7 * * *`)."""

from typing import Any

from django.core.management.base import BaseCommand

from camino.notifications.services import daily_emails_send


class Command(BaseCommand):
    help = (
        "Queue one email for each person with new notifications of the kinds they chose to "
        "get once a day. Run daily; the emails are sent by the background worker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = daily_emails_send()
        self.stdout.write(f"Queued {queued} daily email{'' if queued == 1 else 's'}.")
