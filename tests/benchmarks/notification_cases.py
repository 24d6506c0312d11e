"""Benchmark cases of notifications: the list at 5 and 500 notifications, and a page with
the header's unread count against the same page for someone with none, each pair sampled
interleaved."""

from django.contrib.auth import get_user_model
from django.test import Client

from camino.notifications.models import Kind, Notification
from tests.benchmarks.harness import Measurement, case, get_ok, interleaved


def _person_with(count: int):
    email = f"bench.notified.{count}@example.org"
    User = get_user_model()
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, name=f"Notified {count}"
    )
    Notification.objects.filter(user=user).delete()
    Notification.objects.bulk_create(
        Notification(user=user, kind=Kind.REMINDER, title=f"Reminder {n}", url="/dashboard/")
        for n in range(count)
    )
    client = Client()
    client.force_login(user)
    return client


@case
def notification_pages(ctx) -> list[Measurement]:
    few, many, none = _person_with(5), _person_with(500), _person_with(0)
    large = interleaved(
        "notifications list, 500",
        get_ok(many, "/notifications/"),
        baseline="notifications list, 5",
        baseline_fn=get_ok(few, "/notifications/"),
        notes={"data": "notifications", "data_growth": 100},
    )
    large.notes["time_growth"] = round(large.ratio, 2)
    return [
        large,
        interleaved(
            "my learning, 500 unread in the header",
            get_ok(many, "/dashboard/"),
            baseline="my learning, no notifications",
            baseline_fn=get_ok(none, "/dashboard/"),
        ),
    ]
