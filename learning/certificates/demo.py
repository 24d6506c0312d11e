"""Demo certificates: learner2@example.org's, issued through the same service as any
completion."""

from django.utils import timezone

from learning.certificates.models import Certificate
from learning.certificates.services import certificate_issue, certificate_pdf_render
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
