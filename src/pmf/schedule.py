"""The business-planning calendar: the timetable as data, its dated occurrences, and iCalendar output."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources

from pmf.periods import Period, _month_end, annual, financial_year_of, half, shift_year
from pmf.settings import CalendarEvent, Settings

STRAND_LABELS = {
    "financial": "Financial planning",
    "service": "Service planning",
    "political": "Political reporting",
    "committee": "Committee",
}


@dataclass(frozen=True, order=True)
class Occurrence:
    """One event on one date (or across one month): ``end`` is the date it is due by."""

    start: dt.date
    end: dt.date
    id: str
    title: str
    strand: str
    who: str
    kind: str

    @property
    def strand_label(self) -> str:
        return STRAND_LABELS.get(self.strand, self.strand)


def default_events() -> list[CalendarEvent]:
    """The timetable pmf ships (``pmf/data/calendar.yaml``)."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[CalendarEvent, ...]:
    from pmf.yamlio import load_fast

    text = resources.files("pmf").joinpath("data/calendar.yaml").read_text(encoding="utf-8")
    return tuple(CalendarEvent.model_validate(item) for item in load_fast(text))


def timetable(settings: Settings | None) -> list[CalendarEvent]:
    """The defaults, changed, removed or added to by ``pmf.yaml``'s ``calendar.events`` (none: the defaults)."""
    events = {e.id: e for e in default_events()}
    for own in settings.calendar.events if settings is not None else []:
        base = events.get(own.id)
        if own.remove:
            events.pop(own.id, None)
            continue
        given = {k: getattr(own, k) for k in own.model_fields_set}
        if base is not None:
            if "date" in given:  # a dated event replaces the yearly pattern
                base = base.model_copy(update={"month": None, "months": None})
            events[own.id] = base.model_copy(update=given)
        else:
            events[own.id] = own
    return list(events.values())


def occurrences(events: list[CalendarEvent], start: dt.date, end: dt.date) -> list[Occurrence]:
    """Every occurrence that overlaps ``start``..``end``, in date order."""
    found: list[Occurrence] = []
    for event in events:
        title = event.title or event.id
        strand, who = event.strand or "committee", event.who or ""
        kind = event.kind or ("deadline" if event.day else "event")
        if event.date is not None:
            if start <= event.date <= end:
                found.append(Occurrence(event.date, event.date, event.id, title, strand, who, kind))
            continue
        months = event.months or ([event.month] if event.month else [])
        year, month = start.year, start.month
        while dt.date(year, month, 1) <= end:
            if month in months:
                last = _month_end(year, month)
                due = last.replace(day=min(event.day, last.day)) if event.day else last
                first = due if event.day else dt.date(year, month, 1)
                if due >= start:
                    found.append(Occurrence(first, due, event.id, title, strand, who, kind))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(found)


def deadline(settings: Settings, event_id: str, year: str) -> dt.date:
    """The day a deadline of the timetable falls on in financial year ``year``, as ``pmf.yaml`` sets it.

    ``mid-year-updates`` (31 October), ``year-end-updates`` (30 April, for the year before) unless
    the council moved them: a new day or month, or a one-off ``date`` in that year. A deadline
    dropped from the calendar keeps the framework's day for the checks. A day the month lacks
    (29 February in a common year) is the month's last. The sign-off of a plan: :func:`sign_off_due`.
    """
    shipped, own = _deadline_event(settings, event_id)
    first = annual(year)
    found = occurrences([own], first.start, first.end) or occurrences([shipped], first.start, first.end)
    return found[0].end


def update_due(settings: Settings, period: Period) -> tuple[str, dt.date]:
    """The update that first reports ``period`` and its deadline: ``mid-year`` (31 October) for a period
    ending in the first half of its year, else ``year-end`` (30 April after the year), or pmf.yaml's days."""
    year = period.financial_year
    if period.end <= half(year, 1).end:
        return "mid-year", deadline(settings, "mid-year-updates", year)
    return "year-end", deadline(settings, "year-end-updates", shift_year(year, 1))


def update_open(due: dt.date) -> dt.date:
    """The day an update's checks begin: the first of the month it is due in."""
    return due.replace(day=1)


def sign_off_due(settings: Settings | None, plan_year: str) -> dt.date:
    """The day the plan for ``plan_year`` is due signed off: ``plans-signed-off`` nearest the year's start.

    The calendar's own occurrence (as ``pmf calendar`` shows it) from 1 July before the year to
    30 June in it, so 31 March, 20 March and 30 April all belong to the year starting 1 April.
    """
    start = annual(plan_year).start
    window = dt.date(start.year - 1, 7, 1), dt.date(start.year, 6, 30)
    shipped, own = _deadline_event(settings, "plans-signed-off")
    found = occurrences([own], *window) or occurrences([shipped], *window)
    return min(found, key=lambda o: (abs((o.end - start).days), o.end)).end


def sign_off_warned_from(due: dt.date) -> dt.date:
    """The day ``pmf check`` starts to warn of a plan's sign-off: the first of the month two months before it.

    1 January for a sign-off by 31 March (as the framework has it), 1 February for one by 30 April.
    """
    return add_months(due.replace(day=1), -2)


def planning_year(settings: Settings | None, today: dt.date) -> str:
    """The year plans are being written for on ``today``: the coming year from the day ``pmf check`` starts to
    warn of its sign-off (:func:`sign_off_warned_from`; 1 January for 31 March, 1 February for 30 April),
    else the year under way. ``settings`` None (pmf.yaml unreadable): the framework's 31 March.
    """
    coming = shift_year(financial_year_of(today), 1)
    return coming if today >= sign_off_warned_from(sign_off_due(settings, coming)) else financial_year_of(today)


def report_committee(settings: Settings | None, name: str, year: str) -> Occurrence:
    """The committees that first take ``year``'s ``name`` (mid-year or year-end) Performance Self-Assessment:
    the first ``<name>-report-committees`` after the window ends, in December and June by the framework (2.3),
    or on pmf.yaml's days (a dated meeting, another month); the framework's month when pmf.yaml drops it."""
    ended = half(year, 1).end if name == "mid-year" else annual(year).end
    after = ended + dt.timedelta(days=1), add_months(ended, 12)
    shipped, own = _deadline_event(settings, f"{name}-report-committees")
    return (occurrences([own], *after) or occurrences([shipped], *after))[0]


def _deadline_event(settings: Settings | None, event_id: str) -> tuple[CalendarEvent, CalendarEvent]:
    """The framework's event and the council's (the framework's again when pmf.yaml drops it)."""
    shipped = next(e for e in default_events() if e.id == event_id)
    own = next((e for e in timetable(settings) if e.id == event_id and not e.remove), shipped)
    return shipped, own


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return min(day.replace(year=year, month=month, day=1) + dt.timedelta(days=day.day - 1), _month_end(year, month))


def window_of(as_of: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """From the first of this month to the end of the month ``months`` after it."""
    first = as_of.replace(day=1)
    last = add_months(first, months)
    return first, _month_end(last.year, last.month)


def to_ics(found: list[Occurrence], organisation: str, stamp: dt.date) -> str:
    """An iCalendar (RFC 5545) file of all-day events that Outlook and other clients import."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//pmf//business planning calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(organisation + ': business planning')}",
    ]
    for o in found:
        summary = f"Deadline: {o.title}" if o.kind == "deadline" else o.title
        lines += [
            "BEGIN:VEVENT",
            f"UID:{o.id}-{o.end:%Y%m%d}@pmf",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{o.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{o.end + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_text(summary)}",
            f"DESCRIPTION:{_text(o.strand_label + '. Who: ' + (o.who or 'not set') + '.')}",
            f"CATEGORIES:{_text(o.strand_label)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)
