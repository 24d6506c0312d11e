"""Point 2: what a certificate records is frozen at issue; later edits to the template, the
course or the learner's name change nothing (not even the stored PDF) until it is reissued.
Codes: 12 characters from an alphabet without 0 O 1 I L, shown as XXXX-XXXX-XXXX, unguessable."""

import random
import re
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from learning.certificates.models import (
    Certificate,
    CertificateTemplate,
    CourseCertificateDesign,
    new_certificate_code,
)
from learning.certificates.services import certificate_reissue
from learning.codes import CODE_ALPHABET, format_code
from learning.models import Enrolment
from tests.certificates.conftest import complete_course, page_text, pdf_text, write_pdf


def _designed_course(course):
    template = CertificateTemplate.objects.create(
        name="Academy design",
        heading="Certificate of achievement",
        statement="has successfully completed",
        issuer="Camino Academy",
        signatory_name="Dr Ada Quayle",
        signatory_role="Programme director",
        accent_colour="#330072",
    )
    revision = template.save_revision()
    CourseCertificateDesign.objects.create(template=template, course=course)
    return template, revision


def _edit_everything(template, course, learner):
    template.heading = "Diploma of excellence"
    template.issuer = "Another Body"
    template.signatory_name = "Someone Else"
    template.save()
    new_revision = template.save_revision()
    course.title = "A renamed course"
    course.estimated_hours = 12
    course.save_revision().publish()
    third = course.test_capabilities[2]
    course.test_modules[1].capabilities.add(third)
    learner.name = "Amara Smith"
    learner.save()
    return new_revision


def test_certificate_records_the_facts_at_issue(learner, course):
    template, revision = _designed_course(course)
    caps = course.test_capabilities

    complete_course(learner, course)

    certificate = Certificate.objects.get(user=learner)
    enrolment = Enrolment.objects.get(user=learner)
    assert certificate.holder_name == "Amara Okafor"
    assert certificate.course_title == course.title
    assert certificate.completed_on == timezone.localdate(enrolment.completed_at)
    assert certificate.estimated_hours == Decimal("4")
    assert certificate.framework_name == course.framework.name
    assert certificate.themes == [
        {
            "name": "Being",
            "capabilities": [{"code": c.code, "statement": c.statement} for c in caps[:2]],
        }
    ]
    assert certificate.issuer == "Camino Academy"
    assert (certificate.signatory_name, certificate.signatory_role) == (
        "Dr Ada Quayle",
        "Programme director",
    )
    assert certificate.template == template
    assert certificate.template_version == str(revision.pk)
    assert certificate.design["heading"] == "Certificate of achievement"
    assert certificate.design["accent_colour"] == "#330072"


def test_later_edits_change_neither_the_record_nor_the_stored_pdf(
    client, learner, course, django_capture_on_commit_callbacks
):
    template, revision = _designed_course(course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, course)
    certificate = Certificate.objects.get(user=learner)
    original_title = certificate.course_title
    before = {f.name: getattr(certificate, f.name) for f in Certificate._meta.concrete_fields}
    with certificate.pdf.open("rb") as handle:
        stored = handle.read()

    _edit_everything(template, course, learner)

    certificate.refresh_from_db()
    after = {f.name: getattr(certificate, f.name) for f in Certificate._meta.concrete_fields}
    assert after == before
    downloaded = b"".join(client.get(f"/certificates/{certificate.code}/pdf/").streaming_content)
    assert downloaded == stored
    page = page_text(client.get(certificate.get_absolute_url()))
    assert "Amara Okafor" in page and original_title in page and "Camino Academy" in page
    assert "Amara Smith" not in page and "A renamed course" not in page


def test_a_pdf_first_rendered_after_the_edits_still_shows_what_was_frozen(
    client, learner, course, tmp_path
):
    """In production the PDF is rendered by a worker, possibly after an editor has changed
    the design: the certificate must still look as it did when it was issued."""
    template, _ = _designed_course(course)
    complete_course(learner, course)  # render enqueued on commit, not run here
    certificate = Certificate.objects.get(user=learner)
    assert not certificate.pdf
    original_title = certificate.course_title

    _edit_everything(template, course, learner)
    response = client.get(f"/certificates/{certificate.display_code}/pdf/")

    text = " ".join(
        pdf_text(write_pdf(b"".join(response.streaming_content), tmp_path, "c")).split()
    )
    for frozen in ("Certificate of achievement", "Amara Okafor", original_title, "Dr Ada Quayle"):
        assert frozen in text
    assert "Camino Academy" in text and "about 4 hours" in text
    for edited in ("Diploma of excellence", "Amara Smith", "A renamed course", "Another Body"):
        assert edited not in text


def test_reissuing_takes_up_the_current_template_and_course(
    learner, course, programme_admin, django_capture_on_commit_callbacks
):
    template, _ = _designed_course(course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(learner, course)
    old = Certificate.objects.get(user=learner)
    new_revision = _edit_everything(template, course, learner)

    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=old, by=programme_admin, holder_name="Amara Smith")

    assert new.code != old.code
    assert new.course_title == "A renamed course"
    assert new.holder_name == "Amara Smith"
    assert new.issuer == "Another Body"
    assert new.design["heading"] == "Diploma of excellence"
    assert new.template_version == str(new_revision.pk)
    assert new.completed_on == old.completed_on, "the learner finished when they finished"
    new.refresh_from_db()
    assert new.pdf and new.pdf.name != old.pdf.name
    old.refresh_from_db()
    assert old.status == "replaced" and old.replaced_by == new
    assert old.course_title != "A renamed course"


def test_codes_use_only_the_unambiguous_alphabet_all_of_it_and_never_repeat():
    codes = [new_certificate_code() for _ in range(5000)]

    assert len(set(codes)) == len(codes)
    assert all(len(code) == 12 for code in codes)
    used = Counter("".join(codes))
    assert set(used) == set(CODE_ALPHABET), "every allowed character turns up, no other"
    assert not set("0O1IL") & set(used)
    assert len(CODE_ALPHABET) == 31
    # Roughly uniform: no character is more than twice as common as any other.
    assert max(used.values()) < 2 * min(used.values())


def test_codes_do_not_come_from_the_seedable_random_module():
    random.seed(1234)
    first = new_certificate_code()
    random.seed(1234)
    second = new_certificate_code()

    assert first != second


def test_codes_are_displayed_in_three_groups_of_four(client, certificate):
    shown = certificate.display_code

    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", shown)
    assert shown.replace("-", "") == certificate.code
    assert format_code("K7QF3MZ9XW2D") == "K7QF-3MZ9-XW2D"
    assert f"Certificate {shown}" in page_text(client.get(f"/certificates/{certificate.code}/"))
