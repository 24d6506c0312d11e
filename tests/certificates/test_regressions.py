"""Regressions found in review of certificates; each test failed before its fix."""

import html
import re
import threading

import pytest
from django.db import connection

from learning.certificates.models import Certificate, NameChangeRequest
from learning.certificates.services import (
    CertificateRefused,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    name_change_request,
)
from tests.certificates.conftest import (
    ARTIFACTS,
    listed_codes,
    poppler,
    render_png,
    response_bytes,
    write_pdf,
)

MM = 72 / 25.4


# --- 1. admin search by the code as it is printed -----------------------------------------


@pytest.mark.parametrize(
    "shown",
    [lambda c: c.display_code, lambda c: c.display_code.replace("-", " ")],
    ids=["grouped-with-dashes", "grouped-with-spaces"],
)
def test_admin_search_finds_a_certificate_by_its_code_as_printed(
    client,
    programme_admin,
    three,
    shown,
):
    """BUG: learning/wagtail_hooks.py CertificateViewSet.search_fields = ["code", ...] searches
    the stored code (K7QF3MZ9XW2D), but everyone reads and types it as printed, in groups
    (K7QF-3MZ9-XW2D): on the paper, the public page and the admin list itself. That search
    finds nothing."""
    cara = three[2]
    client.force_login(programme_admin)

    response = client.get("/admin/certificates/", {"q": shown(cara)})

    assert listed_codes(response) == {cara.display_code}


# --- 2. long names push the text over the code, the URL and the QR code ---------------------


def _words(pdf_path):
    out = poppler("pdftotext", pdf_path, "-bbox")
    return [
        (float(x0), float(y0), float(x1), float(y1), html.unescape(word))
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            out,
        )
    ]


LONG_NAMES = {
    # 120 characters: four lines at 32 pt.
    "long-120": "Maximiliana Wilhelmina Alexandra Konstantina Bartholomew-Fitzgerald "
    "von Hohenzollern-Sigmaringen Llewellyn ap Gruffydd",
    # 200 characters: the most User.name and Certificate.holder_name accept.
    "long-200": (
        "Maximiliana Wilhelmina Alexandra Konstantina Bartholomew-Fitzgerald von "
        "Hohenzollern-Sigmaringen Llewellyn ap Gruffydd Ó Catháin de la Cruz y Mendoza "
        "Oyelaran-Adebayo Nkemdirim Wolfeschlegelstein Smith"
    )[:200],
}


@pytest.mark.parametrize("key", list(LONG_NAMES))
def test_a_long_name_leaves_the_closing_text_clear_of_the_code_and_inside_the_frame(
    client, make_user, course, key
):
    """BUG: learning/templates/certificates/certificate_pdf.html lays the page out
    for a one- or two-line name: .frame has a fixed height (186mm), the footer holding the
    code, verification URL and QR is position:absolute at its bottom, and .name is 32pt with
    no limit on lines. A name the site accepts (User.name allows 200 characters, "as it
    should appear on your certificate") wraps to 4-6 lines and pushes the course, completion
    date, themes and closing text down over the code and URL and out of the frame (see
    test-artifacts/certificates/long-*.png). Fix: shrink the name's font size with its
    length (e.g. a size class chosen in render_pdf from len(holder_name): 32pt, 24pt, 18pt)
    and/or put the footer in normal flow, and test the longest allowed name."""
    name = LONG_NAMES[key]
    assert len(name) <= 200
    certificate = certificate_issue(
        user=make_user(email=f"{key}@example.org", name=name), course=course
    )

    pdf = response_bytes(client.get(f"/certificates/{certificate.display_code}/pdf/"))
    path = write_pdf(pdf, ARTIFACTS, key)
    render_png(path, ARTIFACTS / key)

    words = _words(path)
    body = {"Awarded", "reflecting", "sharing.", "Developing", "Completed"}
    footer = {certificate.display_code, "genuine"}
    body_bottom = max(w[3] for w in words if w[4] in body)
    footer_top = min(w[1] for w in words if w[4] in footer or "/certificates/" in w[4])
    frame_inner_bottom = (210 - 12 - 3) * MM
    assert body_bottom <= footer_top, (
        f"text runs {(body_bottom - footer_top) / MM:.1f} mm into the code and URL"
    )
    assert all(w[3] <= frame_inner_bottom for w in words), "text outside the frame"


# --- 3. approving a name change brings a revoked certificate back --------------------------


def test_approving_a_name_change_does_not_bring_back_a_revoked_certificate(
    client, certificate, programme_admin
):
    """BUG: learning/services/certificates.py name_change_decide() reissues the current
    certificate whatever its status. If the certificate was revoked after the learner asked
    (say, for fraud), approving the still-pending request calls certificate_reissue(), which
    accepts revoked certificates, and the learner holds a valid certificate again. Fix:
    in name_change_decide, refuse (CertificateRefused) or decline when `current.status !=
    VALID`; and/or have certificate_revoke() decline pending name requests."""
    request = name_change_request(
        certificate=certificate, user=certificate.user, requested_name="Amara Okafor-Reid"
    )
    client.force_login(programme_admin)
    client.post(
        f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "Completed by someone else"}
    )

    client.post("/admin/certificate-names/", {"request": request.pk, "decision": "approve"})

    assert not Certificate.objects.filter(user=certificate.user, status="valid").exists()
    certificate.refresh_from_db()
    assert certificate.status == "revoked", "the public page must still say revoked"


# --- 4. tampered admin form: 500 -----------------------------------------------------------


def test_name_decision_with_a_malformed_request_id_is_not_a_server_error(
    client, programme_admin, certificate
):
    """BUG (minor): learning/admin_views.py name_requests() does
    get_object_or_404(NameChangeRequest, pk=request.POST.get("request")); a non-numeric value
    raises ValueError (500). Fix: validate with a form (IntegerField) or catch ValueError and
    return 404/400."""
    client.raise_request_exception = False
    client.force_login(programme_admin)

    response = client.post("/admin/certificate-names/", {"request": "x", "decision": "approve"})

    assert response.status_code in (400, 404)
    assert not NameChangeRequest.objects.exists()


# --- 5. double submit of reissue / revoke (PostgreSQL) -------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrency needs PostgreSQL: SQLite serialises all writes, so two threads "
    "racing there prove nothing.",
)
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _twice_at_once(call, monkeypatch, first_write: list[str]):
    """Run `call` in two threads, forcing the interleaving a double click can produce where
    nothing prevents it: each thread, on reaching its first write (Certificate.save with
    update_fields=first_write), waits up to 3 seconds for the other to get there too. Without
    a row lock both arrive, having both passed their checks; with one, the second is held at
    the lock, the first goes on after the wait, and the second then sees the new state.
    Each thread closes its connection."""
    start, both_checked = threading.Barrier(2), threading.Barrier(2)
    waited: set[int] = set()
    real_save = Certificate.save

    def save(self, *args, **kwargs):
        me = threading.get_ident()
        if kwargs.get("update_fields") == first_write and me not in waited:
            waited.add(me)
            try:
                both_checked.wait(timeout=3)
            except threading.BrokenBarrierError:
                pass  # the other thread is held at the row lock: no race to force
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Certificate, "save", save)
    errors: list = [None, None]

    def run(index):
        try:
            start.wait(timeout=20)
            call()
        except BaseException as error:
            errors[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@needs_postgresql
@committed
def test_reissuing_the_same_certificate_twice_at_once_refuses_the_second_politely(
    learner, course, programme_admin, monkeypatch
):
    """Was a bug: learning/services/certificates.py certificate_reissue() checked the status
    of the in-memory certificate it was given, without locking the row. Two submissions of the
    reissue form (a double click, or two admins) both pass the check; the second then hits
    the one-valid-certificate constraint and raises IntegrityError, a 500 in the admin,
    instead of CertificateRefused("already been replaced"). Same pattern in
    certificate_revoke() and name_change_decide(). Fix: re-read the row with
    select_for_update() at the start of each (e.g. Certificate.objects.select_for_update()
    .get(pk=certificate.pk)) and check its status then."""
    certificate = certificate_issue(user=learner, course=course)

    errors = _twice_at_once(
        lambda: certificate_reissue(
            certificate=Certificate.objects.get(pk=certificate.pk), by=programme_admin
        ),
        monkeypatch,
        first_write=["status"],
    )

    unexpected = [e for e in errors if e is not None and not isinstance(e, CertificateRefused)]
    assert unexpected == []
    assert Certificate.objects.filter(user=learner, status="valid").count() == 1


@needs_postgresql
@committed
def test_revoking_the_same_certificate_twice_at_once_records_one_revocation(
    learner, course, programme_admin, monkeypatch
):
    """BUG: see above; certificate_revoke() has the same unlocked check, so a double
    submission records two "revoked" events and the second reason overwrites the first."""
    certificate = certificate_issue(user=learner, course=course)

    _twice_at_once(
        lambda: certificate_revoke(
            certificate=Certificate.objects.get(pk=certificate.pk),
            reason=f"Reason from {threading.get_ident()}",
            by=programme_admin,
        ),
        monkeypatch,
        first_write=["status", "revoked_at", "revoked_reason"],
    )

    assert certificate.events.filter(action="revoked").count() == 1


def test_a_certificate_whose_stored_pdf_has_gone_is_rendered_again_not_a_500(
    client, certificate, django_capture_on_commit_callbacks
):
    """Issue 17, failure 3: a stored PDF missing from storage answered 500."""
    from learning.certificates.pdf import certificate_pdf_render

    certificate_pdf_render(certificate=certificate)
    certificate.pdf.storage.delete(certificate.pdf.name)
    assert not certificate.pdf.storage.exists(certificate.pdf.name)

    response = client.get(f"/certificates/{certificate.display_code}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        ("A" * 5000, "", "Keep your name to 200 characters or fewer."),
        ("Amara\x00Okafor", "", "Remove the invisible control character"),
        ("Amara Okafor-Reid", "x" * 2001, "Keep the note to 2,000 characters or fewer."),
        ("Amara Okafor-Reid", "Married\x00", "Remove the invisible control character"),
    ],
)
def test_a_name_correction_with_an_overlong_or_control_character_is_refused_and_kept(
    client, certificate, learner, name, reason, message
):
    """Issue 17, failure 2: the form read raw POST data with no limit (a 500 on PostgreSQL)."""
    from learning.certificates.models import NameChangeRequest

    client.force_login(learner)
    response = client.post(
        f"/dashboard/certificates/{certificate.display_code}/name/",
        {"requested_name": name, "reason": reason},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert name.replace("\x00", "")[:50] in text.replace("\x00", ""), "what was typed is kept"
    assert not NameChangeRequest.objects.exists()
