"""Checking edited plan files as ``pmf validate`` would, before anything is written."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pmf.errors import PmfError, Problem, relative
from pmf.models import Measure, Plan, Risk

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


class Edited(Protocol):
    """A file's new text (``record.Change``)."""

    @property
    def path(self) -> Path: ...

    @property
    def after(self) -> str: ...


def check(portfolio: Portfolio, changes: Sequence[Edited]) -> None:
    """Read each edited text back, then run the rules across files on the repository as it would be;
    raise with every problem the change would leave in the files it changes."""
    from pmf import checks
    from pmf.loader import Reading

    reading = Reading(portfolio.root)
    problems: list[Problem] = []
    models: dict[Path, Any] = {}
    for change in changes:
        with tempfile.TemporaryDirectory() as scratch:
            probe = Path(scratch) / change.path.name
            probe.write_text(change.after, encoding="utf-8")
            found = len(reading.problems)
            model = reading.read(probe, _model_of(portfolio, change.path))
        if model is None:
            problems += [_moved(p, portfolio.root, change.path) for p in reading.problems[found:]]
        else:
            models[change.path] = model
            reading.docs[change.path] = reading.docs.pop(probe)
    if not problems:
        reading.problems = []
        for finding in checks.check(_with(portfolio, models), portfolio.settings, strict=False):
            if finding.severity == "error" and finding.path in models:
                reading.add(finding.path, finding.key_path, finding.message, at_key=finding.at_key)
        problems = [_moved(p, portfolio.root, None) for p in reading.problems]
    if problems:
        raise PmfError(problems)


def _moved(problem: Problem, root: Path, path: Path | None) -> Problem:
    return Problem(
        relative(path, root) if path is not None else problem.path,
        problem.line,
        problem.col,
        problem.key_path,
        f"{problem.message} (the change would leave this; nothing was written)",
    )


def _with(portfolio: Portfolio, models: dict[Path, Any]) -> Portfolio:
    """``portfolio`` with the edited files' records in place of the ones read before."""
    keys = {path: key for key, path in portfolio.files.items()}
    measures, risks, plans = dict(portfolio.measures), dict(portfolio.risks), dict(portfolio.plans)
    for path, model in models.items():
        key = keys[path]
        if isinstance(model, Measure):
            measures[key] = model
        elif isinstance(model, Risk):
            risks[key] = model
        else:
            place = next(k for k, plan in plans.items() if portfolio.files.get(f"{plan.id}/{k[1]}") == path)
            plans[place] = model
    return replace(portfolio, measures=measures, risks=risks, plans=plans)


def _model_of(portfolio: Portfolio, path: Path) -> type[Measure] | type[Risk] | type[Plan]:
    for key, file in portfolio.files.items():
        if file == path:
            return Measure if key in portfolio.measures else Risk if key in portfolio.risks else Plan
    raise KeyError(path)
