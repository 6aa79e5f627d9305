"""The closest choice to a word that names nothing: what every "did you mean" offers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf.errors import Problem, closest, suggestion


@pytest.mark.parametrize(
    ("word", "choices", "meant"),
    [
        pytest.param("EX-O1", ["EX-61", "EX-01"], "EX-01", id="letter-o-for-zero"),
        pytest.param("EX-O1", ["EX-01", "EX-61"], "EX-01", id="in-either-order"),
        pytest.param("WST-I2", ["WST-72", "WST-12"], "WST-12", id="capital-i-for-one"),
        pytest.param("WST-l2", ["WST-72", "WST-12"], "WST-12", id="small-l-for-one"),
        pytest.param("HSG-0S", ["HSG-06", "HSG-05"], "HSG-05", id="s-for-five"),
        pytest.param("ASC-B0", ["ASC-30", "ASC-80"], "ASC-80", id="b-for-eight"),
        pytest.param("ex-o1", ["EX-61", "EX-01"], "EX-01", id="and-in-small-letters"),
        pytest.param("EX-01", ["EX-O1", "EX-61"], "EX-O1", id="a-digit-for-the-letter"),
        pytest.param("ppl-o9", ["PPL-08", "PPL-09", "HSG-09"], "PPL-09", id="small-letters-with-an-l"),
        pytest.param("pl-o1", ["PL-01", "PL-10"], "PL-01", id="an-l-in-the-prefix"),
        pytest.param("Waste", ["housing", "waste"], "waste", id="case-alone"),
        pytest.param("WST-60", ["WST-06", "WST-08"], "WST-06", id="two-digits-swapped"),
        pytest.param("WTS-06", ["WST-06", "WTT-06"], "WST-06", id="two-letters-swapped"),
        pytest.param("EX-1", ["EX-01", "ZZZ"], "EX-01", id="else-by-spelling"),
        pytest.param("ZZZ", ["EX-01", "EX-61"], None, id="nothing-close"),
        pytest.param("EX-O1", [], None, id="no-choices"),
    ],
)
def test_the_choice_meant_is_the_one_read_alike(word: str, choices: list[str], meant: str | None) -> None:
    assert closest(word, choices) == meant


def test_a_choice_read_alike_is_offered_however_little_it_is_spelt_alike() -> None:
    """'OI' and '01' share no character, yet read alike: it is the one meant."""
    assert suggestion("OI", ["01", "XX"]) == " (did you mean '01'?)"
    assert suggestion("OI", ["XX", "YY"]) == ""


ALIKE = {"0": "Oo", "1": "Ili", "5": "Ss", "8": "Bb"}


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=4),
    digits=st.text("0123456789", min_size=1, max_size=3),
    data=st.data(),
)
def test_an_id_with_digits_written_as_letters_is_told_its_own_id(prefix: str, digits: str, data: st.DataObject) -> None:
    """Property: an id whose digits are typed as the letters they look like, in either case, is told
    that id, whatever other ids differ from it by one digit."""
    ident = f"{prefix}-{digits}"
    typed = prefix.lower() if data.draw(st.booleans()) else prefix
    typed += "-" + "".join(data.draw(st.sampled_from(ALIKE[d])) if d in ALIKE else d for d in digits)
    others = [f"{prefix}-{digits[:i]}{n}{digits[i + 1 :]}" for i in range(len(digits)) for n in "0123456789"]
    choices = sorted({*others, ident})
    assert closest(typed, choices) == ident


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.text("ABCDEFGHJKMNPQRTUVWXYZ", min_size=2, max_size=4), digits=st.text("2345679", min_size=2, max_size=3)
)
def test_an_id_with_two_neighbouring_digits_swapped_is_told_its_own_id(prefix: str, digits: str) -> None:
    """Property: swapping two neighbouring digits of an id gives back that id, whatever other ids differ
    from the typed one by a single digit (WST-60 is WST-06, never WST-68 or WST-00)."""
    swaps = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
    if not swaps:
        return
    i = swaps[0]
    typed_digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    ident, typed = f"{prefix}-{digits}", f"{prefix}-{typed_digits}"
    others = {
        f"{prefix}-{typed_digits[:j]}{n}{typed_digits[j + 1 :]}" for j in range(len(digits)) for n in "0123456789"
    }
    choices = sorted((others - {typed}) | {ident})
    assert closest(typed, choices) == ident


def test_a_file_name_that_is_not_utf8_is_written_as_its_bytes_in_every_format(tmp_path: Path) -> None:
    """Python reads b'\\xff\\xfe' in a name as lone surrogates, which JSON and a UTF-8 terminal refuse."""
    import json
    import os
    import subprocess
    import sys

    repo = tmp_path / "repo"
    subprocess.run([Path(sys.executable).parent / "pmf", "init", str(repo)], capture_output=True, check=True)
    os.mkdir(os.fsencode(repo / "plans") + b"/\xff\xfe")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    pmf = [str(Path(sys.executable).parent / "pmf"), "validate", "--root", str(repo)]
    as_json = subprocess.run([*pmf, "--format", "json"], capture_output=True, env=env)
    assert json.loads(as_json.stdout)[0]["file"] == "plans/\\xff\\xfe"
    for fmt in ("github", "text"):
        done = subprocess.run([*pmf, "--format", fmt], capture_output=True, text=True, env=env)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "plans/\\xff\\xfe" in done.stdout + done.stderr


def test_a_problem_with_no_file_is_its_message_alone() -> None:
    assert Problem("", message="/nowhere: no such file or folder").text() == "/nowhere: no such file or folder"
    assert Problem("", message="x", severity="warning").text() == "warning: x"
    assert Problem("pmf.yaml", 3, 2, "", "x").text() == "pmf.yaml:3:2: x"
