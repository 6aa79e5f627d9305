"""pmf record, update-activity and review-risk: validated, surgical, atomic edits that keep every other byte."""

from __future__ import annotations

import difflib
import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app
from pmf.loader import load_portfolio
from pmf.record import commit, record

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

HAND_WRITTEN = """\
# Recycling: the statutory target is 70% by 2024-25.
id: WST-01   # keep in step with the national PAM/030
kind: indicator
title: 'Percentage of waste reused, recycled or composted'
frequency: quarterly
polarity: higher_is_better
benchmarking: national
data_type: percentage
decimals: 1

thresholds:
  2024-25: {target: 68.0, tolerance: 64.0}
  2025-26: {target: 68.0, tolerance: 64.0}   # agreed at Cabinet

outturns:
  # last year
  - period: 2024-25 Q4
    value: 65.0
  - period: 2025-26 Q1
    value: 66.2
    comment: >-
      Garden waste season.
  # Q2 was late from the contractor
  - period: "2025-26 Q2"
    value: 64.45
    comment: Lower garden waste tonnage in a dry summer.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)) if line[:1] in "+-"]


def status_of(repo: Path, measure: str, year: str = "2025-26", window: str = "year-end") -> dict[str, object]:
    code, out, err = run("status", "--root", str(repo), "--format", "json", "--year", year, "--window", window)
    assert code == 0, err
    return next(r for r in json.loads(out) if r["id"] == measure)


def test_record_appends_in_period_order_keeping_everything_else(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    path.write_text(HAND_WRITTEN)
    code, _, err = run("record", "WST-01", "2025-26 Q3", "67.1", "--comment", "Autumn: leaves #1", "--root", str(repo))
    assert code == 0, err
    after = path.read_text()
    assert changed_lines(HAND_WRITTEN, after) == [
        "+   - period: 2025-26 Q3\n",
        "+     value: 67.1\n",
        '+     comment: "Autumn: leaves #1"\n',
    ]
    assert after.startswith(HAND_WRITTEN)
    row = status_of(repo, "WST-01")
    # Q4 is not yet reported, so the year's latest figure is partial and not judged (SPEC 2.6).
    assert (row["period"], row["value"], row["status"], row["partial"]) == ("2025-26 Q3", 67.1, None, True)


def test_record_replaces_a_value_and_its_block_comment(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    path.write_text(HAND_WRITTEN)
    assert (
        run("record", "WST-01", "2025-26 Q1", "66.9", "--comment", "Revised by the contractor.", "--root", str(repo))[0]
        == 0
    )
    assert sorted(changed_lines(HAND_WRITTEN, path.read_text())) == sorted(
        [
            "-     value: 66.2\n",
            "-     comment: >-\n",
            "-       Garden waste season.\n",
            "+     value: 66.9\n",
            "+     comment: Revised by the contractor.\n",
        ]
    )


def test_record_inserts_an_earlier_period_before_later_ones(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    path.write_text(HAND_WRITTEN)
    assert run("record", "WST-01", "2024-25 Q3", "63", "--root", str(repo))[0] == 0
    after = path.read_text()
    assert after.index("2024-25 Q3") < after.index("2024-25 Q4")
    assert changed_lines(HAND_WRITTEN, after) == ["+   - period: 2024-25 Q3\n", "+     value: 63\n"]


def test_record_beside_one_line_entries_writes_its_own_lines(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-02.yaml"
    before = path.read_text()
    assert run("record", "WST-02", "2025-06", "97", "--root", str(repo))[0] == 0
    assert changed_lines(before, path.read_text()) == ["+   - period: 2025-06\n", "+     value: 97\n"]


def test_bad_input_writes_nothing(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    before = path.read_bytes()
    for args, message in [
        (
            ["WST-01", "2025-09", "60"],
            "'2025-09' is a monthly period but WST-01 is quarterly: write periods like 2025-26 Q2",
        ),
        (
            ["WST-01", "2025-26", "60"],
            "'2025-26' is an annual period but WST-01 is quarterly: write periods like 2025-26 Q2",
        ),
        (["WST-01", "2025-26 Q3", "140"], "140 is not a percentage"),
        (["WST-01", "2025-26 Q3", "lots"], "'lots' is not a number"),
        (["WST-1", "2025-26 Q3", "60"], "no measure 'WST-1' (did you mean 'WST-01'?)"),
    ]:
        code, _, err = run("record", *args, "--root", str(repo))
        assert code == 2, args
        assert message in err
    assert path.read_bytes() == before


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    before = path.read_bytes()
    code, out, err = run("record", "WST-01", "2025-26 Q3", "66.8", "--dry-run", "--root", str(repo))
    assert code == 0
    assert "+  - period: 2025-26 Q3\n+    value: 66.8" in out
    assert "would change: WST-01: added the outturn for 2025-26 Q3" in err
    assert path.read_bytes() == before


def test_windows_line_ends_survive(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode())
    assert run("record", "WST-01", "2025-26 Q3", "67.1", "--root", str(repo))[0] == 0
    after = path.read_bytes()
    assert after.startswith(HAND_WRITTEN.replace("\n", "\r\n").encode())
    assert after.endswith(b"  - period: 2025-26 Q3\r\n    value: 67.1\r\n")


def test_update_activity_and_review_risk(repo: Path) -> None:
    plan = repo / "plans/waste/plan-2025-26.yaml"
    before = plan.read_text()
    code, _, err = run(
        "update-activity",
        "WST-A01",
        "--status",
        "yellow",
        "--comment",
        "Delivery slipped to May.",
        "--as-of",
        "2026-04-20",
        "--root",
        str(repo),
    )
    assert code == 0, err
    assert changed_lines(before, plan.read_text()) == [
        "+           - period: 2025-26 H2\n",
        "+             status: yellow\n",
        "+             comment: Delivery slipped to May.\n",
    ]
    code, _, err = run("update-activity", "WST-A01", "--status", "on_track", "--root", str(repo))
    assert code == 2 and "'on_track' is not a status it takes under the royg scheme: use complete, green" in err

    risk = repo / "plans/waste/risks/RSK-01.yaml"
    before = risk.read_text()
    code, _, err = run(
        "review-risk",
        "RSK-01",
        "--likelihood",
        "4",
        "--impact",
        "3",
        "--comment",
        "Market prices fell.",
        "--as-of",
        "2026-03-10",
        "--root",
        str(repo),
    )
    assert code == 0, err
    assert sorted(changed_lines(before, risk.read_text())) == sorted(
        [
            "- residual: {likelihood: 3, impact: 3}\n",
            "- review_date: 2026-03-31\n",
            "+ residual: {likelihood: 4, impact: 3}\n",
            "+ review_date: 2026-09-10\n",
            "+   - date: 2026-03-10\n",
            "+     residual: {likelihood: 4, impact: 3}\n",
            "+     comment: Market prices fell.\n",
        ]
    )
    code, out, _ = run("risks", "--root", str(repo), "--format", "json", "--as-of", "2026-03-11")
    [row] = json.loads(out)
    assert (row["residual_score"], row["direction"], row["review_overdue"]) == (12, "rising", False)


def test_two_writers_at_once_lose_nothing(repo: Path) -> None:
    portfolio = load_portfolio(repo)
    changes = [record(portfolio, "WST-01", f"2025-26 Q{q}", str(60 + q), None) for q in (3, 4)]
    threads = [threading.Thread(target=commit, args=(portfolio, [change])) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    text = (repo / "plans/waste/measures/WST-01.yaml").read_text()
    assert "2025-26 Q3" in text and "2025-26 Q4" in text
    assert load_portfolio(repo).measures["WST-01"].outturns[-1].period == "2025-26 Q4"


def test_recording_a_value_unchanged_rewrites_every_demo_file_byte_for_byte() -> None:
    from decimal import Decimal

    from pmf.record import outturn_text

    root = Path(__file__).parent.parent
    portfolio = load_portfolio(root)
    checked = 0
    for measure_id, measure in portfolio.measures.items():
        recorded = [o for o in measure.outturns if o.value is not None]
        if not recorded:
            continue
        last = recorded[-1]
        text = portfolio.files[measure_id].read_text(encoding="utf-8")
        again, replaced = outturn_text(text, measure, last.period, Decimal(last.value), None)
        assert replaced and again == text, measure_id
        checked += 1
    assert checked >= 60


def test_an_interrupted_write_leaves_the_old_file_whole(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    path = repo / "plans/waste/measures/WST-01.yaml"
    before = path.read_bytes()
    portfolio = load_portfolio(repo)
    change = record(portfolio, "WST-01", "2025-26 Q3", "67", None)

    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # the process stopped between writing the new file and renaming it

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        commit(portfolio, [change])
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["WST-01.yaml", "WST-02.yaml"]  # no half-written file left


def test_a_comma_must_separate_thousands(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-02.yaml"
    before = measure.read_bytes()
    code, _, err = run("record", "WST-02", "2025-09", "9,05", "--root", str(repo))
    assert code == 2
    assert "'9,05' has a comma that does not separate thousands: write the figure with a decimal point" in err
    assert measure.read_bytes() == before
    code, _, err = run("record", "WST-02", "2025-09", "1,205", "--root", str(repo))
    assert code == 0, err
    assert "value: 1205\n" in measure.read_text()


def test_record_import_and_validate_say_one_sentence_of_a_period_of_another_frequency(tmp_path: Path) -> None:
    """On a repository pmf init wrote: its EX-01 is quarterly, and a month is refused in the same words
    by each command, naming the measure and how its periods are written."""
    repo = tmp_path / "council"
    assert run("init", str(repo), "--as-of", "2026-11-26")[0] == 0
    said = "'2026-09' is a monthly period but EX-01 is quarterly: write periods like 2025-26 Q2"
    code, _, err = run("record", "EX-01", "2026-09", "60", "--root", str(repo))
    assert (code, err.splitlines()) == (2, [f"pmf: {said}"])
    sheet = tmp_path / "figures.csv"
    sheet.write_text("measure,period,value\nEX-01,2026-09,60\n", encoding="utf-8")
    code, _, err = run("import", str(sheet), "--root", str(repo))
    assert (code, err.splitlines()) == (1, [f"figures.csv:2:2: EX-01 2026-09: {said}", "1 problem in 1 file"])
    path = repo / "plans/example/measures/EX-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "outturns:\n  - period: 2026-09\n    value: 60\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    code, _, err = run("validate", str(repo))
    assert (code, err.splitlines()) == (
        1,
        [f"plans/example/measures/EX-01.yaml:{line}:13: outturns[0].period: {said}", "1 problem in 1 file"],
    )


def test_an_id_typed_with_a_letter_for_a_digit_is_told_the_id_it_reads_as(
    tmp_path: Path, write_guidance: Callable[[Path], None]
) -> None:
    """On a repository pmf init wrote, with EX-61 added by pmf new and its guidance written: EX-O1 (a letter O)
    is EX-01, by pmf record and by pmf validate at a plan naming it, though EX-61 is spelt as close."""
    repo = tmp_path / "council"
    assert run("init", str(repo), "--as-of", "2026-11-26")[0] == 0
    assert run("new", "measure", "EX-61", "--service", "example", "--root", str(repo), "--as-of", "2026-11-26")[0] == 0
    write_guidance(repo)
    code, _, err = run("record", "EX-O1", "2026-27 Q2", "60", "--root", str(repo))
    assert (code, err.splitlines()) == (2, ["pmf: no measure 'EX-O1' (did you mean 'EX-01'?)"])
    plan = repo / "plans/example/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("      - EX-61\n", "      - EX-61\n      - EX-O1\n"), encoding="utf-8")
    code, _, err = run("validate", str(repo))
    line = text.splitlines().index("      - EX-61") + 2
    assert (code, err.splitlines()) == (
        1,
        [
            f"plans/example/plan-2026-27.yaml:{line}:9: outcomes[0].performance_measures[2]: "
            "no measure 'EX-O1' (did you mean 'EX-01'?)",
            "1 problem in 1 file",
        ],
    )


def test_record_reads_a_figure_with_its_unit_as_import_does(repo: Path) -> None:
    """'£702,000' is a figure with a pound sign, not a comma out of place; 'tonnes' and '%' are read too."""
    measure = repo / "plans/waste/measures/WST-02.yaml"
    measure.write_text(measure.read_text().replace("data_type: number\nunit: tonnes\n", "data_type: monetary\n"))
    code, _, err = run("record", "WST-02", "2025-09", "£702,000", "--root", str(repo))
    assert code == 0, err
    assert "value: 702000\n" in measure.read_text()
    code, _, err = run("record", "WST-01", "2025-26 Q3", "67.5%", "--root", str(repo))
    assert code == 0, err
    code, _, err = run("record", "WST-02", "2025-10", "about 5,000", "--root", str(repo))
    assert code == 2
    assert err == "pmf: 'about 5,000' is not a number\n"  # what is wrong with it, not its comma


def test_the_library_reads_a_figure_with_its_unit_as_the_command_does(repo: Path) -> None:
    """`pmf.record.record` called from a program takes '£702,000' as `pmf record` does."""
    measure = repo / "plans/waste/measures/WST-02.yaml"
    measure.write_text(measure.read_text().replace("data_type: number\nunit: tonnes\n", "data_type: monetary\n"))
    change = record(load_portfolio(repo), "WST-02", "2025-09", "£702,000", None)
    assert "value: 702000\n" in change.after


def test_a_period_still_to_come_is_refused_most_often_a_year_typed_wrong(repo: Path, tmp_path: Path) -> None:
    """In November 2026 a lead types 2027-02 for 2026-02: refused by record and import, nothing written."""
    measure = repo / "plans/waste/measures/WST-02.yaml"
    before = measure.read_bytes()
    code, _, err = run("record", "WST-02", "2027-02", "71", "--as-of", "2026-11-20", "--root", str(repo))
    assert (code, err) == (
        2,
        "pmf: 2027-02 has not begun: it starts on 1 February 2027. Check the year: "
        "a figure is recorded once its period is under way\n",
    )
    sheet = tmp_path / "figures.csv"
    sheet.write_text("measure,period,value\nWST-02,2026-10,70\nWST-02,2027-03,72\n", encoding="utf-8")
    code, _, err = run("import", str(sheet), "--as-of", "2026-11-20", "--root", str(repo))
    assert code == 1
    assert err.splitlines()[0] == (
        "figures.csv:3:2: WST-02 2027-03: 2027-03 has not begun: it starts on 1 March 2027. "
        "Check the year: a figure is recorded once its period is under way"
    )
    assert measure.read_bytes() == before
    code, _, err = run("record", "WST-02", "2026-11", "71", "--as-of", "2026-11-20", "--root", str(repo))
    assert code == 0, err  # the month under way may have its figure


NOT_BEGUN = (
    "2026-27 Q4 has not begun: it starts on 1 January 2027. Check the year: a figure is recorded once its period "
    "is under way"
)


def test_a_figure_written_by_hand_for_a_period_not_begun_is_refused_by_validate_as_record_refuses_it(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """In November 2026 a lead types a 2026-27 Q4 figure into the file pmf init wrote: validate names it at its
    line in record's words (exit 1), and the site will not publish it; from 1 January 2027 it is a figure like any."""
    root = initialised_in_november
    code, _, err = run("record", "EX-01", "2026-27 Q4", "99", "--as-of", "2026-11-26", "--root", str(root))
    assert (code, err) == (2, f"pmf: {NOT_BEGUN}\n")
    measure = root / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    assert "\n# outturns: one entry per period" in text  # where the file pmf init wrote asks for them
    measure.write_text(text + "outturns:\n  - period: 2026-27 Q4\n    value: 99\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    code, _, err = run("validate", "--strict", "--as-of", "2026-11-26", "--root", str(root))
    assert code == 1
    assert err.splitlines()[0] == f"plans/example/measures/EX-01.yaml:{line}:13: outturns[0].period: {NOT_BEGUN}"
    code, _, err = run("site", "--as-of", "2026-11-26", "--root", str(root), "--out", str(tmp_path / "site"))
    assert code == 1
    assert err.splitlines()[0] == f"plans/example/measures/EX-01.yaml:{line}:13: outturns[0].period: {NOT_BEGUN}"
    assert not (tmp_path / "site/measures/EX-01.html").exists()
    code, _, err = run("validate", "--strict", "--as-of", "2027-01-01", "--root", str(root))
    assert (code, err) == (0, "No problems found.\n")


def test_a_figure_not_available_needs_a_comment_saying_why_as_import_asks(repo: Path) -> None:
    measure = repo / "plans/waste/measures/WST-02.yaml"
    before = measure.read_bytes()
    code, _, err = run("record", "WST-02", "2025-06", "null", "--as-of", "2026-11-20", "--root", str(repo))
    assert (code, err) == (2, "pmf: no value: give --comment saying why the figure is not available\n")
    assert measure.read_bytes() == before
    args = ["--as-of", "2026-11-20", "--root", str(repo)]
    code, _, err = run("record", "WST-02", "2025-06", "n/a", "--comment", "The weighbridge was broken.", *args)
    assert code == 0, err
    code, _, err = run("record", "WST-02", "2025-06", "null", *args)  # its comment already says why
    assert code == 0, err
    code, _, err = run("record", "WST-02", "2025-07", "..", "--comment", "Not yet weighed.", *args)  # as import
    assert code == 0, err
    assert "  - period: 2025-07\n    value: null\n    comment: Not yet weighed.\n" in measure.read_text()
    code, _, err = run("record", "WST-02", "2025-07", "90", "--comment", "Weighed in August.", *args)
    assert code == 0, err
    code, _, err = run("record", "WST-02", "2025-07", "n/a", *args)  # that comment explained a figure
    assert (code, err) == (2, "pmf: no value: give --comment saying why the figure is not available\n")


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ["2026-27", "Q2", "61.5"],
            "'2026-27 Q2' is one period: put it in quotes, as \"2026-27 Q2\"",
        ),
        (["2026-27", "h1", "61.5"], "'2026-27 H1' is one period: put it in quotes"),
        (
            ["2026-27 Q2", "61.5", "--comment", "Staff", "shortage"],
            "pmf record takes a measure, a period and a figure, and was also given 'shortage': put text that "
            "holds spaces in quotes",
        ),
    ],
)
def test_a_space_the_shell_took_for_the_end_of_an_argument_is_explained(
    initialised_in_november: Path, words: list[str], said: str
) -> None:
    """A service lead types the period as it reads, unquoted: the shell splits it, and pmf says
    to put it in quotes, where it said only 'Got unexpected extra argument(s)'. Nothing is written."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    before = measure.read_bytes()
    result = runner.invoke(app, ["record", "EX-01", *words, "--root", str(root), "--as-of", "2026-11-26"])
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())
    assert measure.read_bytes() == before


def test_a_review_comment_left_unquoted_is_explained(initialised_in_november: Path) -> None:
    root = initialised_in_november
    risk = root / "plans/example/risks/RSK-EX-01.yaml"
    before = risk.read_bytes()
    words = ["--likelihood", "3", "--impact", "3", "--comment", "Better", "now", "--root", str(root)]
    result = runner.invoke(app, ["review-risk", "RSK-EX-01", *words])
    assert result.exit_code == 2
    assert "pmf review-risk takes a risk and its options, and was also given 'now': put text that holds spaces in " in (
        " ".join(result.stderr.split())
    )
    assert risk.read_bytes() == before


def test_a_figure_verified_again_by_the_same_role_leaves_its_file_as_it_is(initialised_in_november: Path) -> None:
    """Recorded and checked on 26 November, then recorded and checked again, unchanged, a week later:
    the file keeps every byte (and its first day of checking), and pmf says what it already holds."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    args = ["record", "EX-01", "2026-27 Q1", "66.2", "--verified-by", "Head of Finance", "--root", str(root)]
    code, _, err = run(*args, "--as-of", "2026-11-26")
    assert code == 0, err
    written, stat = measure.read_bytes(), measure.stat()
    assert b"verified: {by: Head of Finance, date: 2026-11-26}" in written
    code, _, err = run(*args, "--as-of", "2026-12-03")
    assert code == 0, err
    assert err == (
        "EX-01: unchanged: the outturn for 2026-27 Q1 is already recorded (66.2) "
        "and verified by Head of Finance on 2026-11-26\n"
    )
    assert (measure.read_bytes(), measure.stat().st_mtime_ns) == (written, stat.st_mtime_ns)
    code, out, dry = run(*args, "--as-of", "2026-12-03", "--dry-run")
    assert (code, out, dry) == (0, "", err)  # nothing it would change
    code, _, err = run(*args[:3], "66.5", *args[4:], "--as-of", "2026-12-03")  # a new figure is checked anew
    assert code == 0, err
    assert b"value: 66.5\n    verified: {by: Head of Finance, date: 2026-12-03}" in measure.read_bytes()


def test_a_demo_figure_verified_again_by_the_same_role_leaves_its_file_as_it_is(demo_council: Path) -> None:
    demo = demo_council / "plans/housing/measures/HSG-03.yaml"
    before = demo.read_bytes()
    officer = "Performance and Improvement Officer"
    code, _, err = run(
        "record",
        "HSG-03",
        "2025-26 Q1",
        "184",
        "--verified-by",
        officer,
        "--root",
        str(demo_council),
        "--as-of",
        "2026-11-27",
    )
    assert code == 0, err
    assert err == (
        f"HSG-03: unchanged: the outturn for 2025-26 Q1 is already recorded (184) and verified by {officer} on 2025-07-12\n"
    )
    assert demo.read_bytes() == before


@pytest.mark.parametrize("typed", ["0.645", "0.645%"])
def test_record_warns_of_a_percentage_typed_as_a_fraction_that_import_refuses(
    initialised_in_november: Path, typed: str
) -> None:
    """One rule for both (``outturn_values.fraction``): 0.645 beside a target of 70 is 64.5% typed as a fraction.
    pmf record writes the one figure typed and warns; pmf import refuses it at its cell, naming pmf record for
    a figure of 0.645% itself, and reads 0.645% written with its sign as pmf record does, warning alone."""
    root = initialised_in_november
    code, _, err = run("record", "EX-01", "2026-27 Q2", typed, "--as-of", "2026-10-10", "--root", str(root))
    assert code == 0, err
    assert err.splitlines() == [
        "EX-01: added the outturn for 2026-27 Q2",
        f"warning: EX-01 2026-27 Q2: {typed} looks like a fraction: write 64.5 for 64.5%",
    ]
    (root / "q2.csv").write_text(f"measure,period,value\nEX-01,2026-27 Q2,{typed}\n")
    code, _, err = run("import", str(root / "q2.csv"), "--dry-run", "--as-of", "2026-10-10", "--root", str(root))
    if typed.endswith("%"):
        assert code == 0, err
        assert err.startswith(
            "q2.csv:2:3: warning: EX-01 2026-27 Q2: 0.645% looks like a fraction: write 64.5 for 64.5%\n"
        )
    else:
        assert code == 1
        assert err.startswith(
            "q2.csv:2:3: EX-01 2026-27 Q2: 0.645 looks like a fraction: write 64.5 for 64.5%; if 0.645% "
        )
    code, _, err = run("record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10", "--root", str(root))
    assert (code, err) == (0, "EX-01: replaced the outturn for 2026-27 Q2\n")


@pytest.mark.parametrize(
    ("written", "after"),
    [
        (
            "  - {period: 2026-27 Q1, value: 66.2, verified: {by: Head of Finance, date: 2026-07-10}, comment: Up}\n",
            "  - {period: 2026-27 Q1, value: 67.1, comment: Up}\n",
        ),
        (
            "  - {verified: {by: Head of Finance, date: 2026-07-10}, period: 2026-27 Q1, value: 66.2}\n",
            "  - {period: 2026-27 Q1, value: 67.1}\n",
        ),
    ],
    ids=["check-among-fields", "check-first"],
)
def test_a_new_figure_in_an_outturn_on_one_line_clears_the_check_of_the_old(
    initialised_in_november: Path, written: str, after: str
) -> None:
    """The check of a figure is the old figure's: written in { } it is taken off with the figure changed, as on
    lines of their own, where it stayed beside the new figure as though that had been checked."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text(encoding="utf-8") + "outturns:\n" + written, encoding="utf-8")
    code, _, err = run("record", "EX-01", "2026-27 Q1", "67.1", "--root", str(root), "--as-of", "2026-11-26")
    assert (code, err) == (0, "EX-01: replaced the outturn for 2026-27 Q1\n")
    assert measure.read_text(encoding="utf-8").endswith("outturns:\n" + after)
    assert run("validate", "--root", str(root))[0] == 0


VERIFIED_TWICE = (
    "outturns:\n  - period: 2026-27 Q1\n    value: 66.2\n    verified: {by: Head of Finance, date: 2026-07-10}\n"
    "    verified: {by: Head of Audit, date: 2026-07-12}\n"
)


def test_a_figure_in_a_file_with_a_key_written_twice_is_refused_and_nothing_is_written(
    initialised_in_november: Path,
) -> None:
    """pmf validate reads past a key written twice, but an edit must not: taking off the first 'verified' with the
    old figure left the second as the new figure's check, and pmf validate then found nothing."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(measure.read_text(encoding="utf-8") + VERIFIED_TWICE, encoding="utf-8")
    before = measure.read_bytes()
    line = before.decode().splitlines().index("    verified: {by: Head of Audit, date: 2026-07-12}") + 1
    code, _, err = run("record", "EX-01", "2026-27 Q1", "67.1", "--root", str(root), "--as-of", "2026-11-26")
    assert (code, err) == (
        1,
        f"plans/example/measures/EX-01.yaml:{line}:5: duplicate key 'verified': each key may appear once "
        f"(pmf reads the first, on line {line - 1}) (nothing was written)\n1 problem in 1 file\n",
    )
    assert measure.read_bytes() == before
    assert run("validate", "--root", str(root))[0] == 1


def test_an_edit_is_refused_while_pmf_yaml_holds_a_key_written_twice(initialised_in_november: Path) -> None:
    """A broken pmf.yaml, by which every file is read, stops an edit, a key written twice in it too."""
    root = initialised_in_november
    config = root / "pmf.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "status_scheme: rag\nstatus_scheme: royg\n", "utf-8")
    measure = root / "plans/example/measures/EX-01.yaml"
    before = measure.read_bytes()
    code, _, err = run("record", "EX-01", "2026-27 Q1", "67.1", "--root", str(root), "--as-of", "2026-11-26")
    assert code == 1
    assert "pmf.yaml:" in err and "duplicate key 'status_scheme': each key may appear once" in err
    assert measure.read_bytes() == before


def test_taking_off_a_check_in_braces_keeps_a_comment_among_its_entries(initialised_in_november: Path) -> None:
    """The check taken off with the old figure was cut from the figure's end, a comment between them with it."""
    root = initialised_in_november
    measure = root / "plans/example/measures/EX-01.yaml"
    measure.write_text(
        measure.read_text(encoding="utf-8")
        + "outturns:\n  - {period: 2026-27 Q1, value: 66.2,  # provisional figure\n"
        + "    verified: {by: Head of Finance, date: 2026-07-10}, comment: Up}  # note\n",
        encoding="utf-8",
    )
    code, _, err = run("record", "EX-01", "2026-27 Q1", "67.1", "--root", str(root), "--as-of", "2026-11-26")
    assert (code, err) == (0, "EX-01: replaced the outturn for 2026-27 Q1\n")
    assert measure.read_text(encoding="utf-8").endswith(
        "outturns:\n  - {period: 2026-27 Q1, value: 67.1,  # provisional figure\n    comment: Up}  # note\n"
    )
    assert run("validate", "--root", str(root))[0] == 0
