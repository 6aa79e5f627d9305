"""The libraries' messages in plain words: none reaches a service lead as the library wrote it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pmf import fieldwording, wording
from pmf.loader import check_portfolio

ROOT = Path(__file__).parent.parent
INVALID = ROOT / "tests" / "data" / "invalid"
# Phrases only the YAML reader or pydantic use: a message holding one was not translated.
LIBRARY_PHRASES = re.compile(
    r"while (parsing|scanning)|mapping values are not allowed|could not find expected|cannot start any token"
    r"|<block end>|<document start>|undefined alias|Input should|String should|List should|Value error"
    r"|Field required|Extra inputs|Datetimes provided"
)


def test_no_case_in_the_invalid_corpus_expects_a_librarys_words() -> None:
    expected = [
        line for case in sorted(INVALID.glob("*.yaml")) for line in case.read_text().splitlines() if "# expect:" in line
    ]
    assert len(expected) > 70
    assert [line for line in expected if LIBRARY_PHRASES.search(line)] == []


def test_every_yaml_rule_has_a_case_in_the_corpus() -> None:
    """Each row of the table is shown working, at its place, by a file in tests/data/invalid."""
    expected = " ".join(line for case in INVALID.glob("*.yaml") for line in case.read_text().splitlines())
    firsts = {
        "tab": "YAML indents with spaces, not tabs; replace the tab at column 1",
        "colon": "a colon followed by a space starts a new key; put the text in quotes",
        "text": "a key cannot start here, inside the text of the line above",
        "bracket": "the '[' here is never closed: end it with ']' on the same line",
        "brace": "the '{' here is never closed: end it with '}' on the same line",
        "quote": "the quotation mark here is never closed",
        "apostrophe": "the quoted text ends at the apostrophe just before this",
        "escape": "'\\w' has no meaning inside double quotes",
        "list item": "a list item ('- ') where a key was expected",
        "key in list": "a key where a list item was expected",
        "line of text": "a line of text where a key was expected",
        "not lined up": "this line is not lined up with the lines above it",
        "no colon": "this line has no colon",
        "document": "a key cannot follow a line of text on its own",
        "second document": "'---' starts a second document",
        "anchor": "a value cannot begin with '&': put the text in quotes",
        "block scalar": "'|' or '>' at the start of a value begins a block of text",
        "alias": "'*q4' refers to '&q4', which is not defined above it",
        "cannot begin": "a value cannot begin with '@'",
        "no opening": "a '}' with no opening bracket",
        "duplicate": "duplicate key 'title': each key may appear once",
        "key in braces": "a key cannot be keys and values in braces",
        "tag": "a value cannot begin with '!': put the text in quotes",
    }
    assert [name for name, text in firsts.items() if text not in expected] == []


@pytest.mark.parametrize(
    ("value", "said"),
    [
        pytest.param("28/03/2026", "write dates as YYYY-MM-DD, e.g. 2026-03-28", id="uk-day-first"),
        pytest.param("1/4/2026", "write dates as YYYY-MM-DD, e.g. 2026-04-01", id="uk-short"),
        pytest.param("2026/03/28", "write dates as YYYY-MM-DD, e.g. 2026-03-28", id="slashes"),
        pytest.param("31.12.2025", "write dates as YYYY-MM-DD, e.g. 2025-12-31", id="dots"),
        pytest.param(
            "30/02/2026",
            "'30/02/2026' is not a real date: check the day and month, and write it as YYYY-MM-DD",
            id="impossible",
        ),
        pytest.param("next March", "write dates as YYYY-MM-DD, e.g. 2026-03-31", id="words"),
        pytest.param(2026, "write dates as YYYY-MM-DD, e.g. 2026-03-31", id="a-number"),
    ],
)
def test_a_date_not_written_yyyy_mm_dd_is_shown_how(value: object, said: str) -> None:
    class Dated(BaseModel):
        date: __import__("datetime").date

    with pytest.raises(ValidationError) as caught:
        Dated.model_validate({"date": value})
    (error,) = caught.value.errors()
    assert fieldwording.pydantic_problem(error, missing="", keys=list, here="date") == said


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(default=0, ge=0, le=10)
    code: str = Field(default="x", max_length=3)
    flag: bool = Field(default=False, strict=True)
    items: list[str] = Field(default_factory=list, max_length=2)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        pytest.param({"count": -1}, "must be at least 0; found -1", id="below"),
        pytest.param({"count": 11}, "must be at most 10; found 11", id="above"),
        pytest.param({"count": 1.5}, "must be a whole number; found 1.5", id="fraction"),
        pytest.param({"count": "many"}, "must be a whole number; found 'many'", id="word"),
        pytest.param({"code": "ABCD"}, "is too long: write at most 3 characters (this has 4)", id="too-long"),
        pytest.param({"flag": "maybe"}, "must be true or false; found 'maybe'", id="not-a-flag"),
        pytest.param({"items": ["a", "b", "c"]}, "has too many entries: at most 2", id="too-many"),
        pytest.param({"count": None}, "needs a value", id="empty"),
        pytest.param({"cuont": 1}, "unknown key 'cuont' (did you mean 'count'?)", id="typo"),
    ],
)
def test_pydantic_errors_in_plain_words(data: dict[str, object], said: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate(data)
    (error,) = caught.value.errors()
    here = str(error["loc"][-1])
    assert (
        fieldwording.pydantic_problem(error, missing=here, keys=lambda: list(_Sample.model_fields), here=here) == said
    )


def test_a_message_no_row_knows_keeps_the_librarys_words_and_its_place() -> None:
    said = wording.Said("while composing a node", "something new", None, wording.Mark(4, 7, "a: b"))
    assert wording.yaml_problem(said) == (f"{wording.UNKNOWN_YAML} (while composing a node something new)", 4, 7)
    error = {"type": "uuid_parsing", "msg": "Input should be a valid UUID", "input": "x", "loc": ("id",)}
    assert fieldwording.pydantic_problem(error, missing="", keys=list, here="id") == (
        f"{fieldwording.UNKNOWN_PYDANTIC} (Input should be a valid UUID); found 'x'"
    )


MEASURES = sorted((ROOT / "plans").glob("*/measures/*.yaml"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(measure=st.sampled_from(MEASURES), data=st.data())
def test_a_tab_that_indents_a_key_is_named_at_its_line(demo_council: Path, measure: Path, data: st.DataObject) -> None:
    """Any indented key of any demo measure, indented with a tab instead: the tab is named where it is."""
    lines = measure.read_text(encoding="utf-8").splitlines(keepends=True)
    keys = [i for i, line in enumerate(lines) if re.match(r"  [a-z0-9_-]+:", line)]
    i = data.draw(st.sampled_from(keys))
    lines[i] = "\t" + lines[i][2:]
    target = demo_council / measure.relative_to(ROOT)
    original = target.read_bytes()
    target.write_text("".join(lines), encoding="utf-8")
    try:
        _, problems = check_portfolio(demo_council)
    finally:
        target.write_bytes(original)
    name = measure.relative_to(ROOT).as_posix()
    assert f"{name}:{i + 1}:1: YAML indents with spaces, not tabs; replace the tab at column 1" in [
        p.text() for p in problems
    ]


@pytest.fixture(scope="module")
def waste_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository from `pmf init`, with the plan `pmf new service waste` writes, signed off as its last line."""
    from typer.testing import CliRunner

    from pmf.cli import app

    root = tmp_path_factory.mktemp("items") / "council"
    assert CliRunner().invoke(app, ["init", str(root), "--as-of", "2026-02-03"]).exit_code == 0
    assert (
        CliRunner().invoke(app, ["new", "service", "waste", "--root", str(root), "--as-of", "2026-02-05"]).exit_code
        == 0
    )
    plan = root / "plans/waste/plan-2026-27.yaml"
    text = plan.read_text(encoding="utf-8")
    signed = "sign_off: {approved_by: Cabinet Member for Environment, date: 2026-03-25}\n"
    plan.write_text(re.sub(r"(?m)^# sign_off:.*\n", signed, text), encoding="utf-8")
    assert plan.read_text(encoding="utf-8").endswith(signed)  # the bottom of the file is below the sign-off
    return plan


def _told_after_adding(plan: Path, root: Path, added: str, as_of: str = "2026-04-10") -> list[str]:
    from typer.testing import CliRunner

    from pmf.cli import app

    original = plan.read_bytes()
    plan.write_bytes(original + added.encode("utf-8"))
    try:
        result = CliRunner().invoke(app, ["validate", "--root", str(root), "--as-of", as_of])
    finally:
        plan.write_bytes(original)
    assert result.exit_code == 1, result.output
    return result.stderr.splitlines()


def test_an_item_added_below_the_sign_off_is_sent_up_to_the_list_it_lines_up_with(waste_plan: Path) -> None:
    """It was told to go under a key of its own ('name:' on the line above it), a key the plan cannot take."""
    root = waste_plan.parents[2]
    line = waste_plan.read_text(encoding="utf-8").count("\n") + 1
    outcomes = waste_plan.read_text(encoding="utf-8").splitlines().index("outcomes:") + 1
    assert _told_after_adding(waste_plan, root, "  - outcome: healthy\n    indicators:\n      - EX-01\n") == [
        f"plans/waste/plan-2026-27.yaml:{line}:3: this list item comes after 'sign_off:', which already has its "
        f"value: move it up under 'outcomes:' (line {outcomes}), whose items it lines up with",
        "1 problem in 1 file",
    ]
    # an item like no list's above is still told to go under a key of its own
    assert _told_after_adding(waste_plan, root, "  - date: 2026-04-01\n")[0].endswith(
        "this list item follows a key that already has its value: put the list under a key of its own "
        "('name:' on the line above it, with nothing after the colon)"
    )


@pytest.mark.parametrize(
    ("added", "told"),
    [
        ("  - outcome: healthy\n", "move it up under 'outcomes:' (line {outcomes}), whose items it lines up with"),
        ("  - A plain item\n", "indent the list under the key that holds it"),  # no key to tell it by
        ("- outcome: healthy\n", "indent the list under the key that holds it"),  # lined up with no list
    ],
)
def test_an_item_added_below_a_sign_off_over_lines_is_sent_up_only_to_a_list_like_it(
    demo_council: Path, added: str, told: str
) -> None:
    """The demo's sign-off is written over lines ('sign_off:', then its keys): an item after them lines up
    with those keys too, and is sent up to a list only when it starts as that list's items do."""
    plan = demo_council / "plans/waste/plan-2026-27.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines()
    said = [s for s in _told_after_adding(plan, demo_council, added, "2026-11-27") if "plan-2026-27" in s]
    assert said == [
        f"plans/waste/plan-2026-27.yaml:{len(lines) + 1}:{added.index('-') + 1}: a list item ('- ') where a key was "
        f"expected: {told.format(outcomes=lines.index('outcomes:') + 1)}"
    ]
