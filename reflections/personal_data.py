"""What the journal holds about one person, for their data export (the host's
`camino_personal_data` hook).

- journal.json: every entry of theirs, private or shared, with its shares and the conversation
  on each share as its owner sees it (`reflections.exports.entry_record`, the journal's own
  JSON export). Other people's comments there carry the commenter's display name only.
- comments.json: what they wrote on other people's shared entries: their own words, the cohort
  and when, and whether a facilitator hid it (with the reason, which its author is shown). Not
  the entry's title or words, nor whose it was: those belong to someone else. Also their own
  comments on their own entries that a facilitator hid (journal.json leaves hidden ones out).
"""

from __future__ import annotations

from typing import Any

ENTRY_FIELDS = {
    "entries[].id": "The entry's number, as in its address on this site (/journal/<id>/).",
    "entries[].title": "The entry's title.",
    "entries[].created_at": "When you wrote it.",
    "entries[].updated_at": "When you last changed it.",
    "entries[].stage": "The stage of a module it was written for: learn, do, reflect or share.",
    "entries[].course": "The course it was written for (empty if none).",
    "entries[].module": "The module it was written for (empty if none).",
    "entries[].capabilities": "The framework capabilities you tagged it with (code, statement).",
    "entries[].body_html": "What you wrote, as formatted text (HTML).",
    "entries[].body_text": "What you wrote, as plain text.",
    "entries[].shared_with": "The cohorts it is shared with now, and since when.",
    "entries[].conversations[].cohort": "A cohort you shared it with.",
    "entries[].conversations[].shared_at": "When you shared it.",
    "entries[].conversations[].withdrawn_at": "When you took it back (empty if still shared).",
    "entries[].conversations[].responses_allowed": "Whether cohort members could respond.",
    "entries[].conversations[].comments[].author": (
        "Who wrote the comment: their display name only (you, a facilitator or a member)."
    ),
    "entries[].conversations[].comments[].written_at": "When the comment was written.",
    "entries[].conversations[].comments[].text": "The comment's words.",
    "entries[].conversations[].comments[].facilitators_only": (
        "Whether it was between you and the cohort's facilitators only."
    ),
}


def journal_data(user) -> dict[str, Any]:
    from reflections.exports import entry_record
    from reflections.selectors import JournalFilters, owner_entries

    entries = list(owner_entries(owner=user, filters=JournalFilters(), conversations=True))
    return {
        "about": {
            "file": (
                "Your journal: every entry you wrote, private or shared, with the cohorts you "
                "shared each with and the comments and responses on it that you can see. "
                "Comments a facilitator hid are left out, as you never saw them."
            ),
            "fields": ENTRY_FIELDS,
        },
        "entries": [entry_record(entry) for entry in entries],
    }


def comment_data(user) -> dict[str, Any]:
    from django.db.models import Q

    from reflections.models import Comment

    # On their own entries their words are in journal.json, unless a facilitator hid them
    # (the conversation there is as its owner sees it): then they are here.
    comments = (
        Comment.objects.filter(author=user)
        .filter(~Q(share__entry__owner=user) | Q(hidden_at__isnull=False))
        .select_related("share__cohort")
        .order_by("created_at", "id")
    )
    return {
        "about": {
            "file": (
                "Comments and responses you wrote on other people's shared entries: your own "
                "words only. The entries themselves belong to the people who wrote them, so "
                "they are not here. Also any comment of yours on your own entry that a "
                "facilitator hid."
            ),
            "fields": {
                "comments[].cohort": "The cohort the entry was shared with.",
                "comments[].written_at": "When you wrote it.",
                "comments[].text": "Your words.",
                "comments[].facilitators_only": (
                    "Whether it was for the entry's owner and the facilitators only."
                ),
                "comments[].entry_still_shared": "Whether the entry is still shared with them.",
                "comments[].hidden_at": "When a facilitator hid it (empty if not hidden).",
                "comments[].hidden_reason": "The reason the facilitator gave you for hiding it.",
            },
        },
        "comments": [
            {
                "cohort": c.share.cohort.name,
                "written_at": c.created_at.isoformat(),
                "text": c.body,
                "facilitators_only": c.facilitators_only,
                "entry_still_shared": c.share.withdrawn_at is None,
                "hidden_at": c.hidden_at.isoformat() if c.hidden_at else None,
                "hidden_reason": c.hidden_reason,
            }
            for c in comments
        ],
    }


def personal_data(user) -> dict[str, Any]:
    return {"journal.json": journal_data(user), "comments.json": comment_data(user)}
