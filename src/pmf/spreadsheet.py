"""Cells a spreadsheet opens: CSV text, with text that a spreadsheet would run as a formula made inert.

Every CSV pmf writes (``status``, ``risks`` and the other ``--format csv`` tables, ``export``,
``translate export``) comes from :func:`csv_text`; every workbook marks the same cells as text
(:func:`text_cells`). Every table pmf reads (``import``, ``benchmark``, ``translate import``)
comes from :func:`read_table`, which turns a damaged or mis-encoded file into a message.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pmf.errors import UsageError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet would read as a formula: starting ``= + - @``, a tab or a carriage return.

    A number written as text (``-5.2``) is not: it stays a number.
    """
    return isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value)


def neutral(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def as_written(value: str) -> str:
    """Text read back from a CSV pmf wrote: the apostrophe :func:`neutral` added taken off again."""
    return value[1:] if value.startswith("'") and is_formula_like(value[1:]) else value


def text_cells(cells: Iterable[Any]) -> None:
    """Mark openpyxl cells holding formula-like text as text cells: shown as typed, no apostrophe, never run."""
    for cell in cells:
        if is_formula_like(cell.value):
            cell.data_type, cell.quotePrefix = "s", True


def csv_text(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, line_end: str = "\n") -> str:
    """Rows as CSV text under a header of ``fields``; None is an empty cell, formula-like text is inert,
    and true and false are written as JSON writes them (``true``, not Python's ``True``).

    A line break inside text is written as ``\\n`` (a lone carriage return would otherwise go
    unquoted and split the row).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator=line_end)
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutral(value).replace("\r\n", "\n").replace("\r", "\n")
    return value


class CommaDecimal(str):
    """A cell of a CSV file separated by semicolons, as written: as Excel saves one where the comma is
    the decimal mark, so a figure in it may be written ``12,5`` or ``1.234,5`` (``sheetcells.figure_cell``)."""


def read_table(path: Path, sheet: str | None = None, cell: Callable[[Any], Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows of a CSV file or an Excel sheet (the first, or ``sheet``), each a tuple of its cells
    (:func:`read_rows`, without the separator)."""
    return read_rows(path, sheet, cell)[0]


def read_rows(
    path: Path, sheet: str | None = None, cell: Callable[[Any], Any] | None = None
) -> tuple[list[tuple[Any, ...]], str | None]:
    """The rows of a CSV file or an Excel sheet (the first, or ``sheet``), each a tuple of its cells, and the
    character a CSV file's cells are separated by (None for a workbook, which keeps its cells apart).

    ``cell`` turns an Excel cell into its value (default: the value it holds); each cell of a CSV file
    separated by semicolons is a :class:`CommaDecimal`. A sheet is named
    without regard to case or surrounding spaces (``--sheet q2`` reads ``Q2``). A CSV file may be
    separated by commas, semicolons or tabs (:func:`separator`), and be UTF-8 or, as Excel's
    "Unicode Text" writes it, UTF-16 with its byte-order mark. A file that is missing, empty, in
    another encoding, not a workbook, or of another kind is a UsageError naming it.
    """
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    kind = path.suffix.lower()
    mark = None
    if kind in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise UsageError(f"{path}: cannot read this workbook ({exc})") from None
        try:
            worksheet = book[_sheet_named(path, book.sheetnames, sheet)] if sheet else book.worksheets[0]
            values = [tuple((cell or _value)(c) for c in row) for row in worksheet.iter_rows()]
        finally:
            book.close()
    elif kind == ".csv":
        text = _csv_text(path)
        mark = separator(text)
        try:
            rows = csv.reader(io.StringIO(text, newline=""), delimiter=mark)
            values = [tuple(map(CommaDecimal, row)) if mark == ";" else tuple(row) for row in rows]
        except csv.Error as exc:
            raise UsageError(f"{path}: cannot read this CSV file ({exc})") from None
    else:
        raise UsageError(f"{path}: pmf reads .csv and .xlsx files")
    if not values:
        raise UsageError(f"{path}: the file is empty")
    return values, mark


def _sheet_named(path: Path, names: list[str], sheet: str) -> str:
    """The workbook's sheet named ``sheet``, matched without regard to case or surrounding spaces."""
    found = {name.strip().casefold(): name for name in names}
    name = found.get(sheet.strip().casefold())
    if name is None:
        raise UsageError(f"{path}: no sheet '{sheet}'; its sheets are {', '.join(names)}")
    return name


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order; none for a CSV file or a file that cannot be read."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return []
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # read_table has already said what is wrong with it
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def other_sheets(path: Path, sheet: str | None) -> str:
    """For a message about a header not found: the workbook's other sheets and how to choose one, or ''."""
    names = sheet_names(path)
    if len(names) < 2:
        return ""
    read = next((n for n in names if sheet and n.strip().casefold() == sheet.strip().casefold()), names[0])
    others = ", ".join(f"'{n}'" for n in names if n != read)
    return f" (in the sheet '{read}'; the workbook's other sheets are {others}: choose one with --sheet)"


@contextmanager
def naming_other_sheets(path: Path, sheet: str | None) -> Iterator[None]:
    """Add the workbook's other sheets to a problem with the sheet read (no header, no rows under it)."""
    try:
        yield
    except UsageError as exc:
        message = exc.problems[0].message
        hint = "" if "its sheets are" in message else other_sheets(path, sheet)
        if not hint:
            raise
        raise UsageError(message + hint) from None


def _csv_text(path: Path) -> str:
    """A CSV file's text: UTF-8 (with or without Excel's byte-order mark), or UTF-16 with its mark."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UsageError(f"{path}: damaged UTF-16 text; save it as 'CSV UTF-8'") from None
    if b"\x00" in data[:4096]:
        raise UsageError(f"{path}: UTF-16 text without its byte-order mark; save it as 'CSV UTF-8'")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as 'CSV UTF-8'"
        ) from None


SEPARATORS = (",", ";", "\t")


def separator(text: str, lines: int = 20) -> str:
    """The character a CSV file's cells are separated by: a comma, a semicolon or a tab.

    Each is tried on the top ``lines`` rows. One that splits every row alike into two or more
    cells wins (a table with nothing above it); else the one that splits the most rows into the
    same number of cells, a comma on a tie. Title lines above the header split into one cell
    whatever the separator, and a semicolon or comma inside quotes or inside a figure (``67,5``
    in a semicolon file) splits too few lines alike to win. Read with the wrong separator, a
    cell in quotes over two lines splits into more rows than the table has, so counting rows
    alone could prefer it.
    """
    from collections import Counter

    best, score = ",", (False, 0, 0)
    for mark in SEPARATORS:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=mark)
        try:
            widths = [len(row) for row in itertools.islice(rows, lines) if row]
        except csv.Error:
            continue
        counts = Counter(width for width in widths if width > 1)
        if not counts:
            continue
        width, times = max(counts.items(), key=lambda item: (item[1], item[0]))
        if (alike := (times == len(widths), times, width)) > score:
            best, score = mark, alike
    return best


def _value(cell: Any) -> Any:
    return cell.value
