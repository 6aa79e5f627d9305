"""Risk scores, bands, appetite, escalation, review cadence and direction (the risk registers)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmf.exempt import exempt_mark, withheld
from pmf.fields import RiskLevel, RiskStatus
from pmf.i18n import N_, _, long_date, ngettext, text
from pmf.models import Risk
from pmf.settings import RiskMatrix

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio

# Lowest score in each band, as pmf.yaml writes them.
DEFAULT_BANDS = {"low": 1, "medium": 5, "high": 10, "very_high": 20}


BAND_NAMES = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High"), "very_high": N_("Very high")}
BAND_COLOURS = {"low": "green", "medium": "yellow", "high": "orange", "very-high": "red"}  # by band_class: shades


LEVELS = {"service": N_("Service"), "corporate": N_("Corporate")}
# Risk categories as pmf.yaml names them (appetite keys), in words; a council's own are shown as written.
CATEGORIES = {
    "financial": N_("financial"),
    "operational": N_("operational"),
    "reputational": N_("reputational"),
    "legal": N_("legal"),
    "health-and-safety": N_("health and safety"),
    "safeguarding": N_("safeguarding"),
    "workforce": N_("workforce"),
    "technology": N_("technology"),
    "strategic": N_("strategic"),
    "environmental": N_("environmental"),
    "compliance": N_("compliance"),
    "partnership": N_("partnership"),
}
DIRECTIONS = {"rising": N_("rising"), "falling": N_("falling"), "steady": N_("steady")}


def band_name(key: str) -> str:
    """``very_high`` reads as 'Very high' (the default bands in the current language)."""
    if key in BAND_NAMES:
        return _(BAND_NAMES[key])
    return key.replace("_", " ").replace("-", " ").capitalize()


def band_key(score: int, matrix: RiskMatrix) -> str | None:
    """The key of the band a score falls in: the band with the highest lowest score not above it."""
    bands = matrix.bands or DEFAULT_BANDS
    found = [name for name, low in sorted(bands.items(), key=lambda item: item[1]) if low <= score]
    return found[-1] if found else None


def band(score: int, matrix: RiskMatrix) -> str:
    """The name of the band a score falls in, in the current language."""
    key = band_key(score, matrix)
    return band_name(key) if key is not None else _("Below the lowest band")


def band_class(key: str | None) -> str:
    """The band as a CSS class name, the same in every language: ``very_high`` gives ``very-high``."""
    return "-".join((key or "none").replace("_", " ").replace("-", " ").lower().split())


def direction(risk: Risk) -> str | None:
    """rising, falling or steady: the residual score of the last two reviews, oldest first."""
    if len(risk.reviews) < 2:
        return None
    before, now = risk.reviews[-2].residual.score, risk.reviews[-1].residual.score
    return "rising" if now > before else "falling" if now < before else "steady"


@dataclass(frozen=True)
class RiskRow:
    """One risk on a register, with every flag worked out."""

    id: str
    title: str
    service: str
    owner: str
    category: str
    level: str
    status: str
    issue: bool
    inherent: int
    residual: int
    target: int
    inherent_band: str
    band: str
    target_band: str
    review_date: dt.date
    above_appetite: bool
    appetite: int | None
    escalate: bool
    review_overdue: bool
    direction: str | None
    likelihood: int
    impact: int
    service_name: str = ""  # the service's name, in the current language
    exempt: int | str | None = None  # its paragraph of Schedule 12A when it is exempt information (pmf.exempt)

    @property
    def category_label(self) -> str:
        key = str(self.category)
        return _(CATEGORIES[key]) if key in CATEGORIES else text(self.category)

    @property
    def level_label(self) -> str:
        return _(LEVELS[self.level]) if self.level in LEVELS else self.level.capitalize()

    @property
    def direction_label(self) -> str:
        return _(DIRECTIONS[self.direction]) if self.direction in DIRECTIONS else "–"

    @property
    def flags(self) -> list[str]:
        """What needs attention, in words."""
        out = []
        if self.exempt is not None:  # shown only where asked for: the closed session's papers, pmf risks
            out.append(exempt_mark(self.exempt))
        if self.issue:
            out.append(_("Has happened (an issue)"))
        if self.escalate:
            out.append(_("Escalate to the Corporate Risk Register"))
        if self.above_appetite:
            out.append(
                _("Above the appetite for %(category)s risks (%(appetite)s)")
                % {"category": self.category_label, "appetite": self.appetite}
            )
        if self.review_overdue:
            out.append(_("Review overdue since %(date)s") % {"date": long_date(self.review_date)})
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "title": self.title,
            "level": self.level,
            "owner": self.owner,
            "category": self.category,
            "status": self.status,
            "issue": self.issue,
            "inherent_score": self.inherent,
            "residual_score": self.residual,
            "target_score": self.target,
            "inherent_band": self.inherent_band,
            "residual_band": self.band,
            "target_band": self.target_band,
            "above_appetite": self.above_appetite,
            "escalate": self.escalate,
            "review_date": self.review_date.isoformat(),
            "review_overdue": self.review_overdue,
            "direction": self.direction,
            "exempt": self.exempt,
        }


def risk_row(risk: Risk, service: str, matrix: RiskMatrix, as_of: dt.date, service_name: str = "") -> RiskRow:
    """Score a risk and flag it: appetite, escalation (a service risk at or above ``escalate_at``), overdue review."""
    is_open = risk.status is RiskStatus.open
    limit = matrix.appetite.get(risk.category)
    return RiskRow(
        id=risk.id,
        title=text(risk.title),
        service=service,
        owner=text(risk.owner),
        category=risk.category,
        level=risk.level.value,
        status=risk.status.value,
        issue=risk.issue,
        inherent=risk.inherent.score,
        residual=risk.residual.score,
        target=risk.target.score,
        inherent_band=band(risk.inherent.score, matrix),
        band=band(risk.residual.score, matrix),
        target_band=band(risk.target.score, matrix),
        review_date=risk.review_date,
        above_appetite=is_open and limit is not None and risk.residual.score > limit,
        appetite=limit,
        escalate=(
            is_open
            and risk.level is RiskLevel.service
            and matrix.escalate_at is not None
            and risk.residual.score >= matrix.escalate_at
        ),
        review_overdue=is_open and risk.review_date < as_of,
        direction=direction(risk),
        likelihood=risk.residual.likelihood,
        impact=risk.residual.impact,
        service_name=service_name or service,
        exempt=risk.exempt,
    )


def register(
    portfolio: Portfolio,
    as_of: dt.date,
    *,
    service: str | None = None,
    level: str | None = None,
    include_closed: bool = True,
) -> list[RiskRow]:
    """The register, highest residual score first."""
    matrix = portfolio.settings.risk_matrix
    names = {s: text(portfolio.service_title(s)) for s in portfolio.services}
    rows = [
        risk_row(r, portfolio.service_of[r.id], matrix, as_of, names.get(portfolio.service_of[r.id], ""))
        for r in portfolio.risks.values()
    ]
    rows = [
        r
        for r in rows
        if (service is None or r.service == service)
        and (level is None or r.level == level)
        and (include_closed or r.status == "open")
    ]
    return sorted(rows, key=lambda r: (-r.residual, -r.inherent, r.id))


@dataclass(frozen=True)
class HeatMap:
    """Open risks counted by residual likelihood (rows, highest first) and impact (columns)."""

    likelihoods: list[int]
    impacts: list[int]
    counts: list[list[int]]
    bands: list[list[str]]
    alt: str


def heat_map(rows: list[RiskRow], matrix: RiskMatrix) -> HeatMap:
    counts = Counter((r.likelihood, r.impact) for r in rows if r.status == "open")
    likelihoods = list(range(matrix.likelihood, 0, -1))
    impacts = list(range(1, matrix.impact + 1))
    grid = [[counts[(lk, im)] for im in impacts] for lk in likelihoods]
    shade = [[band_class(band_key(lk * im, matrix)) for im in impacts] for lk in likelihoods]
    busy = sorted(((n, lk, im) for (lk, im), n in counts.items()), reverse=True)
    parts = [
        _("%(count)s at likelihood %(likelihood)s, impact %(impact)s") % {"count": n, "likelihood": lk, "impact": im}
        for n, lk, im in busy[:4]
    ]
    total = sum(counts.values())
    alt = (
        ngettext(
            "Heat map of %(total)s open risk by residual likelihood and impact: %(busiest)s.",
            "Heat map of %(total)s open risks by residual likelihood and impact: %(busiest)s.",
            total,
        )
        % {"total": total, "busiest": "; ".join(parts)}
        if parts
        else _("Heat map of %(total)s open risks by residual likelihood and impact.") % {"total": total}
    )
    return HeatMap(likelihoods, impacts, grid, shade, alt)


@dataclass(frozen=True)
class RiskSummary:
    open: int
    closed: int
    issues: list[RiskRow]
    bands: list[tuple[str, int]]
    corporate: list[RiskRow]
    escalate: list[RiskRow]
    over_appetite: list[RiskRow]
    review_overdue: list[RiskRow]
    all: list[RiskRow]
    heat: HeatMap
    withheld: int = 0  # exempt risks left out (pmf.exempt)

    @property
    def sentence(self) -> str:
        from pmf.exempt import withheld_sentence

        said = risk_sentence(self.open, len(self.issues), self.closed)
        return f"{said} {withheld_sentence(self.withheld)}" if self.withheld else said


@dataclass(frozen=True)
class Tally:
    """A register's rows counted: the open ones, those of them that have happened (issues), the closed."""

    open: list[RiskRow]
    issues: list[RiskRow]
    closed: int

    @property
    def sentence(self) -> str:
        return risk_sentence(len(self.open), len(self.issues), self.closed)


def tally(rows: Sequence[RiskRow]) -> Tally:
    """Count ``rows`` as the report's risk section and ``pmf risks`` both say them."""
    open_rows = [r for r in rows if r.status == "open"]
    return Tally(open_rows, [r for r in open_rows if r.issue], len(rows) - len(open_rows))


def risk_sentence(open_: int, issues: int, closed: int) -> str:
    """How many risks are open, how many of those have happened, how many are closed: only what there is."""
    if open_ == 0:
        said = _("No open risks")
    elif open_ == 1 and issues == 1:
        said = _("1 open risk (it has happened and is managed as an issue)")
    else:  # each half agrees with its own number: the open risks, then those that have happened
        said = ngettext("%(num)s open risk", "%(num)s open risks", open_) % {"num": open_}
        if issues:
            happened = (
                _("all of them have happened and are managed as issues")
                if issues == open_
                else ngettext(
                    "%(issues)s of them has happened and is managed as an issue",
                    "%(issues)s of them have happened and are managed as issues",
                    issues,
                )
                % {"issues": issues}
            )
            said = _("%(risks)s (%(happened)s)") % {"risks": said, "happened": happened}
    if closed:
        return _("%(open)s; %(closed)s closed.") % {"open": said, "closed": closed}
    return f"{said}."


def risk_summary(portfolio: Portfolio, as_of: dt.date) -> RiskSummary:
    """What the self-assessment's risk section shows."""
    matrix = portfolio.settings.risk_matrix
    counted = tally(register(portfolio, as_of))
    open_rows = counted.open
    counts = Counter(r.band for r in open_rows)
    names = [band_name(k) for k, _ in sorted((matrix.bands or DEFAULT_BANDS).items(), key=lambda item: -item[1])]
    return RiskSummary(
        open=len(open_rows),
        closed=counted.closed,
        issues=counted.issues,
        bands=[(name, counts[name]) for name in names],
        corporate=[r for r in open_rows if r.level == "corporate"],
        escalate=[r for r in open_rows if r.escalate],
        over_appetite=[r for r in open_rows if r.above_appetite],
        review_overdue=[r for r in open_rows if r.review_overdue],
        all=open_rows,
        heat=heat_map(open_rows, matrix),
        withheld=withheld(portfolio),
    )
