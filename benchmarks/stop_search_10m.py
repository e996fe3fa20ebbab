"""Benchmark: ingest plus the stop-and-search catalogue on 10 million rows, against DuckDB and pandas.

Builds a national-sized synthetic corpus by replicating the shipped real data.police.uk rows into
43 forces x 12 months of files (about 10 million rows, about 1.8 GB of CSV), then measures, each
in a fresh process so peak memory is its own:

- openpeel: ``ingest`` (read, validate with pandera in DuckDB, standardise, one transaction) and
  every stop-and-search indicator for every force for the year (Ibis on DuckDB);
- duckdb: DuckDB's own ``read_csv`` of the same files (every column as text) into a file
  database, with no checks: the floor a load can approach;
- pandas (with ``--pandas``): a straightforward implementation of the same indicators (read every
  CSV with pandas, map the labels, group by force), which must give the same figures.

Each side runs ``--repeats`` times (default 3) and the median is reported. Results go to
``benchmarks/results/stop_search_<rows>.json``.

    .venv/bin/python benchmarks/stop_search_10m.py [--rows 10000000] [--repeats 3] [--pandas] [--workdir /tmp/openpeel-bench]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = [
    "stop_search.searches",
    "stop_search.rate_per_1000",
    "stop_search.outcome_rate",
    "stop_search.linked_outcome_rate",
    "stop_search.sde_unknown_share",
    "stop_search.disproportionality_black_white",
]
YEAR = "2024"


def build_corpus(workdir: Path, rows: int) -> list[Path]:
    """43 forces x 12 months of stop-and-search CSVs made from the shipped real rows."""
    import duckdb

    from openpeel import forces
    from openpeel.shipped import shipped_data_dir

    out = workdir / "csv"
    if out.exists() and len(list(out.glob("*.csv"))) == 43 * 12:
        return sorted(out.glob("*.csv"))
    out.mkdir(parents=True, exist_ok=True)
    per_file = rows // (43 * 12)
    con = duckdb.connect()
    src = str(shipped_data_dir() / "police-uk" / "*stop-and-search.csv")
    con.execute(f"CREATE TABLE seed AS SELECT * FROM read_csv('{src}', all_varchar=true, union_by_name=true)")
    n = con.execute("SELECT count(*) FROM seed").fetchone()[0]
    con.execute(f"CREATE TABLE pick AS SELECT seed.* FROM seed, range({per_file // n + 1}) LIMIT {per_file}")
    for force in forces.all_forces():
        for month in range(1, 13):
            path = out / f"{YEAR}-{month:02d}-{force.id}-stop-and-search.csv"
            con.execute(
                f"""COPY (SELECT * REPLACE (strftime(DATE '{YEAR}-{month:02d}-01' + INTERVAL (hash(rowid) % 27) DAY
                         + INTERVAL 10 HOUR, '%Y-%m-%dT%H:%M:%S+00:00') AS "Date")
                     FROM pick) TO '{path}' (HEADER, DELIMITER ',')"""
            )
    return sorted(out.glob("*.csv"))


def run_openpeel(workdir: Path) -> dict:
    from openpeel.backends import duckdb_backend
    from openpeel.indicators import catalogue, engine
    from openpeel.ingest import ingest
    from openpeel.periods import Period
    from openpeel.shipped import shipped_data_dir
    from openpeel.store import Store

    db = workdir / "bench.duckdb"
    db.unlink(missing_ok=True)
    store = Store(db)
    ingest([shipped_data_dir() / "ons"], store)
    start = time.perf_counter()
    report = ingest([workdir / "csv"], store)
    ingested = time.perf_counter()
    backend = duckdb_backend(store)
    figures = {}
    for ind_id in INDICATORS:
        run = engine.run(catalogue.get(ind_id), backend, Period.parse(YEAR))
        figures[ind_id] = {f: v.value for f, v in run.values.items()}
    done = time.perf_counter()
    return {"rows": report.rows, "ingest_s": ingested - start, "catalogue_s": done - ingested, "figures": figures}


def run_duckdb(workdir: Path) -> dict:
    """DuckDB's own CSV load of the same files into a file database: no checks, no standardising."""
    import duckdb

    db = workdir / "duckdb-only.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    start = time.perf_counter()
    con.execute(
        f"CREATE TABLE stop_search AS SELECT * FROM read_csv('{workdir / 'csv'}/*.csv', all_varchar=true, filename=true)"
    )
    rows = con.execute("SELECT count(*) FROM stop_search").fetchone()[0]
    con.close()
    return {"rows": rows, "ingest_s": time.perf_counter() - start, "catalogue_s": 0.0, "figures": {}}


def run_pandas(workdir: Path) -> dict:
    """The same indicators the obvious way: pandas over every file."""
    import re

    import pandas as pd

    from openpeel.shipped import shipped_data_dir

    start = time.perf_counter()
    frames = []
    for path in sorted((workdir / "csv").glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        df["force_id"] = re.match(r"\d{4}-\d{2}-(.+)-stop-and-search\.csv", path.name)[1]
        frames.append(df)
    data = pd.concat(frames, ignore_index=True)
    loaded = time.perf_counter()
    people = data[data["Type"] != "Vehicle search"]
    sde = people["Self-defined ethnicity"]
    group = pd.Series("unknown", index=people.index)
    group[sde.str.contains(r"\(W\d\)$") | sde.str.startswith("White - ")] = "white"
    group[sde.str.contains(r"\(B\d\)$") | sde.str.startswith("Black/African/Caribbean/Black British - ")] = "black"
    nfa = people["Outcome"].isin(
        [
            "Nothing found - no further action",
            "A no further action disposal",
            "Suspected psychoactive substances seized - No further action",
        ]
    )
    known = people["Outcome"] != ""
    linked = people["Outcome linked to object of search"].str.lower()
    unknown_sde = (sde == "") | sde.str.endswith("(NS)") | (sde == "Other ethnic group - Not stated")
    g = (
        pd.DataFrame(
            {
                "force_id": people["force_id"],
                "one": 1,
                "outcome": (known & ~nfa).astype(int),
                "known": known.astype(int),
                "linked": (linked == "true").astype(int),
                "stated": linked.isin(["true", "false"]).astype(int),
                "unknown": unknown_sde.astype(int),
                "black": (group == "black").astype(int),
                "white": (group == "white").astype(int),
            }
        )
        .groupby("force_id")
        .sum()
    )
    ons = shipped_data_dir() / "ons"
    pop = pd.read_csv(ons / "mid-year-population-english-police-force-areas-2009-2019.csv").set_index("year").loc[2019]
    census = pd.read_csv(ons / "census2011-ethnicity-by-police-force-area.csv")
    from openpeel import forces

    pop = {forces.resolve(k).id: v for k, v in pop.items()}
    census = census.assign(force_id=[forces.resolve(n).id for n in census.PFA16NM]).set_index("force_id")
    cen_all = census["Ethnic Group: All categories: Ethnic group; measures: Value"]
    black = census["Ethnic Group: Black; measures: Value"]
    white = census["Ethnic Group: White; measures: Value"]
    population = pd.Series({f: pop.get(f, cen_all[f]) for f in g.index})
    figures = {
        "stop_search.searches": g["one"].astype(float).to_dict(),
        "stop_search.rate_per_1000": (1000 * g["one"] / population).to_dict(),
        "stop_search.outcome_rate": (100 * g["outcome"] / g["known"]).to_dict(),
        "stop_search.linked_outcome_rate": (100 * g["linked"] / g["stated"]).to_dict(),
        "stop_search.sde_unknown_share": (100 * g["unknown"] / g["one"]).to_dict(),
        "stop_search.disproportionality_black_white": (
            (g["black"] / black[g.index]) / (g["white"] / white[g.index])
        ).to_dict(),
    }
    done = time.perf_counter()
    return {"rows": len(data), "ingest_s": loaded - start, "catalogue_s": done - loaded, "figures": figures}


def child(kind: str, workdir: Path) -> None:
    result = {"openpeel": run_openpeel, "duckdb": run_duckdb, "pandas": run_pandas}[kind](workdir)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    import statistics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pandas", action="store_true", help="also run the pandas implementation")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/openpeel-bench"))
    parser.add_argument("--child", choices=["openpeel", "duckdb", "pandas"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.child:
        child(args.child, args.workdir)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    files = build_corpus(args.workdir, args.rows)
    print(f"corpus: {len(files)} files in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    kinds = ["openpeel", "duckdb"] + (["pandas"] if args.pandas else [])
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for _ in range(args.repeats):
        for kind in kinds:
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind, "--workdir", str(args.workdir)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs[kind].append(json.loads(out.strip().splitlines()[-1]))
            print(
                f"{kind}: {runs[kind][-1]['ingest_s']:.1f} s, {runs[kind][-1]['peak_rss_mb']:.0f} MB", file=sys.stderr
            )
    results = {k: v[-1] for k, v in runs.items()}
    mine = results["openpeel"]
    mismatches = []
    if "pandas" in results:
        theirs = results["pandas"]
        mismatches = [
            (ind, f)
            for ind in INDICATORS
            for f, v in mine["figures"][ind].items()
            if v is not None and abs(v - theirs["figures"][ind][f]) > 1e-9 * max(1, abs(v))
        ]
    summary = {
        "command": f"{Path(sys.executable).name} benchmarks/stop_search_10m.py --rows {args.rows} --repeats {args.repeats}"
        + (" --pandas" if args.pandas else ""),
        "rows": mine["rows"],
        "files": len(files),
        "same_figures_as_pandas": (not mismatches) if "pandas" in results else None,
        "mismatches": mismatches[:10],
        **{
            kind: {
                "ingest_s_median": round(statistics.median(r["ingest_s"] for r in rs), 1),
                "ingest_s_all": [round(r["ingest_s"], 1) for r in rs],
                "catalogue_s_median": round(statistics.median(r["catalogue_s"] for r in rs), 2),
                "peak_rss_mb_max": round(max(r["peak_rss_mb"] for r in rs)),
            }
            for kind, rs in runs.items()
        },
    }
    summary["ingest_ratio_openpeel_over_duckdb"] = round(
        summary["openpeel"]["ingest_s_median"] / summary["duckdb"]["ingest_s_median"], 2
    )
    out = ROOT / "benchmarks" / "results" / f"stop_search_{args.rows // 1_000_000}m.json"
    out.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
