"""The Performance Self-Assessment report: golden files, escaping, and accessibility in a real browser."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

ROOT = Path(__file__).parent.parent
AS_OF = "2026-11-23"
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def write_report(root: Path, out: Path, window: str, year: str, as_of: str = AS_OF) -> tuple[str, str]:
    result = runner.invoke(
        app, ["report", window, "--year", year, "--as-of", as_of, "--root", str(root), "--out", str(out), "--no-audit"]
    )
    assert result.exit_code == 0, result.stderr
    stem = out / f"{year}-{window}"
    return stem.with_suffix(".md").read_text(encoding="utf-8"), stem.with_suffix(".html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("window", "year"), [("mid-year", "2026-27"), ("year-end", "2025-26")])
@pytest.mark.parametrize("sandboxed", [False, True], ids=["pmf-templates", "beside-a-council-template"])
def test_demo_report_matches_golden(
    tmp_path: Path, golden: Callable[[str, str], None], window: str, year: str, sandboxed: bool
) -> None:
    """The same report whether pmf's templates render alone or in the sandbox a council's own template brings."""
    root = ROOT
    if sandboxed:
        import shutil

        root = tmp_path / "council"
        for part in ("plans", "assessments", "regulators", "improvement", "panel"):
            if (ROOT / part).is_dir():
                shutil.copytree(ROOT / part, root / part)
        shutil.copy(ROOT / "pmf.yaml", root)
        (root / "templates").mkdir()
        (root / "templates" / "letter.md.j2").write_text("A council's own template, unused here.\n", encoding="utf-8")
    md, html = write_report(root, tmp_path / "out", window, year)
    golden(f"demo-{year}-{window}.md", md)
    golden(f"demo-{year}-{window}.html", html)


def test_a_council_template_never_renders_outside_the_sandbox(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A templates/ folder that cannot be listed is sandboxed; pmf's own environment loads pmf's templates alone."""
    from pmf import render

    (repo / "templates").mkdir()
    (repo / "templates" / "report.md.j2").write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    real = Path.iterdir

    def unlistable(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "templates":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "iterdir", unlistable)
    render._environment.cache_clear()
    result = runner.invoke(
        app, ["report", "mid-year", "--root", str(repo), "--out", str(tmp_path), "--as-of", "2025-11-20"]
    )
    assert result.exit_code == 1
    assert "templates/report.md.j2:1:1: the template may not use this" in result.stderr
    plain = render._environment(repo, False, False, True)
    assert "__mro__" not in plain.loader.get_source(plain, "report.md.j2")[0]
    render._environment.cache_clear()


def test_demo_welsh_report_matches_golden(tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            "mid-year",
            "--year",
            "2026-27",
            "--as-of",
            AS_OF,
            "--root",
            str(ROOT),
            "--out",
            str(tmp_path),
            "--no-audit",
            "--lang",
            "cy",
        ],
    )
    assert result.exit_code == 0, result.stderr
    golden("demo-2026-27-mid-year.cy.md", (tmp_path / "2026-27-mid-year.cy.md").read_text(encoding="utf-8"))
    golden("demo-2026-27-mid-year.cy.html", (tmp_path / "2026-27-mid-year.cy.html").read_text(encoding="utf-8"))


def test_report_of_small_repository(repo: Path, tmp_path: Path) -> None:
    md, html = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    assert (
        "| WST-01: Percentage of waste reused, recycled or composted | Benchmarked Nationally | 68.0% | 64.0% | 64.5% (2025-26 Q2) | ▲ Satisfactory (orange) | ↓ Worse |"
        in md
    )
    assert "April to September 2025" in md
    assert "WST-A01" in md
    assert 'class="badge s-orange"' in html


def test_missing_data_is_listed_in_data_quality(repo: Path, tmp_path: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    text = measure.read_text()
    measure.write_text(text[: text.index("  - period: 2025-26 Q1")])
    md, _ = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    quality = md[md.index("## Data quality") : md.index("## Stakeholder engagement")]
    assert (
        "**No data for this period** (1):\n- WST-01: Percentage of waste reused, recycled or composted (Waste and Environment)"
        in quality
    )
    assert "WST-02" in quality  # cumulative with months missing is partial, and listed as such
    assert "**Partial figures: a sum or average lacking some periods** (1)" in quality


def test_text_from_plan_files_is_escaped(repo: Path, tmp_path: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    hostile = "<script>alert('x')</script> & <b>bold</b> [go](javascript:alert(1))"
    measure.write_text(
        measure.read_text().replace("comment: Lower garden waste tonnage in a dry summer.", f'comment: "{hostile}"')
    )
    md, html = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>" not in md
    assert "\\[go](javascript:alert(1))" in md and " [go](javascript:" not in md  # no link forms


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href"} and value and not value.startswith("#"):
                self.external.append(value)


def test_html_is_self_contained_and_structured(tmp_path: Path) -> None:
    _, html = write_report(ROOT, tmp_path, "mid-year", "2026-27")
    parser = _Structure()
    parser.feed(html)
    assert parser.external == []
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert parser.tags.count("caption") == parser.tags.count("table")
    assert "@media print" in html
    assert parser.tags.count("svg") >= 30
    assert parser.tags.count("svg") == parser.tags.count("title") - 1  # every chart has a text alternative


@pytest.mark.parametrize(("window", "year"), [("mid-year", "2026-27"), ("year-end", "2025-26")])
def test_html_passes_axe_in_a_real_browser(browser, tmp_path: Path, window: str, year: str) -> None:  # type: ignore[no-untyped-def]
    from axe_selenium_python import Axe

    write_report(ROOT, tmp_path, window, year)
    browser.get((tmp_path / f"{year}-{window}.html").as_uri())
    assert browser.title.startswith("Example County Borough Council")
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    assert results["violations"] == [], axe.report(results["violations"])
    assert len(results["passes"]) > 20


def test_welsh_html_passes_axe_in_a_real_browser(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_selenium_python import Axe

    result = runner.invoke(
        app,
        [
            "report",
            "mid-year",
            "--year",
            "2026-27",
            "--as-of",
            AS_OF,
            "--root",
            str(ROOT),
            "--out",
            str(tmp_path),
            "--no-audit",
            "--lang",
            "cy",
            "--format",
            "html",
        ],
    )
    assert result.exit_code == 0, result.stderr
    browser.get((tmp_path / "2026-27-mid-year.cy.html").as_uri())
    assert browser.execute_script("return document.documentElement.lang") == "cy"
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    assert results["violations"] == [], axe.report(results["violations"])
    assert len(results["passes"]) > 20


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_status_colours_pass_wcag_aa_contrast() -> None:
    from pmf.status import LOOKS

    assert set(LOOKS) == {"green", "yellow", "orange", "amber", "red", "blue", "none"}
    backgrounds = {shown.background for shown in LOOKS.values()}
    assert len(backgrounds) == len(LOOKS) - 1  # amber is orange; blue is not green, nor any other
    for name, shown in LOOKS.items():
        assert contrast(shown.ink, shown.background) >= 4.5, name
        assert contrast(shown.border, "#ffffff") >= 3.0, name  # the badge edge stands out from the page


def test_the_pages_own_colours_pass_wcag_aa_contrast() -> None:
    from pmf.render import INKS

    for text in ("text", "heading", "accent", "note"):  # words and links on the white page
        assert contrast(INKS[text], "#ffffff") >= 4.5, text
        assert contrast(INKS[text], INKS["head"]) >= 4.5, text  # and in a table's heading row
    for line in ("rule", "edge"):  # a chart's target line, table and card edges
        assert contrast(INKS[line], "#ffffff") >= 3.0, line


def test_the_style_sheet_gives_each_status_its_colours(repo: Path, tmp_path: Path) -> None:
    """The badges' and the heat map's colours come from pmf.status, one rule for orange and amber."""
    from pmf.status import LOOKS

    _, html = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    for name, shown in LOOKS.items():
        selector = ".s-orange, .s-amber" if name in ("orange", "amber") else f".s-{name}"
        rule = f"{selector} {{ background: {shown.background}; color: {shown.ink}; border-color: {shown.border}; }}"
        assert rule in html, rule
    assert f"svg.heat .band-very-high {{ fill: {LOOKS['red'].background}; }}" in html


def test_a_councils_own_template_overrides_the_packaged_one(repo: Path, tmp_path: Path) -> None:
    (repo / "templates").mkdir()
    (repo / "templates/report.md.j2").write_text("# {{ report.organisation }} ({{ report.overall.total }} measures)\n")
    md, html = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    assert md == "# Test County Borough Council (2 measures)\n"
    assert html.startswith("<!DOCTYPE html>")  # the packaged HTML template still serves


def test_template_syntax_in_plan_text_is_never_evaluated(repo: Path, tmp_path: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(
        measure.read_text().replace(
            "title: Percentage of waste reused, recycled or composted", "title: '{{ 7*7 }} {% if true %}x{% endif %}'"
        )
    )
    md, html = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in md and "49" not in md
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in html


def test_rag_variance_report_speaks_its_own_words(repo: Path, tmp_path: Path) -> None:
    (repo / "pmf.yaml").write_text(
        (repo / "pmf.yaml").read_text().replace("status_scheme: royg", "status_scheme: rag-variance")
    )
    md, html = write_report(repo, tmp_path, "mid-year", "2025-26", "2025-11-20")
    table = md[md.index("| Outcome | Overall judgement") :].split("\n\n")[0].splitlines()
    assert table[0] == "| Outcome | Overall judgement | ● Target met | ▲ Near target | ■ Off target | No status |"
    assert {line.count("|") for line in table} == {7}
    # WST-02 has two of six months: partial, so out of the counts and judged by its activities alone.
    assert "| The council is resilient | Strong progress | 0 | 0 | 0 | 0 |" in table
    assert "| The environment is protected and enhanced | Progress with some concerns | 0 | 1 | 0 | 0 |" in table
    assert "Satisfactory" not in md and "Excellent" not in md
    assert "▲ Near target (amber)" in md and "Amber within 10% of the target" in md
    assert 'class="badge s-amber"' in html


def test_improvement_plan_and_packs_pass_axe_in_both_languages(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_selenium_python import Axe

    example = ROOT / "examples" / "rag-variance"
    commands = [
        ["report", "improvement-plan", "--root", str(example), "--as-of", "2025-11-20", "--out", str(tmp_path)],
        [
            "report",
            "service-review",
            "waste",
            "--root",
            str(ROOT),
            "--year",
            "2026-27",
            "--window",
            "mid-year",
            "--as-of",
            AS_OF,
            "--out",
            str(tmp_path),
        ],
        ["report", "plan", "housing", "--root", str(ROOT), "--year", "2026-27", "--out", str(tmp_path)],
        [
            "report",
            "mid-year",
            "--root",
            str(example),
            "--year",
            "2025-26",
            "--as-of",
            "2025-11-20",
            "--out",
            str(tmp_path),
            "--no-audit",
        ],
    ]
    for args in commands:  # each in English and in Welsh
        assert runner.invoke(app, [*args, "--lang", "both"]).exit_code == 0, args
    pages = sorted(tmp_path.glob("*.html"))
    assert len(pages) == 8
    for page in pages:
        browser.get(page.as_uri())
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        assert results["violations"] == [], f"{page.name}: {axe.report(results['violations'])}"


def test_site_pages_pass_axe_and_search_works(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_selenium_python import Axe
    from selenium.webdriver.common.by import By

    assert runner.invoke(app, ["site", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", AS_OF]).exit_code == 0
    for page in ["index.html", "services/waste.html", "measures/WST-01.html"]:
        browser.get((tmp_path / page).as_uri())
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        assert results["violations"] == [], f"{page}: {axe.report(results['violations'])}"
    browser.get((tmp_path / "index.html").as_uri())
    box = browser.find_element(By.ID, "search")
    box.send_keys("recycled")
    visible = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li") if li.is_displayed()]
    assert visible and all("recycled" in text.lower() for text in visible)
    assert browser.find_element(By.ID, "search-count").text == f"{len(visible)} page" + (
        "s" if len(visible) != 1 else ""
    )


def test_a_broken_council_template_is_placed_not_a_traceback(repo: Path, tmp_path: Path) -> None:
    (repo / "templates").mkdir()
    (repo / "templates/report.md.j2").write_text("# Report\n{% for x in %}\n")
    args = ["report", "mid-year", "--year", "2025-26", "--root", str(repo), "--out", str(tmp_path), "--no-audit"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/report.md.j2:2:1: template syntax: Expected an expression")


@pytest.mark.parametrize(
    "body", ['{{ _("100%") }}', '{{ _("%(x)s") }}', "{{ _() }}", '{{ ngettext("a", "b") }}', "{{ 1/0 }}"]
)
def test_a_council_template_that_misuses_translation_is_placed(repo: Path, tmp_path: Path, body: str) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "report.md.j2").write_text(f"# Report\n{body}\n", encoding="utf-8")
    args = [
        "report",
        "mid-year",
        "--root",
        str(repo),
        "--out",
        str(tmp_path),
        "--format",
        "md",
        "--as-of",
        "2025-11-20",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("templates/report.md.j2:2:1: the template cannot be rendered: ")


HOSTILE_TEMPLATES = {
    "shell through globals": "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "function internals": "{{ colour.__globals__ }}",
    "changing the data": "{{ report.outcomes.append(1) }}",
}


@pytest.mark.parametrize("body", list(HOSTILE_TEMPLATES.values()), ids=list(HOSTILE_TEMPLATES))
def test_a_council_template_cannot_reach_past_its_data(repo: Path, tmp_path: Path, body: str) -> None:
    import subprocess
    import sys

    (repo / "templates").mkdir()
    (repo / "templates" / "report.md.j2").write_text(f"# Report\n\n{body}\n", encoding="utf-8")
    out = tmp_path / "out"
    pmf = str(Path(sys.executable).parent / "pmf")
    args = [pmf, "report", "mid-year", "--year", "2025-26", "--root", str(repo), "--out", str(out), "--no-audit"]
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd=repo)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("templates/report.md.j2:3:1: the template may not use this (access to ")
    assert "templates read the report's data only" in done.stderr and "Traceback" not in done.stderr
    assert not (repo / "PWNED").exists() and list(out.iterdir()) == []


def test_a_council_template_writing_half_a_utf16_pair_is_placed_and_nothing_is_written(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "templates").mkdir()
    (repo / "templates" / "report.md.j2").write_text('# Report\n\n{{ "Bad \\ud800 text" }}\n', encoding="utf-8")
    out = tmp_path / "out"
    args = ["report", "mid-year", "--year", "2025-26", "--root", str(repo), "--out", str(out), "--format", "md"]
    result = runner.invoke(app, [*args, "--no-audit"])
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("templates/report.md.j2:3:1: the template writes half of a UTF-16 pair")
    assert list(out.iterdir()) == []


def test_a_damaged_or_unwritable_template_cache_is_no_obstacle(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pmf
    from pmf import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PMF_NO_CACHE", raising=False)
    render._environment.cache_clear()
    write_report(repo, tmp_path / "one", "mid-year", "2025-26", "2025-11-20")
    kept = list((tmp_path / "cache" / "pmf" / f"templates-plain-{pmf.__version__}").iterdir())
    assert kept
    for path in kept:  # damaged after the magic header
        path.write_bytes(path.read_bytes()[:12] + b"\x00garbage")
    render._environment.cache_clear()
    md, _ = write_report(repo, tmp_path / "two", "mid-year", "2025-26", "2025-11-20")
    assert md.startswith("# ")
    for path in kept:
        path.chmod(0o444)
    (tmp_path / "cache" / "pmf" / f"templates-plain-{pmf.__version__}").chmod(0o555)
    render._environment.cache_clear()
    assert write_report(repo, tmp_path / "three", "mid-year", "2025-26", "2025-11-20")[0] == md
    render._environment.cache_clear()


def test_the_demo_narrative_is_true_to_its_figures() -> None:
    """The mid-year summary's counts are the report's own: improved of those with an earlier figure, and the gaps."""
    import datetime as dt
    import re

    from pmf import load_portfolio
    from pmf.periods import window
    from pmf.report import build_report

    report = build_report(load_portfolio(ROOT), window("2026-27", "mid-year"), "mid-year", dt.date(2026, 11, 20))
    said = re.search(r"(\d+) of the (\d+) with an earlier\s+figure have improved", report.executive_summary)
    assert said is not None
    trends = {trend: count for trend, _, count in report.overall.trends}
    assert (int(said[1]), int(said[2])) == (trends["better"], sum(trends.values()))
    assert "One measure has no figure for the half year and two are missing their latest" in " ".join(
        report.executive_summary.split()
    )
    assert len(report.quality.missing) == 1
    assert len(report.quality.not_reported) + len(report.quality.partial) == 2


def test_the_demo_shows_each_way_a_measure_runs_through_the_year() -> None:
    """SPEC 2.6 in the demo: a mid-year pair, pro rata, partial, year to date, weekly, biennial and calculated."""
    from pmf.fields import Aggregation, Frequency, MeasureType
    from pmf.loader import load_portfolio

    measures = load_portfolio(Path(__file__).parent.parent, cache=False).measures.values()
    assert any(any(t.mid_year for t in m.thresholds.values()) for m in measures)
    assert any(m.aggregation is Aggregation.cumulative and m.frequency is not Frequency.annual for m in measures)
    assert any(m.aggregation is Aggregation.year_to_date for m in measures)
    assert any(m.frequency is Frequency.weekly for m in measures)
    assert any(m.frequency is Frequency.biennial and m.first_year for m in measures)
    assert any(m.measure_type is MeasureType.calculated and m.formula for m in measures)
    root = str(Path(__file__).parent.parent)
    done = CliRunner().invoke(app, ["status", "--root", root, "--format", "json", "--as-of", "2026-11-20"])
    assert done.exit_code == 0, done.output
    assert any(row["partial"] for row in json.loads(done.output))


def older_than_the_period(md: str) -> list[str]:
    """The measures a report lists under "Latest figure older than this period"."""
    heading = "**Latest figure older than this period**"
    if heading not in md:
        return []
    return md[md.index(heading) :].split("\n\n")[0].splitlines()[1:]


@pytest.mark.parametrize("window", ["mid-year", "year-end"])
def test_a_biennial_measure_in_its_off_year_is_not_listed_as_older_unless_it_missed_its_last_year(
    tmp_path: Path, window: str
) -> None:
    """PPL-09 (every second year from 2023-24) shows its 2025-26 figure through 2026-27, as due,
    judged and trended as before; without that figure its 2023-24 one is older than it should be."""
    import shutil

    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copy(ROOT / "pmf.yaml", tmp_path / "pmf.yaml")
    md, _ = write_report(tmp_path, tmp_path / "out", window, "2026-27", "2027-06-01")
    row = next(line for line in md.splitlines() if line.startswith("| PPL-09:"))
    assert "66% (2025-26)" in row and "◆ Good (yellow)" in row and "↑ Better" in row
    listed = older_than_the_period(md)
    assert not [line for line in listed if line.startswith("- PPL-09:")]
    assert window == "year-end" or listed  # annual measures' 2025-26 figures at mid-year still are

    measure = next((tmp_path / "plans").glob("*/measures/PPL-09.yaml"))
    text = measure.read_text(encoding="utf-8")
    measure.write_text(text[: text.index("  - period: 2025-26")], encoding="utf-8")
    md, _ = write_report(tmp_path, tmp_path / "out", window, "2026-27", "2027-06-01")
    assert (
        "- PPL-09: Percentage of staff who would recommend the council as a good place to work: figure for 2023-24"
        in older_than_the_period(md)
    )


def test_the_reasons_for_missing_figures_come_in_the_windows_order(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """Figures written latest first, as a service may add them: the committee reads Q1's reason before Q3's."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8").replace("aggregation: normal", "aggregation: average", 1)
    measure.write_text(
        text + "outturns:\n"
        "  - {period: 2026-27 Q4, value: 71.0, comment: Back on track}\n"
        "  - {period: 2026-27 Q3, value: null, comment: System migration over the winter}\n"
        "  - {period: 2026-27 Q2, value: 70.0}\n"
        "  - {period: 2026-27 Q1, value: null, comment: Supplier late with the extract}\n",
        encoding="utf-8",
    )
    markdown, _ = write_report(root, tmp_path / "out", "year-end", "2026-27", as_of="2027-06-01")
    row = next(line for line in markdown.splitlines() if line.startswith("| EX-01: "))
    assert row.endswith(
        "| Back on track No figure for 2026-27 Q1: Supplier late with the extract "
        "No figure for 2026-27 Q3: System migration over the winter |"
    ), row


def test_an_outcome_no_plan_names_yet_says_no_service_contributes(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """pmf init's 'healthy' outcome, which no plan carries yet, given its section by pmf new assessment: the report
    says in each language and format that no service contributes yet, where it printed an empty list."""
    root = initialised_in_november
    for args in (
        ["record", "EX-01", "2026-27 Q2", "71", "--as-of", "2026-10-10"],
        ["new", "assessment", "2026-27-mid-year", "--as-of", "2026-11-27"],
        ["report", "mid-year", "--lang", "both", "--format", "both", "--as-of", "2026-11-27", "--out", str(tmp_path)],
    ):
        result = runner.invoke(app, [*args, "--root", str(root)])
        assert result.exit_code == 0, result.stderr
    said = {
        "2026-27-mid-year.md": "**Services contributing:** none yet.\n",
        "2026-27-mid-year.cy.md": "**Gwasanaethau sy'n cyfrannu:** dim un eto.\n",
        "2026-27-mid-year.html": "<strong>Services contributing:</strong> none yet.</p>",
        "2026-27-mid-year.cy.html": "cyfrannu:</strong> dim un eto.</p>",
    }
    for name, sentence in said.items():
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert sentence in text, name
        assert ":** ." not in text and ":</strong> .<" not in text
