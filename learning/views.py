"""Thin views for learners' actions; the logic lives in services and selectors."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from learning import selectors, services
from learning.forms import ConsentForm, DoneNoteForm, SelfAssessmentForm
from learning.models import CoursePage, Enrolment, Framework, ModulePage, Stage, StageCompletion


def module_access_response(
    *, request: HttpRequest, journey: selectors.Journey
) -> HttpResponse | None:
    """Module pages need a signed-in learner enrolled in the course; editors' previews pass."""
    if getattr(request, "is_preview", False):
        return None
    if not request.user.is_authenticated:
        messages.info(request, "Log in to start this module. New here? Create an account first.")
        return redirect(f"/accounts/login/?next={quote(request.path)}")
    if journey.enrolment is None:
        messages.info(request, "Enrol on this course to start its modules.")
        return redirect(journey.course.get_url(request))
    return None


def _live_course(course_id: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=course_id)


def _live_module(module_id: int) -> ModulePage:
    return get_object_or_404(ModulePage.objects.live(), pk=module_id)


@require_POST
@login_required
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
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


STAGE_MESSAGES = {
    Stage.LEARN: "Learn marked as done.",
    Stage.DO: "Do marked as done.",
    Stage.REFLECT: "Reflect marked as done.",
    Stage.SHARE: "Share marked as done.",
}


@require_POST
@login_required
def stage_complete(request: HttpRequest, module_id: int, stage: str) -> HttpResponse:
    if stage not in Stage.values:
        raise Http404("No such stage")
    module = _live_module(module_id)
    module_url = module.get_url(request)
    form = DoneNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    outcome = StageCompletion.Outcome.DONE
    if stage == Stage.SHARE and request.POST.get("skip"):
        outcome = StageCompletion.Outcome.SKIPPED
    try:
        was_complete = selectors.module_journey(module=module, user=request.user).is_complete
        services.stage_complete(
            user=request.user, module=module, stage=stage, note=note, outcome=outcome
        )
    except services.NotEnrolled:
        messages.error(request, "You need to enrol on this course before you can mark stages done.")
        return redirect(module.get_parent().get_url(request))
    if outcome == StageCompletion.Outcome.SKIPPED:
        message = "You chose not to share this time."
    else:
        message = STAGE_MESSAGES[stage]
    return after_stage_response(
        request,
        module=module,
        was_complete=was_complete,
        message=message,
        anchor=f"{module_url}#stage-{stage}",
    )


def after_stage_response(
    request: HttpRequest,
    *,
    module: ModulePage,
    was_complete: bool,
    message: str,
    anchor: str,
    extra_tags: str = "",
) -> HttpResponse:
    """Where a learner goes after finishing a stage, by any route (a stage button here, or
    saving a reflection in the journal): on to the next module when this one just completed,
    to My learning when the course did, otherwise back to the stage with `message`."""
    journey = selectors.module_journey(module=module, user=request.user)
    if journey.is_complete and not was_complete:
        lead = "" if message in STAGE_MESSAGES.values() else f"{message} "
        if journey.enrolment and journey.enrolment.completed_at:
            messages.success(
                request,
                f"{lead}Module complete. You have completed {journey.course.title}.",
                extra_tags=extra_tags,
            )
            return redirect("learning:dashboard")
        messages.success(request, f"{lead}Module complete: {module.title}.", extra_tags=extra_tags)
        if journey.next is not None:
            return redirect(journey.next.get_url(request))
        return redirect(journey.course.get_url(request))
    messages.success(request, message, extra_tags=extra_tags)
    return redirect(anchor)


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
def self_assessment(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=framework_id)
    data = selectors.self_assessment_form_data(user=request.user, framework=framework)
    form = SelfAssessmentForm(
        request.POST or None, themes=data["themes"], previous=data["previous"]
    )
    if request.method == "POST" and form.is_valid():
        services.self_assessment_record(
            user=request.user, framework=framework, ratings=form.ratings()
        )
        first = data["latest"] is None
        messages.success(
            request,
            "Your baseline self-assessment is saved. Come back later to see how far you have "
            "travelled."
            if first
            else "Your self-assessment is saved. Your dashboard compares it with your baseline.",
        )
        return redirect("learning:dashboard")
    return render(
        request,
        "learning/self_assessment.html",
        {
            "framework": framework,
            "form": form,
            "data": data,
            "breadcrumbs": [{"title": "My learning", "url": "/dashboard/"}],
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
