"""Demo certificates: learner2@example.org's, issued through the same service as any
completion, and one revoked certificate (Sam Hughes's, issued to the wrong account), so the
demo shows both answers a verifier can give."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from learning.certificates.models import Certificate
from learning.certificates.pdf import certificate_pdf_render
from learning.certificates.services import (
    certificate_issue,
    certificate_revoke,
)
from learning.models import Enrolment


def demo_certificates_ensure(*, accounts: dict) -> None:
    """learner2@example.org completed the demo course, so she holds its certificate (issued
    through the same service as any completion; idempotent)."""
    learner2 = accounts["learner2@example.org"]
    enrolment = (
        Enrolment.objects.filter(user=learner2, completed_at__isnull=False)
        .select_related("course")
        .first()
    )
    if enrolment is not None and enrolment.course.awards_certificate:
        certificate = certificate_issue(user=learner2, course=enrolment.course)
        # The completion hook issued it while her steps were recorded (today); the demo then
        # dated her progress in the past. Her certificate says the day she finished, as it
        # would have, and its PDF is made again to match (demo data only: a real
        # certificate never changes after issue).
        finished = timezone.localdate(enrolment.completed_at)
        if certificate.completed_on != finished:
            Certificate.objects.filter(pk=certificate.pk).update(completed_on=finished)
            certificate.refresh_from_db()
            certificate_pdf_render(certificate=certificate, force=True)

    admin = accounts.get("admin@example.org")
    if enrolment is not None and enrolment.course.awards_certificate:
        _demo_revoked_ensure(course=enrolment.course, admin=admin)


REVOKED_HOLDER = ("sam.hughes@example.org", "Sam Hughes")
REVOKED_REASON = "Issued to the wrong account: Sam had not completed the course."


def _demo_revoked_ensure(*, course, admin) -> None:
    """A certificate a programme admin issued by mistake and revoked (idempotent). Sam has no
    password: the account exists only to hold it."""
    email, name = REVOKED_HOLDER
    sam, created = get_user_model().objects.get_or_create(email=email, defaults={"name": name})
    if created:
        sam.set_unusable_password()
        sam.save()
    if Certificate.objects.filter(user=sam, course=course).exists():
        return
    certificate = certificate_issue(user=sam, course=course, issued_by=admin)
    certificate_revoke(certificate=certificate, reason=REVOKED_REASON, by=admin)
