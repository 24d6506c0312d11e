"""The learner's follow-up, 3 and 6 months after a course: rate yourself again and answer the
course's follow-up questions. Theirs alone: anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from evaluation import selectors, services
from evaluation.models import FollowUp
from learning.submissions import submit_once
from learning.text import CONTROL_CHARACTER, has_control_characters
from learning.views import LARGEST_ID

ANSWER_LIMIT = 5000


@login_required
@require_http_methods(["GET", "POST"])
@submit_once("evaluation.follow_up")
def follow_up(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    assert request.user.is_authenticated  # login_required
    if not 0 < follow_up_id <= LARGEST_ID:
        raise Http404("No such follow-up")
    found = (
        FollowUp.objects.select_related("course", "course__framework")
        .filter(pk=follow_up_id, user=request.user)
        .first()
    )
    if found is None:
        raise Http404("No such follow-up")
    questions = selectors.questions_for(found.course)
    saved = {a.position: a.answer for a in found.answers.all()}
    typed = [request.POST.get(f"answer-{i}", saved.get(i, "")) for i in range(len(questions))]
    may_quote = (
        request.POST.get("may_quote") == "on" if request.method == "POST" else found.may_quote
    )
    errors: dict[int, str] = {}
    summary = ""
    if request.method == "POST":
        for i, text in enumerate(typed):
            if has_control_characters(text):
                errors[i] = CONTROL_CHARACTER
            elif len(text) > ANSWER_LIMIT:
                errors[i] = (
                    f"Keep your answer under {ANSWER_LIMIT:,} characters ({len(text):,} now)."
                )
        if not any(text.strip() for text in typed):
            summary = "Answer at least one question, or come back to this later."
        if not errors and not summary:
            services.follow_up_answer(follow_up=found, answers=typed, may_quote=may_quote)
            messages.success(
                request, "Thank you. Your answers are saved; you can change them here."
            )
            return redirect("learning:dashboard")
    return render(
        request,
        "evaluation/follow_up.html",
        {
            "follow_up": found,
            "items": [
                {"index": i, "question": q, "answer": typed[i], "error": errors.get(i)}
                for i, q in enumerate(questions)
            ],
            "may_quote": may_quote,
            "errors": errors,
            "summary": summary,
            "breadcrumbs": [{"title": "My learning", "url": reverse("learning:dashboard")}],
        },
        status=400 if (errors or summary) else 200,
    )
