"""The report commands: the Performance Self-Assessment and the packs, in English and Welsh."""

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmf import console
from pmf.errors import Problem, UsageError
from pmf.options import (
    AsOfOption,
    AuditOption,
    IncludeExemptOption,
    LangOption,
    NoCacheOption,
    OutOption,
    ReportFormat,
    ReportFormatOption,
    ReportLanguage,
    RootOption,
    WindowChoice,
    YearOption,
    as_of_date,
    choice,
    guarded,
    load_plans,
    out_folder,
    pick_window,
)

if TYPE_CHECKING:
    from pmf.audit import AuditEntry, Commit
    from pmf.portfolio import Portfolio

report_app = typer.Typer(
    name="report", help="Write reports from the plans.", no_args_is_help=True, rich_markup_mode=None
)


@report_app.command("mid-year")
@guarded
def report_mid_year(
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    audit: AuditOption = True,
    include_exempt: IncludeExemptOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The mid-year Performance Self-Assessment report (April to September)."""
    _report("mid-year", year, as_of, out, fmt.value, root, audit, lang.value, no_cache, include_exempt)


@report_app.command("year-end")
@guarded
def report_year_end(
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    audit: AuditOption = True,
    include_exempt: IncludeExemptOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The year-end Performance Self-Assessment report (October to March and the full year)."""
    _report("year-end", year, as_of, out, fmt.value, root, audit, lang.value, no_cache, include_exempt)


def _report(
    name: str,
    year: str | None,
    as_of: str | None,
    out: Path,
    fmt: str,
    root: Path | None,
    audit: bool = True,
    lang: str = "en",
    no_cache: bool = False,
    include_exempt: bool = False,
) -> None:
    portfolio, today = _start(root, no_cache, as_of, include_exempt)
    from pmf import report
    from pmf.shown_window import reported_window

    period = reported_window(
        portfolio, year, WindowChoice(name), today, command=f"pmf report {name}", takes_window=False
    )
    changes = _late_changes(portfolio, period.financial_year, today) if audit else []
    _wrote(portfolio, report.write_report(portfolio, period, name, today, out_folder(out), fmt, changes, lang), lang)


@report_app.command("service-review")
@guarded
def report_service_review(
    service: Annotated[str, typer.Argument(help="The service id (its folder name under plans/).")],
    window: Annotated[
        WindowChoice | None,
        typer.Option(
            parser=choice(WindowChoice, "a window"),
            help="mid-year or year-end (default: the window most recently due).",
        ),
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    include_exempt: IncludeExemptOption = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The Service Performance Review pack: the service's SWOT, plan progress and risk register."""
    from pmf import packs

    portfolio, today = _start(root, no_cache, as_of, include_exempt)
    from pmf import periods
    from pmf.shown_window import reported_window

    period = reported_window(portfolio, year, window, today, command=f"pmf report service-review {service}")
    packs.plan_of(portfolio, service, period.financial_year)  # a wrong service stops here, before any file
    stem = f"{period.financial_year}-{periods.window_name(period).value}-review-{service}"
    _wrote(
        portfolio,
        packs.write_pack(
            portfolio.root,
            "service-review",
            stem,
            lambda: packs.service_review(portfolio, service, period, today),
            out_folder(out),
            fmt.value,
            lang.value,
        ),
        lang.value,
    )


@report_app.command("plan")
@guarded
def report_plan(
    service: Annotated[str, typer.Argument(help="The service id (its folder name under plans/).")],
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The service plan laid out as the Service Planning Template, for Cabinet Member sign-off.

    The default year is the one plans are being written for: the next financial year from two months
    before its sign-off day in pmf.yaml's calendar (1 January for 31 March), else the current one.
    """
    from pmf import packs
    from pmf.schedule import planning_year

    portfolio, today = _start(root, no_cache, as_of)
    if year is None:
        year = planning_year(portfolio.settings, today)
    else:
        pick_window(year, WindowChoice.year_end, today)  # checks the year's form
    packs.plan_of(portfolio, service, year)  # a wrong service or year stops here, before any file
    _wrote(
        portfolio,
        packs.write_pack(
            portfolio.root,
            "plan",
            f"plan-{year}-{service}",
            lambda: packs.plan_pack(portfolio, service, year),
            out_folder(out),
            fmt.value,
            lang.value,
        ),
        lang.value,
    )


@report_app.command("improvement-plan")
@guarded
def report_improvement_plan(
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The corporate improvement plan: priority areas, success criteria and actions by BRAG status."""
    from pmf import packs

    portfolio, today = _start(root, no_cache, as_of)
    _wrote(
        portfolio,
        packs.write_pack(
            portfolio.root,
            "improvement-plan",
            f"improvement-plan-{today}",
            lambda: packs.improvement_pack(portfolio, today),
            out_folder(out),
            fmt.value,
            lang.value,
        ),
        lang.value,
    )


@report_app.command("exceptions")
@guarded
def report_exceptions(
    window: Annotated[
        WindowChoice | None,
        typer.Option(
            parser=choice(WindowChoice, "a window"),
            help="mid-year or year-end (default: the window most recently due).",
        ),
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Every measure at red or orange and every activity off track, at risk or past its end date, and since when.

    A measure's "since" comes from its periods; an activity's from the git history of its plan.
    """
    from pmf import exceptions

    portfolio, today = _start(root, no_cache, as_of)
    from pmf import periods
    from pmf.shown_window import reported_window

    period = reported_window(portfolio, year, window, today, command="pmf report exceptions")
    name = periods.window_name(period).value
    histories = _plan_histories(portfolio, period.financial_year)
    _wrote(
        portfolio,
        exceptions.write_exceptions(portfolio, period, name, today, histories, out_folder(out), fmt.value, lang.value),
        lang.value,
    )


def _plan_histories(portfolio: "Portfolio", year: str) -> "dict[str, list[tuple[Commit, dict[str, Any] | None]]]":
    """Each of the year's plan files' committed versions, or none when the plans are not in git.

    A shallow clone stops the report (exit 1, saying how to fetch the history): its "since" dates would be wrong.
    """
    from pmf import audit

    keys = [f"{plan.id}/{year}" for plan in portfolio.plans_for(year)]
    try:
        return dict(zip(keys, audit.file_histories(portfolio.root, [portfolio.files[k] for k in keys]), strict=True))
    except audit.TruncatedHistory:
        raise
    except UsageError:
        return {}


@report_app.command("panel-response")
@guarded
def report_panel_response(
    year: YearOption = None,
    as_of: AsOfOption = None,
    out: OutOption = Path("reports"),
    fmt: ReportFormatOption = ReportFormat.both,
    lang: LangOption = ReportLanguage.en,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """The council's response to the Panel Performance Assessment: conclusions, recommendations, actions.

    The default year is the latest panel assessment in panel/.
    """
    from pmf import packs, statutory

    portfolio, today = _start(root, no_cache, as_of)
    if year is None:
        from pmf import periods

        year = max(portfolio.panels, default=periods.financial_year_of(today))
    statutory.panel_of(portfolio, year)  # a year without a panel assessment stops here, before any file
    _wrote(
        portfolio,
        packs.write_pack(
            portfolio.root,
            "panel-response",
            f"panel-response-{year}",
            lambda: statutory.panel_response(portfolio, year, today),
            out_folder(out),
            fmt.value,
            lang.value,
        ),
        lang.value,
    )


def _start(
    root: Path | None, no_cache: bool, as_of: str | None, include_exempt: bool = False
) -> "tuple[Portfolio, dt.date]":
    """What every report begins with: the plans read and checked, as they may be published (exempt risks
    left out unless asked for) as of today's date (no figure for a period not begun by then), and that date."""
    from pmf import begun
    from pmf.exempt import published

    today = as_of_date(as_of)
    portfolio, _ = begun.as_of(published(load_plans(root, no_cache=no_cache), include_exempt=include_exempt), today)
    return portfolio, today


def _wrote(portfolio: "Portfolio", paths: Iterable[Path], lang: str) -> None:
    """Say each file written, then, once, where the plans still hold guidance the files may show as it stands,
    and for Welsh documents (``lang`` cy or both) where the council's name awaits its Welsh."""
    from pmf.placeholders import left_sentence
    from pmf.validation import from_here

    for path in paths:
        console.note(f"wrote {path}")
    if told := left_sentence(from_here(portfolio.warnings, portfolio.root)):  # named as pmf validate names it
        console.note(told)
    if lang != "en" and (said := _name_in_english(portfolio)):
        console.note(f"pmf: {from_here([said], portfolio.root)[0].text()}")


def _name_in_english(portfolio: "Portfolio") -> Problem | None:
    """Where the council's name is in English alone, for a command writing Welsh documents, which show it marked
    as awaiting its Welsh: where it is, and how to write its Welsh beside it, named as pmf validate names it."""
    import json

    from pmf.i18n import in_english_alone
    from pmf.repository import CONFIG
    from pmf.yamlio import Document

    name = portfolio.settings.organisation
    if not in_english_alone(name):
        return None
    line, col = Document.load(portfolio.root / CONFIG).locate(["organisation"])
    english = json.dumps(str(name), ensure_ascii=False)
    return Problem(
        CONFIG,
        line,
        col,
        message=f"the council's name is in English alone, so the Welsh documents show it marked '(yn Saesneg)': "
        f'write its Welsh beside it, as organisation: {{en: {english}, cy: "..."}}',
    )


def _late_changes(portfolio: "Portfolio", year: str, today: dt.date) -> "list[AuditEntry]":
    """Flagged changes from the git history, or none when the plans are not in a git repository."""
    from pmf import audit

    try:
        return [e for e in audit.audit(portfolio, year=year, today=today) if e.flag]
    except audit.TruncatedHistory as exc:
        console.note(f"pmf: {exc.problems[0].message}; this report lists no late changes")
        return []
    except UsageError:
        return []
