"""Run daily (cron): invite learners to their 3- and 6-month follow-ups, and delete evaluator
exports older than 7 days."""

from typing import Any

from django.core.management.base import BaseCommand

from evaluation.services import exports_expired_delete, follow_ups_invite


class Command(BaseCommand):
    help = "Invite learners to their course follow-ups; delete expired evaluation exports."

    def handle(self, *args: Any, **options: Any) -> None:
        invited = follow_ups_invite()
        deleted = exports_expired_delete()
        self.stdout.write(
            f"{invited} follow-up invitation(s) sent, {deleted} old export(s) deleted."
        )
