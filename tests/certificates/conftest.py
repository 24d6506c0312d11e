"""Fixtures for the certificate tests: people in each role, a learner who has completed the
`course` fixture (through the real services, so the completion hook issues the certificate),
and helpers that read PDFs with poppler as a person's PDF reader would."""

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Stored PDFs go to a fresh folder per test, so no test sees another's files."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_learner(make_user):
    return make_user(email="ben@example.org", name="Ben Baker")


def complete_course(user, course, stages=("learn", "do", "reflect")):
    """Every required module's stages, through the same service the stage buttons call."""
    from learning.services import enrolment_create, stage_complete

    enrolment_create(user=user, course=course)
    for module in course.test_modules:
        for stage in stages:
            stage_complete(user=user, module=module, stage=stage)


@pytest.fixture
def certificate(learner, course):
    """Amara's certificate, issued by the completion hook when she finished the course."""
    from learning.certificates.models import Certificate

    complete_course(learner, course)
    return Certificate.objects.get(user=learner, course=course, status="valid")


@pytest.fixture
def three(certificate, make_user, course, programme_admin):
    """Amara's valid certificate, Ben's revoked one and Cara's valid one."""
    from learning.certificates.services import certificate_issue, certificate_revoke

    ben = certificate_issue(
        user=make_user(email="ben@example.org", name="Ben Baker"), course=course
    )
    certificate_revoke(certificate=ben, reason="Duplicate account", by=programme_admin)
    cara = certificate_issue(
        user=make_user(email="cara@example.org", name="Cara Diaz"), course=course
    )
    return certificate, ben, cara


# --- reading pages and PDFs ----------------------------------------------------------------


def page_text(response) -> str:
    """The words on the page, tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|em|b|i|a|span|time|abbr|code)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


CODE_SHOWN = r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}"


def listed_codes(response) -> set[str]:
    """The certificate codes (as displayed) on a page."""
    return set(re.findall(CODE_SHOWN, page_text(response)))


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def poppler(tool: str, pdf_path: Path, *args: str) -> str:
    result = subprocess.run(
        [f"/usr/bin/{tool}", *args, str(pdf_path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def pdf_info(pdf_path: Path) -> dict[str, str]:
    out = poppler("pdfinfo", pdf_path)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def pdf_fonts(pdf_path: Path) -> list[dict[str, str]]:
    """pdffonts' table as rows; columns found from the dashes under the header."""
    lines = poppler("pdffonts", pdf_path).splitlines()
    header, dashes, rows = lines[0], lines[1], lines[2:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    names = [header[a:b].strip() for a, b in spans]
    return [
        {name: row[a:b].strip() for name, (a, b) in zip(names, spans, strict=True)} for row in rows
    ]


def pdf_text(pdf_path: Path, *, layout: bool = True) -> str:
    return poppler("pdftotext", pdf_path, *(["-layout"] if layout else []))


def write_pdf(pdf_bytes: bytes, directory: Path, stem: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stem}.pdf"
    path.write_bytes(pdf_bytes)
    return path


def render_png(pdf_path: Path, out_stem: Path, dpi: int = 150) -> Path:
    out_stem.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["/usr/bin/pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf_path), str(out_stem)],
        check=True,
        timeout=60,
    )
    return out_stem.with_suffix(".png")
