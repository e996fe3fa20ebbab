"""Office for National Statistics tables by police force area: 2011 and 2021 census residents by
ethnic group, mid-year population estimates, and the local authority to police force area lookup.

The 2011 census file has one row per police force area (column ``PFA16NM``) and one column per
ethnic group and subgroup; only the six broad-group columns are read. Its 'Asian' column includes
Chinese, as the 2011 census grouped it. The 2021 census file is long: one row per police force
area code and broad group (``geography_code,ethnicity,population``), the 2021 groups being the
same five (Chinese in Asian, Roma in White, Arab in Other); all residents are their sum. The mid-year file has one row per year and one column per
English police force area; the four Welsh forces are not in it.
"""

from __future__ import annotations

import re

import pyarrow as pa

from openpeel import forces
from openpeel.sources import checks, plausible
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.csvfile import read_csv
from openpeel.sources.standardise import case, groups, literal, run, unpivot
from openpeel.tables import TableSpec, TimeRule, declare
from openpeel.vocab import EthnicGroup

CENSUS_ETHNICITY = declare(
    TableSpec(
        name="census_ethnicity",
        description="Usual residents by broad ethnic group and police force area, 2011 and 2021 censuses (ONS).",
        time=TimeRule.TIMELESS,
        columns={"force_id": "VARCHAR", "census_year": "INTEGER", "ethnic_group": "VARCHAR", "residents": "BIGINT"},
        docs={
            "census_year": "2011 or 2021; disproportionality uses the latest census taken before a period ends",
            "ethnic_group": "all, white, mixed, asian, black or other (census broad groups; asian includes Chinese)",
        },
    )
)

POPULATION = declare(
    TableSpec(
        name="population",
        description="Resident population of each police force area at 30 June (ONS mid-year estimates).",
        time=TimeRule.AS_AT,
        columns={
            "force_id": "VARCHAR",
            "year": "INTEGER",
            "as_at": "DATE",
            "population": "BIGINT",
            "source": "VARCHAR",
        },
        docs={"as_at": "30 June of year, the reference date of a mid-year estimate"},
    )
)

AREA_LOOKUP = declare(
    TableSpec(
        name="area_lookup",
        description="Which police force area each local authority district and community safety "
        "partnership lies in (ONS lookup).",
        time=TimeRule.TIMELESS,
        columns={
            "force_id": "VARCHAR",
            "lad_code": "VARCHAR",
            "lad_name": "VARCHAR",
            "csp_code": "VARCHAR",
            "csp_name": "VARCHAR",
            "boundaries_year": "INTEGER",
        },
        docs={"boundaries_year": "year of the boundaries the lookup describes (December), e.g. 2016 for LAD16CD"},
    )
)

# -- census -----------------------------------------------------------------------------------

# The 2011 census labels ('Ethnic Group: Other' covers Arab and any other group); 2021 uses others.
CENSUS_YEAR = 2011
CENSUS_GROUPS = {
    "Ethnic Group: All categories: Ethnic group; measures: Value": "all",
    "Ethnic Group: White; measures: Value": EthnicGroup.WHITE.value,
    "Ethnic Group: Mixed; measures: Value": EthnicGroup.MIXED.value,
    "Ethnic Group: Asian; measures: Value": EthnicGroup.ASIAN.value,
    "Ethnic Group: Black; measures: Value": EthnicGroup.BLACK.value,
    "Ethnic Group: Other; measures: Value": EthnicGroup.OTHER.value,
}
AREA_NAME = re.compile(r"^PFA\d\dNM$")
COUNT = checks.count()
_PARTS = [c for c, g in CENSUS_GROUPS.items() if g != "all"]
_ALL = next(c for c, g in CENSUS_GROUPS.items() if g == "all")
CENSUS_PLAUSIBLE = [
    plausible.Plausible(
        "census.parts_within_total",
        " + ".join(f'CAST("{c}" AS HUGEINT)' for c in _PARTS) + f' > CAST("{_ALL}" AS HUGEINT)',
        "the ethnic groups add up to more than all usual residents",
        column=_ALL,
    ),
]


def _census_sql(area: str) -> str:
    return f"""
SELECT n.force_id, {CENSUS_YEAR} AS census_year,
    {case("published", CENSUS_GROUPS)} AS ethnic_group,
    CAST(residents AS BIGINT) AS residents
FROM {unpivot("incoming", list(CENSUS_GROUPS), "published", "residents")} u
JOIN names n ON n.name = u."{area}"
ORDER BY _row, ethnic_group
"""


@register
class CensusEthnicityReader(Reader):
    name = "ons-census-2011-ethnicity"
    title = "ONS 2011 census ethnic group by police force area CSV"
    tables = ("census_ethnicity",)

    def detect(self, probe: Probe) -> bool:
        fields = probe.header_fields
        return any(AREA_NAME.match(f) for f in fields) and next(iter(CENSUS_GROUPS)) in fields

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        area = next(f for f in probe.header_fields if AREA_NAME.match(f))
        table = read_csv(probe, [area, *CENSUS_GROUPS])
        _, names = checks.collect(
            lambda: checks.validate(
                table, path, {area: checks.text(nullable=False)} | {c: COUNT for c in CENSUS_GROUPS}
            ),
            lambda: checks.force_ids(table, area, path),
        )
        checks.one_row_per_force(table, area, names, path)
        warnings = plausible.check(table, CENSUS_PLAUSIBLE, path)
        rows = run(_census_sql(area), incoming=table, names=names)
        world = _world(names.column("force_id").to_pylist())
        return [self.batch(probe, "census_ethnicity", f"ons/census-{CENSUS_YEAR}/ethnicity{world}", rows, warnings)]


CENSUS_2021_COLUMNS = ["geography_code", "ethnicity", "population"]
CENSUS_2021_GROUPS = {g.value.capitalize(): g.value for g in EthnicGroup if g is not EthnicGroup.UNKNOWN}
AREA_CODE = checks.pattern(r"^[EW]\d{8}$", nullable=False, what="an ONS police force area code like E23000036")

CENSUS_2021_SQL = f"""
WITH groups AS (
    SELECT n.force_id, {case("ethnicity", CENSUS_2021_GROUPS)} AS ethnic_group,
        CAST(population AS BIGINT) AS residents, _row
    FROM incoming i JOIN names n ON n.name = i.geography_code
)
SELECT force_id, 2021 AS census_year, ethnic_group, residents FROM groups
UNION ALL
SELECT force_id, 2021, 'all', sum(residents) FROM groups GROUP BY force_id
ORDER BY force_id, ethnic_group
"""


@register
class Census2021EthnicityReader(Reader):
    name = "ons-census-2021-ethnicity"
    title = "ONS 2021 census broad ethnic group by police force area CSV (long: code, group, residents)"
    tables = ("census_ethnicity",)

    def detect(self, probe: Probe) -> bool:
        return probe.header_fields[:3] == CENSUS_2021_COLUMNS

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        table = read_csv(probe, CENSUS_2021_COLUMNS)
        rules = {
            "geography_code": AREA_CODE,
            "ethnicity": checks.label(CENSUS_2021_GROUPS, nullable=False, what="White, Black, Asian, Mixed or Other"),
            "population": COUNT,
        }
        _, names, _ = checks.collect(
            lambda: checks.validate(table, path, rules),
            lambda: checks.force_ids(table, "geography_code", path),
            lambda: checks.unique(table, ["geography_code", "ethnicity"], path, what="area and group"),
        )
        rows = run(CENSUS_2021_SQL, incoming=table, names=names)
        _every_group(rows, path)
        world = _world(names.column("force_id").to_pylist())
        return [self.batch(probe, "census_ethnicity", f"ons/census-2021/ethnicity{world}", rows)]


def _every_group(rows: pa.Table, path: str) -> None:
    """A force area missing a group would give it no residents of that group: say which."""
    wanted = set(CENSUS_2021_GROUPS.values())
    have: dict[str, set] = {}
    for force_id, group in zip(rows.column("force_id").to_pylist(), rows.column("ethnic_group").to_pylist()):
        have.setdefault(force_id, set()).add(group)
    problems = [
        Problem(path, f"{force_id} has no row for {', '.join(sorted(wanted - groups))}", column="ethnicity")
        for force_id, groups in sorted(have.items())
        if not wanted <= groups
    ]
    if problems:
        raise SourceError(problems)


# -- mid-year population ----------------------------------------------------------------------

ESTIMATE = "ONS mid-year estimate"


def _population_sql(areas: list[str]) -> str:
    return f"""
SELECT n.force_id, CAST(u.year AS INTEGER) AS year,
    make_date(CAST(u.year AS INTEGER), 6, 30) AS as_at,
    CAST(u.population AS BIGINT) AS population,
    {literal(ESTIMATE)} AS source
FROM {unpivot("incoming", areas, "area", "population")} u
JOIN names n ON n.name = u.area
ORDER BY u._row, n.force_id
"""


@register
class MidYearPopulationReader(Reader):
    name = "ons-mid-year-population"
    title = "ONS mid-year population estimates, one column per police force area CSV"
    tables = ("population",)

    def detect(self, probe: Probe) -> bool:
        fields = probe.header_fields
        return len(fields) > 1 and fields[0].lower() == "year" and forces.try_resolve(fields[1]) is not None

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        table = read_csv(probe, ["year"])
        areas = [c for c in table.column_names if c not in ("year", "_row")]
        rules = {"year": checks.pattern(r"^(19|20)\d{2}$", nullable=False, what="a year from 1900 to 2099")} | {
            a: COUNT for a in areas
        }
        names, _, _ = checks.collect(
            lambda: _column_forces(areas, path),
            lambda: checks.validate(table, path, rules),
            lambda: checks.unique(table, ["year"], path, what="year"),
        )
        plausible.check(
            table,
            [
                plausible.Plausible(
                    "population.not_in_future",
                    "CAST(year AS INTEGER) > year(current_date)",
                    "the year has not happened yet",
                    column="year",
                )
            ],
            path,
        )
        rows = run(_population_sql(areas), incoming=table, names=names)
        # One batch per year and country covered, so a newer release of the same estimates replaces them.
        ids = names.column("force_id").to_pylist()
        coverage = _countries(ids) + _world(ids)
        return [
            self.batch(probe, "population", f"ons/mid-year-population/{coverage}/{year}", part)
            for year, part in groups(rows, "year").items()
        ]


def _column_forces(columns: list[str], path: str) -> pa.Table:
    """Each force column's force id; a column naming no force is a problem in the header row."""
    resolved, problems = {}, []
    for column in columns:
        try:
            resolved[column] = forces.resolve(column).id
        except forces.UnknownForce as exc:
            problems.append(Problem(path, f"column heading is not a police force area: {exc}", row=1, column=column))
    seen: dict[str, str] = {}
    for column, force_id in resolved.items():
        if force_id in seen:
            problems.append(Problem(path, f"is the same force as column {seen[force_id]!r}", row=1, column=column))
        seen.setdefault(force_id, column)
    if problems:
        raise SourceError(problems)
    return pa.table({"name": list(resolved), "force_id": list(resolved.values())})


def _world(force_ids: list[str]) -> str:
    """'-demo' for a file about the synthetic demo twins, so loading it never replaces real figures."""
    return forces.DEMO_SUFFIX if all(forces.get(f).synthetic for f in force_ids) else ""


def _countries(force_ids: list[str]) -> str:
    countries = sorted({forces.get(f).country.lower() for f in force_ids})
    return "-and-".join(countries)


# -- local authority lookup -------------------------------------------------------------------

LOOKUP = re.compile(r"^(LAD|CSP|PFA)(\d\d)(CD|NM)$")
CODE = checks.pattern(r"^[EW]\d{8}$", nullable=False, what="an ONS area code like E07000144")


@register
class AreaLookupReader(Reader):
    name = "ons-lad-csp-pfa-lookup"
    title = "ONS local authority district to community safety partnership to police force area lookup CSV"
    tables = ("area_lookup",)

    def detect(self, probe: Probe) -> bool:
        found = {(m[1], m[3]) for f in probe.header_fields if (m := LOOKUP.match(f))}
        return len(found) == 6

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        years = {m[2] for f in probe.header_fields if (m := LOOKUP.match(f))}
        if len(years) != 1:
            raise SourceError(Problem(path, f"columns are for different years ({', '.join(sorted(years))})", row=1))
        yy = years.pop()
        lad, lad_name, csp, csp_name, pfa = (f"LAD{yy}CD", f"LAD{yy}NM", f"CSP{yy}CD", f"CSP{yy}NM", f"PFA{yy}NM")
        table = read_csv(probe, [lad, lad_name, csp, csp_name, pfa])
        rules = {
            lad: CODE,
            csp: CODE,
            lad_name: checks.text(nullable=False),
            csp_name: checks.text(nullable=False),
            pfa: checks.text(nullable=False),
        }
        _, _, names = checks.collect(
            lambda: checks.validate(table, path, rules),
            lambda: checks.unique(table, [lad], path, what="local authority"),
            lambda: checks.force_ids(table, pfa, path),
        )
        rows = run(
            f"""
            SELECT n.force_id, i."{lad}" AS lad_code, i."{lad_name}" AS lad_name, i."{csp}" AS csp_code,
                i."{csp_name}" AS csp_name, {2000 + int(yy)} AS boundaries_year
            FROM incoming i JOIN names n ON n.name = i."{pfa}" ORDER BY i._row""",
            incoming=table,
            names=names,
        )
        return [self.batch(probe, "area_lookup", f"ons/lad-csp-pfa-lookup/{2000 + int(yy)}", rows)]
