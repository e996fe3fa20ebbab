"""Running catalogue indicators for a period on a backend.

For each source of an indicator the engine runs the source's component expression (one row per
force) and a coverage query (which months, which source files), both in the backend; Python then
only sees per-force rows. Reference denominators (populations, residents by ethnic group) are
added per force, and the formula gives the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import ibis
import pandas as pd

from openpeel import reference, tables
from openpeel.backends import Backend
from openpeel.indicators.catalogue import Indicator, Source
from openpeel.indicators.formulas import Evaluation
from openpeel.periods import Period, add_months, months_between
from openpeel.tables import TimeRule


class Inputs:
    """What a source's expression may read, and how it groups.

    A source returns one row per ``keys`` (the period and the force) with its component columns.
    The engine may compute many periods in one query, so a source never assumes a single period:

    - ``table(name)``: the rows of a store table that belong to the period(s), by the table's time
      rule, each tagged with ``period_id`` (a row in several periods appears once per period);
    - ``during(t, column)``: rows of ``t`` whose date ``column`` falls in a period, tagged the same
      way (for events dated other than by the table's month: lapses, orders granted);
    - ``raw(name)``: the whole table, untagged (lookups such as a crime's type for its outcomes);
    - ``periods()``: one row per period (``period_id``, ``first_day``, ``last_day``, ``months``),
      for figures at a period's end (a queue on its last day);
    - ``keys``: group by these; join two tagged tables on ``period_id`` as well as their keys.
    """

    keys = ("period_id", "force_id")

    def __init__(self, backend: Backend, period: Period):
        self.backend = backend
        self.period = period
        self.used: set[str] = set()  # the store tables the source read, for knowing what a load changes

    def has(self, name: str) -> bool:
        return self.backend.has(name)

    def raw(self, name: str):
        self.used.add(name)
        return self.backend.table(name)

    def table(self, name: str):
        return self._tag(period_rows(self.raw(name), tables.get(name), self.period))

    def during(self, t, column: str):
        start, end = ibis.literal(self.period.start), ibis.literal(self.period.end_exclusive)
        return self._tag(t.filter((t[column] >= start) & (t[column] < end)))

    def periods(self):
        p = self.period
        return ibis.memtable(
            {"period_id": [p.code()], "first_day": [p.start], "last_day": [p.last_day], "months": [p.months]},
            schema={"period_id": "string", "first_day": "date", "last_day": "date", "months": "int64"},
        )

    def _tag(self, t):
        return t.mutate(period_id=ibis.literal(self.period.code()))


def period_rows(t, spec: tables.TableSpec, period: Period):
    """The rows of a table that belong to a period, by the table's time rule."""
    start, end = ibis.literal(period.start), ibis.literal(period.end)
    if spec.time is TimeRule.MONTH:
        return t.filter((t.month >= start) & (t.month <= end))
    if spec.time is TimeRule.SPAN:
        return t.filter((t.period_start >= start) & (t.period_end <= end))
    if spec.time is TimeRule.AS_AT:
        # a snapshot inside the period; the latest one when there are several
        inside = t.filter((t.as_at >= start) & (t.as_at < ibis.literal(period.end_exclusive)))
        latest = inside.as_at.max().over(group_by=inside.force_id)
        return inside.mutate(_latest=latest).filter(lambda r: r.as_at == r._latest).drop("_latest")
    return t


@dataclass
class ForceValue:
    force_id: str
    value: float | None
    numerator: float | None
    denominator: float | None
    reason: str | None
    components: dict[str, float | None]
    source: str | None
    months_covered: int | None
    months_expected: int
    source_keys: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.months_covered is not None and self.months_covered >= self.months_expected


@dataclass
class IndicatorRun:
    indicator: Indicator
    period: Period
    values: dict[str, ForceValue] = field(default_factory=dict)


def run(indicator: Indicator, backend: Backend, period: Period) -> IndicatorRun:
    """The indicator for every force with data in the period."""
    result = IndicatorRun(indicator, period)
    refs: dict[str, pd.DataFrame] = {}
    for source in indicator.ordered_sources():
        if not backend.has(source.table):
            continue
        covered = coverage(backend, source.table, period, source.scope)
        if covered.empty:
            continue
        comps = _components(source, backend, period)
        for name in source.reference:
            if name not in refs:
                refs[name] = reference.lookup(name, backend, period)
        for force_id, cov in covered.groupby("force_id"):
            if force_id in result.values:
                continue  # a preferred source already gave this force a value
            values = _row(comps, force_id, [c for c in indicator.formula.components if c not in source.reference])
            notes: list[str] = []
            for name in source.reference:
                ref = refs[name]
                match = ref[ref.force_id == force_id]
                values[name] = None if match.empty else _number(match.iloc[0]["value"])
                if not match.empty and match.iloc[0]["note"]:
                    notes.append(match.iloc[0]["note"])
            evaluation: Evaluation = indicator.formula.evaluate(values)
            result.values[force_id] = ForceValue(
                force_id=force_id,
                value=evaluation.value,
                numerator=evaluation.numerator,
                denominator=evaluation.denominator,
                reason=evaluation.reason,
                components=values,
                source=source.name,
                months_covered=int(cov["months"].iloc[0]),
                months_expected=_expected(source.table, period),
                source_keys=tuple(sorted(cov["source_key"].dropna().unique())),
                notes=tuple(dict.fromkeys(notes)),
            )
    return result


def _components(source: Source, backend: Backend, period: Period) -> pd.DataFrame:
    expr = source.components(Inputs(backend, period))
    return expr.to_pandas()


def _row(frame: pd.DataFrame, force_id: str, columns: list[str]) -> dict[str, float | None]:
    match = frame[frame["force_id"] == force_id]
    if match.empty:
        return {c: 0.0 for c in columns}  # the force has rows in the period but none qualified
    row = match.iloc[0]
    return {c: _number(row[c]) for c in columns}


def _number(value) -> float | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return float(value)


def _expected(table: str, period: Period) -> int:
    spec = tables.get(table)
    return period.months if spec.time in (TimeRule.MONTH, TimeRule.SPAN) else 1


def coverage(backend: Backend, table: str, period: Period, scope=None) -> pd.DataFrame:
    """Per force and source key, how many months of the period the table covers.

    Returns columns force_id, source_key, months (months covered by the force in all its keys).
    """
    spec = tables.get(table)
    t = period_rows(backend.table(table), spec, period)
    if scope is not None:
        t = t.filter(scope(t))
    if spec.time is TimeRule.MONTH:
        frame = t.select("force_id", "source_key", "month").distinct().to_pandas()
        months = frame.groupby("force_id")["month"].nunique()
    elif spec.time is TimeRule.SPAN:
        frame = t.select("force_id", "source_key", "period_start", "period_end").distinct().to_pandas()
        covered = {}
        for force_id, rows in frame.groupby("force_id"):
            spans = {(s, e) for s, e in zip(rows.period_start, rows.period_end)}
            covered[force_id] = len({add_months(_d(s), i) for s, e in spans for i in range(months_between(_d(s), _d(e)))})
        months = pd.Series(covered, dtype="int64")
    else:
        frame = t.select("force_id", "source_key").distinct().to_pandas()
        months = frame.groupby("force_id")["source_key"].count().clip(upper=1)
    if frame.empty:
        return pd.DataFrame(columns=["force_id", "source_key", "months"])
    frame = frame[["force_id", "source_key"]].drop_duplicates()
    frame["months"] = frame["force_id"].map(months).astype("int64")
    return frame


def _d(value) -> date:
    """A plain date from what a backend returns (date, datetime or pandas Timestamp)."""
    return value.date() if isinstance(value, datetime) else value


def months_with_data(backend: Backend, table: str, force_id: str | None = None, scope=None) -> list[date]:
    """Every month (or span end, or snapshot month) for which the table has rows."""
    spec = tables.get(table)
    t = backend.table(table)
    if force_id is not None:
        t = t.filter(t.force_id == force_id)
    if scope is not None:
        t = t.filter(scope(t))
    if spec.time is TimeRule.MONTH:
        col = "month"
    elif spec.time is TimeRule.SPAN:
        col = "period_end"
    elif spec.time is TimeRule.AS_AT:
        col = "as_at"
    else:
        return []
    values = t.select(col).distinct().to_pandas()[col]
    return sorted({date(_d(v).year, _d(v).month, 1) for v in values})


def latest_period(indicator: Indicator, backend: Backend, force_id: str | None = None, *,
                  among: list[str] | None = None) -> Period | None:
    """The period a report would quote by default: the latest complete year ending in a month.

    For record tables this is the latest twelve months that all have data (for the force, or for
    any force when none is given); failing that, the year ending at the latest month with data.
    For published annual tables it is the latest span; for snapshots, the year ending with it.
    ``among`` limits the search to some forces (the real ones, or the demo's).
    """
    best: Period | None = None
    for source in indicator.ordered_sources():
        if not backend.has(source.table):
            continue
        spec = tables.get(source.table)
        scope = source.scope
        if among is not None:
            scope = _among(source.scope, among)
        candidate = _latest_for(backend, spec, force_id, scope)
        if candidate is not None and (best is None or candidate.end > best.end):
            best = candidate
        if best is not None and force_id is not None:
            break  # the preferred source with data decides
    return best


def _among(scope, force_ids: list[str]):
    def within(t):
        inside = t.force_id.isin(force_ids)
        return inside if scope is None else inside & scope(t)

    return within


def _latest_for(backend: Backend, spec: tables.TableSpec, force_id: str | None, scope=None) -> Period | None:
    t = backend.table(spec.name)
    if force_id is not None:
        t = t.filter(t.force_id == force_id)
    if scope is not None:
        t = t.filter(scope(t))
    if spec.time is TimeRule.SPAN:
        spans = t.select("period_start", "period_end").distinct().order_by(ibis.desc("period_end")).limit(1).to_pandas()
        if spans.empty:
            return None
        return Period(_d(spans.period_start.iloc[0]), _d(spans.period_end.iloc[0]))
    months = months_with_data(backend, spec.name, force_id, scope)
    if not months:
        return None
    if spec.time is TimeRule.MONTH:
        have = set(months)
        for end in reversed(months):
            if all(add_months(end, -i) in have for i in range(12)):
                return Period.year_ending(end.year, end.month)
    return Period.year_ending(months[-1].year, months[-1].month)
