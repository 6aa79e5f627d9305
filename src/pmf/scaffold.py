"""New files pre-filled from the templates (``pmf new``) and a new council's repository (``pmf init``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path, PurePath
from string import Template
from typing import TYPE_CHECKING

from pmf import edit_check, rollover
from pmf.atomic import write_atomic
from pmf.errors import UsageError, relative
from pmf.fieldwording import IDENTIFIER, identifier_rule, not_an_identifier
from pmf.i18n import english_date
from pmf.nodes import read_for_edit
from pmf.schedule import planning_year, sign_off_due
from pmf.settings import RiskMatrix
from pmf.suggested import command

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio
    from pmf.record import Change

KINDS = ("measure", "risk", "service")


def _template(name: str, **values: str) -> str:
    text = resources.files("pmf").joinpath(f"data/new/{name}.yaml").read_text(encoding="utf-8")
    return Template(text).substitute(values)


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise UsageError(f"{path} already exists: pmf new never overwrites a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    return path


def _measures_lines(measures: list[str]) -> str:
    """The plan's performance measures, one a line (or the guidance, commented, when there are none yet)."""
    guide = "performance_measures:  # measure ids of kind performance_measure, one a line\n"
    if not measures:
        return f"    # {guide}    #   - SVC-02\n"
    return f"    {guide}" + "".join(f"      - {m}\n" for m in measures)


def filled(
    kind: str,
    ident: str,
    today: dt.date,
    year: str,
    outcome: str = "resilient",
    measures: list[str] | None = None,
    review_months: int = RiskMatrix().review_months,
    sign_off: dt.date | None = None,
) -> str:
    """The template for a measure, risk or service plan, filled in for ``ident`` on ``today``; a measure's
    target and a plan are for ``year`` (``schedule.planning_year``).

    A risk's first review falls due ``review_months`` (pmf.yaml's ``risk_matrix.review_months``) on; a
    plan's sign-off by ``sign_off`` (``schedule.sign_off_due``; the framework's 31 March when not given).
    """
    from pmf.schedule import add_months

    due = sign_off or sign_off_due(None, year)
    values = {
        "risk_review": add_months(today, review_months).isoformat(),
        "id": ident,
        "today": today.isoformat(),
        "review": today.replace(year=today.year + 1).isoformat()
        if not (today.month == 2 and today.day == 29)
        else f"{today.year + 1}-02-28",
        "year": year,
        "outcome": outcome,
        "measures": _measures_lines(measures or []),
        "start": f"{year[:4]}-04-01",
        "end": f"{int(year[:4]) + 1}-03-31",
        "sign_off": english_date(due),
        "sign_off_iso": due.isoformat(),
    }
    return _template("plan" if kind == "service" else kind, **values)


def new_file(
    root: Path,
    kind: str,
    ident: str,
    service: str | None,
    today: dt.date,
    outcome: str,
    measures: list[str] | None = None,
) -> tuple[Path, str | None]:
    """Write a measure, risk or service plan pre-filled with every template field and guidance.

    Returns the file, and for a plan drafted from the service's latest one a sentence saying so.
    """
    from pmf.schemas import repository_settings

    settings = repository_settings(root)  # its calendar and risk matrix; the framework's when pmf.yaml has problems
    year = planning_year(settings, today)
    path = _new_path(root, kind, ident, service, year)
    if kind == "service":
        earlier = latest_plan(path)
        if earlier is not None and not path.exists():  # next year's plan starts from this year's (pmf.rollover)
            text, carried = _rolled(root, earlier, year, sign_off_due(settings, year))
            return _write_new(path, text), _started_from(earlier, year, carried)
        due = sign_off_due(settings, year)
        path = _write_new(path, filled(kind, ident, today, year, outcome, measures, sign_off=due))
        for sub in ("measures", "risks"):
            (path.parent / sub).mkdir(exist_ok=True)
        return path, None
    matrix = settings.risk_matrix if settings is not None else RiskMatrix()
    text = filled(kind, ident, today, year, outcome, review_months=matrix.review_months)
    edit_check.refuse_held(root, None, path, text)
    return _write_new(path, text), None


def _started_from(earlier: Path, year: str, carried: list[str]) -> str:
    """What the draft for ``year`` took from the plan at ``earlier``, and its activities not complete."""
    left = (
        f"not complete, to carry over with a new id or drop: {'; '.join(carried)}" if carried else "none to carry over"
    )
    return (
        f"started from {earlier.name}: the same outcomes and measures; its activities stay there, {left}; "
        f"still to do: each measure's {year} target and the sign-off"
    )


def _rolled(root: Path, earlier: Path, year: str, due: dt.date) -> tuple[str, list[str]]:
    """The draft for ``year`` (its sign-off due by ``due``) from the plan at ``earlier`` and the activities
    to carry over; a plan it cannot read is named at its line."""
    from pmf.errors import PmfError, Problem, relative
    from pmf.nodes import Unreadable
    from pmf.yamlscreen import YamlProblem

    try:
        return rollover.next_plan(read_for_edit(earlier), plan_year(earlier), year, due)
    except (ValueError, YamlProblem) as exc:  # as pmf validate places it: not text, or not YAML
        line, column = (
            (exc.line, exc.column)
            if isinstance(exc, Unreadable)
            else (exc.line, exc.col)
            if isinstance(exc, YamlProblem)
            else (0, 0)
        )
        said = f"{exc}: the {year} plan starts from this one, so fix it first ({command('pmf validate')} says how)"
        raise PmfError([Problem(relative(earlier, root), line, column, "", said)]) from None


def latest_plan(path: Path) -> Path | None:
    """The service's latest plan before the one at ``path``, if it has one."""
    year = plan_year(path)
    earlier = [p for p in path.parent.glob("plan-*.yaml") if (plan_year(p) or "") < year and plan_year(p)]
    return max(earlier, key=plan_year, default=None)


def plan_year(path: Path) -> str:
    return rollover.plan_year_of(path.name) or ""


def _new_path(root: Path, kind: str, ident: str, service: str | None, year: str) -> Path:
    """Where ``pmf new KIND ID`` writes (a plan: for ``year``); a UsageError for an id or service it cannot take."""
    import re

    if not re.fullmatch(IDENTIFIER, ident):
        raise UsageError(not_an_identifier(ident))
    if kind == "service":
        return root / "plans" / ident / f"plan-{year}.yaml"
    if service is None:
        raise UsageError(f"pmf new {kind} needs --service SERVICE: the folder under plans/ it belongs to")
    if not re.fullmatch(IDENTIFIER, service):  # a path typed (plans/waste, tab-completed) or a name with a space
        parts = PurePath(service.replace("\\", "/")).parts
        named = next(
            (part for part in parts if re.fullmatch(IDENTIFIER, part) and (root / "plans" / part).is_dir()), None
        )
        instead = f": name the folder alone, --service {named}" if named is not None else ""
        raise UsageError(
            f"--service '{service}' is not a service id: it is the name of its folder under plans/, in "
            f"{identifier_rule(service) if named is None else identifier_rule('')}{instead}"
        )
    if not (root / "plans" / service).is_dir():
        raise UsageError(
            f"no service '{service}' under plans/: create it first with `{command(f'pmf new service {service}')}`"
        )
    return root / "plans" / service / ("measures" if kind == "measure" else "risks") / f"{ident}.yaml"


def new_locked(root: Path, kind: str, ident: str, service: str | None, today: dt.date) -> tuple[Path, str | None]:
    """``new_file`` under the repository's edit lock, as every edit: a risk or a service's first plan."""
    from pmf import transaction

    with transaction.locked(root):
        transaction.recover(root)
        return new_file(root, kind, ident, service, today, "resilient")


def new_measure(
    root: Path, portfolio: Portfolio | None, ident: str, service: str | None, today: dt.date, outcome: str | None
) -> tuple[Path, str]:
    """Write a new measure and list it in its service's plan for the year its template sets a target
    for (``schedule.planning_year``: the coming year from two months before its sign-off day), under ``outcome`` (the plan's first by default): both files or neither,
    checked as ``pmf validate`` would, under the edit lock. Returns the new file and a sentence on the plan.

    With no plan for that year, or a ``pmf.yaml`` that does not read (``portfolio`` None: the plans are read by
    it), the measure is written alone (from the template, so valid as written) and the sentence says what to do;
    an error in another file does not stop it (``edit_check.load_for_edit``), one in the plan for the year does.
    """
    from pmf.schemas import repository_settings

    year = planning_year(portfolio.settings if portfolio is not None else repository_settings(root), today)
    path = _new_path(root, "measure", ident, service, year)
    service = path.parent.parent.name
    text = filled("measure", ident, today, year)
    edit_check.refuse_held(root, portfolio, path, text)
    if portfolio is None:
        where = f"plans/{service}/plan-{year}.yaml"
        return new_locked(root, "measure", ident, service, today)[0], (
            f"{ident} is not listed in a plan: pmf.yaml has problems (`{command('pmf validate')}` lists them); once they "
            f"are mended, list it under an outcome's performance_measures in {where} if it is not there yet"
        )
    listed, said = listing(portfolio, service, year, {ident: "performance_measures"}, outcome)
    plan = portfolio.plan(service, year)
    if listed is not None and plan is not None and plan.sign_off is not None:
        said += (
            f"\nwarning: the {year} plan was signed off on {english_date(plan.sign_off.date)}, so {ident} joins it after "
            f"sign-off, its target set now: {command('pmf audit')} flags the change; take it to the Cabinet Member "
            "with the plan"
        )
    _create(portfolio, path, text, listed)
    return path, said


def new_risk(root: Path, portfolio: Portfolio | None, ident: str, service: str | None, today: dt.date) -> Path:
    """Write a new risk, checked as ``pmf validate`` would (its id held by no other file), under the edit lock;
    with a ``pmf.yaml`` that does not read (``portfolio`` None) from the template alone, as ``new_locked``."""
    if portfolio is None:
        return new_locked(root, "risk", ident, service, today)[0]
    year = planning_year(portfolio.settings, today)
    path = _new_path(root, "risk", ident, service, year)
    review_months = portfolio.settings.risk_matrix.review_months
    text = filled("risk", ident, today, year, review_months=review_months)
    edit_check.refuse_held(root, portfolio, path, text)
    _create(portfolio, path, text)
    return path


def _create(portfolio: Portfolio, path: Path, text: str, listed: Change | None = None) -> None:
    """Write the new file at ``path`` (and the plan listing it), both or neither, checked first."""
    from pmf import record

    new = record.Change(path, "", text, f"wrote {relative(path, portfolio.root)}", lambda _: text, created=True)
    record.commit(portfolio, [new] if listed is None else [new, listed])


def listing(
    portfolio: Portfolio, service: str, year: str, ids: Mapping[str, str], outcome: str | None
) -> tuple[Change | None, str]:
    """The edit listing new measures in the service's plan for ``year``, each (``ids``: id to list) in an
    outcome's ``indicators`` or ``performance_measures`` as its kind says, under ``outcome`` (the plan's
    first by default); None when there is no such plan, or it lists them all already. And a sentence
    saying what it does."""
    from pmf import edit_check, edits
    from pmf.errors import suggestion
    from pmf.nodes import read_for_edit
    from pmf.record import Change, edited

    plan = portfolio.plan(service, year)
    if plan is None:
        edit_check.refuse_unread_plans(portfolio, service)  # the plan for the year may be the one that does not read
        if outcome is not None:
            raise UsageError(f"--outcome '{outcome}': there is no plan for {year} in plans/{service}/ to list it in")
        lists = ", and ".join(f"{', '.join(named)} there under an outcome's {key}" for key, named in _by_list(ids))
        return None, f"no plan for {year} in plans/{service}/ yet: when it is written, list {lists}"
    path = portfolio.files[f"{service}/{year}"]
    name = relative(path, portfolio.root)
    already = [ident for ident in ids if ident in plan.measure_ids()]
    ids = {ident: key for ident, key in ids.items() if ident not in already}
    if not ids:
        return None, f"{name} lists {', '.join(already)} already"
    carried = [o.outcome for o in plan.outcomes]
    if outcome is not None and outcome not in carried:
        raise UsageError(
            f"--outcome '{outcome}': {name} carries {', '.join(carried)}{suggestion(outcome, carried)}: "
            "name one of them, or add the outcome to the plan first"
        )
    index = carried.index(outcome) if outcome is not None else 0

    groups = _by_list(ids)

    def redo(text: str) -> str:
        for key, named in groups:
            text = edits.add_values(text, ["outcomes", index], key, named)
        return text

    if len(groups) == 1:
        said = f"listed {', '.join(groups[0][1])} in {name} under the outcome '{carried[index]}' ({groups[0][0]})"
    else:
        each = " and ".join(f"{', '.join(named)} ({key})" for key, named in groups)
        said = f"listed {each} in {name} under the outcome '{carried[index]}'"
    if already:
        said += f"; it lists {', '.join(already)} already"
    before = read_for_edit(path)
    return Change(path, before, edited(portfolio.root, path, before, redo), said, redo), said


def _by_list(ids: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """The ids grouped by the list they go in, performance_measures first."""
    keys = sorted(set(ids.values()), reverse=True)  # performance_measures before indicators
    return [(key, [ident for ident, its in ids.items() if its == key]) for key in keys]


PMF_YAML = """\
# Organisation settings for pmf (docs/files.md lists every key).
organisation:$organisation
status_scheme: royg  # royg (four colours) or rag-variance
required_outcomes: [resilient]  # every service plan carries these; documents list them first
outcomes:  # the Corporate Plan outcomes; titles in English and Welsh (a Welsh report shows the Welsh)
  - id: resilient
    title:
      en: The council is resilient
      cy: Mae'r cyngor yn gydnerth
  - id: healthy
    title:
      en: People in the county are healthy and independent
      cy: Mae pobl yn y sir yn iach ac yn annibynnol
risk_matrix:
  likelihood: 5
  impact: 5
"""


# The example service pmf init writes is a worked example, its guidance written as a service lead
# would, so a new repository validates with no warning; pmf new leaves the guidance (placeholders).
EXAMPLE = {
    "'To write: the title of the service'": "Customer Services",
    "'To write: the role of the head of service'": "Head of Customer Services",
    "'To write: the role of the Cabinet Member for the service'": "Cabinet Member for Corporate Services",
    "To write: the Head of Service's vision for the service and how its outcomes support the\n"
    "  well-being of people and communities.": "Residents get the help they need at their first contact with the\n"
    "  council, by telephone, online or in person.",
    "'To write: a team or function'": "Customer contact centre",
    "'To write: implications of the plan for budgets, agreed savings and assets.'": (
        "Savings of 2% from moving routine enquiries online; no change to assets."
    ),
    "'To write: support needed from other services (ICT, Legal, HR, Procurement), contracts due.'": (
        "ICT for the contact system; its support contract is due for renewal in March."
    ),
    "'To write: learning and development needs, skill gaps, succession planning.'": (
        "Training for new advisers; succession planning for team leaders."
    ),
    "'To write: the title of the measure'": "Percentage of enquiries resolved at first contact",
    "'To write: what this measure monitors and what the information is used for.'": (
        "How many enquiries are answered without being passed on, to plan staffing and training."
    ),
    "'To write: what the measure covers and what it excludes.'": (
        "Enquiries by telephone, e-mail and in person; complaints are excluded."
    ),
    "'To write: where the data comes from, and when it must be taken from the source system.'": (
        "The customer contact system, taken on the fifth working day after the quarter ends."
    ),
    "'To write: how it is calculated, and what is included or excluded.'": (
        "Enquiries resolved at first contact divided by all enquiries, times 100."
    ),
    "'To write: how the figures are checked for accuracy before they are reported.'": (
        "A team leader checks ten enquiries a quarter before the figure is reported."
    ),
    "'To write: the role of the lead officer'": "Customer Services Manager",
    "'To write: the title of the risk'": "Loss of the customer contact system",
    "'To write: what could happen, why, and what it would affect.'": (
        "A failure of the contact system would stop the service answering and recording enquiries."
    ),
    "'To write: the role of the risk owner'": "Head of Customer Services",
    "'To write: a control in place now'": "Daily back-ups and a support contract with a four-hour response",
    "'To write: a further action to reach the target score'": "Test the recovery plan twice a year",
}


def _name(english: str, welsh: str | None) -> str:
    """The council's name as pmf.yaml's ``organisation:`` holds it, written straight after the colon: its
    English, or its English and Welsh on lines of their own as the outcomes' titles are written (each a JSON
    string, which is a YAML string)."""
    quoted = json.dumps(english, ensure_ascii=False)
    if welsh is None or not welsh.strip():
        return f" {quoted}"
    return f"\n  en: {quoted}\n  cy: {json.dumps(welsh.strip(), ensure_ascii=False)}"


def _worked_example(path: Path) -> None:
    """A file of pmf init's example service with its guidance written (``EXAMPLE``)."""
    text = path.read_text(encoding="utf-8")
    for guidance, words in EXAMPLE.items():
        text = text.replace(guidance, words)
    write_atomic(path, text)


def init_repo(
    folder: Path, organisation: str, today: dt.date, hooks_repo: str, hooks_rev: str, organisation_cy: str | None = None
) -> list[Path]:
    """Scaffold a new council's plans repository in ``folder``: settings, one example service, CI and editors.
    ``organisation_cy``: the council's name in Welsh, written beside the English as plan text in two languages
    is (``{en: ..., cy: ...}``), so a Welsh document names the council in Welsh."""
    from pmf import kit
    from pmf.schemas import repository_settings, write_schemas

    if (folder / "pmf.yaml").exists():
        raise UsageError(f"{folder / 'pmf.yaml'} already exists: this folder is already a plans repository")
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        _write_new(
            folder / "pmf.yaml", Template(PMF_YAML).substitute(organisation=_name(organisation, organisation_cy))
        )
    ]
    plan, _ = new_file(folder, "service", "example", None, today, "resilient", ["EX-01"])
    written += [plan, new_file(folder, "measure", "EX-01", "example", today, "resilient")[0]]
    written.append(new_file(folder, "risk", "RSK-EX-01", "example", today, "resilient")[0])
    for path in written[1:]:
        _worked_example(path)
    written.append(_write_new(folder / ".github/workflows/pmf.yml", kit.workflow_text(hooks_repo, hooks_rev)))
    written.append(_write_new(folder / ".pre-commit-config.yaml", kit.pre_commit_text(hooks_repo, hooks_rev)))
    written += write_schemas(folder / "schemas", repository_settings(folder))
    written.append(_write_new(folder / ".vscode/settings.json", kit.editor_settings()))
    return written
