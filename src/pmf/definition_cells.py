"""The cells of a definitions sheet (``pmf import --definitions``) as an officer fills them, as YAML text.

Words are read as the measure file's values or the labels reports show (``Higher is better``,
``Benchmarked Nationally``); a target or tolerance as ``pmf import`` reads a figure.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

from pmf.models import Measure
from pmf.scalars import scalar_text


@functools.cache
def kinds(name: str) -> tuple[type[enum.Enum] | None, bool]:
    """The enum a field takes (or None), and whether it holds a list."""
    annotation = typing.get_type_hints(Measure)[name]
    is_list = typing.get_origin(annotation) is list
    inner = typing.get_args(annotation) or (annotation,)
    found = next((a for a in inner if isinstance(a, type) and issubclass(a, enum.Enum)), None)
    return found, is_list


def normal(header: str) -> str:
    return re.sub(r"[\s-]+", "_", header.strip()).casefold()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def yaml_value(key: str, text: str) -> str:
    """The YAML text for one cell of column ``key``; raise ValueError for a cell that cannot be one."""
    kind, is_list = kinds(key)
    if is_list:
        items = [member(kind, t) if kind else t.strip() for t in re.split(r"[;,\n]", text) if t.strip()]
        return "[" + ", ".join(scalar_text(i, flow=True) for i in items) + "]"
    if kind is not None:
        return scalar_text(member(kind, text))
    if key == "decimals":
        if not re.fullmatch(r"\d+", text):
            raise ValueError(f"'{text}' is not a whole number of decimal places")
        return text
    if key in ("date", "next_review_date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if key == "first_year":
        from pmf.publications import whole_period_label

        return scalar_text(whole_period_label(text) or text)
    return scalar_text(text)


def member(kind: type[enum.Enum], text: str) -> str:
    """The value an officer's word names, by the value or the label reports show: ``Benchmarked Nationally``
    and ``benchmarked_nationally`` are ``national``, ``Higher is better`` is ``higher_is_better``."""
    folded = normal(text)
    for member in kind:
        label = getattr(member, "label", None)
        if folded == normal(str(member.value)) or (isinstance(label, str) and folded == normal(label)):
            return str(member.value)
    return folded


def threshold(raw: Any, data_type: str | None, unit: str | None) -> str:
    """A target or tolerance cell as ``pmf import`` reads a figure (``publications.figure``): with the
    measure's unit or its data type's sign (``70%``, ``£1,200.00``), and a percentage-formatted cell
    as the percentage it shows (0.7 as 70) for a percentage measure. Raise ValueError saying what to write."""
    from pmf.publications import PercentCell, figure
    from pmf.sheetcells import figure_cell

    written, raw = raw, figure_cell(raw)  # 12,5 in a file separated by semicolons is 12.5; 1,234 is refused
    if isinstance(raw, PercentCell) and data_type != "percentage":
        shown = f"{(Decimal(repr(float(raw))) * 100).normalize():f}%"
        raise ValueError(
            f"the cell shows {shown}, a percentage, but the measure's data_type is {data_type or 'not given'}: "
            "give data_type percentage, or write the figure as a plain number"
        )
    if isinstance(raw, str) and raw.strip().endswith("%") and data_type != "percentage":
        raise ValueError(
            f"'{str(written).strip()}' is a percentage, but the measure's data_type is {data_type or 'not given'}"
        )
    text, _ = figure(cell_text(raw) if not isinstance(raw, float) else raw, data_type, unit)
    return number(text, cell_text(written) if written != raw else None)


def number(text: str, written: str | None = None) -> str:
    """``text`` as a number; a problem quotes the cell as ``written`` (``€ 1.234,5``), if given."""
    from pmf.numbers import ungrouped

    try:
        number = Decimal(ungrouped(text))
    except InvalidOperation:
        raise ValueError(f"'{written or text}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{written or text}' is not a number")
    return str(number)
