"""The figures as a day (``--as-of``) could have had them: a figure for a period not begun by then is left out.

``pmf validate --as-of`` refuses such a figure (a period still to come: most often a year typed wrong), and
``pmf record`` and ``pmf import`` would not have taken it on that day. ``pmf status``, ``pmf export`` and the
reports run with an ``--as-of`` in the past show the plans as of that day, so they leave it out, where they
showed and judged it beside a line saying these were the figures recorded by then (docs/files.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmf.periods import Period, begun, parse_period

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def as_of(portfolio: Portfolio, day: dt.date) -> tuple[Portfolio, list[Period]]:
    """``portfolio`` without the figures for periods that had not begun by ``day``, and those periods."""
    later: list[Period] = []
    measures = dict(portfolio.measures)
    for ident, measure in portfolio.measures.items():
        kept = []
        for outturn in measure.outturns:
            try:
                period = parse_period(outturn.period, measure.frequency.value)
            except ValueError:  # pmf validate names a period written wrong
                kept.append(outturn)
                continue
            if begun(period, day):
                kept.append(outturn)
            else:
                later.append(period)
        if len(kept) < len(measure.outturns):
            measures[ident] = measure.model_copy(update={"outturns": kept})
    if not later:
        return portfolio, later
    return dataclasses.replace(portfolio, measures=measures), later


def left_out(window: Period, later: Sequence[Period]) -> str:
    """The words saying how many of ``window``'s figures were left out as not begun (none: no words).

    A figure is the window's as the window counts it (``Period.contains``: a week by its Sunday).
    """
    inside = [p for p in later if window.contains(p)]
    if not inside:
        return ""
    labels = ", ".join(dict.fromkeys(p.label for p in sorted(inside, key=lambda p: p.start)))
    if len(inside) == 1:
        return f"1 figure, for {labels}, a period not begun by then, is left out"
    return f"{len(inside)} figures, for {labels}, periods not begun by then, are left out"
