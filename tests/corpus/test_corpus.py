"""Every input in the malformed-input corpus is refused (or loaded with a warning) cleanly.

For each case: the outcome is the one declared; the message names the file and, where the break
has one, the row, column or sheet; the error is one of openpeel's own (so the command line prints a
message, never a traceback); and a refused load leaves every table of a store that already held
good data exactly as it was (count and checksum of every table). One store is shared by all cases,
and the counts are asserted at the end, in test_corpus_counts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from corpus.inputs import Case, corpus, good_fixtures
from openpeel.errors import OpenpeelError
from openpeel.evidence import load_answers, load_survey
from openpeel.ingest import ingest
from openpeel.shipped import shipped_data_dir
from openpeel.store import Store

# every case on one worker, sharing one store, so the closing tally sees the whole corpus
pytestmark = pytest.mark.xdist_group("corpus")

CASES = corpus()
TALLY: Counter = Counter()


def checksums(store: Store) -> dict[str, tuple]:
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()]
        return {n: con.execute(f'SELECT count(*), sum(hash(t)) FROM "{n}" t').fetchone() for n in sorted(names)}
    finally:
        con.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """A store already holding good data, shared by every case."""
    store = Store(tmp_path_factory.mktemp("corpus") / "corpus.duckdb")
    open_data = shipped_data_dir()
    ingest(
        [
            open_data / "police-uk" / "2016-02-city-of-london-stop-and-search.csv",
            open_data / "ons" / "census2011-ethnicity-by-police-force-area.csv",
        ],
        store,
    )
    return store


def load(case: Case, store: Store, folder: Path):
    files = case.write(folder)
    if case.loader == "answers":
        return load_answers(store, files)
    if case.loader == "survey":
        return load_survey(store, files[0], "northamptonshire", case.survey_headcount)
    return ingest(files, store, force=case.force)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 250
    assert len({c.id for c in CASES}) == len(CASES), "case ids are unique"


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "refuse"], ids=lambda c: c.id)
def test_refused_cleanly_naming_the_place_and_leaving_the_store_alone(case, store, tmp_path):
    before = checksums(store)
    with pytest.raises(OpenpeelError) as caught:  # anything else would reach the user as a fault
        load(case, store, tmp_path)
    problems = getattr(caught.value, "problems", None)
    message = str(caught.value)
    assert len(message) < 20_000, "a message quotes values shortened"
    files = [p.name for p in tmp_path.rglob("*")] or [tmp_path.name]
    assert any(name in message for name in files), f"the message names the file: {message[:300]}"
    if case.row is not None:
        assert problems and any(p.row == case.row for p in problems), f"names row {case.row}: {message[:300]}"
    if case.column is not None:
        assert problems and any(p.column == case.column for p in problems), (
            f"names column {case.column}: {message[:300]}"
        )
    if case.sheet is not None:
        assert problems and any(p.sheet == case.sheet for p in problems), f"names sheet {case.sheet}: {message[:300]}"
    assert checksums(store) == before
    TALLY["refused"] += 1
    TALLY["refused with location"] += bool(problems and any(p.row or p.column or p.sheet for p in problems))


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "warn"], ids=lambda c: c.id)
def test_loaded_with_a_warning_that_says_where(case, tmp_path):
    store = Store(tmp_path / "warned.duckdb")
    (tmp_path / "in").mkdir()
    report = load(case, store, tmp_path / "in")
    assert report.warnings, "the load reports its warning"
    warning = report.warnings[0]
    assert warning.row == case.row and warning.column == case.column
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        kept = con.execute('SELECT "row", "column", message FROM _load_warnings').fetchall()
    finally:
        con.close()
    assert kept == [(case.row, case.column, warning.message)], "the warning is kept with the load's record"
    TALLY["warned"] += 1


@pytest.mark.parametrize("fixture", good_fixtures(), ids=lambda f: f[0])
def test_the_good_fixtures_load(fixture, tmp_path):
    """The corpus breaks good files: each fixture itself loads."""
    name, write, loader, force = fixture
    store = Store(tmp_path / "good.duckdb")
    (tmp_path / "in").mkdir()
    files = write(tmp_path / "in")
    if loader == "answers":
        assert load_answers(store, files)
    elif loader == "survey":
        assert load_survey(store, files[0], "northamptonshire", 10)
    else:
        assert ingest(files, store, force=force).rows > 0


def test_corpus_counts(store):
    """The closing tally (runs last in this module): every case was refused or warned, none failed."""
    refused = sum(c.expect == "refuse" for c in CASES)
    warned = sum(c.expect == "warn" for c in CASES)
    print(
        f"\ncorpus: {len(CASES)} inputs; {TALLY['refused']} refused ({TALLY['refused with location']} naming a row, "
        f"column or sheet); {TALLY['warned']} loaded with a warning; 0 tracebacks; 0 stores changed by a refused load"
    )
    if TALLY["refused"] or TALLY["warned"]:  # when the whole module ran
        assert (TALLY["refused"], TALLY["warned"]) == (refused, warned)
