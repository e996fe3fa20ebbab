"""Every figure the web service shows, fetched from the library in one place.

Pages and API routes call only this module for data. Figures come through the Assessor, which
reads the results stored when data loaded (:mod:`openpeel.results`) and computes only what is not
stored (an ad-hoc range, a store written before results were kept). The periods offered are read
from the stored results too.

Each function returns plain records (dicts, lists) in the shape the API serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpeel import alerts as alert_rules
from openpeel import forces, tables, trends, worklists
from openpeel.assess import Assessor
from openpeel.errors import UnknownName
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator
from openpeel.periods import Period, add_months
from openpeel.results import alerts as stored_alerts
from openpeel.tables import TimeRule

TREND_POINTS = 5  # rolling years ending each quarter: this year and the four quarters before
ALERT_MONTHS = 13  # rolling years ending each month: a year of monthly moves
MAX_PERIODS = 36  # the period picker offers at most this many, newest first


class NotFound(UnknownName):
    """Something the URL names does not exist; ``known`` lists what does."""

    def __init__(self, message: str, known: list[tuple[str, str]]):
        super().__init__(message)
        self.known = known  # (id, label), for a page that says what exists


@dataclass(frozen=True)
class Query:
    """What every data call needs: the store (through its Assessor)."""

    assessor: Assessor

    @property
    def backend(self):
        return self.assessor.backend


# -- names ---------------------------------------------------------------------------------------


def force(force_id: str) -> forces.Force:
    try:
        return forces.get(force_id)
    except forces.UnknownForce as exc:
        known = [(f.id, f.name) for f in forces.all_forces(include_synthetic=True)]
        raise NotFound(str(exc), known) from None


def indicator(indicator_id: str) -> Indicator:
    try:
        return catalogue.get(indicator_id)
    except UnknownName as exc:
        raise NotFound(str(exc), [(i.id, i.title) for i in catalogue.all_indicators()]) from None


def all_forces() -> list[forces.Force]:
    return forces.all_forces(include_synthetic=True)


def all_indicators() -> list[Indicator]:
    return catalogue.all_indicators()


def catalogue_entry(ind: Indicator) -> dict:
    return {
        "id": ind.id,
        "title": ind.title,
        "area": ind.area.value,
        "area_title": ind.area.title,
        "unit": ind.unit.value,
        "polarity": ind.polarity.value,
        "formula": ind.formula.describe(),
        "definition": ind.definition,
        "standard": ind.standard,
        "sources": [{"name": s.name, "table": s.table} for s in ind.ordered_sources()],
    }


def search(text: str, limit: int = 20) -> dict:
    """Forces and indicators whose id, name or title contain every word of ``text``."""
    words = text.lower().split()

    def matches(*fields: str) -> bool:
        hay = " ".join(fields).lower()
        return bool(words) and all(w in hay for w in words)

    found_forces = [{"id": f.id, "name": f.name} for f in all_forces() if matches(f.id, f.name, *f.aliases)]
    found_indicators = [
        {"id": i.id, "title": i.title} for i in all_indicators() if matches(i.id, i.title, i.area.title)
    ]
    return {"query": text, "forces": found_forces[:limit], "indicators": found_indicators[:limit]}


# -- periods -------------------------------------------------------------------------------------


def periods_available(q: Query, force_id: str | None = None) -> list[Period]:
    """The twelve-month periods the store has complete figures for (for the force, when given),
    newest first: read from the stored results when the store has them."""
    stored = q.assessor.stored
    if stored is not None and stored._computed:
        return stored.periods(force_id)[:MAX_PERIODS]
    return _periods_from_records(q, force_id)


def _periods_from_records(q: Query, force_id: str | None) -> list[Period]:
    """Without stored results: rolling years ending each month whose twelve months all have
    records, the year ending with each snapshot, and the spans of published annual figures, from
    one query over every table that holds rows."""
    months: dict[str, set[date]] = {}
    found: set[Period] = set()
    for table, start, end in _time_marks(q, force_id):
        spec = tables.get(table)
        if spec.time is TimeRule.SPAN:
            found.add(Period(_first(start), _first(end)))
        else:
            months.setdefault(table, set()).add(_first(start))
    for table, have in months.items():
        snapshot = tables.get(table).time is TimeRule.AS_AT
        for m in have:
            if snapshot or all(add_months(m, -i) in have for i in range(12)):
                found.add(Period.year_ending(m.year, m.month))
    return sorted(found, key=lambda p: (p.end, p.months), reverse=True)[:MAX_PERIODS]


def _time_marks(q: Query, force_id: str | None) -> list[tuple[str, date, date | None]]:
    """(table, month or span start, span end) for every distinct month or span in the store."""
    where = "" if force_id is None else " WHERE force_id = '" + force_id.replace("'", "''") + "'"
    parts = []
    filled = _tables_with_rows(q)
    for spec in tables.all_tables():
        if spec.name not in filled or spec.force_column != "force_id":
            continue
        column = {TimeRule.MONTH: "month", TimeRule.AS_AT: "as_at"}.get(spec.time)
        if spec.time is TimeRule.SPAN:
            parts.append(
                f"SELECT DISTINCT '{spec.name}' AS t, period_start AS a, period_end AS b FROM \"{spec.name}\"{where}"
            )
        elif column:
            parts.append(
                f"SELECT DISTINCT '{spec.name}' AS t, CAST(date_trunc('month', {column}) AS DATE) AS a, "
                f'CAST(NULL AS DATE) AS b FROM "{spec.name}"{where}'
            )
    if not parts:
        return []
    return q.backend.con.raw_sql(" UNION ALL ".join(parts)).fetchall()


def _first(value) -> date:
    value = value.date() if hasattr(value, "date") and callable(value.date) else value
    return date(value.year, value.month, 1)


def _tables_with_rows(q: Query) -> set[str]:
    """The store's tables that hold any row (DuckDB's own count, one query for all tables)."""
    found = q.backend.con.raw_sql("SELECT table_name FROM duckdb_tables() WHERE estimated_size > 0").fetchall()
    return {name for (name,) in found if q.backend.has(name)}


def check_period(q: Query, period: Period | None, force_id: str | None = None) -> list[Period]:
    """The periods available (as :func:`periods_available`), once it is checked that ``period``
    is one of them (None, each figure's latest, always is)."""
    available = periods_available(q, force_id)
    if period is not None and period not in available:
        raise NotFound(f"no figures for {period.code()} ({period.label()})", [(p.code(), p.label()) for p in available])
    return available


def worlds_with_data(q: Query) -> list[forces.World]:
    """The worlds (real forces, the demo's twins) that have any figures in the store: for each
    world, the first table holding a row of one of its forces (a probe that stops at one row)."""
    seen = []
    with_rows = _tables_with_rows(q)
    filled = [
        spec.name
        for spec in tables.all_tables()
        if spec.name in with_rows and spec.force_column == "force_id" and spec.time is not TimeRule.TIMELESS
    ]
    for world in forces.World:
        test = "LIKE" if world is forces.World.SYNTHETIC else "NOT LIKE"
        for name in filled:
            probe = f"SELECT 1 FROM \"{name}\" WHERE force_id {test} '%{forces.DEMO_SUFFIX}' LIMIT 1"
            if q.backend.con.raw_sql(probe).fetchall():
                seen.append(world)
                break
    return seen


# -- figures -------------------------------------------------------------------------------------


def overview(q: Query, world: forces.World, period: Period | None = None) -> list[dict]:
    """Each indicator's figures across the forces of a world, for its latest period (or the one
    given): England and Wales, median, typical range and how many forces sit outside it.
    Indicators with no data are left out."""
    rows = []
    chosen = {ind.id: period or q.assessor.default_period(ind, world=world) for ind in all_indicators()}
    q.assessor.prefetch([(ind, chosen[ind.id]) for ind in all_indicators() if chosen[ind.id] is not None])
    for ind in all_indicators():
        cmp = q.assessor.comparison(ind, chosen[ind.id], world=world) if chosen[ind.id] else None
        if cmp is None or not cmp.forces_compared:
            continue
        rows.append(
            {
                "id": ind.id,
                "title": ind.title,
                "area": ind.area.value,
                "area_title": ind.area.title,
                "unit": ind.unit.value,
                "period": cmp.period.code(),
                "period_label": cmp.period.label(),
                "england_and_wales": _national(q, ind, cmp),
                "median": cmp.median,
                "typical_low": cmp.typical_low,
                "typical_high": cmp.typical_high,
                "forces_compared": cmp.forces_compared,
                "forces_below": sum(f.position == "below" for f in cmp.forces),
                "forces_above": sum(f.position == "above" for f in cmp.forces),
                "forces": _values(q, ind, cmp),
            }
        )
    return rows


def _values(q: Query, ind: Indicator, cmp) -> list[dict]:
    """Each force's figures in a comparison: what the policy checks the median and range against."""
    intervals = _intervals(q, ind, cmp)
    return [
        {
            "force": f.force_id,
            "value": f.value,
            "numerator": f.numerator,
            "denominator": f.denominator,
            **_withheld(intervals.get(f.force_id)),
        }
        for f in cmp.forces
    ]


def _national(q: Query, ind: Indicator, cmp) -> dict:
    """The England and Wales figure; for a ratio of rates, whether the national counts behind it are
    few enough to withhold (they almost never are)."""
    from openpeel.fairness import ratios
    from openpeel.indicators.formulas import RatioOfRates
    from openpeel.settings import load

    ew = cmp.england_and_wales
    out = {"value": ew.value, "numerator": ew.numerator, "denominator": ew.denominator}
    if isinstance(ind.formula, RatioOfRates) and ew.value is not None:
        run = q.assessor.run(ind, cmp.period)
        taking_part = [run.values[f.force_id].components for f in cmp.forces if f.compared]
        totals = {k: sum(c.get(k) or 0 for c in taking_part) for k in ind.formula.components}
        ratio = ratios.from_components(ind, "england-and-wales", cmp.period, totals, load().fairness, public=True)
        out["interval_withheld"] = ratio.withheld
    return out


def _withheld(interval: dict | None) -> dict:
    """For a ratio of rates, whether a public view withholds it (the counts behind it decide, not
    its numerator and denominator, which are rates: see :mod:`openpeel.web.disclosure`)."""
    return {"interval_withheld": interval["interval_withheld"]} if interval else {}


def comparison(q: Query, ind: Indicator, period: Period | None, world: forces.World) -> dict | None:
    """One indicator across the forces of a world, every force's row ordered by rank."""
    cmp = q.assessor.comparison(ind, period, world=world)
    if cmp is None:
        return None
    intervals = _intervals(q, ind, cmp)
    rows = [
        {
            "force": f.force_id,
            "name": forces.get(f.force_id).name,
            "value": f.value,
            "numerator": f.numerator,
            "denominator": f.denominator,
            "position": f.position,
            "rank": f.rank,
            "compared": f.compared,
            "note": f.note,
            **intervals.get(f.force_id, {}),
        }
        for f in cmp.forces
    ]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["force"]))
    return {
        "indicator": ind.id,
        "title": ind.title,
        "unit": ind.unit.value,
        "world": forces.as_world(world).value,
        "period": cmp.period.code(),
        "period_label": cmp.period.label(),
        "period_start": cmp.period.start,
        "period_end": cmp.period.last_day,
        "median": cmp.median,
        "typical_low": cmp.typical_low,
        "typical_high": cmp.typical_high,
        "typical_range_method": cmp.range_method,
        "typical_range_description": cmp.range_description,
        "forces_compared": cmp.forces_compared,
        "note": cmp.note,
        "england_and_wales": _national(q, ind, cmp),
        "forces": rows,
    }


def _intervals(q: Query, ind: Indicator, cmp) -> dict[str, dict]:
    """For a ratio of rates (disproportionality), each force's confidence interval from its counts
    and populations (:mod:`openpeel.fairness.ratios`), with whether a public view withholds it."""
    return _period_intervals(q, ind, cmp.period, [f.force_id for f in cmp.forces])


def _period_intervals(q: Query, ind: Indicator, period: Period, force_ids: list[str]) -> dict[str, dict]:
    from openpeel.fairness import ratios
    from openpeel.indicators.formulas import RatioOfRates
    from openpeel.settings import load

    if not isinstance(ind.formula, RatioOfRates):
        return {}
    settings = load().fairness
    run = q.assessor.run(ind, period)
    out = {}
    for force_id in force_ids:
        fv = run.values.get(force_id)
        if fv is None or fv.value is None:
            continue
        ratio = ratios.of_value(ind, force_id, period, fv, settings, public=True)
        out[force_id] = {
            "interval_low": ratio.low,
            "interval_high": ratio.high,
            "interval_level": ratio.level,
            "interval_flags": [flag for flag in ratio.flags if flag != ratios.WITHHELD],
            "interval_withheld": ratios.WITHHELD in ratio.flags,
        }
    return out


def assessment(q: Query, force_id: str, period: Period | None = None) -> list[dict]:
    """Every indicator for the force (``IndicatorResult.to_dict()``), in catalogue order, each with
    the figures of every force it was compared with (``forces``)."""
    out = []
    for r in q.assessor.force(force_id, period):
        cmp = q.assessor.comparison(r.indicator, r.period, world=force_id) if r.period else None
        own = _period_intervals(q, r.indicator, r.period, [force_id]).get(force_id) if r.period else None
        out.append(
            {
                **r.to_dict(),
                **_withheld(own),
                "period_code": r.period.code() if r.period else None,
                "forces": _values(q, r.indicator, cmp) if cmp else [],
            }
        )
    return out


def trend(q: Query, ind: Indicator, force_id: str, last: Period, points: int = TREND_POINTS) -> list[dict]:
    """The force's figure and its world's median for rolling years ending each quarter up to ``last``."""
    if last.months != 12:
        return []
    first = last.shift(-3 * (points - 1))
    return [
        {
            "period": p.period.code(),
            "period_label": p.period.label(),
            "value": p.value,
            "numerator": p.numerator,
            "denominator": p.denominator,
            "median": p.median,
            "typical_low": p.typical_low,
            "typical_high": p.typical_high,
            "forces_compared": p.forces_compared,
            **_withheld(_period_intervals(q, ind, p.period, [force_id]).get(force_id)),
        }
        for p in trends.quarterly_series(q.assessor, ind.id, force_id, first, last)
    ]


# -- alerts --------------------------------------------------------------------------------------


def alert_period(q: Query, force_id: str) -> Period | None:
    """The rolling year the force's alerts run up to: its latest year with figures."""
    years = [p for p in periods_available(q, force_id) if p.months == 12]
    return max(years, key=lambda p: p.end) if years else None


def series(q: Query, ind: Indicator, force_id: str, last: Period, months: int = ALERT_MONTHS) -> list[dict]:
    """The force's results for the rolling years ending each month, the last ending with ``last``."""
    years = _alert_years(q, last, months)
    q.assessor.prefetch([(ind, p) for p in years])  # one read for the series, not one per year
    return [{**q.assessor.result(ind, force_id, p).to_dict(), "period_code": p.code()} for p in years]


def _alert_years(q: Query, last: Period, months: int) -> list[Period]:
    """The rolling years ending each month up to ``last``; with stored results, those stored (a
    month no table has data for ends no standard period, and is left out rather than computed)."""
    stored = q.assessor.stored
    years = alert_rules.monthly_years(last, months)
    return [p for p in years if stored.standard(p)] if stored is not None and stored._computed else years


def alerts(q: Query, force_id: str, months: int = ALERT_MONTHS) -> list[dict]:
    """Every alert for the force over the ``months`` rolling years up to its latest, newest first.

    Read from the alerts stored with the results (:mod:`openpeel.results.alerts`); worked out from
    the results when the store keeps none or some of its results are stale.
    """
    last = alert_period(q, force_id)
    if last is None:
        return []
    stored = q.assessor.stored
    if stored is not None and not stored.stale():
        # the first of the rolling years only sets where the window starts, as when worked out
        found = stored_alerts.stored(stored.con, force_id, alert_rules.monthly_years(last, months)[0], last)
        if found is not None:
            known = {ind.id for ind in catalogue.all_indicators()}
            return [_titled(a) for a in found if a["indicator"] in known]
    return worked_out_alerts(q, force_id, last, months)


def _titled(alert: dict) -> dict:
    ind = catalogue.get(alert["indicator"])
    return {**alert, "indicator_title": ind.title, "unit": ind.unit.value}


def worked_out_alerts(q: Query, force_id: str, last: Period, months: int = ALERT_MONTHS) -> list[dict]:
    """The force's alerts worked out from its results for the ``months`` rolling years up to
    ``last`` (the first of them only sets where the series starts), newest first."""
    found = []
    results = [r for r in q.assessor.force(force_id, last) if r.value is not None]
    q.assessor.prefetch([(r.indicator, p) for r in results for p in _alert_years(q, last, months)])
    for result in results:
        ind = result.indicator
        points = [alert_rules.Point.of(p) for p in series(q, ind, force_id, last, months) if p["period"]]
        for alert in alert_rules.detect(ind, force_id, points):
            found.append({**alert.to_dict(), "indicator_title": ind.title, "unit": ind.unit.value})
    found.sort(key=lambda a: (a["date"], a["indicator"]), reverse=True)
    return found


# -- worklists -----------------------------------------------------------------------------------


def all_worklists() -> list[dict]:
    return [
        {
            "name": w.name,
            "title": w.title,
            "area": w.area.value,
            "area_title": w.area.title,
            "description": w.description,
            "table": w.table,
        }
        for w in worklists.all_worklists()
    ]


def worklist(name: str) -> dict:
    try:
        wl = worklists.get(name)
    except UnknownName as exc:
        raise NotFound(str(exc), [(w["name"], w["title"]) for w in all_worklists()]) from None
    return {"name": wl.name, "title": wl.title, "area": wl.area.value, "description": wl.description, "table": wl.table}


def worklist_available(q: Query, name: str) -> bool:
    return q.backend.has(worklists.get(name).table)


def worklist_rows(q: Query, name: str, force_id: str) -> list[dict]:
    """The worklist's rows for the force, drawn up as at the latest day in its data."""
    frame = worklists.run(name, q.backend, force_id)
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return None if value != value else value.isoformat()  # NaT is blank
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
