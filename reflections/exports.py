"""The owner's journal as PDF (WeasyPrint, A4), Markdown or JSON.

JSON fields, one object per entry, newest first:
  id (int), title (str), created_at and updated_at (ISO 8601 with time zone),
  stage ("learn" | "do" | "reflect" | "share"), course (str or null), module (str or null),
  capabilities (list of {"code", "statement"}), body_html (sanitised HTML), body_text (plain
  text), shared_with (list of {"cohort", "shared_at"} for shares still active),
  conversations (every share, active or taken back: {"cohort", "shared_at", "withdrawn_at"
  (or null), "responses_allowed", "comments": [{"author", "written_at", "text",
  "facilitators_only"}]}; comments a facilitator hid are left out, as the owner does not see
  them).
The top level is {"owner": {"name", "email"}, "exported_at", "count", "entries": [...]}.
"""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from markdownify import markdownify

logger = logging.getLogger(__name__)

FORMATS = {"pdf", "md", "json"}


def _filename(kind: str) -> str:
    return f"camino-journal-{timezone.localdate():%Y-%m-%d}.{kind}"


def entry_record(entry) -> dict:
    return {
        "id": entry.pk,
        "title": entry.title,
        "created_at": entry.created_at.isoformat(),
        "updated_at": entry.updated_at.isoformat(),
        "stage": entry.stage,
        "course": entry.course.title if entry.course else None,
        "module": entry.module.title if entry.module else None,
        "capabilities": [
            {"code": c.code, "statement": c.statement} for c in entry.capabilities.all()
        ],
        "body_html": entry.body,
        "body_text": entry.body_text,
        "shared_with": [
            {"cohort": s.cohort.name, "shared_at": s.shared_at.isoformat()}
            for s in getattr(entry, "active_shares", [])
        ],
        "conversations": [
            {
                "cohort": share.cohort.name,
                "shared_at": share.shared_at.isoformat(),
                "withdrawn_at": share.withdrawn_at.isoformat() if share.withdrawn_at else None,
                "responses_allowed": share.responses_allowed,
                "comments": [
                    {
                        "author": _author(comment),
                        "written_at": comment.created_at.isoformat(),
                        "text": comment.body,
                        "facilitators_only": comment.facilitators_only,
                    }
                    for comment in share.comments.all()
                ],
            }
            for share in conversations(entry)
        ],
    }


def conversations(entry) -> list:
    """The entry's shares with the comments its owner may see (prefetched by
    `owner_entries(conversations=True)`; read here if not)."""
    found = getattr(entry, "all_shares", None)
    if found is None:
        from django.db.models import Prefetch

        from reflections.models import Comment, Share

        visible = Comment.objects.filter(hidden_at__isnull=True).select_related("author")
        found = list(
            Share.objects.filter(entry=entry)
            .select_related("cohort")
            .prefetch_related(Prefetch("comments", queryset=visible))
        )
    return found


def _author(comment) -> str:
    return comment.author.name if comment.author else "Someone who has left"


def as_json(*, owner, entries) -> bytes:
    data = {
        "owner": {"name": owner.name, "email": owner.email},
        "exported_at": timezone.now().isoformat(),
        "count": len(entries),
        "entries": [entry_record(e) for e in entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in text)


def as_markdown(*, owner, entries) -> bytes:
    lines = [f"# Journal of {_md_escape(owner.name or owner.email)}", ""]
    lines.append(f"Exported {timezone.localtime():%d %B %Y at %H:%M}. {len(entries)} entries.")
    for entry in entries:
        lines += ["", "---", "", f"## {_md_escape(entry.title)}", ""]
        meta = [f"*{timezone.localtime(entry.created_at):%d %B %Y}*", entry.get_stage_display()]
        if entry.module:
            meta.append(_md_escape(entry.module.title))
        lines.append(" · ".join(meta))
        tags = [f"{c.code}" for c in entry.capabilities.all()]
        if tags:
            lines.append(f"Capabilities: {', '.join(tags)}")
        lines += ["", markdownify(entry.body, heading_style="ATX", escape_misc=True).strip()]
        for share in conversations(entry):
            comments = list(share.comments.all())
            if not comments:
                continue
            lines += ["", f"### Responses in {_md_escape(share.cohort.name)}", ""]
            for comment in comments:
                when = timezone.localtime(comment.created_at)
                lines.append(
                    f"- **{_md_escape(_author(comment))}**, {when:%d %B %Y at %H:%M}: "
                    + _md_escape(" ".join(comment.body.split()))
                )
    return ("\n".join(lines) + "\n").encode()


def data_only_fetcher():
    """A journal PDF fetches nothing but data: URIs: no files, no network. Learners' HTML is
    sanitised already (no images, no styles); this is the second lock on the door."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)


def pdf_characters(entries) -> int:
    """The characters of text a PDF of these entries would print: titles, bodies and the
    comments in their conversations (as loaded by `owner_entries(conversations=True)`). It
    reads nothing from the database."""
    total = 0
    for entry in entries:
        total += len(entry.title) + len(entry.body_text or entry.body)
        for share in conversations(entry):
            total += sum(len(comment.body) for comment in share.comments.all())
    return total


def as_pdf(*, owner, entries) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reflections/export_pdf.html",
        {"owner": owner, "entries": entries, "exported_at": timezone.now()},
    )
    document = HTML(string=html, url_fetcher=data_only_fetcher(), base_url="about:blank")
    return document.write_pdf(pdf_variant="pdf/ua-1")


def respond(*, kind: str, owner, entries) -> HttpResponse:
    if kind == "json":
        body, content_type = as_json(owner=owner, entries=entries), "application/json"
    elif kind == "md":
        body, content_type = (
            as_markdown(owner=owner, entries=entries),
            "text/markdown; charset=utf-8",
        )
    else:
        body, content_type = as_pdf(owner=owner, entries=entries), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(kind)}"'
    return response


def journal_export_render(*, export):
    """Make and store the PDF. A failure is recorded for the learner to see (and try again),
    never left as "being prepared" for ever. (Below the services, which queue it as the
    background task reflections.tasks.render_journal_export.)"""
    from django.core.files.base import ContentFile
    from django.http import QueryDict

    from reflections.models import JournalExport
    from reflections.selectors import journal_filters_from, owner_entries

    filters = journal_filters_from(QueryDict(export.query))
    entries = list(owner_entries(owner=export.owner, filters=filters, conversations=True))
    try:
        pdf = as_pdf(owner=export.owner, entries=entries)
        export.file.save(f"{export.pk}.pdf", ContentFile(pdf), save=False)
    except Exception:  # rendering or storage: either way the learner is told
        logger.exception("Journal export %s could not be made", export.pk)
        export.status = JournalExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        return export
    export.status = JournalExport.Status.READY
    export.entry_count = len(entries)
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "entry_count", "finished_at"])
    return export
