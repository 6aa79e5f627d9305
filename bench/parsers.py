"""Compare YAML parsers on a corpus as whole processes, and check their values on pmf's own files.

    python bench/parsers.py [--copies 10] [--runs 5]

Each parser runs in a fresh python that reads every .yaml file of the demo copied ``copies``
times (bench/demo.py) and parses it; the figure is the median wall time of ``runs`` turns, the
parsers taking turns so each meets the machine in the same state. Then every YAML file of the
repository (plans, tests, examples) is read by each parser and compared with pmf's careful
YAML 1.2 reader (ruamel.yaml): how many give the same value or both refuse the file.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from demo import copy_demo  # noqa: E402

PARSE = r"""
import os, sys
kind = sys.argv[1]
if kind == "yaml-rs":
    import yaml_rs
    load = yaml_rs.loads
elif kind == "libyaml":
    import yaml
    def load(text): return yaml.load(text, Loader=yaml.CSafeLoader)
elif kind == "ruamel":
    from ruamel.yaml import YAML
    y = YAML(typ="safe")
    load = y.load
elif kind == "pmf":
    from pmf.yamlio import load_fast as load
else:
    def load(text): return text
for folder, _, names in os.walk(sys.argv[2]):
    for name in names:
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as handle:
                load(handle.read().decode("utf-8"))
"""
PARSERS = {
    "bytes": "read and decode only",
    "yaml-rs": "yaml-rs (Rust), YAML 1.2",
    "libyaml": "PyYAML CSafeLoader (libyaml), YAML 1.1",
    "ruamel": "ruamel.yaml safe, YAML 1.2",
    "pmf": "pmf's reader: yaml-rs, ruamel.yaml for unusual text",
}


def timed(kind: str, corpus: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PARSE, kind, str(corpus)], check=True)
    return time.perf_counter() - start


def agreement() -> dict[str, tuple[int, int]]:
    """Per parser: files whose value equals pmf's careful reader's (or both refuse), and files compared."""
    import yaml
    import yaml_rs

    from pmf.yamlio import YamlProblem, _careful, load_fast, string_keys

    def careful(text: str) -> object:
        try:
            return repr(_careful(text))
        except YamlProblem:
            return "refused"

    def of(load: object) -> object:
        def read(text: str) -> object:
            try:
                return repr(string_keys(load(text)))  # type: ignore[operator]
            except Exception:
                return "refused"

        return read

    readers = {
        "yaml-rs": of(yaml_rs.loads),
        "libyaml": of(lambda t: yaml.load(t, Loader=yaml.CSafeLoader)),
        "pmf": of(load_fast),
    }
    files = [
        p for pattern in ("plans/**/*.yaml", "tests/data/**/*.yaml", "examples/**/*.yaml") for p in REPO.glob(pattern)
    ]
    files = [p for p in files if p.name != "hostile-alias-bomb.yaml"]  # billions of values once expanded
    same = dict.fromkeys(readers, 0)
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        want = careful(text)
        for name, read in readers.items():
            same[name] += read(text) == want
    return {name: (n, len(files)) for name, n in same.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow", action="store_true", help="also time ruamel.yaml (pure Python: minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = copy_demo(Path(tmp) / "demo", args.copies)
        n = len(list(corpus.rglob("*.yaml")))
        kinds = [k for k in PARSERS if k != "ruamel" or args.slow]
        times: dict[str, list[float]] = {k: [] for k in kinds}
        for _ in range(args.runs):
            for kind in kinds:
                times[kind].append(timed(kind, corpus))
    floor = statistics.median(times["libyaml"])
    same = agreement()
    print(f"{n} files, median of {args.runs} runs\n")
    print("| parser | seconds | × libyaml | same values as pmf's careful reader |")
    print("|---|---:|---:|---|")
    for kind in kinds:
        t = statistics.median(times[kind])
        agree = f"{same[kind][0]} of {same[kind][1]}" if kind in same else ""
        print(f"| {PARSERS[kind]} | {t:.3f} | {t / floor:.2f} | {agree} |")


if __name__ == "__main__":
    main()
