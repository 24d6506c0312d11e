"""Learners' rich text, made safe on the server with nh3 before it is stored.

Allowed: paragraphs, line breaks, bold, italic, lists, links, quotes and headings. Links keep
only http, https and mailto addresses and always get rel="noopener noreferrer nofollow".
Everything else (scripts, event handlers, styles, images, SVG, iframes, data: and javascript:
links) is removed; the text inside harmless unknown tags is kept.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h2",
    "h3",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
DROP_WITH_CONTENT = {"script", "style", "svg", "math", "iframe", "object", "embed", "template"}
LINK_REL = "noopener noreferrer nofollow"


def text_to_html(text: str) -> str:
    """Plain text (typed without the editor) as paragraphs; every character kept as typed."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs if p)


def rich_text_clean(raw: str, *, is_html: bool | None = None) -> str:
    """Sanitised HTML. `is_html` says whether `raw` came from the editor (HTML) or the plain
    textarea (text); when unknown, text with no markup at all is taken as plain text."""
    raw = raw or ""
    if is_html is None:
        is_html = "<" in raw
    if not is_html:
        raw = text_to_html(raw)
    return html_clean(raw)


def html_clean(raw: str) -> str:
    """nh3 with the allowlist. Browsers' editors write lines as <div>: those become paragraphs
    instead of running together."""
    raw = re.sub(r"<div(\s[^>]*)?>", "<p>", raw or "", flags=re.I)
    raw = re.sub(r"</div\s*>", "</p>", raw, flags=re.I)
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
    if cleaned and not cleaned.startswith("<"):
        cleaned = f"<p>{cleaned}</p>"  # a bare line from the editor: stored as a paragraph
    return cleaned


def plain_text(cleaned_html: str) -> str:
    """Visible text of sanitised HTML: for search, length limits and excerpts."""
    text = re.sub(r"<br\s*/?>|</?(p|li|h2|h3|blockquote|ul|ol)(\s[^>]*)?>", "\n", cleaned_html)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(re.sub(r"\s*\n\s*", "\n", text)).strip()
