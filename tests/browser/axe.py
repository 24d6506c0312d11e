"""Accessibility checks for the browser journeys: axe-core, from the npm registry.

`make pytest` runs `npm ci`, which installs the axe-core version pinned in package-lock.json
at node_modules/axe-core/axe.min.js. Each page a journey shows is checked against the WCAG 2.0,
2.1 and 2.2 level A and AA rules, and any violation fails the test with a readable report.

axe is put into the page with `page.evaluate`, which goes through the DevTools protocol and so
is not subject to the site's Content-Security-Policy (`script-src 'self'`): the journeys keep
the real policy, and a page that breaks it still logs the violation as a console error.

Nothing can be forgotten: every page a journey watches records each address its main frame
shows (path and query: one address can show different things, e.g. `?sort=progress`), and a
test fails at its end if any address it visited was never checked (see `Auditor.unchecked`).
The `screenshot` and `shoot` helpers check the page they photograph, so each step of a journey
is both seen and checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA. (axe-core has no wcag22a tag: WCAG 2.2's new level-A
# criteria, consistent help and redundant entry, are not ones a tool can test.)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Violations in Wagtail's own admin markup that Camino's code cannot fix. Each is
# (axe rule id, CSS selector the failing element matches, why it is excluded), and each applies
# under /admin/ only: public pages and the facilitator's pages have no exclusions at all.
DATE_PICKER = (
    "Wagtail's date and time picker (the vendored jQuery xdsoft datetimepicker): icon-only "
    "buttons with no name, small buttons, pale days of other months. Wagtail issue #5325, open."
)
ADMIN_EXCLUSIONS: list[tuple[str, str, str]] = [
    (
        "aria-input-field-name",
        ".Draftail-Editor .public-DraftEditor-content",
        "Wagtail's rich text editor (Draftail) is a contenteditable role=textbox that the "
        "field's <label> cannot name, and Wagtail passes it no aria-labelledby: Wagtail issue "
        "#14205, open.",
    ),
    (
        "target-size",
        "body:has(.modal.in) :not(.modal, .modal *)",
        "Behind an open chooser (Wagtail's ModalWorkflow, not a native <dialog>), the page is "
        "not made inert, so axe measures the form's controls as partly covered by the modal "
        "(axe-core issue #4441: non-native modal backdrops). They cannot be used until it "
        "closes.",
    ),
    (
        "target-size",
        ".w-panel__toggle",
        "The page editor's 24 px section toggles pass, except while a section's header is "
        "scrolled under the editor's sticky header: axe then measures the covered part. "
        "Whether that happens depends on where the form is scrolled.",
    ),
    ("button-name", ".xdsoft_datetimepicker button", DATE_PICKER),
    ("target-size", ".xdsoft_datetimepicker button", DATE_PICKER),
    ("color-contrast", ".xdsoft_datetimepicker *", DATE_PICKER),
    (
        "color-contrast",
        ".modal tr.parent-page, .modal tr.parent-page *",
        "Wagtail's page chooser greys out the page it is showing the children of when that page "
        "cannot itself be chosen (here the course catalogue, for a cohort's course): Wagtail "
        "issue #13121.",
    ),
]

_RUN = """
async ({options, exclusions}) => {
  const results = await window.axe.run(document, options);
  const excluded = [];
  const skip = (rule, node) => {
    const hit = exclusions.find(
      ([id, selector]) => id === rule && node.element && node.element.matches(selector),
    );
    if (hit) excluded.push(hit);
    return Boolean(hit);
  };
  const violations = results.violations
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes
        .filter((node) => !skip(v.id, node))
        .map((node) => ({target: node.target, html: node.html, summary: node.failureSummary})),
    }))
    .filter((v) => v.nodes.length);
  return {violations, excluded};
}
"""


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


@cache
def axe_version() -> str:
    package = AXE_JS.parent / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def page_key(url: str) -> str | None:
    """What counts as one page: path and query, in a stable order; not the #fragment. None for
    what is not one of our pages (about:blank, Chromium's offline error page)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def _report(url: str, step: str, violations: list[dict]) -> str:
    lines = [
        f"axe-core found {len(violations)} accessibility problem"
        f"{'s' if len(violations) != 1 else ''} (WCAG 2.2 A/AA) at step {step!r} on {url}:"
    ]
    for violation in violations:
        lines.append("")
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            target = " ".join(
                part if isinstance(part, str) else " >> ".join(part) for part in node["target"]
            )
            html = " ".join(node["html"].split())
            lines.append(f"    at {target}")
            lines.append(f"       {html[:300]}{'…' if len(html) > 300 else ''}")
            for detail in (node.get("summary") or "").splitlines():
                lines.append(f"       {detail.strip()}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


@dataclass
class Auditor:
    """Checks pages with axe-core and remembers what each watched page showed."""

    visited: dict[str, str] = field(default_factory=dict)  # page key -> first URL seen
    checked: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # page key -> times checked
    # (rule, selector) -> elements left out under ADMIN_EXCLUSIONS, to see which still apply
    excluded: dict[tuple[str, str], int] = field(default_factory=dict)

    def watch(self, page) -> None:
        """Record every address the page's main frame shows, including same-document changes
        (a search box that rewrites the query string shows a different page)."""

        def on_navigated(frame):
            if frame == page.main_frame:
                key = page_key(frame.url)
                if key is not None:
                    self.visited.setdefault(key, frame.url)

        page.on("framenavigated", on_navigated)

    def check(self, page, step: str = "", *, once: bool = False) -> None:
        """Run axe on what the page shows now; fail with a report if anything breaks WCAG 2.2
        A or AA. `once`: skip a page already checked in this test (for pages a helper passes
        through on the way somewhere, like the login form)."""
        key = page_key(page.url)
        if key is None:
            return
        if once and key in self.checked:
            return
        # The Wagtail admin ships an axe-core of its own (its accessibility checker): replace
        # it with ours, so every page is checked by the pinned version.
        loaded = page.evaluate("() => window.axe && window.axe.version")
        if loaded != axe_version():
            page.evaluate(axe_source())
            assert page.evaluate("() => window.axe.version") == axe_version()
        options = {
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
            "elementRef": True,
            # Frames (the admin's preview panel) are checked as pages of their own.
            "iframes": False,
        }
        exclusions = [
            [rule, selector] for rule, selector, _ in ADMIN_EXCLUSIONS if key.startswith("/admin/")
        ]
        found = page.evaluate(_RUN, {"options": options, "exclusions": exclusions})
        violations = found["violations"]
        for rule, selector in found["excluded"]:
            self.excluded[(rule, selector)] = self.excluded.get((rule, selector), 0) + 1
        self.visited.setdefault(key, page.url)
        self.checked.add(key)
        self.counts[key] = self.counts.get(key, 0) + 1
        if violations:
            raise AssertionError(_report(page.url, step or key, violations))

    def unchecked(self) -> list[str]:
        return [url for key, url in self.visited.items() if key not in self.checked]
