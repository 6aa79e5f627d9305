"""Measure definitions in bulk (``pmf import --definitions``): one new measure file per spreadsheet row.

Every row is checked first, as ``pmf validate`` checks a measure file, and nothing is written
unless every row is good. Each file is written from the measure template (``pmf new measure``),
so it keeps the template's comments, order and block style; existing files are never touched.
Each new measure is listed in its service's plan as ``pmf new measure`` lists one, written
together with the files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.definition_cells import cell_text, member, normal, threshold, yaml_value
from pmf.errors import PmfError, Problem
from pmf.fields import DataType
from pmf.fieldwording import IDENTIFIER, identifier_rule, not_an_identifier
from pmf.models import Measure
from pmf.suggested import command

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio
    from pmf.record import Change

KEYS = [k for k in Measure.model_fields if k not in ("thresholds", "outturns")]
REQUIRED = ("service", "id", "kind", "title", "frequency", "benchmarking")
_COMMENTED_KEY = re.compile(r"# (\w+): [^#\n]*?(  # .*\n|\n)")
_MID_YEAR = re.compile(r"mid[\s_-]*year", re.IGNORECASE)
_THRESHOLD = re.compile(r"(?<![a-z])(target|tolerance)(?![a-z])", re.IGNORECASE)
_IDENTIFIER = re.compile(IDENTIFIER)


@dataclass
class Definition:
    """One row: where it came from, the service it belongs to, and the file's text."""

    row: int
    service: str
    id: str
    text: str
    path: Path
    listed_under: str = "performance_measures"  # the plan's list for its kind: indicators or performance_measures

    @property
    def after(self) -> str:
        """The new file's text (as an edit's, for ``edit_check``)."""
        return self.text


@dataclass
class Columns:
    """What each column of the sheet holds: a measure key, ``service``, or a year's target or tolerance."""

    keys: dict[str, int] = field(default_factory=dict)
    thresholds: dict[tuple[str, str], int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


def known_columns(header: list[str]) -> int:
    """How many of ``header``'s columns name a measure key, the service or a year's threshold."""
    from pmf.publications import period_label

    return sum(
        1
        for name in header
        if name
        and (normal(name) in KEYS or normal(name) == "service" or (_THRESHOLD.search(name) and period_label(name)))
    )


def read_columns(header: list[str], source: str, row: int = 1, elsewhere: str = "") -> Columns:
    """Name every column, or stop with one problem per column that is not a measure key
    (``elsewhere``: where else the header may be, said when required columns are missing)."""
    from pmf.errors import suggestion
    from pmf.publications import period_label

    columns = Columns()
    problems = []
    for index, name in enumerate(header, start=1):
        if not name:
            continue
        columns.names[index] = name
        key = normal(name)
        which = _THRESHOLD.search(name)
        year = period_label(name)
        if key in KEYS or key == "service":
            columns.keys[key] = index
        elif which and year and " " not in year:
            mid = "mid-year " if _MID_YEAR.search(name) else ""
            columns.thresholds[(year, mid + which.group(1).lower())] = index
        else:
            problems.append(
                Problem(
                    source,
                    row,
                    index,
                    name,
                    f"not a measure key{suggestion(key, [*KEYS, 'service'])}: name columns as the measure file's keys, "
                    "'service' for the folder, and 'target 2026-27' / 'tolerance 2026-27' for a year's thresholds",
                )
            )
    for (year, side), index in columns.thresholds.items():
        pair = side.replace("target", "tolerance")
        if side.endswith("target") and (year, pair) not in columns.thresholds:
            problems.append(
                Problem(
                    source,
                    row,
                    index,
                    columns.names[index],
                    f"no '{pair} {year}' column beside it: add one, leaving a cell blank where a measure has "
                    "No Tolerance (a missing column is not read as No Tolerance for every measure)",
                )
            )
    missing = [k for k in REQUIRED if k not in columns.keys]
    if missing:
        problems.append(
            Problem(source, row, 0, "", f"no column for {', '.join(missing)}: every measure needs one{elsewhere}")
        )
    if problems:
        raise PmfError(problems)
    return columns


class Template:
    """The measure template split at its top-level keys, so each row's values drop into it."""

    def __init__(self, today: dt.date, year: str) -> None:
        from pmf import edits, nodes
        from pmf.scaffold import filled

        text = filled("measure", "ID", today, year)
        root = nodes.compose(text)
        starts = [edits.line_start(text, k.start_mark.index) for k, _ in root.value] + [len(text)]
        self.header = text[: starts[0]]
        self.lines: dict[str, tuple[str, str]] = {}  # key -> (text before the value, text after it)
        self.trailer = ""  # the comments after the thresholds (how outturns will look)
        for (key, value), start, end in zip(root.value, starts, starts[1:], strict=False):
            if key.value == "thresholds":
                head = text[start : edits.line_end(text, key.end_mark.index)]
                self.lines["thresholds"] = (head, "")
                inner = value.value[0][0].start_mark.column if value.value else 2
                self.indent = " " * inner
                last = value.value[-1][1] if value.value else key
                self.trailer = text[edits.line_end(text, last.end_mark.index - 1) : end]
                continue
            after = text[value.end_mark.index : end]
            # An optional key the template shows as a comment ("# benchmark_code: PAM/030  # ...")
            # is written in its place, with its guidance, when the sheet gives it.
            for line in after.splitlines(keepends=True)[1:]:
                shown = _COMMENTED_KEY.fullmatch(line)
                if shown and shown.group(1) in KEYS:
                    self.lines[shown.group(1)] = (f"{shown.group(1)}: ", shown.group(2) or "\n")
                    after = after.replace(line, "", 1)
            self.lines[str(key.value)] = (text[start : value.start_mark.index], after)

    def fill(self, values: dict[str, str], thresholds: dict[str, dict[str, str]]) -> str:
        """The file for one measure: the template's keys in order, each given key's value in place."""
        out = [self.header]
        order = [*KEYS, "thresholds"]  # outturns: `pmf record` and `pmf import` add the list when there are figures
        for key in order:
            if key == "thresholds":
                head = self.lines.get("thresholds", ("thresholds:\n", ""))[0]
                if not thresholds:
                    out.append(head.replace("thresholds:", "thresholds: {}", 1) + self.trailer)
                    continue
                out.append(head)
                for year in sorted(thresholds):
                    pair = thresholds[year]
                    body = ", ".join(f"{k}: {pair.get(k, 'null')}" for k in ("target", "tolerance"))
                    if "mid-year target" in pair or "mid-year tolerance" in pair:
                        mid = (f"{k}: {pair.get('mid-year ' + k, 'null')}" for k in ("target", "tolerance"))
                        body += ", mid-year: {" + ", ".join(mid) + "}"
                    out.append(f"{self.indent}{year}: {{{body}}}\n")
                out.append(self.trailer)
            elif key in values:
                before, after = self.lines.get(key, (f"{key}: ", "\n"))
                out.append(f"{before}{values[key]}{after}")
        return "".join(out)


def plan_definitions(
    portfolio: Portfolio, path: Path, sheet: str | None, today: dt.date
) -> tuple[list[Definition], list[Path]]:
    """Check every row and work out each new file; return them and the files that already exist.

    Raise with every problem (row and column in each) and write nothing when any row is bad.
    """
    from pmf.errors import suggestion
    from pmf.exchange import read_records
    from pmf.schedule import planning_year
    from pmf.spreadsheet import naming_other_sheets, other_sheets

    with naming_other_sheets(path, sheet):
        at, records = read_records(path, sheet, known_columns)
    header = list(records[0])
    columns = read_columns(header, path.name, at, other_sheets(path, sheet) if not known_columns(header) else "")
    template = Template(today, planning_year(portfolio.settings, today))
    root = portfolio.root
    services = sorted(p.name for p in (root / "plans").iterdir() if p.is_dir()) if (root / "plans").is_dir() else []
    problems: list[Problem] = []
    found: list[Definition] = []
    existing: list[Path] = []
    rows_of: dict[str, int] = {}
    for number, record in enumerate(records, start=at + 1):
        cells = list(record.values())
        if not any(cell_text(v) for v in cells):
            continue

        def cell(index: int, cells: list[Any] = cells) -> str:
            return cell_text(cells[index - 1]) if index - 1 < len(cells) else ""

        def problem(index: int, message: str, number: int = number) -> None:
            problems.append(Problem(path.name, number, index, columns.names.get(index, ""), message))

        values: dict[str, str] = {}
        bad = False
        for key, index in columns.keys.items():
            text = cell(index)
            if not text or key == "service":
                continue
            try:
                values[key] = yaml_value(key, text)
            except ValueError as exc:
                problem(index, str(exc))
                bad = True
        thresholds: dict[str, dict[str, str]] = {}
        data_type = member(DataType, cell(columns.keys["data_type"])) if "data_type" in columns.keys else None
        unit = cell(columns.keys["unit"]) if "unit" in columns.keys else None
        for (year, which), index in columns.thresholds.items():
            if cell(index):
                try:
                    thresholds.setdefault(year, {})[which] = threshold(cells[index - 1], data_type, unit)
                except ValueError as exc:
                    problem(index, str(exc))
                    bad = True
        for (year, which), index in columns.thresholds.items():
            needed = which.replace("tolerance", "target")
            pair = thresholds.get(year, {})
            if which in pair and needed not in pair and not cell(columns.thresholds.get((year, needed), 10**6)):
                problem(index, f"a {which} needs a {needed} for {year}")
                bad = True
        service, ident = cell(columns.keys["service"]), cell(columns.keys["id"])
        if not service:
            problem(columns.keys["service"], "no service: name the folder under plans/ this measure belongs to")
            continue
        if service not in services:
            problem(
                columns.keys["service"],
                f"no service '{service}' under plans/{suggestion(service, services)}: "
                f"create it first with `{command(f'pmf new service {service}')}`"
                if _IDENTIFIER.fullmatch(service)
                else f"'{service}' is not a service id: use {identifier_rule(service)}",
            )
            continue
        if not ident:  # a row of a definition whose id was left out or cleared, as pmf import says of figures
            said = f"the id cell of row {number} is empty, and the row has a definition: write the new measure's id"
            problem(columns.keys["id"], f"{said} in it, or delete the row")
            continue
        if not _IDENTIFIER.fullmatch(ident):
            problem(columns.keys["id"], not_an_identifier(ident))
            continue
        if ident in rows_of:
            problem(columns.keys["id"], f"'{ident}' is also on row {rows_of[ident]}")
            continue
        rows_of[ident] = number
        target = root / "plans" / service / "measures" / f"{ident}.yaml"
        if target.exists():
            existing.append(target)
            continue
        if ident in portfolio.files:
            where = portfolio.files[ident].relative_to(root).as_posix()
            problem(columns.keys["id"], f"'{ident}' is already used by {where}: identifiers are unique")
            continue
        if not bad:
            under = "indicators" if values.get("kind") == "indicator" else "performance_measures"
            found.append(Definition(number, service, ident, template.fill(values, thresholds), target, under))
    problems += _check(portfolio, found, columns, path.name)
    if problems:
        raise PmfError(problems)
    return found, existing


def _check(portfolio: Portfolio, found: list[Definition], columns: Columns, source: str) -> list[Problem]:
    """Check the new files as ``pmf validate`` would, among the repository's own; place each problem at its cell."""
    from pmf import edit_check
    from pmf.errors import relative

    by_name = {relative(new.path, portfolio.root): new for new in found}
    placed = []
    for p in edit_check.problems(portfolio, found):
        d = by_name[p.path]
        parts = p.key_path.split(".")
        required = re.fullmatch(r"'(\w+)' is required.*", p.message)
        index = columns.keys.get(required.group(1) if required and not p.key_path else parts[0], 0)
        if parts[0] == "thresholds" and len(parts) > 1:
            which = " ".join(parts[2:]) or "target"  # thresholds.2026-27.mid-year.target: 'mid-year target'
            index = columns.thresholds.get((parts[1], which), 0)
        message = f"is empty: every measure needs a {required.group(1)}" if required and not p.key_path else p.message
        placed.append(Problem(source, d.row, index, columns.names.get(index, p.key_path), message))
    return placed


def changes(
    portfolio: Portfolio, found: list[Definition], today: dt.date, outcome: str | None
) -> tuple[list[Change], list[str]]:
    """The new files, and the edits listing them in their services' plans for the year a new measure's
    target is for, as ``pmf new measure`` lists one (``scaffold.listing``): for ``record.commit`` to
    write together, all or none. And a sentence for each service saying what its plan gets."""
    from pmf.errors import relative
    from pmf.record import Change
    from pmf.scaffold import listing
    from pmf.schedule import planning_year

    new = [
        Change(d.path, "", d.text, f"wrote {relative(d.path, portfolio.root)}", _as(d.text), created=True)
        for d in found
    ]
    services: dict[str, dict[str, str]] = {}
    for d in found:
        services.setdefault(d.service, {})[d.id] = d.listed_under
    listed, said = [], []
    for service, ids in services.items():
        change, sentence = listing(portfolio, service, planning_year(portfolio.settings, today), ids, outcome)
        listed += [change] if change is not None else []
        said.append(sentence)
    return new + listed, said


def _as(text: str) -> Callable[[str], str]:
    """A new file's edit, made again on whatever is there: its text."""
    return lambda _: text
