"""Tests for evaluation.stats: pure Python, no database.

The expected values for the paired change were worked out by hand (the working is in the
comments), not produced by the code under test.
"""

import random

import pytest
from scipy.stats import t as t_distribution
from scipy.stats import ttest_rel

from evaluation.stats import (
    MIN_PEOPLE,
    SUPPRESSED_TEXT,
    PairedChange,
    Shown,
    paired_change,
    suppress_count,
    suppress_group,
    suppress_mean,
    suppress_table,
)

# --- The t quantile against a printed table -----------------------------------------------------


def test_t_quantiles_match_the_published_table():
    # Two-sided 95% critical values from any printed t table: df=3 → 3.182, df=9 → 2.262.
    assert t_distribution.ppf(0.975, 3) == pytest.approx(3.182, abs=5e-4)
    assert t_distribution.ppf(0.975, 9) == pytest.approx(2.262, abs=5e-4)
    assert t_distribution.ppf(0.975, 4) == pytest.approx(2.776, abs=5e-4)


# --- paired_change on data worked out by hand ----------------------------------------------------


def test_paired_change_four_people():
    # before [1, 2, 2, 3], after [2, 3, 4, 3]
    # differences d = [1, 1, 2, 0]; mean = 4 / 4 = 1.0
    # deviations from the mean: [0, 0, 1, -1]; sum of squares = 0 + 0 + 1 + 1 = 2
    # sd = sqrt(2 / (4 - 1)) = sqrt(0.666667) = 0.816497
    # se = sd / sqrt(4) = 0.816497 / 2 = 0.408248
    # half-width = t(0.975, 3) * se = 3.182446 * 0.408248 = 1.299228
    # CI = (1.0 - 1.299228, 1.0 + 1.299228) = (-0.299228, 2.299228)
    # means: before 8 / 4 = 2.0, after 12 / 4 = 3.0
    result = paired_change([1, 2, 2, 3], [2, 3, 4, 3])
    assert result.n == 4
    assert result.mean_before == pytest.approx(2.0)
    assert result.mean_after == pytest.approx(3.0)
    assert result.mean_change == pytest.approx(1.0)
    assert result.sd_change == pytest.approx(0.816497, abs=1e-4)
    assert result.ci_low == pytest.approx(-0.299228, abs=1e-4)
    assert result.ci_high == pytest.approx(2.299228, abs=1e-4)


def test_paired_change_ten_people():
    # before [10, 12, 9, 11, 13, 8, 10, 12, 11, 9]   (sum 105, mean 10.5)
    # after  [12, 13, 12, 11, 15, 9, 12, 15, 12, 9]  (sum 120, mean 12.0)
    # d = [2, 1, 3, 0, 2, 1, 2, 3, 1, 0]; sum 15, mean 1.5
    # deviations: [0.5, -0.5, 1.5, -1.5, 0.5, -0.5, 0.5, 1.5, -0.5, -1.5]
    # squares: four of 2.25 (= 9.0) and six of 0.25 (= 1.5); sum of squares = 10.5
    # sd = sqrt(10.5 / 9) = sqrt(1.166667) = 1.080123
    # se = 1.080123 / sqrt(10) = 1.080123 / 3.162278 = 0.341565
    # half-width = t(0.975, 9) * se = 2.262157 * 0.341565 = 0.772674
    # CI = (1.5 - 0.772674, 1.5 + 0.772674) = (0.727326, 2.272674)
    before = [10, 12, 9, 11, 13, 8, 10, 12, 11, 9]
    after = [12, 13, 12, 11, 15, 9, 12, 15, 12, 9]
    result = paired_change(before, after)
    assert result.n == 10
    assert result.mean_before == pytest.approx(10.5)
    assert result.mean_after == pytest.approx(12.0)
    assert result.mean_change == pytest.approx(1.5)
    assert result.sd_change == pytest.approx(1.080123, abs=1e-4)
    assert result.ci_low == pytest.approx(0.727326, abs=1e-4)
    assert result.ci_high == pytest.approx(2.272674, abs=1e-4)


def test_paired_change_five_people_with_a_drop():
    # before [5, 4, 6, 2, 3] (mean 20 / 5 = 4.0), after [3, 4, 7, 5, 6] (mean 25 / 5 = 5.0)
    # d = [-2, 0, 1, 3, 3]; sum 5, mean 1.0
    # deviations: [-3, -1, 0, 2, 2]; squares 9 + 1 + 0 + 4 + 4 = 18
    # sd = sqrt(18 / 4) = sqrt(4.5) = 2.121320
    # se = 2.121320 / sqrt(5) = 2.121320 / 2.236068 = 0.948683
    # half-width = t(0.975, 4) * se = 2.776445 * 0.948683 = 2.633967
    # CI = (1.0 - 2.633967, 1.0 + 2.633967) = (-1.633967, 3.633967)
    result = paired_change([5, 4, 6, 2, 3], [3, 4, 7, 5, 6])
    assert result.mean_before == pytest.approx(4.0)
    assert result.mean_after == pytest.approx(5.0)
    assert result.mean_change == pytest.approx(1.0)
    assert result.sd_change == pytest.approx(2.121320, abs=1e-4)
    assert result.ci_low == pytest.approx(-1.633967, abs=1e-4)
    assert result.ci_high == pytest.approx(3.633967, abs=1e-4)


def test_paired_change_agrees_with_scipy_paired_t_test():
    # An independent check on random data: SciPy's own paired t test gives the same interval.
    rng = random.Random(20240601)
    for _ in range(20):
        n = rng.randint(2, 30)
        before = [rng.randint(1, 10) for _ in range(n)]
        after = [rng.randint(1, 10) for _ in range(n)]
        if len({a - b for a, b in zip(after, before, strict=True)}) == 1:
            continue  # SciPy returns nan for a zero-variance sample
        result = paired_change(before, after)
        interval = ttest_rel(after, before).confidence_interval(0.95)
        assert result.ci_low == pytest.approx(interval.low, abs=1e-9)
        assert result.ci_high == pytest.approx(interval.high, abs=1e-9)


def test_paired_change_single_pair_has_no_spread_or_interval():
    # One person: 3 → 5, change 2; sd needs n - 1 >= 1, so neither sd nor CI exists.
    assert paired_change([3], [5]) == PairedChange(
        n=1,
        mean_before=3.0,
        mean_after=5.0,
        mean_change=2.0,
        sd_change=None,
        ci_low=None,
        ci_high=None,
    )


def test_paired_change_all_equal_changes_give_a_zero_width_interval():
    # d = [2, 2, 2]: sd = 0, so the interval is [2, 2] exactly.
    result = paired_change([1, 4, 7], [3, 6, 9])
    assert result.sd_change == 0.0
    assert (result.ci_low, result.ci_high) == (2.0, 2.0)


def test_paired_change_all_equal_float_changes_are_exactly_zero_spread():
    # statistics sums exactly, so a float mean of equal values has no rounding residue.
    result = paired_change([0.0, 0.0, 0.0], [0.1, 0.1, 0.1])
    assert result.sd_change == 0.0
    assert result.ci_low == result.ci_high == result.mean_change == pytest.approx(0.1)


def test_paired_change_empty_is_none():
    assert paired_change([], []) is None


def test_paired_change_mismatched_lengths_raise():
    with pytest.raises(ValueError, match="before has 2 values but after has 3"):
        paired_change([1, 2], [1, 2, 3])


# --- Shown ----------------------------------------------------------------------------------------


def test_shown_formats_numbers_and_hidden_values():
    assert str(Shown(12, False)) == "12"
    assert str(Shown(1.0, False)) == "1.00"
    assert str(Shown(2.34567, False)) == "2.35"
    assert str(Shown(None, True)) == "not shown"
    assert SUPPRESSED_TEXT.startswith("fewer than 5 people")


# --- Primary suppression --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, Shown(0, False)),  # a zero says nothing about any person
        (1, Shown(None, True)),
        (4, Shown(None, True)),
        (5, Shown(5, False)),
        (6, Shown(6, False)),
    ],
)
def test_suppress_count(count, expected):
    assert suppress_count(count) == expected


def test_suppress_count_rejects_negative():
    with pytest.raises(ValueError):
        suppress_count(-1)


def test_suppress_mean_hides_below_five_people():
    assert suppress_mean(4, 2.5) == Shown(None, True)
    assert suppress_mean(4, None) == Shown(None, True)
    assert suppress_mean(5, 2.5) == Shown(2.5, False)
    assert str(suppress_mean(5, 2.5)) == "2.50"


def test_suppress_mean_needs_a_value_when_shown():
    with pytest.raises(ValueError):
        suppress_mean(5, None)


# --- Complementary suppression in a group ---------------------------------------------------------


def hidden_keys(cells):
    return {key for key, shown in cells.items() if shown.suppressed}


def test_group_without_total_needs_only_primary_suppression():
    group = suppress_group({"A": 3, "B": 10, "C": 12})
    assert hidden_keys(group.cells) == {"A"}
    assert group.total is None


def test_group_hides_the_smallest_other_count():
    # Shown: B = 10, C = 12, total 25 → A = 25 - 10 - 12 = 3. So B (the smaller) goes too,
    # leaving A + B = 13, which does not pin A down.
    group = suppress_group({"A": 3, "B": 10, "C": 12}, total=25)
    assert hidden_keys(group.cells) == {"A", "B"}
    assert group.cells["C"] == Shown(12, False)
    assert group.total == Shown(25, False)


def test_group_ties_take_the_first_in_order():
    group = suppress_group({"A": 10, "B": 2, "C": 10}, total=22)
    assert hidden_keys(group.cells) == {"A", "B"}


def test_group_prefers_a_nonzero_complement_to_a_zero():
    # Decision: showing B = 0 and C = 12 with total 15 would reveal A = 3. Hiding the 0 would
    # leave "A + B = 3", which gives A away to anyone who guesses B is 0; hiding C leaves
    # "A + C = 15", which does not. So A and C are hidden and the 0 stays shown.
    group = suppress_group({"A": 3, "B": 0, "C": 12}, total=15)
    assert hidden_keys(group.cells) == {"A", "C"}
    assert group.cells["B"] == Shown(0, False)


def test_group_hides_a_zero_when_nothing_else_is_left():
    # The counts leave out a category (total 10 > 3 + 0). The only other count is a 0, so it
    # is hidden: total - shown would otherwise give away A + the left-out category.
    group = suppress_group({"A": 3, "B": 0}, total=10)
    assert hidden_keys(group.cells) == {"A", "B"}
    assert group.total == Shown(10, False)


def test_group_hides_the_total_when_no_other_count_exists():
    group = suppress_group({"A": 3}, total=10)
    assert hidden_keys(group.cells) == {"A"}
    assert group.total == Shown(None, True)


def test_group_with_a_small_total_hides_the_total_not_more_cells():
    # Total 4 is itself hidden, so nothing can be subtracted from it.
    group = suppress_group({"A": 4, "B": 0}, total=4)
    assert hidden_keys(group.cells) == {"A"}
    assert group.total == Shown(None, True)


def test_group_with_two_hidden_counts_needs_no_more():
    group = suppress_group({"A": 1, "B": 2, "C": 20}, total=23)
    assert hidden_keys(group.cells) == {"A", "B"}


def test_group_zero_total_is_shown():
    group = suppress_group({"A": 0, "B": 0}, total=0)
    assert hidden_keys(group.cells) == set()
    assert group.total == Shown(0, False)


# --- Complementary suppression in a table ---------------------------------------------------------


def hidden_cells(table):
    return {
        (row, column)
        for row, cells in table.cells.items()
        for column, shown in cells.items()
        if shown.suppressed
    }


def with_totals(rows):
    row_totals = {row: sum(cells.values()) for row, cells in rows.items()}
    columns = list(next(iter(rows.values())))
    column_totals = {column: sum(rows[row][column] for row in rows) for column in columns}
    return row_totals, column_totals


def test_table_row_complement_forces_column_complements_to_a_fixed_point():
    rows = {
        "r1": {"c1": 3, "c2": 10, "c3": 8},
        "r2": {"c1": 9, "c2": 7, "c3": 6},
        "r3": {"c1": 8, "c2": 9, "c3": 12},
    }
    # Pass 1, rows:    r1 has only (r1, c1) = 3 hidden → hide its smallest other, (r1, c3) = 8.
    # Pass 1, columns: c1 has only (r1, c1) → hide (r3, c1) = 8 (smaller than 9);
    #                  c3 now has only (r1, c3) → hide (r2, c3) = 6 (smaller than 12).
    # Pass 2, rows:    r2 has only (r2, c3) → hide (r2, c2) = 7 (smaller than 9);
    #                  r3 has only (r3, c1) → hide (r3, c2) = 9 (smaller than 12).
    # Pass 2, columns: c1, c2 and c3 each have two hidden. Pass 3 changes nothing.
    table = suppress_table(rows, *with_totals(rows))
    assert hidden_cells(table) == {
        ("r1", "c1"),
        ("r1", "c3"),
        ("r3", "c1"),
        ("r2", "c3"),
        ("r2", "c2"),
        ("r3", "c2"),
    }
    assert table.cells["r1"]["c2"] == Shown(10, False)
    assert all(not shown.suppressed for shown in table.row_totals.values())
    assert all(not shown.suppressed for shown in table.column_totals.values())


def test_table_two_by_two_with_one_small_cell_hides_every_cell():
    # (r1, c1) = 3; row r1 forces (r1, c2); column c1 forces (r2, c1); column c2 then has
    # (r1, c2) alone, forcing (r2, c2). With all totals shown, nothing in a 2 × 2 can stay.
    rows = {"r1": {"c1": 3, "c2": 10}, "r2": {"c1": 9, "c2": 7}}
    table = suppress_table(rows, *with_totals(rows))
    assert len(hidden_cells(table)) == 4


def test_table_without_totals_needs_only_primary_suppression():
    rows = {"r1": {"c1": 3, "c2": 10}, "r2": {"c1": 9, "c2": 7}}
    table = suppress_table(rows, None, None)
    assert hidden_cells(table) == {("r1", "c1")}
    assert table.row_totals == {}
    assert table.column_totals == {}


def test_table_only_row_totals_shown():
    rows = {"r1": {"c1": 3, "c2": 10, "c3": 8}, "r2": {"c1": 9, "c2": 7, "c3": 6}}
    table = suppress_table(rows, row_totals={"r1": 21, "r2": 22})
    assert hidden_cells(table) == {("r1", "c1"), ("r1", "c3")}


def test_table_small_total_is_hidden():
    rows = {"r1": {"c1": 3, "c2": 0}, "r2": {"c1": 9, "c2": 7}}
    table = suppress_table(rows, {"r1": 3, "r2": 16}, None)
    assert table.row_totals["r1"] == Shown(None, True)
    assert hidden_cells(table) == {("r1", "c1")}


def test_table_rows_must_share_columns():
    with pytest.raises(ValueError):
        suppress_table({"r1": {"c1": 5}, "r2": {"c2": 5}})


def test_table_rejects_negative_counts():
    with pytest.raises(ValueError):
        suppress_table({"r1": {"c1": -1}})


def test_empty_table():
    table = suppress_table({})
    assert table.cells == {}


# --- The property, brute-forced over random tables ------------------------------------------------


def assert_safe(rows, table):
    """Check every promise of suppress_table on one table.

    Every count of 1–4 is hidden; every shown cell shows its true value; every total of 1–4 is
    hidden; and no row or column whose total is shown has exactly one hidden cell — so no hidden
    cell can be worked out by subtracting the shown cells of one line from its total.
    """
    columns = list(next(iter(rows.values())))
    for row, cells in rows.items():
        for column, count in cells.items():
            shown = table.cells[row][column]
            if 0 < count < MIN_PEOPLE:
                assert shown.suppressed, (row, column, count)
            if not shown.suppressed:
                assert shown.value == count
    lines = [
        (table.row_totals.get(row), [table.cells[row][column] for column in columns])
        for row in rows
    ]
    lines += [
        (table.column_totals.get(column), [table.cells[row][column] for row in rows])
        for column in columns
    ]
    for total, cells in lines:
        if total is None or total.suppressed:
            continue
        assert 0 == total.value or total.value >= MIN_PEOPLE
        hidden = sum(cell.suppressed for cell in cells)
        assert hidden != 1, (rows, table)


def random_table(rng):
    n_rows, n_columns = rng.randint(1, 5), rng.randint(1, 5)
    rows = {f"r{i}": {f"c{j}": rng.randint(0, 12) for j in range(n_columns)} for i in range(n_rows)}
    row_totals, column_totals = with_totals(rows)
    if rng.random() < 0.25:
        # Some tables leave out a category, so a total can exceed the sum of its cells.
        row_totals = {row: total + rng.randint(0, 6) for row, total in row_totals.items()}
        column_totals = {col: total + rng.randint(0, 6) for col, total in column_totals.items()}
    if rng.random() < 0.3:
        # And some show only part of the margins.
        row_totals = {row: total for row, total in row_totals.items() if rng.random() < 0.5}
        column_totals = {col: total for col, total in column_totals.items() if rng.random() < 0.5}
    return rows, row_totals, column_totals


def test_no_shown_total_ever_has_a_lone_hidden_cell_in_random_tables():
    rng = random.Random(5)
    for _ in range(200):
        rows, row_totals, column_totals = random_table(rng)
        assert_safe(rows, suppress_table(rows, row_totals, column_totals))


def test_no_shown_total_ever_has_a_lone_hidden_count_in_random_groups():
    rng = random.Random(7)
    for _ in range(200):
        counts = {f"k{i}": rng.randint(0, 12) for i in range(rng.randint(1, 6))}
        total = sum(counts.values()) + (rng.randint(0, 6) if rng.random() < 0.25 else 0)
        group = suppress_group(counts, total)
        # A group is a one-row table with its row total shown.
        as_table = suppress_table({"row": counts}, {"row": total}, None)
        assert group.cells == as_table.cells["row"]
        assert group.total == as_table.row_totals["row"]
        assert_safe({"row": counts}, as_table)
