"""The malformed-input corpus: bad inputs made by rules from good fixtures, never by hand.

Each good fixture is a small real (or schema-documented) file in one of the formats openpeel reads.
Rules then break it in one way each: structure (empty, header only, binary, a stray Latin-1 byte, a
short or long row, an unclosed quote, a repeated or missing column, a CSV renamed .xlsx/.parquet)
and values (by what a column holds: labels, counts, dates, coordinates, forces, keys). Every
:class:`Case` says what must happen, refused or loaded with a warning, and where the message must
point (file, and row, column or sheet when the break has one).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from openpeel.shipped import shipped_data_dir

OPEN = shipped_data_dir()
HUGE = "9" * 30  # beyond 64 bits
LONG = "x" * 3_000_000  # a 3 MB value: no check may take long over it
MARKUP = "[bold]x[/]"


@dataclass(frozen=True)
class Case:
    id: str
    write: Callable[[Path], list[Path]]  # writes the inputs into a folder and returns them
    expect: str = "refuse"  # or "warn"
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    force: str | None = None
    loader: str = "ingest"  # or "answers", "survey"
    survey_headcount: int = 10


# -- good fixtures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    """A good CSV: its file name, header and rows (as lists of text)."""

    name: str
    header: list[str]
    rows: list[list[str]]
    force: str | None = None
    loader: str = "ingest"
    counts: tuple[str, ...] = ()  # columns holding counts
    labels: tuple[str, ...] = ()  # columns holding a label from a vocabulary
    required: tuple[str, ...] = ()  # columns that must be present
    value_cases: tuple[tuple[str, str, str, str], ...] = field(default=())  # (id, column, value, expect)

    def text(self, header=None, rows=None, newline="\n") -> str:
        def line(cells):
            return ",".join(_quoted(c) for c in cells)

        return (
            newline.join([line(header or self.header), *(line(r) for r in (rows if rows is not None else self.rows))])
            + newline
        )


def _quoted(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(ch in cell for ch in ',"\n\r') else cell


def _read(path: Path, rows: int = 5, keep=lambda row: True) -> tuple[list[str], list[list[str]]]:
    """The header and the first ``rows`` rows (that ``keep`` accepts) of a real CSV, as text."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        found = []
        for row in reader:
            if keep(row):
                found.append(row)
            if len(found) == rows:
                break
    return header, found


def _csv_fixtures() -> list[Fixture]:
    police = OPEN / "police-uk"
    ss_header, ss_rows = _read(police / "2016-01-city-of-london-stop-and-search.csv")
    st_header, st_rows = _read(police / "2016-12-city-of-london-street.csv")
    oc_header, oc_rows = _read(police / "2016-12-city-of-london-outcomes.csv")
    ce_header, ce_rows = _read(OPEN / "ons/census2011-ethnicity-by-police-force-area.csv", 43)
    my_header, my_rows = _read(OPEN / "ons/mid-year-population-english-police-force-areas-2009-2019.csv", 11)
    lk_header, lk_rows = _read(OPEN / "ons/lad-to-csp-to-pfa-dec2016-lookup.csv")
    ta_header, ta_rows = _read(
        OPEN / "home-office/use-of-force-tactics-by-ethnicity-force-apr2018-mar2019.csv",
        keep=lambda row: not row[0].lower().startswith("total"),
    )
    all_col = "Ethnic Group: All categories: Ethnic group; measures: Value"
    white = "Ethnic Group: White; measures: Value"
    return [
        Fixture(
            "2016-01-city-of-london-stop-and-search.csv",
            ss_header,
            ss_rows,
            required=("Date", "Type", "Outcome"),
            labels=(
                "Type",
                "Gender",
                "Age range",
                "Officer-defined ethnicity",
                "Outcome",
                "Outcome linked to object of search",
                "Removal of more than just outer clothing",
            ),
            value_cases=(
                ("feb30", "Date", "2016-02-30T10:00:00+00:00", "refuse"),
                ("month13", "Date", "2016-13-01T10:00:00+00:00", "refuse"),
                ("hour25", "Date", "2016-01-05T25:00:00+00:00", "refuse"),
                ("year0", "Date", "0000-01-05T10:00:00+00:00", "refuse"),
                ("outside-month", "Date", "2016-03-05T10:00:00+00:00", "refuse"),
                ("future", "Date", "2999-01-05T10:00:00+00:00", "refuse"),
                ("not-a-date", "Date", "yesterday", "refuse"),
                ("lat-not-number", "Latitude", "north", "refuse"),
                ("lat-outside", "Latitude", "60.5", "warn"),
                ("sde-unknown", "Self-defined ethnicity", "Martian", "refuse"),
                ("type-blank", "Type", "", "refuse"),
            ),
        ),
        Fixture(
            "2016-12-city-of-london-street.csv",
            st_header,
            st_rows,
            required=("Month", "Falls within"),
            labels=("Crime type", "Last outcome category"),
            value_cases=(
                ("month13", "Month", "2016-13", "refuse"),
                ("other-month", "Month", "2016-11", "refuse"),
                ("future", "Month", "2999-12", "refuse"),
                ("unknown-force", "Falls within", "Atlantis Police", "refuse"),
                ("markup-force", "Falls within", MARKUP, "refuse"),
                ("long-force", "Falls within", LONG, "refuse"),
                ("lon-not-number", "Longitude", "east", "refuse"),
            ),
        ),
        Fixture(
            "2016-12-city-of-london-outcomes.csv",
            oc_header,
            oc_rows,
            required=("Month", "Crime ID"),
            labels=("Outcome type",),
            value_cases=(("id-blank", "Crime ID", "", "refuse"), ("future", "Month", "2999-12", "refuse")),
        ),
        Fixture(
            "census2011-ethnicity-by-police-force-area.csv",
            ce_header,
            ce_rows,
            required=(white, "Ethnic Group: Black; measures: Value"),
            counts=(all_col, white, "Ethnic Group: Black; measures: Value"),
            value_cases=(
                ("parts-exceed", white, str(10**9), "refuse"),
                ("unknown-force", "PFA16NM", "Atlantis", "refuse"),
                ("force-twice", "PFA16NM", ce_rows[0][ce_header.index("PFA16NM")], "refuse"),
            ),
        ),
        Fixture(
            "mid-year-population-english-police-force-areas-2009-2019.csv",
            my_header,
            my_rows,
            required=(),
            counts=(my_header[1], my_header[2]),
            value_cases=(("future-year", "year", "2999", "refuse"), ("year-twice", "year", my_rows[0][0], "refuse")),
        ),
        Fixture(
            "lad-to-csp-to-pfa-dec2016-lookup.csv",
            lk_header,
            lk_rows,
            required=(),
            value_cases=(("bad-code", "LAD16CD", "X123", "refuse"), ("unknown-force", "PFA16NM", "Atlantis", "refuse")),
        ),
        Fixture(
            "use-of-force-tactics-by-ethnicity-force-apr2018-mar2019.csv",
            ta_header,
            ta_rows,
            required=("White",),
            counts=("White", "Number of times tactic reported"),
            value_cases=(("unknown-force", ta_header[0], "Atlantis", "refuse"),),
        ),
        _figures(),
    ]


def _figures() -> Fixture:
    from openpeel.indicators import catalogue

    indicator = next(i for i in catalogue.all_indicators() if i.formula.components)
    component = indicator.formula.components[0]
    header = ["force", "indicator", "component", "period_start", "period_end", "value", "publisher"]
    rows = [
        [force, indicator.id, component, "2024-04", "2025-03", str(value), "a publisher"]
        for force, value in (("Kent", 4120), ("Essex", 3011), ("Surrey", 1200))
    ]
    return Fixture(
        "per-force-figures.csv",
        header,
        rows,
        required=(),
        counts=("value",),
        value_cases=(
            ("end-before-start", "period_end", "2023-01", "refuse"),
            ("future", "period_end", "2999-03", "refuse"),
            ("unknown-indicator", "indicator", "no.such_indicator", "refuse"),
            ("unknown-force", "force", "Atlantis", "refuse"),
            ("same-figure-twice", "force", "Kent", "refuse"),
        ),
    )


def _evidence_fixtures() -> list[Fixture]:
    from openpeel.demo import published
    from openpeel.evidence import synthesise_answers
    from openpeel.evidence.synthetic import synthesise_survey

    answers = synthesise_answers("northamptonshire", published.audits(), seed=3).slice(0, 5)
    header = answers.column_names
    rows = [[("" if v is None else str(v)) for v in r.values()] for r in answers.to_pylist()]
    survey = synthesise_survey("northamptonshire", published.survey(), seed=3)
    returns = survey.returns.slice(0, 5)
    r_header = returns.column_names
    r_rows = [[("" if v is None else str(v)) for v in r.values()] for r in returns.to_pylist()]
    question = next(c for c in r_header if c not in ("respondent_id", "roles"))
    return [
        Fixture(
            "audit-answers.csv",
            header,
            rows,
            loader="answers",
            required=("answer", "date"),
            value_cases=(
                ("answer", "answer", "perhaps", "refuse"),
                ("feb30", "date", "2025-02-30", "refuse"),
                ("feb30-uk", "date", "30/02/2025", "refuse"),
                ("future", "date", "2999-01-01", "refuse"),
                ("year1", "date", "0001-01-01", "refuse"),
                ("markup-force", "force", MARKUP, "refuse"),
                ("long-force", "force", LONG, "refuse"),
                ("question", "question_id", "no.such.question", "refuse"),
            ),
        ),
        Fixture(
            "survey-returns.csv",
            r_header,
            r_rows,
            loader="survey",
            required=("respondent_id",),
            value_cases=(
                ("answer", question, "perhaps", "refuse"),
                ("markup-answer", question, MARKUP, "refuse"),
                ("role", "roles", "astronaut", "refuse"),
                ("respondent-twice", "respondent_id", r_rows[0][0], "refuse"),
            ),
        ),
    ]


# -- rules that break a CSV --------------------------------------------------------------------------


def _writer(name: str, data: bytes | str) -> Callable[[Path], list[Path]]:
    def write(folder: Path) -> list[Path]:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return [path]

    return write


def _with_value(fx: Fixture, column: str, value: str, row: int = 0) -> list[list[str]]:
    rows = [list(r) for r in fx.rows]
    rows[row][fx.header.index(column)] = value
    return rows


def _structure_cases(fx: Fixture) -> list[Case]:
    base = dict(force=fx.force, loader=fx.loader)
    good = fx.text()
    lines = good.split("\n")
    short = "\n".join(lines[:2] + [",".join(fx.rows[1][:-1])] + lines[3:])
    long_row = "\n".join(lines[:2] + [",".join(fx.rows[1] + ["extra"])] + lines[3:])
    unquoted = "\n".join(lines[:2] + ['"' + lines[2]] + lines[3:])
    latin = "\n".join(lines[:2]).encode() + b"\n" + lines[2].encode() + b"\xe9\n" + "\n".join(lines[3:]).encode()
    first = fx.required[0] if fx.required else None
    dropped = fx.text(
        header=[h for h in fx.header if h != first],
        rows=[[c for h, c in zip(fx.header, r) if h != first] for r in fx.rows],
    )
    repeated = fx.text(header=fx.header + [fx.header[0]], rows=[r + [r[0]] for r in fx.rows])
    stem = fx.name.rsplit(".", 1)[0]
    cases = [
        Case(f"{stem}:empty", _writer(fx.name, b""), **base),
        Case(f"{stem}:header-only", _writer(fx.name, lines[0] + "\n"), **base),
        Case(f"{stem}:binary", _writer(fx.name, b"\x00\x01PK\x03\x04" + bytes(range(256)) * 4), **base),
        Case(f"{stem}:latin-1", _writer(fx.name, latin), row=3, **base),
        Case(f"{stem}:short-row", _writer(fx.name, short), row=3, **base),
        Case(f"{stem}:long-row", _writer(fx.name, long_row), row=3, **base),
        Case(f"{stem}:unclosed-quote", _writer(fx.name, unquoted), row=3, **base),
        Case(f"{stem}:repeated-column", _writer(fx.name, repeated), row=1, column=fx.header[0], **base),
    ]
    if first:  # a column the format needs, though the file is still recognised without it
        cases.append(Case(f"{stem}:missing-column", _writer(fx.name, dropped), row=1, column=first, **base))
    if fx.loader == "ingest":
        cases += [
            # one row fewer than the good file, which may already be loaded (and would be skipped as known)
            Case(f"{stem}:renamed-xlsx", _writer(stem + ".xlsx", fx.text(rows=fx.rows[:-1])), **base),
            Case(f"{stem}:renamed-parquet", _writer(stem + ".parquet", fx.text(rows=fx.rows[:-1])), **base),
        ]
    return cases


def _value_cases(fx: Fixture) -> list[Case]:
    base = dict(force=fx.force, loader=fx.loader)
    stem = fx.name.rsplit(".", 1)[0]
    cases = []
    for column in fx.labels:
        for kind, value in (("markup", MARKUP), ("long", LONG), ("unknown", "no such label")):
            cases.append(
                Case(
                    f"{stem}:{column}:{kind}",
                    _writer(fx.name, fx.text(rows=_with_value(fx, column, value))),
                    row=2,
                    column=column,
                    **base,
                )
            )
    for column in fx.counts:
        for kind, value in (("huge", HUGE), ("negative", "-3"), ("text", "many"), ("markup", MARKUP)):
            cases.append(
                Case(
                    f"{stem}:{column}:{kind}",
                    _writer(fx.name, fx.text(rows=_with_value(fx, column, value))),
                    row=2,
                    column=column,
                    **base,
                )
            )
    for kind, column, value, expect in fx.value_cases:
        row_index = 1 if kind.endswith("twice") else 0
        cases.append(
            Case(
                f"{stem}:{column}:{kind}",
                _writer(fx.name, fx.text(rows=_with_value(fx, column, value, row_index))),
                expect=expect,
                row=None if kind.endswith("twice") or kind == "parts-exceed" else 2 + row_index,
                column=None if kind.endswith("twice") or kind == "parts-exceed" else column,
                **base,
            )
        )
    return cases


def _conflict_cases() -> list[Case]:
    """Two files for the same force and month in one load, with different rows."""
    fx = _csv_fixtures()[0]

    def write(folder: Path) -> list[Path]:
        one = folder / "a" / fx.name
        two = folder / "b" / fx.name
        one.parent.mkdir()
        two.parent.mkdir()
        one.write_text(fx.text())
        two.write_text(fx.text(rows=fx.rows[:2]))
        return [one, two]

    def empty_folder(folder: Path) -> list[Path]:
        (folder / "nothing.csv").mkdir()
        return [folder / "nothing.csv"]

    return [Case("police-uk:same-month-twice", write), Case("folder:named-like-a-csv", empty_folder)]


# -- record schemas, in CSV and in Parquet -----------------------------------------------------------


def _record_cases() -> list[Case]:
    from openpeel.records.schema import all_schemas

    cases = []
    for schema in all_schemas():
        header = schema.columns
        row = [f.example for f in schema.fields]
        second = [_another(f) if f.name in schema.key else f.example for f in schema.fields]
        placed = schema.month_from or schema.as_at_from

        def rows_with(column, value, rows=(row, second), header=header):
            out = [list(r) for r in rows]
            out[0][header.index(column)] = value
            return out

        breaks: list[tuple[str, list[list[str]], list[str], int | None, str | None]] = []
        required = next(f for f in schema.fields if f.required and f.name not in schema.key or f.required)
        breaks.append(("blank-required", rows_with(required.name, ""), header, 2, required.name))
        code = next((f for f in schema.fields if f.type == "code"), None)
        if code:
            breaks.append(("bad-code", rows_with(code.name, MARKUP), header, 2, code.name))
        integer = next((f for f in schema.fields if f.type == "integer"), None)
        if integer:
            breaks.append(("huge-integer", rows_with(integer.name, HUGE), header, 2, integer.name))
        moment = schema.field(placed)
        impossible = "2025-02-30" + ("T10:00:00" if moment.type == "timestamp" else "")
        breaks.append(("impossible-date", rows_with(placed, impossible), header, 2, placed))
        breaks.append(
            (
                "future-date",
                rows_with(placed, "2999-01-05" + ("T10:00:00" if moment.type == "timestamp" else "")),
                header,
                2,
                placed,
            )
        )
        breaks.append(
            (
                "pre-1900",
                rows_with(placed, "1850-01-05" + ("T10:00:00" if moment.type == "timestamp" else "")),
                header,
                2,
                placed,
            )
        )
        breaks.append(("same-key-twice", [row, row], header, 2, schema.key[0]))
        breaks.append(("unknown-column", [r + ["x"] for r in (row, second)], header + ["colour"], 1, "colour"))
        for kind, rows, cols, at, column in breaks:
            text = ",".join(cols) + "\n" + "".join(",".join(_quoted(c) for c in r) + "\n" for r in rows)
            cases.append(
                Case(
                    f"records:{schema.name}:csv:{kind}",
                    _writer(f"{schema.name}-corpus.csv", text),
                    row=at,
                    column=column,
                    force="northamptonshire-demo",
                )
            )
            if kind in ("blank-required", "bad-code", "huge-integer", "impossible-date", "same-key-twice"):
                cases.append(
                    Case(
                        f"records:{schema.name}:parquet:{kind}",
                        _parquet(f"{schema.name}-corpus.parquet", cols, rows),
                        row=None if kind != "same-key-twice" else None,
                        column=column,
                        force="northamptonshire-demo",
                    )
                )
        cases.append(
            Case(
                f"records:{schema.name}:parquet:struct",
                _parquet_struct(schema.name, header, row),
                column=header[0],
                force="northamptonshire-demo",
            )
        )
        cases.append(
            Case(
                f"records:{schema.name}:parquet:repeated-column",
                _parquet_repeated(schema.name, header, row),
                column=header[0],
                force="northamptonshire-demo",
            )
        )
        cases.append(
            Case(
                f"records:{schema.name}:parquet:renamed-csv",
                _writer(f"{schema.name}-corpus.parquet", ",".join(header) + "\n" + ",".join(row) + "\n"),
                force="northamptonshire-demo",
            )
        )
    return cases


def _another(f) -> str:
    """A second valid value for a key field, so the fixture's two rows are two records."""
    if f.type == "date":
        return "2024-06-30"
    if f.type == "timestamp":
        return "2024-06-30T10:00:00"
    if f.type == "integer":
        return str(int(f.example) + 1)
    if f.type == "code":
        return next(c for c in f.codes if c != f.example)
    return f.example + "-2"


def _parquet(name: str, header: list[str], rows: list[list[str]]) -> Callable[[Path], list[Path]]:
    def write(folder: Path) -> list[Path]:
        table = pa.table({c: pa.array([r[i] or None for r in rows], pa.string()) for i, c in enumerate(header)})
        pq.write_table(table, folder / name)
        return [folder / name]

    return write


def _parquet_repeated(schema: str, header: list[str], row: list[str]) -> Callable[[Path], list[Path]]:
    def write(folder: Path) -> list[Path]:
        arrays = [pa.array([v], pa.string()) for v in row] + [pa.array([row[0]], pa.string())]
        path = folder / f"{schema}-corpus.parquet"
        pq.write_table(pa.Table.from_arrays(arrays, names=[*header, header[0]]), path)
        return [path]

    return write


def _wrong_schema_cases() -> list[Case]:
    """A file named for one record schema holding another schema's columns."""
    from openpeel.records.schema import all_schemas

    schemas = all_schemas()
    cases = []
    for named, holds in zip(schemas, schemas[1:] + schemas[:1]):
        text = ",".join(holds.columns) + "\n" + ",".join(_quoted(f.example) for f in holds.fields) + "\n"
        cases.append(
            Case(
                f"records:{named.name}:holds-{holds.name}",
                _writer(f"{named.name}-corpus.csv", text),
                row=1,
                force="northamptonshire-demo",
            )
        )
    return cases


def _parquet_struct(schema: str, header: list[str], row: list[str]) -> Callable[[Path], list[Path]]:
    def write(folder: Path) -> list[Path]:
        columns = {c: pa.array([v], pa.string()) for c, v in zip(header, row)}
        columns[header[0]] = pa.array([{"a": row[0], "b": 1}])
        path = folder / f"{schema}-corpus.parquet"
        pq.write_table(pa.table(columns), path)
        return [path]

    return write


# -- spreadsheets ----------------------------------------------------------------------------------


def _sheet_cases() -> list[Case]:
    """Home Office use of force tables (.xlsx and .ods) laid out as published, each broken once."""
    from openpeel.sources.home_office_use_of_force import INCIDENTS_TITLE, TACTICS_TITLE

    header = [
        "Police force",
        "Type of force",
        "Tactic",
        "White",
        "Black (or Black British)",
        "Asian (or Asian British)",
        "Mixed",
        "Other",
        "Not reported",
        "Number of times tactic reported",
    ]

    def book(
        incidents_value="6620",
        tactic_value="8358",
        title=INCIDENTS_TITLE + ", year ending March 2020",
        force="Northamptonshire",
    ):
        incidents = [
            [title, None, None],
            [None, None, None],
            ["Region", "Police force", "Total"],
            ["East Midlands", force, incidents_value],
        ]
        tactics = [
            [TACTICS_TITLE + ", year ending March 2020"] + [None] * 9,
            [None] * 10,
            header,
            [force, "Total", "*Total Tactics", tactic_value, "946", "157", "364", "103", "0", "9928"],
        ]
        return {"Table_12": incidents, "Table_16": tactics}

    variants = [
        ("negative-count", book(incidents_value="-5"), "Table_12", 4, "Total"),
        ("huge-count", book(incidents_value=HUGE), "Table_12", 4, "Total"),
        ("text-count", book(tactic_value="lots"), "Table_16", 4, "White"),
        ("markup-count", book(tactic_value=MARKUP), "Table_16", 4, "White"),
        ("unknown-force", book(force="Atlantis"), "Table_12", 4, "Police force"),
        ("markup-force", book(force=MARKUP), "Table_12", 4, "Police force"),
        ("no-year", book(title=INCIDENTS_TITLE), "Table_12", 1, None),
    ]
    cases = []
    for suffix, engine in ((".xlsx", "openpyxl"), (".ods", "odf")):
        for kind, sheets, sheet, row, column in variants:
            if engine == "odf" and kind not in ("negative-count", "unknown-force", "no-year"):
                continue  # writing .ods is slow; the same checks run on both
            cases.append(
                Case(
                    f"home-office{suffix}:{kind}",
                    _workbook(f"uof-tables{suffix}", sheets, engine),
                    row=row,
                    column=column,
                    sheet=sheet,
                )
            )
    return cases


def _workbook(name: str, sheets: dict, engine: str) -> Callable[[Path], list[Path]]:
    def write(folder: Path) -> list[Path]:
        import pandas as pd

        path = folder / name
        with pd.ExcelWriter(path, engine=engine) as writer:
            for sheet, cells in sheets.items():
                pd.DataFrame(cells).to_excel(writer, sheet_name=sheet, header=False, index=False)
        return [path]

    return write


# -- the corpus ----------------------------------------------------------------------------------------


def corpus() -> list[Case]:
    cases: list[Case] = []
    for fx in _csv_fixtures() + _evidence_fixtures():
        cases += _structure_cases(fx) + _value_cases(fx)
    cases += _conflict_cases() + _record_cases() + _wrong_schema_cases() + _sheet_cases()
    return cases


def good_fixtures() -> list[tuple[str, Callable[[Path], list[Path]], str, str | None]]:
    """Each good fixture, to check it loads: (id, writer, loader, force)."""
    found = [
        (fx.name, _writer(fx.name, fx.text()), fx.loader, fx.force) for fx in _csv_fixtures() + _evidence_fixtures()
    ]
    from openpeel.records.schema import all_schemas

    for schema in all_schemas():
        text = ",".join(schema.columns) + "\n" + ",".join(_quoted(f.example) for f in schema.fields) + "\n"
        found.append((schema.name, _writer(f"{schema.name}-corpus.csv", text), "ingest", "northamptonshire-demo"))
    return found


__all__ = ["Case", "corpus", "good_fixtures", "io"]
