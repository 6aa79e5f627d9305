"""Numbers and units as a reader sees them: 66.2%, £1,200, 8.5 days, 95.0% ± 5.0 points. Pure: no I/O."""

from __future__ import annotations

import re
from decimal import Decimal

from pmf import i18n
from pmf.i18n import _

_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_DIGITS_AND_COMMAS = re.compile(r"[-+]?[\d,]+(\.\d*)?")


def ungrouped(text: str) -> str:
    """A figure as written (``1,234,567.5``) without its thousands separators; raise ValueError for
    a comma that does not separate thousands (``9,05`` is not 905)."""
    if "," not in text or not _DIGITS_AND_COMMAS.fullmatch(text.strip()):
        return text  # no comma, or not a figure at all (£5,000, 12 days): the reader says what is wrong
    if not _THOUSANDS.fullmatch(text.strip()):
        raise ValueError(
            f"'{text}' has a comma that does not separate thousands: write the figure with a decimal point"
        )
    return text.replace(",", "")


def json_number(value: Decimal | None) -> int | float | None:
    """A figure for a table or JSON, to the places it holds: a whole number as one (4200, never 4200.0),
    else as a float (66.2)."""
    if value is None:
        return None
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


def number(value: Decimal | None, decimals: int) -> str:
    """Digits grouped and rounded for a reader of the current language (Welsh writes them as English does)."""
    if value is None:
        return "–"
    if i18n.current() == "en":
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=i18n.current())


def with_unit(value: Decimal | None, decimals: int, data_type: str | None, unit: str | None) -> str:
    """A value as a reader expects it: 66.2%, £1,200, 8.5 days."""
    from pmf.units import unit_words

    text = number(value, decimals)
    unit = unit_words(unit, data_type)
    if value is None:
        return text
    if data_type == "percentage":
        return f"{text}%"
    if data_type == "monetary" and not unit:
        return f"£{text}"
    if unit in {"£", "€", "$"}:
        return f"{unit}{text}"
    if unit.startswith("%"):  # "% of budget": the sign is written against the figure
        return i18n.joined([text, unit], "")
    return i18n.joined([text, unit], " ") if unit else text


def written_places(value: Decimal, decimals: int) -> int:
    """Places to show a threshold as written (compared as written, SPEC 2.1): never fewer than the measure's."""
    exponent = value.as_tuple().exponent
    return max(decimals, -exponent) if isinstance(exponent, int) else decimals


def threshold_texts(
    target: Decimal | None,
    tolerance: Decimal | None,
    closer: bool,
    decimals: int,
    data_type: str | None,
    unit: str | None,
    basis: str = "",
) -> tuple[str | None, str | None]:
    """The target and tolerance as a reader should see them, or None where absent.

    Both are shown to the precision they are compared at ("3.15", not "3.2"); the basis
    follows each ("1,150 (pro rata)" and "1,300 (pro rata)": a tolerance is the year's unless
    it says otherwise, as a target is); a closer-is-better tolerance is a band around
    the target ("95.0% ± 5.0 points"), never a bare number (SPEC 2.6).
    """
    if target is None:
        return None, None

    def shown(value: Decimal) -> str:
        return with_unit(value, written_places(value, decimals), data_type, unit)

    label = f" ({basis})" if basis else ""
    if tolerance is None:
        return shown(target) + label, None
    if not closer:
        return shown(target) + label, shown(tolerance) + label
    if data_type == "percentage":
        distance = number(tolerance, written_places(tolerance, decimals))
        band = _("%(target)s ± %(distance)s points") % {"target": shown(target), "distance": distance}
    else:
        band = f"{number(target, written_places(target, decimals))} ± {shown(tolerance)}"
    return shown(target) + label, band + label
