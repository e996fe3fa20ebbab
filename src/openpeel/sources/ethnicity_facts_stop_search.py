"""Stop and search by ethnicity and police force area, as the government's Ethnicity facts and
figures service publishes it for download (CSV).

One row per measure, financial year, ethnic group and geography, with the number of searches of
people (vehicle-only searches excluded), the publisher's population of that ethnic group in the
area and its rate per 1,000. Only the counts and populations are loaded: rates are computed from
them, never taken from the rounded published rate.

Rows are read for the whole-population group ('All') and the broad groups of a '5+1'
classification (White, Black, Asian, Mixed, Other, Unreported); the detailed groups ('16+1',
'18+1') are checked for shape and left out. The England and Wales rows ('All - excluding BTP',
'All - including BTP') and British Transport Police, which polices no force area, are left out:
national figures are computed from the forces, which leaves British Transport Police out as the
publisher's England and Wales figure does. Where the publisher gives no population ('N/A', City
of London) the population is null, so no rate is computed for that force.

Column headings are published with stray spaces (' Number of stop and searches '); they are
matched without them. Numbers carry thousands separators ('1,223').
"""

from __future__ import annotations

import re

import pyarrow as pa

from openpeel.sources import checks
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.csvfile import read_csv
from openpeel.sources.standardise import case, groups, literal, run
from openpeel.tables import TableSpec, TimeRule, declare
from openpeel.vocab import EthnicGroup

PUBLISHED_STOP_SEARCH = declare(
    TableSpec(
        name="published_stop_search",
        description="Stop and searches of people by force, financial year and broad self-defined ethnic "
        "group, with the publisher's population of each group (Ethnicity facts and figures).",
        time=TimeRule.SPAN,
        columns={
            "force_id": "VARCHAR",
            "period_start": "DATE",
            "period_end": "DATE",
            "ethnic_group": "VARCHAR",
            "searches": "BIGINT",
            "population": "BIGINT",
            "classification": "VARCHAR",
        },
        docs={
            "period_start": "1 April of the financial year",
            "period_end": "1 March of the year after (the financial year's last month)",
            "ethnic_group": "all, white, black, asian, mixed, other or unknown ('Unreported')",
            "searches": "searches of people, vehicle-only searches excluded",
            "population": "the publisher's population of the group in the force area; null where it "
            "publishes none ('N/A', as for City of London), so no rate is computed",
            "classification": "the publisher's ethnicity classification, e.g. 'ONS 2001 5+1', or 'All'",
        },
    )
)

DIMENSIONS = ["Measure", "Time", "Time_type", "Ethnicity", "Ethnicity_type", "Geography", "Geography_type"]
SEARCHES = "Number of stop and searches"
POPULATION = "Population by ethnicity"
REQUIRED = [*DIMENSIONS, SEARCHES, POPULATION]

MEASURE = "Number of stops and searches carried out (excluding vehicle only searches)"
FINANCIAL_YEAR = "Financial year"
FORCE_AREA = "Police Force Area"
NOT_AVAILABLE = "N/A"
# Geographies that are not a territorial force: the national totals and British Transport Police.
NOT_FORCES = ("All - excluding BTP", "All - including BTP", "British Transport Police")

WHOLE = "All"
BROAD = re.compile(r"^ONS \d{4} 5\+1$")
CLASSIFICATION = r"^(All|ONS \d{4} \d+\+1)$"
BROAD_GROUPS = {
    "White": EthnicGroup.WHITE.value,
    "Black": EthnicGroup.BLACK.value,
    "Asian": EthnicGroup.ASIAN.value,
    "Mixed": EthnicGroup.MIXED.value,
    "Other": EthnicGroup.OTHER.value,
    "Other inc Chinese": EthnicGroup.OTHER.value,
    "Unreported": EthnicGroup.UNKNOWN.value,
}

COUNT = checks.pattern(r"^[0-9]{1,3}(,[0-9]{3})*$", nullable=False, what="a whole number")
PEOPLE = checks.pattern(
    rf"^([0-9]{{1,3}}(,[0-9]{{3}})*|{NOT_AVAILABLE})$",
    nullable=False,
    what=f"a whole number, or {NOT_AVAILABLE!r} for not available",
)


def _fy_sql() -> str:
    # '2017/18' -> 1 April 2017 to 1 March 2018 (first days of the span's months)
    return """
SELECT f.force_id,
    make_date(CAST(left(i."Time", 4) AS INTEGER), 4, 1) AS period_start,
    make_date(CAST(left(i."Time", 4) AS INTEGER) + 1, 3, 1) AS period_end,
    CASE WHEN i."Ethnicity_type" = 'All' THEN 'all' ELSE {groups} END AS ethnic_group,
    CAST(replace(i."{searches}", ',', '') AS BIGINT) AS searches,
    CAST(replace(nullif(i."{population}", {na}), ',', '') AS BIGINT) AS population,
    i."Ethnicity_type" AS classification
FROM incoming i JOIN names f ON f.name = i."Geography"
ORDER BY i._row
""".format(
        groups=case('i."Ethnicity"', BROAD_GROUPS),
        searches=SEARCHES,
        population=POPULATION,
        na=literal(NOT_AVAILABLE),
    )


@register
class EthnicityFactsStopSearchReader(Reader):
    name = "ethnicity-facts-stop-search"
    title = "Ethnicity facts and figures stop and search by ethnicity and police force area CSV"
    tables = ("published_stop_search",)

    def detect(self, probe: Probe) -> bool:
        fields = probe.header_fields
        if not all(d in fields for d in DIMENSIONS):
            return False
        # the service's downloads share their dimension columns; this one counts stop and searches
        name = probe.path.name.lower()
        return any("stop and search" in f.lower() for f in fields) or "stop-and-search" in name or "stop-search" in name

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        table = _stripped(read_csv(probe, []))
        missing = [c for c in REQUIRED if c not in table.column_names]
        if missing:
            raise SourceError(
                [
                    Problem(
                        path,
                        "required column is missing (found: " + ", ".join(probe.header_fields) + ")",
                        row=1,
                        column=c,
                    )
                    for c in missing
                ]
            )
        shape = {
            "Measure": checks.label([MEASURE], nullable=False, what="the stop and search measure this reader knows"),
            "Time": checks.pattern(r"^\d{4}/\d{2}$", nullable=False, what="a financial year like 2017/18"),
            "Time_type": checks.label([FINANCIAL_YEAR], nullable=False, what="'Financial year'"),
            "Ethnicity_type": checks.pattern(
                CLASSIFICATION, nullable=False, what="'All' or an ONS classification like 'ONS 2001 5+1'"
            ),
            "Ethnicity": checks.text(nullable=False),
            "Geography": checks.text(nullable=False),
            "Geography_type": checks.label([FORCE_AREA], nullable=False, what="'Police Force Area'"),
            SEARCHES: COUNT,
            POPULATION: PEOPLE,
        }
        kept = _kept_rows(table)
        group_rule = {"Ethnicity": checks.label([WHOLE, *BROAD_GROUPS], nullable=False, what="a broad ethnic group")}
        _, _, _, names = checks.collect(
            lambda: checks.validate(table, path, shape),
            lambda: checks.validate(kept, path, group_rule),
            lambda: _years_follow(table, path),
            lambda: checks.force_ids(_forces_only(kept), "Geography", path),
        )
        checks.unique(
            kept,
            ["Time", "Ethnicity_type", "Ethnicity", "Geography"],
            path,
            what="year, classification, group and area",
            column="Geography",
        )
        rows = run(_fy_sql(), incoming=_forces_only(kept), names=names)
        return [
            self.batch(
                probe,
                "published_stop_search",
                f"ethnicity-facts-figures/stop-search/{start:%Y}-{start.year % 100 + 1:02d}",
                part,
            )
            for start, part in groups(rows, "period_start").items()
        ]


def _stripped(table: pa.Table) -> pa.Table:
    """The table with its column headings trimmed, as the publisher pads some with spaces."""
    return table.rename_columns([c.strip() if c != "_row" else c for c in table.column_names])


def _kept_rows(table: pa.Table) -> pa.Table:
    """The whole-population rows and those of a broad (5+1) classification."""
    broad = BROAD.pattern.replace("'", "''")
    return run(
        f"""SELECT * FROM incoming WHERE "Ethnicity_type" = 'All' OR regexp_matches("Ethnicity_type", '{broad}')
        ORDER BY _row""",
        incoming=table,
    )


def _forces_only(table: pa.Table) -> pa.Table:
    excluded = ", ".join(literal(g) for g in NOT_FORCES)
    return run(f'SELECT * FROM incoming WHERE "Geography" NOT IN ({excluded}) ORDER BY _row', incoming=table)


def _years_follow(table: pa.Table, path: str) -> None:
    """'2017/18' must name two consecutive years."""
    bad = run(
        """SELECT "Time", min(_row) AS row FROM incoming
        WHERE regexp_matches("Time", '^\\d{4}/\\d{2}$')
          AND (CAST(left("Time", 4) AS INTEGER) + 1) % 100 <> CAST(right("Time", 2) AS INTEGER)
        GROUP BY "Time" ORDER BY row""",
        incoming=table,
    ).to_pylist()
    if bad:
        raise SourceError(
            [
                Problem(
                    path,
                    f"{b['Time']!r} is not a financial year (the second year must follow the first)",
                    row=b["row"],
                    column="Time",
                )
                for b in bad
            ]
        )
