"""A path typed in double quotes, whose backslashes YAML reads as special characters: pmf validate warns
at the backslash; text pmf writes in double quotes itself (a comment with a line break) is no warning."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
        pytest.param('source: "C:\\new.xlsx"\n', [(1, 12, ("source",), "n")], id="drive and a file after a line break"),
        pytest.param('source: "\\\\fileserver\\new\\t.csv"\n', [(1, 22, ("source",), "n")], id="share"),
        pytest.param('source: "Waste\\new\\totals.xlsx"\n', [(1, 15, ("source",), "n")], id="folders and a file"),
        pytest.param(
            'reviews:\n  - comment: "See H:\\reports\\bin.docx"\n',
            [(2, 21, ("reviews", 0, "comment"), "r")],
            id="in a list",
        ),
        pytest.param('source: "Waste\\new\\totals"\n', [(1, 15, ("source",), "n")], id="folders, no drive"),
        pytest.param('source: "Waste\\New\\Nots"\n', [(1, 15, ("source",), "N")], id="capital folders"),
        pytest.param('source: "Waste\\totals.xlsx"\n', [(1, 15, ("source",), "t")], id="a folder and a file"),
        pytest.param('comment: "See Waste Services\\new\\totals"\n', [(1, 29, ("comment",), "n")], id="in prose"),
        pytest.param('comment: "Line one\\nLine two"\n', [], id="line breaks between words"),
        pytest.param('comment: "Late\\nStaff\\nWeather"\n', [], id="one-word lines"),
        pytest.param('comment: "Q1\\t45\\t50"\n', [], id="a row pasted from a spreadsheet"),
        pytest.param('source: "C:\\\\new\\\\totals.xlsx"\n', [], id="backslashes written as '\\\\'"),
        pytest.param("source: 'C:\\new\\totals.xlsx'\n", [], id="single quotes keep backslashes"),
        pytest.param("source: C:\\new\\totals.xlsx\n", [], id="no quotes keep backslashes"),
        pytest.param('source: "C:/new/totals.xlsx"\n', [], id="forward slashes"),
        pytest.param('comment: "Late\\nsee the note"\n', [], id="a line break in prose is meant"),
        pytest.param('comment: "Reasons:\\n1. staff\\n2. weather"\n', [], id="a colon before a line break"),
        pytest.param('comment: "Plan B:\\nnext steps"\n', [], id="a letter and a colon before a line break"),
        pytest.param('# source: "C:\\new\\totals.xlsx"\nsource: x\n', [], id="in a note"),
        pytest.param('comment: "Late, see:\\nwww.cardiff.gov.uk"\n', [], id="a web address after a line break"),
        pytest.param('comment: "Late, see:\\ncardiff.gov.uk/bins"\n', [], id="a domain after a line break"),
        pytest.param('comment: "Figures in:\\ntotals.xlsx"\n', [], id="a file's name after a line break"),
        pytest.param('comment: "Figures in:\\r\\ntotals.xlsx"\n', [], id="a file's name after a Windows line break"),
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
    [
        "Reasons:\n1. staff\n2. weather",
        "Late\tsee C:\\new\\totals.xlsx",
        "Plan B:\nthe new rota",
        "A\\B\\c.txt",
        "Figures late, see:\nwww.cardiff.gov.uk for details",
        "Figures late, see:\nhttps://www.cardiff.gov.uk/bins",
        "The figures are in:\ntotals.xlsx on the shared drive",
        "Option A:\nwww.cardiff.gov.uk has the rota",
        "0 A:\na. 0",
    ],
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


def test_a_path_with_no_drive_is_a_warning_on_a_measure_pmf_new_wrote(initialised_in_november: Path) -> None:
    """'Waste\\new\\totals' has no drive and no file's name, and YAML reads a line break and a tab in it."""
    root = initialised_in_november
    result = runner.invoke(app, ["new", "measure", "WS-01", "--service", "example", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    measure = root / "plans/example/measures/WS-01.yaml"
    text = measure.read_text(encoding="utf-8")
    measure.write_text(text.replace(SOURCE, 'source: "Waste\\new\\totals"\n'), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"plans/example/measures/WS-01.yaml:8:15: warning: source: {told('n', 'a line break')}",
            "1 warning in 1 file",
        ],
    )


def test_a_path_with_no_drive_in_the_demo_is_a_warning_and_line_breaks_are_not(demo_council: Path) -> None:
    measure = demo_council / "plans/adult-social-care/measures/ASC-02.yaml"
    text = measure.read_text(encoding="utf-8")
    source = "\nsource: Social care case management system (WCCIS).\n"
    line = text[: text.index(source)].count("\n") + 2
    measure.write_text(text.replace(source, '\nsource: "Case Data\\reports\\new"\n'))
    result = runner.invoke(app, ["validate", "--root", str(demo_council)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"plans/adult-social-care/measures/ASC-02.yaml:{line}:19: warning: source: {told('r', 'a line break')}",
            "1 warning in 1 file",
        ],
    )
    measure.write_text(text.replace(source, '\nsource: "WCCIS\\nMonth end\\nCase files"\n'))
    result = runner.invoke(app, ["validate", "--root", str(demo_council)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")


_WORD = st.builds(
    lambda word, mark: word + mark,
    st.text(string.ascii_letters + string.digits, min_size=1, max_size=8),
    st.sampled_from(["", ".", ",", ":", ";", "%", ")"]),
)
_CAPITAL = st.builds(
    lambda first, rest: first + rest, st.sampled_from([*string.ascii_uppercase, *string.digits, "(", "-", "'"]), _WORD
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.one_of(
        st.lists(st.lists(_WORD, min_size=2, max_size=5).map(" ".join), min_size=2, max_size=5),  # prose lines
        st.lists(  # lines starting with a capital, a figure or a mark
            st.builds(lambda first, rest: " ".join([first, *rest]), _CAPITAL, st.lists(_WORD, max_size=3)),
            min_size=2,
            max_size=5,
        ),
    ),
    join=st.sampled_from(["\n", "\t", "\r\n"]),
    address=st.sampled_from(
        ["", "www.cardiff.gov.uk", "https://www.cardiff.gov.uk/bins", "cardiff.gov.uk", "totals.xlsx", "Q1-2026.pdf"]
    ),
)
def test_text_pmf_writes_with_line_breaks_or_tabs_is_no_warning(lines: list[str], join: str, address: str) -> None:
    """Whatever comment pmf writes in double quotes, its lines holding words with spaces between them or
    starting with a capital, a figure, a mark, a web address or a file's name (after a line break), reads
    back as written with no warning."""
    from pmf.scalars import render

    if address and join != "\t":
        lines[1] = f"{address} {lines[1]}"
    comment = join.join(lines)
    written = f"comment: {render(comment, flow=False)}\n"
    assert load_fast(written)["comment"] == comment
    assert backslashes(written) == []
