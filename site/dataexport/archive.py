"""The ZIP of a person's data: one JSON file per area, README.txt and index.html.

The host's own areas come first (camino.dataexport.personal_data), then each plugin's, through
the `camino_personal_data` hook: `fn(user) -> {"name.json": data}`. A file's data may carry an
"about" entry, {"file": what the file holds, "fields": {"path": meaning}}; it is taken out of
the JSON and written into README.txt and index.html, so each file is pure data and each is
explained (and an optional "title", the file's heading in index.html). Field paths name list
items with [] ("entries[].title").

index.html is one self-contained page (its style inline, no script, no image, no link to
anything outside itself but the learner's own links in their journal), readable in any browser
and by screen readers: one h1, an h2 per file, contents at the top.
"""

from __future__ import annotations

import io
import json
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import nh3
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

from camino.dataexport.personal_data import personal_data as host_personal_data

logger = logging.getLogger(__name__)

README = "README.txt"
INDEX = "index.html"
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,60}\.json$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")
# A journal entry's own headings sit under the file's h2 and the list's h3: shown as bold.
BODY_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}


@dataclass
class Area:
    name: str
    data: Any
    about: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    heading: str = ""

    @property
    def title(self) -> str:
        return self.heading or _label(self.name.removesuffix(".json"))


def gather(person) -> list[Area]:
    """Every area's data about `person`: the host's, then each plugin's."""
    contributions = [host_personal_data(person)]
    contributions += [fn(person) for fn in hooks.get_hooks("camino_personal_data")]
    areas: dict[str, Area] = {}
    for contribution in contributions:
        for name, data in contribution.items():
            if not FILE_NAME.match(name) or name in areas:
                raise ValueError(f"A personal data file name is refused or used twice: {name!r}")
            about = data.pop("about", None) if isinstance(data, dict) else None
            about = about or {}
            areas[name] = Area(
                name=name,
                data=data,
                about=about.get("file", ""),
                fields=dict(about.get("fields", {})),
                heading=about.get("title", ""),
            )
    return list(areas.values())


def build(*, person, reason: str, made_at: datetime | None = None) -> bytes:
    """The ZIP's bytes."""
    made_at = made_at or timezone.now()
    areas = gather(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README, readme(person=person, areas=areas, reason=reason, made_at=made_at))
        archive.writestr(INDEX, index_html(person=person, areas=areas, made_at=made_at))
        for area in areas:
            archive.writestr(
                area.name,
                json.dumps(area.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n",
            )
    return buffer.getvalue()


# --- README.txt -------------------------------------------------------------------------------


def _heading(text: str, underline: str = "-") -> list[str]:
    return [text, underline * len(text)]


def _wrap(text: str, indent: str = "", width: int = 88) -> list[str]:
    lines, line = [], indent
    for word in text.split():
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += word + " "
    if line.strip():
        lines.append(line.rstrip())
    return lines


def readme(*, person, areas: list[Area], reason: str, made_at: datetime) -> str:
    when = timezone.localtime(made_at)
    why = (
        "It was made by a programme admin in answer to a subject access request."
        if reason == "subject_access"
        else "You asked for it from your account pages."
    )
    lines = [
        *_heading("Everything Camino holds about you", "="),
        "",
        f"For: {person.name or person.email}",
        f"Made: {when:%d %B %Y at %H:%M} ({when.tzname()})",
        "",
        *_wrap(why),
        "",
        *_wrap(
            "Each .json file below holds one part of your data in JSON, a plain text format "
            "that other programs can read. index.html is the same data as one page to read in "
            "any web browser. Times are written as year-month-day, then the time and its "
            "offset from UTC (ISO 8601). An empty value (null) means there is nothing there."
        ),
        "",
        *_wrap(
            "Nothing here is about anyone else. Where someone else took part (a response to "
            "one of your shared entries, a notification that someone replied), they appear by "
            "their display name only. What you wrote on other people's shared entries is here "
            "in your own words, without their entries."
        ),
        "",
        *_wrap(
            "Keep this file somewhere safe: it holds your private journal. Camino deletes its "
            "own copy after a few days."
        ),
        "",
        *_heading("The files", "="),
        "",
        *_heading(INDEX),
        *_wrap("A readable copy of everything in the .json files, as one web page."),
        "",
        *_heading(README),
        *_wrap("This file: what each file holds and what each of its fields means."),
    ]
    for area in areas:
        lines += ["", *_heading(area.name)]
        lines += _wrap(area.about or "Data about you from another part of Camino.")
        if area.fields:
            lines += ["", "Fields:"]
            for path, meaning in area.fields.items():
                lines += _wrap(f"{path}: {meaning}", indent="  ")
    return "\n".join(lines) + "\n"


# --- index.html -------------------------------------------------------------------------------


ACRONYMS = {"ip": "IP", "url": "URL", "html": "HTML", "id": "ID"}


def _label(key: str) -> str:
    if re.fullmatch(r"[a-z0-9_]+", key):
        words = [ACRONYMS.get(word, word) for word in key.split("_")]
        label = " ".join(words)
        return label[0].upper() + label[1:]
    return key


def _moment(text: str) -> SafeString:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return escape(text)
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return format_html(
        '<time datetime="{}">{}</time>', text, f"{local:%-d %B %Y at %H:%M} ({local.tzname()})"
    )


def _body_html(value: str) -> SafeString:
    """A journal entry's words: sanitised when stored, and cleaned again here with nothing that
    could load anything (no images, no styles)."""
    cleaned = nh3.clean(
        re.sub(r"<(/?)h[1-6]\b[^>]*>", lambda m: "</strong></p>" if m[1] else "<p><strong>", value),
        tags=BODY_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return format_html('<div class="body">{}</div>', mark_safe(cleaned))  # noqa: S308 - nh3


def render_value(value: Any, key: str = "", depth: int = 0) -> SafeString:
    if value is None or value == "":
        return mark_safe('<span class="none">None</span>')
    if isinstance(value, bool):
        return escape("Yes" if value else "No")
    if isinstance(value, (int, float)):
        return escape(str(value))
    if isinstance(value, str):
        if key.endswith("_html"):
            return _body_html(value)
        if ISO_MOMENT.match(value):
            return _moment(value)
        return format_html('<span class="text">{}</span>', value)
    if isinstance(value, dict):
        if not value:
            return mark_safe('<span class="none">None</span>')
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                '<div class="row"><dt>{}</dt><dd>{}</dd></div>',
                ((_label(str(k)), render_value(v, str(k), depth + 1)) for k, v in value.items()),
            ),
        )
    if isinstance(value, (list, tuple)):
        if not value:
            return mark_safe('<span class="none">None</span>')
        return format_html(
            '<ol class="records">{}</ol>',
            format_html_join(
                "", "<li>{}</li>", ((render_value(v, key, depth + 1),) for v in value)
            ),
        )
    return escape(str(value))


def _section(area: Area) -> SafeString:
    """A file's data: each top-level list under its own h3, everything else as a list of
    name and value."""
    data = area.data
    if not isinstance(data, dict):
        return render_value(data)
    simple = {k: v for k, v in data.items() if not isinstance(v, list)}
    parts = [render_value(simple)] if simple else []
    for key, value in data.items():
        if isinstance(value, list):
            count = len(value)
            parts.append(
                format_html(
                    '<h3 id="{}">{} <span class="count">({})</span></h3>{}',
                    f"{area.name.removesuffix('.json')}-{key}",
                    _label(key),
                    f"{count} item{'' if count == 1 else 's'}" if count else "none",
                    render_value(value, key) if value else "",
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


def index_html(*, person, areas: list[Area], made_at: datetime) -> str:
    return render_to_string(
        "camino/dataexport/archive_index.html",
        {
            "person": person,
            "made_at": timezone.localtime(made_at),
            "areas": [
                {
                    "anchor": area.name.removesuffix(".json"),
                    "name": area.name,
                    "title": area.title,
                    "about": area.about,
                    "content": _section(area),
                }
                for area in areas
            ],
        },
    )


def data_export_build(*, export):
    """Make and store the ZIP; a failure is recorded and shown as "could not be made". (Below the
    services, which queue it as the background task camino.dataexport.tasks.build_data_export.)"""
    from camino.dataexport.models import DataExport

    try:
        data = build(person=export.person, reason=export.reason)
        export.file.save(f"{export.pk}.zip", ContentFile(data), save=False)
    except Exception:  # recorded and shown as "could not be made"
        logger.exception("Data export %s could not be made", export.pk)
        export.status = DataExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        return export
    export.status = DataExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    return export
