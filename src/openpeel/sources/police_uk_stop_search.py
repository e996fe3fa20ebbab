"""data.police.uk stop-and-search CSVs, in both label vintages.

The older files (to about 2019) use 2001-census ethnicity labels with codes such as
"White - White British (W1)" and outcomes such as "Nothing found - no further action"; newer
files use 2011-census labels ("White - English/Welsh/Scottish/Northern Irish/British") and
outcomes such as "A no further action disposal". Both map onto the same standardised table.
The force is not in the file: it comes from the file name (``2016-01-city-of-london-stop-and-search.csv``)
or from ``--force``.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from openpeel import duck, forces
from openpeel.sources import checks
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.csvfile import read_csv
from openpeel.tables import TableSpec, TimeRule, declare
from openpeel.vocab import EthnicGroup, SearchOutcome, SearchType

STOP_SEARCH = declare(
    TableSpec(
        name="stop_search",
        description="Stop and search records as published on data.police.uk, one row per search.",
        time=TimeRule.MONTH,
        columns={
            "force_id": "VARCHAR",
            "month": "DATE",
            "occurred_at": "TIMESTAMP",
            "search_type": "VARCHAR",
            "of_person": "BOOLEAN",
            "part_of_operation": "BOOLEAN",
            "operation_name": "VARCHAR",
            "latitude": "DOUBLE",
            "longitude": "DOUBLE",
            "gender": "VARCHAR",
            "age_range": "VARCHAR",
            "self_defined_ethnicity": "VARCHAR",
            "sde_group": "VARCHAR",
            "ode_group": "VARCHAR",
            "legislation": "VARCHAR",
            "object_of_search": "VARCHAR",
            "outcome_label": "VARCHAR",
            "outcome": "VARCHAR",
            "outcome_linked": "BOOLEAN",
            "more_than_outer_clothing": "BOOLEAN",
        },
        docs={
            "month": "calendar month of the search in UK local time (published times are UTC)",
            "of_person": "true for 'Person search' and 'Person and Vehicle search'",
            "sde_group": "self-defined ethnicity as a 2011-census broad group; unknown when blank or not stated",
            "ode_group": "officer-defined ethnicity as a broad group; unknown when blank",
            "outcome": "outcome class, the same for both label vintages; unknown when blank",
            "outcome_linked": "'Outcome linked to object of search'; null when not stated",
        },
    )
)

SEARCH_TYPES = {
    "Person search": SearchType.PERSON,
    "Person and Vehicle search": SearchType.PERSON_AND_VEHICLE,
    "Vehicle search": SearchType.VEHICLE,
}

OUTCOMES = {
    # label vintage to about 2019
    "Nothing found - no further action": SearchOutcome.NO_FURTHER_ACTION,
    "Suspected psychoactive substances seized - No further action": SearchOutcome.NO_FURTHER_ACTION,
    "Suspect arrested": SearchOutcome.ARREST,
    "Suspect summonsed to court": SearchOutcome.SUMMONS,
    "Offender cautioned": SearchOutcome.CAUTION,
    "Offender given penalty notice": SearchOutcome.PENALTY_NOTICE,
    "Offender given drugs possession warning": SearchOutcome.DRUGS_WARNING,
    "Local resolution": SearchOutcome.COMMUNITY_RESOLUTION,
    "Article found - Detailed outcome unavailable": SearchOutcome.ARTICLE_FOUND,
    # current label vintage
    "A no further action disposal": SearchOutcome.NO_FURTHER_ACTION,
    "Arrest": SearchOutcome.ARREST,
    "Summons / charged by post": SearchOutcome.SUMMONS,
    "Caution (simple or conditional)": SearchOutcome.CAUTION,
    "Penalty Notice for Disorder": SearchOutcome.PENALTY_NOTICE,
    "Khat or Cannabis warning": SearchOutcome.DRUGS_WARNING,
    "Community resolution": SearchOutcome.COMMUNITY_RESOLUTION,
}

# Older labels end in a 2001-census code; newer labels start with a 2011-census group name.
OLD_CODES = {"W": EthnicGroup.WHITE, "B": EthnicGroup.BLACK, "A": EthnicGroup.ASIAN, "M": EthnicGroup.MIXED}
NEW_PREFIXES = {
    "White": EthnicGroup.WHITE,
    "Black/African/Caribbean/Black British": EthnicGroup.BLACK,
    "Asian/Asian British": EthnicGroup.ASIAN,
    "Mixed/Multiple ethnic groups": EthnicGroup.MIXED,
    "Other ethnic group": EthnicGroup.OTHER,
}
SDE_PATTERN = (
    r"^(.+ \((W[1-9]|B[1-9]|A[1-9]|M[1-9]|O[1-9]|NS)\)|"
    + "|".join(p for p in NEW_PREFIXES)
    .join(["(", r") - .+)$"])
)
OFFICER_ETHNICITY = {"White": "white", "Black": "black", "Asian": "asian", "Mixed": "mixed", "Other": "other"}

COLUMNS = [
    "Type", "Date", "Part of a policing operation", "Policing operation", "Latitude", "Longitude",
    "Gender", "Age range", "Self-defined ethnicity", "Officer-defined ethnicity", "Legislation",
    "Object of search", "Outcome", "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]
FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-([a-z0-9-]+)-stop-and-search\.csv$")
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$"
COORDINATE = r"^-?[0-9]+(\.[0-9]+)?$"

RULES = {
    "Type": checks.label(SEARCH_TYPES, nullable=False, what="a known search type"),
    "Date": checks.pattern(TIMESTAMP, nullable=False, what="a date and time like 2016-01-31T17:05:00+00:00"),
    "Part of a policing operation": checks.label(checks.BOOLEAN_TEXT, what="True or False"),
    "Latitude": checks.pattern(COORDINATE, what="a number"),
    "Longitude": checks.pattern(COORDINATE, what="a number"),
    "Gender": checks.label(["Male", "Female", "Other"], what="Male, Female or Other"),
    "Age range": checks.label(["under 10", "10-17", "18-24", "25-34", "over 34"], what="a known age range"),
    "Self-defined ethnicity": checks.pattern(SDE_PATTERN, what="a known self-defined ethnicity label"),
    "Officer-defined ethnicity": checks.label(OFFICER_ETHNICITY, what="a known officer-defined ethnicity"),
    "Outcome": checks.label(OUTCOMES, what="a known search outcome"),
    "Outcome linked to object of search": checks.label(checks.BOOLEAN_TEXT, what="True or False"),
    "Removal of more than just outer clothing": checks.label(checks.BOOLEAN_TEXT, what="True or False"),
}


def _case(column: str, mapping: dict, default: str = "NULL") -> str:
    whens = " ".join(f"WHEN {_sql(k)} THEN {_sql(v.value if hasattr(v, 'value') else v)}" for k, v in mapping.items())
    return f'CASE "{column}" {whens} ELSE {default} END'


def _sql(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sde_group() -> str:
    col = '"Self-defined ethnicity"'
    old = " ".join(
        f"WHEN regexp_matches({col}, '\\(({letter})[1-9]\\)$') THEN '{group.value}'" for letter, group in OLD_CODES.items()
    )
    new = " ".join(
        f"WHEN starts_with({col}, {_sql(prefix + ' - ')}) THEN '{group.value}'"
        for prefix, group in NEW_PREFIXES.items() if group is not EthnicGroup.OTHER
    )
    return f"""CASE
        WHEN {col} IS NULL OR ends_with({col}, '(NS)') OR {col} = 'Other ethnic group - Not stated' THEN 'unknown'
        {old}
        WHEN ends_with({col}, '(O1)') THEN 'asian'
        WHEN ends_with({col}, '(O9)') THEN 'other'
        {new}
        WHEN starts_with({col}, 'Other ethnic group - ') THEN 'other'
        ELSE 'unknown' END"""


def _bool(column: str) -> str:
    return f'CASE lower("{column}") WHEN \'true\' THEN TRUE WHEN \'false\' THEN FALSE END'


STANDARDISE = f"""
WITH labels AS (  -- map each distinct label once, not every row
    SELECT DISTINCT "Self-defined ethnicity", {_sde_group()} AS sde_group FROM incoming
), timed AS (
    SELECT *, CAST("Date" AS TIMESTAMPTZ) AS _at FROM incoming
)
SELECT
    _file_no,
    _force AS force_id,
    CAST(date_trunc('month', timezone('Europe/London', _at)) AS DATE) AS month,
    CAST(timezone('UTC', _at) AS TIMESTAMP) AS occurred_at,
    {_case("Type", SEARCH_TYPES)} AS search_type,
    "Type" <> 'Vehicle search' AS of_person,
    {_bool("Part of a policing operation")} AS part_of_operation,
    "Policing operation" AS operation_name,
    CAST("Latitude" AS DOUBLE) AS latitude,
    CAST("Longitude" AS DOUBLE) AS longitude,
    "Gender" AS gender,
    "Age range" AS age_range,
    timed."Self-defined ethnicity" AS self_defined_ethnicity,
    labels.sde_group,
    {_case("Officer-defined ethnicity", OFFICER_ETHNICITY, "'unknown'")} AS ode_group,
    "Legislation" AS legislation,
    "Object of search" AS object_of_search,
    "Outcome" AS outcome_label,
    {_case("Outcome", OUTCOMES, "'unknown'")} AS outcome,
    {_bool("Outcome linked to object of search")} AS outcome_linked,
    {_bool("Removal of more than just outer clothing")} AS more_than_outer_clothing
FROM timed LEFT JOIN labels ON timed."Self-defined ethnicity" IS NOT DISTINCT FROM labels."Self-defined ethnicity"
ORDER BY _file_no, _row
"""


@register
class StopAndSearchReader(Reader):
    name = "police-uk-stop-and-search"
    title = "data.police.uk stop-and-search CSV"
    tables = ("stop_search",)
    needs_force = True

    def detect(self, probe: Probe) -> bool:
        return probe.header_fields[:3] == COLUMNS[:3] and "Object of search" in probe.header_fields

    def read(self, probe: Probe, *, force: str | None = None):
        return self.read_many([probe], force=force)

    def read_many(self, probes: list[Probe], *, force: str | None = None):
        """Check and standardise the rows of all the files at once (a month per force is a file,
        so a national year is hundreds of files), then hand back a batch per file."""
        tables, problems = [], []
        for number, probe in enumerate(probes):
            try:
                force_id = self._force(str(probe.path), force, FILE_NAME.match(probe.path.name))
                table = read_csv(probe, COLUMNS).select([*COLUMNS, "_row"])
            except SourceError as exc:
                problems.extend(exc.problems)
                continue
            tables.append(table.append_column("_file", _constant(str(probe.path), table.num_rows))
                          .append_column("_file_no", pa.array(np.full(table.num_rows, number, np.int32)))
                          .append_column("_force", _constant(force_id, table.num_rows)))
        if problems:
            raise SourceError(problems)
        combined = pa.concat_tables(tables)
        checks.validate(combined, str(probes[0].path), RULES)
        con = duck.connect()
        try:
            con.register("incoming", combined)
            rows = con.sql(STANDARDISE).to_arrow_table()
        finally:
            con.close()
        counts = np.bincount(rows.column("_file_no").to_numpy(), minlength=len(probes))
        rows = rows.drop_columns(["_file_no"])
        batches, offset = [], 0
        for number, probe in enumerate(probes):
            part = rows.slice(offset, counts[number])
            offset += counts[number]
            batches.append(self.batch(probe, "stop_search", self._key(probe, part), part))
        return batches

    @staticmethod
    def _key(probe: Probe, rows: pa.Table) -> str:
        force_id = rows.column("force_id")[0].as_py()
        named = FILE_NAME.match(probe.path.name)
        if named:
            part = f"{named[1]}-{named[2]}"
        else:
            months = sorted({m.as_py() for m in rows.column("month").unique()})
            part = f"{months[0]:%Y-%m}..{months[-1]:%Y-%m}"
        return f"police-uk/stop-and-search/{force_id}/{part}"

    @staticmethod
    def _force(path: str, given: str | None, named: re.Match | None) -> str:
        candidate = given or (named[3] if named else None)
        if candidate is None:
            raise SourceError(
                Problem(path, "data.police.uk stop-and-search files do not name their force: name the file "
                        "YYYY-MM-<force>-stop-and-search.csv or pass --force")
            )
        try:
            return forces.lookup(candidate).id
        except forces.UnknownForce as exc:
            raise SourceError(Problem(path, str(exc))) from None


def _constant(text: str, length: int) -> pa.DictionaryArray:
    """One value repeated, stored once (a file name or force id on every row)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(length, np.int32)), pa.array([text]))
