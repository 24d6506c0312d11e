"""The emails notifications send: one about one notification, or one a day with everything
new. Plain text, addressed by name, signed off by the programme, with a one-click unsubscribe
for what they are about: the link in the body, and RFC 8058's `List-Unsubscribe` and
`List-Unsubscribe-Post` headers, so mail programs offer their own "Unsubscribe" button.

Made by background tasks (camino.notifications.tasks) from what is in the database then, so a
notification taken back before its email goes is never sent."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from camino.models import ProgrammeSettings
from camino.notifications import selectors
from camino.notifications.models import Kind, Notification


def absolute(path: str) -> str:
    """Emails are read outside the site: every link is absolute, on SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def programme():
    """The programme's name and support address for emails, outside any request."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ProgrammeSettings(programme_name="Camino")
    key = ProgrammeSettings.cache_key(site.pk)
    found = cache.get(key)
    if found is None:
        found = ProgrammeSettings.for_site(site)
        cache.set(key, found, 300)
    return found


def subject_line(text: str, *, programme_name: str | None = None) -> str:
    """Every email's subject starts with the programme's name, as allauth's do."""
    name = programme_name or programme().programme_name
    return f"[{name}] {text}"


def _unsubscribe_headers(url: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _unsubscribe_url(token: str) -> str:
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def notification_email(notification: Notification) -> EmailMessage:
    user = notification.user
    settings_row = programme()
    unsubscribe = _unsubscribe_url(selectors.unsubscribe_token(user=user, kind=notification.kind))
    body = render_to_string(
        "camino/email/notification.txt",
        {
            "user": user,
            "notification": notification,
            "headline": notification.title
            + ("" if notification.title.endswith((".", "?", "!")) else "."),
            "link": absolute(notification.url) if notification.url else "",
            "kind_label": Kind(notification.kind).label,
            "programme": settings_row,
            "unsubscribe": unsubscribe,
            "preferences": absolute(reverse("notifications:preferences")),
        },
    )
    return EmailMessage(
        subject=subject_line(notification.title, programme_name=settings_row.programme_name),
        body=body,
        to=[user.email],
        headers=_unsubscribe_headers(unsubscribe),
    )


def digest_email(user, notifications: list[Notification]) -> EmailMessage:
    settings_row = programme()
    unsubscribe = _unsubscribe_url(selectors.daily_unsubscribe_token(user=user))
    count = len(notifications)
    body = render_to_string(
        "camino/email/digest.txt",
        {
            "user": user,
            "items": [
                {"title": n.title, "link": absolute(n.url) if n.url else ""} for n in notifications
            ],
            "programme": settings_row,
            "list_url": absolute(reverse("notifications:list")),
            "unsubscribe": unsubscribe,
            "preferences": absolute(reverse("notifications:preferences")),
        },
    )
    subject = f"{count} new notification{'' if count == 1 else 's'} today"
    return EmailMessage(
        subject=subject_line(subject, programme_name=settings_row.programme_name),
        body=body,
        to=[user.email],
        headers=_unsubscribe_headers(unsubscribe),
    )


def plain_email(*, to: str, subject: str, body: str) -> dict:
    """An email to an address with no account (an invitation): the same subject prefix and
    sign-off, no unsubscribe (there are no choices to change without an account). Returned
    as the keyword arguments of camino.tasks.send_rendered_email."""
    settings_row = programme()
    text = render_to_string("camino/email/plain.txt", {"body": body, "programme": settings_row})
    return {
        "subject": subject_line(subject, programme_name=settings_row.programme_name),
        "body": text,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [to],
        "alternatives": [],
        "headers": {"Auto-Submitted": "auto-generated"},
    }
