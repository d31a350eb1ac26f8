"""The benchmark: `python bench/run.py` prints a table and writes it as JSON.

For each backend (SQLite; PostgreSQL when it answers) and each N, Årshjul's stages run one
process each (`stages.py`) on a fresh database, then the floor (the bare driver) on another,
then, at N = 1,000 only, the naive way and SpiffWorkflow (`baselines.py`, `spiff_baseline.py`).
Last, the command line's cold start. Figures are ratios on the same machine in the same run.

    python bench/run.py                          # N = 1,000, 10,000, 100,000 (7 to 15 minutes)
    python bench/run.py --sizes 1000 --quick     # a minute: one size, fewer cold starts
    python bench/run.py --cold-only              # the cold start again, into the last results
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
PG_ADMIN = os.environ.get("ARSHJUL_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BASELINE_N = 1000
SQLMODEL = "python -c 'import sqlmodel'"
STAGES = (
    "import",
    "deadline",
    "carry_over",
    "transitions",
    "bulk_move",
    "due_events",
    "report_plan_md",
    "report_plan_xlsx",
    "report_followup_md",
    "report_followup_xlsx",
)


def _python(script: str, *args: str) -> list[dict[str, Any]]:
    """Run a part of the benchmark in its own process; its last line is its answer."""
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"error: {script} {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    answer: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def _postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN.replace("+psycopg", ""), connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def database(backend: str, folder: Path, name: str) -> Iterator[str]:
    """A fresh database for one part of the run, dropped after it."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}.db"
        return
    import psycopg

    admin = PG_ADMIN.replace("+psycopg", "")
    db = f"arshjul_bench_{os.getpid()}_{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db}")
        conn.execute(f"CREATE DATABASE {db}")
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{db}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def arshjul_run(backend: str, n: int, folder: Path, url: str) -> list[dict[str, Any]]:
    common = ["--db", url, "--dir", str(folder), "--n", str(n), "--backend", backend]
    _python("stages.py", "setup", *common)
    results = []
    for stage in STAGES:
        results += _python("stages.py", stage, *common)
        print(f"  {backend:10} N={n:>7,}  {stage:20} {_rate(results[-1])}", flush=True)
    return results


def _rate(result: dict[str, Any]) -> str:
    return f"{result['per_second']:>10,.0f} /s  {result['seconds']:7.2f} s  {result['peak_mib']:6.0f} MiB"


def _starts(db_url: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The commands whose start is measured, and their environment."""
    script = shutil.which("arshjul") or str(Path(sys.executable).parent / "arshjul")
    env = os.environ | {"ARSHJUL_DB": db_url, "ARSHJUL_AS": "samordnare@fi.example"}
    # As on a user's machine, the bytecode is cached: `pip install` compiles what it installs,
    # and an editable checkout caches it on the first run (unless the environment forbids it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        SQLMODEL: [sys.executable, "-c", "import sqlmodel"],
        "arshjul --help": [script, "--help"],
        "arshjul show ID": [script, "show", "2029-001"],
    }
    return commands, env


def cold_start(db_url: str, runs: int) -> dict[str, float]:
    """Median wall time of starting the command line, beside a bare interpreter's start."""
    commands, env = _starts(db_url)
    medians = {}
    for name, command in commands.items():
        subprocess.run(command, env=env, check=True, capture_output=True)  # caches the bytecode
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        medians[name] = round(statistics.median(times), 4)
        print(f"  cold start  {name:30} {medians[name] * 1000:7.0f} ms", flush=True)
    return medians


def cold_instructions(db_url: str) -> dict[str, int]:
    """The same starts counted in instructions by callgrind, where valgrind is installed: the
    same count whatever else the machine is doing, where a wall time on a busy machine is not."""
    if not shutil.which("valgrind"):
        return {}
    commands, env = _starts(db_url)
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in commands.items():
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", *command],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            found = re.search(r"Collected : (\d+)", done.stderr)
            if found:
                counts[name] = int(found.group(1))
                print(
                    f"  cold start  {name:30} {counts[name] / 1e6:7.0f} M instructions", flush=True
                )
    return counts


def table(results: list[dict[str, Any]]) -> str:
    """Årshjul's stages, each beside the floor at the same N and the baselines at N = 1,000."""
    by = {(r["way"], r["backend"], r["n"], r["stage"]): r for r in results}
    lines = [
        "| backend | N | stage | Årshjul items/s | seconds | peak MiB | floor items/s | × floor | naive items/s | × naive | SpiffWorkflow items/s | × Spiff |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r["way"] != "arshjul" or not r["items"]:
            continue  # at N = 1,000 the sample takes every item and leaves bulk move none
        key = (r["backend"], r["n"], r["stage"])
        floor = by.get(("floor", *key))
        naive = by.get(("naive", r["backend"], BASELINE_N, r["stage"]))
        spiff = by.get(("spiffworkflow", "sqlite", BASELINE_N, r["stage"]))
        cells = [r["backend"], f"{r['n']:,}", r["stage"].replace("_", " ")]
        cells += [f"{r['per_second']:,.0f}", f"{r['seconds']:.2f}", f"{r['peak_mib']:.0f}"]
        for other in (floor, naive, spiff):
            if other and other["per_second"]:
                ratio = r["per_second"] / other["per_second"]
                cells += [
                    f"{other['per_second']:,.0f}",
                    f"{ratio:.2f}" if ratio < 10 else f"{ratio:.0f}",
                ]
            else:
                cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


BULK = ("import", "deadline", "carry_over")
REPORTS = ("report_plan_md", "report_plan_xlsx", "report_followup_md", "report_followup_xlsx")


def targets(report: dict[str, Any]) -> list[str]:
    """The issue's targets, each met or missed and by how much, at the largest N of each
    backend (the baselines at N = 1,000, as they run)."""
    results = report["results"]
    by = {(r["way"], r["backend"], r["n"], r["stage"]): r for r in results}
    lines = []

    def rate(way: str, backend: str, n: int, stage: str) -> float:
        found = by.get((way, backend, n, stage))
        return float(found["per_second"]) if found else 0.0

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    for backend in sorted({r["backend"] for r in results if r["way"] == "arshjul"}):
        n = max(r["n"] for r in results if r["way"] == "arshjul" and r["backend"] == backend)
        for stage in BULK:
            ours = rate("arshjul", backend, n, stage)
            floor = rate("floor", backend, n, stage)
            naive = rate("naive", backend, BASELINE_N, stage)
            spiff = rate("spiffworkflow", "sqlite", BASELINE_N, stage)
            if floor:
                lines.append(
                    f"{backend} N={n:,} {stage}: {ours / floor:.2f} of the floor "
                    f"(target 0.33: {verdict(ours >= floor / 3)})"
                )
            for name, other in (("naive", naive), ("SpiffWorkflow", spiff)):
                if other:
                    lines.append(
                        f"{backend} N={n:,} {stage}: {ours / other:.0f} × {name} "
                        f"(target 50: {verdict(ours >= 50 * other)})"
                    )
        ours = rate("arshjul", backend, n, "transitions")
        naive = rate("naive", backend, BASELINE_N, "transitions")
        if naive:
            lines.append(
                f"{backend} single transitions: {ours / naive:.2f} × naive "
                f"(target 1: {verdict(ours >= naive)})"
            )
        for stage in REPORTS:
            found = by.get(("arshjul", backend, n, stage))
            if found and n >= 100_000:
                lines.append(
                    f"{backend} N={n:,} {stage}: {found['seconds']:.1f} s, {found['peak_mib']:.0f} MiB "
                    f"(target under 10 s: {verdict(found['seconds'] < 10)})"
                )
    cold = report.get("cold_start_seconds") or {}
    if cold:
        bare, sqlmodel = cold["python -c pass"], cold[SQLMODEL]
        helped, shown = cold["arshjul --help"] / bare, cold["arshjul show ID"] / sqlmodel
        lines.append(
            f"arshjul --help: {helped:.1f} × bare python (target 5: {verdict(helped <= 5)})"
        )
        counted = report.get("cold_start_instructions") or {}
        also = (
            f"; in instructions {counted['arshjul show ID'] / counted[SQLMODEL]:.2f} ×"
            if counted
            else ""
        )
        lines.append(
            f"arshjul show ID: {shown:.2f} × import sqlmodel "
            f"(target 1.5: {verdict(shown <= 1.5)}{also})"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="the Ns, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--quick", action="store_true", help="5 cold starts instead of 21")
    parser.add_argument("--no-spiff", action="store_true", help="leave SpiffWorkflow out")
    parser.add_argument(
        "--spiff-only",
        action="store_true",
        help="run SpiffWorkflow alone and put it into the results already in --out",
    )
    parser.add_argument(
        "--cold-only",
        action="store_true",
        help="measure the cold start alone and put it into the results already in --out",
    )
    args = parser.parse_args()
    if args.cold_only:
        report = json.loads(args.out.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="arshjul-bench-") as tmp:
            url = f"sqlite:///{tmp}/cold.db"
            common = ["--db", url, "--dir", tmp, "--n", "10000", "--backend", "sqlite"]
            for stage in ("setup", "import", "deadline", "carry_over"):  # 2029-001 is carried
                _python("stages.py", stage, *common)
            report["cold_start_seconds"] = cold_start(url, 5 if args.quick else 21)
            report["cold_start_instructions"] = cold_instructions(url)
        _finish(report, args.out)
        return
    if args.spiff_only:
        report = json.loads(args.out.read_text(encoding="utf-8"))
        kept = [r for r in report["results"] if r["way"] != "spiffworkflow"]
        report["results"] = kept + _spiff()
        _finish(report, args.out)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    if "postgresql" in backends and not _postgres_answers():
        print(f"PostgreSQL does not answer at {PG_ADMIN}: SQLite only", flush=True)
        backends.remove("postgresql")
    results: list[dict[str, Any]] = []
    cold: dict[str, float] = {}
    counted: dict[str, int] = {}
    cold_n = 10000 if 10000 in sizes else max(sizes)  # `show` against a 10,000-item database
    with tempfile.TemporaryDirectory(prefix="arshjul-bench-") as tmp:
        for backend in backends:
            for n in sizes:
                folder = Path(tmp) / f"{backend}-{n}"
                folder.mkdir()
                with database(backend, folder, f"arshjul_{n}") as url:
                    results += arshjul_run(backend, n, folder, url)
                    if backend == "sqlite" and n == cold_n:
                        cold = cold_start(url, 5 if args.quick else 21)
                        counted = cold_instructions(url)
                with database(backend, folder, f"floor_{n}") as url:
                    results += _python(
                        "baselines.py", "floor", "--db", url, "--n", str(n), "--backend", backend
                    )
                    for r in results[-4:]:
                        print(
                            f"  {backend:10} N={n:>7,}  floor {r['stage']:14} {_rate(r)}",
                            flush=True,
                        )
            with database(backend, Path(tmp), "naive") as url:
                results += _python(
                    "baselines.py",
                    "naive",
                    "--db",
                    url,
                    "--n",
                    str(BASELINE_N),
                    "--backend",
                    backend,
                )
                for r in results[-4:]:
                    print(
                        f"  {backend:10} N={BASELINE_N:>7,}  naive {r['stage']:14} {_rate(r)}",
                        flush=True,
                    )
        if not args.no_spiff:
            results += _spiff()
    report = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        },
        "results": results,
        "cold_start_seconds": cold,
        "cold_start_instructions": counted,
    }
    _finish(report, args.out)


def _spiff() -> list[dict[str, Any]]:
    results = _python("spiff_baseline.py", str(BASELINE_N))
    for r in results:
        print(f"  spiffworkflow N={BASELINE_N:,}  {r['stage']:14} {_rate(r)}", flush=True)
    return results


def _finish(report: dict[str, Any], out: Path) -> None:
    """Write the results as JSON and print them as tables."""
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table(report["results"]))
    cold = report["cold_start_seconds"]
    if cold:
        bare, sqlmodel = cold["python -c pass"], cold[SQLMODEL]
        print()
        counted = report.get("cold_start_instructions") or {}
        print(
            "| command | median ms | × bare python | × import sqlmodel "
            "| M instructions | × import sqlmodel |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, seconds in cold.items():
            count = counted.get(name)
            instructions = (
                f"{count / 1e6:,.0f} | {count / counted[SQLMODEL]:.2f}" if count else " | "
            )
            print(
                f"| `{name}` | {seconds * 1000:.0f} | {seconds / bare:.1f} "
                f"| {seconds / sqlmodel:.2f} | {instructions} |"
            )
    print("\nTargets:")
    for line in targets(report):
        print(f"- {line}")
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
