"""Checking edited plan files as ``pmf validate`` would, before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Never, Protocol

from pmf.errors import PmfError, Problem, relative
from pmf.models import Measure, Plan, Risk
from pmf.scratch import scratch_folder

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


class Edited(Protocol):
    """A file's new text (``record.Change``)."""

    @property
    def path(self) -> Path: ...

    @property
    def after(self) -> str: ...


def check(portfolio: Portfolio, changes: Sequence[Edited]) -> None:
    """Raise with every problem the change would leave in the files it changes (``problems``)."""
    found = problems(portfolio, changes)
    if found:
        raise PmfError(
            [replace(p, message=f"{p.message} (the change would leave this; nothing was written)") for p in found]
        )


def problems(portfolio: Portfolio, changes: Sequence[Edited]) -> list[Problem]:
    """Read each edited (or new) text back, then run the rules across files on the repository as it
    would be; return every error the change would leave in the files it changes, each at its line."""
    from pmf import checks
    from pmf.loader import model_for
    from pmf.reading import Reading

    reading = Reading(portfolio.root)
    problems: list[Problem] = []
    models: dict[Path, Measure | Risk | Plan] = {}
    with scratch_folder() as scratch:  # one folder for them all: removing a folder can take milliseconds
        for change in changes:
            probe = scratch / change.path.name
            probe.write_text(change.after, encoding="utf-8")
            found = len(reading.problems)
            model = reading.read(probe, model_for(portfolio.root, change.path) or _unread(portfolio.root, change.path))
            probe.unlink()
            errors = [p for p in reading.problems[found:] if p.severity == "error"]
            problems += [replace(p, path=relative(change.path, portfolio.root)) for p in errors]
            if model is None or errors:  # (a record with problems may still be built from the rest of its file)
                continue
            if isinstance(model, Measure | Risk | Plan):  # the records the rules across files compare
                models[change.path] = model
                reading.docs[change.path] = reading.docs.pop(probe)
    # The rules across files run on every file that reads back cleanly; one that does not is left
    # out, its id kept from being named "no measure" elsewhere.
    failed = {change.path.stem for change in changes if change.path not in models}
    checked = len(reading.problems)
    for finding in checks.check(_with(portfolio, models), portfolio.settings, strict=False, unreadable=failed):
        if finding.severity == "error" and finding.path in models:
            reading.add(finding.path, finding.key_path, finding.message, at_key=finding.at_key)
    return problems + reading.problems[checked:]


def _with(portfolio: Portfolio, models: dict[Path, Measure | Risk | Plan]) -> Portfolio:
    """``portfolio`` with the edited files' records in place of the ones read before (or beside them, when new)."""
    measures, risks, plans = dict(portfolio.measures), dict(portfolio.risks), dict(portfolio.plans)
    files, service_of = dict(portfolio.files), dict(portfolio.service_of)
    for path, model in models.items():
        if isinstance(model, Measure):
            measures[model.id] = model
        elif isinstance(model, Risk):
            risks[model.id] = model
        else:
            plans[(path.parent.name, model.financial_year)] = model
            files[f"{model.id}/{model.financial_year}"] = path
            continue
        files[model.id] = path
        service_of[model.id] = path.parent.parent.name  # plans/<service>/measures/<id>.yaml
    return replace(portfolio, measures=measures, risks=risks, plans=plans, files=files, service_of=service_of)


def _unread(root: Path, path: Path) -> Never:
    raise PmfError(f"{relative(path, root)}: pmf does not read a file here, so it does not edit one")
