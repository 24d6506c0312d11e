"""Point 5: anyone can check a certificate at /certificates/. Typing is forgiven; the page says
who, what, when, by whom and whether it is valid, revoked or replaced; it is never indexed;
lookups are rate-limited; nonsense gets a friendly 404 with the form, never a 500."""

from urllib.parse import quote

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from learning.certificates.models import Certificate
from learning.certificates.services import certificate_reissue, certificate_revoke
from tests.certificates.conftest import page_text, response_bytes


def assert_noindex(response, *, meta=True):
    assert "noindex" in response["X-Robots-Tag"]
    if meta:
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_form_page_invites_a_code_and_is_not_indexed(client, db):
    response = client.get("/certificates/")

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert "Check a certificate" in page_text(response)
    assert_noindex(response)


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: f" {c[:4].lower()} {c[4:8]}-{c[8:].lower()} ",
        lambda c: f"{c[:4]}-{c[4:8]}-{c[8:]}",
        lambda c: f"{c[:4]} – {c[4:8]} — {c[8:]}",
        lambda c: "\t" + " ".join(c) + "\n",
    ],
    ids=["plain", "lower", "spaces-and-dashes", "grouped", "typographic-dashes", "spread-out"],
)
def test_the_form_forgives_case_spaces_and_dashes(client, certificate, typed):
    response = client.get("/certificates/", {"code": typed(certificate.code)})

    assert response.status_code == 302
    assert response["Location"] == f"/certificates/{certificate.display_code}/"


def test_the_example_from_the_issue_is_forgiven_too(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(code="K7QF3MZ9XW2D")

    response = client.get("/certificates/", {"code": " k7qf 3mz9-xw2d "}, follow=True)

    assert response.redirect_chain == [("/certificates/K7QF-3MZ9-XW2D/", 302)]
    assert "Amara Okafor" in page_text(response)


def test_the_page_itself_forgives_the_code_in_its_address(client, certificate):
    response = client.get(f"/certificates/{certificate.code.lower()}/")

    assert response.status_code == 200
    assert "Amara Okafor" in page_text(response)


def test_a_valid_certificate_shows_holder_course_date_issuer_and_status(
    client, certificate, course
):
    response = client.get(certificate.get_absolute_url())

    text = page_text(response)
    assert response.status_code == 200
    assert "This certificate is valid" in text
    assert "Awarded to Amara Okafor" in text
    assert f"Course {course.title} (about 4 hours)" in text
    assert f"Completed {date_format(certificate.completed_on, 'j F Y')}" in text
    assert "Issued by Camino on" in text
    assert "Themes developed Being" in text
    assert f'href="/certificates/{certificate.display_code}/pdf/"' in response.content.decode()
    assert_noindex(response)


def test_a_revoked_certificate_says_so_with_date_and_reason(client, certificate, programme_admin):
    certificate_revoke(
        certificate=certificate, reason="Completed by someone else", by=programme_admin
    )

    response = client.get(certificate.get_absolute_url())

    text = page_text(response)
    assert "This certificate has been revoked" in text
    assert f"Revoked on {date_format(timezone.localdate(), 'j F Y')}" in text
    assert "Reason: Completed by someone else" in text
    assert "This certificate is valid" not in text
    assert "/pdf/" not in response.content.decode(), "no download link"
    assert_noindex(response)


def test_a_replaced_certificate_links_to_the_current_one(client, certificate, programme_admin):
    second = certificate_reissue(certificate=certificate, by=programme_admin)
    third = certificate_reissue(certificate=second, by=programme_admin)

    oldest = client.get(certificate.get_absolute_url())
    current = client.get(third.get_absolute_url())

    assert "This certificate has been replaced" in page_text(oldest)
    assert f'<a href="/certificates/{third.display_code}/">' in oldest.content.decode()
    assert "This certificate is valid" not in page_text(oldest)
    assert "This certificate is valid" in page_text(current)
    assert_noindex(oldest)


BAD_CODES = {
    "traversal": "../../etc",
    "nul": "%00",
    "nul-char": "\x00",
    "sql": "' OR 1=1 --",
    "long": "A" * 200,
    "short": "K7QF-3MZ9",
    "one-too-many": "K7QF-3MZ9-XW2DA",
    "ambiguous-letters": "K7QF-3MZ9-XW2O",
    "script": "<script>alert(1)</script>",
    "well-formed-but-unknown": "K7QF-3MZ9-XW2D",
    "emoji": "😀😀😀😀😀😀😀😀😀😀😀😀",
}


def assert_friendly_not_found(response, key: str = ""):
    assert response.status_code == 404
    html = response.content.decode()
    if "\x00" in BAD_CODES.get(key, ""):
        # A control character is nobody's real code: the site's own 404 page answers it before
        # any view reads it (camino.middleware.RefuseControlCharactersMiddleware).
        assert "Page not found" in page_text(response)
        assert "<script>alert(1)</script>" not in html
        return
    assert "We could not find that certificate" in page_text(response)
    assert 'name="code"' in html, "the form is there to try again"
    assert "<script>alert(1)</script>" not in html
    assert_noindex(response)


@pytest.mark.parametrize("key", list(BAD_CODES))
def test_nonsense_typed_in_the_form_gets_a_friendly_404(client, db, key):
    """A well-formed code is first redirected to its page, which then says not found."""
    response = client.get("/certificates/", {"code": BAD_CODES[key]}, follow=True)
    assert_friendly_not_found(response, key)


@pytest.mark.parametrize("key", [k for k in BAD_CODES if "/" not in BAD_CODES[k]])
@pytest.mark.parametrize("suffix", ["", "pdf/"])
def test_nonsense_in_the_address_gets_a_friendly_404(client, db, key, suffix):
    response = client.get(f"/certificates/{quote(BAD_CODES[key], safe='')}/{suffix}")

    assert_friendly_not_found(response, key)


def test_a_path_like_code_in_the_address_is_a_404_not_an_error(client, db):
    response = client.get("/certificates/..%2F..%2Fetc/")

    assert response.status_code == 404


def test_more_than_30_lookups_a_minute_from_one_address_are_refused(client, certificate):
    statuses = [client.get(f"/certificates/K7QF-3MZ9-XW{n:02d}/").status_code for n in range(29)]
    statuses.append(client.get(certificate.get_absolute_url()).status_code)

    refused = client.get(certificate.get_absolute_url())
    refused_pdf = client.get(f"/certificates/{certificate.display_code}/pdf/")
    elsewhere = client.get(certificate.get_absolute_url(), REMOTE_ADDR="203.0.113.9")

    assert statuses == [404] * 29 + [200], "30 lookups are fine"
    assert refused.status_code == 429
    assert "Too many certificate checks" in page_text(refused)
    assert "Amara Okafor" not in page_text(refused)
    assert "noindex" in refused["X-Robots-Tag"]
    assert refused_pdf.status_code == 429
    assert elsewhere.status_code == 200, "the limit is per address"


def test_pdf_of_a_valid_certificate_is_served_as_pdf(client, certificate):
    response = client.get(f"/certificates/{certificate.display_code}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response_bytes(response).startswith(b"%PDF-")
    assert "noindex" in response["X-Robots-Tag"]


def test_pdf_of_a_revoked_certificate_is_gone(client, certificate, programme_admin):
    certificate_revoke(certificate=certificate, reason="Fraud", by=programme_admin)

    response = client.get(f"/certificates/{certificate.display_code}/pdf/")

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "has been revoked" in page_text(response)
    assert_noindex(response)


def test_pdf_of_a_replaced_certificate_is_gone(client, certificate, programme_admin):
    new = certificate_reissue(certificate=certificate, by=programme_admin)

    response = client.get(f"/certificates/{certificate.display_code}/pdf/")

    assert response.status_code == 410
    assert "has been replaced" in page_text(response)
    assert client.get(f"/certificates/{new.display_code}/pdf/").status_code == 200
