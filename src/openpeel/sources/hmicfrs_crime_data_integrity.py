"""HMICFRS crime data integrity inspection grades and recording rates (.xlsx/.ods).

One row per inspected force under a header row (Force, Overall, Crimes unrecorded %, Crimes
recorded %, Total reports per year not recorded, How effective is the force at recording reported
crime?, Report date, Report title, Year), then blank rows and an analysis block (grade counts and
averages) that is not data and is ignored. Forces may be abbreviated ("WM"). 'Crimes recorded %'
is a formula (=100 - unrecorded); its stored value is read. 'Year' is the inspection year, which
can differ from the report date's year, so the report date is the snapshot date.
"""

from __future__ import annotations

from openpeel.sources import checks, sheets
from openpeel.sources.base import Probe, Reader, register
from openpeel.sources.standardise import groups, run
from openpeel.tables import TableSpec, TimeRule, declare

CRIME_RECORDING_INSPECTIONS = declare(
    TableSpec(
        name="crime_recording_inspections",
        description="HMICFRS crime data integrity inspections: grades and the share of reported crimes recorded.",
        time=TimeRule.AS_AT,
        columns={
            "force_id": "VARCHAR",
            "as_at": "DATE",
            "overall_grade": "VARCHAR",
            "recording_grade": "VARCHAR",
            "recorded_share": "DOUBLE",
            "unrecorded_share": "DOUBLE",
            "unrecorded_per_year": "BIGINT",
            "report_title": "VARCHAR",
        },
        docs={
            "as_at": "publication date of the inspection report",
            "overall_grade": "overall crime data integrity grade",
            "recording_grade": "grade for 'How effective is the force at recording reported crime?'",
            "recorded_share": "percent of reported crimes that were recorded (e.g. 83.8)",
            "unrecorded_share": "percent of reported crimes that were not recorded",
            "unrecorded_per_year": "estimated crimes reported but not recorded each year",
        },
    )
)

GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
FORCE = "Force"
RECORDING = "How effective is the force at recording reported crime?"
COLUMNS = [
    FORCE,
    "Overall",
    "Crimes unrecorded %",
    "Crimes recorded %",
    "Total reports per year not recorded",
    RECORDING,
    "Report date",
    "Report title",
]
PERCENT = checks.pattern(r"^[0-9]+(\.[0-9]+)?$", nullable=False, what="a percentage")
RULES = {
    FORCE: checks.text(nullable=False),
    "Overall": checks.label(
        GRADES, nullable=False, what="an inspection grade (Outstanding, Good, Requires improvement, Inadequate)"
    ),
    RECORDING: checks.label(
        GRADES, nullable=False, what="an inspection grade (Outstanding, Good, Requires improvement, Inadequate)"
    ),
    "Crimes unrecorded %": PERCENT,
    "Crimes recorded %": PERCENT,
    "Total reports per year not recorded": checks.number(whole=True),
    # a date cell reads as '2017-09-07 00:00:00'
    "Report date": checks.pattern(r"^\d{4}-\d{2}-\d{2}( 00:00:00)?$", nullable=False, what="a date"),
    "Report title": checks.text(nullable=False),
}

STANDARDISE = f"""
SELECT n.force_id,
    CAST(left(i."Report date", 10) AS DATE) AS as_at,
    i."Overall" AS overall_grade,
    i."{RECORDING}" AS recording_grade,
    CAST(i."Crimes recorded %" AS DOUBLE) AS recorded_share,
    CAST(i."Crimes unrecorded %" AS DOUBLE) AS unrecorded_share,
    CAST(CAST(i."Total reports per year not recorded" AS DOUBLE) AS BIGINT) AS unrecorded_per_year,
    i."Report title" AS report_title,
    'hmicfrs/crime-data-integrity/' || n.force_id || '/' || left(i."Report date", 10) AS _key,
    i._row
FROM incoming i JOIN names n ON n.name = i."{FORCE}"
ORDER BY i._row
"""


def _is_grades_sheet(top) -> bool:
    return any({FORCE, RECORDING} <= {sheets.clean(v) for v in row} for row in top.itertuples(index=False))


@register
class CrimeDataIntegrityReader(Reader):
    name = "hmicfrs-crime-data-integrity"
    title = "HMICFRS crime data integrity grades spreadsheet (.xlsx/.ods)"
    tables = ("crime_recording_inspections",)

    def detect(self, probe: Probe) -> bool:
        if probe.suffix not in sheets.SUFFIXES:
            return False
        book = probe.sheets
        return any(_is_grades_sheet(book.top(name)) for name in book.names)

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        book = probe.sheets
        sheet = next(name for name in book.names if _is_grades_sheet(book.top(name)))
        frame = book[sheet]
        header = sheets.find_header(frame, COLUMNS, path=path, sheet=sheet)
        table = sheets.rows_below(frame, header, path=path, sheet=sheet)
        _, names = checks.collect(
            lambda: checks.validate(table, path, RULES, sheet=sheet, letters=header.letters),
            lambda: checks.force_ids(table, FORCE, path, sheet=sheet, letter=header.letters[FORCE]),
        )
        rows = run(STANDARDISE, incoming=table, names=names)
        checks.unique(rows, ["force_id", "as_at"], path, what="force and report date", column=FORCE, sheet=sheet)
        # One batch per force and report: the same inspection in another compilation replaces it.
        return [
            self.batch(probe, "crime_recording_inspections", key, part.drop_columns(["_key", "_row"]))
            for key, part in groups(rows, "_key").items()
        ]
