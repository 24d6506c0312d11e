"""Writes for the learning plugin. Keyword-only, typed, named <thing>_<action>.

Other plugins react to a course being completed through the Wagtail hook
`learning_course_completed`: each registered function is called once, as
`fn(enrolment=enrolment)`, right after the completion is recorded (the certificate issue
registers here).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail import hooks

from learning.models import (
    Capability,
    ChecklistTick,
    CoursePage,
    Enrolment,
    Framework,
    ModuleCompletion,
    ModulePage,
    Rating,
    SelfAssessment,
    SelfAssessmentConsent,
    Stage,
    StageCompletion,
)
from learning.selectors import required_stages


class NotEnrolled(Exception):
    """The learner is not enrolled in the course this module belongs to."""


def enrolment_create(*, user, course: CoursePage, source: str = Enrolment.Source.SELF) -> Enrolment:
    """Enrol a learner; enrolling twice changes nothing."""
    enrolment, _ = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"source": source, "last_activity_at": timezone.now()}
    )
    return enrolment


@transaction.atomic
def stage_complete(
    *,
    user,
    module: ModulePage,
    stage: str,
    note: str = "",
    outcome: str = StageCompletion.Outcome.DONE,
) -> StageCompletion:
    """Mark one stage of a module done (or, for Share, consciously skipped).

    Doing it twice changes nothing. Completing the last stage completes the module, and the
    last required module completes the course.
    """
    if stage not in Stage.values:
        raise ValueError(f"Unknown stage {stage!r}")
    course = module.get_parent().specific
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None:
        raise NotEnrolled
    try:
        with transaction.atomic():
            completion, created = StageCompletion.objects.get_or_create(
                user=user,
                module=module,
                stage=stage,
                defaults={"note": note.strip(), "outcome": outcome},
            )
    except IntegrityError:  # a simultaneous request recorded it first
        completion, created = (
            StageCompletion.objects.get(user=user, module=module, stage=stage),
            False,
        )
    if created:
        enrolment.last_activity_at = timezone.now()
        enrolment.save(update_fields=["last_activity_at"])
        module_completion_check(user=user, module=module, course=course)
        course_completion_check(enrolment=enrolment, course=course)
    return completion


@transaction.atomic
def checklist_ticks_set(*, user, module: ModulePage, item_ids) -> set[str]:
    """Make the learner's ticks on the module's Do checklist exactly `item_ids`, as the
    checklist form sends them all at once. Ids that are not items of the module's checklist as
    it is now are ignored (and ticks of items since removed are dropped). Returns the ticked
    ids kept."""
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course_id=module.get_parent().id)
        .first()
    )
    if enrolment is None:
        raise NotEnrolled
    current = {block.id for block in module.do_checklist}
    wanted = {str(item) for item in item_ids} & current
    mine = ChecklistTick.objects.filter(user=user, module=module)
    had = set(mine.values_list("item_id", flat=True))
    if had - wanted:
        mine.exclude(item_id__in=wanted).delete()
    ChecklistTick.objects.bulk_create(
        [ChecklistTick(user=user, module=module, item_id=item) for item in wanted - had],
        ignore_conflicts=True,  # a simultaneous request ticked it first
    )
    if wanted != had:
        enrolment.last_activity_at = timezone.now()
        enrolment.save(update_fields=["last_activity_at"])
    return wanted


def module_completion_check(*, user, module: ModulePage, course: CoursePage) -> bool:
    """Record the module complete when its required stages are all done. The rule is applied
    when a stage is completed: changing "share required" later does not undo completions."""
    done = set(
        StageCompletion.objects.filter(user=user, module=module).values_list("stage", flat=True)
    )
    if not required_stages(course=course) <= done:
        return False
    ModuleCompletion.objects.get_or_create(user=user, module=module)
    return True


def course_completion_check(*, enrolment: Enrolment, course: CoursePage) -> bool:
    """Record the course complete, exactly once, when every live required module is complete.

    The conditional UPDATE makes the first caller the only one that records the time and
    announces it, even when two requests finish the last module at the same moment. A
    completion is never taken away: adding a required module later, or unpublishing one, leaves
    those who finished completed (their dashboard shows the new module as still to do).
    """
    if enrolment.completed_at is not None:
        return False
    required = set(
        ModulePage.objects.child_of(course)
        .live()
        .filter(is_required=True)
        .values_list("id", flat=True)
    )
    if not required:
        return False
    completed = set(
        ModuleCompletion.objects.filter(user=enrolment.user_id, module_id__in=required).values_list(
            "module_id", flat=True
        )
    )
    if required - completed:
        return False
    now = timezone.now()
    updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    )
    if not updated:
        return False
    enrolment.completed_at = now
    for hook in hooks.get_hooks("learning_course_completed"):
        hook(enrolment=enrolment)
    return True


@transaction.atomic
def self_assessment_record(
    *, user, framework: Framework, ratings: dict[int, int | None]
) -> SelfAssessment:
    """Keep a dated snapshot of the learner's ratings; earlier snapshots stay as history.
    A level of None is "Not sure yet": stored, so it is pre-filled next time, and left out of
    every average."""
    valid_ids = set(
        Capability.objects.filter(theme__framework=framework).values_list("id", flat=True)
    )
    unknown = set(ratings) - valid_ids
    if unknown:
        raise ValueError(f"Capabilities not in {framework}: {sorted(unknown)}")
    if any(level not in (1, 2, 3, 4, None) for level in ratings.values()):
        raise ValueError("Levels run from 1 to 4, or None for 'Not sure yet'")
    assessment = SelfAssessment.objects.create(user=user, framework=framework)
    Rating.objects.bulk_create(
        Rating(assessment=assessment, capability_id=cid, level=level)
        for cid, level in ratings.items()
    )
    return assessment


def self_assessment_consent_set(*, user, allowed: bool) -> SelfAssessmentConsent:
    consent, _ = SelfAssessmentConsent.objects.update_or_create(
        user=user, defaults={"facilitators_may_see": allowed}
    )
    return consent


def evaluation_consent_set(*, user, allowed: bool) -> SelfAssessmentConsent:
    """The learner's choice about the programme's evaluation; every later report and export
    follows it (they are computed when asked, from this row)."""
    consent, _ = SelfAssessmentConsent.objects.update_or_create(
        user=user, defaults={"evaluation_may_use": allowed, "evaluation_changed_at": timezone.now()}
    )
    return consent


# Certificates live in their own app: learning.certificates (it listens to this plugin).
