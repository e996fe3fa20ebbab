"""Tables to download: CSV (through the spreadsheet-safe writer) and OpenDocument spreadsheets."""

from __future__ import annotations

import io

import pandas as pd
from fastapi.responses import Response

from openpeel.csv_output import neutralise, write_rows

TABLE_FORMATS = ("csv", "ods")

ASSESSMENT_COLUMNS = [
    "id",
    "title",
    "area",
    "unit",
    "force",
    "period",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "median",
    "typical_low",
    "typical_high",
    "position",
    "rank",
    "forces_compared",
    "england_and_wales",
    "previous_value",
    "change",
    "percent_change",
    "change_direction",
    "change_test",
    "change_p_value",
    "change_significant",
    "complete",
    "reason",
    "source",
    "suppressed",
]
COMPARISON_COLUMNS = [
    "indicator",
    "period",
    "rank",
    "force",
    "name",
    "value",
    "numerator",
    "denominator",
    "position",
    "compared",
    "note",
    "suppressed",
]


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def table(rows: list[dict], columns: list[str], fmt: str, stem: str) -> Response:
    rows = [{c: _cell(r.get(c)) for c in columns} for r in rows]
    if fmt == "ods":
        buffer = io.BytesIO()
        # text that a spreadsheet would run as a formula is quoted here too
        frame = pd.DataFrame([{c: neutralise(r[c]) for c in columns} for r in rows], columns=columns)
        frame.to_excel(buffer, engine="odf", index=False)
        return Response(
            buffer.getvalue(),
            media_type="application/vnd.oasis.opendocument.spreadsheet",
            headers={"content-disposition": f'attachment; filename="{stem}.ods"'},
        )
    text = io.StringIO()
    write_rows(text, rows, columns)
    return Response(
        text.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{stem}.csv"'},
    )
