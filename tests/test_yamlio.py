"""The fast reader and the careful reader agree: a value means the same whichever path read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmf.yamlio import Document, YamlProblem, _parse, _safe, load_fast, string_keys

ROOT = Path(__file__).parent.parent


def careful(text: str) -> object:
    try:
        return string_keys(_parse(_safe(), text))
    except YamlProblem as exc:
        return ("problem", exc.message, exc.line)


def fast(text: str) -> object:
    try:
        return load_fast(text)
    except YamlProblem as exc:
        return ("problem", exc.message, exc.line)


def test_demo_and_test_files_read_the_same_on_both_paths() -> None:
    files = sorted(ROOT.glob("plans/**/*.yaml")) + sorted(ROOT.glob("tests/data/**/*.yaml")) + [ROOT / "pmf.yaml"]
    assert len(files) > 150
    for path in files:
        if path.name == "hostile-alias-bomb.yaml":
            continue  # equal, but comparing its billions of expanded values would take minutes
        text = path.read_text(encoding="utf-8")
        assert fast(text) == careful(text), path


def test_generated_corpus_reads_the_same(council: Path) -> None:
    files = sorted(council.glob("**/*.yaml"))[:300]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert fast(text) == careful(text), path


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
    ],
)
def test_yaml_1_2_semantics_are_identical(text: str) -> None:
    assert repr(fast(text)) == repr(careful(text))  # repr: nan equals nan


def test_an_alias_bomb_is_refused_quickly_on_the_careful_path_too(tmp_path: Path) -> None:
    from pmf.yamlio import Document

    bomb = (ROOT / "tests/data/invalid/hostile-alias-bomb.yaml").read_text(encoding="utf-8")
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "id: twice\n", encoding="utf-8")  # a duplicate key sends it down the careful path
    with pytest.raises(YamlProblem, match="duplicate key"):
        Document.load(path)
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(YamlProblem, match="would expand to more than 200,000 values"):
        Document.load(path)


def test_many_files_read_in_several_processes_give_the_same_answers(
    council: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large repository is read by several processes; problems and results are those of one process."""
    import pmf.repository
    from pmf.loader import check_portfolio

    measures = sorted(council.glob("plans/*/measures/*.yaml"))
    measures[0].write_text("id: [unclosed\n", encoding="utf-8")
    measures[1].write_bytes(b"\x00\x01binary")
    measures[2].write_bytes("title: caf\xe9\n".encode("latin-1"))
    measures[3].write_text("", encoding="utf-8")
    assert len(list(council.rglob("*.yaml"))) >= pmf.repository.PARALLEL_FROM

    in_several = check_portfolio(council)
    monkeypatch.setattr(pmf.repository, "PARALLEL_FROM", 10**9)
    in_one = check_portfolio(council)
    assert in_several[1] == in_one[1]
    assert [(p.line, p.col, p.message) for p in in_several[1]] == [(p.line, p.col, p.message) for p in in_one[1]]
    assert len(in_one[1]) >= 4


def _broken_worker(paths: list[Path]) -> list[tuple[object, ...]]:
    raise MemoryError("a worker that dies")


def test_a_worker_that_fails_costs_nothing_but_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pmf.repository
    from pmf.repository import ReadAhead
    from pmf.yamlio import Document

    paths = []
    for i in range(pmf.repository.PARALLEL_FROM):
        path = tmp_path / f"m{i}.yaml"
        path.write_text(f"id: M-{i}\nvalue: {i}\n" if i % 7 else "id: [broken\n", encoding="utf-8")
        paths.append(path)
    monkeypatch.setattr(pmf.repository, "_load_chunk", _broken_worker)
    found = ReadAhead(paths).result()
    assert sorted(found) == sorted(paths)
    assert all(isinstance(found[p], Document) for i, p in enumerate(paths) if i % 7)
    assert all(isinstance(found[p], YamlProblem) for i, p in enumerate(paths) if not i % 7)


def test_files_are_handed_out_one_by_one_in_any_order(council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file's outcome comes once, from whichever piece holds it, even after the readers are let go."""
    import pmf.repository
    from pmf.repository import ReadAhead, plan_files

    paths = plan_files(council)
    ahead = ReadAhead(paths)
    last, first, middle = paths[-1], paths[0], paths[len(paths) // 2]
    outcomes = {path: ahead.pop(path) for path in (last, first)}
    assert ahead.pop(last) is None  # handed out once
    assert ahead.pop(council / "not-there.yaml") is None
    ahead.close()  # the pieces not yet read are dropped: this process reads them when asked
    outcomes[middle] = ahead.pop(middle)
    monkeypatch.setattr(pmf.repository, "PARALLEL_FROM", 10**9)
    here = ReadAhead(paths)
    for path, outcome in outcomes.items():
        assert isinstance(outcome, Document)
        assert outcome.data == here.pop(path).data  # type: ignore[union-attr]


def test_readers_leave_nothing_behind(council: Path) -> None:
    """Read to the end or let go half way: no reading process and no temporary file is left."""
    import os

    from pmf.repository import ReadAhead, plan_files

    paths = plan_files(council)
    for finish in (True, False):
        ahead = ReadAhead(paths)
        folder, pids = ahead._folder, [reader.pid for reader in ahead._readers]
        assert folder is not None and len(pids) >= 2
        if finish:
            assert len(ahead.result()) == len(paths)
        else:
            ahead.pop(paths[0])
            ahead.close()
        assert not Path(folder).exists()
        for pid in pids:
            with pytest.raises(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)  # already waited for: no process left over


def _key_paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every path into ``value``, and beside each mapping a key it does not have."""
    found = [prefix]
    if isinstance(value, dict):
        found.append((*prefix, "no-such-key"))
        for key, child in value.items():
            found += _key_paths(child, (*prefix, key))
    elif isinstance(value, list):
        found.append((*prefix, len(value)))
        for index, child in enumerate(value):
            found += _key_paths(child, (*prefix, index))
    return found


def test_problems_are_placed_as_the_round_trip_reader_places_them(council: Path) -> None:
    """Positions found from libyaml's nodes (fast) equal the round-trip tree's, wherever the nodes answer."""
    from pmf.yamlio import Document, _locate_in_nodes

    files = [*ROOT.glob("plans/**/*.yaml"), *ROOT.glob("tests/data/**/*.yaml"), *ROOT.glob("examples/**/*.yaml")]
    files += sorted(council.glob("**/*.yaml"))[::25]
    answered = 0
    for path in files:
        try:
            doc = Document.load(path)
        except Exception:
            continue
        if doc.nodes is None:
            continue
        for key_path in _key_paths(doc.data):
            for at_key in (False, True):
                fast = _locate_in_nodes(doc.nodes, list(key_path), at_key=at_key)  # type: ignore[arg-type]
                if fast is not None:
                    answered += 1
                    assert fast == doc._locate_in_tree(list(key_path), at_key=at_key), (path, key_path, at_key)  # type: ignore[arg-type]
    assert answered > 10_000
