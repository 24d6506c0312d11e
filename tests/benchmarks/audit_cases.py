"""Benchmark case of the audit trail: its first page (50 entries shown) when the trail holds
100 and 10,000 entries, for a programme admin; the page shows one page of entries, so its
time should hardly grow with the trail. Each size is sampled interleaved with the plain
page; the growth is the ratio of the two ratios."""

from django.contrib.auth import get_user_model
from django.test import Client

from camino.audit.models import AuditEntry
from camino.roles import PROGRAMME_ADMINS, roles_sync
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved
from tests.benchmarks.learning_cases import PLAIN, plain_fetch


def _trail_of(count: int, *, admin, person) -> None:
    """Exactly `count` entries (bulk_create: the model refuses changes, not new rows)."""
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=admin,
            actor_name=admin.name,
            action="learner.viewed",
            person=person,
            person_name=person.name,
            person_email=person.email,
            person_ref=person.pk,
            detail=f"Bench entry {n}",
        )
        for n in range(count)
    )


@case
def audit_trail(ctx) -> list[Measurement]:
    User = get_user_model()
    groups = roles_sync()
    admin = User.objects.filter(email="bench.audit.admin@example.org").first()
    admin = admin or User.objects.create_user(
        email="bench.audit.admin@example.org", password=None, name="Audit Admin", is_staff=True
    )
    admin.groups.add(groups[PROGRAMME_ADMINS])
    person = User.objects.filter(email="bench.audit.person@example.org").first()
    person = person or User.objects.create_user(
        email="bench.audit.person@example.org", password=None, name="Audited Person"
    )
    client = Client()
    client.force_login(admin)

    plain = plain_fetch(ctx, client)
    # The two trail sizes cannot be in the table at once, so each is sampled interleaved with
    # the plain page, and the growth is the ratio of their two (per-pair median) ratios.
    _trail_of(100, admin=admin, person=person)
    small = interleaved(
        "audit trail, 100 entries",
        get_ok(client, "/admin/audit/"),
        baseline=PLAIN,
        baseline_fn=plain,
    )
    _trail_of(10_000, admin=admin, person=person)
    large = interleaved(
        "audit trail, 10,000 entries",
        get_ok(client, "/admin/audit/"),
        baseline=PLAIN,
        baseline_fn=plain,
        notes={"data": "audit entries", "data_growth": 100},
    )
    large.notes["time_growth"] = round(large.ratio / small.ratio, 2)
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
    return [small, large]
