"""A measure's full chart for its site page: labelled axes, each year's target and tolerance, values on the points.

Laid out here as plain numbers and words for the ``site-measure`` template to draw as an
inline SVG. Colours are SVG attributes as well as CSS, so a PDF printer that does not style
SVG from the page's stylesheet draws them too. A cumulative measure is drawn as its running
total through each financial year (:func:`pmf.trends.running_totals`), as its targets are annual totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from pmf.fields import Aggregation, Polarity
from pmf.i18n import _, after_from, after_to, ngettext, period_words, text
from pmf.models import Measure
from pmf.numbers import number, threshold_texts, with_unit
from pmf.periods import Period
from pmf.status import rounded
from pmf.trends import gaps, running_totals
from pmf.units import unit_words

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 34, 64
LABEL_GAP = 30  # the least room, in pixels, between two values written on the line


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: str  # the figure as written on the point
    period: str
    labelled: bool  # whether there is room to write the value on the point


@dataclass(frozen=True)
class Level:
    """A year's target or tolerance: a horizontal segment over that year's periods."""

    x1: float
    x2: float
    y: float
    kind: str  # "target" or "tolerance"
    words: str


@dataclass(frozen=True)
class FullChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[Point]
    lines: list[str]  # SVG polyline points: one line, or a running total's line for each year
    levels: list[Level]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    y_title: str
    x_title: str
    series_name: str
    alt: str
    running: bool
    years: list[tuple[float, float, str]] = field(default_factory=list)  # each financial year's x span and name


def axis_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """About five round steps from at or below ``low`` to at or above ``high``."""
    span = (high - low) or abs(high) or Decimal(1)
    raw = span / 5
    magnitude = Decimal(10) ** raw.adjusted()
    step = next(
        m * magnitude for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m * magnitude >= raw
    )
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [start]
    while ticks[-1] < high or len(ticks) < 2:  # a flat line still gets an axis
        ticks.append(ticks[-1] + step)
    return ticks


def full_chart(measure: Measure, missing: list[Period] | None = None) -> FullChart | None:
    """Every figure the measure has, with each year's target and tolerance; None with fewer than two. ``missing``:
    the periods with no figure before a later one of their year, where its page has worked them out (trends.gaps).
    """
    data = running_totals(measure)
    if len(data) < 2:
        return None
    unit = (measure.decimals, measure.data_type.value if measure.data_type else None, measure.unit)
    years = sorted({p.financial_year for p, _ in data})
    limits = {y: measure.thresholds[y] for y in years if y in measure.thresholds}
    values = [v for _, v in data]
    closer = measure.polarity is Polarity.closer_is_better
    levels_at = [level for t in limits.values() for level in _heights(t.target, t.tolerance, closer)]
    ticks = axis_ticks(min(values + levels_at), max(values + levels_at))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(data)

    def x(index: float) -> float:
        return round(LEFT + step * (index + 0.5), 1)

    def y(value: Decimal) -> float:
        return round(float(TOP + plot_h - (value - low) / ((high - low) or 1) * plot_h), 1)

    points: list[Point] = []
    labelled_at = WIDTH * 2.0
    for i in reversed(range(len(data))):  # from the latest back, so the latest figure is always written
        period, value = data[i]
        room = labelled_at - x(i) >= LABEL_GAP
        if room:
            labelled_at = x(i)
        shown = number(rounded(value, measure.decimals), measure.decimals)
        points.insert(0, Point(x(i), y(value), shown, period_words(period.label, period.frequency), room))
    levels, spans = [], []
    for year in years:
        indices = [i for i, (p, _) in enumerate(data) if p.financial_year == year]
        x1, x2 = round(x(indices[0]) - step / 2, 1), round(x(indices[-1]) + step / 2, 1)
        spans.append((x1, x2, year))
        if year in limits:
            t = limits[year]
            target_words, tolerance_words = threshold_texts(t.target, t.tolerance, closer, *unit)
            words = {"year": year, "value": target_words}
            levels.append(Level(x1, x2, y(t.target), "target", _("Target %(year)s: %(value)s") % words))
            words = {"year": year, "value": tolerance_words}
            for height in _heights(t.target, t.tolerance, closer)[1:]:  # a band around the target: a line each side
                levels.append(Level(x1, x2, y(height), "tolerance", _("Tolerance %(year)s: %(value)s") % words))
    every = max(1, math.ceil(84 / step))  # a period's name is up to about 80 pixels wide
    x_ticks = [(p.x, p.period) for i, p in enumerate(points) if i % every == 0]
    places = max(0, -min(t.normalize().as_tuple().exponent for t in ticks))  # type: ignore[operator]
    y_ticks = [(y(t), number(t, min(places, max(measure.decimals, 0) + 1))) for t in ticks]
    running = measure.aggregation is Aggregation.cumulative
    y_title = unit_words(measure.unit, unit[1]) or ("%" if unit[1] == "percentage" else "")
    name = _("Running total for the year") if running else _("Figure")
    missing = gaps(measure) if missing is None else missing
    alt = " ".join(filter(None, (_alt(measure, data, levels, running), gaps_said(measure, missing))))
    return FullChart(
        WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, points, _lines(points, data, running, missing), levels,
        y_ticks, x_ticks, y_title or _("Value"), _("Period"), name, alt, running, spans,
    )  # fmt: skip


def _heights(target: Decimal, tolerance: Decimal | None, closer: bool) -> list[Decimal]:
    """Where a year's lines are drawn: the target, then the tolerance (a closer-is-better one a distance each side)."""
    if tolerance is None:
        return [target]
    return [target, target - tolerance, target + tolerance] if closer else [target, tolerance]


def _lines(points: list[Point], data: list[tuple[Period, Decimal]], running: bool, missing: list[Period]) -> list[str]:
    """The points joined up: a running total starts again each April, so each year is its own line; a line
    stops at a period with no figure and starts again after it, never joining the figures either side. A figure
    alone between two such breaks has no line: its point is drawn, as every point is."""
    groups: list[list[Point]] = []
    before: Period | None = None
    for point, (period, _value) in zip(points, data, strict=True):
        new_year = running and before is not None and before.financial_year != period.financial_year
        passed_over = before is not None and any(before < gap < period for gap in missing)
        if before is None or new_year or passed_over:
            groups.append([])
        groups[-1].append(point)
        before = period
    return [" ".join(f"{p.x},{p.y}" for p in group) for group in groups if len(group) > 1]


def gaps_said(measure: Measure, missing: list[Period]) -> str:
    """The sentence that names the periods with no figure before a later one of their year (trends.gaps), on a
    measure's page and in its chart's description; none where there are none."""
    if not missing:
        return ""
    periods = ", ".join(period_words(p.label, p.frequency) for p in missing)
    if measure.aggregation is Aggregation.cumulative:
        said = ngettext(
            "No figure for %(periods)s: the running totals for the year after it are partial.",
            "No figures for %(periods)s: the running totals for the year after the first of them are partial.",
            len(missing),
        )
    else:
        said = ngettext("No figure for %(periods)s.", "No figures for %(periods)s.", len(missing))
    return said % {"periods": periods}


def _alt(measure: Measure, data: list[tuple[Period, Decimal]], levels: list[Level], running: bool) -> str:
    unit = (measure.decimals, measure.data_type.value if measure.data_type else None, measure.unit)
    first, last = data[0], data[-1]
    words = {
        "title": text(measure.title),
        "count": len(data),
        "first_period": after_from(period_words(first[0].label, first[0].frequency)),
        "last_period": after_to(period_words(last[0].label, last[0].frequency)),
        "first": with_unit(rounded(first[1], measure.decimals), *unit),
        "last": with_unit(rounded(last[1], measure.decimals), *unit),
    }
    described = (
        _(
            "Line chart of the running total for each year of %(title)s, %(count)s periods from %(first_period)s "
            "to %(last_period)s: from %(first)s to %(last)s."
        )
        if running
        else _(
            "Line chart of %(title)s, %(count)s periods from %(first_period)s to %(last_period)s: "
            "from %(first)s to %(last)s."
        )
    ) % words
    targets = "; ".join(dict.fromkeys(level.words for level in levels))  # a band's two lines have one name
    return f"{described} {targets}." if targets else described
