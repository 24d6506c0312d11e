"""The journal's views. Every one answers 404 for an entry the person may not read, and every
response carries `Cache-Control: private, no-store`."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cohorts.models import Cohort
from learning.models import Capability, Enrolment, ModulePage, Stage
from learning.privacy import never_stored
from learning.selectors import module_journey
from learning.staff_actions import announce_staff_action
from learning.submissions import submit_once
from learning.views import after_stage_response
from reflections import exports, selectors, services
from reflections.forms import CommentForm, EntryForm, JournalFilterForm, ShareForm
from reflections.models import JournalExport, Share
from reflections.sanitise import rich_text_clean

logger = logging.getLogger(__name__)
# Ids past this cannot exist; SQLite raises on them rather than finding nothing.
MAX_ID = 2**63 - 1

# The "What? So what? Now what?" template: headings to write under, at level 2 (under the
# page's title), and what each one asks, shown as hint text beside the editor and never saved
# into the entry.
WHAT_SO_WHAT_NOW_WHAT_GUIDANCE = (
    ("What?", "What happened? What did you do, see or hear?"),
    ("So what?", "Why does it matter? What did you learn about yourself or others?"),
    ("Now what?", "What will you do next, or differently?"),
)
WHAT_SO_WHAT_NOW_WHAT = "".join(
    f"<h2>{heading}</h2><p><br></p>" for heading, _ in WHAT_SO_WHAT_NOW_WHAT_GUIDANCE
)


private = never_stored  # the journal: learning.privacy


def _or_404(found, what: str):
    """Selectors answer None for what is not there (or not this person's); views answer 404."""
    if found is None:
        raise Http404(f"No such {what}")
    return found


def _entry_url(entry_id: int, fragment: str) -> str:
    """An entry's page, at one of its shares or comments."""
    return f"{reverse('reflections:detail', args=[entry_id])}#{fragment}"


def _crumbs(extra: list | None = None) -> list[dict]:
    return [{"title": "Journal", "url": reverse("reflections:journal")}, *(extra or [])]


@private
@require_safe
@login_required
def journal(request: HttpRequest) -> HttpResponse:
    choices = selectors.journal_filter_choices(owner=request.user)
    form = JournalFilterForm(request.GET or None, choices=choices)
    filters = selectors.journal_filters_from(request.GET)
    page = selectors.journal_page(
        owner=request.user, filters=filters, page=request.GET.get("page", 1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reflections/journal.html",
        {
            "latest_export": selectors.latest_export(owner=request.user),
            "page_obj": page,
            "filter_form": form,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "query": query.urlencode(),
            "breadcrumbs": [],
        },
    )


def _capability_queryset(*, owner, module: ModulePage | None):
    frameworks: list[int] | QuerySet[Any, Any]  # their ids, or a subquery of them
    if module is not None:
        course = module.get_parent().specific
        frameworks = [course.framework_id] + (
            [module.second_framework_id] if module.second_framework_id else []
        )
    else:
        frameworks = Enrolment.objects.filter(user=owner).values("course__framework_id")
    return (
        Capability.objects.filter(theme__framework_id__in=frameworks)
        .select_related("theme")
        .order_by("theme__framework_id", "theme__sort_order", "sort_order")
    )


def _module_from(request: HttpRequest) -> ModulePage | None:
    module_id = request.GET.get("module") or request.POST.get("module")
    if not module_id:
        return None
    if not str(module_id).isdigit():
        raise Http404("No such module")
    module = ModulePage.objects.live().filter(pk=int(module_id)).first()
    if module is None:
        raise Http404("No such module")
    return module


def _prefill(module: ModulePage | None, template: str | None) -> str:
    if template == "wsn":
        return WHAT_SO_WHAT_NOW_WHAT
    if module is not None and module.reflect_prompts:
        return "".join(f"<h2>{escape(p.value)}</h2><p><br></p>" for p in module.reflect_prompts)
    return ""


def _guide(form: EntryForm, template: str | None) -> EntryForm:
    """The template's guidance as the body's hint (before the form's fields are bound)."""
    if template == "wsn":
        form.fields["body"].help_text = format_html(
            '{} What to write under each heading:<ul class="camino-guidance">{}</ul>',
            form.fields["body"].help_text,
            format_html_join("", "<li><strong>{}</strong> {}</li>", WHAT_SO_WHAT_NOW_WHAT_GUIDANCE),
        )
    return form


@private
@login_required
@submit_once("reflections.entry_new")
def entry_new(request: HttpRequest) -> HttpResponse:
    module = _module_from(request)
    template = request.GET.get("template")
    capabilities = _capability_queryset(owner=request.user, module=module)
    if request.method == "POST":
        form = _guide(EntryForm(request.POST, capability_queryset=capabilities), template)
        if form.is_valid():
            data = form.cleaned_data
            before = module_journey(module=module, user=request.user) if module else None
            entry = services.entry_create(
                owner=request.user,
                title=data["title"],
                body=data["body"],
                stage=data["stage"],
                module=module,
                capability_ids=[c.pk for c in data.get("capabilities") or []],
                body_is_html=form.body_is_html(),
            )
            saved = f"journal-saved:new:{module.pk if module else 'free'}:{request.user.pk}"
            if module is not None and before is not None and entry.stage_marked:
                # On to Share, where the new entry is offered first (learning.views).
                return after_stage_response(
                    request,
                    module=module,
                    before=before,
                    message="Your reflection is saved in your journal. Reflect is done.",
                    extra_tags=saved,
                    prefer=Stage.SHARE,
                )
            messages.success(request, "Your entry is saved.", extra_tags=saved)
            return redirect("reflections:detail", entry_id=entry.pk)
    else:
        form = EntryForm(
            initial={
                "body": _prefill(module, template),
                "stage": request.GET.get("stage")
                if request.GET.get("stage") in Stage.values
                else Stage.REFLECT,
                "title": f"Reflection: {module.title}" if module else "",
                "body_format": "html" if module or template else "text",
            },
            capability_queryset=capabilities,
        )
        _guide(form, template)
    return render(
        request,
        "reflections/entry_form.html",
        {
            "form": form,
            "module": module,
            "creating": True,
            "draft_key": f"new:{module.pk if module else 'free'}",
            "breadcrumbs": _crumbs(),
        },
    )


def _owner_page(
    request: HttpRequest, entry, *, form=None, form_share_id=None, status: int = 200
) -> HttpResponse:
    """The owner's page for their entry: the text, its shares and every conversation. A
    rejected comment comes back in its own share's form with what was typed."""
    shares = selectors.shares_of_owner(entry=entry)
    for share in shares:
        share.facilitator_ids = {f.pk for f in share.cohort.facilitators.all()}
        share.conversation = selectors.conversation(
            share=share, reader=request.user, role=selectors.OWNER
        )
        share.comment_form = (
            form
            if share.pk == form_share_id
            else CommentForm(role="owner", auto_id=f"share-{share.pk}-%s")
        )
    return render(
        request,
        "reflections/entry_detail.html",
        {"entry": entry, "shares": shares, "breadcrumbs": _crumbs()},
        status=status,
    )


def _shared_page(
    request: HttpRequest, view, *, form=None, form_share_id=None, status: int = 200
) -> HttpResponse:
    """A shared entry as its cohort's members and facilitators read it, with the
    conversation each may see and, where they may add to it, the form."""
    for share in view.shares:
        role = view.role_in(share)
        share.facilitator_ids = {f.pk for f in share.cohort.facilitators.all()}
        share.reader_role = role
        share.conversation = selectors.conversation(share=share, reader=request.user, role=role)
        # A rejected response comes back in its form (with why), even if responses are off.
        share.can_respond = (
            role == selectors.FACILITATOR or share.responses_allowed or share.pk == form_share_id
        )
        share.comment_form = (
            form
            if share.pk == form_share_id
            else CommentForm(role=role, auto_id=f"share-{share.pk}-%s")
        )
    first = view.shares[0]
    return render(
        request,
        "reflections/entry_shared.html",
        {
            "view": view,
            "entry": view.entry,
            "breadcrumbs": [
                {"title": "Cohorts", "url": reverse("cohorts:list")},
                {
                    "title": first.cohort.name,
                    "url": reverse("cohorts:detail", args=[first.cohort_id]),
                },
            ],
        },
        status=status,
    )


def _owned_entry(request: HttpRequest, entry_id: int):
    if not request.user.is_authenticated or entry_id > MAX_ID:
        return None
    return (
        selectors.owner_entries(owner=request.user, filters=selectors.JournalFilters())
        .filter(pk=entry_id)
        .first()
    )


@private
@require_safe
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _owned_entry(request, entry_id)
    if entry is not None:
        return _owner_page(request, entry)
    return _shared_page(
        request,
        _or_404(selectors.entry_shared_with(reader=request.user, entry_id=entry_id), "entry"),
    )


@private
@login_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _or_404(selectors.entry_of_owner(owner=request.user, entry_id=entry_id), "entry")
    capabilities = _capability_queryset(owner=request.user, module=entry.module)
    conflict = None
    if request.method == "POST":
        form = EntryForm(request.POST, capability_queryset=capabilities)
        if form.is_valid():
            data = form.cleaned_data
            # The version the person last saw: the original, or (after comparing both
            # versions and choosing theirs) the one shown on the comparison page. If the entry
            # moved on again since then, they are shown the comparison again.
            expected = data.get("version")
            if expected is None:
                expected = -1
            try:
                services.entry_update(
                    entry=entry,
                    expected_version=expected,
                    title=data["title"],
                    body=data["body"],
                    stage=data["stage"],
                    capability_ids=[c.pk for c in data.get("capabilities") or []],
                    body_is_html=form.body_is_html(),
                )
            except services.StaleEdit as stale:
                conflict = {
                    "saved": stale.current,
                    "yours_html": rich_text_clean(data["body"], is_html=form.body_is_html()),
                    "yours_title": data["title"],
                }
                data_again = request.POST.copy()
                data_again["version"] = str(stale.current.version)
                form = EntryForm(data_again, capability_queryset=capabilities)
                form.is_valid()
            else:
                messages.success(
                    request,
                    "Your changes are saved.",
                    extra_tags=f"journal-saved:entry:{entry.pk}:{request.user.pk}",
                )
                return redirect("reflections:detail", entry_id=entry.pk)
    else:
        form = EntryForm(
            initial={
                "title": entry.title,
                "body": entry.body,
                "stage": entry.stage,
                "capabilities": list(entry.capabilities.all()),
                "version": entry.version,
                "body_format": "html",
            },
            capability_queryset=capabilities,
        )
    return render(
        request,
        "reflections/entry_form.html",
        {
            "form": form,
            "entry": entry,
            "module": entry.module,
            "conflict": conflict,
            "draft_key": f"entry:{entry.pk}",
            "breadcrumbs": _crumbs(
                [{"title": entry.title, "url": reverse("reflections:detail", args=[entry.pk])}]
            ),
        },
        status=409 if conflict else 200,
    )


@private
@login_required
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _or_404(selectors.entry_of_owner(owner=request.user, entry_id=entry_id), "entry")
    if request.method == "POST":
        services.entry_delete(entry=entry)
        messages.success(request, "The entry is deleted, with anything shared and every comment.")
        return redirect("reflections:journal")
    return render(
        request,
        "reflections/entry_delete.html",
        {
            "entry": entry,
            "active_shares": entry.shares.filter(withdrawn_at__isnull=True).count(),
            "breadcrumbs": _crumbs(
                [{"title": entry.title, "url": reverse("reflections:detail", args=[entry.pk])}]
            ),
        },
    )


@private
@login_required
@submit_once("reflections.entry_share")
def entry_share(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Share with one of the learner's cohorts (preselected when there is only one), showing
    what will be shared. Reached from a module's Share stage (`?from=module`), sharing leads on
    through the module as its stage buttons do; from the journal, back to the entry."""
    entry = _or_404(selectors.entry_of_owner(owner=request.user, entry_id=entry_id), "entry")
    cohorts = selectors.cohorts_to_share_with(owner=request.user)
    module = None
    if request.GET.get("from") == "module" and entry.module_id is not None:
        module = ModulePage.objects.live().filter(pk=entry.module_id).first()
    initial = {"cohort": cohorts[0].pk} if len(cohorts) == 1 else None
    form = ShareForm(request.POST or None, cohorts=cohorts, initial=initial)
    if request.method == "POST":
        cohort_id = request.POST.get("cohort", "")
        if cohort_id.isdigit() and int(cohort_id) not in {c.pk for c in cohorts}:
            raise Http404("No such cohort")
        if form.is_valid():
            cohort = Cohort.objects.get(pk=form.cleaned_data["cohort"])
            before = module_journey(module=module, user=request.user) if module else None
            try:
                services.entry_share(
                    entry=entry,
                    cohort=cohort,
                    by=request.user,
                    responses_allowed=form.cleaned_data["responses_allowed"],
                )
            except services.ShareRefused as refused:
                raise Http404("No such cohort") from refused
            message = (
                f"Shared with {cohort.name}. Its members and facilitators can read it until you "
                "take it back."
            )
            if module is not None and before is not None:
                return after_stage_response(request, module=module, before=before, message=message)
            messages.success(request, message)
            return redirect("reflections:detail", entry_id=entry.pk)
    return render(
        request,
        "reflections/entry_share.html",
        {
            "entry": entry,
            "form": form,
            "cohorts": cohorts,
            "module": module,
            "breadcrumbs": _crumbs(
                [{"title": entry.title, "url": reverse("reflections:detail", args=[entry.pk])}]
            ),
        },
    )


@private
@require_POST
@login_required
def share_withdraw(request: HttpRequest, entry_id: int, share_id: int) -> HttpResponse:
    entry = _or_404(selectors.entry_of_owner(owner=request.user, entry_id=entry_id), "entry")
    share = Share.objects.filter(pk=share_id, entry=entry).select_related("cohort").first()
    if share is None:
        raise Http404("No such share")
    services.share_withdraw(share=share, by=request.user)
    messages.success(request, f"Taken back. {share.cohort.name} can no longer see this entry.")
    return redirect("reflections:detail", entry_id=entry.pk)


def _share_for(entry_id: int, share_id: int) -> Share:
    if max(entry_id, share_id) > MAX_ID:
        raise Http404("No such entry")
    share = (
        Share.objects.filter(pk=share_id, entry_id=entry_id)
        .select_related("entry", "entry__owner", "cohort")
        .first()
    )
    if share is None:
        raise Http404("No such entry")
    return share


@private
@require_POST
@login_required
@submit_once("reflections.comment_add")
def comment_add(request: HttpRequest, entry_id: int, share_id: int) -> HttpResponse:
    """The owner replies; the cohort's facilitators comment; its members respond while the
    owner allows it. Anything refused comes back with what was typed."""
    share = _share_for(entry_id, share_id)
    role = selectors.comment_role(share=share, user=request.user)
    if role is None:
        raise Http404("No such entry")
    form = CommentForm(request.POST, role=role, auto_id=f"share-{share.pk}-%s")
    if share.withdrawn_at is not None:
        # The entry no longer exists for anyone but its owner: say so, show none of it, and
        # give the writer their words back.
        return render(
            request,
            "reflections/comment_refused.html",
            {
                "typed": request.POST.get("body", ""),
                "owner_name": share.entry.owner.name,
                "is_owner": role == selectors.OWNER,
            },
            status=409,
        )
    error = None
    if form.is_valid():
        try:
            comment = services.comment_add(
                share=share,
                author=request.user,
                body=form.cleaned_data["body"],
                facilitators_only=form.cleaned_data.get("facilitators_only", False),
                role=role,
            )
        except services.CommentRefused as refused:
            error = str(refused)
        else:
            added = {"owner": "reply", "facilitator": "comment"}.get(role, "response")
            messages.success(request, f"Your {added} is added.")
            return redirect(_entry_url(share.entry_id, f"comment-{comment.pk}"))
    if error:
        form.add_error("body", error)
    if role == selectors.OWNER:
        entry = _owned_entry(request, entry_id)
        return _owner_page(request, entry, form=form, form_share_id=share.pk, status=400)
    view = _or_404(selectors.entry_shared_with(reader=request.user, entry_id=entry_id), "entry")
    return _shared_page(request, view, form=form, form_share_id=share.pk, status=400)


@private
@require_POST
@login_required
def share_responses(request: HttpRequest, entry_id: int, share_id: int) -> HttpResponse:
    """The owner lets the cohort's members respond, or stops them."""
    share = _share_for(entry_id, share_id)
    entry = _or_404(selectors.entry_of_owner(owner=request.user, entry_id=entry_id), "entry")
    allowed = request.POST.get("allowed") == "yes"
    services.share_responses_set(share=share, allowed=allowed)
    if allowed:
        messages.success(request, f"Members of {share.cohort.name} can respond to this entry.")
    else:
        messages.success(
            request,
            f"Members of {share.cohort.name} can no longer respond. What they wrote stays "
            "unless you remove it; facilitators can still comment.",
        )
    return redirect(_entry_url(entry.pk, f"share-{share.pk}"))


def _comment_for(entry_id: int, comment_id: int):
    from reflections.models import Comment

    if max(entry_id, comment_id) > MAX_ID:
        raise Http404("No such comment")
    comment = (
        Comment.objects.filter(pk=comment_id, share__entry_id=entry_id)
        .select_related("share", "share__entry", "share__cohort", "author")
        .first()
    )
    if comment is None:
        raise Http404("No such comment")
    return comment


@private
@require_POST
@login_required
def comment_remove(request: HttpRequest, entry_id: int, comment_id: int) -> HttpResponse:
    """The entry's owner removes any comment on it; its author may take their own back."""
    comment = _comment_for(entry_id, comment_id)
    share = comment.share
    role = selectors.comment_role(share=share, user=request.user)
    mine = comment.author_id == request.user.pk
    if role is None or not (role == selectors.OWNER or mine):
        raise Http404("No such comment")
    if share.withdrawn_at is not None and role != selectors.OWNER:
        raise Http404("No such comment")
    services.comment_remove(comment=comment)
    messages.success(request, "The comment is removed." if not mine else "Your comment is removed.")
    return redirect(_entry_url(entry_id, f"share-{share.pk}"))


@private
@require_POST
@login_required
def comment_hide(request: HttpRequest, entry_id: int, comment_id: int) -> HttpResponse:
    """A facilitator of the share's cohort hides a comment (with a reason its author sees), or
    shows it again."""
    comment = _comment_for(entry_id, comment_id)
    share = comment.share
    role = selectors.comment_role(share=share, user=request.user)
    if role != selectors.FACILITATOR or share.withdrawn_at is not None:
        raise Http404("No such comment")
    if comment.author_id == request.user.pk:
        raise Http404("No such comment")
    if request.POST.get("action") == "show":
        services.comment_show(comment=comment)
        announce_staff_action(
            actor=request.user,
            action="comment.shown",
            person=comment.author,
            detail=f"Their comment on a reflection shared with {share.cohort.name}",
            request=request,
        )
        messages.success(request, "The comment can be seen again.")
        return redirect(_entry_url(entry_id, f"comment-{comment.pk}"))
    try:
        services.comment_hide(
            comment=comment, by=request.user, reason=request.POST.get("reason", "")
        )
    except services.CommentRefused as refused:
        view = _or_404(selectors.entry_shared_with(reader=request.user, entry_id=entry_id), "entry")
        return render(
            request,
            "reflections/comment_hide.html",
            {
                "view": view,
                "comment": comment,
                "error": str(refused),
                "typed": request.POST.get("reason", ""),
                "breadcrumbs": [{"title": "Cohorts", "url": reverse("cohorts:list")}],
            },
            status=400,
        )
    announce_staff_action(
        actor=request.user,
        action="comment.hidden",
        person=comment.author,
        detail=f"Their comment on a reflection shared with {share.cohort.name}",
        request=request,
    )
    messages.success(request, "The comment is hidden. Its author can see your reason.")
    return redirect(_entry_url(entry_id, f"comment-{comment.pk}"))


# A journal PDF is made while the learner waits only when it is small on both counts below;
# any other is made in the background (`JournalExport`), so no one waits long and no web
# worker is held. Measured on this project's 2-core machine (December 2026, through the view,
# the CPU time of the request, which is what a quiet machine takes; wall time on a machine
# busy with five other jobs was 3-5x that):
#   entries like the demo's (about 560 characters with their comments; a third shared, with
#   two comments each): 1 entry 86 ms, 10 entries 335 ms, 15 entries 510 ms, 20 entries
#   630 ms, 50 entries 1,776 ms;
#   long entries: 4 of 5,000 characters 315 ms, 2 of 10,000 characters 266 ms.
# So each entry costs about 30 ms and each 1,000 characters about 13 ms. A busy machine is
# 2-3x slower than a quiet one, so an in-request PDF should take at most 0.5 s quiet to stay
# under 1.5 s busy: 10 entries, and at most 15,000 characters (titles, text and the comments
# printed), whose worst case (10 entries holding 15,000 characters) is about 0.5 s quiet.
# Characters matter as well as entries: one entry may hold 50,000 (BODY_MAX_CHARACTERS).
# `make bench` (tests/benchmarks/export_cases.py) measures the PDF at both limits.
PDF_IN_REQUEST_MAX_ENTRIES = 10
PDF_IN_REQUEST_MAX_CHARACTERS = 15_000


@private
@login_required
@require_http_methods(["GET", "POST"])
@submit_once("reflections.journal_export")
def journal_export(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("format", "pdf")
    if kind not in exports.FORMATS:
        raise Http404("No such format")
    entries = selectors.owner_entries(
        owner=request.user,
        filters=selectors.journal_filters_from(request.GET),
        conversations=True,
    )
    query = request.GET.copy()
    for name in ("format", "page"):
        query.pop(name, None)
    in_request = None
    if kind == "pdf":
        count = entries.count()
        if count <= PDF_IN_REQUEST_MAX_ENTRIES:
            # At most that many entries are read; if they hold too much text, the background.
            in_request = list(entries)
            if exports.pdf_characters(in_request) > PDF_IN_REQUEST_MAX_CHARACTERS:
                in_request = None
        if in_request is None:
            if request.method == "POST":
                export = services.journal_export_request(
                    owner=request.user, query=query.urlencode(), entry_count=count
                )
                return redirect("reflections:export_status", export_id=export.pk)
            return render(
                request,
                "reflections/export_prepare.html",
                {
                    "count": count,
                    "query": query.urlencode(),
                    "kept_hours": selectors.EXPORT_KEPT_HOURS,
                    "breadcrumbs": _crumbs(),
                },
            )
    if request.method == "POST":  # only a long PDF is asked for by POST
        return redirect(request.get_full_path())
    if in_request is None:
        in_request = list(entries)
    return exports.respond(kind=kind, owner=request.user, entries=in_request)


@private
@require_safe
@login_required
def export_status(request: HttpRequest, export_id) -> HttpResponse:
    export = _or_404(selectors.owner_export(owner=request.user, export_id=export_id), "export")
    size = None
    if export.status == JournalExport.Status.READY and export.file:
        try:
            size = export.file.size
        except OSError:
            size = None
    return render(
        request,
        "reflections/export_status.html",
        {
            "export": export,
            "size": size,
            "expires_at": export.created_at + timedelta(hours=selectors.EXPORT_KEPT_HOURS),
            "kept_hours": selectors.EXPORT_KEPT_HOURS,
            "breadcrumbs": _crumbs(),
        },
    )


@private
@require_safe
@login_required
def export_download(request: HttpRequest, export_id) -> HttpResponseBase:
    export = _or_404(selectors.owner_export(owner=request.user, export_id=export_id), "export")
    if export.status != JournalExport.Status.READY or not export.file:
        return redirect("reflections:export_status", export_id=export.pk)
    try:
        stored = export.file.open("rb")
    except OSError:  # the file is gone from storage: say so, and offer to make it again
        logger.warning("Journal export %s has lost its file", export.pk)
        services.journal_export_lost(export=export)
        return redirect("reflections:export_status", export_id=export.pk)
    day = timezone.localtime(export.finished_at or export.created_at)
    return FileResponse(
        stored,
        as_attachment=True,
        filename=f"camino-journal-{day:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
