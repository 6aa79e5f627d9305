"""National benchmarking: quartiles of a published dataset become proposed targets and tolerances.

For each Benchmarked Nationally measure the target is the national upper quartile and the
tolerance the national median (SPEC section 1), with "upper" meaning the best quarter by
the measure's polarity: for a lower-is-better measure it is the lower values.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.errors import PmfError, Problem, UsageError
from pmf.fields import Benchmarking, DataType, Polarity
from pmf.models import Measure
from pmf.status import rounded

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio
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


FIELDS = ("measure", "year", "authority", "value")
ALIASES = {
    "measure": ("measure", "code", "indicator", "pam", "metric"),
    "year": ("year", "financial year", "financial_year"),
    "authority": ("authority", "council", "local authority", "local authority name"),
    "value": ("value", "data"),
}


@dataclass(frozen=True)
class Dataset:
    """A national dataset read into ``(code, year) -> {authority: value}``."""

    name: str
    table: dict[tuple[str, str], dict[str, Decimal]]
    shown: frozenset[tuple[str, str, str]] = frozenset()  # (code, year, authority) from percentage-formatted cells

    def values(self, code: str, year: str, percentage: bool) -> dict[str, Decimal]:
        """Each authority's figure; a percentage-formatted cell gives, for a percentage measure, what it shows."""
        found = self.table.get((code, year), {})
        if not percentage:
            return found
        return {who: v * 100 if (code, year, who) in self.shown else v for who, v in found.items()}

    @property
    def years(self) -> list[str]:
        return sorted({w for _, w in self.table})

    @property
    def authorities(self) -> list[str]:
        return sorted({who for values in self.table.values() for who in values})


def read_dataset(path: Path, columns: dict[str, str]) -> Dataset:
    """Read the rows with a measure, year, authority and value.

    Years are read in any common form; a value may carry a data type's sign (``57.8%``, ``-£5``,
    ``12 days``) and thousands separators (``1,234``); blanks and figures marked as withheld
    (``[x]``, ``..``, ``-``) are left out. Raise with the row and value of every other figure
    that cannot be read, rather than leave it out of the quartiles unsaid.
    """
    from pmf.exchange import read_records
    from pmf.publications import PercentCell, find_columns, match_columns, whole_period_label

    def known(names: list[str]) -> int:
        return sum(name is not None for name in match_columns(names, ALIASES, columns).values())

    at, records = read_records(path, None, known)
    header = list(records[0])
    names = find_columns(header, ALIASES, columns, FIELDS, path.name)
    column = header.index(names["value"] or "") + 1
    table: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    shown = set()
    problems = []
    for number, record in enumerate(records, start=at + 1):
        code, when, who = (str(record.get(names[f] or "") or "").strip() for f in FIELDS[:3])
        raw = record.get(names["value"] or "")
        try:
            value = _figure(raw)
        except ValueError as exc:
            problems.append(Problem(path.name, number, column, names["value"] or "", str(exc)))
            continue
        when = whole_period_label(when) or when
        if code and when and who and value is not None:
            table[(code, when)][who] = value
            if isinstance(raw, PercentCell):
                shown.add((code, when, who))
    if problems:
        raise PmfError(problems)
    return Dataset(path.name, dict(table), frozenset(shown))


# A publisher's mark for a figure withheld or not available: [x], [c], [z], .., -, :, *, x, n/a.
WITHHELD = re.compile(r"\[\w+\]|\.\.|[-–:*x]|n/?a", re.IGNORECASE)


def _figure(raw: Any) -> Decimal | None:
    """A dataset's figure, with any data type's sign (``57.8%``, ``-£5``, ``12 days``); None for a blank
    or a figure marked as withheld; a ValueError saying what to write for anything else."""
    from pmf.publications import SIGNS, figure, unsigned

    if raw is None or (isinstance(raw, str) and (not raw.strip() or WITHHELD.fullmatch(raw.strip()))):
        return None
    text = raw.strip() if isinstance(raw, str) else figure(raw, None, None)[0]  # (a number, or a percentage cell)
    try:
        value = Decimal(figure(unsigned(text, [m for marks in SIGNS.values() for m in marks]), None, None)[0])
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(
            f"'{raw}' is not a figure pmf can read: write a number (with %, £ or days if you like), "
            "or leave the cell blank or [x] where no figure is published"
        )
    return value


def _not_found(dataset: Dataset, what: str, name: str, choices: list[str], how: str) -> PmfError:
    import difflib

    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    if not close:  # 'Darlington Borough Council' against 'Darlington': a name that holds the other
        close = [c for c in choices if c.casefold() in name.casefold() or name.casefold() in c.casefold()][:3]
    hint = f" (closest: {', '.join(repr(c) for c in close)})" if close else ""
    return PmfError([Problem(dataset.name, message=f"no {what} '{name}' in the dataset{hint}; {how}")])


def benchmarks(
    portfolio: Portfolio, dataset: Dataset, year: str | None, authority: str, method: str
) -> tuple[str, list[Benchmark]]:
    """The year (default: the dataset's latest) and quartiles for each Benchmarked Nationally measure
    found in the dataset for it (by ``benchmark_code`` or id).

    A year or authority the dataset does not hold is an error naming it, with the closest names;
    the authority matches without regard to case or spacing.
    """
    from pmf.publications import whole_period_label

    if method not in METHODS:
        raise UsageError(f"--method '{method}': use {', '.join(METHODS)}")
    years = dataset.years
    if not years:
        raise UsageError(f"{dataset.name}: no rows with a measure, year, authority and value")
    chosen = (whole_period_label(year) or year) if year else years[-1]
    if chosen not in years:
        raise _not_found(dataset, "year", chosen, years, f"its years are {', '.join(years)}")
    named = {" ".join(a.split()).casefold(): a for a in dataset.authorities}
    authority = named.get(" ".join(authority.split()).casefold(), authority)
    if authority not in dataset.authorities:
        raise _not_found(
            dataset,
            "authority",
            authority,
            dataset.authorities,
            "give the council's name as the dataset writes it in pmf.yaml's benchmark_authority, or --authority",
        )
    found = []
    for measure in sorted(portfolio.measures.values(), key=lambda m: m.id):
        if measure.benchmarking is not Benchmarking.national or measure.polarity is None:
            continue
        code = measure.benchmark_code or measure.id
        values = dataset.values(code, chosen, measure.data_type is DataType.percentage)
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
    return chosen, found


def apply(portfolio: Portfolio, found: list[Benchmark], year: str) -> list[Change]:
    """Write each proposed target and tolerance into ``thresholds.<year>``, keeping the file as written."""
    from pmf import edits
    from pmf.nodes import read_for_edit
    from pmf.record import Change

    changes = []
    for b in found:
        if b.target == b.tolerance:
            continue  # no room between them: a council decides that one by hand
        path = portfolio.files[b.measure.id]

        def redo(text: str, b: Benchmark = b) -> str:
            fields = {"target": str(b.target), "tolerance": str(b.tolerance)}
            return edits.set_mapping_entry(text, "thresholds", year, fields)

        before = read_for_edit(path)
        changes.append(
            Change(
                path, before, redo(before), f"{b.measure.id}: {year} target {b.target}, tolerance {b.tolerance}", redo
            )
        )
    return changes
