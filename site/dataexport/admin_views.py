"""A subject access request: a programme admin makes a copy of a person's data from the
Wagtail admin (a button on the person's page and in the users listing). Programme admins only
(`camino.export_personal_data`); to anyone else these pages do not exist (404). A superuser's
data is exported by superusers only, as only they may change a superuser's account. The copy
downloads for the admin who made it, nobody else, and the act is announced to the audit trail
(`camino_staff_action`, action `account.data_exported`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from camino.dataexport import selectors, services
from camino.dataexport.models import DataExport
from camino.dataexport.views import download_response, expires_at, private

PERMISSION = "camino.export_personal_data"
LARGEST_ID = 2**63 - 1


def _or_404(found, what: str):
    """Selectors answer None for what is not there (or not this person's); views answer 404."""
    if found is None:
        raise Http404(f"No such {what}")
    return found


def may_export(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


def _require(request: HttpRequest) -> None:
    if not may_export(request.user):
        raise Http404("No such page")


def _person(request: HttpRequest, user_id: int):
    if not 0 < user_id <= LARGEST_ID:
        raise Http404("No such person")
    person = get_user_model().objects.filter(pk=user_id).first()
    if person is None or (person.is_superuser and not request.user.is_superuser):
        raise Http404("No such person")
    return person


@private
@require_http_methods(["GET", "POST"])
def person_export(request: HttpRequest, user_id: int) -> HttpResponse:
    _require(request)
    person = _person(request, user_id)
    if request.method == "POST":
        try:
            export = services.data_export_request(
                person=person, requested_by=request.user, request=request
            )
        except services.ExportInProgress:
            messages.error(
                request,
                f"A copy of {person.name or person.email}'s data is being prepared already. "
                "Wait a minute or two for it to finish, then ask again.",
            )
            return redirect("data_export_admin_person", user_id=person.pk)
        messages.success(
            request,
            "The copy is being made. This request is recorded in the audit trail. The copy "
            f"downloads for you only, and is deleted after {selectors.kept_days()} days.",
        )
        return redirect("data_export_admin_status", export_id=export.pk)
    exports = selectors.requested_for(requester=request.user, person=person)
    return TemplateResponse(
        request,
        "camino/dataexport/admin_person.html",
        {
            "person": person,
            "exports": [(e, expires_at(e)) for e in exports],
            "kept_days": selectors.kept_days(),
            "edit_url": reverse("wagtailusers_users:edit", args=[person.pk]),
        },
    )


def _admins(request: HttpRequest, export_id) -> DataExport:
    _require(request)
    export = _or_404(
        selectors.requester_export(requester=request.user, export_id=export_id), "export"
    )
    if export.reason != DataExport.Reason.SUBJECT_ACCESS:
        raise Http404("No such export")
    return export


@private
@require_safe
def export_status(request: HttpRequest, export_id) -> HttpResponse:
    export = _admins(request, export_id)
    return TemplateResponse(
        request,
        "camino/dataexport/admin_status.html",
        {"export": export, "person": export.person, "expires_at": expires_at(export)},
    )


@private
@require_safe
def export_download(request: HttpRequest, export_id) -> HttpResponseBase:
    export = _admins(request, export_id)
    if export.status != DataExport.Status.READY or not export.file:
        return redirect("data_export_admin_status", export_id=export.pk)
    return download_response(export) or redirect("data_export_admin_status", export_id=export.pk)
