"""The cells of a sheet to import, as a reader sees them: the header found among title rows, a number
as its format shows it, a column of figures under a period heading, a figure's publisher's mark."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pmf.errors import UsageError
from pmf.periods import period_dated

# How far down a sheet its header row is looked for: a council's workbook often opens with a
# title, a merged banner, the date it was run or a blank row above the column names.
HEADER_SEARCH = 20


def read_records(path: Path, sheet: str | None, known: Callable[[list[str]], int]) -> tuple[int, list[Record]]:
    """The header's row number (1-based) and the rows under it as dicts keyed by header.

    The header is the row of the top :data:`HEADER_SEARCH` that names the most columns the
    reader knows (``known`` counts them; the first such row on a tie), row 1 when none names
    any: title rows above it are passed over, and a heading over groups of columns loses to
    the row that names each column. Two rows read as one (:func:`two_rows`) are the header
    when together they name more than any row alone: a year over its quarters, or a group's
    heading over periods beside 'Measure' written in the row above.
    """
    from pmf.spreadsheet import read_rows

    values, mark = read_rows(path, sheet, shown)
    rows = [names(row) for row in values[:HEADER_SEARCH]]
    counts = [known(row) for row in rows]
    at = counts.index(max(counts)) if counts and max(counts) > 0 else 0
    header, best = names(values[at]), max(counts, default=0)
    for above, (top, bottom) in enumerate(itertools.pairwise(rows)):
        both = two_rows(top, bottom)
        if both != bottom and (count := known(both)) > best:
            at, header, best = above + 1, both, count
    first: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name and (earlier := first.setdefault(name.casefold(), number)) != number:
            raise UsageError(
                f"{path}: columns {earlier} and {number} are both headed '{name}', and only one could be read: "
                "rename or delete one"
            )
    if len(values) < at + 2:
        raise UsageError(f"{path}: no rows under the header")
    return at + 1, [Record(header, row, mark) for row in values[at + 1 :]]


class Record(dict[str, Any]):
    """A row under the header, keyed by the header's names. ``header`` is the header as written, a column
    with no name and all, so its positions are the sheet's; ``separator`` is a CSV file's (None for a
    workbook). A CSV row may hold fewer cells than the header (those it lacks read as empty) or more,
    which no name reads (:func:`misfit`)."""

    def __init__(self, header: list[str], row: tuple[Any, ...], separator: str | None = None) -> None:
        super().__init__(itertools.zip_longest(header, row[: len(header)]))
        self.header, self.cells, self.separator = header, row, separator


_MARKS = {",": "comma", ";": "semicolon", "\t": "tab"}


def misfit(record: Record, fields: dict[str, str | None]) -> tuple[int, str] | None:
    """Where a CSV row of figures does not fit its header, and what to say (its column and message), or None.
    Its cells past the header's last name that hold anything (a trailing separator on every row adds none):
    a figure typed ``1,200`` unquoted in a file separated by commas is two cells, ``1`` and ``200``, and in
    such a file a figure split at its comma may also run into the comment beside it, the row no wider;
    or a row too short to reach a column it needs. A workbook keeps its cells apart: none is a misfit."""
    header, cells, mark = record.header, record.cells, record.separator
    if mark is None:
        return None
    width, filled = _reach(header), _reach(cells)
    names = f"the header's {width} ({', '.join(name or '(no name)' for name in header[:width])})"
    value = header.index(fields["value"]) if fields["value"] else None
    comment = header.index(fields["comment"]) if fields["comment"] else None
    split = None
    if mark == "," and value is not None:  # the row is k cells too wide: the value and the k after it, one figure?
        beside = max(filled - width, 0) + (comment == value + 1)
        split = next((f for k in range(beside, 0, -1) if _SPLIT.fullmatch(f := _joined(cells, value, k))), None)
    how = f'write it {split.replace(",", "")}, or in quotes: "{split}"' if split else ""
    if filled > width:
        if split and value is not None:  # (a split is looked for only beside a value)
            return value + 2, (
                f"the row has {filled} cells, more than {names}: '{split}' is one figure split at its comma: {how}"
            )
        extra = next(n for n in range(width, filled) if text(cells[n]))
        said = (
            'a figure with a comma is written without it (1200) or in quotes ("1,200"), and text with a comma in quotes'
            if mark == ","
            else f"text with a {_MARKS[mark]} in it is written in quotes"
        )
        return extra + 1, f"the row has {filled} cells, more than {names}: {said}"
    needed = [header.index(name) for field in ("measure", "period", "value") if (name := fields.get(field))]
    if needed and max(needed) >= len(cells):
        return len(cells) + 1, (
            f"the row has {len(cells)} cells, fewer than {names}, and none under '{header[max(needed)]}': write a "
            f"cell for each column, an empty one as nothing between two {_MARKS[mark]}s"
        )
    if split and comment is not None:
        return comment + 1, (
            f"'{split}' is one figure split at its comma into the value and the comment: {how} (a comment of a "
            "number alone is written in words)"
        )
    return None


def _reach(cells: Sequence[Any]) -> int:
    """How many cells a row reaches to: up to its last that holds anything."""
    return next((n for n in range(len(cells), 0, -1) if text(cells[n - 1])), 0)


def _joined(cells: tuple[Any, ...], at: int, more: int) -> str:
    """The cell at ``at`` and the ``more`` after it, joined again at the commas that split them."""
    return ",".join(text(cell) for cell in cells[at : at + more + 1])


_SPLIT = re.compile(r"[-+]?£?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?")  # 1,200: a figure with commas between thousands


def formula_at(path: Path, sheet: str | None, row: int, col: int) -> str | None:
    """The formula a workbook's cell holds (``=400+12``), or None: its value is read as last saved,
    and a workbook written by a program other than Excel may hold a formula with no saved value."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not row or not col:
        return None
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        named = {name.strip().casefold(): name for name in book.sheetnames}
        worksheet = book[named[sheet.strip().casefold()]] if sheet else book.worksheets[0]
        found = next(worksheet.iter_rows(min_row=row, max_row=row, min_col=col, max_col=col, values_only=True))[0]
    finally:
        book.close()
    return found if isinstance(found, str) and found.startswith("=") else None


def two_rows(top: list[str], bottom: list[str]) -> list[str]:
    """Two header rows read as one. A heading over a group of columns (merged, so held by its first cell)
    stands over each column up to the next; a column named below keeps that name, joined to a year over
    it where together they name a period ('2026-27' over 'Q1' or 'Apr': '2026-27 Q1', 'Apr 2026'), and
    a column named only above keeps that name ('Measure' over an empty cell)."""
    both, over = [], ""
    for column in range(max(len(top), len(bottom))):
        above = top[column] if column < len(top) else ""
        below = bottom[column] if column < len(bottom) else ""
        over = above or over
        both.append((_in_year(over, below) or below) if below else above)
    return both


def _in_year(year: str, part: str) -> str | None:
    """``part`` of financial ``year`` as one heading ('2026-27' and 'Q1': '2026-27 Q1'), or None when
    ``year`` is no year alone or ``part`` names a period already or no part of one."""
    from pmf.publications import month_label, whole_period_label

    label = whole_period_label(year) if year else None
    if label is None or " " in label or period_heading(part) is not None:
        return None
    try:
        month = month_label(f"{part.strip()} {label[:4]}")
    except ValueError:
        month = None
    if month is not None:  # April to December in the year's first calendar year, January to March its second
        return f"{part.strip()} {int(label[:4]) + (int(month[5:]) < 4)}"
    joined = f"{label} {part.strip()}"
    return joined if period_heading(joined) is not None else None


def names(row: tuple[Any, ...]) -> list[str]:
    """A header row's names; a date heading (an Excel date cell) as its day, ``2026-06-01``."""
    return [_heading(h) for h in row]


def _heading(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value).strip()


# A figure as Excel writes one where a comma is the decimal mark (and ; the separator): a sign or
# currency before it, a unit or a publisher's mark after it (12,5%, -£1.234,50, 1.500 (p)).
_DECIMAL_COMMA = re.compile(r"(\s*[-+]?\s*[£€$]?\s*[-+]?)([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?([^\d,]*)")


def figure_cell(value: Any) -> Any:
    """A cell as a figure's reader reads it. In a CSV file separated by semicolons (a
    :class:`~pmf.spreadsheet.CommaDecimal`) the comma is the decimal mark and a dot separates
    thousands where that is the only reading: ``12,5`` is 12.5, ``0,75`` 0.75, ``1.234,5`` 1234.5,
    ``1.234.567`` 1234567. A figure that reads two ways raises ValueError saying both and how to
    write it: ``1,234`` (one to three digits, not 0, a comma and three digits) is 1234 or 1.234, and
    ``1.500`` (a dot and three digits) 1500 or 1.5. Any other cell is as it is."""
    from pmf.spreadsheet import CommaDecimal

    found = _DECIMAL_COMMA.fullmatch(value) if isinstance(value, CommaDecimal) else None
    if found is None:
        return value
    before, whole, decimals, after = found.groups()
    if decimals is None and whole.count(".") == 1:  # 1.500: 1500, or 1.5 written as 1,5 here
        small = f"{Decimal(whole).normalize():f}"
        readings = f"{whole.replace('.', '')} (a dot between thousands) or {small} (a decimal point)"
        how = f"{whole.replace('.', '')} or {small.replace('.', ',')}"
    elif decimals is not None and len(whole) <= 3 and "." not in whole and whole[0] != "0" and len(decimals) == 3:
        readings = f"{whole}{decimals} (a comma between thousands) or {whole}.{decimals} (a decimal comma)"
        how = f"{whole}{decimals} or {whole}.{decimals}, with no comma"
    else:
        return f"{before}{whole.replace('.', '')}{'.' + decimals if decimals else ''}{after}"
    raise ValueError(f"'{value.strip()}' reads two ways in a file separated by semicolons: {readings}: write {how}")


# A number format's text that is not a code: "%" in quotes or after a backslash is written as it is.
_LITERAL = re.compile(r'"[^"]*"|\\.')
SIGNIFICANT = 15  # the digits of a number cell kept: as many as Excel itself stores and shows of a number


def shown(cell: Any) -> Any:
    """A cell's value as the sheet shows it: a number to 15 significant digits, Excel's own precision, so a
    sum's float noise is gone (412.00000000000006 is 412, 66.66666666666667 is 66.6666666666667) while
    every digit Excel keeps is kept (312456789.45, 123456789012.5), nor any a format merely hides
    (65.5% formatted 0%; the figure is rounded to the measure's decimals when judged);
    a number formatted as a percentage (it holds 0.955, shows 95.5%) marked so. A ``%`` written
    into the format as text (``0.0"%"``, ``0.0\\%``) shows the figure as it is (66.5 shows 66.5%)."""
    from pmf.publications import PercentCell

    value = cell.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value
    if isinstance(value, float):
        value = float(f"{value:.{SIGNIFICANT}g}")
    if "%" in _LITERAL.sub("", cell.number_format or ""):
        return PercentCell(value)
    return value


def text(value: Any, frequency: str | None = None) -> str:
    """A cell as text; a date in a period column (``frequency`` given) as the period it names."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date) and frequency is not None:
        day = value.date() if isinstance(value, dt.datetime) else value
        return period_dated(day, frequency).label
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Cell:
    """One figure to import: where it sits in the sheet and what the sheet says of it."""

    row: int
    col: int  # the figure's column
    measure: str
    period: Any
    value: Any
    comment: str
    verified_by: str = ""
    period_col: int = 0  # the column naming its period (in a wide table, the figure's own)
    heading: str = ""  # a wide table's heading over the figure
    comment_cy: str = ""  # the comment's Welsh


# Words that may stand beside a period in a wide table's header (value_2017_2018, 2024-25 actual).
_VALUE_WORDS = {"value", "values", "actual", "actuals", "outturn", "outturns", "result", "results", "fy", "year"}


def long_cells(records: Sequence[Record], fields: dict[str, str | None], first: int) -> Iterator[Cell]:
    """One cell per row; ``first`` is the sheet's number for the first row under the header."""
    header = records[0].header if records else []
    at = {field: header.index(name) + 1 if name else 0 for field, name in fields.items()}
    for number, record in enumerate(records, start=first):
        if not any(text(v) for v in record.values()):
            continue  # a blank line
        comment = text(record.get(fields["comment"] or "")) if fields["comment"] else ""
        period, value = record.get(fields["period"] or ""), record.get(fields["value"] or "")
        checked = text(record.get(fields["verified_by"] or "")) if fields["verified_by"] else ""
        measure = text(record.get(fields["measure"] or ""))
        welsh = _welsh(record, fields)
        yield Cell(number, at["value"], measure, period, value, comment, checked, at["period"], comment_cy=welsh)


def _welsh(record: dict[str, Any], fields: dict[str, str | None]) -> str:
    """A row's comment in Welsh, from a ``comment_cy`` column; '' for none."""
    return text(record.get(fields["comment_cy"] or "")) if fields["comment_cy"] else ""


def period_heading(name: str) -> Any:
    """What a wide table's heading says of its column's period: a pmf label, a date, the text of a
    month or week (read for each row's measure), or None when it names no period alone."""
    from pmf.publications import PART, month_label, period_label, week_label

    label = period_label(name)
    if label is not None:
        words = set(re.findall(r"[a-z]+", PART.sub(" ", name.casefold()))) - _VALUE_WORDS - {"to"}
        return label if not words else None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", name):
            return dt.date.fromisoformat(name)
        return name if month_label(name) or week_label(name) else None
    except ValueError:
        return None


def wide_cells(
    records: Sequence[Record], fields: dict[str, str | None], notes: list[str], source: str, first: int
) -> Iterator[Cell]:
    """One cell per measure and period column: each column whose header names a period holds its figures."""
    from pmf.publications import columns_named, period_label

    header = records[0].header if records else []
    periods: dict[str, tuple[int, Any]] = {}
    ignored = []
    for index, name in enumerate(header, start=1):
        period = period_heading(name) if name else None
        if period is not None:
            periods[name] = (index, period)
        elif name not in (fields["measure"], fields["comment"], fields["comment_cy"], fields["verified_by"]) and name:
            also = " (it names a period, but also other words)" if period_label(name) else ""
            ignored.append(f"'{name}'{also}")
    if not periods:
        raise UsageError(
            f"{source}: no column names a financial year or period (such as 2024-25, 2024/25, value_2024_2025, "
            f"Q2 2025-26, Apr-26 or an Excel date); {columns_named(header)}"
        )
    if ignored:
        notes.append(f"{source}: columns ignored (no period in the header): {', '.join(ignored)}")
    for number, record in enumerate(records, start=first):
        if not any(text(v) for v in record.values()):
            continue
        measure = text(record.get(fields["measure"] or ""))
        comment = text(record.get(fields["comment"] or "")) if fields["comment"] else ""
        checked = text(record.get(fields["verified_by"] or "")) if fields["verified_by"] else ""
        welsh = _welsh(record, fields)
        for name, (index, period) in periods.items():
            value = record.get(name)
            if text(value):
                yield Cell(number, index, measure, period, value, comment, checked, index, name, welsh)


# A publisher's mark after a figure: 398 (r), 405 (p), 398 [r], 405 provisional; in brackets unless a
# whole word, so a figure in pence (5p) is never read as marked.
_MARK = re.compile(
    r"(.*?\d)\s*(?:[(\[]\s*(p|r|prov|provisional|rev|revised)\.?\s*[)\]]|\s(provisional|revised))", re.IGNORECASE
)


def unmarked(value: Any) -> tuple[Any, str]:
    """A figure's cell without a publisher's revised or provisional mark, and the mark's word ('' for none)."""
    if isinstance(value, str) and (found := _MARK.fullmatch(value.strip())):
        mark = found.group(2) or found.group(3)
        return found.group(1), "provisional" if mark[0].casefold() == "p" else "revised"
    return value, ""
