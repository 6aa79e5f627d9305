"""National datasets as StatsWales, Data Cymru, LG Inform and Oflog publish them, read for ``pmf benchmark``.

A dataset is read into each measure code and year's figures, one per council. What a
publication adds beside the councils is taken off and said, never counted: the rows for
Wales, England or a region (:func:`is_aggregate`), and a year's provisional or revised
mark (``2025-26 (p)``). Two different figures for one council, code and year (a column
such as ``Waste type`` splitting the rows) are refused, naming both rows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pmf.errors import PmfError, Problem

FIELDS = ("measure", "year", "authority", "value")
ALIASES = {
    "measure": ("measure", "code", "indicator", "pam", "metric"),
    "year": ("year", "financial year", "financial_year"),
    "authority": (
        "authority",
        "council",
        "local authority",
        "local authority name",
        "authority name",
        "unitary authority",
        "area",  # StatsWales and LG Inform head it so; after the rest, so "Local authority" wins beside "Area"
    ),
    "value": ("value", "data"),
}

# The rows a publication adds beside its councils. No council's name, in English or Welsh, holds
# these words, so a name that does is a total, an average or a country or region:
_NATION = r"wales|cymru|england|lloegr|scotland|yr\s+alban|northern\s+ireland|united\s+kingdom|uk|great\s+britain|gb"
_SUMMARY = r"average|mean|median|total|overall|all|cyfartaledd|cyfanswm|canolrif|pob|holl"
_GROUP = r"(?:authorities|councils|districts|boroughs|counties|unitaries|neighbours|awdurdodau|cynghorau)$"
_AGGREGATE_WORDS = re.compile(rf"\b(?:{_NATION}|{_SUMMARY})\b|\b{_GROUP}", re.IGNORECASE)
# England's regions, named alone (North East Lincolnshire is a council; North East is not).
_REGIONS = {
    "north east",
    "north west",
    "yorkshire and the humber",
    "east midlands",
    "west midlands",
    "east of england",
    "east",
    "london",
    "inner london",
    "outer london",
    "south east",
    "south west",
}
# The government statistical codes of a country, the UK and its unions, and England's regions:
# W92 Wales, E92 England, S92 Scotland, N92 Northern Ireland, K02-K04, E12 regions, E13 London.
_AREA_CODE = re.compile(r"\b(?:W92|E92|S92|N92|K02|K03|K04|E12|E13)\d{6}\b", re.IGNORECASE)


def is_aggregate(name: str) -> bool:
    """Whether a dataset's authority cell names a total, average, country or region rather than a council:
    ``Wales``, ``All Wales``, ``Wales average``, ``Cymru``, ``England``, ``Total``, ``London boroughs``,
    ``North East``, a code such as ``W92000004``."""
    return bool(
        _AGGREGATE_WORDS.search(name) or _AREA_CODE.search(name) or " ".join(name.split()).casefold() in _REGIONS
    )


# A publisher's mark on a year: 2025-26 (p), 2025-26 [r], 2025-26p, 2025-26 provisional.
_YEAR_MARK = re.compile(r"\s*[(\[]?\s*(p|r|prov|provisional|rev|revised)\s*[)\]]?\s*\.?$", re.IGNORECASE)
MARKS = {"p": "provisional", "r": "revised"}


def read_year(text: str) -> tuple[str, str]:
    """A year cell's year, and ``provisional`` or ``revised`` for a publisher's mark on it ('' for none)."""
    from pmf.publications import whole_period_label

    label = whole_period_label(text)
    if label:
        return label, ""
    marked = _YEAR_MARK.search(text)
    if marked and marked.start() > 0 and (label := whole_period_label(text[: marked.start()])):
        return label, MARKS[marked.group(1)[0].lower()]
    return text, ""


@dataclass(frozen=True)
class Figure:
    """One council's figure for a code and year, and where it sits."""

    value: Decimal
    row: int
    shown: bool  # from a percentage-formatted cell: it shows value * 100
    mark: str  # provisional, revised or ''
    cells: dict[str, Any] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Clash:
    """A council's second, different figure for a code and year."""

    code: str
    year: str
    authority: str
    first: Figure
    second: Figure


@dataclass(frozen=True)
class Dataset:
    """A national dataset read into ``(code, year) -> {authority: figure}``, with what was left out."""

    name: str
    table: dict[tuple[str, str], dict[str, Figure]]
    columns: dict[str, str] = field(default_factory=dict)  # field -> the header read for it
    aggregates: dict[str, int] = field(default_factory=dict)  # name -> rows left out
    clashes: list[Clash] = field(default_factory=list)

    def values(self, code: str, year: str, percentage: bool) -> dict[str, Decimal]:
        """Each council's figure; a percentage-formatted cell gives, for a percentage measure, what it shows.

        A column of such cells holding figures above 1 (62 for 62%) is formatted with a literal sign
        (``0.0"%"``), which shows the figure as it is: no dataset shows 6200%, so none is scaled.
        """
        from pmf.numbers import written_places

        found = self.table.get((code, year), {})
        scaled = percentage and not any(f.shown and abs(f.value) > 1 for f in found.values())

        def shown(value: Decimal) -> Decimal:  # 0.5 shows 50 (not 50.0), 0.578 shows 57.8
            return value.scaleb(2).quantize(Decimal(1).scaleb(-written_places(value.scaleb(2), 0)))

        return {who: shown(f.value) if scaled and f.shown else f.value for who, f in found.items()}

    def marks(self, code: str, year: str) -> Counter[str]:
        """How many of the code's figures for the year were marked provisional or revised."""
        return Counter(f.mark for f in self.table.get((code, year), {}).values() if f.mark)

    def codes(self) -> list[str]:
        return sorted({c for c, _ in self.table})

    @property
    def years(self) -> list[str]:
        return sorted({w for _, w in self.table})

    @property
    def authorities(self) -> list[str]:
        return sorted({who for values in self.table.values() for who in values})


def read_dataset(path: Path, columns: dict[str, str], codes: Collection[str] = (), sheet: str | None = None) -> Dataset:
    """Read the rows with a measure, year, authority and value.

    Without ``--columns measure=...``, the measure column is the one holding the most of ``codes``
    (the codes looked for), else the first named as one (``Measure``, ``Code``...): a dataset
    with both ``Measure`` (a description) and ``Measure code`` is read by its codes.
    Years are read in any common form, a provisional or revised mark taken off; a value may carry
    a data type's sign (``57.8%``, ``-£5``, ``12 days``) and thousands separators (``1,234``); blanks
    and figures marked as withheld (``[x]``, ``..``, ``-``) are left out. Raise with the row and
    value of every other figure that cannot be read, rather than leave it out of the quartiles unsaid.
    """
    from pmf.exchange import read_records
    from pmf.publications import PercentCell, find_columns, match_columns
    from pmf.spreadsheet import naming_other_sheets

    def known(names: list[str]) -> int:
        return sum(name is not None for name in match_columns(names, ALIASES, columns).values())

    with naming_other_sheets(path, sheet):  # the header may be on another of the workbook's sheets
        at, records = read_records(path, sheet, known)
        header = list(records[0])
        columns = dict(columns)
        if "measure" not in columns and (holding := _column_holding(header, records, set(codes))):
            columns["measure"] = holding
        names = find_columns(header, ALIASES, columns, FIELDS, path.name)
    column = header.index(names["value"] or "") + 1
    table: dict[tuple[str, str], dict[str, Figure]] = defaultdict(dict)
    aggregates: Counter[str] = Counter()
    clashes = []
    problems = []
    for number, record in enumerate(records, start=at + 1):
        code, when, who = (str(record.get(names[f] or "") or "").strip() for f in FIELDS[:3])
        raw = record.get(names["value"] or "")
        try:
            value = _figure(raw)
        except ValueError as exc:
            problems.append(Problem(path.name, number, column, names["value"] or "", str(exc)))
            continue
        if not (code and when and who and value is not None):
            continue
        if is_aggregate(who):
            aggregates[who] += 1
            continue
        year, mark = read_year(when)
        found = Figure(value, number, isinstance(raw, PercentCell), mark, record)
        earlier = table[(code, year)].get(who)
        if earlier is None:
            table[(code, year)][who] = found
        elif earlier.value != found.value or earlier.shown != found.shown:
            clashes.append(Clash(code, year, who, earlier, found))
    if problems:
        raise PmfError(problems)
    read = {f: name for f, name in names.items() if name}
    return Dataset(path.name, dict(table), read, dict(aggregates), clashes)


def _column_holding(header: list[str], records: Sequence[dict[str, Any]], codes: set[str]) -> str | None:
    """The column whose cells hold the most of ``codes``, or None when none holds any."""
    if not codes:
        return None
    counts = Counter(name for record in records for name, cell in record.items() if name and str(cell).strip() in codes)
    best = max((name for name in header if counts[name]), key=lambda name: counts[name], default=None)
    return best


def clash_problem(dataset: Dataset, clash: Clash) -> Problem:
    """The message for two figures for one council, code and year, naming the column that splits them."""
    second, first = clash.second, clash.first
    used = set(dataset.columns.values())
    splitting = [
        name
        for name in second.cells
        if name
        and name not in used
        and str(second.cells[name] or "").strip() != str(first.cells.get(name) or "").strip()
    ]
    if splitting:
        how = f"keep one row per council (filter the '{splitting[0]}' column)"
    elif first.mark != second.mark:
        how = "keep one row per council and year (a year marked provisional or revised, 2025-26 (p), is that year)"
    else:
        how = "keep one row per council"
    return Problem(
        dataset.name,
        second.row,
        0,
        "",
        f"{clash.authority} {clash.code} {clash.year} is also on row {first.row}: {how}",
    )


# A publisher's mark for a figure withheld or not available: [x], [c], [z], .., -, :, *, x, n/a.
WITHHELD = re.compile(r"\[\w+\]|\.\.|[-–:*x]|n/?a", re.IGNORECASE)


def _figure(raw: Any) -> Decimal | None:
    """A dataset's figure, with any data type's sign (``57.8%``, ``-£5``, ``12 days``); None for a blank
    or a figure marked as withheld; a ValueError saying what to write for anything else."""
    from pmf.outturn_values import SIGNS, unsigned
    from pmf.publications import figure
    from pmf.sheetcells import figure_cell

    written, raw = raw, figure_cell(raw)  # 12,5 in a file separated by semicolons is 12.5; 1,234 is refused
    if raw is None or (isinstance(raw, str) and (not raw.strip() or WITHHELD.fullmatch(raw.strip()))):
        return None
    text = raw.strip() if isinstance(raw, str) else figure(raw, None, None)[0]  # (a number, or a percentage cell)
    try:
        value = Decimal(figure(unsigned(text, [m for marks in SIGNS.values() for m in marks]), None, None)[0])
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(
            f"'{written}' is not a figure pmf can read: write a number (with %, £ or days if you like), "
            "or leave the cell blank or [x] where no figure is published"
        )
    return value
