"""Wagtail admin screens of the learning plugin: the framework coverage report."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from learning.models import Capability, CoursePage, ModulePage


def _require_editor(request) -> None:
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied


@require_safe
def coverage_index(request):
    _require_editor(request)
    courses = CoursePage.objects.all().select_related("framework").order_by("title")
    return TemplateResponse(request, "learning/admin/coverage_index.html", {"courses": courses})


@require_safe
def coverage_report(request, course_id: int):
    """For one course: which capabilities each module develops, and which no module covers."""
    _require_editor(request)
    course = get_object_or_404(CoursePage.objects.select_related("framework"), pk=course_id)
    modules = list(
        ModulePage.objects.child_of(course).order_by("path").prefetch_related("capabilities")
    )
    capabilities = list(
        Capability.objects.filter(theme__framework=course.framework)
        .select_related("theme")
        .order_by("theme__sort_order", "sort_order")
    )
    rows = []
    covered: set[int] = set()
    for module in modules:
        mapped = {c.id for c in module.capabilities.all()}
        covered |= mapped
        rows.append(
            {
                "module": module,
                "cells": [c.id in mapped for c in capabilities],
                "count": len(mapped),
            }
        )
    uncovered = [c for c in capabilities if c.id not in covered]
    return TemplateResponse(
        request,
        "learning/admin/coverage_report.html",
        {
            "course": course,
            "capabilities": capabilities,
            "rows": rows,
            "uncovered": uncovered,
        },
    )


# --- certificates (programme admins) -------------------------------------------------------

from django import forms  # noqa: E402
from django.contrib import messages  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.http import Http404  # noqa: E402
from django.shortcuts import redirect  # noqa: E402

from learning.models import Certificate, NameChangeRequest  # noqa: E402
from learning.services import certificates as certificate_services  # noqa: E402


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being revoked?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the public verification page.",
        error_messages={"required": "Give a reason for revoking the certificate"},
    )


class ReissueForm(forms.Form):
    holder_name = forms.CharField(
        label="Name on the new certificate", max_length=200, required=True
    )
    note = forms.CharField(label="Note for the record (optional)", required=False)


class IssueForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Learner", queryset=get_user_model().objects.order_by("name", "email")
    )
    course = forms.ModelChoiceField(label="Course", queryset=CoursePage.objects.live())


def certificate_revoke(request, pk: int):
    _require(request, "learning.revoke_certificate")
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_services.certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
            )
        except certificate_services.CertificateRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Certificate {certificate.display_code} revoked.")
            return redirect("learning_certificates:inspect", pk)
    return TemplateResponse(
        request,
        "learning/admin/certificate_action.html",
        {"certificate": certificate, "form": form, "action": "Revoke", "danger": True},
    )


def certificate_reissue(request, pk: int):
    _require(request, "learning.reissue_certificate")
    certificate = get_object_or_404(Certificate, pk=pk)
    form = ReissueForm(request.POST or None, initial={"holder_name": certificate.holder_name})
    if request.method == "POST" and form.is_valid():
        try:
            new = certificate_services.certificate_reissue(
                certificate=certificate,
                by=request.user,
                holder_name=form.cleaned_data["holder_name"],
                note=form.cleaned_data["note"],
            )
        except certificate_services.CertificateRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                f"Reissued as {new.display_code}. The old code's page points to it.",
            )
            return redirect("learning_certificates:inspect", new.pk)
    return TemplateResponse(
        request,
        "learning/admin/certificate_action.html",
        {"certificate": certificate, "form": form, "action": "Reissue", "danger": False},
    )


def certificate_issue(request):
    _require(request, "learning.issue_certificate")
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_services.certificate_issue(
                user=form.cleaned_data["user"],
                course=form.cleaned_data["course"],
                issued_by=request.user,
            )
        except certificate_services.CertificateRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Certificate {certificate.display_code} issued.")
            return redirect("learning_certificates:inspect", certificate.pk)
    return TemplateResponse(
        request,
        "learning/admin/certificate_action.html",
        {"certificate": None, "form": form, "action": "Issue a certificate", "danger": False},
    )


def name_requests(request):
    _require(request, "learning.reissue_certificate")
    if request.method == "POST":
        request_id = request.POST.get("request", "")
        if not request_id.isdigit():
            raise Http404("No such request")
        name_request = get_object_or_404(NameChangeRequest, pk=int(request_id))
        approve = request.POST.get("decision") == "approve"
        try:
            new = certificate_services.name_change_decide(
                request=name_request, approve=approve, by=request.user
            )
        except certificate_services.CertificateRefused as refused:
            messages.error(request, str(refused))
        else:
            if new is not None:
                messages.success(request, f"Approved: reissued as {new.display_code}.")
            else:
                messages.success(request, "Declined.")
        return redirect("learning_name_requests")
    pending = NameChangeRequest.objects.filter(status="pending").select_related(
        "certificate", "certificate__user"
    )
    decided = NameChangeRequest.objects.exclude(status="pending").select_related(
        "certificate", "decided_by"
    )[:50]
    return TemplateResponse(
        request, "learning/admin/name_requests.html", {"pending": pending, "decided": decided}
    )
