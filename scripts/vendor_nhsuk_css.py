"""Write the NHS.UK frontend CSS without its @font-face rules.

The design system's stylesheet loads the Frutiger web font from the NHS CDN. Camino serves
every asset itself (and its Content-Security-Policy allows fonts only from itself), so it
ships this copy, in which text falls back to the design system's own second choice, Arial.
Run `make vendor-css` after upgrading wagtail-nhsuk-frontend; a test checks the copy is current.
"""

import re
import sys
from pathlib import Path

import wagtailnhsukfrontend

SOURCE_DIR = Path(wagtailnhsukfrontend.__file__).parent / "static/wagtailnhsukfrontend/css"
TARGET_DIR = Path(__file__).resolve().parents[1] / "site/static/camino/css"
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
# The source map is not shipped with the copy; a reference to it would stop collectstatic's
# hashed-name storage (production) with "could not be found".
SOURCE_MAP = re.compile(r"\s*/\*# sourceMappingURL=[^*]*\*/\s*$")


def stripped(css: str) -> str:
    css = SOURCE_MAP.sub("\n", css)
    return FONT_FACE.sub("", css).replace("font-family:Frutiger W01,arial", "font-family:arial")


def source_file() -> Path:
    (source,) = SOURCE_DIR.glob("nhsuk-frontend-*.min.css")
    return source


def target_file() -> Path:
    return TARGET_DIR / source_file().name.replace(".min.css", ".local.min.css")


if __name__ == "__main__":
    target_file().write_text(stripped(source_file().read_text()))
    sys.stdout.write(f"wrote {target_file()}\n")
