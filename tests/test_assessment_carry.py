"""The draft `pmf new assessment` writes carries the last assessment's actions however that file writes them:
a list in brackets comes forward one item a line, a comment on its own line above an item comes with it, and
a file with Windows line ends gives a draft with Windows line ends throughout."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pmf.cli import app
from pmf.yamlio import load_fast

runner = CliRunner()
MID_YEAR = "assessments/2026-27-mid-year.yaml"
YEAR_END = "assessments/2026-27-year-end.yaml"
IN_BRACKETS = """improvement_actions: [{id: IA-2627-01, title: Re-tender home care, lead: Head of Adult Social Care,
    due: 2027-01-31, status: on track},  # the first
  {id: IA-2627-02, title: Joint screening, lead: Head of Children's Services, due: 2026-12-31, status: complete},
  {id: IA-2627-03, title: Sickness absence, lead: Head of People and Performance, due: 2027-03-31,
    status: experiencing issues}]
"""


def _year_end(root: Path) -> str:
    """The year-end draft pmf writes, once `pmf validate` has found it whole (warnings only)."""
    result = runner.invoke(app, ["new", "assessment", "2026-27-year-end", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    checked = runner.invoke(app, ["validate", "--root", str(root)])
    assert checked.exit_code == 0, checked.stderr
    return (root / YEAR_END).read_bytes().decode("utf-8")


def _actions(mid_year: Path, written: str) -> None:
    text = mid_year.read_text(encoding="utf-8")
    start, end = text.index("improvement_actions:"), text.index("\nengagement:") + 1
    mid_year.write_text(text[:start] + written + text[end:], encoding="utf-8")


def test_actions_listed_in_brackets_come_forward_one_item_a_line(whole_demo: Path) -> None:
    _actions(whole_demo / MID_YEAR, IN_BRACKETS)
    draft = _year_end(whole_demo)
    assert draft.count("improvement_actions:") == 1
    actions = load_fast(draft)["improvement_actions"]
    assert [a["id"] for a in actions] == ["IA-2627-01", "IA-2627-03"]
    assert actions[1]["status"] == "To write: its progress since the 2026-27 mid-year, when it was experiencing issues"
    assert (
        "    status: 'To write: its progress since the 2026-27 mid-year, when it was on track'  # the first\n" in draft
    )


def test_a_comment_above_an_action_comes_forward_with_it(whole_demo: Path) -> None:
    mid_year = whole_demo / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    mid_year.write_text(
        text.replace("  - id: IA-2627-02\n", "  # agreed with the police in July\n  - id: IA-2627-02\n")
    )
    draft = _year_end(whole_demo)
    assert "    governance_area: procurement\n  # agreed with the police in July\n  - id: IA-2627-02\n" in draft


def test_a_last_assessment_with_windows_line_ends_gives_a_draft_with_windows_line_ends(whole_demo: Path) -> None:
    mid_year = whole_demo / MID_YEAR
    mid_year.write_bytes(mid_year.read_bytes().replace(b"\n", b"\r\n"))
    draft = _year_end(whole_demo)
    assert draft.count("\n") > 100 and draft.count("\n") == draft.count("\r\n")
    assert "    status: 'To write: its progress since the 2026-27 mid-year, when it was on track'\r\n" in draft


def test_actions_in_brackets_in_a_draft_pmf_wrote_come_forward(initialised: Path) -> None:
    """A repository `pmf init` wrote: its mid-year draft, the actions then written in brackets by its officer."""
    assert runner.invoke(app, ["new", "assessment", "2026-27-mid-year", "--root", str(initialised)]).exit_code == 0
    mid_year = initialised / MID_YEAR
    text = mid_year.read_text(encoding="utf-8")
    at = text.index("# improvement_actions:")
    mid_year.write_text(text[:at] + IN_BRACKETS + text[at:], encoding="utf-8")
    result = runner.invoke(app, ["new", "assessment", "2026-27-year-end", "--root", str(initialised)])
    assert result.exit_code == 0, result.stderr
    draft = (initialised / YEAR_END).read_text(encoding="utf-8")
    assert draft.count("\nimprovement_actions:") == 1
    assert [a["id"] for a in load_fast(draft)["improvement_actions"]] == ["IA-2627-01", "IA-2627-03"]
