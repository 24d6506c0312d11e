"""Point 3: editors design the certificate as a CertificateTemplate snippet; its preview in the
editor is the real PDF. A course without a template gets the standard design."""

from learning.certificates.models import Certificate, CertificateTemplate, CourseCertificateDesign
from learning.certificates.pdf import DEFAULT_DESIGN
from tests.certificates.conftest import complete_course, pdf_info, pdf_text, write_pdf


def _form_data(**overrides):
    data = {
        "name": "Academy design",
        "heading": "Certificate of achievement",
        "statement": "has completed",
        "closing_text": "Well done.",
        "issuer": "Camino Academy",
        "signatory_name": "Dr Ada Quayle",
        "signatory_role": "Programme director",
        "signature": "",
        "logo": "",
        "accent_colour": "#330072",
        "course_links-TOTAL_FORMS": "0",
        "course_links-INITIAL_FORMS": "0",
        "course_links-MIN_NUM_FORMS": "0",
        "course_links-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_editor_creates_a_template_in_the_snippet_admin(client, content_editor):
    client.force_login(content_editor)

    response = client.post("/admin/snippets/certificates/certificatetemplate/add/", _form_data())

    assert response.status_code == 302
    template = CertificateTemplate.objects.get(name="Academy design")
    assert template.issuer == "Camino Academy"
    assert template.latest_revision is not None, "each save is a revision (the version frozen)"


def test_bad_accent_colour_is_refused_in_the_editor(client, content_editor):
    client.force_login(content_editor)

    response = client.post(
        "/admin/snippets/certificates/certificatetemplate/add/", _form_data(accent_colour="blue")
    )

    assert response.status_code == 200
    assert "Use a colour like #005eb8" in response.content.decode()
    assert not CertificateTemplate.objects.exists()


def test_editors_preview_of_a_saved_template_is_the_real_pdf_with_the_unsaved_edits(
    client, content_editor, tmp_path
):
    template = CertificateTemplate.objects.create(
        **{
            k: v
            for k, v in _form_data().items()
            if k not in ("signature", "logo") and not k.startswith("course_links")
        }
    )
    template.save_revision()
    client.force_login(content_editor)
    url = f"/admin/snippets/certificates/certificatetemplate/preview/{template.pk}/"

    posted = client.post(url, _form_data(heading="Award of merit for leaders"))
    response = client.get(url)

    assert posted.json()["is_valid"] is True
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF-")
    path = write_pdf(body, tmp_path, "preview")
    assert pdf_info(path)["Pages"] == "1"
    text = " ".join(pdf_text(path).split())
    assert "Award of merit for leaders" in text, "the preview shows what is being edited"
    assert "Dr Ada Quayle" in text and "Programme director" in text
    template.refresh_from_db()
    assert template.heading == "Certificate of achievement", "previewing saves nothing"


def test_serve_preview_returns_a_pdf(rf, db):
    template = CertificateTemplate.objects.create(name="Plain", issuer="Plain Issuer")

    response = template.serve_preview(rf.get("/"), "")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_a_course_without_a_template_gets_the_standard_design(client, learner, course, tmp_path):
    assert not CourseCertificateDesign.objects.filter(course=course).exists()
    complete_course(learner, course)

    certificate = Certificate.objects.get(user=learner)
    response = client.get(f"/certificates/{certificate.code}/pdf/")

    assert certificate.template is None
    assert certificate.template_version == "default"
    assert certificate.design == DEFAULT_DESIGN
    assert certificate.issuer == "Camino"
    path = write_pdf(b"".join(response.streaming_content), tmp_path, "default")
    text = " ".join(pdf_text(path).split())
    assert "Certificate of completion" in text
    assert "This is to certify that Amara Okafor has completed" in text
    assert pdf_info(path)["Author"] == "Camino"


def test_editor_chooses_the_courses_that_use_a_design_on_the_designs_screen(
    client, content_editor, learner, course
):
    """The course's choice of design lives on the certificates side: the design's edit screen
    lists the courses that use it, and a learner finishing one of them gets that design."""
    client.force_login(content_editor)
    data = _form_data(issuer="Camino Academy")
    data.update({"course_links-TOTAL_FORMS": "1", "course_links-0-course": str(course.pk)})
    data.update({"course_links-0-ORDER": "1", "course_links-0-id": "", "course_links-0-DELETE": ""})

    response = client.post("/admin/snippets/certificates/certificatetemplate/add/", data)

    assert response.status_code == 302
    design = CertificateTemplate.objects.get(name="Academy design")
    assert course.certificate_design.template == design
    edit = client.get(f"/admin/snippets/certificates/certificatetemplate/edit/{design.pk}/")
    assert "Courses that use this design" in edit.content.decode()
    complete_course(learner, course)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.template == design
    assert certificate.issuer == "Camino Academy"


def test_a_course_already_using_a_design_cannot_be_given_a_second_one(
    client, content_editor, course
):
    first = CertificateTemplate.objects.create(name="First", issuer="Camino")
    CourseCertificateDesign.objects.create(template=first, course=course)
    client.force_login(content_editor)
    data = _form_data(name="Second")
    data.update({"course_links-TOTAL_FORMS": "1", "course_links-0-course": str(course.pk)})
    data.update({"course_links-0-ORDER": "1", "course_links-0-id": "", "course_links-0-DELETE": ""})

    response = client.post("/admin/snippets/certificates/certificatetemplate/add/", data)

    assert response.status_code == 200, "the form comes back with what was typed"
    text = response.content.decode()
    assert "This course already uses another certificate design" in text
    assert 'value="Second"' in text
    assert not CertificateTemplate.objects.filter(name="Second").exists()
    assert course.certificate_design.template == first
