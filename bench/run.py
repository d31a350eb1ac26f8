"""The benchmark: `python bench/run.py` prints a table and writes it as JSON.

For each backend (SQLite; PostgreSQL when it answers) and each N, Årshjul's stages run one
process each (`stages.py`) on a fresh database, then the floor (the bare driver) on another,
then, at N = 1,000 only, the naive way and SpiffWorkflow (`baselines.py`, `spiff_baseline.py`).
Last, the command line's cold start. Figures are ratios on the same machine in the same run.

    python bench/run.py                          # N = 1,000, 10,000, 100,000 (about 15 minutes)
    python bench/run.py --sizes 1000 --quick     # a minute: one size, fewer cold starts
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def cold_start(db_url: str, runs: int) -> dict[str, float]:
    """Median wall time of starting the command line, beside a bare interpreter's start."""
    script = shutil.which("arshjul") or str(Path(sys.executable).parent / "arshjul")
    env = os.environ | {"ARSHJUL_DB": db_url, "ARSHJUL_AS": "samordnare@fi.example"}
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sqlmodel'": [sys.executable, "-c", "import sqlmodel"],
        "arshjul --help": [script, "--help"],
        "arshjul show ID": [script, "show", "2029-001"],
    }
    medians = {}
    for name, command in commands.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        medians[name] = round(statistics.median(times), 4)
        print(f"  cold start  {name:30} {medians[name] * 1000:7.0f} ms", flush=True)
    return medians


def table(results: list[dict[str, Any]]) -> str:
    """Årshjul's stages, each beside the floor at the same N and the baselines at N = 1,000."""
    by = {(r["way"], r["backend"], r["n"], r["stage"]): r for r in results}
    lines = [
        "| backend | N | stage | Årshjul items/s | peak MiB | floor items/s | × floor | naive items/s | × naive | SpiffWorkflow items/s | × Spiff |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r["way"] != "arshjul" or not r["items"]:
            continue  # at N = 1,000 the sample takes every item and leaves bulk move none
        key = (r["backend"], r["n"], r["stage"])
        floor = by.get(("floor", *key))
        naive = by.get(("naive", r["backend"], BASELINE_N, r["stage"]))
        spiff = by.get(("spiffworkflow", "sqlite", BASELINE_N, r["stage"]))
        cells = [r["backend"], f"{r['n']:,}", r["stage"].replace("_", " ")]
        cells += [f"{r['per_second']:,.0f}", f"{r['peak_mib']:.0f}"]
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
    args = parser.parse_args()
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
        bare, sqlmodel = cold["python -c pass"], cold["python -c 'import sqlmodel'"]
        print()
        print("| command | median ms | × bare python | × import sqlmodel |")
        print("| --- | ---: | ---: | ---: |")
        for name, seconds in cold.items():
            print(
                f"| `{name}` | {seconds * 1000:.0f} | {seconds / bare:.1f} | {seconds / sqlmodel:.2f} |"
            )
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
