"""Words after ' #' in a prose field are a YAML note: pmf validate warns where they were lost."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmf import nodes
from pmf.cli import app
from pmf.loader import check_portfolio
from pmf.yamlnotes import lost_words

runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
DEMO = Path(__file__).parent.parent


@pytest.fixture
def council(initialised_in_november: Path) -> Path:
    return initialised_in_november


def test_a_comment_cut_by_a_note_is_a_warning_at_the_hash(council: Path) -> None:
    """A service lead writes the outturn by hand, as the file's own example shows, with a '#' in the comment."""
    measure = council / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text += "outturns:\n  - period: 2026-27 Q2\n    value: 66.2\n    comment: Figures late # supplier strike\n"
    measure.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert result.exit_code == 0  # a warning, not an error
    assert result.stderr.splitlines() == [
        f"plans/example/measures/EX-01.yaml:{line}:27: warning: outturns[0].comment: the words after ' #' "
        "(supplier strike) are a YAML note, not part of the comment: put the whole comment in quotes to keep them",
        "1 warning in 1 file",
    ]
    measure.write_text(text.replace("Figures late # supplier strike", '"Figures late # supplier strike"'))
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stdout, result.stderr.strip()) == (0, "", "No problems found.")


def test_pmf_init_notes_after_titles_are_left_alone(council: Path) -> None:
    """pmf init writes '  # ...' after title, owner and the rest: those are notes, and no warning."""
    assert " # " in (council / "plans/example/risks/RSK-EX-01.yaml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")


def test_pmf_record_keeps_a_hash_in_a_comment(council: Path, tmp_path: Path) -> None:
    said = "Figures late # supplier strike"
    args = ["record", "EX-01", "2026-27 Q2", "66.2", "--comment", said, "--root", str(council), "--as-of", "2026-11-26"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert f'comment: "{said}"' in (council / "plans/example/measures/EX-01.yaml").read_text(encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")
    out = tmp_path / "export"
    args = ["export", "--format", "json", "--out", str(out), "--root", str(council), "--as-of", "2026-11-26"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    exported = json.loads((out / "pmf-export.json").read_text(encoding="utf-8"))
    assert [o["comment"] for o in exported["outturns"]] == [said]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("comment: Late # strike\n", [(1, 15, ("comment",), "strike")], id="plain"),
        pytest.param("comment: 'Late # strike'  # ours\n", [], id="single-quoted: the note is meant"),
        pytest.param('comment: "Late # strike"\n', [], id="double-quoted"),
        pytest.param("comment: C# training #1\n", [(1, 22, ("comment",), "1")], id="a hash inside a word is text"),
        pytest.param("comment: Late #\n", [], id="nothing after the hash"),
        pytest.param("comment: |\n  Late # strike\n", [], id="a block keeps every character"),
        pytest.param("title: Tonnes # plain language\n", [], id="a title's note is left alone"),
        pytest.param(
            "updates:\n  - period: 2026-27 H1\n    progress: On track   #  ahead of plan  \n",
            [(3, 26, ("updates", 0, "progress"), "ahead of plan")],
            id="progress, spaces trimmed",
        ),
        pytest.param(
            "reviews:\n  - comment:\n      en: Lower # new contract\n      cy: Is\n",
            [(3, 17, ("reviews", 0, "comment", "en"), "new contract")],
            id="one language of two",
        ),
        pytest.param(
            "comment: Figures late\n  after the strike # of drivers\n",
            [(2, 20, ("comment",), "of drivers")],
            id="a note at the end of a comment written over several lines",
        ),
        pytest.param("comment:\n  Late # strike\n", [(2, 8, ("comment",), "strike")], id="the value below its key"),
        pytest.param("comment: ~ # to come\n", [], id="a null comment's note is meant"),
        pytest.param("comment: null # to come\n", [], id="null spelt out"),
        pytest.param("comment: NULL  # to come\n", [], id="null in capitals"),
        pytest.param("comment: # to come\n", [], id="an empty comment's note is meant"),
        pytest.param("comment: nothing # to come\n", [(1, 18, ("comment",), "to come")], id="a word is no null"),
        pytest.param(
            "comment: #1 priority\n", [(1, 10, ("comment",), "1 priority")], id="a note took the whole comment"
        ),
        pytest.param("source: #1 ledger\n", [(1, 9, ("source",), "1 ledger")], id="a note took the whole source"),
        pytest.param(
            "cabinet_members:\n  - en: Cabinet Member\n    cy: #1 Aelod\n",
            [(3, 9, ("cabinet_members", 0, "cy"), "1 Aelod")],
            id="a note took the whole Welsh of a list item",
        ),
        pytest.param(
            "evidence:\n  - en: Report\n    cy: #1 Adroddiad\n",
            [(3, 9, ("evidence", 0, "cy"), "1 Adroddiad")],
            id="a note took the whole Welsh of a citation, told once",
        ),
        pytest.param(
            "title:\n  en: Waste # and more\n  cy: Gwastraff # a mwy\n", [], id="a note after a title's words"
        ),
        pytest.param("source: Ledger  # monthly\n", [], id="a note after a source is a reader's own"),
        pytest.param("source:  # to do\n", [], id="a note with a space after its '#' is a reader's own"),
        pytest.param(
            "functions:\n  evidence:\n    - measure: WST-01\n      text: Rate up # to 70%\n",
            [(4, 21, ("functions", "evidence", 0, "text"), "to 70%")],
            id="a citation's text",
        ),
        pytest.param(
            "evidence:\n  - regulator: AW-1\n    text:\n      en: Review # of staffing\n      cy: Adolygiad\n",
            [(4, 18, ("evidence", 0, "text", "en"), "of staffing")],
            id="a citation's text in English",
        ),
        pytest.param(
            "evidence:\n  - Budget reports # Q1 and Q2\n",
            [(2, 20, ("evidence", 0), "Q1 and Q2")],
            id="evidence written as text",
        ),
        pytest.param(
            "outturns: [{period: Q1, comment: Late # strike\n  }]\n",
            [(1, 39, ("outturns", 0, "comment"), "strike")],
            id="a comment in brackets, its key not at the line's start",
        ),
        pytest.param(
            "recommendations:\n  - ref: R1\n    text: Review # staffing\n",
            [],
            id="a recommendation's text is left alone",
        ),
    ],
)
def test_lost_words(text: str, expected: list[tuple[int, int, tuple[object, ...], str]]) -> None:
    assert [(x.line, x.column, x.key_path, x.words) for x in lost_words(text)] == expected


def test_validate_composes_no_file_without_a_hash_after_a_prose_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check costs the demo a text search, not a second reading of every file with ruamel.yaml."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO / "plans", root / "plans")
    shutil.copy(DEMO / "pmf.yaml", root / "pmf.yaml")
    composed: list[str] = []
    real = nodes.compose
    monkeypatch.setattr(nodes, "compose", lambda text: composed.append(text) or real(text))
    _, problems = check_portfolio(root)
    assert [p for p in problems if p.severity == "error"] == [] and composed == []
    measure = next((root / "plans").glob("*/measures/*.yaml"))
    measure.write_text(measure.read_text(encoding="utf-8") + "# the year's figures\n", encoding="utf-8")
    check_portfolio(root)
    assert composed == []  # a note on a line of its own is no reason to compose


def test_a_note_at_the_end_of_a_comment_over_several_lines_is_a_warning(council: Path) -> None:
    measure = council / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text += "outturns:\n  - period: 2026-27 Q2\n    value: 66.2\n    comment: Figures late\n      after the strike # of drivers\n"
    measure.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"plans/example/measures/EX-01.yaml:{len(text.splitlines())}:24: warning: outturns[0].comment: the words "
            "after ' #' (of drivers) are a YAML note, not part of the comment: put the whole comment in quotes to keep them",
            "1 warning in 1 file",
        ],
    )


def test_only_text_the_parser_refuses_is_passed_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text YAML cannot read is the loader's to name; any other failure is a fault in pmf, and shows."""
    assert lost_words("comment: [Late, # strike\n") == []
    assert lost_words("- comment: Late # strike\n") == []  # not keys and values: the loader says so

    def broken(text: str) -> None:
        raise RuntimeError("a fault in pmf")

    monkeypatch.setattr(nodes, "compose", broken)
    with pytest.raises(RuntimeError, match="a fault in pmf"):
        lost_words("comment: Late # strike\n")


def test_a_note_that_took_a_whole_text_is_a_warning_or_an_error(council: Path) -> None:
    """'#1 priority' is a note to YAML: where the text may be empty a warning, where it is required the error
    says so, once."""
    measure = council / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    source = "source: The customer contact system, taken on the fifth working day after the quarter ends.\n"
    measure.write_text(text.replace(source, "source: #1 ledger\n"), encoding="utf-8")
    risk = council / "plans/example/risks/RSK-EX-01.yaml"
    written = risk.read_text(encoding="utf-8")
    assert source in text and "description: A failure of" in written
    risk.write_text(written.replace("description: A failure of", "description: #1 A failure of"))
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "plans/example/measures/EX-01.yaml:8:9: warning: source: the '#' starts a YAML note, so the words after "
            "it (1 ledger) were dropped and the source is empty: put the whole source in quotes to keep them",
            "plans/example/risks/RSK-EX-01.yaml:4:14: description: the '#' starts a YAML note, so the words after it "
            "(1 A failure of the contact system would stop the service answering and recording enquiries.) were "
            "dropped and the description is empty: put the whole description in quotes to keep them",
            "1 problem and 1 warning in 2 files",
        ],
    )


def test_a_citation_cut_by_a_note_in_the_demo_assessment_is_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    for part in ("plans", "assessments", "regulators"):
        shutil.copytree(DEMO / part, root / part)
    shutil.copy(DEMO / "pmf.yaml", root / "pmf.yaml")
    assessment = root / "assessments/2025-26-year-end.yaml"
    text = assessment.read_text(encoding="utf-8")
    old = "          en: The recycling rate reached its highest level.\n"
    line = text[: text.index(old)].count("\n") + 1
    assessment.write_text(text.replace(old, "          en: The recycling rate reached # 70%\n"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(root)])
    assert (result.exit_code, result.stderr.splitlines()) == (
        0,
        [
            f"assessments/2025-26-year-end.yaml:{line}:42: warning: performance_requirements.functions.evidence[0]"
            ".text.en: the words after ' #' (70%) are a YAML note, not part of the text: put the whole text in "
            "quotes to keep them",
            "1 warning in 1 file",
        ],
    )


def test_a_null_comment_with_a_note_is_no_warning(council: Path) -> None:
    """A figure not available with the reason to come: quoting '~' as the warning advised would make it text."""
    measure = council / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text += "outturns:\n  - period: 2026-27 Q2\n    value: 66.2\n    comment: ~ # to come\n"
    measure.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")


def test_every_prose_field_is_looked_at_where_it_is() -> None:
    """Every Prose field of any file's model is looked at: by its key (PROSE_KEYS), by its key within the list
    that holds it (PROSE_WITHIN: a key other records use for required text, as a citation's 'text' shares
    its key with a recommendation's), or for a note that took its whole value only (WRITTEN_ONCE)."""
    import typing

    from pydantic import BaseModel

    from pmf.bilingual import TRANSLATABLE
    from pmf.schemas import SCHEMAS
    from pmf.yamlnotes import PROSE_KEYS, PROSE_WITHIN, WRITTEN_ONCE

    def models(hint: object) -> typing.Iterator[type[BaseModel]]:
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            yield hint
        else:
            for arg in typing.get_args(hint):
                yield from models(arg)

    prose: set[tuple[str, str]] = set()  # (the key that holds the record, the field)
    text: set[tuple[str, str]] = set()
    seen: set[tuple[str, type[BaseModel]]] = set()
    todo: list[tuple[str, type[BaseModel]]] = [("", model) for model in SCHEMAS.values()]
    while todo:
        parent, model = todo.pop()
        if (parent, model) not in seen:
            seen.add((parent, model))
            for name, field in model.model_fields.items():
                if TRANSLATABLE in field.metadata:
                    (prose if field.annotation == (str | None) else text).add((parent, name))  # Prose, or Text
                todo.extend((name, inner) for inner in models(field.annotation))
    assert len(seen) > 20 and ("evidence", "text") in prose and ("recommendations", "text") in text
    looked_at = {(parent, name) for parent, name in prose if name in PROSE_WITHIN.get(parent, ())}
    assert {(p, n) for p, n in prose if n not in PROSE_KEYS | WRITTEN_ONCE} == looked_at
    assert not {(p, n) for p, n in text if n in PROSE_WITHIN.get(p, ())}
    assert not PROSE_KEYS & WRITTEN_ONCE


def _welsh_emptied(root: Path, plan: Path, old: str, welsh: str) -> tuple[int, list[str], str]:
    """Validate ``root`` with ``old`` in ``plan`` replaced by ``welsh`` after a note's '#', then quoted:
    the exit code and what was said, then what was said of the quoted text; ``old``'s line."""
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace(old, f"  cy: #1 {welsh}  # i'w gadarnhau\n"), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(root)])
    plan.write_text(text.replace(old, f"  cy: '#1 {welsh}'  # i'w gadarnhau\n"), encoding="utf-8")
    quoted = runner.invoke(app, ["validate", "--root", str(root)])
    assert quoted.exit_code == 0
    return result.exit_code, [*result.stderr.splitlines(), quoted.stderr.strip()], text[: text.index(old)]


def test_a_note_that_took_a_whole_welsh_text_is_told_as_the_english_is(
    council: Path, write_guidance: Callable[[Path], None]
) -> None:
    """A plan pmf new service wrote, its guidance written, its title then given in two languages by hand, the
    Welsh '#1 ...': told as 'title: #1 priority' is, in the same words (a warning: a Welsh version may be left
    to come)."""
    result = runner.invoke(app, ["new", "service", "waste", "--root", str(council), "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.stderr
    write_guidance(council)
    plan = council / "plans/waste/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "title: Customer Services\n" in text
    plan.write_text(text.replace("title: Customer Services\n", "title:\n  en: Waste Services\n  cy: -\n"))
    code, told, before = _welsh_emptied(council, plan, "  cy: -\n", "blaenoriaeth")
    assert (code, told) == (
        0,
        [
            f"plans/waste/plan-2026-27.yaml:{before.count(chr(10)) + 1}:7: warning: title.cy: the '#' starts a YAML "
            "note, so the words after it (1 blaenoriaeth) were dropped and the Welsh title is empty: put the whole "
            "Welsh title in quotes to keep them",
            "1 warning in 1 file",
            "No problems found.",
        ],
    )


def test_a_note_that_took_a_whole_welsh_text_in_the_demo_is_told(demo_council: Path) -> None:
    """The demo's plans carry their titles in two languages; a note after words is no slip there."""
    plan = demo_council / "plans/waste/plan-2026-27.yaml"
    old = "  cy: Gwasanaethau Gwastraff a'r Amgylchedd\n"
    code, told, before = _welsh_emptied(demo_council, plan, old, "Gwasanaethau Gwastraff")
    assert (code, told) == (
        0,
        [
            f"plans/waste/plan-2026-27.yaml:{before.count(chr(10)) + 1}:7: warning: title.cy: the '#' starts a YAML "
            "note, so the words after it (1 Gwasanaethau Gwastraff) were dropped and the Welsh title is empty: put "
            "the whole Welsh title in quotes to keep them",
            "1 warning in 1 file",
            "No problems found.",
        ],
    )
