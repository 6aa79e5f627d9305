"""Commands that set up a plans repository: init, new, schema."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmf import console
from pmf.options import AsOfOption, NoCacheOption, RootOption, as_of_date, choice, guarded, load_plans, out_folder

app = typer.Typer()


class NewKind(StrEnum):
    measure = "measure"
    risk = "risk"
    service = "service"
    assessment = "assessment"


@app.command()
@guarded
def new(
    kind: Annotated[
        NewKind, typer.Argument(parser=choice(NewKind, "a kind"), help="measure, risk, service or assessment.")
    ],
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The new id (a service's folder name; an assessment's year and window, e.g. 2026-27-mid-year).",
        ),
    ],
    service: Annotated[str | None, typer.Option(help="The service a measure or risk belongs to.")] = None,
    outcome: Annotated[
        str | None,
        typer.Option(help="The plan outcome a new measure is listed under (default: the plan's first)."),
    ] = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write a new measure, risk, service plan or self-assessment, every template field pre-filled with guidance.

    A new measure is listed in its service's plan for the year its target is for. A new assessment
    (assessments/2026-27-mid-year.yaml) has a section for each outcome in pmf.yaml and each governance
    area, the words still to write marked 'To write:', which pmf validate warns of until they are replaced.
    """
    from pmf import edit_check, scaffold
    from pmf.errors import PmfError, UsageError
    from pmf.repository import find_root, root_option

    found = find_root(root_option(root))
    today = as_of_date(as_of)
    if kind is NewKind.assessment:
        _new_assessment(found, ident, service, outcome)
        return
    if kind is not NewKind.measure and outcome is not None:
        raise UsageError("--outcome is for pmf new measure: the plan outcome the measure is listed under")
    if kind is NewKind.service:
        path, started = scaffold.new_locked(found, kind.value, ident, service, today)
        console.wrote(path, found)
        if started is not None:
            console.note(started)
        return
    try:  # checked as an edit, its id used by no other file; another file's error does not stop it
        portfolio = load_plans(found, no_cache=no_cache, edit=True)
    except UsageError:
        raise
    except PmfError:
        portfolio = None  # pmf.yaml has problems: the file is written alone; scaffold.new_measure says why
    if kind is NewKind.risk:
        path, said = scaffold.new_risk(found, portfolio, ident, service, today), None
    else:
        path, said = scaffold.new_measure(found, portfolio, ident, service, today, outcome)
    console.wrote(path, found)
    for line in (said, portfolio is not None and edit_check.others(portfolio, [])):
        if line:
            console.note(line)


def _new_assessment(root: Path, name: str, service: str | None, outcome: str | None) -> None:
    """``pmf new assessment YEAR-WINDOW``: the draft, with the outcomes of the repository's pmf.yaml."""
    from pmf.assessment_draft import new_assessment
    from pmf.errors import UsageError

    for option, given in (("--service", service), ("--outcome", outcome)):
        if given is not None:
            raise UsageError(f"{option} is not for pmf new assessment: an assessment covers every service and outcome")
    from pmf.schemas import repository_settings

    # The outcomes come from pmf.yaml alone, so plans with problems do not stop a draft; when pmf.yaml
    # itself has problems, reading the plans names them.
    from pmf.suggested import command

    path = new_assessment(root, name, repository_settings(root) or load_plans(root).settings)
    console.wrote(path, root)
    console.note(
        f"still to write: each 'To write:' in it; {command('pmf validate')} warns of each one left, and pmf report "
        "shows the draft as it stands"
    )


@app.command()
@guarded
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the plans repository.")] = Path("."),
    organisation: Annotated[str, typer.Option(help="The council's name.")] = "Example County Borough Council",
    organisation_cy: Annotated[
        str | None,
        typer.Option(help="The council's name in Welsh, so Welsh reports name it in Welsh (pmf.yaml: {en, cy})."),
    ] = None,
    hooks_repo: Annotated[
        str | None,
        typer.Option(help="The git repository pre-commit and CI install pmf from (a URL; default: this pmf's own)."),
    ] = None,
    hooks_rev: Annotated[str | None, typer.Option(help="The pmf revision (tag or commit) to use.")] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Also commit the files written, as the first commit.")
    ] = False,
    as_of: AsOfOption = None,
) -> None:
    """Scaffold a new council's plans repository: settings, an example service, CI, pre-commit, editor settings and git."""
    from pmf import kit
    from pmf.errors import relative
    from pmf.scaffold import init_repo

    repo, rev = _pmf_source()
    source = hooks_repo or repo
    here = Path.cwd()  # the files are named as typed: from the current folder when inside it, as pmf new names them
    for path in init_repo(folder, organisation, as_of_date(as_of), source, hooks_rev or rev, organisation_cy):
        console.wrote(path, here)
    folder = Path(relative(folder, here))  # git runs in the current folder too
    console.note(kit.git_init(folder, commit=commit, message=f"Plans repository for {organisation}, from pmf init"))
    if not kit.is_remote(source):
        console.note(
            f"note: CI and pre-commit install pmf from {source}, which only this machine has: pass --hooks-repo "
            "with pmf's git URL, or change PMF_REQUIREMENT in .github/workflows/pmf.yml and repo: in "
            ".pre-commit-config.yaml"
        )


def _pmf_source() -> tuple[str, str]:
    """This pmf's own git repository (its ``origin`` when it has one) and commit: the default source of the hooks."""
    import pmf
    from pmf.git import Refused, run

    checkout = Path(pmf.__file__).resolve().parents[2]
    try:
        if not (checkout / "src" / "pmf").is_dir():  # an installed pmf: not a checkout of its own
            raise FileNotFoundError(checkout)
        rev = run(checkout, "rev-parse", "HEAD").strip()
    except (OSError, Refused):
        return "https://example.org/pmf.git", f"v{pmf.__version__}"
    try:
        return run(checkout, "remote", "get-url", "origin").strip() or str(checkout), rev
    except Refused:
        return str(checkout), rev


@app.command()
@guarded
def schema(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
    root: RootOption = None,
) -> None:
    """Write JSON Schemas for every file pmf reads, for editors and other tools.

    Risk scores are checked against the repository's own matrix (pmf.yaml's risk_matrix);
    outside a plans repository the default 5x5 matrix is used.
    """
    from pmf.repository import nearest_root, root_option
    from pmf.schemas import repository_settings, write_schemas

    settings = repository_settings(nearest_root(root_option(root)))
    for path in write_schemas(out_folder(out), settings):
        console.note(f"wrote {path}")
