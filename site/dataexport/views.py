"""A person's own data export, from their account pages: ask, wait (a page that says whether it
is ready, no JavaScript needed), download. Every answer is kept by no browser or cache."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from camino.dataexport import selectors, services
from camino.dataexport.models import DataExport
from learning.privacy import never_stored

logger = logging.getLogger(__name__)

IN_PROGRESS_MESSAGE = (
    "A copy of your data is being prepared already. It usually takes a minute or two: "
    "check below whether it is ready. You can ask for a newer one once it is done."
)


private = never_stored  # a person's data: learning.privacy


def _or_404(found, what: str):
    """Selectors answer None for what is not there (or not this person's); views answer 404."""
    if found is None:
        raise Http404(f"No such {what}")
    return found


def _own(request: HttpRequest, export_id) -> DataExport:
    export = _or_404(
        selectors.requester_export(requester=request.user, export_id=export_id), "export"
    )
    if export.person_id != request.user.pk:  # one a programme admin made: see the admin
        raise Http404("No such export")
    return export


def expires_at(export: DataExport):
    return export.created_at + timedelta(days=selectors.kept_days())


@private
@login_required
@require_http_methods(["GET", "POST"])
def data_export(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            export = services.data_export_request(
                person=request.user, requested_by=request.user, request=request
            )
        except services.ExportInProgress:
            messages.error(request, IN_PROGRESS_MESSAGE)
            return redirect("data_export")
        return redirect("data_export_status", export_id=export.pk)
    latest = selectors.own_latest_export(person=request.user)
    return render(
        request,
        "camino/dataexport/request.html",
        {
            "latest": latest,
            "expires_at": expires_at(latest) if latest else None,
            "kept_days": selectors.kept_days(),
        },
    )


@private
@login_required
@require_safe
def data_export_status(request: HttpRequest, export_id) -> HttpResponse:
    export = _own(request, export_id)
    size = None
    if export.status == DataExport.Status.READY and export.file:
        try:
            size = export.file.size
        except OSError:
            size = None
    return render(
        request,
        "camino/dataexport/status.html",
        {
            "export": export,
            "size": size,
            "expires_at": expires_at(export),
            "kept_days": selectors.kept_days(),
        },
    )


def download_response(export: DataExport) -> FileResponse | None:
    """The ZIP as an attachment, or None when its file is gone from storage (then it is
    marked as not made, so the person can ask again)."""
    try:
        stored = export.file.open("rb")
    except OSError:
        logger.warning("Data export %s has lost its file", export.pk)
        services.data_export_lost(export=export)
        return None
    day = timezone.localtime(export.finished_at or export.created_at)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=f"camino-data-{day:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@private
@login_required
@require_safe
def data_export_download(request: HttpRequest, export_id) -> HttpResponseBase:
    export = _own(request, export_id)
    if export.status != DataExport.Status.READY or not export.file:
        return redirect("data_export_status", export_id=export.pk)
    return download_response(export) or redirect("data_export_status", export_id=export.pk)
