"""Declarations of the standardised tables the store holds.

Each source module declares the tables it produces with :func:`declare`; the store creates them
from these declarations and the indicator engine uses their time rule to cut a period. Adding a
table is one declaration next to the reader that fills it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from openpeel.errors import UnknownName


class TimeRule(str, Enum):
    """How a table's rows are placed in time, which decides how a period selects them."""

    MONTH = "month"  # each row happened in a month (column ``month``, first day of the month)
    SPAN = "span"  # each row totals a span (``period_start``..``period_end``, first days of months)
    AS_AT = "as_at"  # each row is a snapshot on a date (column ``as_at``)
    TIMELESS = "timeless"  # reference data with no period (e.g. census counts)


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: dict[str, str]  # column name -> DuckDB type
    time: TimeRule
    description: str
    force_column: str | None = "force_id"
    docs: dict[str, str] = field(default_factory=dict)  # column -> meaning, for generated docs
    # Columns that identify a row across loads: an incoming row replaces any stored row with the
    # same key, whichever file it came from (record extracts re-sent with updates, re-published figures).
    key: tuple[str, ...] = ()
    # earlier column names -> current ones: a store made before a rename has its columns renamed
    renamed: dict[str, str] = field(default_factory=dict)

    def ddl(self) -> str:
        cols = [f'"{c}" {t}' for c, t in self.columns.items()]
        cols += ['"source_key" VARCHAR NOT NULL', '"load_id" BIGINT NOT NULL']
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" ({", ".join(cols)})'

    @property
    def time_columns(self) -> tuple[str, ...]:
        return {
            TimeRule.MONTH: ("month",),
            TimeRule.SPAN: ("period_start", "period_end"),
            TimeRule.AS_AT: ("as_at",),
            TimeRule.TIMELESS: (),
        }[self.time]


_TABLES: dict[str, TableSpec] = {}


def declare(spec: TableSpec) -> TableSpec:
    for col in (*spec.time_columns, *spec.key):
        if col not in spec.columns:
            raise ValueError(f"table {spec.name}: time rule {spec.time.value} needs column {col!r}")
    existing = _TABLES.get(spec.name)
    if existing is not None and existing != spec:
        raise ValueError(f"table {spec.name!r} is declared twice with different columns")
    _TABLES[spec.name] = spec
    return spec


def get(name: str) -> TableSpec:
    _load_declarations()
    try:
        return _TABLES[name]
    except KeyError:
        raise UnknownName(f"no table named {name!r} is declared") from None


def all_tables() -> list[TableSpec]:
    _load_declarations()
    return sorted(_TABLES.values(), key=lambda t: t.name)


# The packages whose modules declare tables. Each imports its own explicit list of modules (the
# readers in openpeel.sources.READERS, the record schemas in openpeel.records.SCHEMAS, the answers
# and returns tables of openpeel.evidence), so importing these three registers every table.
DECLARING_PACKAGES = ("openpeel.sources", "openpeel.evidence", "openpeel.records")


def _load_declarations() -> None:
    import importlib

    for package in DECLARING_PACKAGES:
        importlib.import_module(package)
