"""Point 8: the demo data gives learner2@example.org a valid certificate for the demo course,
with its PDF stored."""

import io

from django.core.management import call_command
from django.utils import timezone

from learning.certificates.models import Certificate
from tests.certificates.conftest import ARTIFACTS, pdf_info, pdf_text, render_png, write_pdf


def test_demo_learner2_holds_a_valid_certificate_with_a_stored_pdf(
    settings, db, django_capture_on_commit_callbacks
):
    settings.DEBUG = True

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=io.StringIO())

    certificate = Certificate.objects.get(user__email="learner2@example.org")
    assert certificate.status == "valid"
    completed_at = certificate.course.enrolments.get(user=certificate.user).completed_at
    assert completed_at is not None
    # The day she finished, as on her completion page (the demo dates her progress back).
    assert certificate.completed_on == timezone.localdate(completed_at)
    assert certificate.course_title == certificate.course.title
    assert certificate.holder_name == certificate.user.name
    assert certificate.pdf and certificate.pdf_rendered_at is not None
    with certificate.pdf.open("rb") as handle:
        path = write_pdf(handle.read(), ARTIFACTS, "demo-learner2")
    render_png(path, ARTIFACTS / "demo-learner2")
    assert pdf_info(path)["Pages"] == "1"
    text = pdf_text(path)
    assert certificate.holder_name in text and certificate.display_code in text
    assert not Certificate.objects.filter(user__email="learner@example.org").exists()


def test_loading_the_demo_twice_keeps_one_certificate(settings, db):
    settings.DEBUG = True

    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_data", stdout=io.StringIO())

    assert Certificate.objects.filter(user__email="learner2@example.org").count() == 1
