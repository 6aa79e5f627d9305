"""Everything in one plans repository, checked: the models the commands compute with."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pmf.actions import PriorityArea, RegulatorReport
from pmf.assessment import Assessment, PanelAssessment, ServiceReview
from pmf.errors import Problem
from pmf.models import Measure, Plan, Risk
from pmf.settings import Settings
from pmf.yamlio import Key

R = TypeVar("R", Measure, Risk)


@dataclass
class Portfolio:
    """Everything in one plans repository, checked and ready to compute with."""

    root: Path
    settings: Settings
    plans: dict[tuple[str, str], Plan] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    risks: dict[str, Risk] = field(default_factory=dict)
    service_of: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    assessments: dict[tuple[str, str], Assessment] = field(default_factory=dict)
    reviews: dict[tuple[str, str], ServiceReview] = field(default_factory=dict)
    regulators: dict[str, RegulatorReport] = field(default_factory=dict)
    improvement: dict[str, PriorityArea] = field(default_factory=dict)
    panels: dict[str, PanelAssessment] = field(default_factory=dict)  # by financial year
    # plan text with no Welsh version, or none in English: (file, key path, the text), when read with lang="cy"
    untranslated: list[tuple[str, tuple[Key, ...], str]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Loaded for an edit (``edit_check.load_for_edit``): the ids of the measures and risks whose files did not
    # read or share an id; empty for a repository loaded whole.
    unreadable: set[str] = field(default_factory=set)
    # and by each of those ids, the files holding it that are not read or not edited, named from the root
    unread_files: dict[str, set[str]] = field(default_factory=dict)
    # the files read past keys written twice, the first of each read: never edited, lest the later one become the data
    read_past: set[Path] = field(default_factory=set)
    # what the rules across files found wrong as loaded, (file, key path, message): an edit is not refused for it
    held: set[tuple[Path, tuple[str | int, ...], str]] = field(default_factory=set)
    # of those, the ones the edit last checked (``edit_check.problems``) leaves no more, as each is named in
    # ``errors``, (file, key path, message): not said to be left in another file after it
    mended: set[tuple[str, str, str]] = field(default_factory=set)
    # the warnings the rules across files gave as loaded, (file, key path, message), and the new ones the edit last
    # checked would cause in files it does not change (a formula that then divides by 0), each placed at its line
    warned: set[tuple[Path, tuple[str | int, ...], str]] = field(default_factory=set)
    caused: list[Problem] = field(default_factory=list)
    withheld_risks: dict[str, str] = field(default_factory=dict)  # exempt risks a document leaves out: id, service

    @property
    def errors(self) -> list[Problem]:
        """The errors the files held as loaded for an edit (none for a repository loaded whole)."""
        return [p for p in self.warnings if p.severity == "error"]

    @property
    def services(self) -> list[str]:
        return sorted({service for service, _ in self.plans} | set(self.service_of.values()))

    def plan(self, service: str, year: str) -> Plan | None:
        return self.plans.get((service, year))

    def service_title(self, service: str, year: str | None = None) -> str:
        """The service's name as its plan for ``year`` (or its latest plan) gives it."""
        plan = self.plan(service, year) if year else None
        if plan is None:
            mine = sorted((y, p) for (s, y), p in self.plans.items() if s == service)
            plan = mine[-1][1] if mine else None
        return plan.title if plan else service

    def plans_for(self, year: str) -> list[Plan]:
        return [plan for (_, y), plan in sorted(self.plans.items()) if y == year]

    def measures_by_service(self) -> dict[str, list[Measure]]:
        """Each service's measures in the order read, gathered in one pass for a loop over the services."""
        return self._by_service(self.measures)

    def risks_by_service(self) -> dict[str, list[Risk]]:
        """Each service's risks in the order read, gathered in one pass for a loop over the services."""
        return self._by_service(self.risks)

    def _by_service(self, records: dict[str, R]) -> dict[str, list[R]]:
        grouped: dict[str, list[R]] = defaultdict(list)
        for ident, record in records.items():
            grouped[self.service_of[ident]].append(record)
        return grouped
