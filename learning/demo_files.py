"""Reading demo content from data files: YAML, and Markdown with YAML front matter.

Demo content lives in data files so that editors change words without touching code. This
module turns those files into the plain Python values the demo loaders hand to the services:
Markdown becomes the HTML that Wagtail's rich text fields and blocks store.

Decisions:
- Markdown is CommonMark (markdown-it-py) with raw HTML switched off, so a file holds Markdown
  and nothing else. Line breaks inside a paragraph are spaces, and the output has no line breaks
  between tags: the HTML is what an editor typing in Wagtail's rich text editor would store.
- A Markdown file is split into sections by its level-1 headings (`# Learn`, `# Do`, ...);
  inside a section, `::: type` ... `:::` fences mark a block of that type (a story, an expander)
  whose first `key: value` lines are its settings. Markdown between fences is a text block.
- Any problem in a file raises DemoContentError naming the file (and the line where there is
  one), never a bare KeyError.
- `DemoFiles` remembers which files were read, so a test can check that no file is orphaned.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

FENCE_OPEN = re.compile(r"^:::\s*([a-z_]+)\s*$")
FENCE_CLOSE = ":::"
SETTING = re.compile(r"^([a-z_]+):\s*(.*)$")


REQUIRED = object()


class DemoContentError(Exception):
    """A demo data file that cannot be read: the message names the file and the problem."""


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.add_render_rule("softbreak", lambda *args: " ")
    return md


MD = _markdown()


def markdown_html(text: str) -> str:
    """The rich text HTML for a piece of Markdown, without line breaks between tags."""
    return re.sub(r">\n+(?=<)", ">", MD.render(text)).strip()


def markdown_list(text: str, *, rich: bool) -> list[str]:
    """The items of a Markdown list: as `<p>` rich text, or as plain one-line text."""
    items = []
    depth = 0
    for token in MD.parse(text):
        depth += token.nesting if token.type == "list_item_open" else 0
        if token.type == "list_item_close":
            depth -= 1
        elif token.type == "inline" and depth == 1:
            plain = " ".join(token.content.split())
            items.append(f"<p>{MD.renderInline(plain)}</p>" if rich else plain)
    return items


def plain_text(text: str) -> str:
    """Text for a plain text field: lines joined with spaces, paragraphs kept apart."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


class Block:
    """A `::: type` fence (or the Markdown between fences, type "text") in a section."""

    def __init__(self, kind: str, line: int, *, error, fenced: bool = True):
        self.kind, self.line, self.fenced, self._error = kind, line, fenced, error
        self.settings: dict = {}
        self.lines: list[str] = []

    def setting(self, key: str, default=REQUIRED):
        if key in self.settings:
            return self.settings[key]
        if default is REQUIRED:
            raise self._error(f"the '{self.kind}' block needs a '{key}:' line.", self.line)
        return default

    @property
    def body(self) -> str:
        return "\n".join(self.lines).strip()


class DemoFiles:
    """The data files under one folder, each read at most once and remembered."""

    def __init__(self, root: Path):
        self.root = root
        self.read: set[Path] = set()

    def all_files(self) -> set[Path]:
        return {p for p in self.root.rglob("*") if p.is_file()}

    def error(self, path: Path, problem: str, line: int | None = None) -> DemoContentError:
        shown = Path(self.root.parent.name, self.root.name, path.relative_to(self.root))
        where = f"{shown}" + (f", line {line}" if line else "")
        return DemoContentError(f"Demo content file {where}: {problem}")

    def _text(self, name: str) -> tuple[Path, str]:
        path = self.root / name
        if not path.is_file():
            raise DemoContentError(f"Demo content file {path} is missing.")
        self.read.add(path)
        return path, path.read_text(encoding="utf-8")

    def _yaml(self, path: Path, text: str, first_line: int = 1):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + first_line if mark is not None else None
            problem = getattr(error, "problem", None) or str(error)
            raise self.error(path, f"this is not valid YAML ({problem}).", line) from error
        if not isinstance(data, dict):
            raise self.error(path, "expected named fields (key: value) at the top.", first_line)
        return Fields(self, path, data)

    def yaml(self, name: str) -> Fields:
        return self._yaml(*self._text(name))

    def markdown(
        self, name: str, kinds: dict[str, set[str]]
    ) -> tuple[Fields, dict[str, list[Block]]]:
        """Front matter, and the blocks of each `# Section` in order.

        `kinds` names the block types a fence may open, each with the settings it takes.
        """
        path, text = self._text(name)
        lines = text.split("\n")
        if lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
            raise self.error(path, "it must start with front matter between two '---' lines.", 1)
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
        front = self._yaml(path, "\n".join(lines[1:end]), first_line=2)
        sections: dict[str, list[Block]] = {}
        section: list[Block] | None = None
        block: Block | None = None
        for number, line in enumerate(lines[end + 1 :], end + 2):
            opened = FENCE_OPEN.match(line)
            setting = SETTING.match(line)
            if block is not None and block.fenced:
                if line.strip() == FENCE_CLOSE:
                    block = None
                elif opened:
                    raise self.error(path, f"'::: {opened[1]}' opens inside another block.", number)
                elif not block.lines and setting and setting[1] in kinds[block.kind]:
                    block.settings[setting[1]] = self._yaml_value(path, setting[2], number)
                elif block.lines or line.strip():
                    block.lines.append(line)
            elif line.startswith("# "):
                section = sections.setdefault(line[2:].strip(), [])
                block = None
            elif section is None:
                if line.strip():
                    raise self.error(path, "text before the first '# Section' heading.", number)
            elif opened:
                if opened[1] not in kinds:
                    known = ", ".join(sorted(kinds))
                    raise self.error(path, f"unknown block '{opened[1]}' (known: {known}).", number)
                block = Block(opened[1], number, error=partial(self.error, path))
                section.append(block)
            elif line.strip() == FENCE_CLOSE:
                raise self.error(path, "':::' closes a block that was never opened.", number)
            else:
                if block is None and line.strip():
                    block = Block("text", number, error=partial(self.error, path), fenced=False)
                    section.append(block)
                if block is not None:
                    block.lines.append(line)
        if block is not None and block.fenced:
            raise self.error(
                path, f"the '::: {block.kind}' block from line {block.line} is not closed."
            )
        return front, sections

    def _yaml_value(self, path: Path, text: str, line: int):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise self.error(path, f"this setting is not valid YAML: {text}", line) from error


class Fields:
    """A mapping read from a file, whose missing or wrong fields are reported by name."""

    def __init__(self, files: DemoFiles, path: Path, data: dict):
        self.files, self.path, self.data = files, path, data

    def __getitem__(self, key: str):
        if key not in self.data:
            raise self.files.error(self.path, f"the field '{key}' is missing.")
        return self.data[key]

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def fields(self, key: str) -> Fields:
        """The mapping under `key`."""
        value = self[key]
        if not isinstance(value, dict):
            raise self.files.error(self.path, f"'{key}' must hold named fields (key: value).")
        return Fields(self.files, self.path, value)

    def items(self, key: str) -> list[Fields]:
        """A list of mappings under `key`."""
        value = self[key]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.files.error(self.path, f"'{key}' must be a list of entries (- name: ...).")
        return [Fields(self.files, self.path, v) for v in value]

    def error(self, problem: str, line: int | None = None) -> DemoContentError:
        return self.files.error(self.path, problem, line)
