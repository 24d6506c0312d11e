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


def rich_text_clean(raw: str) -> str:
    """Sanitised HTML. Text typed without any markup becomes paragraphs."""
    raw = raw or ""
    if "<" not in raw:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", raw.replace("\r\n", "\n"))]
        raw = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs if p)
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned.strip()


def plain_text(cleaned_html: str) -> str:
    """Visible text of sanitised HTML: for search, length limits and excerpts."""
    text = re.sub(r"<br\s*/?>|</(p|li|h2|h3|blockquote)>", "\n", cleaned_html)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(re.sub(r"\n{3,}", "\n\n", text)).strip()
