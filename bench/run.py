"""Time pmf against the libyaml parse floor on the same corpus, side by side in one run.

    python bench/run.py            # the demo copied ten times; 1, 5 and 22 generated councils
    python bench/run.py --quick    # the demo copied ten times; 1 and 2 councils, fewer repeats

Run it from the repository root with the project's venv python (``make bench``). It prints a
Markdown table and writes it, with the machine and corpus sizes, to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from demo import copy_demo  # noqa: E402
from generate import generate  # noqa: E402

DEMO_COPIES = 10

AS_OF = "2026-10-15"  # fixed, so status and the report do the same work on any day
REPORT_YEAR = "2026-27"
SCHEMA_OF = {
    "pmf": "pmf.schema.json",
    "plan": "plan.schema.json",
    "measure": "measure.schema.json",
    "risk": "risk.schema.json",
}

# Parses every .yaml file under the given folders and does nothing else: the floor.
FLOOR_SCRIPT = r"""
import os, sys
loader = sys.argv[1]
if loader == "pyyaml-c":
    import yaml
    def load(text): return yaml.load(text, Loader=yaml.CSafeLoader)
elif loader == "pyyaml":
    import yaml
    def load(text): return yaml.load(text, Loader=yaml.SafeLoader)
else:
    from ruamel.yaml import YAML
    y = YAML(typ="safe")
    def load(text): return y.load(text)
n = 0
for root in sys.argv[2:]:
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".yaml"):
                with open(os.path.join(folder, name), "rb") as handle:
                    load(handle.read().decode("utf-8"))
                n += 1
print(n)
"""

# The least any `pmf validate` can take, whatever its design: start Python, load the command line as
# pmf's does (typer builds its parser with pydantic: typer._adapters), and read and hash every file
# to know which changed. Nothing is parsed, built or checked.
LEAST_SCRIPT = r"""
import hashlib, os, sys
import typer, typer._adapters
for root in sys.argv[1:]:
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".yaml"):
                with open(os.path.join(folder, name), "rb") as handle:
                    hashlib.blake2b(handle.read(), digest_size=20).digest()
"""

# Runs each command in turn, timing each with perf_counter, and reports the children's peak RSS.
MEMORY_SCRIPT = r"""
import json, resource, subprocess, sys, time
commands = json.loads(sys.argv[1])
times, codes = [], []
for cmd in commands:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
    codes.append(done.returncode)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"times": times, "codes": codes, "maxrss_kb": rss}))
"""


@dataclass
class Row:
    what: str
    files: str
    value: str
    ratio: str = ""
    target: str = ""
    met: str = ""


def fmt_s(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.3f} s"


def fmt_x(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:.2f}×"


def yes(ok: bool | None) -> str:
    return "n/a" if ok is None else ("yes" if ok else "**no**")


def run_once(cmd: list[str], *, check_out: str | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])} ... exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    if check_out is not None and check_out not in done.stdout + done.stderr:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... did not print {check_out!r}:\n{done.stdout[-2000:]}")
    return elapsed


def median_of(cmd: list[str], runs: int, **kwargs: str) -> float:
    return statistics.median(run_once(cmd, **kwargs) for _ in range(runs))


def sequence(commands: list[list[str]]) -> tuple[float, int]:
    """Run ``commands`` one after another in a fresh wrapper; return total seconds and peak RSS (KiB)."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, json.dumps(commands)], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    if any(result["codes"]):
        raise RuntimeError(f"a command failed: exit codes {result['codes']}")
    return sum(result["times"]), int(result["maxrss_kb"])


def yaml_files(roots: list[Path]) -> list[Path]:
    return sorted(p for root in roots for p in root.rglob("*.yaml"))


def floor_loader() -> tuple[str, str]:
    """The fastest safe loader available to the project's python, and its label."""
    try:
        import yaml

        if getattr(yaml, "__with_libyaml__", False):
            return "pyyaml-c", f"PyYAML {yaml.__version__} CSafeLoader"
        return "pyyaml", f"PyYAML {yaml.__version__} SafeLoader (no libyaml: pure Python)"
    except ImportError:
        import ruamel.yaml

        try:
            import ruamel.yaml.clib

            return "ruamel", f"ruamel.yaml {ruamel.yaml.__version__} safe (C loader)"
        except ImportError:
            return "ruamel", f"ruamel.yaml {ruamel.yaml.__version__} safe (pure Python: PyYAML not installed)"


def find_tool(name: str, given: str | None) -> str | None:
    if given:
        return given
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def pmf_command() -> list[str]:
    beside = Path(sys.executable).parent / "pmf"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "pmf"]


def check_jsonschema_commands(tool: str, root: Path) -> list[list[str]]:
    kinds = {
        "pmf": [root / "pmf.yaml"],
        "plan": sorted(root.glob("plans/*/plan-*.yaml")),
        "measure": sorted(root.glob("plans/*/measures/*.yaml")),
        "risk": sorted(root.glob("plans/*/risks/*.yaml")),
    }
    return [
        [tool, "--schemafile", str(REPO / "schemas" / SCHEMA_OF[kind]), *map(str, files)]
        for kind, files in kinds.items()
    ]


def load_words(load: float, cpus: int) -> str:
    """What the machine's load over the run says about its figures."""
    if load > cpus:
        return "above the CPU count: other work shared the machine, and every figure is slower than on a quiet one"
    if load > cpus / 2:
        return "other work used part of the machine: the figures may be a little slow"
    return "a quiet machine"


def compiled_state() -> str:
    """Whether pmf's own modules run from byte code (``make compile``) or are compiled on every run."""
    import importlib.util

    sources = list((REPO / "src" / "pmf").rglob("*.py"))
    stale = [
        p
        for p in sources
        if not (cached := Path(importlib.util.cache_from_source(str(p)))).exists()
        or cached.stat().st_mtime < p.stat().st_mtime
    ]
    if not stale:
        return "byte-compiled (as pip installs them)"
    return f"not byte-compiled ({len(stale)} of {len(sources)}: run `make compile`)"


DEFINITION_ROWS = 200
DEFINITION_HEADER = (
    "service,id,kind,title,description,data_type,decimals,aggregation,frequency,polarity,benchmarking,"
    "benchmark_code,lead_officer,date,target 2026-27,tolerance 2026-27"
)


def definitions_sheet(folder: Path, services: list[str], rows: int = DEFINITION_ROWS) -> Path:
    """A definitions sheet as a council adopting pmf might bring: ``rows`` measures over ``services``."""
    lines = [DEFINITION_HEADER]
    for i in range(rows):
        service = services[i % len(services)]
        higher = i % 3 != 0
        target, tolerance = (80, 70) if higher else (20, 30)
        polarity = "Higher is better" if higher else "Lower is better"
        lines.append(
            f'{service},DEF-{i:03d},Performance measure,"Measure {i}: homes, services and people",'
            f"What measure {i} counts and why it matters.,percentage,1,normal,quarterly,{polarity},national,"
            f"PAM/{i:03d},Head of Service {i % len(services)},2026-02-14,{target},{tolerance}"
        )
    path = folder / "definitions.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def time_definitions(pmf: list[str], tmp: Path, runs: int) -> float:
    """Median time of `pmf import --definitions` of 200 rows into a fresh `pmf init` repository with 10 services."""
    base = tmp / "adopting"
    subprocess.run([*pmf, "init", str(base), "--organisation", "Bench Council"], check=True, capture_output=True)
    services = [f"service-{n:02d}" for n in range(10)]
    for service in services:
        subprocess.run([*pmf, "new", "service", service, "--root", str(base)], check=True, capture_output=True)
    sheet = definitions_sheet(tmp, services)
    times = []
    for turn in range(runs):
        repo = tmp / f"adopting-{turn}"
        shutil.copytree(base, repo)
        times.append(
            run_once(
                [*pmf, "import", "--definitions", str(sheet), "--root", str(repo)], check_out="wrote 200 measure files"
            )
        )
        run_once([*pmf, "validate", "--root", str(repo)])  # the files it wrote are valid
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark pmf on a generated corpus.")
    parser.add_argument("--quick", action="store_true", help="1 and 2 councils, fewer repeats")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, help="generate into this folder and keep it (default: a temp dir)")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--check-jsonschema", dest="cjs", help="path to check-jsonschema (default: venv, then PATH)")
    args = parser.parse_args(argv)

    sizes = [1, 2] if args.quick else [1, 5, 22]
    few = 3 if args.quick else 5  # repeats for cheap commands
    some = 1 if args.quick else 3  # repeats for commands over one council
    pmf = pmf_command()
    cjs = find_tool("check-jsonschema", args.cjs)
    loader, loader_label = floor_loader()

    tmp = Path(tempfile.mkdtemp(prefix="pmf-bench-"))
    corpus = args.corpus or tmp / "corpus"
    try:
        return _bench(args, sizes, few, some, pmf, cjs, loader, loader_label, corpus, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _bench(args, sizes, few, some, pmf, cjs, loader, loader_label, corpus, tmp) -> int:  # type: ignore[no-untyped-def]
    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    demo = copy_demo(tmp / "demo", DEMO_COPIES)
    say(f"generating {max(sizes)} councils in {corpus} ...")
    roots = generate(corpus, max(sizes), args.seed)
    rows: list[Row] = []
    met: list[bool] = []
    sizes_info: list[str] = []

    def add(row: Row, ok: bool | None = None) -> None:
        row.met = yes(ok) if row.target else ""
        if ok is not None:
            met.append(ok)
        rows.append(row)
        say(f"  {row.what}: {row.value} {row.ratio}")

    def floor_cmd(rs: list[Path]) -> list[str]:
        return [sys.executable, "-c", FLOOR_SCRIPT, loader, *map(str, rs)]

    # The demo copied ten times: every command side by side with the floor, in turns.
    n_files = str(len(yaml_files([demo])))
    size_mb = sum(p.stat().st_size for p in yaml_files([demo])) / 1e6
    say(f"the demo copied {DEMO_COPIES} times ({n_files} files) ...")
    run_once([*pmf, "validate", "--root", str(demo), "--no-cache"], check_out="No problems found")
    cold = [*pmf, "validate", "--root", str(demo), "--no-cache"]  # the cache neither used nor kept
    changed = [*pmf, "validate", "--root", str(demo)]  # every file but one from the cache
    report_out = tmp / "report"
    report = [*pmf, "report", "mid-year", "--year", REPORT_YEAR, "--as-of", AS_OF, "--root", str(demo)]
    report += ["--out", str(report_out), "--no-audit"]
    edited = sorted(demo.glob("plans/*/measures/*.yaml"))[0]
    original = edited.read_text(encoding="utf-8")
    run_once(changed)  # fills the cache
    times: dict[str, list[float]] = {"floor": [], "least": [], "cold": [], "changed": [], "report": []}
    for turn in range(few):
        edited.write_text(f"{original}# turn {turn}\n", encoding="utf-8")  # new bytes: parsed afresh
        times["floor"].append(run_once(floor_cmd([demo])))
        times["least"].append(run_once([sys.executable, "-c", LEAST_SCRIPT, str(demo)]))
        times["cold"].append(run_once(cold))
        times["changed"].append(run_once(changed, check_out="No problems found"))
        times["report"].append(run_once(report))
    edited.write_text(original, encoding="utf-8")
    floor1 = statistics.median(times["floor"])

    def ratio(name: str) -> float:
        return statistics.median(t / f for t, f in zip(times[name], times["floor"], strict=True))

    add(Row(f"Bare parse floor: {loader_label}", n_files, fmt_s(floor1), "1.00×"))
    least = "The least any `pmf validate` can take: start Python, import typer with its pydantic parser, read and hash every file"
    add(Row(least, n_files, fmt_s(statistics.median(times["least"])), fmt_x(ratio("least"))))
    for name, what, target in (
        ("cold", "`pmf validate --no-cache` (cold: every file parsed)", 0.8),
        ("changed", "`pmf validate` after one file changed (the others from the cache)", 0.35),
        ("report", f"`pmf report mid-year --year {REPORT_YEAR}` (Markdown and HTML; cache warm)", 1.5),
    ):
        r = ratio(name)
        add(Row(what, n_files, fmt_s(statistics.median(times[name])), fmt_x(r), f"≤ {target}× floor"), r <= target)
    status = median_of([*pmf, "status", "--root", str(demo), "--format", "json", "--as-of", AS_OF], some)
    add(Row("`pmf status --format json` (cache warm)", n_files, fmt_s(status), fmt_x(status / floor1)))

    if cjs:
        total, failed = 0.0, False
        for cmd in check_jsonschema_commands(cjs, demo):
            start = time.perf_counter()
            failed |= subprocess.run(cmd, capture_output=True, text=True).returncode != 0
            total += time.perf_counter() - start
        cold1 = statistics.median(times["cold"])
        label = " (reported errors)" if failed else ""
        add(Row(f"`check-jsonschema` with schemas/*.schema.json{label}", n_files, fmt_s(total), fmt_x(total / floor1)))
        add(
            Row("  speed-up of `pmf validate --no-cache` over it", n_files, "", fmt_x(total / cold1), "≥ 4×"),
            total / cold1 >= 4,
        )

    typer_s = median_of([sys.executable, "-c", "import typer"], few)
    add(Row('`python -c "import typer"`', "–", fmt_s(typer_s), "1.00×"))
    helps = median_of([*pmf, "--help"], few)
    add(
        Row("`pmf --help`", "–", fmt_s(helps), fmt_x(helps / typer_s) + " typer", "≤ 3× import typer"),
        helps / typer_s <= 3,
    )

    definitions = time_definitions(pmf, tmp, some)
    add(
        Row(
            f"`pmf import --definitions`, {DEFINITION_ROWS} rows into a new repository (then validated)",
            str(DEFINITION_ROWS),
            fmt_s(definitions),
            "",
            "≤ 2 s",
        ),
        definitions <= 2.0,
    )

    # Growing corpora: generated councils, each its own repository; one `pmf validate` checks them all.
    per_file: dict[int, float] = {}
    peak_kb = 0
    for n in sizes:
        rs = roots[:n]
        files = len(yaml_files(rs))
        mb = sum(p.stat().st_size for p in yaml_files(rs)) / 1e6
        sizes_info.append(f"{n} generated council{'s' if n > 1 else ''}: {files} files, {mb:.1f} MB")
        say(f"{n} council{'s' if n > 1 else ''} ...")
        floor_n = median_of(floor_cmd(rs), 1 if n >= 5 else some)
        total, kb = sequence([[*pmf, "validate", "--no-cache", *[str(r) for r in rs]]])
        add(Row(f"Bare parse floor, {n} generated councils", str(files), fmt_s(floor_n), "1.00×"))
        add(
            Row(
                f"`pmf validate --no-cache`, {n} generated councils in one run",
                str(files),
                fmt_s(total),
                fmt_x(total / floor_n),
            )
        )
        peak_kb = max(peak_kb, kb) if n == max(sizes) else peak_kb
        per_file[n] = total / files
    add(
        Row(f"Peak memory of `pmf validate`, {max(sizes)} councils", "–", f"{peak_kb / 1024:.0f} MB", "", "≤ 1 GB"),
        peak_kb <= 1024 * 1024,
    )
    growth = per_file[max(sizes)] / per_file[min(sizes)]
    add(
        Row(
            "Cost per file of `pmf validate`, " + ", ".join(f"{n}: {per_file[n] * 1000:.2f} ms" for n in sizes),
            "–",
            "",
            fmt_x(growth) + f" ({max(sizes)} vs {min(sizes)})",
            "linear (≤ 1.25×)",
        ),
        growth <= 1.25,
    )
    sizes_info.insert(0, f"the demo copied {DEMO_COPIES} times: {n_files} files, {size_mb:.1f} MB")

    table = [
        "| What | Files | Seconds | Ratio | Target | Met? |",
        "|---|---:|---:|---:|---|---|",
        *[f"| {r.what} | {r.files} | {r.value} | {r.ratio} | {r.target} | {r.met} |" for r in rows],
    ]
    print("\n".join(table))
    print(f"\nTargets met: {sum(met)} of {len(met)}")

    header = [
        "# pmf benchmark results",
        "",
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs (nproc), {platform.system()} {platform.release()}",
        f"- Python: {platform.python_version()} ({sys.executable}); pmf's modules {compiled_state()}",
        f"- Mode: {'--quick' if args.quick else 'full'}; seed {args.seed}; {few} repeats for cheap commands, "
        f"{some} for one-council commands, 1 for the largest corpora; each figure is a median wall time",
        f"- Load average when the run ended: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min) on "
        f"{os.cpu_count()} CPUs: {load_words(os.getloadavg()[1], os.cpu_count() or 1)}",
        f"- Floor loader: {loader_label}",
        f"- check-jsonschema: {cjs or 'not installed'}",
        "- Corpus: " + "; ".join(sizes_info),
        "",
        *table,
        "",
        f"Targets met: {sum(met)} of {len(met)}.",
        "",
    ]
    args.results.write_text("\n".join(header), encoding="utf-8")
    say(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
