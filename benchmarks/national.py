"""National scale: every force's records in one store, loaded, materialised and computed three ways.

    .venv/bin/python benchmarks/national.py --scale 0.02 --workdir /tmp/openpeel-national   # about a minute's data
    .venv/bin/python benchmarks/national.py --scale 1 --workdir /tmp/openpeel-national      # about 45 M rows

Steps, each in a process of its own so its peak memory (max RSS) is its own:

1. ``generate``: the demo generators (``openpeel.demo``) write the demo force's extracts once;
   every record extract is then grown or thinned in DuckDB into each of the 43 forces' demo twins
   (``kent-demo``, ...), each at its own size: ``scale x 45 M`` rows shared out by the twins'
   populations. A twin larger than the demo force gets whole copies of it, its record ids suffixed
   ``~1``, ``~2``, ...; the last copy (or the only one) keeps a sample of the records chosen by a
   hash of their id, so a crime and its outcome are kept or dropped together. Written as Parquet,
   one file per table, force and copy (each at most the demo's own size), beside the twins'
   population and census files.
2. ``load``: ``openpeel ingest`` of all of it into a new store (which computes and stores every
   result for the standard periods as it loads).
3. ``materialise``: ``openpeel materialise --all``, recomputing every result.
4. ``indicators``: ten representative indicators for the year ending March 2025, three ways:
   openpeel's engine from the records (``engine.run``), a straightforward pandas implementation
   (columns read from the store into data frames, then filtered and grouped), and hand-written
   DuckDB SQL on the store. Each runs ``--repeats`` times (median reported); the three must agree
   (same forces, values equal to 1e-9 relative), and the ratios are printed.

The records are synthetic and the forces are the demo's twins, so nothing here is a real figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

FULL_ROWS = 45_000_000
PERIOD = "ye-2025-03"
FIRST_MONTH, LAST_MONTH = "2024-04-01", "2025-03-01"  # the months of PERIOD
POPULATION_YEAR = 2024  # the mid-year estimate that describes PERIOD (latest 30 June on or before its end)
TARGETS = {"load_and_materialise_seconds": 600, "peak_gb": 4.0, "vs_sql": 1.5, "vs_pandas": 10.0}
ID_SUFFIXES = ("_id", "_ref")  # record ids (and links to other records' ids): suffixed in copies


# -- 1. generate ---------------------------------------------------------------------------------


def generate(workdir: Path, scale: float) -> dict:
    import duckdb

    from openpeel import demo, forces
    from openpeel.records.schema import all_schemas

    demo_dir, records_dir, reference_dir = workdir / "demo", workdir / "records", workdir / "reference"
    for folder in (records_dir, reference_dir):
        folder.mkdir(parents=True, exist_ok=True)
    paths = demo.write(demo_dir)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")

    # the twins' sizes: their populations in the latest year of the demo's mid-year estimates
    pop_file = next(p for p in paths if "mid-year-population" in p.name)
    census_file = next(p for p in paths if "census2011" in p.name)
    for path in (pop_file, census_file):
        (reference_dir / path.name).write_bytes(path.read_bytes())
    pop = con.execute(f"SELECT * FROM read_csv('{pop_file}', all_varchar = true) ORDER BY year DESC LIMIT 1")
    names = [d[0] for d in pop.description]
    latest = dict(zip(names, pop.fetchone()))
    sizes = {forces.lookup(name).id: float(value) for name, value in latest.items() if name != "year"}
    total_pop = sum(sizes.values())

    schemas = {s.name: s for s in all_schemas()}
    extracts = {}
    for path in paths:
        if demo.DEMO_FORCE not in path.name:
            continue
        named = [s for s in schemas if path.name.startswith(s)]
        if named:
            extracts[max(named, key=len)] = path
    base_rows = {}
    for table, path in extracts.items():
        reader = f"read_parquet('{path}')" if path.suffix == ".parquet" else f"read_csv('{path}', all_varchar = true)"
        con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM {reader}')
        base_rows[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    demo_rows = sum(base_rows.values())

    written, rows_written = 0, 0
    for table in sorted(extracts):
        columns = [d[0] for d in con.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
        ids = [c for c in columns if c.endswith(ID_SUFFIXES) and _field_type(schemas[table], c) == "text"]
        sample_on = next((k for k in schemas[table].key if k in ids), None)
        for force_id, people in sorted(sizes.items()):
            factor = scale * FULL_ROWS * people / total_pop / demo_rows
            copies = (
                [(0, 1.0)]
                if sample_on is None
                else [(c, 1.0) for c in range(int(factor))]
                + ([(int(factor), factor - int(factor))] if factor % 1 else [])
            )
            for copy, keep in copies:
                out = records_dir / f"{table}-synthetic-{force_id}-{copy}.parquet"
                replaced = [f"'{force_id}' AS force"] + [
                    f"CASE WHEN {c} IS NULL THEN NULL ELSE {c} || '~{copy}' END AS {c}" for c in ids if copy
                ]
                where = "" if keep >= 1.0 else f"WHERE hash({sample_on}) % 1000000 < {int(keep * 1_000_000)}"
                select = f'SELECT * REPLACE ({", ".join(replaced)}) FROM "{table}" {where}'
                n = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
                if n == 0:
                    continue
                con.execute(f"COPY ({select}) TO '{out}' (FORMAT parquet)")
                written += 1
                rows_written += n
    return {
        "files": written,
        "rows": rows_written,
        "demo_rows": demo_rows,
        "tables": len(extracts),
        "forces": len(sizes),
    }


def _field_type(schema, name: str) -> str | None:
    return next((f.type for f in schema.fields if f.name == name), None)


# -- 4. the ten indicators -------------------------------------------------------------------------

# indicator id -> (how the pandas way computes it, the hand-written SQL)
IN_PERIOD = f"month BETWEEN DATE '{FIRST_MONTH}' AND DATE '{LAST_MONTH}'"
POPULATION_SQL = f"""(SELECT force_id, arg_max(population, year) AS population FROM population
                      WHERE year <= {POPULATION_YEAR} GROUP BY force_id)"""

SQL = {
    "arrests.count": f"SELECT force_id, count(*) AS value FROM arrests WHERE {IN_PERIOD} GROUP BY force_id",
    "asb.incidents": f"SELECT force_id, count(*) AS value FROM asb_incidents WHERE {IN_PERIOD} GROUP BY force_id",
    "asb.rate_per_1000": f"""SELECT a.force_id, a.n / p.population * 1000 AS value
        FROM (SELECT force_id, count(*) AS n FROM asb_incidents WHERE {IN_PERIOD} GROUP BY force_id) a
        JOIN {POPULATION_SQL} p USING (force_id)""",
    "calls.emergency_answered_10s_share": f"""SELECT force_id,
        100.0 * count(*) FILTER (WHERE answered_at <= presented_at + INTERVAL 10 SECOND) / count(*) AS value
        FROM calls_999 WHERE {IN_PERIOD} GROUP BY force_id""",
    "calls.emergency_per_1000": f"""SELECT c.force_id, c.n / p.population * 1000 AS value
        FROM (SELECT force_id, count(*) AS n FROM calls_999 WHERE {IN_PERIOD} GROUP BY force_id) c
        JOIN {POPULATION_SQL} p USING (force_id)""",
    "calls.non_emergency_abandoned_share": f"""SELECT force_id,
        100.0 * count(*) FILTER (WHERE outcome = 'abandoned') / count(*) AS value
        FROM calls_101 WHERE {IN_PERIOD} GROUP BY force_id""",
    "stop_search.searches": f"""SELECT force_id, count(*) AS value FROM stop_search_records
        WHERE {IN_PERIOD} AND search_type <> 'vehicle' GROUP BY force_id""",
    # a find whose link to the grounds is not recorded counts neither as a find nor as known
    "stop_search.find_rate": f"""SELECT force_id, 100.0 * count(*) FILTER (WHERE item_found AND find_linked IS NOT NULL)
        / count(*) FILTER (WHERE (item_found AND find_linked IS NOT NULL) OR NOT item_found) AS value
        FROM stop_search_records WHERE {IN_PERIOD} AND search_type <> 'vehicle' GROUP BY force_id
        HAVING count(*) FILTER (WHERE (item_found AND find_linked IS NOT NULL) OR NOT item_found) > 0""",
    "custody.reviews_done_share": f"""SELECT force_id, 100.0 * sum(reviews_done) / sum(reviews_due) AS value
        FROM custody_detentions WHERE {IN_PERIOD} GROUP BY force_id HAVING sum(reviews_due) > 0""",
    "custody.adult_detention_hours_median": f"""SELECT force_id,
        median((epoch(released_at) - epoch(authorised_at)) / 3600.0) AS value
        FROM custody_detentions WHERE {IN_PERIOD} AND age_group = 'adult' AND released_at IS NOT NULL
        GROUP BY force_id""",
}
COLUMNS = {  # what the pandas way reads from the store, per indicator
    "arrests.count": ("arrests", ["force_id", "month"]),
    "asb.incidents": ("asb_incidents", ["force_id", "month"]),
    "asb.rate_per_1000": ("asb_incidents", ["force_id", "month"]),
    "calls.emergency_answered_10s_share": ("calls_999", ["force_id", "month", "presented_at", "answered_at"]),
    "calls.emergency_per_1000": ("calls_999", ["force_id", "month"]),
    "calls.non_emergency_abandoned_share": ("calls_101", ["force_id", "month", "outcome"]),
    "stop_search.searches": ("stop_search_records", ["force_id", "month", "search_type"]),
    "stop_search.find_rate": ("stop_search_records", ["force_id", "month", "search_type", "item_found", "find_linked"]),
    "custody.reviews_done_share": ("custody_detentions", ["force_id", "month", "reviews_done", "reviews_due"]),
    "custody.adult_detention_hours_median": (
        "custody_detentions",
        ["force_id", "month", "age_group", "authorised_at", "released_at"],
    ),
}


def pandas_way(con, indicator_id: str) -> dict[str, float]:
    """The straightforward pandas implementation: read the columns, filter, group, divide."""
    import pandas as pd

    table, columns = COLUMNS[indicator_id]
    df = con.execute(f'SELECT {", ".join(columns)} FROM "{table}"').fetch_df()
    df = df[(df.month >= pd.Timestamp(FIRST_MONTH)) & (df.month <= pd.Timestamp(LAST_MONTH))]

    def population() -> pd.Series:
        pop = con.execute("SELECT force_id, year, population FROM population").fetch_df()
        pop = pop[pop.year <= POPULATION_YEAR].sort_values("year")
        return pop.groupby("force_id").population.last().astype(float)

    if indicator_id in ("arrests.count", "asb.incidents"):
        out = df.groupby("force_id").size().astype(float)
    elif indicator_id in ("asb.rate_per_1000", "calls.emergency_per_1000"):
        counts = df.groupby("force_id").size()
        pop = population()
        out = (counts / pop.reindex(counts.index) * 1000).dropna()
    elif indicator_id == "calls.emergency_answered_10s_share":
        within = (df.answered_at <= df.presented_at + pd.Timedelta(seconds=10)).fillna(False)
        g = within.groupby(df.force_id)
        out = g.sum() / g.size() * 100
    elif indicator_id == "calls.non_emergency_abandoned_share":
        g = (df.outcome == "abandoned").groupby(df.force_id)
        out = g.sum() / g.size() * 100
    elif indicator_id == "stop_search.searches":
        people = df[df.search_type.notna() & (df.search_type != "vehicle")]
        out = people.groupby("force_id").size().astype(float)
    elif indicator_id == "stop_search.find_rate":
        people = df[df.search_type.notna() & (df.search_type != "vehicle")]
        found = (people.item_found == True) & people.find_linked.notna()  # noqa: E712 (nulls are not True)
        known = found | (people.item_found == False)  # noqa: E712
        g = pd.DataFrame({"found": found, "known": known}).groupby(people.force_id).sum()
        g = g[g.known > 0]
        out = g.found / g.known * 100
    elif indicator_id == "custody.reviews_done_share":
        g = df.groupby("force_id")[["reviews_done", "reviews_due"]].sum()
        g = g[g.reviews_due > 0]
        out = g.reviews_done / g.reviews_due * 100
    elif indicator_id == "custody.adult_detention_hours_median":
        adults = df[(df.age_group == "adult") & df.released_at.notna()]
        hours = (adults.released_at - adults.authorised_at).dt.total_seconds() / 3600.0
        out = hours.groupby(adults.force_id).median()
    else:
        raise KeyError(indicator_id)
    return {str(k): float(v) for k, v in out.items()}


def sql_way(con, indicator_id: str) -> dict[str, float]:
    return {
        force_id: float(value) for force_id, value in con.execute(SQL[indicator_id]).fetchall() if value is not None
    }


def openpeel_way(backend, indicator_id: str) -> dict[str, float]:
    from openpeel.indicators import catalogue, engine
    from openpeel.periods import Period

    run = engine.run(catalogue.get(indicator_id), backend, Period.parse(PERIOD))
    return {force_id: fv.value for force_id, fv in run.values.items() if fv.value is not None}


def indicators(db: Path, repeats: int) -> dict:
    import duckdb

    from openpeel.backends import duckdb_backend
    from openpeel.store import Store

    backend = duckdb_backend(Store(db))
    con = duckdb.connect(str(db), read_only=True)  # its own connection: nothing cached between the ways
    con.execute("SET enable_progress_bar = false")
    ways = {
        "openpeel": lambda i: openpeel_way(backend, i),
        "pandas": lambda i: pandas_way(con, i),
        "sql": lambda i: sql_way(con, i),
    }
    rows = []
    for indicator_id in SQL:
        timings, answers = {}, {}
        for name, way in ways.items():
            way(indicator_id)  # once untimed: imports, compiled expressions and caches are not the work
            seconds = []
            for _ in range(repeats):
                started = time.perf_counter()
                answers[name] = way(indicator_id)
                seconds.append(time.perf_counter() - started)
            timings[name] = statistics.median(seconds)
        rows.append(
            {
                "indicator": indicator_id,
                "forces": len(answers["sql"]),
                "seconds": timings,
                "agree": _agree(answers),
                "vs_sql": timings["openpeel"] / timings["sql"],
                "pandas_vs_openpeel": timings["pandas"] / timings["openpeel"],
            }
        )
    return {"indicators": rows}


def _agree(answers: dict[str, dict[str, float]]) -> str | None:
    """None when every way gives the same forces and values, else what differs."""
    first_name, first = next(iter(answers.items()))
    for name, other in answers.items():
        if set(other) != set(first):
            return f"{name} has forces {sorted(set(other) ^ set(first))[:5]} that {first_name} does not (or lacks them)"
        for force_id, value in first.items():
            if abs(other[force_id] - value) > 1e-9 * max(1.0, abs(value)):
                return f"{name} gives {other[force_id]!r} for {force_id}, {first_name} {value!r}"
    return None


# -- the driver -------------------------------------------------------------------------------------


def measured(command: list[str], log: Path) -> dict:
    """Run a step in a process of its own: its wall time, CPU time and peak memory (max RSS)."""
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"step failed ({status}): {shlex.join(command)}; see {log}:\n{log.read_text()[-3000:]}")
    return {
        "seconds": round(wall, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_gb": round(usage.ru_maxrss / 1024 / 1024, 2),
        "command": shlex.join(command),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step")
    run = sub.add_parser("run", help="every step (the default)")
    for p in (parser, run):
        p.add_argument("--scale", type=float, default=1.0, help="share of the full 45 M rows (default 1)")
        p.add_argument("--workdir", type=Path, default=Path("/tmp/openpeel-national"))
        p.add_argument("--repeats", type=int, default=3, help="runs of each indicator way (median reported)")
        p.add_argument("--json", type=Path, help="also write the results here")
    gen = sub.add_parser("generate")
    gen.add_argument("--workdir", type=Path, required=True)
    gen.add_argument("--scale", type=float, required=True)
    ind = sub.add_parser("indicators")
    ind.add_argument("--db", type=Path, required=True)
    ind.add_argument("--repeats", type=int, default=3)
    ind.add_argument("--out", type=Path, required=True)
    opts = parser.parse_args()

    if opts.step == "generate":
        print(json.dumps(generate(opts.workdir, opts.scale)))
        return
    if opts.step == "indicators":
        opts.out.write_text(json.dumps(indicators(opts.db, opts.repeats)), encoding="utf-8")
        return
    run_all(opts)


def run_all(opts) -> None:
    workdir = opts.workdir.resolve()
    if workdir.exists() and any(workdir.iterdir()):
        sys.exit(f"{workdir} is not empty: give a new --workdir (the benchmark starts from nothing)")
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "national.duckdb"
    openpeel = str(Path(sys.executable).with_name("openpeel"))
    load_before = os.getloadavg()
    steps = {}
    steps["generate"] = measured(
        [sys.executable, __file__, "generate", "--workdir", str(workdir), "--scale", str(opts.scale)],
        workdir / "generate.log",
    )
    generated = json.loads((workdir / "generate.log").read_text().strip().splitlines()[-1])
    steps["load"] = measured(
        [openpeel, "--db", str(db), "ingest", str(workdir / "reference"), str(workdir / "records")],
        workdir / "load.log",
    )
    steps["materialise"] = measured([openpeel, "--db", str(db), "materialise", "--all"], workdir / "materialise.log")
    steps["indicators"] = measured(
        [
            sys.executable,
            __file__,
            "indicators",
            "--db",
            str(db),
            "--repeats",
            str(opts.repeats),
            "--out",
            str(workdir / "indicators.json"),
        ],
        workdir / "indicators.log",
    )
    result = json.loads((workdir / "indicators.json").read_text())
    load_after = os.getloadavg()

    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(
        f"scale {opts.scale}: {generated['rows']:,} record rows in {generated['files']} Parquet files "
        f"({generated['tables']} tables, {generated['forces']} forces) grown from the demo's {generated['demo_rows']:,}\n"
    )
    print(f"{'step':<14}{'wall (s)':>10}{'cpu (s)':>10}{'peak (GB)':>11}")
    for name, step in steps.items():
        print(f"{name:<14}{step['seconds']:>10.1f}{step['cpu_seconds']:>10.1f}{step['peak_gb']:>11.2f}")
    print(
        f"\n{'indicator':<40}{'forces':>7}{'openpeel':>10}{'pandas':>9}{'sql':>8}{'op/sql':>8}{'pandas/op':>10}  agree"
    )
    for r in result["indicators"]:
        s = r["seconds"]
        print(
            f"{r['indicator']:<40}{r['forces']:>7}{s['openpeel']:>10.3f}{s['pandas']:>9.3f}{s['sql']:>8.3f}"
            f"{r['vs_sql']:>8.2f}{r['pandas_vs_openpeel']:>10.2f}  {'yes' if r['agree'] is None else r['agree']}"
        )
    load_total = steps["load"]["seconds"]
    peak = max(step["peak_gb"] for name, step in steps.items() if name in ("load", "materialise"))
    worst_sql = max(r["vs_sql"] for r in result["indicators"])
    worst_pandas = min(r["pandas_vs_openpeel"] for r in result["indicators"])
    print("\ntargets:")
    print(
        f"  load (which stores every result) <= {TARGETS['load_and_materialise_seconds']} s: {load_total:.0f} s "
        f"({'met' if load_total <= TARGETS['load_and_materialise_seconds'] else 'NOT met'}); "
        f"materialise --all alone {steps['materialise']['seconds']:.0f} s"
    )
    print(
        f"  peak memory <= {TARGETS['peak_gb']} GB: {peak:.2f} GB ({'met' if peak <= TARGETS['peak_gb'] else 'NOT met'})"
    )
    print(
        f"  each indicator within {TARGETS['vs_sql']}x of SQL: worst {worst_sql:.2f}x "
        f"({'met' if worst_sql <= TARGETS['vs_sql'] else 'NOT met'})"
    )
    print(
        f"  each at least {TARGETS['vs_pandas']:.0f}x faster than pandas: worst {worst_pandas:.2f}x "
        f"({'met' if worst_pandas >= TARGETS['vs_pandas'] else 'NOT met'})"
    )
    disagree = [r["indicator"] for r in result["indicators"] if r["agree"] is not None]
    print(f"  the three ways agree: {'yes' if not disagree else 'NO: ' + ', '.join(disagree)}")
    print("\nto reproduce:")
    print(f"  {shlex.join([sys.executable, __file__, '--scale', str(opts.scale), '--workdir', str(workdir)])}")
    for name, step in steps.items():
        print(f"  {name}: {step['command']}")
    if opts.json:
        opts.json.write_text(
            json.dumps(
                {
                    "scale": opts.scale,
                    "load_before": load_before,
                    "load_after": load_after,
                    "generated": generated,
                    "steps": steps,
                    **result,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    if disagree:
        sys.exit(1)


if __name__ == "__main__":
    main()
