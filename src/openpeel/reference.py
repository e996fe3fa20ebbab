"""Denominators that come from reference data rather than from the records counted.

``population``: residents of the force area for a period, from ONS mid-year estimates; where a
force has none loaded (the four Welsh forces in the shipped file) the 2011 census count stands in,
with a note. ``residents_<group>``: 2011 census usual residents by broad ethnic group, the
denominator the inspectorate uses for disproportionality.

Each lookup returns one row per force: ``force_id``, ``value``, ``note`` (the year or source used);
:func:`lookup_many` the same for several periods at once, with ``period_id``. The tables are tiny
(a few hundred rows), so they are fetched once and chosen from per period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from openpeel.backends import Backend
from openpeel.errors import UnknownName
from openpeel.periods import Period
from openpeel.vocab import EthnicGroup

if TYPE_CHECKING:
    import pandas as pd

ETHNIC_GROUPS = [g.value for g in EthnicGroup if g is not EthnicGroup.UNKNOWN] + ["all"]
NAMES = ("population", *(f"residents_{g}" for g in ETHNIC_GROUPS))

# The store tables each reference denominator is read from: a load that changes one of them
# changes every figure per resident.
TABLES = {"population": ("population", "census_ethnicity"),
          **{f"residents_{g}": ("census_ethnicity",) for g in ETHNIC_GROUPS}}


def tables_for(name: str) -> tuple[str, ...]:
    _check(name)
    return TABLES[name]


def _check(name: str) -> None:
    if name not in TABLES:
        raise UnknownName(f"unknown reference denominator {name!r}; known: {', '.join(NAMES)}")


def lookup(name: str, backend: Backend, period: Period) -> pd.DataFrame:
    """One period's denominator per force: ``force_id``, ``value``, ``note``."""
    return lookup_many(name, backend, [period]).drop(columns="period_id")


def lookup_many(name: str, backend: Backend, periods: Iterable[Period]) -> pd.DataFrame:
    """The denominator per period and force: ``period_id``, ``force_id``, ``value``, ``note``."""
    import pandas as pd

    _check(name)
    periods = list(periods)
    if name == "population":
        frames = _population(backend, periods)
    else:
        census = residents(backend, name.removeprefix("residents_"))
        frames = [census.assign(period_id=p.code()) for p in periods]
    columns = ["period_id", "force_id", "value", "note"]
    frames = [f[columns] for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def mid_year_for(period: Period) -> int:
    """The mid-year estimate that describes a period: the latest 30 June on or before its end."""
    end = period.last_day
    return end.year if end >= date(end.year, 6, 30) else end.year - 1


def population(backend: Backend, period: Period) -> pd.DataFrame:
    return lookup("population", backend, period)


def _population(backend: Backend, periods: list[Period]) -> list[pd.DataFrame]:
    import pandas as pd

    pop = backend.table("population").select("force_id", "year", "population").to_pandas() \
        if backend.has("population") else pd.DataFrame(columns=["force_id", "year", "population"])
    pop = pop.sort_values(["force_id", "year"])
    census = residents(backend, "all")
    census_note = "2011 census usual residents (no mid-year estimate loaded for this force)"
    frames = []
    for wanted in sorted({mid_year_for(p) for p in periods}):
        rows: list[dict] = []
        for force_id, years in pop.groupby("force_id"):
            before = years[years.year <= wanted]
            chosen = before.iloc[-1] if not before.empty else years.iloc[0]
            year = int(chosen.year)
            note = f"ONS mid-{year} population estimate"
            if year != wanted:
                note += f" (mid-{wanted} not loaded; nearest available used)"
            rows.append({"force_id": force_id, "value": float(chosen.population), "note": note})
        have = {r["force_id"] for r in rows}
        rows += [{"force_id": r.force_id, "value": r.value, "note": census_note}
                 for r in census.itertuples() if r.force_id not in have]
        frame = pd.DataFrame(rows, columns=["force_id", "value", "note"])
        frames += [frame.assign(period_id=p.code()) for p in periods if mid_year_for(p) == wanted]
    return frames


def residents(backend: Backend, group: str) -> pd.DataFrame:
    import pandas as pd

    if not backend.has("census_ethnicity"):
        return pd.DataFrame(columns=["force_id", "value", "note"])
    t = backend.table("census_ethnicity")
    frame = t.filter(t.ethnic_group == group).select("force_id", "residents", "census_year").to_pandas()
    return pd.DataFrame({
        "force_id": frame.force_id,
        "value": frame.residents.astype(float),
        "note": [f"{int(y)} census usual residents" for y in frame.census_year],
    })
