"""The web pages' charts: Vega-Lite made with Altair, drawn to SVG on the server by vl-convert.

They share the report's colours and its accessible SVG wrapper (one name and description, no
per-mark ARIA); every chart sits beside a table of the same numbers, so nothing is only a picture.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from markupsafe import Markup

from openpeel.report.charts import HIGHLIGHT, OTHER, REFERENCE, _config, to_svg  # noqa: F401  (shared look)

RANGE = "#d2e2f1"  # the typical range's shading, pale enough for the bars on it to keep 3:1 contrast


def bars(
    rows: list[dict],
    *,
    low: float | None,
    high: float | None,
    highlighted: str | None,
    title: str,
    description: str,
    x_title: str,
) -> Markup:
    """One horizontal bar per force, largest first, the typical range shaded behind them and the
    chosen force darker and outlined. rows: name, value, force."""
    frame = pd.DataFrame([r for r in rows if r.get("value") is not None], columns=["name", "value", "force"])
    if frame.empty:
        return Markup("")
    frame = frame.assign(highlight=frame.force == highlighted).sort_values("value", ascending=False)
    order = list(frame.name)
    height = max(120, 16 * len(frame))
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=180))
    layers = []
    if low is not None and high is not None:
        band = pd.DataFrame({"low": [low], "high": [high]})
        layers.append(alt.Chart(band).mark_rect(color=RANGE).encode(x="low:Q", x2="high:Q"))
    layers.append(
        alt.Chart(frame)
        .mark_bar(height=11)
        .encode(
            y=y,
            x=alt.X("value:Q", title=x_title),
            color=alt.condition("datum.highlight", alt.value(HIGHLIGHT), alt.value(OTHER)),
            stroke=alt.condition("datum.highlight", alt.value("black"), alt.value(None)),
            strokeWidth=alt.condition("datum.highlight", alt.value(1.5), alt.value(0)),
        )
    )
    chart = alt.layer(*layers).properties(width=460, height=height)
    return to_svg(chart, title=title, description=description)


def sparkline(points: list[dict], *, title: str, description: str) -> Markup:
    """A small line of the force's figure (solid, with points) and its world's median (dashed)."""
    rows = []
    for i, p in enumerate(points):
        for series, key in (("force", "value"), ("median", "median")):
            if p.get(key) is not None:
                rows.append({"position": i, "period": p["period"], "series": series, "value": p[key]})
    if not rows:
        return Markup("")
    frame = pd.DataFrame(rows)
    order = [p["period"] for p in points]
    base = alt.Chart(frame).encode(
        x=alt.X("period:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelFontSize=8, labelOverlap=True)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(tickCount=3, labelFontSize=8)),
        color=alt.Color(
            "series:N", legend=None, scale=alt.Scale(domain=["force", "median"], range=[HIGHLIGHT, REFERENCE])
        ),
        strokeDash=alt.StrokeDash(
            "series:N", legend=None, scale=alt.Scale(domain=["force", "median"], range=[[1, 0], [4, 3]])
        ),
    )
    chart = alt.layer(base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=18)).properties(
        width=170, height=60
    )
    return to_svg(chart, title=title, description=description)


def timeline(points: list[dict], *, standard: float | None, title: str, description: str) -> Markup:
    """An indicator's monthly rolling years with the typical range as a band and the standard as a line."""
    frame = pd.DataFrame(
        [
            {
                "period": p["period_code"],
                "value": p["value"],
                "typical_low": p.get("typical_low"),
                "typical_high": p.get("typical_high"),
            }
            for p in points
            if p.get("value") is not None
        ]
    )
    if frame.empty:
        return Markup("")
    order = [p["period_code"] for p in points]
    x = alt.X("period:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, labelFontSize=8))
    layers = []
    ranged = frame.dropna(subset=["typical_low", "typical_high"]) if "typical_low" in frame else frame.iloc[0:0]
    if not ranged.empty:
        layers.append(alt.Chart(ranged).mark_area(color=RANGE).encode(x=x, y="typical_low:Q", y2="typical_high:Q"))
    if standard is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"y": [standard]})).mark_rule(color=REFERENCE, strokeDash=[6, 4]).encode(y="y:Q")
        )
    layers.append(
        alt.Chart(frame)
        .mark_line(color=HIGHLIGHT, strokeWidth=2, point=True)
        .encode(x=x, y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)))
    )
    return to_svg(alt.layer(*layers).properties(width=420, height=120), title=title, description=description)
