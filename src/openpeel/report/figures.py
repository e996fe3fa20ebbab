"""Figures built from their declarations: chart, description, source line, notes and data table.

Every number a figure shows comes from the comparison, the assessment or the evidence through
:class:`Figures`, and is entered in the number register, one entry per value of the data table;
the description is written from those numbers. A chart and its data table list the forces in the
same order. A figure whose data is missing becomes a :class:`MissingFigure` with the reason (or
the sentence its declaration gives for that case), which the report prints instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from openpeel import forces
from openpeel import formatting as fmt
from openpeel.areas import Area
from openpeel.assess import IndicatorResult
from openpeel.compare import ratios
from openpeel.forces import Force
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator, Unit
from openpeel.periods import Period
from openpeel.report import charts
from openpeel.report.evidence_values import NATIONAL, Figures, indicator_or_none
from openpeel.report.figure_specs import FigureSpec, TableRowSpec
from openpeel.report.tables import DataTable, Row, resident_warnings
from openpeel.trends import quarterly_series

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


class FigureBuilder:
    def __init__(self, figures: Figures, force: Force, cited: dict[str, list[Period]]):
        self.figures = figures
        self.force = force
        self.cited = cited
        self._last_spec: dict | None = None

    def _draw(self, chart, title: str, description: str) -> Markup:
        self._last_spec = charts.spec_of(chart)
        return charts.to_svg(chart, title=title, description=description)

    def build(self, spec: FigureSpec, number: int) -> Figure | MissingFigure:
        spec = self._selected(spec)
        period = figure_period(spec, self.cited)
        title = self._title(spec, period)
        try:
            if spec.kind == "intervals":  # drawn by its own module (point and interval per force)
                from openpeel.report import interval_chart

                figure = interval_chart.build(self, spec, number, period)
            else:
                figure = getattr(self, f"_{spec.kind}")(spec, number, period)
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
    def _title(self, spec: FigureSpec, period: Period | None, *, label_: str | None = None) -> str:
        ids = spec.all_indicators
        first = indicator_or_none(ids[0]) if ids else None
        template = spec.title or (f"{first.title}, by force, {{period}}" if first else spec.id.replace("_", " "))
        when = label_ or (period.label() if period else "the latest period with data")
        return template.format(period=when, force=self.force.short_name, since="{since}")

    def _result(self, indicator_id: str, period: Period | None) -> tuple[Indicator, IndicatorResult]:
        ind = indicator_or_none(indicator_id)
        if ind is None:
            raise NoData(f"the indicator {indicator_id} is not in this openpeel's catalogue")
        r = self.figures.result(indicator_id, period)
        name = ind.title[:1].lower() + ind.title[1:]
        if r.period is None:
            raise NoData(f"no data is loaded for {name}")
        if r.value is None or r.value.value is None:
            raise NoData(
                f"{self.force.short_name} has no figure for {name} in {r.period.label()} ({r.reason or 'no value'})"
            )
        return ind, r

    def _world(self, ind: Indicator, period: Period) -> dict[str, float]:
        """Each force's value: forces compared nationally, and the report force whatever its coverage."""
        cmp = self.figures.comparison(ind, period)
        return {
            f.force_id: f.value
            for f in cmp.forces
            if f.value is not None and (f.compared or f.force_id == self.force.id)
        }

    def _show(self, ind: Indicator, period: Period, aspect: str, number: int) -> str:
        shown = self.figures.indicator(ind.id, period, aspect, f"Figure {number}")
        if shown.missing:
            raise NoData(shown.missing)
        return shown.text

    def _optional(self, ind: Indicator, period: Period, aspect: str, number: int) -> str | None:
        shown = self.figures.indicator(ind.id, period, aspect, f"Figure {number}")
        return None if shown.missing else shown.text

    def _source(self, ind_periods: list[tuple[Indicator, Period]]) -> str:
        names = sorted(
            {
                fv.source
                for ind, p in ind_periods
                for fv in self.figures.assessor.run(ind, p).values.values()
                if fv.source
            }
        )
        return "; ".join(names) + " (every number is listed in the downloads 'numbers.csv' and 'numbers.ods')"

    def _notes(self, spec: FigureSpec, inds: list[Indicator], shown: Iterable[str], r: IndicatorResult) -> list[str]:
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
        if shown and all(forces.get(f).synthetic for f in shown if _known(f)):
            notes.append("Every force in this figure is a synthetic demonstration twin of a real force.")
        if not r.value.complete:
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

    def _name(self, force_id: str) -> str:
        return label(forces.get(force_id)) if _known(force_id) else force_id

    def _rows(
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
            name = self._name(force_id)
            mine = force_id == self.force.id
            cells = [
                self.figures.register_value(ind, period, force_id, values[force_id], f"Figure {number}", who=name)
                for ind, values in columns
            ]
            rows.append(
                Row(name + (" (this force)" if mine else ""), cells + (extra or {}).get(force_id, []), highlight=mine)
            )
        return rows

    def _standing(self, ind: Indicator, period: Period, number: int) -> str:
        """', 12th highest of 43 (second quarter)' when the force has a rank."""
        rank = self._optional(ind, period, "rank", number) if fmt.comparable(ind) else None
        return f", {rank}" if rank else ""

    # -- the kinds -----------------------------------------------------------------------------
    def _columns(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        ind, r = self._result(spec.indicators[0], period)
        period = r.period
        values = self._world(ind, period)
        order = sorted(values, key=lambda f: (-values[f], self._name(f)))
        value = self._show(ind, period, "value", number)
        lines: list[charts.Line] = []
        standing = self._standing(ind, period, number)
        if spec.reference == "standard":
            if ind.standard is None:
                raise NoData(f"{ind.title} has no published standard to draw")
            standard = fmt.value(ind, ind.standard)
            self.figures.register.add(
                shown=standard,
                what=f"{ind.title}: standard",
                kind=NATIONAL,
                evidence=ind.id,
                period="",
                place=f"Figure {number}",
            )
            below = r.comparison.below(ind.standard)
            below_text = f"{below} of the {r.comparison.forces_compared} forces compared"
            self.figures.register.add(
                shown=below_text,
                what=f"{ind.title}: forces below the standard",
                kind=NATIONAL,
                evidence=ind.id,
                period=period.label(),
                place=f"Figure {number}",
                source_keys=self.figures.compared_keys(ind, period),
            )
            side = "above" if r.value.value > ind.standard else "below" if r.value.value < ind.standard else "at"
            lines.append(charts.Line(ind.standard, f"Standard {standard}", dashed=False))
            description = (
                f"A bar for each of {_forces(len(values))} shows {_lower(ind.title)} in "
                f"{period.label()}, highest first. {self.force.short_name}'s figure was {value}, {side} "
                f"the standard of {standard}, drawn as a solid line{standing}. {below_text} "
                f"{'was' if below == 1 else 'were'} below the standard."
            )
            caption_extra = f" The standard is {standard}; {below_text} {'was' if below == 1 else 'were'} below it."
        else:
            median = self._show(ind, period, "median", number)
            lines.append(charts.Line(r.comparison.median, f"Median {median}", dashed=False))
            description = (
                f"A bar for each of {_forces(len(values))} shows {_lower(ind.title)} in "
                f"{period.label()}, highest first. {self.force.short_name}'s figure was {value}"
            )
            caption_extra = f" The median of forces is {median}."
            span = self._optional(ind, period, "typical_range", number)
            if span is not None:
                position = self._show(ind, period, "position", number)
                lines += [
                    charts.Line(max(r.comparison.typical_low, 0), "Typical range", dashed=True),
                    charts.Line(r.comparison.typical_high, "", dashed=True),
                ]
                description += (
                    f", {position} the typical range of forces{standing}. The typical range, between "
                    f"the dashed lines, runs from {span}; the median, the solid line, is {median}."
                )
                caption_extra += f" The typical range is {span}."
            else:
                description += f"{standing}; the median of forces, the solid line, is {median}."
        frame = pd.DataFrame(
            [{"label": self._name(f), "value": values[f], "highlight": f == self.force.id} for f in order]
        )
        title = self._title(spec, period)
        svg = self._draw(
            charts.bars(frame, x_title=AXIS_TITLES[ind.unit], highlighted=label(self.force), lines=lines),
            title,
            description,
        )
        table = DataTable(
            f"Data for figure {number}: {title}.{caption_extra}",
            ["Force", ind.title],
            self._rows(order, [(ind, values)], period, number),
        )
        return Figure(
            spec.id,
            spec.area,
            number,
            title,
            description,
            self._source([(ind, period)]),
            table,
            svg,
            self._notes(spec, [ind], values, r),
        )

    def _stacked_columns(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        first, r = self._result(spec.indicators[0], period)
        period = r.period
        inds = [first] + [self._result(i, period)[0] for i in spec.indicators[1:]]
        labels = list(spec.labels) or [i.title for i in inds]
        worlds = [self._world(i, period) for i in inds]
        shared = set.intersection(*(set(w) for w in worlds))
        total_ind = indicator_or_none(spec.total) if spec.total else None
        total_world = self._world(total_ind, period) if total_ind else {}
        # sort by the total the declaration names (else the first part), the same in chart and table
        key = total_world if total_ind and shared <= set(total_world) else worlds[0]
        order = sorted(shared, key=lambda f: (-key[f], self._name(f)))
        parts = [f"{name.lower()} {self._show(i, period, 'value', number)}" for name, i in zip(labels, inds)]
        description = (
            f"Stacked bars show {_and(lab.lower() for lab in labels)} for each of "
            f"{_forces(len(shared))} with every part, in {period.label()}, highest "
            f"{'total' if key is total_world else _lower(labels[0])} first. In {self.force.short_name}: "
            f"{_and(parts)}"
        )
        if total_ind:
            total = self.figures.indicator(total_ind.id, period, "value", f"Figure {number}")
            if not total.missing:
                description += f", {total.text} in all{self._standing(total_ind, period, number)}"
        description += "."
        frame = pd.DataFrame(
            [
                {"label": self._name(f), "series": name, "value": w[f], "highlight": f == self.force.id}
                for f in order
                for name, w in zip(labels, worlds)
            ]
        )
        title = self._title(spec, period)
        svg = self._draw(
            charts.stacked(
                frame,
                series=labels,
                x_title=AXIS_TITLES[first.unit],
                highlighted=label(self.force),
                order=[self._name(f) for f in order],
            ),
            title,
            description,
        )
        columns = list(zip(inds, worlds))
        headings = ["Force", *labels]
        if key is total_world:
            columns.append((total_ind, total_world))
            headings.append(total_ind.title)
        table = DataTable(f"Data for figure {number}: {title}", headings, self._rows(order, columns, period, number))
        return Figure(
            spec.id,
            spec.area,
            number,
            title,
            description,
            self._source([(i, period) for i in inds]),
            table,
            svg,
            self._notes(spec, inds, shared, r),
        )

    def _target_columns(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        """The first indicator as a percentage of the second (recorded of expected), per force: forces
        differ in size, so their counts are not drawn side by side."""
        bar_ind, r = self._result(spec.indicators[0], period)
        period = r.period
        target_ind, _ = self._result(spec.indicators[1], period)
        share = ratios(self.figures.comparison(bar_ind, period), self.figures.comparison(target_ind, period))
        if self.force.id not in share:
            raise NoData(
                f"{self.force.short_name} is not compared with other forces on both "
                f"{_lower(bar_ind.title)} and {_lower(target_ind.title)} in {period.label()}"
            )
        bars, targets = self._world(bar_ind, period), self._world(target_ind, period)
        order = sorted(share, key=lambda f: (-share[f], self._name(f)))
        bar_label, target_label = spec.labels or (bar_ind.title, target_ind.title)
        place = f"Figure {number}"
        shown_share = {}
        for f in order:
            text = fmt.percent(share[f])
            shown_share[f] = text
            self.figures.register.add(
                shown=text,
                what=f"{bar_label} as a percentage of {target_label.lower()}: {self._name(f)}",
                kind=self.figures.kind_of(bar_ind, period, f),
                evidence=f"{bar_ind.id} / {target_ind.id}",
                period=period.label(),
                place=place,
                source_keys=[
                    *self.figures.force_keys(bar_ind, period, f),
                    *self.figures.force_keys(target_ind, period, f),
                ],
            )
        recorded = self._show(bar_ind, period, "value", number)
        expected = self._show(target_ind, period, "value", number)
        mine = shown_share[self.force.id]
        description = (
            f"A bar for each of {_forces(len(order))} shows {_lower(bar_label)} as a percentage of "
            f"{_lower(target_label)} in {period.label()}, highest first; the solid line at 100% marks "
            f"as many recorded as expected. {self.force.short_name}: {recorded} ({_lower(bar_label)}) "
            f"against {expected} expected: {mine}"
        )
        if spec.gap and indicator_or_none(spec.gap):
            gap = self.figures.indicator(spec.gap, period, "value", place)
            if not gap.missing:
                description += f"; a gap of {gap.text}"
        description += "."
        frame = pd.DataFrame(
            [{"label": self._name(f), "value": 100 * share[f], "highlight": f == self.force.id} for f in order]
        )
        title = self._title(spec, period)
        chart = charts.bars(
            frame,
            x_title=f"{bar_label} as a percentage of {target_label.lower()}",
            highlighted=label(self.force),
            lines=[charts.Line(100.0, "100%: as expected", False)],
        )
        svg = self._draw(chart, title, description)
        rows = self._rows(
            order, [(bar_ind, bars), (target_ind, targets)], period, number, extra={f: [shown_share[f]] for f in order}
        )
        table = DataTable(
            f"Data for figure {number}: {title}",
            ["Force", bar_label, target_label, f"{bar_label} as a percentage of {target_label.lower()}"],
            rows,
        )
        return Figure(
            spec.id,
            spec.area,
            number,
            title,
            description,
            self._source([(bar_ind, period), (target_ind, period)]),
            table,
            svg,
            self._notes(spec, [bar_ind, target_ind], order, r),
        )

    def _trend(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        ind, r = self._result(spec.indicators[0], period)
        end = r.period
        series = quarterly_series(self.figures.assessor, ind.id, self.force.id, end.shift(-3 * (spec.points - 1)), end)
        enough = self.figures.assessor.settings.min_forces
        points = [
            (t, self._point(ind, t, number))
            for t in series
            if t.value is not None and t.median is not None and t.forces_compared >= enough
        ]
        if len(points) < 2:
            raise NoData(
                f"{self.force.short_name} has fewer than two rolling years with {_lower(ind.title)} "
                "and a median of forces"
            )
        (first, (first_value, first_median)), (last, (last_value, last_median)) = points[0], points[-1]
        me, median_label = self.force.short_name, "Median of forces"
        moved = self.figures.change_since(ind, last.period, first.period, f"Figure {number}")
        moved_text = f" ({moved[1]})" if moved else ""
        description = (
            f"Lines show {_lower(ind.title)} for {me} and the median of forces for {len(points)} rolling "
            f"years, from {first.period.label()} to {last.period.label()}. {me}'s figure went from "
            f"{first_value} to {last_value}{moved_text}; the median went from {first_median} to "
            f"{last_median}. In {last.period.label()} {me} stood at {last_value} against a median of "
            f"{last_median}. The value axis does not start at zero, to show the gap."
        )
        frame = pd.DataFrame(
            [
                {"period": _short(t.period), "position": i, "series": me, "value": t.value}
                for i, (t, _) in enumerate(points)
            ]
            + [
                {"period": _short(t.period), "position": i, "series": median_label, "value": t.median}
                for i, (t, _) in enumerate(points)
            ]
        )
        low, high = float(frame.value.min()), float(frame.value.max())
        pad = max((high - low) * 0.25, 0.5)
        domain = (max(low - pad, 0.0), high + pad)
        title = self._title(spec, end, label_=f"{first.period.label()} to {last.period.label()}")
        svg = self._draw(
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
        notes = self._notes(spec, [ind], self._world(ind, end), r)
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
            self._source([(ind, t.period) for t, _ in points]),
            table,
            svg,
            notes,
        )

    def _point(self, ind: Indicator, point, number: int) -> tuple[str, str]:
        """A rolling year's force value and median as shown, each entered in the register."""
        place, label_ = f"Figure {number}", point.period.label()
        value, median = fmt.value(ind, point.value), fmt.value(ind, point.median)
        self.figures.register.add(
            shown=value,
            what=ind.title,
            kind=self.figures.kind_of(ind, point.period),
            evidence=ind.id,
            period=label_,
            place=place,
            source_keys=self.figures.force_keys(ind, point.period, self.force.id),
        )
        self.figures.register.add(
            shown=median,
            what=f"{ind.title}: median of forces",
            kind=NATIONAL,
            evidence=ind.id,
            period=label_,
            place=place,
            source_keys=self.figures.compared_keys(ind, point.period),
        )
        return value, median

    def _table(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        rows, missing, used = [], [], []
        anchor = None
        for row in spec.rows:
            try:
                ind, r = self._result(row.indicator, period)
            except NoData as exc:
                missing.append(f"{row.label.rstrip(':').removesuffix(', made up of')}: {exc}")
                continue
            anchor = anchor or r
            median = self._optional(ind, r.period, "median", number) or "not available"
            rows.append(Row(row.label, [self._show(ind, r.period, "value", number), median], indent=row.indent))
            used.append((ind, r.period))
        if not rows:
            raise NoData("none of its rows has data: " + "; ".join(missing))
        title = self._title(spec, anchor.period)
        table = DataTable(
            title,
            [spec.row_header, self.force.short_name, "Median of forces"],
            rows,
            notes=[f"No row for {m}." for m in missing],
        )
        description = f"A table of {len(rows)} rows setting {self.force.short_name} against the median of forces."
        return Figure(
            spec.id,
            spec.area,
            number,
            title,
            description,
            self._source(used),
            table,
            None,
            self._notes(spec, [i for i, _ in used], [], anchor),
        )

    def _change_table(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        """Rows of indicators: the force's value now and ``years_before`` earlier, the change, and
        where it stands against the typical range now."""
        rows, missing, used = [], [], []
        anchor = since = None
        place = f"Figure {number}"
        for row in spec.rows:
            try:
                ind, r = self._result(row.indicator, period)
            except NoData as exc:
                missing.append(f"{row.label}: {exc}")
                continue
            anchor = anchor or r
            since = r.period.shift(-12 * spec.years_before)
            moved = self.figures.change_since(ind, r.period, since, place)
            position = self._optional(ind, r.period, "position", number)
            rows.append(
                Row(
                    row.label,
                    [
                        self._show(ind, r.period, "value", number),
                        moved[0] if moved else "no figure",
                        moved[1] if moved else "not available",
                        f"{position} the typical range" if position else "not compared",
                    ],
                    indent=row.indent,
                )
            )
            used.append((ind, r.period))
        if not rows:
            raise NoData("none of its rows has data: " + "; ".join(missing))
        title = self._title(spec, anchor.period).replace("{since}", since.label())
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
            f"A table of {len(rows)} measures for {self.force.short_name}: each one's value in "
            f"{anchor.period.label()} and in {since.label()}, the change between them and where it "
            "stood against the typical range of forces."
        )
        return Figure(
            spec.id,
            spec.area,
            number,
            title,
            description,
            self._source(used),
            table,
            None,
            self._notes(spec, [i for i, _ in used], [], anchor),
        )


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _forces(n: int) -> str:
    return "the one force" if n == 1 else f"the {n} forces"


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(period: Period) -> str:
    """An axis label for a rolling year: 'Sep 2025' (the month it ends)."""
    return f"{period.end:%b %Y}"


def _known(force_id: str) -> bool:
    try:
        forces.get(force_id)
        return True
    except forces.UnknownForce:
        return False
