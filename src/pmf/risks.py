"""Risk scores, bands, appetite and escalation: the risk summary a report shows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmf.models import Risk, RiskLevel, RiskStatus, Settings

if TYPE_CHECKING:
    from pmf.loader import Portfolio

DEFAULT_BANDS = [("Low", 1, 4), ("Medium", 5, 9), ("High", 10, 15), ("Very high", 16, 25)]


@dataclass(frozen=True)
class RiskRow:
    id: str
    title: str
    service: str
    owner: str
    category: str
    level: str
    inherent: int
    residual: int
    target: int
    band: str
    review_date: str
    flags: list[str]


@dataclass(frozen=True)
class RiskSummary:
    open: int
    closed: int
    issues: int
    bands: list[tuple[str, int]]
    corporate: list[RiskRow]
    escalate: list[RiskRow]
    over_appetite: list[RiskRow]
    review_overdue: list[RiskRow]
    all: list[RiskRow]


def band(score: int, settings: Settings) -> str:
    """The named band a score falls in (pmf.yaml's bands, or Low/Medium/High/Very high)."""
    bands = [(b.name, b.min, b.max) for b in settings.risk_matrix.bands] or DEFAULT_BANDS
    for name, low, high in bands:
        if low <= score <= high:
            return name.capitalize() if name.islower() else name
    return "Unbanded"


def _row(risk: Risk, service: str, settings: Settings, as_of: dt.date) -> RiskRow:
    matrix = settings.risk_matrix
    flags = []
    if risk.issue:
        flags.append("Has happened (an issue)")
    if risk.level is RiskLevel.service and matrix.escalation_score and risk.residual.score >= matrix.escalation_score:
        flags.append(
            f"Residual score {risk.residual.score} at or above {matrix.escalation_score}: escalate to the Corporate Risk Register"
        )
    limit = matrix.appetite.get(risk.category)
    if limit is not None and risk.residual.score > limit:
        flags.append(f"Above the appetite for {risk.category} risks ({limit})")
    if risk.review_date < as_of:
        flags.append(f"Review overdue since {risk.review_date:%-d %B %Y}")
    return RiskRow(
        id=risk.id,
        title=risk.title,
        service=service,
        owner=risk.owner,
        category=risk.category,
        level=risk.level.value.capitalize(),
        inherent=risk.inherent.score,
        residual=risk.residual.score,
        target=risk.target.score,
        band=band(risk.residual.score, settings),
        review_date=f"{risk.review_date:%-d %B %Y}",
        flags=flags,
    )


def risk_summary(portfolio: Portfolio, as_of: dt.date) -> RiskSummary:
    settings = portfolio.settings
    open_risks = [r for r in portfolio.risks.values() if r.status is RiskStatus.open]
    rows = sorted(
        (_row(r, portfolio.service_of[r.id], settings, as_of) for r in open_risks),
        key=lambda row: (-row.residual, row.id),
    )
    bands = Counter(row.band for row in rows)
    names = [b.name.capitalize() if b.name.islower() else b.name for b in settings.risk_matrix.bands] or [
        b[0] for b in DEFAULT_BANDS
    ]
    return RiskSummary(
        open=len(open_risks),
        closed=len(portfolio.risks) - len(open_risks),
        issues=sum(1 for r in open_risks if r.issue),
        bands=[(name, bands[name]) for name in reversed(names)],
        corporate=[row for row in rows if row.level == "Corporate"],
        escalate=[row for row in rows if any("escalate" in f for f in row.flags)],
        over_appetite=[row for row in rows if any("appetite" in f for f in row.flags)],
        review_overdue=[row for row in rows if any("Review overdue" in f for f in row.flags)],
        all=rows,
    )
