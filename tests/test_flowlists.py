"""A list written in brackets over several lines, with comments inside: pmf new and pmf record write it out
one entry a line, and every comment stays with the entry it was written beside."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmf import edits
from pmf.cli import app
from pmf.yamlio import load_fast
from pmf.yamlnotes import lost_words

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
DEMO = Path(__file__).parent.parent
TODAY = ("--as-of", "2026-11-26")


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_pmf_new_measure_keeps_the_comments_in_a_list_in_brackets(
    initialised_in_november: Path, write_guidance: Callable[[Path], None]
) -> None:
    """The plan pmf new service wrote, its measures then written by hand in brackets over three lines."""
    root = str(initialised_in_november)
    _run("new", "service", "waste", "--root", root, *TODAY)
    _run("new", "measure", "WS-01", "--service", "waste", "--root", root, *TODAY)
    _run("new", "measure", "WS-02", "--service", "waste", "--root", root, *TODAY)
    plan = initialised_in_november / "plans/waste/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    written = "    performance_measures:\n      - WS-01\n      - WS-02\n"
    assert written in text
    by_hand = (
        "    performance_measures: [WS-01,  # the main one\n      # agreed at Cabinet\n      WS-02]  # to review\n"
    )
    plan.write_text(text.replace(written, by_hand), encoding="utf-8")
    before = plan.read_text(encoding="utf-8")
    _run("new", "measure", "WS-03", "--service", "waste", "--root", root, *TODAY)
    assert plan.read_text(encoding="utf-8") == before.replace(
        by_hand,
        "    performance_measures:\n"
        "      - WS-01  # the main one\n"
        "      # agreed at Cabinet\n"
        "      - WS-02  # to review\n"
        "      - WS-03\n",
    )
    write_guidance(initialised_in_november)
    assert runner.invoke(app, ["validate", "--root", root]).stderr.strip() == "No problems found."


def test_pmf_record_keeps_the_comments_in_figures_in_brackets(initialised_in_november: Path) -> None:
    """A comment beside a figure stays beside it; one after the words of a comment goes on a line of its own
    below, where it cannot be taken for words cut from the comment (pmf validate warns of those)."""
    root = str(initialised_in_november)
    measure = initialised_in_november / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text += (
        "outturns: [{period: 2026-27 Q1, value: 66.2,  # late\n"
        "    comment: Up on Q4},  # checked\n"
        "  # the second quarter\n"
        "  {period: 2026-27 Q2,\n"
        "   value: 67}]  # so far\n"
    )
    measure.write_text(text, encoding="utf-8")
    _run("record", "EX-01", "2026-27 Q3", "68", "--root", root, *TODAY)
    after = measure.read_text(encoding="utf-8")
    assert after[after.index("\noutturns:") :] == (
        "\noutturns:\n"
        "  - period: 2026-27 Q1\n"
        "    value: 66.2  # late\n"
        "    comment: Up on Q4\n"
        "    # checked\n"
        "  # the second quarter\n"
        "  - period: 2026-27 Q2\n"
        "    value: 67  # so far\n"
        "  - period: 2026-27 Q3\n"
        "    value: 68\n"
    )
    assert runner.invoke(app, ["validate", "--root", root]).stderr.strip() == "No problems found."


def test_pmf_new_measure_keeps_the_comments_in_a_demo_plan_written_in_brackets(tmp_path: Path) -> None:
    root = _demo(tmp_path)
    plan = root / "plans/waste/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    written = "    performance_measures:\n      - WST-06\n      - WST-08\n"
    by_hand = "    performance_measures: [\n      WST-06,  # residual waste\n      WST-08  # fly-tipping\n    ]\n"
    plan.write_text(text.replace(written, by_hand, 1), encoding="utf-8")
    outcome = next(
        o["outcome"] for o in load_fast(text)["outcomes"] if o.get("performance_measures") == ["WST-06", "WST-08"]
    )
    _run("new", "measure", "WST-99", "--service", "waste", "--outcome", outcome, "--root", str(root), *TODAY)
    after = plan.read_text(encoding="utf-8")
    assert (
        "    performance_measures:\n      - WST-06  # residual waste\n      - WST-08  # fly-tipping\n      - WST-99\n"
        in after
    )
    assert after.replace("      - WST-99\n", "", 1) == text.replace(
        written, "    performance_measures:\n      - WST-06  # residual waste\n      - WST-08  # fly-tipping\n", 1
    )


def _demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO / "plans", root / "plans")
    shutil.copy(DEMO / "pmf.yaml", root / "pmf.yaml")
    return root


def test_pmf_record_keeps_a_clean_comment_in_two_languages_clean(tmp_path: Path) -> None:
    """A note after the '}' of a figure whose comment is in two languages goes below the Welsh, not beside
    it, where pmf validate would take it for words the Welsh lost."""
    root = _demo(tmp_path)
    measure = root / "plans/waste/measures/WST-06.yaml"
    text = measure.read_text(encoding="utf-8")
    text = text[: text.index("outturns:")] + (
        "outturns: [{period: 2024-04, value: 61, comment: {en: Late, cy: Hwyr}},  # supplier strike week\n"
        "  {period: 2024-05, value: 59}\n"
        "]\n"
    )
    measure.write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["validate", "--root", str(root)]).stderr.strip() == "No problems found."
    _run("record", "WST-06", "2024-06", "66", "--root", str(root), *TODAY)
    after = measure.read_text(encoding="utf-8")
    assert after[after.index("outturns:") :] == (
        "outturns:\n"
        "  - period: 2024-04\n"
        "    value: 61\n"
        "    comment:\n"
        "      en: Late\n"
        "      cy: Hwyr\n"
        "      # supplier strike week\n"
        "  - period: 2024-05\n"
        "    value: 59\n"
        "  - period: 2024-06\n"
        "    value: 66\n"
    )
    assert runner.invoke(app, ["validate", "--root", str(root)]).stderr.strip() == "No problems found."


def test_pmf_import_leaves_the_comment_after_the_last_figure_beside_it(
    initialised_in_november: Path, tmp_path: Path
) -> None:
    """A note after the '}' of the last figure stays with that figure: a quoted comment keeps it beside it,
    and the new figure goes after it."""
    root = str(initialised_in_november)
    measure = initialised_in_november / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8") + (
        "outturns: [{period: 2026-27 Q1, value: 66},\n"
        "  {period: 2026-27 Q2, value: 67, comment: 'Staff #2 off'}  # Q2\n"
        "]\n"
    )
    measure.write_text(text, encoding="utf-8")
    figures = tmp_path / "q3.csv"
    figures.write_text("measure,period,value\nEX-01,2026-27 Q3,68\n", encoding="utf-8")
    _run("import", str(figures), "--root", root, *TODAY)
    after = measure.read_text(encoding="utf-8")
    assert after[after.index("\noutturns:") :] == (
        "\noutturns:\n"
        "  - period: 2026-27 Q1\n"
        "    value: 66\n"
        "  - period: 2026-27 Q2\n"
        "    value: 67\n"
        "    comment: 'Staff #2 off'  # Q2\n"
        "  - period: 2026-27 Q3\n"
        "    value: 68\n"
    )
    assert runner.invoke(app, ["validate", "--root", root]).stderr.strip() == "No problems found."


def test_words_a_note_took_from_a_comment_in_brackets_are_still_warned_of_after_pmf_record(
    initialised_in_november: Path,
) -> None:
    """'comment: Figures late # supplier strike' lost its last words: they stay beside the comment, so the
    warning stays until the service lead quotes it, rather than becoming a note of its own in silence."""
    root = str(initialised_in_november)
    measure = initialised_in_november / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8") + (
        "outturns: [{period: 2026-27 Q1, value: 66, comment: Figures late # supplier strike\n  }]\n"
    )
    measure.write_text(text, encoding="utf-8")
    warning = "the words after ' #' (supplier strike) are a YAML note, not part of the comment"
    assert warning in runner.invoke(app, ["validate", "--root", root]).stderr
    _run("record", "EX-01", "2026-27 Q2", "67", "--root", root, *TODAY)
    after = measure.read_text(encoding="utf-8")
    assert "    comment: Figures late  # supplier strike\n  - period: 2026-27 Q2\n" in after
    assert warning in runner.invoke(app, ["validate", "--root", root]).stderr


def test_a_note_after_evidence_in_brackets_goes_below_its_text() -> None:
    """The text of a citation, and a citation written as text, are checked for words after ' #' as a
    comment is: a note after them goes on a line of its own below."""
    text = "evidence: [Budget reports,  # Q1\n  {source: x, text: Minutes}]  # Q2\n"
    after = edits.add_values(text, [], "evidence", ["New"])
    assert after == ("evidence:\n  - Budget reports\n    # Q1\n  - source: x\n    text: Minutes\n    # Q2\n  - New\n")
    assert lost_words(after) == []


_ID = st.from_regex(r"[A-Z]{2,4}-[0-9]{2}", fullmatch=True)
_NOTE = st.from_regex(r"[A-Za-z0-9 ,.'()-]{0,20}", fullmatch=True).map(lambda words: f"# {words}".rstrip())


@settings(max_examples=150, deadline=None)
@given(
    entries=st.lists(st.tuples(_ID, st.one_of(st.none(), _NOTE), st.one_of(st.none(), _NOTE)), min_size=1, max_size=6),
    closing=st.one_of(st.none(), _NOTE),
    new=_ID,
)
def test_every_comment_in_a_list_in_brackets_is_kept_where_it_was(
    entries: list[tuple[str, str | None, str | None]], closing: str | None, new: str
) -> None:
    """Ids in brackets over lines, each with a comment beside it or on a line of its own above it, or none:
    adding an id keeps every comment, in order, beside the id it was beside."""
    lines = []
    for i, (ident, beside, above) in enumerate(entries):
        comma = "," if i < len(entries) - 1 else "]"
        lines += [f"    {above}"] if above else []
        lines.append(f"    {ident}{comma}" + (f"  {beside}" if beside else ""))
    if closing and not entries[-1][1]:  # after the closing bracket: it goes with the last id
        lines[-1] += f"  {closing}"
        entries[-1] = (entries[-1][0], closing, entries[-1][2])
    text = "id: X\nmeasures: [\n" + "\n".join(lines) + "\nother: 1\n"
    after = edits.add_values(text, [], "measures", [new])
    assert load_fast(after) == {"id": "X", "measures": [e[0] for e in entries] + [new], "other": 1}
    assert re.findall(r"#[^\n]*", after) == re.findall(r"#[^\n]*", text)
    for ident, beside, above in entries:
        if beside:
            assert f"  - {ident}  {beside}\n" in after
        if above:
            assert f"\n  {above}\n  - {ident}" in after


def test_pmf_record_keeps_a_comment_inside_empty_brackets(initialised_in_november: Path) -> None:
    """The first comment inside empty brackets stays on the key's line; the others, and one after the
    closing bracket, each on a line of its own before the first figure."""
    root = str(initialised_in_november)
    measure = initialised_in_november / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    end = "outturns: [  # none yet\n    # the first due in July\n  ]  # checked in August\n"
    measure.write_text(text + end, encoding="utf-8")
    _run("record", "EX-01", "2026-27 Q1", "66.2", "--root", root, *TODAY)
    assert measure.read_text(encoding="utf-8") == text + (
        "outturns:  # none yet\n"
        "  # the first due in July\n"
        "  # checked in August\n"
        "  - period: 2026-27 Q1\n"
        "    value: 66.2\n"
    )
    assert runner.invoke(app, ["validate", "--root", root]).stderr.strip() == "No problems found."


def test_a_target_set_under_an_empty_key_stays_where_the_key_stands() -> None:
    text = "id: X\nthresholds:  # per financial year\noutturns: []\n"
    after = edits.set_mapping_entry(text, "thresholds", "2026-27", {"target": "5", "tolerance": "6"})
    assert after == "id: X\nthresholds:  # per financial year\n  2026-27: {target: 5, tolerance: 6}\noutturns: []\n"


_WORDS = st.from_regex(r"[A-Za-z][A-Za-z .]{0,12}[a-z]", fullmatch=True)
_COMMENT = st.one_of(
    st.none(),
    _WORDS,  # plain: a note beside it would be taken for words it lost
    _WORDS.map(lambda words: f"'{words} #2'"),  # quoted: a note beside it is a note
    st.tuples(_WORDS, _WORDS).map(lambda w: f"{{en: {w[0]}, cy: {w[1]}}}"),  # in two languages
)


@settings(max_examples=150, deadline=None)
@given(
    entries=st.lists(
        st.tuples(_COMMENT, st.one_of(st.none(), _NOTE), st.one_of(st.none(), _NOTE)), min_size=1, max_size=5
    ),
    closing_below=st.booleans(),
)
def test_every_comment_after_a_figure_in_brackets_stays_with_it(
    entries: list[tuple[str | None, str | None, str | None]], closing_below: bool
) -> None:
    """Figures in brackets, some with a comment (plain, quoted, in two languages), each with a note after
    its '}' or on a line of its own above it, or none: adding a figure keeps every note, in order, before
    the new figure, and warns of no words lost where none were."""
    lines = []
    for i, (comment, beside, above) in enumerate(entries):
        lines += [f"  {above}"] if above else []
        fields = f"period: P{i}, value: {i}" + (f", comment: {comment}" if comment else "")
        last = i == len(entries) - 1
        end = "}" if last and closing_below else "}]" if last else "},"
        lines.append(f"  {{{fields}{end}" + (f"  {beside}" if beside else ""))
    text = "id: X\noutturns: [\n" + "\n".join(lines) + ("\n]\n" if closing_below else "\n") + "other: 1\n"
    after, matched = edits.edit_list(
        text, [], "outturns", lambda item: False, [("period", "NEW"), ("value", edits.Raw("9"))]
    )
    assert not matched
    loaded = load_fast(after)
    assert [o["period"] for o in loaded["outturns"]] == [f"P{i}" for i in range(len(entries))] + ["NEW"]
    assert loaded == {**load_fast(text), "outturns": [*load_fast(text)["outturns"], {"period": "NEW", "value": 9}]}
    assert re.findall(r"(?<!')#[^\n']*", after) == re.findall(r"(?<!')#[^\n']*", text)
    assert "#" not in after[after.index("period: NEW") :]  # every note stays before the new figure
    assert lost_words(after) == lost_words(text) == []
