"""Running catalogue indicators on a backend, for one period or many at once.

For each source of an indicator the engine runs the source's component expression (one row per
period and force) and a coverage query (which months, which source files), both in the backend;
Python then only sees per-period, per-force rows. Reference denominators (populations, residents
by ethnic group) are added per force, and the formula gives the value.

Many periods are computed in one query: every row is tagged with each period it belongs to (a
March 2025 record belongs to March 2025, to the twelve rolling years that contain it, to 2025 and
to the financial year 2024/25), and sources group by period as well as force. A single period is
the same computation with one period, so on-demand answers and stored results agree exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from openpeel import reference, tables
from openpeel.backends import Backend
from openpeel.periods import Period, add_months, months_between
from openpeel.tables import TimeRule

if TYPE_CHECKING:
    import pandas as pd

    from openpeel.indicators.catalogue import Indicator, Source


class Inputs:
    """What a source's expression may read, and how it groups.

    A source returns one row per ``keys`` (the period and the force) with its component columns.
    The engine computes many periods in one query, so a source never assumes a single period:

    - ``table(name)``: the rows of a store table that belong to the periods, by the table's time
      rule, each tagged with ``period_id`` (a row in several periods appears once per period);
    - ``during(t, column)``: rows of ``t`` whose date ``column`` falls in a period, tagged the same
      way (for events dated other than by the table's month: lapses, orders granted);
    - ``raw(name)``: the whole table, untagged (lookups such as a crime's type for its outcomes);
    - ``tag(t, spec)``: rows of ``t``, a part of the table ``spec`` describes, tagged by its time
      rule (a snapshot's latest rows of one kind);
    - ``periods()``: one row per period (``period_id``, ``first_day``, ``last_day``, ``months``),
      for figures at a period's end (a queue on its last day);
    - ``months()``: one row per period and month in it (``period_id``, ``month``,
      ``month_last_day``), for figures at each month's end;
    - ``keys``: group by these; join two tagged tables on ``period_id`` as well as their keys.
    """

    keys = ("period_id", "force_id")

    def __init__(self, backend: Backend, periods: Iterable[Period]):
        self.backend = backend
        self.chosen = sorted(set(periods))
        self.used: set[str] = set()  # the store tables the source read, for knowing what a load changes

    def has(self, name: str) -> bool:
        return self.backend.has(name)

    def raw(self, name: str):
        self.used.add(name)
        return self.backend.table(name)

    def table(self, name: str):
        return self.tag(self.raw(name), tables.get(name))

    def tag(self, t, spec: tables.TableSpec):
        """Rows of ``t`` (laid out as table ``spec``) tagged with every period they belong to."""
        if spec.time is TimeRule.MONTH:
            return t.inner_join(self.month_map(), "month")
        periods = self.periods()
        if spec.time is TimeRule.SPAN:
            pairs = t.cross_join(periods)
            inside = (pairs.period_start >= pairs.first_day) & (pairs.period_end <= pairs.last_month)
            return pairs.filter(inside).drop("first_day", "last_day", "last_month", "end_exclusive", "months")
        if spec.time is TimeRule.AS_AT:
            # a snapshot inside the period; the latest one when there are several
            pairs = t.cross_join(periods)
            inside = pairs.filter((pairs.as_at >= pairs.first_day) & (pairs.as_at < pairs.end_exclusive))
            latest = inside.as_at.max().over(group_by=[inside.period_id, inside.force_id])
            chosen = inside.mutate(_latest=latest).filter(lambda r: r.as_at == r._latest)
            return chosen.drop("_latest", "first_day", "last_day", "last_month", "months", "end_exclusive")
        return t.cross_join(periods.select("period_id"))

    def during(self, t, column: str):
        month = t[column].truncate("M").cast("date")
        return (
            t.mutate(_during_month=month)
            .inner_join(self.month_map().rename(_during_month="month"), "_during_month")
            .drop("_during_month")
        )

    def periods(self):
        import ibis

        rows = [(p.code(), p.start, p.last_day, p.end, p.end_exclusive, p.months) for p in self.chosen]
        names = ("period_id", "first_day", "last_day", "last_month", "end_exclusive", "months")
        return ibis.memtable(
            {n: [r[i] for r in rows] for i, n in enumerate(names)},
            schema={
                "period_id": "string",
                "first_day": "date",
                "last_day": "date",
                "last_month": "date",
                "end_exclusive": "date",
                "months": "int64",
            },
        )

    def months(self):
        """One row per period and month in it (``period_id``, ``month``, ``month_last_day``)."""
        import calendar

        import ibis

        rows = [(p.code(), m) for p in self.chosen for m in (add_months(p.start, i) for i in range(p.months))]
        return ibis.memtable(
            {
                "period_id": [a for a, _ in rows],
                "month": [m for _, m in rows],
                "month_last_day": [m.replace(day=calendar.monthrange(m.year, m.month)[1]) for _, m in rows],
            },
            schema={"period_id": "string", "month": "date", "month_last_day": "date"},
        )

    def month_map(self):
        """The join that tags monthly rows: ``period_id``, ``month``."""
        return self.months().select("period_id", "month")


def period_rows(t, spec: tables.TableSpec, period: Period):
    """The rows of ``t`` (laid out as table ``spec``) that belong to one period, by its time rule:
    for code outside the batched engine that looks at a single period."""
    return Inputs(None, [period]).tag(t, spec).drop("period_id")


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


class Computation:
    """Indicators over a set of periods on one backend, sharing the work sources have in common.

    A source function that feeds several indicators runs once; coverage is computed once per
    table and scope; populations are read once.
    """

    def __init__(self, backend: Backend, periods: Iterable[Period]):
        self.backend = backend
        self.periods = sorted(set(periods))
        self.by_code = {p.code(): p for p in self.periods}
        self._components: dict[Callable, pd.DataFrame] = {}
        self._coverage: dict[tuple, pd.DataFrame] = {}
        self._references: dict[str, pd.DataFrame] = {}
        self._figures: set[str] | None = None
        self.used: dict[Callable, set[str]] = {}  # source function -> store tables it reads

    def inputs(self) -> Inputs:
        return Inputs(self.backend, self.periods)

    def run(self, indicator: Indicator) -> dict[Period, IndicatorRun]:
        """The indicator for every force with data, in each period (an empty run when none has)."""
        runs = {p: IndicatorRun(indicator, p) for p in self.periods}
        if not self.periods:
            return runs
        for source in indicator.ordered_sources():
            if not self.may_have_data(indicator, source):
                continue
            covered = self.coverage(source)
            if covered.empty:
                continue
            comps = self.components(source)
            wanted = [c for c in indicator.formula.components if c not in source.reference]
            refs = {name: self.reference(name) for name in source.reference}
            rows = comps.set_index(["period_id", "force_id"]).to_dict("index") if not comps.empty else {}
            for cov in covered.itertuples(index=False):
                run = runs[self.by_code[cov.period_id]]
                if cov.force_id in run.values:
                    continue  # a preferred source already gave this force a value
                found = rows.get((cov.period_id, cov.force_id))
                # the force has rows in the period but none qualified: its components are zero
                values = {c: 0.0 if found is None else _number(found.get(c)) for c in wanted}
                notes: list[str] = []
                for name, ref in refs.items():
                    match = ref.get((cov.period_id, cov.force_id))
                    values[name] = None if match is None else match[0]
                    if match is not None and match[1]:
                        notes.append(match[1])
                evaluation = indicator.formula.evaluate(values)
                run.values[cov.force_id] = ForceValue(
                    force_id=cov.force_id,
                    value=evaluation.value,
                    numerator=evaluation.numerator,
                    denominator=evaluation.denominator,
                    reason=evaluation.reason,
                    components=values,
                    source=source.name,
                    months_covered=int(cov.months),
                    months_expected=_expected(source.table, run.period),
                    source_keys=cov.source_keys,
                    notes=tuple(dict.fromkeys(notes)),
                )
        return runs

    def may_have_data(self, indicator: Indicator, source: Source) -> bool:
        """False when the source certainly has nothing for the indicator (no table, or no rows)."""
        if not self.backend.has(source.table) or not has_rows(self.backend, source.table):
            return False
        from openpeel.indicators.catalogue import FIGURES_TABLE

        if source.table == FIGURES_TABLE:  # one lookup of which indicators have figures, not one per indicator
            if self._figures is None:
                t = self.backend.table(FIGURES_TABLE)
                self._figures = set(t.select("indicator_id").distinct().to_pandas()["indicator_id"])
            return indicator.id in self._figures
        return True

    def components(self, source: Source) -> pd.DataFrame:
        """The source's component columns per period and force, computed once per source function."""
        func = source.components
        if func not in self._components:
            inputs = self.inputs()
            expr = func(inputs)
            self.used[func] = set(inputs.used)
            frame = expr.to_pandas()
            missing = [k for k in Inputs.keys if k not in frame.columns]
            if missing:
                raise RuntimeError(
                    f"source {source.name!r} for table {source.table}: no {missing} in its result; group by inputs.keys"
                )
            self._components[func] = frame
        return self._components[func]

    def coverage(self, source: Source) -> pd.DataFrame:
        """Per period and force: months of the period the source's table covers, and its source keys."""
        key = (source.table, source.scope)
        if key not in self._coverage:
            self._coverage[key] = coverage(self.backend, source.table, self.periods, source.scope)
        return self._coverage[key]

    def reference(self, name: str) -> dict[tuple[str, str], tuple[float | None, str | None]]:
        """A reference denominator as {(period_id, force_id): (value, note)}."""
        if name not in self._references:
            frame = reference.lookup_many(name, self.backend, self.periods)
            self._references[name] = {
                (r.period_id, r.force_id): (_number(r.value), r.note or None) for r in frame.itertuples(index=False)
            }
        return self._references[name]


def run(indicator: Indicator, backend: Backend, period: Period) -> IndicatorRun:
    """The indicator for every force with data in one period."""
    return Computation(backend, [period]).run(indicator)[period]


def has_rows(backend: Backend, table: str) -> bool:
    """Whether a table of the backend holds any row (remembered per backend)."""
    known = backend.__dict__.setdefault("_has_rows", {})
    if table not in known:
        known[table] = backend.has(table) and bool(backend.table(table).limit(1).count().to_pyarrow().as_py())
    return known[table]


def _number(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None  # pandas' missing markers (NA, NaT) are not numbers
    return None if number != number else number


def _expected(table: str, period: Period) -> int:
    spec = tables.get(table)
    return period.months if spec.time in (TimeRule.MONTH, TimeRule.SPAN) else 1


def coverage(backend: Backend, table: str, periods: list[Period], scope=None) -> pd.DataFrame:
    """Per period and force, how many months of the period the table covers, and from which files.

    Returns columns period_id, force_id, months, source_keys (a sorted tuple). The distinct
    (force, file, month) combinations are found in the backend first, so only they are expanded
    to the periods they fall in.
    """
    import pandas as pd

    spec = tables.get(table)
    t = backend.table(table)
    if scope is not None:
        t = t.filter(scope(t))
    inputs = Inputs(backend, periods)
    if spec.time is TimeRule.MONTH:
        base = t.select("force_id", "source_key", "month").distinct()
        frame = inputs.tag(base, spec).to_pandas()
        months = frame.groupby(["period_id", "force_id"])["month"].nunique()
    elif spec.time is TimeRule.SPAN:
        base = t.select("force_id", "source_key", "period_start", "period_end").distinct()
        frame = inputs.tag(base, spec).to_pandas()
        months = frame.groupby(["period_id", "force_id"]).apply(_span_months, include_groups=False)
    else:
        cols = ("force_id", "source_key", "as_at") if spec.time is TimeRule.AS_AT else ("force_id", "source_key")
        frame = inputs.tag(t.select(*cols).distinct(), spec).to_pandas()
        months = frame.groupby(["period_id", "force_id"])["source_key"].count().clip(upper=1)
    if frame.empty:
        return pd.DataFrame(columns=["period_id", "force_id", "months", "source_keys"])
    keys = frame.groupby(["period_id", "force_id"])["source_key"].agg(lambda s: tuple(sorted(set(s.dropna()))))
    out = pd.DataFrame({"months": months.astype("int64"), "source_keys": keys}).reset_index()
    return out.sort_values(["period_id", "force_id"], kind="stable").reset_index(drop=True)


def _span_months(rows) -> int:
    spans = {(_d(s), _d(e)) for s, e in zip(rows.period_start, rows.period_end)}
    return len({add_months(s, i) for s, e in spans for i in range(months_between(s, e))})


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
    col = {TimeRule.MONTH: "month", TimeRule.SPAN: "period_end", TimeRule.AS_AT: "as_at"}.get(spec.time)
    if col is None:
        return []
    values = t.select(col).distinct().to_pandas()[col]
    return sorted({date(_d(v).year, _d(v).month, 1) for v in values})


def latest_period(
    indicator: Indicator, backend: Backend, force_id: str | None = None, *, among: list[str] | None = None
) -> Period | None:
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
    import ibis

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
    return default_from_months(spec, months)


def default_from_months(spec: tables.TableSpec, months: list[date]) -> Period | None:
    """The default period given the months a table has data for (see :func:`latest_period`)."""
    if not months:
        return None
    if spec.time is TimeRule.MONTH:
        have = set(months)
        for end in reversed(months):
            if all(add_months(end, -i) in have for i in range(12)):
                return Period.year_ending(end.year, end.month)
    return Period.year_ending(months[-1].year, months[-1].month)
