"""A small world for report tests that do not need the whole demo.

Seven demo twins with antisocial behaviour figures chosen so the comparison can be worked by
hand: sorted, the rates are 7.0, 10.0, 12.0, 13.6, 16.4, 20.0 and 22.4 per 1,000, so the median is
13.6 and (no value lies beyond the whiskers) the typical range runs from 7.0 to 22.4, with
Northamptonshire (demo) at 16.4. The demo force also gets the synthetic audit answers and survey
returns that reproduce the published results, so findings text fills from real evidence loads.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.csv as pacsv
import yaml

from openpeel.demo import published
from openpeel.evidence import load_answers, load_survey, synthesise_answers, synthesise_survey
from openpeel.framework import KnownEvidence
from openpeel.ingest import ingest
from openpeel.store import Store

DEMO = "northamptonshire-demo"
ASB_PER_1000 = {
    DEMO: 16.4,
    "kent-demo": 7.0,
    "essex-demo": 10.0,
    "norfolk-demo": 12.0,
    "suffolk-demo": 13.6,
    "surrey-demo": 20.0,
    "sussex-demo": 22.4,
}
POPULATION = 1_000_000
EVIDENCE_IDS = Path(__file__).parents[1] / "framework" / "data" / "demo_evidence_ids.yaml"


def demo_known() -> KnownEvidence:
    """The ids the demo inspection uses, so it loads whatever the catalogue holds today."""
    ids = yaml.safe_load(EVIDENCE_IDS.read_text(encoding="utf-8"))
    return KnownEvidence.of(indicators=ids["indicators"], audits=ids["audits"], surveys=ids["surveys"])


def small_world(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    figures = folder / "asb-figures-synthetic.csv"
    with figures.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["force", "indicator", "component", "period_start", "period_end", "value", "publisher"])
        for force, rate in ASB_PER_1000.items():
            for component, value in (("incidents", round(rate * POPULATION / 1000)), ("population", POPULATION)):
                out.writerow([force, "asb.rate_per_1000", component, "2024-04", "2025-03", value, "test (synthetic)"])
    store = Store(folder / "world.duckdb")
    ingest([figures], store)
    answers = folder / "audit-answers-synthetic.csv"
    pacsv.write_csv(synthesise_answers(DEMO, published.audits()), answers)
    load_answers(store, [answers])
    survey = synthesise_survey(DEMO, published.survey())
    returns = folder / "survey-returns-synthetic.csv"
    pacsv.write_csv(survey.returns, returns)
    load_survey(store, returns, DEMO, survey.headcount, closed=survey.closed)
    return store
