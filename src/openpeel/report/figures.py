"""Figures built from their declarations: chart, description, source line, notes and data table.

Every number a figure shows comes from the comparison, the assessment or the evidence through
:class:`Figures`, and is entered in the number register, one entry per value of the data table;
the description is written from those numbers. A chart and its data table list the forces in the
same order. A figure whose data is missing becomes a :class:`MissingFigure` with the reason (or
the sentence its declaration gives for that case), which the report prints instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from markupsafe import Markup

from openpeel import forces
from openpeel import formatting as fmt
from openpeel.areas import Area
from openpeel.assess import IndicatorResult
from openpeel.forces import Force
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator, Unit
from openpeel.periods import Period
from openpeel.report import charts
from openpeel.report.evidence_values import Figures, indicator_or_none
from openpeel.report.figure_specs import FigureSpec, TableRowSpec
from openpeel.report.tables import DataTable, Row, resident_warnings

AXIS_TITLES = {
    Unit.PERCENT: "Percentage",
    Unit.PER_1000: "Per 1,000 residents",
    Unit.COUNT: "Number",
    Unit.RATIO: "Times as likely",
    Unit.HOURS: "Hours",
}


@dataclass
class Figure:
    id: str
    area: Area
    number: int
    title: str
    description: str
    source: str
    table: DataTable
    svg: Markup | None = None  # None for a figure that is a table
    notes: list[str] = field(default_factory=list)
    heading: str | None = None  # the subsection it sits under, when it is not placed after a finding
    chart_spec: dict | None = field(default=None, repr=False)  # the Vega-Lite spec drawn, for checks

    @property
    def anchor(self) -> str:
        return f"figure-{self.number}"


@dataclass
class MissingFigure:
    id: str
    area: Area
    title: str
    reason: str
    statement: str | None = None  # what the report says instead, when the declaration gives it
    heading: str | None = None


class Found(NamedTuple):
    indicator: Indicator
    result: IndicatorResult
    period: Period


class NoData(Exception):
    """The figure cannot be drawn; the message says why, for the report."""


def label(force: Force) -> str:
    """A force's name on an axis: demo twins without the '(demo)' every one of them has."""
    return force.short_name.removesuffix(" (demo)")


def figure_period(spec: FigureSpec, cited: dict[str, list[Period]]) -> Period | None:
    """The period the spec names, else the latest the inspection cites, else None (latest with data)."""
    if spec.period:
        return spec.period
    for indicator_id in spec.all_indicators:
        if cited.get(indicator_id):
            return max(cited[indicator_id], key=lambda p: (p.end, p.months))
    return None


def kinds() -> dict[str, Callable[..., Figure]]:
    """Each kind of figure a declaration may name (``figure_specs.KINDS``), and what draws it."""
    from openpeel.report import column_charts, figure_tables, interval_chart, trend_chart

    return {
        "columns": column_charts.columns,
        "stacked_columns": column_charts.stacked_columns,
        "target_columns": column_charts.target_columns,
        "trend": trend_chart.trend,
        "table": figure_tables.table,
        "change_table": figure_tables.change_table,
        "intervals": interval_chart.build,
    }


class FigureBuilder:
    """What every kind of figure shares: the force, the evidence, titles, notes and registered rows."""

    def __init__(self, figures: Figures, force: Force, cited: dict[str, list[Period]]):
        self.figures = figures
        self.force = force
        self.cited = cited
        self._last_spec: dict | None = None

    def draw(self, chart, title: str, description: str) -> Markup:
        self._last_spec = charts.spec_of(chart)
        return charts.to_svg(chart, title=title, description=description)

    def build(self, spec: FigureSpec, number: int) -> Figure | MissingFigure:
        spec = self._selected(spec)
        period = figure_period(spec, self.cited)
        title = self.title(spec, period)
        try:
            figure = kinds()[spec.kind](self, spec, number, period)
        except NoData as exc:
            statement = spec.empty.format(force=self.force.name) if spec.empty else None
            return MissingFigure(spec.id, spec.area, title, str(exc), statement, spec.heading)
        figure.heading = spec.heading
        figure.chart_spec = self._last_spec if figure.svg is not None else None
        return figure

    def _selected(self, spec: FigureSpec) -> FigureSpec:
        """A table declared by ``select``: one row per catalogue indicator whose id has that prefix."""
        if not spec.select:
            return spec
        from dataclasses import replace

        rows = tuple(TableRowSpec(i.id, i.title) for i in catalogue.all_indicators() if i.id.startswith(spec.select))
        return replace(spec, rows=rows)

    # -- shared pieces -----------------------------------------------------------------------
    def title(self, spec: FigureSpec, period: Period | None, *, label_: str | None = None) -> str:
        ids = spec.all_indicators
        first = indicator_or_none(ids[0]) if ids else None
        template = spec.title or (f"{first.title}, by force, {{period}}" if first else spec.id.replace("_", " "))
        when = label_ or (period.label() if period else "the latest period with data")
        return template.format(period=when, force=self.force.short_name, since="{since}")

    def result(self, indicator_id: str, period: Period | None) -> Found:
        """The force's result with a value (or NoData saying why not), and the period it is for."""
        ind = indicator_or_none(indicator_id)
        if ind is None:
            raise NoData(f"the indicator {indicator_id} is not in this openpeel's catalogue")
        r = self.figures.result(indicator_id, period)
        name = ind.title[:1].lower() + ind.title[1:]
        if r is None or r.period is None:
            raise NoData(f"no data is loaded for {name}")
        if r.value is None or r.value.value is None:
            raise NoData(
                f"{self.force.short_name} has no figure for {name} in {r.period.label()} ({r.reason or 'no value'})"
            )
        return Found(ind, r, r.period)

    def world(self, ind: Indicator, period: Period) -> dict[str, float]:
        """Each force's value: forces compared nationally, and the report force whatever its coverage."""
        cmp = self.figures.comparison(ind, period)
        return {
            f.force_id: f.value
            for f in cmp.forces
            if f.value is not None and (f.compared or f.force_id == self.force.id)
        }

    def show(self, ind: Indicator, period: Period, aspect: str, number: int) -> str:
        shown = self.figures.indicator(ind.id, period, aspect, f"Figure {number}")
        if shown.missing:
            raise NoData(shown.missing)
        return shown.text

    def optional(self, ind: Indicator, period: Period, aspect: str, number: int) -> str | None:
        shown = self.figures.indicator(ind.id, period, aspect, f"Figure {number}")
        return None if shown.missing else shown.text

    def source(self, ind_periods: list[tuple[Indicator, Period]]) -> str:
        names = sorted(
            {
                fv.source
                for ind, p in ind_periods
                for fv in self.figures.assessor.run(ind, p).values.values()
                if fv.source
            }
        )
        return "; ".join(names) + " (every number is listed in the downloads 'numbers.csv' and 'numbers.ods')"

    def notes(self, spec: FigureSpec, inds: list[Indicator], shown: Iterable[str], r: IndicatorResult) -> list[str]:
        """The spec's note, how to read the chart, and what limits the comparison; ``shown``: force ids drawn."""
        shown = list(shown)
        notes = [spec.note] if spec.note else []
        if spec.kind in ("columns", "stacked_columns", "target_columns"):
            notes.append(
                f"{self.force.short_name}'s bar is the darker one, outlined in black, with its name "
                "in bold. Forces are in the same order in the chart and in its data table."
            )
        elif spec.kind == "trend":
            notes.append(
                f"{self.force.short_name} is the solid line with round points; the median of forces is "
                "the dashed line with square points."
            )
        if shown and all(forces.get(f).synthetic for f in shown if known(f)):
            notes.append("Every force in this figure is a synthetic demonstration twin of a real force.")
        if r.value is not None and not r.value.complete:
            notes.append(
                f"{self.force.short_name}'s data cover {r.value.months_covered} of "
                f"{r.value.months_expected} months of the period, so its figure is not compared "
                "with other forces."
            )
        cmp = r.comparison
        if cmp is not None and cmp.note:
            notes.append(f"No typical range: {cmp.note}.")
        notes += resident_warnings(self.force.id, inds)
        return notes

    def name(self, force_id: str) -> str:
        return label(forces.get(force_id)) if known(force_id) else force_id

    def rows(
        self,
        order: list[str],
        columns: list[tuple[Indicator, dict[str, float]]],
        period: Period,
        number: int,
        extra: dict[str, list[str]] | None = None,
    ) -> list[Row]:
        """A data table row per force in ``order``: each column's value, registered."""
        rows = []
        for force_id in order:
            name = self.name(force_id)
            mine = force_id == self.force.id
            cells = [
                self.figures.register_value(ind, period, force_id, values[force_id], f"Figure {number}", who=name)
                for ind, values in columns
            ]
            rows.append(
                Row(name + (" (this force)" if mine else ""), cells + (extra or {}).get(force_id, []), highlight=mine)
            )
        return rows

    def standing(self, ind: Indicator, period: Period, number: int) -> str:
        """', 12th highest of 43 (second quarter)' when the force has a rank."""
        rank = self.optional(ind, period, "rank", number) if fmt.comparable(ind) else None
        return f", {rank}" if rank else ""


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def forces_phrase(n: int) -> str:
    return "the one force" if n == 1 else f"the {n} forces"


def and_list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def axis_month(period: Period) -> str:
    """An axis label for a rolling year: 'Sep 2025' (the month it ends)."""
    return f"{period.end:%b %Y}"


def known(force_id: str) -> bool:
    try:
        forces.get(force_id)
        return True
    except forces.UnknownForce:
        return False
