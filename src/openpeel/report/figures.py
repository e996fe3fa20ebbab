"""Figures built from their declarations: chart, description, source line, notes and data table.

Every number a figure shows comes from the catalogue through :class:`Figures` and is entered in
the number register; the description is written from those numbers. A figure whose data is
missing becomes a :class:`MissingFigure` with the reason, which the report prints instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from openpeel import forces
from openpeel.areas import Area
from openpeel.assess import IndicatorResult
from openpeel.forces import Force
from openpeel.indicators.catalogue import Indicator, Unit
from openpeel.periods import Period
from openpeel.report import charts
from openpeel.report import formatting as fmt
from openpeel.report.evidence_values import Figures, indicator_or_none
from openpeel.report.figure_specs import FigureSpec
from openpeel.report.tables import DataTable, Row, resident_warnings
from openpeel.trends import quarterly_series

Y_TITLES = {Unit.PERCENT: "Percentage", Unit.PER_1000: "Per 1,000 residents", Unit.COUNT: "Number",
            Unit.RATIO: "Times as likely", Unit.HOURS: "Hours"}


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

    @property
    def anchor(self) -> str:
        return f"figure-{self.number}"


@dataclass
class MissingFigure:
    id: str
    area: Area
    title: str
    reason: str


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

    def build(self, spec: FigureSpec, number: int) -> Figure | MissingFigure:
        period = figure_period(spec, self.cited)
        title = self._title(spec, period)
        try:
            if spec.kind == "intervals":  # drawn by its own module (point and interval per force)
                from openpeel.report import interval_chart

                return interval_chart.build(self, spec, number, period)
            return getattr(self, f"_{spec.kind}")(spec, number, period)
        except NoData as exc:
            return MissingFigure(spec.id, spec.area, title, str(exc))

    # -- shared pieces -----------------------------------------------------------------------
    def _title(self, spec: FigureSpec, period: Period | None, *, label_: str | None = None) -> str:
        first = indicator_or_none(spec.all_indicators[0])
        template = spec.title or (f"{first.title}, by force, {{period}}" if first else spec.all_indicators[0])
        when = label_ or (period.label() if period else "the latest period with data")
        return template.format(period=when, force=self.force.short_name)

    def _result(self, indicator_id: str, period: Period | None) -> tuple[Indicator, IndicatorResult]:
        ind = indicator_or_none(indicator_id)
        if ind is None:
            raise NoData(f"the indicator {indicator_id} is not in this openpeel's catalogue")
        r = self.figures.result(indicator_id, period)
        if r.period is None:
            raise NoData(f"no data is loaded for {ind.title.lower()}")
        if r.value is None or r.value.value is None:
            raise NoData(f"{self.force.short_name} has no figure for {ind.title.lower()} in {r.period.label()} "
                         f"({r.reason or 'no value'})")
        return ind, r

    def _world(self, ind: Indicator, period: Period) -> dict[str, float]:
        """Each force's value: forces compared nationally, and the report force whatever its coverage."""
        cmp = self.figures.comparison(ind, period)
        return {f.force_id: f.value for f in cmp.forces
                if f.value is not None and (f.compared or f.force_id == self.force.id)}

    def _show(self, ind: Indicator, period: Period, aspect: str, number: int) -> str:
        shown = self.figures.indicator(ind.id, period, aspect, f"Figure {number}")
        if shown.missing:
            raise NoData(shown.missing)
        return shown.text

    def _register_all(self, ind: Indicator, period: Period, values: dict[str, float], number: int) -> None:
        """One register entry for every force's value in the figure's data table."""
        keys = {k for f in values for k in self.figures.force_keys(ind, period, f)}
        self.figures.register.add(
            shown=f"{len(values)} values, one per force", what=f"{ind.title}: every force's value (data table)",
            kind="indicator", evidence=ind.id, period=period.label(), place=f"Figure {number}", source_keys=keys)

    def _source(self, ind_periods: list[tuple[Indicator, Period]]) -> str:
        names = sorted({fv.source for ind, p in ind_periods
                        for fv in self.figures.assessor.run(ind, p).values.values() if fv.source})
        return "; ".join(names) + " (files listed under 'Where the numbers come from')"

    def _notes(self, spec: FigureSpec, inds: list[Indicator], shown: Iterable[str], r: IndicatorResult) -> list[str]:
        """The spec's note, how to read the chart, and what limits the comparison; ``shown``: force ids drawn."""
        shown = list(shown)
        notes = [spec.note] if spec.note else []
        if spec.kind in ("columns", "stacked_columns", "target_columns"):
            notes.append(f"{self.force.short_name}'s column is the darker one, outlined in black with its name "
                         "above it and in bold on the axis.")
        elif spec.kind == "trend":
            notes.append(f"{self.force.short_name} is the solid line with round points; the median of forces is "
                         "the dashed line with square points.")
        if shown and all(forces.get(f).synthetic for f in shown if _known(f)):
            notes.append("Every force in this figure is a synthetic demonstration twin of a real force.")
        if not r.value.complete:
            notes.append(f"{self.force.short_name}'s data cover {r.value.months_covered} of "
                         f"{r.value.months_expected} months of the period, so its figure is not compared "
                         "with other forces.")
        cmp = r.comparison
        if cmp is not None and cmp.note:
            notes.append(f"No typical range: {cmp.note}.")
        notes += resident_warnings(self.force.id, inds)
        return notes

    def _rows(self, values: dict[str, float], ind: Indicator, extra: dict[str, list[str]] | None = None) -> list[Row]:
        rows = []
        for force_id, v in sorted(values.items(), key=lambda kv: -kv[1]):
            name = label(forces.get(force_id)) if _known(force_id) else force_id
            mine = force_id == self.force.id
            rows.append(Row(name + (" (this force)" if mine else ""),
                            [fmt.value(ind, v), *(extra or {}).get(force_id, [])], highlight=mine))
        return rows

    # -- the kinds -----------------------------------------------------------------------------
    def _columns(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        ind, r = self._result(spec.indicators[0], period)
        period = r.period
        values = self._world(ind, period)
        me = label(self.force)
        value = self._show(ind, period, "value", number)
        lines: list[charts.Line] = []
        if spec.reference == "standard":
            if ind.standard is None:
                raise NoData(f"{ind.title} has no published standard to draw")
            standard = fmt.value(ind, ind.standard)
            self.figures.register.add(shown=standard, what=f"{ind.title}: standard", kind="indicator",
                                      evidence=ind.id, period="", place=f"Figure {number}")
            below = sum(1 for v in values.values() if v < ind.standard)
            side = "above" if r.value.value > ind.standard else "below" if r.value.value < ind.standard else "at"
            lines.append(charts.Line(ind.standard, f"Standard {standard}", dashed=False))
            description = (f"A column for each of {_forces(len(values))} shows {ind.title.lower()} in "
                           f"{period.label()}. {self.force.short_name}'s figure was {value}, {side} the standard of "
                           f"{standard}, drawn as a solid line. {below} of {_forces(len(values))} "
                           f"{'was' if below == 1 else 'were'} below the standard.")
            caption_extra = (f" The standard is {standard}; {below} of {_forces(len(values))} "
                             f"{'was' if below == 1 else 'were'} below it.")
        else:
            median = self._show(ind, period, "median", number)
            lines.append(charts.Line(r.comparison.median, f"Median {median}", dashed=False))
            description = (f"A column for each of {_forces(len(values))} shows {ind.title.lower()} in "
                           f"{period.label()}. {self.force.short_name}'s figure was {value}")
            caption_extra = f" The median of forces is {median}."
            if r.comparison.typical_low is not None:
                position = self._show(ind, period, "position", number)
                span = self._show(ind, period, "typical_range", number)
                lines += [charts.Line(r.comparison.typical_high, "Typical range", dashed=True),
                          charts.Line(r.comparison.typical_low, "", dashed=True)]
                description += (f", {position} the typical range of forces. The typical range, between the "
                                f"dashed lines, runs from {span}; the median, the solid line, is {median}.")
                caption_extra += f" The typical range is {span}."
            else:
                description += f"; the median of forces, the solid line, is {median}."
        frame = pd.DataFrame([{"label": label(forces.get(f)), "value": v, "highlight": f == self.force.id}
                              for f, v in values.items()])
        title = self._title(spec, period)
        svg = charts.to_svg(charts.columns(frame, y_title=Y_TITLES[ind.unit], highlighted=me, lines=lines),
                            title=title, description=description)
        self._register_all(ind, period, values, number)
        table = DataTable(f"Data for figure {number}: {title}.{caption_extra}", ["Force", ind.title],
                          self._rows(values, ind))
        return Figure(spec.id, spec.area, number, title, description, self._source([(ind, period)]), table, svg,
                      self._notes(spec, [ind], values, r))

    def _stacked_columns(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        first, r = self._result(spec.indicators[0], period)
        period = r.period
        inds = [first] + [self._result(i, period)[0] for i in spec.indicators[1:]]
        labels = list(spec.labels) or [i.title for i in inds]
        worlds = [self._world(i, period) for i in inds]
        shared = set.intersection(*(set(w) for w in worlds))
        parts = [f"{name.lower()} {self._show(i, period, 'value', number)}" for name, i in zip(labels, inds)]
        description = (f"Stacked columns show {_and(lab.lower() for lab in labels)} for each of "
                       f"{_forces(len(shared))} with every part, in {period.label()}. In {self.force.short_name}: "
                       f"{_and(parts)}")
        if spec.total and indicator_or_none(spec.total):
            total = self.figures.indicator(spec.total, period, "value", f"Figure {number}")
            if not total.missing:
                description += f", {total.text} in all"
        description += "."
        frame = pd.DataFrame([{"label": label(forces.get(f)), "series": name, "value": w[f],
                               "highlight": f == self.force.id}
                              for f in shared for name, w in zip(labels, worlds)])
        title = self._title(spec, period)
        svg = charts.to_svg(charts.stacked(frame, series=labels, y_title=Y_TITLES[first.unit],
                                           highlighted=label(self.force)), title=title, description=description)
        for ind, w in zip(inds, worlds):
            self._register_all(ind, period, {f: w[f] for f in shared}, number)
        extra = {f: [fmt.value(i, w[f]) for i, w in zip(inds[1:], worlds[1:])] for f in shared}
        rows = self._rows({f: worlds[0][f] for f in shared}, first, extra)
        table = DataTable(f"Data for figure {number}: {title}", ["Force", *labels], rows)
        return Figure(spec.id, spec.area, number, title, description,
                      self._source([(i, period) for i in inds]), table, svg,
                      self._notes(spec, inds, shared, r))

    def _target_columns(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        bar_ind, r = self._result(spec.indicators[0], period)
        period = r.period
        target_ind, _ = self._result(spec.indicators[1], period)
        bars, targets = self._world(bar_ind, period), self._world(target_ind, period)
        shared = set(bars) & set(targets)
        bar_label, target_label = spec.labels or (bar_ind.title, target_ind.title)
        recorded = self._show(bar_ind, period, "value", number)
        expected = self._show(target_ind, period, "value", number)
        mine_bar, mine_target = bars[self.force.id], targets[self.force.id]
        comparison = "fewer than" if mine_bar < mine_target else "more than" if mine_bar > mine_target else "the same as"
        description = (f"Columns show {bar_ind.title.lower()} for each of {_forces(len(shared))} in {period.label()}, "
                       f"with a red mark at {target_ind.title.lower()}. {self.force.short_name}: {recorded} "
                       f"({bar_label.lower()}), {comparison} the {expected} expected")
        if spec.gap and indicator_or_none(spec.gap):
            gap = self.figures.indicator(spec.gap, period, "value", f"Figure {number}")
            if not gap.missing:
                description += f"; a gap of {gap.text}"
        description += "."
        frame = pd.DataFrame([{"label": label(forces.get(f)), "bar": bars[f], "target": targets[f],
                               "highlight": f == self.force.id} for f in shared])
        title = self._title(spec, period)
        chart = charts.target(frame, bar_label=bar_label, target_label=target_label, y_title=Y_TITLES[bar_ind.unit],
                              highlighted=label(self.force))
        svg = charts.to_svg(chart, title=title, description=description)
        self._register_all(bar_ind, period, {f: bars[f] for f in shared}, number)
        self._register_all(target_ind, period, {f: targets[f] for f in shared}, number)
        rows = self._rows({f: bars[f] for f in shared}, bar_ind, {f: [fmt.value(target_ind, targets[f])] for f in shared})
        table = DataTable(f"Data for figure {number}: {title}", ["Force", bar_label, target_label], rows)
        return Figure(spec.id, spec.area, number, title, description,
                      self._source([(bar_ind, period), (target_ind, period)]), table, svg,
                      self._notes(spec, [bar_ind, target_ind], shared, r))

    def _trend(self, spec: FigureSpec, number: int, period: Period | None) -> Figure:
        ind, r = self._result(spec.indicators[0], period)
        end = r.period
        series = quarterly_series(self.figures.assessor, ind.id, self.force.id, end.shift(-3 * (spec.points - 1)), end)
        enough = self.figures.assessor.settings.min_forces
        points = [(t, self._point(ind, t, number)) for t in series
                  if t.value is not None and t.median is not None and t.forces_compared >= enough]
        if len(points) < 2:
            raise NoData(f"{self.force.short_name} has fewer than two rolling years with {ind.title.lower()} "
                         "and a median of forces")
        (first, (first_value, first_median)), (last, (last_value, last_median)) = points[0], points[-1]
        me, median_label = self.force.short_name, "Median of forces"
        moved = fmt.change(ind, last.value - first.value, None) or ""
        moved_median = fmt.change(ind, last.median - first.median, None) or ""
        description = (f"Lines show {ind.title.lower()} for {me} and the median of forces for {len(points)} rolling "
                       f"years, from {first.period.label()} to {last.period.label()}. {me}'s figure went from "
                       f"{first_value} to {last_value} ({moved}); the median went from {first_median} to "
                       f"{last_median} ({moved_median}). In {last.period.label()} {me} stood at {last_value} "
                       f"against a median of {last_median}.")
        frame = pd.DataFrame(
            [{"period": _short(t.period), "position": i, "series": me, "value": t.value} for i, (t, _) in enumerate(points)]
            + [{"period": _short(t.period), "position": i, "series": median_label, "value": t.median}
               for i, (t, _) in enumerate(points)])
        title = self._title(spec, end, label_=f"{first.period.label()} to {last.period.label()}")
        svg = charts.to_svg(charts.trend(frame, y_title=Y_TITLES[ind.unit], force_label=me, median_label=median_label),
                            title=title, description=description)
        rows = [Row(t.period.label(), [v, m]) for t, (v, m) in points]
        table = DataTable(f"Data for figure {number}: {title}", ["Rolling year", me, median_label], rows)
        return Figure(spec.id, spec.area, number, title, description,
                      self._source([(ind, t.period) for t, _ in points]), table, svg,
                      self._notes(spec, [ind], self._world(ind, end), r))

    def _point(self, ind: Indicator, point, number: int) -> tuple[str, str]:
        """A rolling year's force value and median as shown, each entered in the register."""
        place, label_ = f"Figure {number}", point.period.label()
        value, median = fmt.value(ind, point.value), fmt.value(ind, point.median)
        self.figures.register.add(shown=value, what=ind.title, kind="indicator", evidence=ind.id, period=label_,
                                  place=place, source_keys=self.figures.force_keys(ind, point.period, self.force.id))
        self.figures.register.add(shown=median, what=f"{ind.title}: median of forces", kind="indicator",
                                  evidence=ind.id, period=label_, place=place,
                                  source_keys=self.figures.compared_keys(ind, point.period))
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
            rows.append(Row(row.label, [self._show(ind, r.period, "value", number),
                                        self._show(ind, r.period, "median", number)], indent=row.indent))
            used.append((ind, r.period))
        if not rows:
            raise NoData("none of its rows has data: " + "; ".join(missing))
        title = self._title(spec, anchor.period)
        table = DataTable(title, [spec.row_header, self.force.short_name, "Median of forces"], rows,
                          notes=[f"No row for {m}." for m in missing])
        description = f"A table of {len(rows)} rows setting {self.force.short_name} against the median of forces."
        return Figure(spec.id, spec.area, number, title, description, self._source(used), table, None,
                      self._notes(spec, [i for i, _ in used], [], anchor))


def _forces(n: int) -> str:
    return "the one force" if n == 1 else f"the {n} forces"


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(period: Period) -> str:
    """An axis label for a rolling year: 'YE Sep 2025'."""
    return f"YE {period.end:%b %Y}"


def _known(force_id: str) -> bool:
    try:
        forces.get(force_id)
        return True
    except forces.UnknownForce:
        return False
