"""Charts as Vega-Lite specs built with Altair, rendered to inline SVG by vl-convert.

No JavaScript is needed to read them, in the HTML or in the PDF. Every chart becomes one
``<svg role="img">`` with a ``<title>`` and ``<desc>``: Vega's own ARIA markup is removed, because
a screen reader gets the figure's description and data table instead of hundreds of marks.

The force the report is about is told apart by more than colour: its column is darker and
outlined, its name is written above it and its axis label is bold. Reference lines differ by
pattern: the typical range is dashed, the median or a standard solid, and each is labelled.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import count

import altair as alt
import pandas as pd
import vl_convert as vlc
from markupsafe import Markup

# Colours checked for contrast on white: text 4.5:1 or more, graphics 3:1 or more.
OTHER = "#7a7a7a"
HIGHLIGHT = "#0b3d91"
SECOND = "#9ab8e0"  # the second series of a stacked column, paler than the first
SECOND_HIGHLIGHT = "#5b86c4"
REFERENCE = "#b00020"
TEXT = "#1a1a1a"
FONT = "DejaVu Sans, Arial, sans-serif"
WIDTH = 620
HEIGHT = 240

_ids = count(1)


@dataclass(frozen=True)
class Line:
    """A horizontal reference line across the chart."""

    value: float
    label: str
    dashed: bool


def _config(chart: alt.Chart | alt.LayerChart) -> alt.Chart:
    return chart.configure(font=FONT, aria=False).configure_axis(
        labelColor=TEXT, titleColor=TEXT, labelFontSize=9, titleFontSize=10, gridColor="#e4e4e4",
    ).configure_legend(labelColor=TEXT, titleColor=TEXT, labelFontSize=10, orient="top").configure_view(stroke=None)


def _x(sort: list[str], highlighted: str | None) -> alt.X:
    weight = alt.condition(f"datum.value == {_js(highlighted)}", alt.value("bold"), alt.value("normal")) \
        if highlighted else "normal"
    return alt.X("label:N", sort=sort, title=None,
                 axis=alt.Axis(labelAngle=-60, labelFontWeight=weight, labelLimit=130, ticks=False))


def _js(text: str | None) -> str:
    return "'" + (text or "").replace("\\", "\\\\").replace("'", "\\'") + "'"


def _marker(frame: pd.DataFrame, y: str, highlighted: str | None):
    """The force's name written above its column."""
    mine = frame[frame.label == highlighted]
    return alt.Chart(mine).mark_text(angle=270, align="left", dx=6, fontSize=10, fontWeight="bold", color=TEXT).encode(
        x=alt.X("label:N", sort=list(frame.label)), y=alt.Y(f"{y}:Q"), text="label:N")


def _lines(lines: list[Line]) -> list[alt.Chart]:
    layers = []
    for line in lines:
        frame = pd.DataFrame({"y": [line.value], "text": [line.label]})
        dash = [6, 4] if line.dashed else [1, 0]
        layers.append(alt.Chart(frame).mark_rule(color=REFERENCE, strokeWidth=1.5, strokeDash=dash).encode(y="y:Q"))
        layers.append(alt.Chart(frame).mark_text(align="right", baseline="bottom", dy=-2, fontSize=9, color=REFERENCE)
                      .encode(y="y:Q", x=alt.value(WIDTH), text="text:N"))
    return layers


def columns(frame: pd.DataFrame, *, y_title: str, highlighted: str | None, lines: list[Line]) -> alt.LayerChart:
    """frame: label, value, highlight (bool); one column per force, largest first."""
    frame = frame.sort_values("value", ascending=False)
    order = list(frame.label)
    bars = alt.Chart(frame).mark_bar().encode(
        x=_x(order, highlighted),
        y=alt.Y("value:Q", title=y_title),
        color=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
        stroke=alt.condition("datum.highlight", alt.value("black"), alt.value(None)),
        strokeWidth=alt.condition("datum.highlight", alt.value(1.5), alt.value(0)),
    )
    return alt.layer(bars, *_lines(lines), _marker(frame, "value", highlighted)).properties(width=WIDTH, height=HEIGHT)


def stacked(frame: pd.DataFrame, *, series: list[str], y_title: str, highlighted: str | None) -> alt.LayerChart:
    """frame: label, series, value, highlight; stacked in the order of ``series``, first at the bottom."""
    totals = frame.groupby("label", sort=False)["value"].sum().sort_values(ascending=False)
    order = list(totals.index)
    frame = frame.assign(order=frame.series.map({s: i for i, s in enumerate(series)}))
    greys = [OTHER, "#bdbdbd", "#e0e0e0"][:len(series)]
    blues = [HIGHLIGHT, SECOND_HIGHLIGHT, SECOND][:len(series)]
    others = alt.Chart(frame[~frame.highlight]).mark_bar().encode(
        x=_x(order, highlighted), y=alt.Y("value:Q", title=y_title, stack="zero"),
        fill=alt.Fill("series:N", sort=series, title=None, scale=alt.Scale(domain=series, range=greys)),
        order=alt.Order("order:Q"))
    # the force's own column: blue shades and an outline, so it stands out without colour too
    mine = alt.Chart(frame[frame.highlight]).mark_bar(stroke="black", strokeWidth=1).encode(
        x=alt.X("label:N", sort=order), y=alt.Y("value:Q", stack="zero"),
        fill=alt.Fill("series:N", sort=series, legend=None, scale=alt.Scale(domain=series, range=blues)),
        order=alt.Order("order:Q"))
    tops = pd.DataFrame({"label": totals.index, "value": totals.values})
    return alt.layer(others, mine, _marker(tops, "value", highlighted)).resolve_scale(fill="independent") \
        .properties(width=WIDTH, height=HEIGHT)


def target(frame: pd.DataFrame, *, bar_label: str, target_label: str, y_title: str,
           highlighted: str | None) -> alt.LayerChart:
    """frame: label, bar, target, highlight; the bar as a column, the target as a tick across it."""
    frame = frame.sort_values("bar", ascending=False)
    order = list(frame.label)
    long = pd.concat([frame.assign(what=bar_label, y=frame.bar), frame.assign(what=target_label, y=frame.target)])
    legend = alt.Color("what:N", title=None, scale=alt.Scale(domain=[bar_label, target_label], range=[OTHER, REFERENCE]))
    bars = alt.Chart(long[long.what == bar_label]).mark_bar().encode(
        x=_x(order, highlighted), y=alt.Y("y:Q", title=y_title), color=legend,
        fill=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
        stroke=alt.condition("datum.highlight", alt.value("black"), alt.value(None)),
        strokeWidth=alt.condition("datum.highlight", alt.value(1.5), alt.value(0)),
    )
    ticks = alt.Chart(long[long.what == target_label]).mark_tick(thickness=2.5, size=12).encode(
        x=alt.X("label:N", sort=order), y="y:Q", color=legend)
    tops = frame.assign(value=frame[["bar", "target"]].max(axis=1))
    return alt.layer(bars, ticks, _marker(tops, "value", highlighted)).properties(width=WIDTH, height=HEIGHT)


def trend(frame: pd.DataFrame, *, y_title: str, force_label: str, median_label: str) -> alt.LayerChart:
    """frame: period (label), position (order), series, value; the force solid with points, the median dashed."""
    order = list(frame.sort_values("position").period.drop_duplicates())
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=160)),
        y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color("series:N", title=None, sort=[force_label, median_label],
                        scale=alt.Scale(domain=[force_label, median_label], range=[HIGHLIGHT, REFERENCE])),
        # the same field on colour, dash and shape: Vega-Lite merges them into one legend
        strokeDash=alt.StrokeDash("series:N", sort=[force_label, median_label], title=None,
                                  scale=alt.Scale(domain=[force_label, median_label], range=[[1, 0], [6, 4]])),
    )
    points = base.mark_point(filled=True, size=40).encode(
        shape=alt.Shape("series:N", title=None, scale=alt.Scale(domain=[force_label, median_label],
                                                                 range=["circle", "square"])))
    return alt.layer(base.mark_line(strokeWidth=2), points).properties(width=WIDTH, height=HEIGHT)


_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def to_svg(chart, *, title: str, description: str) -> Markup:
    """The chart as inline SVG with one accessible name and description, and no other ARIA."""
    svg = vlc.vegalite_to_svg(_config(chart).to_dict())
    svg = _ARIA.sub("", svg)
    n = next(_ids)
    head = svg.index(">", svg.index("<svg")) + 1
    opening = svg[:head - 1] + f' role="img" aria-labelledby="chart-title-{n} chart-desc-{n}" focusable="false">'
    accessible = (f'<title id="chart-title-{n}">{html.escape(title)}</title>'
                  f'<desc id="chart-desc-{n}">{html.escape(description)}</desc>')
    return Markup(opening + accessible + svg[head:])
