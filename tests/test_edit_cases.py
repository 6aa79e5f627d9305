"""What a service lead types always lands: every edit command, on files pmf writes and on the demo."""

from __future__ import annotations

import csv
import difflib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app
from pmf.loader import load_portfolio

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

COMMENTS = [
    pytest.param("Up on Q4, helped by the new triage.", id="comma"),
    pytest.param("Target: 70% by March", id="colon"),
    pytest.param('The contractor said "done" and it wasn\'t', id="quotes"),
    pytest.param("Bins #4 and #5 missed", id="hash"),
    pytest.param("Gwasanaeth ŵ ŷ â: da iawn", id="welsh"),
    pytest.param("First line.\nSecond line, after a break.", id="newline"),
    pytest.param("- starts like a list item", id="dash"),
    pytest.param("[in brackets], {in braces}", id="brackets"),
    pytest.param("yes", id="boolean-word"),
    pytest.param("123", id="number"),
    pytest.param("a: b", id="key-like"),
    pytest.param("@team & *everyone* | > !", id="indicators"),
    pytest.param("  spaces around  ", id="spaces"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def removed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)) if line[:1] == "-"]


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A repository as pmf writes it: pmf init, then a service, a measure and a risk from pmf new, and the
    template's example activity filled in as the guidance says."""
    folder = tmp_path / "council"
    assert run("init", str(folder), "--as-of", "2026-03-01")[0] == 0
    for args in (
        ["service", "housing"],
        ["measure", "HSG-04", "--service", "housing"],
        ["risk", "RSK-HSG-09", "--service", "housing"],
    ):
        code, _, err = run("new", *args, "--root", str(folder), "--as-of", "2026-03-01")
        assert code == 0, err
    plan = folder / "plans/housing/plan-2026-27.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(True)
    start = next(i for i, line in enumerate(lines) if line.startswith("    # activities:"))
    for i in range(start + 1, start + 7):  # the example activity, uncommented by its lead
        lines[i] = lines[i].replace("    #   - ", "      - ").replace("    #     ", "        ")
    lines[start] = "    activities:\n"
    plan.write_text("".join(lines), encoding="utf-8")
    assert run("validate", "--root", str(folder))[0] == 0
    return folder


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", target / "plans")
    shutil.copy(ROOT / "pmf.yaml", target / "pmf.yaml")
    for extra in ("assessments", "regulators"):
        if (ROOT / extra).is_dir():
            shutil.copytree(ROOT / extra, target / extra)
    return target


def test_a_new_measure_takes_its_first_figure_with_a_comma(fresh: Path) -> None:
    path = fresh / "plans/housing/measures/HSG-04.yaml"
    before = path.read_text(encoding="utf-8")
    code, _, err = run(
        "record",
        "HSG-04",
        "2026-27 Q1",
        "71.0",
        "--comment",
        "Up on Q4, helped by the new triage.",
        "--root",
        str(fresh),
    )
    assert code == 0, err
    assert err == "HSG-04: added the outturn for 2026-27 Q1\n"
    after = path.read_text(encoding="utf-8")
    assert after == before + (
        "outturns:\n  - period: 2026-27 Q1\n    value: 71.0\n    comment: Up on Q4, helped by the new triage.\n"
    )
    assert run("validate", "--root", str(fresh))[0] == 0


def _outturn_comment(root: Path, measure: str, period: str) -> str | None:
    outturn = next(o for o in load_portfolio(root).measures[measure].outturns if o.period == period)
    return outturn.comment if isinstance(outturn.comment, str | None) else str(outturn.comment)


@pytest.mark.parametrize("comment", COMMENTS)
@pytest.mark.parametrize("where", ["fresh", "demo"])
def test_record_lands_any_comment(comment: str, where: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(where)
    measure, period = ("HSG-04", "2026-27 Q1") if where == "fresh" else ("HSG-01", "2026-27 Q3")
    path = load_portfolio(root).files[measure]
    before = path.read_text(encoding="utf-8")
    code, _, err = run("record", measure, period, "64.5", "--comment", comment, "--root", str(root))
    assert code == 0, err
    assert f"{measure}: added the outturn for {period}" in err
    assert removed_lines(before, path.read_text(encoding="utf-8")) == []
    assert run("validate", "--root", str(root))[0] == 0
    assert _outturn_comment(root, measure, period) == comment


@pytest.mark.parametrize("comment", COMMENTS)
@pytest.mark.parametrize("where", ["fresh", "demo"])
def test_import_lands_any_comment(comment: str, where: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    root: Path = request.getfixturevalue(where)
    measure, period = ("HSG-04", "2026-27 Q2") if where == "fresh" else ("HSG-01", "2026-27 Q3")
    data = tmp_path / "figures.csv"
    with open(data, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["measure", "period", "value", "comment"], [measure, period, "64.5", comment]])
    path = load_portfolio(root).files[measure]
    before = path.read_text(encoding="utf-8")
    code, _, err = run("import", str(data), "--root", str(root))
    assert code == 0, err
    assert removed_lines(before, path.read_text(encoding="utf-8")) == []
    assert run("validate", "--root", str(root))[0] == 0
    assert _outturn_comment(root, measure, period) == comment.strip()  # a spreadsheet cell is trimmed


@pytest.mark.parametrize("comment", COMMENTS)
@pytest.mark.parametrize("where", ["fresh", "demo"])
def test_update_activity_lands_any_comment(comment: str, where: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(where)
    activity, period = ("SVC-A01", "2026-27 H1") if where == "fresh" else ("HSG-A12", "2026-27 H2")
    portfolio = load_portfolio(root)
    path = next(
        portfolio.files[f"{p.id}/{year}"]
        for (_, year), p in portfolio.plans.items()
        if any(a.id == activity for a in p.activities())
    )
    before = path.read_text(encoding="utf-8")
    code, _, err = run(
        "update-activity", activity, "--status", "green", "--period", period, "--comment", comment, "--root", str(root)
    )
    assert code == 0, err
    assert removed_lines(before, path.read_text(encoding="utf-8")) == []
    assert run("validate", "--root", str(root))[0] == 0
    [update] = [
        u
        for p in load_portfolio(root).plans.values()
        for a in p.activities()
        if a.id == activity
        for u in a.updates
        if u.period == period
    ]
    assert update.comment == comment


@pytest.mark.parametrize("comment", COMMENTS)
@pytest.mark.parametrize("where", ["fresh", "demo"])
def test_review_risk_lands_any_comment(comment: str, where: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(where)
    risk = "RSK-HSG-09" if where == "fresh" else "RSK-HSG-01"
    code, _, err = run(
        "review-risk", risk, "--likelihood", "3", "--impact", "3", "--comment", comment,
        "--as-of", "2026-11-20", "--root", str(root),
    )  # fmt: skip
    assert code == 0, err
    assert run("validate", "--root", str(root))[0] == 0
    assert load_portfolio(root).risks[risk].reviews[-1].comment == comment


def test_templates_write_no_flow_lists(fresh: Path) -> None:
    for path in sorted((fresh / "plans").rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#")[0]
            assert "[" not in code, f"{path.name}:{number}: {line}"


def test_dry_run_of_a_change_that_would_break_the_file_fails_and_writes_nothing(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmf import scalars

    monkeypatch.setattr(scalars, "scalar_text", lambda value, flow=False: str(value))  # the old unquoted writing
    path = fresh / "plans/housing/measures/HSG-04.yaml"
    before = path.read_bytes()
    args = ["record", "HSG-04", "2026-27 Q1", "71", "--comment", "Up: on Q4", "--root", str(fresh)]
    code, out, err = run(*args, "--dry-run")
    assert code == 1
    assert "+    comment: Up: on Q4" in out  # the diff is shown
    assert "plans/housing/measures/HSG-04.yaml:" in err and "nothing was written" in err
    assert "would change" not in err
    code, out, err = run(*args)
    assert code == 1 and "added" not in err
    assert path.read_bytes() == before


def test_added_is_said_only_once_written(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmf import transaction

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(transaction, "write_temp", full)
    path = fresh / "plans/housing/measures/HSG-04.yaml"
    before = path.read_bytes()
    code, _, err = run("record", "HSG-04", "2026-27 Q1", "71", "--root", str(fresh))
    assert code != 0 and "No space left on device" in err
    assert "added" not in err
    assert path.read_bytes() == before


def test_dry_run_shows_the_diff_of_a_comment_on_several_lines(fresh: Path) -> None:
    code, out, err = run(
        "record", "HSG-04", "2026-27 Q1", "71", "--comment", "One.\nTwo, three.", "--dry-run", "--root", str(fresh)
    )
    assert code == 0, err
    assert '+    comment: "One.\\nTwo, three."' in out
    assert "would change: HSG-04: added the outturn for 2026-27 Q1" in err
    assert json.loads('"One.\\nTwo, three."') == "One.\nTwo, three."


HART_LIKE = [  # the shape of Hart District Council's published figures: period, value and a note, some with commas
    ("2026-27 Q1", "92.1", "Three late returns, all chased."),
    ("2026-27 Q2", "93.4", ""),
    ("2026-27 Q3", "90.8", 'Staff sickness, plus the "new system" bedding in.'),
    ("2026-27 Q4", "94.0", "Back on track"),
    ("2027-28 Q1", "95.2", "Best quarter yet, above the national median, 94.5"),
    ("2027-28 Q2", "95.0", "Slightly down: holidays."),
    ("2027-28 Q3", "96.1", "Cyfnod da; new triage, fewer repeats"),
]


def test_figures_with_commas_in_their_notes_import_unchanged(fresh: Path, tmp_path: Path) -> None:
    data = tmp_path / "hart-like.csv"
    with open(data, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "value", "note"])
        writer.writerows([["HSG-04", *row] for row in HART_LIKE])
    assert sum("," in note for _, _, note in HART_LIKE) == 4
    code, _, err = run("import", str(data), "--root", str(fresh), "--as-of", "2028-01-15")
    assert code == 0, err
    assert "HSG-04: 7 added, 0 replaced" in err
    assert run("validate", "--root", str(fresh), "--as-of", "2028-01-15")[0] == 0  # its figures run to 2027-28 Q3
    outturns = load_portfolio(fresh).measures["HSG-04"].outturns
    assert [(o.period, str(o.value), o.comment or "") for o in outturns] == HART_LIKE
    path = fresh / "plans/housing/measures/HSG-04.yaml"
    written = path.read_bytes()
    code, _, err = run("import", str(data), "--root", str(fresh), "--as-of", "2028-01-15")
    assert code == 0 and "changed 0 measure files" in err
    assert path.read_bytes() == written


def test_a_review_that_brings_a_risk_below_its_target_is_written(demo: Path) -> None:
    """was: target: the target score (9) is worse than the residual score (1): ... (the change would leave
    this; nothing was written)"""
    path = demo / "plans/housing/risks/RSK-HSG-01.yaml"
    code, _, err = run(
        "review-risk", "RSK-HSG-01", "--likelihood", "1", "--impact", "1", "--comment", "New contract signed.",
        "--as-of", "2026-11-20", "--root", str(demo),
    )  # fmt: skip
    assert code == 0, err
    assert (
        "RSK-HSG-01: reviewed on 2026-11-20, residual 1, next review by 2027-05-20; it has reached its target score "
        "(9): close it (status: closed) if it needs no more managing, or set a lower target"
    ) in err
    assert "residual: {likelihood: 1, impact: 1}\ntarget: {likelihood: 3, impact: 3}" in path.read_text()
    assert run("validate", "--root", str(demo), "--as-of", "2026-11-20")[0] == 0
