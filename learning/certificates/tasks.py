"""Background work for certificates (django-tasks): rendering PDFs, signing credentials,
issuing for a cohort."""

from django_tasks import task


@task()
def render_certificate_pdf(certificate_id: int) -> None:
    from learning.certificates.models import Certificate
    from learning.certificates.services import certificate_pdf_render

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        certificate_pdf_render(certificate=certificate)


@task()
def sign_certificate_credential(credential_id: int) -> None:
    from learning.certificates.credentials import credential_sign
    from learning.certificates.models import Credential

    credential = Credential.objects.filter(pk=credential_id).first()
    if credential is not None:
        credential_sign(credential)


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
