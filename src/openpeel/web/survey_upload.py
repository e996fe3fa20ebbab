"""A workforce survey returns file uploaded to an inspection, checked and counted by the library.

The file is checked by :func:`openpeel.evidence.returns.read_returns` (the checks of ``openpeel
survey load``: every problem by row and column) and counted by
:func:`openpeel.evidence.survey_results` in a scratch store of its own, so the store the server
reads is not touched until the inspection is published. The response rate and each statement's
result are kept with the upload, as the evidence results the preview, the placeholder list and
the grades read.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from openpeel.areas import Area
from openpeel.evidence import EvidenceResult, load_survey, statement_results, survey_results
from openpeel.periods import Period
from openpeel.store import Store


def count(content: bytes, filename: str, force_id: str, headcount: int, closed: date) -> dict:
    """The survey's response and statement results; raises ``SourceError`` naming each problem."""
    with tempfile.TemporaryDirectory(prefix="openpeel-survey-") as folder:
        path = Path(folder) / (Path(filename).name or "returns.csv")
        path.write_bytes(content)
        store = Store(Path(folder) / "survey.duckdb")
        load_survey(store, path, force_id, headcount, closed=closed)
        overall = survey_results(store, force_id)
        statements = statement_results(store, force_id)
    return {"response": overall.as_dict() | {"statements": []}, "statements": [s.as_dict() for s in statements]}


def results(saved: dict | None) -> list[EvidenceResult]:
    """The statement results kept with an upload, as evidence results."""
    if saved is None:
        return []
    out = []
    for s in saved["results"]["statements"]:
        out.append(
            EvidenceResult(
                evidence_id=s["evidence_id"],
                kind="survey",
                force_id=s["force_id"],
                area=Area(s["area"]),
                source=s["source"],
                item=s["item"],
                text=s["text"],
                yes=s["yes"],
                of=s["of"],
                excluded=s["excluded"],
                period=Period.parse(s["period"]) if s["period"] else None,
                role=s["role"],
                synthetic=s["synthetic"],
                higher_is_better=s["higher_is_better"],
            )
        )
    return out
