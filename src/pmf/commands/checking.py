"""Commands that read the plans and say how things stand: validate, status, risks, regulators, calendar, check."""

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmf import console
from pmf.errors import EXIT_OK, EXIT_PROBLEMS, PmfError, UsageError
from pmf.options import (
    AsOfOption,
    FailOnOption,
    Language,
    NoCacheOption,
    ProblemFormat,
    RootOption,
    TableFormat,
    WindowChoice,
    YearOption,
    as_of_date,
    choice,
    guarded,
    load_plans,
)

app = typer.Typer()


class StatusChoice(StrEnum):
    """The statuses ``pmf status --status`` keeps (status_view.STATUS_WORDS): each colour, and none."""

    green = "green"
    yellow = "yellow"
    orange = "orange"
    red = "red"
    amber = "amber"
    none = "none"


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"


@app.command()
@guarded
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Plans repositories, folders in them, or files (default: the repository here)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option(help="Also require every template field and comments on red or orange results.")
    ] = False,
    fmt: Annotated[
        ProblemFormat,
        typer.Option("--format", parser=choice(ProblemFormat, "a format"), help="text, json, or github annotations."),
    ] = ProblemFormat.text,
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            parser=choice(Language, "a language"),
            help="cy: also list, as notices, plan text that has no Welsh version yet.",
        ),
    ] = Language.en,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check the plans: schema, cross-references and rules; every problem as file:line:col."""
    from pmf.reading import parsed_cache
    from pmf.validation import validate as run

    cache = None if no_cache else parsed_cache()
    today = as_of_date(as_of)
    raise typer.Exit(run(paths or [], root, strict=strict, fmt=fmt.value, lang=lang.value, cache=cache, today=today))


@app.command()
@guarded
def status(
    fmt: Annotated[
        TableFormat, typer.Option("--format", parser=choice(TableFormat, "a format"), help="table, json or csv.")
    ] = TableFormat.table,
    window: Annotated[
        WindowChoice | None,
        typer.Option(
            parser=choice(WindowChoice, "a window"),
            help="mid-year or year-end (default: the window most recently due).",
        ),
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    service: Annotated[list[str] | None, typer.Option(help="Only this service (repeatable).")] = None,
    only: Annotated[
        list[StatusChoice] | None,
        typer.Option(
            "--status",
            parser=choice(StatusChoice, "a status"),
            help="Only measures with this status (repeatable): green, yellow, orange, red, amber or none.",
        ),
    ] = None,
    fail_on: FailOnOption = None,
    activities: Annotated[
        bool, typer.Option("--activities", help="Show activities instead: latest status, overdue, no update.")
    ] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Each measure's window value, status and trend."""
    from pmf import begun, performance, status_view, views
    from pmf.shown_window import reported_window, still_running

    today = as_of_date(as_of)
    portfolio, later = begun.as_of(load_plans(root, no_cache=no_cache), today)
    period = reported_window(portfolio, year, window, today, command="pmf status", running=True)
    if running := still_running(period, today, later):
        console.note(f"pmf: {running}")
    if activities:
        views.print_activities(performance.activity_results(portfolio, period, today), period, fmt.value)
        return
    results = performance.measure_results(portfolio, period)
    statuses = [s.value for s in only] if only else None
    results = status_view.filter_results(results, services=service, statuses=statuses, known=portfolio.services)
    if fmt is TableFormat.json:
        console.plain(json.dumps([r.as_json() for r in results], indent=2, ensure_ascii=False))
    elif fmt is TableFormat.csv:
        console.plain(status_view.csv_text(results))
    else:
        status_view.print_status(portfolio, results, period)
    if fail_on is not None and status_view.fails(results, fail_on.value):
        raise typer.Exit(EXIT_PROBLEMS)


class RiskLevelChoice(StrEnum):
    service = "service"
    corporate = "corporate"


@app.command()
@guarded
def risks(
    service: Annotated[str | None, typer.Option(help="Only this service's register.")] = None,
    level: Annotated[
        RiskLevelChoice | None, typer.Option(parser=choice(RiskLevelChoice, "a level"), help="service or corporate.")
    ] = None,
    closed: Annotated[bool, typer.Option("--closed/--open-only", help="Include closed risks.")] = True,
    as_of: AsOfOption = None,
    fmt: Annotated[
        TableFormat, typer.Option("--format", parser=choice(TableFormat, "a format"), help="table, json or csv.")
    ] = TableFormat.table,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The risk register by residual score: bands, appetite, escalation, overdue reviews, direction."""
    from pmf import risks as risk_rules
    from pmf import views
    from pmf.errors import suggestion

    portfolio = load_plans(root, no_cache=no_cache)
    if service is not None and service not in portfolio.services:
        raise UsageError(f"--service '{service}': no such service{suggestion(service, portfolio.services)}")
    rows = risk_rules.register(
        portfolio, as_of_date(as_of), service=service, level=level.value if level else None, include_closed=closed
    )
    views.print_risks(rows, risk_rules.heat_map(rows, portfolio.settings.risk_matrix), fmt.value)


@app.command()
@guarded
def regulators(
    as_of: AsOfOption = None,
    fmt: Annotated[
        TableFormat, typer.Option("--format", parser=choice(TableFormat, "a format"), help="table, json or csv.")
    ] = TableFormat.table,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Regulators' recommendations, the council's responses and actions, and what is overdue."""
    from pmf import improvement, views

    portfolio = load_plans(root, no_cache=no_cache)
    views.print_actions(
        "Regulators' recommendations: actions", improvement.regulator_actions(portfolio, as_of_date(as_of)), fmt.value
    )


@app.command()
@guarded
def calendar(
    as_of: AsOfOption = None,
    months: Annotated[int, typer.Option(min=0, max=36, help="How many months after this one to show.")] = 2,
    fmt: Annotated[
        CalendarFormat,
        typer.Option(
            "--format", parser=choice(CalendarFormat, "a format"), help="text, json or ics (iCalendar, for Outlook)."
        ),
    ] = CalendarFormat.text,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """What is due now and next under the business-planning framework, what is overdue and what is due soon.

    Overdue and due soon are pmf check's errors and warnings on the same day.
    """
    from pmf import deadlines, schedule, views

    portfolio = load_plans(root, no_cache=no_cache)
    today = as_of_date(as_of)
    start, end = schedule.window_of(today, months)
    found = schedule.occurrences(schedule.timetable(portfolio.settings), start, end)
    if fmt is CalendarFormat.ics:
        console.plain(schedule.to_ics(found, portfolio.settings.organisation, today), end="")  # CRLF lines
        return
    findings = deadlines.check_deadlines(portfolio, today)
    views.print_calendar(
        found, list(zip(findings, deadlines.placed(findings, portfolio.root), strict=True)), today, fmt.value
    )


@app.command()
@guarded
def check(
    as_of: AsOfOption = None,
    fmt: Annotated[
        ProblemFormat,
        typer.Option("--format", parser=choice(ProblemFormat, "a format"), help="text, json, or github annotations."),
    ] = ProblemFormat.text,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check the business-planning deadlines: plans signed off, updates made, reviews held."""
    from pmf import deadlines

    try:
        portfolio = load_plans(root, no_cache=no_cache)
    except PmfError as exc:  # plans that do not validate: their problems, in the format asked for
        if isinstance(exc, UsageError) or fmt is ProblemFormat.text:
            raise
        console.print_problems(exc.problems, fmt.value)
        raise typer.Exit(exc.exit_code) from None
    findings = deadlines.check_deadlines(portfolio, as_of_date(as_of))
    console.print_problems(deadlines.placed(findings, portfolio.root), fmt.value)
    raise typer.Exit(EXIT_PROBLEMS if any(f.overdue for f in findings) else EXIT_OK)
