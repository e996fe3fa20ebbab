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
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from openpeel import duck, forces
from openpeel.sources import checks, plausible
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register, shorten
from openpeel.sources.csvfile import CsvScan, check_header
from openpeel.store import Batch, Part, Rows
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
SDE_PATTERN = r"^(.+ \((W[1-9]|B[1-9]|A[1-9]|M[1-9]|O[1-9]|NS)\)|" + "|".join(p for p in NEW_PREFIXES).join(
    ["(", r") - .+)$"]
)
OFFICER_ETHNICITY = {"White": "white", "Black": "black", "Asian": "asian", "Mixed": "mixed", "Other": "other"}

COLUMNS = [
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]
FILE_NAME = re.compile(r"^(\d{4})-(\d{2})-([a-z0-9-]+)-stop-and-search\.csv$")
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$"
COORDINATE = r"^-?[0-9]+(\.[0-9]+)?$"

RULES = {
    "Type": checks.label(SEARCH_TYPES, nullable=False, what="a known search type"),
    "Date": checks.Rule(
        nullable=False,
        regex=TIMESTAMP,
        what="a date and time that exists, like 2016-01-31T17:05:00+00:00",
        exists="({} IS NOT NULL)",
    ),  # completed below, once _utc is defined
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


def _utc(column: str) -> str:
    """A published time as a UTC timestamp. data.police.uk writes UTC ('+00:00'), which is parsed
    without time zone arithmetic; any other offset goes through the time zone library."""
    col = f'"{column}"'
    return f"""(CASE WHEN ends_with({col}, '+00:00') THEN TRY_CAST(left({col}, length({col}) - 6) AS TIMESTAMP)
        WHEN ends_with({col}, 'Z') THEN TRY_CAST(left({col}, length({col}) - 1) AS TIMESTAMP)
        WHEN length({col}) <= 19 THEN TRY_CAST({col} AS TIMESTAMP)
        ELSE CAST(timezone('UTC', TRY_CAST({col} AS TIMESTAMPTZ)) AS TIMESTAMP) END)"""


def _london_month(utc: str) -> str:
    """The calendar month in UK local time. Local time is UTC or UTC+1, so only a time in the 23rd
    hour UTC can fall in the next local day (and month); only those go through the time zone rules."""
    return f"""CAST(CASE WHEN hour({utc}) = 23 THEN date_trunc('month', timezone('Europe/London', timezone('UTC', {utc})))
        ELSE date_trunc('month', {utc}) END AS DATE)"""


RULES["Date"] = checks.Rule(
    nullable=False,
    regex=TIMESTAMP,
    what=RULES["Date"].what,
    exists=_utc("Date").replace('"Date"', "{0}") + " IS NOT NULL",
)
# Labels with few distinct values are checked once per distinct value, not once per row.
BY_VALUE = ("Self-defined ethnicity",)

# Checked on the rows of each file, beside the rules above; "_day" is the published date, and the
# file's month (from its name) is "_first".."_last" (null when the name gives none).
PLAUSIBLE = [
    plausible.Plausible(
        "stop_search.date_in_file_month",
        "_first IS NOT NULL AND (_day < _first - INTERVAL 1 DAY OR _day > _last + INTERVAL 1 DAY)",
        "the search is dated outside the month in the file's name",
        column="Date",
    ),
    plausible.Plausible("stop_search.not_in_future", "_day > _today", "the search is dated after today", column="Date"),
    plausible.Plausible(
        "stop_search.not_before_1900", "_day < DATE '1900-01-01'", "the search is dated before 1900", column="Date"
    ),
    plausible.Plausible(
        "stop_search.in_england_and_wales",
        plausible.outside_england_and_wales('"Latitude"', '"Longitude"'),
        "the location lies outside England and Wales",
        column="Latitude",
        shown='"Latitude" || \', \' || "Longitude"',
        # searches near the Scottish border or at sea are real: the figures stand, the point is doubtful
        action=plausible.Action.WARN,
    ),
]
_HELPERS = 'TRY_CAST(left("Date", 10) AS DATE) AS _day'


def _sde_group() -> str:
    col = '"Self-defined ethnicity"'
    old = " ".join(
        f"WHEN regexp_matches({col}, '\\(({letter})[1-9]\\)$') THEN '{group.value}'"
        for letter, group in OLD_CODES.items()
    )
    new = " ".join(
        f"WHEN starts_with({col}, {_sql(prefix + ' - ')}) THEN '{group.value}'"
        for prefix, group in NEW_PREFIXES.items()
        if group is not EthnicGroup.OTHER
    )
    return f"""CASE
        WHEN {col} IS NULL OR ends_with({col}, '(NS)') OR {col} = 'Other ethnic group - Not stated' THEN 'unknown'
        {old}
        WHEN ends_with({col}, '(O1)') THEN 'asian'
        WHEN ends_with({col}, '(O9)') THEN 'other'
        {new}
        WHEN starts_with({col}, 'Other ethnic group - ') THEN 'other'
        ELSE 'unknown' END"""


def _case(column: str, mapping: dict, default: str = "NULL") -> str:
    whens = " ".join(f"WHEN {_sql(k)} THEN {_sql(v.value if hasattr(v, 'value') else v)}" for k, v in mapping.items())
    return f'CASE "{column}" {whens} ELSE {default} END'


def _sql(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _bool(column: str) -> str:
    return f"CASE lower(\"{column}\") WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END"


def _standardise(relation: str) -> str:
    """The standardised rows of ``relation`` (the files' rows), each with ``_part``, its file's number."""
    return f"""
SELECT
    i._file_no AS _part,
    f.force_id,
    {_london_month("i._utc")} AS month,
    i._utc AS occurred_at,
    {_case("Type", SEARCH_TYPES)} AS search_type,
    "Type" <> 'Vehicle search' AS of_person,
    {_bool("Part of a policing operation")} AS part_of_operation,
    "Policing operation" AS operation_name,
    CAST("Latitude" AS DOUBLE) AS latitude,
    CAST("Longitude" AS DOUBLE) AS longitude,
    "Gender" AS gender,
    "Age range" AS age_range,
    i."Self-defined ethnicity" AS self_defined_ethnicity,
    coalesce(labels.sde_group, 'unknown') AS sde_group,
    {_case("Officer-defined ethnicity", OFFICER_ETHNICITY, "'unknown'")} AS ode_group,
    "Legislation" AS legislation,
    "Object of search" AS object_of_search,
    "Outcome" AS outcome_label,
    {_case("Outcome", OUTCOMES, "'unknown'")} AS outcome,
    {_bool("Outcome linked to object of search")} AS outcome_linked,
    {_bool("Removal of more than just outer clothing")} AS more_than_outer_clothing
FROM (SELECT *, {_utc("Date")} AS _utc FROM {relation}) i
JOIN _stop_search_files f USING (_file_no)
LEFT JOIN _stop_search_labels labels ON i."Self-defined ethnicity" = labels.label
"""


@register
class StopAndSearchReader(Reader):
    name = "police-uk-stop-and-search"
    title = "data.police.uk stop-and-search CSV"
    tables = ("stop_search",)
    needs_force = True

    def detect(self, probe: Probe) -> bool:
        # most of the columns are enough to know the format, so a missing one is named, not unrecognised
        return probe.suffix == ".csv" and sum(c in probe.header_fields for c in COLUMNS) >= len(COLUMNS) - 3

    def read(self, probe: Probe, *, force: str | None = None):
        return self.read_many([probe], force=force)

    def read_many(self, probes: list[Probe], *, force: str | None = None):
        """Check every file's rows in one pass straight from disk, then hand back a batch per
        file whose rows the store reads (again from disk) inside its transaction."""
        problems: list[Problem] = []
        groups: dict[tuple[str, ...], list[tuple[Probe, str]]] = {}
        for probe in probes:
            try:
                force_id = self._force(str(probe.path), force, FILE_NAME.match(probe.path.name))
                fields = check_header(probe, COLUMNS)
            except SourceError as exc:
                problems.extend(exc.problems)
                continue
            groups.setdefault(tuple(fields), []).append((probe, force_id))
        batches = []
        for fields, members in groups.items():
            try:
                batches += self._read_group(CsvScan(tuple(p for p, _ in members), fields), [f for _, f in members])
            except SourceError as exc:
                problems.extend(exc.problems)
        if problems:
            raise SourceError(problems)
        return batches

    def _read_group(self, scan: CsvScan, force_ids: list[str]) -> list[Batch]:
        files = _files_table(scan, force_ids)
        relation = scan.relation(rejects=True, keep=COLUMNS)
        con = duck.connect()
        try:
            con.register("_stop_search_files", files)
            if scan.prepare:
                scan.prepare(con)
            per_row = {c: rule for c, rule in RULES.items() if c not in BY_VALUE}
            counted = self._count(
                con,
                scan,
                f"""
                SELECT _file_no, count(*) AS rows, list(DISTINCT "Self-defined ethnicity") AS labels,
                    -- every column is read, so every line is parsed whole and its faults recorded
                    bool_and({" AND ".join(f'"{c}" IS NULL' for c in COLUMNS)}) AS _all_blank,
                    {", ".join(f"count(*) FILTER (WHERE {rule.failing(c)})" for c, rule in per_row.items())},
                    {", ".join(plausible.counts_sql(PLAUSIBLE))}
                FROM (SELECT i.*, f.* EXCLUDE (_file_no), {_HELPERS} FROM {relation} i JOIN _stop_search_files f USING (_file_no))
                GROUP BY 1 ORDER BY 1""",
            )
            problems = scan.structure_problems(con)
            if problems:
                raise SourceError(problems)
            rows = {r[0]: r[1] for r in counted}
            problems += [
                Problem(str(p.path), "file has a header but no rows")
                for n, p in enumerate(scan.probes)
                if n not in rows
            ]
            bad_labels = set(
                con.execute(
                    f"SELECT label FROM (SELECT unnest(?::VARCHAR[]) AS label) WHERE {RULES[BY_VALUE[0]].bad('label')}",
                    [sorted({v for r in counted for v in r[2] if v is not None})],
                ).fetchall()
            )
            failing = [r[0] for r in counted if any(r[4:]) or any((v,) in bad_labels for v in r[2])]
            warnings: list[Problem] = []
            if failing:
                located = scan.located(con, "located", failing)
                con.execute(
                    f"CREATE TEMP VIEW checked AS SELECT l.*, f.* EXCLUDE (_file_no), {_HELPERS} "
                    f"FROM {located} l JOIN _stop_search_files f USING (_file_no)"
                )
                problems += checks.rule_problems(con, "checked", RULES, str(scan.probes[0].path))
                found = plausible.problems(con, "checked", PLAUSIBLE, str(scan.probes[0].path))
                problems += [p for p in found if not p.warning]
                warnings += [p for p in found if p.warning]
            if problems:
                raise SourceError(problems)
            labels = sorted({label for r in counted for label in r[2] if label is not None})
            label_table = con.execute(
                f"SELECT label, {_sde_group().replace(chr(34) + 'Self-defined ethnicity' + chr(34), 'label')} AS sde_group "
                "FROM (SELECT unnest(?::VARCHAR[]) AS label)",
                [labels],
            ).to_arrow_table()
        finally:
            con.close()
        shared = Rows(
            _standardise(scan.relation(keep=COLUMNS)),
            rows,
            tables={"_stop_search_files": files, "_stop_search_labels": label_table},
            prepare=scan.prepare,
        )
        batches = [
            Batch(
                "stop_search",
                self._key(probe, force_ids[n]),
                Part(shared, n),
                str(probe.path),
                probe.sha256,
                self.name,
                tuple(w for w in warnings if w.path == str(probe.path)),
            )
            for n, probe in enumerate(scan.probes)
        ]
        shared.batches.extend(batches)
        return batches

    @staticmethod
    def _count(con, scan: CsvScan, sql: str) -> list[tuple]:
        try:
            return con.execute(sql).fetchall()
        except duckdb.InvalidInputException as exc:  # the CSV reader refused a file outright
            raise SourceError(
                Problem(
                    str(scan.probes[0].path) if len(scan.probes) == 1 else ", ".join(p.path.name for p in scan.probes),
                    f"cannot be read as CSV: {shorten(str(exc), 300)}",
                )
            ) from None

    @staticmethod
    def _key(probe: Probe, force_id: str) -> str:
        named = FILE_NAME.match(probe.path.name)
        part = f"{named[1]}-{named[2]}" if named else f"{probe.path.stem}"
        return f"police-uk/stop-and-search/{force_id}/{part}"

    @staticmethod
    def _force(path: str, given: str | None, named: re.Match | None) -> str:
        candidate = given or (named[3] if named else None)
        if candidate is None:
            raise SourceError(
                Problem(
                    path,
                    "data.police.uk stop-and-search files do not name their force: name the file "
                    "YYYY-MM-<force>-stop-and-search.csv or pass --force",
                )
            )
        try:
            return forces.lookup(candidate).id
        except forces.UnknownForce as exc:
            where = "--force" if given else "the file's name"
            raise SourceError(Problem(path, f"{checks.unknown_force(candidate, exc)} (from {where})")) from None


def _files_table(scan: CsvScan, force_ids: list[str]) -> pa.Table:
    """Each file's number, force and, when its name gives one, its month and today (for the
    plausibility rules)."""
    firsts, lasts = [], []
    for probe in scan.probes:
        named = FILE_NAME.match(probe.path.name)
        first = None
        if named and 1 <= int(named[2]) <= 12:
            first = date(int(named[1]), int(named[2]), 1)
        firsts.append(first)
        lasts.append(
            None if first is None else date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
        )
    n = len(scan.probes)
    return pa.table(
        {
            "_file_no": pa.array(range(n), pa.int64()),
            "force_id": pa.array(force_ids, pa.string()),
            "_first": pa.array(firsts, pa.date32()),
            "_last": pa.array(lasts, pa.date32()),
            "_today": pa.array([plausible.today()] * n, pa.date32()),
        }
    )
