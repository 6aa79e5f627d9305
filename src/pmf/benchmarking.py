"""National benchmarking: quartiles of a published dataset become proposed targets and tolerances.

For each Benchmarked Nationally measure the target is the national upper quartile and the
tolerance the national median (SPEC section 1), with "upper" meaning the best quarter by
the measure's polarity: for a lower-is-better measure it is the lower values.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.errors import UsageError
from pmf.models import Benchmarking, Measure, Polarity
from pmf.status import rounded

if TYPE_CHECKING:
    from pmf.loader import Portfolio
    from pmf.record import Change

METHODS = ("inclusive", "exclusive", "nearest-rank")


def quantile(values: list[Decimal], p: Decimal, method: str = "inclusive") -> Decimal:
    """The ``p`` quantile of ``values``.

    inclusive: linear interpolation at (n - 1)p, as spreadsheets' QUARTILE.INC;
    exclusive: linear interpolation at (n + 1)p - 1, as QUARTILE.EXC (needs enough values);
    nearest-rank: the ceil(pn)-th smallest value.
    """
    data = sorted(values)
    n = len(data)
    if n == 0:
        raise ValueError("no values")
    if method == "nearest-rank":
        return data[max(1, math.ceil(p * n)) - 1]
    if method == "inclusive":
        h = (n - 1) * p
    elif method == "exclusive":
        h = (n + 1) * p - 1
        if h < 0 or h > n - 1:
            raise ValueError(f"the exclusive method needs more values than {n} for this quartile")
    else:
        raise ValueError(f"unknown quartile method '{method}': use {', '.join(METHODS)}")
    low = int(h)
    if low >= n - 1:
        return data[-1]
    return data[low] + (h - low) * (data[low + 1] - data[low])


@dataclass(frozen=True)
class Benchmark:
    measure: Measure
    code: str
    year: str
    count: int
    median: Decimal
    upper_quartile: Decimal
    lower_quartile: Decimal
    ours: Decimal | None
    position: int | None  # 1 = the best quarter
    target: Decimal
    tolerance: Decimal

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.measure.id,
            "code": self.code,
            "year": self.year,
            "authorities": self.count,
            "median": float(self.median),
            "upper_quartile": float(self.upper_quartile),
            "lower_quartile": float(self.lower_quartile),
            "ours": None if self.ours is None else float(self.ours),
            "quartile": self.position,
            "target": float(self.target),
            "tolerance": float(self.tolerance),
        }


def read_dataset(path: Path, columns: dict[str, str]) -> list[dict[str, Any]]:
    from pmf.exchange import read_rows

    return read_rows(path, columns)


def _pick(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    lower = {str(k).strip().lower(): v for k, v in record.items()}
    return next((lower[n] for n in names if n in lower), None)


def benchmarks(
    portfolio: Portfolio, rows: list[dict[str, Any]], year: str | None, authority: str, method: str
) -> list[Benchmark]:
    """Quartiles for each Benchmarked Nationally measure found in the dataset (by ``benchmark_code`` or id)."""
    if method not in METHODS:
        raise UsageError(f"--method '{method}': use {', '.join(METHODS)}")
    table: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for record in rows:
        code = str(_pick(record, ("measure", "code", "indicator", "pam")) or "").strip()
        when = str(_pick(record, ("year", "financial_year")) or "").strip()
        who = str(_pick(record, ("authority", "council", "local authority")) or "").strip()
        raw = _pick(record, ("value", "data"))
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            continue  # blanks and suppressed figures ('-', '*', '..') are left out
        if code and when and who and value.is_finite():
            table[(code, when)][who] = value
    years = sorted({w for _, w in table})
    if not years:
        raise UsageError("the dataset has no rows with a measure, year, authority and value")
    chosen = year or years[-1]
    found = []
    for measure in sorted(portfolio.measures.values(), key=lambda m: m.id):
        if measure.benchmarking is not Benchmarking.national or measure.polarity is None:
            continue
        code = measure.benchmark_code or measure.id
        values = table.get((code, chosen))
        if not values:
            continue
        data = list(values.values())
        q1, q2, q3 = (quantile(data, Decimal(p) / 4, method) for p in (1, 2, 3))
        lower_better = measure.polarity is Polarity.lower_is_better
        best, worst = (q1, q3) if lower_better else (q3, q1)
        ours = values.get(authority)
        position = None
        if ours is not None:
            score = -ours if lower_better else ours
            edges = [-best if lower_better else best, -q2 if lower_better else q2, -worst if lower_better else worst]
            position = next((i + 1 for i, edge in enumerate(edges) if score >= edge), 4)
        found.append(
            Benchmark(
                measure,
                code,
                chosen,
                len(data),
                q2,
                best,
                worst,
                ours,
                position,
                rounded(best, measure.decimals),
                rounded(q2, measure.decimals),
            )
        )
    return found


def apply(portfolio: Portfolio, found: list[Benchmark], year: str) -> list[Change]:
    """Write each proposed target and tolerance into ``thresholds.<year>``, keeping the file as written."""
    from pmf import edits
    from pmf.record import Change, keeping_line_ends
    from pmf.yamlio import read_text

    changes = []
    for b in found:
        if b.target == b.tolerance:
            continue  # no room between them: a council decides that one by hand
        path = portfolio.files[b.measure.id]

        @keeping_line_ends
        def redo(text: str, b: Benchmark = b) -> str:
            return edits.set_mapping_entry(
                text, "thresholds", year, {"target": str(b.target), "tolerance": str(b.tolerance)}
            )

        before = read_text(path)
        changes.append(
            Change(
                path, before, redo(before), f"{b.measure.id}: {year} target {b.target}, tolerance {b.tolerance}", redo
            )
        )
    return changes
