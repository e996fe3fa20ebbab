"""The trend figure: the force and the median of forces, rolling years ending each quarter."""

from __future__ import annotations

import pandas as pd

from openpeel import formatting as fmt
from openpeel.indicators.catalogue import Indicator
from openpeel.periods import Period
from openpeel.report import charts
from openpeel.report.evidence_values import NATIONAL
from openpeel.report.figure_specs import FigureSpec
from openpeel.report.figures import (
    AXIS_TITLES,
    Figure,
    FigureBuilder,
    NoData,
    axis_month,
    lower_first,
)
from openpeel.report.tables import DataTable, Row
from openpeel.trends import quarterly_series


def trend(b: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    ind, r, end = b.result(spec.indicators[0], period)
    series = quarterly_series(b.figures.assessor, ind.id, b.force.id, end.shift(-3 * (spec.points - 1)), end)
    enough = b.figures.assessor.settings.min_forces
    points = [
        (t, _reading(b, ind, t, number))
        for t in series
        if t.value is not None and t.median is not None and t.forces_compared >= enough
    ]
    if len(points) < 2:
        raise NoData(
            f"{b.force.short_name} has fewer than two rolling years with {lower_first(ind.title)} "
            "and a median of forces"
        )
    (first, (first_value, first_median)), (last, (last_value, last_median)) = points[0], points[-1]
    me, median_label = b.force.short_name, "Median of forces"
    moved = b.figures.change_since(ind, last.period, first.period, f"Figure {number}")
    moved_text = f" ({moved[1]})" if moved else ""
    description = (
        f"Lines show {lower_first(ind.title)} for {me} and the median of forces for {len(points)} rolling "
        f"years, from {first.period.label()} to {last.period.label()}. {me}'s figure went from "
        f"{first_value} to {last_value}{moved_text}; the median went from {first_median} to "
        f"{last_median}. In {last.period.label()} {me} stood at {last_value} against a median of "
        f"{last_median}. The value axis does not start at zero, to show the gap."
    )
    frame = pd.DataFrame(
        [
            {"period": axis_month(t.period), "position": i, "series": me, "value": t.value}
            for i, (t, _) in enumerate(points)
        ]
        + [
            {"period": axis_month(t.period), "position": i, "series": median_label, "value": t.median}
            for i, (t, _) in enumerate(points)
        ]
    )
    low, high = float(frame.value.min()), float(frame.value.max())
    pad = max((high - low) * 0.25, 0.5)
    domain = (max(low - pad, 0.0), high + pad)
    title = b.title(spec, end, label_=f"{first.period.label()} to {last.period.label()}")
    svg = b.draw(
        charts.trend(
            frame,
            y_title=AXIS_TITLES[ind.unit] + (" (axis cut)" if domain[0] else ""),
            force_label=me,
            median_label=median_label,
            domain=domain,
        ),
        title,
        description,
    )
    rows = [Row(t.period.label(), [v, m]) for t, (v, m) in points]
    table = DataTable(f"Data for figure {number}: {title}", ["Rolling year", me, median_label], rows)
    notes = b.notes(spec, [ind], b.world(ind, end), r)
    if domain[0]:
        notes.append(
            "The value axis is cut: it does not start at zero (the zigzag at its foot marks the cut), "
            "so that the gap between the lines shows."
        )
    return Figure(
        spec.id,
        spec.area,
        number,
        title,
        description,
        b.source([(ind, t.period) for t, _ in points]),
        table,
        svg,
        notes,
    )


def _reading(b: FigureBuilder, ind: Indicator, point, number: int) -> tuple[str, str]:
    """A rolling year's force value and median as shown, each entered in the register."""
    place, label_ = f"Figure {number}", point.period.label()
    value, median = fmt.value(ind, point.value), fmt.value(ind, point.median)
    b.figures.register.add(
        shown=value,
        what=ind.title,
        kind=b.figures.kind_of(ind, point.period),
        evidence=ind.id,
        period=label_,
        place=place,
        source_keys=b.figures.force_keys(ind, point.period, b.force.id),
    )
    b.figures.register.add(
        shown=median,
        what=f"{ind.title}: median of forces",
        kind=NATIONAL,
        evidence=ind.id,
        period=label_,
        place=place,
        source_keys=b.figures.compared_keys(ind, point.period),
    )
    return value, median
