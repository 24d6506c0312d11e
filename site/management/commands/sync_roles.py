from typing import Any

from django.core.management.base import BaseCommand

from camino.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the staff groups (content editors, programme admins)."

    def handle(self, *args: Any, **options: Any) -> None:
        groups = roles_sync()
        self.stdout.write(self.style.SUCCESS(f"Roles up to date: {', '.join(groups)}"))
