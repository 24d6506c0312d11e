"""Writes for certificates: issue, render, revoke, reissue, name changes. Keyword-only, typed,
named <thing>_<action>. Every action is recorded as a CertificateEvent with who and when, and
announced through a Wagtail hook inside its transaction (the host tells the learner):
`learning_certificate_issued(certificate=...)`, `learning_certificate_revoked(certificate=...)`,
`learning_certificate_reissued(certificate=new, replaced=old)` and
`learning_certificate_name_decided(request=..., certificate=new or None)`."""

from __future__ import annotations

from collections import OrderedDict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail import hooks

from learning.certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    CourseCertificateDesign,
    NameChangeRequest,
)
from learning.certificates.tasks import render_certificate_pdf, sign_certificate_credential
from learning.models import Capability, CoursePage, Enrolment, ModulePage
from learning.staff_actions import announce_staff_action


class CertificateRefused(Exception):
    """A plain-English reason a certificate cannot be issued or changed."""


def _announce(hook_name: str, **kwargs) -> None:
    for fn in hooks.get_hooks(hook_name):
        fn(**kwargs)


def _frozen_themes(course: CoursePage) -> list[dict]:
    """The framework themes and capabilities the course's live modules develop."""
    module_ids = ModulePage.objects.child_of(course).live().values("pk")
    capabilities = (
        Capability.objects.filter(modules__in=module_ids, theme__framework_id=course.framework_id)
        .select_related("theme")
        .distinct()
        .order_by("theme__sort_order", "sort_order")
    )
    themes: OrderedDict[int, dict] = OrderedDict()
    for capability in capabilities:
        theme = themes.setdefault(
            capability.theme_id, {"name": capability.theme.name, "capabilities": []}
        )
        theme["capabilities"].append({"code": capability.code, "statement": capability.statement})
    return list(themes.values())


def _template_for(course: CoursePage) -> tuple[CertificateTemplate | None, dict, str]:
    link = CourseCertificateDesign.objects.select_related("template").filter(course=course).first()
    template = link.template if link else None
    if template is None:
        from learning.certificates.pdf import DEFAULT_DESIGN

        return None, dict(DEFAULT_DESIGN), "default"
    version = str(template.latest_revision_id or f"t{template.pk}")
    return template, template.design(), version


def _certificate_create(*, user, course: CoursePage, holder_name: str, completed_on, issued_by):
    """A new valid certificate with everything it states frozen from the course and its
    template as they are now."""
    template, design, version = _template_for(course)
    return Certificate.objects.create(
        user=user,
        course=course,
        holder_name=holder_name.strip(),
        course_title=course.title,
        completed_on=completed_on,
        estimated_hours=course.estimated_hours,
        framework_name=course.framework.name,
        themes=_frozen_themes(course),
        issuer=design.get("issuer") or "Camino",
        signatory_name=design.get("signatory_name", ""),
        signatory_role=design.get("signatory_role", ""),
        design=design,
        template=template,
        template_version=version,
        issued_by=issued_by,
    )


def _credential_prepare(certificate: Certificate) -> None:
    """Its Open Badges credential, built now from the same frozen facts and signed in the
    background (learning.certificates.credentials)."""
    if not settings.CREDENTIALS_ENABLED:
        return
    from learning.certificates.credentials import credential_prepare

    credential = credential_prepare(certificate)
    transaction.on_commit(lambda: sign_certificate_credential.enqueue(credential.pk))


def _credential_revoke(certificate: Certificate) -> None:
    if not settings.CREDENTIALS_ENABLED:
        return
    from learning.certificates.credentials import credential_revoke

    credential_revoke(certificate)


def _enqueue_render(certificate_id: int) -> None:
    transaction.on_commit(lambda: render_certificate_pdf.enqueue(certificate_id))


@transaction.atomic
def certificate_issue(
    *, user, course: CoursePage, issued_by=None, holder_name: str | None = None
) -> Certificate:
    """Issue the learner's certificate for the course, or return the valid one they already
    hold: the database allows only one, so simultaneous completions cannot make two."""
    existing = Certificate.objects.filter(
        user=user, course=course, status=Certificate.Status.VALID
    ).first()
    if existing is not None:
        return existing
    if not course.awards_certificate:
        raise CertificateRefused(f"{course.title} does not award a certificate.")
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    completed_on = (
        timezone.localdate(enrolment.completed_at)
        if enrolment and enrolment.completed_at
        else timezone.localdate()
    )
    try:
        with transaction.atomic():
            certificate = _certificate_create(
                user=user,
                course=course,
                holder_name=holder_name or user.name or user.email,
                completed_on=completed_on,
                issued_by=issued_by,
            )
            _credential_prepare(certificate)
    except IntegrityError:
        # Someone else issued it a moment ago: theirs is the one.
        return Certificate.objects.get(user=user, course=course, status=Certificate.Status.VALID)
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.ISSUED,
        by=issued_by,
        note="" if issued_by else "Issued automatically on completing the course",
    )
    _enqueue_render(certificate.pk)
    _announce("learning_certificate_issued", certificate=certificate)
    if issued_by is not None:
        announce_staff_action(
            actor=issued_by,
            action="certificate.issued",
            person=user,
            detail=f"Certificate {certificate.display_code} for {course.title}",
        )
    return certificate


def certificate_issue_on_completion(*, enrolment: Enrolment) -> Certificate | None:
    """Registered on `learning_course_completed`."""
    course = CoursePage.objects.select_related("framework").get(pk=enrolment.course_id)
    if not course.awards_certificate:
        return None
    return certificate_issue(user=enrolment.user, course=course)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by) -> Certificate:
    """Revoke, with a reason shown publicly. Pending name corrections are declined with it."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateRefused("Give a reason for revoking the certificate.")
    # Read it again under a row lock: a double click or two admins act one after the other.
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.VALID:
        raise CertificateRefused("Only a valid certificate can be revoked.")
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
    _credential_revoke(certificate)
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateEvent.Action.REVOKED, by=by, note=reason
    )
    certificate.name_requests.filter(status=NameChangeRequest.Status.PENDING).update(
        status=NameChangeRequest.Status.DECLINED, decided_at=timezone.now(), decided_by=by
    )
    _announce("learning_certificate_revoked", certificate=certificate)
    announce_staff_action(
        actor=by,
        action="certificate.revoked",
        person=certificate.user,
        detail=f"Certificate {certificate.display_code} ({certificate.course_title}); the "
        "reason is on its public page",
    )
    return certificate


@transaction.atomic
def certificate_reissue(
    *,
    certificate: Certificate,
    by,
    holder_name: str | None = None,
    note: str = "",
    announce: bool = True,
) -> Certificate:
    """A new certificate (new code, current template, name if given) replaces this one; the
    old code's page points to the new certificate. History is kept on both. (`announce`:
    False when the reissue is part of a name decision, which is announced instead.)"""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.REPLACED:
        raise CertificateRefused("This certificate has already been replaced.")
    if certificate.user is None or certificate.course is None:
        raise CertificateRefused(
            "The learner or course no longer exists, so it cannot be reissued."
        )
    course = CoursePage.objects.select_related("framework").get(pk=certificate.course_id)
    was_valid = certificate.status == Certificate.Status.VALID
    certificate.status = Certificate.Status.REPLACED
    certificate.save(update_fields=["status"])
    new = _certificate_create(
        user=certificate.user,
        course=course,
        holder_name=holder_name or certificate.holder_name,
        completed_on=certificate.completed_on,
        issued_by=by,
    )
    certificate.replaced_by = new
    certificate.save(update_fields=["replaced_by"])
    _credential_revoke(certificate)  # its credential now says revoked; the new one is valid
    _credential_prepare(new)
    detail = note or ("" if was_valid else "Reissued after being revoked")
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.REISSUED,
        by=by,
        note=f"Replaced by {new.display_code}. {detail}".strip(),
    )
    CertificateEvent.objects.create(
        certificate=new,
        action=CertificateEvent.Action.ISSUED,
        by=by,
        note=f"Replaces {certificate.display_code}. {detail}".strip(),
    )
    _enqueue_render(new.pk)
    if announce:
        _announce("learning_certificate_reissued", certificate=new, replaced=certificate)
        announce_staff_action(
            actor=by,
            action="certificate.reissued",
            person=certificate.user,
            detail=f"Certificate {certificate.display_code} ({course.title}) replaced by "
            f"{new.display_code}",
        )
    return new


def name_change_request(*, certificate: Certificate, user, requested_name: str, reason: str = ""):
    requested_name = " ".join((requested_name or "").split())
    if certificate.user_id != user.pk:
        raise CertificateRefused("This is not your certificate.")
    if not requested_name:
        raise CertificateRefused("Enter your name as it should appear on the certificate.")
    if certificate.name_requests.filter(status=NameChangeRequest.Status.PENDING).exists():
        raise CertificateRefused("You have already asked for a change. We will email you.")
    request = NameChangeRequest.objects.create(
        certificate=certificate, requested_name=requested_name, reason=reason.strip()
    )
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.NAME_REQUESTED,
        by=user,
        note=f"Asked for: {requested_name}",
    )
    return request


@transaction.atomic
def name_change_decide(*, request: NameChangeRequest, approve: bool, by) -> Certificate | None:
    """Approving reissues the certificate in the new name (and corrects the account's name);
    a request about a certificate that is no longer valid can only be declined."""
    request = NameChangeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != NameChangeRequest.Status.PENDING:
        raise CertificateRefused("This request has already been decided.")
    if approve:
        current = request.certificate
        while current.replaced_by is not None:  # no query when replaced_by_id is None
            current = current.replaced_by
        if current.status != Certificate.Status.VALID:
            raise CertificateRefused(
                "The certificate has been revoked since the request was made, so it cannot be "
                "reissued. Decline the request, or reissue it from the certificate's page."
            )
    request.status = (
        NameChangeRequest.Status.APPROVED if approve else NameChangeRequest.Status.DECLINED
    )
    request.decided_at = timezone.now()
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])
    certificate = request.certificate
    if not approve:
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.Action.NAME_DECLINED, by=by
        )
        _announce("learning_certificate_name_decided", request=request, certificate=None)
        announce_staff_action(
            actor=by,
            action="certificate.name_refused",
            person=certificate.user,
            detail=f"Name correction on certificate {certificate.display_code} refused",
        )
        return None
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.NAME_APPROVED,
        by=by,
        note=f"New name: {request.requested_name}",
    )
    if certificate.user is not None:
        certificate.user.name = request.requested_name
        certificate.user.save(update_fields=["name"])
    current = certificate
    while current.replaced_by is not None:  # no query when replaced_by_id is None
        current = current.replaced_by
    new = certificate_reissue(
        certificate=current,
        by=by,
        holder_name=request.requested_name,
        note="Name corrected",
        announce=False,
    )
    _announce("learning_certificate_name_decided", request=request, certificate=new)
    announce_staff_action(
        actor=by,
        action="certificate.name_approved",
        person=certificate.user,
        detail=f"Name correction on certificate {certificate.display_code} approved: the "
        f"account's name was changed and the certificate reissued as {new.display_code}",
    )
    return new
