"""Calculated measures (SPEC 2.6): a formula's small grammar and its checks (its values per period: ``calculated``).

A formula is arithmetic over other measures' ids and numbers::

    formula  := sum
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | atom
    atom     := NUMBER | ID | "(" sum ")"

An id starts with a letter or "_" and runs over letters, digits, "_" and "-", so
``HSG-05`` is one id: write spaces around a minus between two ids (``A-1 - A-2``).
The text is read by this recursive-descent parser into a small tree and evaluated
with ``Decimal``; nothing is ever handed to Python's ``eval``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from pmf.errors import suggestion
from pmf.fields import LARGEST, MeasureType
from pmf.models import Measure

_TOKEN = re.compile(
    r"\s*(?:(?P<number>[0-9]+(?:\.[0-9]+)?(?![A-Za-z_]))|(?P<id>[A-Za-z_][A-Za-z0-9_-]*)|(?P<op>[-+*/()]))"
)
_MIXED = re.compile(r"[0-9][0-9.]*[A-Za-z_][A-Za-z0-9_-]*")
# Operators and brackets a formula may hold: the tree is read and worked out by recursion, so its
# depth is bounded here (a longer sum belongs in a calculated measure of its own).
MOST_OPERATORS = 100


class FormulaError(ValueError):
    """A formula that cannot be read or worked out, in words for the measure's owner."""


class NoValue(FormulaError):
    """A period whose divisor is 0 (0 bookings, so no rate): the period has no value, said as such."""


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    id: str


@dataclass(frozen=True)
class Negate:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Number | Ref | Negate | Binary


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """Split ``text`` into (kind, text, column) tokens; anything else is a problem at its column."""
    tokens, at = [], 0
    while text[at:].strip():  # up to the last token; trailing spaces are nothing
        match = _TOKEN.match(text, at)
        if match is None or match.lastgroup is None:
            column = at + len(text[at:]) - len(text[at:].lstrip()) + 1
            if word := _MIXED.match(text, column - 1):
                raise FormulaError(
                    f"'{word.group()}' (character {column}) is neither a number nor a measure id: "
                    "a number is digits with an optional point, and an id in a formula starts with a letter"
                )
            bad = text[column - 1]
            raise FormulaError(
                f"the {bad} at character {column} is not allowed: a formula is arithmetic "
                "(+ - * / and brackets) over measure ids and numbers"
            )
        tokens.append((match.lastgroup, match.group(match.lastgroup), match.start(match.lastgroup) + 1))
        at = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def sum(self) -> Node:
        node = self.product()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in ("+", "-"):
            self.take()
            node = Binary(token[1], node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in ("*", "/"):
            self.take()
            first = self.at
            right = self.unary()
            if token[1] == "/" and _always_zero(right):
                _, _, column = self.tokens[first]
                _, last, end = self.tokens[self.at - 1]
                divisor = self.text[column - 1 : end - 1 + len(last)]
                raise FormulaError(
                    f"division by zero: the divisor '{divisor}' (character {column}) is 0 whatever the figures; "
                    "divide by a measure or by a number other than 0"
                )
            node = Binary(token[1], node, right)
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in ("+", "-"):
            self.take()
            operand = self.unary()
            return Negate(operand) if token[1] == "-" else operand
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too soon: a measure id, a number or '(' should follow")
        kind, text, column = self.take()
        if kind == "number":
            return Number(Decimal(text))
        if kind == "id":
            return Ref(text)
        if text == "(":
            node = self.sum()
            closing = self.peek()
            if closing is None or closing[1] != ")":
                raise FormulaError(f"the '(' at character {column} is never closed")
            self.take()
            return node
        raise FormulaError(f"'{text}' (character {column}) where a measure id, a number or '(' belongs")


@functools.lru_cache(maxsize=256)
def parse(text: str) -> Node:
    """Read a formula into its tree, or raise ``FormulaError`` saying where it goes wrong.

    Kept by its text (the tree is immutable): the checks, the series and the reports each ask.
    """
    parser = _Parser(text)
    if not parser.tokens:
        raise FormulaError("the formula is empty: write arithmetic over measure ids, e.g. 100 * HSG-05 / HSG-06")
    if (operators := sum(kind == "op" for kind, _, _ in parser.tokens)) > MOST_OPERATORS:
        raise FormulaError(
            f"the formula has {operators} operators and brackets; pmf takes at most {MOST_OPERATORS}: "
            "work part of it out in a calculated measure of its own and name that measure here"
        )
    node = parser.sum()
    if (extra := parser.peek()) is not None:
        # A sum stops only at what cannot carry it on: an id, a number or a bracket.
        _, word, column = extra
        if word == ")":
            raise FormulaError(f"the ')' at character {column} closes nothing")
        raise FormulaError(f"'{word}' (character {column}) where an operator (+ - * /) belongs")
    return node


def _always_zero(node: Node) -> bool:
    """Whether ``node`` is 0 whatever any measure's figures (where it can be worked out at all):
    numbers alone that come to 0, a product with a factor always 0, 0 divided by anything, a sum
    or difference of two such, one negated, or a part less the same part (``A - A``)."""
    if not names(node):
        try:
            return evaluate(node, {}) == 0
        except FormulaError:  # numbers beyond 10¹²: said when the formula is worked out
            return False
    if isinstance(node, Negate):
        return _always_zero(node.operand)
    if not isinstance(node, Binary):
        return False  # a measure's figure may be anything
    if node.op == "*":
        return _always_zero(node.left) or _always_zero(node.right)
    if node.op == "/":
        return _always_zero(node.left)
    if node.op == "-" and node.left == node.right:
        return True
    return _always_zero(node.left) and _always_zero(node.right)


def names(node: Node) -> list[str]:
    """The measure ids a formula reads, in order of first use."""
    if isinstance(node, Ref):
        return [node.id]
    if isinstance(node, Number):
        return []
    if isinstance(node, Negate):
        return names(node.operand)
    return list(dict.fromkeys([*names(node.left), *names(node.right)]))


def evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    """The formula's value with each id replaced by its value; a division by zero raises ``FormulaError``."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        return values[node.id]
    if isinstance(node, Negate):
        return -evaluate(node.operand, values)
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if node.op == "+":
        result = left + right
    elif node.op == "-":
        result = left - right
    elif node.op == "*":
        result = left * right
    else:
        try:
            result = left / right
        except (DivisionByZero, InvalidOperation):
            raise NoValue("division by zero") from None
    if abs(result) > LARGEST:  # as for a figure written in a file: pmf computes up to 10¹² exactly
        raise FormulaError(f"a result of {result:.3g}, beyond the 1,000,000,000,000 (10¹²) pmf takes")
    return result


def problems(measure: Measure, measures: Mapping[str, Measure], unreadable: Collection[str] = ()) -> list[str]:
    """What is wrong with a measure's formula (SPEC 2.6), each in words for its owner; a measure among
    ``unreadable`` (its file has problems of its own, already said) is not "no measure" here. A period it
    cannot be worked out for is ``worked_out``'s to say (``measure_checks``)."""
    calculated = measure.measure_type is MeasureType.calculated
    if not calculated:
        if measure.formula is not None:
            return ["a formula is used only by a calculated measure: add 'measure_type: calculated' or remove it"]
        return []
    if measure.formula is None:
        return ["a calculated measure needs a formula over other measures' ids, e.g. '100 * HSG-05 / HSG-06'"]
    found = []
    if measure.outturns:
        found.append(
            "a calculated measure's outturns are worked out from its formula: remove the outturns written by hand"
        )
    try:
        tree = parse(measure.formula)
    except FormulaError as exc:
        return [*found, f"{exc}"]
    ids = names(tree)
    unknown = [name for name in ids if name not in measures]
    for name in (name for name in unknown if name not in unreadable):
        if "-" in name and _split(name, measures):
            hint = " (write spaces around '-' between two ids)"
        else:
            hint = suggestion(name, [other for other in measures if other != measure.id])  # never itself
        found.append(f"no measure '{name}'{hint}")
    if unknown:
        return found
    if (circle := cycle(measure.id, measures, ())) is not None:
        return [*found, "the measures are worked out from each other in a circle: " + " → ".join(circle)]
    mismatched = [
        f"'{name}' is {other.frequency.value} but this measure is {measure.frequency.value}: "
        "a formula combines measures of the same frequency"
        for name in ids
        if (other := measures[name]).frequency is not measure.frequency
    ]
    if mismatched:
        return [*found, *mismatched]
    if not ids:
        try:
            evaluate(tree, {})
        except FormulaError as exc:
            found.append(str(exc))
    return found  # (a period the formula cannot be worked out for: ``worked_out``, which the rules run once)


def _split(name: str, measures: Mapping[str, Measure]) -> bool:
    parts = name.split("-")
    return any("-".join(parts[:i]) in measures for i in range(1, len(parts)))


def cycle(start: str, measures: Mapping[str, Measure], path: tuple[str, ...]) -> list[str] | None:
    """The first circle of formulas reached from ``start``, as the ids walked, or None."""
    if start in path:
        return [*path[path.index(start) :], start]
    measure = measures.get(start)
    if measure is None or measure.measure_type is not MeasureType.calculated or measure.formula is None:
        return None
    try:
        tree = parse(measure.formula)
    except FormulaError:
        return None
    for name in names(tree):
        if (found := cycle(name, measures, (*path, start))) is not None:
            return found
    return None
