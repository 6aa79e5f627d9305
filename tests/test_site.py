"""pmf site: a static site whose links are whole, with reports built from the plans as they stood."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)
            if name == "id" and value:
                self.ids.add(value)
            if name in {"src", "href"} and value and value.startswith(("http:", "https:", "//")):
                self.external.append(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_demo_site_links_are_whole(tmp_path: Path) -> None:
    result = runner.invoke(app, ["site", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    pages = sorted(tmp_path.rglob("*.html"))
    assert len(pages) == 2 * (1 + 3 + 8 + 69)  # index, reports, services, measures; in English and in Welsh
    parsed = {page: parse(page) for page in pages}
    checked = 0
    for page, links in parsed.items():
        assert links.external == [], page
        for href in links.hrefs:
            target, _, anchor = href.partition("#")
            file = (page.parent / target).resolve() if target else page
            assert file.is_file(), f"{page.relative_to(tmp_path)} links to missing {href}"
            if anchor:
                assert anchor in parsed[file].ids, f"{page.relative_to(tmp_path)} links to missing anchor {href}"
            checked += 1
    assert checked > 300
    index = (tmp_path / "index.html").read_text()
    assert '<input id="search" type="search">' in index
    assert 'href="reports/2026-27-mid-year.html"' in index and 'href="measures/WST-01.html"' in index
    measure = (tmp_path / "measures/WST-01.html").read_text()
    assert "<caption>Every figure reported for" in measure and 'role="img"' in measure


def _commit(root: Path, when: str, message: str) -> None:
    """Commit everything in ``root`` on the day ``when``, so the site's snapshots never depend on the clock."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Performance Officer",
        "GIT_AUTHOR_EMAIL": "performance@example.org",
        "GIT_COMMITTER_NAME": "Performance Officer",
        "GIT_COMMITTER_EMAIL": "performance@example.org",
        "GIT_AUTHOR_DATE": f"{when}T09:00:00",
        "GIT_COMMITTER_DATE": f"{when}T09:00:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, check=True, env=env)


def test_reports_use_the_plans_as_they_stood(repo: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    _commit(repo, "2025-11-01", "2025-26 Q2")
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("value: 64.45", "value: 69.0"))
    _commit(repo, "2026-02-01", "2025-26 Q2 revised")  # revised after the mid-year report was due
    result = runner.invoke(app, ["site", "--root", str(repo), "--out", str(tmp_path), "--as-of", "2026-03-01"])
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "reports/2025-26-mid-year.html").read_text()
    assert "64.5%" in report and "69.0%" not in report  # the figure as reported, not as revised
    assert "69.0%" in (tmp_path / "measures/WST-01.html").read_text()  # the measure page shows today's figures


def _hostile_tar(tmp_path: Path) -> Path:
    """An archive with one plain file and every kind of member that could write outside its folder."""
    import io
    import tarfile

    path = tmp_path / "hostile.tar"
    with tarfile.open(path, "w") as tar:

        def add(name: str, kind: bytes = tarfile.REGTYPE, link: str = "", data: bytes = b"") -> None:
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, link, len(data)
            tar.addfile(info, io.BytesIO(data) if data else None)

        add("plans", tarfile.DIRTYPE)
        add("plans/pmf.yaml", data=b"organisation: Test\n")
        add("plans/passwd", tarfile.SYMTYPE, "/etc/passwd")
        add("plans/up", tarfile.SYMTYPE, "../../outside")
        add("plans/hard", tarfile.LNKTYPE, "/etc/passwd")
        add(str(tmp_path / "absolute.txt"), data=b"absolute\n")
        add("../escaped.txt", data=b"escaped\n")
        add("plans/../../escaped-too.txt", data=b"escaped\n")
    return path


@pytest.mark.parametrize("with_filter", [True, False], ids=["data-filter", "own-checks"])
def test_snapshot_extraction_keeps_every_member_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_filter: bool
) -> None:
    import tarfile

    from pmf import snapshot as site

    if with_filter and not hasattr(tarfile, "data_filter"):
        pytest.skip("this Python's tarfile has no extraction filters (before 3.11.4)")
    monkeypatch.setattr(site, "has_data_filter", lambda: with_filter)
    into = tmp_path / "deep" / "into"
    into.mkdir(parents=True)
    with tarfile.open(_hostile_tar(tmp_path)) as tar:
        site.extract(tar, into)
    assert (into / "plans" / "pmf.yaml").read_text() == "organisation: Test\n"
    outside = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if into not in p.parents)
    assert outside == ["deep", "deep/into", "hostile.tar"]
    inside = list(into.rglob("*"))
    assert not [p for p in inside if p.is_symlink()]
    assert {p.name for p in inside if p.is_file()} <= {"pmf.yaml", "absolute.txt"}  # a leading / may be dropped


def test_every_page_shows_the_committed_figure_and_changes_not_committed_are_named(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """A figure revised in the file and not committed is on no page: the measure page and the report agree."""
    root, out = initialised_in_november, tmp_path / "site"
    measure = root / "plans/example/measures/EX-01.yaml"
    result = runner.invoke(app, ["record", "EX-01", "2026-27 Q2", "71.5", "--root", str(root), "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.stderr
    _commit(root, "2026-11-26", "2026-27 Q2")
    measure.write_text(measure.read_text(encoding="utf-8").replace("value: 71.5", "value: 58.0"), encoding="utf-8")
    result = runner.invoke(app, ["site", "--root", str(root), "--out", str(out), "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.stderr
    for page in ("measures/EX-01.html", "reports/2026-27-mid-year.html", "measures/EX-01.cy.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "71.5%" in text and "58.0%" not in text, page
    assert result.stderr.splitlines()[-1] == (
        "warning: the site shows the plans as committed; these files have changes not committed, which it leaves "
        "out (commit them and build the site again to publish them): plans/example/measures/EX-01.yaml"
    )
    _commit(root, "2026-11-27", "2026-27 Q2 revised")
    result = runner.invoke(app, ["site", "--root", str(root), "--out", str(out), "--as-of", "2026-11-27"])
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert "58.0%" in (out / "measures/EX-01.html").read_text(encoding="utf-8")


def test_a_figure_not_yet_verified_is_marked_on_its_measure_page_in_the_reports_words(tmp_path: Path) -> None:
    demo = tmp_path / "demo"  # outside git: the files as they are
    for name in ("plans", "assessments", "regulators", "panel"):
        shutil.copytree(ROOT / name, demo / name)
    shutil.copy(ROOT / "pmf.yaml", demo / "pmf.yaml")
    out = tmp_path / "site"
    result = runner.invoke(app, ["site", "--root", str(demo), "--out", str(out), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.stderr
    report = (out / "reports/2026-27-mid-year.html").read_text(encoding="utf-8")
    assert "<h3>Figures not yet verified against their source (10)</h3>" in report
    page = (out / "measures/CHS-01.html").read_text(encoding="utf-8")
    assert (
        '<th scope="row" class="period">2026-27 Q2</th><td>22.0% <span class="note">(not yet verified)</span></td>'
        in page
    )
    assert '<p id="unverified">Figures not yet verified against their source: 2026-27 Q2.</p>' in page
    assert page.count("(not yet verified)") == 1  # its earlier figures were checked
    welsh = (out / "measures/CHS-01.cy.html").read_text(encoding="utf-8")
    assert "22.0% <span" in welsh and "(heb ei wirio eto)" in welsh
    assert "Ffigurau nad ydynt wedi'u gwirio yn erbyn eu ffynhonnell eto: Ch2 2026-27." in welsh
    english = [p for p in out.glob("measures/*.html") if not p.name.endswith(".cy.html")]
    marked = sum(p.read_text(encoding="utf-8").count("(not yet verified)") for p in english)
    assert marked == 10  # every figure the report lists, and no other


def test_a_figure_is_marked_where_the_report_lists_it_and_a_calculated_one_is_not(tmp_path: Path) -> None:
    """The site marks exactly the figures the report's data-quality section lists: a figure a calculated
    measure uses is marked on its own page, the worked-out figure is not (the report never lists it)."""
    demo = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", demo / "plans")
    shutil.copy(ROOT / "pmf.yaml", demo / "pmf.yaml")
    placements = demo / "plans/adult-social-care/measures/ASC-10.yaml"  # ASC-04 is 1000 * ASC-10 / ASC-11
    text = placements.read_text(encoding="utf-8")
    checked = "    verified: {by: Performance and Improvement Officer, date: 2026-10-12}\n"
    assert text.count(checked) == 1 and text.index("period: 2026-27 Q2") < text.index(checked)
    placements.write_text(text.replace(checked, ""), encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["site", "--root", str(demo), "--out", str(out), "--as-of", "2026-11-23", "--lang", "en"]
    )
    assert result.exit_code == 0, result.stderr
    placed = (out / "measures/ASC-10.html").read_text(encoding="utf-8")
    assert placed.count("(not yet verified)") == 1
    assert '<p id="unverified">Figures not yet verified against their source: 2026-27 Q2.</p>' in placed
    assert "not yet verified" not in (out / "measures/ASC-04.html").read_text(encoding="utf-8")
    report = (out / "reports/2026-27-mid-year.html").read_text(encoding="utf-8")
    listed = report[report.index("Figures not yet verified against their source (") :]
    listed = listed[: listed.index("</ul>")]
    assert "ASC-10" in listed and "ASC-04" not in listed


# A cumulative monthly measure added to the example service pmf init writes, its August figure not given
MISSED_BINS = """\
id: EX-02
kind: performance_measure
title: {en: Missed bin collections, cy: Casgliadau biniau a fethwyd}
data_type: number
aggregation: cumulative
frequency: monthly
polarity: lower_is_better
benchmarking: local
thresholds:
  2026-27: {target: 2300, tolerance: 2600}
outturns:
  - {period: 2026-04, value: 210}
  - {period: 2026-05, value: 185}
  - {period: 2026-06, value: 230}
  - {period: 2026-07, value: 175}
  - {period: 2026-09, value: 240}
"""


def _site_with_ex_02(root: Path, measure: str, out: Path) -> Path:
    """The site, as at 27 November 2026, of the repository `pmf init` wrote with the measure EX-02 added to its
    example service's plan: the folder written."""
    (root / "plans/example/measures/EX-02.yaml").write_text(measure, encoding="utf-8")
    plan = root / "plans/example/plan-2026-27.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("      - EX-01\n", "      - EX-01\n      - EX-02\n"))
    result = runner.invoke(app, ["site", "--root", str(root), "--as-of", "2026-11-27", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_a_measure_page_says_which_period_has_no_figure_and_which_totals_are_partial(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """SPEC 2.5, 2.6: a partial value is shown as partial. The page has a row for August saying there is no
    figure, marks September's running total partial, says so under the table and in the chart's description
    (in each language), and its chart's line stops at July; September, alone after the gap, is its point."""
    import re

    out = _site_with_ex_02(initialised_in_november, MISSED_BINS, tmp_path / "site")
    said = {
        "en": ("No figure", "1,040 (partial)", "No figure for 2026-08: the running totals for the year after it"),
        "cy": ("Dim ffigur", "1,040 (rhannol)", "Dim ffigur ar gyfer Awst 2026: mae cyfansymiau cronnus y flwyddyn"),
    }
    months = {"en": ("2026-07", "2026-08", "2026-09"), "cy": ("Gorffennaf 2026", "Awst 2026", "Medi 2026")}
    for lang, (none, partial, sentence) in said.items():
        july, august, september = months[lang]
        page = (out / f"measures/EX-02{'' if lang == 'en' else '.cy'}.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr><th scope="row" class="period">([^<]*)</th><td>(.*?)</td><td>([^<]*)</td>', page)
        assert [(period, figure.split(" <")[0], total) for period, figure, total in rows][3:] == [
            (july, "175", "800"),
            (august, none, "–"),
            (september, "240", partial),
        ]
        alt = re.search(r'<title id="full-chart-title">([^<]*)</title>', page)
        assert alt and sentence.replace("'", "&#39;") in alt.group(1)
        assert f'<p id="gaps">{sentence}'.replace("'", "&#39;") in page
        assert page.count("<polyline") == 1  # September alone after the gap: its point, no line


# A monthly measure, not cumulative, with no figure for June nor August: July stands alone between the gaps
MISSED_TWICE = (
    MISSED_BINS.replace("aggregation: cumulative", "aggregation: average").replace(
        "  - {period: 2026-06, value: 230}\n", ""
    )
    + "  - {period: 2026-10, value: 205}\n"
)


def test_a_figure_alone_between_two_missing_periods_is_a_point_on_the_chart_with_no_line(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """The chart's line stops at each period with no figure: April to May, then September to October, each a line
    of two points; July, alone between June and August, is drawn as its point, never as a line of one point."""
    import re

    out = _site_with_ex_02(initialised_in_november, MISSED_TWICE, tmp_path / "site")
    page = (out / "measures/EX-02.html").read_text(encoding="utf-8")
    assert "No figures for 2026-06, 2026-08." in page
    lines = [len(points.split()) for points in re.findall(r'<polyline points="([^"]*)"', page)]
    assert lines == [2, 2]
    assert page.count("<circle") == 5
