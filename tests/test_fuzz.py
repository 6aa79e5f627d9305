"""Fuzzing: mutate the demo council's real files and run the whole pipeline; nothing may escape.

The suite runs a short version; `make fuzz` runs the long one (FUZZ_EXAMPLES, default 10,000)
and prints cases run, distinct problem messages and exceptions escaped.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmf import fieldwording, wording
from pmf.errors import PmfError
from pmf.loader import check_portfolio
from pmf.performance import activity_results, measure_results
from pmf.periods import window
from pmf.report import write_report

ROOT = Path(__file__).parent.parent
FILES = sorted(
    p.relative_to(ROOT) for p in [ROOT / "pmf.yaml", *ROOT.glob("plans/*/plan-*.yaml"), *ROOT.glob("plans/*/*/*.yaml")]
)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
SEEN: Counter[str] = Counter()
UNTRANSLATED: set[str] = set()  # messages still in the YAML reader's or pydantic's own words
RUN: Counter[str] = Counter()
VALUES = st.sampled_from(
    [
        "",
        "~",
        "[]",
        "{}",
        "-1",
        "0",
        "1e400",
        ".nan",
        "-.inf",
        "yes",
        "'x'",
        "2025-02-30",
        "<b>x</b>",
        "{{ 7*7 }}",
        "!!python/object:os.system x",
        "[1, [2, [3]]]",
        "&a x",
        "*a",
        "2025-26 Q9",
        "ŵŷâ",
        "{en: x, cy: y}",
        "{en: x, fr: y}",
        "{cy: y}",
    ]
)


@st.composite
def mutation(draw: st.DrawFn) -> tuple[Path, str]:
    """One demo file, changed the way a hurried edit or a bad merge changes a file (its Welsh too)."""
    path = draw(st.sampled_from(FILES))
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["drop", "duplicate", "retype", "swap", "cut", "indent", "key"]))
        line = lines[i]
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "retype" and ":" in line:
            key, _, _ = line.partition(":")
            lines[i] = f"{key}: {draw(VALUES)}\n"
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":
            lines = lines[: i + 1]
            lines[-1] = line[: draw(st.integers(0, len(line)))]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from(["", "  ", "\t", "    "])) + line.lstrip()
        elif kind == "key" and ":" in line:
            _, _, rest = line.partition(":")
            lines[i] = (
                draw(st.sampled_from(["  tolerance", "id", "2025", "- period", "? x", "outturns", "  cy", "  en"]))
                + ":"
                + rest
            )
    return path, "".join(lines)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutation())
def test_no_exception_escapes(demo_council: Path, change: tuple[Path, str]) -> None:
    path, text = change
    target = demo_council / path
    original = target.read_bytes()
    target.write_text(text, encoding="utf-8")
    RUN["cases"] += 1
    try:
        portfolio, problems = check_portfolio(demo_council)
        for p in problems:
            SEEN[p.message.split(":")[0][:60]] += 1
            if p.message.startswith((wording.UNKNOWN_YAML, fieldwording.UNKNOWN_PYDANTIC)):
                UNTRANSLATED.add(p.text())
            assert p.path and p.message
        if portfolio is not None:
            period = window("2026-27", "mid-year")
            measure_results(portfolio, period)
            activity_results(portfolio, period, dt.date(2026, 11, 23))
            write_report(
                portfolio, period, "mid-year", dt.date(2026, 11, 23), demo_council / "reports", "both", lang="both"
            )
        else:
            assert any(p.severity == "error" for p in problems)
    except PmfError:
        pass
    except BaseException:
        RUN["escaped"] += 1
        raise
    finally:
        target.write_bytes(original)


def test_fuzz_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Printed by `make fuzz`: cases run, distinct problem messages, exceptions escaped (which must be 0)."""
    with capsys.disabled():
        print(
            f"\nfuzz: {RUN['cases']} cases run, {len(SEEN)} distinct problem messages, "
            f"{RUN['escaped']} exceptions escaped, {len(UNTRANSLATED)} messages in a library's own words"
        )
        for text in sorted(UNTRANSLATED):  # each wants a row in pmf.wording and a case in tests/data/invalid
            print(f"  untranslated: {text}")
    assert RUN["escaped"] == 0
    assert len(SEEN) >= 3, "the mutations should break files in several different ways"
