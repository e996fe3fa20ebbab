"""Reading publisher CSVs with DuckDB's CSV reader, with every failure located by file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2. Every
table returned has a ``_row`` column carrying that number so later checks can name the row.

Files are never read into Python whole. :class:`CsvScan` is one ``read_csv`` over files that share
a header; readers of large formats run their checks and their standardising SQL on it straight
from disk (or from a zip archive), so memory stays flat however large the input.
:func:`read_csv` gives small files as an Arrow table, for readers whose files are small.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from openpeel import duck
from openpeel.sources.base import Probe, Problem, SourceError, shorten

# Publishers leave stray spaces around labels, and write blanks for 'not given'.
MAX_LINE_BYTES = 8 << 20  # a line longer than this is refused, not read (DuckDB's default is 2 MB)
MAX_REJECTS_SHOWN = 5


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class CsvScan:
    """A ``read_csv`` over files with the same header, every column as text.

    ``relation()`` is SQL for the rows with each value trimmed (blank -> null), the file's name in
    ``_file`` and its position in ``files`` in ``_file_no``.
    """

    probes: tuple[Probe, ...]
    columns: tuple[str, ...]

    def read_csv(self, *, rejects: bool = False) -> str:
        files = ", ".join(sql_text(p.location) for p in self.probes)
        types = ", ".join(f"{sql_text(c)}: 'VARCHAR'" for c in self.columns)
        newline = self.probes[0].newline
        options = [
            "auto_detect = false",
            "header = true",
            "delim = ','",
            "quote = '\"'",
            "escape = '\"'",
            f"columns = {{{types}}}",
            "filename = '_path'",
            f"max_line_size = {MAX_LINE_BYTES}",
            "new_line = '\\r'" if newline == "\r" else None,  # DuckDB takes the escape, not the character
            "store_rejects = true, rejects_limit = 1000" if rejects else None,
        ]
        return f"read_csv([{files}], {', '.join(o for o in options if o)})"

    def relation(self, *, rejects: bool = False, keep: Sequence[str] | None = None) -> str:
        names = self.columns if keep is None else keep
        cols = ", ".join(f"{_tidy(quote(c))} AS {quote(c)}" for c in names)
        files = "[" + ", ".join(sql_text(p.location) for p in self.probes) + "]"
        shown = "[" + ", ".join(sql_text(str(p.path)) for p in self.probes) + "]"
        return (
            f"(SELECT {cols}, list_extract({shown}, list_position({files}, _path)) AS _file, "
            f"list_position({files}, _path) - 1 AS _file_no FROM {self.read_csv(rejects=rejects)})"
        )

    def located(self, con: duckdb.DuckDBPyConnection, name: str, numbers: Sequence[int]) -> str:
        """Copy the rows of the files at ``numbers`` into temp table ``name`` with ``_row``, the row
        number a spreadsheet shows (for naming the rows behind a failed check; files are read in
        order, so a row's place in the copy is its place in its file)."""
        files = CsvScan(tuple(self.probes[n] for n in numbers), self.columns)
        renumber = "[" + ", ".join(str(n) for n in numbers) + "]"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name}_copy AS SELECT * REPLACE "
            f"(list_extract({renumber}, _file_no + 1) AS _file_no) FROM {files.relation()}"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT *, "
            f"CAST(rowid - min(rowid) OVER (PARTITION BY _file_no) + 2 AS BIGINT) AS _row FROM {name}_copy"
        )
        return name

    @property
    def prepare(self):
        """What a connection needs before it can read these files (None for files on disk)."""
        prepares = {p.prepare for p in self.probes if getattr(p, "prepare", None) is not None}
        if not prepares:
            return None

        def ready(con: duckdb.DuckDBPyConnection) -> None:
            for prepare in prepares:
                prepare(con)

        return ready

    def path_of(self, location: str) -> str:
        return next((str(p.path) for p in self.probes if p.location == location), location)

    def structure_problems(self, con: duckdb.DuckDBPyConnection) -> list[Problem]:
        """The lines DuckDB's reader set aside during the last scan made with ``rejects=True``:
        wrong number of fields, an unterminated quote, bytes that are not UTF-8, an overlong line."""
        try:
            found = con.execute("""
                SELECT s.file_path, e.line, e.error_type, e.column_name, e.error_message
                FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
                ORDER BY s.file_path, e.line""").fetchall()
        except duckdb.CatalogException:
            return []
        problems: list[Problem] = []
        shown: dict[str, int] = {}
        for location, line, kind, _column, message in found:
            path = self.path_of(location)
            shown[path] = shown.get(path, 0) + 1
            if shown[path] > MAX_REJECTS_SHOWN:
                continue
            problems.append(Problem(path, _structure_message(kind, message), row=line))
        for path, count in shown.items():
            if count > MAX_REJECTS_SHOWN:
                problems.append(Problem(path, f"... and {count - MAX_REJECTS_SHOWN} more lines that cannot be read"))
        return problems


def _tidy(col: str) -> str:
    """A value without the spaces publishers leave around it, blank as null. Most values have
    none, and testing for them is far cheaper than trimming every value."""
    return (
        f"CASE WHEN starts_with({col}, ' ') OR ends_with({col}, ' ') OR starts_with({col}, chr(9)) "
        f"OR ends_with({col}, chr(9)) THEN nullif(trim({col}, ' ' || chr(9)), '') WHEN {col} = '' THEN NULL ELSE {col} END"
    )


def _structure_message(kind: str, message: str) -> str:
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message or "")
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS") and counts:
        return f"has {counts[2]} fields, the header has {counts[1]}"
    if kind == "UNQUOTED VALUE":
        return "a quoted field starts here and its closing quote is missing or misplaced"
    if kind == "INVALID ENCODING" or kind == "INVALID UNICODE":
        return "is not UTF-8 text; save the file as UTF-8 and load it again"
    if kind == "LINE SIZE OVER MAXIMUM":
        return f"the line is longer than {MAX_LINE_BYTES >> 20} MB"
    return f"cannot be read as CSV ({kind.lower()})"


def check_header(probe: Probe, required: Sequence[str]) -> list[str]:
    """The header's fields, after checking the file has the required columns, each once."""
    path = str(probe.path)
    if not probe.size or not probe.head.strip():
        raise SourceError(Problem(path, "file is empty"))
    if b"\x00" in probe.head:
        raise SourceError(
            Problem(
                path, "is not a text file (it holds NUL bytes): is it a spreadsheet or an archive renamed .csv?", row=1
            )
        )
    fields = probe.header_fields
    if not fields or all(not f for f in fields):
        raise SourceError(Problem(path, "the first line is blank: it should name the columns", row=1))
    missing = [c for c in required if c not in fields]
    if missing:
        found = shorten(", ".join(fields), 200)
        raise SourceError(
            [Problem(path, f"required column is missing (found: {found})", row=1, column=c) for c in missing]
        )
    dupes = sorted({f for f in fields if fields.count(f) > 1})
    if dupes:
        raise SourceError([Problem(path, "column appears more than once", row=1, column=c) for c in dupes])
    blank = [i + 1 for i, f in enumerate(fields) if not f]
    if blank:
        raise SourceError(Problem(path, f"column {blank[0]} of the header has no name", row=1))
    return fields


def read_csv(probe: Probe, required: list[str]) -> pa.Table:
    """A small file: all columns as text (blank cells as null), plus ``_row``; checks encoding,
    structure and columns, naming the row of every line that cannot be read."""
    fields = check_header(probe, required)
    scan = CsvScan((probe,), tuple(fields))
    con = duck.connect()
    try:
        if scan.prepare:
            scan.prepare(con)
        con.execute(
            f"CREATE TEMP TABLE incoming AS SELECT * EXCLUDE (_file, _file_no) FROM {scan.relation(rejects=True)}"
        )
        problems = scan.structure_problems(con)
        if problems:
            raise SourceError(problems)
        table = con.execute("SELECT *, CAST(rowid + 2 AS BIGINT) AS _row FROM incoming ORDER BY rowid").to_arrow_table()
    except duckdb.InvalidInputException as exc:  # the CSV reader's own refusal of a file
        raise SourceError(Problem(str(probe.path), f"cannot be read as CSV: {shorten(str(exc), 200)}")) from None
    finally:
        con.close()
    if table.num_rows == 0:
        raise SourceError(Problem(str(probe.path), "file has a header but no rows"))
    return table
