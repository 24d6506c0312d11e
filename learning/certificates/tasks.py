"""Background work for certificates (django-tasks): rendering PDFs, signing credentials. The
services queue these, so they call only what lies below the services (pdf, credentials);
issuing for a whole cohort, which goes through the services, is learning.certificates.bulk."""

from django_tasks import task


@task()
def render_certificate_pdf(certificate_id: int) -> None:
    from learning.certificates.models import Certificate
    from learning.certificates.pdf import certificate_pdf_render

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
