"""Charts as Vega-Lite specs built with Altair, rendered to inline SVG by vl-convert.

No JavaScript is needed to read them, in the HTML or in the PDF. Every chart becomes one
``<svg role="img">`` with a ``<title>`` and ``<desc>``: Vega's own ARIA markup is removed, because
a screen reader gets the figure's description and data table instead of hundreds of marks.

Forces are horizontal bars, one per row, sorted the way the figure's data table is, with names
at 9 pt or more (12 px at the size the PDF prints the chart: charts are no wider than the page).
The report's force is told apart by more than colour: its bar is darker and outlined and its name
is bold. Reference lines differ by pattern (typical range dashed; median, standard or target
solid) and are labelled. Colours meet WCAG 1.4.11: every colour is at least 3:1 against the white
background and against any colour it touches (the two segments of a stacked bar, which are also
split by a white line). Each chart declares the colour pairs that touch in its spec's
``usermeta`` so the test can check them (:func:`touching_pairs`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import count

import altair as alt
import pandas as pd
import vl_convert as vlc
from markupsafe import Markup

BACKGROUND = "#ffffff"
OTHER = "#767676"  # other forces: 4.5:1 on white
HIGHLIGHT = "#0b3d91"  # the report's force: 10:1 on white
# Stacked segments: the pair for other forces and the pair for the report's force. Within each
# pair the colours are at least 3:1 apart and each is at least 3:1 on white.
STACK_OTHER = ("#1f1f1f", "#8c8c8c")
STACK_HIGHLIGHT = ("#0b3d91", "#6a93cc")
REFERENCE = "#b00020"
TEXT = "#1a1a1a"
FONT = "DejaVu Sans, Arial, sans-serif"
LABEL_PX = 12  # 9 pt: the PDF prints the chart at its own size (it is never wider than the page)
WIDTH = 420  # the plot area; force names take about 170 px more, within the page's 670 px
BAR_STEP = 13  # px per force: 43 forces and the notes fit one A4 page
TREND_HEIGHT = 240

_ids = count(1)


@dataclass(frozen=True)
class Line:
    """A reference line across the chart at ``value`` (vertical on bars, horizontal on a trend)."""

    value: float
    label: str
    dashed: bool


def _config(chart) -> alt.Chart:
    return (
        chart.configure(font=FONT, aria=False, background=BACKGROUND)
        .configure_axis(
            labelColor=TEXT,
            titleColor=TEXT,
            labelFontSize=LABEL_PX,
            titleFontSize=LABEL_PX,
            gridColor="#e4e4e4",
        )
        .configure_legend(
            labelColor=TEXT, titleColor=TEXT, labelFontSize=LABEL_PX, orient="top", symbolStrokeColor=BACKGROUND
        )
        .configure_view(stroke=None)
    )


def _js(text: str | None) -> str:
    return "'" + (text or "").replace("\\", "\\\\").replace("'", "\\'") + "'"


def _y(order: list[str], highlighted: str | None) -> alt.Y:
    weight = (
        alt.condition(f"datum.value == {_js(highlighted)}", alt.value("bold"), alt.value("normal"))
        if highlighted
        else "normal"
    )
    return alt.Y(
        "label:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelFontWeight=weight, labelLimit=170, ticks=False, labelPadding=4),
    )


def _x(title: str, domain: tuple[float, float]) -> alt.X:
    return alt.X(
        "value:Q", title=title, scale=alt.Scale(domain=list(domain), nice=False, zero=True), axis=alt.Axis(tickCount=6)
    )


def _vertical_lines(lines: list[Line]) -> list[alt.Chart]:
    """Reference lines across the bars, labelled above the plot, each label on its own row."""
    layers = []
    for i, line in enumerate(lines):
        frame = pd.DataFrame({"value": [line.value], "text": [line.label]})
        dash = [6, 4] if line.dashed else [1, 0]
        layers.append(alt.Chart(frame).mark_rule(color=REFERENCE, strokeWidth=2, strokeDash=dash).encode(x="value:Q"))
        if line.label:
            layers.append(
                alt.Chart(frame)
                .mark_text(
                    align="left",
                    baseline="bottom",
                    dx=3,
                    dy=-4 - (LABEL_PX + 3) * i,
                    fontSize=LABEL_PX,
                    color=REFERENCE,
                )
                .encode(x="value:Q", y=alt.value(0), text="text:N")
            )
    return layers


def _meta(chart, pairs: list[tuple[str, str]], colours: list[str]):
    """Record which colours are used and which touch, for the contrast test."""
    return chart.properties(usermeta={"openpeel": {"colours": colours, "touching": [list(p) for p in pairs]}})


def bars(
    frame: pd.DataFrame, *, x_title: str, highlighted: str | None, lines: list[Line], top: float | None = None
) -> alt.LayerChart:
    """frame: label, value, highlight (bool), in the order to draw (the data table's order)."""
    order = list(frame.label)
    top = max([*frame.value, *(line.value for line in lines), top or 0]) * 1.05 or 1
    base = (
        alt.Chart(frame)
        .mark_bar(height={"band": 0.75})
        .encode(
            y=_y(order, highlighted),
            x=_x(x_title, (0, top)),
            color=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
            stroke=alt.condition("datum.highlight", alt.value("black"), alt.value(None)),
            strokeWidth=alt.condition("datum.highlight", alt.value(1.5), alt.value(0)),
        )
    )
    chart = alt.layer(base, *_vertical_lines(lines)).properties(width=WIDTH, height=BAR_STEP * len(order))
    return _meta(chart, [], [OTHER, HIGHLIGHT, REFERENCE])


def stacked(
    frame: pd.DataFrame, *, series: list[str], x_title: str, highlighted: str | None, order: list[str]
) -> alt.LayerChart:
    """frame: label, series, value, highlight; two series stacked left to right in ``series`` order,
    split by a white line; forces in ``order`` (the data table's)."""
    if len(series) != 2:
        raise ValueError("a stacked bar chart draws two series: no third colour keeps 3:1 from both")
    frame = frame.assign(order=frame.series.map({s: i for i, s in enumerate(series)}))
    totals = frame.groupby("label")["value"].sum()
    top = float(totals.max()) * 1.05 or 1

    def layer(rows: pd.DataFrame, colours: tuple[str, str], legend: bool) -> alt.Chart:
        return (
            alt.Chart(rows)
            .mark_bar(height={"band": 0.75}, stroke=BACKGROUND, strokeWidth=1.5)
            .encode(
                y=_y(order, highlighted),
                x=alt.X("value:Q", stack="zero", title=x_title, scale=alt.Scale(domain=[0, top], nice=False)),
                fill=alt.Fill(
                    "series:N",
                    sort=series,
                    title=None,
                    legend=alt.Legend() if legend else None,
                    scale=alt.Scale(domain=series, range=list(colours)),
                ),
                order=alt.Order("order:Q"),
            )
        )

    others = layer(frame[~frame.highlight], STACK_OTHER, True)
    mine = layer(frame[frame.highlight], STACK_HIGHLIGHT, False)
    # the force's bar outlined in black around both segments
    outline = (
        alt.Chart(pd.DataFrame({"label": [highlighted], "value": [float(totals.get(highlighted, 0))]}))
        .mark_bar(height={"band": 0.75}, fill=None, stroke="black", strokeWidth=1.5)
        .encode(y=alt.Y("label:N", sort=order), x="value:Q")
    )
    chart = (
        alt.layer(others, mine, outline)
        .resolve_scale(fill="independent")
        .properties(width=WIDTH, height=BAR_STEP * len(order))
    )
    return _meta(chart, [STACK_OTHER, STACK_HIGHLIGHT], [*STACK_OTHER, *STACK_HIGHLIGHT])


def trend(
    frame: pd.DataFrame, *, y_title: str, force_label: str, median_label: str, domain: tuple[float, float]
) -> alt.LayerChart:
    """frame: period (label), position (order), series, value; the force solid with points, the
    median dashed. ``domain`` is the value axis: cut (not from zero) to show the gap."""
    order = list(frame.sort_values("position").period.drop_duplicates())
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=160)),
        y=alt.Y(
            "value:Q",
            title=y_title,
            scale=alt.Scale(domain=list(domain), zero=False, nice=False),
            axis=alt.Axis(tickCount=6),
        ),
        color=alt.Color(
            "series:N",
            title=None,
            sort=[force_label, median_label],
            scale=alt.Scale(domain=[force_label, median_label], range=[HIGHLIGHT, REFERENCE]),
        ),
        # the same field on colour, dash and shape: Vega-Lite merges them into one legend
        strokeDash=alt.StrokeDash(
            "series:N",
            sort=[force_label, median_label],
            title=None,
            scale=alt.Scale(domain=[force_label, median_label], range=[[1, 0], [6, 4]]),
        ),
    )
    points = base.mark_point(filled=True, size=45).encode(
        shape=alt.Shape(
            "series:N", title=None, scale=alt.Scale(domain=[force_label, median_label], range=["circle", "square"])
        )
    )
    layers = [base.mark_line(strokeWidth=2), points]
    if domain[0] > 0:
        layers.append(_cut_mark())
    chart = alt.layer(*layers).properties(width=WIDTH + 150, height=TREND_HEIGHT)
    return _meta(chart, [], [HIGHLIGHT, REFERENCE])


def _cut_mark() -> alt.Chart:
    """A zigzag at the foot of the value axis: the axis does not start at zero."""
    frame = pd.DataFrame(
        {
            "x": [0, 5, -5, 5, 0],
            "y": [TREND_HEIGHT, TREND_HEIGHT - 4, TREND_HEIGHT - 8, TREND_HEIGHT - 12, TREND_HEIGHT - 16],
            "o": range(5),
        }
    )
    return (
        alt.Chart(frame)
        .mark_line(color=TEXT, strokeWidth=1.5)
        .encode(x=alt.X("x:Q", scale=None, axis=None), y=alt.Y("y:Q", scale=None, axis=None), order="o:Q")
    )


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two '#rrggbb' colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def touching_pairs(spec: dict) -> tuple[list[str], list[tuple[str, str]]]:
    """The colours a chart spec declares, and the pairs of them that touch."""
    meta = spec.get("usermeta", {}).get("openpeel", {})
    return list(meta.get("colours", [])), [tuple(p) for p in meta.get("touching", [])]


_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def to_svg(chart, *, title: str, description: str) -> Markup:
    """The chart as inline SVG with one accessible name and description, and no other ARIA.

    The spec is not validated against the Vega-Lite schema here (a third of the time of a small
    chart; :func:`spec_of`, which the tests use, still validates), and a spec drawn before is not
    drawn again: a web page asked for by many people draws its charts once per store version.
    """
    svg = _drawn(json.dumps(_config(chart).to_dict(validate=False), sort_keys=True, default=str))
    n = next(_ids)
    head = svg.index(">", svg.index("<svg")) + 1
    opening = svg[: head - 1] + f' role="img" aria-labelledby="chart-title-{n} chart-desc-{n}" focusable="false">'
    accessible = (
        f'<title id="chart-title-{n}">{html.escape(title)}</title>'
        f'<desc id="chart-desc-{n}">{html.escape(description)}</desc>'
    )
    return Markup(opening + accessible + svg[head:])


@lru_cache(maxsize=256)  # a few MB: a bar chart of 43 forces is tens of kB
def _drawn(spec: str) -> str:
    return _ARIA.sub("", vlc.vegalite_to_svg(json.loads(spec)))


def spec_of(chart) -> dict:
    """The full Vega-Lite spec as rendered (configuration included), for checks."""
    return _config(chart).to_dict()
