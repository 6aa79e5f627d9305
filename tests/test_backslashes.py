"""A path typed in double quotes, whose backslashes YAML reads as special characters: pmf validate warns
at the backslash; text pmf writes in double quotes itself (a comment with a line break) is no warning."""

from __future__ import annotations

import string
from collections.abc import Callable
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
SOURCE = "source: The customer contact system, taken on the fifth working day after the quarter ends.\n"  # pmf init's


CODES = {"n": "\\x0A", "r": "\\x0D", "t": "\\x09"}


def told(escape: str, read_as: str) -> str:
    meant = f"; where {read_as} is meant, write '{CODES[escape]}' in place of '\\{escape}'" if escape in CODES else ""
    return (
        f"inside double quotes '\\{escape}' is read as {read_as}, not as '\\' and '{escape}': put the text in "
        f"single quotes, or write '/' in place of each '\\'{meant}"
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
        pytest.param(
            'source: "Waste\\notes.xlsx"\n', [(1, 15, ("source",), "n")], id="a folder and a file, a line break"
        ),
        pytest.param('source: "Waste\\returns.csv"\n', [(1, 15, ("source",), "r")], id="a folder and a file, a return"),
        pytest.param(
            'comment: "See Waste\\notes.xlsx"\n', [(1, 20, ("comment",), "n")], id="a folder and a file in prose"
        ),
        pytest.param('source: "Waste (2026)\\notes.xlsx"\n', [(1, 22, ("source",), "n")], id="a folder in brackets"),
        pytest.param('source: {en: "Waste\\notes.xlsx"}\n', [(1, 20, ("source", "en"), "n")], id="in brackets"),
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
        pytest.param('comment: "Plan A:\\nwww.cardiff.gov.uk"\n', [], id="a letter, a colon and a web address"),
        pytest.param('comment: "0 A:\\na. 0"\n', [], id="a letter, a colon and a list"),
        pytest.param('comment: "Late\\nwww.cardiff.gov.uk"\n', [], id="a word before a web address"),
        pytest.param('comment: "Late\\nbbc.co.uk"\n', [], id="a word before a domain"),
        pytest.param('comment: "Figures in:\\nnotes.xlsx"\n', [], id="a colon before a file's name after a line break"),
        pytest.param('comment: "See the file\\x0Anotes.xlsx"\n', [], id="a line break by its code, as pmf writes it"),
        pytest.param('comment: "Waste\\nNotes for Q2.xlsx"\n', [], id="a capital after a line break"),
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
        "Plan A:\nwww.cardiff.gov.uk",
        "Figures in the file\nnotes.xlsx on the drive",
        "Waste\nnotes.xlsx",
        "Waste\r\nreturns.csv",
        "Waste\ttotals.xlsx",
        "late\nstaff\nweather",
        "C:\nnew.xlsx",
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


def test_a_path_with_no_drive_is_a_warning_on_a_measure_pmf_new_wrote(
    initialised_in_november: Path, write_guidance: Callable[[Path], None]
) -> None:
    """'Waste\\new\\totals' has no drive and no file's name, and YAML reads a line break and a tab in it."""
    root = initialised_in_november
    result = runner.invoke(app, ["new", "measure", "WS-01", "--service", "example", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    write_guidance(root)
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


def test_a_folder_and_a_file_after_one_backslash_is_a_warning_on_a_measure_pmf_new_wrote(
    initialised_in_november: Path, write_guidance: Callable[[Path], None]
) -> None:
    """'Waste\\notes.xlsx': YAML reads a line break where the folder ends, as in 'Waste\\new\\plans'."""
    root = initialised_in_november
    result = runner.invoke(app, ["new", "measure", "WS-01", "--service", "example", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    write_guidance(root)
    measure = root / "plans/example/measures/WS-01.yaml"
    text = measure.read_text(encoding="utf-8")
    for path, column, escape in (("Waste\\notes.xlsx", 15, "n"), ("Performance\\returns.csv", 21, "r")):
        measure.write_text(text.replace(SOURCE, f'source: "{path}"\n'), encoding="utf-8")
        result = runner.invoke(app, ["validate", "--root", str(root)])
        assert (result.exit_code, result.stderr.splitlines()) == (
            0,
            [
                f"plans/example/measures/WS-01.yaml:8:{column}: warning: source: {told(escape, 'a line break')}",
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
    measure.write_text(text.replace(source, '\nsource: "Case Data\\notes.xlsx"\n'))
    result = runner.invoke(app, ["validate", "--root", str(demo_council)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"plans/adult-social-care/measures/ASC-02.yaml:{line}:19: warning: source: {told('n', 'a line break')}",
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

    if address:
        lines[1] = f"{address} {lines[1]}"
    comment = join.join(lines)
    written = f"comment: {render(comment, flow=False)}\n"
    assert load_fast(written)["comment"] == comment
    assert backslashes(written) == []


_PIECES = [*"abnrtxAN0 .:/\\\n\r\t\"'", "\ud800", "\x85", "xlsx", "csv", "C:", "www.", "Waste", "notes"]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), flow=st.booleans())
def test_no_text_pmf_writes_is_warned_of_as_a_path(text: str, flow: bool) -> None:
    """Whatever text pmf writes (in brackets or not) reads back as it was, and pmf validate never takes it for a
    Windows path: a line break, return or tab before a small letter in such a word is written by its code."""
    from pmf.scalars import render

    written = f"comment: {{v: {render(text, flow=True)}}}\n" if flow else f"comment: {render(text, flow=False)}\n"
    assert load_fast(written)["comment"] == ({"v": text} if flow else text)
    assert backslashes(written) == []


# was: ...: put the text in single quotes, or write '/' in place of each '\' (either of which loses the line break)
def test_a_comment_an_older_pmf_wrote_is_told_how_to_keep_its_line_break(initialised_in_november: Path) -> None:
    """An older pmf wrote a comment's line break as '\\n' wherever it stood: 'file\\nnotes.xlsx' reads as a path."""
    root = initialised_in_november
    comment = "Figures in the file\nnotes.xlsx on the drive"
    args = ["record", "EX-01", "2026-27 Q1", "66.2", "--comment", comment, "--root", str(root), "--as-of", "2026-07-10"]
    assert runner.invoke(app, args).exit_code == 0
    measure = root / "plans/example/measures/EX-01.yaml"
    now = measure.read_text(encoding="utf-8")
    assert '"Figures in the file\\x0Anotes.xlsx on the drive"' in now
    older = now.replace("\\x0A", "\\n")
    measure.write_text(older, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(root), "--as-of", "2026-11-10"])
    line = older[: older.index("Figures")].count("\n") + 1
    column = older.splitlines()[line - 1].index("\\n") + 1
    warning = (
        f"plans/example/measures/EX-01.yaml:{line}:{column}: warning: outturns[0].comment: {told('n', 'a line break')}"
    )
    assert result.stderr.splitlines() == [warning, "1 warning in 1 file"]
    assert "write '\\x0A' in place of '\\n'" in warning
    measure.write_text(older.replace("\\n", "\\x0A"), encoding="utf-8")  # as told: the line break kept, no warning
    assert runner.invoke(app, ["validate", "--root", str(root), "--as-of", "2026-11-10"]).stderr.splitlines() == [
        "No problems found."
    ]
    assert load_fast(measure.read_text(encoding="utf-8"))["outturns"][0]["comment"] == comment
