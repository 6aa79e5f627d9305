"""Build the Performance Self-Assessment report's plain data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pmf.periods import Period

if TYPE_CHECKING:
    from pmf.loader import Portfolio


def write_report(portfolio: Portfolio, window: Period, name: str, as_of: dt.date, out: Path, fmt: str) -> list[Path]:
    from pmf import performance, views
    from pmf.yamlio import write_atomic

    results = performance.measure_results(portfolio, window)
    lines = [f"# {portfolio.settings.organisation}: Performance Self-Assessment", "", f"{window.describe()}", ""]
    lines.append(views.summary_line(results))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{window.financial_year}-{name}.md"
    write_atomic(path, "\n".join(lines) + "\n")
    return [path]
