"""What the learning plugin holds about one person, for their data export (the host's
`camino_personal_data` hook): enrolments and progress, self-assessments, consents.

Each file is a dict whose "about" entry explains the file and its fields in plain words; the
host moves those words into the export's README and keeps the rest as the file's data. Nothing
here names anyone but the person: pages are named by their titles.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def progress_data(user) -> dict[str, Any]:
    from learning.models import ChecklistTick, Enrolment, ModuleCompletion, StageCompletion

    enrolments = Enrolment.objects.filter(user=user).select_related("course").order_by("created_at")
    stages = (
        StageCompletion.objects.filter(user=user)
        .select_related("module")
        .order_by("completed_at", "id")
    )
    modules = (
        ModuleCompletion.objects.filter(user=user)
        .select_related("module")
        .order_by("completed_at", "id")
    )
    ticks = (
        ChecklistTick.objects.filter(user=user).select_related("module").order_by("ticked_at", "id")
    )
    return {
        "about": {
            "file": "The courses you enrolled on and every step you completed in them.",
            "fields": {
                "enrolments[].course": "The course's title.",
                "enrolments[].how": "How you came to be enrolled.",
                "enrolments[].enrolled_at": "When you were enrolled.",
                "enrolments[].last_activity_at": "When you last did something in the course.",
                "enrolments[].completed_at": "When you completed the course (empty if not yet).",
                "stage_completions[].module": "The module's title.",
                "stage_completions[].stage": "Which stage: learn, do, reflect or share.",
                "stage_completions[].outcome": "Done, or that you chose not to share.",
                "stage_completions[].note": "For Do: what you wrote about what you did.",
                "stage_completions[].completed_at": "When you completed the stage.",
                "module_completions[].module": "A module whose stages you all completed.",
                "module_completions[].completed_at": "When you completed it.",
                "checklist_ticks[].module": "The module whose Do checklist you ticked.",
                "checklist_ticks[].item": "The checklist item's reference in the module.",
                "checklist_ticks[].ticked_at": "When you ticked it.",
            },
        },
        "enrolments": [
            {
                "course": e.course.title,
                "how": e.get_source_display(),
                "enrolled_at": _when(e.created_at),
                "last_activity_at": _when(e.last_activity_at),
                "completed_at": _when(e.completed_at),
            }
            for e in enrolments
        ],
        "stage_completions": [
            {
                "module": s.module.title,
                "stage": s.stage,
                "outcome": s.get_outcome_display(),
                "note": s.note,
                "completed_at": _when(s.completed_at),
            }
            for s in stages
        ],
        "module_completions": [
            {"module": m.module.title, "completed_at": _when(m.completed_at)} for m in modules
        ],
        "checklist_ticks": [
            {"module": t.module.title, "item": t.item_id, "ticked_at": _when(t.ticked_at)}
            for t in ticks
        ],
    }


def self_assessment_data(user) -> dict[str, Any]:
    from learning.models import Rating, SelfAssessment

    ratings = Rating.objects.select_related("capability").order_by(
        "capability__theme__sort_order", "capability__sort_order", "id"
    )
    snapshots = (
        SelfAssessment.objects.filter(user=user)
        .select_related("framework")
        .prefetch_related(Prefetch("ratings", queryset=ratings))
        .order_by("created_at", "id")
    )
    return {
        "about": {
            "title": "Self-assessments",
            "file": (
                "Your self-assessments: each time you rated yourself against a framework's "
                "capabilities. They are dated snapshots, never overwritten."
            ),
            "fields": {
                "self_assessments[].framework": "The framework you rated yourself against.",
                "self_assessments[].made_at": "When you made this self-assessment.",
                "self_assessments[].ratings[].capability": "The capability's code.",
                "self_assessments[].ratings[].statement": "What the capability says.",
                "self_assessments[].ratings[].level": (
                    "Your rating: Essential, Proficient, Strong or Exemplary, or 'Not sure yet'."
                ),
            },
        },
        "self_assessments": [
            {
                "framework": snapshot.framework.name,
                "made_at": _when(snapshot.created_at),
                "ratings": [
                    {
                        "capability": r.capability.code,
                        "statement": r.capability.statement,
                        "level": r.get_level_display() if r.level else "Not sure yet",
                    }
                    for r in snapshot.ratings.all()
                ],
            }
            for snapshot in snapshots
        ],
    }


def consent_data(user) -> dict[str, Any]:
    from learning.models import SelfAssessmentConsent

    consent = SelfAssessmentConsent.objects.filter(user=user).first()
    return {
        "about": {
            "file": "The choices you made about who may use your self-assessments.",
            "fields": {
                "facilitators_may_see": (
                    "Yes if you let your cohort's facilitators see your self-assessments."
                ),
                "evaluation_may_use": (
                    "Yes if your self-assessments and follow-up answers may be used, without "
                    "your name, in the programme's evaluation."
                ),
                "evaluation_changed_at": "When you last changed the evaluation choice.",
                "updated_at": "When you last changed either choice (empty if never).",
            },
        },
        "facilitators_may_see": bool(consent and consent.facilitators_may_see),
        "evaluation_may_use": bool(consent and consent.evaluation_may_use),
        "evaluation_changed_at": _when(consent.evaluation_changed_at) if consent else None,
        "updated_at": _when(consent.updated_at) if consent else None,
    }


def personal_data(user) -> dict[str, Any]:
    return {
        "progress.json": progress_data(user),
        "self_assessments.json": self_assessment_data(user),
        "consents.json": consent_data(user),
    }
