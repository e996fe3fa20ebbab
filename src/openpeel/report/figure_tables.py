"""Figures that are tables: several measures for the force, and their change since earlier years."""

from __future__ import annotations

from openpeel.periods import Period
from openpeel.report.figure_specs import FigureSpec
from openpeel.report.figures import (
    Figure,
    FigureBuilder,
    NoData,
)
from openpeel.report.tables import DataTable, Row


def table(b: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    rows, missing, used = [], [], []
    anchor = None
    for row in spec.rows:
        try:
            ind, r, when = b.result(row.indicator, period)
        except NoData as exc:
            missing.append(f"{row.label.rstrip(':').removesuffix(', made up of')}: {exc}")
            continue
        anchor = anchor or r
        median = b.optional(ind, when, "median", number) or "not available"
        rows.append(Row(row.label, [b.show(ind, when, "value", number), median], indent=row.indent))
        used.append((ind, when))
    if not rows:
        raise NoData("none of its rows has data: " + "; ".join(missing))
    title = b.title(spec, anchor.period)
    table = DataTable(
        title,
        [spec.row_header, b.force.short_name, "Median of forces"],
        rows,
        notes=[f"No row for {m}." for m in missing],
    )
    description = f"A table of {len(rows)} rows setting {b.force.short_name} against the median of forces."
    return Figure(
        spec.id,
        spec.area,
        number,
        title,
        description,
        b.source(used),
        table,
        None,
        b.notes(spec, [i for i, _ in used], [], anchor),
    )


def change_table(b: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    """Rows of indicators: the force's value now and ``years_before`` earlier, the change, and
    where it stands against the typical range now."""
    rows, missing, used = [], [], []
    anchor = since = None
    place = f"Figure {number}"
    for row in spec.rows:
        try:
            ind, r, when = b.result(row.indicator, period)
        except NoData as exc:
            missing.append(f"{row.label}: {exc}")
            continue
        anchor = anchor or r
        since = when.shift(-12 * spec.years_before)
        moved = b.figures.change_since(ind, when, since, place)
        position = b.optional(ind, when, "position", number)
        rows.append(
            Row(
                row.label,
                [
                    b.show(ind, when, "value", number),
                    moved[0] if moved else "no figure",
                    moved[1] if moved else "not available",
                    f"{position} the typical range" if position else "not compared",
                ],
                indent=row.indent,
            )
        )
        used.append((ind, when))
    if not rows:
        raise NoData("none of its rows has data: " + "; ".join(missing))
    title = b.title(spec, anchor.period).replace("{since}", since.label())
    table = DataTable(
        title,
        [
            spec.row_header,
            anchor.period.label(),
            since.label(),
            "Change",
            f"Against the typical range, {anchor.period.label()}",
        ],
        rows,
        notes=[f"No row for {m}." for m in missing],
    )
    description = (
        f"A table of {len(rows)} measures for {b.force.short_name}: each one's value in "
        f"{anchor.period.label()} and in {since.label()}, the change between them and where it "
        "stood against the typical range of forces."
    )
    return Figure(
        spec.id,
        spec.area,
        number,
        title,
        description,
        b.source(used),
        table,
        None,
        b.notes(spec, [i for i, _ in used], [], anchor),
    )
