"""Find the plans repository, read every file into models, and check what spans files."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from pydantic import BaseModel

from pmf import begun, checks, roles
from pmf.actions import Action, PriorityArea, RegulatorReport
from pmf.assessment import Assessment, PanelAssessment, ServiceReview
from pmf.cache import Cache
from pmf.collector import collector_paused
from pmf.errors import PmfError, Problem
from pmf.fieldwording import IDENTIFIER, identifier_rule
from pmf.models import Measure, Plan, Risk
from pmf.portfolio import Portfolio
from pmf.reading import Reading, parsed_cache
from pmf.repository import CONFIG, find_root
from pmf.settings import Settings
from pmf.strays import RECORDS, link_told, read_as_folder, unread_told, yaml_inside


def _listing(reading: Reading, folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries, sorted by name; an unreadable folder is a problem, not a crash."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        why = (
            "a link that leads back to itself"
            if exc.errno == errno.ELOOP
            else f"cannot read this folder: {exc.strerror}"
        )
        reading.problems.append(Problem(reading.name(folder), 0, 0, "", why))
        return []


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one; a link that leads round in a circle is not (it is named where read)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _leaves(reading: Reading, folder: Path) -> bool:
    """Whether ``folder`` is a link to a folder outside the repository (a problem, told here): its files are not read."""
    try:
        if not os.path.islink(folder) or folder.resolve().is_relative_to(reading.root.resolve()):
            return False
    except (OSError, RuntimeError):  # a link that leads round in a circle: told where the folder is listed
        return False
    why = "a link to a folder outside the plans repository: copy the folder in instead"
    reading.problems.append(Problem(reading.name(folder), 0, 0, "", why))
    return True


def _yaml_files(
    reading: Reading, folder: Path, *, services: bool = False, folders: list[os.DirEntry[str]] | None = None
) -> Iterator[Path]:
    """The YAML files of a folder: misnamed ones, links that leave the repository and what is not a file are
    problems (but for ``services``' folders, in plans/). The folders (and links to one) found beside them, but
    hidden ones and ones named as a YAML file, are put in ``folders``, from the one listing."""
    if _leaves(reading, folder):
        return
    for entry in _listing(reading, folder):
        path = Path(entry.path)
        if path.suffix.lower() not in {".yaml", ".yml"}:
            if folders is not None and not entry.name.startswith(".") and _is_folder(entry):
                folders.append(entry)
            continue
        if entry.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError):  # a link that leads round in a circle
                reading.add(path, [], "a link that leads back to itself: replace it with the file")
                continue
            if not target.exists():
                reading.add(path, [], "a broken link: the file it points to does not exist")
                continue
            if not target.is_relative_to(reading.root.resolve()):
                reading.add(path, [], "a link to a file outside the plans repository: copy the file in instead")
                continue
        if not entry.is_file():
            if not (services and _is_folder(entry)):
                what = "a folder" if _is_folder(entry) else "not a file (a pipe, a socket or a device)"
                reading.add(path, [], f"{what} with a plan file's name: pmf reads files here; rename it or move it")
            continue
        if path.suffix != ".yaml":
            reading.add(path, [], f"rename this file to {path.stem}.yaml: pmf reads .yaml files")
            reading.unread(path)
            continue
        yield path


def check_portfolio(
    root: Path,
    *,
    strict: bool = False,
    lang: str = "en",
    cache: Cache | None = None,
    today: dt.date | None = None,
    files: Collection[str] | None = None,
    partial: bool = False,
) -> tuple[Portfolio | None, list[Problem]]:
    """Read and check a whole plans repository; return what could be built and every problem.

    With ``lang="cy"``, plan text still missing its Welsh version is listed as notices.
    ``cache``: where parsed files are kept between runs (``Cache.for_parsed_files``), or None.
    ``today``: the day by which every figure's period must have begun (``pmf validate``), or None.
    ``files``: the problems of these files (named from ``root``) alone, and of a folder holding one that pmf
    passes over; a person's name warned of once among them wherever else the repository holds it (``pmf validate FILE``),
    or None for every file. ``partial``: the portfolio of what reads, even when files have errors
    (``edit_check.load_for_edit``).
    """
    with collector_paused():
        return _check_portfolio(root, strict=strict, lang=lang, cache=cache, today=today, files=files, partial=partial)


def _check_portfolio(
    root: Path,
    *,
    strict: bool,
    lang: str,
    cache: Cache | None,
    today: dt.date | None,
    files: Collection[str] | None,
    partial: bool = False,
) -> tuple[Portfolio | None, list[Problem]]:
    reading = Reading(root, welsh=lang == "cy", strict=strict, cache=cache)
    settings = reading.read(root / CONFIG, Settings)
    portfolio = Portfolio(root, settings or Settings.model_construct(organisation="", outcomes=[]))
    plans_dir = root / "plans"
    if not plans_dir.is_dir():
        reading.add(root / CONFIG, [], f"no plans/ folder beside {CONFIG}: service plans live in plans/<service>/")
    for service_dir in [Path(entry.path) for entry in _listing(reading, plans_dir) if _is_folder(entry)]:
        _read_service(reading, portfolio, service_dir)
    _read_assessments(reading, portfolio, root / "assessments")
    _read_plans_of_action(reading, portfolio, root)
    for stray in _yaml_files(reading, plans_dir, services=True):
        reading.add(
            stray, [], "files belong in a service's folder: plans/<service>/plan-YYYY-YY.yaml, measures/ and risks/"
        )
    findings = checks.check(portfolio, settings, strict=strict, unreadable=reading.unreadable, today=today)
    for found in findings:
        reading.add(found.path, found.key_path, found.message, at_key=found.at_key, severity=found.severity)
    problems = sorted(reading.problems)
    whole = not any(p.severity == "error" for p in problems) and settings is not None  # in any file, named or not
    if files is not None:
        problems = [p for p in problems if p.path in files or _holds(reading, p.path, files)]
    problems = roles.once_each(problems)  # a name written in many places is warned of once
    if not whole and not (partial and settings is not None and root / CONFIG not in reading.read_past):
        return None, problems
    portfolio.held = {(f.path, f.key_path, f.message) for f in findings if f.severity == "error"}
    portfolio.warned = {(f.path, f.key_path, f.message) for f in findings if f.severity == "warning"}
    portfolio.unreadable |= reading.unreadable
    portfolio.read_past = reading.read_past
    for ident, files in reading.unread_files.items():
        portfolio.unread_files.setdefault(ident, set()).update(files)
    portfolio.warnings = problems
    portfolio.untranslated = reading.untranslated
    return portfolio, problems


def _holds(reading: Reading, folder: str, files: Collection[str]) -> bool:
    """Whether ``folder`` is one named for holding plan files pmf does not read, and holds one of ``files``
    (``pmf validate FILE`` on a file in it names the folder; no other problem of a folder above is the file's)."""
    return folder in reading.passed_over and any(f.startswith(f"{folder}/") for f in files)


def model_for(root: Path, path: Path) -> type[BaseModel] | None:
    """The record a file at ``path`` holds, by where it lies in the repository (None: pmf does not read it)."""
    parts = path.relative_to(root).parts
    if parts == (CONFIG,):
        return Settings
    folders: dict[str, type[BaseModel]] = {
        "assessments": Assessment,
        "regulators": RegulatorReport,
        "improvement": PriorityArea,
        "panel": PanelAssessment,
    }
    if len(parts) == 2 and parts[0] in folders:
        return folders[parts[0]]
    if len(parts) == 3 and parts[0] == "plans":
        return Plan if parts[2].startswith("plan") else ServiceReview if parts[2].startswith("review-") else None
    records: dict[str, type[BaseModel]] = {"measures": Measure, "risks": Risk}
    if len(parts) == 4 and parts[0] == "plans":
        return records.get(parts[2])
    return None


def _read_service(reading: Reading, portfolio: Portfolio, folder: Path) -> None:
    service = folder.name
    if not re.fullmatch(IDENTIFIER, service):
        reading.add(folder, [], f"'{service}' is not a service id: name the folder with {identifier_rule(service)}")
        return
    if _leaves(reading, folder):
        return
    beside: list[os.DirEntry[str]] = []
    has_plan = False
    for path in _yaml_files(reading, folder, folders=beside):
        has_plan = has_plan or path.name.startswith("plan-")
        if path.name.startswith("review-"):
            review = reading.read(path, ServiceReview)
            if review is not None:
                _place_review(reading, portfolio, service, path, review)
            continue
        if not path.name.startswith("plan"):
            reading.add(
                path,
                [],
                "pmf reads only plan-YYYY-YY.yaml and review-YYYY-YY.yaml in a service folder: "
                "move a measure to measures/ and a risk to risks/",
            )
            continue
        plan = reading.read(path, Plan)
        if plan is not None:
            _place_plan(reading, portfolio, service, path, plan)
    if not has_plan:
        reading.warn(folder, [], "this service has no plan: add plan-YYYY-YY.yaml (pmf new service writes one)")
    _unread_folders(reading, folder, [e for e in beside if e.name not in RECORDS], None)
    models: tuple[tuple[str, type[Measure] | type[Risk]], ...] = (("measures", Measure), ("risks", Risk))
    for sub, model in models:
        if (folder / sub).exists() and not (folder / sub).is_dir():
            reading.add(folder / sub, [], f"{sub} must be a folder of .yaml files")
        within: list[os.DirEntry[str]] = []
        for path in _yaml_files(reading, folder / sub, folders=within):
            record: Measure | Risk | None = reading.read(path, model)
            if record is None:
                reading.unread(path)
                continue
            if record.id != path.stem:
                reading.add(
                    path,
                    ["id"],
                    f"id '{record.id}' must equal the file name '{path.stem}' (rename the file or change the id)",
                )
            if record.id in portfolio.files:
                other = portfolio.files[record.id]
                reading.add(path, ["id"], id_taken(record.id, reading.name(other)))
                portfolio.unreadable |= {record.id, path.stem, other.stem}  # an edit cannot tell which copy is meant
                for ident, holding in ((record.id, path), (record.id, other), (path.stem, path)):
                    portfolio.unread_files.setdefault(ident, set()).add(reading.name(holding))
                continue
            portfolio.files[record.id] = path
            portfolio.service_of[record.id] = service
            if isinstance(record, Measure):
                portfolio.measures[record.id] = record
            else:
                assert isinstance(record, Risk)
                portfolio.risks[record.id] = record
        _unread_folders(reading, folder, within, sub)


def id_taken(ident: str, other: str) -> str:
    """The problem of a measure or risk whose id the file ``other`` (named from the root) holds already."""
    return f"id '{ident}' is already used by {other}: identifiers are unique across the repository"


def _unread_folders(reading: Reading, service: Path, folders: Sequence[os.DirEntry[str]], inside: str | None) -> None:
    """Name each of ``folders`` that holds YAML files pmf would pass over: one beside measures/ and risks/ in a
    service folder (``measure/``, ``Measures/``, ``archive/``) or ``inside`` them (``measures/archive/``). A
    folder holding none is left alone; ids of the files passed over are not also missing. A link is never
    walked: one leading out of the repository is told so."""
    for entry in folders:
        if entry.is_symlink():
            if not _leaves(reading, Path(entry.path)) and (
                told := link_told(reading.root, service, Path(entry.path), inside)
            ):
                _told_link(reading, Path(entry.path), *told)
            continue
        if inside is None and (
            read_as := read_as_folder(service, entry.name)
        ):  # (a disk where capitals count the same)
            why = f"rename the folder '{entry.name}' to '{read_as}': pmf reads it here, but not where capitals count"
            reading.add(Path(entry.path), [], f"{why} (Linux, where CI runs)")
            continue
        files = yaml_inside(Path(entry.path))
        if files:
            for path in files:
                reading.unread(path)
            reading.add(Path(entry.path), [], unread_told(service, entry.name, inside, files))
            reading.passed_over.add(reading.name(Path(entry.path)))


def _told_link(reading: Reading, link: Path, said: str, read_there: bool, files: list[Path]) -> None:
    """Tell of a link to a folder inside the repository (``strays.link_told``): a warning when its files are read
    where they are; else a problem, as a folder passed over, its files' ids not also missing."""
    reading.problems.append(Problem(reading.name(link), 0, 0, "", said, "warning" if read_there else "error"))
    for path in [] if read_there else files:
        reading.unread(path)
        reading.passed_over.add(reading.name(link))


def _read_assessments(reading: Reading, portfolio: Portfolio, folder: Path) -> None:
    """Read ``assessments/<year>-<window>.yaml``: the officer's narrative for each report."""
    for path in _yaml_files(reading, folder):
        found = reading.read(path, Assessment)
        if found is None:
            continue
        expected = f"{found.financial_year}-{found.window.value}.yaml"
        if path.name != expected:
            reading.add(
                path,
                ["financial_year"],
                f"an assessment for {found.financial_year} {found.window.value} must be in a file named {expected}",
            )
            continue
        portfolio.assessments[(found.financial_year, found.window.value)] = found
        portfolio.files[f"assessment/{found.financial_year}/{found.window.value}"] = path


def _read_plans_of_action(reading: Reading, portfolio: Portfolio, root: Path) -> None:
    """``regulators/``, ``improvement/`` and ``panel/``: ids match file names; action ids are unique."""
    seen: dict[str, Path] = {}

    def place(path: Path, ident: str, actions: Sequence[Action]) -> bool:
        if ident != path.stem:
            reading.add(path, ["id"], f"id '{ident}' must equal the file name '{path.stem}'")
            return False
        for action in actions:
            if action.id in seen:
                reading.add(path, ["id"], f"action id '{action.id}' is also used in {reading.name(seen[action.id])}")
            seen[action.id] = path
        return True

    for path in _yaml_files(reading, root / "regulators"):
        report = reading.read(path, RegulatorReport)
        if report is not None and place(path, report.id, [a for r in report.recommendations for a in r.actions]):
            portfolio.regulators[report.id] = report
    for path in _yaml_files(reading, root / "improvement"):
        area = reading.read(path, PriorityArea)
        if area is not None and place(path, area.id, area.actions):
            portfolio.improvement[area.id] = area
    for path in _yaml_files(reading, root / "panel"):
        panel = reading.read(path, PanelAssessment)
        if panel is None:
            continue
        if path.stem != panel.financial_year:
            reading.add(
                path,
                ["financial_year"],
                f"the panel assessment for {panel.financial_year} must be in a file named {panel.financial_year}.yaml",
            )
            continue
        if place(path, path.stem, [a for r in panel.recommendations for a in r.response.actions]):
            portfolio.panels[panel.financial_year] = panel
            portfolio.files[f"panel/{panel.financial_year}"] = path


def _place_review(reading: Reading, portfolio: Portfolio, service: str, path: Path, review: ServiceReview) -> None:
    expected = f"review-{review.financial_year}.yaml"
    if path.name != expected:
        reading.add(
            path, ["financial_year"], f"a review for {review.financial_year} must be in a file named {expected}"
        )
    elif review.id != service:
        reading.add(path, ["id"], f"id '{review.id}' must equal the service's folder name '{service}'")
    else:
        portfolio.reviews[(service, review.financial_year)] = review


def _place_plan(reading: Reading, portfolio: Portfolio, service: str, path: Path, plan: Plan) -> None:
    expected = f"plan-{plan.financial_year}.yaml"
    if path.name != expected:
        reading.add(
            path,
            ["financial_year"],
            f"a plan for {plan.financial_year} must be in a file named {expected} (this file is {path.name})",
        )
        return
    if plan.id != service:
        reading.add(path, ["id"], f"id '{plan.id}' must equal the service's folder name '{service}'")
        return
    portfolio.plans[(service, plan.financial_year)] = plan
    portfolio.files[f"{service}/{plan.financial_year}"] = path


def load_portfolio(
    root: Path | str | None = None,
    *,
    strict: bool = False,
    cache: bool = False,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> Portfolio:
    """Find and load the plans repository at or above ``root``; raise ``PmfError`` with every problem.

    Files are read in this process, one after another. ``cache=True`` keeps their parsed data in
    the user's cache folder, as the command line does, so an unchanged file is not parsed again.

    Two days may be given, each a ``datetime.date``; without them no day is assumed (the library reads no clock):

    - ``today``: the day the plans are checked against, as ``pmf validate --as-of`` checks them: a figure for
      a period not begun by then, or a sign-off dated after it, is a problem (``PmfError``), most often a
      year typed wrong;
    - ``as_of``: the day the plans are read as of, as ``pmf status --as-of`` reads them (``begun.as_of``): a
      figure for a period not begun by then is left out, without complaint. Exempt risks are kept: ``pmf
      export`` and the reports leave those out, a program decides for itself.
    """
    as_of, today = _day("as_of", as_of), _day("today", today)
    found = find_root(Path(root) if root is not None else None)
    portfolio, problems = check_portfolio(found, strict=strict, cache=parsed_cache() if cache else None, today=today)
    if portfolio is None:
        raise PmfError(problems)
    return portfolio if as_of is None else begun.as_of(portfolio, as_of)[0]


def _day(name: str, day: dt.date | None) -> dt.date | None:
    """A day given to ``load_portfolio``: a date, or a datetime's day (a datetime is a date, but is not compared
    with one); a TypeError for anything else."""
    if day is not None and not isinstance(day, dt.date):
        raise TypeError(f"{name}: a datetime.date, such as datetime.date(2027, 1, 5), not {day!r}")
    return day.date() if isinstance(day, dt.datetime) else day


__all__ = [
    "Portfolio",
    "check_portfolio",
    "find_root",
    "load_portfolio",
]
