"""Checking edited plan files as ``pmf validate`` would, before anything is written."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Never, Protocol

from pmf.errors import PmfError, Problem, dotted, listed, relative
from pmf.models import Measure, Plan, Risk
from pmf.reading import Reading
from pmf.scratch import scratch_folder
from pmf.strays import RECORDS
from pmf.suggested import command
from pmf.yamlio import Document, load_fast
from pmf.yamlscreen import YamlProblem

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


class Edited(Protocol):
    """A file's new text (``record.Change``)."""

    @property
    def path(self) -> Path: ...

    @property
    def after(self) -> str: ...


def load_for_edit(root: Path | None, *, cache: bool = False) -> Portfolio:
    """The repository as an edit reads it: every file that reads, and the errors the files already hold
    (``Portfolio.errors``), so that one file's slip does not stop an edit to another (docs/data.md,
    "Checked before written"); a broken ``pmf.yaml``, by which every file is read, still stops it, one read past a
    key written twice too. A file read past one is not edited (``refuse_read_past``)."""
    from pmf.loader import check_portfolio, find_root
    from pmf.reading import parsed_cache

    portfolio, problems = check_portfolio(find_root(root), cache=parsed_cache() if cache else None, partial=True)
    if portfolio is None:
        raise PmfError(problems)
    return portfolio


def check(portfolio: Portfolio, changes: Sequence[Edited]) -> None:
    """Raise with every problem the change would leave in the files it changes (``problems``)."""
    refuse_read_past(portfolio, [change.path for change in changes])
    found = problems(portfolio, changes)
    if found:
        raise _refused(found)


def _refused(found: list[Problem]) -> PmfError:
    return PmfError(
        [replace(p, message=f"{p.message} (the change would leave this; nothing was written)") for p in found]
    )


def refuse_held(root: Path, portfolio: Portfolio | None, path: Path, text: str) -> None:
    """Refuse a new measure or risk to be written at ``path`` (its text ``text``) whose id another file holds:
    one of a measure or risk of any service, read or not (its id is its name), and with ``portfolio``, one in a
    folder pmf passes over or a copy under another name. Worded and placed as ``check`` refuses an edit that would
    leave an id repeated (``id_held``), so ``pmf new`` says it one way whichever file holds the id."""
    ident = path.stem
    used = [p for p in sorted(root.glob(f"plans/*/*/{ident}.yaml")) if p.parent.name in RECORDS and p != path]
    other = relative(used[0], root) if used else _used_by(portfolio, ident, path) if portfolio is not None else None
    if other is not None:
        raise _refused([id_held(root, path, text, ident, other)])


def id_held(root: Path, path: Path, text: str, ident: str, other: str) -> Problem:
    """The problem of a measure or risk at ``path`` (its text ``text``) whose id the file ``other`` (named from
    ``root``) holds: at its ``id``, in the words ``pmf validate`` gives a repeated id (``loader.id_taken``)."""
    from pmf.loader import id_taken

    line, col = Document(path, text, load_fast(text)).locate(["id"])
    return Problem(relative(path, root), line, col, "id", id_taken(ident, other))


def problems(portfolio: Portfolio, changes: Sequence[Edited]) -> list[Problem]:
    """Read each edited (or new) text back, then run the rules across files on the repository as it
    would be; return every error the change would leave in the files it changes, and every new one it
    would cause in another (a formula over the figure recorded), each at its line. An error a file the
    change does not edit held already is not the change's (``Portfolio.held``; ``others`` counts those files).
    A new warning it would cause in another file is kept in ``Portfolio.caused``, to be said once it is made."""
    from pmf import checks
    from pmf.loader import model_for

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
                reading.docs[change.path] = reading.docs.pop(probe)
                if not isinstance(model, Plan) and (other := _used_by(portfolio, model.id, change.path)):
                    problems.append(id_held(portfolio.root, change.path, change.after, model.id, other))
                    continue
                models[change.path] = model
    # The rules across files run on every file that reads back cleanly; one that does not is left
    # out, its id kept from being named "no measure" elsewhere.
    failed = {change.path.stem for change in changes if change.path not in models} | portfolio.unreadable
    checked = len(reading.problems)
    standing: set[tuple[Path, tuple[str | int, ...], str]] = set()
    aside = Reading(portfolio.root)  # the new warnings in files the change does not edit, said after it is made
    for finding in checks.check(_with(portfolio, models), portfolio.settings, strict=False, unreadable=failed):
        said = (finding.path, finding.key_path, finding.message)
        if finding.severity == "warning" and finding.path not in models and said not in portfolio.warned:
            _placed(aside, finding.path)
            aside.warn(finding.path, finding.key_path, finding.message, at_key=finding.at_key)
        if finding.severity != "error":
            continue
        if finding.path not in models:
            if (held := (finding.path, finding.key_path, finding.message)) in portfolio.held:
                standing.add(held)
                continue
            _placed(reading, finding.path)
        reading.add(finding.path, finding.key_path, finding.message, at_key=finding.at_key)
    portfolio.mended = {_named(portfolio.root, *held) for held in portfolio.held - standing}
    portfolio.caused = aside.problems
    return problems + reading.problems[checked:]


def others(portfolio: Portfolio, changes: Sequence[Edited]) -> str | None:
    """A warning line for the errors files the change does not touch held already (they do not stop it) and
    still hold once it is made (not one it mended: a plan's "no measure" for the measure it writes), or None
    when there are none."""
    edited = {relative(change.path, portfolio.root) for change in changes}
    files = {p.path for p in portfolio.errors if (p.path, p.key_path, p.message) not in portfolio.mended} - edited
    if not files:
        return None
    if len(files) == 1:
        return f"warning: 1 other file has a problem: {command('pmf validate')} lists it"
    return f"warning: {len(files)} other files have problems: {command('pmf validate')} lists them"


def refuse_unreadable(portfolio: Portfolio, ident: str) -> None:
    """Refuse an edit to a measure or risk whose own file does not read, or whose id another file uses too,
    with that file's problems; so too one read past a key written twice (``refuse_read_past``)."""
    if (path := portfolio.files.get(ident)) is not None:
        refuse_read_past(portfolio, [path])
    if ident in portfolio.unreadable:
        found = [p for p in portfolio.errors if Path(p.path).stem == ident]
        if not found:  # (its id is in a file of another name, which has the problem)
            raise PmfError(
                f"{ident}: {holding(portfolio, ident)} ({command('pmf validate')} lists it; nothing was written)"
            )
        _refuse(found)


def holding(portfolio: Portfolio, ident: str) -> str:
    """Why ``ident`` is not edited, naming the files holding it that are not read or not edited (one in a folder
    pmf passes over, copies) from the root so they can be found, and what to do:
    ``plans/waste/measures/archive/WST-09.yaml holds this id and has a problem: mend it first``."""
    files = sorted(portfolio.unread_files.get(ident, ()))
    if len(files) > 1:
        return f"{listed(files)} each hold this id: keep it in one file"
    return f"{files[0] if files else 'a file'} holds this id and has a problem: mend it first"


def refuse_unread_plans(portfolio: Portfolio, service: str | None = None) -> None:
    """Refuse an edit to an activity no plan holds while a plan file does not read (the activity may be in
    it), with that file's problems, as ``refuse_unreadable``; with ``service``, a plan of that service's
    alone (a plan its new measure is to be listed in may be in it)."""
    from pmf.loader import model_for

    read = set(portfolio.files.values()) - portfolio.read_past
    found = [
        p
        for p in portfolio.errors
        if not Path(p.path).is_absolute()
        and (portfolio.root / p.path) not in read
        and model_for(portfolio.root, portfolio.root / p.path) is Plan
        and (service is None or Path(p.path).parent == Path("plans", service))
    ]
    if found:
        _refuse(found)


def refuse_read_past(portfolio: Portfolio, paths: Sequence[Path]) -> None:
    """Refuse an edit to any of ``paths`` read past a key written twice, with that file's problems: an edit taking
    off the first (a figure's ``verified``, a review's ``comment``) would leave the later one as the data."""
    names = {relative(path, portfolio.root) for path in paths if path in portfolio.read_past}
    found = [p for p in portfolio.errors if p.path in names]
    if found:
        _refuse(found)


def _refuse(found: list[Problem]) -> Never:
    raise PmfError([replace(p, message=f"{p.message} (nothing was written)") for p in found])


def _used_by(portfolio: Portfolio, ident: str, path: Path) -> str | None:
    """Another file holding ``ident`` than the one at ``path`` (a measure of another service, one in a folder pmf
    passes over), named from the root; None when there is none."""
    held = portfolio.files.get(ident)
    if held is not None and held != path:
        return relative(held, portfolio.root)
    return min(portfolio.unread_files.get(ident, set()) - {relative(path, portfolio.root)}, default=None)


def _named(root: Path, path: Path, key_path: tuple[str | int, ...], message: str) -> tuple[str, str, str]:
    """A finding of the rules across files as its ``Problem`` names it: (file, key path, message)."""
    problem = Problem(relative(path, root), key_path=dotted(key_path), message=message)
    return problem.path, problem.key_path, problem.message


def _placed(reading: Reading, path: Path) -> None:
    """Read ``path`` for the lines its findings are placed at (a file the change does not edit)."""
    if path not in reading.docs:
        with contextlib.suppress(YamlProblem, OSError):
            reading.docs[path] = Document.load(path, None, past_duplicates=True)


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
