"""Public certificate verification, the PDF, and the learner's "my name is wrong" request."""

from __future__ import annotations

from typing import TypeVar

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from learning import codes
from learning.certificates import selectors
from learning.certificates.forms import NameRequestForm
from learning.certificates.models import CODE_LENGTH, Certificate
from learning.certificates.pdf import certificate_pdf_render
from learning.certificates.services import (
    CertificateRefused,
    name_change_request,
)
from learning.codes import format_code
from learning.submissions import submit_once
from learning.views import LARGEST_ID

LOOKUPS_PER_MINUTE = 30  # per address; settings.CERTIFICATE_LOOKUPS_PER_MINUTE overrides


def normalise_code(raw: str) -> str | None:
    """Case, spaces and dashes forgiven; None when it cannot be a certificate code."""
    return codes.normalise_code(raw, length=CODE_LENGTH)


def _rate_limited(request: HttpRequest) -> bool:
    """Lookups are limited per address, so codes cannot be guessed by brute force. The
    address is the person's, found as allauth finds it for its own limits (behind a load
    balancer, from X-Forwarded-For and ALLAUTH_TRUSTED_PROXY_COUNT), and the count is kept in
    the shared cache, so the limit holds across workers and machines."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all: one shared count for all such requests
        address = "unknown"
    key = f"camino:certificate-lookups:{address}"
    cache.add(key, 0, 60)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 60)
        count = 1
    limit = getattr(settings, "CERTIFICATE_LOOKUPS_PER_MINUTE", LOOKUPS_PER_MINUTE)
    return count > limit


_Response = TypeVar("_Response", bound=HttpResponseBase)


def _noindex(response: _Response) -> _Response:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found(request: HttpRequest, typed: str) -> HttpResponse:
    return _noindex(
        render(
            request,
            "certificates/verify.html",
            {"typed": typed, "not_found": True},
            status=404,
        )
    )


@require_safe
def verify_form(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("code", "")
    if typed:
        code = normalise_code(typed)
        if code is None:
            return _not_found(request, typed)
        return redirect("certificates:certificate", code=format_code(code))
    return _noindex(render(request, "certificates/verify.html", {"typed": ""}))


def _lookup(request: HttpRequest, raw: str):
    if _rate_limited(request):
        return None, _noindex(render(request, "certificates/too_many.html", status=429))
    code = normalise_code(raw)
    certificate = (
        Certificate.objects.select_related("replaced_by").filter(code=code).first()
        if code
        else None
    )
    if certificate is None:
        return None, _not_found(request, raw[:40])
    return certificate, None


@require_safe
def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate, refusal = _lookup(request, code)
    if refusal is not None:
        return refusal
    current = certificate
    while current.replaced_by_id and current.replaced_by is not None:
        current = current.replaced_by
    check = None
    if settings.CREDENTIALS_ENABLED:
        from learning.certificates.credentials import credential_check, credential_for

        check = credential_check(credential_for(certificate))
    return _noindex(
        render(
            request,
            "certificates/certificate.html",
            {
                "certificate": certificate,
                "current": current if current != certificate else None,
                "check": check,
                "holder": request.user.is_authenticated and certificate.user_id == request.user.pk,
            },
        )
    )


@require_safe
def pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    certificate, refusal = _lookup(request, code)
    if refusal is not None:
        return refusal
    if certificate.status != Certificate.Status.VALID:
        return _noindex(
            render(
                request,
                "certificates/pdf_unavailable.html",
                {"certificate": certificate},
                status=410,
            )
        )
    if not certificate.pdf:
        certificate_pdf_render(certificate=certificate)
    try:
        stored = certificate.pdf.open("rb")
    except OSError:
        # The stored file has gone (a lost disk, a bucket emptied): render it again from the
        # certificate's frozen facts, as the first download would have.
        certificate_pdf_render(certificate=certificate, force=True)
        stored = certificate.pdf.open("rb")
    response = FileResponse(
        stored,
        content_type="application/pdf",
        filename=f"certificate-{certificate.display_code}.pdf",
    )
    response["Cache-Control"] = "no-cache"  # revalidated, so a revocation shows at once
    return _noindex(response)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once("certificates.name_request")
def name_request(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate,
        code=normalise_code(code) or "-",
        user=request.user,
        status=Certificate.Status.VALID,
    )
    error = None
    typed = {
        "requested_name": request.POST.get("requested_name", certificate.holder_name),
        "reason": request.POST.get("reason", ""),
    }
    if request.method == "POST":
        form = NameRequestForm(request.POST)
        if not form.is_valid():
            error = form.first_error()
    if request.method == "POST" and error is None:
        try:
            name_change_request(
                certificate=certificate,
                user=request.user,
                requested_name=form.cleaned_data["requested_name"],
                reason=form.cleaned_data["reason"],
            )
        except CertificateRefused as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                "Thank you. A programme admin will check the name and send you a corrected "
                "certificate.",
            )
            return redirect("learning:dashboard")
    return render(
        request,
        "certificates/name_request.html",
        {
            "certificate": certificate,
            "typed": typed,
            "error": error,
            "breadcrumbs": [{"title": "My learning", "url": reverse("learning:dashboard")}],
        },
        status=400 if error else 200,
    )


@require_safe
@login_required
def certificate_status(request: HttpRequest, course_id: int) -> HttpResponse:
    """`{"ready": bool}` for the completion page's script, which waits for the PDF."""
    if not 0 < course_id <= LARGEST_ID:
        raise Http404("No such course")
    ready = selectors.course_certificate_ready(user=request.user, course_id=course_id)
    if ready is None:
        raise Http404("No completed course")
    return JsonResponse({"ready": ready})


# --- Open Badges 3.0 (learning.certificates.credentials) ---------------------------------------


def _json(document: dict, *, max_age: int, media_type: str = "application/json") -> HttpResponse:
    """Public JSON for wallets and verifiers (which fetch it from other origins)."""
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = f"{media_type}; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return _noindex(response)


def _credentials_on() -> None:
    if not settings.CREDENTIALS_ENABLED:
        raise Http404("Credentials are not issued here")


@require_safe
def did_document(request: HttpRequest) -> HttpResponse:
    """The issuer's DID document (did:web): every key that has signed a credential."""
    _credentials_on()
    from learning.certificates.credentials import did_document as document

    return _json(document(), max_age=300, media_type="application/did+ld+json")


@require_safe
def credential(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate's signed Open Badges credential, as issued. A revoked one still
    downloads (its status list says revoked); a replaced one names its successor in a Link
    header, since the credential itself never changes."""
    _credentials_on()
    certificate, refusal = _lookup(request, code)
    if refusal is not None:
        return refusal
    from learning.certificates.credentials import credential_for, credential_url

    issued = credential_for(certificate)
    response = _json(issued.document, max_age=0, media_type="application/vc+ld+json")
    response["Cache-Control"] = "no-cache"
    if "download" in request.GET:
        name = f"camino-credential-{certificate.display_code}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    current = certificate.replaced_by
    while current is not None and current.replaced_by_id:
        current = current.replaced_by
    if current is not None:
        response["Link"] = f'<{credential_url(current)}>; rel="successor-version"'
    return response


@require_safe
def status_list(request: HttpRequest, list_id: str) -> HttpResponse:
    """A signed Bitstring Status List, as stored when a bit last changed."""
    _credentials_on()
    from learning.certificates.models import StatusList

    if not (list_id.isascii() and list_id.isdigit() and len(list_id) <= 9):
        raise Http404("No such status list")
    found = StatusList.objects.filter(pk=int(list_id)).values_list("document", flat=True).first()
    if not found:
        raise Http404("No such status list")
    return _json(found, max_age=60, media_type="application/vc+ld+json")
