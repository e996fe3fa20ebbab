"""Declaring the schema of a force extract.

A :class:`RecordSchema` lists its :class:`Field` s. From it openpeel derives the store table (with
``force_id`` and ``month`` or ``as_at`` added), the validation rules, the type conversions and the
documentation, so none of these can drift from the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpeel.areas import Area
from openpeel.errors import UnknownName
from openpeel.tables import TableSpec, TimeRule, declare

TYPES = {
    "text": "VARCHAR",
    "code": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
}

PATTERNS = {
    "integer": (r"^-?[0-9]+$", "a whole number"),
    "number": (r"^-?[0-9]+(\.[0-9]+)?$", "a number"),
    "date": (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "a date like 2025-03-31"),
    "timestamp": (
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$",
        "a date and time like 2025-03-31T14:05:09 (UK local time)",
    ),
}
BOOLEAN_VALUES = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False, "y": True, "n": False}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # one of TYPES
    description: str
    required: bool = True  # a value must be present in every row
    codes: dict[str, str] | None = None  # for type 'code': allowed value -> meaning
    example: str = ""
    # earlier names of the column, still read (with a warning) from files made for an older version
    formerly: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"field {self.name}: type {self.type!r} is not one of {', '.join(TYPES)}")
        if (self.type == "code") != (self.codes is not None):
            raise ValueError(f"field {self.name}: codes are given exactly when the type is 'code'")


@dataclass(frozen=True)
class RowCheck:
    """A rule across fields, as an SQL condition every row must meet (nulls pass)."""

    condition: str  # e.g. "answered_at >= received_at"
    message: str  # what is wrong with a row that fails, e.g. "answered before it was received"


@dataclass(frozen=True)
class RecordSchema:
    name: str  # also the store table, e.g. "calls_999"
    version: int
    title: str
    description: str
    area: Area
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # identifies a record within a force; a re-sent record replaces the old one
    month_from: str | None = None  # date/timestamp field placing each record in a month
    as_at_from: str | None = None  # or: date field of a snapshot extract (e.g. wanted people as at)
    checks: tuple[RowCheck, ...] = ()
    changes: tuple[str, ...] = field(default=())  # what each version changed, oldest first

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"schema {self.name}: a field is declared twice")
        for name in (*self.key, *(x for x in (self.month_from, self.as_at_from) if x)):
            if name not in names:
                raise ValueError(f"schema {self.name}: {name!r} is not one of its fields")
        if (self.month_from is None) == (self.as_at_from is None):
            raise ValueError(f"schema {self.name}: give exactly one of month_from and as_at_from")
        if {"force_id", "month", "as_at"} & set(names):
            raise ValueError(f"schema {self.name}: force_id, month and as_at are added by openpeel")
        odd = [n for n in names if n.endswith(("_id", "_reference", "_number"))]
        if odd:
            raise ValueError(f"schema {self.name}: references end in _ref, not {', '.join(odd)} (see docs/records.md)")
        former = [old for f in self.fields for old in f.formerly]
        if len(set(former)) != len(former) or set(former) & set(names):
            raise ValueError(f"schema {self.name}: an earlier column name is given twice or is a current name")

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def formerly(self) -> dict[str, str]:
        """Each earlier column name still read, and the column it is now."""
        return {old: f.name for f in self.fields for old in f.formerly}

    def current_names(self, header: list[str]) -> dict[str, str]:
        """The earlier names in a file's header, each with the name it is read as (unless the file
        also has the column under its current name, in which case the earlier one is unexpected)."""
        return {h: self.formerly[h] for h in header if h in self.formerly and self.formerly[h] not in header}

    def fits(self, header: list[str] | set[str]) -> bool:
        """Whether a header (without ``force``) has every required column and nothing else, reading earlier names."""
        renamed = self.current_names(list(header))
        named = {renamed.get(h, h) for h in header}
        return set(self.required) <= named <= set(self.columns)

    def table_spec(self) -> TableSpec:
        time = TimeRule.MONTH if self.month_from else TimeRule.AS_AT
        placed = {"month": "DATE"} if self.month_from else {"as_at": "DATE"}
        return TableSpec(
            name=self.name,
            description=self.description,
            time=time,
            columns={"force_id": "VARCHAR", **placed, **{f.name: TYPES[f.type] for f in self.fields}},
            docs={f.name: f.description for f in self.fields},
            key=("force_id", *self.key),
            renamed=self.formerly,
        )


_SCHEMAS: dict[str, RecordSchema] = {}


def record_schema(**kwargs) -> RecordSchema:
    """Declare a record schema and its store table."""
    schema = RecordSchema(**kwargs)
    if schema.name in _SCHEMAS:
        raise ValueError(f"record schema {schema.name!r} is declared twice")
    _SCHEMAS[schema.name] = schema
    declare(schema.table_spec())
    return schema


def all_schemas() -> list[RecordSchema]:
    import openpeel.records  # noqa: F401  (declares every schema)

    return sorted(_SCHEMAS.values(), key=lambda s: s.name)


def get(name: str) -> RecordSchema:
    import openpeel.records  # noqa: F401

    try:
        return _SCHEMAS[name]
    except KeyError:
        raise UnknownName(f"no record schema named {name!r}; known: {', '.join(sorted(_SCHEMAS))}") from None
