"""Point 7: programme admins list, search and filter certificates, revoke (with a reason) and
reissue them; every action is recorded with who and when and shown on the inspect page."""

import pytest
from django.urls import reverse

from learning.certificates.models import Certificate, CertificateEvent
from learning.certificates.services import certificate_revoke
from tests.certificates.conftest import listed_codes, page_text


def test_list_shows_every_certificate(client, programme_admin, three):
    client.force_login(programme_admin)

    response = client.get("/admin/certificates/")

    assert response.status_code == 200
    assert listed_codes(response) == {c.display_code for c in three}
    assert "Ben Baker" in page_text(response)


@pytest.mark.parametrize(
    "query",
    [lambda c: "Cara Diaz", lambda c: "cara", lambda c: c.code, lambda c: c.code.lower()],
    ids=["full-name", "part-of-name", "code", "code-lowercase"],
)
def test_search_by_name_or_code(client, programme_admin, three, query):
    cara = three[2]
    client.force_login(programme_admin)

    response = client.get("/admin/certificates/", {"q": query(cara)})

    assert listed_codes(response) == {cara.display_code}


def test_filter_by_status(client, programme_admin, three):
    client.force_login(programme_admin)

    revoked = client.get("/admin/certificates/", {"status": "revoked"})
    valid = client.get("/admin/certificates/", {"status": "valid"})

    assert listed_codes(revoked) == {three[1].display_code}
    assert listed_codes(valid) == {three[0].display_code, three[2].display_code}


def snapshot(certificate):
    certificate.refresh_from_db()
    return (
        certificate.status,
        certificate.revoked_at,
        certificate.revoked_reason,
        certificate.replaced_by_id,
        Certificate.objects.count(),
        CertificateEvent.objects.count(),
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_without_a_reason_is_refused_and_changes_nothing(
    client, programme_admin, certificate, reason
):
    client.force_login(programme_admin)
    before = snapshot(certificate)

    response = client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": reason})

    assert response.status_code == 200
    assert "Give a reason for revoking the certificate" in response.content.decode()
    assert snapshot(certificate) == before


def test_revoking_with_a_reason_records_who_when_and_why(client, programme_admin, certificate):
    client.force_login(programme_admin)

    form = client.get(f"/admin/certificates/{certificate.pk}/revoke/")
    response = client.post(
        f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "Completed by a colleague"}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == f"/admin/certificates/inspect/{certificate.pk}/"
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Completed by a colleague"
    event = certificate.events.get(action="revoked")
    assert (event.by, event.note) == (programme_admin, "Completed by a colleague")
    assert event.at is not None


def test_revoking_twice_is_refused(client, programme_admin, certificate):
    client.force_login(programme_admin)
    client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "First"})

    response = client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "Second"})

    certificate.refresh_from_db()
    assert "Only a valid certificate can be revoked" in response.content.decode()
    assert certificate.revoked_reason == "First"
    assert certificate.events.filter(action="revoked").count() == 1


def test_reissuing_keeps_history_and_the_old_page_points_to_the_new(
    client, programme_admin, certificate
):
    client.force_login(programme_admin)

    form = client.get(f"/admin/certificates/{certificate.pk}/reissue/")
    response = client.post(
        f"/admin/certificates/{certificate.pk}/reissue/",
        {"holder_name": "Amara N. Okafor", "note": "Middle initial added"},
    )

    assert 'value="Amara Okafor"' in form.content.decode()
    new = Certificate.objects.get(status="valid")
    assert response["Location"] == f"/admin/certificates/inspect/{new.pk}/"
    certificate.refresh_from_db()
    assert certificate.status == "replaced" and certificate.replaced_by == new
    assert new.holder_name == "Amara N. Okafor" and new.issued_by == programme_admin
    assert [e.action for e in certificate.events.all()] == ["issued", "reissued"]
    assert certificate.events.get(action="reissued").by == programme_admin
    assert new.events.get().note.startswith(f"Replaces {certificate.display_code}")
    client.logout()
    old_page = client.get(certificate.get_absolute_url()).content.decode()
    assert f'href="/certificates/{new.display_code}/"' in old_page


def test_a_revoked_certificate_can_be_reissued(client, programme_admin, certificate):
    certificate_revoke(certificate=certificate, reason="Mistake", by=programme_admin)
    client.force_login(programme_admin)

    client.post(f"/admin/certificates/{certificate.pk}/reissue/", {"holder_name": "Amara Okafor"})

    new = Certificate.objects.get(status="valid")
    assert "Reissued after being revoked" in new.events.get().note


def test_reissuing_a_replaced_certificate_is_refused(client, programme_admin, certificate):
    client.force_login(programme_admin)
    client.post(f"/admin/certificates/{certificate.pk}/reissue/", {"holder_name": "A"})

    response = client.post(f"/admin/certificates/{certificate.pk}/reissue/", {"holder_name": "B"})

    assert "already been replaced" in response.content.decode()
    assert Certificate.objects.count() == 2


def test_inspect_page_shows_every_action_with_who(client, programme_admin, certificate):
    client.force_login(programme_admin)
    client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "Wrong course"})
    client.post(f"/admin/certificates/{certificate.pk}/reissue/", {"holder_name": "Amara Okafor"})
    url = reverse("certificate_admin:inspect", args=[certificate.pk])

    response = client.get(url)

    assert url == f"/admin/certificates/inspect/{certificate.pk}/"
    text = page_text(response)
    history = text[text.index("History") :]
    assert "Issued Camino (automatic) Issued automatically on completing the course" in history
    assert "Revoked Pat Programme Wrong course" in history
    assert "Reissued Pat Programme Replaced by" in history
    assert history.index("Issued") < history.index("Revoked") < history.index("Reissued")
    assert "Amara Okafor" in text


@pytest.mark.parametrize("who", ["programme_admin", "superuser"])
def test_certificates_cannot_be_added_edited_or_deleted_in_place(client, request, who, certificate):
    """Only the recorded actions change a certificate: Wagtail's generic forms refuse, even a
    superuser's. (Regression: superusers hold every permission, so those forms let them change
    a frozen certificate's name, or delete it, with no event recorded.)"""
    client.force_login(request.getfixturevalue(who))
    before = snapshot(certificate)

    for url in (
        "/admin/certificates/new/",
        f"/admin/certificates/edit/{certificate.pk}/",
        f"/admin/certificates/delete/{certificate.pk}/",
    ):
        shown = client.get(url)
        posted = client.post(url, {"holder_name": "Someone Else"})
        assert (shown.status_code, shown["Location"]) == (302, "/admin/"), url
        assert (posted.status_code, posted["Location"]) == (302, "/admin/"), url

    certificate.refresh_from_db()
    assert snapshot(certificate) == before
    listing = client.get("/admin/certificates/").content.decode()
    assert "Add certificate" not in listing
    assert f"/admin/certificates/edit/{certificate.pk}/" not in listing
    assert client.get(f"/admin/certificates/inspect/{certificate.pk}/").status_code == 200
