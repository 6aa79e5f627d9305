"""A measure or an activity as one line of a report or pack: its figures, words and flags, in the current language.

The status words of the organisation's scheme (four colours, or red/amber/green by
variance) live here too, so every document says the same thing the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pmf.calculated import divides_by_zero
from pmf.charts import Chart, running_total_chart, trend_chart
from pmf.fields import SHARED_ACTIVITY_LABELS, Aggregation, StatusScheme, VarianceMode
from pmf.i18n import N_, English, _, joined, long_date, period_words, short_date
from pmf.i18n import text as tx
from pmf.models import Measure
from pmf.numbers import number, threshold_texts, with_unit, written_places
from pmf.performance import ActivityResult, MeasureResult
from pmf.periods import Period
from pmf.settings import Settings
from pmf.status import Status, shape_of
from pmf.trends import ANNUAL_LIKE, series

ACTIVITY_LABELS = {
    "green": N_("On track"),
    "yellow": N_("Experiencing issues"),
    "orange": N_("At risk"),
    "red": N_("Off track"),
    "amber": N_("Amber: minor issues"),
    **SHARED_ACTIVITY_LABELS,
}
NO_UPDATE = N_("No update")
FREQUENCIES = {
    "monthly": N_("Monthly"),
    "quarterly": N_("Quarterly"),
    "biannual": N_("Biannual"),
    "annual": N_("Annual"),
    "weekly": N_("Weekly"),
    "biennial": N_("Biennial"),
}


def limits_of(r: MeasureResult) -> tuple[str | None, str | None]:
    """A result's target (with its basis) and tolerance as shown, or None where absent."""
    m, limits = r.measure, r.thresholds
    return threshold_texts(
        limits.target if limits else None,
        limits.tolerance if limits else None,
        m.polarity is not None and m.polarity.value == "closer_is_better",
        m.decimals,
        m.data_type.value if m.data_type else None,
        m.unit,
        r.basis.label if r.basis else "",
    )


@dataclass(frozen=True)
class MeasureRow:
    id: str
    title: str
    service: str
    kind: str
    benchmarking: str
    frequency: str
    target: str
    tolerance: str
    value: str
    period: str
    status: str | None
    status_label: str
    shape: str
    trend: str | None
    trend_label: str
    trend_arrow: str
    comment: str
    notes: list[str]
    chart: Chart | None
    areas: list[str]


@dataclass(frozen=True)
class ActivityRow:
    id: str
    title: str
    service: str
    lead: str
    start: str
    end: str
    status: str | None
    status_label: str
    comment: str
    flags: list[str]
    areas: list[str]


def _fmt(value: Decimal | None, m: Measure) -> str:
    return with_unit(value, m.decimals, m.data_type.value if m.data_type else None, m.unit)


def _reasons(m: Measure, missing: tuple[Period, ...], said_already: str | None) -> list[str]:
    """Why each missing figure of the window is missing, as the service wrote it beside ``value: null``, in order.

    Shown after the commentary, where the service's own words go (and stay marked in a Welsh
    document while they have no Welsh version); a reason the commentary already is, once.
    """
    found = []
    written, unworked = series(m), divides_by_zero(m)
    for period in missing:
        value, comment = written.get(period, (None, None))
        if value is None and period.label in unworked:  # pmf's own reason, in the document's language
            reason: str = zero_divisor(unworked[period.label])
        elif value is not None or not comment or comment == said_already:
            continue
        else:
            reason = tx(comment, strip=True)
        said = no_figure(period, reason)
        found.append(English(said) if isinstance(reason, English) else said)
    return found


def no_figure(period: Period, reason: str) -> str:
    """'No figure for Q2 2026-27: ``reason``', in the current language."""
    return _("No figure for %(period)s: %(reason)s") % {
        "period": period_words(period.label, period.frequency),
        "reason": reason,
    }


def zero_divisor(figures: tuple[tuple[str, Decimal], ...]) -> str:
    """Why a calculated measure's period has no figure, in the current language: its formula divides by 0."""
    inputs = [
        _("%(measure)s is %(figure)s") % {"measure": name, "figure": number(value, written_places(value, 0))}
        for name, value in figures
    ]
    return _("the formula divides by 0 (%(inputs)s)") % {"inputs": joined(inputs, ", ")}


def measure_row(r: MeasureResult, window: Period, service: str, scheme: Scheme) -> MeasureRow:
    m = r.measure
    notes = []
    missing = ", ".join(period_words(p.label, p.frequency) for p in r.current.missing)
    if r.not_due:
        notes.append(_("No period of this measure falls due in this window"))
    elif r.missing:
        notes.append(_("No data for this period"))
    elif r.current.incomplete:
        notes.append(_("Partial: no figure for %(periods)s") % {"periods": missing})
    elif r.current.latest_missing:
        notes.append(_("Latest figure not reported: %(periods)s") % {"periods": missing})
    if r.current.period is not None and r.current.period.end < window.start:
        notes.append(
            _("Latest figure is for %(period)s")
            % {"period": period_words(r.current.period.label, r.current.period.frequency)}
        )
    target, tolerance = limits_of(r)
    status = r.status.value if r.status else None
    return MeasureRow(
        id=m.id,
        title=tx(m.title),
        service=service,
        kind=_("Indicator") if m.kind.value == "indicator" else _("Performance measure"),
        benchmarking=m.benchmarking.label,
        frequency=_(FREQUENCIES[m.frequency.value]),
        target=target or _("None set"),
        tolerance=scheme.tolerance
        if scheme.tolerance and target is not None
        else tolerance or (_("No tolerance") if target is not None else _("None set")),
        value=scheme.not_due
        if r.not_due
        else scheme.no_data
        if r.missing
        else _fmt(r.value, m) + (" " + _("(partial)") if r.partial else ""),
        period=period_words(r.current.period.label, r.current.period.frequency) if r.current.period else "–",
        status=status,
        status_label=scheme.labels[r.status.value]
        if r.status
        else (scheme.not_due if r.not_due else scheme.no_data if r.missing and m.has_status else _("No status")),
        shape=shape_of(status),
        trend=r.trend.value if r.trend else None,
        trend_label=r.trend.label if r.trend else _("No trend"),
        trend_arrow=r.trend.arrow if r.trend else "–",
        comment=joined(
            [c for c in (tx(r.current.comment, strip=True), *_reasons(m, r.current.missing, r.current.comment)) if c],
            " ",
        ),
        notes=notes,
        chart=_chart(r, window),
        areas=[a.label for a in m.governance_areas],
    )


def _chart(r: MeasureResult, window: Period) -> Chart | None:
    """A cumulative or year-to-date measure draws its running total against the target it is judged by."""
    m = r.measure
    if m.aggregation in (Aggregation.cumulative, Aggregation.year_to_date) and m.frequency not in ANNUAL_LIKE:
        target = r.thresholds.target if r.thresholds else None
        return running_total_chart(m, window, target, r.basis.label if r.basis else "")
    return trend_chart(m, window)


def activity_row(a: ActivityResult, service: str) -> ActivityRow:
    flags = []
    if a.overdue:
        flags.append(_("Past its end date (%(date)s) and not complete") % {"date": long_date(a.activity.end)})
    if a.no_update:
        flags.append(_("No update this period"))
    status = a.status.value if a.status else None
    return ActivityRow(
        id=a.activity.id,
        title=tx(a.activity.title),
        service=service,
        lead=tx(a.activity.lead),
        start=short_date(a.activity.start),
        end=short_date(a.activity.end),
        status=status,
        status_label=_(ACTIVITY_LABELS.get(status or "", NO_UPDATE)),
        comment=tx(a.update.comment, strip=True) if a.update else "",
        flags=flags,
        areas=[g.label for g in a.activity.governance_areas],
    )


@dataclass(frozen=True)
class Scheme:
    """The organisation's status words: four colours (royg) or red/amber/green by variance."""

    columns: list[str]
    labels: dict[str, str]
    tolerance: str | None  # what the tolerance column says under rag-variance
    no_comment: str  # "Orange or red results without commentary" / "Amber or red ..."
    no_data: str
    not_due: str
    worse: str = ""  # "Orange or red" / "Amber or red"


def scheme_of(settings: Settings) -> Scheme:
    """The scheme's words in the current language."""
    if settings.status_scheme is StatusScheme.rag_variance:
        within = (
            _("Amber within %(percent)s points")
            if settings.variance_mode is VarianceMode.points
            else _("Amber within %(percent)s%% of the target")
        )
        return Scheme(
            ["green", "amber", "red"],
            {"green": _("Target met"), "amber": _("Near target"), "red": _("Off target")},
            within % {"percent": settings.variance_percent},
            _("Amber or red results without commentary"),
            _("No data supplied"),
            _("Measure not due"),
            _("Amber or red"),
        )
    return Scheme(
        ["green", "yellow", "orange", "red"],
        {s.value: s.label for s in Status},
        None,
        _("Orange or red results without commentary"),
        _("No data"),
        _("Not due yet"),
        _("Orange or red"),
    )
