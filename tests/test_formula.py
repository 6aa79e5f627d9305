"""Calculated measures (SPEC 2.6): the formula grammar, its values per period and its problems."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.formula import FormulaError, evaluate, names, parse, problems, resolved
from pmf.models import Measure

FAST = settings(max_examples=200, deadline=None)


def measure(measure_id: str, outturns: dict[str, Any] | None = None, **fields: Any) -> Measure:
    data: dict[str, Any] = {
        "id": measure_id,
        "kind": "performance_measure",
        "title": measure_id,
        "frequency": "quarterly",
        "polarity": "higher_is_better",
        "benchmarking": "local",
        "outturns": [{"period": p, "value": v} for p, v in (outturns or {}).items()],
    }
    data.update(fields)
    return Measure.model_validate(data)


def calculated(formula: str, measure_id: str = "C-01", **fields: Any) -> Measure:
    return measure(measure_id, measure_type="calculated", formula=formula, **fields)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        pytest.param("100 * HSG-05 / HSG-06", {"HSG-05": "3", "HSG-06": "4"}, "75", id="rate-with-hyphenated-ids"),
        pytest.param("1 + 2 * 3", {}, "7", id="times-binds-tighter-than-plus"),
        pytest.param("(1 + 2) * 3", {}, "9", id="brackets-first"),
        pytest.param("10 - 4 - 3", {}, "3", id="minus-is-left-to-right"),
        pytest.param("24 / 4 / 2", {}, "3", id="divide-is-left-to-right"),
        pytest.param("-A + 5", {"A": "2"}, "3", id="unary-minus"),
        pytest.param("+A - -A", {"A": "2"}, "4", id="unary-plus-and-double-minus"),
        pytest.param("A-1 - A-2", {"A-1": "5", "A-2": "2"}, "3", id="spaces-around-minus-between-ids"),
        pytest.param("0.5 * A_b", {"A_b": "3"}, "1.5", id="decimal-number-and-underscore-id"),
        pytest.param(
            "1000*ASC-09/ASC-10", {"ASC-09": "413", "ASC-10": "25000"}, "16.52", id="no-spaces-needed-round-operators"
        ),
    ],
)
def test_formula_values(text: str, values: dict[str, str], expected: str) -> None:
    tree = parse(text)
    assert evaluate(tree, {k: Decimal(v) for k, v in values.items()}) == Decimal(expected)
    assert sorted(names(tree)) == sorted(values)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "the formula is empty", id="empty"),
        pytest.param("A +", "the formula ends too soon", id="dangling-operator"),
        pytest.param("(A + B", "the '(' at character 1 is never closed", id="unclosed-bracket"),
        pytest.param("A + B)", "the ')' at character 6 closes nothing", id="stray-closing-bracket"),
        pytest.param("A ** 2", "'*' (character 4) where a measure id", id="power-is-not-allowed"),
        pytest.param("abs(A)", "'(' (character 4) where an operator", id="function-call-is-not-allowed"),
        pytest.param("A B", "'B' (character 3) where an operator", id="two-ids-without-operator"),
        pytest.param("A % 2", "the % at character 3 is not allowed", id="modulo-is-not-allowed"),
        pytest.param("A.real", "the . at character 2 is not allowed", id="attribute-is-not-allowed"),
        pytest.param("__import__('os')", "the ' at character 12 is not allowed", id="import-is-not-arithmetic"),
        pytest.param("__import__(A)", "'(' (character 11) where an operator", id="call-is-not-arithmetic"),
        pytest.param("2e3", "'2e3' (character 1) is neither a number nor a measure id", id="exponent-notation"),
        pytest.param("A + 1ST", "'1ST' (character 5) is neither", id="id-starting-with-a-digit"),
    ],
)
def test_not_arithmetic_is_refused(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message.replace("(", r"\(").replace(")", r"\)").replace("*", r"\*")):
        parse(text)


def test_division_by_zero_is_a_formula_error() -> None:
    with pytest.raises(FormulaError, match="division by zero"):
        evaluate(parse("A / B"), {"A": Decimal(1), "B": Decimal(0)})


def test_values_are_worked_out_where_every_input_has_a_value() -> None:
    a = measure("A", {"2025-26 Q1": 10, "2025-26 Q2": 20, "2025-26 Q3": None, "2025-26 Q4": 8})
    b = measure("B", {"2025-26 Q1": 4, "2025-26 Q2": 5, "2025-26 Q3": 2})
    c = resolved(calculated("100 * A / B"), {"A": a, "B": b})
    assert [(o.period, o.value) for o in c.outturns] == [("2025-26 Q1", Decimal(250)), ("2025-26 Q2", Decimal(400))]


def test_a_calculated_input_is_worked_out_first() -> None:
    a = measure("A", {"2025-26 Q1": 3})
    twice = calculated("2 * A", "T")
    c = resolved(calculated("T + 1"), {"A": a, "T": twice})
    assert [o.value for o in c.outturns] == [Decimal(7)]


def test_periods_written_differently_still_line_up() -> None:
    a = measure("A", {" 2025-26 Q1 ": 3}, frequency="quarterly")
    b = measure("B", {"2025-26 Q1": 4})
    assert [o.value for o in resolved(calculated("A + B"), {"A": a, "B": b}).outturns] == [Decimal(7)]


def test_a_period_dividing_by_zero_has_no_value() -> None:
    a = measure("A", {"2025-26 Q1": 3, "2025-26 Q2": 4})
    b = measure("B", {"2025-26 Q1": 0, "2025-26 Q2": 2})
    assert [(o.period, o.value) for o in resolved(calculated("A / B"), {"A": a, "B": b}).outturns] == [
        ("2025-26 Q2", Decimal(2))
    ]


@pytest.mark.parametrize(
    ("the_measure", "others", "expected"),
    [
        pytest.param(calculated("A + B"), ["A"], ["no measure 'B'"], id="unknown-id"),
        pytest.param(
            calculated("A-B"),
            ["A", "B"],
            ["no measure 'A-B' (write spaces around '-' between two ids)"],
            id="minus-without-spaces",
        ),
        pytest.param(
            calculated("C-01 * 2"),
            [],
            ["the measures are worked out from each other in a circle: C-01 → C-01"],
            id="self-reference",
        ),
        pytest.param(
            measure("C-01", formula="A"),
            ["A"],
            ["a formula is used only by a calculated measure: add 'measure_type: calculated' or remove it"],
            id="formula-on-a-normal-measure",
        ),
        pytest.param(
            measure("C-01", measure_type="calculated"),
            [],
            ["a calculated measure needs a formula over other measures' ids, e.g. '100 * HSG-05 / HSG-06'"],
            id="no-formula",
        ),
        pytest.param(
            calculated("A / 0"), ["A"], ["division by zero for 2025-26 Q1 (A is 5)"], id="divide-by-literal-zero"
        ),
        pytest.param(calculated("1 / 0"), [], ["division by zero"], id="numbers-only-divide-by-zero"),
        pytest.param(
            calculated("A * 2", frequency="monthly"),
            ["A"],
            ["'A' is quarterly but this measure is monthly: a formula combines measures of the same frequency"],
            id="frequency-mismatch",
        ),
        pytest.param(calculated("A * 2"), ["A"], [], id="sound"),
    ],
)
def test_problems(the_measure: Measure, others: list[str], expected: list[str]) -> None:
    measures = {m: measure(m, {"2025-26 Q1": 5}) for m in others} | {the_measure.id: the_measure}
    assert problems(the_measure, measures) == expected


def test_a_longer_cycle_is_named_in_order() -> None:
    measures = {"X": calculated("Y + 1", "X"), "Y": calculated("Z * 2", "Y"), "Z": calculated("X", "Z")}
    assert problems(measures["X"], measures) == [
        "the measures are worked out from each other in a circle: X → Y → Z → X"
    ]
    assert resolved(measures["X"], measures).outturns == []


def test_outturns_written_by_hand_are_a_problem() -> None:
    the_measure = measure("C-01", {"2025-26 Q1": 1}, measure_type="calculated", formula="A")
    assert problems(the_measure, {"A": measure("A"), "C-01": the_measure}) == [
        "a calculated measure's outturns are worked out from its formula: remove the outturns written by hand"
    ]


values = st.integers(-(10**6), 10**6)


@FAST
@given(a=values, b=values.filter(bool), c=values, scale=st.integers(1, 1000))
def test_a_calculated_value_equals_its_formula_on_its_inputs(a: int, b: int, c: int, scale: int) -> None:
    """Property: every worked-out value is the formula's arithmetic on that period's inputs."""
    one = measure("ONE", {"2025-26 Q1": a, "2025-26 Q2": c})
    two = measure("TWO", {"2025-26 Q1": b, "2025-26 Q2": b})
    got = resolved(calculated(f"{scale} * (ONE - TWO) / TWO + ONE"), {"ONE": one, "TWO": two})
    assert [o.value for o in got.outturns] == [
        Decimal(scale) * (Decimal(a) - Decimal(b)) / Decimal(b) + Decimal(a),
        Decimal(scale) * (Decimal(c) - Decimal(b)) / Decimal(b) + Decimal(c),
    ]


@FAST
@given(text=st.text(alphabet="AB01 +-*/().%_", max_size=20))
def test_any_text_is_read_or_refused_in_words(text: str) -> None:
    """Property: whatever is written, parsing gives a tree or a FormulaError, never another exception."""
    try:
        tree = parse(text)
    except FormulaError as exc:
        assert str(exc)
        return
    try:
        evaluate(tree, dict.fromkeys(names(tree), Decimal(3)))
    except FormulaError as exc:
        assert str(exc) == "division by zero"


def test_recording_a_value_on_a_calculated_measure_is_refused(tmp_path: Path) -> None:
    """pmf record would write outturns that validate then refuses: it says what to record instead."""
    import shutil

    from typer.testing import CliRunner

    from pmf.cli import app

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "data" / "base", root)
    (root / "plans/waste/measures/WST-09.yaml").write_text(
        "id: WST-09\nkind: indicator\ntitle: Twice WST-01\nfrequency: quarterly\npolarity: higher_is_better\n"
        "benchmarking: local\nmeasure_type: calculated\nformula: 2 * WST-01\n",
        encoding="utf-8",
    )
    before = (root / "plans/waste/measures/WST-09.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["record", "WST-09", "2025-26 Q3", "5", "--root", str(root)])
    assert result.exit_code == 2
    assert "WST-09 is worked out from its formula (2 * WST-01): record the measures it uses instead" in result.stderr
    assert (root / "plans/waste/measures/WST-09.yaml").read_text(encoding="utf-8") == before
