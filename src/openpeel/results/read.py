"""Reading stored results back as the engine's own objects.

:class:`StoredResults` answers from the tables a refresh wrote: an indicator's run for a period
(every force's value), the stored comparison and change, and default periods. It answers only for
what was computed under today's definitions (values fingerprint); comparisons stored under other
settings are left for the caller to recompute from the stored values, which is cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import duckdb

from openpeel import forces
from openpeel.compare import Change, Comparison, ForceComparison
from openpeel.indicators.catalogue import Indicator
from openpeel.indicators.engine import ForceValue, IndicatorRun
from openpeel.indicators.formulas import Evaluation
from openpeel.periods import Period
from openpeel.results import schema
from openpeel.results.fingerprint import values_fingerprint


@dataclass
class StoredPair:
    """What is stored for one indicator and period: the run, and per world its comparison."""

    run: IndicatorRun
    comparisons: dict[forces.World, tuple[Comparison, str]]  # world -> (comparison, settings fingerprint)
    changes: dict[str, Change]  # force id -> change on the previous period
    p_values: dict[str, float | None]


class StoredResults:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        rows = con.execute(
            f"SELECT indicator_id, period, values_fingerprint, settings_fingerprint FROM {schema.COMPUTED}"
        ).fetchall()
        self._computed: dict[str, dict[str, tuple[str, str]]] = {}
        for ind, period, vfp, sfp in rows:
            self._computed.setdefault(ind, {})[period] = (vfp, sfp)
        self._months = {
            p for periods in self._computed.values() for p in periods if p != "*" and len(p) == 7
        }  # single months with data: "YYYY-MM"
        self._pairs: dict[tuple[str, str], StoredPair | None] = {}
        self._defaults: dict[str, dict[str, Period]] | None = None
        self._fresh: dict[str, bool] = {}

    @staticmethod
    def of(con: duckdb.DuckDBPyConnection) -> StoredResults | None:
        have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return StoredResults(con) if schema.COMPUTED in have else None

    # -- what is there --------------------------------------------------------------------------
    def fresh(self, indicator: Indicator) -> bool:
        """Whether the indicator's stored results were computed under today's definition."""
        if indicator.id not in self._fresh:
            stored = self._computed.get(indicator.id, {}).get("*")
            self._fresh[indicator.id] = stored is not None and stored[0] == values_fingerprint(indicator)
        return self._fresh[indicator.id]

    def has(self, indicator: Indicator, period: Period) -> bool:
        return self.fresh(indicator) and period.code() in self._computed.get(indicator.id, {})

    def standard(self, period: Period) -> bool:
        """Whether results are stored for the period (it is one of the data's standard periods)."""
        code = period.code()
        return any(code in periods for periods in self._computed.values())

    def without_data(self, period: Period) -> bool:
        """Whether no month of the period has data in any table an indicator reads."""
        months = {f"{m:%Y-%m}" for m in _months_of(period)}
        return bool(self._computed) and not (months & self._months)

    def periods(self, force_id: str | None = None, months: int = 12) -> list[Period]:
        """The periods of ``months`` months with at least one complete stored figure (for the
        force, when given), newest first: what a period picker offers."""
        where = (
            "value IS NOT NULL AND months_covered >= months_expected AND datediff('month', period_start, "
            f"period_end) = {months - 1}"
        )
        params: list = []
        if force_id is not None:
            where += " AND force_id = ?"
            params.append(force_id)
        rows = self.con.execute(
            f'SELECT DISTINCT period_start, period_end FROM "{schema.RESULTS}" WHERE {where}', params
        ).fetchall()
        return sorted({Period(_first(a), _first(b)) for a, b in rows}, key=lambda p: p.end, reverse=True)

    def stale(self) -> list[str]:
        """Indicators whose stored results were computed under another definition."""
        from openpeel.indicators.catalogue import all_indicators

        return [i.id for i in all_indicators() if i.id in self._computed and not self.fresh(i)]

    # -- reading ---------------------------------------------------------------------------------
    def pair(self, indicator: Indicator, period: Period) -> StoredPair | None:
        key = (indicator.id, period.code())
        if key not in self._pairs:
            self.prefetch(indicator, [period])
        return self._pairs.get(key)

    def prefetch(
        self, indicator: Indicator | None, periods: list[Period], pairs: list[tuple[Indicator, Period]] | None = None
    ) -> None:
        """Read many (indicator, period) pairs in two queries."""
        wanted = pairs if pairs is not None else [(indicator, p) for p in periods]
        wanted = [(i, p) for i, p in wanted if (i.id, p.code()) not in self._pairs and self.has(i, p)]
        if not wanted:
            return
        by_key = {(i.id, p.code()): (i, p) for i, p in wanted}
        # the wanted pairs go in as quoted literals: DuckDB imports pandas to convert any bound
        # parameter (and a data frame would need it too), which takes longer than the reading
        values = ", ".join(f"({_quoted(i)}, {_quoted(p)})" for i, p in by_key)
        pairs = f"(VALUES {values}) w(indicator_id, period)"
        results = _records(
            self.con.execute(
                f'SELECT r.* FROM "{schema.RESULTS}" r JOIN {pairs} '
                "ON r.indicator_id = w.indicator_id AND r.period = w.period"
            )
        )
        comparisons = _records(
            self.con.execute(
                f'SELECT c.* FROM "{schema.COMPARISONS}" c JOIN {pairs} '
                "ON c.indicator_id = w.indicator_id AND c.period = w.period"
            )
        )
        for key, (ind, period) in by_key.items():
            self._pairs[key] = StoredPair(IndicatorRun(ind, period), {}, {}, {})
        members: dict[tuple[str, str, str], list[dict]] = {}
        for row in results:
            stored = self._pairs[(row["indicator_id"], row["period"])]
            stored.run.values[row["force_id"]] = _force_value(row)
            stored.changes[row["force_id"]] = _change(row)
            stored.p_values[row["force_id"]] = _num(row["change_p_value"])
            members.setdefault((row["indicator_id"], row["period"], row["world"]), []).append(row)
        for row in comparisons:
            stored = self._pairs[(row["indicator_id"], row["period"])]
            world = forces.World(row["world"])
            sfp = self._computed[row["indicator_id"]][row["period"]][1]
            rows = members.get((row["indicator_id"], row["period"], row["world"]), [])
            stored.comparisons[world] = (_comparison(row, stored, rows), sfp)

    def default(self, indicator_id: str, scope: str) -> Period | None:
        """The stored default period for ``force:<id>`` or ``world:<name>``."""
        if self._defaults is None:
            self._defaults = {}
            for ind, sc, start, end in self.con.execute(
                f'SELECT indicator_id, scope, period_start, period_end FROM "{schema.DEFAULTS}"'
            ).fetchall():
                self._defaults.setdefault(ind, {})[sc] = Period(_first(start), _first(end))
        return self._defaults.get(indicator_id, {}).get(scope)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _records(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _months_of(period: Period) -> list[date]:
    from openpeel.periods import add_months

    return [add_months(period.start, i) for i in range(period.months)]


def _first(d) -> date:
    d = d.date() if hasattr(d, "date") and not isinstance(d, date) else d
    return date(d.year, d.month, 1)


def _num(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _int(value) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _bool(value) -> bool | None:
    return None if value is None or (isinstance(value, float) and value != value) else bool(value)


def _force_value(row: dict) -> ForceValue:
    return ForceValue(
        force_id=row["force_id"],
        value=_num(row["value"]),
        numerator=_num(row["numerator"]),
        denominator=_num(row["denominator"]),
        reason=_text(row["reason"]),
        components=json.loads(row["components"]),
        source=_text(row["source"]),
        months_covered=_int(row["months_covered"]),
        months_expected=int(row["months_expected"]),
        source_keys=tuple(row["source_keys"]),
        notes=tuple(row["notes"]),
    )


def _change(row: dict) -> Change:
    return Change(
        previous_period=Period(_first(row["previous_period_start"]), _first(row["previous_period_end"])),
        previous_value=_num(row["previous_value"]),
        difference=_num(row["change"]),
        percent_change=_num(row["percent_change"]),
        test=_text(row["change_test"]),
        p_value=_num(row["change_p_value"]),
        significant=_bool(row["change_significant"]),
    )


def _comparison(row: dict, stored: StoredPair, members: list[dict]) -> Comparison:
    rows = [
        ForceComparison(
            force_id=r["force_id"],
            value=_num(r["value"]),
            numerator=_num(r["numerator"]),
            denominator=_num(r["denominator"]),
            position=_text(r["position"]),
            rank=_int(r["rank"]),
            compared=bool(r["compared"]),
            note=_text(r["force_note"]),
        )
        for r in sorted(members, key=lambda r: r["force_id"])
    ]
    return Comparison(
        indicator_id=row["indicator_id"],
        period=stored.run.period,
        forces_compared=int(row["forces_compared"]),
        median=_num(row["median"]),
        typical_low=_num(row["typical_low"]),
        typical_high=_num(row["typical_high"]),
        range_method=row["range_method"],
        range_description=row["range_description"],
        england_and_wales=Evaluation(
            _num(row["ew_value"]), _num(row["ew_numerator"]), _num(row["ew_denominator"]), _text(row["ew_reason"])
        ),
        forces=rows,
        note=_text(row["note"]),
    )
