"""Helpers for the journal tests."""

import re
import subprocess
import tempfile
from html import unescape
from html.parser import HTMLParser

from reflections import services

KINDS = ["private", "shared", "withdrawn"]
MADE_UP_SHARE_ID = 987_654
# Markers that must appear in no response to anyone but the owner (the words of the owner's
# private, shared and withdrawn entries).
SECRETS = {kind: (f"{kind.upper()}-TITLE-q7Zx", f"{kind.upper()}-BODY-w3Vb") for kind in KINDS}


def entry(owner, title="A quiet Tuesday", body="<p>I listened more than I spoke.</p>", **kw):
    return services.entry_create(owner=owner, title=title, body=body, **kw)


def page_text(response) -> str:
    """The words on the page, tags removed, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _poppler(tool: str, data: bytes, *args: str) -> str:
    assert data.startswith(b"%PDF"), data[:40]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            [f"/usr/bin/{tool}", *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode()


def pdf_text(data: bytes) -> str:
    """The text of a PDF, through poppler's pdftotext."""
    return _poppler("pdftotext", data, "-layout")


def pdf_info(data: bytes) -> dict[str, str]:
    """poppler's pdfinfo as a dict ("Pages", "Page size", "Title", ...)."""
    lines = _poppler("pdfinfo", data).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def body(response) -> str:
    """The response as text, whatever it is (PDFs through pdftotext)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        return pdf_text(content)
    return content.decode(errors="replace")


def no_store(response) -> bool:
    header = response.get("Cache-Control", "")
    return "private" in header and "no-store" in header


class _Inspector(HTMLParser):
    """Finds markup in a page that could run a script or load something."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.problems: list[str] = []
        self.raw_text = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in self.URL_ATTRIBUTES and squashed.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
            if self.marker in value and name not in ("value", "content"):
                self.problems.append(f"marker in <{tag} {name}=...>")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.problems.append(f"<{tag}>")
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append("<script> not from /static/")
        if tag in ("script", "style"):
            self.raw_text = tag

    def handle_endtag(self, tag):
        if tag == self.raw_text:
            self.raw_text = None

    def handle_data(self, data):
        if self.raw_text and self.marker in data:
            self.problems.append(f"marker inside <{self.raw_text}>")


def dangerous_markup(html: str, marker: str = "XSS") -> list[str]:
    """What in `html` could run a script (event handlers, javascript:/data: links, inline
    or foreign scripts, frames) or carries `marker` somewhere it could execute."""
    inspector = _Inspector(marker)
    inspector.feed(html)
    inspector.close()
    return inspector.problems
