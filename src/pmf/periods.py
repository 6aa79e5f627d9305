"""Financial years, reporting periods and the mid-year and year-end windows (SPEC section 3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache

from pmf.errors import choices_named
from pmf.i18n import english_date

_FY = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_QUARTER = re.compile(r"^([0-9]{4}-[0-9]{2}) Q([1-4])$")
_HALF = re.compile(r"^([0-9]{4}-[0-9]{2}) H([12])$")
_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")


FIRST_YEAR, LAST_YEAR = 1900, 2998  # the calendar pmf reasons about: dates stay within Python's range

# The same forms as regular expressions, for JSON Schemas (editors check them as a lead types).
# A financial year's second part follows on from its first: one alternative per ending.
_YEAR = "(?!2999)(?:19|2[0-9])"
_FY_FORM = f"{_YEAR}(?:{'|'.join(f'{n:02d}-{(n + 1) % 100:02d}' for n in range(100))})"
FINANCIAL_YEAR_PATTERN = f"^{_FY_FORM}$"
PERIOD_PATTERN = f"^(?:{_FY_FORM}(?: Q[1-4]| H[12])?|{_YEAR}[0-9]{{2}}-(?:0[1-9]|1[0-2])|{_YEAR}[0-9]{{2}}-W(?:0[1-9]|[1-4][0-9]|5[0-3]))$"


class WindowName(StrEnum):
    mid_year = "mid-year"
    year_end = "year-end"


def check_financial_year(text: str) -> str:
    """Return ``text`` if it is a financial year written ``YYYY-YY`` with consecutive years."""
    match = _FY.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a financial year: write it as YYYY-YY, e.g. 2025-26")
    first = int(match.group(1))
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise ValueError(
            f"'{text}' is out of range: financial years run from {fy_label(FIRST_YEAR)} to {fy_label(LAST_YEAR)}"
        )
    if (first + 1) % 100 != int(match.group(2)):
        expected = f"{first}-{(first + 1) % 100:02d}"
        raise ValueError(f"'{text}' is not a financial year: the years must follow on ({expected})")
    return text


def fy_start_year(year: str) -> int:
    """Return the calendar year in which financial year ``year`` begins (1 April)."""
    return int(check_financial_year(year)[:4])


def fy_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_year_of(day: date) -> str:
    """Return the financial year (April to March) that ``day`` falls in."""
    return fy_label(day.year if day.month >= 4 else day.year - 1)


def shift_year(year: str, by: int) -> str:
    return fy_label(fy_start_year(year) + by)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _fy_month(start_year: int, index: int) -> tuple[int, int]:
    """Return (calendar year, month) of the ``index``-th month (0 = April) of a financial year."""
    month = 4 + index
    return (start_year, month) if month <= 12 else (start_year + 1, month - 12)


@dataclass(frozen=True, order=True)
class Period:
    """A span of days: a reporting period of a measure (an ISO week, or whole months), or a reporting window."""

    start: date
    end: date
    frequency: str
    label: str

    @property
    def financial_year(self) -> str:
        """The year the period counts in: a week counts where its Sunday falls (SPEC 2.6)."""
        return financial_year_of(self.end)

    def contains(self, other: Period) -> bool:
        """Whether ``other`` ends inside this period (SPEC 2.5: 'ends inside the window')."""
        return self.start <= other.end <= self.end

    def describe(self) -> str:
        """Plain words for a reader, in the current language: 'April to September 2025'."""
        from pmf.i18n import _, after_to, month_name

        if self.frequency == "weekly":
            return _("the week ending %(day)s") % {
                "day": f"{self.end.day} {month_name(self.end.month)} {self.end.year}"
            }
        first, last = month_name(self.start.month), month_name(self.end.month)
        if self.start.year == self.end.year and first == last:
            return f"{first} {self.end.year}"
        if self.start.year == self.end.year:
            return _("%(first)s to %(last)s %(year)s") % {"first": first, "last": after_to(last), "year": self.end.year}
        return _("%(first)s %(first_year)s to %(last)s %(year)s") % {
            "first": first,
            "first_year": self.start.year,
            "last": after_to(last),
            "year": self.end.year,
        }


def _span(start_year: int, first: int, months: int, frequency: str, label: str) -> Period:
    y0, m0 = _fy_month(start_year, first)
    y1, m1 = _fy_month(start_year, first + months - 1)
    return Period(date(y0, m0, 1), _month_end(y1, m1), frequency, label)


def month(year: int, month_number: int) -> Period:
    return Period(
        date(year, month_number, 1),
        _month_end(year, month_number),
        "monthly",
        f"{year}-{month_number:02d}",
    )


def quarter(year: str, number: int) -> Period:
    return _span(fy_start_year(year), 3 * (number - 1), 3, "quarterly", f"{year} Q{number}")


def half(year: str, number: int) -> Period:
    return _span(fy_start_year(year), 6 * (number - 1), 6, "biannual", f"{year} H{number}")


def annual(year: str) -> Period:
    return _span(fy_start_year(year), 0, 12, "annual", year)


def biennial(year: str) -> Period:
    """A biennial measure's period: the financial year, as an annual one is written."""
    return _span(fy_start_year(year), 0, 12, "biennial", year)


def week(year: int, number: int) -> Period:
    """ISO week ``number`` of ISO year ``year``: Monday to Sunday, written ``2026-W14``."""
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        last = date(year, 12, 28).isocalendar().week  # 28 December is always in the year's last week
        raise ValueError(
            f"'{year}-W{number:02d}' is not a week: {year} has no ISO week {number} (its weeks are W01 to W{last})"
        ) from None
    return Period(monday, monday + timedelta(days=6), "weekly", f"{year}-W{number:02d}")


def _week_of(day: date) -> Period:
    iso = day.isocalendar()
    return week(iso.year, iso.week)


def period_dated(day: date, frequency: str) -> Period:
    """The period of ``frequency`` a sheet's date cell names: a week or month by any of its days;
    a quarter, half year or year by its first or last day ("quarter ending 31/03/2027"), since
    any other day (a date returned, a date run) would name the wrong period as readily."""
    if frequency == "weekly":
        return _week_of(day)
    found = next(
        p
        for p in periods_of("annual" if frequency == "biennial" else frequency, financial_year_of(day))
        if p.start <= day <= p.end
    )
    if frequency == "monthly" or day in (found.start, found.end):
        return found
    raise ValueError(
        f"{english_date(day)} is not the first or last day of a {NOUNS.get(frequency, frequency)}: write the period "
        f"({found.label}), or the date it begins or ends ({english_date(found.start)} or {english_date(found.end)})"
    )


NOUNS = {"quarterly": "quarter", "biannual": "half year", "annual": "financial year", "biennial": "financial year"}


@lru_cache(maxsize=8192)  # the same labels are read over and over; Period is immutable
def parse_period(text: str, frequency: str | None = None) -> Period:
    """Read a period as SPEC section 3 writes it: ``2025-09``, ``2025-26 Q2``, ``2025-26 H1``, ``2025-26``.

    ``2025-26`` is a financial year, never a month: months run 01 to 12 and a
    financial year's second part is always the first part plus one. The two forms
    collide only for 2000 to 2011 (``2011-12``); a monthly measure's ``frequency``
    settles it as a month.
    """
    text = str(text).strip()
    if m := _WEEK.match(text):
        if not FIRST_YEAR < int(m.group(1)) <= LAST_YEAR:
            raise ValueError(f"'{text}' is out of range: years run from {FIRST_YEAR + 1} to {LAST_YEAR}")
        return week(int(m.group(1)), int(m.group(2)))
    if m := _QUARTER.match(text):
        return quarter(check_financial_year(m.group(1)), int(m.group(2)))
    if m := _HALF.match(text):
        return half(check_financial_year(m.group(1)), int(m.group(2)))
    if m := _FY.match(text):
        first, second = int(m.group(1)), int(m.group(2))
        if not FIRST_YEAR <= first <= LAST_YEAR:
            raise ValueError(f"'{text}' is out of range: years run from {FIRST_YEAR} to {LAST_YEAR}")
        if frequency == "monthly" and 1 <= second <= 12:
            return month(first, second)
        if (first + 1) % 100 == second:
            return biennial(text) if frequency == "biennial" else annual(text)
        if _MONTH.match(text) and 1 <= second <= 12:
            return month(first, second)
        raise ValueError(
            f"'{text}' is neither a month (YYYY-MM, months 01 to 12) "
            "nor a financial year (YYYY-YY with consecutive years)"
        )
    raise ValueError(f"'{text}' is not a period: write {written_as(frequency)}")


# Each frequency's period in words as an adjective and as a noun (with their articles), and a
# period of it as written in a file.
_WRITTEN = {
    "weekly": ("a weekly", "a week", "2026-W14"),
    "monthly": ("a monthly", "a month", "2025-09"),
    "quarterly": ("a quarterly", "a quarter", "2025-26 Q2"),
    "biannual": ("a half-yearly", "a half year", "2025-26 H1"),
    "annual": ("an annual", "a year", "2025-26"),
    "biennial": ("a biennial", "a year", "2025-26"),
}


def written_as(frequency: str | None = None) -> str:
    """How a period of ``frequency`` is written (``a quarter as 2025-26 Q2``); with none (or one pmf does not
    know), how a period of each frequency is, in a sentence."""
    if frequency in _WRITTEN:
        return f"{_WRITTEN[frequency][1]} as {_WRITTEN[frequency][2]}"
    return choices_named(list(dict.fromkeys(f"{noun} as {example}" for _, noun, example in _WRITTEN.values())))


def of_frequency(text: str, frequency: str, measure: str, read: Callable[[str, str], Period] | None = None) -> Period:
    """The period written ``text``, read (by ``read``, or as pmf writes periods) for a measure
    ``measure`` of ``frequency``; a ValueError when it is not one of that frequency's periods,
    naming the measure and how its periods are written."""
    period = (read or parse_period)(text, frequency)
    if period.frequency != frequency:
        raise ValueError(
            f"'{text}' is {_WRITTEN[period.frequency][0]} period but {measure} is {frequency}: "
            f"write periods like {_WRITTEN[frequency][2]}"
        )
    return period


def begun(period: Period, day: date) -> bool:
    """Whether ``period`` had begun by ``day``: a figure for it can have been recorded then."""
    return period.start <= day


def under_way(
    period: Period,
    as_of: date,
    named: str | None = None,
    then: str = "a figure is recorded once its period is under way",
) -> None:
    """A ValueError for a period that has not begun by ``as_of`` (most often a year typed wrong).

    One rule for ``pmf record``, ``pmf import`` and ``pmf validate`` (a figure is given once its
    period is under way) and for the commands that pick a window, which name it (``named``) and say
    what to type instead (``then``).
    """
    if not begun(period, as_of):
        start = period.start
        raise ValueError(
            f"{named or period.label} has not begun: it starts on {english_date(start)}. Check the year: {then}"
        )


def periods_of(frequency: str, year: str) -> list[Period]:
    """Every period of ``frequency`` in financial year ``year``, in order."""
    return list(_periods_of(frequency, year))


@cache  # asked for again and again, for every measure in every window
def _periods_of(frequency: str, year: str) -> tuple[Period, ...]:
    return tuple(_make_periods(frequency, year))


def _make_periods(frequency: str, year: str) -> list[Period]:
    start_year = fy_start_year(year)
    if frequency == "weekly":
        return _weeks(start_year)
    if frequency == "biennial":
        return [biennial(year)]
    if frequency == "monthly":
        return [month(*_fy_month(start_year, i)) for i in range(12)]
    if frequency == "quarterly":
        return [quarter(year, n) for n in range(1, 5)]
    if frequency == "biannual":
        return [half(year, n) for n in (1, 2)]
    if frequency == "annual":
        return [annual(year)]
    raise ValueError(f"unknown frequency '{frequency}'")


def _weeks(start_year: int) -> list[Period]:
    """The ISO weeks whose Sunday falls in the financial year beginning in ``start_year``: from the
    week holding 1 April (its Sunday is on or after it) to the last whose Sunday is by 31 March."""
    weeks, day, last_day = [], date(start_year, 4, 1), date(start_year + 1, 3, 31)
    while (this := _week_of(day)).end <= last_day:
        weeks.append(this)
        day += timedelta(weeks=1)
    return weeks


def window(year: str, name: str | WindowName) -> Period:
    """The reporting window: ``mid-year`` is H1 (April to September), ``year-end`` the whole year.

    A window is an ordinary period, labelled as SPEC section 3 writes it (``2025-26 H1``,
    ``2025-26``), so the period before it is the previous half or year.
    """
    name = WindowName(name)
    return half(year, 1) if name is WindowName.mid_year else annual(year)


def window_name(period: Period) -> WindowName:
    """Which reporting window ``period`` is (``window``'s other way round): H1 the mid-year, a year the year-end."""
    return WindowName.mid_year if period.frequency == "biannual" else WindowName.year_end


def previous_period(period: Period) -> Period:
    """The period of the same frequency just before ``period``: the one before it in its financial
    year, or the last of the year before."""
    year = period.financial_year
    siblings = periods_of(period.frequency, year)
    index = siblings.index(period)
    if index > 0:
        return siblings[index - 1]
    return periods_of(period.frequency, shift_year(year, -1))[-1]


def same_window_last_year(period: Period) -> Period:
    """The same period one year earlier (for cumulative year-on-year trends).

    A week is the same ISO week number a year earlier; week 53 becomes week 52, as a year of 53
    ISO weeks never follows another.
    """
    if period.frequency == "weekly":
        iso = period.end.isocalendar()
        return week(iso.year - 1, min(iso.week, 52))
    if period.frequency == "monthly":
        return month(period.start.year - 1, period.start.month)
    earlier = shift_year(period.financial_year, -1)
    if period.frequency == "biennial":
        return biennial(earlier)
    return parse_period(earlier + period.label[7:])


def latest_due_window(as_of: date) -> tuple[str, WindowName]:
    """The window most recently due: a window is due once it has ended.

    On or after 1 October the mid-year window of the current financial year has ended;
    between 1 April and 30 September the latest ended window is last year's year-end.
    """
    year = financial_year_of(as_of)
    if as_of >= window(year, WindowName.mid_year).end + timedelta(days=1):
        return year, WindowName.mid_year
    return shift_year(year, -1), WindowName.year_end
