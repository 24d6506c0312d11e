from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail import hooks

from camino.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure, demo_home_ensure
from camino.legal_demo import demo_legal_pages_ensure
from camino.notifications.services import emails_held


class Command(BaseCommand):
    help = (
        "Load Camino's demo site, content and accounts (idempotent). Refuses to run with DEBUG "
        "off, because the demo accounts share a published password."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo_data only runs with DEBUG on: the demo accounts use a published "
                "password and must never exist on a live site."
            )
        # The demo's history (shares, responses, a finished course) shows as notifications in
        # the site; nobody is emailed about it.
        with emails_held():
            home = demo_home_ensure()
            demo_legal_pages_ensure(home=home)
            accounts = demo_accounts_ensure()
            for hook in hooks.get_hooks("register_demo_data"):
                hook(accounts=accounts)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in with any of:"))
        for email, name, group in DEMO_ACCOUNTS:
            role = group or ("facilitator" if "facilitator" in email else "learner")
            self.stdout.write(f"  {email:<26} {DEMO_PASSWORD}   ({name}, {role.lower()})")
