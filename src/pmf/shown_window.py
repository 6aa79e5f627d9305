"""The window a command reports on or shows, and what to type instead when there is nothing there.

A report covers a window that has ended by ``--as-of`` in a year with plans; ``pmf status`` and
``pmf export`` show one under way too, and one not yet begun in a year with plans asked for by name (or, for a
council setting up whose first window with plans has not begun, that window). Every refusal ends with the options (or the command) to type,
and what it suggests is there: a window that has ended (for status and export, or is under way) in a
year with plans, so a user is never sent from one refusal to another (docs/report.md).
"""

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmf import periods
from pmf.begun import left_out
from pmf.errors import UsageError
from pmf.i18n import english_date
from pmf.options import WindowChoice, pick_window
from pmf.periods import Period, WindowName
from pmf.suggested import command as suggested

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def reported_window(
    portfolio: "Portfolio",
    year: str | None,
    window: WindowChoice | None,
    as_of: dt.date,
    *,
    command: str,
    takes_window: bool = True,
    running: bool = False,
) -> Period:
    """The window a command reports on (``pick_window``), refused (exit 2) when there is nothing there: a window
    not begun by ``as_of``, a year no service has a plan for, or (unless ``running``: status and export show a
    window under way) a window not ended. With no ``--year``, a report is of the latest window of its kind that
    has ended, and a ``running`` command whose due year has no plan (a council in its first April to September)
    shows the current year's window in progress.

    ``command``: the command as typed before its options (``pmf report service-review waste``), for the command
    a refusal gives; ``takes_window``: whether it takes ``--window`` (``pmf report mid-year`` does not)."""
    period = pick_window(year, window, as_of)
    if year is None and not running:  # the latest window of the kind asked for that has ended
        period = periods.window(periods.financial_year_of(as_of), periods.window_name(period))
        if period.end >= as_of:
            period = periods.window(periods.shift_year(period.financial_year, -1), periods.window_name(period))
    if year is None and running and not portfolio.plans_for(period.financial_year):
        period = _in_progress(window, as_of)
    asked = _Asked(portfolio, WindowName(window.value) if window else None, as_of, command, takes_window, running)
    if (coming := asked.coming()) is not None and year is None:
        period = coming  # a council setting up for the coming year: its plans, before it begins
    early = (coming is not None or (running and year is not None)) and portfolio.plans_for(period.financial_year)
    if not early:  # (status and export show a year asked for by name, or a council's first, before it begins)
        try:
            periods.under_way(period, as_of, named(period), then=asked.instead())
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    fy = period.financial_year
    if not portfolio.plans_for(fy):
        if year is None and not running and asked.latest_ended() is None:
            raise UsageError(f"nothing to report yet: {asked.instead()}")
        years = sorted({y for _, y in portfolio.plans})
        having = (
            f"there are plans for {', '.join(years)}. {_sentence(asked.instead())}"
            if years
            else f"there are none yet: {_start()}"
        )
        raise UsageError(f"no service has a plan for {fy} (plans/<service>/plan-{fy}.yaml): {having}")
    if period.end >= as_of and not running:
        ended = f"{named(period)} has not ended by {english_date(as_of)}: it {asked.run_from(period)}"
        raise UsageError(f"{ended}. {_sentence(asked.instead())}" if asked.latest_ended() else ended)
    return period


def still_running(period: Period, as_of: dt.date, later: Sequence[Period] = ()) -> str | None:
    """A line saying a window has not ended on ``as_of`` (or not begun: a council setting up), for a command that
    shows one under way, with the figures it shows: those for periods begun by ``as_of`` (``begun.as_of``), and
    how many of the window's figures it left out, for periods ``later``."""
    if period.end < as_of:
        return None
    figures = f"figures for the periods begun by {english_date(as_of)}"
    if not periods.begun(period, as_of):
        said = f"{named(period)} has not begun: it starts on {english_date(period.start)}; these are the measures its plans name, with the latest {figures}"
    else:
        said = f"{named(period)} has not ended: it runs to {english_date(period.end)}; these are the {figures}"
    gone = left_out(period, later)
    return f"{said}: {gone}" if gone else said


def named(window: Period) -> str:
    """'the 2026-27 mid-year window (April to September 2026)'."""
    return f"the {window.financial_year} {periods.window_name(window).value} window ({window.describe()})"


def _start() -> str:
    return f"start one with {suggested('pmf new service <id>')}"  # <id>: the service's folder name


class _Asked:
    """What a command was asked for, and so what it tells a user to type instead."""

    def __init__(
        self,
        portfolio: "Portfolio",
        kind: WindowName | None,
        as_of: dt.date,
        command: str,
        takes_window: bool,
        running: bool,
    ) -> None:
        years = {y for _, y in portfolio.plans}
        kinds = [kind] if kind else list(WindowName)
        self.windows = sorted((periods.window(y, k) for y in years for k in kinds), key=lambda w: w.end)
        self.kind, self.as_of, self.command, self.takes_window, self.running = (
            kind,
            as_of,
            command,
            takes_window,
            running,
        )
        self.what = f"{kind.value} window" if kind else "window"

    def options(self, window: Period) -> str:
        """``--year 2026-27``, with ``--window mid-year`` for a command that takes it."""
        year = f"--year {window.financial_year}"
        return f"{year} --window {periods.window_name(window).value}" if self.takes_window else year

    def begun(self) -> list[Period]:
        """The windows with plans that have begun by ``as_of``, earliest first."""
        return [w for w in self.windows if w.start <= self.as_of]

    def coming(self) -> Period | None:
        """For status and export (``running``), the first window with plans where none has begun by ``as_of``: a
        council setting up for the coming year (January to March), whose plans are shown before it begins."""
        return self.windows[0] if self.running and self.windows and not self.begun() else None

    def latest_ended(self) -> Period | None:
        ended = [w for w in self.windows if w.end < self.as_of]
        return ended[-1] if ended else None

    def run_from(self, window: Period) -> str:
        """When a report of ``window``, not ended, can be made, and the command that makes it."""
        after = window.end + dt.timedelta(days=1)
        typed = suggested(f"{self.command} {self.options(window)}", from_day=after)
        return f"ends at the close of {english_date(window.end)}: run it from {english_date(after)} with {typed}"

    def instead(self) -> str:
        """What to type instead: the latest window with plans that has ended, else (status, export) one under
        way, else the first with plans and when it can be had."""
        if not self.windows:
            return f"no service has a plan yet: {_start()}"
        latest = self.latest_ended()
        if latest is not None:
            shown = latest.describe() if self.kind else named(latest)
            return f"the latest {self.what} with plans that has ended is {shown}: use {self.options(latest)}"
        as_of = english_date(self.as_of)
        if self.running:
            if begun := self.begun():
                return f"no {self.what} with plans has ended by {as_of}; {named(begun[0])} is under way: use " + (
                    self.options(begun[0])
                )
            first = self.windows[0]
            return (
                f"no {self.what} with plans has begun by {as_of}: the first, {named(first)}, starts on "
                f"{english_date(first.start)}: show its plans with {suggested(f'{self.command} {self.options(first)}')}"
            )
        first = self.windows[0]
        text = f"no {self.what} with plans has ended by {as_of}: the first, {named(first)}, {self.run_from(first)}"
        if not self.takes_window and self.kind is WindowName.year_end:  # a mid-year report may be there already
            ended = [w for w in map(_mid_year_of, self.windows) if w.end < self.as_of]
            if ended:
                typed = suggested(f"pmf report mid-year --year {ended[-1].financial_year}")
                text += f"; {named(ended[-1])} has ended: {typed}"
        return text


def _mid_year_of(window: Period) -> Period:
    return periods.window(window.financial_year, WindowName.mid_year)


def _in_progress(window: WindowChoice | None, as_of: dt.date) -> Period:
    """The current year's window ``window`` (by default the one that ends first), under way on ``as_of``."""
    year = periods.financial_year_of(as_of)
    if window is not None:
        return periods.window(year, window.value)
    mid_year = periods.window(year, WindowName.mid_year)
    return mid_year if as_of <= mid_year.end else periods.window(year, WindowName.year_end)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
