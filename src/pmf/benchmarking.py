"""National benchmarking: quartiles of a published dataset become proposed targets and tolerances.

For each Benchmarked Nationally measure the target is the national upper quartile and the
tolerance the national median (SPEC section 1), with "upper" meaning the best quarter by
the measure's polarity: for a lower-is-better measure it is the lower values.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pmf.errors import PmfError, Problem, UsageError
from pmf.fields import Benchmarking, DataType, Polarity
from pmf.models import Measure
from pmf.numbers import written_places
from pmf.status import rounded

if TYPE_CHECKING:
    from pmf.datasets import Dataset
    from pmf.portfolio import Portfolio
    from pmf.record import Change

METHODS = ("inclusive", "exclusive", "nearest-rank")


def quantile(values: list[Decimal], p: Decimal, method: str = "inclusive") -> Decimal:
    """The ``p`` quantile of ``values``.

    inclusive: linear interpolation at (n - 1)p, as spreadsheets' QUARTILE.INC;
    exclusive: linear interpolation at (n + 1)p - 1, as QUARTILE.EXC (needs enough values);
    nearest-rank: the ceil(pn)-th smallest value.

    An interpolated quantile is written to the places it holds, never fewer than the data's: the
    median of whole numbers 4100, 4200 and 4300 is 4200 (not 4200.00), of 4100 and 4200 is 4150.
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
    between = data[low] + (h - low) * (data[low + 1] - data[low])
    places = max(written_places(v, 0) for v in data)
    return between.quantize(Decimal(1).scaleb(-written_places(between.normalize(), places)))


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
        """The row of ``--format json`` and ``csv``: each figure to the places it holds (4200, 66.2), as
        ``pmf export`` writes outturns."""
        from pmf.numbers import json_number

        return {
            "id": self.measure.id,
            "code": self.code,
            "year": self.year,
            "authorities": self.count,
            "median": json_number(self.median),
            "upper_quartile": json_number(self.upper_quartile),
            "lower_quartile": json_number(self.lower_quartile),
            "ours": json_number(self.ours),
            "quartile": self.position,
            "target": json_number(self.target),
            "tolerance": json_number(self.tolerance),
        }


def _not_found(dataset: Dataset, what: str, name: str, choices: list[str], how: str) -> PmfError:
    import difflib

    close = difflib.get_close_matches(name, choices, n=3, cutoff=0.6)
    if not close:  # 'Darlington Borough Council' against 'Darlington': a name that holds the other
        close = [c for c in choices if c.casefold() in name.casefold() or name.casefold() in c.casefold()][:3]
    hint = f" (closest: {', '.join(repr(c) for c in close)})" if close else ""
    return PmfError([Problem(dataset.name, message=f"no {what} '{name}' in the dataset{hint}; {how}")])


def national_measures(portfolio: Portfolio) -> list[Measure]:
    """The Benchmarked Nationally measures, by id."""
    return sorted(
        (m for m in portfolio.measures.values() if m.benchmarking is Benchmarking.national and m.polarity is not None),
        key=lambda m: m.id,
    )


def benchmarks(
    portfolio: Portfolio, dataset: Dataset, year: str | None, authority: str, method: str
) -> tuple[str, list[Benchmark], list[str]]:
    """The year (default: the latest with figures for the measures' codes), the quartiles for each Benchmarked Nationally measure
    found in the dataset for it (by ``benchmark_code`` or id), and notes on what was left out.

    A year or authority the dataset does not hold is an error naming it, with the closest names;
    the authority matches without regard to case or spacing. So is a dataset holding none of the
    measures' codes for the year, two different figures for one council, and a percentage
    measure's figures all written as fractions (0.7 for 70%) where its own are percentages.
    A closer-is-better measure is left out, said: its tolerance is a distance, not a quartile.
    """
    from pmf.datasets import clash_problem, read_year

    if method not in METHODS:
        raise UsageError(f"--method '{method}': use {', '.join(METHODS)}")
    notes = _aggregates_note(dataset)
    years = dataset.years
    if not years:
        raise UsageError(f"{dataset.name}: no rows with a measure, year, authority and value")
    codes = {m.benchmark_code or m.id for m in national_measures(portfolio)}
    ours = sorted({w for c, w in dataset.table if c in codes}) or years  # the latest year with our codes
    chosen = read_year(year)[0] if year else ours[-1]
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
    measures = national_measures(portfolio)
    if not measures:
        raise PmfError(
            [
                Problem(
                    dataset.name,
                    message="no measure in the plans is Benchmarked Nationally: give a measure "
                    "'benchmarking: national' and its 'benchmark_code' to benchmark it",
                )
            ]
        )
    closer = [m.id for m in measures if m.polarity is Polarity.closer_is_better]
    if closer:
        notes.append(
            f"left out {', '.join(closer)}: closer-is-better, so its tolerance is a distance from the target, "
            "which national quartiles do not give; set its thresholds by hand"
        )
    wanted = [m for m in measures if m.polarity is not Polarity.closer_is_better]
    if not wanted:
        raise PmfError([Problem(dataset.name, message=f"nothing to benchmark: {notes[-1]}")])
    used = {m.benchmark_code or m.id for m in wanted}
    clashes = [c for c in dataset.clashes if c.year == chosen and c.code in used]
    if clashes:
        raise PmfError([clash_problem(dataset, c) for c in clashes])
    found, missing, problems = [], [], []
    marks: Counter[str] = Counter()
    for measure in wanted:
        code = measure.benchmark_code or measure.id
        values = dataset.values(code, chosen, measure.data_type is DataType.percentage)
        if not values:
            missing.append(measure.id + (f" ({code})" if code != measure.id else ""))
            continue
        if measure.data_type is DataType.percentage and (
            fractions := _fractions(dataset, measure, code, chosen, values)
        ):
            problem, note = fractions
            problems += [problem] if problem else []
            notes += [note] if note else []
        marks += dataset.marks(code, chosen)
        found.append(_benchmark(measure, code, chosen, values, authority, method))
    if problems:
        raise PmfError(problems)
    if not found:
        raise PmfError([Problem(dataset.name, message=_nothing_found(dataset, wanted, chosen))])
    if missing:
        notes.append(f"no figures for {chosen} (by benchmark_code, else id) for {', '.join(missing)}")
    if marks:
        said = " and ".join(f"{n} {mark}" for mark, n in sorted(marks.items()))
        notes.append(
            f"{said} {'figure was' if marks.total() == 1 else 'figures were'} marked so in the year "
            f"column: counted as {chosen}'s"
        )
    return chosen, found, notes


def _benchmark(
    measure: Measure, code: str, year: str, values: dict[str, Decimal], authority: str, method: str
) -> Benchmark:
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
    target, tolerance = rounded(best, measure.decimals), rounded(q2, measure.decimals)
    return Benchmark(measure, code, year, len(data), q2, best, worst, ours, position, target, tolerance)


def _aggregates_note(dataset: Dataset) -> list[str]:
    if not dataset.aggregates:
        return []
    rows = sum(dataset.aggregates.values())
    names = ", ".join(dataset.aggregates)
    return [
        f"left out {rows} row{'s' if rows != 1 else ''} for {names}: not a council "
        "(a total, average, country or region is never counted among the councils)"
    ]


def _fractions(
    dataset: Dataset, measure: Measure, code: str, year: str, values: dict[str, Decimal]
) -> tuple[Problem | None, str | None] | None:
    """A problem when a percentage measure's figures are all fractions (0.7 for 70%) where its own
    thresholds or outturns are percentages above 1; a warning when it has none to tell by."""
    if len(values) < 2 or any(abs(v) > 1 for v in values.values()):
        return None
    low, high = min(values.values()), max(values.values())
    own = [t.target for t in measure.thresholds.values()] + [o.value for o in measure.outturns if o.value is not None]
    said = f"every figure for {code} in {year} is between 0 and 1 ({low} to {high})"
    how = "multiply them by 100 (or format the column as a percentage in Excel) and run again"
    if any(abs(Decimal(str(v))) > 1 for v in own):
        shown = next(str(v) for v in own if abs(Decimal(str(v))) > 1)
        message = (
            f"{said}, where {measure.id}'s own figures are percentages ({shown}): "
            f"the dataset holds fractions (0.7 for 70%); {how}"
        )
        return Problem(dataset.name, message=message), None
    return None, f"warning: {said}: if they are fractions (0.7 for 70%) rather than {measure.id}'s percentages, {how}"


def _nothing_found(dataset: Dataset, wanted: list[Measure], year: str) -> str:
    """Why no measure matched: the column read as the measure, the codes looked for and some found."""
    wanted_codes = sorted({m.benchmark_code or m.id for m in wanted})
    looked = ", ".join(wanted_codes)
    other_years = sorted({w for c, w in dataset.table if c in wanted_codes})
    if other_years:
        return f"no figures for {year} for the codes looked for ({looked}), which have figures for " + (
            f"{', '.join(other_years)}: give one with --year"
        )
    codes = dataset.codes()
    sample = ", ".join(f"'{c}'" for c in codes[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")
    column = dataset.columns.get("measure", "")
    return (
        f"none of the codes looked for ({looked}) is in the column '{column}' for {year}; "
        f"that column holds {sample}: give each measure's code as the dataset writes it in its benchmark_code, "
        'or name the column that holds them with --columns "measure=HEADER"'
    )


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
