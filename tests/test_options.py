"""The window a command reports on, through the real entry point: one not yet ended, or a year without plans."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf import begun
from pmf.cli import app
from pmf.loader import load_portfolio
from pmf.periods import parse_period

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_window_not_begun_is_refused_naming_when_it_starts_and_the_options_to_type(initialised: Path) -> None:
    """A typed-wrong year gave a report of 0 measures for April to September 2027, produced in 2026, exit 0."""
    out = initialised / "out"
    ask = ("--root", str(initialised), "--year", "2027-28", "--as-of", "2026-11-27")
    code, _, err = pmf("report", "mid-year", *ask, "--out", str(out))
    assert code == 2 and not out.exists()
    assert err.strip() == (
        "pmf: the 2027-28 mid-year window (April to September 2027) has not begun: it starts on 1 April 2027. "
        "Check the year: the latest mid-year window with plans that has ended is April to September 2026: "
        "use --year 2026-27"
    )
    for command in (["status"], ["status", "--activities"], ["export", "--out", str(out)]):
        code, stdout, err = pmf(*command, *ask, "--window", "mid-year", "--format", "csv")
        assert (code, stdout) == (2, "") and "has not begun: it starts on 1 April 2027" in err, command
        assert err.strip().endswith(": use --year 2026-27 --window mid-year"), command


def test_a_year_without_plans_is_refused_naming_the_years_with_plans(initialised: Path) -> None:
    ask = ("--root", str(initialised), "--year", "2024-25", "--as-of", "2026-11-27")
    expected = (
        "pmf: no service has a plan for 2024-25 (plans/<service>/plan-2024-25.yaml): there are plans for 2026-27. "
    )
    for command, instead in (
        (["report", "year-end", "--out", str(initialised / "out")], "No year-end window with plans has ended by"),
        (["status"], "The latest window with plans that has ended is the 2026-27 mid-year window"),
        (["report", "exceptions"], "The latest window with plans that has ended is the 2026-27 mid-year window"),
    ):
        code, stdout, err = pmf(*command, *ask)
        assert (code, stdout) == (2, "") and err.startswith(expected + instead), command
    assert not (initialised / "out").exists()


def test_a_report_of_a_window_under_way_is_refused_and_status_says_it_has_not_ended(initialised: Path) -> None:
    """The self-assessment covers a window that has ended; status shows one under way, saying so."""
    ask = ("--root", str(initialised), "--year", "2026-27", "--as-of", "2026-11-27")
    code, _, err = pmf("report", "year-end", *ask, "--out", str(initialised / "out"))
    assert code == 2
    assert err.strip() == (
        "pmf: the 2026-27 year-end window (April 2026 to March 2027) has not ended by 27 November 2026: it ends at "
        "the close of 31 March 2027: run it from 1 April 2027 with pmf report year-end --year 2026-27 "
        f"--root {initialised} --as-of 2027-04-01"
    )
    code, stdout, err = pmf("status", *ask, "--window", "year-end", "--format", "csv")
    assert code == 0 and stdout.startswith("id,service,")
    assert err.strip() == (
        "pmf: the 2026-27 year-end window (April 2026 to March 2027) has not ended: it runs to 31 March 2027; "
        "these are the figures for the periods begun by 27 November 2026"
    )
    code, _, err = pmf("status", *ask, "--window", "mid-year")
    assert code == 0 and "has not ended" not in err


def _first_year(tmp_path: Path) -> Path:
    """A council as `pmf init` writes it on 15 June 2026: a plan for 2026-27 and none for the year before."""
    root = tmp_path / "council"
    code, _, err = pmf("init", str(root), "--as-of", "2026-06-15")
    assert code == 0, err
    return root


@pytest.mark.parametrize("day", ["2026-04-01", "2026-06-15", "2026-09-30"])
def test_status_and_export_show_a_first_year_councils_window_under_way(tmp_path: Path, day: str) -> None:
    """From April to September the latest window ended is last year's year-end, which a new council has no
    plan for: status and export (and make status) were refused; they show this year's mid-year, saying so."""
    root = _first_year(tmp_path)
    note = (
        "pmf: the 2026-27 mid-year window (April to September 2026) has not ended: it runs to 30 September 2026; "
        "these are the figures for the periods begun by "
    )
    code, stdout, err = pmf("status", "--root", str(root), "--as-of", day, "--format", "csv")
    assert code == 0 and err.startswith(note), err
    assert stdout.splitlines()[1].startswith("EX-01,example,")
    code, _, err = pmf("export", "--root", str(root), "--as-of", day, "--out", str(tmp_path / "export"))
    assert code == 0 and err.startswith(note), err
    assert "EX-01" in (tmp_path / "export" / "measures.csv").read_text(encoding="utf-8")


def long_day(day: str) -> str:
    """'5 January 2027' for '2027-01-05'."""
    import datetime as dt

    found = dt.date.fromisoformat(day)
    return f"{found.day} {found:%B %Y}"


@pytest.mark.parametrize("day", ["2027-01-05", "2027-02-10", "2027-03-31"])
def test_status_and_export_show_the_coming_years_plans_to_a_council_setting_up(tmp_path: Path, day: str) -> None:
    """A council set up between January and March with plans only for the coming year: status and export showed
    nothing until 1 April (exit 2); they show its first window's measures, with no figures, saying so; a report
    still waits for a window that has ended, and a year typed wrong is still refused."""
    root = tmp_path / "council"
    code, _, err = pmf("init", str(root), "--as-of", day)
    assert code == 0, err
    assert [p.name for p in (root / "plans/example").glob("plan-*.yaml")] == ["plan-2027-28.yaml"]
    note = (
        "pmf: the 2027-28 mid-year window (April to September 2027) has not begun: it starts on 1 April 2027; "
        f"these are the measures its plans name, with the latest figures for the periods begun by {long_day(day)}\n"
    )
    code, stdout, err = pmf("status", "--root", str(root), "--as-of", day, "--format", "json")
    assert (code, err) == (0, note)
    [row] = json.loads(stdout)
    assert (row["id"], row["value"], row["status"], row["target"]) == ("EX-01", None, None, 70.0)
    code, stdout, err = pmf("status", "--root", str(root), "--as-of", day)
    assert code == 0 and "2027-28 H1 (April to September 2027)" in stdout and "EX-01" in stdout, err
    code, _, err = pmf("export", "--root", str(root), "--as-of", day, "--out", str(tmp_path / "export"))
    assert code == 0 and err.startswith(note), err
    assert "EX-01" in (tmp_path / "export" / "measures.csv").read_text(encoding="utf-8")
    ask = ("--root", str(root), "--as-of", day, "--window", "year-end")
    code, stdout, err = pmf("status", *ask, "--year", "2027-28", "--format", "csv")
    assert code == 0 and "EX-01" in stdout and "2027-28 year-end window (April 2027 to March 2028) has not begun" in err
    code, stdout, err = pmf("status", *ask, "--year", "2028-29")
    assert (code, stdout) == (2, "") and err.strip().endswith(
        f"show its plans with pmf status --year 2027-28 --window year-end --root {root} --as-of {day}"
    )
    code, _, err = pmf("report", "mid-year", "--root", str(root), "--as-of", day, "--out", str(tmp_path / "r"))
    assert code == 2 and "nothing to report yet" in err


def test_status_shows_the_coming_years_plans_asked_for_by_name_beside_this_years(tmp_path: Path) -> None:
    """A council with this year's plans and the coming year's, in February: `pmf status --year 2027-28` shows the
    coming year's measures with no figures, saying so, where it was refused (the window had not begun); with no
    --year it shows this year's."""
    root = tmp_path / "council"
    assert pmf("init", str(root), "--as-of", "2026-05-05")[0] == 0
    assert pmf("new", "service", "example", "--root", str(root), "--as-of", "2027-02-10")[0] == 0
    assert sorted(p.name for p in (root / "plans/example").glob("plan-*.yaml")) == [
        "plan-2026-27.yaml",
        "plan-2027-28.yaml",
    ]
    ask = ("--root", str(root), "--as-of", "2027-02-10", "--format", "json")
    code, stdout, err = pmf("status", *ask, "--year", "2027-28")
    assert (code, err) == (
        0,
        "pmf: the 2027-28 mid-year window (April to September 2027) has not begun: it starts on 1 April 2027; "
        "these are the measures its plans name, with the latest figures for the periods begun by 10 February 2027\n",
    )
    assert [(row["id"], row["value"]) for row in json.loads(stdout)] == [("EX-01", None)]
    code, stdout, err = pmf("status", *ask)
    assert code == 0 and "2027-28" not in err, err


def test_a_report_with_nothing_ended_says_so_and_gives_the_command_to_run_when_there_will_be(tmp_path: Path) -> None:
    root = _first_year(tmp_path)
    ask = ("--root", str(root), "--as-of", "2026-06-15", "--out", str(tmp_path / "reports"))
    code, stdout, err = pmf("report", "mid-year", *ask, "--lang", "both")  # as make report runs it
    assert (code, stdout) == (2, "") and not (tmp_path / "reports").exists()
    assert err.strip() == (
        "pmf: nothing to report yet: no mid-year window with plans has ended by 15 June 2026: the first, the "
        "2026-27 mid-year window (April to September 2026), ends at the close of 30 September 2026: run it from "
        f"1 October 2026 with pmf report mid-year --year 2026-27 --root {root} --as-of 2026-10-01"
    )
    code, _, err = pmf("report", "year-end", *ask)
    assert code == 2 and err.strip().endswith(
        f": run it from 1 April 2027 with pmf report year-end --year 2026-27 --root {root} --as-of 2027-04-01"
    )
    code, _, err = pmf("report", "mid-year", *ask[:2], "--as-of", "2026-10-01", *ask[4:])
    assert code == 0, err
    assert (tmp_path / "reports" / "2026-27-mid-year.md").exists()


def test_a_refusal_suggests_a_window_of_the_reports_kind_in_a_year_with_plans(tmp_path: Path) -> None:
    """A mid-year report was sent to "the 2026-27 year-end", which it cannot make, and to windows of years
    without plans, where it was refused again; the suggestion is now one that works, as options to type."""
    root = _first_year(tmp_path)
    out = ("--out", str(tmp_path / "reports"), "--format", "md", "--root", str(root))
    code, _, err = pmf("report", "mid-year", "--year", "2027-28", "--as-of", "2027-04-01", *out)
    assert code == 2
    assert err.strip() == (
        "pmf: no service has a plan for 2027-28 (plans/<service>/plan-2027-28.yaml): there are plans for 2026-27. "
        "The latest mid-year window with plans that has ended is April to September 2026: use --year 2026-27"
    )
    code, _, err = pmf("report", "mid-year", "--year", "2026-27", "--as-of", "2027-04-01", *out)
    assert code == 0, err
    code, _, err = pmf("report", "year-end", "--year", "2026-27", "--as-of", "2026-11-27", *out)
    assert code == 2 and "run it from 1 April 2027 with pmf report year-end --year 2026-27" in err
    for command in (["report", "mid-year", *out], ["status", "--root", str(root)]):
        code, _, err = pmf(*command, "--year", "2025-26", "--as-of", "2024-06-01")
        assert code == 2 and "2023-24" not in err, command
    code, _, err = pmf("status", "--root", str(root), "--year", "2025-26", "--as-of", "2026-06-15")
    assert code == 2 and err.strip().endswith(
        "No window with plans has ended by 15 June 2026; the 2026-27 mid-year window (April to September 2026) "
        "is under way: use --year 2026-27 --window mid-year"
    )
    code, _, err = pmf(
        "status", "--root", str(root), "--year", "2026-27", "--window", "mid-year", "--as-of", "2026-06-15"
    )
    assert code == 0, err


def test_a_year_end_report_not_yet_there_names_the_mid_year_report_that_is(tmp_path: Path) -> None:
    root = _first_year(tmp_path)
    code, _, err = pmf("report", "year-end", "--root", str(root), "--as-of", "2026-10-01", "--out", str(tmp_path))
    assert code == 2
    assert err.strip() == (
        "pmf: nothing to report yet: no year-end window with plans has ended by 1 October 2026: the first, the "
        "2026-27 year-end window (April 2026 to March 2027), ends at the close of 31 March 2027: run it from "
        f"1 April 2027 with pmf report year-end --year 2026-27 --root {root} --as-of 2027-04-01; the 2026-27 "
        f"mid-year window (April to September 2026) has ended: pmf report mid-year --year 2026-27 --root {root} "
        "--as-of 2026-10-01"
    )


def test_a_refusal_on_the_last_day_of_a_window_says_when_a_report_can_be_run(tmp_path: Path) -> None:
    """It said "has not ended by 30 September 2026: it ends on 30 September 2026"."""
    root = _first_year(tmp_path)
    ask = ("--root", str(root), "--year", "2026-27", "--out", str(tmp_path / "reports"), "--format", "md")
    code, _, err = pmf("report", "mid-year", *ask, "--as-of", "2026-09-30")
    assert code == 2
    assert err.strip() == (
        "pmf: the 2026-27 mid-year window (April to September 2026) has not ended by 30 September 2026: it ends at "
        "the close of 30 September 2026: run it from 1 October 2026 with pmf report mid-year --year 2026-27 "
        f"--root {root} --as-of 2026-10-01"
    )
    code, _, err = pmf("report", "mid-year", *ask, "--as-of", "2026-10-01")
    assert code == 0, err


def test_a_council_with_no_plan_yet_is_told_how_to_start_one(tmp_path: Path) -> None:
    root = _first_year(tmp_path)
    shutil.rmtree(root / "plans" / "example")
    code, _, err = pmf("report", "mid-year", "--root", str(root), "--as-of", "2026-10-01", "--out", str(tmp_path))
    assert (code, err.strip()) == (
        2,
        f"pmf: nothing to report yet: no service has a plan yet: start one with pmf new service <id> --root {root} "
        "--as-of 2026-10-01",
    )
    code, _, err = pmf("status", "--root", str(root), "--as-of", "2026-10-01")
    assert code == 2 and err.strip().endswith(
        f"there are none yet: start one with pmf new service <id> --root {root} --as-of 2026-10-01"
    )


def test_a_command_suggested_runs_pasted_on_the_folder_and_day_it_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command a refusal suggests carries the --root and --as-of given, so pasted as printed (here from
    another folder, on a real day long after) it makes the report, where it ran on whatever folder the user
    stood in, and on the real day."""
    root = _first_year(tmp_path / "shared drive")  # a space in it: quoted, as a shell takes it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = pmf("report", "mid-year", "--root", str(root), "--as-of", "2026-06-15", "--format", "md")
    assert code == 2
    suggested = err.strip().split(" with ")[-1]
    assert suggested.startswith("pmf report mid-year --year 2026-27 ")
    code, _, err = pmf(*shlex.split(suggested)[1:], "--format", "md")
    assert code == 0, err
    assert (elsewhere / "reports" / "2026-27-mid-year.md").exists()


@pytest.mark.parametrize(
    ("system", "root", "written"),
    [
        ("posix", "../demo x", "'../demo x'"),
        ("posix", "../demo", "../demo"),
        ("nt", r"C:\plans", r"C:\plans"),
        ("nt", r"C:\Council plans", r'"C:\Council plans"'),
    ],
)
def test_a_suggested_root_is_quoted_as_the_users_shell_reads_it(
    monkeypatch: pytest.MonkeyPatch, system: str, root: str, written: str
) -> None:
    """A --root pasted back: in a POSIX shell's single quotes, in Windows' double quotes (cmd.exe reads single
    quotes as part of the folder's name), and bare where it needs none."""
    import os

    from pmf import suggested

    monkeypatch.setattr(os, "name", system)
    assert suggested.quoted(root) == written


def test_status_and_export_as_of_a_past_day_leave_out_figures_for_periods_not_begun_then(tmp_path: Path) -> None:
    """`pmf status --as-of 2026-06-15` showed and judged a 2026-27 Q2 figure under a line calling it recorded by 15
    June, a figure `pmf validate --as-of` that day refuses: it is left out, and the line says so."""
    root = _first_year(tmp_path)
    for period, value, day in (("2026-27 Q1", "66.2", "2026-07-10"), ("2026-27 Q2", "71.0", "2026-10-10")):
        code, _, err = pmf("record", "EX-01", period, value, "--root", str(root), "--as-of", day)
        assert code == 0, err
    note = (
        "pmf: the 2026-27 mid-year window (April to September 2026) has not ended: it runs to 30 September 2026; "
        "these are the figures for the periods begun by 15 June 2026: 1 figure, for 2026-27 Q2, a period not begun "
        "by then, is left out\n"
    )
    code, stdout, err = pmf("status", "--root", str(root), "--as-of", "2026-06-15", "--format", "json")
    assert (code, err) == (0, note)
    [row] = json.loads(stdout)
    assert (row["period"], row["value"], row["status"], row["partial"]) == ("2026-27 Q1", 66.2, None, True)
    code, _, err = pmf("export", "--root", str(root), "--as-of", "2026-06-15", "--out", str(tmp_path / "export"))
    assert code == 0 and err.startswith(note), err
    outturns = (tmp_path / "export" / "outturns.csv").read_text(encoding="utf-8")
    assert "2026-27 Q1" in outturns and "2026-27 Q2" not in outturns
    code, stdout, err = pmf("status", "--root", str(root), "--as-of", "2026-10-10", "--format", "json")
    assert code == 0 and "left out" not in err, err
    assert (json.loads(stdout)[0]["period"], json.loads(stdout)[0]["value"]) == ("2026-27 Q2", 71.0)


@pytest.mark.parametrize(
    ("window", "said"),
    [
        ("2026-27", ""),  # 2027-W13 starts on Monday 29 March 2027, but its Sunday is 4 April: 2027-28's
        ("2027-28 H1", "1 figure, for 2027-W13, a period not begun by then, is left out"),
        ("2027-28", "1 figure, for 2027-W13, a period not begun by then, is left out"),
        ("2026-27 H2", ""),
    ],
)
def test_a_figure_left_out_is_counted_in_the_window_that_holds_it_as_that_window_counts_it(
    window: str, said: str
) -> None:
    """A week counts in the half year that holds its Sunday (SPEC 2.6): on 28 March 2027, the figure for
    2027-W13 is not yet begun, and is 2027-28's to leave out, not 2026-27's, whose year-end holds 2027-W12."""
    demo = load_portfolio(Path(__file__).parent.parent)
    measure = demo.measures["HSG-09"]
    week = measure.outturns[-1].model_copy(update={"period": "2027-W13"})
    measures = {**demo.measures, "HSG-09": measure.model_copy(update={"outturns": [*measure.outturns, week]})}
    shown, later = begun.as_of(dataclasses.replace(demo, measures=measures), dt.date(2027, 3, 28))
    assert [p.label for p in later] == ["2027-W13"]
    assert shown.measures["HSG-09"].outturns == measure.outturns
    assert begun.left_out(parse_period(window), later) == said
