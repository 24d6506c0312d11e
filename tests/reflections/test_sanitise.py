"""reflections.sanitise: nh3 with an allowlist, safe links, paragraphs from plain text."""

import re

import pytest

from reflections.sanitise import LINK_REL, plain_text, rich_text_clean

# (payload, words that must not survive in any form)
XSS_PAYLOADS = [
    ("<script>alert('x1')</script>kept", ["<script", "alert"]),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>kept", ["<script", "evil.example"]),
    ("<img src=x onerror=alert('x2')>kept", ["<img", "onerror", "alert"]),
    ("<svg onload=alert('x3')><circle r=1 /></svg>kept", ["<svg", "onload", "alert", "circle"]),
    ("<svg><script>alert('x4')</script></svg>kept", ["<svg", "<script", "alert"]),
    ("<a href=\"javascript:alert('x5')\">link</a>", ["javascript", "alert", "href"]),
    (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
        ["data:", "href"],
    ),
    ("<a href=\" JaVaScRiPt:alert('x6')\">link</a>", ["javascript", "alert", "href"]),
    ("<a href=\"&#106;&#97;vascript:alert('x7')\">link</a>", ["javascript", "alert", "href", "&#"]),
    ("<a href=\"&#x6A;avascript&colon;alert('x8')\">link</a>", ["javascript", "alert", "href"]),
    ("<a href=\"java\tscript:alert('x9')\">link</a>", ["script", "alert", "href"]),
    ('<a href="vbscript:msgbox(1)">link</a>', ["vbscript", "href"]),
    ('<iframe src="https://evil.example/"></iframe>kept', ["<iframe", "evil.example"]),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>kept', ["iframe", "alert"]),
    ('<p style="background:url(javascript:alert(1))">kept</p>', ["style", "javascript", "alert"]),
    ("<style>body{display:none}</style>kept", ["<style", "display"]),
    (
        '<p onclick="alert(\'x10\')" onmouseover="alert(1)">kept</p>',
        ["onclick", "onmouseover", "alert"],
    ),
    (
        '<math><mi xlink:href="javascript:alert(1)">m</mi></math>kept',
        ["math", "xlink", "javascript"],
    ),
    ('<object data="evil.swf"></object><embed src="evil.swf">kept', ["object", "embed", "evil"]),
    (
        '<form action="javascript:alert(1)"><input autofocus onfocus=alert(1)></form>kept',
        ["form", "input", "onfocus", "javascript"],
    ),
    ('<base href="https://evil.example/">kept', ["<base", "evil.example"]),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">kept', ["meta", "javascript"]),
    ('<link rel="stylesheet" href="https://evil.example/x.css">kept', ["<link", "evil.example"]),
    ("<template><script>alert(1)</script></template>kept", ["template", "alert"]),
    ("<scr<script>ipt>alert('x11')</script>", ["<script", "<scr"]),
    ("<!--<script>alert(1)</script>-->kept", ["<!--", "<script", "alert"]),
    ('<p class="evil" id="x" data-x="1">kept</p>', ["class=", "id=", "data-x"]),
    ('<a href="https://ok.example/" target="_blank" rel="opener">link</a>', ["target", '"opener']),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">kept', ["<img", "data:"]),
    ("<details open ontoggle=alert(1)>kept", ["details", "ontoggle", "alert"]),
]


@pytest.mark.parametrize(("payload", "gone"), XSS_PAYLOADS, ids=[p[:40] for p, _ in XSS_PAYLOADS])
def test_dangerous_parts_do_not_survive(payload, gone):
    cleaned = rich_text_clean(payload)
    for word in gone:
        assert word.lower() not in cleaned.lower(), (payload, cleaned)
    assert not re.search(r"<[^>]+\son\w+\s*=", cleaned, re.I)
    assert not re.search(r"(javascript|vbscript|data):", cleaned, re.I)
    if "kept" in payload:
        assert "kept" in cleaned


@pytest.mark.parametrize(("payload", "gone"), XSS_PAYLOADS, ids=[p[:40] for p, _ in XSS_PAYLOADS])
def test_cleaning_cleaned_markup_again_changes_nothing(payload, gone):
    """The page cleans bodies again as it shows them (journal_tags.journal_html)."""
    once = rich_text_clean(payload)
    if "<" in once:
        assert rich_text_clean(once) == once


def test_only_allowed_tags_remain():
    cleaned = rich_text_clean(
        "<div><span>a</span><h1>b</h1><h4>c</h4><table><tr><td>d</td></tr></table>"
        "<u>e</u><code>f</code><hr><p>g</p></div>"
    )
    tags = set(re.findall(r"</?([a-z0-9]+)", cleaned))
    assert tags <= {"p"}
    for letter in "abcdefg":
        assert letter in cleaned  # the text inside harmless unknown tags is kept


@pytest.mark.parametrize(
    "allowed",
    [
        "<p>para</p>",
        "<p>one<br>two</p>",
        "<p><strong>strong</strong> <b>bold</b> <em>em</em> <i>italic</i></p>",
        "<ul><li>one</li><li>two</li></ul>",
        "<ol><li>first</li></ol>",
        "<blockquote><p>quoted</p></blockquote>",
        "<h2>Heading two</h2>",
        "<h3>Heading three</h3>",
    ],
)
def test_allowed_formatting_survives(allowed):
    assert rich_text_clean(allowed) == allowed


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://www.england.nhs.uk/personalisedcare/", True),
        ("http://example.org/a?b=c&amp;d=e", True),
        ("mailto:someone@example.org", True),
        ("ftp://example.org/file", False),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("file:///etc/passwd", False),
    ],
)
def test_links_keep_only_safe_schemes_and_always_get_rel(href, kept):
    cleaned = rich_text_clean(f'<p><a href="{href}" rel="opener" target="_top">link</a></p>')

    assert f'rel="{LINK_REL}"' in cleaned
    assert LINK_REL == "noopener noreferrer nofollow"
    assert ("href=" in cleaned) is kept
    if kept:
        assert f'href="{href}"' in cleaned
    assert "target" not in cleaned and "opener" not in cleaned.replace("noopener", "")


def test_plain_text_becomes_paragraphs():
    cleaned = rich_text_clean("First paragraph\nwith a line break\n\n\nSecond & last  ")
    assert cleaned == "<p>First paragraph<br>with a line break</p><p>Second &amp; last</p>"


def test_windows_line_endings_become_paragraphs():
    assert rich_text_clean("One\r\n\r\nTwo") == "<p>One</p><p>Two</p>"


def test_plain_text_with_entities_stays_text():
    cleaned = rich_text_clean("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script" not in cleaned
    assert plain_text(cleaned) == "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize("empty", ["", None, "   ", "\n\n"])
def test_empty_input_is_empty(empty):
    assert rich_text_clean(empty) == ""


def test_plain_text_of_cleaned_html():
    cleaned = rich_text_clean(
        "<h3>What?</h3><p>I &amp; they <strong>met</strong>.</p><ul><li>one</li><li>two</li></ul>"
        "<blockquote>quote</blockquote><p>a<br>b</p>"
    )
    assert plain_text(cleaned) == "What?\nI & they met.\none\ntwo\nquote\na\nb"


def test_plain_text_collapses_blank_lines_and_strips():
    assert plain_text("<p></p><p></p><p></p><p>x</p>") == "x"
    assert plain_text("<p>a</p>\n\n\n\n<p>b</p>") == "a\nb"  # one line break between blocks


def test_plain_text_counts_visible_characters_only():
    cleaned = rich_text_clean("<p><strong>" + "y" * 100 + "</strong></p>")
    assert len(plain_text(cleaned)) == 100
