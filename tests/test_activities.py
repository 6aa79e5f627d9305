"""What a performance officer chases in a reporting window: an activity's status and its two
flags (SPEC 2.3), overdue (past its end date, not complete) and no update (nothing for the half
year just reported); and the figures reported without being verified against their source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pmf.fields import ActivityStatus
from pmf.models import Measure, Plan
from pmf.performance import ActivityResult, activity_results, unverified
from pmf.periods import Period, window
from pmf.portfolio import Portfolio
from pmf.settings import Settings

MID = window("2025-26", "mid-year")  # April to September 2025; dated updates count to 30 November
YEAR_END = window("2025-26", "year-end")  # April 2025 to March 2026; dated updates count to 31 May
AFTER_MID, AFTER_YEAR = dt.date(2025, 11, 1), dt.date(2026, 5, 1)


def update(when: str, status: str = "green") -> dict[str, Any]:
    """An update for a period (``2025-26 H1``) or on a date (``2025-11-20``)."""
    key = "period" if " " in when else "date"
    return {key: when, "status": status}


def activity(*updates: dict[str, Any], start: str = "2025-04-01", end: str = "2026-03-31", id: str = "WST-A01") -> Any:
    return {"id": id, "title": "Replace the collection fleet", "lead": "Fleet Manager", "start": start, "end": end,
            "updates": list(updates)}  # fmt: skip


def plan(service: str, year: str, outcomes: list[tuple[str, list[dict[str, Any]]]]) -> Plan:
    return Plan.model_validate(
        {
            "id": service,
            "title": service,
            "financial_year": year,
            "head_of_service": "Head of Waste Services",
            "cabinet_members": ["Cabinet Member for Environment"],
            "wellbeing_statement": "Clean streets.",
            "areas_of_responsibility": ["Waste collection"],
            "implications": {"budgets_savings_assets": "-", "interdependencies": "-", "workforce_needs": "-"},
            "outcomes": [{"outcome": o, "activities": a} for o, a in outcomes],
        }
    )


def portfolio(*plans: Plan, measures: tuple[Measure, ...] = ()) -> Portfolio:
    settings = Settings.model_validate({"organisation": "Test"})
    return Portfolio(
        root=Path("."),
        settings=settings,
        plans={(p.id, p.financial_year): p for p in plans},
        measures={m.id: m for m in measures},
        service_of={m.id: "waste" if m.id.startswith("WST") else "housing" for m in measures},
    )


def one(the_activity: dict[str, Any], at: Period = MID, as_of: dt.date = AFTER_MID) -> ActivityResult:
    [found] = activity_results(portfolio(plan("waste", "2025-26", [("resilient", [the_activity])])), at, as_of)
    return found


def flags(found: ActivityResult) -> tuple[str | None, bool, bool]:
    """What the activities table shows: the status, and whether it says overdue and no update."""
    return (found.status.value if found.status else None, found.overdue, found.no_update)


@pytest.mark.parametrize(
    ("updates", "at", "as_of", "expected"),
    [
        pytest.param([update("2025-26 H1")], MID, AFTER_MID, ("green", False, False), id="on-track-at-mid-year"),
        pytest.param(
            [update("2025-26 H1")], YEAR_END, AFTER_YEAR, ("green", True, True), id="year-end-with-only-h1-update"
        ),
        pytest.param(
            [update("2025-26 H1"), update("2025-26 H2", "red")],
            YEAR_END,
            AFTER_YEAR,
            ("red", True, False),
            id="year-end-h2-update-is-shown",
        ),
        pytest.param(
            [update("2025-26 H2", "red"), update("2025-26 H1")],
            YEAR_END,
            AFTER_YEAR,
            ("green", True, False),
            id="the-last-update-written-is-shown",
        ),
        pytest.param([update("2025-26 H2")], MID, AFTER_MID, (None, False, True), id="a-later-update-is-not-shown"),
        pytest.param([update("2024-25 H2")], MID, AFTER_MID, (None, False, True), id="last-years-update-is-not-shown"),
        pytest.param([update("2025-26 Q2")], MID, AFTER_MID, ("green", False, False), id="a-quarter-in-the-half"),
        pytest.param([update("2025-26 H7")], MID, AFTER_MID, (None, False, True), id="an-unreadable-period-is-skipped"),
        pytest.param([], MID, AFTER_MID, (None, False, True), id="never-updated"),
        pytest.param([update("2025-11-30")], MID, AFTER_MID, ("green", False, False), id="dated-last-day-of-grace"),
        pytest.param([update("2025-12-01")], MID, AFTER_MID, (None, False, True), id="dated-after-the-grace"),
        pytest.param([update("2025-04-01")], MID, AFTER_MID, ("green", False, False), id="dated-first-day"),
        pytest.param([update("2025-03-31")], MID, AFTER_MID, (None, False, True), id="dated-before-the-window"),
        pytest.param(
            [update("2025-09-15")], YEAR_END, AFTER_YEAR, ("green", True, True), id="year-end-dated-in-first-half"
        ),
        pytest.param(
            [update("2025-10-01")], YEAR_END, AFTER_YEAR, ("green", True, False), id="year-end-dated-in-second-half"
        ),
        pytest.param(
            [update("2026-05-31")], YEAR_END, AFTER_YEAR, ("green", True, False), id="year-end-dated-in-the-grace"
        ),
        pytest.param(
            [update("2025-26 H1", "complete")],
            YEAR_END,
            AFTER_YEAR,
            ("complete", False, False),
            id="complete-is-neither-overdue-nor-silent",
        ),
        pytest.param(
            [update("2025-26 H1", "blue")], YEAR_END, AFTER_YEAR, ("blue", False, False), id="brag-blue-is-complete"
        ),
        pytest.param(
            [update("2025-26 H1", "complete"), update("2025-26 H1", "red")],
            YEAR_END,
            AFTER_YEAR,
            ("red", True, False),
            id="reopened-after-complete-is-overdue-but-not-silent",
        ),
    ],
)
def test_activity_status_and_flags(
    updates: list[dict[str, Any]], at: Period, as_of: dt.date, expected: tuple[str | None, bool, bool]
) -> None:
    """An activity running April 2025 to March 2026, in a window and on a day."""
    assert flags(one(activity(*updates), at, as_of)) == expected


@pytest.mark.parametrize(
    ("end", "as_of", "overdue"),
    [
        pytest.param("2025-10-31", dt.date(2025, 10, 31), False, id="on-its-end-date"),
        pytest.param("2025-10-31", dt.date(2025, 11, 1), True, id="the-day-after"),
        pytest.param("2026-03-31", dt.date(2025, 11, 1), False, id="before-its-end"),
    ],
)
def test_overdue_is_the_day_after_the_end_date(end: str, as_of: dt.date, overdue: bool) -> None:
    assert one(activity(update("2025-26 H1", "red"), end=end), MID, as_of).overdue is overdue


@pytest.mark.parametrize(
    ("start", "no_update"),
    [
        pytest.param("2025-09-30", True, id="started-on-the-windows-last-day"),
        pytest.param("2025-10-01", False, id="not-started-by-the-windows-end"),
    ],
)
def test_no_update_only_once_started(start: str, no_update: bool) -> None:
    assert one(activity(start=start), MID, AFTER_MID).no_update is no_update


def test_activities_of_the_windows_plans_in_plan_order() -> None:
    """Each plan of the window's year, outcome by outcome, with its service and outcome; other years' plans are left out."""
    plans = (
        plan(
            "waste",
            "2025-26",
            [("resilient", [activity(id="W-1"), activity(id="W-2")]), ("green", [activity(id="W-3")])],
        ),
        plan("parks", "2025-26", [("healthy", [activity(id="P-1")])]),
        plan("waste", "2024-25", [("resilient", [activity(id="OLD", start="2024-04-01", end="2025-03-31")])]),
    )
    found = activity_results(portfolio(*plans), MID, AFTER_MID)
    assert [(r.activity.id, r.service, r.outcome) for r in found] == [
        ("P-1", "parks", "healthy"),
        ("W-1", "waste", "resilient"),
        ("W-2", "waste", "resilient"),
        ("W-3", "waste", "green"),
    ]
    assert all(r.status is None and r.no_update for r in found)


def test_status_is_none_without_an_update_and_the_update_itself_otherwise() -> None:
    found = one(activity(update("2025-26 H1", "amber")))
    assert found.status is ActivityStatus.amber
    assert found.update is not None and found.update.period == "2025-26 H1"


# --- figures not verified ---------------------------------------------------------------

CHECKED = {"by": "Performance and Improvement Officer", "date": "2025-10-10"}


def measure(measure_id: str, frequency: str, outturns: list[dict[str, Any]]) -> Measure:
    return Measure.model_validate(
        {"id": measure_id, "kind": "indicator", "title": measure_id, "frequency": frequency,
         "polarity": "higher_is_better", "benchmarking": "local", "outturns": outturns}
    )  # fmt: skip


def test_figures_of_the_window_not_verified() -> None:
    """Each figure for a period ending in the window, with a value and no `verified`, by measure id,
    with its place in the file and its period as pmf writes it."""
    monthly = measure("WST-02", "monthly", [
        {"period": "2025-13", "value": 6},  # unreadable: validate says so
        {"period": "2025-03", "value": 1},  # ends before the window
        {"period": "2025-04", "value": 2},  # its first month
        {"period": "2025-05", "value": 3, "verified": CHECKED},
        {"period": "2025-06", "value": None},  # not available: nothing to check
        {"period": "2025-09 ", "value": 4},  # its last month, written with a stray space
        {"period": "2025-10", "value": 5},  # after the window
    ])  # fmt: skip
    quarterly = measure("HSG-01", "quarterly", [{"period": "2025-26 Q2", "value": 7}])
    annual = measure("WST-01", "annual", [{"period": "2025-26", "value": 8}])  # ends in March
    found = unverified(portfolio(measures=(monthly, quarterly, annual)), MID)
    assert [(u.measure.id, u.service, u.period, u.index) for u in found] == [
        ("HSG-01", "housing", "2025-26 Q2", 0),
        ("WST-02", "waste", "2025-04", 2),
        ("WST-02", "waste", "2025-09", 5),
    ]
    assert [u.period for u in unverified(portfolio(measures=(annual,)), YEAR_END)] == ["2025-26"]


def test_a_weeks_figure_counts_in_the_window_its_sunday_is_in() -> None:
    """1 April 2018 was a Sunday: that week's figure is among 2018-19's, not 2017-18's."""
    weekly = measure("WST-05", "weekly", [{"period": "2018-W13", "value": 40}])
    assert [u.period for u in unverified(portfolio(measures=(weekly,)), window("2018-19", "mid-year"))] == ["2018-W13"]
    assert unverified(portfolio(measures=(weekly,)), window("2017-18", "year-end")) == []


def test_a_month_written_like_a_year_is_read_as_a_month() -> None:
    """'2008-09' of a monthly measure is September 2008, in that year's mid-year window (SPEC 3)."""
    monthly = measure("WST-02", "monthly", [{"period": "2008-09", "value": 40}])
    assert [u.period for u in unverified(portfolio(measures=(monthly,)), window("2008-09", "mid-year"))] == ["2008-09"]
