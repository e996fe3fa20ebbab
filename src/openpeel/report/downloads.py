"""The number register as downloads beside the report: ``numbers.csv`` and ``numbers.ods``.

Every number the report prints is one row: its reference (the number the HTML appendix links to),
the value exactly as shown, what it is, its kind (the force's own records, national data, an audit
or a survey), the sample behind an audit or survey result, the indicator or evidence id it comes
from, its period, where the report shows it and the files it was computed from. The CSV goes
through :func:`openpeel.csv_output.write_rows` (formula neutralising); the ODS, written with
odfpy, types every cell as text except the reference, so no spreadsheet reads a value as a formula.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpeel.csv_output import write_rows
from openpeel.report.numbers import Number

CSV_NAME = "numbers.csv"
ODS_NAME = "numbers.ods"
COLUMNS = ("ref", "shown", "what", "kind", "sample", "evidence_id", "period", "shown_in", "files")
HEADINGS = {
    "ref": "No.",
    "shown": "Value as shown",
    "what": "What it is",
    "kind": "Kind",
    "sample": "Sample",
    "evidence_id": "Indicator or evidence id",
    "period": "Period",
    "shown_in": "Shown in",
    "files": "Files",
}


def rows(numbers: list[Number]) -> list[dict]:
    return [
        {
            "ref": n.ref,
            "shown": n.shown,
            "what": n.what,
            "kind": n.kind,
            "sample": n.sample,
            "evidence_id": n.evidence,
            "period": n.period,
            "shown_in": "; ".join(n.places),
            "files": "; ".join(n.files),
        }
        for n in numbers
    ]


def csv_text(numbers: list[Number]) -> str:
    buffer = io.StringIO()
    write_rows(buffer, rows(numbers), COLUMNS)
    return buffer.getvalue()


def ods_bytes(numbers: list[Number], title: str) -> bytes:
    """The register as one OpenDocument sheet with a header row."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(_title(title))
    sheet = Table(name="Numbers")
    for _ in COLUMNS:
        sheet.addElement(TableColumn())

    def row(values: list) -> TableRow:
        tr = TableRow()
        for value in values:
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        return tr

    sheet.addElement(row([HEADINGS[c] for c in COLUMNS]))
    for r in rows(numbers):
        sheet.addElement(row([r[c] for c in COLUMNS]))
    doc.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _title(text: str):
    from odf.dc import Title

    return Title(text=text)


def write(folder: Path, numbers: list[Number], title: str) -> list[Path]:
    """Write both downloads into ``folder``; returns their paths."""
    csv_path, ods_path = folder / CSV_NAME, folder / ODS_NAME
    csv_path.write_text(csv_text(numbers), encoding="utf-8")
    ods_path.write_bytes(ods_bytes(numbers, title))
    return [csv_path, ods_path]
