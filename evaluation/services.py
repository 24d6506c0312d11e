"""Writes for the evaluation: exports for evaluators, follow-up invitations and answers."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail import hooks

from evaluation import selectors
from evaluation.models import EXPORT_KEPT_FOR, EvaluationExport, FollowUp, FollowUpAnswer
from learning.models import Enrolment
from learning.staff_actions import announce_staff_action


def _announce(hook_name: str, **kwargs) -> None:
    for fn in hooks.get_hooks(hook_name):
        fn(**kwargs)


# --- exports ----------------------------------------------------------------------------------


def _filters_record(filters: selectors.Filters) -> dict:
    return {
        "course": filters.course.pk,
        "cohort": filters.cohort.pk if filters.cohort else None,
        "date_from": filters.date_from.isoformat() if filters.date_from else None,
        "date_to": filters.date_to.isoformat() if filters.date_to else None,
    }


def export_start(*, filters: selectors.Filters, by) -> EvaluationExport:
    """Record the export (who, when, which filters) and make it in the background; with no
    consenting learner in the filters it is recorded as empty and no file is made."""
    people = len(selectors.consenting_user_ids(filters))
    export = EvaluationExport.objects.create(
        requested_by=by,
        filters=_filters_record(filters),
        filters_text=filters.describe()[:500],
        people=people,
        status=EvaluationExport.Status.WAITING if people else EvaluationExport.Status.EMPTY,
        finished_at=None if people else timezone.now(),
    )
    announce_staff_action(
        actor=by,
        action="evaluation.exported",
        person=None,
        detail=f"{filters.describe()[:300]}: {people} consenting learner"
        f"{'' if people == 1 else 's'}, pseudonymised"
        + ("" if people else " (nothing to export, no file made)"),
    )
    if people:
        from evaluation.tasks import make_evaluation_export

        transaction.on_commit(lambda: make_evaluation_export.enqueue(export.pk))
    return export


def exports_expired_delete(*, now=None, kept_for: timedelta = EXPORT_KEPT_FOR) -> int:
    """Exports older than 7 days, files and all (run daily with the follow-ups, and by the
    `camino_retention` rule)."""
    now = now or timezone.now()
    old = EvaluationExport.objects.filter(requested_at__lte=now - kept_for)
    count = 0
    for export in old:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


# --- follow-ups ------------------------------------------------------------------------------


def follow_ups_invite(*, now=None) -> int:
    """Invite everyone whose course completion is 90 or 180 days old (or older, if the
    command did not run that day) and who has not been invited to that follow-up yet.
    Announced through `evaluation_follow_up_due(follow_up=...)` (the host notifies)."""
    now = now or timezone.now()
    made = 0
    for kind in FollowUp.Kind:
        already = FollowUp.objects.filter(
            user_id=OuterRef("user_id"), course_id=OuterRef("course_id"), kind=kind.value
        )
        due = Enrolment.objects.filter(
            completed_at__isnull=False,
            completed_at__lte=now - timedelta(days=kind.value),
            course__live=True,
        ).exclude(Exists(already))
        for enrolment in due.select_related("course", "user"):
            if kind == FollowUp.Kind.THREE_MONTHS and (now - enrolment.completed_at) >= timedelta(
                days=FollowUp.Kind.SIX_MONTHS.value
            ):
                continue  # long past 3 months: the 6-month one is the one to send
            follow_up, created = FollowUp.objects.get_or_create(
                user=enrolment.user, course=enrolment.course, kind=kind.value
            )
            if created:
                made += 1
                transaction.on_commit(
                    partial(_announce, "evaluation_follow_up_due", follow_up=follow_up)
                )
    return made


@transaction.atomic
def follow_up_answer(*, follow_up: FollowUp, answers: list[str], may_quote: bool) -> FollowUp:
    questions = selectors.questions_for(follow_up.course)
    follow_up.answers.all().delete()
    FollowUpAnswer.objects.bulk_create(
        FollowUpAnswer(follow_up=follow_up, question=q[:300], answer=a.strip(), position=i)
        for i, (q, a) in enumerate(zip(questions, answers, strict=False))
    )
    follow_up.answered_at = timezone.now()
    follow_up.may_quote = may_quote
    follow_up.save(update_fields=["answered_at", "may_quote"])
    return follow_up
