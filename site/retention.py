"""Retention (issue 17): what expires and when, applied daily by `manage.py apply_retention`.

Each app that holds something that expires registers a rule on the `camino_retention` hook:
`fn(now) -> list[tuple[str, int]]`, a plain-words description of what was removed and how
many. Camino's own rules also take `dry_run=True` and then count without removing anything;
a rule that does not take `dry_run` is not run in a dry run (and the output says so), because
it would remove things.

Inactive accounts are the host's own step, after the rules:

- an account not signed in to for ACCOUNT_INACTIVE_DAYS (last login, or when it was made if
  it never signed in) is warned by email and the time of the warning is recorded
  (`User.inactivity_warned_at`);
- ACCOUNT_INACTIVE_GRACE_DAYS after the warning, unless it signed in since, it is deleted
  through the same path as a person deleting their own account (camino.accounts), so only
  anonymous aggregates remain;
- signing in again clears the warning (at the next run), so the clock starts afresh;
- staff accounts (superusers, `is_staff`, or members of any group: content editors,
  programme admins) are warned but never deleted automatically: removing one could leave
  the programme without an admin, and their names are on certificates and in the audit
  trail. Those past their grace period are listed in the output for a superuser to decide;
- deactivated accounts are neither emailed (they cannot sign in to keep the account) nor
  deleted: a programme admin deactivated them on purpose and decides; they are counted in the
  output.

Running it twice on the same day does nothing the second time: a warned account is not warned
again, and what was deleted is gone.
"""

from __future__ import annotations

import inspect
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from camino.accounts import account_delete

logger = logging.getLogger(__name__)


# --- the host's own rules ---------------------------------------------------------------------


def notifications_expired_delete(now, dry_run: bool = False) -> list[tuple[str, int]]:
    from camino.notifications.models import Notification

    days = settings.RETENTION_NOTIFICATIONS_DAYS
    old = Notification.objects.filter(created_at__lt=now - timedelta(days=days))
    count = old.count() if dry_run else old.delete()[1].get(Notification._meta.label, 0)
    return [(f"notifications older than {days} days", count)]


def sessions_expired_delete(now, dry_run: bool = False) -> list[tuple[str, int]]:
    """Django's expired sessions (what `manage.py clearsessions` does), and allauth's records
    of sign-in sessions (the list on the account's Sessions page) not seen for
    RETENTION_SESSIONS_DAYS."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

    results = []
    engine = import_module(settings.SESSION_ENGINE)
    if issubclass(engine.SessionStore, DatabaseSessionStore):
        model = engine.SessionStore.get_model_class()
        expired = model.objects.filter(expire_date__lt=timezone.now()).count()
        if not dry_run:
            engine.SessionStore.clear_expired()
        results.append(("expired sessions (signed out by time)", expired))
    elif not dry_run:
        try:
            engine.SessionStore.clear_expired()  # the cache and cookies expire on their own
        except NotImplementedError:
            pass
    days = settings.RETENTION_SESSIONS_DAYS
    old = UserSession.objects.filter(last_seen_at__lt=now - timedelta(days=days))
    count = old.count() if dry_run else old.delete()[1].get(UserSession._meta.label, 0)
    results.append((f"sign-in session records not seen for {days} days", count))
    return results


def audit_entries_expired_delete(now, dry_run: bool = False) -> list[tuple[str, int]]:
    from camino.audit.models import AuditEntry
    from camino.audit.services import entries_expired_delete

    if dry_run:
        days = settings.RETENTION_AUDIT_DAYS
        count = AuditEntry.objects.filter(at__lt=now - timedelta(days=days)).count()
        return [(f"audit trail entries older than {days} days", count)]
    return entries_expired_delete(now)


# --- inactive accounts ------------------------------------------------------------------------


@dataclass
class AccountsReport:
    warned: list[str] = field(default_factory=list)
    warning_failed: list[str] = field(default_factory=list)
    deleted: int = 0
    returned: int = 0
    staff_kept: list[str] = field(default_factory=list)
    deactivated: int = 0


def _staff_q() -> Q:
    return Q(is_superuser=True) | Q(is_staff=True) | Q(groups__isnull=False)


def _with_last_seen(queryset):
    return queryset.annotate(last_seen=Coalesce(F("last_login"), F("date_joined")))


def _warning_email(user, *, now, staff: bool) -> EmailMessage:
    from camino.notifications.emails import absolute, programme, subject_line

    settings_row = programme()
    delete_on = now + timedelta(days=settings.ACCOUNT_INACTIVE_GRACE_DAYS)
    last_seen = user.last_login or user.date_joined
    body = render_to_string(
        "camino/email/inactive_account.txt",
        {
            "user": user,
            "programme": settings_row,
            "last_seen": timezone.localtime(last_seen),
            "delete_on": timezone.localtime(delete_on),
            "login": absolute(reverse("account_login")),
            "staff": staff,
        },
    )
    if staff:
        subject = "You have not signed in for a long time"
    else:
        subject = (
            f"Your account will be deleted from {timezone.localtime(delete_on):%-d %B %Y} "
            "unless you sign in"
        )
    return EmailMessage(
        subject=subject_line(subject, programme_name=settings_row.programme_name),
        body=body,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def inactive_accounts_apply(now, *, dry_run: bool = False) -> AccountsReport:
    User = get_user_model()
    report = AccountsReport()
    inactive_since = now - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)
    grace = timedelta(days=settings.ACCOUNT_INACTIVE_GRACE_DAYS)
    users = _with_last_seen(User.objects.all())
    staff_ids = set(User.objects.filter(_staff_q()).values_list("pk", flat=True))

    # They signed in after the warning: the warning no longer stands.
    returned = users.filter(
        inactivity_warned_at__isnull=False, last_seen__gt=F("inactivity_warned_at")
    )
    report.returned = returned.count() if dry_run else returned.update(inactivity_warned_at=None)

    # Warned long enough ago and not back since: deleted (never staff, never deactivated).
    due = users.filter(
        is_active=True,
        inactivity_warned_at__lte=now - grace,
        last_seen__lte=F("inactivity_warned_at"),
    ).order_by("pk")
    for user in due:
        if user.pk in staff_ids:
            report.staff_kept.append(_describe(user))
            continue
        if not dry_run:
            account_delete(user=user)
        report.deleted += 1

    # Not signed in for ACCOUNT_INACTIVE_DAYS and not yet warned: warned now.
    to_warn = users.filter(inactivity_warned_at__isnull=True, last_seen__lte=inactive_since)
    report.deactivated = to_warn.filter(is_active=False).count()
    for user in to_warn.filter(is_active=True).order_by("pk"):
        if dry_run:
            report.warned.append(user.email)
            continue
        try:
            _warning_email(user, now=now, staff=user.pk in staff_ids).send()
        except Exception:  # one bad address must not stop the rest
            logger.exception("Could not send the inactivity warning to account %s", user.pk)
            report.warning_failed.append(user.email)
            continue  # not recorded: warned again at the next run, and not deleted before
        User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)
        report.warned.append(user.email)
    return report


def _describe(user) -> str:
    roles = ", ".join(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        roles = ", ".join(filter(None, ["superuser", roles]))
    return f"{user.email} ({roles or 'staff'})"


# --- the whole run ----------------------------------------------------------------------------


def _accepts_dry_run(fn) -> bool:
    try:
        return "dry_run" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _rule_name(fn) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def retention_apply(*, now=None, dry_run: bool = False) -> list[str]:
    """Every `camino_retention` rule, then the inactive accounts; returns the lines to print."""
    now = now or timezone.now()
    verb = "Would delete" if dry_run else "Deleted"
    lines = []
    for fn in hooks.get_hooks("camino_retention"):
        if dry_run and not _accepts_dry_run(fn):
            lines.append(
                f"Not run in a dry run (it cannot count without deleting): {_rule_name(fn)}."
            )
            continue
        results = fn(now, dry_run=True) if dry_run else fn(now)
        for description, count in results:
            lines.append(f"{verb} {count} {description}.")
    accounts = inactive_accounts_apply(now, dry_run=dry_run)
    days = settings.ACCOUNT_INACTIVE_DAYS
    warn_verb = "Would warn" if dry_run else "Warned"
    lines.append(
        f"{warn_verb} {len(accounts.warned)} account{_s(accounts.warned)} not signed in to for "
        f"{days} days, by email" + (f": {', '.join(accounts.warned)}." if accounts.warned else ".")
    )
    if accounts.warning_failed:
        lines.append(
            f"Could not email {len(accounts.warning_failed)} of them (they will be tried again "
            f"tomorrow): {', '.join(accounts.warning_failed)}."
        )
    lines.append(
        f"{verb} {accounts.deleted} account{_s(accounts.deleted)} warned "
        f"{settings.ACCOUNT_INACTIVE_GRACE_DAYS} or more days ago and not signed in to since."
    )
    cleared = "Would clear" if dry_run else "Cleared"
    lines.append(
        f"{cleared} the warning of {accounts.returned} account{_s(accounts.returned)} "
        "signed in to again since."
    )
    if accounts.staff_kept:
        lines.append(
            f"Not deleted, because they are staff accounts (a superuser decides): "
            f"{', '.join(accounts.staff_kept)}."
        )
    if accounts.deactivated:
        lines.append(
            f"Left alone: {accounts.deactivated} deactivated account{_s(accounts.deactivated)} "
            f"not signed in to for {days} days (they cannot sign in, so they are not warned; "
            "a programme admin decides)."
        )
    return lines


def _s(count) -> str:
    number = count if isinstance(count, int) else len(count)
    return "" if number == 1 else "s"
