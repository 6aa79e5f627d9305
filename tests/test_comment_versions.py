"""A comment's two versions through record, update-activity and review-risk: given, replaced and cleared alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner()
REVIEW = ("review-risk", "RSK-EX-01", "--likelihood", "3", "--impact", "3", "--as-of", "2026-11-26")


def _pmf(*args: str, root: Path) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    return result.exit_code, result.stdout + result.stderr


def _in_two_languages(root: Path) -> None:
    """pmf.yaml as a Welsh council writes it: the organisation's name in English and Welsh."""
    settings = root / "pmf.yaml"
    text = settings.read_text(encoding="utf-8")
    name = 'organisation: "Example County Borough Council"\n'
    assert name in text
    welsh = "organisation:\n  en: Example County Borough Council\n  cy: Cyngor Bwrdeistref Sirol Example\n"
    settings.write_text(text.replace(name, welsh), encoding="utf-8")


@pytest.fixture
def council(initialised_in_november: Path) -> Path:
    """A repository `pmf init` wrote, in two languages, its plan given an activity as a lead writes one."""
    root = initialised_in_november
    _in_two_languages(root)
    plan = root / "plans" / "example" / "plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    example = "    # activities: what the service will do this year, e.g.\n"
    assert example in text
    activity = (
        "    activities:\n      - id: EX-A01\n        title: Weekly drop-in clinics\n"
        "        lead: Head of Service\n        start: 2026-04-01\n        end: 2027-03-31\n"
    )
    plan.write_text(text.replace(example, activity + example), encoding="utf-8")
    return root


def test_review_risk_takes_the_welsh_of_its_comment_as_record_does(council: Path) -> None:
    risk = council / "plans" / "example" / "risks" / "RSK-EX-01.yaml"
    code, said = _pmf(*REVIEW, "--comment", "Prices fell", "--comment-cy", "Prisiau wedi gostwng", root=council)
    assert code == 0, said
    assert "    comment: {en: Prices fell, cy: Prisiau wedi gostwng}\n" in risk.read_text(encoding="utf-8")
    assert _pmf("validate", root=council)[0] == 0
    # reviewed again the same day with new English: that day's review is replaced, its Welsh kept and marked
    code, said = _pmf(*REVIEW, "--comment", "Prices fell further", root=council)
    assert code == 0, said
    assert said == (
        "RSK-EX-01: reviewed on 2026-11-26 (replacing that day's review), residual 9, next review by 2027-05-26; "
        "its Welsh comment, kept, was written for the old words and is marked out_of_date: cy "
        f"(pmf translate export <file> --root {council} lists it)\n"
    )
    text = risk.read_text(encoding="utf-8")
    assert text.count("\n  - date: 2026-11-26\n") == 1
    assert "comment: {en: Prices fell further, cy: Prisiau wedi gostwng, out_of_date: cy}" in text
    code, said = _pmf("validate", "--lang", "cy", root=council)
    assert code == 0 and "reviews[0].comment: its Welsh is out of date" in said, said
    # both given: both written, nothing marked
    code, said = _pmf(*REVIEW, "--comment", "Prices fell", "--comment-cy", "Prisiau wedi gostwng", root=council)
    assert code == 0 and "out_of_date" not in said, said
    assert "    comment: {en: Prices fell, cy: Prisiau wedi gostwng}\n" in risk.read_text(encoding="utf-8")
    # the Welsh alone, on a review of another day: a new review, written in Welsh
    code, said = _pmf(*REVIEW[:-1], "2026-12-01", "--comment-cy", "Yn well", root=council)
    assert code == 0, said
    assert "  - date: 2026-12-01\n    residual: {likelihood: 3, impact: 3}\n    comment: {cy: Yn well}\n" in (
        risk.read_text(encoding="utf-8")
    )
    code, said = _pmf("validate", "--lang", "cy", root=council)
    assert code == 0 and "reviews[1].comment: has no English version yet" in said, said


# Each command, the file it writes, and how the comment it wrote is written there.
COMMANDS = {
    "record": (("record", "EX-01", "2026-27 Q2", "61.5"), "plans/example/measures/EX-01.yaml", "    comment: "),
    "update-activity": (
        ("update-activity", "EX-A01", "--status", "green", "--period", "2026-27 H1", "--as-of", "2026-11-26"),
        "plans/example/plan-2026-27.yaml",
        "            comment: ",
    ),
    "review-risk": (REVIEW, "plans/example/risks/RSK-EX-01.yaml", "    comment: "),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_blank_comment_says_what_it_cleared_in_each_language(council: Path, command: str) -> None:
    args, file, line = COMMANDS[command]
    path = council / file
    both = ("--comment", "Up on Q1", "--comment-cy", "I fyny ar Ch1")
    assert _pmf(*args, *both, root=council)[0] == 0
    assert f"{line}{{en: Up on Q1, cy: I fyny ar Ch1}}\n" in path.read_text(encoding="utf-8")
    # a blank Welsh alone clears the Welsh alone; the English stays and awaits its Welsh again
    code, said = _pmf(*args, "--comment-cy", "", root=council)
    assert code == 0, said
    assert said.endswith(
        "; its Welsh comment was cleared: the English is kept and awaits its Welsh again "
        f"(pmf translate export <file> --root {council} lists it)\n"
    ), said
    text = path.read_text(encoding="utf-8")
    assert f"{line}Up on Q1\n" in text and "I fyny" not in text
    code, said = _pmf("validate", "--lang", "cy", root=council)
    assert code == 0 and "comment: has no Welsh version yet" in said, said
    code, said = _pmf(*args, "--comment-cy", "", root=council)
    assert code == 0 and said.endswith("; there was no Welsh comment to clear\n"), said
    assert path.read_text(encoding="utf-8") == text
    # a blank English withdraws the comment, and says its Welsh went with it
    assert _pmf(*args, *both, root=council)[0] == 0
    code, said = _pmf(*args, "--comment", "", root=council)
    assert code == 0, said
    assert said.endswith("; its comment was cleared, in Welsh as well as in English\n"), said
    text = path.read_text(encoding="utf-8")
    assert f'{line}""\n' in text and "I fyny" not in text and "Up on Q1" not in text
    # a comment written in Welsh alone is cleared by either blank, and says so
    for blank in ("--comment", "--comment-cy"):
        assert _pmf(*args, "--comment-cy", "Da", root=council)[0] == 0
        assert f"{line}{{cy: Da}}\n" in path.read_text(encoding="utf-8")
        code, said = _pmf(*args, blank, "", root=council)
        assert code == 0 and said.endswith("; its comment, written in Welsh alone, was cleared\n"), said
        assert f'{line}""\n' in path.read_text(encoding="utf-8")
    assert _pmf("validate", root=council)[0] == 0


def test_clearing_the_welsh_of_a_demo_comment_keeps_its_english_as_written(demo_council: Path) -> None:
    root = demo_council
    measure = root / "plans" / "waste" / "measures" / "WST-01.yaml"
    before = measure.read_text(encoding="utf-8")
    folded = (
        "comment: >-\n"
        "      Exactly at the midway point between target and tolerance. Food waste participation is\n"
        "      still below 60% in flats and terraced streets; door-knocking in the six lowest rounds\n"
        "      starts in October (activity WST-A12).\n"
    )
    assert f"    {folded}" in before
    args = ("record", "WST-01", "2026-27 Q2", "67.5", "--as-of", "2026-11-26")
    code, said = _pmf(*args, "--comment-cy", "Yn union hanner ffordd", root=root)
    assert code == 0, said
    english = folded.removeprefix("comment: ").replace("\n      ", "\n        ")
    # the Welsh under the English, which keeps its folded lines, one level deeper
    written = f"    comment:\n      en: {english}      cy: Yn union hanner ffordd\n"
    assert measure.read_text(encoding="utf-8") == before.replace(f"    {folded}", written)
    code, said = _pmf(*args, "--comment-cy", "", root=root)
    assert code == 0 and "its Welsh comment was cleared" in said, said
    assert measure.read_text(encoding="utf-8") == before.replace(f"    {folded}", f"    comment:\n      en: {english}")
    assert _pmf("validate", root=root)[0] == 0
    # a figure without a comment is given none by a blank Welsh
    code, said = _pmf("record", "WST-01", "2026-27 Q3", "68", "--comment-cy", "", "--as-of", "2026-11-26", root=root)
    assert code == 0 and said.endswith("; there was no Welsh comment to clear\n"), said
    assert measure.read_text(encoding="utf-8").endswith("  - period: 2026-27 Q3\n    value: 68\n")
