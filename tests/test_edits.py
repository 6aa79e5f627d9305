"""Edits keep the file as written: aliases, a byte order mark, line ends, and only the lines that must change."""

from __future__ import annotations

import difflib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf import edits
from pmf.cli import app
from pmf.loader import load_portfolio
from pmf.yamlio import load_fast

ROOT = Path(__file__).parent.parent
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

ALIASED = """\
id: WST-01
kind: indicator
title: Recycling
frequency: quarterly
polarity: higher_is_better
benchmarking: national
data_type: percentage
decimals: 1
thresholds:
  2025-26: {target: 68.0, tolerance: 64.0}
outturns:
  - period: 2025-26 Q1
    value: &steady 66.2
  - period: 2025-26 Q2
    value: *steady
    comment: Same as Q1.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)) if line[:1] in "+-"]


def test_record_on_an_aliased_value_changes_that_period_only(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    path.write_text(ALIASED, encoding="utf-8")
    code, _, err = run("record", "WST-01", "2025-26 Q2", "67.0", "--root", str(repo))
    assert code == 0, err
    assert changed_lines(ALIASED, path.read_text(encoding="utf-8")) == [
        "-     value: *steady\n",
        "+     value: 67.0\n",
    ]
    values = {o.period: o.value for o in load_portfolio(repo).measures["WST-01"].outturns}
    assert values == {"2025-26 Q1": Decimal("66.2"), "2025-26 Q2": Decimal("67.0")}


def test_a_shared_list_behind_an_alias_is_refused_at_its_line(repo: Path) -> None:
    path = repo / "plans/waste/plan-2025-26.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        updates:\n", "        updates: &shared\n", 1)
    text = text.replace(
        "  - outcome: environment\n",
        "  - outcome: environment\n    activities:\n      - id: WST-A02\n        title: Bring the depot up to date\n"
        "        lead: Depot Manager\n        start: 2025-04-01\n        end: 2026-03-31\n        updates: *shared\n",
    )
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run(
        "update-activity", "WST-A02", "--status", "red", "--period", "2025-26 H2", "--root", str(repo)
    )  # fmt: skip
    line = text[: text.index("updates: *shared")].count("\n") + 1
    assert code == 1
    assert f"plans/waste/plan-2025-26.yaml:{line}:1: the list 'updates' is an alias (*shared)" in err
    assert "write it out in full" in err
    assert path.read_bytes() == before


def test_a_byte_order_mark_is_kept(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    before = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + before)
    assert run("record", "WST-01", "2025-26 Q3", "67.1", "--root", str(repo))[0] == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf" + before)
    assert after.endswith(b"  - period: 2025-26 Q3\n    value: 67.1\n")


@pytest.mark.parametrize("dominant", ["\n", "\r\n"])
def test_mixed_line_ends_are_kept_and_added_lines_take_the_commonest(repo: Path, dominant: str) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    other = "\r\n" if dominant == "\n" else "\n"
    mixed = "".join(line + (other if i in (2, 5) else dominant) for i, line in enumerate(lines))
    path.write_bytes(mixed.encode())
    assert run("record", "WST-01", "2025-26 Q3", "67.1", "--root", str(repo))[0] == 0
    after = path.read_bytes().decode()
    assert after == mixed + f"  - period: 2025-26 Q3{dominant}    value: 67.1{dominant}"


def test_an_empty_flow_list_becomes_a_block_list_keeping_its_comment(repo: Path) -> None:
    path = repo / "plans/waste/measures/WST-01.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("outturns:")] + "outturns: []  # figures go here\nnotes: kept after\n"
    text = text.replace("notes: kept after\n", "")
    path.write_text(text, encoding="utf-8")
    assert run("record", "WST-01", "2025-26 Q3", "67.1", "--comment", "A, B", "--root", str(repo))[0] == 0
    assert changed_lines(text, path.read_text(encoding="utf-8")) == [
        "- outturns: []  # figures go here\n",
        "+ outturns:  # figures go here\n",
        "+   - period: 2025-26 Q3\n",
        "+     value: 67.1\n",
        "+     comment: A, B\n",
    ]


def test_a_flow_list_of_entries_becomes_a_block_list() -> None:
    text = "id: X\nupdates: [{period: 2025-26 H1, status: green, comment: 'Fine, so far'}]  # note\nother: 1\n"
    after, matched = edits.edit_list(text, [], "updates", lambda item: False, [("period", "2025-26 H2")])
    assert not matched
    assert after == (
        "id: X\nupdates:  # note\n  - period: 2025-26 H1\n    status: green\n    comment: 'Fine, so far'\n"
        "  - period: 2025-26 H2\nother: 1\n"
    )
    assert load_fast(after)["updates"][0]["comment"] == "Fine, so far"


def test_an_activity_without_updates_gets_its_list_under_its_own_keys() -> None:
    text = "outcomes:\n  - outcome: a\n    activities:\n      - id: A1\n        end: 2026-03-31\n  - outcome: b\n"
    after, _ = edits.edit_list(
        text, ["outcomes", 0, "activities", 0], "updates", lambda item: False, [("period", "2025-26 H1")]
    )
    assert after == text.replace("2026-03-31\n", "2026-03-31\n        updates:\n          - period: 2025-26 H1\n")


def test_export_then_import_of_unchanged_data_changes_no_file(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    before = {p: p.read_bytes() for p in (root / "plans").rglob("*.yaml")}
    code, _, err = run("export", "--format", "csv", "--out", str(tmp_path / "out"), "--root", str(root))
    assert code == 0, err
    code, _, err = run("import", str(tmp_path / "out/outturns.csv"), "--root", str(root))
    assert code == 0, err
    assert "changed 0 measure files" in err
    assert {p: p.read_bytes() for p in (root / "plans").rglob("*.yaml")} == before


def test_a_figure_written_differently_but_equal_is_left_as_written() -> None:
    text = "outturns:\n  - period: 2025-26 Q1\n    value: 842\n    comment: >-\n      Folded over\n      two lines.\n"
    fields: list[edits.Field] = [("value", Decimal("842.0")), ("comment", "Folded over two lines.")]
    after, matched = edits.edit_list(text, [], "outturns", lambda item: True, fields)
    assert matched and after == text


@pytest.mark.parametrize(
    "text",
    ["plain", "a, b", "a: b", "#x", "x #y", "'q'", '"d"', "[x]", "{x}", "- x", "ŵ ŷ â", "a\nb", " pad ", "", "\t",
     "\x85", "\u2028", "\ufeff", "\x07", "null", "~", "true", "0x10", "1e3", "*a",
     "2025-01-01", "&a", "!t", "%", "`",
     "| x", "> x", "?", "? x", ":", "x:", "\\"],
)  # fmt: skip
@pytest.mark.parametrize("flow", [False, True])
def test_scalar_text_reads_back_as_the_same_text(text: str, flow: bool) -> None:
    written = edits.scalar_text(text, flow=flow)
    yaml = f"k: {{v: {written}}}\n" if flow else f"k: {written}\n"
    assert load_fast(yaml) == ({"k": {"v": text}} if flow else {"k": text})
    assert "\n" not in written


@given(st.text())
def test_any_text_reads_back_from_one_line(text: str) -> None:
    for flow in (False, True):
        written = edits.scalar_text(text, flow=flow)
        assert "\n" not in written and "\r" not in written
        assert load_fast(f"k: {{v: {written}}}\n" if flow else f"k: {written}\n") == {
            "k": {"v": text} if flow else text
        }


@pytest.fixture(scope="module")
def written_by_pmf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pmf init and pmf new's files together with the demo's, in one repository."""
    root = tmp_path_factory.mktemp("both")
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copy(ROOT / "pmf.yaml", root / "pmf.yaml")
    scratch = tmp_path_factory.mktemp("init") / "council"
    assert runner.invoke(app, ["init", str(scratch), "--as-of", "2026-03-01"]).exit_code == 0
    shutil.copytree(scratch / "plans/example", root / "plans/example")
    for args in (["service", "parks"], ["measure", "PRK-01", "--service", "parks"]):
        assert runner.invoke(app, ["new", *args, "--root", str(root), "--as-of", "2026-03-01"]).exit_code == 0
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), comment=st.text())
def test_record_any_comment_in_any_file_pmf_or_the_demo_writes(
    written_by_pmf: Path, data: st.DataObject, comment: str
) -> None:
    from pmf.edit_check import check
    from pmf.record import record

    portfolio = load_portfolio(written_by_pmf)
    periods = {"monthly": "2027-03", "weekly": "2027-W10", "quarterly": "2026-27 Q4", "biannual": "2026-27 H2",
               "annual": "2026-27"}  # fmt: skip
    recorded = sorted(
        m
        for m, measure in portfolio.measures.items()
        if measure.measure_type.value != "calculated" and measure.frequency.value in periods
    )
    measure_id = data.draw(st.sampled_from(recorded), label="measure")
    period = periods[portfolio.measures[measure_id].frequency.value]
    change = record(portfolio, measure_id, period, "50", comment)
    check(portfolio, [change])  # it validates
    removed = [
        line for line in difflib.ndiff(change.before.splitlines(), change.after.splitlines()) if line[:2] == "- "
    ]
    assert removed == []
    written = next(o for o in load_fast(change.after)["outturns"] if str(o["period"]) == period)
    assert written["comment"] == comment
    assert json.dumps(written["value"]) == "50"


@pytest.mark.parametrize("plan", sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("plans/*/plan-*.yaml")))
def test_an_id_added_to_any_outcome_of_a_demo_plan_changes_that_list_only(plan: str) -> None:
    """`pmf new measure` lists its id with edits.add_values (and `pmf import --definitions` its ids): every
    outcome of every demo plan, as written."""
    text = (ROOT / plan).read_text(encoding="utf-8")
    data = load_fast(text)
    for index in sorted({0, len(data["outcomes"]) - 1}):  # the first outcome (the default) and the last
        outcome = data["outcomes"][index]
        after = edits.add_values(text, ["outcomes", index], "performance_measures", ["NEW-01"])
        expected = [*(outcome.get("performance_measures") or []), "NEW-01"]
        assert load_fast(after)["outcomes"][index]["performance_measures"] == expected
        both = edits.add_values(text, ["outcomes", index], "indicators", ["NEW-02", "NEW-03"])
        assert load_fast(both)["outcomes"][index]["indicators"] == [
            *(outcome.get("indicators") or []),
            "NEW-02",
            "NEW-03",
        ]
        assert [o for i, o in enumerate(load_fast(both)["outcomes"]) if i != index] == [
            o for i, o in enumerate(data["outcomes"]) if i != index
        ]
        assert [o for i, o in enumerate(load_fast(after)["outcomes"]) if i != index] == [
            o for i, o in enumerate(data["outcomes"]) if i != index
        ]
        removed = [line for line in difflib.ndiff(text.splitlines(), after.splitlines()) if line.startswith("- ")]
        assert all("[" in line for line in removed)  # only a list written in [...] is rewritten
        assert "      - NEW-01" in after.splitlines() or "    - NEW-01" in after.splitlines()


@pytest.mark.parametrize(
    ("earlier", "later", "added"),
    [
        (
            "  2025-26: {target: 1, tolerance: 2}\n",
            "  2027-28: {target: 3, tolerance: 4}\n",
            "  2026-27: {target: 5, tolerance: 6}\n",
        ),
        (
            "  2025-26:\n    target: 1\n    # about 2025-26's tolerance\n",
            "  2027-28:\n    target: 3\n",
            "  2026-27:\n    target: 5\n    tolerance: 6\n",
        ),
    ],
)
def test_a_new_year_goes_above_the_comments_on_the_later_year_and_below_the_earlier_ones(
    earlier: str, later: str, added: str
) -> None:
    comments = "  # the new national target applies from 2027-28\n  # (set by the minister)\n"
    text = f"id: X\nthresholds:  # by year\n{earlier}{comments}{later}outturns: []\n"
    after = edits.set_mapping_entry(text, "thresholds", "2026-27", {"target": "5", "tolerance": "6"})
    assert after == text.replace(comments, added + comments)
    assert load_fast(after)["thresholds"]["2026-27"] == {"target": 5, "tolerance": 6}
