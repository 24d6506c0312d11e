"""Background work for notifications: their emails (django-tasks; immediate in development
and tests, `manage.py db_worker` in production)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

# What else to record once a notification's email has gone: "<topic prefix>" -> fn(pk, when).
AFTER_EMAIL: dict = {}


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification, unless it is gone (taken back), already emailed, or its person
    no longer wants this kind by email at once."""
    from camino.notifications import emails
    from camino.notifications.models import Delivery, Notification
    from camino.notifications.selectors import delivery_for

    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.user
    if not user.is_active or delivery_for(user=user, kind=notification.kind) != Delivery.IMMEDIATE:
        return False
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=now
    )
    if not claimed:  # another worker sent it a moment ago
        return False
    try:
        emails.notification_email(notification).send()
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    prefix, _, pk = notification.topic.partition(":")
    if prefix in AFTER_EMAIL and pk.isdigit():
        AFTER_EMAIL[prefix](int(pk), now)
    return True


@task()
def send_notification_digest(user_id: int) -> int:
    """The daily email: everything new of the kinds this person gets daily, once."""
    from camino.notifications import emails
    from camino.notifications.models import Notification
    from camino.notifications.selectors import daily_due

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    due = daily_due(user=user)
    if not due:
        return 0
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk__in=[n.pk for n in due], emailed_at__isnull=True
    ).update(emailed_at=now)
    if claimed != len(due):  # someone else is sending some of these: leave it to them
        Notification.objects.filter(pk__in=[n.pk for n in due], emailed_at=now).update(
            emailed_at=None
        )
        return 0
    try:
        emails.digest_email(user, due).send()
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(emailed_at=None)
        raise
    return len(due)
