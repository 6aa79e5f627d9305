"""A merge conflict git leaves in a plan file is named as one, at its first line, by every command that
reads the file; through pmf's real entry point, on repositories `pmf init` writes and on the demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmf.yamlio import load_fast
from pmf.yamlscreen import YamlProblem

MEASURE = "plans/example/measures/EX-01.yaml"
TOLD = (
    "a merge conflict is left in this file (lines {}-{}): keep one side's lines and delete the lines "
    "'<<<<<<<', '=======' and '>>>>>>>'"
)


def told(root: Path) -> list[str]:
    """What `pmf validate` says, a line each."""
    return pmf("validate", "--as-of", "2026-11-10", cwd=root).stderr.splitlines()


ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Performance Officer",
    "GIT_AUTHOR_EMAIL": "performance@example.org",
    "GIT_COMMITTER_NAME": "Performance Officer",
    "GIT_COMMITTER_EMAIL": "performance@example.org",
}


def pmf(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = str(Path(sys.executable).parent / "pmf")
    return subprocess.run([exe, *args], capture_output=True, text=True, check=False, cwd=cwd)


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=cwd, env=ENV)


@pytest.fixture
def merged(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """`pmf init --commit`; a service lead and the officer record different Q1 figures on two branches;
    the merge stops at the conflict."""
    root = tmp_path / "council"
    assert pmf("init", str(root), "--commit", "--as-of", "2026-03-02", cwd=tmp_path).returncode == 0
    style = getattr(request, "param", "merge")
    git("config", "merge.conflictStyle", style, cwd=root)
    git("checkout", "-q", "-b", "lead", cwd=root)
    assert pmf("record", "EX-01", "2026-27 Q1", "66.2", "--as-of", "2026-07-10", cwd=root).returncode == 0
    git("commit", "-qam", "Q1 by the service lead", cwd=root)
    git("checkout", "-q", "-", cwd=root)
    assert pmf("record", "EX-01", "2026-27 Q1", "66.4", "--as-of", "2026-07-10", cwd=root).returncode == 0
    git("commit", "-qam", "Q1 by the officer", cwd=root)
    assert "CONFLICT" in git("merge", "lead", cwd=root).stdout
    return root


def _marker_lines(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line[:7] in {"<<<<<<<", "|||||||", "=======", ">>>>>>>"}]


# was: plans/example/measures/EX-01.yaml:30:1: this line has no colon: write it as 'key: value', or indent it
# further to continue the text above
def test_a_merge_conflict_is_named_at_its_first_line(merged: Path) -> None:
    marks = _marker_lines(merged / MEASURE)
    result = pmf("validate", "--as-of", "2026-11-10", cwd=merged)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{MEASURE}:{marks[0]}:1: {TOLD.format(marks[0], marks[-1])}",
        "1 problem in 1 file",
    ]


def test_a_command_that_writes_refuses_the_conflicted_file_and_leaves_it(merged: Path) -> None:
    before = (merged / MEASURE).read_bytes()
    result = pmf("record", "EX-01", "2026-27 Q2", "64.5", "--as-of", "2026-10-10", cwd=merged)
    assert result.returncode == 1
    assert "a merge conflict is left in this file" in result.stderr
    assert (merged / MEASURE).read_bytes() == before


@pytest.mark.parametrize("merged", ["diff3"], indirect=True)
def test_a_conflict_written_with_the_common_lines_names_their_marker_too(merged: Path) -> None:
    marks = _marker_lines(merged / MEASURE)
    assert (
        f"{MEASURE}:{marks[0]}:1: a merge conflict is left in this file (lines {marks[0]}-{marks[-1]}): keep one "
        "side's lines and delete the lines '<<<<<<<', '|||||||', '=======' and '>>>>>>>'"
    ) in told(merged)


def test_a_conflict_half_mended_names_the_markers_left(merged: Path) -> None:
    path = merged / MEASURE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(n for n, line in enumerate(lines) if line.startswith("<<<<<<<"))
    del lines[first : first + 2]  # the marker and the officer's side: '=======', the lead's side, '>>>>>>>' left
    path.write_text("".join(lines), encoding="utf-8")
    assert (
        f"{MEASURE}:{first + 1}:1: a merge conflict is left in this file (lines {first + 1}-{first + 3}): keep one "
        "side's lines and delete the lines '=======' and '>>>>>>>'"
    ) in told(merged)


def test_the_demo_with_two_conflicts_names_the_first_and_counts_the_rest(demo_council: Path) -> None:
    path = next((demo_council / "plans").glob("*/measures/*.yaml"))
    text = path.read_text(encoding="utf-8")
    conflict = "<<<<<<< HEAD\n# ours\n=======\n# theirs\n>>>>>>> lead\n"
    path.write_text(conflict + text + conflict, encoding="utf-8")
    rel = path.relative_to(demo_council).as_posix()
    assert (
        f"{rel}:1:1: a merge conflict is left in this file (lines 1-5; 1 more below): keep one side's lines and "
        "delete the lines '<<<<<<<', '=======' and '>>>>>>>'"
    ) in told(demo_council)


def _described(tmp_path: Path, description: str) -> subprocess.CompletedProcess[str]:
    """`pmf validate` on a council `pmf init` wrote, its measure's description written as ``description``."""
    root = tmp_path / "council"
    assert pmf("init", str(root), "--as-of", "2026-03-02", cwd=tmp_path).returncode == 0
    path = root / MEASURE
    text = path.read_text(encoding="utf-8")
    old = "description: How many enquiries are answered without being passed on, to plan staffing and training.\n"
    assert old in text
    path.write_text(text.replace(old, description), encoding="utf-8")
    return pmf("validate", "--as-of", "2026-11-10", cwd=root)


def test_a_line_of_equals_signs_in_text_is_not_a_conflict(tmp_path: Path) -> None:
    result = _described(tmp_path, "description: |\n  Before\n  =======\n  <<<<<<< not a marker here\n  After\n")
    assert "merge conflict" not in result.stderr
    assert result.returncode == 0, result.stderr


_SIDE = st.lists(st.sampled_from(["    value: 66.4", "  - period: 2026-27 Q1", "# note", "", "title: x"]), max_size=4)


@given(ours=_SIDE, theirs=_SIDE, before=st.integers(0, 5))
def test_any_conflict_is_named_from_its_first_marker_to_its_last(
    ours: list[str], theirs: list[str], before: int
) -> None:
    lines = ["id: EX-01"] * before + ["<<<<<<< HEAD", *ours, "=======", *theirs, ">>>>>>> lead", "title: y"]
    with pytest.raises(YamlProblem) as told:
        load_fast("\n".join(lines))
    start, end = before + 1, before + len(ours) + len(theirs) + 3
    assert (told.value.line, told.value.col) == (start, 1)
    assert told.value.message == TOLD.format(start, end)


RISK = "plans/example/risks/RSK-EX-01.yaml"
TITLE = "title: Loss of the customer contact system"  # the risk pmf init writes


def _site_shows_the_risk(root: Path) -> bool:
    """`pmf site` as of 27 November 2026 (built from the last commit, the files having changed since); whether
    the service's page shows RSK-EX-01."""
    done = pmf("site", "--as-of", "2026-11-27", cwd=root)
    assert done.returncode == 0, done.stderr
    return "RSK-EX-01" in (root / "site/services/example.html").read_text(encoding="utf-8")


def _risk_retitled(root: Path, title: str, *, exempt: bool = False) -> None:
    path = root / RISK
    text = path.read_text(encoding="utf-8")
    assert TITLE in text, text
    text = text.replace(TITLE, f"title: {title}", 1)
    path.write_text(text.replace("# exempt: 14  #", "exempt: 14  #", 1) if exempt else text, encoding="utf-8")


# was: RSK-EX-01 shown on site/services/example.html, exit 0: the conflicted file was passed over
def test_a_risk_made_exempt_on_a_branch_stays_off_the_site_while_its_merge_is_in_conflict(tmp_path: Path) -> None:
    root = tmp_path / "council"
    assert pmf("init", str(root), "--commit", "--as-of", "2026-03-02", cwd=tmp_path).returncode == 0
    git("checkout", "-q", "-b", "lead", cwd=root)
    _risk_retitled(root, "Loss of the depot", exempt=True)
    git("commit", "-qam", "Exempt while the lease is negotiated", cwd=root)
    git("checkout", "-q", "-", cwd=root)
    _risk_retitled(root, "Depot lease ends")
    git("commit", "-qam", "Retitled", cwd=root)
    assert "CONFLICT" in git("merge", "lead", cwd=root).stdout
    text = (root / RISK).read_text(encoding="utf-8")
    assert "<<<<<<<" in text and "\nexempt: 14" in text  # the title in conflict, 'exempt' merged cleanly
    assert not _site_shows_the_risk(root)


def test_a_risk_file_saved_as_utf16_and_exempt_stays_off_the_site(tmp_path: Path) -> None:
    root = tmp_path / "council"
    assert pmf("init", str(root), "--commit", "--as-of", "2026-03-02", cwd=tmp_path).returncode == 0
    assert _site_shows_the_risk(root)
    _risk_retitled(root, "Loss of the depot", exempt=True)
    path = root / RISK
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))  # Notepad's 'Unicode'
    assert not _site_shows_the_risk(root)


def test_a_quoted_value_running_onto_lines_like_markers_is_not_a_conflict(tmp_path: Path) -> None:
    """Valid YAML: a double-quoted text runs on over lines at the left edge, whatever they begin with."""
    quoted = 'description: "Before\n<<<<<<< the arrows the form prints\n>>>>>>> and after them\nthe end"\n'
    result = _described(tmp_path, quoted)
    assert "merge conflict" not in result.stderr
    assert result.returncode == 0, result.stderr
