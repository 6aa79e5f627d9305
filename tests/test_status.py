"""Status rules of SPEC 2.1 (four colours) and 2.2 (rag-variance), one row per boundary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.fields import OnTolerance, Polarity, VarianceMode
from pmf.models import Measure, Thresholds
from pmf.settings import Settings
from pmf.status import Status, look, measure_status, rag_variance, rounded, royg, shape_of

FAST = settings(max_examples=200, deadline=None)
HIGHER, LOWER, CLOSER = (
    Polarity.higher_is_better,
    Polarity.lower_is_better,
    Polarity.closer_is_better,
)
FOUR = {Status.green, Status.yellow, Status.orange, Status.red}
RAG = {Status.green, Status.amber, Status.red}


def limits(target: str, tolerance: str | None) -> Thresholds:
    """Thresholds built from decimal strings, as a plan file writes them."""
    return Thresholds(target=Decimal(target), tolerance=None if tolerance is None else Decimal(tolerance))


# higher is better: T = 68, L = 64, M = 66.  lower is better: T = 20, L = 30, M = 25.
H = limits("68", "64")
L = limits("20", "30")

ROYG_ROWS = [
    pytest.param(
        "70",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.green,
        id="higher-better-above-target-is-green",
    ),
    pytest.param(
        "68",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.green,
        id="higher-better-exactly-on-target-is-green",
    ),
    pytest.param(
        "67.9",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.yellow,
        id="higher-better-just-under-target-is-yellow",
    ),
    pytest.param(
        "66",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.yellow,
        id="higher-better-exactly-on-midway-is-yellow",
    ),
    pytest.param(
        "65.9",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.orange,
        id="higher-better-just-past-midway-is-orange",
    ),
    pytest.param(
        "64.1",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.orange,
        id="higher-better-just-before-tolerance-is-orange",
    ),
    pytest.param(
        "64",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.red,
        id="higher-better-exactly-on-tolerance-is-red",
    ),
    pytest.param(
        "64",
        H,
        HIGHER,
        1,
        OnTolerance.better,
        Status.orange,
        id="higher-better-on-tolerance-counted-better-is-orange",
    ),
    pytest.param(
        "63.9",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.red,
        id="higher-better-past-tolerance-is-red",
    ),
    pytest.param(
        "63.9",
        H,
        HIGHER,
        1,
        OnTolerance.better,
        Status.red,
        id="higher-better-past-tolerance-counted-better-is-red",
    ),
    pytest.param("18", L, LOWER, 1, OnTolerance.worse, Status.green, id="lower-better-below-target-is-green"),
    pytest.param(
        "20",
        L,
        LOWER,
        1,
        OnTolerance.worse,
        Status.green,
        id="lower-better-exactly-on-target-is-green",
    ),
    pytest.param(
        "20.1",
        L,
        LOWER,
        1,
        OnTolerance.worse,
        Status.yellow,
        id="lower-better-just-over-target-is-yellow",
    ),
    pytest.param(
        "25",
        L,
        LOWER,
        1,
        OnTolerance.worse,
        Status.yellow,
        id="lower-better-exactly-on-midway-is-yellow",
    ),
    pytest.param(
        "25.1",
        L,
        LOWER,
        1,
        OnTolerance.worse,
        Status.orange,
        id="lower-better-just-past-midway-is-orange",
    ),
    pytest.param(
        "29.9",
        L,
        LOWER,
        1,
        OnTolerance.worse,
        Status.orange,
        id="lower-better-just-before-tolerance-is-orange",
    ),
    pytest.param(
        "30",
        L,
        LOWER,
        1,
        OnTolerance.worse,
        Status.red,
        id="lower-better-exactly-on-tolerance-is-red",
    ),
    pytest.param(
        "30",
        L,
        LOWER,
        1,
        OnTolerance.better,
        Status.orange,
        id="lower-better-on-tolerance-counted-better-is-orange",
    ),
    pytest.param("30.1", L, LOWER, 1, OnTolerance.worse, Status.red, id="lower-better-past-tolerance-is-red"),
    # No Tolerance: green when the target is met, otherwise red.
    pytest.param(
        "68",
        limits("68", None),
        HIGHER,
        1,
        OnTolerance.worse,
        Status.green,
        id="higher-no-tolerance-on-target-is-green",
    ),
    pytest.param(
        "67.9",
        limits("68", None),
        HIGHER,
        1,
        OnTolerance.worse,
        Status.red,
        id="higher-no-tolerance-just-under-is-red",
    ),
    pytest.param(
        "0",
        limits("68", None),
        HIGHER,
        1,
        OnTolerance.better,
        Status.red,
        id="higher-no-tolerance-far-under-is-red",
    ),
    pytest.param(
        "20",
        limits("20", None),
        LOWER,
        1,
        OnTolerance.worse,
        Status.green,
        id="lower-no-tolerance-on-target-is-green",
    ),
    pytest.param(
        "20.1",
        limits("20", None),
        LOWER,
        1,
        OnTolerance.worse,
        Status.red,
        id="lower-no-tolerance-just-over-is-red",
    ),
    # Half-up rounding to the measure's decimals before comparing; thresholds as written.
    pytest.param(
        "67.5",
        H,
        HIGHER,
        0,
        OnTolerance.worse,
        Status.green,
        id="round-0dp-67.5-is-68-meets-target",
    ),
    pytest.param(
        "67.49",
        H,
        HIGHER,
        0,
        OnTolerance.worse,
        Status.yellow,
        id="round-0dp-67.49-is-67-misses-target",
    ),
    pytest.param(
        "66.5",
        limits("67", "60"),
        HIGHER,
        0,
        OnTolerance.worse,
        Status.green,
        id="round-0dp-66.5-is-67-not-bankers-66",
    ),
    pytest.param(
        "64.45",
        limits("64.5", "60"),
        HIGHER,
        1,
        OnTolerance.worse,
        Status.green,
        id="round-1dp-64.45-is-64.5-meets-target",
    ),
    pytest.param(
        "64.44",
        limits("64.5", "60"),
        HIGHER,
        1,
        OnTolerance.worse,
        Status.yellow,
        id="round-1dp-64.44-is-64.4-misses-target",
    ),
    pytest.param(
        "64.45",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.orange,
        id="round-1dp-64.45-orange-against-68-64",
    ),
    pytest.param(
        "63.95",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.red,
        id="round-1dp-63.95-is-64.0-on-tolerance-red",
    ),
    pytest.param(
        "63.96",
        limits("68", "63.95"),
        HIGHER,
        1,
        OnTolerance.worse,
        Status.orange,
        id="round-1dp-threshold-as-written-not-rounded",
    ),
    pytest.param(
        "67.995",
        H,
        HIGHER,
        2,
        OnTolerance.worse,
        Status.green,
        id="round-2dp-67.995-is-68.00-meets-68",
    ),
    pytest.param(
        "67.994",
        H,
        HIGHER,
        2,
        OnTolerance.worse,
        Status.yellow,
        id="round-2dp-67.994-is-67.99-misses-68",
    ),
    pytest.param(
        "20.005",
        limits("20", "30"),
        LOWER,
        2,
        OnTolerance.worse,
        Status.yellow,
        id="round-2dp-lower-20.005-is-20.01-yellow",
    ),
    pytest.param(
        "20.004",
        limits("20", "30"),
        LOWER,
        2,
        OnTolerance.worse,
        Status.green,
        id="round-2dp-lower-20.004-is-20.00-green",
    ),
    pytest.param(
        "65.95",
        H,
        HIGHER,
        1,
        OnTolerance.worse,
        Status.yellow,
        id="round-1dp-65.95-is-66.0-on-midway-yellow",
    ),
    pytest.param(
        "65.5",
        limits("68", "63"),
        HIGHER,
        0,
        OnTolerance.worse,
        Status.yellow,
        id="round-0dp-midway-65.5-value-66-yellow",
    ),
    pytest.param(
        "65.4",
        limits("68", "63"),
        HIGHER,
        0,
        OnTolerance.worse,
        Status.orange,
        id="round-0dp-midway-65.5-value-65-orange",
    ),
    # Closer is better: the tolerance is a distance from the target (T = 50, distance 10).
    pytest.param(
        "50",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.green,
        id="closer-distance-0-is-green",
    ),
    pytest.param(
        "51",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.yellow,
        id="closer-distance-1-is-yellow",
    ),
    pytest.param(
        "55",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.yellow,
        id="closer-above-half-tolerance-is-yellow",
    ),
    pytest.param(
        "45",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.yellow,
        id="closer-below-half-tolerance-is-yellow",
    ),
    pytest.param(
        "56",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.orange,
        id="closer-past-half-tolerance-is-orange",
    ),
    pytest.param(
        "41",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.orange,
        id="closer-under-tolerance-below-is-orange",
    ),
    pytest.param(
        "60",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.red,
        id="closer-on-tolerance-above-is-red",
    ),
    pytest.param(
        "40",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.red,
        id="closer-on-tolerance-below-is-red",
    ),
    pytest.param(
        "61",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.red,
        id="closer-past-tolerance-is-red",
    ),
    pytest.param(
        "50",
        limits("50", None),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.green,
        id="closer-no-tolerance-on-target-is-green",
    ),
    pytest.param(
        "51",
        limits("50", None),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.red,
        id="closer-no-tolerance-off-target-is-red",
    ),
    pytest.param(
        "50.4",
        limits("50", "10"),
        CLOSER,
        0,
        OnTolerance.worse,
        Status.green,
        id="closer-rounded-before-distance",
    ),
]


@pytest.mark.parametrize(("value", "thresholds", "polarity", "decimals", "on_tolerance", "expected"), ROYG_ROWS)
def test_royg(
    value: str,
    thresholds: Thresholds,
    polarity: Polarity,
    decimals: int,
    on_tolerance: OnTolerance,
    expected: Status,
) -> None:
    """SPEC 2.1: each boundary of the four-colour table."""
    assert royg(Decimal(value), thresholds, polarity, decimals, on_tolerance) == expected


RAG_ROWS = [
    # relative: 10% of the target.  higher T = 80 (allowed 8);  lower T = 20 (allowed 2).
    pytest.param(
        "81",
        limits("80", None),
        HIGHER,
        1,
        "10",
        VarianceMode.relative,
        Status.green,
        id="rag-higher-above-target-is-green",
    ),
    pytest.param(
        "80",
        limits("80", None),
        HIGHER,
        1,
        "10",
        VarianceMode.relative,
        Status.green,
        id="rag-higher-on-target-is-green",
    ),
    pytest.param(
        "79.9",
        limits("80", None),
        HIGHER,
        1,
        "10",
        VarianceMode.relative,
        Status.amber,
        id="rag-higher-just-under-target-is-amber",
    ),
    pytest.param(
        "72",
        limits("80", None),
        HIGHER,
        1,
        "10",
        VarianceMode.relative,
        Status.amber,
        id="rag-higher-exactly-10-percent-under-is-amber",
    ),
    pytest.param(
        "71.9",
        limits("80", None),
        HIGHER,
        1,
        "10",
        VarianceMode.relative,
        Status.red,
        id="rag-higher-past-10-percent-is-red",
    ),
    pytest.param(
        "20",
        limits("20", None),
        LOWER,
        1,
        "10",
        VarianceMode.relative,
        Status.green,
        id="rag-lower-on-target-is-green",
    ),
    pytest.param(
        "20.1",
        limits("20", None),
        LOWER,
        1,
        "10",
        VarianceMode.relative,
        Status.amber,
        id="rag-lower-just-over-target-is-amber",
    ),
    pytest.param(
        "22",
        limits("20", None),
        LOWER,
        1,
        "10",
        VarianceMode.relative,
        Status.amber,
        id="rag-lower-exactly-10-percent-over-is-amber",
    ),
    pytest.param(
        "22.1",
        limits("20", None),
        LOWER,
        1,
        "10",
        VarianceMode.relative,
        Status.red,
        id="rag-lower-past-10-percent-is-red",
    ),
    pytest.param(
        "76",
        limits("80", "70"),
        HIGHER,
        0,
        "5",
        VarianceMode.relative,
        Status.amber,
        id="rag-5-percent-edge-is-amber-tolerance-ignored",
    ),
    pytest.param(
        "75",
        limits("80", "70"),
        HIGHER,
        0,
        "5",
        VarianceMode.relative,
        Status.red,
        id="rag-5-percent-past-edge-is-red",
    ),
    pytest.param(
        "71.95",
        limits("80", None),
        HIGHER,
        1,
        "10",
        VarianceMode.relative,
        Status.amber,
        id="rag-rounded-71.95-is-72.0-amber",
    ),
    # points: variance_percent points from the target.
    pytest.param(
        "75",
        limits("80", None),
        HIGHER,
        1,
        "5",
        VarianceMode.points,
        Status.amber,
        id="rag-points-higher-exactly-5-under-is-amber",
    ),
    pytest.param(
        "74.9",
        limits("80", None),
        HIGHER,
        1,
        "5",
        VarianceMode.points,
        Status.red,
        id="rag-points-higher-past-5-is-red",
    ),
    pytest.param(
        "25",
        limits("20", None),
        LOWER,
        1,
        "5",
        VarianceMode.points,
        Status.amber,
        id="rag-points-lower-exactly-5-over-is-amber",
    ),
    pytest.param(
        "25.1",
        limits("20", None),
        LOWER,
        1,
        "5",
        VarianceMode.points,
        Status.red,
        id="rag-points-lower-past-5-is-red",
    ),
    pytest.param(
        "20",
        limits("20", None),
        LOWER,
        1,
        "5",
        VarianceMode.points,
        Status.green,
        id="rag-points-lower-on-target-is-green",
    ),
    # closer is better: the miss is the distance from the target.
    pytest.param(
        "55",
        limits("50", None),
        CLOSER,
        0,
        "10",
        VarianceMode.relative,
        Status.amber,
        id="rag-closer-distance-at-edge-is-amber",
    ),
    pytest.param(
        "44",
        limits("50", None),
        CLOSER,
        0,
        "10",
        VarianceMode.relative,
        Status.red,
        id="rag-closer-distance-past-edge-is-red",
    ),
]


@pytest.mark.parametrize(("value", "thresholds", "polarity", "decimals", "variance", "mode", "expected"), RAG_ROWS)
def test_rag_variance(
    value: str,
    thresholds: Thresholds,
    polarity: Polarity,
    decimals: int,
    variance: str,
    mode: VarianceMode,
    expected: Status,
) -> None:
    """SPEC 2.2: green meets the target; amber misses by no more than the variance; red by more."""
    assert rag_variance(Decimal(value), thresholds, polarity, decimals, Decimal(variance), mode) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        pytest.param("64.45", 1, "64.5", id="1dp-half-up"),
        pytest.param("64.449", 1, "64.4", id="1dp-below-half"),
        pytest.param("67.995", 2, "68.00", id="2dp-carries"),
        pytest.param("0.5", 0, "1", id="0dp-half-up-not-bankers"),
        pytest.param("2.5", 0, "3", id="0dp-2.5-is-3"),
        pytest.param("1.25", 1, "1.3", id="1dp-1.25-is-1.3"),
    ],
)
def test_rounded_is_half_up(value: str, decimals: int, expected: str) -> None:
    assert rounded(Decimal(value), decimals) == Decimal(expected)


# --- measure_status -----------------------------------------------------------------

SETTINGS = Settings.model_validate({"organisation": "Test", "outcomes": [{"id": "resilient", "title": "Resilient"}]})
RAG_SETTINGS = Settings.model_validate(
    {
        "organisation": "Test",
        "status_scheme": "rag-variance",
        "outcomes": [{"id": "resilient", "title": "Resilient"}],
    }
)


def measure(**fields: Any) -> Measure:
    """A quarterly higher-is-better measure (2025-26: 68 / 64), overridden by ``fields``."""
    data: dict[str, Any] = {
        "id": "M-01",
        "kind": "indicator",
        "title": "A measure",
        "frequency": "quarterly",
        "polarity": "higher_is_better",
        "benchmarking": "national",
        "decimals": 1,
        "thresholds": {"2025-26": {"target": Decimal("68.0"), "tolerance": Decimal("64.0")}},
    }
    data.update(fields)
    return Measure.model_validate(data)


@pytest.mark.parametrize(
    ("the_measure", "value", "year", "expected"),
    [
        pytest.param(measure(), "66.2", "2025-26", Status.yellow, id="normal-measure-has-status"),
        pytest.param(measure(), "64.45", "2025-26", Status.orange, id="normal-measure-rounds-first"),
        pytest.param(
            measure(benchmarking="count_only", polarity=None, thresholds={}),
            "66.2",
            "2025-26",
            None,
            id="count-only-no-status",
        ),
        pytest.param(measure(measure_type="trend"), "66.2", "2025-26", None, id="trend-type-no-status"),
        pytest.param(measure(), "66.2", "2024-25", None, id="year-without-thresholds-no-status"),
        pytest.param(measure(), None, "2025-26", None, id="no-value-no-status"),
        pytest.param(
            measure(benchmarking="local"),
            "70",
            "2025-26",
            Status.green,
            id="local-benchmark-has-status",
        ),
    ],
)
def test_measure_status(the_measure: Measure, value: str | None, year: str, expected: Status | None) -> None:
    assert measure_status(the_measure, None if value is None else Decimal(value), year, SETTINGS) == expected


def test_measure_status_uses_the_year_asked_for() -> None:
    """Each financial year's thresholds judge that year's values."""
    m = measure(
        thresholds={
            "2024-25": {"target": 60, "tolerance": 50},
            "2025-26": {"target": 68, "tolerance": 64},
        }
    )
    assert measure_status(m, Decimal(62), "2024-25", SETTINGS) == Status.green
    assert measure_status(m, Decimal(62), "2025-26", SETTINGS) == Status.red


def test_measure_status_rag_variance_scheme() -> None:
    m = measure()
    assert measure_status(m, Decimal("61.2"), "2025-26", RAG_SETTINGS) == Status.amber
    assert measure_status(m, Decimal("61.1"), "2025-26", RAG_SETTINGS) == Status.red
    assert measure_status(m, Decimal("68"), "2025-26", RAG_SETTINGS) == Status.green


def org(**fields: Any) -> Settings:
    return Settings.model_validate({"organisation": "Test", "outcomes": [{"id": "resilient", "title": "R"}], **fields})


@pytest.mark.parametrize(
    ("fields", "value", "expected"),
    [
        pytest.param({"status_scheme": "rag-variance"}, "75", Status.green, id="rag-above-target-is-green"),
        pytest.param({"status_scheme": "rag-variance"}, "62", Status.amber, id="rag-within-10-percent-of-68"),
        pytest.param(
            {"status_scheme": "rag-variance", "variance_mode": "points", "variance_percent": 5},
            "62",
            Status.red,
            id="rag-5-points-short-by-6",
        ),
        pytest.param(
            {"status_scheme": "rag-variance", "variance_mode": "points", "variance_percent": 5},
            "63",
            Status.amber,
            id="rag-5-points-short-by-5",
        ),
        pytest.param({}, "64", Status.red, id="royg-on-the-tolerance-is-red"),
        pytest.param({"on_tolerance": "better"}, "64", Status.orange, id="royg-on-tolerance-better-is-orange"),
    ],
)
def test_the_organisations_settings_judge_each_measure(fields: dict[str, Any], value: str, expected: Status) -> None:
    """pmf.yaml's scheme, variance and on_tolerance reach a measure's status (68 / 64, higher is better)."""
    assert measure_status(measure(), Decimal(value), "2025-26", org(**fields)) == expected


@pytest.mark.parametrize(
    ("status", "shape"),
    [
        pytest.param(Status.green, "●", id="green-circle"),
        pytest.param("yellow", "◆", id="yellow-diamond-from-json"),
        pytest.param(Status.orange, "▲", id="orange-triangle"),
        pytest.param("amber", "▲", id="amber-triangle-as-orange"),
        pytest.param(Status.red, "■", id="red-square"),
        pytest.param(None, "○", id="no-status-empty-circle"),
        pytest.param("", "○", id="blank-is-no-status"),
    ],
)
def test_each_status_has_its_shape_so_colour_is_never_alone(status: Status | str | None, shape: str) -> None:
    assert shape_of(status) == shape


@pytest.mark.parametrize(
    ("status", "key", "shape"),
    [
        pytest.param("green", "green", "●", id="a-status-as-itself"),
        pytest.param("amber", "amber", "▲", id="amber-with-orange's-shape"),
        pytest.param("complete", "blue", "✓", id="a-complete-activity-is-blue"),
        pytest.param("overdue", "red", "■", id="overdue-is-red"),
        pytest.param("not_started", "none", "○", id="not-started-is-no-status"),
        pytest.param(None, "none", "○", id="no-status"),
        pytest.param("", "none", "○", id="blank-is-no-status"),
        pytest.param("purple", "none", "○", id="an-unknown-word-is-no-status"),
    ],
)
def test_how_each_status_and_activity_state_is_shown(status: str | None, key: str, shape: str) -> None:
    """The colour, its word and shape every output (terminal, documents, charts, spreadsheets) shows."""
    shown = look(status)
    assert (shown.key, shown.shape) == (key, shape)


# --- properties ---------------------------------------------------------------------

decimals_st = st.integers(min_value=0, max_value=3)
units = st.integers(min_value=-(10**6), max_value=10**6)


def number(n: int, places: int) -> Decimal:
    """``n`` units of the ``places``-th decimal place, built exactly from a string."""
    return Decimal(f"{n}E-{places}")


@st.composite
def higher_case(draw: st.DrawFn) -> tuple[Thresholds, int]:
    """Valid higher-is-better thresholds (tolerance below target, or None) and decimals."""
    places = draw(decimals_st)
    target = draw(units)
    gap = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=10**5)))
    tolerance = None if gap is None else number(target - gap, places)
    return Thresholds(target=number(target, places), tolerance=tolerance), places


def flip(thresholds: Thresholds) -> Thresholds:
    """Mirror higher-is-better thresholds into lower-is-better ones."""
    tol = thresholds.tolerance
    return Thresholds(target=-thresholds.target, tolerance=None if tol is None else -tol)


@FAST
@given(
    case=higher_case(),
    a=units,
    b=units,
    extra=st.integers(0, 9),
    on_tol=st.sampled_from(OnTolerance),
)
def test_royg_monotonic_both_polarities(
    case: tuple[Thresholds, int], a: int, b: int, extra: int, on_tol: OnTolerance
) -> None:
    """A better value never gets a worse colour, for either polarity (values off the grid too)."""
    thresholds, places = case
    va, vb = number(a * 10 + extra, places + 1), number(b * 10, places + 1)
    better, worse = max(va, vb), min(va, vb)
    assert royg(better, thresholds, HIGHER, places, on_tol).rank <= royg(worse, thresholds, HIGHER, places, on_tol).rank
    low = flip(thresholds)
    assert royg(-better, low, LOWER, places, on_tol).rank <= royg(-worse, low, LOWER, places, on_tol).rank


@FAST
@given(
    case=higher_case(),
    a=units,
    b=units,
    variance=st.integers(1, 100),
    mode=st.sampled_from(VarianceMode),
)
def test_rag_variance_monotonic_both_polarities(
    case: tuple[Thresholds, int], a: int, b: int, variance: int, mode: VarianceMode
) -> None:
    thresholds, places = case
    better, worse = number(max(a, b), places), number(min(a, b), places)
    pct = Decimal(variance)
    hi = [rag_variance(v, thresholds, HIGHER, places, pct, mode) for v in (better, worse)]
    assert hi[0].rank <= hi[1].rank
    lo = [rag_variance(-v, flip(thresholds), LOWER, places, pct, mode) for v in (better, worse)]
    assert lo[0].rank <= lo[1].rank


@FAST
@given(
    target=units,
    distance=st.integers(min_value=1, max_value=10**5),
    places=decimals_st,
    a=st.integers(0, 2 * 10**5),
    b=st.integers(0, 2 * 10**5),
    side_a=st.sampled_from([1, -1]),
    side_b=st.sampled_from([1, -1]),
)
def test_royg_closer_monotonic_in_distance(
    target: int, distance: int, places: int, a: int, b: int, side_a: int, side_b: int
) -> None:
    """Closer is better: a value nearer the target (either side) never gets a worse colour."""
    thresholds = Thresholds(target=number(target, places), tolerance=number(distance, places))
    near, far = min(a, b), max(a, b)
    status_near = royg(number(target + side_a * near, places), thresholds, CLOSER, places)
    status_far = royg(number(target + side_b * far, places), thresholds, CLOSER, places)
    assert status_near.rank <= status_far.rank


@FAST
@given(case=higher_case(), v=units, extra=st.integers(0, 9), on_tol=st.sampled_from(OnTolerance))
def test_mirroring_polarity_mirrors_status(
    case: tuple[Thresholds, int], v: int, extra: int, on_tol: OnTolerance
) -> None:
    """Negating value, target and tolerance and swapping the polarity gives the same colour."""
    thresholds, places = case
    value = number(v * 10 + extra, places + 1)
    assert royg(value, thresholds, HIGHER, places, on_tol) == royg(-value, flip(thresholds), LOWER, places, on_tol)
    for mode in VarianceMode:
        high = rag_variance(value, thresholds, HIGHER, places, Decimal(10), mode)
        assert high == rag_variance(-value, flip(thresholds), LOWER, places, Decimal(10), mode)


@FAST
@given(whole=st.integers(0, 10**6), places=st.integers(0, 4), digits=st.integers(0, 10**4))
def test_rounding_is_half_up_on_the_written_value(whole: int, places: int, digits: int) -> None:
    """A value whose next digit is 5 rounds up, so it meets a target one unit above its truncation.

    Values come from decimal strings such as ``67.995``, never floats.
    """
    kept = f"{digits:0{places}d}"[-places:] if places else ""
    text = f"{whole}.{kept}5" if places else f"{whole}.5"
    truncated = Decimal(f"{whole}.{kept}" if places else str(whole))
    unit = Decimal(1).scaleb(-places)
    up = truncated + unit
    assert rounded(Decimal(text), places) == up
    at_up = Thresholds(target=up, tolerance=up - 10 * unit)
    assert royg(Decimal(text), at_up, HIGHER, places) == Status.green
    below = Decimal(f"{text[:-1]}4999")
    assert royg(below, at_up, HIGHER, places) != Status.green
    assert (
        royg(
            Decimal(text),
            Thresholds(target=truncated, tolerance=truncated + 10 * unit),
            LOWER,
            places,
        )
        != Status.green
    )


@FAST
@given(
    case=higher_case(),
    v=units,
    places_extra=st.integers(0, 2),
    polarity=st.sampled_from([HIGHER, LOWER]),
)
def test_status_is_always_a_colour_of_the_scheme(
    case: tuple[Thresholds, int], v: int, places_extra: int, polarity: Polarity
) -> None:
    thresholds, places = case
    if polarity is LOWER:
        thresholds = flip(thresholds)
    value = number(v, places + places_extra)
    assert royg(value, thresholds, polarity, places) in FOUR
    assert rag_variance(value, thresholds, polarity, places) in RAG


@FAST
@given(target=units, distance=st.integers(1, 10**5), v=units, places=decimals_st)
def test_closer_status_is_a_colour(target: int, distance: int, v: int, places: int) -> None:
    thresholds = Thresholds(target=number(target, places), tolerance=number(distance, places))
    assert royg(number(v, places), thresholds, CLOSER, places) in FOUR
