"""Writes for cohorts. Keyword-only, typed, named <thing>_<action>.

Later plugins react through Wagtail hooks, each `fn(**kwargs)` called inside the transaction
that makes the change (so what they write rolls back with it):

- `cohorts_membership_ended(membership=...)`: a learner left or was removed (the journal
  withdraws their shares from that cohort there).
- `cohorts_invitations_created(invitations=[...])`: personal invitations were made; whoever
  listens sends them (the host's notifications: an email, and a notification for someone who
  already has an account). Nothing here sends email.
- `cohorts_reminder_sent(nudge=...)`: a facilitator reminded a learner of their next step;
  the host tells the learner (and records `Nudge.emailed_at` when it emails them).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from cohorts.models import INVITATION_LIFETIME, Cohort, Invitation, Membership, Nudge, new_join_code
from learning.models import Enrolment
from learning.services import enrolment_create

NUDGE_INTERVAL = timedelta(hours=24)
# An address is sent at most one invitation to a cohort in this time, however often a
# facilitator enters it: an invitation is an email to someone who has not agreed to hear from
# us, and a cohort's staff should not be able to flood an inbox.
INVITATION_RESEND_INTERVAL = timedelta(hours=24)
MAX_INVITATIONS_AT_ONCE = 500


class JoinRefused(Exception):
    """A plain-English reason the person cannot join."""


@transaction.atomic
def cohort_join(*, cohort: Cohort, user, invitation: Invitation | None = None) -> Membership:
    """Add the learner to the cohort and enrol them in its course. Joining twice changes
    nothing; someone who left earlier comes back in."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    existing = Membership.objects.filter(cohort=cohort, user=user).first()
    if existing is not None and existing.is_active:
        return existing
    if cohort.is_archived:
        raise JoinRefused(f"{cohort.name} has finished, so no one can join it now.")
    if cohort.capacity is not None:
        active = Membership.objects.filter(cohort=cohort, ended_at__isnull=True).count()
        if active >= cohort.capacity:
            raise JoinRefused(
                f"{cohort.name} is full. Ask your facilitator whether a place can be made."
            )
    if existing is not None:
        existing.ended_at = None
        existing.ended_by = None
        existing.joined_at = timezone.now()
        existing.save(update_fields=["ended_at", "ended_by", "joined_at"])
        membership = existing
    else:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(cohort=cohort, user=user)
        except IntegrityError:
            membership = Membership.objects.get(cohort=cohort, user=user)
    enrolment_create(user=user, course=cohort.course, source=Enrolment.Source.COHORT)
    if invitation is not None and invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, ended_by=None) -> Membership:
    """The learner leaves (ended_by None) or is removed. Their progress and journal stay."""
    if membership.ended_at is not None:
        return membership
    membership.ended_at = timezone.now()
    membership.ended_by = ended_by
    membership.save(update_fields=["ended_at", "ended_by"])
    for hook in hooks.get_hooks("cohorts_membership_ended"):
        hook(membership=membership)
    return membership


def join_code_rotate(*, cohort: Cohort) -> Cohort:
    """A new join code; the old link stops working at once."""
    cohort.join_code = new_join_code()
    cohort.join_code_rotated_at = timezone.now()
    cohort.save(update_fields=["join_code", "join_code_rotated_at"])
    return cohort


@dataclass
class AddressReport:
    valid: list[str] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # row, text, reason
    already: list[str] = field(default_factory=list)
    # (address, when it may be invited again): invited to this cohort in the last 24 hours
    too_soon: list[tuple[str, datetime]] = field(default_factory=list)


def invitation_addresses_parse(*, text: str = "", csv_bytes: bytes | None = None) -> AddressReport:
    """Read addresses from pasted text (one per line, or separated by commas or semicolons) or
    from a CSV file (the first column that looks like an email address in each row, header rows
    skipped). Every row is reported; nothing is invited here."""
    report = AddressReport()
    rows: list[tuple[int, str]] = []
    if csv_bytes is not None:
        try:
            decoded = csv_bytes.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.problems.append((0, "", "The file is not UTF-8 text. Save it as CSV UTF-8."))
            return report
        for number, row in enumerate(csv.reader(io.StringIO(decoded)), start=1):
            cells = [c.strip() for c in row if c.strip()]
            if not cells:
                continue
            candidate = next((c for c in cells if "@" in c), None)
            if candidate is None:
                if number == 1:
                    continue  # a header row
                report.problems.append((number, ", ".join(cells)[:200], "No email address found"))
                continue
            rows.append((number, candidate))
    else:
        number = 0
        for line in text.splitlines():
            for part in line.replace(";", ",").split(","):
                part = part.strip()
                if part:
                    number += 1
                    rows.append((number, part))
    seen: set[str] = set()
    for number, raw in rows:
        address = raw.strip().strip("<>").strip()
        try:
            validate_email(address)
        except ValidationError:
            report.problems.append((number, raw[:200], "Not a valid email address"))
            continue
        address = address.lower()
        if address in seen:
            report.problems.append((number, raw[:200], "Listed twice; invited once"))
            continue
        seen.add(address)
        report.valid.append(address)
    if len(report.valid) > MAX_INVITATIONS_AT_ONCE:
        extra = report.valid[MAX_INVITATIONS_AT_ONCE:]
        report.valid = report.valid[:MAX_INVITATIONS_AT_ONCE]
        for address in extra:
            report.problems.append((0, address, f"More than {MAX_INVITATIONS_AT_ONCE} at once"))
    return report


@transaction.atomic
def invitations_create(*, cohort: Cohort, addresses: list[str], invited_by) -> AddressReport:
    """Invite every address at once, or none: the invitations are announced
    (`cohorts_invitations_created`) in the same transaction, so their emails go out only once
    they are saved. People already in the cohort are reported, not invited again; nor is an
    address invited to this cohort in the last 24 hours (INVITATION_RESEND_INTERVAL), which is
    reported with the time it can be invited again."""
    report = AddressReport()
    # One facilitator's send at a time per cohort, so two at once cannot both invite the same
    # address inside the interval.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).values_list("pk").first()
    now = timezone.now()
    last_sent: dict[str, datetime] = {}
    for email, created_at in Invitation.objects.filter(
        cohort=cohort, email__in=addresses, created_at__gt=now - INVITATION_RESEND_INTERVAL
    ).values_list("email", "created_at"):
        last_sent[email] = max(created_at, last_sent.get(email, created_at))
    User = get_user_model()
    members = set(
        User.objects.filter(
            cohort_memberships__cohort=cohort,
            cohort_memberships__ended_at__isnull=True,
            email__in=addresses,
        ).values_list("email", flat=True)
    )
    expires = timezone.now() + INVITATION_LIFETIME
    created = []
    for address in addresses:
        if address in members:
            report.already.append(address)
            continue
        if address in last_sent:
            report.too_soon.append((address, last_sent[address] + INVITATION_RESEND_INTERVAL))
            continue
        created.append(
            Invitation.objects.create(
                cohort=cohort, email=address, invited_by=invited_by, expires_at=expires
            )
        )
        report.valid.append(address)
    _announce("cohorts_invitations_created", invitations=created)
    return report


@dataclass
class NudgeReport:
    sent: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (learner, reason)


@transaction.atomic
def nudges_send(*, cohort: Cohort, learners: list, sent_by, next_steps: dict) -> NudgeReport:
    """Remind each learner of their next step, at most once per learner per 24 hours (across
    all cohorts). Every nudge is logged and announced (`cohorts_reminder_sent`)."""
    report = NudgeReport()
    User = get_user_model()
    ids = [u.pk for u in learners]
    # Lock the learners' rows so two facilitators pressing at once cannot both nudge.
    list(User.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    recent = set(
        Nudge.objects.filter(
            learner_id__in=ids, created_at__gte=timezone.now() - NUDGE_INTERVAL
        ).values_list("learner_id", flat=True)
    )
    created = []
    for learner in learners:
        if learner.pk in recent:
            report.skipped.append((learner, "already reminded in the last 24 hours"))
            continue
        title, url = next_steps.get(learner.pk, (cohort.course.title, cohort.course.url))
        nudge = Nudge.objects.create(
            cohort=cohort,
            learner=learner,
            sent_by=sent_by,
            next_step_title=title,
            next_step_url=url or reverse("learning:dashboard"),
        )
        created.append(nudge)
        report.sent.append(learner)
    for nudge in created:
        _announce("cohorts_reminder_sent", nudge=nudge)
    return report


def cohort_settings_update(*, cohort: Cohort, stalled_after_days: int) -> Cohort:
    """The cohort's own settings, as its facilitators choose them: after how many days
    without activity a learner shows as stalled."""
    cohort.stalled_after_days = stalled_after_days
    cohort.save(update_fields=["stalled_after_days"])
    return cohort


def _announce(hook_name: str, **kwargs) -> None:
    for fn in hooks.get_hooks(hook_name):
        fn(**kwargs)
