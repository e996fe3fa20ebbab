"""Figures of kind ``intervals``: a ratio with its interval for every force, sorted, the England
and Wales figure marked, with the data table.

One horizontal line per force from the interval's low to its high bound, a point at the ratio,
forces sorted from the highest ratio down; a solid vertical line at the England and Wales ratio and
a dashed one at 1 (no difference). The report's force is a larger, darker point with its name in
bold. Text is at least 12 px (9 pt) and every mark at least 3:1 against white (WCAG 1.4.11).
Ratios resting on fewer events than the disclosure threshold are withheld, in the chart and table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from openpeel import forces
from openpeel.fairness.ratios import NO_DIFFERENCE, UNSTABLE, across_forces
from openpeel.indicators import catalogue
from openpeel.periods import Period
from openpeel.report import charts
from openpeel.report.evidence_values import NATIONAL
from openpeel.report.figures import Figure, NoData, forces_phrase, label
from openpeel.report.tables import DataTable, Row
from openpeel.settings import load

if TYPE_CHECKING:
    from openpeel.report.figure_specs import FigureSpec
    from openpeel.report.figures import FigureBuilder

KINDS = ("intervals",)
FONT_SIZE = 12  # px: 9 pt
ROW = 16  # px per force


def chart(frame: pd.DataFrame, *, x_title: str, highlighted: str, national: float) -> alt.LayerChart:
    """frame: label, value, low, high, highlight; one row per force."""
    frame = frame.sort_values("value", ascending=False)
    order = list(frame.label)
    weight = alt.condition(f"datum.value == {charts._js(highlighted)}", alt.value("bold"), alt.value("normal"))
    y = alt.Y(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontSize=FONT_SIZE, labelFontWeight=weight, labelLimit=170, ticks=False),
    )
    axis = alt.Axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
    scale = alt.Scale(zero=True)

    def x(field: str) -> alt.X:  # every layer names the same axis, so Vega-Lite keeps one title
        return alt.X(f"{field}:Q", title=x_title, axis=axis, scale=scale)

    colour = alt.condition("datum.highlight", alt.value(charts.HIGHLIGHT), alt.value(charts.OTHER))
    bars = alt.Chart(frame).mark_rule(strokeWidth=2).encode(y=y, x=x("low"), x2="high:Q", color=colour)
    points = (
        alt.Chart(frame)
        .mark_point(filled=True)
        .encode(
            y=alt.Y("label:N", sort=order),
            x=x("value"),
            color=colour,
            size=alt.condition("datum.highlight", alt.value(90), alt.value(40)),
            shape=alt.condition("datum.highlight", alt.value("diamond"), alt.value("circle")),
        )
    )
    # the two labels sit on rows of their own above the plot, so they never overlap when 1 and the
    # national ratio are close
    marks = pd.DataFrame(
        {
            "x": [national, 1.0],
            "text": [f"England and Wales {national:.1f}", "1 (no difference)"],
            "dash": ["solid", "dashed"],
            "dy": [-4 - FONT_SIZE - 2, -4],
        }
    )
    lines = (
        alt.Chart(marks)
        .mark_rule(color=charts.REFERENCE, strokeWidth=1.5)
        .encode(
            x=x("x"),
            strokeDash=alt.StrokeDash(
                "dash:N", legend=None, scale=alt.Scale(domain=["solid", "dashed"], range=[[1, 0], [6, 4]])
            ),
        )
    )
    words = alt.layer(
        *(
            alt.Chart(marks.iloc[[i]])
            .mark_text(
                align="left",
                dx=3,
                dy=int(marks.dy.iloc[i]),
                baseline="bottom",
                fontSize=FONT_SIZE,
                color=charts.REFERENCE,
            )
            .encode(x=x("x"), y=alt.value(0), text="text:N")
            for i in range(len(marks))
        )
    )
    chart = alt.layer(bars, points, lines, words).properties(width=charts.WIDTH - 80, height=ROW * len(frame))
    # points and intervals stand apart on white; nothing coloured touches anything else coloured
    return charts._meta(chart, [], [charts.HIGHLIGHT, charts.OTHER, charts.REFERENCE])


def build(builder: FigureBuilder, spec: FigureSpec, number: int, period: Period | None) -> Figure:
    """The figure for the first indicator of ``spec``: every force's ratio with its interval."""
    ind, r, period = builder.result(spec.indicators[0], period)
    settings = load().fairness
    cmp = across_forces(builder.figures.assessor, ind, period, settings, world=builder.force.id, public=True)
    shown = [x for x in cmp.forces if x.value is not None and not x.withheld and x.low is not None]
    mine = next((x for x in cmp.forces if x.force_id == builder.force.id), None)
    if mine is None or mine.value is None:
        raise NoData(f"{builder.force.short_name} has no {ind.title.lower()} for the whole of {period.label()}")
    national = cmp.england_and_wales
    if national.value is None or not shown:
        raise NoData(f"no England and Wales figure for {ind.title.lower()} in {period.label()}")
    me = label(builder.force)
    frame = pd.DataFrame(
        [
            {
                "label": label(forces.get(x.force_id)),
                "value": x.value,
                "low": x.low,
                "high": x.high,
                "highlight": x.force_id == builder.force.id,
            }
            for x in shown
        ]
    )
    value = builder.show(ind, period, "value", number)
    level = f"{settings.level * 100:g}%"
    description = (
        f"A point for each of {forces_phrase(len(shown))} shows {ind.title.lower()} in {period.label()}, "
        f"with a horizontal line for its {level} confidence interval; forces are sorted from the highest "
        f"ratio down. {builder.force.short_name}'s ratio was {value}"
        + (f" ({level} interval {mine.low:.1f} to {mine.high:.1f})" if mine.low is not None else "")
        + f"; the England and Wales ratio, the solid vertical line, was {national.value:.1f} "
        f"({level} interval {national.low:.1f} to {national.high:.1f}). The dashed line marks 1, "
        "where the two groups' rates are equal."
    )
    title = builder.title(spec, period)
    svg = builder.draw(
        chart(frame, x_title="Times as likely", highlighted=me, national=national.value), title, description
    )
    place, figures = f"Figure {number}", builder.figures
    keys = figures.compared_keys(ind, period)
    national_value, national_interval = f"{national.value:.1f}", f"{national.low:.1f} to {national.high:.1f}"
    for shown_text, what in (
        (national_value, "England and Wales"),
        (national_interval, f"England and Wales, {level} interval"),
    ):
        figures.register.add(
            shown=shown_text,
            what=f"{ind.title}: {what}",
            kind=NATIONAL,
            evidence=ind.id,
            period=period.label(),
            place=place,
            source_keys=keys,
        )
    rows = []
    for x in sorted(cmp.forces, key=lambda x: -(x.value or 0)):
        who = label(forces.get(x.force_id))
        name = who + (" (this force)" if x.force_id == builder.force.id else "")
        if x.withheld or x.value is None:
            cells = ["withheld" if x.withheld else "", ""]
        else:
            cells = [f"{x.value:.1f}", ""]  # the column heading says what the number is
            figures.register.add(
                shown=cells[0],
                what=f"{ind.title}: {who}",
                kind=figures.kind_of(ind, period, x.force_id),
                evidence=ind.id,
                period=period.label(),
                place=place,
                source_keys=figures.force_keys(ind, period, x.force_id),
            )
            if x.low is not None:
                cells[1] = f"{x.low:.1f} to {x.high:.1f}"
                figures.register.add(
                    shown=cells[1],
                    what=f"{ind.title}: {who}, {level} interval",
                    kind=figures.kind_of(ind, period, x.force_id),
                    evidence=ind.id,
                    period=period.label(),
                    place=place,
                    source_keys=figures.force_keys(ind, period, x.force_id),
                )
        reading = "withheld" if x.withheld else "; ".join(f for f in x.flags if f in (NO_DIFFERENCE, UNSTABLE))
        rows.append(Row(name, [*cells, reading], highlight=x.force_id == builder.force.id))
    rows.append(Row("England and Wales", [national_value, national_interval, ""]))
    table = DataTable(f"Data for figure {number}: {title}.", ["Force", "Ratio", f"{level} interval", "Reading"], rows)
    notes = builder.notes(spec, [ind], [x.force_id for x in shown], r)
    notes.append(
        f"Intervals are {level} log (Katz) intervals from the counts and residents. Ratios resting on "
        f"fewer than {settings.disclosure_below} events are withheld; those on fewer than "
        f"{settings.unstable_below} are marked unstable."
    )
    if ind.family:
        family = catalogue.get_family(ind.family)
        notes.append(
            f"This ratio is one of a breakdown ({family.title.lower()}); `openpeel fairness ratios` lists every member."
        )
    return Figure(spec.id, spec.area, number, title, description, builder.source([(ind, period)]), table, svg, notes)
