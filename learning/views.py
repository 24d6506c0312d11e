"""Thin views for learners' actions; the logic lives in services and selectors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from learning import selectors, services
from learning.forms import ConsentForm, DoneNoteForm, SelfAssessmentForm
from learning.models import CoursePage, Enrolment, Framework, ModulePage, Stage, StageCompletion
from learning.submissions import submit_once


def module_access_response(
    *, request: HttpRequest, journey: selectors.Journey
) -> HttpResponse | None:
    """Module pages need a signed-in learner enrolled in the course; editors' previews pass."""
    if getattr(request, "is_preview", False):
        return None
    if not request.user.is_authenticated:
        messages.info(request, "Log in to start this module. New here? Create an account first.")
        return redirect(f"{reverse('account_login')}?next={quote(request.path)}")
    if journey.enrolment is None:
        messages.info(request, "Enrol on this course to start its modules.")
        return redirect(journey.course.get_url(request))
    return None


REFUSED_NOTE = "camino-refused-do-note"

# Ids past the database's integer range (e.g. 99999999999999999999) are nobody's: looked up,
# they would make the database driver overflow (a 500) instead of finding nothing (a 404).
LARGEST_ID = 2**63 - 1


def _id_or_404(value: int) -> int:
    if not 0 < value <= LARGEST_ID:
        raise Http404("No such id")
    return value


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=_id_or_404(course_id))


def _live_module(module_id: int) -> ModulePage:
    return get_object_or_404(ModulePage.objects.live(), pk=_id_or_404(module_id))


@require_POST
@login_required
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    assert request.user.is_authenticated  # login_required
    course = _live_course(course_id)
    already = Enrolment.objects.filter(user=request.user, course=course).exists()
    services.enrolment_create(user=request.user, course=course)
    if not already:
        messages.success(
            request, f"You are enrolled on {course.title}. Start with the first module."
        )
    overview = selectors.course_overview(course=course, user=request.user)
    next_step = overview.next_module
    if next_step is not None:
        return redirect(next_step.module.get_url(request))
    return redirect(course.get_url(request))


STAGE_MESSAGES: dict[str, str] = {
    Stage.LEARN: "Learn marked as done.",
    Stage.DO: "Do marked as done.",
    Stage.REFLECT: "Reflect marked as done.",
    Stage.SHARE: "Share marked as done.",
}
# Extra tags on a message: "camino-stage:<module id>:<stage>" shows it inside that stage of
# that module's page (see module_page_extras), and COURSE_DONE_TAG adds the link to the
# completion page under it.
STAGE_TAG = "camino-stage"
COURSE_DONE_TAG = "camino-course-done"
NOT_ENROLLED = "You need to enrol on this course before you can mark stages done."


@require_POST
@login_required
def stage_complete(request: HttpRequest, module_id: int, stage: str) -> HttpResponse:
    if stage not in Stage.values:
        raise Http404("No such stage")
    module = _live_module(module_id)
    form = DoneNoteForm(request.POST)
    if not form.is_valid():
        # Refused, not dropped: back to Do, undone, with the note in its box and the reason.
        request.session[REFUSED_NOTE] = {"module": module.pk, "note": request.POST.get("note", "")}
        return redirect(f"{module.get_url(request)}#stage-do")
    note = form.cleaned_data["note"]
    outcome = StageCompletion.Outcome.DONE
    if stage == Stage.SHARE and request.POST.get("skip"):
        outcome = StageCompletion.Outcome.SKIPPED
    before = selectors.module_journey(module=module, user=request.user)
    try:
        if stage == Stage.DO and request.POST.get("checklist"):
            # The Do form carries the checklist until Do is done: its ticks are saved too.
            services.checklist_ticks_set(
                user=request.user, module=module, item_ids=request.POST.getlist("item")
            )
        services.stage_complete(
            user=request.user, module=module, stage=stage, note=note, outcome=outcome
        )
    except services.NotEnrolled:
        messages.error(request, NOT_ENROLLED)
        return redirect(module.get_parent().get_url(request))
    if outcome == StageCompletion.Outcome.SKIPPED:
        message = "You chose not to share this time."
    else:
        message = STAGE_MESSAGES[stage]
    return after_stage_response(request, module=module, before=before, message=message)


def after_stage_response(
    request: HttpRequest,
    *,
    module: ModulePage,
    before: selectors.Journey,
    message: str,
    extra_tags: str = "",
    prefer: str | None = None,
) -> HttpResponse:
    """Where a learner goes after finishing a stage, by any route (a stage button, saving a
    reflection from a module, sharing from a module), given `before`, the module's journey
    before the change:

    - to the next stage to do in this module (the first of learn, do, reflect and share not
      done or skipped), with `message` inside that stage, at `<module>#stage-<stage>` (whose
      heading module.js focuses); it says so when the module or the whole course has just
      been completed, with a link to the completion page;
    - once all four stages are done: to the next module (the message at its top), or, when
      the course is complete, to its completion page, or else to the course page.

    `prefer` is a stage to go to while it is still to do, ahead of earlier ones: a reflection
    just saved goes to Share, where it can be shared, even if Learn or Do are still to do.
    """
    journey = selectors.module_journey(module=module, user=request.user)
    module_done = journey.is_complete and not before.is_complete
    course_done_at = journey.enrolment.completed_at if journey.enrolment else None
    course_done = course_done_at is not None and not (
        before.enrolment and before.enrolment.completed_at
    )
    tags = extra_tags.split()
    stage = prefer if prefer and prefer not in journey.stages_done else journey.next_stage
    if stage is not None:
        text = message + (" Module complete." if module_done else "")
        if course_done:
            text += f" You have finished {journey.course.title}."
            tags.append(COURSE_DONE_TAG)
        tags.append(f"{STAGE_TAG}:{module.pk}:{stage}")
        messages.success(request, text, extra_tags=" ".join(tags))
        return redirect(f"{module.get_url(request)}#stage-{stage}")
    text = message + (f" Module complete: {module.title}." if module_done else "")
    if course_done:
        text += f" You have finished {journey.course.title}."
    messages.success(request, text, extra_tags=" ".join(tags))
    if course_done:
        return redirect("learning:course_complete", course_id=journey.course.pk)
    if journey.next is not None:
        return redirect(journey.next.get_url(request))
    if course_done_at is not None:
        return redirect("learning:course_complete", course_id=journey.course.pk)
    return redirect(journey.course.get_url(request))


@dataclass
class ShownMessage:
    """A message as a module page shows it, at its top or inside one of its stages."""

    text: str
    level_tag: str
    journal_saved: str = ""  # the journal's marker: its copy of a saved draft can go
    course_done: bool = False


def module_page_extras(*, request: HttpRequest, module: ModulePage) -> dict:
    """What a module page shows beyond its journey: the messages (those tagged for one of its
    stages go inside that stage, the rest at the top; the page shows both itself, so the base
    layout's messages are emptied) and the Do form, with the note the learner had typed when
    they saved their checklist ticks without JavaScript."""
    top: list[ShownMessage] = []
    by_stage: dict[str, list[ShownMessage]] = defaultdict(list)
    prefix = f"{STAGE_TAG}:{module.pk}:"
    for message in get_messages(request):
        tags = (message.extra_tags or "").split()
        stage = next((t.removeprefix(prefix) for t in tags if t.startswith(prefix)), None)
        saved = next((t.removeprefix("journal-saved:") for t in tags if "journal-saved:" in t), "")
        shown = ShownMessage(str(message), message.level_tag, saved, COURSE_DONE_TAG in tags)
        if stage in Stage.values:
            by_stage[stage].append(shown)
        else:
            top.append(shown)
    note = request.session.pop(_do_note_key(module), "")
    do_form = DoneNoteForm(auto_id="do_%s", initial={"note": note} if note else None)
    refused = request.session.get(REFUSED_NOTE)
    if refused and refused.get("module") == module.pk:
        del request.session[REFUSED_NOTE]
        do_form = DoneNoteForm({"note": refused["note"]}, auto_id="do_%s")
        do_form.is_valid()  # its error shows beside the note, which is back in its box
    return {
        "messages": [],
        "top_messages": top,
        "stage_messages": dict(by_stage),
        "do_form": do_form,
    }


def _do_note_key(module: ModulePage) -> str:
    return f"camino-do-note:{module.pk}"


@require_POST
@login_required
def checklist_save(request: HttpRequest, module_id: int) -> HttpResponse:
    """Save the learner's ticks on a module's Do checklist: by fetch where JavaScript runs
    (answered with JSON), or by the "Save my ticks" button (back to the Do stage, keeping any
    note they had typed in the Do form around it)."""
    module = _live_module(module_id)
    try:
        ticked = services.checklist_ticks_set(
            user=request.user, module=module, item_ids=request.POST.getlist("item")
        )
    except services.NotEnrolled:
        messages.error(request, NOT_ENROLLED)
        return redirect(module.get_parent().get_url(request))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"saved": True, "ticked": sorted(ticked)})
    note = request.POST.get("note", "")
    if note.strip():
        request.session[_do_note_key(module)] = note  # whole: Do's own form says if too long
    messages.success(
        request, "Your ticks are saved.", extra_tags=f"{STAGE_TAG}:{module.pk}:{Stage.DO}"
    )
    return redirect(f"{module.get_url(request)}#stage-{Stage.DO}")


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard_for(user=request.user)
    return render(
        request,
        "learning/dashboard.html",
        {"dashboard": data, "breadcrumbs": [], "page_title": "My learning"},
    )


@login_required
@submit_once("learning.self_assessment")
def self_assessment(request: HttpRequest, framework_id: int) -> HttpResponse:
    """One theme per step, at one URL: the step travels in the form (`?step=N` on GET).
    Answers are kept in the session per framework, through Back, Continue and errors, and
    saved together on the last step; only answers given on this walk count, so a step
    never visited sends the learner back to it. A POST with no step is step 1: for a
    framework of one theme that is the last step too, so it saves in one go."""
    framework = get_object_or_404(Framework, pk=framework_id)
    data = selectors.self_assessment_form_data(user=request.user, framework=framework)
    steps, key = data["steps"], f"self-assessment-{framework.id}"
    kept: dict[str, str] = request.session.get(key, {})
    url = reverse("learning:self_assessment", args=[framework.id])
    params = request.POST if request.method == "POST" else request.GET
    try:
        step = min(max(int(params.get("step", 1)), 1), max(len(steps), 1))
    except ValueError:
        step = 1

    def step_form(number: int, answers=None) -> SelfAssessmentForm:
        theme = steps[number - 1]
        return SelfAssessmentForm(answers, theme=theme, previous=data["previous"], kept=kept)

    form = step_form(step) if steps else None
    # The first time, the last step also asks about the programme's evaluation (off unless
    # ticked); the answer is kept with the ratings through errors and steps.
    ask_evaluation = data["latest"] is None and not selectors.evaluation_consent_given(
        user=request.user
    )
    evaluation_key = f"{key}-evaluation"
    if request.method == "POST" and steps:
        form = step_form(step, request.POST)
        kept = request.session[key] = {**kept, **form.answers()}
        if ask_evaluation and step == len(steps):
            request.session[evaluation_key] = request.POST.get("evaluation_may_use") == "on"
        if request.POST.get("action") == "back":
            return redirect(f"{url}?step={max(step - 1, 1)}")
        if form.is_valid() and step < len(steps):
            return redirect(f"{url}?step={step + 1}")
        if form.is_valid():
            missing = SelfAssessmentForm.first_unanswered_step(steps=steps, kept=kept)
            if missing is None:
                services.self_assessment_record(
                    user=request.user,
                    framework=framework,
                    ratings=SelfAssessmentForm.ratings(steps=steps, kept=kept),
                )
                del request.session[key]
                if ask_evaluation and request.session.pop(evaluation_key, False):
                    services.evaluation_consent_set(user=request.user, allowed=True)
                messages.success(
                    request,
                    "Your baseline self-assessment is saved. Come back later to see how far "
                    "you have travelled."
                    if data["latest"] is None
                    else "Your self-assessment is saved. Your dashboard compares it with your "
                    "baseline.",
                )
                return redirect("learning:dashboard")
            step, form = missing, step_form(missing, kept)  # bound: its gaps show as errors
    return render(
        request,
        "learning/self_assessment.html",
        {
            "framework": framework,
            "form": form,
            "data": data,
            "step": step,
            "steps": len(steps),
            "is_last": step == len(steps),
            "url": url,
            "ask_evaluation": ask_evaluation,
            "evaluation_ticked": request.session.get(evaluation_key, False),
            "breadcrumbs": [{"title": "My learning", "url": reverse("learning:dashboard")}],
        },
    )


@require_POST
@login_required
def consent(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    allowed = form.is_valid() and form.cleaned_data["facilitators_may_see"]
    services.self_assessment_consent_set(user=request.user, allowed=allowed)
    messages.success(
        request,
        "Your facilitators can now see your self-assessments."
        if allowed
        else "Your self-assessments are private to you.",
    )
    return redirect("learning:dashboard")


@require_POST
@login_required
def evaluation_consent(request: HttpRequest) -> HttpResponse:
    allowed = request.POST.get("evaluation_may_use") == "on"
    services.evaluation_consent_set(user=request.user, allowed=allowed)
    messages.success(
        request,
        "Thank you: your self-assessments and follow-up answers may be used, without your "
        "name, in the programme's evaluation. You can change your mind here at any time."
        if allowed
        else "Your self-assessments and follow-up answers are not used in the programme's "
        "evaluation.",
    )
    return redirect("learning:dashboard")


@require_safe
@login_required
def course_complete(request: HttpRequest, course_id: int) -> HttpResponse:
    """The moment of completion: what the learner did, their certificate, and an invitation
    to rate themselves again. Theirs alone, once they have completed the course."""
    completion = selectors.course_completion_get(user=request.user, course_id=_id_or_404(course_id))
    if completion is None:
        raise Http404("No completed course")
    return render(
        request,
        "learning/course_complete.html",
        {
            "completion": completion,
            "page_title": f"You have finished {completion.course.title}",
            "breadcrumbs": [{"title": "My learning", "url": reverse("learning:dashboard")}],
        },
    )
