"""Cells a spreadsheet opens: CSV text, with text that a spreadsheet would run as a formula made inert.

Every CSV pmf writes (``status``, ``risks`` and the other ``--format csv`` tables, ``export``,
``translate export``) comes from :func:`csv_text`; every workbook marks the same cells as text
(:func:`text_cells`). Every table pmf reads (``import``, ``benchmark``, ``translate import``)
comes from :func:`read_table`, which turns a damaged or mis-encoded file into a message.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
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


def read_table(path: Path, sheet: str | None = None, cell: Callable[[Any], Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows of a CSV file or an Excel sheet (the first, or ``sheet``), each a tuple of its cells.

    ``cell`` turns an Excel cell into its value (default: the value it holds). A file that is
    missing, empty, not UTF-8, not a workbook, or of another kind is a UsageError naming it.
    """
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    kind = path.suffix.lower()
    if kind in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise UsageError(f"{path}: cannot read this workbook ({exc})") from None
        try:
            if sheet and sheet not in book.sheetnames:
                raise UsageError(f"{path}: no sheet '{sheet}'; its sheets are {', '.join(book.sheetnames)}")
            worksheet = book[sheet] if sheet else book.worksheets[0]
            values = [tuple((cell or _value)(c) for c in row) for row in worksheet.iter_rows()]
        finally:
            book.close()
    elif kind == ".csv":
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                values = [tuple(row) for row in csv.reader(handle)]
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as 'CSV UTF-8'"
            ) from None
        except csv.Error as exc:
            raise UsageError(f"{path}: cannot read this CSV file ({exc})") from None
    else:
        raise UsageError(f"{path}: pmf reads .csv and .xlsx files")
    if not values:
        raise UsageError(f"{path}: the file is empty")
    return values


def _value(cell: Any) -> Any:
    return cell.value
