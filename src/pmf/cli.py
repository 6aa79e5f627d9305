"""The only home of typer: one short function per command."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from pmf.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, PmfError, UsageError

app = typer.Typer(
    name="pmf",
    help="A council's performance management framework as plain YAML in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: `pmf --help` need not load rich
)
report_app = typer.Typer(help="Write reports from the plans.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(report_app, name="report")

F = TypeVar("F", bound=Callable[..., Any])


class _Console:
    """rich is imported when a command first prints, not when `pmf --help` starts."""

    def __getattr__(self, name: str) -> Any:
        from pmf import console as real

        return getattr(real, name)


console = _Console()


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Language(StrEnum):
    en = "en"
    cy = "cy"


class ReportLanguage(StrEnum):
    en = "en"
    cy = "cy"
    both = "both"


class WindowChoice(StrEnum):
    mid_year = "mid-year"
    year_end = "year-end"


class FailOn(StrEnum):
    red = "red"
    orange = "orange"
    amber = "amber"
    yellow = "yellow"


RootOption = Annotated[
    Path | None, typer.Option("--root", help="The plans repository (default: search upward for pmf.yaml).")
]
YearOption = Annotated[str | None, typer.Option("--year", help="Financial year, e.g. 2025-26.")]
AuditOption = Annotated[
    bool, typer.Option("--audit/--no-audit", help="List late changes from the git history under data quality.")
]


OutOption = Annotated[Path, typer.Option("--out", help="Folder for the report files.")]
ReportFormatOption = Annotated[str, typer.Option("--format", help="md, html or both.")]
LangOption = Annotated[
    ReportLanguage,
    typer.Option("--lang", help="en, cy (Welsh: files named *.cy.md, *.cy.html) or both, each linking to the other."),
]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Today's date for the command, YYYY-MM-DD.")]


def guarded(command: F) -> F:
    """Turn the core's PmfError (and the file system's OSError) into messages on stderr and an exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PmfError as exc:
            if isinstance(exc, UsageError):
                for p in exc.problems:
                    console.note(f"pmf: {p.message}")
            else:
                console.print_problems(exc.problems)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:  # a folder pmf may not write to, a disk that is full: not a bug in the plans
            where = f"{exc.filename}: " if exc.filename else ""
            console.note(f"pmf: {where}{exc.strerror or exc}")
            raise typer.Exit(EXIT_USAGE) from None

    return run  # type: ignore[return-value]


def _as_of(text: str | None) -> dt.date:
    from pmf.periods import FIRST_YEAR, LAST_YEAR

    if text is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of '{text}' is not a date: write it as YYYY-MM-DD") from None
    if not FIRST_YEAR < day.year < LAST_YEAR:
        raise UsageError(f"--as-of '{text}' is out of range: use a date between {FIRST_YEAR + 1} and {LAST_YEAR - 1}")
    return day


def _out_folder(out: Path) -> Path:
    """Check ``--out`` can be a folder before any work is done."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: this is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    return out


def _window(year: str | None, window: WindowChoice | None, as_of: dt.date) -> Any:
    from pmf import periods

    due_year, due_window = periods.latest_due_window(as_of)
    if year is not None:
        try:
            periods.check_financial_year(year)
        except ValueError as exc:
            raise UsageError(f"--year: {exc}") from None
    name = window.value if window else due_window.value
    return periods.window(year or due_year, name)


def _load(root: Path | None, start: Path | None = None, *, strict: bool = False) -> Any:
    from pmf.loader import check_portfolio, find_root

    if root is not None and not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    found = find_root(root or start)
    portfolio, problems = check_portfolio(found, strict=strict)
    if portfolio is None:
        raise PmfError(problems)
    return portfolio


@app.command()
@guarded
def validate(
    path: Annotated[Path | None, typer.Argument(help="A plans repository, a folder in one, or one file.")] = None,
    strict: Annotated[
        bool, typer.Option(help="Also require every template field and comments on red or orange results.")
    ] = False,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", help="text, json, or github annotations.")
    ] = ProblemFormat.text,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither use nor keep the cached answer for unchanged files.")
    ] = False,
    lang: Annotated[
        Language,
        typer.Option("--lang", help="cy: also list, as notices, plan text that has no Welsh version yet."),
    ] = Language.en,
    root: RootOption = None,
) -> None:
    """Check the plans: schema, cross-references and rules; every problem as file:line:col.

    An unchanged repository's answer comes from a cache (docs/files.md); --no-cache skips it.
    """
    from pmf.errors import relative
    from pmf.loader import check_portfolio, find_root

    if path is not None and not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if root is not None and not root.is_dir():
        raise UsageError(f"--root {root}: no such folder")
    found = find_root(root or path)
    if path is not None and not path.resolve().is_relative_to(found):
        raise UsageError(f"{path} is not inside the plans repository {found}")
    _, problems = check_portfolio(found, strict=strict, lang=lang.value)
    if path is not None and path.is_file():
        name = relative(path, found)
        problems = [p for p in problems if p.path == name]
    console.print_problems(problems, fmt.value)
    raise typer.Exit(EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK)


@app.command()
@guarded
def status(
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, json or csv.")] = TableFormat.table,
    window: Annotated[
        WindowChoice | None, typer.Option(help="mid-year or year-end (default: the window most recently due).")
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    service: Annotated[list[str] | None, typer.Option(help="Only this service (repeatable).")] = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only measures with this status: green, yellow, orange, red, amber or none."),
    ] = None,
    fail_on: Annotated[FailOn | None, typer.Option(help="Exit 1 when any measure is at this status or worse.")] = None,
    activities: Annotated[
        bool, typer.Option("--activities", help="Show activities instead: latest status, overdue, no update.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Each measure's window value, status and trend."""
    from pmf import performance, views

    portfolio = _load(root)
    today = _as_of(as_of)
    period = _window(year, window, today)
    if activities:
        views.print_activities(performance.activity_results(portfolio, period, today), period, fmt.value)
        return
    results = performance.measure_results(portfolio, period)
    results = views.filter_results(results, services=service, statuses=only, known=portfolio.services)
    if fmt is TableFormat.json:
        console.plain(json.dumps([r.as_json() for r in results], indent=2, ensure_ascii=False))
    elif fmt is TableFormat.csv:
        console.plain(views.csv_text(results))
    else:
        views.print_status(portfolio, results, period)
    if fail_on is not None and views.fails(results, fail_on.value):
        raise typer.Exit(EXIT_PROBLEMS)


class RiskLevelChoice(StrEnum):
    service = "service"
    corporate = "corporate"


@app.command()
@guarded
def risks(
    service: Annotated[str | None, typer.Option(help="Only this service's register.")] = None,
    level: Annotated[RiskLevelChoice | None, typer.Option(help="service or corporate.")] = None,
    closed: Annotated[bool, typer.Option("--closed/--open-only", help="Include closed risks.")] = True,
    as_of: AsOfOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, json or csv.")] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """The risk register by residual score: bands, appetite, escalation, overdue reviews, direction."""
    from pmf import risks as risk_rules
    from pmf import views
    from pmf.loader import suggestion

    portfolio = _load(root)
    if service is not None and service not in portfolio.services:
        raise UsageError(f"--service '{service}': no such service{suggestion(service, portfolio.services)}")
    rows = risk_rules.register(
        portfolio, _as_of(as_of), service=service, level=level.value if level else None, include_closed=closed
    )
    views.print_risks(rows, risk_rules.heat_map(rows, portfolio.settings.risk_matrix), fmt.value)


DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")]
CommentOption = Annotated[str | None, typer.Option(help="Plain-language commentary, shown in reports.")]


def _apply(portfolio: Any, changes: list[Any], dry_run: bool) -> None:
    from pmf import record as recording

    for change in changes:
        if dry_run:
            console.plain(change.diff(portfolio.root).rstrip("\n"))
        console.note(("would change: " if dry_run else "") + change.summary)
    if not dry_run:
        recording.commit(portfolio, changes)


@app.command("record")
@guarded
def record_outturn(
    measure: Annotated[str, typer.Argument(help="The measure's id, e.g. WST-01.")],
    period: Annotated[str, typer.Argument(help="The period, e.g. 2026-27 Q2, 2026-09 or 2026-27.")],
    value: Annotated[str, typer.Argument(help="The figure (or 'null' when it is not available).")],
    comment: CommentOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
) -> None:
    """Add or replace a measure's outturn, keeping the rest of the file exactly as written."""
    from pmf import record as recording

    portfolio = _load(root)
    _apply(portfolio, [recording.record(portfolio, measure, period, value, comment)], dry_run)


@app.command("update-activity")
@guarded
def update_activity(
    activity: Annotated[str, typer.Argument(help="The activity's id.")],
    status: Annotated[
        str, typer.Option(help="green, yellow, orange, red, complete or not_started (BRAG under rag-variance).")
    ],
    comment: CommentOption = None,
    period: Annotated[
        str | None, typer.Option(help="The half year, e.g. 2026-27 H1 (default: the latest ended).")
    ] = None,
    as_of: AsOfOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
) -> None:
    """Record an activity's update for a half year."""
    from pmf import record as recording

    portfolio = _load(root)
    change = recording.update_activity(portfolio, activity, status, comment, period, _as_of(as_of))
    _apply(portfolio, [change], dry_run)


@app.command("review-risk")
@guarded
def review_risk(
    risk: Annotated[str, typer.Argument(help="The risk's id.")],
    likelihood: Annotated[int, typer.Option(help="Residual likelihood now.")],
    impact: Annotated[int, typer.Option(help="Residual impact now.")],
    comment: CommentOption = None,
    as_of: AsOfOption = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
) -> None:
    """Record a risk review: the residual score, the review history and the next review date."""
    from pmf import record as recording

    portfolio = _load(root)
    change = recording.review_risk(portfolio, risk, likelihood, impact, comment, _as_of(as_of))
    _apply(portfolio, [change], dry_run)


@app.command("import")
@guarded
def import_outturns(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx file: one row per measure and period.")],
    columns: Annotated[
        str | None, typer.Option(help="Header names, e.g. measure=KPI Code,period=Period,value=Actual,comment=Notes.")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="The Excel sheet (default: the first).")] = None,
    dry_run: DryRunOption = False,
    root: RootOption = None,
) -> None:
    """Import outturns in bulk: every row is checked first; nothing is written unless all are good."""
    from pmf import exchange

    portfolio = _load(root)
    mapping = {}
    for pair in (columns or "").split(","):
        if pair.strip():
            key, _, header = pair.partition("=")
            if key.strip() not in exchange.FIELDS or not header.strip():
                raise UsageError(
                    f"--columns '{pair}': write FIELD=HEADER with FIELD one of {', '.join(exchange.FIELDS)}"
                )
            mapping[key.strip()] = header.strip()
    changes = exchange.plan_import(portfolio, file, mapping, sheet)
    _apply(portfolio, changes, dry_run)
    console.note(
        f"{'would change' if dry_run else 'changed'} {len(changes)} measure file{'s' if len(changes) != 1 else ''}"
    )


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    json = "json"


@app.command()
@guarded
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, xlsx, parquet or json.")] = ExportFormat.csv,
    out: Annotated[Path, typer.Option("--out", help="Folder for the files.")] = Path("export"),
    window: Annotated[
        WindowChoice | None, typer.Option(help="mid-year or year-end (default: the window most recently due).")
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Flat tables for Power BI and Excel: measures, outturns, activities and risks."""
    from pmf import exchange

    portfolio = _load(root)
    today = _as_of(as_of)
    period = _window(year, window, today)
    for path in exchange.export(exchange.tables(portfolio, period, today), _out_folder(out), fmt.value):
        console.note(f"wrote {path}")


@app.command()
@guarded
def benchmark(
    dataset: Annotated[
        Path, typer.Argument(help="A national dataset (.csv or .xlsx): authority, measure, year, value.")
    ],
    year: YearOption = None,
    authority: Annotated[
        str | None, typer.Option(help="This council's name in the dataset (default: pmf.yaml's organisation).")
    ] = None,
    method: Annotated[
        str, typer.Option(help="Quartile method: inclusive (QUARTILE.INC), exclusive or nearest-rank.")
    ] = "inclusive",
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the proposed thresholds for --year into the measure files.")
    ] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, json or csv.")] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """National quartiles for each Benchmarked Nationally measure, and the targets they propose."""
    from pmf import benchmarking, views

    portfolio = _load(root)
    rows = benchmarking.read_dataset(dataset, {})
    found = benchmarking.benchmarks(portfolio, rows, year, authority or portfolio.settings.organisation, method)
    views.print_benchmarks(found, method, fmt.value)
    if apply:
        if not found:
            raise UsageError("no Benchmarked Nationally measure matches the dataset: nothing to apply")
        _apply(portfolio, benchmarking.apply(portfolio, found, found[0].year), dry_run=False)


class AuditFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command("audit")
@guarded
def audit_trail(
    since: Annotated[str | None, typer.Option(help="Only changes on or after this date, YYYY-MM-DD.")] = None,
    year: YearOption = None,
    fmt: Annotated[AuditFormat, typer.Option("--format", help="text, json or md.")] = AuditFormat.text,
    root: RootOption = None,
) -> None:
    """Every change to targets, tolerances, definitions and reported figures, from the git history."""
    from pmf import audit, views

    portfolio = _load(root)
    entries = audit.audit(portfolio, _as_of(since) if since else None, year)
    views.print_audit(entries, fmt.value)


@app.command("history")
@guarded
def measure_history(
    measure: Annotated[str, typer.Argument(help="The measure's id.")],
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, json or csv.")] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """A measure's thresholds, figures and statuses year by year, with the commits that set them."""
    from pmf import audit, views

    portfolio = _load(root)
    views.print_history(measure, audit.history(portfolio, measure), fmt.value)


@app.command()
@guarded
def regulators(
    as_of: AsOfOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", help="table, json or csv.")] = TableFormat.table,
    root: RootOption = None,
) -> None:
    """Regulators' recommendations, the council's responses and actions, and what is overdue."""
    from pmf import improvement, views

    portfolio = _load(root)
    views.print_actions(
        "Regulators' recommendations: actions", improvement.regulator_actions(portfolio, _as_of(as_of)), fmt.value
    )


@app.command()
@guarded
def site(
    out: Annotated[Path, typer.Option("--out", help="Folder for the site.")] = Path("site"),
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """A static site of every report, service and measure: no server, no external assets."""
    from pmf.site import build_site

    portfolio = _load(root)
    pages = build_site(portfolio, _out_folder(out), _as_of(as_of))
    console.note(f"wrote {len(pages)} pages into {out} (open {out / 'index.html'})")


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"


@app.command()
@guarded
def calendar(
    as_of: AsOfOption = None,
    months: Annotated[int, typer.Option(min=0, max=36, help="How many months after this one to show.")] = 2,
    fmt: Annotated[
        CalendarFormat, typer.Option("--format", help="text, json or ics (iCalendar, for Outlook).")
    ] = CalendarFormat.text,
    root: RootOption = None,
) -> None:
    """What is due now and next under the business-planning framework, and what is overdue."""
    from pmf import deadlines, schedule, views

    portfolio = _load(root)
    today = _as_of(as_of)
    start, end = schedule.window_of(today, months)
    found = schedule.occurrences(schedule.timetable(portfolio.settings), start, end)
    if fmt is CalendarFormat.ics:
        console.plain(schedule.to_ics(found, portfolio.settings.organisation, today).rstrip("\r\n"))
        return
    overdue = [f for f in deadlines.check_deadlines(portfolio, today) if f.severity == "error"]
    views.print_calendar(found, overdue, today, fmt.value)


@app.command()
@guarded
def check(
    as_of: AsOfOption = None,
    fmt: Annotated[
        ProblemFormat, typer.Option("--format", help="text, json, or github annotations.")
    ] = ProblemFormat.text,
    root: RootOption = None,
) -> None:
    """Check the business-planning deadlines: plans signed off, updates made, reviews held."""
    from pmf import deadlines

    portfolio = _load(root)
    findings = deadlines.check_deadlines(portfolio, _as_of(as_of))
    console.print_problems([f.problem() for f in findings], fmt.value)
    raise typer.Exit(EXIT_PROBLEMS if any(f.severity == "error" for f in findings) else EXIT_OK)


class NewKind(StrEnum):
    measure = "measure"
    risk = "risk"
    service = "service"


@app.command()
@guarded
def new(
    kind: Annotated[NewKind, typer.Argument(help="measure, risk or service.")],
    ident: Annotated[str, typer.Argument(metavar="ID", help="The new id (a service's folder name).")],
    service: Annotated[str | None, typer.Option(help="The service a measure or risk belongs to.")] = None,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Write a new measure, risk or service plan, every template field pre-filled with guidance."""
    from pmf.loader import find_root
    from pmf.scaffold import new_file

    found = find_root(root)
    path = new_file(found, kind.value, ident, service, _as_of(as_of), "resilient")
    console.note(f"wrote {path}")


@app.command()
@guarded
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the plans repository.")] = Path("."),
    organisation: Annotated[str, typer.Option(help="The council's name.")] = "Example County Borough Council",
    hooks_repo: Annotated[
        str | None, typer.Option(help="Where pre-commit and CI get pmf from (a git URL or path).")
    ] = None,
    hooks_rev: Annotated[str | None, typer.Option(help="The pmf revision (tag or commit) to use.")] = None,
    as_of: AsOfOption = None,
) -> None:
    """Scaffold a new council's plans repository: settings, an example service, CI, pre-commit and editor settings."""
    from pmf.scaffold import init_repo

    repo, rev = _pmf_source()
    for path in init_repo(folder, organisation, _as_of(as_of), hooks_repo or repo, hooks_rev or rev):
        console.note(f"wrote {path}")


def _pmf_source() -> tuple[str, str]:
    """This pmf's own git checkout and commit, the default source of the hooks."""
    import subprocess

    import pmf

    checkout = Path(pmf.__file__).resolve().parents[2]
    try:
        rev = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "https://example.org/pmf.git", "v0.1.0"
    return str(checkout), rev


@app.command()
@guarded
def schema(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write JSON Schemas for pmf.yaml, plans, measures and risks (for editors and other tools)."""
    from pmf.schemas import write_schemas

    for path in write_schemas(_out_folder(out)):
        console.note(f"wrote {path}")


@report_app.command("mid-year")
@guarded
def report_mid_year(
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = "both",
    lang: LangOption = ReportLanguage.en,
    audit: AuditOption = True,
    root: RootOption = None,
) -> None:
    """The mid-year Performance Self-Assessment report (April to September)."""
    _report("mid-year", year, as_of, out, fmt, root, audit, lang.value)


@report_app.command("year-end")
@guarded
def report_year_end(
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = "both",
    lang: LangOption = ReportLanguage.en,
    audit: AuditOption = True,
    root: RootOption = None,
) -> None:
    """The year-end Performance Self-Assessment report (October to March and the full year)."""
    _report("year-end", year, as_of, out, fmt, root, audit, lang.value)


def _report(
    name: str,
    year: str | None,
    as_of: str | None,
    out: Path,
    fmt: str,
    root: Path | None,
    audit: bool = True,
    lang: str = "en",
) -> None:
    from pmf import periods, report

    _check_format(fmt)
    portfolio = _load(root)
    today = _as_of(as_of)
    if year is None:
        year = periods.latest_due_window(today)[0] if name == "mid-year" else _latest_year_end(today)
    period = _window(year, WindowChoice(name), today)
    changes = _late_changes(portfolio, period.financial_year) if audit else []
    for path in report.write_report(portfolio, period, name, today, _out_folder(out), fmt, changes, lang):
        console.note(f"wrote {path}")


@report_app.command("service-review")
@guarded
def report_service_review(
    service: Annotated[str, typer.Argument(help="The service id (its folder name under plans/).")],
    window: Annotated[
        WindowChoice | None, typer.Option(help="mid-year or year-end (default: the window most recently due).")
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = "both",
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
) -> None:
    """The Service Performance Review pack: the service's SWOT, plan progress and risk register."""
    from pmf import packs

    _check_format(fmt)
    portfolio = _load(root)
    today = _as_of(as_of)
    period = _window(year, window, today)
    packs.service_review(portfolio, service, period, today)  # a wrong service id stops here, before any file
    stem = f"{period.financial_year}-{'mid-year' if period.frequency == 'biannual' else 'year-end'}-review-{service}"
    for path in packs.write_pack(
        portfolio.root,
        "service-review",
        stem,
        lambda: packs.service_review(portfolio, service, period, today),
        _out_folder(out),
        fmt,
        lang.value,
    ):
        console.note(f"wrote {path}")


@report_app.command("plan")
@guarded
def report_plan(
    service: Annotated[str, typer.Argument(help="The service id (its folder name under plans/).")],
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = "both",
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
) -> None:
    """The service plan laid out as the Service Planning Template, for Cabinet Member sign-off.

    The default year is the next financial year from January (when plans are drafted), else the current one.
    """
    from pmf import packs, periods

    _check_format(fmt)
    portfolio = _load(root)
    today = _as_of(as_of)
    if year is None:
        current = periods.financial_year_of(today)
        year = periods.shift_year(current, 1) if today.month in (1, 2, 3) else current
    else:
        _window(year, WindowChoice.year_end, today)  # checks the year's form
    packs.plan_pack(portfolio, service, year)  # a wrong service or year stops here, before any file
    for path in packs.write_pack(
        portfolio.root,
        "plan",
        f"plan-{year}-{service}",
        lambda: packs.plan_pack(portfolio, service, year),
        _out_folder(out),
        fmt,
        lang.value,
    ):
        console.note(f"wrote {path}")


@report_app.command("improvement-plan")
@guarded
def report_improvement_plan(
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = "both",
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
) -> None:
    """The corporate improvement plan: priority areas, success criteria and actions by BRAG status."""
    from pmf import packs

    _check_format(fmt)
    portfolio = _load(root)
    today = _as_of(as_of)
    for path in packs.write_pack(
        portfolio.root,
        "improvement-plan",
        f"improvement-plan-{today}",
        lambda: packs.improvement_pack(portfolio, today),
        _out_folder(out),
        fmt,
        lang.value,
    ):
        console.note(f"wrote {path}")


def _check_format(fmt: str) -> None:
    if fmt not in {"md", "html", "both"}:
        raise UsageError(f"--format '{fmt}': use md, html or both")


def _late_changes(portfolio: Any, year: str) -> list[Any]:
    """Flagged changes from the git history, or none when the plans are not in a git repository."""
    from pmf import audit

    try:
        return [e for e in audit.audit(portfolio, year=year) if e.flag]
    except UsageError:
        return []


def _latest_year_end(today: dt.date) -> str:
    from pmf import periods

    return periods.shift_year(periods.financial_year_of(today), -1)
