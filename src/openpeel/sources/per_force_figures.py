"""Per-force figures: an indicator's components for each force, as published elsewhere.

Many national figures reach an inspectorate as per-force numbers (Home Office open data tables,
BT's 999 answering times, a national data collection) rather than as records. This format holds
them so they feed the same catalogue and comparison as record-level data::

    force,indicator,component,period_start,period_end,value,publisher
    Kent,stop_search.searches,searches,2024-04,2025-03,4120,Home Office stop and search tables

``component`` is one of the indicator's formula components (``openpeel catalogue`` lists them);
``period_start`` and ``period_end`` are the first and last months covered. Figures for one
indicator, force and period replace earlier figures for the same.
"""

from __future__ import annotations

from openpeel import duck
from openpeel.sources import checks, plausible
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.csvfile import read_csv
from openpeel.sources.standardise import run
from openpeel.tables import TableSpec, TimeRule, declare

FIGURES = declare(
    TableSpec(
        name="indicator_components",
        description="Components of catalogue indicators per force and period, as published (or synthesised for the demo).",
        time=TimeRule.SPAN,
        columns={
            "force_id": "VARCHAR",
            "indicator_id": "VARCHAR",
            "component": "VARCHAR",
            "period_start": "DATE",
            "period_end": "DATE",
            "value": "DOUBLE",
            "publisher": "VARCHAR",
        },
        key=("force_id", "indicator_id", "component", "period_start", "period_end"),
    )
)

# Counts and rates are never negative; a period runs forwards and has happened.
PLAUSIBLE = [
    plausible.Plausible(
        "figures.not_negative", "TRY_CAST(value AS DOUBLE) < 0", "a figure is negative", column="value"
    ),
    # a trillion is beyond any force's count or population: a figure that large is a broken cell
    plausible.Plausible(
        "figures.not_absurd", "TRY_CAST(value AS DOUBLE) > 1e12", "a figure exceeds a trillion", column="value"
    ),
    plausible.Plausible(
        "figures.period_ordered", "period_end < period_start", "the period ends before it starts", column="period_end"
    ),
    plausible.Plausible(
        "figures.not_in_future",
        "period_end > strftime(current_date, '%Y-%m')",
        "the period ends in a month that has not happened yet",
        column="period_end",
    ),
]
COLUMNS = ["force", "indicator", "component", "period_start", "period_end", "value", "publisher"]
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


@register
class PerForceFiguresReader(Reader):
    name = "per-force-figures"
    title = "per-force indicator figures CSV (force,indicator,component,period_start,period_end,value,publisher)"
    tables = ("indicator_components",)

    def detect(self, probe: Probe) -> bool:
        return set(probe.header_fields) == set(COLUMNS)  # so a repeated column is named, not unrecognised

    def read(self, probe: Probe, *, force: str | None = None):
        from openpeel.indicators import catalogue

        path = str(probe.path)
        table = read_csv(probe, COLUMNS)
        known = {i.id: i.formula.components for i in catalogue.all_indicators()}
        checks.validate(
            table,
            path,
            {
                "force": checks.text(nullable=False),
                "indicator": checks.label(known, nullable=False, what="an indicator in the catalogue"),
                "component": checks.label(
                    {c for cs in known.values() for c in cs}, nullable=False, what="a formula component"
                ),
                "period_start": checks.pattern(MONTH, nullable=False, what="a month like 2024-04"),
                "period_end": checks.pattern(MONTH, nullable=False, what="a month like 2025-03"),
                "value": checks.Rule(
                    nullable=False,
                    regex=checks.NUMBER,
                    what="a number in range",
                    exists="isfinite(TRY_CAST({0} AS DOUBLE))",
                ),
                "publisher": checks.text(nullable=False),
            },
        )
        warnings = plausible.check(table, PLAUSIBLE, path)
        pairs = [(i, c) for i, comps in known.items() for c in comps]
        con = duck.connect()
        try:
            con.register("incoming", table)
            con.execute("CREATE TEMP TABLE allowed (indicator VARCHAR, component VARCHAR)")
            con.executemany("INSERT INTO allowed VALUES (?, ?)", pairs)
            problems = [
                Problem(
                    path,
                    f"{comp!r} is not a component of {ind} (see `openpeel catalogue`)",
                    row=row,
                    column="component",
                )
                for row, ind, comp in con.execute(
                    "SELECT _row, indicator, component FROM incoming ANTI JOIN allowed USING (indicator, component) "
                    "ORDER BY _row LIMIT 10"
                ).fetchall()
            ]
            try:
                ids = checks.force_ids(table, "force", path)
                con.register("ids", ids)
                keyed = run(
                    "SELECT ids.force_id, indicator, component, period_start, period_end, _row FROM incoming i "
                    "JOIN ids ON i.force = ids.name",
                    incoming=table,
                    ids=ids,
                )
                checks.unique(
                    keyed,
                    ["force_id", "indicator", "component", "period_start", "period_end"],
                    path,
                    what="figure for force, indicator, component and period",
                    column="force",
                )
            except SourceError as exc:
                problems += exc.problems
            if problems:
                raise SourceError(problems)
            rows = con.sql("""
                SELECT ids.force_id, indicator AS indicator_id, component,
                       CAST(period_start || '-01' AS DATE) AS period_start,
                       CAST(period_end || '-01' AS DATE) AS period_end,
                       CAST(value AS DOUBLE) AS value, publisher
                FROM incoming JOIN ids ON incoming.force = ids.name ORDER BY _row
            """).to_arrow_table()
        finally:
            con.close()
        return [self.batch(probe, "indicator_components", f"figures/{probe.path.name}", rows, warnings)]
