"""Cells a spreadsheet opens: CSV text, with text that a spreadsheet would run as a formula made inert.

Every CSV pmf writes (``status``, ``risks`` and the other ``--format csv`` tables, ``export``,
``translate export``) comes from :func:`csv_text`; every workbook marks the same cells as text
(:func:`text_cells`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

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
    """Rows as CSV text under a header of ``fields``; None is an empty cell, formula-like text is inert.

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
    if isinstance(value, str):
        return neutral(value).replace("\r\n", "\n").replace("\r", "\n")
    return value
