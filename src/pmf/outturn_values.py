"""A figure for a measure as typed (``pmf record``) or read from a sheet's cell (``pmf import``):
a number, with its unit or sign, checked as ``pmf validate`` would."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmf.models import Measure

# What a figure's place holds when the figure is not available: pmf record's value, a sheet's cell.
NOT_AVAILABLE = {"", "n/a", "na", "null", "-", "–", ".."}
# What a figure not available must come with, as pmf record and pmf import ask for it
WHY_NOT_AVAILABLE = "saying why the figure is not available"
# The sign a figure of each data type may be written with, before or after it (``£702,000``, ``-£5``, ``66.2%``),
# beside the measure's own unit; the command line's reading of a negative figure takes them too (``options``).
SIGNS = {"percentage": ("%",), "monetary": ("£",), "days": ("days", "day")}


def parse_value(text: str, measure: Measure, *, typed: bool = True, written: str | None = None) -> Decimal:
    """A figure for ``measure``: a number (within 0–100 for percentages); commas only between thousands,
    and the measure's unit or its data type's sign allowed (``£702,000``, ``66.2%``), as pmf import reads it.

    ``typed``: the figure was typed as text, not read from a number cell. A whole-number measure's
    typed ``4.200`` is refused: a dot between thousands (four thousand two hundred) or 4.2, no one can tell.
    ``written``: the cell as written, quoted by a problem, where ``text`` is read from it (``1.234,5``).
    """
    from pmf.numbers import ungrouped

    data_type = measure.data_type.value if measure.data_type else None
    bare = without_unit(text, data_type, measure.unit)
    if typed and measure.decimals == 0 and (dotted := _DOTTED.fullmatch(bare)):
        whole, small = int(dotted[1] + dotted[2] + dotted[3]), Decimal(bare).normalize()
        raise ValueError(
            f"'{text.strip()}' may have a dot between thousands: write {whole} if {whole:,} is meant, or {small:f}"
        )
    try:
        value = Decimal(ungrouped(bare))
    except InvalidOperation:
        raise ValueError(f"'{written or text}' is not a number{_how_to_mend(text)}") from None
    if not value.is_finite():
        raise ValueError(f"'{written or text}' is not a number")
    if _percentage(measure) and not Decimal(0) <= value <= 100:
        shown = f"'{written}'" if written else value
        raise ValueError(f"{shown} is not a percentage: percentages run from 0 to 100")
    return value


def fraction(
    value: Decimal, measure: Measure, beside: Iterable[Decimal] = (), written: str | None = None
) -> str | None:
    """The warning for a percentage written as a fraction (``pmf record`` and ``pmf import`` alike), or None: a
    figure from 0 to 1 that, times 100, sits among the measure's scale (its targets, tolerances and other
    figures above 1, and ``beside``, the figures given with it: from half the smallest to twice the largest)
    while it is itself below a tenth of the smallest (0.675 beside 68.1 and a target of 70; not 0.8 beside a
    target of 2). ``written``: the figure as written, quoted."""
    if not _percentage(measure) or not 0 < value <= 1:
        return None
    limits = [*measure.thresholds.values(), *(t.mid_year for t in measure.thresholds.values() if t.mid_year)]
    scale = [n for t in limits for n in (t.target, t.tolerance) if n is not None]
    scale += [o.value for o in measure.outturns if o.value is not None] + list(beside)
    scale = [n for n in scale if n > 1]
    if scale and value * 10 <= min(scale) and min(scale) / 2 <= value * 100 <= max(scale) * 2:
        shown = f"{(value * 100).normalize():f}"
        return f"{written or value} looks like a fraction: write {shown} for {shown}%"
    return None


def unsigned(text: str, marks: Sequence[str]) -> str:
    """``text`` without the marks (units or signs) written before or after its number: ``-£5`` is ``-5``."""
    for mark in sorted(marks, key=len, reverse=True):
        folded = text.casefold()
        if folded.endswith(mark.casefold()):
            text = text[: -len(mark)].strip()
        elif folded.startswith(mark.casefold()) or folded.startswith("-" + mark.casefold()):
            sign = "-" if text.startswith("-") else ""
            text = sign + text[len(sign) + len(mark) :].strip()
    return text


def without_unit(text: str, data_type: str | None, unit: str | None) -> str:
    """A figure as written without the measure's unit or its data type's sign: ``£702,000`` is ``702,000``."""
    marks = [*(SIGNS.get(data_type or "", ())), *([unit.strip()] if unit and unit.strip() else [])]
    return unsigned(text.strip(), marks)


def _how_to_mend(text: str) -> str:
    """What to write in place of a cell that is no number: Excel's error for a formula it cannot work out
    (``#DIV/0!``), a word (``TBC``), or a figure as written on paper (``£1,200``), as pmf validate says it."""
    from pmf.fields import how_to_write

    if text.strip().upper() in EXCEL_ERRORS:
        return f" but Excel's error for a formula it cannot work out: mend the formula, or{_NOT_AVAILABLE_HOW[1:]}"
    return how_to_write(text) if _DIGIT.search(text) else _NOT_AVAILABLE_HOW


def _percentage(measure: Measure) -> bool:
    from pmf.fields import DataType  # (not at the top: the command line reads SIGNS before any plan file)

    return measure.data_type is DataType.percentage


# Excel's errors for a formula it cannot work out, as a cell shows them (#N/A, 'not available', is n/a itself):
# written out here, so pmf record's message reads no workbook library.
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!"})
_DOTTED = re.compile(r"([-+]?)([1-9]\d{0,2})\.(\d{3})")  # 4.200: one dot, then three digits; its sign kept
_DIGIT = re.compile(r"\d")
_NOT_AVAILABLE_HOW = ": for a figure not available, write n/a as the value and say why in the comment"
