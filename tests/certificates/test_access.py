"""Who can reach which certificate URL. Public pages are open to everyone; the name
correction is the owner's alone (anyone else: 404); the admin screens are programme admins'
(and superusers'). Every denied request also changes nothing."""

from datetime import date

import pytest
from django.utils import timezone

from cohorts.models import Cohort
from cohorts.services import cohort_join
from learning.models import Certificate, CertificateEvent, Enrolment, NameChangeRequest
from learning.services.certificates import certificate_issue, name_change_request
from tests.certificates.conftest import page_text

ANON = "anonymous"
OWNER = "owner"
OTHER = "other_learner"
EDITOR = "content_editor"
ADMIN = "programme_admin"
SUPER = "superuser"
ROLES = [ANON, OWNER, OTHER, EDITOR, ADMIN, SUPER]
EVERYONE = dict.fromkeys(ROLES, 200)
STAFF = (ADMIN, SUPER)

# name: (method, path, data, {role: status for those who may}, what an allowed POST changes)
ENDPOINTS = {
    "verify-form": ("get", "/certificates/", None, EVERYONE, None),
    "verify-page": ("get", "/certificates/{code}/", None, EVERYONE, None),
    "verify-pdf": ("get", "/certificates/{code}/pdf/", None, EVERYONE, None),
    "name-get": ("get", "/dashboard/certificates/{code}/name/", None, {OWNER: 200}, None),
    "name-post": (
        "post",
        "/dashboard/certificates/{code}/name/",
        {"requested_name": "Amara Okafor-Reid"},
        {OWNER: 302},
        "name_requests",
    ),
    "admin-list": ("get", "/admin/certificates/", None, dict.fromkeys(STAFF, 200), None),
    "admin-inspect": (
        "get",
        "/admin/certificates/inspect/{pk}/",
        None,
        dict.fromkeys(STAFF, 200),
        None,
    ),
    "revoke-get": (
        "get",
        "/admin/certificates/{pk}/revoke/",
        None,
        dict.fromkeys(STAFF, 200),
        None,
    ),
    "revoke-post": (
        "post",
        "/admin/certificates/{pk}/revoke/",
        {"reason": "Access test"},
        dict.fromkeys(STAFF, 302),
        "status",
    ),
    "reissue-get": (
        "get",
        "/admin/certificates/{pk}/reissue/",
        None,
        dict.fromkeys(STAFF, 200),
        None,
    ),
    "reissue-post": (
        "post",
        "/admin/certificates/{pk}/reissue/",
        {"holder_name": "Mallory"},
        dict.fromkeys(STAFF, 302),
        "certificates",
    ),
    "issue-get": ("get", "/admin/certificates/issue/", None, dict.fromkeys(STAFF, 200), None),
    "issue-post": (
        "post",
        "/admin/certificates/issue/",
        {"user": "{other}", "course": "{course}"},
        dict.fromkeys(STAFF, 302),
        "certificates",
    ),
    "names-get": ("get", "/admin/certificate-names/", None, dict.fromkeys(STAFF, 200), None),
    "names-post": (
        "post",
        "/admin/certificate-names/",
        {"request": "{request}", "decision": "approve"},
        dict.fromkeys(STAFF, 302),
        "certificates",
    ),
    "cohort-issue-get": (
        "get",
        "/admin/cohorts/{cohort}/issue-certificates/",
        None,
        dict.fromkeys(STAFF, 200),
        None,
    ),
    "cohort-issue-post": (
        "post",
        "/admin/cohorts/{cohort}/issue-certificates/",
        {},
        dict.fromkeys(STAFF, 302),
        "certificates",
    ),
}


@pytest.fixture
def world(
    certificate, course, other_learner, make_user, content_editor, programme_admin, superuser
):
    """Amara's certificate; Cal's certificate with a name request waiting; a cohort with Dee,
    who finished offline and has no certificate yet."""
    cal = make_user(email="cal@example.org", name="Cal Cohen")
    cal_certificate = certificate_issue(user=cal, course=course)
    request = name_change_request(
        certificate=cal_certificate, user=cal, requested_name="Cal Cohen-Smith"
    )
    cohort = Cohort.objects.create(name="Spring", course=course, starts_on=date(2026, 9, 1))
    dee = make_user(email="dee@example.org", name="Dee Offline")
    cohort_join(cohort=cohort, user=dee)
    Enrolment.objects.filter(user=dee).update(completed_at=timezone.now())
    return {
        "certificate": certificate,
        "people": {
            ANON: None,
            OWNER: certificate.user,
            OTHER: other_learner,
            EDITOR: content_editor,
            ADMIN: programme_admin,
            SUPER: superuser,
        },
        "values": {
            "code": certificate.display_code,
            "pk": certificate.pk,
            "other": other_learner.pk,
            "course": course.pk,
            "request": request.pk,
            "cohort": cohort.pk,
        },
    }


def fill(value, values):
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value


def state(certificate) -> dict:
    certificate.refresh_from_db()
    return {
        "status": certificate.status,
        "certificates": Certificate.objects.count(),
        "events": CertificateEvent.objects.count(),
        "name_requests": NameChangeRequest.objects.count(),
        "decided": NameChangeRequest.objects.exclude(status="pending").count(),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_access_matrix(client, world, endpoint, role):
    method, path, data, allowed, changes = ENDPOINTS[endpoint]
    path, data = fill(path, world["values"]), fill(data, world["values"])
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    before = state(world["certificate"])

    response = getattr(client, method)(path, data)

    after = state(world["certificate"])
    if role in allowed:
        assert response.status_code == allowed[role], (endpoint, role)
        if changes:
            assert after[changes] != before[changes], f"{endpoint} did nothing for {role}"
        return
    assert after == before, f"{endpoint} changed something for {role}"
    if role == ANON:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif path.startswith("/admin/"):
        assert response.status_code in (302, 403, 404), (endpoint, role)
        if response.status_code == 302:
            assert response["Location"] in ("/admin/", f"/accounts/login/?next={path}")
    else:
        assert response.status_code == 404, (endpoint, role)
        assert "Amara" not in page_text(response), "a 404 names nothing"
