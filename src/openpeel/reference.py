"""Denominators that come from reference data rather than from the records counted.

``population``: residents of the force area for a period, from ONS mid-year estimates; where a
force has none loaded (the four Welsh forces in the shipped file) the 2011 census count stands in,
with a note. ``residents_<group>``: census usual residents by broad ethnic group, the
denominator the inspectorate uses for disproportionality: the latest census taken before the
period ends (2011 until March 2021, then 2021), else the other census with a note saying so.
``residents_age_<band>`` and ``residents_sex_<sex>``: residents by age group and by sex; no ONS
table of these by police force area is shipped or read yet, so they are empty and the measures
that need them say so.

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
AGE_BANDS = ("10_17", "18_24", "25_34", "over_34")  # the data.police.uk age ranges of people searched
SEXES = ("male", "female")
NAMES = (
    "population",
    *(f"residents_{g}" for g in ETHNIC_GROUPS),
    *(f"residents_age_{b}" for b in AGE_BANDS),
    *(f"residents_sex_{s}" for s in SEXES),
)
CENSUS_DAYS = {2011: date(2011, 3, 27), 2021: date(2021, 3, 21)}
EMPTY = ("force_id", "value", "note")

# The store tables each reference denominator is read from: a load that changes one of them
# changes every figure per resident.
TABLES = {
    "population": ("population", "census_ethnicity"),
    **{f"residents_{g}": ("census_ethnicity",) for g in ETHNIC_GROUPS},
    **{name: () for name in NAMES if name.startswith(("residents_age_", "residents_sex_"))},
}


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
    elif name.startswith("residents_") and name.removeprefix("residents_") in ETHNIC_GROUPS:
        group = name.removeprefix("residents_")
        by_census = {year: residents(backend, group, year) for year in sorted({census_for(p) for p in periods})}
        frames = [by_census[census_for(p)].assign(period_id=p.code()) for p in periods]
    else:  # residents by age or sex: no table of them by force area is read yet
        frames = []
    columns = ["period_id", "force_id", "value", "note"]
    frames = [f[columns] for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def census_for(period: Period) -> int:
    """The census a period calls for: the latest one taken on or before the period's last day."""
    taken = [year for year, day in CENSUS_DAYS.items() if day <= period.last_day]
    return max(taken) if taken else min(CENSUS_DAYS)


def mid_year_for(period: Period) -> int:
    """The mid-year estimate that describes a period: the latest 30 June on or before its end."""
    end = period.last_day
    return end.year if end >= date(end.year, 6, 30) else end.year - 1


def population(backend: Backend, period: Period) -> pd.DataFrame:
    return lookup("population", backend, period)


def _population(backend: Backend, periods: list[Period]) -> list[pd.DataFrame]:
    import pandas as pd

    estimates = (
        list(
            backend.table("population")
            .select("force_id", "year", "population")
            .to_pandas()
            .itertuples(index=False, name=None)
        )
        if backend.has("population")
        else []
    )
    census = residents(backend, "all", 2011)
    census_rows = list(census.itertuples(index=False, name=None))
    frames = []
    for wanted in sorted({mid_year_for(p) for p in periods}):
        frame = pd.DataFrame(choose_population(estimates, census_rows, wanted), columns=list(EMPTY))
        frames += [frame.assign(period_id=p.code()) for p in periods if mid_year_for(p) == wanted]
    return frames


def choose_population(
    estimates: Iterable[tuple[str, int, float]], census: Iterable[tuple[str, float, str]], wanted: int
) -> list[tuple[str, float, str]]:
    """The rule for a force's population in the year ``wanted``, over the few hundred rows loaded.

    ``estimates`` are ``(force_id, year, population)`` mid-year estimates; each force takes its
    latest estimate on or before ``wanted`` (else its earliest), noted when not the year wanted.
    Forces with no estimate take ``census`` (``(force_id, value, note)`` rows: census residents)
    with a note saying why. Returns ``(force_id, value, note)`` per force, forces with an estimate
    first, each group in force id order.
    """
    by_force: dict[str, list[tuple[int, float]]] = {}
    for force_id, year, value in estimates:
        by_force.setdefault(force_id, []).append((int(year), float(value)))
    rows = []
    for force_id, years in sorted(by_force.items()):
        years.sort(key=lambda y: y[0])  # stable: of two estimates for one year the later loaded wins
        before = [y for y in years if y[0] <= wanted]
        year, value = before[-1] if before else years[0]
        note = f"ONS mid-{year} population estimate"
        if year != wanted:
            note += f" (mid-{wanted} not loaded; nearest available used)"
        rows.append((force_id, value, note))
    note = "2011 census usual residents (no mid-year estimate loaded for this force)"
    rows += [(force_id, float(value), note) for force_id, value, _ in census if force_id not in by_force]
    return rows


def store_population(con) -> tuple[int | None, list[tuple[str, float, str]]]:
    """The latest mid-year estimate loaded in a store and each force's population for that year, by
    :func:`choose_population`, read with plain SQL from a DuckDB connection to the store.

    For ``openpeel forces``, which answers in a blink without Ibis or pandas. ``(None, [])`` when
    no population is loaded.
    """
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "population" not in have:
        return None, []
    estimates = con.execute("SELECT force_id, year, population FROM population").fetchall()
    if not estimates:
        return None, []
    wanted = max(int(year) for _, year, _ in estimates)
    census_rows = (
        con.execute(
            "SELECT force_id, residents, census_year FROM census_ethnicity WHERE ethnic_group = 'all'"
        ).fetchall()
        if "census_ethnicity" in have
        else []
    )
    return wanted, choose_population(estimates, choose_residents(census_rows, 2011), wanted)


def residents(backend: Backend, group: str, census: int = 2011, *, fall_back: bool = True) -> pd.DataFrame:
    """Usual residents of ``group`` per force from the given census; with ``fall_back``, a force
    that census is not loaded for takes the other census's figure, with a note saying so."""
    import pandas as pd

    if not backend.has("census_ethnicity"):
        return pd.DataFrame(columns=list(EMPTY))
    t = backend.table("census_ethnicity")
    rows = t.filter(t.ethnic_group == group).select("force_id", "residents", "census_year").to_pandas()
    chosen = choose_residents(rows.itertuples(index=False, name=None), census, fall_back=fall_back)
    return pd.DataFrame(chosen, columns=list(EMPTY))


def choose_residents(
    rows: Iterable[tuple[str, float, int]], census: int, *, fall_back: bool = True
) -> list[tuple[str, float, str]]:
    """The rule for census residents: ``(force_id, residents, census_year)`` rows to ``(force_id,
    value, note)`` from ``census``; with ``fall_back``, a force that census lacks takes the other
    census (the nearest: the latest before a later census asked for, the earliest otherwise)."""
    rows = list(rows)
    chosen = [
        (force_id, float(value), f"{census} census usual residents")
        for force_id, value, year in rows
        if int(year) == census
    ]
    if fall_back:
        have = {force_id for force_id, _, _ in chosen}
        others: dict[str, tuple[float, int]] = {}
        for force_id, value, year in sorted((r for r in rows if r[0] not in have), key=lambda r: int(r[2])):
            if census > 2011 or force_id not in others:  # the latest year when later, else the earliest
                others[force_id] = (float(value), int(year))
        chosen += [
            (force_id, value, f"{year} census usual residents (the {census} census the period calls for is not loaded)")
            for force_id, (value, year) in others.items()
        ]
    return chosen
