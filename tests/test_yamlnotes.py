"""Words after ' #' in a prose field are a YAML note: pmf validate warns where they were lost."""

from __future__ import annotations

import json
import shutil
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


def test_a_null_comment_with_a_note_is_no_warning(council: Path) -> None:
    """A figure not available with the reason to come: quoting '~' as the warning advised would make it text."""
    measure = council / "plans/example/measures/EX-01.yaml"
    text = measure.read_text(encoding="utf-8")
    text += "outturns:\n  - period: 2026-27 Q2\n    value: 66.2\n    comment: ~ # to come\n"
    measure.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--root", str(council)])
    assert (result.exit_code, result.stderr.strip()) == (0, "No problems found.")


# Prose fields the check leaves alone, as it leaves titles: a measure's definition and a sign-off's role,
# written once, after which pmf init and pmf new write their own notes; and a citation's text, whose key
# a regulator's recommendation and an assessment's conclusion share as required text.
LEFT_ALONE = {
    "description",
    "scope_and_definition",
    "source",
    "calculation",
    "unit",
    "validation",
    "lead_officer",
    "role",
    "text",
}


def test_every_prose_field_is_looked_at_or_named_as_left_alone() -> None:
    """A new Prose field in any file's model must join PROSE_KEYS (or LEFT_ALONE, with its reason)."""
    import typing

    from pydantic import BaseModel

    from pmf.bilingual import TRANSLATABLE
    from pmf.schemas import SCHEMAS
    from pmf.yamlnotes import PROSE_KEYS

    def models(hint: object) -> typing.Iterator[type[BaseModel]]:
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            yield hint
        else:
            for arg in typing.get_args(hint):
                yield from models(arg)

    prose, seen, todo = set(), set(), list(SCHEMAS.values())
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.add(model)
            for name, field in model.model_fields.items():
                if TRANSLATABLE in field.metadata and field.annotation == (str | None):  # Prose, not Text
                    prose.add(name)
                todo.extend(models(field.annotation))
    assert len(seen) > 20 and "comment" in prose
    assert (prose - LEFT_ALONE, PROSE_KEYS & LEFT_ALONE) == (PROSE_KEYS, set())
