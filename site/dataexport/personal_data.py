"""The host's own part of a person's data export: their account, email addresses, where they
are signed in (allauth's user sessions), their notifications and how they chose to hear of
each kind.

Notifications are about the person, but some name other people (a response's author, a
learner who shared): those appear by display name only, as on the site. Should a name be
missing, the site falls back to an email address; any address that is not the person's own is
replaced here. A facilitator's weekly summary is about their learners, so its words stay out.
"""

from __future__ import annotations

import re
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
NOT_THEIRS = "[someone else's email address]"


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _own_addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    found = {user.email.lower()}
    found.update(
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return found


def _scrub(text: str, own: set[str]) -> str:
    return EMAIL.sub(lambda m: m.group(0) if m.group(0).lower() in own else NOT_THEIRS, text)


def account_data(user) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    return {
        "about": {
            "file": "Your account: who you are on Camino and how you sign in.",
            "fields": {
                "name": "Your full name, as it appears on certificates.",
                "email": "The email address you sign in with.",
                "joined_at": "When your account was made.",
                "last_login_at": "When you last signed in.",
                "active": "Whether the account can be used to sign in.",
                "roles": "Staff roles you hold (for example Programme admins), if any.",
                "two_factor_methods[].method": (
                    "A second step you set up for signing in. Its secret is not included."
                ),
                "two_factor_methods[].added_at": "When you set it up.",
                "two_factor_methods[].last_used_at": "When you last used it.",
            },
        },
        "name": user.name,
        "email": user.email,
        "joined_at": _when(user.date_joined),
        "last_login_at": _when(user.last_login),
        "active": user.is_active,
        "roles": sorted(user.groups.values_list("name", flat=True))
        + (["Administrator (superuser)"] if user.is_superuser else []),
        "two_factor_methods": [
            {
                "method": a.get_type_display(),
                "added_at": _when(a.created_at),
                "last_used_at": _when(a.last_used_at),
            }
            for a in authenticators
        ],
    }


def email_data(user) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
        "about": {
            "file": "The email addresses on your account.",
            "fields": {
                "addresses[].address": "The email address.",
                "addresses[].verified": "Whether you confirmed it is yours.",
                "addresses[].primary": "Whether it is the one Camino writes to.",
            },
        },
        "addresses": [
            {"address": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
    }


def session_data(user) -> dict[str, Any]:
    from allauth.usersessions.models import UserSession

    sessions = UserSession.objects.filter(user=user).order_by("-last_seen_at")
    return {
        "about": {
            "file": (
                "Where you are signed in, or were recently: each browser or device Camino "
                "remembers. The secret that keeps you signed in is not included."
            ),
            "fields": {
                "sessions[].started_at": "When you signed in there.",
                "sessions[].last_seen_at": "When that browser last used Camino.",
                "sessions[].ip_address": "The internet address it was last seen from.",
                "sessions[].browser": "How the browser describes itself (its user agent).",
            },
        },
        "sessions": [
            {
                "started_at": _when(s.created_at),
                "last_seen_at": _when(s.last_seen_at),
                "ip_address": s.ip,
                "browser": s.user_agent,
            }
            for s in sessions
        ],
    }


def notification_data(user) -> dict[str, Any]:
    from camino.notifications.models import (
        DEFAULT_DELIVERY,
        Delivery,
        Kind,
        Notification,
        NotificationPreference,
    )

    own = _own_addresses(user)
    chosen = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    notifications = Notification.objects.filter(user=user).order_by("created_at", "id")
    return {
        "about": {
            "file": "Your notifications, and how you chose to hear about each kind.",
            "fields": {
                "notifications[].kind": "What kind of notification it is.",
                "notifications[].title": (
                    "What it said. Other people appear by their display name only."
                ),
                "notifications[].detail": (
                    "Its longer text, if any. A facilitator's weekly summary is about their "
                    "learners, so its text is left out."
                ),
                "notifications[].link": "The page on this site it pointed to.",
                "notifications[].created_at": "When it was made.",
                "notifications[].read_at": "When you read it (empty if not yet).",
                "notifications[].emailed_at": "When it was emailed to you (empty if not).",
                "preferences[].kind": "A kind of notification.",
                "preferences[].delivery": "How you hear about it.",
                "preferences[].your_choice": "Yes if you chose it; no if it is the default.",
                "preferences[].changed_at": "When you last changed it (empty if never).",
            },
        },
        "notifications": [
            {
                "kind": n.get_kind_display(),
                "title": _scrub(n.title, own),
                "detail": (
                    "(about your learners, so not included)"
                    if n.kind == Kind.WEEKLY_SUMMARY and n.body
                    else _scrub(n.body, own)
                ),
                "link": n.url.split("?", 1)[0],  # an invitation's token stays out
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
                "emailed_at": _when(n.emailed_at),
            }
            for n in notifications
        ],
        "preferences": [
            {
                "kind": kind.label,
                "delivery": Delivery(chosen[kind].delivery).label
                if kind in chosen
                else Delivery(DEFAULT_DELIVERY[kind]).label,
                "your_choice": kind in chosen,
                "changed_at": _when(chosen[kind].updated_at) if kind in chosen else None,
            }
            for kind in Kind
        ],
    }


def personal_data(user) -> dict[str, Any]:
    return {
        "account.json": account_data(user),
        "email_addresses.json": email_data(user),
        "sessions.json": session_data(user),
        "notifications.json": notification_data(user),
    }
