"""Fuzzing the readers and loaders: random bytes, random rows and random values.

Whatever arrives, a load either succeeds or is refused with one of openpeel's own errors (which the
command line prints as a message); no other exception may escape a reader.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openpeel.errors import OpenpeelError
from openpeel.evidence import load_answers, load_survey
from openpeel.ingest import ingest
from openpeel.records.schema import all_schemas
from openpeel.sources.police_uk_stop_search import COLUMNS as STOP_SEARCH
from openpeel.sources.police_uk_street import STREET
from openpeel.store import Store

FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = [
    "2016-01-city-of-london-stop-and-search.csv",
    "2016-12-kent-street.csv",
    "census-ethnicity.csv",
    "per-force-figures.csv",
    "calls_999-2025-03.csv",
    "x.xlsx",
    "x.ods",
    "x.parquet",
    "x.zip",
]
_n = itertools.count()
# Text that CSV and terminal output find awkward: separators, quotes, line ends, markup, non-ASCII.
CELL = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab019-:., \"'\r\n\t[]/é\x00")), max_size=30),
    st.sampled_from(
        [
            "[bold]x[/]",
            "2016-01-01T10:00:00+00:00",
            "2016-02-30T10:00:00+00:00",
            "9" * 30,
            "-1",
            "Kent",
            "yes",
            "true",
            "Person search",
            "2025-03-01",
            "30/02/2025",
        ]
    ),
)


def attempt(load) -> None:
    try:
        load()
    except OpenpeelError:
        pass  # refused, with a message for the user


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def fresh(folder: Path, name: str) -> Path:
    path = folder / f"{next(_n)}" / name
    path.parent.mkdir()
    return path


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=2000))
def test_random_bytes(folder, name, data):
    path = fresh(folder, name)
    path.write_bytes(data)
    attempt(lambda: ingest([path], Store(folder / "bytes.duckdb"), force="kent"))


@FUZZ
@given(
    header=st.sampled_from([STOP_SEARCH, STREET]), rows=st.lists(st.lists(CELL, min_size=0, max_size=17), max_size=6)
)
def test_random_rows_under_a_real_header(folder, header, rows):
    name = (
        "2016-01-city-of-london-stop-and-search.csv" if header is STOP_SEARCH else "2016-12-city-of-london-street.csv"
    )
    path = fresh(folder, name)
    text = ",".join(header) + "\n" + "".join(",".join(_csv(c) for c in r) + "\n" for r in rows)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    attempt(lambda: ingest([path], Store(folder / "rows.duckdb")))


@FUZZ
@given(schema=st.sampled_from(all_schemas()), values=st.lists(CELL, min_size=1, max_size=30), parquet=st.booleans())
def test_random_values_in_record_extracts(folder, schema, values, parquet):
    """Each field gets a random value (or, half the time, its documented example)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    row = [v if i % 2 else f.example for i, (f, v) in enumerate(zip(schema.fields, itertools.cycle(values)))]
    path = fresh(folder, f"{schema.name}-fuzz.{'parquet' if parquet else 'csv'}")
    if parquet:
        pq.write_table(pa.table({f.name: [v] for f, v in zip(schema.fields, row)}), path)
    else:
        path.write_text(
            ",".join(schema.columns) + "\n" + ",".join(_csv(v) for v in row) + "\n",
            encoding="utf-8",
            errors="surrogatepass",
        )
    attempt(lambda: ingest([path], Store(folder / "records.duckdb"), force="northamptonshire-demo"))


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=7, max_size=8), min_size=1, max_size=5))
def test_random_audit_answers(folder, rows):
    path = fresh(folder, "answers.csv")
    header = "force,audit,case_reference,question_id,answer,auditor,date,note\n"
    path.write_text(
        header + "".join(",".join(_csv(c) for c in r) + "\n" for r in rows), encoding="utf-8", errors="surrogatepass"
    )
    attempt(lambda: load_answers(Store(folder / "answers.duckdb"), [path]))


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=2, max_size=4), min_size=1, max_size=5),
    headcount=st.integers(min_value=-5, max_value=10**25),
)
def test_random_survey_returns(folder, rows, headcount):
    path = fresh(folder, "returns.csv")
    path.write_text(
        "respondent_id,roles\n" + "".join(",".join(_csv(c) for c in r) + "\n" for r in rows),
        encoding="utf-8",
        errors="surrogatepass",
    )
    attempt(lambda: load_survey(Store(folder / "survey.duckdb"), path, "northamptonshire", headcount))


def _csv(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(ch in cell for ch in ',"\n\r') else cell
