"""The cohort's progress as a CSV file, written as it is read.

One row per current member, by name: name, email, last activity, required modules completed,
progress (%), status, then one column per module ("Completed", "Not started", or the stages
done and skipped). The file starts with a byte order mark, so spreadsheet programs read names
in UTF-8, and every cell that a spreadsheet would run as a formula is made plain text.

The lines are produced chunk by chunk from `selectors.cohort_export_chunks`: the header leaves
at once, then a few hundred learners at a time, so a cohort of thousands starts downloading
straight away and the server holds one chunk in memory, never the whole file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone

from cohorts.selectors import GridRow
from learning.models import ModulePage

BOM = "\ufeff"
HEADER = [
    "Name",
    "Email",
    "Last activity",
    "Required modules completed",
    "Progress (%)",
    "Status",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value) -> str:
    """Spreadsheet programs run cells that start with = + - @ as formulas; a leading
    apostrophe makes them plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell_words(cell: dict) -> str:
    if cell["done"]:
        return "Completed"
    done = [label for _, label, state in cell["stages"] if state == "done"]
    skipped = [label for _, label, state in cell["stages"] if state == "skipped"]
    words = ("Done: " + ", ".join(done)) if done else "Not started"
    if skipped:
        words += "; skipped: " + ", ".join(skipped)
    return words


def _row_cells(row: GridRow) -> list:
    return [
        row.user.name,
        row.user.email,
        timezone.localtime(row.last_activity).strftime("%Y-%m-%d %H:%M")
        if row.last_activity
        else "",
        row.completed,
        row.percent,
        row.status_words,
        *(_cell_words(cell) for cell in row.cells),
    ]


def csv_lines(*, modules: list[ModulePage], chunks: Iterable[list[GridRow]]) -> Iterator[str]:
    """The file as text: the BOM and the header first, then one string per chunk of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([_safe_cell(h) for h in [*HEADER, *(m.title for m in modules)]])
    yield BOM + taken()
    for rows in chunks:
        for row in rows:
            writer.writerow([_safe_cell(c) for c in _row_cells(row)])
        yield taken()
