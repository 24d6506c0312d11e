"""After the load: is every write the server acknowledged in the database, and did the
background worker finish what the writes queued? Run with the server's production settings;
prints one JSON object."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter


def main(acks_path: str, since: str) -> int:
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from learning.certificates.models import Certificate
    from learning.models import Enrolment, StageCompletion
    from reflections.models import JournalEntry

    acks = [json.loads(line) for line in open(acks_path) if line.strip()]
    stages = {(a["user_id"], a["module_id"], a["stage"]) for a in acks if a["kind"] == "stage"}
    entries = {(a["user_id"], a["title"]) for a in acks if a["kind"] == "entry"}
    users = {a["user_id"] for a in acks}

    stored_stages = set(
        StageCompletion.objects.filter(user_id__in=users).values_list(
            "user_id", "module_id", "stage"
        )
    )
    stored_entries = set(
        JournalEntry.objects.filter(owner_id__in=users).values_list("owner_id", "title")
    )
    lost_stages = sorted(stages - stored_stages)
    lost_entries = sorted(entries - stored_entries)
    completed = Enrolment.objects.filter(user_id__in=users, completed_at__isnull=False)
    certificates = Certificate.objects.filter(user_id__in=users)
    # Only what the run queued: seeding the demo queues search-index updates too.
    queued = DBTaskResult.objects.filter(enqueued_at__gte=since)
    tasks = Counter(
        f"{path.rsplit('.', 1)[-1]}: {status}"
        for path, status in queued.values_list("task_path", "status")
    )
    result = {
        "acknowledged": {"stages": len(stages), "journal_entries": len(entries)},
        "lost": {"stages": lost_stages[:20], "journal_entries": lost_entries[:20]},
        "lost_count": len(lost_stages) + len(lost_entries),
        "courses_completed": completed.count(),
        "certificates": certificates.count(),
        "certificates_with_pdf": certificates.exclude(pdf="").count(),
        "background_tasks": dict(tasks),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "camino.settings.production")
    sys.exit(main(sys.argv[1], sys.argv[2]))
