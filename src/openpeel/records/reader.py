"""The reader for force extracts: any declared record schema, from CSV or Parquet.

A file is recognised by its name starting with a schema name (``calls_999.csv``,
``calls_999-2025-03.parquet``) or by its columns matching exactly one schema. Every value is
checked against the schema (one SQL condition per rule, in DuckDB), converted to its type in DuckDB, and the
schema's cross-field rules are checked on the converted rows. The force comes from a ``force``
column or from ``--force``.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from openpeel import duck, forces
from openpeel.records.schema import BOOLEAN_VALUES, PATTERNS, RecordSchema, all_schemas
from openpeel.sources import checks, plausible
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register, shorten
from openpeel.sources.csvfile import read_csv

FORCE_COLUMN = "force"


def _schema_for(probe: Probe) -> RecordSchema | None:
    if probe.suffix not in {".csv", ".parquet"}:
        return None
    schemas = all_schemas()
    stem = probe.path.name.lower()
    named = [s for s in schemas if stem.startswith(s.name)]
    if named:
        return max(named, key=lambda s: len(s.name))
    header = set(_header(probe)) - {FORCE_COLUMN}
    matching = [s for s in schemas if s.fits(header)]
    return matching[0] if len(matching) == 1 else None


def _header(probe: Probe) -> list[str]:
    if probe.suffix == ".parquet":
        try:
            return pq.read_schema(probe.path).names
        except (pa.ArrowInvalid, OSError):
            return []
    return probe.header_fields


@register
class ForceExtractReader(Reader):
    name = "force-extract"
    title = "force record extract (CSV or Parquet) in an openpeel record schema (see docs/records.md)"
    tables = ()
    needs_force = True

    def detect(self, probe: Probe) -> bool:
        return _schema_for(probe) is not None

    def read(self, probe: Probe, *, force: str | None = None):
        schema = _schema_for(probe)
        path = str(probe.path)
        _check_named_schema(probe, schema)
        table, renamed = self._table(probe, schema)
        unexpected = [c for c in table.column_names if c not in {*schema.columns, FORCE_COLUMN, "_row"}]
        if unexpected:
            raise SourceError(
                [
                    Problem(
                        path,
                        f"is not a column of {schema.name} v{schema.version} (see docs/records.md)",
                        row=1,
                        column=c,
                    )
                    for c in unexpected
                ]
            )
        for f in schema.fields:  # optional columns may be left out of the file
            if f.name not in table.column_names:
                table = table.append_column(f.name, pa.nulls(table.num_rows, pa.string()))
        _, force_ids = checks.collect(
            lambda: checks.validate(table, path, _rules(schema)),
            lambda: self._forces(path, table, force),
        )
        _unique_keys(table, schema, path, force_ids)
        rows = self._standardise(path, schema, table, force_ids)
        keys = sorted(set(force_ids.values()))
        warnings = [
            Problem(
                path,
                f"is the earlier name of {new!r} ({schema.name} v{schema.version}); it is read as {new!r} "
                "for now, and a later version will refuse it: rename the column",
                row=1,
                column=old,
                warning=True,
            )
            for old, new in renamed.items()
        ]
        return [
            self.batch(
                probe,
                schema.name,
                f"records/{schema.name}/{force_id}/{probe.path.name}",
                rows.filter(pc.equal(rows["force_id"], force_id)),
                warnings=warnings,
            )
            for force_id in keys
        ]

    @classmethod
    def _table(cls, probe: Probe, schema: RecordSchema) -> tuple[pa.Table, dict[str, str]]:
        """The file's rows as text with its columns under their current names, and the earlier
        names it used (each with the current name it was read as)."""
        renamed = schema.current_names(_header(probe))
        earlier = {new: old for old, new in renamed.items()}
        table = cls._read(probe, [earlier.get(c, c) for c in schema.required])
        return table.rename_columns([renamed.get(c, c) for c in table.column_names]), renamed

    @staticmethod
    def _read(probe: Probe, required: list[str]) -> pa.Table:
        if probe.suffix == ".csv":
            return read_csv(probe, required)
        path = str(probe.path)
        try:
            names = pq.read_schema(probe.path).names
            dupes = sorted({c for c in names if names.count(c) > 1})
            if dupes:  # checked before reading: Arrow cannot read a file whose columns repeat
                raise SourceError([Problem(path, "column appears more than once", column=c) for c in dupes])
            table = pq.read_table(probe.path)
        except (pa.ArrowInvalid, OSError) as exc:
            raise SourceError(Problem(path, f"not a readable Parquet file: {shorten(str(exc), 200)}")) from None
        nested = [
            f.name
            for f in table.schema
            if pa.types.is_nested(f.type) or pa.types.is_binary(f.type) or pa.types.is_large_binary(f.type)
        ]
        if nested:
            raise SourceError(
                [
                    Problem(
                        path,
                        f"holds {table.schema.field(c).type} values; each column of an extract "
                        "holds plain values (text, numbers, dates, true/false)",
                        column=c,
                    )
                    for c in nested
                ]
            )
        missing = [c for c in required if c not in table.column_names]
        if missing:
            raise SourceError([Problem(str(probe.path), "required column is missing", column=c) for c in missing])
        if table.num_rows == 0:
            raise SourceError(Problem(str(probe.path), "file has no rows"))
        # Parquet keeps types; turn them into text so one set of rules checks both formats.
        as_text = {c: _to_text(table[c]) for c in table.column_names}
        table = pa.table(as_text)
        return table.append_column("_row", pa.array(range(1, table.num_rows + 1), pa.int64()))

    @staticmethod
    def _forces(path: str, table: pa.Table, given: str | None) -> dict[str | None, str]:
        """Map each value of the ``force`` column (or None) to a force id."""
        if FORCE_COLUMN not in table.column_names:
            if given is None:
                raise SourceError(Problem(path, "the file has no 'force' column: pass --force"))
            try:
                return {None: forces.lookup(given).id}
            except forces.UnknownForce as exc:
                raise SourceError(Problem(path, str(exc))) from None
        con = duck.connect()
        try:
            con.register("incoming", table)
            names = con.execute(f'SELECT "{FORCE_COLUMN}", min(_row) FROM incoming GROUP BY 1').fetchall()
        finally:
            con.close()
        found, problems = {}, []
        for name, row in names:
            try:
                found[name] = forces.lookup(name if name is not None else (given or "")).id
            except forces.UnknownForce as exc:
                problems.append(
                    Problem(
                        path,
                        str(exc) if name else "force is blank and no --force was given",
                        row=row,
                        column=FORCE_COLUMN,
                    )
                )
        if problems:
            raise SourceError(problems)
        return found

    @staticmethod
    def _standardise(path: str, schema: RecordSchema, table: pa.Table, force_ids: dict) -> pa.Table:
        con = duck.connect()
        try:
            con.register("incoming", table)
            con.execute("CREATE TEMP TABLE ids (name VARCHAR, force_id VARCHAR)")
            con.executemany("INSERT INTO ids VALUES (?, ?)", [[k, v] for k, v in force_ids.items()])
            join = (
                f'JOIN ids ON incoming."{FORCE_COLUMN}" IS NOT DISTINCT FROM ids.name'
                if FORCE_COLUMN in table.column_names
                else "CROSS JOIN ids"
            )
            casts = ", ".join(f'{_cast(f.name, f.type)} AS "{f.name}"' for f in schema.fields)
            placed = (
                f"CAST(date_trunc('month', {_cast(schema.month_from, schema.field(schema.month_from).type)}) AS DATE) AS month"
                if schema.month_from
                else f"{_cast(schema.as_at_from, 'date')} AS as_at"
            )
            con.execute(f"CREATE TEMP TABLE typed AS SELECT _row, ids.force_id, {placed}, {casts} FROM incoming {join}")
            problems = []
            problems += plausible.problems(con, "typed", _plausible(schema), path)
            for check in schema.checks:
                bad = con.execute(
                    f"SELECT _row FROM typed WHERE NOT coalesce(({check.condition}), TRUE) ORDER BY _row LIMIT 6"
                ).fetchall()
                if bad:
                    more = (
                        f" (also rows {', '.join(str(r[0]) for r in bad[1:5])}{'...' if len(bad) > 5 else ''})"
                        if len(bad) > 1
                        else ""
                    )
                    problems.append(Problem(path, f"{check.message}{more}", row=bad[0][0]))
            if problems:
                raise SourceError(problems)
            return con.sql("SELECT * EXCLUDE (_row) FROM typed ORDER BY _row").to_arrow_table()
        finally:
            con.close()


# A value that matches a type's pattern must also convert: 30 February, hour 25 and a whole number
# beyond 64 bits match the pattern but are refused here, naming the row, rather than failing later.
EXISTS = {
    "integer": "TRY_CAST({} AS BIGINT) IS NOT NULL",
    "number": "isfinite(TRY_CAST({} AS DOUBLE))",
    "date": "TRY_CAST({} AS DATE) IS NOT NULL",
    "timestamp": "TRY_CAST(replace({}, 'T', ' ') AS TIMESTAMP) IS NOT NULL",
}


def _rules(schema: RecordSchema) -> dict:
    rules = {}
    for f in schema.fields:
        if f.type == "code":
            rules[f.name] = checks.label(f.codes, nullable=not f.required, what=f"one of the codes for {f.name}")
        elif f.type == "boolean":
            allowed = {v for k in BOOLEAN_VALUES for v in (k, k.upper(), k.capitalize())}
            rules[f.name] = checks.label(allowed, nullable=not f.required, what="true or false")
        elif f.type in PATTERNS:
            regex, what = PATTERNS[f.type]
            what = f"{what} that exists" if f.type in ("date", "timestamp") else f"{what} within range"
            rules[f.name] = checks.Rule(nullable=not f.required, regex=regex, what=what, exists=EXISTS[f.type])
        else:
            rules[f.name] = checks.text(nullable=not f.required)
    return rules


def _plausible(schema: RecordSchema) -> list[plausible.Plausible]:
    """Dates before 1900 in any date field; the record's own date (the one that places it in a
    month, or the snapshot date) after today."""
    rules = [
        plausible.Plausible(
            f"records.{f.name}.not_before_1900",
            f"\"{f.name}\" < DATE '1900-01-01'",
            f"{f.name} is before 1900",
            column=f.name,
        )
        for f in schema.fields
        if f.type in ("date", "timestamp")
    ]
    placed = schema.month_from or schema.as_at_from
    rules.append(
        plausible.Plausible(
            f"records.{placed}.not_in_future",
            f'CAST("{placed}" AS DATE) > current_date',
            f"{placed} is after today",
            column=placed,
        )
    )
    return rules


def _check_named_schema(probe: Probe, schema: RecordSchema) -> None:
    """A file named for one schema whose columns are exactly another's names the wrong schema."""
    header = set(_header(probe)) - {FORCE_COLUMN}
    renamed = schema.current_names(list(header))
    if set(schema.required) <= {renamed.get(h, h) for h in header}:
        return
    fits = [s.name for s in all_schemas() if s is not schema and s.fits(header)]
    if fits:
        raise SourceError(
            Problem(
                str(probe.path),
                f"the file's name says it is a {schema.name} extract, but its "
                f"columns are those of {', '.join(fits)}: rename the file",
                row=1,
            )
        )


def _unique_keys(table: pa.Table, schema: RecordSchema, path: str, force_ids: dict) -> None:
    """Two rows for the same record (the schema's key, within a force) are refused naming both rows."""
    key = list(schema.key)
    if FORCE_COLUMN in table.column_names:
        con = duck.connect()
        try:
            con.register("incoming", table)
            con.execute("CREATE TEMP TABLE ids (name VARCHAR, force_id VARCHAR)")
            con.executemany("INSERT INTO ids VALUES (?, ?)", [[k, v] for k, v in force_ids.items()])
            table = con.execute(
                f"SELECT ids.force_id AS _force, {', '.join(chr(34) + k + chr(34) for k in key)}, _row "
                f'FROM incoming JOIN ids ON incoming."{FORCE_COLUMN}" IS NOT DISTINCT FROM ids.name'
            ).to_arrow_table()
        finally:
            con.close()
        key = ["_force", *key]
    checks.unique(table, key, path, what=f"{schema.name} record with {', '.join(schema.key)}", column=schema.key[0])


def _cast(name: str, kind: str) -> str:
    col = f'"{name}"'
    if kind == "boolean":
        whens = " ".join(f"WHEN '{k}' THEN {str(v).upper()}" for k, v in BOOLEAN_VALUES.items())
        return f"CASE lower({col}) {whens} END"
    if kind == "timestamp":
        return f"CAST(replace({col}, 'T', ' ') AS TIMESTAMP)"
    sql_type = {"integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}.get(kind)
    return f"CAST({col} AS {sql_type})" if sql_type else col


def _to_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_timestamp(column.type):
        return pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
    if pa.types.is_date(column.type):
        return pc.strftime(column, format="%Y-%m-%d")
    if pa.types.is_boolean(column.type):
        return pc.if_else(column, "true", "false")
    return pc.cast(column, pa.string())
