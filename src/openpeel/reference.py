"""Denominators that come from reference data rather than from the records counted.

``population``: residents of the force area for a period, from ONS mid-year estimates; where a
force has none loaded (the four Welsh forces in the shipped file) the 2011 census count stands in,
with a note. ``residents_<group>``: 2011 census usual residents by broad ethnic group, the
denominator the inspectorate uses for disproportionality.

Each lookup returns one row per force: ``force_id``, ``value``, ``note`` (the year or source used).
The tables are tiny (43 rows), so they are fetched once per period and joined per force.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from openpeel.backends import Backend
from openpeel.errors import UnknownName
from openpeel.periods import Period
from openpeel.vocab import EthnicGroup

ETHNIC_GROUPS = [g.value for g in EthnicGroup if g is not EthnicGroup.UNKNOWN] + ["all"]
NAMES = ("population", *(f"residents_{g}" for g in ETHNIC_GROUPS))


def lookup(name: str, backend: Backend, period: Period) -> pd.DataFrame:
    if name == "population":
        return population(backend, period)
    if name.startswith("residents_") and name.removeprefix("residents_") in ETHNIC_GROUPS:
        return residents(backend, name.removeprefix("residents_"))
    raise UnknownName(f"unknown reference denominator {name!r}; known: {', '.join(NAMES)}")


def mid_year_for(period: Period) -> int:
    """The mid-year estimate that describes a period: the latest 30 June on or before its end."""
    end = period.last_day
    return end.year if end >= date(end.year, 6, 30) else end.year - 1


def population(backend: Backend, period: Period) -> pd.DataFrame:
    wanted = mid_year_for(period)
    rows: list[dict] = []
    if backend.has("population"):
        pop = backend.table("population").select("force_id", "year", "population").to_pandas()
        for force_id, years in pop.groupby("force_id"):
            years = years.sort_values("year")
            before = years[years.year <= wanted]
            chosen = before.iloc[-1] if not before.empty else years.iloc[0]
            year = int(chosen.year)
            note = f"ONS mid-{year} population estimate"
            if year != wanted:
                note += f" (mid-{wanted} not loaded; nearest available used)"
            rows.append({"force_id": force_id, "value": float(chosen.population), "note": note})
    have = {r["force_id"] for r in rows}
    census = residents(backend, "all")
    for rec in census.itertuples():
        if rec.force_id not in have:
            rows.append({
                "force_id": rec.force_id,
                "value": rec.value,
                "note": "2011 census usual residents (no mid-year estimate loaded for this force)",
            })
    return pd.DataFrame(rows, columns=["force_id", "value", "note"])


def residents(backend: Backend, group: str) -> pd.DataFrame:
    if not backend.has("census_ethnicity"):
        return pd.DataFrame(columns=["force_id", "value", "note"])
    t = backend.table("census_ethnicity")
    frame = t.filter(t.ethnic_group == group).select("force_id", "residents", "census_year").to_pandas()
    return pd.DataFrame({
        "force_id": frame.force_id,
        "value": frame.residents.astype(float),
        "note": [f"{int(y)} census usual residents" for y in frame.census_year],
    })
