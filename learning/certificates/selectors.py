"""Reads for certificates. Selectors return objects or None; views turn None into a 404."""

from __future__ import annotations

from learning.certificates.models import Certificate
from learning.models import CoursePage, Enrolment


def certificate_list_for_holder(*, user) -> list[Certificate]:
    """The learner's certificates as My learning lists them: every valid or revoked one (a
    replaced one is represented by its replacement), newest first, name requests with them."""
    return list(
        Certificate.objects.filter(user=user)
        .exclude(status=Certificate.Status.REPLACED)
        .prefetch_related("name_requests")
        .order_by("-issued_at")
    )


def certificate_is_ready(certificate: Certificate | None) -> bool:
    """Ready to download: valid and its PDF rendered (rendering happens in the background)."""
    return (
        certificate is not None
        and certificate.status == Certificate.Status.VALID
        and bool(certificate.pdf)
    )


def course_certificate_get(*, user, course: CoursePage) -> Certificate | None:
    """The learner's certificate for the course: the valid one, else the newest revoked one (so
    the page can say it was revoked); a replaced one never (its replacement is the one)."""
    certificates = list(
        Certificate.objects.filter(user=user, course=course)
        .exclude(status=Certificate.Status.REPLACED)
        .order_by("-issued_at")
    )
    valid = [c for c in certificates if c.status == Certificate.Status.VALID]
    return valid[0] if valid else certificates[0] if certificates else None


def course_certificate_ready(*, user, course_id: int) -> bool | None:
    """Whether the certificate of a course the learner completed is ready to download; None
    when they have not completed it (the page polling this is theirs alone)."""
    if not user.is_authenticated:
        return None
    enrolment = (
        Enrolment.objects.filter(user=user, course_id=course_id, completed_at__isnull=False)
        .select_related("course")
        .first()
    )
    if enrolment is None:
        return None
    return certificate_is_ready(course_certificate_get(user=user, course=enrolment.course))


def certificate_holder_exists(*, user) -> bool:
    """Whether any certificate names this person (their name can then change only through a
    checked correction)."""
    return Certificate.objects.filter(user=user).exists()
