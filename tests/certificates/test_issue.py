"""Point 1: certificates are issued when a learner completes a course that awards one, and by
programme admins from the admin (one learner, or every completed learner of a cohort). The
database allows exactly one valid certificate per learner and course."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.services import cohort_join
from learning.certificates.models import Certificate, CertificateEvent
from learning.certificates.services import certificate_issue
from learning.models import Enrolment
from learning.services import enrolment_create
from tests.certificates.conftest import complete_course


def stage_url(module, stage):
    return f"/learning/modules/{module.id}/stages/{stage}/"


def test_completing_the_last_stage_issues_the_certificate_and_renders_its_pdf(
    client, enrolled, course, django_capture_on_commit_callbacks
):
    client.force_login(enrolled)
    *first_modules, last = course.test_modules
    for module in first_modules:
        for stage in ("learn", "do", "reflect"):
            client.post(stage_url(module, stage))
    client.post(stage_url(last, "learn"))
    client.post(stage_url(last, "do"))
    assert not Certificate.objects.filter(user=enrolled).exists(), "not before the end"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(stage_url(last, "reflect"))

    assert response.status_code == 302
    certificate = Certificate.objects.get(user=enrolled, course=course)
    assert certificate.status == "valid"
    assert certificate.issued_by is None
    assert certificate.holder_name == "Amara Okafor"
    event = certificate.events.get()
    assert (event.action, event.by) == (CertificateEvent.Action.ISSUED, None)
    assert certificate.pdf and certificate.pdf_rendered_at is not None
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    dashboard = client.get("/dashboard/").content.decode()
    assert certificate.display_code in dashboard


def test_completing_again_or_issuing_again_gives_the_same_certificate(learner, course):
    complete_course(learner, course)
    first = Certificate.objects.get(user=learner, course=course)

    again = certificate_issue(user=learner, course=course)

    assert again.pk == first.pk
    assert Certificate.objects.filter(user=learner, course=course).count() == 1
    assert CertificateEvent.objects.filter(action="issued").count() == 1


def test_a_course_that_awards_no_certificate_issues_none(learner, course):
    course.awards_certificate = False
    course.save_revision().publish()

    complete_course(learner, course)

    assert Enrolment.objects.get(user=learner, course=course).completed_at is not None
    assert not Certificate.objects.exists()


def test_programme_admin_issues_one_learners_certificate(client, programme_admin, learner, course):
    enrolment_create(user=learner, course=course)
    client.force_login(programme_admin)

    form = client.get("/admin/certificates/issue/")
    response = client.post("/admin/certificates/issue/", {"user": learner.pk, "course": course.pk})

    assert form.status_code == 200
    certificate = Certificate.objects.get(user=learner, course=course)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/certificates/inspect/{certificate.pk}/"
    assert certificate.issued_by == programme_admin
    assert certificate.status == "valid"
    event = certificate.events.get()
    assert (event.action, event.by) == ("issued", programme_admin)
    # Issuing again does not make a second one.
    client.post("/admin/certificates/issue/", {"user": learner.pk, "course": course.pk})
    assert Certificate.objects.filter(user=learner, course=course).count() == 1


def test_programme_admin_cannot_issue_for_a_course_that_awards_none(
    client, programme_admin, learner, course
):
    course.awards_certificate = False
    course.save_revision().publish()
    client.force_login(programme_admin)

    response = client.post(
        "/admin/certificates/issue/", {"user": learner.pk, "course": course.pk}, follow=True
    )

    assert "does not award a certificate" in response.content.decode()
    assert not Certificate.objects.exists()


def test_programme_admin_issues_every_completed_learner_of_a_cohort(
    client, programme_admin, make_user, course
):
    cohort = Cohort.objects.create(name="Spring cohort", course=course, starts_on=date(2026, 9, 1))
    offline_a = make_user(email="a@example.org", name="Ann Offline")
    offline_b = make_user(email="b@example.org", name="Bea Offline")
    unfinished = make_user(email="c@example.org", name="Cal Unfinished")
    holder = make_user(email="d@example.org", name="Dee Holder")
    outsider = make_user(email="e@example.org", name="Eve Outsider")
    for user in (offline_a, offline_b, unfinished, holder):
        cohort_join(cohort=cohort, user=user)
    complete_course(holder, course)  # already holds one, issued on completion
    held = Certificate.objects.get(user=holder)
    # Two members finished offline; so did someone who is not in the cohort.
    enrolment_create(user=outsider, course=course)
    Enrolment.objects.filter(user__in=[offline_a, offline_b, outsider]).update(
        completed_at=timezone.now()
    )
    client.force_login(programme_admin)

    page = client.get(f"/admin/cohorts/{cohort.pk}/issue-certificates/")
    response = client.post(f"/admin/cohorts/{cohort.pk}/issue-certificates/")

    text = " ".join(page.content.decode().split())
    assert "3 learners in Spring cohort completed" in text
    assert "2 of them have no certificate yet" in text
    assert response.status_code == 302
    issued = Certificate.objects.filter(course=course, status="valid")
    assert {c.user for c in issued} == {offline_a, offline_b, holder}
    assert Certificate.objects.get(user=holder).pk == held.pk
    for user in (offline_a, offline_b):
        certificate = Certificate.objects.get(user=user)
        assert certificate.issued_by == programme_admin
        assert certificate.events.get().by == programme_admin
    # Asking again issues nothing more.
    client.post(f"/admin/cohorts/{cohort.pk}/issue-certificates/")
    assert Certificate.objects.count() == 3


def _certificate_row(user, course, **extra) -> Certificate:
    return Certificate(
        user=user,
        course=course,
        holder_name=user.name,
        course_title=course.title,
        completed_on=date(2026, 3, 1),
        estimated_hours=4,
        issuer="Camino",
        template_version="default",
        **extra,
    )


def test_database_refuses_a_second_valid_certificate(learner, course):
    _certificate_row(learner, course).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        _certificate_row(learner, course).save()

    assert Certificate.objects.filter(user=learner, course=course).count() == 1


def test_database_allows_a_new_valid_one_beside_revoked_and_replaced_ones(learner, course):
    _certificate_row(learner, course, status="revoked").save()
    _certificate_row(learner, course, status="replaced").save()
    _certificate_row(learner, course).save()

    assert Certificate.objects.filter(user=learner, course=course).count() == 3
