"""End to end: small plan repositories through `pmf status --format json` (SPEC 2 and 5)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
KEYS = {
    "id",
    "service",
    "kind",
    "title",
    "period",
    "value",
    "target",
    "tolerance",
    "status",
    "trend",
    "partial",
    "basis",
    "divides_by_zero",
}

PLAN = """\
id: svc
title: Test Service
financial_year: 2025-26
head_of_service: Head of Service
cabinet_members: [Cabinet Member]
wellbeing_statement: A statement.
areas_of_responsibility: [Everything]
implications:
  budgets_savings_assets: None.
  interdependencies: None.
  workforce_needs: None.
outcomes:
  - outcome: resilient
    performance_measures: [{ids}]
"""


def measure_yaml(mid: str, spec: dict[str, Any]) -> str:
    """A measure file: ``spec`` overrides a quarterly higher-is-better measure."""
    fields: dict[str, Any] = {
        "frequency": "quarterly",
        "polarity": "higher_is_better",
        "benchmarking": "local",
    }
    fields.update(spec)
    lines = [f"id: {mid}", "kind: performance_measure", f"title: Measure {mid}"]
    outturns = fields.pop("outturns", [])
    thresholds = fields.pop("thresholds", {})
    for key, value in fields.items():
        if value is not None:
            lines.append(f"{key}: {value}")
    if thresholds:
        lines.append("thresholds:")
        for year, (target, tolerance) in thresholds.items():
            tol = "null" if tolerance is None else tolerance
            lines.append(f"  {year}: {{target: {target}, tolerance: {tol}}}")
    if outturns:
        lines.append("outturns:")
        lines.extend(f"  - {{period: {p}, value: {'null' if v is None else v}}}" for p, v in outturns)
    return "\n".join(lines) + "\n"


def build(root: Path, settings: str, measures: dict[str, dict[str, Any]]) -> Path:
    """Write a complete tiny plans repository: pmf.yaml, one service plan and its measures."""
    (root / "plans/svc/measures").mkdir(parents=True)
    (root / "pmf.yaml").write_text(
        "organisation: Test Council\n"
        + settings
        + "outcomes:\n  - id: resilient\n    title: The council is resilient\n"
    )
    (root / "plans/svc/plan-2025-26.yaml").write_text(PLAN.format(ids=", ".join(measures)))
    for mid, spec in measures.items():
        (root / f"plans/svc/measures/{mid}.yaml").write_text(measure_yaml(mid, spec))
    return root


def status_json(root: Path) -> dict[str, dict[str, Any]]:
    result = runner.invoke(
        app,
        [
            "status",
            "--format",
            "json",
            "--window",
            "mid-year",
            "--year",
            "2025-26",
            "--root",
            str(root),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert all(set(row) == KEYS for row in rows)
    return {row["id"]: row for row in rows}


HIGH = {"2025-26": (68, 64)}
LOW = {"2025-26": (20, 30)}


def q(q1: Any, q2: Any) -> list[tuple[str, Any]]:
    return [("2025-26 Q1", q1), ("2025-26 Q2", q2)]


# id: (measure spec, expected period, value, status, trend)
ROYG: dict[str, tuple[dict[str, Any], str | None, Any, str | None, str | None]] = {
    "H-ON-TARGET": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(66, 68)},
        "2025-26 Q2",
        68,
        "green",
        "better",
    ),
    "H-JUST-UNDER": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(68, 67.9)},
        "2025-26 Q2",
        67.9,
        "yellow",
        "worse",
    ),
    "H-ON-MIDWAY": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(66, 66)},
        "2025-26 Q2",
        66,
        "yellow",
        "same",
    ),
    "H-PAST-MIDWAY": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(66, 65.9)},
        "2025-26 Q2",
        65.9,
        "orange",
        "worse",
    ),
    "H-ON-TOL": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(66, 64)},
        "2025-26 Q2",
        64,
        "red",
        "worse",
    ),
    "H-PAST-TOL": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(50, 63.9)},
        "2025-26 Q2",
        63.9,
        "red",
        "better",
    ),
    "L-ON-TARGET": (
        {"polarity": "lower_is_better", "thresholds": LOW, "outturns": q(25, 20)},
        "2025-26 Q2",
        20,
        "green",
        "better",
    ),
    "L-ON-MIDWAY": (
        {"polarity": "lower_is_better", "thresholds": LOW, "outturns": q(20, 25)},
        "2025-26 Q2",
        25,
        "yellow",
        "worse",
    ),
    "L-PAST-MIDWAY": (
        {"polarity": "lower_is_better", "thresholds": LOW, "outturns": q(26, 26)},
        "2025-26 Q2",
        26,
        "orange",
        "same",
    ),
    "L-ON-TOL": (
        {"polarity": "lower_is_better", "thresholds": LOW, "outturns": q(31, 30)},
        "2025-26 Q2",
        30,
        "red",
        "better",
    ),
    "NO-TOL-MET": (
        {"thresholds": {"2025-26": (68, None)}, "outturns": q(60, 68)},
        "2025-26 Q2",
        68,
        "green",
        "better",
    ),
    "NO-TOL-MISSED": (
        {"decimals": 1, "thresholds": {"2025-26": (68, None)}, "outturns": q(60, 67.9)},
        "2025-26 Q2",
        67.9,
        "red",
        "better",
    ),
    "COUNT": (
        {"polarity": None, "benchmarking": "count_only", "outturns": q(5, 9)},
        "2025-26 Q2",
        9,
        None,
        None,
    ),
    "TREND-TYPE": ({"measure_type": "trend", "outturns": q(5, 7)}, "2025-26 Q2", 7, None, "better"),
    "TREND-TYPE-THRESHOLDS": (
        {"measure_type": "trend", "thresholds": HIGH, "outturns": q(66, 60)},
        "2025-26 Q2",
        60,
        None,
        "worse",
    ),
    "ROUND-1DP": (
        {"decimals": 1, "thresholds": {"2025-26": (64.5, 60)}, "outturns": q(64.5, 64.45)},
        "2025-26 Q2",
        64.5,
        "green",
        "same",
    ),
    "ROUND-2DP": (
        {"decimals": 2, "thresholds": HIGH, "outturns": q(67.99, 67.995)},
        "2025-26 Q2",
        68,
        "green",
        "better",
    ),
    "ROUND-1DP-ORANGE": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(66.2, 64.45)},
        "2025-26 Q2",
        64.5,
        "orange",
        "worse",
    ),
    "Q2-MISSING": (
        {"decimals": 1, "thresholds": HIGH, "outturns": q(66.2, None)},
        "2025-26 Q1",
        66.2,
        None,  # the latest due quarter is missing: partial, not judged (SPEC 2.6)
        None,
    ),
    "NO-DATA": ({"thresholds": HIGH}, None, None, None, None),
    "CLOSER": (
        {
            "polarity": "closer_is_better",
            "thresholds": {"2025-26": (50, 10)},
            "outturns": q(44, 55),
        },
        "2025-26 Q2",
        55,
        "yellow",
        "better",
    ),
    "CLOSER-RISING-AWAY": (
        {
            "polarity": "closer_is_better",
            "thresholds": {"2025-26": (50, 10)},
            "outturns": q(48, 56),
        },
        "2025-26 Q2",
        56,
        "orange",  # 6 from the target: past the midway distance of 5
        "worse",  # higher, but further from the target: higher-is-better would say better
    ),
    "CUMULATIVE": (
        {
            "frequency": "monthly",
            "aggregation": "cumulative",
            "polarity": "lower_is_better",
            "thresholds": {"2025-26": (600, None)},
            "outturns": [
                ("2024-04", 110),
                ("2024-05", 100),
                ("2024-06", 500),
                ("2025-04", 100),
                ("2025-05", 95),
            ],
        },
        "2025-26 H1",
        195,
        None,  # two of six months: partial, so neither judged nor compared (SPEC 2.6)
        None,
    ),
    "CUMULATIVE-FULL": (
        {
            "frequency": "monthly",
            "aggregation": "cumulative",
            "thresholds": {"2025-26": (60, 40)},
            "outturns": [(f"2024-{m:02d}", 11) for m in range(4, 10)] + [(f"2025-{m:02d}", 10) for m in range(4, 10)],
        },
        "2025-26 H1",
        60,
        "green",
        "worse",
    ),
    "CUMULATIVE-QUARTERLY": (
        {
            "aggregation": "cumulative",
            "thresholds": {"2025-26": (100, 80)},
            "outturns": [("2024-25 Q1", 40), ("2024-25 Q2", 40), ("2024-25 Q3", 5), *q(45, 45)],
        },
        "2025-26 H1",
        90,
        "green",  # against 50 and 40, the year's 100 and 80 pro rata (SPEC 2.6)
        "better",
    ),
    "AVERAGE": (
        {
            "decimals": 1,
            "aggregation": "average",
            "thresholds": HIGH,
            "outturns": [("2024-25 Q3", 60), ("2024-25 Q4", 62), *q(66.2, 64.4)],
        },
        "2025-26 H1",
        65.3,
        "orange",
        "better",
    ),
    "AVERAGE-MONTHLY": (
        {
            "frequency": "monthly",
            "aggregation": "average",
            "polarity": "lower_is_better",
            "thresholds": LOW,
            "outturns": [(f"2025-{m:02d}", v) for m, v in zip(range(4, 10), [18, 20, 22, 24, 26, 28], strict=True)],
        },
        "2025-26 H1",
        23,
        "yellow",
        None,
    ),
    "ANNUAL": (
        {
            "frequency": "annual",
            "thresholds": {"2024-25": (60, 50), "2025-26": (68, 64)},
            "outturns": [("2023-24", 55), ("2024-25", 62)],
        },
        "2024-25",
        62,
        "green",
        "better",
    ),
}


@pytest.fixture(scope="module")
def royg_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = build(tmp_path_factory.mktemp("royg"), "status_scheme: royg\n", {k: v[0] for k, v in ROYG.items()})
    return status_json(root)


@pytest.mark.parametrize("mid", list(ROYG))
def test_royg_status_end_to_end(royg_rows: dict[str, dict[str, Any]], mid: str) -> None:
    """Each measure's period, value, status and trend as SPEC 2 gives them."""
    _, period, value, status, trend = ROYG[mid]
    row = royg_rows[mid]
    assert (row["period"], row["value"], row["status"], row["trend"]) == (
        period,
        value,
        status,
        trend,
    )
    assert row["service"] == "svc"


def test_annual_measure_reports_its_own_years_thresholds(
    royg_rows: dict[str, dict[str, Any]],
) -> None:
    row = royg_rows["ANNUAL"]
    assert (row["target"], row["tolerance"]) == (60, 50)


def test_no_tolerance_and_count_only_thresholds_in_json(
    royg_rows: dict[str, dict[str, Any]],
) -> None:
    assert (royg_rows["NO-TOL-MET"]["target"], royg_rows["NO-TOL-MET"]["tolerance"]) == (68, None)
    assert (royg_rows["COUNT"]["target"], royg_rows["COUNT"]["tolerance"]) == (None, None)


def test_measures_in_plan_order(royg_rows: dict[str, dict[str, Any]]) -> None:
    assert list(royg_rows) == list(ROYG)


RAG: dict[str, tuple[dict[str, Any], Any, str]] = {
    "R-GREEN": (
        {"decimals": 1, "thresholds": {"2025-26": (80, None)}, "outturns": q(70, 80)},
        80,
        "green",
    ),
    "R-JUST-UNDER": (
        {"decimals": 1, "thresholds": {"2025-26": (80, None)}, "outturns": q(70, 79.9)},
        79.9,
        "amber",
    ),
    "R-EDGE": (
        {"decimals": 1, "thresholds": {"2025-26": (80, None)}, "outturns": q(70, 72)},
        72,
        "amber",
    ),
    "R-PAST-EDGE": (
        {"decimals": 1, "thresholds": {"2025-26": (80, None)}, "outturns": q(70, 71.9)},
        71.9,
        "red",
    ),
    "R-ROUNDED-EDGE": (
        {"decimals": 1, "thresholds": {"2025-26": (80, None)}, "outturns": q(70, 71.95)},
        72,
        "amber",
    ),
    "R-LOW-EDGE": (
        {
            "decimals": 1,
            "polarity": "lower_is_better",
            "thresholds": {"2025-26": (20, None)},
            "outturns": q(30, 22),
        },
        22,
        "amber",
    ),
    "R-LOW-PAST": (
        {
            "decimals": 1,
            "polarity": "lower_is_better",
            "thresholds": {"2025-26": (20, None)},
            "outturns": q(30, 22.1),
        },
        22.1,
        "red",
    ),
    "R-WITH-TOL": ({"thresholds": {"2025-26": (68, 64)}, "outturns": q(60, 63)}, 63, "amber"),
}


@pytest.fixture(scope="module")
def rag_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = build(
        tmp_path_factory.mktemp("rag"),
        "status_scheme: rag-variance\nvariance_percent: 10\n",
        {k: v[0] for k, v in RAG.items()},
    )
    return status_json(root)


@pytest.mark.parametrize("mid", list(RAG))
def test_rag_variance_status_end_to_end(rag_rows: dict[str, dict[str, Any]], mid: str) -> None:
    """SPEC 2.2: amber up to 10% of the target short, the edge itself amber."""
    _, value, status = RAG[mid]
    row = rag_rows[mid]
    assert (row["period"], row["value"], row["status"]) == ("2025-26 Q2", value, status)


def test_rag_variance_default_is_ten_percent(tmp_path: Path) -> None:
    spec = {"thresholds": {"2025-26": (50, None)}, "outturns": q(40, 45)}
    rows = status_json(build(tmp_path, "status_scheme: rag-variance\n", {"D-EDGE": spec}))
    assert rows["D-EDGE"]["status"] == "amber"


def test_base_repository_end_to_end(repo: Path) -> None:
    """The fixture repository: WST-01 rounds 64.45 to 64.5 (orange); WST-02 sums April and May, a partial total."""
    rows = status_json(repo)
    assert {k: rows["WST-01"][k] for k in ("period", "value", "status", "trend")} == {
        "period": "2025-26 Q2",
        "value": 64.5,
        "status": "orange",
        "trend": "worse",
    }
    assert {k: rows["WST-02"][k] for k in ("period", "value", "status", "trend", "partial")} == {
        "period": "2025-26 H1",
        "value": 195,
        "status": None,
        "trend": None,
        "partial": True,
    }
