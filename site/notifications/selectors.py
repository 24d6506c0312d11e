"""Reads for notifications. Every selector starts from the person: someone else's
notification does not exist for them (the views answer 404)."""

from __future__ import annotations

import enum

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator

from camino.notifications import tokens
from camino.notifications.models import (
    ALLOWED_DELIVERY,
    DEFAULT_DELIVERY,
    FACILITATOR_KINDS,
    Delivery,
    Kind,
    Notification,
    NotificationPreference,
)

PAGE_SIZE = 20


def preferences_for(*, user) -> dict[str, tuple[str, int]]:
    """Every kind's delivery and version for `user` (defaults where they have not chosen)."""
    chosen = {
        kind: (delivery, version)
        for kind, delivery, version in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "delivery", "version"
        )
    }
    result = {}
    for kind in Kind:
        delivery, version = chosen.get(kind.value, (DEFAULT_DELIVERY[kind], 0))
        if delivery not in ALLOWED_DELIVERY[kind]:  # a choice no longer offered
            delivery = DEFAULT_DELIVERY[kind]
        result[kind.value] = (delivery, version)
    return result


def delivery_for(*, user, kind: str) -> str:
    return preferences_for(user=user)[kind][0]


def unread_count(*, user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_page(*, user, page: int | str = 1) -> Page:
    """The person's notifications, newest first, a page at a time (two queries whatever
    their number: the count and the page)."""
    notifications = Notification.objects.filter(user=user).only(
        "id", "kind", "title", "url", "created_at", "read_at"
    )
    return Paginator(notifications, PAGE_SIZE).get_page(page)


def notification_of(*, user, notification_id: int) -> Notification | None:
    return Notification.objects.filter(pk=notification_id, user=user).first()


def shows_facilitator_kinds(*, user) -> bool:
    """Whether the settings page offers the kinds only people who run cohorts get."""
    from cohorts.models import Cohort
    from cohorts.selectors import is_programme_admin

    return (
        Cohort.objects.filter(facilitators=user).exists()
        or is_programme_admin(user)
        or Notification.objects.filter(user=user, kind__in=FACILITATOR_KINDS).exists()
    )


def daily_due(*, user) -> list[Notification]:
    """What goes into `user`'s daily email: unread notifications of the kinds they get daily
    that no email has told them about yet."""
    daily = [k for k, (d, _) in preferences_for(user=user).items() if d == Delivery.DAILY]
    if not daily:
        return []
    return list(
        Notification.objects.filter(
            user=user, kind__in=daily, read_at__isnull=True, emailed_at__isnull=True
        ).order_by("created_at", "id")
    )


def unsubscribe_token(*, user, kind: str) -> str:
    version = preferences_for(user=user)[kind][1]
    return tokens.token_make(user_id=user.pk, target=kind, versions={kind: version})


def daily_unsubscribe_token(*, user) -> str:
    versions = {k: v for k, (d, v) in preferences_for(user=user).items() if d == Delivery.DAILY}
    return tokens.token_make(user_id=user.pk, target=tokens.DAILY, versions=versions)


class Unsubscribed(enum.Enum):
    DONE = "done"
    ALREADY = "already"  # the link was used (or the choice changed) since it was sent
    EXPIRED = "expired"
    BAD = "bad"


def unsubscribe_read(*, token: str):
    """(result, unsubscribe, user) for a token, changing nothing: DONE means it may be used."""
    try:
        unsubscribe = tokens.token_read(token)
    except tokens.ExpiredToken:
        return Unsubscribed.EXPIRED, None, None
    except tokens.BadToken:
        return Unsubscribed.BAD, None, None
    user = get_user_model().objects.filter(pk=unsubscribe.user_id, is_active=True).first()
    kinds = set(Kind.values)
    if user is None or (unsubscribe.target not in kinds and unsubscribe.target != tokens.DAILY):
        return Unsubscribed.BAD, None, None
    if not unsubscribe.versions or not set(unsubscribe.versions) <= kinds:
        return Unsubscribed.BAD, None, None
    current = preferences_for(user=user)
    for kind, version in unsubscribe.versions.items():
        if current[kind][1] != version or current[kind][0] == Delivery.SITE:
            return Unsubscribed.ALREADY, unsubscribe, user
    return Unsubscribed.DONE, unsubscribe, user
