"""Small, database-free statistics for the programme-evaluation report.

Two things live here:

* ``paired_change``: the mean before/after change for people who answered both times, with a
  paired t-based 95% confidence interval. It does *not* suppress anything: pass its ``n`` and
  ``mean_change`` through ``suppress_mean`` before showing it.
* Small-number suppression (statistical disclosure control, as in NHS practice): figures about
  fewer than ``MIN_PEOPLE`` people are never shown, and further cells are hidden so that a
  hidden count cannot be worked out by subtracting the shown ones from a shown total.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from scipy.stats import t as t_distribution

MIN_PEOPLE = 5
"""Figures about fewer than this many people are never shown."""

SUPPRESSED_TEXT = "fewer than 5 people: not shown, to protect privacy"
"""The plain-English explanation for templates (a footnote or a tooltip)."""

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)
H = TypeVar("H", bound=Hashable)


# --- Paired before/after change ------------------------------------------------------------


@dataclass(frozen=True)
class PairedChange:
    """Mean change for ``n`` people measured before and after.

    ``sd_change`` is the sample standard deviation of the differences (ddof=1), and
    ``ci_low``/``ci_high`` the paired t 95% interval for the mean change; all three are None
    when n < 2, where neither can be computed.
    """

    n: int
    mean_before: float
    mean_after: float
    mean_change: float
    sd_change: float | None
    ci_low: float | None
    ci_high: float | None


def paired_change(before: Sequence[float], after: Sequence[float]) -> PairedChange | None:
    """Mean of ``after[i] - before[i]`` with its paired t-based 95% confidence interval.

    The interval is mean ± t(0.975, n − 1) · sd / √n. When every change is equal, sd is 0 and
    the interval is [mean, mean]. Returns None when there are no pairs, and raises ValueError
    when the two sequences differ in length: the caller must keep only complete pairs (people
    who answered both times), in the same order in both.

    Means and sd use the ``statistics`` module, which sums exactly, so equal changes give an sd
    of exactly 0; the t quantile comes from SciPy.
    """
    if len(before) != len(after):
        raise ValueError(f"before has {len(before)} values but after has {len(after)}")
    n = len(before)
    if n == 0:
        return None
    changes = [a - b for b, a in zip(before, after, strict=True)]
    mean_change = float(statistics.mean(changes))
    sd = ci_low = ci_high = None
    if n >= 2:
        sd = float(statistics.stdev(changes))
        half_width = float(t_distribution.ppf(0.975, n - 1)) * sd / math.sqrt(n)
        ci_low, ci_high = mean_change - half_width, mean_change + half_width
    return PairedChange(
        n=n,
        mean_before=float(statistics.mean(before)),
        mean_after=float(statistics.mean(after)),
        mean_change=mean_change,
        sd_change=sd,
        ci_low=ci_low,
        ci_high=ci_high,
    )


# --- Suppression -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: ``value`` is None exactly when ``suppressed``."""

    value: int | float | None
    suppressed: bool

    def __str__(self) -> str:
        if self.suppressed or self.value is None:
            return "not shown"
        if isinstance(self.value, float):
            return f"{self.value:.2f}"
        return str(self.value)


HIDDEN = Shown(None, True)


@dataclass(frozen=True)
class Group(Generic[K]):
    """A suppressed one-way group: its cells, and its total (None when no total was given)."""

    cells: dict[K, Shown]
    total: Shown | None


@dataclass(frozen=True)
class Table(Generic[R, C]):
    """A suppressed two-way table: ``cells[row][column]`` and the totals that were given."""

    cells: dict[R, dict[C, Shown]]
    row_totals: dict[R, Shown]
    column_totals: dict[C, Shown]


def _check_count(count: int) -> None:
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")


def suppress_count(count: int) -> Shown:
    """Primary suppression of one count: 1–4 are hidden; 0 and 5 or more are shown.

    A 0 is shown on its own because it says nothing about any person — but a 0 in a group or
    table with a shown total may still be hidden by complementary suppression (see
    ``suppress_group``).
    """
    _check_count(count)
    return HIDDEN if 0 < count < MIN_PEOPLE else Shown(count, False)


def suppress_mean(n: int, value: float | None) -> Shown:
    """A mean (or any figure) about ``n`` people: hidden when n < 5, shown otherwise.

    ``value`` may be None only when it is hidden anyway; a missing value for 5 or more people is
    a bug in the caller and raises ValueError.
    """
    if n < MIN_PEOPLE:
        return HIDDEN
    if value is None:
        raise ValueError(f"no value given for a figure about {n} people")
    return Shown(value, False)


def _partner(line: Sequence[H], hidden: set[H], values: Mapping[H, int]) -> H | None:
    """The cell to hide next to a lone hidden cell in ``line``, or None if there is none.

    The smallest shown count above 0 (ties: the first in order), so as little as possible is
    lost. A 0 is taken only when no other shown count is left: hiding a 0 next to a hidden 3
    leaves "these two add up to 3", which gives the 3 away to anyone who guesses the 0.
    """
    candidates = [key for key in line if key not in hidden]
    pool = [key for key in candidates if values[key] > 0] or candidates
    return min(pool, key=lambda key: values[key]) if pool else None


def _protect(values: Mapping[H, int], hidden: set[H], lines: Sequence[Sequence[H]]) -> set[int]:
    """Complementary suppression to a fixed point.

    ``lines`` are the rows and columns whose totals are shown. Hides more cells (adding to
    ``hidden`` in place) until no line has exactly one hidden cell, repeating because a cell
    hidden for one line can leave another line with a lone hidden cell. Returns the indexes of
    the lines whose *total* must be hidden instead, because the line has no other cell to hide.
    Ends because every pass that changes something hides one more cell or one more total.
    """
    total_hidden: set[int] = set()
    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if index in total_hidden or sum(key in hidden for key in line) != 1:
                continue
            partner = _partner(line, hidden, values)
            if partner is None:
                total_hidden.add(index)
            else:
                hidden.add(partner)
            changed = True
    return total_hidden


def suppress_group(counts: Mapping[K, int], total: int | None = None) -> Group[K]:
    """Suppress a one-way group of counts, e.g. learners per stage, with an optional total.

    Primary: every count of 1–4 is hidden, and so is a total of 1–4. Complementary: if the
    total is shown and exactly one count is hidden, it could be worked out as total − the shown
    counts, so the smallest other count above 0 is hidden too (ties: the first in the mapping's
    order), or a 0 if no count above 0 is left. So {A: 3, B: 10, C: 12} with total 25 hides A
    and B, and {A: 3, B: 0, C: 12} with total 15 hides A and C, keeping the 0 (see
    ``_partner``). If no other count exists to hide, the total is hidden instead.

    The total need not equal the sum of the counts (a group may leave out a category); it is
    treated as if subtraction could reveal a hidden count all the same. Pass a total whenever
    the report shows one — or readers could add one up from elsewhere.
    """
    for count in counts.values():
        _check_count(count)
    hidden = {key for key, count in counts.items() if 0 < count < MIN_PEOPLE}
    shown_total = None if total is None else suppress_count(total)
    if shown_total is not None and not shown_total.suppressed:
        if _protect(counts, hidden, [list(counts)]):
            shown_total = HIDDEN
    cells = {key: HIDDEN if key in hidden else Shown(count, False) for key, count in counts.items()}
    return Group(cells=cells, total=shown_total)


def suppress_table(
    rows: Mapping[R, Mapping[C, int]],
    row_totals: Mapping[R, int] | None = None,
    column_totals: Mapping[C, int] | None = None,
) -> Table[R, C]:
    """Suppress a two-way table of counts, e.g. cohorts × stages, with its shown totals.

    Every row must have the same columns (ValueError otherwise). A row or column total may be
    left out of its mapping (or the mapping be None) when the report does not show it; a total
    of 1–4 is hidden. Primary suppression hides every cell of 1–4; complementary suppression
    then runs over every row and column with a shown total, as in ``suppress_group``, and
    repeats until nothing changes, so no row or column with a shown total is left with exactly
    one hidden cell.

    Not covered: a grand total. Shown beside the row (or column) totals, it would let a hidden
    total be worked out by subtraction, and a hidden total can be re-added from its shown cells.
    This function does not guard against that, so do not show a grand total with these margins.
    """
    row_keys = list(rows)
    column_keys = list(rows[row_keys[0]]) if row_keys else []
    for row in row_keys:
        if set(rows[row]) != set(column_keys):
            raise ValueError(f"row {row!r} does not have the same columns as the first row")
        for count in rows[row].values():
            _check_count(count)
    values = {(row, column): rows[row][column] for row in row_keys for column in column_keys}
    hidden = {cell for cell, count in values.items() if 0 < count < MIN_PEOPLE}

    shown_rows = {row: suppress_count(n) for row, n in (row_totals or {}).items() if row in rows}
    shown_columns = {
        column: suppress_count(n)
        for column, n in (column_totals or {}).items()
        if column in column_keys
    }
    # The lines whose totals are shown: rows first, then columns, each in its own order. A
    # line's key is a row's (R) or a column's (C), as its flag says, which no static type tells.
    lines: list[tuple[bool, Any]] = [
        (True, row) for row in row_keys if row in shown_rows and not shown_rows[row].suppressed
    ]
    lines += [
        (False, column)
        for column in column_keys
        if column in shown_columns and not shown_columns[column].suppressed
    ]
    cells_of = [
        [(key, column) for column in column_keys] if is_row else [(row, key) for row in row_keys]
        for is_row, key in lines
    ]
    for index in _protect(values, hidden, cells_of):
        is_row, key = lines[index]
        (shown_rows if is_row else shown_columns)[key] = HIDDEN

    cells = {
        row: {
            column: HIDDEN if (row, column) in hidden else Shown(values[row, column], False)
            for column in column_keys
        }
        for row in row_keys
    }
    return Table(cells=cells, row_totals=shown_rows, column_totals=shown_columns)
