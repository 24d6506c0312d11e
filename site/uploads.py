"""Limits on what editors upload in the Wagtail admin, with errors that say what to do.

Images: Wagtail's own limits (WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_IMAGE_PIXELS,
WAGTAILIMAGES_EXTENSIONS), reworded by `ImageForm`. Wagtail already checks that an image's
contents match its extension.

Documents: Wagtail checks only the extension (WAGTAILDOCS_EXTENSIONS) and has no size limit,
so `DocumentForm` (WAGTAILDOCS_DOCUMENT_FORM_BASE) refuses a file over
DOCUMENT_MAX_UPLOAD_SIZE and one whose contents are not what its name says (a PDF that is
not a PDF, a .docx that is not a Word document, a .csv that is not text): documents are
downloaded by learners, who should get what the link promises.
"""

from __future__ import annotations

import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

# What each document extension's contents must look like: a PDF's first bytes, or the part a
# ZIP-based office file must contain (for OpenDocument, its declared type).
OFFICE_PARTS = {
    "docx": ("word/document.xml", "a Word document"),
    "pptx": ("ppt/presentation.xml", "a PowerPoint presentation"),
    "xlsx": ("xl/workbook.xml", "an Excel spreadsheet"),
}
OPENDOCUMENT_TYPES = {"odt": ("application/vnd.oasis.opendocument.text", "an OpenDocument text")}
TEXT_EXTENSIONS = {"csv": "a CSV file", "txt": "a text file"}


class ImageForm(BaseImageForm):
    """Wagtail's image form with its limits explained in plain words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:
            return
        most = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        field.error_messages["file_too_many_pixels"] = (
            "This image has too many pixels (%(num_pixels)s). Images can have up to "
            f"{most:,} pixels (for example {_example_size(most)}). Make it smaller in a photo "
            "editor and upload it again."
        )
        field.error_messages["file_too_large"] = (
            "This image is %(file_size)s. Images can be up to %(max_filesize)s. Make it "
            "smaller (a lower quality JPEG, or fewer pixels) and upload it again."
        )


def _example_size(pixels: int) -> str:
    """A 4:3 width × height with about this many pixels, to picture the limit."""
    unit = int((pixels / 12) ** 0.5)
    return f"{4 * unit:,} × {3 * unit:,}"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def document_contents_problem(upload, extension: str) -> str | None:
    """Why the file's contents are not what its extension says, or None."""
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    if extension == "pdf":
        return None if head.lstrip()[:5] == b"%PDF-" else "a PDF"
    if extension in OFFICE_PARTS or extension in OPENDOCUMENT_TYPES:
        part, what = OFFICE_PARTS.get(extension) or ("mimetype", OPENDOCUMENT_TYPES[extension][1])
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if part not in names:
                    return what
                if extension in OPENDOCUMENT_TYPES:
                    declared = archive.read("mimetype").decode("ascii", "replace").strip()
                    if declared != OPENDOCUMENT_TYPES[extension][0]:
                        return what
        except (zipfile.BadZipFile, OSError, ValueError):
            return what
        finally:
            upload.seek(0)
        return None
    if extension in TEXT_EXTENSIONS:
        return TEXT_EXTENSIONS[extension] if b"\x00" in head else None
    return None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing documents that are too big or not what their name
    says, with what to do about it."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "size") or "file" not in self.changed_data:
            return upload
        most = settings.DOCUMENT_MAX_UPLOAD_SIZE
        if upload.size > most:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}. Documents can be up to "
                f"{filesizeformat(most)}. Make it smaller (for a PDF, save it with a smaller "
                "file size or fewer pictures) or split it, and upload it again.",
                code="file_too_large",
            )
        extension = _extension(upload.name)
        expected = document_contents_problem(upload, extension)
        if expected:
            raise forms.ValidationError(
                f"This file's name ends in .{extension}, but it is not {expected}. Save the "
                f"document as .{extension} and upload that file, or give the file the right "
                "name.",
                code="wrong_contents",
            )
        return upload
