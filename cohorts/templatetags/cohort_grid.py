"""The grid's cells, built in Python: a cohort page can hold thousands of them, and the
template language would spend most of the page's time on them. The markup is the same a
template would write: marks for sighted readers, words for screen readers."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

DONE_CELL = (
    '<td class="camino-grid__cell camino-grid__cell--done"><span class="camino-grid__complete">'
    'Done</span><span class="nhsuk-u-visually-hidden">: all stages</span></td>'
)


MARK_CLASS = {"done": " camino-stage-mark--done", "skipped": " camino-stage-mark--skipped"}
STATE_WORDS = {"done": "done", "skipped": "skipped", None: "not done"}


def _cell(stages) -> str:
    marks = "".join(
        f'<span class="camino-stage-mark{MARK_CLASS.get(state, "")}" '
        f'aria-hidden="true">{label[0]}</span>'
        for _, label, state in stages
    )
    words = ", ".join(f"{label} {STATE_WORDS[state]}" for _, label, state in stages)
    return (
        f'<td class="camino-grid__cell"><span class="camino-stage-marks">{marks}</span>'
        f'<span class="nhsuk-u-visually-hidden">{words}</span></td>'
    )


@register.simple_tag
def grid_cells(row) -> str:
    # Labels are the fixed stage names (learning.models.Stage), never user input.
    return mark_safe(  # noqa: S308 - fixed markup and stage names  # nosec B308 B703
        "".join(DONE_CELL if cell["done"] else _cell(cell["stages"]) for cell in row.cells)
    )
