"""data.police.uk street-level crime and outcomes CSVs.

Both files name their force in the data: "Falls within" is the force area where the crime
happened, "Reported by" the force that supplied the record (they differ for British Transport
Police records, which fall within territorial force areas). Anti-social behaviour incidents are
in the street file with no Crime ID and no outcome. Crime IDs are not unique: the same ID can
appear on two rows of one month (seen in City of London, May 2025), so they are kept as published.
"""

from __future__ import annotations

import re

import pyarrow as pa

from openpeel import forces, vocab
from openpeel.sources import checks, plausible
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.csvfile import read_csv
from openpeel.sources.standardise import case, groups, literal, month_span, run
from openpeel.tables import TableSpec, TimeRule, declare

LOCATION_COLUMNS = {
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
    "location": "VARCHAR",
    "lsoa_code": "VARCHAR",
    "lsoa_name": "VARCHAR",
}
LOCATION_DOCS = {
    "latitude": "published (anonymised) latitude; null when the record has no location",
    "location": "published street description, e.g. 'On or near Stone Buildings' or 'No Location'",
    "lsoa_code": "2011 lower layer super output area of the anonymised point",
}

STREET_CRIME = declare(
    TableSpec(
        name="street_crime",
        description="Street-level crimes and anti-social behaviour incidents as published on data.police.uk.",
        time=TimeRule.MONTH,
        columns={
            "force_id": "VARCHAR",
            "month": "DATE",
            "crime_id": "VARCHAR",
            "reported_by": "VARCHAR",
            "crime_type": "VARCHAR",
            "crime_type_id": "VARCHAR",
            "last_outcome_category": "VARCHAR",
            **LOCATION_COLUMNS,
            "context": "VARCHAR",
        },
        docs={
            "force_id": "force area the crime falls within ('Falls within')",
            "crime_id": "data.police.uk crime id; blank for anti-social behaviour; not unique",
            "reported_by": "force id of the supplier when it is a territorial force, else the published name",
            "crime_type": "published category, one of vocab.CRIME_TYPES",
            "crime_type_id": "vocab.slug of crime_type",
            "last_outcome_category": "latest outcome at publication, one of vocab.OUTCOME_CATEGORIES; null for anti-social behaviour",
            **LOCATION_DOCS,
        },
    )
)

CRIME_OUTCOMES = declare(
    TableSpec(
        name="police_uk_outcomes",
        description="Outcomes recorded for crimes in a month, as published in data.police.uk outcomes files.",
        time=TimeRule.MONTH,
        columns={
            "force_id": "VARCHAR",
            "month": "DATE",
            "crime_id": "VARCHAR",
            "outcome_type": "VARCHAR",
            "outcome_type_id": "VARCHAR",
            **LOCATION_COLUMNS,
        },
        docs={
            "month": "month the outcome was recorded (not the month of the crime)",
            "outcome_type": "published outcome, one of vocab.OUTCOME_CATEGORIES",
            "outcome_type_id": "vocab.slug of outcome_type",
            **LOCATION_DOCS,
        },
    )
)

COMMON = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
]
STREET = [*COMMON, "Crime type", "Last outcome category", "Context"]
OUTCOMES = [*COMMON, "Outcome type"]

COMMON_RULES = {
    "Month": checks.pattern(r"^\d{4}-(0[1-9]|1[0-2])$", nullable=False, what="a month like 2016-12"),
    "Reported by": checks.text(nullable=False),
    "Falls within": checks.text(nullable=False),
    "Longitude": checks.pattern(checks.NUMBER, what="a number"),
    "Latitude": checks.pattern(checks.NUMBER, what="a number"),
}
STREET_RULES = {
    **COMMON_RULES,
    "Crime type": checks.label(vocab.CRIME_TYPES, nullable=False, what="a data.police.uk crime type"),
    "Last outcome category": checks.label(vocab.OUTCOME_CATEGORIES, what="a data.police.uk outcome category"),
}
OUTCOME_RULES = {
    **COMMON_RULES,
    "Crime ID": checks.text(nullable=False),
    "Outcome type": checks.label(vocab.OUTCOME_CATEGORIES, nullable=False, what="a data.police.uk outcome category"),
}

FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-([a-z0-9-]+)-(street|outcomes)\.csv$")

# Checked on the published rows; "_file_month" is the month in the file's name (null when the name
# gives none), "_this_month" the current month and "_named" the force the file's name gives.
PLAUSIBLE = [
    plausible.Plausible(
        "police_uk.month_of_file",
        '_file_month IS NOT NULL AND "Month" <> _file_month',
        "the month differs from the month in the file's name",
        column="Month",
    ),
    plausible.Plausible(
        "police_uk.not_in_future", '"Month" > _this_month', "the month has not happened yet", column="Month"
    ),
    plausible.Plausible(
        "police_uk.in_england_and_wales",
        plausible.outside_england_and_wales('"Latitude"', '"Longitude"'),
        "the location lies outside England and Wales",
        column="Latitude",
        shown='"Latitude" || \', \' || "Longitude"',
        action=plausible.Action.WARN,
    ),  # a doubtful point does not make the count wrong
    plausible.Plausible(
        "police_uk.force_of_file",
        "_named IS NOT NULL AND _falls IS DISTINCT FROM _named AND _reported IS DISTINCT FROM _named",
        "neither the force the crime falls within nor the force that reported it is the force in the file's name",
        column="Falls within",
    ),
]


def _named_force(probe: Probe) -> str | None:
    named = FILE_NAME.match(probe.path.name)
    if named is None:
        return None
    force = forces.try_resolve(named[3].replace("-", " "))
    if force is None:
        raise SourceError(
            Problem(
                str(probe.path),
                f"the file's name gives force {named[3]!r}, which is not one of the 43 forces of England and Wales",
            )
        )
    return force.id


_FROM = """
FROM incoming i
JOIN falls f ON f.name = i."Falls within"
"""
_COMMON_SELECT = """
    f.force_id,
    CAST(i."Month" || '-01' AS DATE) AS month,
    i."Crime ID" AS crime_id,
"""
_LOCATION_SELECT = """
    CAST(i."Latitude" AS DOUBLE) AS latitude,
    CAST(i."Longitude" AS DOUBLE) AS longitude,
    i."Location" AS location,
    i."LSOA code" AS lsoa_code,
    i."LSOA name" AS lsoa_name
"""
STREET_SQL = f"""
SELECT {_COMMON_SELECT}
    coalesce(r.force_id, i."Reported by") AS reported_by,
    i."Crime type" AS crime_type,
    {case('i."Crime type"', {label: vocab.slug(label) for label in vocab.CRIME_TYPES})} AS crime_type_id,
    i."Last outcome category" AS last_outcome_category,
    {_LOCATION_SELECT},
    i."Context" AS context
{_FROM}
LEFT JOIN reporters r ON r.name = i."Reported by"
ORDER BY i._row
"""
OUTCOMES_SQL = f"""
SELECT {_COMMON_SELECT}
    i."Outcome type" AS outcome_type,
    {case('i."Outcome type"', {label: vocab.slug(label) for label in vocab.OUTCOME_CATEGORIES})} AS outcome_type_id,
    {_LOCATION_SELECT}
{_FROM}
ORDER BY i._row
"""


def _reporters(table: pa.Table) -> pa.Table:
    """Force ids for the 'Reported by' names that are territorial forces; others stay as published."""
    names = [n for n in table.column("Reported by").unique().to_pylist() if n is not None]
    known = {n: f.id for n in names if (f := forces.try_resolve(n)) is not None}
    return pa.table(
        {"name": list(known), "force_id": list(known.values())},
        schema=pa.schema([("name", pa.string()), ("force_id", pa.string())]),
    )


class _PoliceUkCrimeReader(Reader):
    columns: list[str]
    marker: str  # the column that tells this format from the other
    rules: dict
    query: str
    kind: str  # the source key's second part

    def detect(self, probe: Probe) -> bool:
        fields = probe.header_fields
        # most of the shared columns are enough, so a missing one is named rather than unrecognised
        return sum(c in fields for c in COMMON) >= len(COMMON) - 3 and self.marker in fields

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        incoming = read_csv(probe, self.columns)
        _, falls, named = checks.collect(
            lambda: checks.validate(incoming, path, self.rules),
            lambda: checks.force_ids(incoming, "Falls within", path),
            lambda: _named_force(probe),
        )
        file_month = FILE_NAME.match(probe.path.name)
        warnings = plausible.check(
            incoming,
            PLAUSIBLE,
            path,
            falls=falls,
            reporters=_reporters(incoming),
            helpers=f"""{literal(f"{file_month[1]}-{file_month[2]}") if file_month else "NULL"} AS _file_month,
                strftime(current_date, '%Y-%m') AS _this_month,
                {literal(named) if named else "NULL"} AS _named,
                (SELECT force_id FROM falls WHERE name = "Falls within") AS _falls,
                (SELECT force_id FROM reporters WHERE name = "Reported by") AS _reported""",
        )
        rows = run(self.query, incoming=incoming, falls=falls, reporters=_reporters(incoming))
        # One batch per force, keyed on its months, so a newer download of the same months replaces it.
        return [
            self.batch(
                probe,
                self.tables[0],
                f"police-uk/{self.kind}/{force_id}/{month_span(part)}",
                part,
                tuple(w for w in warnings),
            )
            for force_id, part in groups(rows, "force_id").items()
        ]


@register
class StreetCrimeReader(_PoliceUkCrimeReader):
    name = "police-uk-street"
    title = "data.police.uk street-level crime CSV"
    tables = ("street_crime",)
    columns = STREET
    marker = "Crime type"
    rules = STREET_RULES
    query = STREET_SQL
    kind = "street"


@register
class OutcomesReader(_PoliceUkCrimeReader):
    name = "police-uk-outcomes"
    title = "data.police.uk outcomes CSV"
    tables = ("police_uk_outcomes",)
    columns = OUTCOMES
    marker = "Outcome type"
    rules = OUTCOME_RULES
    query = OUTCOMES_SQL
    kind = "outcomes"
