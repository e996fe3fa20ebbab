"""Time each call of the web's data module once on a store, cold then warm, without HTTP or locks.

    .venv/bin/python benchmarks/web_data_timings.py --db openpeel.duckdb --force northamptonshire-demo --period ye-2025-03

Shows where a page's time goes while figures are computed from the records: the calls that the
stored results are to replace.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from openpeel import forces
from openpeel.periods import Period
from openpeel.web import data
from openpeel.web.store import StoreHolder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("openpeel.duckdb"))
    parser.add_argument("--force", default="northamptonshire-demo")
    parser.add_argument("--indicator", default="calls.emergency_answered_10s_share")
    parser.add_argument("--period", default="ye-2025-03")
    args = parser.parse_args()
    period = Period.parse(args.period)
    ind = data.indicator(args.indicator)
    world = forces.world_of(args.force)
    calls = {
        "periods_available (force)": lambda q: data.periods_available(q, args.force),
        "periods_available (all)": lambda q: data.periods_available(q),
        "worlds_with_data": lambda q: data.worlds_with_data(q),
        "assessment (period given)": lambda q: data.assessment(q, args.force, period),
        "assessment (each latest)": lambda q: data.assessment(q, args.force, None),
        "overview (period given)": lambda q: data.overview(q, world, period),
        "comparison (one indicator)": lambda q: data.comparison(q, ind, period, world),
        "trend (one indicator)": lambda q: data.trend(q, ind, args.force, period),
        "alerts": lambda q: data.alerts(q, args.force),
    }
    holder = StoreHolder(args.db)
    print("| call | first (s) | again (s) |")
    print("|---|---:|---:|")
    with holder.assessor() as assessor:
        q = data.Query(assessor)
        for name, call in calls.items():
            times = []
            for _ in range(2):
                started = time.perf_counter()
                call(q)
                times.append(time.perf_counter() - started)
            print(f"| {name} | {times[0]:.2f} | {times[1]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
