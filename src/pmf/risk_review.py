"""A risk review recorded in the risk's file: its score, the review in the history, the next review date.

A second review on the day of the last replaces that one review, the last (older files may hold
two reviews of one day: the earlier is left as written). Its comment belongs to its score: a new
score given without a comment drops the old comment, and a review whose score is unchanged (a
Welsh added, a comment corrected) leaves the residual and ``review_date`` as they are (docs/data.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmf import edit_check, edits
from pmf.errors import UsageError, suggestion
from pmf.fields import RiskStatus
from pmf.models import RiskReview
from pmf.nodes import MappingNode, Node, SequenceNode, child, compose, read_for_edit, scalar_at
from pmf.record import Change, edited
from pmf.scalars import Versions
from pmf.schedule import add_months
from pmf.textedits import as_given, comment_note

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio


def review_risk(
    portfolio: Portfolio,
    risk_id: str,
    likelihood: int | None,
    impact: int | None,
    comment: str | Versions | None,
    on: dt.date,
) -> Change:
    """Record a review dated ``on``, or replace the last review when it is of that day (see the module's note).
    The score may be left out (None) only to replace that day's review, which keeps its own."""
    edit_check.refuse_unreadable(portfolio, risk_id)  # (one of two files with its id is read, but not edited)
    risk = portfolio.risks.get(risk_id)
    if risk is None:
        raise UsageError(f"no risk '{risk_id}'{suggestion(risk_id, list(portfolio.risks))}")
    last = risk.reviews[-1] if risk.reviews else None
    if last is not None and on < last.date:
        raise UsageError(f"the last review was on {last.date}: reviews are kept oldest first")
    same_day = last if last is not None and last.date == on else None
    likelihood, impact = _score(likelihood, impact, same_day, on)
    matrix = portfolio.settings.risk_matrix
    if not (1 <= likelihood <= matrix.likelihood and 1 <= impact <= matrix.impact):
        raise UsageError(f"likelihood runs from 1 to {matrix.likelihood} and impact from 1 to {matrix.impact}")
    rescored = same_day is None or (same_day.residual.likelihood, same_day.residual.impact) != (likelihood, impact)
    old_comment = same_day.comment if same_day is not None else None
    dropped = same_day is not None and rescored and comment is None and old_comment is not None
    path = portfolio.files[risk_id]
    before = read_for_edit(path)
    score = edits.Raw(f"{{likelihood: {likelihood}, impact: {impact}}}")
    fields: list[edits.Field] = [("date", edits.Raw(on.isoformat())), ("residual", score)]
    if (said := as_given(comment, old_comment)) is not None:
        fields.append(("comment", said))
    next_review = add_months(on, matrix.review_months)

    def same_date(item: MappingNode) -> bool:  # the last review alone is tried: reviews are kept oldest first
        return scalar_at(item, "date") == on.isoformat()

    def redo(original: str) -> str:
        text, _ = edits.edit_list(original, [], "reviews", same_date, fields, last=True)
        root = compose(text)
        changes = []
        if dropped and (item := _last_item(root)) is not None:
            changes.append(edits.remove_key(text, item, "comment"))
        if rescored:
            changes.append(edits.set_key(text, root, "review_date", edits.Raw(next_review.isoformat())))
            residual = child(root, "residual")
            if residual is not None and isinstance(residual[1], MappingNode):
                changes += [
                    edits.set_key(text, residual[1], "likelihood", likelihood),
                    edits.set_key(text, residual[1], "impact", impact),
                ]
        return edits.apply(text, changes)

    after = edited(portfolio.root, path, before, redo)
    due = f", next review by {next_review if rescored else risk.review_date}"
    if not rescored and risk.review_date != next_review:
        due += " (kept: the score is unchanged)"
    summary = _summary(risk_id, on, same_day, likelihood * impact, after == before, due, dropped, old_comment, comment)
    reached = risk.reaches_target([risk.residual.score], likelihood * impact)  # above it before this review
    if rescored and after != before and risk.status is RiskStatus.open and reached:
        summary += (
            f"; it has reached its target score ({risk.target.score}): close it (status: closed) if it needs no more "
            "managing, or set a lower target"
        )
    return Change(path, before, after, summary, redo)


def _score(likelihood: int | None, impact: int | None, same_day: RiskReview | None, on: dt.date) -> tuple[int, int]:
    """The score given, or (to replace that day's review) the one it holds."""
    if likelihood is not None and impact is not None:
        return likelihood, impact
    if same_day is None:
        raise UsageError(
            f"give --likelihood and --impact: there is no review on {on} to keep the score of "
            "(they may be left out only to correct that day's review)"
        )
    return (
        likelihood if likelihood is not None else same_day.residual.likelihood,
        impact if impact is not None else same_day.residual.impact,
    )


def _summary(
    risk_id: str,
    on: dt.date,
    same_day: RiskReview | None,
    score: int,
    unchanged: bool,
    due: str,
    dropped: bool,
    old_comment: object,
    comment: str | Versions | None,
) -> str:
    """What ``pmf review-risk`` says it did: ``unchanged: ...`` when the file is as it was (as ``pmf record`` says)."""
    note = comment_note(old_comment, comment)
    if unchanged:
        return f"{risk_id}: unchanged: the review on {on} already holds residual {score}{note}"
    again = " (replacing that day's review)" if same_day is not None else ""
    if dropped and same_day is not None:
        note = (
            f"; its comment, written for residual {same_day.residual.score}, was not kept beside the new score: "
            "give --comment to explain it"
        )
    return f"{risk_id}: reviewed on {on}{again}, residual {score}{due}{note}"


def _reviews(root: Node) -> list[Node]:
    found = child(root, "reviews") if isinstance(root, MappingNode) else None
    sequence = found[1] if found is not None else None
    return list(sequence.value) if isinstance(sequence, SequenceNode) else []


def _last_item(root: Node) -> MappingNode | None:
    """The last review in the file, when it is written as a mapping."""
    items = _reviews(root)
    return items[-1] if items and isinstance(items[-1], MappingNode) else None
