"""``pmf status`` for the terminal: the measures' filters, ``--fail-on``, the status table, CSV and the summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmf import console, spreadsheet
from pmf.errors import UsageError
from pmf.numbers import with_unit
from pmf.status import Status

if TYPE_CHECKING:
    from pmf.performance import MeasureResult
    from pmf.periods import Period
    from pmf.portfolio import Portfolio

STATUS_WORDS = [s.value for s in Status] + ["none"]


def filter_results(
    results: list[MeasureResult],
    *,
    services: Sequence[str] | None,
    statuses: Sequence[str] | None,
    known: Sequence[str],
) -> list[MeasureResult]:
    """Keep the results of the chosen services and statuses (``none``: no status)."""
    from pmf.errors import suggestion

    for service in services or []:
        if service not in known:
            raise UsageError(f"--service '{service}': no such service{suggestion(service, list(known))}")
    for word in statuses or []:
        if word not in STATUS_WORDS:
            raise UsageError(f"--status '{word}': use one of {', '.join(STATUS_WORDS)}")
    if services:
        results = [r for r in results if r.service in services]
    if statuses:
        results = [r for r in results if (r.status.value if r.status else "none") in statuses]
    return results


def fails(results: Sequence[MeasureResult], threshold: str) -> bool:
    """Whether any status is at ``threshold`` or worse (``--fail-on``)."""
    limit = Status(threshold).rank
    return any(r.status is not None and r.status.rank >= limit for r in results)


def csv_text(results: Sequence[MeasureResult]) -> str:
    from pmf.performance import JSON_KEYS

    rows = []
    for r in results:
        row = r.as_json()
        # Numbers as the measure writes them: "100.00" for two decimals, thresholds as written.
        limits = r.thresholds
        for key, number_ in (
            ("value", r.value),
            ("target", limits.target if limits else None),
            ("tolerance", limits.tolerance if limits else None),
        ):
            row[key] = "" if number_ is None else f"{number_:f}"
        row["divides_by_zero"] = ", ".join(r.divided_by_zero)  # one cell: the periods, as the export writes them
        rows.append(row)
    return spreadsheet.csv_text(rows, JSON_KEYS).rstrip("\n")


def summary_line(results: Sequence[MeasureResult]) -> str:
    counts = Counter(r.status.value if r.status else "none" for r in results)
    parts = [f"{counts[s]} {s}" for s in sorted(Status, key=lambda s: s.rank) if counts[s]]
    if counts["none"]:
        parts.append(f"{counts['none']} without a status")
    n = len(results)
    return f"{n} measure{'s' if n != 1 else ''}: " + (", ".join(parts) if parts else "none")


def print_status(portfolio: Portfolio, results: Sequence[MeasureResult], window: Period) -> None:
    """The terminal table, grouped by service and outcome, then the summary line."""
    from pmf.rows import scheme_of

    outcomes = {o.id: o.title for o in portfolio.settings.outcomes}
    labels = scheme_of(portfolio.settings).labels
    groups: dict[tuple[str, str | None], list[MeasureResult]] = {}
    for r in results:
        groups.setdefault((r.service, r.outcome), []).append(r)
    console.sentence(f"{portfolio.settings.organisation}: {window.label} ({window.describe()})")
    console.tables(
        ["Measure", "Title", "Period", "Value", "Target", "Tolerance", "Status", "Trend"],
        [
            (
                f"{service} · {outcomes.get(outcome or '', 'not in a plan for this year')}",
                [_row(r, labels) for r in rows],
            )
            for (service, outcome), rows in groups.items()
        ],
    )
    console.sentence(summary_line(results))


def _row(r: MeasureResult, labels: dict[str, str]) -> list[object]:
    m = r.measure
    data_type = m.data_type.value if m.data_type else None
    from pmf.rows import limits_of

    target, tolerance = limits_of(r)
    value = with_unit(r.value, m.decimals, data_type, m.unit)
    if r.missing:
        value = "no data"
    elif r.current.partial:
        value += " (partial)"
    trend = f"{r.trend.arrow} {r.trend.value}" if r.trend else "–"
    return [
        m.id,
        m.title,
        r.current.label or "–",
        value,
        target or "–",
        tolerance or ("none" if target is not None else "–"),
        console.status_text(
            r.status.value if r.status else None,
            labels[r.status.value] if r.status else None,
            r.status.shape if r.status else "",
        ),
        trend,
    ]
