"""Point 4: the PDF. One A4 landscape page, fonts embedded, metadata, tagged, the code, the
verification URL and a QR code that encodes it; names in many scripts print exactly with no
missing glyphs; markup in a name is printed as text; the renderer fetches only the site's own
files; rendered once, stored, and served from storage afterwards."""

import logging
import re
import socket
import threading
import unicodedata

import pytest
import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

import learning.certificates.pdf
from learning.certificates.models import Certificate, CertificateTemplate, CourseCertificateDesign
from learning.certificates.pdf import BASE_URL, FetchRefused, site_only_fetcher
from learning.certificates.services import certificate_issue, certificate_reissue
from tests.certificates.conftest import (
    ARTIFACTS,
    pdf_fonts,
    pdf_info,
    pdf_text,
    poppler,
    render_png,
    response_bytes,
    write_pdf,
)

A4_LANDSCAPE_PTS = (841.89, 595.28)


def download(client, certificate) -> bytes:
    response = client.get(f"/certificates/{certificate.display_code}/pdf/")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response_bytes(response)


def qr_on_page_matches(png_path, url: str, dpi: int) -> float:
    """Share of the QR's modules that match, on the rendered page, the QR code for `url`.

    The QR sits at the bottom right; find its bounding box (the right-most block of dark,
    neutral-grey pixels there: the frame is blue, the QR #212b32), then sample the centre of
    each module and compare with segno's matrix for the URL."""
    image = Image.open(png_path).convert("RGB")
    width, height = image.size
    px = image.load()
    per_mm = dpi / 25.4
    left_bound, top_bound = int(width - 60 * per_mm), int(height - 60 * per_mm)

    def dark(x, y):
        r, g, b = px[x, y]
        return max(r, g, b) < 110 and abs(r - b) < 60

    columns = [
        x for x in range(left_bound, width) if any(dark(x, y) for y in range(top_bound, height))
    ]
    assert columns, "nothing dark at the bottom right: no QR code"
    block = [columns[-1]]
    for x in reversed(columns[:-1]):
        if block[-1] - x > 2 * per_mm:  # a gap wider than 2 mm ends the QR block
            break
        block.append(x)
    left, right = min(block), max(block)
    rows = [y for y in range(top_bound, height) if any(dark(x, y) for x in range(left, right + 1))]
    top, bottom = min(rows), max(rows)
    matrix = [list(row) for row in segno.make(url, error="m").matrix]
    n = len(matrix)
    module_w, module_h = (right - left + 1) / n, (bottom - top + 1) / n
    matches = sum(
        dark(int(left + (j + 0.5) * module_w), int(top + (i + 0.5) * module_h)) == bool(cell)
        for i, row in enumerate(matrix)
        for j, cell in enumerate(row)
    )
    return matches / (n * n)


def test_pdf_is_one_tagged_a4_landscape_page_with_fonts_metadata_code_url_and_qr(
    client, learner, course, tmp_path
):
    template = CertificateTemplate.objects.create(name="Academy", issuer="Camino Academy")
    CourseCertificateDesign.objects.create(template=template, course=course)
    certificate = certificate_issue(user=learner, course=course)

    path = write_pdf(download(client, certificate), tmp_path, "certificate")

    info = pdf_info(path)
    assert info["Pages"] == "1"
    size = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
    assert (float(size[1]), float(size[2])) == pytest.approx(A4_LANDSCAPE_PTS, abs=0.05)
    assert info["Tagged"] == "yes"
    assert "Amara Okafor" in info["Title"] and course.title in info["Title"]
    assert info["Author"] == "Camino Academy"
    fonts = pdf_fonts(path)
    assert fonts, "text is set in fonts"
    assert all(font["emb"] == "yes" for font in fonts), fonts
    assert all(font["name"].split("+")[-1].startswith("Camino-") for font in fonts), (
        "only the bundled fonts, not whatever the server has installed"
    )
    text = pdf_text(path)
    verify_url = (
        f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/certificates/{certificate.display_code}/"
    )
    assert certificate.display_code in text
    assert verify_url in text
    png = render_png(path, tmp_path / "page", dpi=200)
    assert qr_on_page_matches(png, verify_url, dpi=200) >= 0.99, "the QR code encodes the URL"


def test_qr_check_tells_a_different_url_apart(client, certificate, tmp_path):
    """The QR check above can fail: the printed QR does not match another certificate's URL."""
    path = write_pdf(download(client, certificate), tmp_path, "c")
    png = render_png(path, tmp_path / "page", dpi=200)
    other = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/certificates/K7QF-3MZ9-XW2D/"

    # Same prefix, so many modules agree; error correction makes at least ~100 differ.
    assert qr_on_page_matches(png, other, dpi=200) < 0.97


NAMES = {
    "welsh": "Siân Llŷr",
    "swedish": "Zoë Ångström",
    "vietnamese": "Nguyễn Thị Minh Khai",
    "polish": "Łukasz Żółć",
    "greek": "Αλέξανδρος",
    "arabic": "محمد",
    "irish": "José Álvarez-Ó'Brien",
}
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def _issue_for_name(make_user, course, name, email):
    return certificate_issue(user=make_user(email=email, name=name), course=course)


@pytest.mark.parametrize("key", list(NAMES))
def test_names_print_exactly_with_no_missing_glyphs(client, make_user, course, caplog, key):
    name = NAMES[key]
    certificate = _issue_for_name(make_user, course, name, f"{key}@example.org")

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = download(client, certificate)

    path = write_pdf(pdf, ARTIFACTS, key)
    render_png(path, ARTIFACTS / key)
    missing = [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    assert missing == [], missing
    text = pdf_text(path).translate(BIDI_CONTROLS)
    if key == "arabic":
        # pdftotext may reorder right-to-left text; the letters must all be there.
        letters = unicodedata.normalize("NFKC", text)
        assert all(letters.count(ch) >= name.count(ch) for ch in set(name))
    else:
        assert name in text
    assert name in pdf_info(path)["Title"]
    assert all(font["emb"] == "yes" for font in pdf_fonts(path))


def test_a_script_no_bundled_font_covers_gets_a_placeholder_glyph_not_a_crash(
    client, make_user, course, caplog
):
    certificate = _issue_for_name(make_user, course, "漢字 Tanaka", "kanji@example.org")

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = download(client, certificate)

    path = write_pdf(pdf, ARTIFACTS, "cjk-fallback")
    render_png(path, ARTIFACTS / "cjk-fallback")
    assert pdf_info(path)["Pages"] == "1"
    missing = " ".join(r.getMessage() for r in caplog.records if ".notdef" in r.getMessage())
    assert "U+6F22" in missing and "U+5B57" in missing, "drawn as a visible placeholder"
    text = pdf_text(path)
    assert "Tanaka" in text and certificate.display_code in text


def test_markup_in_a_name_is_printed_as_text(client, make_user, course):
    name = "<b>Bob</b> <script>alert(1)</script>"
    certificate = _issue_for_name(make_user, course, name, "bob@example.org")

    path = write_pdf(download(client, certificate), ARTIFACTS, "markup")
    render_png(path, ARTIFACTS / "markup")

    assert name in pdf_text(path)
    assert name in pdf_info(path)["Title"]
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page


# --- the URL fetcher ------------------------------------------------------------------------


def test_fetcher_serves_data_uris_static_and_media_files(db):
    fetcher = site_only_fetcher()
    font = (
        settings.BASE_DIR / "learning/certificates/static/certificates/fonts/NotoSans-Regular.ttf"
    ).read_bytes()
    saved = default_storage.save("logos/mark.txt", ContentFile(b"our own media"))

    data = fetcher.fetch("data:text/plain;base64,SGVsbG8=")
    static = fetcher.fetch(f"{BASE_URL}static/certificates/fonts/NotoSans-Regular.ttf")
    media = fetcher.fetch(f"{BASE_URL}media/{saved}")

    assert data.read() == b"Hello"
    assert static.read() == font
    assert media.read() == b"our own media"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.png",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/static/certificates/fonts/OFL.txt",
        "http://camino.invalid/static/certificates/fonts/OFL.txt",
        "https://camino.invalid:8443/static/certificates/fonts/OFL.txt",
        "https://user@camino.invalid/static/certificates/fonts/OFL.txt",
        "ftp://camino.invalid/static/certificates/fonts/OFL.txt",
        "https://camino.invalid/etc/passwd",
        "https://camino.invalid/static/../../../../etc/passwd",
        "https://camino.invalid/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "https://camino.invalid/media/../../camino/settings/base.py",
        "https://camino.invalid/static/learning/../../../manage.py",
        "https://camino.invalid/admin/",
        "https://camino.invalid/certificates/",
        "https://camino.invalid/",
    ],
)
def test_fetcher_refuses(url, db):
    with pytest.raises(FetchRefused):
        site_only_fetcher().fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://camino.invalid/static//etc/passwd",
        "https://camino.invalid/media//etc/passwd",
        "https://camino.invalid/static/%2fetc%2fpasswd",
    ],
)
def test_fetcher_refuses_absolute_paths_inside_static_and_media(url, db):
    """Refused by Django's safe_join rather than by the fetcher's own check, but refused."""
    with pytest.raises(Exception) as refused:
        site_only_fetcher().fetch(url)
    assert "root:" not in str(refused.value)


class ListeningServer:
    """A TCP server on 127.0.0.1 (random port) that records every connection it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listening_server():
    server = ListeningServer()
    yield server
    server.close()


def _red_png(tmp_path):
    path = tmp_path / "red.png"
    Image.new("RGB", (8, 8), (255, 0, 0)).save(path)
    return path


def _hostile_html(port, png):
    return (
        f'<img src="http://127.0.0.1:{port}/x.png">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
        f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">text</p>'
        f'<img src="file://{png}"><img src="file:///etc/hostname">'
    )


def _image_count(pdf_bytes, tmp_path, stem):
    listing = poppler("pdfimages", write_pdf(pdf_bytes, tmp_path, stem), "-list")
    return len(listing.splitlines()) - 2


def test_renderer_fetches_nothing_from_the_network_or_the_disk(listening_server, tmp_path, db):
    from weasyprint import HTML

    html = _hostile_html(listening_server.port, _red_png(tmp_path))

    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=site_only_fetcher()).write_pdf()

    assert pdf.startswith(b"%PDF-")
    assert listening_server.connections == 0
    assert _image_count(pdf, tmp_path, "site-only") == 0


def test_control_weasyprints_default_fetcher_would_have_fetched_both(listening_server, tmp_path):
    """Proves the test above can fail: without the site-only fetcher the same HTML reaches the
    server and embeds the file from disk."""
    from weasyprint import HTML

    html = _hostile_html(listening_server.port, _red_png(tmp_path))

    pdf = HTML(string=html, base_url=BASE_URL).write_pdf()

    assert listening_server.connections >= 1
    assert _image_count(pdf, tmp_path, "default") >= 1


def test_an_image_tag_in_a_certificate_field_fetches_nothing(
    client, make_user, course, listening_server
):
    name = f'<img src="http://127.0.0.1:{listening_server.port}/x.png"> Eve'
    certificate = _issue_for_name(make_user, course, name, "eve@example.org")

    pdf = download(client, certificate)

    assert pdf.startswith(b"%PDF-")
    assert listening_server.connections == 0


# --- rendered once, stored ------------------------------------------------------------------


@pytest.fixture
def render_calls(monkeypatch):
    """Counts calls to the real renderer (and still renders)."""
    calls = []
    real = learning.certificates.pdf.render_pdf

    def counting(**kwargs):
        calls.append(kwargs["fields"]["code"])
        return real(**kwargs)

    monkeypatch.setattr(learning.certificates.pdf, "render_pdf", counting)
    return calls


def test_first_download_renders_and_stores_later_ones_are_served_from_storage(
    client, certificate, render_calls, programme_admin, django_capture_on_commit_callbacks
):
    assert not certificate.pdf

    first = download(client, certificate)
    certificate.refresh_from_db()
    rendered_at = certificate.pdf_rendered_at
    second = download(client, certificate)
    certificate.refresh_from_db()

    assert render_calls == [certificate.code]
    assert certificate.pdf_rendered_at == rendered_at is not None
    with certificate.pdf.open("rb") as handle:
        assert handle.read() == first == second

    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=certificate, by=programme_admin)
    new.refresh_from_db()

    assert render_calls == [certificate.code, new.code], "reissuing renders a new PDF"
    assert new.pdf.name != certificate.pdf.name
    assert download(client, new) != first
    assert render_calls == [certificate.code, new.code], "and that one is stored too"


def test_pdf_rendered_by_the_task_at_issue_is_what_is_downloaded(
    client, learner, course, render_calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(user=learner, course=course)
    certificate.refresh_from_db()
    assert render_calls == [certificate.code]

    pdf = download(client, certificate)

    assert render_calls == [certificate.code]
    with certificate.pdf.open("rb") as handle:
        assert handle.read() == pdf
    assert Certificate.objects.get(pk=certificate.pk).pdf_rendered_at == certificate.pdf_rendered_at
