"""The loader: every broken file in tests/data/invalid gives its stated message at its stated place."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pmf import PmfError, load_portfolio
from pmf.errors import UsageError
from pmf.loader import check_portfolio, find_root

INVALID = Path(__file__).parent / "data" / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


def _header(case: Path) -> tuple[str, list[str]]:
    """A case starts with '# file: <path in the repo>' and one '# expect: ...' line per problem."""
    target, expected = "", []
    for line in case.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"#\s*file:\s*(\S+)", line):
            target = m.group(1)
        elif m := re.match(r"#\s*expect:\s*(.+)", line):
            expected.append(m.group(1).strip())
    assert target and expected, f"{case.name} needs '# file:' and '# expect:' lines"
    return target, expected


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_case_reports_its_problem(repo: Path, case: Path) -> None:
    target, expected = _header(case)
    (repo / target).parent.mkdir(parents=True, exist_ok=True)
    (repo / target).write_bytes(case.read_bytes())
    portfolio, problems = check_portfolio(repo)
    assert portfolio is None
    texts = [p.text() for p in problems]
    for want in expected:
        assert any(t == f"{target}:{want}" for t in texts), f"wanted {target}:{want}\ngot:\n" + "\n".join(texts)


def test_invalid_cases_exist() -> None:
    assert len(CASES) >= 30


def test_base_repository_loads(repo: Path) -> None:
    portfolio = load_portfolio(repo)
    assert sorted(portfolio.measures) == ["WST-01", "WST-02"]
    assert portfolio.service_of["RSK-01"] == "waste"
    assert portfolio.plan("waste", "2025-26") is not None
    assert portfolio.warnings == []


def test_root_is_found_from_a_folder_inside(repo: Path) -> None:
    assert find_root(repo / "plans" / "waste" / "measures") == repo.resolve()


def test_no_pmf_yaml_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no pmf\.yaml found"):
        find_root(tmp_path)


def test_every_problem_is_collected(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("decimals: 1", "decimals: one"))
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("outcome: environment", "outcome: enviroment"))
    with pytest.raises(PmfError) as info:
        load_portfolio(repo)
    assert [p.path for p in info.value.problems] == [
        "plans/waste/measures/WST-01.yaml",
        "plans/waste/plan-2025-26.yaml",
    ]


def test_unnamed_measure_is_a_warning_not_an_error(repo: Path) -> None:
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(plan.read_text().replace("    indicators: [WST-01]\n", ""))
    portfolio = load_portfolio(repo)
    [warning] = portfolio.warnings
    assert warning.severity == "warning"
    assert warning.message == (
        "measure 'WST-01' has a target and figures for 2025-26 but this plan does not name it: "
        "list it under an outcome's indicators"
    )


def test_strict_asks_a_year_to_date_total_for_a_comment_only_where_a_report_judges_it(tmp_path: Path) -> None:
    """REV-01's monthly running totals are judged at the half year (pro rata, or its mid-year pair)
    and at the year's end, as the reports judge them: April's 10.8% is not red against 97%."""
    root = Path(__file__).resolve().parent.parent
    demo = tmp_path / "demo"
    shutil.copytree(root / "plans", demo / "plans")
    shutil.copy(root / "pmf.yaml", demo / "pmf.yaml")
    rev = demo / "plans/revenues-benefits/measures/REV-01.yaml"

    def asked() -> list[str]:
        return [p.text() for p in check_portfolio(demo, strict=True)[1] if p.path.endswith("REV-01.yaml")]

    assert asked() == []
    text = rev.read_text(encoding="utf-8")
    line = text[: text.index("  - period: 2025-09\n")].count("\n") + 1
    rev.write_text(text.replace("  - period: 2025-09\n    value: 56.8\n", "  - period: 2025-09\n    value: 40.0\n"))
    assert asked() == [  # 40.0 against 48.5 (97 pro rata: 6 of 12 months), tolerance 48.0
        f"plans/revenues-benefits/measures/REV-01.yaml:{line}:5: outturns[17]: this red result needs a comment "
        "explaining it (--strict)"
    ]


def test_strict_asks_a_partial_year_to_date_total_for_a_comment_where_the_scheme_judges_it(tmp_path: Path) -> None:
    """With March's council tax figure missing, the year-end report shows February's 95.1%: under
    `partial_values: judge` it is judged (red against 97%, tolerance 96%) and needs a comment;
    under the default it is held back, and nothing is asked."""
    root = Path(__file__).resolve().parent.parent
    demo = tmp_path / "demo"
    shutil.copytree(root / "plans", demo / "plans")
    shutil.copy(root / "pmf.yaml", demo / "pmf.yaml")
    rev = demo / "plans/revenues-benefits/measures/REV-01.yaml"
    text = rev.read_text(encoding="utf-8")
    march = text.index("  - period: 2026-03\n")
    rev.write_text(text[:march] + text[text.index("  - period:", march + 1) :], encoding="utf-8")

    def asked() -> list[str]:
        return [p.text() for p in check_portfolio(demo, strict=True)[1] if "REV-01.yaml" in p.path]

    assert asked() == []
    settings = demo / "pmf.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "partial_values: judge\n", encoding="utf-8")
    line = text[: text.index("  - period: 2026-02\n")].count("\n") + 1
    assert asked() == [
        f"plans/revenues-benefits/measures/REV-01.yaml:{line}:5: outturns[22]: this red result needs a comment "
        "explaining it (--strict)"
    ]


def test_strict_asks_an_annual_cumulative_figure_for_a_comment_as_the_report_judges_it(repo: Path) -> None:
    """An annual measure's one figure is its year's total: a red one needs a comment, cumulative or not."""
    measure = repo / "plans/waste/measures/WST-02.yaml"
    text = measure.read_text().replace("frequency: monthly\n", "frequency: annual\n")
    measure.write_text(text[: text.index("outturns:")] + "outturns:\n  - {period: 2025-26, value: 900}\n")
    asked = [p.text() for p in check_portfolio(repo, strict=True)[1] if p.path.endswith("WST-02.yaml")]
    asked = [text for text in asked if "needs a comment" in text]
    assert asked == [
        "plans/waste/measures/WST-02.yaml:13:5: outturns[0]: this red result needs a comment explaining it (--strict)"
    ]


def test_strict_asks_a_red_cumulative_total_for_a_comment_on_the_figure_the_report_shows_it_with(repo: Path) -> None:
    """Landfill tonnes summed April to September, 360 against 300 (600 pro rata at mid-year, no
    tolerance), are red in the mid-year report, which shows September's comment beside the total:
    September is asked, no single month is, and a comment there settles it."""
    measure = repo / "plans/waste/measures/WST-02.yaml"
    text = measure.read_text()
    months = "".join(f"  - {{period: 2025-{m:02}, value: 60}}\n" for m in range(4, 10))
    measure.write_text(text[: text.index("  - {period: 2025-04")] + months)

    def asked() -> list[str]:
        found = [p.text() for p in check_portfolio(repo, strict=True)[1] if p.path.endswith("WST-02.yaml")]
        return [text for text in found if "needs a comment" in text]

    september = len(text[: text.index("  - {period: 2025-04")].splitlines()) + 6
    assert asked() == [
        f"plans/waste/measures/WST-02.yaml:{september}:5: outturns[7]: this red result needs a comment "
        "explaining it (--strict)"
    ]
    measure.write_text(measure.read_text().replace("2025-09, value: 60}", "2025-09, value: 60, comment: Line closed}"))
    assert asked() == []


def test_strict_requires_template_fields_and_comments(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-01.yaml"
    measure.write_text(measure.read_text().replace("    comment: Lower garden waste tonnage in a dry summer.\n", ""))
    assert check_portfolio(repo)[0] is not None
    _, problems = check_portfolio(repo, strict=True)
    texts = [p.text() for p in problems if p.path.endswith("WST-01.yaml")]
    assert (
        "plans/waste/measures/WST-01.yaml:18:5: outturns[2]: this orange result needs a comment explaining it (--strict)"
        in texts
    )
    assert any("'scope_and_definition' is required by the measure template" in t for t in texts)


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (
            "{target: 68.0, tolerance: 64.0}\n  2025-26",
            "{target: 68.0}\n  2025-26",
            "plans/waste/measures/WST-01.yaml:10:12: warning: thresholds.2024-25.tolerance: no tolerance given, so this is read as No Tolerance",
        ),
        (
            "{target: 68.0, tolerance: 64.0}\n  2025-26",
            "{target: 68.0, tolerance: 68.0}\n  2025-26",
            "plans/waste/measures/WST-01.yaml:10:38: warning: thresholds.2024-25.tolerance: tolerance equals the target (68.0)",
        ),
        (
            "benchmarking: national",
            "benchmarking: count_only",
            "plans/waste/measures/WST-01.yaml:9:1: warning: thresholds: a Count Only measure has no target",
        ),
    ],
    ids=["tolerance-left-out-is-no-tolerance", "tolerance-equal-to-target", "count-only-with-thresholds"],
)
def test_questionable_thresholds_warn_but_load(repo: Path, old: str, new: str, warning: str) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    path.write_text(path.read_text().replace(old, new, 1))
    portfolio = load_portfolio(repo)
    assert any(w.text().startswith(warning) for w in portfolio.warnings), [w.text() for w in portfolio.warnings]


def test_plan_listing_quirks_warn_and_the_measure_shows_once(repo: Path) -> None:
    plan = repo / "plans/waste/plan-2025-26.yaml"
    plan.write_text(
        plan.read_text().replace(
            "    indicators: [WST-01]", "    indicators: [WST-01, WST-02]\n    performance_measures: [WST-01]"
        )
    )
    portfolio = load_portfolio(repo)
    texts = [w.text() for w in portfolio.warnings]
    assert any("'WST-02' is a performance measure: list it under performance_measures" in t for t in texts)
    assert any("'WST-01' is already listed in this plan (at outcomes[1].indicators[0])" in t for t in texts)


def test_a_huge_file_is_refused_and_the_others_still_read(repo: Path) -> None:
    big = repo / "plans/waste/measures/WST-02.yaml"
    big.write_text("id: WST-02\n" + "# padding\n" * 1_100_000)
    _, problems = check_portfolio(repo)
    assert [p.text() for p in problems if p.path.endswith("WST-02.yaml")] == [
        "plans/waste/measures/WST-02.yaml:1:1: the file is 11.0 MB: plan files are small text files, and this is too large to be one"
    ]
    assert not [p for p in problems if p.path.endswith("WST-01.yaml")]


def test_strict_asks_for_recommendations_to_the_committee(repo: Path) -> None:
    (repo / "assessments").mkdir()
    (repo / "assessments" / "2025-26-mid-year.yaml").write_text(
        "financial_year: 2025-26\nwindow: mid-year\nexecutive_summary: A steady half year.\n", encoding="utf-8"
    )
    assert check_portfolio(repo)[0] is not None
    _, problems = check_portfolio(repo, strict=True)
    assert [p.text() for p in problems if p.path.startswith("assessments")] == [
        "assessments/2025-26-mid-year.yaml:2:9: window: the report needs its recommendations to the committee "
        "(--strict): add 'recommendations_to_committee:', e.g. '- That the Committee notes the mid-year position'"
    ]
    text = (repo / "assessments" / "2025-26-mid-year.yaml").read_text(encoding="utf-8")
    (repo / "assessments" / "2025-26-mid-year.yaml").write_text(
        text + "recommendations_to_committee:\n  - That the Committee notes the mid-year position.\n", encoding="utf-8"
    )
    assert not [p for p in check_portfolio(repo, strict=True)[1] if p.path.startswith("assessments")]


def test_the_library_entry_point_reads_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pmf.load_portfolio` starts no process: safe in notebooks and threaded programs."""
    import multiprocessing
    import os
    import subprocess

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process was started")

    monkeypatch.setattr(os, "fork", refused)
    monkeypatch.setattr(subprocess, "Popen", refused)
    monkeypatch.setattr(multiprocessing.Process, "start", refused)
    portfolio = load_portfolio(Path(__file__).parent.parent / "plans")
    assert len(portfolio.services) == 8 and len(portfolio.measures) > 60


def test_problems_of_named_files_alone_still_give_no_portfolio_while_another_file_has_an_error(
    initialised: Path,
) -> None:
    """`files` names the files whose problems are said (`pmf validate FILE`); whether the plans load at all is
    decided on every file, so no caller is given a portfolio built past another file's error."""
    risk = initialised / "plans/example/risks/RSK-EX-01.yaml"
    risk.write_text(risk.read_text(encoding="utf-8").replace("impact:", "impakt:", 1), encoding="utf-8")
    portfolio, problems = check_portfolio(initialised)
    assert portfolio is None and any(p.path == "plans/example/risks/RSK-EX-01.yaml" for p in problems)
    portfolio, problems = check_portfolio(initialised, files={"plans/example/measures/EX-01.yaml"})
    assert portfolio is None
    assert not [p for p in problems if p.severity == "error"]


def test_a_program_asks_for_the_portfolio_as_of_a_day_as_pmf_status_as_of_reads_it(
    initialised_in_november: Path,
) -> None:
    """``as_of``: the plans as ``pmf status --as-of`` reads them on that day, a figure for a period not begun by
    then left out without complaint; by default every figure is in."""
    import datetime as dt
    import json

    from typer.testing import CliRunner

    from pmf.cli import app

    root = initialised_in_november
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    for period, value in (("2026-27 Q1", "66.5"), ("2026-27 Q2", "64.5")):
        done = runner.invoke(app, ["record", "EX-01", period, value, "--root", str(root), "--as-of", "2026-11-26"])
        assert done.exit_code == 0, done.stderr

    def figures(as_of: dt.date | None = None) -> dict[str, float | None]:
        outturns = load_portfolio(root, as_of=as_of).measures["EX-01"].outturns
        return {o.period: None if o.value is None else float(o.value) for o in outturns}

    assert figures() == {"2026-27 Q1": 66.5, "2026-27 Q2": 64.5}
    assert figures(dt.date(2026, 6, 30)) == {"2026-27 Q1": 66.5}
    assert figures(dt.datetime(2026, 7, 1, 9, 30)) == {"2026-27 Q1": 66.5, "2026-27 Q2": 64.5}
    assert figures(dt.date(2026, 3, 31)) == {}
    status = runner.invoke(app, ["status", "--format", "json", "--root", str(root), "--as-of", "2026-06-30"])
    assert status.exit_code == 0, status.stderr
    [shown] = [row for row in json.loads(status.stdout) if row["id"] == "EX-01"]
    assert (shown["period"], shown["value"]) == ("2026-27 Q1", 66.5)  # the Q2 figure left out, as load_portfolio does
    assert status.stderr.rstrip().endswith("1 figure, for 2026-27 Q2, a period not begun by then, is left out")
    with pytest.raises(TypeError):
        load_portfolio(root, False, False, dt.date(2026, 10, 1))  # type: ignore[misc]  # keyword-only
    with pytest.raises(TypeError, match=r"as_of: a datetime\.date, such as datetime\.date\(2027, 1, 5\)"):
        load_portfolio(root, as_of="2026-10-01")  # type: ignore[arg-type]


def test_a_program_checks_the_plans_against_a_day_as_pmf_validate_as_of_does(initialised_in_november: Path) -> None:
    """``today``: the figure for a period not begun by then is a problem, at its line, as `pmf validate --as-of`
    that day says; read ``as_of`` that day it is only left out; without a day the plans load."""
    import datetime as dt

    from typer.testing import CliRunner

    from pmf import PmfError
    from pmf.cli import app

    root = initialised_in_november
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
    done = runner.invoke(app, ["record", "EX-01", "2026-27 Q2", "64.5", "--root", str(root), "--as-of", "2026-11-26"])
    assert done.exit_code == 0, done.stderr
    validated = runner.invoke(app, ["validate", "--root", str(root), "--as-of", "2026-06-30"])
    said = [line for line in validated.stderr.splitlines() if "has not begun" in line]
    assert validated.exit_code == 1 and len(said) == 1, validated.stderr
    with pytest.raises(PmfError) as refused:
        load_portfolio(root, today=dt.date(2026, 6, 30))
    assert [p.text() for p in refused.value.problems if p.severity == "error"] == said
    assert load_portfolio(root, as_of=dt.date(2026, 6, 30)).measures["EX-01"].outturns == []
    assert [o.period for o in load_portfolio(root, today=dt.date(2026, 7, 1)).measures["EX-01"].outturns] == [
        "2026-27 Q2"
    ]
    with pytest.raises(TypeError, match=r"today: a datetime\.date"):
        load_portfolio(root, today="2026-06-30")  # type: ignore[arg-type]
