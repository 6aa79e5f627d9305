"""Plans of action as pydantic models: a regulator's report and its recommendations, the improvement plan's areas."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from pmf.bilingual import Prose, Text
from pmf.fields import ActivityStatus, Code, Identifier, Record
from pmf.roles import Role


class Action(Record):
    """An action in a plan: reference, what, who, when and how it is going (BRAG)."""

    id: Identifier
    title: Text
    lead: Role
    start: dt.date | None = None
    due: dt.date
    status: ActivityStatus = ActivityStatus.not_started
    progress: Prose = None


class Recommendation(Record):
    ref: Code
    text: Text
    statutory: bool = False
    response: Literal["accepted", "partly_accepted", "not_accepted"]
    reason: Prose = None
    actions: list[Action] = Field(default_factory=list)

    @model_validator(mode="after")
    def _reason_when_not_accepted(self) -> Recommendation:
        if self.response != "accepted" and not (self.reason or "").strip():
            raise ValueError("a recommendation not (fully) accepted needs a 'reason'")
        return self


class RegulatorReport(Record):
    """``regulators/<ID>.yaml``: one regulator's report and the council's response to it."""

    id: Identifier
    regulator: Text = Field(description="e.g. Audit Wales, Estyn, Care Inspectorate Wales.")
    title: Text
    date: dt.date
    recommendations: list[Recommendation] = Field(min_length=1)


class PriorityArea(Record):
    """``improvement/<ID>.yaml``: a priority area of the corporate improvement plan."""

    id: Identifier
    title: Text
    sponsor: Role
    success_criteria: list[Text] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
