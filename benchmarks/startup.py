"""How long the quick commands take, start-up included: each run is a fresh ``openpeel`` process.

    .venv/bin/python benchmarks/startup.py --db /tmp/perf/demo.duckdb [--national-db FILE] [--runs 3]

``--db`` is a store built by ``openpeel demo`` (the indicators and compare commands ask for the
demo force, Northamptonshire (demo), and its 43 synthetic twins); ``--national-db`` adds the same
two commands on a store built by ``benchmarks/national.py`` (whose forces are the demo's twins
too). Prints, for each command, the median wall time of the runs, the median CPU time (user +
system: about what an idle machine would take), the target and whether the median wall time meets
it, then the command line that reproduces each row. The machine's load average is printed before
and after: on a shared machine wall times swing with it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

PERIOD = "ye-2025-03"
DEMO_FORCE = "northamptonshire-demo"
COMPARED = "calls.emergency_answered_10s_share"


def commands(db: Path, national: Path | None, national_force: str, compared: str) -> list[tuple[str, list[str], float]]:
    """(name, arguments, target in seconds) for each command measured."""
    rows = [
        ("--help", ["--help"], 0.5),
        ("forces", ["--db", str(db), "forces"], 0.5),
        ("catalogue", ["catalogue"], 0.5),
        ("indicators (demo)", ["--db", str(db), "indicators", "--force", DEMO_FORCE, "--period", PERIOD], 1.0),
        ("compare (demo)", ["--db", str(db), "compare", COMPARED, "--period", PERIOD, "--demo"], 1.0),
    ]
    if national is not None:
        rows += [
            (
                "indicators (national)",
                ["--db", str(national), "indicators", "--force", national_force, "--period", PERIOD],
                1.0,
            ),
            ("compare (national)", ["--db", str(national), "compare", compared, "--period", PERIOD, "--demo"], 1.0),
        ]
    return rows


def run_once(executable: str, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process (output thrown away; a failure stops the benchmark)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [executable, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "160"},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"openpeel {shlex.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store built by `openpeel demo`")
    parser.add_argument("--national-db", type=Path, help="a store built by benchmarks/national.py")
    parser.add_argument(
        "--national-force",
        default=DEMO_FORCE,
        help="force asked for on the national store (its forces are the demo's twins)",
    )
    parser.add_argument("--compare", default=COMPARED, help="indicator compared on the national store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--openpeel",
        default=str(Path(sys.executable).with_name("openpeel")),
        help="the openpeel executable (default: beside this Python)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    opts = parser.parse_args()
    for path in (opts.db, opts.national_db):
        if path is not None and not path.is_file():
            sys.exit(f"{path} does not exist: build it first (`openpeel --db {path} demo`, or benchmarks/national.py)")

    load_before = os.getloadavg()
    results = []
    for name, args, target in commands(opts.db, opts.national_db, opts.national_force, opts.compare):
        runs = [run_once(opts.openpeel, args) for _ in range(opts.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        results.append(
            {
                "command": name,
                "args": args,
                "wall_runs": [round(r[0], 3) for r in runs],
                "wall_median": round(wall, 3),
                "cpu_median": round(cpu, 3),
                "target": target,
                "met": wall <= target,
            }
        )
    load_after = os.getloadavg()

    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(f"median of {opts.runs} fresh processes each\n")
    print(f"{'command':<24}{'wall (s)':>10}{'cpu (s)':>10}{'target':>8}  met  runs")
    for r in results:
        print(
            f"{r['command']:<24}{r['wall_median']:>10.2f}{r['cpu_median']:>10.2f}{r['target']:>8.1f}  "
            f"{'yes' if r['met'] else 'NO ':<4} {', '.join(f'{w:.2f}' for w in r['wall_runs'])}"
        )
    print("\nto reproduce a row:")
    for r in results:
        print(f"  {shlex.join([opts.openpeel, *r['args']])}")
    if opts.json:
        opts.json.write_text(
            json.dumps(
                {"load_before": load_before, "load_after": load_after, "runs": opts.runs, "results": results}, indent=2
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
