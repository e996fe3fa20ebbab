"""ONS files about the demo twins sit beside the real ones: loading one never replaces the other."""

import duckdb
from conftest import ONS

from openpeel.demo import DemoContext, ons_twins
from openpeel.ingest import ingest


def test_demo_census_and_populations_keep_the_real_ones(store, tmp_path):
    real = [
        ONS / "census2011-ethnicity-by-police-force-area.csv",
        ONS / "mid-year-population-english-police-force-areas-2009-2019.csv",
    ]
    ingest(real, store)
    report = ingest(ons_twins.generate(DemoContext(out=tmp_path)), store)
    assert {o.source_key for o in report.outcomes} == {
        "ons/census-2011/ethnicity-demo",
        *(f"ons/mid-year-population/england-and-wales-demo/{y}" for y in (2022, 2023, 2024, 2025)),
    }
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        worlds = con.execute(
            "SELECT ends_with(force_id, '-demo') AS demo, count(DISTINCT force_id) FROM census_ethnicity GROUP BY 1 ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert worlds == [(False, 43), (True, 43)]
