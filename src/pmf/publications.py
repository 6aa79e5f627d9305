"""Tables as councils and governments publish them: headers in any case, years in common forms, units in cells."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pmf.errors import UsageError, closest
from pmf.i18n import MONTHS, english_month
from pmf.outturn_values import without_unit

if TYPE_CHECKING:
    from pmf.periods import Period

# A financial year in the forms publications use: 2017-18, 2017/18, 2017_2018, 2017-2018,
# value_2017_2018, FY 2017/18, 2017 to 2018; a quarter or half before or after it: Q2 2025-26,
# Quarter 2 2025-26, 2025/26 Qtr 2.
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:-|/|_|–|\s+to\s+)\s*(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
PART = re.compile(r"(?<![a-z])(q(?:tr|uarter)?|h(?:alf)?)\.?\s*(\d)(?!\d)", re.IGNORECASE)  # Q2, Qtr 2, Quarter 2, H1


def column_mapping(text: str | None, fields: Sequence[str]) -> dict[str, str]:
    """Read ``--columns "field=Header,field=Header"`` into a mapping, checking each field's name."""
    mapping: dict[str, str] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        key, _, header = pair.partition("=")
        if key.strip().lower() not in fields or not header.strip():
            raise UsageError(f"--columns '{pair.strip()}': write FIELD=HEADER with FIELD one of {', '.join(fields)}")
        mapping[key.strip().lower()] = header.strip()
    return mapping


def _folded(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def find_columns(
    header: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    columns: Mapping[str, str],
    required: Sequence[str],
    source: str,
) -> dict[str, str | None]:
    """Each field's header in ``header``: the one named in ``columns``, else the first alias present.

    Headers match without regard to case, spaces or underscores. Every required field that
    has no column, and every field whose header ``columns`` names but the file lacks, is named
    in one message, with the columns the file has.
    """
    found = match_columns(header, aliases, columns)
    missing = [f for f in required if found.get(f) is None]
    missing += [f for f in columns if f not in missing and f in found and found[f] is None]
    if missing:
        named = ", ".join(f"{f} ('{columns[f]}')" if f in columns else f for f in missing)
        hint = ",".join(f"{f}=HEADER" for f in missing)
        close = {f: likely_header([columns[f]] if f in columns else [f, *aliases[f]], header) for f in missing}
        guesses = "".join(f" ({f}: did you mean '{c}'?)" for f, c in close.items() if c is not None)
        how = f'. Name them with --columns "{hint}"' if any(header) else ""  # no header: no name to give
        raise UsageError(f"{source}: no column for {named}{guesses}; {columns_named(header)}{how}")
    return found


# How alike a header must be spelt to a column's name to be offered for it: a slip of a letter or two
# (``Peroid``, ``Mesure``, ``Verified By`` for ``Verified``), never some letters in common (``Value`` for measure).
HEADER_CUTOFF = 0.75
# Words of a header naming a figure a sheet gives beside the outturn: 'Target Value' is not the value's column.
_OTHER_FIGURE = re.compile(r"\b(?:target|tolerance|baseline|benchmark|average|forecast|previous|last)\b")


def likely_header(names: Sequence[str], header: Sequence[str]) -> str | None:
    """The header a missing column was likely meant to be, for a "did you mean": one spelt within a slip
    of one of its ``names`` (the first of which is its field, or the header ``--columns`` gave), else one
    ending in the first as a word (``Reporting Period`` for period, but not ``Target Value`` for value); else None."""
    present = {_folded(h): h for h in header if h}
    for name in names:
        if (near := closest(_folded(name), list(present), HEADER_CUTOFF)) is not None:
            return present[near]
    ending = (h for f, h in present.items() if f.endswith(f" {_folded(names[0])}") and not _OTHER_FIGURE.search(f))
    return next(ending, None)


def columns_named(header: Sequence[str]) -> str:
    """What a file's header row names, for a message: its columns, or that none of its top rows names any."""
    names = [h for h in header if h]
    if not names:
        return "none of its top rows names a column: add a header row above the figures"
    return f"its columns are {', '.join(names)}"


def match_columns(
    header: Sequence[str], aliases: Mapping[str, Sequence[str]], columns: Mapping[str, str]
) -> dict[str, str | None]:
    """Each field's header in ``header`` (``find_columns``), None where it has none."""
    present = {_folded(h): h for h in header if h}
    found: dict[str, str | None] = {}
    for field, names in aliases.items():
        wanted = [columns[field]] if field in columns else list(names)
        found[field] = next((present[_folded(w)] for w in wanted if _folded(w) in present), None)
    return found


def period_label(text: str) -> str | None:
    """The pmf label of a financial year, quarter or half named somewhere in a header ``text``, else None.

    This searches: ``value_2017_2018`` and ``Wales average 2023-24`` both name a year. A single cell
    or argument is read by ``whole_period_label``, which takes the text only when it is the period.

    ``2017_2018`` and ``value_2017_2018`` give ``2017-18``; ``Q2 2025-26`` and ``2025/26 Q2``
    give ``2025-26 Q2``. The second year must follow the first, so ``2025-09`` (a month) is not a year.
    """
    matches = [m for m in _YEAR.finditer(text) if _consecutive(m.group(1), m.group(2))]
    if len(matches) != 1:
        return None
    year = matches[0]
    label = f"{year.group(1)}-{(int(year.group(1)) + 1) % 100:02d}"
    rest = text[: year.start()] + " " + text[year.end() :]
    parts = PART.findall(rest)
    if len(parts) > 1:
        return None
    if parts:
        kind, number = parts[0][0][0].upper(), int(parts[0][1])
        if not 1 <= number <= (2 if kind == "H" else 4):
            return None
        return f"{label} {kind}{number}"
    return label


_FY_PREFIX = re.compile(r"^\s*(?:FY|value)(?![a-z])", re.IGNORECASE)


def whole_period_label(text: str) -> str | None:
    """``period_label`` of a cell or argument that says nothing but the period, else None.

    After taking out the year, a quarter or half (``Q2``, ``H1``) and an ``FY`` (or ``value_``) before
    it, nothing may remain but spaces, commas and underscores: ``Q2 2025/26`` and ``FY 2025/26`` are periods, but ``Month 6
    2025/26``, ``Sep 2025/26`` and ``Target 2025/26`` are not the year they mention.
    """
    label = period_label(text)
    if label is None:
        return None
    year = next(m for m in _YEAR.finditer(text) if _consecutive(m.group(1), m.group(2)))
    rest = PART.sub(" ", text[: year.start()] + " " + text[year.end() :], count=1)
    return label if not _FY_PREFIX.sub("", rest).strip(" \t,_") else None


# Month names as a spreadsheet writes a date cell out to CSV (Oct-26, October 2026), in English and Welsh.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "ionawr", "ion"),
            ("february", "feb", "chwefror", "chwef"),
            ("march", "mar", "mawrth", "maw"),
            ("april", "apr", "ebrill", "ebr"),
            ("may", "mai"),
            ("june", "jun", "mehefin", "meh"),
            ("july", "jul", "gorffennaf", "gorff"),
            ("august", "aug", "awst"),
            ("september", "sep", "sept", "medi"),
            ("october", "oct", "hydref", "hyd"),
            ("november", "nov", "tachwedd", "tach"),
            ("december", "dec", "rhagfyr", "rhag"),
        ),
        start=1,
    )
    for name in names
}
_NAMED_MONTH = re.compile(r"([^\W\d_]+)\.?[\s-]*(\d{4}|\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(?:(\d{1,2})/)?(\d{1,2})/(\d{4}|\d{2})")  # 01/10/2026, 1/10/26, 10/2026: day first
_YEAR_MONTH = re.compile(r"(\d{4})/(\d{1,2})")


def month_label(text: str) -> str | None:
    """The ``YYYY-MM`` of a month as a spreadsheet writes a date out to CSV, else None.

    ``Oct-26``, ``Oct 2026``, ``October 2026``, ``Hydref 2026``, ``01/10/2026`` (day first, as
    in the UK), ``10/2026`` and ``2026/10`` all give ``2026-10``. A ValueError for a date the
    month does not have (``00/10/2026``, ``31/09/2026``) or a two-digit year of the 1900s.
    """
    read = _month(text)
    return read[0] if read else None


def _month(text: str) -> tuple[str, bool] | None:
    """``month_label``, and whether the year was written in two digits."""
    import calendar

    text, day = text.strip(), None
    if named := _NAMED_MONTH.fullmatch(text):
        month, year = _MONTHS.get(named[1].casefold()), named[2]
    elif dated := _DAY_MONTH_YEAR.fullmatch(text):
        month, year, day = int(dated[2]), dated[3], dated[1]
    elif ordered := _YEAR_MONTH.fullmatch(text):
        month, year = int(ordered[2]), ordered[1]
    else:
        return None
    if not month or not 1 <= month <= 12:
        return None
    full = int(year) if len(year) == 4 else int(year) + (2000 if int(year) < 30 else 1900)  # as Excel reads 00 to 99
    if len(year) == 2 and full < 2000:
        raise ValueError(
            f"'{text}' reads as {MONTHS[month - 1]} {full} (a two-digit year from 30 is in the "
            "1900s): write the year in full"
        )
    last = calendar.monthrange(full, month)[1]
    if day is not None and not 1 <= int(day) <= last:
        raise ValueError(
            f"'{text}' is not a date: {MONTHS[month - 1]} {full} has days 1 to {last}; "
            "check the day, or write the month alone (2025-09)"
        )
    return f"{full}-{month:02d}", len(year) == 2


# An ISO week as a spreadsheet writes it: W41 2026, Week 41 2026, wk 41 2026, Wythnos 41 2026, or
# the year first: 2026 W41, 2026-W41, 2026 week 41.
_WEEK_WORD = r"(?:w|wk|week|wythnos)\.?\s*(\d{1,2})"
_WEEK_THEN_YEAR = re.compile(rf"{_WEEK_WORD}[\s,/-]*(\d{{4}})", re.IGNORECASE)
_YEAR_THEN_WEEK = re.compile(rf"(\d{{4}})[\s,/-]*{_WEEK_WORD}", re.IGNORECASE)
_A_WEEK_WORD = re.compile(r"(?<![^\W\d_])(?:w(?=\.?\s*\d)|wk|weeks?|wythnos)(?![^\W\d_])", re.IGNORECASE)


def week_label(text: str) -> str | None:
    """The ``YYYY-Www`` of an ISO week written as a spreadsheet writes it (``W41 2026``), else None.

    Whether the year has that week is left to the reader of the label: ``W54 2026`` gives ``2026-W54``.
    """
    text = text.strip()
    if first := _WEEK_THEN_YEAR.fullmatch(text):
        number, year = first[1], first[2]
    elif second := _YEAR_THEN_WEEK.fullmatch(text):
        year, number = second[1], second[2]
    else:
        return None
    return f"{year}-W{int(number):02d}"


def read_period(text: str, frequency: str, earliest: int | None = None) -> Period:
    """A period as pmf writes it or as a publication or spreadsheet does (Q2 2025/26, Quarter 2 2025-26,
    2024_2025, W41 2026); a monthly measure's month also as a spreadsheet writes a date out to CSV
    (Oct-26, 01/10/2026); any measure's period as a date it begins or ends, day first (30/09/2026) or
    ISO (2026-10-01), read as an Excel date cell is (``period_dated``). ``pmf record`` and ``pmf import`` both read periods here.

    ``earliest``: the first financial year (its starting calendar year) of the measure's figures or
    targets; a month written with a two-digit year before it (``Oct-00``) is refused as a slip.
    """
    from pmf.periods import fy_label, fy_start_year, parse_period

    try:
        return parse_period(text, frequency)
    except ValueError:
        month = _month(text) if frequency == "monthly" else None
        if month and month[1] and earliest is not None:
            period = parse_period(month[0], frequency)
            if fy_start_year(period.financial_year) < earliest:
                raise ValueError(
                    f"'{text.strip()}' reads as {english_month(period.start)}, before the measure's first figure or target "
                    f"({fy_label(earliest)}): write the year in full ({period.label}) if that month is meant"
                ) from None
        label = (month[0] if month else None) or week_label(text)
        if label is None and _A_WEEK_WORD.search(text):
            raise ValueError(
                f"'{text.strip()}' is not a week pmf can read: write an ISO week as W41 2026, Week 41 2026 "
                "or 2026-W41 (the week's number and the calendar year it falls in, not a financial year)"
            ) from None
        label = label or whole_period_label(text)
        if label is None:
            day = _date(text)
            if day is None:
                raise
            from pmf.periods import period_dated

            return period_dated(day, frequency)
        return parse_period(label, frequency)


_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")  # 30/09/2026, as in the UK
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")  # 2026-10-01, as pmf export writes it


def _date(text: str) -> dt.date | None:
    """The day a cell writes as a date (day first, or ISO), else None; a ValueError for a day the month lacks."""
    text = text.strip()
    if found := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(g) for g in found.groups())
    elif found := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in found.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a date: check the day and month") from None


def _consecutive(first: str, second: str) -> bool:
    start = int(first)
    return int(second) == start + 1 if len(second) == 4 else int(second) == (start + 1) % 100


class PercentCell(float):
    """A number from a spreadsheet cell formatted as a percentage: it holds 0.955 and shows 95.5%."""


def figure(raw: object, data_type: str | None, unit: str | None) -> tuple[str, bool]:
    """The text of a figure as published, ready to read as a number, and whether it was scaled.

    A percentage-formatted cell of a percentage measure gives the percentage it shows (0.955 → 95.5).
    The measure's own unit or its data type's sign (``%``, ``£``, ``days``) is stripped from the text;
    a comma must separate thousands (``1,234``), so ``9,05`` is an error rather than 905.
    """
    from decimal import Decimal

    if isinstance(raw, PercentCell) and data_type == "percentage":
        return f"{(Decimal(repr(float(raw))) * 100).normalize():f}", True
    if isinstance(raw, float):
        return (str(int(raw)) if raw.is_integer() else repr(raw)), False
    text = without_unit("" if raw is None else str(raw), data_type, unit)
    from pmf.numbers import ungrouped

    try:
        return ungrouped(text), False
    except ValueError:  # named as the cell held it, unit and all
        raise ValueError(
            f"'{raw}' has a comma that does not separate thousands: write the figure with a decimal point"
        ) from None
