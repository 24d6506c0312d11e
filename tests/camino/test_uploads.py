"""Issue 17, item 10 (e): editors' uploads are limited (image pixels and size, document size
and type) and each refusal says what to do, through the Wagtail admin as a content editor.
The document tests fail on the old code (any size, any contents with an allowed extension)."""

import io
import re
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, content_editor, home_page):
    client.force_login(content_editor)
    return client


def errors(response) -> str:
    """The page's words (no-break spaces, as in "2.0 KB", become plain spaces)."""
    html = unescape(response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 94, 184)).save(out, "PNG")
    return out.getvalue()


def add_image(client, name: str, data: bytes):
    return client.post(
        "/admin/images/add/",
        {
            "title": "A picture",
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def add_document(client, name: str, data: bytes):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "A document",
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_limits_are_the_documented_ones(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 50_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.DOCUMENT_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert "exe" not in settings.WAGTAILDOCS_EXTENSIONS and "svg" not in (
        settings.WAGTAILIMAGES_EXTENSIONS
    )


def test_an_editor_uploads_an_ordinary_image(editor_client):
    response = add_image(editor_client, "team.png", png(40, 30))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="A picture").exists()


def test_an_image_with_too_many_pixels_is_refused_with_what_to_do(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_200
    response = add_image(editor_client, "poster.png", png(60, 30))
    assert response.status_code == 200
    text = errors(response)
    assert "This image has too many pixels (1800). Images can have up to 1,200 pixels" in text
    assert "Make it smaller in a photo editor and upload it again." in text
    assert not get_image_model().objects.exists()


def test_an_image_too_big_is_refused_with_what_to_do(editor_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20
    response = add_image(editor_client, "team.png", png(40, 30))
    text = errors(response)
    assert "Images can be up to 20 bytes. Make it smaller" in text
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("handbook.pdf", PDF),
        ("notes.docx", office("word/document.xml")),
        ("slides.pptx", office("ppt/presentation.xml")),
        ("figures.xlsx", office("xl/workbook.xml")),
        ("people.csv", b"name,role\nAmara,learner\n"),
        ("readme.txt", "Plain words, café.".encode()),
    ],
)
def test_an_editor_uploads_documents_of_each_allowed_kind(editor_client, name, data):
    response = add_document(editor_client, name, data)
    assert response.status_code == 302, errors(response)
    assert get_document_model().objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "handbook.pdf",
            b"MZ\x90\x00 this is a program",
            "This file's name ends in .pdf, but it is not a PDF.",
        ),
        ("notes.docx", PDF, "This file's name ends in .docx, but it is not a Word document."),
        (
            "figures.xlsx",
            office("word/document.xml"),
            "This file's name ends in .xlsx, but it is not an Excel spreadsheet.",
        ),
        ("people.csv", b"\x00\x01\x02binary", "but it is not a CSV file."),
        ("setup.exe", b"MZ\x90\x00", "File extension \u201cexe\u201d is not allowed."),
    ],
)
def test_a_document_that_is_not_what_its_name_says_is_refused(editor_client, name, data, message):
    response = add_document(editor_client, name, data)
    assert response.status_code == 200
    assert message in errors(response)
    assert not get_document_model().objects.exists()


def test_a_document_over_the_size_limit_is_refused_with_what_to_do(editor_client, settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1_000
    response = add_document(editor_client, "handbook.pdf", PDF + b"%" * 2_000)
    text = errors(response)
    assert "This file is 2.0 KB. Documents can be up to 1000 bytes. Make it smaller" in text
    assert not get_document_model().objects.exists()
    ok = add_document(editor_client, "handbook.pdf", PDF)
    assert ok.status_code == 302
