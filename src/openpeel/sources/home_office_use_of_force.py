"""Home Office police use of force statistics: incidents by force, and tactics by force and
officer-perceived ethnicity.

Two shapes are read: the data tables workbook as published (.ods; the incidents table titled
"Incidents by police force, year ending March 2020" and the tactics table titled "Number of times
tactics were used, by police force and officer perceived ethnicity ...") and the tidy CSV of
tactics by ethnicity (2018/19, with counts written as '447337.0'). Tables carry an England and
Wales row and region rows, all labelled 'Total ...', which are left out: totals are computed, not
loaded. ':' means not available and becomes null. The year comes from the table title, or for the
CSV from its file name, since the CSV does not say.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pyarrow as pa

from openpeel.periods import Period, PeriodError
from openpeel.sources import checks, sheets
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.csvfile import read_csv
from openpeel.sources.standardise import case, run, unpivot
from openpeel.tables import TableSpec, TimeRule, declare

SPAN = {"force_id": "VARCHAR", "period_start": "DATE", "period_end": "DATE"}

UOF_INCIDENTS = declare(
    TableSpec(
        name="uof_incidents",
        description="Incidents in which police used force, by force, as published by the Home Office.",
        time=TimeRule.SPAN,
        columns={**SPAN, "incidents": "BIGINT"},
        docs={"incidents": "incidents in which one or more use of force tactics were reported"},
    )
)

UOF_TACTICS = declare(
    TableSpec(
        name="uof_tactics",
        description="Times each use of force tactic was reported, by force and officer-perceived ethnicity "
        "of the person, as published by the Home Office (one row per force, tactic and ethnicity).",
        time=TimeRule.SPAN,
        columns={
            **SPAN,
            "tactic_group": "VARCHAR",
            "tactic": "VARCHAR",
            "is_total": "BOOLEAN",
            "ethnicity": "VARCHAR",
            "times": "BIGINT",
        },
        docs={
            "tactic_group": "published 'Type of force', e.g. 'Restraint'",
            "tactic": "published tactic without the leading '*' that marks totals, e.g. 'Total Tactics'",
            "is_total": "true for the published '*Total ...' rows (sums of the tactics below them)",
            "ethnicity": "white, black, asian, chinese, mixed, other, dont_know, not_reported, or all "
            "('Number of times tactic reported'); chinese and dont_know only where published (2018/19): "
            "from 2019/20 the Home Office counts Chinese within asian, as the 2011 census does",
            "times": "times the tactic was reported; null where the publisher shows ':' (not available)",
        },
    )
)

INCIDENTS_TITLE = "Incidents by police force"
TACTICS_TITLE = "Number of times tactics were used, by police force and officer perceived ethnicity"

FORCE = "Police force"
ETHNICITIES = {
    "White": "white",
    "Black (or Black British)": "black",
    "Asian (or Asian British)": "asian",
    "Chinese": "chinese",
    "Mixed": "mixed",
    "Other": "other",
    "Don't know": "dont_know",
    "Not reported": "not_reported",
    "Number of times tactic reported": "all",
}
OPTIONAL_ETHNICITIES = ("Chinese", "Don't know")  # published in some years only
TACTIC_COLUMNS = [FORCE, "Type of force", "Tactic", *(e for e in ETHNICITIES if e not in OPTIONAL_ETHNICITIES)]
NOT_AVAILABLE = ":"

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
TITLE_PERIOD = re.compile(rf"year ending {_MONTH} (\d{{4}})", re.IGNORECASE)
FILE_PERIOD = re.compile(rf"{_MONTH}[-_ ]?(\d{{4}})[-_ ]+(?:to[-_ ]+)?{_MONTH}[-_ ]?(\d{{4}})", re.IGNORECASE)
FILE_NAME_HINT = "use-of-force-tactics-by-ethnicity-force-apr2018-mar2019.csv"

INCIDENTS_SQL = """
SELECT force_id, ?::DATE AS period_start, ?::DATE AS period_end,
    CAST(CAST("Total" AS DOUBLE) AS BIGINT) AS incidents
FROM incoming
ORDER BY _row
"""


def _tactics_sql(columns: list[str]) -> str:
    return f"""
SELECT force_id, ?::DATE AS period_start, ?::DATE AS period_end,
    "Type of force" AS tactic_group,
    trim(ltrim("Tactic", '*')) AS tactic,
    starts_with("Tactic", '*') AS is_total,
    {case("published", {c: ETHNICITIES[c] for c in columns})} AS ethnicity,
    CAST(CAST(nullif(times, '{NOT_AVAILABLE}') AS DOUBLE) AS BIGINT) AS times
FROM {unpivot("incoming", columns, "published", "times")}
ORDER BY _row, ethnicity
"""


def _force_rows(table: pa.Table, force_column: str, path: str, sheet: str | None, letters: dict) -> pa.Table:
    """The rows that are forces, with their ``force_id``: region and England and Wales rows are
    labelled 'Total ...' in the force column and are left out."""
    rows = run(f"""SELECT * FROM incoming WHERE NOT starts_with(lower("{force_column}"), 'total')""", incoming=table)
    names = checks.force_ids(rows, force_column, path, sheet=sheet, letter=letters.get(force_column))
    return run(
        f'SELECT n.force_id, i.* FROM incoming i JOIN names n ON n.name = i."{force_column}" ORDER BY i._row',
        incoming=rows,
        names=names,
    )


def incidents(table: pa.Table, period: Period, path: str, sheet: str, letters: dict) -> pa.Table:
    rules = {FORCE: checks.text(nullable=False), "Total": checks.number(whole=True)}
    _, rows = checks.collect(
        lambda: checks.validate(table, path, rules, sheet=sheet, letters=letters),
        lambda: _force_rows(table, FORCE, path, sheet, letters),
    )
    checks.unique(rows, ["force_id"], path, what="force", column=FORCE, sheet=sheet)
    return run(INCIDENTS_SQL, [period.start, period.end], incoming=rows)


def tactics(
    table: pa.Table,
    period: Period,
    path: str,
    *,
    sheet: str | None = None,
    letters: dict | None = None,
    force_column: str = FORCE,
) -> pa.Table:
    """The published wide table (one column per ethnicity) as long rows."""
    letters = letters or {}
    present = [c for c in ETHNICITIES if c in table.column_names]
    rules = {c: checks.text(nullable=False) for c in (force_column, "Type of force", "Tactic")}
    rules |= {c: checks.number(whole=True, missing=NOT_AVAILABLE) for c in present}
    _, rows = checks.collect(
        lambda: checks.validate(table, path, rules, sheet=sheet, letters=letters),
        lambda: _force_rows(table, force_column, path, sheet, letters),
    )
    checks.unique(
        rows, ["force_id", "Type of force", "Tactic"], path, what="force and tactic", column=force_column, sheet=sheet
    )
    return run(_tactics_sql(present), [period.start, period.end], incoming=rows)


def _key(kind: str, period: Period) -> str:
    return f"home-office/use-of-force/{kind}/{period.start:%Y-%m}..{period.end:%Y-%m}"


def _title_period(title: str, path: str, sheet: str) -> Period:
    found = TITLE_PERIOD.search(title)
    if found is None:
        raise SourceError(
            Problem(
                path,
                f"cannot tell which year the table covers: its title ({title!r}) should say, e.g., "
                "'year ending March 2020'",
                row=1,
                sheet=sheet,
            )
        )
    return Period.year_ending(int(found[2]), _MONTHS[found[1].lower()])


def _file_period(path: str, name: str) -> Period:
    found = FILE_PERIOD.search(name)
    if found is None:
        raise SourceError(
            Problem(
                path,
                "cannot tell which months these figures cover, and the file does not say: put the first "
                f"and last month in the file name, e.g. {FILE_NAME_HINT}",
            )
        )
    start = date(int(found[2]), _MONTHS[found[1].lower()], 1)
    end = date(int(found[4]), _MONTHS[found[3].lower()], 1)
    try:
        return Period(start, end)
    except PeriodError as exc:
        raise SourceError(Problem(path, f"the months in the file name do not make a period: {exc}")) from None


@register
class UseOfForceTablesReader(Reader):
    name = "home-office-use-of-force-tables"
    title = "Home Office police use of force statistics data tables (.ods/.xlsx)"
    tables = ("uof_incidents", "uof_tactics")

    def detect(self, probe: Probe) -> bool:
        if probe.suffix not in sheets.SUFFIXES:
            return False
        book = probe.sheets
        return bool(book.find(INCIDENTS_TITLE) or book.find(TACTICS_TITLE))

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        book = probe.sheets
        found = sheets.read_each([INCIDENTS_TITLE, TACTICS_TITLE], lambda title: _one_sheet(book, title, path))
        steps = list(zip(found, (self._incidents, self._tactics)))
        return sheets.read_each(steps, lambda step: step[1](probe, step[0]))

    def _incidents(self, probe: Probe, sheet: str):
        path, frame, period = self._sheet(probe, sheet)
        header = sheets.find_header(frame, [FORCE, "Total"], path=path, sheet=sheet)
        table = sheets.rows_below(frame, header, path=path, sheet=sheet)
        rows = incidents(table, period, path, sheet, header.letters)
        return self.batch(probe, "uof_incidents", _key("incidents", period), rows)

    def _tactics(self, probe: Probe, sheet: str):
        path, frame, period = self._sheet(probe, sheet)
        header = sheets.find_header(frame, TACTIC_COLUMNS, optional=OPTIONAL_ETHNICITIES, path=path, sheet=sheet)
        table = sheets.rows_below(frame, header, path=path, sheet=sheet)
        rows = tactics(table, period, path, sheet=sheet, letters=header.letters)
        return self.batch(probe, "uof_tactics", _key("tactics", period), rows)

    @staticmethod
    def _sheet(probe: Probe, sheet: str):
        path = str(probe.path)
        return path, probe.sheets[sheet], _title_period(probe.sheets.title(sheet), path, sheet)


def _one_sheet(book: sheets.Workbook, title: str, path: str) -> str:
    names = book.find(title)
    if len(names) != 1:
        what = "no sheet" if not names else f"{len(names)} sheets ({', '.join(names)})"
        raise SourceError(
            Problem(
                path,
                f"{what} titled '... {title} ...' in cell A1; a use of force workbook needs exactly one "
                f"(sheets: {', '.join(book.names)})",
            )
        )
    return names[0]


@register
class UseOfForceTacticsCsvReader(Reader):
    name = "home-office-use-of-force-tactics-csv"
    title = "Home Office use of force tactics by force and ethnicity, tidy CSV"
    tables = ("uof_tactics",)

    def detect(self, probe: Probe) -> bool:
        fields = {f.lower() for f in probe.header_fields}
        return {"police force", "tactic", "number of times tactic reported"} <= fields

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        period = _file_period(path, probe.path.name)
        # the tidy CSV spells it 'Police Force', the tables 'Police force'
        force_column = next((f for f in probe.header_fields if f.lower() == FORCE.lower()), FORCE)
        table = read_csv(probe, [force_column, *TACTIC_COLUMNS[1:]])
        rows = tactics(table, period, path, force_column=force_column)
        return [self.batch(probe, "uof_tactics", _key("tactics", period), rows)]
