"""A path typed in double quotes, whose backslashes YAML reads as special characters: pmf validate warns
at the backslash; text pmf writes in double quotes itself (a comment with a line break) is no warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.backslashes import backslashes
from pmf.cli import app
from pmf.yamlio import load_fast

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
DEMO = Path(__file__).parent.parent
SOURCE = "source: Where the data comes from, and when it must be taken from the source system.\n"


def told(escape: str, read_as: str) -> str:
    return (
        f"inside double quotes '\\{escape}' is read as {read_as}, not as '\\' and '{escape}': put the text in "
        "single quotes, or write '/' in place of each '\\'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('source: "C:\\new\\totals.xlsx"\n', [(1, 12, ("source",), "n")], id="drive"),
        pytest.param('source: "C:\\totals.xlsx"\n', [(1, 12, ("source",), "t")], id="drive and a file"),
        pytest.param('source: "\\\\fileserver\\new\\t.csv"\n', [(1, 22, ("source",), "n")], id="share"),
        pytest.param('source: "Waste\\new\\totals.xlsx"\n', [(1, 15, ("source",), "n")], id="folders and a file"),
        pytest.param(
            'reviews:\n  - comment: "See H:\\reports\\bin.docx"\n',
            [(2, 21, ("reviews", 0, "comment"), "r")],
            id="in a list",
        ),
        pytest.param('source: "C:\\\\new\\\\totals.xlsx"\n', [], id="backslashes written as '\\\\'"),
        pytest.param("source: 'C:\\new\\totals.xlsx'\n", [], id="single quotes keep backslashes"),
        pytest.param("source: C:\\new\\totals.xlsx\n", [], id="no quotes keep backslashes"),
        pytest.param('source: "C:/new/totals.xlsx"\n', [], id="forward slashes"),
        pytest.param('comment: "Late\\nsee the note"\n', [], id="a line break in prose is meant"),
        pytest.param('comment: "Reasons:\\n1. staff\\n2. weather"\n', [], id="a colon before a line break"),
        pytest.param('comment: "Plan B:\\nnext steps"\n', [], id="a letter and a colon before a line break"),
        pytest.param('# source: "C:\\new\\totals.xlsx"\nsource: x\n', [], id="in a note"),
    ],
)
def test_backslashes(text: str, expected: list[tuple[int, int, tuple[object, ...], str]]) -> None:
    assert [(b.line, b.column, b.key_path, b.escape) for b in backslashes(text)] == expected


def test_a_path_in_double_quotes_is_a_warning_at_its_backslash(initialised_in_november: Path) -> None:
    """A service lead pastes a path from Windows Explorer into the measure pmf init wrote, in double quotes."""
    measure = initialised_in_november / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(text.replace(SOURCE, 'source: "C:\\new\\totals.xlsx"\n'), encoding="utf-8")
    assert load_fast(measure.read_text(encoding="utf-8"))["source"] == "C:\new\totals.xlsx"  # a line break, a tab
    result = runner.invoke(app, ["validate", "--root", str(initialised_in_november)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"plans/example/measures/EX-01.yaml:8:12: warning: source: {told('n', 'a line break')}",
            "1 warning in 1 file",
        ],
    )
    measure.write_text(text.replace(SOURCE, "source: 'C:\\new\\totals.xlsx'\n"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(initialised_in_november)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")


def test_a_path_in_the_demo_is_a_warning(demo_council: Path) -> None:
    measure = next((demo_council / "plans").glob("*/measures/*.yaml"))
    text = measure.read_text(encoding="utf-8")
    line = text[: text.index("\nsource:")].count("\n") + 2
    source = text.split("\nsource:", 1)[1].split("\n", 1)[0]
    measure.write_text(text.replace(f"\nsource:{source}\n", '\nsource: "\\\\finance\\new\\totals.xlsx"\n'))
    result = runner.invoke(app, ["validate", "--root", str(demo_council)])
    name = measure.relative_to(demo_council).as_posix()
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [f"{name}:{line}:19: warning: source: {told('n', 'a line break')}", "1 warning in 1 file"],
    )


@pytest.mark.parametrize(
    "comment",
    ["Reasons:\n1. staff\n2. weather", "Late\tsee C:\\new\\totals.xlsx", "Plan B:\nthe new rota", "A\\B\\c.txt"],
)
def test_text_pmf_writes_in_double_quotes_is_no_warning(initialised_in_november: Path, comment: str) -> None:
    """pmf record writes a comment holding a line break, a tab or a backslash in double quotes with its
    escapes; it reads back as said, with no warning."""
    root = initialised_in_november
    args = ["record", "EX-01", "2026-27 Q2", "66.2", "--comment", comment, "--root", str(root), "--as-of", "2026-11-26"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    written = (root / "plans/example/measures/EX-01.yaml").read_text(encoding="utf-8")
    assert load_fast(written)["outturns"][0]["comment"] == comment
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")


def test_the_demo_holds_no_backslash_to_look_at() -> None:
    """The check costs the demo a substring search: none of its files is composed for it."""
    files = [*(DEMO / "plans").rglob("*.yaml"), *(DEMO / "assessments").glob("*.yaml"), DEMO / "pmf.yaml"]
    assert len(files) > 100 and not [f for f in files if "\\" in f.read_text(encoding="utf-8")]
