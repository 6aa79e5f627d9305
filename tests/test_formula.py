"""Calculated measures (SPEC 2.6): the formula grammar, its values per period and its problems."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.calculated import divides_by_zero, in_words, resolved, worked_out
from pmf.formula import (
    Binary,
    FormulaError,
    Negate,
    Node,
    NoValue,
    Number,
    Ref,
    _always_zero,
    evaluate,
    names,
    parse,
    problems,
)
from pmf.models import Measure

FAST = settings(max_examples=200, deadline=None)
FIX = "is 0 whatever the figures; divide by a measure or by a number other than 0"


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
    """As a figure recorded as not available: no value, and why as a fact (the inputs' figures), which reports
    word in their language; no comment written in for it."""
    a = measure("A", {"2025-26 Q1": 3, "2025-26 Q2": 4})
    b = measure("B", {"2025-26 Q1": 0, "2025-26 Q2": 2})
    got = resolved(calculated("A / B"), {"A": a, "B": b})
    assert [(o.period, o.value, o.comment) for o in got.outturns] == [
        ("2025-26 Q1", None, None),
        ("2025-26 Q2", Decimal(2), None),
    ]
    assert divides_by_zero(got) == {"2025-26 Q1": (("A", Decimal(3)), ("B", Decimal(0)))}


@pytest.mark.parametrize(
    ("the_measure", "others", "expected"),
    [
        pytest.param(calculated("A + B"), ["A"], ["no measure 'B'"], id="unknown-id"),
        pytest.param(
            calculated("100 * EX-1 / 4"), ["EX-01"], ["no measure 'EX-1' (did you mean 'EX-01'?)"], id="a-close-id"
        ),
        pytest.param(calculated("C-1 * A"), ["A"], ["no measure 'C-1'"], id="never-the-measure-itself"),
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
            calculated("A / 0"),
            ["A"],
            [
                "division by zero: the divisor '0' (character 5) is 0 whatever the figures; "
                "divide by a measure or by a number other than 0"
            ],
            id="divide-by-literal-zero",
        ),
        pytest.param(
            calculated("1 / 0"),
            [],
            [
                "division by zero: the divisor '0' (character 5) is 0 whatever the figures; "
                "divide by a measure or by a number other than 0"
            ],
            id="numbers-only-divide-by-zero",
        ),
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("+".join(["1"] * 102), "the formula has 101 operators and brackets; pmf takes at most 100: "
                     "work part of it out in a calculated measure of its own and name that measure here", id="101"),
        pytest.param("A + ", "the formula ends too soon: a measure id, a number or '(' should follow", id="trailing-space"),
        pytest.param("A  B", "'B' (character 4) where an operator (+ - * /) belongs", id="after-two-spaces"),
        pytest.param("(A) (B)", "'(' (character 5) where an operator (+ - * /) belongs", id="bracket-after-bracket"),
        pytest.param("A +  )", "')' (character 6) where a measure id, a number or '(' belongs", id="close-for-a-value"),
        pytest.param("  A $", "the $ at character 5 is not allowed: a formula is arithmetic (+ - * / and brackets) "
                     "over measure ids and numbers", id="column-counts-leading-spaces"),
        pytest.param("A + 2nd", "'2nd' (character 5) is neither a number nor a measure id: a number is digits with an "
                     "optional point, and an id in a formula starts with a letter", id="whole-message"),
        pytest.param(" ", "the formula is empty: write arithmetic over measure ids, e.g. 100 * HSG-05 / HSG-06",
                     id="blank"),
        pytest.param("EX-01 / 0", f"division by zero: the divisor '0' (character 9) {FIX}", id="zero"),
        pytest.param("EX-01 / (2 - 2)", f"division by zero: the divisor '(2 - 2)' (character 9) {FIX}",
                     id="numbers-that-come-to-zero"),
        pytest.param("A/-0.0*3", f"division by zero: the divisor '-0.0' (character 3) {FIX}", id="minus-zero-point-zero"),
        pytest.param("(A + 1) / ( 0 * 7 ) + 2", f"division by zero: the divisor '( 0 * 7 )' (character 11) {FIX}",
                     id="inside-a-sum"),
        pytest.param("A / (B / (1 - 1))", f"division by zero: the divisor '(1 - 1)' (character 10) {FIX}",
                     id="the-inner-divisor"),
        pytest.param("EX-01 / (EX-02 * 0)", f"division by zero: the divisor '(EX-02 * 0)' (character 9) {FIX}",
                     id="a-measure-times-zero"),
        pytest.param("A / (0 * B * C)", f"division by zero: the divisor '(0 * B * C)' (character 5) {FIX}",
                     id="zero-times-measures"),
        pytest.param("A / (B * (2 - 2))", f"division by zero: the divisor '(B * (2 - 2))' (character 5) {FIX}",
                     id="a-measure-times-numbers-that-make-zero"),
        pytest.param("A / -(B * 0)", f"division by zero: the divisor '-(B * 0)' (character 5) {FIX}",
                     id="negated"),
        pytest.param("A / (0 / B)", f"division by zero: the divisor '(0 / B)' (character 5) {FIX}",
                     id="zero-divided-by-a-measure"),
        pytest.param("A / (B * 0 + C * 0 - 0)", f"division by zero: the divisor '(B * 0 + C * 0 - 0)' (character 5) {FIX}",
                     id="a-sum-of-zeros"),
        pytest.param("A / (B - B)", f"division by zero: the divisor '(B - B)' (character 5) {FIX}",
                     id="a-measure-less-itself"),
        pytest.param("A / ((B + 1) - (B + 1))", f"division by zero: the divisor '((B + 1) - (B + 1))' (character 5) {FIX}",
                     id="a-part-less-itself"),
    ],
)  # fmt: skip
def test_what_the_owner_reads_of_a_formula_that_cannot_be_read(text: str, message: str) -> None:
    """The whole sentence `pmf validate` prints at the formula's line: a divisor of numbers alone that is 0
    needs no figure to divide by zero, so it is refused as the formula is read."""
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert str(caught.value) == message


def test_a_hundred_operators_are_taken() -> None:
    assert evaluate(parse("+".join(["1"] * 101)), {}) == Decimal(101)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(10**6, 10**6, Decimal(10**12), id="10-to-the-12-exactly"),
        pytest.param(-(10**6), 10**6, Decimal(-(10**12)), id="minus-10-to-the-12"),
        pytest.param(10**6, 10**6 + 1, "a result of 1.00e+12, beyond the 1,000,000,000,000 (10¹²) pmf takes", id="beyond"),
        pytest.param(-(10**6), 10**6 + 1, "a result of -1.00e+12, beyond the 1,000,000,000,000 (10¹²) pmf takes",
                     id="beyond-below"),
    ],
)  # fmt: skip
def test_results_up_to_ten_to_the_twelve(a: int, b: int, expected: Decimal | str) -> None:
    """A worked-out value is bound as a written figure is: up to 10¹² either way."""
    values = {"A": Decimal(a), "B": Decimal(b)}
    if isinstance(expected, Decimal):
        assert evaluate(parse("A * B"), values) == expected
        return
    with pytest.raises(FormulaError) as caught:
        evaluate(parse("A * B"), values)
    assert str(caught.value) == expected


def test_ids_are_listed_in_order_of_first_use() -> None:
    assert names(parse("B * (A - B) / -C + A")) == ["B", "A", "C"]


def commented(the_measure: Measure, comments: dict[str, str]) -> Measure:
    """The measure with a lead's comment on some of its periods."""
    outturns = [o.model_copy(update={"comment": comments.get(o.period)}) for o in the_measure.outturns]
    return the_measure.model_copy(update={"outturns": outturns})


def test_a_period_takes_the_commentary_of_the_first_input_that_has_one() -> None:
    """A calculated measure's period shows the comment its inputs give, the first input's first."""
    a = commented(measure("A", {"2025-26 Q1": 3, "2025-26 Q2": 4}), {"2025-26 Q2": "A's Q2"})
    b = commented(measure("B", {"2025-26 Q1": 1, "2025-26 Q2": 2}), {"2025-26 Q1": "B's Q1", "2025-26 Q2": "B's Q2"})
    got = resolved(calculated("B * 0 + A"), {"A": a, "B": b}).outturns
    assert [(o.period, o.value, o.comment) for o in got] == [
        ("2025-26 Q1", Decimal(3), "B's Q1"),
        ("2025-26 Q2", Decimal(4), "B's Q2"),
    ]
    assert [o.comment for o in resolved(calculated("A + B"), {"A": a, "B": b}).outturns] == ["B's Q1", "A's Q2"]


@pytest.mark.parametrize(
    "formula",
    [
        pytest.param("A + NOPE", id="an-unknown-input"),
        pytest.param("A +", id="a-formula-that-cannot-be-read"),
        pytest.param("1 + 2", id="numbers-alone"),
    ],
)
def test_a_formula_that_cannot_be_worked_out_has_no_values(formula: str) -> None:
    a = commented(measure("A", {"2025-26 Q1": 3}), {"2025-26 Q1": "Kept"})
    assert resolved(calculated(formula), {"A": a}).outturns == []


def test_an_unreadable_period_of_an_input_gives_no_value() -> None:
    a = commented(measure("A", {"2025-26 Q9": 3, "2025-26 Q1": 2}), {"2025-26 Q9": "Odd", "2025-26 Q1": "Said"})
    got = resolved(calculated("A * 2"), {"A": a}).outturns
    assert [(o.period, o.value, o.comment) for o in got] == [("2025-26 Q1", Decimal(4), "Said")]


@pytest.mark.parametrize(
    ("the_measure", "others", "expected"),
    [
        pytest.param(calculated("HSG-99 * 2"), ["HSG-9"], ["no measure 'HSG-99' (did you mean 'HSG-9'?)"],
                     id="a-hyphenated-id-that-is-no-sum"),
        pytest.param(calculated("EX-01-EX-02"), ["EX-01", "EX-02"],
                     ["no measure 'EX-01-EX-02' (write spaces around '-' between two ids)"],
                     id="spaces-rather-than-a-close-id"),
        pytest.param(
            calculated("A-1-B"), ["A-1", "B"], ["no measure 'A-1-B' (write spaces around '-' between two ids)"],
            id="the-first-part-is-two-words",
        ),
        pytest.param(
            calculated("NEW + OLD"), [], ["no measure 'NEW'", "no measure 'OLD'"], id="every-unknown-id-in-order"
        ),
        pytest.param(
            calculated("A +", outturns={"2025-26 Q1": 1}), ["A"],
            ["a calculated measure's outturns are worked out from its formula: remove the outturns written by hand",
             "the formula ends too soon: a measure id, a number or '(' should follow"],
            id="outturns-and-a-broken-formula",
        ),
        pytest.param(
            calculated("C-01 + A", outturns={"2025-26 Q1": 1}), ["A"],
            ["a calculated measure's outturns are worked out from its formula: remove the outturns written by hand",
             "the measures are worked out from each other in a circle: C-01 → C-01"],
            id="outturns-and-a-circle",
        ),
        pytest.param(
            calculated("A * 2", frequency="monthly", outturns={"2025-26 Q1": 1}), ["A"],
            ["a calculated measure's outturns are worked out from its formula: remove the outturns written by hand",
             "'A' is quarterly but this measure is monthly: a formula combines measures of the same frequency"],
            id="outturns-and-another-frequency",
        ),
        pytest.param(calculated("1 + 2"), [], [], id="numbers-that-add-up"),
        pytest.param(calculated("1000000 * 1000001"), [],
                     ["a result of 1.00e+12, beyond the 1,000,000,000,000 (10¹²) pmf takes"],
                     id="numbers-beyond-ten-to-the-twelve"),
        pytest.param(calculated("ZERO / A + A / ZERO"), ["A", "ZERO"], [], id="a-period-dividing-by-0-is-no-problem"),
    ],
)  # fmt: skip
def test_more_problems(the_measure: Measure, others: list[str], expected: list[str]) -> None:
    measures = {m: measure(m, {"2025-26 Q1": 0 if m == "ZERO" else 5}) for m in others} | {the_measure.id: the_measure}
    assert problems(the_measure, measures) == expected


def test_a_period_dividing_by_0_names_each_input_with_its_figure() -> None:
    """No problem (the period has no value, as a figure not available), but ``worked_out`` says why, for
    ``pmf validate``'s warning."""
    measures = {m: measure(m, {"2025-26 Q1": 0 if m == "ZERO" else 5}) for m in ("A", "ZERO")}
    measures["C-01"] = calculated("ZERO / A + A / ZERO")
    [(label, value, inputs)] = worked_out(measures["C-01"], measures)
    assert (label, type(value), str(value), in_words(inputs)) == (
        "2025-26 Q1",
        NoValue,
        "division by zero",
        "ZERO is 0, A is 5",
    )


def test_a_circle_is_found_through_a_measure_that_is_not_in_it() -> None:
    measures = {
        "X": calculated("Y + BASE", "X"),
        "Y": calculated("Z", "Y"),
        "Z": calculated("Y * 2", "Z"),
        "BASE": measure("BASE", {"2025-26 Q1": 1}),
    }
    assert problems(measures["X"], measures) == ["the measures are worked out from each other in a circle: Y → Z → Y"]


def test_a_formula_over_calculated_measures_is_checked_through_them() -> None:
    """An input worked out from its own formula is worked out before the check; a problem of the input
    itself (an unknown id, no formula) is reported at the input, not again here."""
    a = measure("A", {"2025-26 Q1": 3, "2025-26 Q2": 4})
    measures = {
        "A": a,
        "T": calculated("2 * A", "T"),
        "C": calculated("1 / (T - 6)", "C"),
        "BROKEN": calculated("NOPE + 1", "BROKEN"),
        "EMPTY": measure("EMPTY", measure_type="calculated"),
        "ON-BROKEN": calculated("BROKEN * 2", "ON-BROKEN"),
        "ON-EMPTY": calculated("EMPTY * 2", "ON-EMPTY"),
    }
    assert problems(measures["C"], measures) == []
    assert [(o.period, o.value) for o in resolved(measures["C"], measures).outturns] == [
        ("2025-26 Q1", None),
        ("2025-26 Q2", Decimal("0.5")),
    ]
    assert [in_words(i) for _, value, i in worked_out(measures["C"], measures) if isinstance(value, NoValue)] == [
        "T is 6"
    ]
    assert problems(measures["ON-BROKEN"], measures) == []
    assert problems(measures["ON-EMPTY"], measures) == []
    assert problems(measures["BROKEN"], measures) == ["no measure 'NOPE'"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A / (B - C)", id="two-measures-less-each-other"),
        pytest.param("A / (B + B)", id="a-measure-and-itself"),
        pytest.param("A / (B * 0 + C)", id="a-sum-with-one-part-always-zero"),
        pytest.param("A / (0 - B)", id="zero-less-a-measure"),
        pytest.param("A / (B / C)", id="a-measure-divided"),
        pytest.param("A / -B", id="a-measure-negated"),
        pytest.param("A / B", id="a-measure"),
        pytest.param("A / (B * (1000000 * 1000001 - 1000000 * 1000001))", id="numbers-beyond-ten-to-the-twelve"),
        pytest.param("A / (1 - 0.5)", id="numbers-that-are-not-zero"),
        pytest.param("A * 0", id="times-zero"),
        pytest.param("0 / A", id="zero-divided"),
        pytest.param("A / (1000000 * 1000001)", id="a-divisor-beyond-ten-to-the-twelve"),
    ],
)
def test_a_divisor_that_is_not_always_zero_is_read(text: str) -> None:
    assert names(parse(text))


def test_a_literal_division_by_zero_is_reported_once_before_any_figure() -> None:
    """No period is named: the formula is refused whatever the figures, and once."""
    a = measure("A", {"2025-26 Q1": 5, "2025-26 Q2": 6})
    c = calculated("A / (3 - 3)")
    assert problems(c, {"A": a, "C-01": c}) == [f"division by zero: the divisor '(3 - 3)' (character 5) {FIX}"]
    assert problems(c, {"A": measure("A"), "C-01": c}) == problems(c, {"A": a, "C-01": c})


_LEAF = st.one_of(
    st.sampled_from(["0", "1", "2", "0.5"]).map(lambda n: Number(Decimal(n))), st.sampled_from("ABC").map(Ref)
)
_TREES = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        inner.map(Negate),
        inner.map(lambda part: Binary("-", part, part)),
        st.builds(Binary, st.sampled_from("+-*/"), inner, inner),
    ),
    max_leaves=12,
)
_FIGURES = st.decimals(min_value=-(10**4), max_value=10**4, allow_nan=False, allow_infinity=False, places=3)


@FAST
@given(tree=_TREES, figures=st.fixed_dictionaries({"A": _FIGURES, "B": _FIGURES, "C": _FIGURES}))
def test_a_divisor_refused_as_always_zero_is_never_anything_else(tree: Node, figures: dict[str, Decimal]) -> None:
    """Property: whatever the figures, a divisor refused as 0 comes to 0 or cannot be worked out at all."""
    if _always_zero(tree):
        with contextlib.suppress(FormulaError):
            assert evaluate(tree, figures) == 0


def validate_new_calculated_measure(
    tmp_path: Path, write_guidance: Callable[[Path], None], formula: str, figures: tuple[tuple[str, str], ...] = ()
) -> tuple[int, list[str], int]:
    """`pmf init`, `pmf new measure EX-02` and its guidance written, EX-01's ``figures`` recorded, EX-02's
    measure_type made calculated with ``formula``, then `pmf validate`: the exit code, the lines on stderr and
    the formula's line in the file."""
    from typer.testing import CliRunner

    from pmf.cli import app

    runner = CliRunner()
    root = tmp_path / "council"
    assert runner.invoke(app, ["init", str(root), "--as-of", "2026-11-26"]).exit_code == 0
    new = ["new", "measure", "EX-02", "--service", "example", "--root", str(root), "--as-of", "2026-11-26"]
    assert runner.invoke(app, new).exit_code == 0
    write_guidance(root)
    for period, value in figures:
        assert runner.invoke(app, ["record", "EX-01", period, value, "--root", str(root)]).exit_code == 0
    path = root / "plans/example/measures/EX-02.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("measure_type: "))
    lines[at : at + 1] = ["measure_type: calculated\n", f"formula: {formula}\n"]
    path.write_text("".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(root)])
    return result.exit_code, result.stderr.splitlines(), at + 2


@pytest.mark.parametrize(
    ("formula", "said"),
    [
        pytest.param("100 * EX-1 / 4", "no measure 'EX-1' (did you mean 'EX-01'?)", id="a-close-id"),
        pytest.param("100 * ZZZ / 4", "no measure 'ZZZ'", id="nothing-close"),
        pytest.param("EX-01 / 0", f"division by zero: the divisor '0' (character 9) {FIX}", id="divide-by-zero"),
        pytest.param("EX-01 / (2 - 2)", f"division by zero: the divisor '(2 - 2)' (character 9) {FIX}",
                     id="divide-by-numbers-that-make-zero"),
        pytest.param("EX-01 / (EX-01 * 0)", f"division by zero: the divisor '(EX-01 * 0)' (character 9) {FIX}",
                     id="divide-by-a-measure-times-zero"),
    ],
)  # fmt: skip
def test_validate_tells_the_lead_at_the_formula_of_a_measure_pmf_new_wrote(
    tmp_path: Path, write_guidance: Callable[[Path], None], formula: str, said: str
) -> None:
    """On a repository pmf init wrote, before any figure of EX-01 is recorded."""
    code, err, line = validate_new_calculated_measure(tmp_path, write_guidance, formula)
    assert code == 1
    assert err[0] == f"plans/example/measures/EX-02.yaml:{line}:10: formula: {said}"
    assert err[1:] == ["1 problem in 1 file"]


def test_a_measure_times_zero_as_divisor_is_refused_once_not_for_each_period(
    tmp_path: Path, write_guidance: Callable[[Path], None]
) -> None:
    """With EX-01's figures recorded for two quarters, the formula is refused once at its line, where
    each period was reported as a division by zero."""
    figures = (("2026-27 Q1", "60"), ("2026-27 Q2", "61"))
    code, err, line = validate_new_calculated_measure(tmp_path, write_guidance, "EX-01 / (EX-01 * 0)", figures)
    assert (code, err) == (
        1,
        [
            f"plans/example/measures/EX-02.yaml:{line}:10: formula: "
            f"division by zero: the divisor '(EX-01 * 0)' (character 9) {FIX}",
            "1 problem in 1 file",
        ],
    )


def test_validate_takes_a_formula_pmf_new_wrote_that_divides_by_a_number(
    tmp_path: Path, write_guidance: Callable[[Path], None]
) -> None:
    code, err, _ = validate_new_calculated_measure(tmp_path, write_guidance, "EX-01 / (2 - 1.5)")
    assert (code, err) == (0, ["No problems found."])
