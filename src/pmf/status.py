"""Pure status rules: a value against a year's thresholds gives a colour (SPEC 2.1 and 2.2).

One function per scheme. Values are rounded half-up to the measure's decimals with
``Decimal`` before they are compared; thresholds are compared as written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from pmf.fields import Aggregation, OnTolerance, Polarity, StatusScheme, VarianceMode
from pmf.i18n import N_, _
from pmf.models import Limits, Measure
from pmf.settings import Settings


class Status(StrEnum):
    green = "green"
    yellow = "yellow"
    orange = "orange"
    red = "red"
    amber = "amber"

    @property
    def label(self) -> str:
        return _(STATUS_LABELS[self])

    @property
    def shape(self) -> str:
        """The shape shown beside the word, so a status is never told by colour alone."""
        return LOOKS[self.value].shape

    @property
    def look(self) -> Look:
        """How the status is shown: its colour's word, shape and colours in each output."""
        return LOOKS[self.value]

    @property
    def rank(self) -> int:
        """0 is best; amber sits with orange so the two schemes sort together."""
        return {"green": 0, "yellow": 1, "orange": 2, "amber": 2, "red": 3}[self.value]


@dataclass(frozen=True)
class Look:
    """How a colour is shown in every output; terminal, documents, charts and spreadsheets all read it here."""

    key: str  # as written in the plans, and the badge's class in HTML: s-green
    word: str  # the colour's name, translated where it is shown: 'green' / 'gwyrdd'
    shape: str  # beside the word, so a status is never told by colour alone
    background: str  # a document's badge, and the heat map's band of that colour
    ink: str  # the badge's text (WCAG AA against the background)
    border: str  # the badge's edge (3:1 against the white page)
    terminal: str  # the style in the terminal (rich)
    fill: str = ""  # a spreadsheet cell's fill (Excel's own light fills); none for blue and no status


_ORANGE = Look("orange", N_("orange"), "▲", "#ffe6d1", "#8a3b00", "#8a3b00", "bold dark_orange", "F8CBAD")
LOOKS = {  # the statuses of both schemes, an activity's blue (complete) and no status at all
    "green": Look("green", N_("green"), "●", "#e3f4e8", "#0b5d1e", "#0b5d1e", "bold green", "C6EFCE"),
    "yellow": Look("yellow", N_("yellow"), "◆", "#fff6cc", "#574600", "#574600", "bold yellow", "FFEB9C"),
    "orange": _ORANGE,
    "amber": replace(_ORANGE, key="amber", word=N_("amber")),  # amber sits with orange in every output
    "red": Look("red", N_("red"), "■", "#fde2e2", "#9b1111", "#9b1111", "bold red", "FFC7CE"),
    "blue": Look("blue", N_("blue"), "✓", "#e3ecfb", "#0b3d91", "#0b3d91", "bold blue"),
    "none": Look("none", N_("no status"), "○", "#f0f0f0", "#333333", "#595959", "dim"),
}
SHOWN_AS = {"complete": "blue", "not_started": "none", "overdue": "red"}  # states shown in another's colour


def look(status: str | None) -> Look:
    """How a status, an activity's status (``complete`` is blue) or none is shown."""
    return LOOKS.get(SHOWN_AS.get(status or "none", status or "none"), LOOKS["none"])


def shape_of(status: Status | str | None) -> str:
    """A status's shape, or the empty circle of no status."""
    return Status(status).shape if status else LOOKS["none"].shape


STATUS_LABELS = {
    Status.green: N_("Excellent"),
    Status.yellow: N_("Good"),
    Status.orange: N_("Satisfactory"),
    Status.red: N_("Unsatisfactory"),
    Status.amber: N_("Near target"),
}


class Basis(StrEnum):
    """Which thresholds a value was judged against (SPEC 2.6)."""

    year = "year"
    mid_year = "mid-year"
    pro_rata = "pro-rata"

    @property
    def label(self) -> str:
        """The words shown after a target: '' for the year's own, 'mid-year' or 'pro rata'."""
        return _(BASIS_LABELS[self.value]) if self.value in BASIS_LABELS else ""


BASIS_LABELS = {"mid-year": N_("mid-year"), "pro-rata": N_("pro rata")}


def rounded(value: Decimal, decimals: int) -> Decimal:
    """Round half-up to ``decimals`` places: 64.45 at one decimal is 64.5, never 64.4."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _oriented(value: Decimal, thresholds: Limits, polarity: Polarity) -> tuple[Decimal, Decimal, Decimal | None]:
    """Turn any polarity into higher-is-better: (value, target, tolerance) with bigger better.

    Lower-is-better negates everything. Closer-is-better judges the distance from the
    target against a tolerance written as a distance: the value becomes minus the
    distance, the target 0 and the tolerance minus the allowed distance.
    """
    target, tolerance = thresholds.target, thresholds.tolerance
    if polarity is Polarity.higher_is_better:
        return value, target, tolerance
    if polarity is Polarity.lower_is_better:
        return -value, -target, None if tolerance is None else -tolerance
    return -abs(value - target), Decimal(0), None if tolerance is None else -abs(tolerance)


def royg(
    value: Decimal,
    thresholds: Limits,
    polarity: Polarity,
    decimals: int,
    on_tolerance: OnTolerance = OnTolerance.worse,
) -> Status:
    """Four-colour status (SPEC 2.1), with the midway figure M = (T + L) / 2.

    green: meets the target; yellow: short of the target but at or past the midway;
    orange: short of the midway but not yet at the tolerance; red: at or past the
    tolerance (``on_tolerance: better`` puts a value exactly on it in orange).
    No tolerance: green when the target is met, otherwise red.
    """
    v, t, tol = _oriented(rounded(value, decimals), thresholds, polarity)
    if v >= t:
        return Status.green
    if tol is None:
        return Status.red
    midway = (t + tol) / 2
    if v >= midway:
        return Status.yellow
    if v > tol or (v == tol and on_tolerance is OnTolerance.better):
        return Status.orange
    return Status.red


def rag_variance(
    value: Decimal,
    thresholds: Limits,
    polarity: Polarity,
    decimals: int = 0,
    variance_percent: Decimal = Decimal(10),
    mode: VarianceMode = VarianceMode.relative,
) -> Status:
    """Red/amber/green by variance from target (SPEC 2.2).

    green: meets the target; amber: misses it by no more than ``variance_percent`` percent
    of the target (``relative``) or that many points (``points``); red: misses by more.
    """
    v, t, _ = _oriented(rounded(value, decimals), thresholds, polarity)
    if v >= t:
        return Status.green
    allowed = variance_percent if mode is VarianceMode.points else abs(thresholds.target) * variance_percent / 100
    return Status.amber if t - v <= allowed else Status.red


def pro_rata(limits: Limits, share: Fraction, decimals: int) -> Limits:
    """The year's thresholds scaled to the share of the year a window holds (SPEC 2.6).

    Each is multiplied by ``share`` and rounded half up to the measure's ``decimals``; the
    whole year (share 1) keeps the thresholds as written.
    """
    if share == 1:
        return Limits(target=limits.target, tolerance=limits.tolerance)

    def scaled(number: Decimal) -> Decimal:
        return rounded(number * share.numerator / share.denominator, decimals)

    return Limits(
        target=scaled(limits.target), tolerance=None if limits.tolerance is None else scaled(limits.tolerance)
    )


def judged_against(measure: Measure, year: str, mid_year: bool, share: Fraction) -> tuple[Limits | None, Basis | None]:
    """The thresholds a value of ``year`` is judged against, and their basis (SPEC 2.6).

    ``mid_year``: the value is the mid-year window's own (not an earlier year's figure).
    There the year's ``mid-year`` pair is used when written; otherwise a cumulative or
    year-to-date measure is judged pro rata, by ``share``, the part of the year's periods
    the window holds. Everything else is judged against the year's thresholds.
    """
    limits = measure.thresholds.get(year)
    if limits is None or not measure.has_status:
        return None, None
    if mid_year and limits.mid_year is not None:
        return limits.mid_year, Basis.mid_year
    totals = measure.aggregation in (Aggregation.cumulative, Aggregation.year_to_date)
    if mid_year and totals and 0 < share < 1:
        return pro_rata(limits, share, measure.decimals), Basis.pro_rata
    return Limits(target=limits.target, tolerance=limits.tolerance), Basis.year


def measure_status(measure: Measure, value: Decimal | None, year: str, settings: Settings) -> Status | None:
    """The status of ``value`` for ``measure`` judged against ``year``'s thresholds, or None.

    None for Count Only and trend-type measures, a year without thresholds, or no value.
    """
    return judge(measure, value, measure.thresholds.get(year), settings)


def judge(measure: Measure, value: Decimal | None, thresholds: Limits | None, settings: Settings) -> Status | None:
    """The status of ``value`` against ``thresholds`` under the organisation's scheme, or None.

    None for Count Only and trend-type measures, no thresholds, or no value.
    """
    if value is None or thresholds is None or not measure.has_status or measure.polarity is None:
        return None
    if settings.status_scheme is StatusScheme.rag_variance:
        return rag_variance(
            value, thresholds, measure.polarity, measure.decimals, settings.variance_percent, settings.variance_mode
        )
    return royg(value, thresholds, measure.polarity, measure.decimals, settings.on_tolerance)
