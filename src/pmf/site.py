"""A static performance site: every report by year and window, a page per service and per measure.

No server and no external assets: plain HTML files with relative links, a search box that
filters an index written into the page. In a git repository every page comes from the plans
as committed (a report due before ``--as-of`` from the plans as they stood when it was due),
so one site never shows two figures for one period, and a site built again is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf import i18n
from pmf.calculated import divides_by_zero, resolved
from pmf.fields import Aggregation, Polarity
from pmf.fullchart import full_chart, gaps_said
from pmf.i18n import N_, _, english_date, joined, long_date, period_words
from pmf.i18n import text as tx
from pmf.numbers import threshold_texts, with_unit
from pmf.performance import unverified_figures
from pmf.periods import WindowName, financial_year_of, parse_period, window
from pmf.render import file_name
from pmf.rows import FREQUENCIES, no_figure, zero_divisor
from pmf.scratch import scratch_folder
from pmf.snapshot import Committed, as_committed
from pmf.trends import gaps, running_totals

if TYPE_CHECKING:
    from pmf.exempt_past import ExemptNow
    from pmf.models import Outturn
    from pmf.periods import Period
    from pmf.portfolio import Portfolio

# When each report is taken to have been written: the month after the update deadline.
REPORT_DUE = {WindowName.mid_year: (12, 31), WindowName.year_end: (7, 31)}


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    kind: str


def _due(year: str, name: WindowName) -> dt.date:
    month, day = REPORT_DUE[name]
    start = int(year[:4])
    return dt.date(start if name is WindowName.mid_year else start + 1, month, day)


def windows_due(portfolio: Portfolio, as_of: dt.date) -> list[tuple[str, WindowName]]:
    """Every window of a year with plans whose period has ended by ``as_of``, newest first."""
    years = sorted({y for _, y in portfolio.plans})
    found = []
    for year in years:
        for name in (WindowName.mid_year, WindowName.year_end):
            if window(year, name).end < as_of:
                found.append((year, name))
    return sorted(found, key=lambda w: (w[0], w[1] is WindowName.year_end), reverse=True)


@dataclass(frozen=True)
class Site:
    pages: list[Path]  # every page written
    source: Committed  # the commit every page is built from, or why the files as they are were used


def build_site(
    root: Path,
    working: Callable[[], Portfolio],
    out: Path,
    as_of: dt.date,
    lang: str = "both",
    *,
    include_exempt: bool = False,
) -> Site:
    """Write the site of the plans in ``root`` into ``out`` in ``en``, ``cy`` or ``both``; say what was
    written, and from what.

    Every page is built from the plans as committed on ``as_of`` (docs/audit.md), a report due
    before then from the plans as committed when it was due; the files as they are (``working``,
    read only then) are used only outside git, where nothing was committed by ``as_of``, or where
    that commit holds no plans or its plans do not load.
    English pages keep their plain names (``measures/WST-01.html``), Welsh pages add ``.cy``
    (``measures/WST-01.cy.html``) beside them, as reports do; each page links its twin.
    A risk held as exempt information is left out of every page, which says how many it left out, unless
    ``include_exempt`` (pmf.exempt).
    """
    from pmf.exempt import published
    from pmf.exempt_past import ExemptNow, exempt_now

    languages = list(i18n.LANGUAGES) if lang == "both" else [lang]
    with scratch_folder() as scratch:
        source = as_committed(root, as_of, scratch)
        exempt = ExemptNow() if include_exempt else exempt_now(root, source)
        withhold = exempt.ids if source.portfolio is None else exempt.withheld_in(root, source)
        now = published(source.portfolio or working(), include_exempt=include_exempt, withhold=withhold)
        _refuse_figures_to_come(now, as_of, source)
        out.mkdir(parents=True, exist_ok=True)
        for folder in ("reports", "services", "measures"):
            (out / folder).mkdir(exist_ok=True)
        pages = _Pages(root, out, languages)
        reports = _write_reports(root, now, pages, as_of, include_exempt, exempt)
        year = financial_year_of(as_of)
        for code in languages:
            with i18n.language(code):
                _write_language(now, pages, code, year, as_of, reports[code])
    return Site(pages.written, source)


def _refuse_figures_to_come(now: Portfolio, as_of: dt.date, source: Committed) -> None:
    """Publish no figure for a period that has not begun by ``as_of``: raise, naming each as ``pmf validate`` does."""
    from pmf.errors import PmfError, Problem, dotted, relative
    from pmf.findings import Findings
    from pmf.measure_checks import figures_to_come
    from pmf.yamlio import Document

    found = Findings(now.root, set())
    for measure in now.measures.values():
        figures_to_come(found, now.files[measure.id], measure, as_of)
    where = ""
    if source.portfolio is not None:
        where = (
            "as last committed"
            if source.latest
            else f"as committed by {english_date(as_of)} (commit {source.commit[:7]})"
        )
        where = f" ({where}, which the site is built from)"
    problems = []
    for f in found.found:
        line, col = Document.load(f.path).locate(list(f.key_path))
        said = f"{f.message}{where}"
        problems.append(Problem(relative(f.path, now.root), line, col, dotted(list(f.key_path)), said))
    if problems:
        raise PmfError(problems)


def _write_reports(
    root: Path, now: Portfolio, pages: _Pages, as_of: dt.date, include_exempt: bool, exempt: ExemptNow
) -> dict[str, list[Link]]:
    """Every report due by ``as_of``, each from the plans as they stood when it was due (``now`` if not yet due),
    without the risks exempt now (``exempt``) as they stood then."""
    from pmf.exempt import published
    from pmf.report import build_report

    reports: dict[str, list[Link]] = {code: [] for code in pages.languages}
    for year, name in windows_due(now, as_of):
        day = min(_due(year, name), as_of)
        with scratch_folder() as scratch:
            then = None if day == as_of else as_committed(root, day, scratch)
            source = now
            if then is not None and then.portfolio is not None:
                withhold = exempt.withheld_in(root, then)
                source = published(then.portfolio, include_exempt=include_exempt, withhold=withhold)
            for code in pages.languages:
                with i18n.language(code):
                    report = build_report(source, window(year, name), name.value, day)
                    pages.write(f"reports/{year}-{name.value}", code, "report.html.j2", report=report)
                    words = (
                        _("%(year)s mid-year Performance Self-Assessment")
                        if name is WindowName.mid_year
                        else _("%(year)s year-end Performance Self-Assessment")
                    )
                    reports[code].append(
                        Link(file_name(f"reports/{year}-{name.value}", code, "html"), words % {"year": year}, "report")
                    )
    return reports


class _Pages:
    """Writes a page in one language, linking it to its twin in the other when both are built."""

    def __init__(self, root: Path, out: Path, languages: list[str]) -> None:
        self.root, self.out, self.languages = root, out, languages
        self.written: list[Path] = []

    def write(self, stem: str, code: str, template: str, **context: Any) -> None:
        from pmf.atomic import write_atomic
        from pmf.render import render, twin

        other = next((c for c in self.languages if c != code), None)
        path = self.out / file_name(stem, code, "html")
        write_atomic(path, render(self.root, template, alternate=twin(stem, other, "html"), **context))
        self.written.append(path)


def _write_language(
    portfolio: Portfolio, pages: _Pages, code: str, year: str, as_of: dt.date, reports: list[Link]
) -> None:
    """The index, service and measure pages in the language being written."""
    from pmf.exempt import withheld, withheld_sentence

    site = {
        "organisation": tx(portfolio.settings.organisation),
        "lang": i18n.HTML_LANG[code],
        "ext": file_name("", code, "html"),  # ".html" or ".cy.html": links stay within the language
    }
    services = []
    measures_of, risks_of = portfolio.measures_by_service(), portfolio.risks_by_service()
    for service in portfolio.services:
        title = tx(portfolio.service_title(service, year))
        measures = [_measure_page(portfolio, m.id) for m in measures_of[service]]
        plan = portfolio.plan(service, year) or next(
            (p for (s, _year), p in sorted(portfolio.plans.items(), reverse=True) if s == service), None
        )
        risks = list(risks_of[service])
        pages.write(
            f"services/{service}",
            code,
            "site-service.html.j2",
            site=site,
            title=title,
            plan=plan,
            measures=measures,
            risks=risks,
            withheld=withheld_sentence(withheld(portfolio, service)),
            service=service,
        )
        services.append(Link(file_name(f"services/{service}", code, "html"), title, "service"))
        for m in measures:
            link = Link(file_name(f"../services/{service}", code, "html"), title, "service")
            pages.write(f"measures/{m['id']}", code, "site-measure.html.j2", site=site, m=m, service=link)
    every_measure = [
        Link(file_name(f"measures/{m.id}", code, "html"), joined([m.id, tx(m.title)], ": "), "measure")
        for m in sorted(portfolio.measures.values(), key=lambda m: m.id)
    ]
    pages.write(
        "index",
        code,
        "site-index.html.j2",
        site=site,
        reports=reports,
        services=services,
        links=reports + services + every_measure,
        as_of=long_date(as_of),
    )


DEFINITION = (
    (N_("Description"), "description"),
    (N_("Scope and definition"), "scope_and_definition"),
    (N_("Source"), "source"),
    (N_("Calculation"), "calculation"),
    (N_("Validation"), "validation"),
    (N_("Lead officer"), "lead_officer"),
)


def _measure_page(portfolio: Portfolio, measure_id: str) -> dict[str, Any]:
    """A measure's page in the language being written: its definition and every figure."""
    m = resolved(portfolio.measures[measure_id], portfolio.measures)  # a calculated measure's worked-out figures
    unit = (m.decimals, m.data_type.value if m.data_type else None, m.unit)
    unchecked = {period.label for _, period in unverified_figures(portfolio.measures[measure_id])}  # as the report
    rows = []
    unworked = divides_by_zero(m)  # periods the formula gives no figure for, and why, in the page's language
    missing = gaps(m)  # due periods with no figure before a later one of their year: shown as a row of their own
    entries: list[tuple[Period, Outturn | None]] = [(parse_period(o.period, m.frequency.value), o) for o in m.outturns]
    written = {period for period, _o in entries}
    if unwritten := [(p, None) for p in missing if p not in written]:
        entries = sorted([*entries, *unwritten], key=lambda entry: entry[0])
    for period, o in entries:
        limits = m.thresholds.get(period.financial_year)
        shown = threshold_texts(
            limits.target if limits else None,
            limits.tolerance if limits else None,
            m.polarity is Polarity.closer_is_better,
            *unit,
        )
        value = None if o is None else o.value
        rows.append(
            {
                "period": period_words(period.label, period.frequency),
                "value": _("No figure") if value is None else with_unit(value, *unit),
                "unverified": value is not None and period.label in unchecked,
                "target": shown[0] or "–",
                "tolerance": shown[1] or "–",
                "comment": ""
                if o is None
                else no_figure(period, zero_divisor(unworked[o.period]))
                if o.period in unworked  # pmf's own reason, in the page's language
                else tx(o.comment),
            }
        )
    running = m.aggregation is Aggregation.cumulative
    if running:
        totals = {p.label: with_unit(v, *unit) for p, v in running_totals(m)}
        for row, (period, _o) in zip(rows, entries, strict=True):
            after_gap = any(g.financial_year == period.financial_year and g < period for g in missing)
            total = totals.get(period.label)
            row["running"] = "–" if total is None else f"{total} {_('(partial)')}" if after_gap else total
    return {
        "id": m.id,
        "title": tx(m.title),
        "kind": _("Indicator") if m.kind.value == "indicator" else _("Performance measure"),
        "benchmarking": m.benchmarking.label,
        "frequency": _(FREQUENCIES[m.frequency.value]),
        "definition": [(_(label), tx(getattr(m, key))) for label, key in DEFINITION if getattr(m, key)],
        "rows": rows,
        "unverified": [row["period"] for row in rows if row["unverified"]],
        "full": full_chart(m, missing),
        "running": running,
        "gaps": gaps_said(m, missing),
    }
