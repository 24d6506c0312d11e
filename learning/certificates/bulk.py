"""Issuing certificates for a whole cohort, in the background (django-tasks). Above the
services (it issues through them), so apart from learning.certificates.tasks, which the
services queue."""

from django_tasks import task


@task()
def issue_certificates_for(user_ids: list[int], course_id: int, issued_by_id: int | None) -> int:
    """Bulk issue (for a cohort): one certificate per completed learner, in the background."""
    from django.contrib.auth import get_user_model

    from learning.certificates.services import CertificateRefused, certificate_issue
    from learning.models import CoursePage

    User = get_user_model()
    course = CoursePage.objects.get(pk=course_id)
    by = User.objects.filter(pk=issued_by_id).first() if issued_by_id is not None else None
    issued = 0
    for user in User.objects.filter(pk__in=user_ids):
        try:
            certificate_issue(user=user, course=course, issued_by=by)
            issued += 1
        except CertificateRefused:
            continue
    return issued
