"""Reading publisher CSVs into Arrow, with every failure located by file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2. Every
table returned has a ``_row`` column carrying that number so later checks can name the row.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from openpeel.sources.base import Probe, Problem, SourceError


def read_csv(probe: Probe, required: list[str]) -> pa.Table:
    """All columns as strings (blank cells as null), plus ``_row``; checks encoding and columns."""
    path = str(probe.path)
    raw = probe.raw
    if not raw.strip():
        raise SourceError(Problem(path, "file is empty"))
    _check_utf8(path, raw)
    fields = probe.header_fields
    missing = [c for c in required if c not in fields]
    if missing:
        raise SourceError(
            [Problem(path, "required column is missing (found: " + ", ".join(fields) + ")", row=1, column=c) for c in missing]
        )
    dupes = sorted({f for f in fields if fields.count(f) > 1})
    if dupes:
        raise SourceError([Problem(path, "column appears more than once", row=1, column=c) for c in dupes])

    bad_rows: list[pacsv.InvalidRow] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row)
        return "skip"

    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        table = pacsv.read_csv(
            io.BytesIO(raw[start:]),
            read_options=pacsv.ReadOptions(use_threads=True, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={f: pa.string() for f in fields},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise SourceError(Problem(path, f"not a readable CSV file: {exc}")) from exc
    if bad_rows:
        problems = []
        for bad in bad_rows[:5]:
            row = bad.number if bad.number is not None else _find_row(raw, bad.text)
            problems.append(Problem(path, f"has {bad.actual_columns} fields, the header has {bad.expected_columns}", row=row))
        if len(bad_rows) > 5:
            problems.append(Problem(path, f"... and {len(bad_rows) - 5} more rows with the wrong number of fields"))
        raise SourceError(problems)
    if table.num_rows == 0:
        raise SourceError(Problem(path, "file has a header but no rows"))
    # Trim stray spaces that some publishers leave around labels.
    table = pa.table({c: pc.utf8_trim_whitespace(table[c]) for c in table.column_names})
    table = pa.table({c: pc.if_else(pc.equal(table[c], ""), None, table[c]) for c in table.column_names})
    return table.append_column("_row", pa.array(range(2, table.num_rows + 2), pa.int64()))


def _check_utf8(path: str, raw: bytes) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            Problem(
                path,
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded); "
                "save the file as UTF-8 and load it again",
                row=row,
            )
        ) from None


def _find_row(raw: bytes, text: str) -> int | None:
    """The line holding exactly ``text`` (the parallel reader does not report row numbers)."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.rstrip(b"\r").decode("utf-8", "replace") == text:
            return number
    return None
