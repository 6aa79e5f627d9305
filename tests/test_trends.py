"""Window values (SPEC 2.5) and trends (SPEC 2.4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.fields import Polarity
from pmf.models import Measure
from pmf.periods import parse_period, window
from pmf.settings import Settings
from pmf.status import Status, measure_status
from pmf.trends import Trend, compare, measure_trend, running_totals, window_value

FAST = settings(max_examples=200, deadline=None)
HIGHER, LOWER, CLOSER = (
    Polarity.higher_is_better,
    Polarity.lower_is_better,
    Polarity.closer_is_better,
)
MID = window("2025-26", "mid-year")
YEAR_END = window("2025-26", "year-end")
SETTINGS = Settings.model_validate({"organisation": "Test", "outcomes": [{"id": "resilient", "title": "Resilient"}]})


def measure(outturns: list[tuple[str, Any]], **fields: Any) -> Measure:
    """A quarterly higher-is-better measure with the given ``(period, value)`` outturns."""
    data: dict[str, Any] = {
        "id": "M-01",
        "kind": "indicator",
        "title": "A measure",
        "frequency": "quarterly",
        "polarity": "higher_is_better",
        "benchmarking": "national",
        "thresholds": {"2025-26": {"target": 68, "tolerance": 64}},
        "outturns": [{"period": p, "value": None if v is None else str(v)} for p, v in outturns],
    }
    data.update(fields)
    return Measure.model_validate(data)


# --- compare --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "decimals", "target", "expected"),
    [
        pytest.param("5", "4", HIGHER, 0, None, Trend.better, id="higher-up-is-better"),
        pytest.param("4", "5", HIGHER, 0, None, Trend.worse, id="higher-down-is-worse"),
        pytest.param("5", "5", HIGHER, 0, None, Trend.same, id="higher-equal-is-same"),
        pytest.param("4", "5", LOWER, 0, None, Trend.better, id="lower-down-is-better"),
        pytest.param("5", "4", LOWER, 0, None, Trend.worse, id="lower-up-is-worse"),
        pytest.param("66.24", "66.2", HIGHER, 1, None, Trend.same, id="equal-after-rounding-1dp-is-same"),
        pytest.param("66.25", "66.2", HIGHER, 1, None, Trend.better, id="half-up-1dp-66.25-is-66.3-better"),
        pytest.param("4.4", "4", LOWER, 0, None, Trend.same, id="equal-after-rounding-0dp-is-same"),
        pytest.param("67.995", "68", HIGHER, 2, None, Trend.same, id="equal-after-rounding-2dp-is-same"),
        pytest.param("52", "55", CLOSER, 0, "50", Trend.better, id="closer-nearer-target-is-better"),
        pytest.param("48", "52", CLOSER, 0, "50", Trend.same, id="closer-same-distance-other-side-is-same"),
        pytest.param("45", "52", CLOSER, 0, "50", Trend.worse, id="closer-further-is-worse"),
        pytest.param("49", "55", CLOSER, 0, "50", Trend.better, id="closer-crossing-target-nearer-is-better"),
        pytest.param(None, "5", HIGHER, 0, None, None, id="no-current-no-trend"),
        pytest.param("5", None, HIGHER, 0, None, None, id="no-previous-no-trend"),
        pytest.param("5", "4", None, 0, None, None, id="no-polarity-no-trend"),
    ],
)
def test_compare(
    current: str | None,
    previous: str | None,
    polarity: Polarity | None,
    decimals: int,
    target: str | None,
    expected: Trend | None,
) -> None:
    """SPEC 2.4: better / same / worse by polarity, equal after rounding is same."""
    as_decimal = [None if x is None else Decimal(x) for x in (current, previous, target)]
    assert compare(as_decimal[0], as_decimal[1], polarity, decimals, as_decimal[2]) == expected


REVERSE = {Trend.better: Trend.worse, Trend.worse: Trend.better, Trend.same: Trend.same}


@FAST
@given(
    a=st.integers(-(10**6), 10**6),
    b=st.integers(-(10**6), 10**6),
    places=st.integers(0, 3),
    extra=st.integers(0, 2),
    polarity=st.sampled_from(list(Polarity)),
    target=st.integers(-(10**6), 10**6),
)
def test_swapping_values_reverses_the_trend(
    a: int, b: int, places: int, extra: int, polarity: Polarity, target: int
) -> None:
    """compare(x, y) is the mirror of compare(y, x): better becomes worse, same stays same."""
    x, y = Decimal(f"{a}E-{places + extra}"), Decimal(f"{b}E-{places + extra}")
    t = Decimal(f"{target}E-{places}")
    forward = compare(x, y, polarity, places, t)
    backward = compare(y, x, polarity, places, t)
    assert forward is not None
    assert backward == REVERSE[forward]


@FAST
@given(a=st.integers(-(10**6), 10**6), b=st.integers(-(10**6), 10**6), places=st.integers(0, 3))
def test_polarity_flips_the_trend(a: int, b: int, places: int) -> None:
    x, y = Decimal(f"{a}E-{places}"), Decimal(f"{b}E-{places}")
    higher = compare(x, y, HIGHER, places)
    assert higher is not None
    assert compare(x, y, LOWER, places) == REVERSE[higher]


# --- window_value: normal ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("outturns", "win", "period", "value"),
    [
        pytest.param(
            [("2025-26 Q1", 66), ("2025-26 Q2", 65)],
            MID,
            "2025-26 Q2",
            "65",
            id="quarterly-mid-year-takes-q2",
        ),
        pytest.param(
            [("2025-26 Q1", 66), ("2025-26 Q2", None)],
            MID,
            "2025-26 Q1",
            "66",
            id="quarterly-q2-null-falls-back-to-q1",
        ),
        pytest.param([("2025-26 Q1", 66)], MID, "2025-26 Q1", "66", id="quarterly-q2-absent-falls-back-to-q1"),
        pytest.param(
            [("2025-26 Q1", 66), ("2025-26 Q2", 65), ("2025-26 Q3", 70)],
            MID,
            "2025-26 Q2",
            "65",
            id="q3-is-after-mid-year",
        ),
        pytest.param(
            [("2025-26 Q2", 65), ("2025-26 Q4", 69)],
            YEAR_END,
            "2025-26 Q4",
            "69",
            id="quarterly-year-end-takes-q4",
        ),
        pytest.param([("2024-25 Q4", 60)], MID, None, None, id="last-year-quarter-is-not-in-window"),
    ],
)
def test_window_value_normal_quarterly(
    outturns: list[tuple[str, Any]], win: Any, period: str | None, value: str | None
) -> None:
    """SPEC 2.5 normal: the last period ending inside the window that has a value."""
    got = window_value(measure(outturns), win)
    assert got.label == period
    assert got.value == (None if value is None else Decimal(value))


def test_window_value_normal_monthly() -> None:
    months = [(f"2025-{m:02d}", m) for m in range(4, 11)]
    got = window_value(measure(months, frequency="monthly"), MID)
    assert (got.label, got.value, got.year) == ("2025-09", Decimal(9), "2025-26")


def test_annual_measure_at_mid_year_shows_last_years_outturn_judged_against_that_year() -> None:
    """An annual measure at mid-year: latest annual outturn, labelled and judged by its own year."""
    m = measure(
        [("2023-24", 55), ("2024-25", 62)],
        frequency="annual",
        thresholds={
            "2024-25": {"target": 60, "tolerance": 50},
            "2025-26": {"target": 68, "tolerance": 64},
        },
    )
    got = window_value(m, MID)
    assert (got.label, got.value, got.year) == ("2024-25", Decimal(62), "2024-25")
    assert measure_status(m, got.value, got.year, SETTINGS) == Status.green
    trend, previous = measure_trend(m, MID, got)
    assert previous.label == "2023-24"
    assert trend == Trend.better


@pytest.mark.parametrize(
    "outturns",
    [
        pytest.param([("2023-24", 55)], id="last-year-not-yet-reported"),
        pytest.param([("2023-24", 55), ("2024-25", None)], id="last-year-not-available"),
    ],
)
def test_annual_measure_at_mid_year_shows_its_latest_outturn(
    outturns: list[tuple[str, Any]],
) -> None:
    """SPEC 2.5: 'its latest annual outturn' is the latest one with a value, even two years back."""
    m = measure(outturns, frequency="annual", thresholds={"2023-24": {"target": 50, "tolerance": 40}})
    got = window_value(m, MID)
    assert (got.label, got.value, got.year) == ("2023-24", Decimal(55), "2023-24")
    assert measure_status(m, got.value, got.year, SETTINGS) == Status.green


def test_annual_measure_at_year_end_without_this_years_outturn_has_no_value() -> None:
    """SPEC 2.5 normal: only periods ending inside the window count (no mid-year exception)."""
    got = window_value(measure([("2024-25", 62)], frequency="annual"), YEAR_END)
    assert got.value is None


def test_annual_measure_at_year_end_shows_this_year() -> None:
    m = measure([("2024-25", 62), ("2025-26", 61)], frequency="annual")
    got = window_value(m, YEAR_END)
    assert (got.label, got.value, got.year) == ("2025-26", Decimal(61), "2025-26")
    assert measure_trend(m, YEAR_END, got)[0] == Trend.worse


# --- window_value: cumulative and average ---------------------------------------------


def test_cumulative_sums_the_window() -> None:
    m = measure(
        [(f"2025-{n:02d}", 10 * n) for n in range(4, 10)],
        frequency="monthly",
        aggregation="cumulative",
    )
    got = window_value(m, MID)
    assert got.value == Decimal(40 + 50 + 60 + 70 + 80 + 90)
    assert got.label == "2025-26 H1"
    assert not got.partial


def test_cumulative_missing_period_is_partial_and_listed() -> None:
    outturns = [("2025-04", 100), ("2025-05", 95), ("2025-06", None), ("2025-08", 5)]
    got = window_value(measure(outturns, frequency="monthly", aggregation="cumulative"), MID)
    assert got.value == Decimal(200)
    assert got.partial
    assert [p.label for p in got.missing] == ["2025-06", "2025-07", "2025-09"]


def test_cumulative_quarterly_year_end() -> None:
    outturns = [("2025-26 Q1", "1.5"), ("2025-26 Q2", "2.5"), ("2025-26 Q3", 3), ("2025-26 Q4", 4)]
    got = window_value(measure(outturns, aggregation="cumulative"), YEAR_END)
    assert (got.value, got.label, got.partial) == (Decimal(11), "2025-26", False)


def test_average_is_the_mean_of_the_periods_present() -> None:
    outturns = [("2025-04", 10), ("2025-05", 20), ("2025-06", None), ("2025-07", 40)]
    got = window_value(measure(outturns, frequency="monthly", aggregation="average"), MID)
    assert got.value == Decimal(70) / 3
    assert got.label == "2025-26 H1"
    assert got.partial


def test_average_quarterly_mid_year() -> None:
    got = window_value(measure([("2025-26 Q1", "66.2"), ("2025-26 Q2", "64.4")], aggregation="average"), MID)
    assert got.value == Decimal("65.3")


def test_no_value_in_the_window() -> None:
    """A sum with nothing to add is still the window's, in the window's year: the status table
    names the window and the target it would be judged against."""
    got = window_value(measure([], aggregation="cumulative", frequency="monthly"), MID)
    assert got.value is None
    assert len(got.missing) == 6
    assert (got.label, got.year) == ("2025-26 H1", "2025-26")


def commented(the_measure: Measure, comments: dict[str, str]) -> Measure:
    outturns = [o.model_copy(update={"comment": comments.get(o.period)}) for o in the_measure.outturns]
    return the_measure.model_copy(update={"outturns": outturns})


@pytest.mark.parametrize(
    ("outturns", "comment"),
    [
        pytest.param([("2025-26 Q1", 5), ("2025-26 Q2", 6)], "Q2 note", id="the-last-periods-comment"),
        pytest.param([("2025-26 Q1", 5), ("2025-26 Q2", None)], "Q1 note", id="the-last-period-with-a-figure"),
    ],
)
def test_a_sum_carries_the_comment_of_its_latest_figure(outturns: list[tuple[str, Any]], comment: str) -> None:
    m = commented(measure(outturns, aggregation="cumulative"), {"2025-26 Q1": "Q1 note", "2025-26 Q2": "Q2 note"})
    assert window_value(m, MID).comment == comment


@pytest.mark.parametrize(
    ("aggregation", "incomplete", "latest_missing"),
    [
        pytest.param("cumulative", True, False, id="a-sum-lacking-a-quarter-is-incomplete"),
        pytest.param("average", True, False, id="a-mean-lacking-a-quarter-is-incomplete"),
        pytest.param("normal", False, True, id="a-latest-figure-with-a-later-quarter-unwritten"),
    ],
)
def test_what_a_partial_value_lacks(aggregation: str, incomplete: bool, latest_missing: bool) -> None:
    """The report lists an incomplete sum apart from a latest figure whose later quarter is not in."""
    got = window_value(measure([("2025-26 Q1", 5)], aggregation=aggregation), MID)
    assert (got.partial, got.incomplete, got.latest_missing) == (True, incomplete, latest_missing)


def test_a_month_written_like_a_financial_year_is_a_month_of_a_monthly_measure() -> None:
    """'2011-12' is December 2011 for a monthly measure (SPEC 3), so it is the latest figure of 2011-12."""
    m = measure([("2011-11", 5), ("2011-12", 7)], frequency="monthly", thresholds={})
    got = window_value(m, window("2011-12", "year-end"))
    assert (got.value, got.label) == (Decimal(7), "2011-12")
    assert [p.label for p in got.missing] == ["2012-01", "2012-02", "2012-03"]


@pytest.mark.parametrize(
    ("year", "value", "missing"),
    [
        pytest.param("2025-26", Decimal(82), [], id="due-in-its-first-year"),
        pytest.param("2026-27", Decimal(82), [], id="off-year-shows-the-last-figure"),
        pytest.param("2027-28", None, ["2027-28"], id="due-again-two-years-on"),
        pytest.param("2023-24", None, [], id="not-due-before-its-first-year"),
        pytest.param("2024-25", None, [], id="not-due-the-year-before-its-first"),
    ],
)
def test_a_biennial_measure_is_due_every_second_year_from_its_first(
    year: str, value: Decimal | None, missing: list[str]
) -> None:
    m = measure([("2025-26", 82)], frequency="biennial", first_year="2025-26")
    got = window_value(m, window(year, "year-end"))
    assert (got.value, [p.label for p in got.missing], got.partial) == (value, missing, False)


def test_a_biennial_measure_without_its_first_figure_is_missing_it() -> None:
    m = measure([], frequency="biennial", first_year="2025-26")
    assert [p.label for p in window_value(m, window("2025-26", "year-end")).missing] == ["2025-26"]


def test_a_first_year_written_on_an_annual_measure_changes_nothing() -> None:
    """Only a biennial measure skips a year: an annual one is due every year whatever else is written."""
    m = measure([("2025-26", 82)], frequency="annual", first_year="2025-26")
    assert [p.label for p in window_value(m, window("2026-27", "year-end")).missing] == ["2026-27"]


# --- measure_trend ------------------------------------------------------------------------


def test_normal_trend_compares_with_previous_available_period() -> None:
    m = measure([("2024-25 Q4", 65), ("2025-26 Q1", None), ("2025-26 Q2", 66)])
    trend, previous = measure_trend(m, MID)
    assert previous.label == "2024-25 Q4"
    assert trend == Trend.better


def test_normal_trend_lower_is_better() -> None:
    m = measure([("2025-26 Q1", 10), ("2025-26 Q2", 12)], polarity="lower_is_better", thresholds={})
    assert measure_trend(m, MID)[0] == Trend.worse


def test_cumulative_trend_is_year_on_year_like_for_like() -> None:
    """Apr+May this year (195) against Apr+May last year (210), not last year's full half."""
    outturns = [
        ("2024-04", 110),
        ("2024-05", 100),
        ("2024-06", 300),
        ("2025-04", 100),
        ("2025-05", 95),
    ]
    m = measure(outturns, frequency="monthly", aggregation="cumulative", polarity="lower_is_better")
    trend, previous = measure_trend(m, MID)
    assert previous.value == Decimal(210)
    assert trend == Trend.better


def test_cumulative_trend_full_windows() -> None:
    this = [(f"2025-{n:02d}", 10) for n in range(4, 10)]
    last = [(f"2024-{n:02d}", 11) for n in range(4, 10)]
    m = measure(last + this, frequency="monthly", aggregation="cumulative")
    trend, previous = measure_trend(m, MID)
    assert (previous.value, trend) == (Decimal(66), Trend.worse)


def test_cumulative_trend_not_against_previous_half() -> None:
    """The previous half year (2024-25 H2) is not what a cumulative measure is compared with."""
    outturns = [("2024-25 Q1", 5), ("2024-25 Q2", 5), ("2024-25 Q3", 100), ("2024-25 Q4", 100)]
    outturns += [("2025-26 Q1", 10), ("2025-26 Q2", 10)]
    m = measure(outturns, aggregation="cumulative")
    trend, previous = measure_trend(m, MID)
    assert previous.value == Decimal(10)
    assert trend == Trend.better


def test_count_only_has_no_trend() -> None:
    m = measure(
        [("2025-26 Q1", 1), ("2025-26 Q2", 9)],
        benchmarking="count_only",
        polarity=None,
        thresholds={},
    )
    assert measure_trend(m, MID)[0] is None
    assert measure_status(m, Decimal(9), "2025-26", SETTINGS) is None
    with_polarity = measure([("2025-26 Q1", 1), ("2025-26 Q2", 9)], benchmarking="count_only", thresholds={})
    assert measure_trend(with_polarity, MID)[0] is None  # a polarity written on it does not give it one


def test_trend_type_measure_has_a_trend_but_no_status() -> None:
    m = measure([("2025-26 Q1", 5), ("2025-26 Q2", 7)], measure_type="trend", thresholds={})
    assert measure_trend(m, MID)[0] == Trend.better
    assert measure_status(m, Decimal(7), "2025-26", SETTINGS) is None


def test_trend_same_after_rounding_for_a_measure() -> None:
    m = measure([("2025-26 Q1", "66.24"), ("2025-26 Q2", "66.2")], decimals=1)
    assert measure_trend(m, MID)[0] == Trend.same


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        pytest.param(44, 53, Trend.better, id="from-6-below-to-3-above-is-better"),
        pytest.param(48, 56, Trend.worse, id="rising-away-from-target-is-worse-though-higher"),
        pytest.param(56, 51, Trend.better, id="falling-towards-target-is-better-though-lower"),
        pytest.param(47, 53, Trend.same, id="same-distance-either-side-is-same"),
    ],
)
def test_closer_is_better_trend_uses_distance_from_target(before: int, now: int, expected: Trend) -> None:
    """Rows where closer-is-better and higher- or lower-is-better disagree, so neither can stand in for it."""
    m = measure(
        [("2025-26 Q1", before), ("2025-26 Q2", now)],
        polarity="closer_is_better",
        thresholds={"2025-26": {"target": 50, "tolerance": 10}},
    )
    assert measure_trend(m, MID)[0] == expected


def test_first_ever_value_has_no_trend() -> None:
    assert measure_trend(measure([("2025-26 Q2", 66)]), MID)[0] is None


def test_period_parse_sanity() -> None:
    assert parse_period("2025-26 H1") == MID


def test_running_totals_start_again_each_april() -> None:
    """A cumulative measure's chart line: the total so far in each financial year; a gap is skipped."""
    outturns = [("2025-26 Q4", 4), ("2025-26 Q3", 3), ("2026-27 Q1", 10), ("2026-27 Q2", None), ("2026-27 Q3", "2.5")]
    outturns += [("2024-25 Q4", 1)]
    totals = running_totals(measure(outturns, aggregation="cumulative"))
    assert [(p.label, v) for p, v in totals] == [
        ("2024-25 Q4", Decimal(1)),
        ("2025-26 Q3", Decimal(3)),
        ("2025-26 Q4", Decimal(7)),
        ("2026-27 Q1", Decimal(10)),
        ("2026-27 Q3", Decimal("12.5")),
    ]
    figures = running_totals(measure(outturns))
    assert [(p.label, v) for p, v in figures] == [
        ("2024-25 Q4", Decimal(1)),
        ("2025-26 Q3", Decimal(3)),
        ("2025-26 Q4", Decimal(4)),
        ("2026-27 Q1", Decimal(10)),
        ("2026-27 Q3", Decimal("2.5")),
    ]
