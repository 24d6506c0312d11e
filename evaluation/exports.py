"""The evaluator export: a ZIP of CSV files and a data dictionary, pseudonymised.

- Only learners who consent to the evaluation when the export is made.
- Each person gets a random identifier that is new in every export, so two exports cannot be
  joined person by person, and nothing in them leads back to an account.
- No names, emails or free text, except follow-up answers from learners who also ticked "you
  may quote my answers without my name". Dates are coarsened to the month.
"""

from __future__ import annotations

import csv
import io
import secrets
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from evaluation import selectors
from evaluation.models import FollowUp, FollowUpAnswer
from learning.models import (
    Capability,
    Enrolment,
    ModulePage,
    Rating,
    SelfAssessment,
    StageCompletion,
)

DICTIONARY = [
    # (file, column, meaning)
    (
        "people.csv",
        "person",
        "A random identifier, new in every export: it links a person's "
        "rows across these files and nothing else.",
    ),
    ("people.csv", "course", "The course's title."),
    ("people.csv", "cohort", "The cohort's name, or empty when not in a cohort."),
    ("people.csv", "enrolled_month", "The month they enrolled (YYYY-MM)."),
    ("people.csv", "completed_month", "The month they completed the course, or empty."),
    ("snapshots.csv", "person", "As in people.csv."),
    ("snapshots.csv", "snapshot", "1 for their baseline self-assessment, then 2, 3, ... in order."),
    ("snapshots.csv", "month", "The month the self-assessment was made (YYYY-MM)."),
    ("snapshots.csv", "days_since_baseline", "Whole days from the baseline to this snapshot."),
    (
        "snapshots.csv",
        "days_since_completion",
        "Whole days from completing the course to this "
        "snapshot (negative before completion; empty if not completed).",
    ),
    (
        "snapshots.csv",
        "theme: <name>",
        "The mean of the person's ratings of the theme's "
        "capabilities in this snapshot (1 to 4), 'not sure yet' left out; empty if none rated.",
    ),
    (
        "snapshots.csv",
        "<code>",
        "The rating of that capability (1 = not yet, 2 = beginning, "
        "3 = developing, 4 = confident), or empty for 'not sure yet' or not rated.",
    ),
    ("progress.csv", "person", "As in people.csv."),
    ("progress.csv", "module", "The module's title."),
    ("progress.csv", "stage", "learn, do, reflect or share."),
    ("progress.csv", "outcome", "done, or skipped (chose not to share)."),
    ("progress.csv", "month", "The month the stage was completed (YYYY-MM)."),
    ("follow_ups.csv", "person", "As in people.csv."),
    ("follow_ups.csv", "follow_up", "3 months or 6 months after completing the course."),
    ("follow_ups.csv", "answered_month", "The month they answered, or empty if not yet."),
    ("follow_ups.csv", "question", "The follow-up question as it was asked."),
    (
        "follow_ups.csv",
        "answer",
        "Their answer, only if they allowed it to be quoted without "
        "their name; otherwise empty and may_quote is no.",
    ),
    ("follow_ups.csv", "may_quote", "yes if they allowed their answers to be quoted."),
]


def _month(moment) -> str:
    return moment.strftime("%Y-%m") if moment else ""


def _csv(rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # a BOM, so spreadsheets read UTF-8


def build(filters: selectors.Filters) -> tuple[bytes, int]:
    """The ZIP and the number of people in it."""
    consenting = selectors.consenting_user_ids(filters)
    pseudonym = {user_id: secrets.token_hex(6) for user_id in sorted(consenting)}
    enrolments = {
        e.user_id: e
        for e in Enrolment.objects.filter(course=filters.course, user_id__in=consenting)
    }
    from cohorts.models import Membership

    cohort_names = defaultdict(list)
    memberships = Membership.objects.filter(cohort__course=filters.course, user_id__in=consenting)
    if filters.cohort is not None:
        memberships = memberships.filter(cohort=filters.cohort)
    for user_id, name in memberships.values_list("user_id", "cohort__name"):
        cohort_names[user_id].append(name)

    people = [["person", "course", "cohort", "enrolled_month", "completed_month"]]
    for user_id in sorted(consenting, key=lambda u: pseudonym[u]):
        enrolment = enrolments.get(user_id)
        people.append(
            [
                pseudonym[user_id],
                filters.course.title,
                "; ".join(sorted(cohort_names[user_id])),
                _month(enrolment.created_at if enrolment else None),
                _month(enrolment.completed_at if enrolment else None),
            ]
        )

    capabilities = list(
        Capability.objects.filter(theme__framework_id=filters.course.framework_id)
        .select_related("theme")
        .order_by("theme__sort_order", "sort_order")
    )
    themes: dict[int, tuple[str, list[int]]] = {}
    for capability in capabilities:
        themes.setdefault(capability.theme_id, (capability.theme.name, []))[1].append(capability.id)
    snapshots = list(
        SelfAssessment.objects.filter(
            framework_id=filters.course.framework_id, user_id__in=consenting
        )
        .order_by("user_id", "created_at", "id")
        .values_list("id", "user_id", "created_at")
    )
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for snapshot_id, capability_id, level in Rating.objects.filter(
        assessment_id__in=[s[0] for s in snapshots], level__isnull=False
    ).values_list("assessment_id", "capability_id", "level"):
        if level is not None:  # (never None: filtered above)
            levels[snapshot_id][capability_id] = level
    header = ["person", "snapshot", "month", "days_since_baseline", "days_since_completion"]
    header += [f"theme: {name}" for name, _ in themes.values()]
    header += [c.code for c in capabilities]
    rows: list[list[Any]] = [header]
    numbers: dict[int, int] = defaultdict(int)
    baselines: dict[int, datetime] = {}
    for snapshot_id, user_id, taken in snapshots:
        numbers[user_id] += 1
        baseline = baselines.setdefault(user_id, taken)
        completed = enrolments[user_id].completed_at if user_id in enrolments else None
        row = [
            pseudonym[user_id],
            numbers[user_id],
            _month(taken),
            (taken - baseline).days,
            (taken - completed).days if completed else "",
        ]
        rated = levels[snapshot_id]
        for _, capability_ids in themes.values():
            values = [rated[c] for c in capability_ids if c in rated]
            row.append(f"{sum(values) / len(values):.2f}" if values else "")
        row += [rated.get(c.id, "") for c in capabilities]
        rows.append(row)

    modules = dict(ModulePage.objects.child_of(filters.course).values_list("id", "title"))
    progress = [["person", "module", "stage", "outcome", "month"]]
    for user_id, module_id, stage, outcome, done in (
        StageCompletion.objects.filter(user_id__in=consenting, module_id__in=list(modules))
        .order_by("user_id", "module__path", "completed_at")
        .values_list("user_id", "module_id", "stage", "outcome", "completed_at")
    ):
        progress.append([pseudonym[user_id], modules[module_id], stage, outcome, _month(done)])

    follow_ups = [["person", "follow_up", "answered_month", "question", "answer", "may_quote"]]
    for follow_up in (
        FollowUp.objects.filter(course=filters.course, user_id__in=consenting)
        .prefetch_related("answers")
        .order_by("user_id", "kind")
    ):
        answers: list[FollowUpAnswer | None] = list(follow_up.answers.all())
        answers = answers or [None]
        for answer in answers:
            follow_ups.append(
                [
                    pseudonym[follow_up.user_id],
                    follow_up.get_kind_display(),
                    _month(follow_up.answered_at),
                    answer.question if answer else "",
                    answer.answer if answer and follow_up.may_quote else "",
                    "yes" if follow_up.may_quote else "no",
                ]
            )

    dictionary = [["file", "column", "meaning"], *DICTIONARY]
    readme = (
        "Camino programme evaluation export\n\n"
        f"Filters: {filters.describe()}\n"
        f"People: {len(consenting)} (only those who agreed to the evaluation)\n\n"
        "Identifiers are random and new in every export. Dates are months. Follow-up answers "
        "appear only where the learner allowed them to be quoted without their name.\n"
        "data_dictionary.csv describes every column.\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("data_dictionary.csv", _csv(dictionary))
        archive.writestr("people.csv", _csv(people))
        archive.writestr("snapshots.csv", _csv(rows))
        archive.writestr("progress.csv", _csv(progress))
        archive.writestr("follow_ups.csv", _csv(follow_ups))
    return buffer.getvalue(), len(consenting)
