"""What the certificates app holds about one person, for their data export (the host's
`camino_personal_data` hook): their certificates, what happened to each, name corrections
they asked for and the Open Badges credentials. Who on the staff acted is left out: the
export is about the person, not about the staff."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def certificate_data(user) -> dict[str, Any]:
    from learning.certificates.models import (
        Certificate,
        CertificateEvent,
        Credential,
        NameChangeRequest,
    )

    certificates = (
        Certificate.objects.filter(user=user)
        .select_related("credential")
        .prefetch_related(
            Prefetch("events", queryset=CertificateEvent.objects.order_by("at", "id")),
            Prefetch("name_requests", queryset=NameChangeRequest.objects.order_by("requested_at")),
        )
        .order_by("issued_at", "id")
    )
    records = []
    for certificate in certificates:
        try:
            credential = certificate.credential
        except Credential.DoesNotExist:
            credential = None
        records.append(
            {
                "code": certificate.display_code,
                "verify_at": certificate.get_absolute_url(),
                "status": certificate.get_status_display(),
                "name_on_certificate": certificate.holder_name,
                "course": certificate.course_title,
                "completed_on": certificate.completed_on.isoformat(),
                "estimated_hours": str(certificate.estimated_hours),
                "framework": certificate.framework_name,
                "issuer": certificate.issuer,
                "issued_at": _when(certificate.issued_at),
                "revoked_at": _when(certificate.revoked_at),
                "revoked_reason": certificate.revoked_reason,
                "history": [
                    {"what": e.get_action_display(), "at": _when(e.at), "note": e.note}
                    for e in certificate.events.all()
                ],
                "name_corrections": [
                    {
                        "requested_name": r.requested_name,
                        "reason": r.reason,
                        "status": r.get_status_display(),
                        "requested_at": _when(r.requested_at),
                        "decided_at": _when(r.decided_at),
                    }
                    for r in certificate.name_requests.all()
                ],
                "credential": credential.document if credential else None,
            }
        )
    return {
        "about": {
            "file": (
                "Your certificates, what happened to each, any name corrections you asked for, "
                "and each certificate's Open Badges credential (a signed digital copy)."
            ),
            "fields": {
                "certificates[].code": "The certificate's code, which anyone can check.",
                "certificates[].verify_at": "The page (on this site) that checks the code.",
                "certificates[].status": "Valid, Revoked, or Replaced by a newer certificate.",
                "certificates[].name_on_certificate": "Your name as printed on it.",
                "certificates[].course": "The course it is for.",
                "certificates[].completed_on": "The day you completed the course.",
                "certificates[].estimated_hours": "The course's estimated hours of learning.",
                "certificates[].framework": "The framework the course is mapped to.",
                "certificates[].issuer": "Who issued it.",
                "certificates[].issued_at": "When it was issued.",
                "certificates[].revoked_at": "When it was revoked (empty if not).",
                "certificates[].revoked_reason": "Why it was revoked (empty if not).",
                "certificates[].history[].what": "Something that happened to the certificate.",
                "certificates[].history[].at": "When it happened.",
                "certificates[].history[].note": "The note recorded with it, if any.",
                "certificates[].name_corrections[].requested_name": "The name you asked for.",
                "certificates[].name_corrections[].reason": "The reason you gave.",
                "certificates[].name_corrections[].status": "What was decided.",
                "certificates[].name_corrections[].requested_at": "When you asked.",
                "certificates[].name_corrections[].decided_at": "When it was decided.",
                "certificates[].credential": (
                    "The Open Badges 3.0 credential exactly as issued (JSON-LD), which digital "
                    "wallets and verifiers read."
                ),
            },
        },
        "certificates": records,
    }


def personal_data(user) -> dict[str, Any]:
    return {"certificates.json": certificate_data(user)}
