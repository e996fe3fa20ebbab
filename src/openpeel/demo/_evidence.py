"""The demo force's inspection evidence: audit answers and workforce survey returns.

Made by :mod:`openpeel.evidence.synthetic` so that every audit question and survey statement
comes out exactly as the published report printed it (:mod:`openpeel.demo.published`), written as the CSV files a force or an
inspector would supply, and loaded through the evidence loaders (they are not publisher files, so
the ingest readers do not take them).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv

from openpeel.demo import published
from openpeel.evidence import load_answers, load_survey, synthesise_answers, synthesise_survey
from openpeel.store import Store


def write_and_load(store: Store, out: Path, force: str, seed: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    answers = out / f"audit-answers-synthetic-{force}.csv"
    pacsv.write_csv(synthesise_answers(force, published.audits(), seed=seed), answers)
    survey = synthesise_survey(force, published.survey(), seed=seed)
    returns = out / f"survey-returns-synthetic-{force}.csv"
    pacsv.write_csv(survey.returns, returns)
    load_answers(store, [answers])
    load_survey(store, returns, force, survey.headcount, closed=survey.closed)
    return [answers, returns]
