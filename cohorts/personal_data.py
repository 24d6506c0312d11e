"""What the cohorts plugin holds about one person, for their data export (the host's
`camino_personal_data` hook): their cohorts, the invitations sent to their addresses, the
reminders they received, and the cohorts they facilitate. Who sent an invitation or reminder,
or removed them from a cohort, is left out: the export is about the person alone."""

from __future__ import annotations

from typing import Any


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    found = {user.email.lower()}
    found.update(
        a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return found


def cohort_data(user) -> dict[str, Any]:
    from cohorts.models import Cohort, Invitation, Membership, Nudge

    memberships = (
        Membership.objects.filter(user=user)
        .select_related("cohort__course")
        .order_by("joined_at", "id")
    )
    invitations = (
        Invitation.objects.filter(email__in=_addresses(user))
        .select_related("cohort__course")
        .order_by("created_at", "id")
    )
    nudges = (
        Nudge.objects.filter(learner=user).select_related("cohort").order_by("created_at", "id")
    )
    facilitating = Cohort.objects.filter(facilitators=user).select_related("course")
    return {
        "about": {
            "file": (
                "Your cohorts (groups working through a course together), the invitations sent "
                "to your email addresses, the reminders you received from facilitators, and the "
                "cohorts you facilitate."
            ),
            "fields": {
                "memberships[].cohort": "The cohort's name.",
                "memberships[].course": "The course the cohort works through.",
                "memberships[].joined_at": "When you joined.",
                "memberships[].ended_at": "When you left or were removed (empty if still in).",
                "memberships[].how_it_ended": "Whether you left or a facilitator removed you.",
                "invitations[].cohort": "The cohort you were invited to.",
                "invitations[].course": "Its course.",
                "invitations[].sent_to": "The address the invitation was sent to.",
                "invitations[].sent_at": "When it was sent.",
                "invitations[].expires_at": "When it stops working.",
                "invitations[].accepted_at": "When it was used (empty if not used).",
                "reminders[].cohort": "The cohort whose facilitator reminded you.",
                "reminders[].sent_at": "When the reminder was made.",
                "reminders[].next_step": "The next step it pointed you to.",
                "reminders[].next_step_link": "The address of that step on this site.",
                "reminders[].emailed_at": "When it was emailed to you (empty if not emailed).",
                "facilitating[].cohort": "A cohort you facilitate.",
                "facilitating[].course": "Its course.",
            },
        },
        "memberships": [
            {
                "cohort": m.cohort.name,
                "course": m.cohort.course.title,
                "joined_at": _when(m.joined_at),
                "ended_at": _when(m.ended_at),
                "how_it_ended": (
                    None
                    if m.ended_at is None
                    else "You left"
                    if m.ended_by_id in (None, user.pk)
                    else "Removed by a facilitator"
                ),
            }
            for m in memberships
        ],
        "invitations": [
            {
                "cohort": i.cohort.name,
                "course": i.cohort.course.title,
                "sent_to": i.email,
                "sent_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "accepted_at": _when(i.accepted_at),
            }
            for i in invitations
        ],
        "reminders": [
            {
                "cohort": n.cohort.name,
                "sent_at": _when(n.created_at),
                "next_step": n.next_step_title,
                "next_step_link": n.next_step_url,
                "emailed_at": _when(n.emailed_at),
            }
            for n in nudges
        ],
        "facilitating": [{"cohort": c.name, "course": c.course.title} for c in facilitating],
    }


def personal_data(user) -> dict[str, Any]:
    return {"cohorts.json": cohort_data(user)}
