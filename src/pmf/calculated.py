"""A calculated measure's figures per period (SPEC 2.6), worked out from its formula (``formula``): where every
input has a value, and why a period has none where the divisor is 0."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from pmf.fields import MeasureType
from pmf.formula import FormulaError, Node, NoValue, cycle, evaluate, names, parse
from pmf.models import Measure, Outturn
from pmf.periods import parse_period


def _series(measure: Measure, measures: Mapping[str, Measure], seen: tuple[str, ...]) -> dict[str, Decimal]:
    """A measure's values by period label, working out calculated ones; periods that fail are left out."""
    if measure.measure_type is not MeasureType.calculated:
        return {
            label: o.value for o in measure.outturns if o.value is not None and (label := _label(o.period, measure))
        }
    if measure.id in seen or measure.formula is None:
        return {}
    try:
        tree = parse(measure.formula)
    except FormulaError:
        return {}
    inputs = {}
    for name in names(tree):
        if name not in measures:
            return {}
        inputs[name] = _series(measures[name], measures, (*seen, measure.id))
    return {label: value for label, value in _values(tree, inputs) if isinstance(value, Decimal)}


def _values(tree: Node, inputs: Mapping[str, Mapping[str, Decimal]]) -> list[tuple[str, Decimal | FormulaError]]:
    """(period, value) for every period where each input has a value; the error where it cannot be worked out
    (a division by zero, a result beyond 10¹²)."""
    ids = names(tree)
    labels = [label for label in next(iter(inputs.values()))] if ids else []
    out: list[tuple[str, Decimal | FormulaError]] = []
    for label in labels:
        if all(label in inputs[i] for i in ids):
            try:
                out.append((label, evaluate(tree, {i: inputs[i][label] for i in ids})))
            except FormulaError as exc:
                out.append((label, exc))
    return out


def _label(text: str, measure: Measure) -> str:
    """The period as pmf writes it, so inputs written differently still line up ('' if unreadable)."""
    try:
        return parse_period(text, measure.frequency.value).label
    except ValueError:
        return ""


class Unworked(Outturn):
    """A period a calculated measure's formula gives no value for, its divisor being 0: a figure not available,
    and why is a fact pmf knows (the inputs' figures), worded where it is shown, never written in as a comment."""

    divided_by_zero: tuple[tuple[str, Decimal], ...]  # each input's figure for the period, in the formula's order


def divides_by_zero(measure: Measure) -> dict[str, tuple[tuple[str, Decimal], ...]]:
    """The periods of a ``resolved`` measure its formula gives no value for (divisor 0), with the inputs' figures."""
    return {o.period: o.divided_by_zero for o in measure.outturns if isinstance(o, Unworked)}


def resolved(measure: Measure, measures: Mapping[str, Measure]) -> Measure:
    """The measure with its outturns worked out from its formula (a measure that is not calculated is returned as it is).

    A period whose divisor is 0 is a figure not available (``Unworked``), as one recorded so is; why is a fact,
    not the inputs' commentary, which is about their figures.
    """
    if measure.measure_type is not MeasureType.calculated:
        return measure
    said = _comments(measure, measures)
    outturns = [
        Outturn(period=label, value=value, comment=said.get(label))
        if isinstance(value, Decimal)
        else Unworked(period=label, divided_by_zero=tuple(inputs.items()))  # why is its own: no commentary
        for label, value, inputs in worked_out(measure, measures)
        if not isinstance(value, FormulaError) or isinstance(value, NoValue)  # (beyond 10¹²: a problem)
    ]
    return measure.model_copy(update={"outturns": outturns})


def in_words(figures: Mapping[str, Decimal]) -> str:
    """The inputs' figures as pmf's messages give them: 'ASC-10 is 0, ASC-11 is 0'."""
    return ", ".join(f"{name} is {value}" for name, value in figures.items())


def _comments(measure: Measure, measures: Mapping[str, Measure]) -> dict[str, str]:
    """Each period's commentary, taken from the formula's inputs (the first that has one)."""
    found: dict[str, str] = {}
    try:
        ids = names(parse(measure.formula or ""))
    except FormulaError:
        return found
    for name in ids:
        for o in measures[name].outturns if name in measures else []:
            if o.comment and (label := _label(o.period, measures[name])):
                found.setdefault(label, o.comment)
    return found


def worked_out(
    measure: Measure, measures: Mapping[str, Measure]
) -> list[tuple[str, Decimal | FormulaError, dict[str, Decimal]]]:
    """Each period a calculated measure's formula is worked out for: its value (or why it has none, ``NoValue``
    where the divisor is 0) and its inputs' figures (``in_words``); nothing for a formula ``problems`` names."""
    try:
        tree = parse(measure.formula or "")
    except FormulaError:
        return []
    ids = names(tree)
    if not ids or any(n not in measures or measures[n].frequency is not measure.frequency for n in ids):
        return []
    if cycle(measure.id, measures, ()) is not None:
        return []
    inputs = {name: _series(measures[name], measures, (measure.id,)) for name in ids}
    return [(label, value, {name: inputs[name][label] for name in ids}) for label, value in _values(tree, inputs)]
