"""Home Office police workforce tables (.ods/.xlsx as published), e.g. 30 September 2019.

Each table of interest is titled "Table N: <who> by police force area, England and Wales, <dates>
(FTE|headcount)": a label column (regions, forces, totals, British Transport Police) and one column
per snapshot date under a header row of dates, then change columns, which are not read. Traps in
the published file, all handled here:

- footnote markers are glued to words: "30 September 20191", "(s.38, s.391)";
- titles list dates the table does not have (Table 9 names 30 September 2018, but headcounts
  were not collected then), so dates are read from the header row, never from the title;
- "West Midlands" is both a region subtotal and a force: a region label is a subtotal only when
  the row below it is a force in that region; the East of England region is called "Eastern";
- '..' means not available, and becomes null.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from openpeel import forces
from openpeel.sources import checks, plausible, sheets
from openpeel.sources.base import Probe, Problem, Reader, SourceError, register
from openpeel.sources.standardise import groups, literal, run, unpivot
from openpeel.tables import TableSpec, TimeRule, declare

WORKFORCE = declare(
    TableSpec(
        name="workforce",
        description="Police workforce by force at each snapshot date, as published by the Home Office.",
        time=TimeRule.AS_AT,
        columns={
            "force_id": "VARCHAR",
            "as_at": "DATE",
            "measure": "VARCHAR",
            "basis": "VARCHAR",
            "value": "DOUBLE",
        },
        docs={
            "measure": "officers, staff, designated_officers, staff_and_designated, pcsos, special_constables "
            "or police_support_volunteers",
            "basis": "fte (full-time equivalent) or headcount",
            "value": "null where the publisher shows '..' (not available)",
        },
    )
)

# The title's subject, with footnotes and '(s.38, s.39)' removed -> measure.
MEASURES = {
    "police officers": "officers",
    "police staff": "staff",
    "designated officers": "designated_officers",
    "police staff and designated officers combined": "staff_and_designated",
    "police community support officers": "pcsos",
    "special constables": "special_constables",
    "police support volunteers": "police_support_volunteers",
}
EXPECTED = {
    *((m, "fte") for m in ("officers", "staff", "designated_officers", "staff_and_designated", "pcsos")),
    *(
        (m, "headcount")
        for m in (
            "officers",
            "staff",
            "designated_officers",
            "staff_and_designated",
            "pcsos",
            "special_constables",
            "police_support_volunteers",
        )
    ),
}
TITLE = re.compile(
    r"^Table \d+\s*:\s*(?P<subject>.+?) by police force area\b.*\((?P<basis>FTE|headcount)\)$", re.IGNORECASE
)
LABEL = "A"  # the label column has no heading; problems name it by its letter
NOT_AVAILABLE = ".."

# Rows that are not one of the 43 forces, by label.
REGION_ALIASES = {"eastern": "East of England"}
NOT_FORCES = {
    forces.normalise(n) for n in ("England and Wales", "British Transport Police", "Central Service Secondments")
}


def _subject(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text)  # '(s.38, s.391)'
    text = re.sub(r"\d+", " ", text)  # footnote markers
    return " ".join(text.lower().split())


def workforce_sheets(book: sheets.Workbook) -> dict[tuple[str, str], list[str]]:
    """(measure, basis) -> the sheets whose title says they hold it."""
    found: dict[tuple[str, str], list[str]] = {}
    for name in book.names:
        match = TITLE.match(book.title(name))
        measure = MEASURES.get(_subject(match["subject"])) if match else None
        if measure is not None:
            found.setdefault((measure, match["basis"].lower()), []).append(name)
    return found


def _date_header(frame, path: str, sheet: str) -> sheets.Header:
    """The first row holding dates: the snapshot columns, plus the label column A."""
    for row in range(min(sheets.HEADER_ROWS, len(frame))):
        dates = {
            f"{value:%Y-%m-%d}": col for col, value in enumerate(frame.iloc[row]) if col > 0 and sheets.is_date(value)
        }
        if dates:
            return sheets.Header(row, {LABEL: 0, **dates})
    raise SourceError(Problem(path, "no header row of dates (the 'As at' dates of the figures) found", sheet=sheet))


def _is_force_row(labels: list[str | None]) -> list[bool]:
    """Which label rows are forces, not totals, regions or national bodies."""
    regions = {forces.normalise(f.region): f.region for f in forces.all_forces()}
    regions |= {forces.normalise(k): v for k, v in REGION_ALIASES.items()}

    def region_of(label: str | None) -> str | None:
        force = forces.try_resolve(label) if label else None
        return force.region if force else None

    keep = []
    for i, label in enumerate(labels):
        key = forces.normalise(label or "")
        if key.startswith("total") or key in NOT_FORCES:
            keep.append(False)
        elif key in regions:
            below = labels[i + 1] if i + 1 < len(labels) else None
            keep.append(region_of(below) != regions[key])  # a subtotal heads its region's forces
        else:
            keep.append(True)
    return keep


def _sql(dates: list[str], measure: str, basis: str) -> str:
    return f"""
SELECT n.force_id, CAST(u.as_at AS DATE) AS as_at, {literal(measure)} AS measure, {literal(basis)} AS basis,
    CAST(nullif(u.value, '{NOT_AVAILABLE}') AS DOUBLE) AS value
FROM {unpivot("incoming", dates, "as_at", "value")} u
JOIN names n ON n.name = u."{LABEL}"
ORDER BY u._row, as_at
"""


def read_sheet(book: sheets.Workbook, sheet: str, measure: str, basis: str, path: str) -> pa.Table:
    frame = book[sheet]
    header = _date_header(frame, path, sheet)
    table = sheets.rows_below(frame, header, path=path, sheet=sheet)
    # '...Police1' -> '...Police': a footnote marker glued to a name
    labels = pc.replace_substring_regex(table.column(LABEL), r"([A-Za-z)])\d+(,\d+)*$", r"\1")
    table = table.set_column(table.column_names.index(LABEL), LABEL, labels)
    dates = [c for c in header.columns if c != LABEL]
    rules = {LABEL: checks.text(nullable=False)} | {d: checks.number(missing=NOT_AVAILABLE) for d in dates}
    forces_only = table.filter(pa.array(_is_force_row(table.column(LABEL).to_pylist())))
    _, names = checks.collect(
        lambda: checks.validate(table, path, rules, sheet=sheet, letters=header.letters),
        lambda: checks.force_ids(forces_only, LABEL, path, sheet=sheet, letter=LABEL),
    )
    checks.one_row_per_force(forces_only, LABEL, names, path, sheet=sheet)
    plausible.check(
        forces_only,
        [
            plausible.Plausible(
                "workforce.not_negative", f'TRY_CAST("{d}" AS DOUBLE) < 0', "a workforce figure is negative", column=d
            )
            for d in dates
        ],
        path,
        sheet=sheet,
    )
    return run(_sql(dates, measure, basis), incoming=forces_only, names=names)


@register
class WorkforceTablesReader(Reader):
    name = "home-office-police-workforce"
    title = "Home Office police workforce data tables (.ods/.xlsx)"
    tables = ("workforce",)

    def detect(self, probe: Probe) -> bool:
        return probe.suffix in sheets.SUFFIXES and bool(workforce_sheets(probe.sheets))

    def read(self, probe: Probe, *, force: str | None = None):
        path = str(probe.path)
        book = probe.sheets
        found = workforce_sheets(book)
        problems = _table_problems(found, path)
        try:
            parts = sheets.read_each(
                sorted(found.items()), lambda item: (item[0], read_sheet(book, item[1][0], *item[0], path))
            )
        except SourceError as exc:
            problems += exc.problems
        if problems:
            raise SourceError(problems)
        # One batch per measure, basis and date: a later publication's figure for the same date replaces it.
        return [
            self.batch(probe, "workforce", f"home-office/workforce/{measure}/{basis}/{as_at:%Y-%m-%d}", rows)
            for (measure, basis), table in parts
            for as_at, rows in groups(table, "as_at").items()
        ]


def _table_problems(found: dict[tuple[str, str], list[str]], path: str) -> list[Problem]:
    """A table expected but missing, or held by two sheets."""
    problems = [
        Problem(
            path,
            f"no sheet holds {measure.replace('_', ' ')} ({basis}) by police force area: "
            "expected a sheet titled 'Table N: ... by police force area, England and Wales, ... "
            f"({'FTE' if basis == 'fte' else 'headcount'})'",
        )
        for measure, basis in sorted(EXPECTED - set(found))
    ]
    return problems + [
        Problem(path, f"sheets {', '.join(names)} all hold {measure.replace('_', ' ')} ({basis})")
        for (measure, basis), names in sorted(found.items())
        if len(names) > 1
    ]
