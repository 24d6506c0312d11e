"""The journal's views. Every one answers 404 for an entry the person may not read, and every
response carries `Cache-Control: private, no-store`."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.defaults import page_not_found

from cohorts.models import Cohort
from learning.models import Capability, Enrolment, ModulePage, Stage
from learning.selectors import module_journey
from learning.views import after_stage_response
from reflections import exports, selectors, services
from reflections.forms import CommentForm, EntryForm, JournalFilterForm, ShareForm
from reflections.models import JournalExport, Share
from reflections.sanitise import rich_text_clean

logger = logging.getLogger(__name__)

WHAT_SO_WHAT_NOW_WHAT = (
    "<h3>What?</h3><p>What happened? What did you do, see or hear?</p><p><br></p>"
    "<h3>So what?</h3><p>Why does it matter? What did you learn about yourself or others?</p>"
    "<p><br></p><h3>Now what?</h3><p>What will you do next, or differently?</p><p><br></p>"
)


def private(view):
    """Journal pages are never stored by browsers or shared caches."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as missing:
            response = page_not_found(request, missing)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped


def _crumbs(extra: list | None = None) -> list[dict]:
    return [{"title": "Journal", "url": "/journal/"}, *(extra or [])]


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
        return "".join(f"<h3>{escape(p.value)}</h3><p><br></p>" for p in module.reflect_prompts)
    return ""


@private
@login_required
def entry_new(request: HttpRequest) -> HttpResponse:
    module = _module_from(request)
    capabilities = _capability_queryset(owner=request.user, module=module)
    if request.method == "POST":
        form = EntryForm(request.POST, capability_queryset=capabilities)
        if form.is_valid():
            data = form.cleaned_data
            was_complete = bool(
                module and module_journey(module=module, user=request.user).is_complete
            )
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
            if module is not None and entry.stage_marked:
                return after_stage_response(
                    request,
                    module=module,
                    was_complete=was_complete,
                    message="Your reflection is saved in your journal. Reflect is done.",
                    anchor=f"{module.get_url(request)}#stage-reflect",
                    extra_tags=saved,
                )
            messages.success(request, "Your entry is saved.", extra_tags=saved)
            return redirect("reflections:detail", entry_id=entry.pk)
    else:
        form = EntryForm(
            initial={
                "body": _prefill(module, request.GET.get("template")),
                "stage": request.GET.get("stage")
                if request.GET.get("stage") in Stage.values
                else Stage.REFLECT,
                "title": f"Reflection: {module.title}" if module else "",
                "body_format": "html" if module or request.GET.get("template") else "text",
            },
            capability_queryset=capabilities,
        )
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


@private
@require_safe
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    if request.user.is_authenticated:
        entry = (
            selectors.owner_entries(owner=request.user, filters=selectors.JournalFilters())
            .filter(pk=entry_id)
            .first()
        )
        if entry is not None:
            return render(
                request,
                "reflections/entry_detail.html",
                {
                    "entry": entry,
                    "shares": selectors.shares_of_owner(entry=entry),
                    "comment_form": CommentForm(),
                    "breadcrumbs": _crumbs(),
                },
            )
    view = selectors.entry_shared_with(reader=request.user, entry_id=entry_id)
    return render(
        request,
        "reflections/entry_shared.html",
        {
            "view": view,
            "entry": view.entry,
            "comment_form": CommentForm(),
            "breadcrumbs": [
                {"title": "Cohorts", "url": "/cohorts/"},
                {
                    "title": view.shares[0].cohort.name,
                    "url": f"/cohorts/{view.shares[0].cohort_id}/",
                },
            ],
        },
    )


@private
@login_required
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_of_owner(owner=request.user, entry_id=entry_id)
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
            "breadcrumbs": _crumbs([{"title": entry.title, "url": f"/journal/{entry.pk}/"}]),
        },
        status=409 if conflict else 200,
    )


@private
@login_required
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_of_owner(owner=request.user, entry_id=entry_id)
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
            "breadcrumbs": _crumbs([{"title": entry.title, "url": f"/journal/{entry.pk}/"}]),
        },
    )


@private
@login_required
def entry_share(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_of_owner(owner=request.user, entry_id=entry_id)
    cohorts = selectors.cohorts_to_share_with(owner=request.user)
    form = ShareForm(request.POST or None, cohorts=cohorts)
    if request.method == "POST":
        cohort_id = request.POST.get("cohort", "")
        if cohort_id.isdigit() and int(cohort_id) not in {c.pk for c in cohorts}:
            raise Http404("No such cohort")
        if form.is_valid():
            cohort = Cohort.objects.get(pk=form.cleaned_data["cohort"])
            try:
                services.entry_share(entry=entry, cohort=cohort, by=request.user)
            except services.ShareRefused as refused:
                raise Http404("No such cohort") from refused
            messages.success(
                request,
                f"Shared with {cohort.name}. Its members and facilitators can read it until you "
                "take it back.",
            )
            return redirect("reflections:detail", entry_id=entry.pk)
    return render(
        request,
        "reflections/entry_share.html",
        {
            "entry": entry,
            "form": form,
            "cohorts": cohorts,
            "breadcrumbs": _crumbs([{"title": entry.title, "url": f"/journal/{entry.pk}/"}]),
        },
    )


@private
@require_POST
@login_required
def share_withdraw(request: HttpRequest, entry_id: int, share_id: int) -> HttpResponse:
    entry = selectors.entry_of_owner(owner=request.user, entry_id=entry_id)
    share = Share.objects.filter(pk=share_id, entry=entry).select_related("cohort").first()
    if share is None:
        raise Http404("No such share")
    services.share_withdraw(share=share, by=request.user)
    messages.success(request, f"Taken back. {share.cohort.name} can no longer see this entry.")
    return redirect("reflections:detail", entry_id=entry.pk)


@private
@require_POST
@login_required
def comment_add(request: HttpRequest, entry_id: int, share_id: int) -> HttpResponse:
    """Facilitators of the cohort comment on a shared entry; the owner replies."""
    share = (
        Share.objects.filter(pk=share_id, entry_id=entry_id)
        .select_related("entry", "cohort")
        .first()
    )
    if share is None:
        raise Http404("No such entry")
    is_owner = share.entry.owner_id == request.user.pk
    is_facilitator = share.cohort.facilitators.filter(pk=request.user.pk).exists()
    if not (is_owner or (is_facilitator and share.withdrawn_at is None)):
        raise Http404("No such entry")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(share=share, author=request.user, body=form.cleaned_data["body"])
        except services.CommentRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, "Your comment is added.")
    else:
        messages.error(request, form.errors["body"][0])
    return redirect(f"/journal/{share.entry_id}/#share-{share.pk}")


# A PDF of up to this many entries is made while the learner waits (about a second); a longer
# one is made in the background (`JournalExport`), so no web worker is held for long.
PDF_IN_REQUEST_MAX_ENTRIES = 50


@private
@login_required
@require_http_methods(["GET", "POST"])
def journal_export(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("format", "pdf")
    if kind not in exports.FORMATS:
        raise Http404("No such format")
    entries = selectors.owner_entries(
        owner=request.user, filters=selectors.journal_filters_from(request.GET)
    )
    query = request.GET.copy()
    for name in ("format", "page"):
        query.pop(name, None)
    if kind == "pdf":
        count = entries.count()
        if count > PDF_IN_REQUEST_MAX_ENTRIES:
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
    return exports.respond(kind=kind, owner=request.user, entries=list(entries))


@private
@require_safe
@login_required
def export_status(request: HttpRequest, export_id) -> HttpResponse:
    export = selectors.owner_export(owner=request.user, export_id=export_id)
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
def export_download(request: HttpRequest, export_id) -> HttpResponse:
    export = selectors.owner_export(owner=request.user, export_id=export_id)
    if export.status != JournalExport.Status.READY or not export.file:
        return redirect("reflections:export_status", export_id=export.pk)
    try:
        stored = export.file.open("rb")
    except OSError:  # the file is gone from storage: say so, and offer to make it again
        logger.warning("Journal export %s has lost its file", export.pk)
        export.status = JournalExport.Status.FAILED
        export.save(update_fields=["status"])
        return redirect("reflections:export_status", export_id=export.pk)
    day = timezone.localtime(export.finished_at or export.created_at)
    return FileResponse(
        stored,
        as_attachment=True,
        filename=f"camino-journal-{day:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
