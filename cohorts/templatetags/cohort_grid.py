"""The grid's cells, built in Python: a cohort page can hold thousands of them, and the
template language would spend most of the page's time on them. The markup is the same a
template would write: marks for sighted readers, words for screen readers.

The phone list (`grid_cards`) is built here for the same reason: it repeats every learner
and every module once more. Only one of the two is displayed at a time (camino.css), and the
other is `display: none`, so screen readers read each learner once."""

from collections.abc import Sequence
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from cohorts.models import LearnerStatus

register = template.Library()

DONE_CELL = (
    '<td class="camino-grid__cell camino-grid__cell--done"><span class="camino-grid__complete">'
    'Done</span><span class="nhsuk-u-visually-hidden">: all stages</span></td>'
)


MARK_CLASS = {"done": " camino-stage-mark--done", "skipped": " camino-stage-mark--skipped"}
STATE_WORDS = {"done": "done", "skipped": "skipped", None: "not done"}
STATUS_TAG = {
    LearnerStatus.COMPLETED: "nhsuk-tag--green",
    LearnerStatus.IN_PROGRESS: "nhsuk-tag--blue",
    LearnerStatus.NOT_STARTED: "nhsuk-tag--grey",
}


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def status_markup(status, stalled: bool, quiet_days: int) -> str:
    """The status as a tag in words, and, for someone stalled, a second tag with how long
    they have been quiet, in words everyone reads (not a colour, not a hidden hint)."""
    html = f'<strong class="nhsuk-tag {STATUS_TAG[status]}">{status.label}</strong>'
    if stalled:
        html += (
            ' <span class="camino-stalled"><strong class="nhsuk-tag nhsuk-tag--orange">'
            f"Stalled</strong> no activity for {_plural(quiet_days, 'day')}</span>"
        )
    return html


@register.simple_tag
def grid_status(row) -> str:
    return mark_safe(  # noqa: S308 - fixed words and numbers  # nosec B308 B703
        status_markup(row.status, row.stalled, row.quiet_days)
    )


@register.simple_tag
def learner_status(state) -> str:
    """The same status and tag on the learner's page (`state` from selectors.learner_state)."""
    return mark_safe(  # noqa: S308 - fixed words and numbers  # nosec B308 B703
        status_markup(state["status"], state["stalled"], state["quiet_days"])
    )


def iso_time(value: datetime) -> str:
    """A valid HTML datetime (no microseconds), as the templates' date:"Y-m-d\\TH:i:sO"."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S%z")


def _last_activity(row, now) -> str:
    if row.last_activity is None:
        return "None yet"
    words = "just now" if row.just_now else f"{timesince(row.last_activity, now)} ago"
    return f'<time datetime="{iso_time(row.last_activity)}">{words}</time>'


def _module_words(number: int, title: str, cell) -> str:
    if cell["done"]:
        words = "completed"
    elif not any(state for _, _, state in cell["stages"]):
        words = "not started"
    else:
        words = ", ".join(
            f"{label.lower()} {STATE_WORDS[state]}" for _, label, state in cell["stages"]
        )
    return f"<li>{number}. {title}: {words}</li>"


def _card(row, *, cohort_id: int, titles: Sequence[str], required: int, now) -> str:
    pk = row.user.pk
    name = escape(row.user.name or row.user.email)
    link = reverse("cohorts:learner", args=[cohort_id, pk])
    modules = "".join(
        _module_words(n, title, cell)
        for n, (title, cell) in enumerate(zip(titles, row.cells, strict=True), start=1)
    )
    return (
        '<li class="camino-learner-card">'
        '<div class="camino-learner-card__head">'
        f'<h3 class="nhsuk-heading-s camino-learner-card__name"><a href="{link}">{name}</a></h3>'
        '<div class="nhsuk-checkboxes__item camino-learner-card__pick">'
        f'<input class="nhsuk-checkboxes__input" type="checkbox" name="learners" value="{pk}" '
        f'id="pick-card-{pk}">'
        f'<label class="nhsuk-label nhsuk-checkboxes__label" for="pick-card-{pk}">Remind'
        f'<span class="nhsuk-u-visually-hidden"> {name}</span></label></div></div>'
        f'<p class="camino-learner-card__status">'
        f"{status_markup(row.status, row.stalled, row.quiet_days)}</p>"
        '<dl class="camino-learner-card__facts">'
        f"<div><dt>Progress</dt><dd>{row.completed} of {_plural(required, 'required module')}"
        "</dd></div>"
        f"<div><dt>Last activity</dt><dd>{_last_activity(row, now)}</dd></div></dl>"
        f'<ul class="nhsuk-list camino-learner-card__modules">{modules}</ul>'
        "</li>"
    )


@register.simple_tag
def grid_cards(grid) -> str:
    """One card per learner on the page shown: name (a link to their page), the reminder
    tick box, status and stalled tag, progress, last activity, then every module's status in
    words ("1. Title: completed", "2. Title: learn done, do not done, …", "3. Title: not
    started")."""
    now = timezone.now()
    titles = [escape(m.title) for m in grid.modules]
    cards = "".join(
        _card(row, cohort_id=grid.cohort.pk, titles=titles, required=grid.required_modules, now=now)
        for row in grid.rows
    )
    # Names and titles are escaped above; the rest is fixed markup, numbers and stage names.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<ul class="camino-learner-cards">{cards}</ul>'
    )
