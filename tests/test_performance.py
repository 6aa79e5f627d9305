"""Through the year (SPEC 2.6): which thresholds a window is judged against, partial windows,
year-to-date, weekly and biennial measures, and calculated measures in the engine."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.models import Measure
from pmf.performance import MeasureResult, evaluate
from pmf.periods import window
from pmf.portfolio import Portfolio
from pmf.settings import Settings
from pmf.status import Basis, Status, judge, pro_rata, royg
from pmf.trends import Trend, window_share

FAST = settings(max_examples=150, deadline=None)
MID = window("2026-27", "mid-year")
YEAR_END = window("2026-27", "year-end")
MONTHS = [f"2026-{m:02d}" for m in range(4, 13)] + [f"2027-{m:02d}" for m in range(1, 4)]
LAST_MONTHS = [f"2025-{m:02d}" for m in range(4, 13)] + [f"2026-{m:02d}" for m in range(1, 4)]


def org(**fields: Any) -> Settings:
    return Settings.model_validate({"organisation": "Test", **fields})


def measure(outturns: dict[str, Any], **fields: Any) -> Measure:
    """A monthly cumulative lower-is-better measure (landfill tonnes), 2026-27: target 2300, tolerance 2600."""
    data: dict[str, Any] = {
        "id": "WST-02",
        "kind": "indicator",
        "title": "Tonnes of municipal waste sent to landfill",
        "frequency": "monthly",
        "aggregation": "cumulative",
        "polarity": "lower_is_better",
        "benchmarking": "local",
        "thresholds": {"2026-27": {"target": 2300, "tolerance": 2600}},
        "outturns": [{"period": p, "value": v} for p, v in outturns.items()],
    }
    data.update(fields)
    return Measure.model_validate(data)


def result(the_measure: Measure, at: Any = MID, others: tuple[Measure, ...] = (), **org_fields: Any) -> MeasureResult:
    measures = {m.id: m for m in (the_measure, *others)}
    portfolio = Portfolio(
        root=Path("."), settings=org(**org_fields), measures=measures, service_of=dict.fromkeys(measures, "waste")
    )
    return evaluate(portfolio, the_measure, at, None)


H1_949 = dict(zip(MONTHS[:6], [196, 188, 201, 179, 0, 185], strict=True)) | {"2026-08": 0}
H1_FULL = dict(zip(MONTHS[:6], [196, 188, 201, 179, 170, 185], strict=True))  # 1,119 tonnes


# --- which thresholds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "window_", "target", "tolerance", "basis", "status"),
    [
        pytest.param({}, MID, "1150", "1300", Basis.pro_rata, Status.green, id="cumulative-mid-year-is-pro-rata"),
        pytest.param({}, YEAR_END, "2300", "2600", Basis.year, Status.green, id="cumulative-year-end-is-the-year"),
        pytest.param(
            {
                "thresholds": {
                    "2026-27": {"target": 2300, "tolerance": 2600, "mid-year": {"target": 1100, "tolerance": 1250}}
                }
            },
            MID,
            "1100",
            "1250",
            Basis.mid_year,
            Status.yellow,
            id="mid-year-pair-wins-over-pro-rata",
        ),
        pytest.param(
            {
                "thresholds": {
                    "2026-27": {"target": 2300, "tolerance": 2600, "mid-year": {"target": 1100, "tolerance": 1250}}
                }
            },
            YEAR_END,
            "2300",
            "2600",
            Basis.year,
            Status.green,
            id="mid-year-pair-not-used-at-year-end",
        ),
        pytest.param(
            {"aggregation": "average"}, MID, "2300", "2600", Basis.year, Status.green, id="average-keeps-the-year"
        ),
        pytest.param(
            {"aggregation": "normal"}, MID, "2300", "2600", Basis.year, Status.green, id="normal-keeps-the-year"
        ),
        pytest.param(
            {"thresholds": {"2026-27": {"target": 2300, "tolerance": None}}},
            MID,
            "1150",
            None,
            Basis.pro_rata,
            Status.green,
            id="pro-rata-without-tolerance",
        ),
        pytest.param({"benchmarking": "count_only"}, MID, None, None, None, None, id="count-only-has-no-basis"),
        pytest.param({"thresholds": {}}, MID, None, None, None, None, id="no-thresholds-no-basis"),
    ],
)
def test_thresholds_and_basis(
    fields: dict[str, Any],
    window_: Any,
    target: str | None,
    tolerance: str | None,
    basis: Basis | None,
    status: Status | None,
) -> None:
    r = result(measure(H1_FULL | dict.fromkeys(MONTHS[6:], 100), **fields), window_)
    assert r.basis == basis
    assert (r.thresholds.target if r.thresholds else None) == (Decimal(target) if target else None)
    assert (r.thresholds.tolerance if r.thresholds else None) == (Decimal(tolerance) if tolerance else None)
    assert r.status == status
    assert r.as_json()["basis"] == (basis.value if basis else None)


def test_landfill_at_mid_year_is_judged_pro_rata_not_against_the_year() -> None:
    """949 tonnes in five months of an annual 2,300 was 'Excellent'; against 1,150 pro rata with August missing it is partial."""
    r = result(measure({k: v for k, v in H1_FULL.items() if k != "2026-08"}))
    assert r.value == Decimal(949)
    assert r.partial and r.status is None and r.trend is None
    assert r.as_json()["partial"] is True and r.as_json()["target"] == 1150


def test_higher_is_better_cumulative_is_not_red_every_mid_year() -> None:
    homes = measure(
        dict(zip(MONTHS[:6], [20] * 6, strict=True)),
        id="HSG-02",
        polarity="higher_is_better",
        thresholds={"2026-27": {"target": 240, "tolerance": 200}},
    )
    r = result(homes)
    assert (r.thresholds.target, r.thresholds.tolerance, r.status) == (Decimal(120), Decimal(100), Status.green)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("frequency", "outturns", "share"),
    [
        pytest.param("monthly", {}, Fraction(1, 2), id="6-of-12-months"),
        pytest.param("quarterly", {}, Fraction(1, 2), id="2-of-4-quarters"),
        pytest.param("biannual", {}, Fraction(1, 2), id="1-of-2-halves"),
        pytest.param("weekly", {}, Fraction(26, 52), id="26-of-52-weeks-2026-27"),
        pytest.param("annual", {}, Fraction(0), id="annual-none-due-at-mid-year"),
    ],
)
def test_window_share(frequency: str, outturns: dict[str, Any], share: Fraction) -> None:
    assert window_share(measure(outturns, frequency=frequency), MID) == share


def test_pro_rata_rounds_half_up_to_the_measures_decimals() -> None:
    limits = measure({}, thresholds={"2026-27": {"target": "2301", "tolerance": "2601"}}).thresholds["2026-27"]
    assert pro_rata(limits, Fraction(1, 2), 0).target == Decimal(1151)  # 1150.5 rounds up
    assert pro_rata(limits, Fraction(1, 2), 1).tolerance == Decimal("1300.5")
    assert pro_rata(limits, Fraction(1), 0).target == Decimal("2301")


# --- partial windows ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "outturns", "partial"),
    [
        pytest.param({}, {k: v for k, v in H1_FULL.items() if k != "2026-08"}, True, id="cumulative-missing-a-month"),
        pytest.param({}, H1_FULL, False, id="cumulative-complete"),
        pytest.param(
            {"aggregation": "average"},
            {k: v for k, v in H1_FULL.items() if k != "2026-04"},
            True,
            id="average-missing-first-month",
        ),
        pytest.param(
            {"aggregation": "normal"},
            {k: v for k, v in H1_FULL.items() if k != "2026-09"},
            True,
            id="normal-latest-missing",
        ),
        pytest.param(
            {"aggregation": "normal"},
            {k: v for k, v in H1_FULL.items() if k != "2026-05"},
            False,
            id="normal-earlier-missing-is-not-partial",
        ),
        pytest.param({"aggregation": "normal"}, H1_FULL | {"2026-09": None}, True, id="normal-latest-written-as-null"),
        pytest.param({"aggregation": "year_to_date"}, {"2026-06": 500, "2026-07": 600}, True, id="ytd-latest-missing"),
    ],
)
def test_partial_windows_get_no_status_and_no_trend(
    fields: dict[str, Any], outturns: dict[str, Any], partial: bool
) -> None:
    last_year = dict.fromkeys(LAST_MONTHS, 150)
    m = measure(last_year | outturns, **fields)
    withheld = result(m)
    assert withheld.partial is partial
    assert (withheld.status is None and withheld.trend is None) is partial
    judged = result(m, partial_values="judge")
    assert judged.status is not None and judged.trend is not None
    assert judged.partial is partial


def test_partial_values_setting_must_be_known() -> None:
    with pytest.raises(ValueError, match="withhold"):
        org(partial_values="maybe")


# --- year to date -------------------------------------------------------------------


def ytd(outturns: dict[str, Any], **fields: Any) -> Measure:
    return measure(
        outturns,
        id="ASC-01",
        frequency="quarterly",
        aggregation="year_to_date",
        polarity="higher_is_better",
        decimals=1,
        thresholds={"2026-27": {"target": "5.4", "tolerance": "4.8"}},
        **fields,
    )


def test_year_to_date_shows_the_last_figure_not_a_sum() -> None:
    r = result(ytd({"2026-27 Q1": "2.6", "2026-27 Q2": "2.7"}))
    assert r.value == Decimal("2.7") and r.current.label == "2026-27 Q2"
    assert r.basis is Basis.pro_rata and r.thresholds.target == Decimal("2.7")  # type: ignore[union-attr]
    assert r.status is Status.green


def test_year_to_date_trend_compares_with_the_same_period_last_year() -> None:
    m = ytd({"2025-26 Q2": "2.9", "2025-26 Q4": "1.0", "2026-27 Q1": "2.6", "2026-27 Q2": "2.7"})
    r = result(m)
    assert r.previous.label == "2025-26 Q2" and r.trend is Trend.worse
    assert result(m, YEAR_END).current.label == "2026-27 Q2"


# --- weekly and biennial ------------------------------------------------------------


def test_weekly_measure_sums_the_weeks_whose_sunday_is_in_the_window() -> None:
    weeks = {f"2026-W{n:02d}": 10 for n in range(14, 40)}  # W14 ends Sun 5 April; W39 ends Sun 27 September
    m = measure(weeks, frequency="weekly", thresholds={"2026-27": {"target": 520, "tolerance": 600}})
    r = result(m)
    assert r.value == Decimal(260) and not r.partial and r.thresholds.target == Decimal(260)  # type: ignore[union-attr]
    assert result(measure(weeks | {"2026-W40": 10}, frequency="weekly")).value == Decimal(260)


def test_weekly_measure_missing_a_week_is_partial() -> None:
    weeks = {f"2026-W{n:02d}": 10 for n in range(14, 40) if n != 20}
    assert result(measure(weeks, frequency="weekly")).partial


def biennial(outturns: dict[str, Any]) -> Measure:
    return measure(
        outturns,
        id="HWY-09",
        frequency="biennial",
        aggregation="normal",
        first_year="2025-26",
        polarity="higher_is_better",
        thresholds={"2025-26": {"target": 80, "tolerance": 70}, "2026-27": {"target": 80, "tolerance": 70}},
    )


def test_biennial_off_year_is_never_missing() -> None:
    r = result(biennial({"2025-26": 82}), YEAR_END)
    assert r.value == Decimal(82) and r.current.label == "2025-26" and not r.partial and not r.current.missing


def test_biennial_due_year_without_a_figure_is_missing() -> None:
    r = result(biennial({"2025-26": 82}), window("2027-28", "year-end"))
    assert [p.label for p in r.current.missing] == ["2027-28"] and r.value is None and not r.not_due


# --- calculated ---------------------------------------------------------------------


def test_calculated_measure_is_worked_out_and_judged() -> None:
    placements = measure(
        {"2026-27 Q1": 413, "2026-27 Q2": 400},
        id="ASC-09",
        frequency="quarterly",
        aggregation="normal",
        benchmarking="count_only",
    )
    population = measure(
        {"2026-27 Q1": 25000, "2026-27 Q2": 25000},
        id="ASC-10",
        frequency="quarterly",
        aggregation="normal",
        benchmarking="count_only",
    )
    rate = measure(
        {},
        id="ASC-04",
        frequency="quarterly",
        aggregation="normal",
        measure_type="calculated",
        formula="1000 * ASC-09 / ASC-10",
        decimals=2,
        thresholds={"2026-27": {"target": "15.50", "tolerance": "17.50"}},
    )
    r = result(rate, others=(placements, population))
    assert r.value == Decimal("16.00") and r.previous.value == Decimal("16.52")
    assert r.status is Status.yellow and r.trend is Trend.better


# --- properties ---------------------------------------------------------------------

tonnes = st.integers(0, 500)


@FAST
@given(
    months=st.lists(tonnes, min_size=12, max_size=12),
    target=st.integers(1, 6000),
    gap=st.integers(0, 3000),
    polarity=st.sampled_from(["lower_is_better", "higher_is_better"]),
    aggregation=st.sampled_from(["cumulative", "year_to_date"]),
)
def test_pro_rata_at_year_end_is_judging_against_the_year(
    months: list[int], target: int, gap: int, polarity: str, aggregation: str
) -> None:
    """Property: at year-end a cumulative or year-to-date measure is judged exactly as against the year's thresholds."""
    tolerance = target + gap if polarity == "lower_is_better" else max(target - gap, 0)
    m = measure(
        dict(zip(MONTHS, months, strict=True)),
        polarity=polarity,
        aggregation=aggregation,
        thresholds={"2026-27": {"target": target, "tolerance": tolerance}},
    )
    r = result(m, YEAR_END)
    limits = m.thresholds["2026-27"]
    assert r.status == judge(m, r.current.value, limits, org())
    assert r.status == royg(
        r.current.value or Decimal(0), pro_rata(limits, window_share(m, YEAR_END), 0), m.polarity, 0
    )  # type: ignore[arg-type]


@FAST
@given(
    months=st.lists(st.one_of(st.none(), tonnes), min_size=6, max_size=6),
    aggregation=st.sampled_from(["cumulative", "average", "normal", "year_to_date"]),
    frequency_judge=st.booleans(),
)
def test_a_partial_window_has_a_status_only_when_partial_values_are_judged(
    months: list[int | None], aggregation: str, frequency_judge: bool
) -> None:
    """Property: partial → no status and no trend, unless partial_values: judge."""
    m = measure(dict.fromkeys(LAST_MONTHS, 150) | dict(zip(MONTHS[:6], months, strict=True)), aggregation=aggregation)
    r = result(m, **({"partial_values": "judge"} if frequency_judge else {}))
    if r.partial and not frequency_judge:
        assert r.status is None and r.trend is None
    if r.current.value is not None and frequency_judge:
        assert r.status is not None
    assert r.partial == (r.current.value is not None and bool(r.current.missing))


@FAST
@given(months=st.lists(tonnes, min_size=6, max_size=6), target=st.integers(2, 6000), gap=st.integers(0, 3000))
def test_a_mid_year_pair_is_what_mid_year_is_judged_against(months: list[int], target: int, gap: int) -> None:
    """Property: with a mid-year pair, the mid-year status is the status against that pair."""
    pair = {"target": target // 2, "tolerance": target // 2 + gap}
    m = measure(
        dict(zip(MONTHS[:6], months, strict=True)),
        thresholds={"2026-27": {"target": target, "tolerance": target + gap, "mid-year": pair}},
    )
    r = result(m)
    assert r.basis is Basis.mid_year
    assert r.status == royg(Decimal(sum(months)), m.thresholds["2026-27"].mid_year, m.polarity, 0)  # type: ignore[arg-type]


def test_status_json_writes_whole_numbers_as_integers_and_keeps_the_tolerance() -> None:
    """SPEC 5: numbers as JSON numbers, as written (195, not 195.0; 64.0 stays 64.0), null when absent."""
    import json

    r = result(measure(H1_FULL, thresholds={"2026-27": {"target": "2300", "tolerance": "2600.0"}}), YEAR_END)
    text = json.dumps(r.as_json())
    assert '"value": 1119' in text and '"target": 2300,' in text and '"tolerance": 2600.0,' in text
    assert '"period": "2026-27"' in text and '"partial": true' in text
    none = result(measure(H1_FULL, thresholds={}), YEAR_END).as_json()
    assert (none["target"], none["tolerance"], none["basis"]) == (None, None, None)


def _plan(service: str, outcomes: list[tuple[str, list[str], list[str]]]) -> Any:
    from pmf.models import Plan

    return Plan.model_validate(
        {
            "id": service,
            "title": service,
            "financial_year": "2026-27",
            "head_of_service": "Head of Service",
            "cabinet_members": ["Cabinet Member"],
            "wellbeing_statement": "Statement",
            "areas_of_responsibility": ["Area"],
            "implications": {"budgets_savings_assets": "-", "interdependencies": "-", "workforce_needs": "-"},
            "outcomes": [{"outcome": o, "indicators": ind, "performance_measures": pm} for o, ind, pm in outcomes],
        }
    )


def test_measure_results_follow_the_plans_then_the_rest() -> None:
    """Plan order, each measure once under its first outcome; measures in no plan after, by id, without an outcome."""
    from pmf.performance import measure_results

    ids = ["A-1", "A-2", "A-3", "B-1", "Z-9", "C-1"]
    measures = {i: measure(H1_FULL, id=i) for i in ids}
    plans = {
        ("a", "2026-27"): _plan("a", [("resilient", ["A-2"], ["A-1"]), ("healthy", [], ["A-2", "NO-SUCH", "A-3"])]),
        ("b", "2026-27"): _plan("b", [("healthy", ["B-1"], [])]),
        ("b", "2025-26"): _plan("b", [("healthy", ["C-1"], [])]).model_copy(update={"financial_year": "2025-26"}),
    }
    service_of = {"A-1": "a", "A-2": "a", "A-3": "a", "B-1": "b", "Z-9": "b", "C-1": "b"}
    portfolio = Portfolio(root=Path("."), settings=org(), measures=measures, plans=plans, service_of=service_of)
    got = measure_results(portfolio, MID)
    assert [(r.measure.id, r.service, r.outcome) for r in got] == [
        ("A-2", "a", "resilient"),
        ("A-1", "a", "resilient"),
        ("A-3", "a", "healthy"),
        ("B-1", "b", "healthy"),
        ("C-1", "b", None),
        ("Z-9", "b", None),
    ]
    assert all(r.window == MID and r.value == Decimal(1119) for r in got)


def test_pro_rata_keeps_a_whole_year_as_written_and_scales_by_the_whole_share() -> None:
    limits = measure({}, thresholds={"2026-27": {"target": "3.15", "tolerance": "4.25"}}).thresholds["2026-27"]
    assert (pro_rata(limits, Fraction(1), 1).target, pro_rata(limits, Fraction(1), 1).tolerance) == (
        Decimal("3.15"),
        Decimal("4.25"),
    )  # compared as written: never rounded to 3.2
    assert pro_rata(limits, Fraction(26, 53), 2).target == Decimal("1.55")  # 3.15 * 26 / 53 = 1.545...


def test_rag_variance_rounds_to_whole_numbers_by_default() -> None:
    from pmf.fields import Polarity
    from pmf.models import Limits
    from pmf.status import rag_variance

    limits = Limits(target=Decimal(68), tolerance=None)
    assert rag_variance(Decimal("67.6"), limits, Polarity.higher_is_better) is Status.green  # 67.6 rounds to 68


@pytest.mark.parametrize(
    ("outturns", "missing", "comment"),
    [
        pytest.param({"2026-27 Q1": 5}, ["2026-27 Q2"], None, id="latest-quarter-not-written"),
        pytest.param({"2026-27 Q1": 5, "2026-27 Q2": None}, ["2026-27 Q2"], None, id="latest-quarter-written-as-null"),
        pytest.param({"2026-27 Q1": 5, "2026-27 Q2": 6}, [], "Q2", id="complete"),
    ],
)
def test_a_normal_window_lists_what_is_missing_after_its_latest_figure(
    outturns: dict[str, Any], missing: list[str], comment: str | None
) -> None:
    m = measure(outturns, frequency="quarterly", aggregation="normal")
    m = m.model_copy(
        update={"outturns": [o.model_copy(update={"comment": o.period[-2:]}) for o in m.outturns]}
    )  # every figure, even a null one, carries a comment
    r = result(m)
    assert [p.label for p in r.current.missing] == missing
    assert r.current.comment == (comment or "Q1")
    assert r.partial is bool(missing)


def test_a_figure_recorded_as_not_available_keeps_its_reason_and_the_years_target() -> None:
    m = measure({"2026-27 Q1": None, "2026-27 Q2": None}, frequency="quarterly", aggregation="normal")
    m = m.model_copy(
        update={"outturns": [m.outturns[0], m.outturns[1].model_copy(update={"comment": "System outage."})]}
    )
    r = result(m)
    assert r.value is None and r.current.comment == "System outage."
    assert [p.label for p in r.current.missing] == ["2026-27 Q1", "2026-27 Q2"]
    assert r.as_json()["target"] == 2300 and r.basis is Basis.year  # normal: the year's thresholds, no value


def test_an_annual_measure_at_mid_year_without_last_years_figure_is_missing_that_year() -> None:
    m = measure({"2025-26": None}, frequency="annual", aggregation="normal")
    r = result(m)
    assert r.value is None and [p.label for p in r.current.missing] == ["2025-26"] and not r.not_due


def test_a_biennial_figure_written_in_its_off_year_is_shown() -> None:
    r = result(biennial({"2025-26": 82, "2026-27": 84}), YEAR_END)
    assert (r.value, r.current.label) == (Decimal(84), "2026-27")


def test_year_to_date_without_a_figure_has_no_trend() -> None:
    r = result(ytd({"2025-26 Q2": "2.9"}))
    assert r.value is None and r.trend is None and r.previous.value is None


def test_cumulative_trend_needs_last_years_same_periods() -> None:
    """Like for like: a month this year whose month last year is not written leaves no comparison."""
    last_year = dict.fromkeys(LAST_MONTHS[:6], 150) | {"2025-07": None}
    del last_year["2025-08"]
    r = result(measure(last_year | H1_FULL))
    assert r.previous.value is None and r.trend is None
    assert [p.label for p in r.previous.missing][:2] == ["2025-04", "2025-05"]
