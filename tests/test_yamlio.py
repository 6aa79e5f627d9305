"""The fast reader (yaml-rs) and the careful reader (ruamel.yaml) agree: a value means the same whichever read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmf import yamlcareful
from pmf.yamlio import Document, load_fast
from pmf.yamlscreen import YamlProblem, ordinary

ROOT = Path(__file__).parent.parent


def careful(text: str) -> object:
    try:
        return yamlcareful.careful(text)
    except YamlProblem as exc:
        return ("problem", exc.message, exc.line)


def fast(text: str) -> object:
    try:
        return load_fast(text)
    except YamlProblem as exc:
        return ("problem", exc.message, exc.line)


def test_demo_and_test_files_read_the_same_on_both_paths() -> None:
    files = [*ROOT.glob("plans/**/*.yaml"), *ROOT.glob("tests/data/**/*.yaml"), *ROOT.glob("examples/**/*.yaml")]
    files += [*ROOT.glob("src/pmf/data/**/*.yaml"), *ROOT.glob("assessments/*.yaml"), ROOT / "pmf.yaml"]
    assert len(files) > 170
    for path in files:
        if path.name == "hostile-alias-bomb.yaml":
            continue  # equal, but comparing its billions of expanded values would take minutes
        text = path.read_text(encoding="utf-8")
        assert comparable(fast(text)) == comparable(careful(text)), path


def comparable(value: object) -> object:
    """``.nan`` read on both paths compares equal (a NaN is never equal to itself)."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return "nan" if isinstance(value, float) and value != value else value


@pytest.mark.parametrize(
    "text",
    [
        "a: 010\nb: 0o10\nc: 0x1F\nd: 1_000\ne: +12\nf: -0\n",
        "a: yes\nb: no\nc: on\nd: off\ne: y\nf: True\ng: FALSE\n",
        "a: .inf\nb: -.Inf\nc: .nan\nd: 1e3\ne: 1.5e-2\nf: .5\n",
        "a: ~\nb: null\nc:\nd: Null\n",
        "a: 2025-02-14\nb: 2025-26\nc: 2025-26 Q1\nd: 12:30\ne: 1:20:30\n",
        "a: &x [1, 2]\nb: *x\nc: {<<: {k: 1}, j: 2}\n",
        "a: 1\na: 2\n",
        "a: !!bool maybe\n",
        "a: !custom 3\n",
        "a: [1, 2\n",
        "a: '2025-02-30'\nb: 2025-02-30\n",
        "2025: x\n2025-07-15: y\n~: z\ntrue: w\n1.5: v\n",
        "a: 12:30:00\nb: 2025-02-14T10:20:30\nc: 2025-02-14 10:20:30Z\n",
        "a: 0b101\nb: 0B1\nc: 0X1f\n",
        "a: 1\n---\nb: 2\n",
        "a: x\x07y\n",
        "a: 2025-13-01\nb: 2025-00-10\nc: 2025-04-31\nd: 2024-02-29\ne: 2025-02-29\n",
        "a: !!str 12\nb: !!int '7'\nc: !!float 3\n",
        "a: [1, 2]\n? [x, y]\n: z\n",
        "a: '2026-03-31'\nb: \"2026-03-31\"\nc: [\"2026-03-31\"]\nd: {e: '2026-03-31 Q1'}\n",
        "a: .iNf\nb: -.INf\nc: .nAn\nd: .Inf\ne: -.inf\nf: .NAN\n",
        "a: _1\nb: 1e_3\nc: 1e3_\nd: _.5\ne: 1_000\nf: __2\n",
        "a: 2025-07-15T10:00Z\nb: 2025-07-15 10:00\nc: 2025-07-15t10:00+01:00\n",
        "a: b\t\n",
        "-\t1\n",
        "a: 'x\ty'\n",
        "a: x\x85y\nb: x\u2029\n",
        "a: |\n  x\u2028y\n",
        "\ufeffa: 1\n",
        "a: \ufeff\n",
        "a: =\n",
        "a: [x:]\nb: {y:}\nc: [x:,y]\nd: {x :}\n",
        "a: {:x}\nb: [::]\nc: {x, :y}\n",
        'a: ["x":y]\n',
        'a: [? "a":b]\n',
        "a: [x, &y 'q':1]\n",
        "a: {b\n : 1}\n",
        "a: {b\n c: 1}\n",
        "a: {x: [1], b\n : 1}\n",
        'a: {x: "]", b\n : 1}\n',
        "a: {x: [1], b\r : 1}\r",
        "%YAML 1.3\n---\na: 1\n",
        'a: "\\U00110000"\n',
        "[[1]]: 2\n",
        "? [1, {a: 1}]\n: 2\n",
        "a: 1" + "0" * 4300 + "\n",
        "a: 0x" + "f" * 3600 + "\nb: 0o" + "7" * 4800 + "\n",
        "a: 0o_\nb: 0x_\nc: 0b__\nd: ._\ne: -._\n",
        "a: &a\n  k: *a\n",
        "- &a [1, {k: *a}]\n",
        "a: &x [1]\nb: [*x, *x]\n",
        "a: 1\r---\rb: 2\r",
        "a: 1\r...\rb: 2\r",
    ],
    ids=[
        "integers",
        "booleans-1.2-only",
        "floats",
        "nulls",
        "dates-and-sexagesimal",
        "anchors-and-merge",
        "duplicate-key",
        "bad-bool-tag",
        "unknown-tag",
        "unclosed-flow",
        "impossible-date",
        "keys-that-are-not-text",
        "times-and-timestamps",
        "upper-case-prefixes",
        "two-documents",
        "a-control-character",
        "dates-at-the-edges",
        "standard-tags",
        "complex-key",
        "quoted-dates-stay-text",
        "infinity-in-mixed-case",
        "underscores-beside-numbers",
        "timestamps-without-seconds",
        "a-tab-after-a-value",
        "a-tab-after-a-dash",
        "a-tab-in-quotes",
        "unicode-line-ends",
        "a-line-separator-in-a-block",
        "a-second-byte-order-mark",
        "a-byte-order-mark-as-a-value",
        "an-equals-sign-alone",
        "a-colon-before-a-bracket",
        "a-colon-starting-an-entry",
        "a-quoted-key-without-a-space-in-brackets",
        "a-quoted-key-after-a-question-mark-in-brackets",
        "a-quoted-key-after-an-anchor-in-brackets",
        "a-key-over-two-lines-in-braces",
        "a-plain-key-over-two-lines-in-braces",
        "a-key-over-two-lines-after-nested-brackets",
        "a-key-over-two-lines-after-a-quoted-bracket",
        "a-key-over-two-lines-ended-by-cr",
        "yaml-version-1.3",
        "an-escape-beyond-unicode",
        "a-list-of-lists-as-a-key",
        "a-list-holding-a-mapping-as-a-key",
        "a-number-of-4301-digits",
        "0x-and-0o-numbers-past-4300-digits",
        "underscores-alone-after-a-prefix",
        "an-alias-inside-its-own-anchor",
        "an-alias-deep-inside-its-own-anchor",
        "aliases-beside-their-anchor",
        "two-documents-with-cr-line-ends",
        "a-document-end-with-cr-line-ends",
    ],
)
def test_yaml_1_2_semantics_are_identical(text: str) -> None:
    assert repr(fast(text)) == repr(careful(text))  # repr: nan equals nan


# Scalars that YAML 1.1 and 1.2, or two parsers, might read differently.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "true", "False", "~", "null", "", "0o17", "017", "0x1F", "0X1F", "0b11", "0B11",
    "1_000", "+5", "-0", ".inf", "-.Inf", ".NaN", "1e3", "1.5E-2", ".5", "1.", "12:30", "1:20:30", "12:30:00",
    "2025-02-14", "2025-2-14", "2025-02-30", "2024-02-29", "2025-13-01", "2025-26", "2025-26 Q1", "2025-W14",
    "2025-02-14T10:20:30", "'2025-02-30'", "'2025-02-14'", '"2025-02-14"', '"0x1F"', "a #b", "#c", "[1, 2]", "{a: 1}", "&x 3", "!!str 5", "é ŵ",
    ".iNf", "-.INF", ".Nan", "_1", "1e_3", "1_.5", "2025-02-14T10:20Z", "2025-02-14 10:20", "=", "x:", ":x", "[x:]", "{:x}", "x\t", "\u2028",
    "x\x85y", "\ufeffx", "0o_", "._", "-_", "0x_f",
]  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(TRICKY), st.sampled_from(TRICKY), st.booleans()), min_size=1, max_size=6))
def test_any_mix_of_tricky_scalars_reads_the_same(rows: list[tuple[str, str, bool]]) -> None:
    lines = []
    for i, (key, value, in_list) in enumerate(rows):
        name = key if i % 2 else f"k{i}"
        lines.append(f"{name}:\n  - {value}" if in_list else f"{name}: {value}")
    text = "\n".join(lines) + "\n"
    assert repr(fast(text)) == repr(careful(text))


def test_an_alias_bomb_is_refused_quickly_on_the_careful_path_too(tmp_path: Path) -> None:
    from pmf.yamlio import Document

    bomb = (ROOT / "tests/data/invalid/hostile-alias-bomb.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "id: twice\n", encoding="utf-8")  # a duplicate key sends it down the careful path,
    with pytest.raises(YamlProblem, match="would expand to more than 200,000 values"):  # which reads past it
        Document.load(path, past_duplicates=True)
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(YamlProblem, match="would expand to more than 200,000 values"):
        Document.load(path)


ANCHORED = ["&a", "&shared", "&x1", "& a", "R&D", "Q & A", "*a", "&", "&&"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "",
                    " ",
                    "- ",
                    "? ",
                    "[",
                    "{",
                    ", ",
                    ": ",
                    "k: ",
                    "k:\n  - ",
                    "#",
                    "'",
                    '{"k":',
                    "{'k':",
                    '"k"\t:',
                    "-\t",
                ]
            ),
            st.sampled_from(ANCHORED),
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["", " 1", " v", "\n", " [1]", "]", "}"]),
)
def test_any_text_yaml_reads_with_an_anchor_is_walked_for_expansion(parts: list[tuple[str, str]], tail: str) -> None:
    """Only text whose anchors the screen sees may skip the walk that refuses an alias bomb."""
    from ruamel.yaml import YAML

    from pmf.yamlscreen import ANCHOR

    text = "".join(before + mark for before, mark in parts) + tail
    try:
        events = list(YAML(typ="safe").parse(text))
    except Exception:
        return  # not YAML: nothing is read, so nothing expands
    if any(getattr(event, "anchor", None) and type(event).__name__ != "AliasEvent" for event in events):
        assert ANCHOR.search(text), text


def test_an_ampersand_in_prose_costs_no_walk() -> None:
    from pmf.yamlscreen import ANCHOR

    assert not ANCHOR.search("title: Housing & Care\ncomment: R&D, Q&A\n")
    assert ANCHOR.search("base: &base {a: 1}\nother: *base\n")
    assert ANCHOR.search("- &first 1\n- [&b 2, &c 3]\n")


DEEP = ":28:{}: this value nests lists and mappings more than 200 levels deep: write it flatter"


@pytest.mark.parametrize(
    ("nested", "expected"),
    [
        ("{a: " * 200 + "1" + "}" * 200, ":28:1: extra: unknown key 'extra'"),
        ("[" * 200 + "]" * 200, ":28:1: extra: unknown key 'extra'"),
        ("[" * 201 + "]" * 201, DEEP.format(8 + 200)),
        ("[" * 330 + "]" * 330, DEEP.format(8 + 200)),
        ("{a: " * 400 + "1" + "}" * 400, DEEP.format(8 + 4 * 200)),
        ("{a: " * 3000 + "1" + "}" * 3000, DEEP.format(8 + 4 * 200)),
        ("[" * 100_000 + "]" * 100_000, DEEP.format(8 + 200)),
        ("".join("\n" + " " * (i + 1) + f"k{i}:" for i in range(100)) + " 1", ":28:1: extra: unknown key 'extra'"),
        ("".join("\n" + " " * (i + 1) + f"k{i}:" for i in range(400)) + " 1", DEEP.replace("28", "229").format(202)),
    ],
    ids=[
        "flow-mappings-200",
        "flow-lists-200",
        "flow-lists-201",
        "flow-lists-330",
        "flow-mappings-400",
        "flow-mappings-3000",
        "flow-lists-100000",
        "block-100",
        "block-400",
    ],
)
def test_deep_nesting_is_read_or_refused_in_plain_words(tmp_path: Path, nested: str, expected: str) -> None:
    """However deep a pasted value nests, validate answers with a line, never a traceback."""
    import subprocess
    import sys

    root = tmp_path / "council"
    subprocess.run([sys.executable, "-m", "pmf", "init", str(root)], check=True, capture_output=True)
    measure = next((root / "plans").glob("*/measures/*.yaml"))
    assert measure.read_text(encoding="utf-8").count("\n") == 27  # the line 'extra' lands on
    with measure.open("a", encoding="utf-8") as handle:
        handle.write(f"extra: {nested}\n")
    done = subprocess.run(
        [sys.executable, "-m", "pmf", "validate", "--root", str(root), "--no-cache"], capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{measure.relative_to(root)}{expected}" in done.stdout + done.stderr


def test_the_screen_names_exactly_the_characters_yaml_does_not_allow() -> None:
    """YAML 1.2's printable set is tab, line ends, ' ' to '~', NEL, and U+00A0 up, less surrogates and U+FFFE/F."""
    import re

    from pmf.yamlscreen import NOT_YAML

    every = "".join(map(chr, range(0x110000)))
    refused = set(re.findall(NOT_YAML, every))
    allowed = re.compile("[\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    assert refused == {c for c in every if not allowed.fullmatch(c)}
    assert len(refused) == 9 + 2 + 18 + 6 + 26 + 2048 + 2  # C0 but tab and line ends; DEL to C1 but NEL; halves


@pytest.mark.parametrize("colon", [": ", ":"], ids=["colon-space", "colon-alone"])
def test_an_alias_bomb_behind_quoted_keys_is_refused(tmp_path: Path, colon: str) -> None:
    from pmf.yamlio import Document

    levels = ['"l0"' + colon + "&l0 [" + ",".join(["x"] * 10) + "]"]
    levels += [f'"l{i}"{colon}&l{i} [' + ",".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 12)]
    path = tmp_path / "bomb.yaml"
    path.write_text("{" + ", ".join(levels) + "}\n", encoding="utf-8")
    with pytest.raises(YamlProblem, match="would expand to more than 200,000 values"):
        Document.load(path)


FLOW_WORDS = ["a", "b c", "1", "'x]'", '"y}"', "'it''s'", "[1]", "{k: v}", "[p, {q: r}]"]
BREAKS = ["", "", " ", "\n", "\n ", "\r\n  ", " #c\n "]


@st.composite
def flow_broken_over_lines(draw: st.DrawFn) -> str:
    """A flow mapping or list of words, with a line end (or not) drawn between any two of its tokens."""
    words = draw(st.lists(st.sampled_from(FLOW_WORDS), min_size=1, max_size=4))
    tokens = ["{"]
    for word in words:
        tokens += [word, ":", " " + draw(st.sampled_from(FLOW_WORDS)), ","]
    tokens[-1] = "}"
    if draw(st.booleans()):  # a list of keys and values instead: [a: 1, b]
        tokens[0], tokens[-1] = "[", "]"
    return "".join(token + draw(st.sampled_from(BREAKS)) for token in tokens)


@settings(deadline=None)  # the careful reader is pure Python: a busy machine must not fail the test
@given(flow_broken_over_lines())
def test_brackets_broken_over_lines_read_the_same(flow: str) -> None:
    """A '[' or '{' left open at a line's end goes to the careful reader, quotes and comments and all."""
    text = "k: " + flow + "\n"
    assert repr(fast(text)) == repr(careful(text))


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("", 'extra: "\\U00110000"', ":28:9: '\\U00110000' is not a character (the last is \\U0010FFFF)"),
        ("", "extra: {b\n : 1}", ":28:9: the key 'b' and its ':' are not on one line: inside '{ }' write the key and"),
        ("", "[[1]]: 2", ":28:1: a key cannot be a list holding lists or mappings"),
        (
            "",
            "extra: b\t",
            ":28:9: YAML takes spaces, not tabs, inside a line: replace the tab at column 9 with a space",
        ),
        (
            "",
            "extra: |\n  \n    text",
            ":29:1: blank line 29 holds spaces, fewer than the text below it, which confuses",
        ),
        ("", "extra: =", ":28:1: extra: unknown key 'extra'"),
        ("%YAML 1.3\n---\n", "", ":1:1: '%YAML 1.3' asks for a YAML version pmf does not read: delete this line"),
        ("", "extra: 0x" + "f" * 3600, ":28:8: a number of 3,602 digits is too large: pmf takes numbers up to"),
        ("", "extra: &x\n  k: *x", ":29:6: '*x' stands inside the very value '&x' names"),
        ("", "%YAML 1.1", ":28:1: a line starting with '%' is a YAML directive, which may stand only above"),
        ("%YAML 1.2\n", "", ":1:1: a line starting with '%' is a YAML directive, which may stand only above"),
        (
            "",
            "governance_areas: !!set {assets, procurement}",
            ":28:19: '!!set' asks for a kind of value pmf does not read: remove it",
        ),
        ("", "title: !!binary aGVsbG8=", ":28:8: '!!binary' asks for a kind of value pmf does not read: remove it"),
    ],
    ids=[
        "escape-beyond-unicode",
        "key-over-two-lines",
        "list-of-lists-key",
        "tab",
        "blank-first-line",
        "equals",
        "yaml-1.3",
        "0x-number-past-4300-digits",
        "alias-inside-its-anchor",
        "directive-after-content",
        "directive-without-dashes",
        "a-set-in-any-order",
        "bytes",
    ],
)
def test_validate_places_what_only_the_careful_reader_refuses(
    tmp_path: Path, before: str, after: str, expected: str
) -> None:
    """Text yaml-rs would read is refused as ruamel.yaml refuses it, at its line, never with a traceback,
    when the file is read afresh and when its problem comes from the cache."""
    import os
    import subprocess
    import sys

    root = tmp_path / "council"
    subprocess.run([sys.executable, "-m", "pmf", "init", str(root)], check=True, capture_output=True)
    measure = next((root / "plans").glob("*/measures/*.yaml"))
    measure.write_text(before + measure.read_text(encoding="utf-8") + after + "\n", encoding="utf-8")
    for _ in range(2):  # the first run reads the file and keeps its problem, the second takes it from the cache
        done = subprocess.run(
            [sys.executable, "-m", "pmf", "validate", "--root", str(root)],
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert f"{measure.relative_to(root)}{expected}" in done.stdout + done.stderr
    assert list((tmp_path / "cache").rglob("parsed-*/*/*"))  # the second run had a cache to read


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
@pytest.mark.parametrize(
    ("line", "col"),
    [
        ('b: "\\U00110000"', 5),
        ("b: x\x07", 5),
        ("b: " + "[" * 201 + "]" * 201, 204),
        ("b: &x{end}  k: *x", 6),
    ],
    ids=["escape", "control-character", "too-deep", "alias-in-its-anchor"],
)
def test_a_problem_is_placed_on_its_line_however_lines_end(end: str, line: str, col: int) -> None:
    """Lines ended by CR alone (old Macs) are counted as YAML and editors count them."""
    text = f"a: 1{end}{line.format(end=end)}{end}"
    with pytest.raises(YamlProblem) as problem:
        load_fast(text)
    where = (problem.value.line, problem.value.col)
    assert where == ((3, col) if "{end}" in line else (2, col)), problem.value.message


def test_keys_after_question_marks_nested_too_deeply_are_placed_after_them() -> None:
    """'? ? ? x' nests a mapping in a key, level by level, as '- - - x' nests lists."""
    with pytest.raises(YamlProblem, match="more than 200 levels deep") as problem:
        load_fast("? " * 3000 + "x\n")
    assert (problem.value.line, problem.value.col) == (1, 6001)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (".inf: a\ninf: b\n", "duplicate key 'inf'", 2),
        ("x: 1\n.nan: a\n.NaN: b\n", "duplicate key '.NaN'", 3),
        ("~: a\nnull: b\n", "duplicate key 'null'", 2),
        ("1: a\ntrue: b\n", "duplicate key 'true'", 2),
        ("k:\n  - 0: a\n    false: b\n", "duplicate key 'false'", 3),
    ],
    ids=["inf-and-text", "nan-twice", "null-twice", "one-and-true", "zero-and-false"],
)
def test_two_keys_that_read_as_one_are_named_as_written_at_the_second(text: str, message: str, line: int) -> None:
    """Never Python's None or True, and never without a line."""
    with pytest.raises(YamlProblem, match=message) as problem:
        load_fast(text)
    assert problem.value.line == line


def test_files_pmf_writes_and_the_demo_are_read_by_the_fast_reader(tmp_path: Path) -> None:
    """The screen sends no ordinary plan file to the careful reader (ten times slower): not the demo,
    and not the templates pmf init and pmf new write, whose comments say '- and _'."""
    import subprocess
    import sys

    from pmf.yamlscreen import ordinary

    root = tmp_path / "council"
    pmf = [sys.executable, "-m", "pmf"]
    subprocess.run([*pmf, "init", str(root)], check=True, capture_output=True)
    for new in (
        ["service", "housing"],
        ["measure", "HSG-01", "--service", "housing"],
        ["risk", "RSK-HSG-01", "--service", "housing"],
    ):
        subprocess.run([*pmf, "new", *new], check=True, capture_output=True, cwd=root)
    written = sorted(root.rglob("*.yaml"))
    assert len(written) >= 8
    demo = sorted(ROOT.glob("plans/**/*.yaml")) + sorted(ROOT.glob("examples/**/*.yaml"))
    assert len(demo) > 100
    careful_read = [path for path in written + demo if not ordinary(path.read_text(encoding="utf-8"))]
    assert careful_read == []


def test_the_generated_councils_of_the_benchmark_are_read_by_the_fast_reader(tmp_path: Path) -> None:
    """A ratio measure's unit, written `unit: ":1"`, is text in quotes, not a quoted key and its value
    in brackets: the 96 such files of a generated council went to the careful reader, and a
    repository of 22 councils took twice the parse floor to validate, where it took less."""
    import importlib.util

    from pmf.yamlscreen import ordinary

    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    [council] = generate.generate(tmp_path, 1)
    files = sorted(council.rglob("*.yaml"))
    assert len(files) > 1000
    assert sum('unit: ":1"' in path.read_text(encoding="utf-8") for path in files) > 50
    assert [path for path in files if not ordinary(path.read_text(encoding="utf-8"))] == []


def test_a_fault_of_pmf_while_reading_round_a_problem_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the text before a YAML problem passes over the reader's own complaint further on, and
    no other error: a fault of pmf's comes out, not a message built on half the clues."""

    class Broken:
        def scan(self, text: str) -> object:
            raise TypeError("a fault of pmf's")

    with pytest.raises(YamlProblem):  # the reader's complaint further on is passed over
        load_fast("title: [a\nnext: b: c\n")
    monkeypatch.setattr(yamlcareful, "safe", lambda: Broken())
    with pytest.raises(TypeError, match="a fault of pmf's"):
        yamlcareful._read_up_to("title: x\n", 5, None)


def test_the_careful_reader_words_its_complaints_where_ruamel_yamls_c_parser_is_installed() -> None:
    """ruamel.yaml reads with libyaml's C parser where ruamel.yaml.clib is installed (a default of ruamel.yaml
    before 0.19, so on many machines; the dev extra installs it, so every test here runs beside it). Its
    complaints are libyaml's, YAML 1.1's, at other places: the careful reader must never take it."""
    pytest.importorskip("_ruamel_yaml", reason="install the dev extra: ruamel.yaml.clib")
    with pytest.raises(YamlProblem) as refused:
        yamlcareful.careful("id: WST-01\ntitle: Waste\n\tunit: '%'\n")
    assert (refused.value.line, refused.value.col) == (3, 1)
    assert refused.value.message == "YAML indents with spaces, not tabs; replace the tab at column 1"


def _key_paths(value: object, above: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every key and list item of ``value``, as the key paths problems are placed by."""
    pairs = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, inner in pairs:
        yield (*above, key)
        yield from _key_paths(inner, (*above, key))


def test_problems_are_placed_from_libyamls_nodes_where_the_round_trip_tree_places_them() -> None:
    """A problem is placed from the nodes libyaml composes (twenty times faster than ruamel.yaml's round-trip
    tree, which placing 20,000 notices of `pmf validate --lang cy` spent 13 s building): at the same line and
    column as from the tree, for every key and item of the demo's and the tests' files, at the key and at the
    value; but an empty value, which libyaml places straight after its colon, on its key's line."""
    files = [*ROOT.glob("plans/**/*.yaml"), *ROOT.glob("tests/data/**/*.yaml"), *ROOT.glob("examples/**/*.yaml")]
    files += [*ROOT.glob("assessments/*.yaml"), *ROOT.glob("regulators/*.yaml"), ROOT / "pmf.yaml"]
    placed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            data = load_fast(text)
        except YamlProblem:
            continue
        from_nodes, from_tree = Document(path, text, data), Document(path, text, data)
        from_tree.__dict__["marks"] = None  # (the cached property, set: the round-trip tree places)
        if from_nodes.marks is None:  # (text the screen sends to the careful reader, or libyaml refuses)
            continue
        for key_path in [*_key_paths(data), ("no such key",)]:
            for at_key in (False, True):
                where = from_nodes.locate(key_path, at_key=at_key)
                if where != from_tree.locate(key_path, at_key=at_key):
                    assert not at_key and data_at(data, key_path) is None, (path, key_path)
                    assert where[0] < from_tree.locate(key_path)[0], (path, key_path)  # on the key's line
                placed += 1
    assert placed > 25_000


def data_at(data: object, key_path: tuple[str | int, ...]) -> object:
    for key in key_path:
        data = data[key]  # type: ignore[index]
    return data


def test_text_libyaml_might_read_otherwise_is_placed_from_the_round_trip_tree() -> None:
    """Text the screen sends to the careful reader (a merge key here, which libyaml leaves unmerged) is never
    composed by libyaml."""
    text = "usual: &usual {unit: '%'}\nmeasure:\n  <<: *usual\n  title: Waste\n"
    assert not ordinary(text)
    doc = Document(Path("WST-01.yaml"), text, yamlcareful.careful(text))
    assert doc.marks is None
    assert doc.locate(["measure", "unit"]) == (3, 3)  # where it is merged in
    assert doc.locate(["measure", "title"], at_key=True) == (4, 3)


@pytest.mark.parametrize("key", ["True", "~", "0x10", "1e3"])
def test_a_key_pmf_reads_otherwise_than_it_is_written_is_placed_at_its_line(tmp_path: Path, key: str) -> None:
    """A stray key written ``True:``, ``~:`` or ``0x10:`` (read as 'true', 'null', '16') is found where it is
    written, as every other key is, where it was placed at 1:1."""
    from typer.testing import CliRunner

    from pmf.cli import app

    root = tmp_path / "council"
    assert CliRunner().invoke(app, ["init", str(root)]).exit_code == 0
    measure = next((root / "plans").glob("*/measures/*.yaml"))
    lines = measure.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("frequency:"))
    lines.insert(at, f"{key}: stray")
    measure.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["validate", "--no-cache", "--root", str(root)])
    assert f"{measure.relative_to(root).as_posix()}:{at + 1}:1: " in done.output, done.output
