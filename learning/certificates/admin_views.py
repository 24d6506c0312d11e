"""Programme admins' actions on certificates in the Wagtail admin: issue, revoke, reissue and
decide name corrections. Each is its own form so each is recorded as an event with who and
why; Wagtail's generic add, edit and delete are refused (permissions.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from learning.certificates import services as certificate_services
from learning.certificates.models import Certificate, NameChangeRequest
from learning.models import CoursePage


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
    _require(request, "certificates.revoke_certificate")
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
            return redirect("certificate_admin:inspect", pk)
    return TemplateResponse(
        request,
        "certificates/admin/certificate_action.html",
        {"certificate": certificate, "form": form, "action": "Revoke", "danger": True},
    )


def certificate_reissue(request, pk: int):
    _require(request, "certificates.reissue_certificate")
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
            return redirect("certificate_admin:inspect", new.pk)
    return TemplateResponse(
        request,
        "certificates/admin/certificate_action.html",
        {"certificate": certificate, "form": form, "action": "Reissue", "danger": False},
    )


def certificate_issue(request):
    _require(request, "certificates.issue_certificate")
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
            return redirect("certificate_admin:inspect", certificate.pk)
    return TemplateResponse(
        request,
        "certificates/admin/certificate_action.html",
        {"certificate": None, "form": form, "action": "Issue a certificate", "danger": False},
    )


def name_requests(request):
    _require(request, "certificates.reissue_certificate")
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
        return redirect("certificates_name_requests")
    pending = NameChangeRequest.objects.filter(
        status=NameChangeRequest.Status.PENDING
    ).select_related("certificate", "certificate__user")
    decided = NameChangeRequest.objects.exclude(
        status=NameChangeRequest.Status.PENDING
    ).select_related("certificate", "decided_by")[:50]
    return TemplateResponse(
        request, "certificates/admin/name_requests.html", {"pending": pending, "decided": decided}
    )
