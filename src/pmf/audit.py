"""The audit trail: what changed in the measures, when and by whom, read from the real git history.

Uses the ``git`` program; a plans folder outside a git repository gets a clear message.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pmf.errors import EXIT_PROBLEMS, UsageError
from pmf.git import Refused
from pmf.git import run as run_git
from pmf.i18n import _, long_date
from pmf.periods import parse_period
from pmf.yamlio import load_fast

if TYPE_CHECKING:
    from pmf.portfolio import Portfolio
    from pmf.settings import Settings

DEFINITION_FIELDS = (
    "title",
    "description",
    "scope_and_definition",
    "source",
    "calculation",
    "data_type",
    "decimals",
    "aggregation",
    "measure_type",
    "frequency",
    "benchmarking",
    "polarity",
)


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    when: dt.datetime

    @property
    def day(self) -> dt.date:
        return self.when.date()


@dataclass(frozen=True)
class Late:
    """Why a change came late, told in the current language when it is shown."""

    kind: Literal["signed", "to come", "reported", "removed", "listed", "unlisted"]
    year: str = ""
    day: dt.date | None = None

    def __str__(self) -> str:
        if self.kind == "signed" and self.day:
            return _("changed after the %(year)s plan was signed off on %(date)s") % {
                "year": self.year,
                "date": long_date(self.day),
            }
        if self.kind == "to come" and self.day:
            return _(
                "changed under the %(year)s plan's sign-off dated %(date)s, a day not yet come: check the year of "
                "its sign-off"
            ) % {"year": self.year, "date": long_date(self.day)}
        if self.kind in ("listed", "unlisted") and self.day:
            words = (
                _("listed in the %(year)s plan after it was signed off on %(date)s")
                if self.kind == "listed"
                else _("taken out of the %(year)s plan after it was signed off on %(date)s")
            )
            return words % {"year": self.year, "date": long_date(self.day)}
        if self.kind == "reported" and self.day:
            return _("changed after it was reported (update due %(date)s)") % {"date": long_date(self.day)}
        return _("a reported figure was removed")


@dataclass(frozen=True)
class AuditEntry:
    """One change to one value of a measure, with the commit that made it."""

    measure: str
    path: str
    what: str  # e.g. thresholds.2025-26.target, outturns.2025-26 Q2.value, polarity
    old: Any
    new: Any
    commit: Commit
    flag: Late | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "file": self.path,
            "change": self.what,
            "old": _plain(self.old),
            "new": _plain(self.new),
            "commit": self.commit.sha,
            "author": self.commit.author,
            "date": self.commit.when.isoformat(),
            "flag": str(self.flag) if self.flag else None,
        }

    def shown(self) -> tuple[str, str]:
        """The old and new values in words, as the report's late changes and pmf audit's text and Markdown say them."""
        figure = self.what.startswith("outturns.") and not self.what.endswith(".comment")  # the old figure
        return worded(self.old, figure), worded(self.new, figure and self.what.endswith(".value"))


def worded(value: Any, figure: bool = False) -> str:
    """A value as a plan file held it, in the current language's words, never as Python writes it.

    A figure recorded as not available (``value: null``) is "not available (n/a)"; any other
    value left out (no mid-year pair, a figure removed, a measure not in the plan) is "none";
    true and false are "yes" and "no"; a date is written out; a list's items and a mapping's
    keys (``{en: ..., cy: ...}``) are each worded in turn.
    """
    if value is None:
        return _("not available (n/a)") if figure else _("none")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return f"{long_date(value)} {value:%H:%M}"
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, list):
        return ", ".join(worded(item) for item in value) or _("none")
    if isinstance(value, dict):
        return "; ".join(f"{key}: {worded(item)}" for key, item in value.items()) or _("none")
    return str(value)


def _plain(value: Any) -> Any:
    """A value for JSON: text, numbers, true, false and null as they are; a list or mapping item by item."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def git(root: Path, *args: str, refused: str = "") -> str:
    """git's output; a usage error when git is missing or refuses (``refused``, or git's own words)."""
    try:
        return run_git(root, *args)
    except FileNotFoundError:
        raise UsageError("pmf audit reads the git history, and git is not installed") from None
    except Refused as exc:
        raise UsageError(refused or f"git: {exc.stderr.strip() or exc}") from None


def _top(root: Path) -> Path:
    outside = (
        f"{root} is not in a git repository: the audit trail comes from git history (git init, then commit the plans)"
    )
    top = Path(git(root, "rev-parse", "--show-toplevel", refused=outside).strip())
    if git(top, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise TruncatedHistory(
            "the git history here is cut short (a shallow clone, as actions/checkout makes by default), so "
            "changes before its first commit cannot be seen: fetch the whole history with 'git fetch --unshallow', "
            "or in GitHub Actions give actions/checkout 'fetch-depth: 0'"
        )
    return top


class TruncatedHistory(UsageError):
    """A shallow clone: the audit would count no changes where there were some (exit 1, not 0)."""

    def __init__(self, message: str):
        super().__init__(message, exit_code=EXIT_PROBLEMS)


def _versions(root: Path, top: Path, path: Path, since: dt.date | None) -> list[tuple[Commit, dict[str, Any] | None]]:
    """Every committed version of a file, oldest first (None where the file was deleted or unreadable)."""
    rel = path.resolve().relative_to(top.resolve()).as_posix()
    log = git(top, "log", "--follow", "--format=%H%x1f%an%x1f%aI", "--", rel)
    versions = []
    for line in reversed(log.splitlines()):
        sha, author, when = line.split("\x1f")
        commit = Commit(sha, author, dt.datetime.fromisoformat(when))
        try:
            text = git(top, "show", f"{sha}:{rel}")
            data = load_fast(text)
        except Exception:  # a broken old version is skipped, not fatal
            data = None
        versions.append((commit, data if isinstance(data, dict) else None))
    if since is not None:
        before = [v for v in versions if v[0].day < since]
        after = [v for v in versions if v[0].day >= since]
        versions = before[-1:] + after
    return versions


def file_histories(root: Path, paths: Iterable[Path]) -> list[list[tuple[Commit, dict[str, Any] | None]]]:
    """Every committed version of each plans file, oldest first; a usage error outside a git repository,
    and :class:`TruncatedHistory` in a shallow clone."""
    top = _top(root)
    return [_versions(root, top, path, None) for path in paths]


LIMITS = ("target", "tolerance", "mid-year target", "mid-year tolerance")


def _limits(written: object) -> dict[str, Any]:
    """A year's thresholds as written: the target and tolerance, and the mid-year pair (None where absent)."""
    year: dict[str, Any] = written if isinstance(written, dict) else {}
    found = year.get("mid-year")
    mid: dict[str, Any] = found if isinstance(found, dict) else {}
    return {
        "target": year.get("target"),
        "tolerance": year.get("tolerance"),
        "mid-year target": mid.get("target"),
        "mid-year tolerance": mid.get("tolerance"),
    }


def _outturns(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    outturns = data.get("outturns")
    for item in outturns if isinstance(outturns, list) else []:
        if isinstance(item, dict) and "period" in item:
            found[str(item["period"])] = item
    return found


def _reported_by(settings: Settings, period_text: str, frequency: str) -> dt.date | None:
    """The update deadline of the window that first reported a period (31 October or 30 April, or pmf.yaml's)."""
    from pmf.schedule import update_due

    try:
        period = parse_period(period_text, frequency)
    except ValueError:
        return None
    return update_due(settings, period)[1]


def _after_sign_off(
    portfolio: Portfolio, service: str, year: str, commit: Commit, today: dt.date | None
) -> Late | None:
    """Why a change to the service's plan for ``year`` (its measures, their thresholds) by ``commit`` is flagged:
    made after the plan was signed off, or under a sign-off dated after ``today``, which cannot be relied on."""
    plan = portfolio.plan(service, year)
    signed = plan.sign_off.date if plan and plan.sign_off else None
    if signed is None:
        return None
    if today is not None and signed > today:
        return Late("to come", year, signed)
    return Late("signed", year, signed) if commit.day > signed else None


def _compare(
    portfolio: Portfolio,
    service: str,
    old: dict[str, Any],
    new: dict[str, Any],
    commit: Commit,
    year: str | None,
    today: dt.date | None,
) -> list[tuple[str, Any, Any, Late | None]]:
    """What one commit changed in one measure file, each change flagged where it came late."""
    found: list[tuple[str, Any, Any, Late | None]] = []
    for key in DEFINITION_FIELDS:
        if old.get(key) != new.get(key):
            found.append((key, old.get(key), new.get(key), None))
    old_t, new_t = old.get("thresholds") or {}, new.get("thresholds") or {}
    for fy in sorted(set(old_t) | set(new_t), key=str):
        a, b = old_t.get(fy) or {}, new_t.get(fy) or {}
        if (
            (year is not None and str(fy) != year)
            or fy not in old_t
            or not (isinstance(a, dict) and isinstance(b, dict))
        ):
            continue
        flag = _after_sign_off(portfolio, service, str(fy), commit, today)
        was, now = _limits(a), _limits(b)
        for key in LIMITS:
            if was[key] != now[key]:
                found.append((f"thresholds.{fy}.{key.replace(' ', '.')}", was[key], now[key], flag))
    old_o, new_o = _outturns(old), _outturns(new)
    for period in sorted(set(old_o) | set(new_o)):
        if year is not None and not period.startswith(year):
            continue
        if period not in new_o:
            found.append((f"outturns.{period}", old_o[period].get("value"), None, Late("removed")))
            continue
        if period not in old_o:
            continue
        for key in ("value", "comment"):
            if old_o[period].get(key) != new_o[period].get(key):
                due = _reported_by(portfolio.settings, period, str(new.get("frequency", "")))
                late = key == "value" and due is not None and commit.day > due
                flag = Late("reported", day=due) if late and due else None
                found.append((f"outturns.{period}.{key}", old_o[period].get(key), new_o[period].get(key), flag))
    return found


def audit(
    portfolio: Portfolio, since: dt.date | None = None, year: str | None = None, today: dt.date | None = None
) -> list[AuditEntry]:
    """Every change to thresholds, polarity, definitions and reported outturns, flagged where late, and
    every measure listed in a plan or taken out of it after the plan was signed off, flagged.

    Flagged: a threshold for a year changed after that year's plan was signed off (any change, when
    the sign-off is dated after ``today``: it cannot say when the plan was signed off), and an
    outturn changed after the update deadline of the window that reported it.
    """
    top = _top(portfolio.root)
    entries = _plan_changes(portfolio, top, since, year, today)
    for measure_id in sorted(portfolio.measures):
        path = portfolio.files[measure_id]
        name = path.resolve().relative_to(top.resolve()).as_posix()
        versions = _versions(portfolio.root, top, path, since)
        for (_commit, old), (commit, new) in itertools.pairwise(versions):
            if old is not None and new is not None:
                changes = _compare(portfolio, portfolio.service_of[measure_id], old, new, commit, year, today)
                entries += [AuditEntry(measure_id, name, what, a, b, commit, flag) for what, a, b, flag in changes]
    return sorted(entries, key=lambda e: (e.commit.when, e.measure, e.what))


def _plan_changes(
    portfolio: Portfolio, top: Path, since: dt.date | None, year: str | None, today: dt.date | None
) -> list[AuditEntry]:
    """Each measure listed in a plan, or taken out of it, by a commit after the plan was signed off: a
    change to what the Cabinet Member approved, as a target changed then is. Before sign-off a plan is a
    draft, and its measures come and go unlisted here."""
    entries: list[AuditEntry] = []
    for (service, fy), _plan in sorted(portfolio.plans.items()):
        if year is not None and fy != year:
            continue
        path = portfolio.files[f"{service}/{fy}"]
        name = path.resolve().relative_to(top.resolve()).as_posix()
        for (_commit, old), (commit, new) in itertools.pairwise(_versions(portfolio.root, top, path, since)):
            flag = _after_sign_off(portfolio, service, fy, commit, today)
            if old is None or new is None or flag is None:
                continue
            was, now = _listed(old), _listed(new)
            for measure_id in sorted(set(was) ^ set(now)):
                gone = measure_id in was
                said = Late("unlisted" if gone else "listed", fy, flag.day) if flag.kind == "signed" else flag
                what = f"plan-{fy}.{(was if gone else now)[measure_id]}"
                old_id, new_id = (measure_id, None) if gone else (None, measure_id)
                entries.append(AuditEntry(measure_id, name, what, old_id, new_id, commit, said))
    return entries


def _listed(plan: dict[str, Any]) -> dict[str, str]:
    """A plan's measures as written, each with the list that names it (``indicators``, ``performance_measures``)."""
    found: dict[str, str] = {}
    outcomes = plan.get("outcomes")  # as an old commit wrote it, perhaps not a list
    for outcome in outcomes if isinstance(outcomes, list) else []:
        for key in ("indicators", "performance_measures"):
            ids = outcome.get(key) if isinstance(outcome, dict) else None
            for measure_id in ids if isinstance(ids, list) else []:
                found.setdefault(str(measure_id), key)
    return found


@dataclass(frozen=True)
class HistoryRow:
    year: str
    what: str  # "target", "tolerance" or a period label
    value: Any
    status: str | None
    commit: Commit | None


def history(portfolio: Portfolio, measure_id: str) -> list[HistoryRow]:
    """A measure's thresholds and figures year by year, each with the commit that set it."""
    from decimal import Decimal

    from pmf.errors import suggestion
    from pmf.performance import reported_status

    measure = portfolio.measures.get(measure_id)
    if measure is None:
        raise UsageError(f"no measure '{measure_id}'{suggestion(measure_id, list(portfolio.measures))}")
    top = _top(portfolio.root)
    set_by: dict[tuple[str, str], tuple[Any, Commit | None]] = {}
    for commit, data in _versions(portfolio.root, top, portfolio.files[measure_id], None):
        if data is None:
            continue
        for fy, limits in (data.get("thresholds") or {}).items():
            for key, value in _limits(limits).items():
                if set_by.get((str(fy), key), (object(),))[0] != value:
                    set_by[(str(fy), key)] = (value, commit)
        for period, item in _outturns(data).items():
            if set_by.get((period, "value"), (object(),))[0] != item.get("value"):
                set_by[(period, "value")] = (item.get("value"), commit)
    rows = []
    for fy, limits in sorted(measure.thresholds.items()):
        pairs = [("target", limits.target), ("tolerance", limits.tolerance)]
        if limits.mid_year is not None:
            pairs += [("mid-year target", limits.mid_year.target), ("mid-year tolerance", limits.mid_year.tolerance)]
        rows += [HistoryRow(fy, key, value, None, set_by.get((fy, key), (None, None))[1]) for key, value in pairs]
    for o in measure.outturns:
        when = parse_period(o.period, measure.frequency.value)
        value = Decimal(o.value) if o.value is not None else None
        status = reported_status(portfolio, measure, value, when, own_figure=True)  # as the reports judge it
        setter = set_by.get((o.period, "value"), (None, None))[1]
        rows.append(HistoryRow(when.financial_year, when.label, o.value, status.value if status else None, setter))
    return sorted(
        rows, key=lambda r: (r.year, r.what not in LIMITS, LIMITS.index(r.what) if r.what in LIMITS else 0, r.what)
    )
