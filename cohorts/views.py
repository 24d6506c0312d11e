"""Thin views for cohorts: the facilitator's dashboard, the member view, joining."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail import hooks

from cohorts import exports, selectors, services
from cohorts.forms import CohortSettingsForm, GridFilterForm, InvitationForm
from cohorts.models import JOIN_CODE_LENGTH, Cohort, Invitation, Membership
from learning import codes
from learning.staff_actions import announce_staff_action
from learning.submissions import submit_once

STAFF = (selectors.ADMIN, selectors.FACILITATOR)
ANYONE_IN = (selectors.ADMIN, selectors.FACILITATOR, selectors.MEMBER)
PENDING_JOIN = "cohorts_pending_join"


def _or_404(found, what: str):
    """Selectors answer None for what is not there (or not this person's); views answer 404."""
    if found is None:
        raise Http404(f"No such {what}")
    return found


def _panels(hook_name: str, **kwargs) -> str:
    """HTML that later plugins add to a cohort page through a Wagtail hook."""
    parts = [hook(**kwargs) for hook in hooks.get_hooks(hook_name)]
    return mark_safe("".join(p for p in parts if p))  # noqa: S308 - rendered templates  # nosec B308


def _crumbs(cohort: Cohort | None = None) -> list[dict]:
    crumbs = [{"title": "Cohorts", "url": reverse("cohorts:list")}]
    if cohort is not None:
        crumbs.append({"title": cohort.name, "url": reverse("cohorts:detail", args=[cohort.pk])})
    return crumbs


@require_safe
@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cohorts/cohort_list.html",
        {"cohorts": selectors.cohorts_for(user=request.user), "breadcrumbs": []},
    )


@require_safe
@login_required
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort, role = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=ANYONE_IN), "cohort"
    )
    panels = _panels("cohorts_cohort_panels", request=request, cohort=cohort, role=role)
    if role == selectors.MEMBER:
        return render(
            request,
            "cohorts/cohort_member.html",
            {
                "cohort": cohort,
                **selectors.cohort_members(cohort=cohort),
                "panels": panels,
                "breadcrumbs": _crumbs(),
            },
        )
    form = GridFilterForm(request.GET or None)
    # Each filter that makes sense is applied even when another does not (a mistyped number
    # of days keeps the sort and the status filter, and says what is wrong with it).
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    grid = selectors.cohort_grid(
        cohort=cohort,
        sort=cleaned.get("sort") or "name",
        inactive_days=cleaned.get("inactive"),
        show=cleaned.get("show") or "",
        page=request.GET.get("page") or 1,
    )
    return render(
        request,
        "cohorts/cohort_grid.html",
        {
            "cohort": cohort,
            "role": role,
            "grid": grid,
            "filter_form": form,
            "panels": panels,
            "facilitators": cohort.facilitator_list,
            "breadcrumbs": _crumbs(),
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@login_required
def learner_detail(request: HttpRequest, cohort_id: int, learner_id: int) -> HttpResponse:
    cohort, role = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    detail = _or_404(
        selectors.learner_detail(cohort=cohort, learner_id=learner_id), "learner in this cohort"
    )
    announce_staff_action(
        actor=request.user,
        action="learner.viewed",
        person=detail.learner,
        detail=f"Their page in {cohort.name}: progress, reminders"
        + (", self-assessment (they allow facilitators to see it)" if detail.consent else "")
        + (", what they shared with the cohort" if role == selectors.FACILITATOR else ""),
        request=request,
    )
    panels = _panels(
        "cohorts_learner_panels", request=request, cohort=cohort, learner=detail.learner, role=role
    )
    return render(
        request,
        "cohorts/learner_detail.html",
        {"cohort": cohort, "detail": detail, "panels": panels, "breadcrumbs": _crumbs(cohort)},
    )


@require_safe
@login_required
def cohort_framework(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    return render(
        request,
        "cohorts/cohort_framework.html",
        {
            "cohort": cohort,
            "view": selectors.cohort_framework_view(cohort=cohort),
            "breadcrumbs": _crumbs(cohort),
        },
    )


@require_safe
@login_required
def cohort_export(request: HttpRequest, cohort_id: int) -> StreamingHttpResponse:
    """The cohort's progress as a CSV, streamed: the header leaves at once, then the learners a
    chunk at a time (see cohorts/exports.py). The export is recorded before the first byte,
    with the number of learners in the cohort at that moment."""
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    count = selectors.member_count(cohort=cohort)
    announce_staff_action(
        actor=request.user,
        action="cohort.csv_exported",
        person=None,
        detail=f"{cohort.name}: names, emails and progress of {count} "
        f"learner{'' if count == 1 else 's'}",
        request=request,
    )
    modules = selectors.modules_of(cohort)
    slug = re.sub(r"[^a-z0-9]+", "-", cohort.name.lower()).strip("-") or "cohort"
    response = StreamingHttpResponse(
        exports.csv_lines(
            modules=modules,
            chunks=selectors.cohort_export_chunks(cohort=cohort, modules=modules),
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-progress-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def cohort_remind(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    ids = [int(i) for i in request.POST.getlist("learners") if i.isdigit()]
    learners = selectors.members_by_id(cohort=cohort, ids=ids)
    if not learners:
        messages.error(request, "Choose at least one learner to remind.")
        return redirect("cohorts:detail", cohort_id=cohort.pk)
    # Someone who has finished the course has no next step: a reminder would send them back
    # to the course they completed.
    finished = selectors.finished_learner_ids(cohort=cohort, learners=learners)
    skipped = [(u, "they have finished the course") for u in learners if u.pk in finished]
    learners = [u for u in learners if u.pk not in finished]
    if learners:
        steps = selectors.next_steps_for(cohort=cohort, learners=learners)
        report = services.nudges_send(
            cohort=cohort, learners=learners, sent_by=request.user, next_steps=steps
        )
        if report.sent:
            names = ", ".join(u.name for u in report.sent)
            messages.success(request, f"Reminder sent to {names}.")
        skipped += report.skipped
    for learner, reason in skipped:
        messages.warning(request, f"Not sent to {learner.name}: {reason}.")
    return redirect("cohorts:detail", cohort_id=cohort.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort_settings(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The cohort's own settings for its facilitators (programme admins also have the admin)."""
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    if request.method == "POST":
        form = CohortSettingsForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["stalled_after_days"]
            services.cohort_settings_update(cohort=cohort, stalled_after_days=days)
            messages.success(
                request,
                f"Saved. Learners who have had no activity for {days} "
                f"day{'' if days == 1 else 's'} or more are now shown as stalled.",
            )
            return redirect("cohorts:detail", cohort_id=cohort.pk)
    else:
        form = CohortSettingsForm(initial={"stalled_after_days": cohort.stalled_after_days})
    return render(
        request,
        "cohorts/cohort_settings.html",
        {"cohort": cohort, "form": form, "breadcrumbs": _crumbs(cohort)},
    )


@login_required
@submit_once("cohorts.invitations")
def cohort_invitations(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    form = InvitationForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("csv_file")
        parsed = services.invitation_addresses_parse(
            text=form.cleaned_data.get("addresses", ""),
            csv_bytes=upload.read() if upload else None,
        )
        created = services.invitations_create(
            cohort=cohort, addresses=parsed.valid, invited_by=request.user
        )
        report = {
            "invited": created.valid,
            "already": created.already,
            "too_soon": created.too_soon,
            "problems": parsed.problems,
        }
        if created.valid:
            count = len(created.valid)
            messages.success(request, f"{count} invitation{'' if count == 1 else 's'} sent.")
            if not parsed.problems and not created.already and not created.too_soon:
                return redirect("cohorts:invitations", cohort_id=cohort.pk)
        form = InvitationForm(
            initial={"addresses": "\n".join(raw for _, raw, _ in parsed.problems if raw)}
        )
    invitations = list(cohort.invitations.select_related("accepted_by")[:200])
    return render(
        request,
        "cohorts/invitations.html",
        {
            "cohort": cohort,
            "form": form,
            "report": report,
            "invitations": invitations,
            "now": timezone.now(),
            "breadcrumbs": _crumbs(cohort),
        },
    )


@require_POST
@login_required
def cohort_rotate_code(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    services.join_code_rotate(cohort=cohort)
    messages.success(request, "The join link has changed. The old link no longer works.")
    return redirect("cohorts:invitations", cohort_id=cohort.pk)


@require_POST
@login_required
def learner_remove(request: HttpRequest, cohort_id: int, learner_id: int) -> HttpResponse:
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=STAFF), "cohort"
    )
    membership = (
        Membership.objects.filter(cohort=cohort, user_id=learner_id, ended_at__isnull=True)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404("No such learner in this cohort")
    services.membership_end(membership=membership, ended_by=request.user)
    announce_staff_action(
        actor=request.user,
        action="cohort.learner_removed",
        person=membership.user,
        detail=f"Removed from {cohort.name}",
        request=request,
    )
    messages.success(
        request,
        f"{membership.user.name} has left {cohort.name}. Their own progress and journal are kept.",
    )
    return redirect("cohorts:detail", cohort_id=cohort.pk)


@require_POST
@login_required
def cohort_leave(request: HttpRequest, cohort_id: int) -> HttpResponse:
    assert request.user.is_authenticated  # login_required
    cohort, _ = _or_404(
        selectors.cohort_for(user=request.user, cohort_id=cohort_id, roles=(selectors.MEMBER,)),
        "cohort",
    )
    membership = Membership.objects.get(cohort=cohort, user=request.user, ended_at__isnull=True)
    services.membership_end(membership=membership)
    messages.success(
        request,
        f"You have left {cohort.name}. Your progress and journal are kept, and anything you "
        "shared with the cohort has been taken back.",
    )
    return redirect("learning:dashboard")


# --- joining -------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """As typed, forgiving case, spaces and dashes (learning.codes); "" when it cannot be a
    join code, which matches no cohort."""
    return codes.normalise_code(code, length=JOIN_CODE_LENGTH) or ""


def _join_context(request: HttpRequest, code: str) -> dict:
    """A personal invitation is found by its token alone, so it keeps working after the
    cohort's public join code is rotated; without one, the code must be current."""
    invitation = None
    token = request.GET.get("invitation") or request.POST.get("invitation") or ""
    if token:
        invitation = (
            Invitation.objects.select_related("cohort", "cohort__course")
            .filter(token=token[:64])
            .first()
        )
        cohort = invitation.cohort if invitation else None
    else:
        cohort = (
            Cohort.objects.select_related("course").filter(join_code=normalise_code(code)).first()
        )
    return {"cohort": cohort, "invitation": invitation, "token": token, "code": code}


def join(request: HttpRequest, code: str) -> HttpResponse:
    """/join/<code>/: see the cohort, then join it (signing up or logging in on the way)."""
    context = _join_context(request, code)
    cohort, invitation = context["cohort"], context["invitation"]
    if cohort is None or (context["token"] and invitation is None):
        return render(request, "cohorts/join_unknown.html", context, status=404)
    if invitation is not None and invitation.accepted_at is None and invitation.is_expired:
        return render(
            request, "cohorts/join_unknown.html", {**context, "expired": True}, status=410
        )
    user = request.user
    if user.is_authenticated:
        membership = Membership.objects.filter(cohort=cohort, user=user).first()
        context["member"] = membership is not None and membership.is_active
        if invitation is not None and invitation.email.lower() not in {
            # allauth's relation: allauth has no type information, so mypy cannot see it
            e.lower()
            for e in user.emailaddress_set.values_list("email", flat=True)  # type: ignore[attr-defined]
        } | {user.email.lower()}:
            context["someone_else"] = True
    if request.method == "POST":
        if not user.is_authenticated:
            request.session[PENDING_JOIN] = {
                "cohort": cohort.pk,
                "code": cohort.join_code,
                "invitation": invitation.token if invitation else "",
            }
            target = "account_login" if request.POST.get("have_account") else "account_signup"
            return redirect(f"{_url(target)}?{urlencode({'next': request.get_full_path()})}")
        # Someone joining as themselves from another person's invitation leaves it unused.
        return _join_now(request, cohort, None if context.get("someone_else") else invitation)
    return render(request, "cohorts/join.html", {**context, "breadcrumbs": []})


def _url(name: str) -> str:
    return reverse(name)


def _join_now(request: HttpRequest, cohort: Cohort, invitation: Invitation | None) -> HttpResponse:
    try:
        services.cohort_join(cohort=cohort, user=request.user, invitation=invitation)
    except services.JoinRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(cohort.join_path())
    messages.success(
        request, f"You have joined {cohort.name}. You are enrolled on {cohort.course.title}."
    )
    return redirect(cohort.course.get_url(request))


def join_pending_after_login(request: HttpRequest, user) -> str | None:
    """Registered as `camino_after_login`: someone who pressed "Join" before they had an
    account lands in the cohort as soon as they have logged in."""
    pending = request.session.pop(PENDING_JOIN, None)
    if not pending:
        return None
    invitation = None
    if pending.get("invitation"):
        invitation = (
            Invitation.objects.select_related("cohort", "cohort__course")
            .filter(token=pending["invitation"])
            .first()
        )
        cohort = invitation.cohort if invitation else None
    else:
        cohort = Cohort.objects.select_related("course").filter(join_code=pending["code"]).first()
    if cohort is None:
        return None
    if invitation is not None:
        # Someone who opened another person's invitation and then logged in is shown the
        # invitation again (with its "join as yourself instead" choice); it is not used up.
        emails = {e.lower() for e in user.emailaddress_set.values_list("email", flat=True)}
        if invitation.email.lower() not in emails | {user.email.lower()}:
            return f"{cohort.join_path()}?invitation={invitation.token}"
    try:
        services.cohort_join(cohort=cohort, user=user, invitation=invitation)
    except services.JoinRefused as refusal:
        messages.error(request, str(refusal))
        return cohort.join_path()
    messages.success(
        request, f"You have joined {cohort.name}. You are enrolled on {cohort.course.title}."
    )
    return cohort.course.get_url(request)
