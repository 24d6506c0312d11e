"""Writes for notifications. Keyword-only, typed, named <thing>_<action>."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from camino.notifications.models import (
    ALLOWED_DELIVERY,
    Delivery,
    Kind,
    Notification,
    NotificationPreference,
)
from camino.notifications.selectors import (
    Unsubscribed,
    daily_due,
    preferences_for,
    unsubscribe_read,
)

# While demo data is loaded, events are recorded as notifications (the demo shows them) but
# nobody is emailed about the demo's made-up history.
_EMAILS_HELD: ContextVar[bool] = ContextVar("camino_notification_emails_held", default=False)


@contextmanager
def emails_held() -> Iterator[None]:
    token = _EMAILS_HELD.set(True)
    try:
        yield
    finally:
        _EMAILS_HELD.reset(token)


def notification_create(
    *, user, kind: str, title: str, body: str = "", url: str = "", topic: str = ""
) -> Notification | None:
    """Tell `user`. The row is written with the event (and rolls back with it); an email, if
    they want one at once, goes through the background queue once the event is committed."""
    if user is None or not user.is_active:
        return None
    held = _EMAILS_HELD.get()
    notification = Notification.objects.create(
        user=user,
        kind=Kind(kind),
        title=title[:300],
        body=body,
        url=url[:500],
        topic=topic[:100],
        emailed_at=timezone.now() if held else None,
    )
    if held:
        return notification
    delivery, _ = preferences_for(user=user)[notification.kind]
    if delivery == Delivery.IMMEDIATE:
        from camino.notifications.tasks import send_notification_email

        pk = notification.pk
        transaction.on_commit(lambda: send_notification_email.enqueue(pk))
    return notification


def notification_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_withdraw(*, topics: Iterable[str], except_user_id: int | None = None) -> int:
    """What others were told about something that no longer exists for them (a share taken
    back, an entry deleted) goes too."""
    notifications = Notification.objects.filter(topic__in=list(topics))
    if except_user_id is not None:
        notifications = notifications.exclude(user_id=except_user_id)
    deleted, _ = notifications.delete()
    return deleted


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> list[str]:
    """Save the person's choices; returns the kinds that changed. Each change moves that
    kind's version on (which retires unsubscribe links sent before it)."""
    current = preferences_for(user=user)
    changed = []
    for kind, delivery in choices.items():
        if delivery not in ALLOWED_DELIVERY[Kind(kind)]:
            raise ValueError(f"{delivery!r} is not offered for {kind}")
        if current[kind][0] == delivery:
            continue
        preference, created = NotificationPreference.objects.select_for_update().get_or_create(
            user=user, kind=kind, defaults={"delivery": delivery, "version": 1}
        )
        if not created:
            NotificationPreference.objects.filter(pk=preference.pk).update(
                delivery=delivery, version=F("version") + 1, updated_at=timezone.now()
            )
        changed.append(kind)
    return changed


@transaction.atomic
def unsubscribe_apply(*, token: str):
    """One click from an email: that kind (or everything in the daily email) is shown on the
    site only from now on. A tampered, expired or used link changes nothing."""
    result, unsubscribe, user = unsubscribe_read(token=token)
    if result is Unsubscribed.DONE:
        preferences_set(user=user, choices=dict.fromkeys(unsubscribe.versions, Delivery.SITE))
    return result, unsubscribe, user


def daily_emails_send() -> int:
    """Queue one email for everyone with something new in the kinds they get daily. Run
    once a day (`manage.py send_notification_digests`). Each person's email is made and sent
    by a background task; one that finds nothing due (read meanwhile) sends nothing."""
    from camino.notifications.tasks import send_notification_digest

    candidates = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    queued = 0
    for user in get_user_model().objects.filter(pk__in=list(candidates), is_active=True):
        if daily_due(user=user):
            send_notification_digest.enqueue(user.pk)
            queued += 1
    return queued
