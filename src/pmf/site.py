"""A static performance site: every report by year and window, a page per service and per measure.

No server and no external assets: plain HTML files with relative links, a search box that
filters an index written into the page, and reports built from the plans as they stood
when each report was due (from git, when the plans are in a git repository).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmf.charts import Chart, trend_chart
from pmf.periods import WindowName, financial_year_of, parse_period, window
from pmf.views import with_unit

if TYPE_CHECKING:
    from pmf.loader import Portfolio

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


def _snapshot(root: Path, when: dt.date, into: Path) -> Path | None:
    """The plans repository as committed on ``when`` (None when it is not in git or had no commit then)."""

    def git(*args: str) -> bytes | None:
        try:
            return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None

    top = git("rev-parse", "--show-toplevel")
    commit = git("rev-list", "-1", f"--before={when}T23:59:59", "HEAD")
    if not top or not commit or not commit.strip():
        return None
    prefix = root.resolve().relative_to(Path(top.decode().strip()).resolve()).as_posix()
    archive = git("archive", "--format=tar", commit.decode().strip(), *([prefix] if prefix != "." else []))
    if archive is None:
        return None
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        extract(tar, into)
    return into / prefix if prefix != "." else into


def has_data_filter() -> bool:
    """Whether this Python's tarfile has extraction filters (3.11.4 and later; 3.11.0 to 3.11.3 do not)."""
    return hasattr(tarfile, "data_filter")


def extract(tar: tarfile.TarFile, into: Path) -> None:
    """Unpack ``tar`` into ``into``, leaving out every member that could write elsewhere.

    With tarfile's ``data`` filter where this Python has it; where it does not, only plain files
    and folders whose names stay inside ``into`` are unpacked (no links, no absolute paths, no
    ``..``). A member left out is skipped, not fatal: the snapshot is only a past view of the plans.
    """
    if has_data_filter():

        def data(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
            try:
                return tarfile.data_filter(member, dest)
            except tarfile.FilterError:
                return None

        tar.extractall(into, filter=data)
        return
    target = into.resolve()
    safe = []
    for member in tar.getmembers():
        inside = (target / member.name).resolve()
        if not (member.isfile() or member.isdir()) or Path(member.name).is_absolute():
            continue
        if inside != target and target not in inside.parents:
            continue
        member.mode = (member.mode | 0o600) & 0o755 if member.isfile() else 0o755
        safe.append(member)
    tar.extractall(into, members=safe)


def build_site(portfolio: Portfolio, out: Path, as_of: dt.date) -> list[Path]:
    """Write the site into ``out``; return every page written."""
    from pmf.loader import check_portfolio
    from pmf.render import render
    from pmf.report import build_report
    from pmf.yamlio import write_atomic

    out.mkdir(parents=True, exist_ok=True)
    (out / "reports").mkdir(exist_ok=True)
    (out / "services").mkdir(exist_ok=True)
    (out / "measures").mkdir(exist_ok=True)
    written: list[Path] = []
    reports: list[Link] = []
    for year, name in windows_due(portfolio, as_of):
        source = portfolio
        with tempfile.TemporaryDirectory() as scratch:
            snapshot = _snapshot(portfolio.root, min(_due(year, name), as_of), Path(scratch))
            if snapshot is not None and (snapshot / "pmf.yaml").is_file():
                then, _ = check_portfolio(snapshot)
                source = then or portfolio
            report = build_report(source, window(year, name), name.value, min(_due(year, name), as_of))
        path = out / "reports" / f"{year}-{name.value}.html"
        write_atomic(path, render(portfolio.root, "report.html.j2", report=report))
        written.append(path)
        reports.append(
            Link(
                f"reports/{path.name}",
                f"{year} {'mid-year' if name is WindowName.mid_year else 'year-end'} Performance Self-Assessment",
                "report",
            )
        )
    year = financial_year_of(as_of)
    services = []
    for service in portfolio.services:
        title = portfolio.service_title(service, year)
        measures = [_measure_page(portfolio, m.id, year) for m in portfolio.measures_of(service)]
        page = out / "services" / f"{service}.html"
        plan = portfolio.plan(service, year) or next(
            (p for (s, _), p in sorted(portfolio.plans.items(), reverse=True) if s == service), None
        )
        risks = [r for r in portfolio.risks_of(service)]
        write_atomic(
            page,
            render(
                portfolio.root,
                "site-service.html.j2",
                site=_site(portfolio),
                title=title,
                plan=plan,
                measures=measures,
                risks=risks,
                service=service,
            ),
        )
        written.append(page)
        services.append(Link(f"services/{service}.html", title, "service"))
        for m in measures:
            mpage = out / "measures" / f"{m['id']}.html"
            write_atomic(
                mpage,
                render(
                    portfolio.root,
                    "site-measure.html.j2",
                    site=_site(portfolio),
                    m=m,
                    service=Link(f"../services/{service}.html", title, "service"),
                ),
            )
            written.append(mpage)
    index_links = (
        reports
        + services
        + [
            Link(f"measures/{m.id}.html", f"{m.id}: {m.title}", "measure")
            for m in sorted(portfolio.measures.values(), key=lambda m: m.id)
        ]
    )
    index = out / "index.html"
    write_atomic(
        index,
        render(
            portfolio.root,
            "site-index.html.j2",
            site=_site(portfolio),
            reports=reports,
            services=services,
            links=index_links,
            as_of=f"{as_of:%-d %B %Y}",
        ),
    )
    written.append(index)
    return written


def _site(portfolio: Portfolio) -> dict[str, str]:
    return {"organisation": portfolio.settings.organisation, "lang": "en-GB"}


def _measure_page(portfolio: Portfolio, measure_id: str, year: str) -> dict[str, Any]:
    m = portfolio.measures[measure_id]
    unit = (m.decimals, m.data_type.value if m.data_type else None, m.unit)
    rows = []
    for o in m.outturns:
        period = parse_period(o.period, m.frequency.value)
        limits = m.thresholds.get(period.financial_year)
        rows.append(
            {
                "period": period.label,
                "value": "No figure" if o.value is None else with_unit(o.value, *unit),
                "target": with_unit(limits.target, *unit) if limits else "–",
                "tolerance": with_unit(limits.tolerance, *unit) if limits and limits.tolerance is not None else "–",
                "comment": o.comment or "",
            }
        )
    last = max((parse_period(o.period, m.frequency.value) for o in m.outturns), default=None)
    chart: Chart | None = None
    if last is not None:
        chart = trend_chart(m, window(last.financial_year, WindowName.year_end), limit=40)
    return {
        "id": m.id,
        "title": m.title,
        "kind": "Indicator" if m.kind.value == "indicator" else "Performance measure",
        "benchmarking": m.benchmarking.label,
        "frequency": m.frequency.value.capitalize(),
        "definition": [
            (label, getattr(m, key))
            for label, key in (
                ("Description", "description"),
                ("Scope and definition", "scope_and_definition"),
                ("Source", "source"),
                ("Calculation", "calculation"),
                ("Validation", "validation"),
                ("Lead officer", "lead_officer"),
            )
            if getattr(m, key)
        ],
        "rows": rows,
        "chart": chart,
    }
