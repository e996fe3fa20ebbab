"""Benchmark: ingest plus the stop-and-search catalogue on 10 million rows, against pandas.

Builds a national-sized synthetic corpus by replicating the shipped real data.police.uk rows into
43 forces x 12 months of files (about 10 million rows, about 1.8 GB of CSV), then measures, each
in a fresh process so peak memory is its own:

- openpeel: ``ingest`` (read, validate with pandera in DuckDB, standardise, one transaction) and
  every stop-and-search indicator for every force for the year (Ibis on DuckDB);
- pandas: a straightforward implementation of the same indicators (read every CSV with
  pandas, map the labels, group by force).

Both must give the same figures. Results go to ``benchmarks/results/stop_search_10m.json``.

    .venv/bin/python benchmarks/stop_search_10m.py [--rows 10000000] [--workdir /tmp/openpeel-bench]
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
    "stop_search.searches", "stop_search.rate_per_1000", "stop_search.outcome_rate",
    "stop_search.linked_outcome_rate", "stop_search.sde_unknown_share", "stop_search.disproportionality_black_white",
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
    nfa = people["Outcome"].isin(["Nothing found - no further action", "A no further action disposal",
                                  "Suspected psychoactive substances seized - No further action"])
    known = people["Outcome"] != ""
    linked = people["Outcome linked to object of search"].str.lower()
    unknown_sde = (sde == "") | sde.str.endswith("(NS)") | (sde == "Other ethnic group - Not stated")
    g = pd.DataFrame({
        "force_id": people["force_id"], "one": 1, "outcome": (known & ~nfa).astype(int), "known": known.astype(int),
        "linked": (linked == "true").astype(int), "stated": linked.isin(["true", "false"]).astype(int),
        "unknown": unknown_sde.astype(int), "black": (group == "black").astype(int), "white": (group == "white").astype(int),
    }).groupby("force_id").sum()
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
        "stop_search.disproportionality_black_white": ((g["black"] / black[g.index]) / (g["white"] / white[g.index])).to_dict(),
    }
    done = time.perf_counter()
    return {"rows": len(data), "ingest_s": loaded - start, "catalogue_s": done - loaded, "figures": figures}


def child(kind: str, workdir: Path) -> None:
    result = {"openpeel": run_openpeel, "pandas": run_pandas}[kind](workdir)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/openpeel-bench"))
    parser.add_argument("--child", choices=["openpeel", "pandas"])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    if args.child:
        child(args.child, args.workdir)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    files = build_corpus(args.workdir, args.rows)
    print(f"corpus: {len(files)} files in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    results = {}
    for kind in ("openpeel", "pandas"):
        out = subprocess.run([sys.executable, __file__, "--child", kind, "--workdir", str(args.workdir)],
                             check=True, capture_output=True, text=True).stdout
        results[kind] = json.loads(out.strip().splitlines()[-1])
    mine, theirs = results["openpeel"], results["pandas"]
    mismatches = [
        (ind, f) for ind in INDICATORS for f, v in mine["figures"][ind].items()
        if v is not None and abs(v - theirs["figures"][ind][f]) > 1e-9 * max(1, abs(v))
    ]
    summary = {
        "rows": mine["rows"],
        "same_figures": not mismatches,
        "mismatches": mismatches[:10],
        **{
            kind: {
                "ingest_s": round(r["ingest_s"], 1),
                "catalogue_s": round(r["catalogue_s"], 2),
                "total_s": round(r["ingest_s"] + r["catalogue_s"], 1),
                "rows_per_s": round(r["rows"] / (r["ingest_s"] + r["catalogue_s"])),
                "peak_rss_mb": round(r["peak_rss_mb"]),
            }
            for kind, r in results.items()
        },
    }
    summary["speed_ratio_pandas_over_openpeel"] = round(summary["pandas"]["total_s"] / summary["openpeel"]["total_s"], 2)
    summary["catalogue_ratio_pandas_over_openpeel"] = round(theirs["catalogue_s"] / mine["catalogue_s"], 2)
    (ROOT / "benchmarks" / "results" / "stop_search_10m.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
