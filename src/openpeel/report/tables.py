"""Accessible data tables: every chart's numbers as a real table, and each area's indicators.

A :class:`DataTable` renders as ``<table>`` with a ``<caption>``, column headers
(``th scope="col"``) and a row header per row (``th scope="row"``). The report force's row is
marked in words ("this force"), not only by styling.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpeel import forces
from openpeel.areas import Area
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator
from openpeel.periods import Period
from openpeel.report.evidence_values import Figures


@dataclass
class Row:
    header: str
    cells: list[str]
    highlight: bool = False
    indent: int = 0


@dataclass
class DataTable:
    caption: str
    columns: list[str]  # the first heads the row headers
    rows: list[Row]
    notes: list[str] = field(default_factory=list)


def per_resident(ind: Indicator) -> bool:
    """Whether the figure is a rate per resident (the City of London warning applies)."""
    return "population" in ind.formula.components


def resident_warnings(force_id: str, indicators: list[Indicator]) -> list[str]:
    """The force's warnings about per-resident rates, when any of these indicators is one.

    The synthetic-data warning is left out: the report shows it on every page already.
    """
    if not any(per_resident(i) for i in indicators):
        return []
    force = forces.get(force_id)
    return [w for w in force.warnings if w != forces.SYNTHETIC_WARNING]


@dataclass
class IndicatorTable:
    table: DataTable | None
    without_data: list[str]  # titles of the area's indicators with no figure for the force


def indicator_table(figures: Figures, area: Area, force_name: str, periods: dict[str, Period]) -> IndicatorTable:
    """The area's catalogue indicators with a figure for the force, against all forces.

    ``periods`` gives the period to show per indicator (what the inspection cites); the others
    show the latest period with data for the force. Counts are not set against other forces'
    counts: they get no typical range, position or rank.
    """
    from openpeel import formatting as fmt

    place = f"Indicators: {area.title}"
    rows, shown, missing = [], [], []
    for ind in [i for i in catalogue.all_indicators() if i.area is area]:
        r = figures.result(ind.id, periods.get(ind.id))
        if r is None or r.value is None or r.value.value is None:
            missing.append(ind.title)
            continue
        shown.append(ind)
        cells = [r.period.label()]
        for aspect in ("value", "median", "typical_range", "position", "rank"):
            if aspect in ("typical_range", "position", "rank") and not fmt.comparable(ind):
                cells.append(NOT_COMPARED)
                continue
            shown_value = figures.indicator(ind.id, r.period, aspect, place)
            cells.append(NOT_AVAILABLE if shown_value.missing else shown_value.text)
        if not r.value.complete:
            cells[1] += f" (data cover {r.value.months_covered} of {r.value.months_expected} months)"
        rows.append(Row(ind.title, cells))
    if not rows:
        return IndicatorTable(None, missing)
    table = DataTable(
        caption=f"{area.title}: indicators with data for {force_name}, against the forces of England and Wales",
        columns=[
            "Indicator",
            "Period",
            force_name,
            "Median of forces",
            "Typical range",
            "Against the typical range",
            "Rank",
        ],
        rows=rows,
        notes=resident_warnings(figures.force_id, shown),
    )
    if any(NOT_AVAILABLE in row.cells[2:6] for row in rows):
        table.notes.insert(
            0,
            "Not available: fewer than "
            f"{figures.assessor.settings.min_forces} forces have data for the whole period, "
            "too few for a median or typical range.",
        )
    if any(NOT_COMPARED in row.cells for row in rows):
        table.notes.insert(
            0, "Not compared: a count depends on the size of the force, so it is not set against other forces' counts."
        )
    return IndicatorTable(table, missing)


NOT_AVAILABLE = "not available"
NOT_COMPARED = "not compared"
