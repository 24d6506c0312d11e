"""Point 6: learners find their certificates on My learning, download and share them, and ask
for a wrong name to be corrected; a programme admin approves (reissue) or declines."""

from html import unescape

import pytest

from learning.certificates.models import Certificate, CertificateEvent, NameChangeRequest
from tests.certificates.conftest import page_text, pdf_text, response_bytes, write_pdf


def name_url(certificate):
    return f"/dashboard/certificates/{certificate.display_code}/name/"


def test_dashboard_lists_the_certificate_with_download_and_share_link(client, certificate):
    client.force_login(certificate.user)

    response = client.get("/dashboard/")

    html = unescape(response.content.decode())
    assert "Your certificates" in page_text(response)
    assert certificate.display_code in html
    assert f'href="/certificates/{certificate.display_code}/pdf/"' in html
    share = f"http://testserver/certificates/{certificate.display_code}/"
    assert f'value="{share}"' in html
    assert client.get(share.removeprefix("http://testserver")).status_code == 200


def test_dashboard_of_someone_else_does_not_show_the_certificate(
    client, certificate, other_learner
):
    client.force_login(other_learner)

    assert certificate.display_code not in client.get("/dashboard/").content.decode()


def test_owner_asks_for_a_name_correction(client, certificate):
    client.force_login(certificate.user)

    form = client.get(name_url(certificate))
    response = client.post(
        name_url(certificate), {"requested_name": "  Amara   Okafor-Reid ", "reason": "Married"}
    )

    assert form.status_code == 200
    assert 'value="Amara Okafor"' in form.content.decode()
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    request = NameChangeRequest.objects.get()
    assert (request.requested_name, request.reason, request.status) == (
        "Amara Okafor-Reid",
        "Married",
        "pending",
    )
    event = certificate.events.get(action=CertificateEvent.Action.NAME_REQUESTED)
    assert event.by == certificate.user
    dashboard = page_text(client.get("/dashboard/"))
    assert "You asked for your name to be changed to Amara Okafor-Reid" in dashboard


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_name_is_an_error_and_what_was_typed_is_kept(client, certificate, blank):
    client.force_login(certificate.user)

    response = client.post(
        name_url(certificate), {"requested_name": blank, "reason": "My passport says otherwise"}
    )

    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text
    assert "Enter your name as it should appear on the certificate" in text
    assert "My passport says otherwise</textarea>" in response.content.decode()
    assert not NameChangeRequest.objects.exists()


def test_a_second_request_while_one_is_waiting_is_refused(client, certificate):
    client.force_login(certificate.user)
    client.post(name_url(certificate), {"requested_name": "Amara Reid"})

    response = client.post(name_url(certificate), {"requested_name": "Amara R"})

    assert response.status_code == 400
    assert "already asked" in page_text(response)
    assert NameChangeRequest.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_owner_can_ask(client, certificate, other_learner, programme_admin, method):
    for person in (other_learner, programme_admin):
        client.force_login(person)
        response = getattr(client, method)(name_url(certificate), {"requested_name": "Mallory"})
        assert response.status_code == 404
        assert "Amara" not in page_text(response)
    client.logout()
    anonymous = getattr(client, method)(name_url(certificate), {"requested_name": "Mallory"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    assert not NameChangeRequest.objects.exists()


def _ask(client, certificate, name="Amara Okafor-Reid"):
    client.force_login(certificate.user)
    client.post(name_url(certificate), {"requested_name": name})
    client.logout()
    return NameChangeRequest.objects.get()


def test_admin_approves_and_the_certificate_is_reissued_in_the_new_name(
    client, certificate, programme_admin, tmp_path, django_capture_on_commit_callbacks
):
    request = _ask(client, certificate)
    client.force_login(programme_admin)
    listing = client.get("/admin/certificate-names/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/certificate-names/", {"request": request.pk, "decision": "approve"}
        )

    assert "Amara Okafor-Reid" in page_text(listing)
    assert response.status_code == 302
    certificate.refresh_from_db()
    new = Certificate.objects.get(user=certificate.user, status="valid")
    assert new.pk != certificate.pk and new.holder_name == "Amara Okafor-Reid"
    assert certificate.status == "replaced" and certificate.replaced_by == new
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", programme_admin)
    assert certificate.events.filter(action="name_approved", by=programme_admin).exists()
    certificate.user.refresh_from_db()
    assert certificate.user.name == "Amara Okafor-Reid"
    client.logout()
    old_page = client.get(certificate.get_absolute_url())
    assert "This certificate has been replaced" in page_text(old_page)
    assert f'href="/certificates/{new.display_code}/"' in old_page.content.decode()
    pdf = response_bytes(client.get(f"/certificates/{new.display_code}/pdf/"))
    assert "Amara Okafor-Reid" in pdf_text(write_pdf(pdf, tmp_path, "new"))


def test_admin_declines_and_nothing_is_reissued(client, certificate, programme_admin):
    request = _ask(client, certificate)
    client.force_login(programme_admin)

    client.post("/admin/certificate-names/", {"request": request.pk, "decision": "decline"})

    certificate.refresh_from_db()
    request.refresh_from_db()
    assert certificate.status == "valid" and certificate.holder_name == "Amara Okafor"
    assert Certificate.objects.count() == 1
    assert request.status == "declined"
    assert certificate.events.filter(action="name_declined", by=programme_admin).exists()
    certificate.user.refresh_from_db()
    assert certificate.user.name == "Amara Okafor"


def test_a_decided_request_cannot_be_decided_again(client, certificate, programme_admin):
    request = _ask(client, certificate)
    client.force_login(programme_admin)
    client.post("/admin/certificate-names/", {"request": request.pk, "decision": "approve"})

    response = client.post(
        "/admin/certificate-names/", {"request": request.pk, "decision": "approve"}, follow=True
    )

    assert "already been decided" in response.content.decode()
    assert Certificate.objects.count() == 2
