"""Signed unsubscribe tokens for the links in emails (RFC 8058 one-click unsubscribe).

A token names the person, what it unsubscribes from (one kind, or "daily": every kind they
get in the daily email) and the version of each of those choices when the email was sent.
It is signed with the site's secret (Django's signing, its own salt), so it cannot be forged or
edited, and expires after UNSUBSCRIBE_MAX_AGE. Once used, the choice's version has moved on,
so the same link (or any older one) changes nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SALT = "camino.notifications.unsubscribe"
DAILY = "daily"
# Long enough for an email read weeks later; short enough that old inboxes stop mattering.
UNSUBSCRIBE_MAX_AGE = timedelta(days=90)


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    target: str  # a Kind value, or DAILY
    versions: dict[str, int]  # kind -> version when the link was made


class BadToken(Exception):
    """Tampered with or malformed."""


class ExpiredToken(Exception):
    """Genuine, but older than UNSUBSCRIBE_MAX_AGE."""


def token_make(*, user_id: int, target: str, versions: dict[str, int]) -> str:
    return signing.dumps({"u": user_id, "t": target, "v": versions}, salt=SALT, compress=True)


def token_read(token: str) -> Unsubscribe:
    try:
        data = signing.loads(token, salt=SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadToken from error
    try:
        versions = {str(k): int(v) for k, v in dict(data["v"]).items()}
        return Unsubscribe(user_id=int(data["u"]), target=str(data["t"]), versions=versions)
    except (KeyError, TypeError, ValueError) as error:
        raise BadToken from error
