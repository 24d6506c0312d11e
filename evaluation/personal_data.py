"""What the evaluation holds about one person, for their data export (the host's
`camino_personal_data` hook): their follow-ups after a course and their answers. (Whether the
evaluation may use their answers is in consents.json, from the learning plugin.)"""

from __future__ import annotations

from typing import Any


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def follow_up_data(user) -> dict[str, Any]:
    from evaluation.models import FollowUp

    follow_ups = (
        FollowUp.objects.filter(user=user)
        .select_related("course")
        .prefetch_related("answers")
        .order_by("invited_at", "id")
    )
    return {
        "about": {
            "title": "Follow-ups",
            "file": (
                "The follow-ups you were invited to 3 and 6 months after finishing a course, "
                "and your answers to their questions."
            ),
            "fields": {
                "follow_ups[].course": "The course it follows up.",
                "follow_ups[].when": "3 months or 6 months after completing the course.",
                "follow_ups[].invited_at": "When you were invited.",
                "follow_ups[].answered_at": "When you answered (empty if not yet).",
                "follow_ups[].may_quote": (
                    "Whether you allowed your answers to be quoted without your name."
                ),
                "follow_ups[].answers[].question": "The question as it was asked.",
                "follow_ups[].answers[].answer": "Your answer.",
            },
        },
        "follow_ups": [
            {
                "course": f.course.title,
                "when": f.get_kind_display(),
                "invited_at": _when(f.invited_at),
                "answered_at": _when(f.answered_at),
                "may_quote": f.may_quote,
                "answers": [{"question": a.question, "answer": a.answer} for a in f.answers.all()],
            }
            for f in follow_ups
        ],
    }


def personal_data(user) -> dict[str, Any]:
    return {"follow_ups.json": follow_up_data(user)}
