"""Terminal tables in a narrow terminal: no line wider than it, no word split across lines.

Through the real entry point (``python -m pmf``) with the terminal's width in COLUMNS, as an
80-column console gives it, on the demo council.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from pmf.tablefit import PROSE_MIN, Column, fit, words, wrap

DAY = "2026-10-15"
COMMANDS = [["status"], ["status", "--activities"], ["risks"], ["regulators"]]
SHAPES = "●▲■◆"  # the statuses' shapes (pmf.status); none may stand apart from its word
RULES = re.compile(r"[\u2500-\u257f]")  # box drawing: borders are not words


def shown(root: Path, args: list[str], columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    env.pop("LINES", None)
    result = subprocess.run(
        [sys.executable, "-m", "pmf", *args, "--root", str(root), "--as-of", DAY],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def tokens(text: str) -> list[str]:
    return RULES.sub(" ", text).split()


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("narrow") / "council"
    top = Path(__file__).parent.parent
    shutil.copytree(top / "plans", root / "plans")
    shutil.copy(top / "pmf.yaml", root / "pmf.yaml")
    return root


@pytest.fixture(scope="module")
def new_council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A council as ``pmf init`` writes it: its own files, not the demo's."""
    root = tmp_path_factory.mktemp("init") / "council"
    made = subprocess.run([sys.executable, "-m", "pmf", "init", str(root)], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    return root


def assert_fits(narrow: str, wide: str, columns: int) -> None:
    """No line wider than the terminal or ending in a space, no word of the wide output split,
    and every ± on the line of the figure after it."""
    lines = narrow.splitlines()
    too_wide = [line for line in lines if cell_len(line) > columns]
    assert not too_wide, f"{len(too_wide)} lines wider than {columns} columns, the first: {too_wide[0]!r}"
    split = sorted({word for word in tokens(narrow) if word not in set(tokens(wide))})
    assert not split, f"words broken across lines at {columns} columns: {split[:12]}"
    ragged = [line for line in lines if line != line.rstrip()]
    assert not ragged, f"{len(ragged)} lines end in spaces at {columns} columns, the first: {ragged[0]!r}"
    parted = [line for line in lines if re.search(r"±(?! \d)", line)]
    assert not parted, f"a ± parted from its figure at {columns} columns: {parted[0]!r}"


@pytest.mark.parametrize("columns", [20, 40, 50, 60, 80, 110, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal_and_no_word_is_split(council: Path, args: list[str], columns: int) -> None:
    assert_fits(shown(council, args, columns), shown(council, args, 1000), columns)


@pytest.mark.parametrize("columns", [0, 40, 50, 60, 80, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_council_pmf_init_wrote_fits_the_terminal(new_council: Path, args: list[str], columns: int) -> None:
    assert_fits(shown(new_council, args, columns), shown(new_council, args, 1000), columns or 80)


def test_a_table_title_wraps_at_the_terminal_s_width(new_council: Path) -> None:
    """At 50 columns the heat map of pmf risks is a table narrower than its 54-character title,
    which ran past the terminal's edge."""
    lines = shown(new_council, ["risks"], 50).splitlines()
    assert lines[lines.index("Heat map: open risks by residual likelihood and") + 1] == "impact"


@pytest.mark.parametrize("columns", [20, 40, 60, 80, 120])
def test_status_keeps_every_title_word_and_each_status_whole_with_its_shape(council: Path, columns: int) -> None:
    results = json.loads(shown(council, ["status", "--format", "json"], 1000))
    narrow = shown(council, ["status"], columns)
    words_shown = set(tokens(narrow))
    for header in ["Measure", "Title", "Period", "Value", "Target", "Tolerance", "Status", "Trend"]:
        assert header in words_shown
    for result in results:
        missing = [word for word in result["title"].split() if word not in words_shown]
        assert not missing, f"{result['id']}: {missing} not whole in the output"
        assert result["id"] in words_shown
    lines = narrow.splitlines()
    statuses = [line for line in lines if any(shape in line for shape in SHAPES)]
    for line in statuses:  # the shape, then its word on the same line: never colour or shape alone
        assert re.search(rf"[{SHAPES}] [A-Z][a-z]+", line), line
    assert len([s for s in (line for line in lines) if re.search(rf"[{SHAPES}] [A-Z]", s)]) == sum(
        1 for r in results if r["status"]
    )


def test_at_80_columns_status_shows_one_block_a_measure(council: Path) -> None:
    """Decided in docs/status-rules.md: too narrow for the columns side by side, each measure is a block."""
    narrow = shown(council, ["status"], 80).splitlines()
    assert "Title      Working days lost to sickness absence per FTE in Adult Social Care" in [
        line.rstrip() for line in narrow
    ]
    assert "Status     ■ Unsatisfactory" in [line.rstrip() for line in narrow]


@pytest.mark.parametrize("columns", [21, 23, 25, 26])
def test_every_block_of_status_has_the_same_layout(council: Path, columns: int) -> None:
    """Below 27 columns a '■ Unsatisfactory' has too little room beside the headers: the values went
    under them only in the sections that had one, and stayed beside them in the rest."""
    lines = shown(council, ["status"], columns).splitlines()
    layouts: dict[str, tuple[str, int]] = {}  # each measure's: its value beside or under, how far in
    for at, line in enumerate(lines):
        if line.startswith("Measure"):  # the first line of each measure's block
            value = line.removeprefix("Measure") or lines[at + 1]
            under = line == "Measure"
            layouts[value.strip()] = ("under", len(value) - len(value.lstrip())) if under else ("beside", 0)
    assert len(layouts) == len(json.loads(shown(council, ["status", "--format", "json"], 1000)))
    kinds = {kind: sorted(m for m, k in layouts.items() if k == kind)[:3] for kind in set(layouts.values())}
    assert len(kinds) == 1, f"layouts at {columns} columns, each with its first measures: {kinds}"


columns_ = st.lists(
    st.builds(
        lambda least, extra, prose: Column(whole=least + extra, least=least, prose=prose),
        st.integers(1, 30),
        st.integers(0, 120),
        st.booleans(),
    ),
    min_size=1,
    max_size=10,
)


@given(columns_, st.integers(0, 300), st.booleans())
def test_widths_fit_the_room_and_never_cut_a_word(columns: list[Column], room: int, short_wrap: bool) -> None:
    widths = fit(columns, room, short_wrap=short_wrap)
    if widths is None:  # only when even the narrowest the columns may be is too wide
        least = [
            max(c.least, min(c.whole, PROSE_MIN)) if c.prose else c.least if short_wrap else c.whole for c in columns
        ]
        assert sum(least) > room
        return
    assert sum(widths) <= room
    for column, width in zip(columns, widths, strict=True):
        assert column.least <= width <= column.whole
        if not column.prose and not short_wrap:
            assert width == column.whole  # short cells on one line
    if sum(c.whole for c in columns) <= room:
        assert widths == [c.whole for c in columns]


def test_a_shape_or_arrow_stays_with_its_word() -> None:
    assert words("■ Unsatisfactory") == ["■ Unsatisfactory"]
    assert words("↓ worse") == ["↓ worse"]
    assert words("100.0 ± 3.0 % of budget") == ["100.0", "± 3.0", "% of", "budget"]


def test_a_tolerance_never_leaves_the_figure_after_it() -> None:
    assert wrap("100.0 ± 3.0% of budget", 9) == "100.0\n± 3.0% of\nbudget"
    assert wrap("■ Unsatisfactory", 5) == "■ Unsatisfactory"  # wider than the room: a line to itself, whole


PARTS = ["100.0", "±", "3.0%", "of", "budget", "■", "Unsatisfactory", "↓", "worse", "a"]


@given(st.lists(st.sampled_from(PARTS), max_size=12), st.integers(1, 30))
def test_wrapped_lines_fit_keep_every_word_and_break_only_before_a_sign(parts: list[str], width: int) -> None:
    text = " ".join(parts)
    lines = wrap(text, width).split("\n")
    assert " ".join(lines).split() == text.split()  # nothing lost, nothing added
    for line in lines:
        assert cell_len(line) <= width or len(words(line)) == 1  # only a word wider than the room overflows
        assert line == line.strip()
    for line in lines[:-1]:  # a sign (±, a shape, an arrow) starts the line of the word it belongs to
        assert not re.search(r"(^|\s)[^\w\s]$", line), lines


def test_a_terminal_of_unknown_width_still_shows_the_heading_and_summary(council: Path) -> None:
    """COLUMNS=0 (a terminal that says no width): pmf status and pmf risks print their lines at 80 columns,
    where the summary under the tables (and all of pmf risks) came out as nothing."""
    status = shown(council, ["status"], 0)
    assert status.startswith("Example County Borough Council: 2026-27 H1"), status[:200]
    assert re.search(r"^\d+ measures: ", status, re.MULTILINE), status[-400:]
    assert "open risks" in shown(council, ["risks"], 0)
