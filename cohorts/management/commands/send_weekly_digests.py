"""Run once a week (e.g. cron `0 7 * * MON python manage.py send_weekly_digests`).

Each facilitator of an active cohort with something to report gets one digest of the last 7
days (cohorts/digests.py); the host's `cohorts_weekly_digest` listener notifies and emails
them. Running it twice in a week sends twice: schedule it once.
"""

from typing import Any

from django.core.management.base import BaseCommand

from cohorts.digests import facilitators_with_active_cohorts, weekly_digests_announce


class Command(BaseCommand):
    help = (
        "Send each facilitator of an active cohort a digest of the last 7 days: who has "
        "stalled, who completed the course, and what other plugins add. Run once a week."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        looked_at = facilitators_with_active_cohorts().count()
        digests = weekly_digests_announce()
        sent = len(digests)
        self.stdout.write(
            f"Weekly digests: {sent} sent; {looked_at - sent} facilitator"
            f"{'' if looked_at - sent == 1 else 's'} had nothing to report."
        )
