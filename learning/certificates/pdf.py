"""Rendering certificates as PDF with WeasyPrint: one A4 landscape page, fonts embedded (the
Noto fonts bundled in static/certificates/fonts cover Latin, Greek, Cyrillic, Vietnamese,
Arabic, Hebrew and several Indic scripts; anything else falls back to a visible placeholder
glyph, never an error), a QR code to the public verification page, PDF metadata and the
tagged, accessible PDF/UA variant.

The renderer fetches only the site's own static and media files and data: URIs, never the
network or other files (SiteOnlyURLFetcher). One FontConfiguration lives for the whole process,
so fonts are loaded once, not per certificate.
"""

from __future__ import annotations

import mimetypes
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from learning.codes import format_code

BASE_URL = "https://camino.invalid/"  # relative URLs in the template resolve against this
DEFAULT_DESIGN = {
    "heading": "Certificate of completion",
    "statement": "has completed",
    "closing_text": (
        "Awarded for completing every required module: learning, putting it into practice, "
        "reflecting and sharing."
    ),
    "issuer": "Camino",
    "signatory_name": "",
    "signatory_role": "",
    "signature_image_id": None,
    "logo_image_id": None,
    "accent_colour": "#005eb8",
}


class FetchRefused(ValueError):
    pass


def _site_only_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteOnlyURLFetcher(URLFetcher):
        """Serves data: URIs and the site's own /static/ and /media/ files; refuses the rest
        (other schemes, other paths, file://, any network address)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
                raise FetchRefused(f"Refused to fetch {url[:80]!r}: not one of the site's files")
            path = unquote(parts.path)
            if ".." in path.split("/"):
                raise FetchRefused(f"Refused to fetch {url[:80]!r}")
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path[len(settings.STATIC_URL) :])
                if not found:
                    raise FetchRefused(f"No static file {path!r}")
                body = Path(found).read_bytes()
            elif path.startswith(settings.MEDIA_URL):
                name = path[len(settings.MEDIA_URL) :]
                if not default_storage.exists(name):
                    raise FetchRefused(f"No media file {path!r}")
                with default_storage.open(name) as handle:
                    body = handle.read()
            else:
                raise FetchRefused(f"Refused to fetch {url[:80]!r}: not a static or media file")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return SiteOnlyURLFetcher


def site_only_fetcher():
    return _site_only_fetcher_class()(fail_on_errors=False)


@lru_cache(maxsize=1)
def font_configuration():
    """One for the process: WeasyPrint then loads each bundled font once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def qr_data_uri(url: str) -> str:
    qr = segno.make(url, error="m")
    return qr.svg_data_uri(scale=4, border=0, dark="#212b32")


def _image_url(image_id: int | None) -> str | None:
    if not image_id:
        return None
    from wagtail.images.models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return None
    rendition = image.get_rendition("max-600x240")
    return BASE_URL.rstrip("/") + rendition.url


def verification_url(code: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/certificates/{format_code(code)}/"


def render_pdf(*, fields: dict, design: dict) -> bytes:
    """The certificate as PDF bytes. `fields` are the frozen facts (holder_name, course_title,
    completed_on, estimated_hours, framework_name, themes, code), `design` the frozen template."""
    from weasyprint import HTML

    design = {**DEFAULT_DESIGN, **(design or {})}
    code = fields["code"]
    context = {
        **fields,
        "design": design,
        "display_code": "-".join(code[i : i + 4] for i in range(0, len(code), 4)),
        "verify_url": verification_url(code),
        "qr": qr_data_uri(verification_url(code)),
        "logo_url": _image_url(design.get("logo_image_id")),
        "signature_url": _image_url(design.get("signature_image_id")),
        "hours": _hours(fields.get("estimated_hours")),
        "name_size": name_font_size(fields["holder_name"]),
    }
    html = render_to_string("certificates/certificate_pdf.html", context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=site_only_fetcher())
    return document.write_pdf(
        font_config=font_configuration(), pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )


def name_font_size(name: str) -> int:
    """Points for the holder's name: long names get smaller so the page stays one page and
    nothing runs into the code and verification address (names may be 200 characters)."""
    length = len(name)
    for limit, size in ((28, 32), (40, 28), (56, 22), (80, 18), (120, 14)):
        if length <= limit:
            return size
    return 11


def _hours(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"


def certificate_fields(certificate) -> dict:
    return {
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "completed_on": certificate.completed_on,
        "estimated_hours": certificate.estimated_hours,
        "framework_name": certificate.framework_name,
        "themes": certificate.themes,
        "issuer": certificate.issuer,
        "code": certificate.code,
    }


def preview_pdf_response(*, template) -> HttpResponse:
    """The editor's preview: the real PDF, for a made-up learner."""
    fields = {
        "holder_name": "Nguyễn Thị Minh Khai",
        "course_title": "Leading personalised care: foundations",
        "completed_on": timezone.localdate(),
        "estimated_hours": Decimal("6"),
        "framework_name": "Leadership for Personalised Care",
        "themes": [
            {"name": "Being", "capabilities": []},
            {"name": "Relating and Communicating", "capabilities": []},
        ],
        "issuer": template.issuer,
        "code": "PREV1EWC0DE2".replace("1", "7").replace("0", "Q"),
    }
    pdf = render_pdf(fields=fields, design=template.design())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
    return response


def certificate_pdf_render(*, certificate, force: bool = False):
    """Render once and store; later downloads are served from storage. (Below the services,
    which queue it as a background task: learning.certificates.tasks.)"""
    if certificate.pdf and not force:
        return certificate
    pdf = render_pdf(fields=certificate_fields(certificate), design=certificate.design)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
    certificate.pdf_rendered_at = timezone.now()
    certificate.save(update_fields=["pdf", "pdf_rendered_at"])
    return certificate
