"""The window a command reports on, through the real entry point: one not yet ended, or a year without plans."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})


def pmf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_window_not_begun_is_refused_naming_when_it_ends_and_the_latest_ended(initialised: Path) -> None:
    """A typed-wrong year gave a report of 0 measures for April to September 2027, produced in 2026, exit 0."""
    out = initialised / "out"
    ask = ("--root", str(initialised), "--year", "2027-28", "--as-of", "2026-11-27")
    code, _, err = pmf("report", "mid-year", *ask, "--out", str(out))
    assert code == 2 and not out.exists()
    assert err.strip() == (
        "pmf: the 2027-28 mid-year window (April to September 2027) has not begun by 27 November 2026: it ends "
        "on 30 September 2027. Check the year: the latest window that has ended is the 2026-27 mid-year"
    )
    for command in (["status"], ["status", "--activities"], ["export", "--out", str(out)]):
        code, stdout, err = pmf(*command, *ask, "--window", "mid-year", "--format", "csv")
        assert (code, stdout) == (2, "") and "has not begun by 27 November 2026" in err, command


def test_a_year_without_plans_is_refused_naming_the_years_with_plans(initialised: Path) -> None:
    ask = ("--root", str(initialised), "--year", "2024-25", "--as-of", "2026-11-27")
    expected = "pmf: no service has a plan for 2024-25 (plans/<service>/plan-2024-25.yaml): there are plans for 2026-27"
    for command in (["report", "year-end", "--out", str(initialised / "out")], ["status"], ["report", "exceptions"]):
        code, stdout, err = pmf(*command, *ask)
        assert (code, stdout, err.strip()) == (2, "", expected), command
    assert not (initialised / "out").exists()


def test_a_report_of_a_window_under_way_is_refused_and_status_says_it_has_not_ended(initialised: Path) -> None:
    """The self-assessment covers a window that has ended; status shows one under way, saying so."""
    ask = ("--root", str(initialised), "--year", "2026-27", "--as-of", "2026-11-27")
    code, _, err = pmf("report", "year-end", *ask, "--out", str(initialised / "out"))
    assert code == 2
    assert err.strip() == (
        "pmf: the 2026-27 year-end window (April 2026 to March 2027) has not ended by 27 November 2026: it ends on "
        "31 March 2027, and a report covers a window that has ended. The latest window that has ended is the "
        "2026-27 mid-year"
    )
    code, stdout, err = pmf("status", *ask, "--window", "year-end", "--format", "csv")
    assert code == 0 and stdout.startswith("id,service,")
    assert err.strip() == (
        "pmf: the 2026-27 year-end window (April 2026 to March 2027) has not ended: it runs to 31 March 2027; "
        "these are the figures recorded by 27 November 2026"
    )
    code, _, err = pmf("status", *ask, "--window", "mid-year")
    assert code == 0 and "has not ended" not in err
