"""Regulator recommendations and the corporate improvement plan: the rules over them (models: pmf.actions)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmf.actions import Action
from pmf.fields import DONE, SHARED_ACTIVITY_LABELS
from pmf.i18n import N_, _, joined
from pmf.i18n import text as tx

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio

BRAG_ORDER = ["blue", "green", "amber", "red", "not_started"]
BRAG_LABELS = {
    **SHARED_ACTIVITY_LABELS,
    "green": N_("Green: on track"),
    "amber": N_("Amber: mainly on track, minor issues"),
    "yellow": N_("Yellow: experiencing issues"),
    "orange": N_("Orange: at risk"),
    "red": N_("Red: not on track, major issues"),
}


@dataclass(frozen=True)
class ActionRow:
    source: str  # the priority area or regulator report
    ref: str
    id: str
    title: str
    lead: str
    due: dt.date
    status: str
    label: str
    progress: str
    overdue: bool
    file: str  # where the action is written, e.g. regulators/AW-2025-01.yaml


def _row(source: str, ref: str, action: Action, as_of: dt.date, file: str) -> ActionRow:
    status = action.status.value
    return ActionRow(
        source,
        ref,
        action.id,
        tx(action.title),
        tx(action.lead),
        action.due,
        status,
        _(BRAG_LABELS[status]) if status in BRAG_LABELS else status,
        tx(action.progress),
        action.due < as_of and action.status not in DONE,
        file,
    )


def regulator_actions(portfolio: Portfolio, as_of: dt.date) -> list[ActionRow]:
    return [
        _row(
            joined([tx(report.regulator), tx(report.title)], ": "),
            rec.ref,
            action,
            as_of,
            f"regulators/{report.id}.yaml",
        )
        for report in sorted(portfolio.regulators.values(), key=lambda r: (r.date, r.id))
        for rec in report.recommendations
        for action in rec.actions
    ]


def panel_actions(portfolio: Portfolio, as_of: dt.date) -> list[ActionRow]:
    """The actions the council will take on the Panel Performance Assessment's recommendations."""
    return [
        _row(
            _("Panel Performance Assessment %(year)s") % {"year": year},
            recommendation.id,
            action,
            as_of,
            f"panel/{year}.yaml",
        )
        for year, panel in sorted(portfolio.panels.items())
        for recommendation in panel.recommendations
        for action in recommendation.response.actions
    ]


def plan_actions(portfolio: Portfolio, as_of: dt.date) -> list[ActionRow]:
    return [
        _row(tx(area.title), area.id, action, as_of, f"improvement/{area.id}.yaml")
        for area in sorted(portfolio.improvement.values(), key=lambda a: a.id)
        for action in area.actions
    ]


def counts(rows: list[ActionRow]) -> list[tuple[str, str, int]]:
    """Actions by BRAG status, in the framework's order (complete counts as blue)."""
    found = Counter("blue" if r.status == "complete" else r.status for r in rows)
    order = BRAG_ORDER + [s for s in found if s not in BRAG_ORDER]
    return [(s, _(BRAG_LABELS[s]) if s in BRAG_LABELS else s, found[s]) for s in order if found[s] or s in BRAG_ORDER]
