"""pmf review-risk on a day that already holds a review: the last review alone is replaced, its comment kept
with the score it was written for, and the next review date left as the council set it when the score stands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf.cli import app

runner = CliRunner()
DEMO = Path(__file__).resolve().parent.parent
SERVICE = "  - date: 2026-10-20\n    residual: {likelihood: 3, impact: 4}\n    comment: No change. The mid-year rate is 67.5%.\n"
PANEL = (
    "  - date: 2026-10-20\n    residual: {likelihood: 3, impact: 4}\n    comment: Corporate panel agreed the score.\n"
)


def _pmf(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def two_reviews(tmp_path: Path) -> Path:
    """A copy of the demo whose RSK-WST-01 holds two reviews of 2026-10-20, the service's then the panel's, as an
    older pmf wrote them."""
    root = tmp_path / "council"
    for name in ("plans", "assessments", "regulators", "panel"):
        shutil.copytree(DEMO / name, root / name)
    shutil.copy(DEMO / "pmf.yaml", root / "pmf.yaml")
    risk = root / "plans" / "waste" / "risks" / "RSK-WST-01.yaml"
    text = risk.read_text(encoding="utf-8")
    assert SERVICE in text and "review_date: 2027-04-30\n" in text
    risk.write_text(text.replace(SERVICE, SERVICE + PANEL), encoding="utf-8")
    assert _pmf(root, "validate")[0] == 0
    return risk


def test_a_second_review_of_the_day_replaces_the_last_and_leaves_the_first(two_reviews: Path) -> None:
    root = two_reviews.parents[3]
    code, said = _pmf(root, "review-risk", "RSK-WST-01", "--likelihood", "2", "--impact", "4",
                      "--comment", "Panel lowered the likelihood", "--as-of", "2026-10-20")  # fmt: skip
    assert code == 0, said
    text = two_reviews.read_text(encoding="utf-8")
    new = "  - date: 2026-10-20\n    residual: {likelihood: 2, impact: 4}\n    comment: Panel lowered the likelihood\n"
    assert SERVICE + new in text, text
    assert "review_date: 2027-04-20\n" in text and "\nresidual: {likelihood: 2, impact: 4}\n" in text


def test_a_new_score_without_a_comment_does_not_keep_the_comment_of_the_old(two_reviews: Path) -> None:
    root = two_reviews.parents[3]
    code, said = _pmf(root, "review-risk", "RSK-WST-01", "--likelihood", "2", "--impact", "4", "--as-of", "2026-10-20")
    assert code == 0, said
    assert said == (
        "RSK-WST-01: reviewed on 2026-10-20 (replacing that day's review), residual 8, next review by 2027-04-20; "
        "its comment, written for residual 12, was not kept beside the new score: give --comment to explain it; "
        "it has reached its target score (8): close it (status: closed) if it needs no more managing, or set a "
        "lower target\n"
    )
    text = two_reviews.read_text(encoding="utf-8")
    assert text.endswith(
        SERVICE + "  - date: 2026-10-20\n    residual: {likelihood: 2, impact: 4}\nstatus: open\nissue: false\n"
    )
    assert _pmf(root, "validate")[0] == 0


def test_the_welsh_alone_added_to_the_days_review_keeps_its_score_and_review_date(two_reviews: Path) -> None:
    root = two_reviews.parents[3]
    before = two_reviews.read_text(encoding="utf-8")
    code, said = _pmf(root, "review-risk", "RSK-WST-01", "--comment-cy", "Cytunodd y panel", "--as-of", "2026-10-20")
    assert code == 0, said
    assert said == (
        "RSK-WST-01: reviewed on 2026-10-20 (replacing that day's review), residual 12, "
        "next review by 2027-04-30 (kept: the score is unchanged)\n"
    )
    after = two_reviews.read_text(encoding="utf-8")
    welsh = "    comment: {en: Corporate panel agreed the score., cy: Cytunodd y panel}\n"
    assert after == before.replace("    comment: Corporate panel agreed the score.\n", welsh)
    # the same again, and with --dry-run: nothing to change, and it says so
    for extra in ((), ("--dry-run",)):
        code, said = _pmf(root, "review-risk", "RSK-WST-01", "--comment-cy", "Cytunodd y panel",
                          "--as-of", "2026-10-20", *extra)  # fmt: skip
        assert (code, said) == (0, "RSK-WST-01: unchanged: the review on 2026-10-20 already holds residual 12\n")
    assert two_reviews.read_text(encoding="utf-8") == after
    # the score is left out only to correct a day's review
    code, said = _pmf(root, "review-risk", "RSK-WST-01", "--comment", "Steady", "--as-of", "2026-11-20")
    assert code == 2 and "give --likelihood and --impact: there is no review on 2026-11-20" in said, said


def test_clearing_the_welsh_of_a_comment_whose_english_is_out_of_date_clears_it(initialised_in_november: Path) -> None:
    root = initialised_in_november
    risk = root / "plans" / "example" / "risks" / "RSK-EX-01.yaml"
    review = ("review-risk", "RSK-EX-01", "--as-of", "2026-11-26")
    assert _pmf(root, *review, "--likelihood", "3", "--impact", "3", "--comment", "Steady")[0] == 0
    assert _pmf(root, *review, "--comment-cy", "Cyson")[0] == 0
    assert _pmf(root, *review, "--comment-cy", "Cyson iawn, newydd")[0] == 0
    assert '    comment: {en: Steady, cy: "Cyson iawn, newydd", out_of_date: en}\n' in risk.read_text(encoding="utf-8")
    code, said = _pmf(root, *review, "--comment-cy", "")
    assert code == 0, said
    assert said.endswith(
        "; its comment was cleared: its English, marked out_of_date: en, was not kept without its Welsh\n"
    ), said
    assert risk.read_text(encoding="utf-8").endswith('    comment: ""\n')


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_the_welsh_of_an_english_block_with_a_blank_line_writes_no_trailing_spaces(
    initialised_in_november: Path, line_end: str
) -> None:
    root = initialised_in_november
    risk = root / "plans" / "example" / "risks" / "RSK-EX-01.yaml"
    review = "  - date: 2026-11-26\n    residual: {likelihood: 3, impact: 3}\n    comment: |-\n"
    paragraphs = "      Controls in place.\n\n      No change in the score.\n"
    whole = risk.read_text(encoding="utf-8") + "reviews:\n" + review + paragraphs
    risk.write_bytes(whole.replace("\n", line_end).encode("utf-8"))
    code, said = _pmf(root, "review-risk", "RSK-EX-01", "--comment-cy", "Dim newid", "--as-of", "2026-11-26")
    assert code == 0, said
    text = risk.read_bytes().decode("utf-8")
    wanted = "    comment:\n      en: |-\n        Controls in place.\n\n        No change in the score.\n      cy: Dim newid\n"
    assert text.endswith(wanted.replace("\n", line_end)), text
    assert not [line for line in text.split(line_end) if line != line.rstrip()]
    assert _pmf(root, "validate") == (0, "No problems found.\n")


def test_a_review_reads_the_risk_file_once_to_edit_it_and_once_to_set_the_score(
    two_reviews: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last review of the day is found and replaced from the one reading the edit makes of the file; the
    edited text is read once more, for the risk's residual and next review date."""
    from pmf import edits, nodes, risk_review

    composed: list[str] = []

    def counted(text: str) -> nodes.MappingNode:
        composed.append(text)
        return nodes.compose(text)

    monkeypatch.setattr(edits, "compose", counted)
    monkeypatch.setattr(risk_review, "compose", counted)
    root = two_reviews.parents[3]
    code, said = _pmf(root, "review-risk", "RSK-WST-01", "--likelihood", "2", "--impact", "4",
                      "--comment", "Panel lowered the likelihood", "--as-of", "2026-10-20")  # fmt: skip
    assert code == 0, said
    assert len(composed) == 2
    new = "  - date: 2026-10-20\n    residual: {likelihood: 2, impact: 4}\n    comment: Panel lowered the likelihood\n"
    assert SERVICE + new in two_reviews.read_text(encoding="utf-8")


BELOW_TARGET = (
    "plans/example/risks/RSK-EX-01.yaml:10:9: warning: target: the target score ({target}) is above the residual "
    "score ({residual}) the last review recorded: the risk is already below its target, so the target no longer says "
    "where the actions should bring it: set a target at or below {residual}, or close the risk (status: closed) if "
    "it needs no more managing"
)
REACHED = "; it has reached its target score (6): close it (status: closed) if it needs no more managing, or set a lower target"


# was: target: the target score (6) is worse than the residual score (2): the target is where the controls and
# actions should bring the risk (the change would leave this; nothing was written)
@pytest.mark.parametrize(
    ("likelihood", "impact", "said"),
    [
        ("1", "2", f"residual 2, next review by 2027-04-20{REACHED}"),
        ("2", "3", f"residual 6, next review by 2027-04-20{REACHED}"),
        ("3", "3", "residual 9, next review by 2027-04-20"),
    ],
)
def test_a_review_at_or_below_the_target_is_written_and_said_to_have_reached_it(
    initialised_in_november: Path, likelihood: str, impact: str, said: str
) -> None:
    root = initialised_in_november
    code, out = _pmf(
        root, "review-risk", "RSK-EX-01", "--likelihood", likelihood, "--impact", impact,
        "--comment", "New contract signed.", "--as-of", "2026-10-20",
    )  # fmt: skip
    assert code == 0, out
    assert out.splitlines()[-1] == f"RSK-EX-01: reviewed on 2026-10-20, {said}"
    text = (root / "plans/example/risks/RSK-EX-01.yaml").read_text(encoding="utf-8")
    assert f"residual: {{likelihood: {likelihood}, impact: {impact}}}  # with the controls in place today" in text
    below = int(likelihood) * int(impact) < 6  # below its target, the target no longer says where to bring it
    assert _pmf(root, "validate", "--as-of", "2026-11-10") == (
        0,
        f"{BELOW_TARGET.format(target=6, residual=2)}\n1 warning in 1 file\n" if below else "No problems found.\n",
    )


def test_a_closed_risk_reviewed_below_its_target_is_not_told_to_close(initialised_in_november: Path) -> None:
    path = initialised_in_november / "plans/example/risks/RSK-EX-01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: open", "status: closed"), encoding="utf-8")
    code, out = _pmf(
        initialised_in_november, "review-risk", "RSK-EX-01", "--likelihood", "1", "--impact", "2",
        "--comment", "Closed; the last check.", "--as-of", "2026-10-20",
    )  # fmt: skip
    assert code == 0 and "reached" not in out, out


def test_a_residual_lowered_below_the_target_by_hand_is_still_refused(initialised_in_november: Path) -> None:
    path = initialised_in_november / "plans/example/risks/RSK-EX-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("residual: {likelihood: 3, impact: 3}", "residual: {likelihood: 1, impact: 2}"))
    code, out = _pmf(initialised_in_november, "validate", "--as-of", "2026-11-10")
    assert code == 1
    assert out.splitlines()[0] == (
        "plans/example/risks/RSK-EX-01.yaml:10:9: target: the target score (6) is worse than the residual score (2): "
        "the target is where the controls and actions should bring the risk, at or below today's score: lower the "
        "target, or record the review that brought the risk down with pmf review-risk"
    )


def test_a_risk_held_at_its_target_by_later_reviews_stays_valid_and_is_said_to_reach_it_once(
    initialised_in_november: Path,
) -> None:
    """The review that brings the risk from above its target to it says so; those that hold it there do not."""
    root = initialised_in_november
    for day, score in (("2026-10-20", "2"), ("2027-01-20", "2"), ("2027-04-20", "1")):
        code, out = _pmf(
            root, "review-risk", "RSK-EX-01", "--likelihood", "1", "--impact", score,
            "--comment", "Held at the new contract's level.", "--as-of", day,
        )  # fmt: skip
        assert code == 0, out
        assert out.rstrip().endswith(REACHED) == (day == "2026-10-20"), out
    code, out = _pmf(root, "validate", "--as-of", "2027-04-20")  # valid; below its target, which is said
    assert (code, out) == (0, f"{BELOW_TARGET.format(target=6, residual=1)}\n1 warning in 1 file\n")


def test_a_target_raised_by_hand_above_a_reviewed_residual_is_warned_of_at_its_line(
    initialised_in_november: Path,
) -> None:
    """A review brings the risk to its target (6); the target then typed higher (9) is said at the target's line,
    with what to do, where it was taken silently; held at its target, the risk is valid with nothing said."""
    root = initialised_in_november
    code, out = _pmf(
        root, "review-risk", "RSK-EX-01", "--likelihood", "2", "--impact", "3",
        "--comment", "New contract signed.", "--as-of", "2026-10-20",
    )  # fmt: skip
    assert code == 0 and out.rstrip().endswith(REACHED), out
    assert _pmf(root, "validate", "--as-of", "2026-11-10") == (0, "No problems found.\n")
    path = root / "plans/example/risks/RSK-EX-01.yaml"
    text = path.read_text(encoding="utf-8")
    assert "target: {likelihood: 2, impact: 3}" in text
    path.write_text(text.replace("target: {likelihood: 2, impact: 3}", "target: {likelihood: 3, impact: 3}"))
    code, out = _pmf(root, "validate", "--as-of", "2026-11-10")
    assert (code, out) == (0, f"{BELOW_TARGET.format(target=9, residual=6)}\n1 warning in 1 file\n")


ONE_LINE = "reviews: [{date: 2026-11-26, residual: {likelihood: 3, impact: 3}, comment: Controls in place}]\n"
FLOW_ITEM = "reviews:\n  - {date: 2026-11-26, residual: {likelihood: 3, impact: 3}, comment: Controls in place}\n"


@pytest.mark.parametrize(
    ("written", "rescored"),
    [
        (ONE_LINE, "reviews:\n  - date: 2026-11-26\n    residual: {likelihood: 2, impact: 3}\n"),
        (FLOW_ITEM, "reviews:\n  - {date: 2026-11-26, residual: {likelihood: 2, impact: 3}}\n"),
    ],
    ids=["list-on-one-line", "review-on-one-line"],
)
def test_the_days_review_written_on_one_line_takes_a_new_score(
    initialised_in_november: Path, written: str, rescored: str
) -> None:
    """A review written in { } (or the whole list in [ ]) is rescored where it stands, its comment, written for the
    old score, left out, where pmf refused it for a mapping 'over several lines' or blamed the file for text it
    wrote."""
    root = initialised_in_november
    risk = root / "plans" / "example" / "risks" / "RSK-EX-01.yaml"
    risk.write_text(risk.read_text(encoding="utf-8") + written, encoding="utf-8")
    assert _pmf(root, "validate")[0] == 0
    code, said = _pmf(root, "review-risk", "RSK-EX-01", "--likelihood", "2", "--as-of", "2026-11-26")
    assert code == 0, said
    assert said.startswith(
        "RSK-EX-01: reviewed on 2026-11-26 (replacing that day's review), residual 6, next review by 2027-05-26; its "
        "comment, written for residual 9, was not kept beside the new score"
    )
    assert risk.read_text(encoding="utf-8").endswith(rescored)
    assert _pmf(root, "validate")[0] == 0


def test_a_block_score_with_a_comment_among_its_lines_is_refused_and_nothing_is_written(
    initialised_in_november: Path,
) -> None:
    root = initialised_in_november
    risk = root / "plans" / "example" / "risks" / "RSK-EX-01.yaml"
    risk.write_text(
        risk.read_text(encoding="utf-8")
        + "reviews:\n  - date: 2026-11-26\n    residual:\n      likelihood: 3  # agreed at panel\n      impact: 3\n",
        encoding="utf-8",
    )
    before = risk.read_bytes()
    code, said = _pmf(root, "review-risk", "RSK-EX-01", "--likelihood", "2", "--impact", "3", "--as-of", "2026-11-26")
    assert code != 0
    assert "'residual' is written over several lines with a comment among them, which its new value would lose" in said
    assert risk.read_bytes() == before


def _with_reviews(root: Path, reviews: str) -> Path:
    """RSK-EX-01 of ``root`` with ``reviews`` written at its end; its path."""
    risk = root / "plans" / "example" / "risks" / "RSK-EX-01.yaml"
    risk.write_text(risk.read_text(encoding="utf-8") + reviews, encoding="utf-8")
    return risk


def test_a_review_with_a_key_written_twice_is_refused_and_nothing_is_written(initialised_in_november: Path) -> None:
    """pmf validate reads past a key written twice; pmf review-risk must not rescore such a file, which left the
    second comment beside the new score."""
    root = initialised_in_november
    risk = _with_reviews(
        root,
        "reviews:\n  - date: 2026-11-26\n    residual: {likelihood: 3, impact: 3}\n"
        + "    comment: Controls in place\n    comment: Awaiting audit\n",
    )
    before = risk.read_bytes()
    line = before.decode().splitlines().index("    comment: Awaiting audit") + 1
    code, said = _pmf(root, "review-risk", "RSK-EX-01", "--likelihood", "2", "--as-of", "2026-11-26")
    assert (code, said) == (
        1,
        f"plans/example/risks/RSK-EX-01.yaml:{line}:5: duplicate key 'comment': each key may appear once "
        f"(pmf reads the first, on line {line - 1}) (nothing was written)\n1 problem in 1 file\n",
    )
    assert risk.read_bytes() == before


def test_taking_off_a_comment_in_braces_keeps_a_yaml_comment_among_its_entries(initialised_in_november: Path) -> None:
    """The review's comment, written for the old score, is taken off without a YAML comment beside it."""
    root = initialised_in_november
    risk = _with_reviews(
        root,
        "reviews:\n  - {date: 2026-11-26, comment: Controls in place,  # at panel\n"
        + "     residual: {likelihood: 3, impact: 3}}\n",
    )
    code, said = _pmf(root, "review-risk", "RSK-EX-01", "--likelihood", "2", "--as-of", "2026-11-26")
    assert code == 0, said
    assert risk.read_text(encoding="utf-8").endswith(
        "reviews:\n  - {date: 2026-11-26,  # at panel\n     residual: {likelihood: 2, impact: 3}}\n"
    )
    assert _pmf(root, "validate")[0] == 0


def test_a_comment_in_braces_that_cannot_be_taken_off_without_a_yaml_comment_is_refused(
    initialised_in_november: Path,
) -> None:
    root = initialised_in_november
    risk = _with_reviews(
        root,
        "reviews:\n  - {date: 2026-11-26, residual: {likelihood: 3, impact: 3},  # at panel\n"
        + "     comment: Controls in place}\n",
    )
    before = risk.read_bytes()
    line = len(before.decode().splitlines())
    code, said = _pmf(root, "review-risk", "RSK-EX-01", "--likelihood", "2", "--as-of", "2026-11-26")
    assert (code, said) == (
        1,
        f"plans/example/risks/RSK-EX-01.yaml:{line}:1: 'comment' is written in {{ }} beside a comment, which taking "
        "it off would lose: move the comment to a line of its own, then run the command again\n1 problem in 1 file\n",
    )
    assert risk.read_bytes() == before
