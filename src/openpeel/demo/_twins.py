"""The demo world's residents: a synthetic 2011-style census and mid-year populations for the 43
demo twins.

Each twin's census is its real force's 2011 census scaled by a factor between 0.97 and 1.03 fixed by
the force id, so sizes and ethnic make-up are realistic but the figures are not the published ones.
Mid-year populations grow from that census by a force-specific rate. The demo Northamptonshire's
populations are set exactly, because its rates are calibrated to the seed report. Nothing here
depends on the demo's random seed.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
import pandas as pd

from openpeel import forces
from openpeel.demo import DEMO_FORCE
from openpeel.shipped import shipped_file

CENSUS_FILE = "ons/census2011-ethnicity-by-police-force-area.csv"
AREA = "PFA16NM"
ALL = "Ethnic Group: All categories: Ethnic group; measures: Value"
BROAD = re.compile(r"^Ethnic Group: (White|Mixed|Asian|Black|Other); measures: Value$")
YEARS = (2022, 2023, 2024, 2025)
# residents of the demo Northamptonshire at 30 June: 3,663 searches are 4.5 per 1,000 in the year to
# March 2025 (mid-2024) and 76 orders 0.09 per 1,000 in the year to September 2025 (mid-2025)
DEMO_POPULATION = {2022: 804_000, 2023: 810_000, 2024: 816_000, 2025: 822_000}


def fraction(*key: str) -> float:
    """A number in [0, 1) fixed by the key: deterministic variety that no random seed changes."""
    digest = hashlib.sha256(":".join(key).encode()).digest()
    return int.from_bytes(digest[:8], "little") / 2**64


@cache
def census() -> pd.DataFrame:
    """The twins' census in the shipped ONS column layout, one row per twin, ``force_id`` added."""
    real = pd.read_csv(shipped_file(CENSUS_FILE))
    columns = [c for c in real.columns if c != AREA]
    broad = [c for c in columns if BROAD.match(c)]
    subgroups = [c for c in columns if c != ALL and c not in broad]
    ids = [forces.resolve(name).id + forces.DEMO_SUFFIX for name in real[AREA]]
    factor = np.array([0.97 + 0.06 * fraction("census", i) for i in ids])
    twin = pd.DataFrame({AREA: [forces.get(i).name for i in ids]})
    scaled = np.rint(real[subgroups].to_numpy(dtype=float) * factor[:, None]).astype("int64")
    twin[subgroups] = scaled
    # each broad group is the sum of the subgroups listed after it, as in the published file
    owner, current = {}, None
    for c in columns[1:]:
        current = c if c in broad else current
        owner.setdefault(current, []).append(c)
    for b in broad:
        twin[b] = twin[[c for c in owner[b] if c != b]].sum(axis=1)
    twin[ALL] = twin[broad].sum(axis=1)
    twin = twin[[AREA, *columns]]
    twin.insert(0, "force_id", ids)
    return twin.sort_values("force_id").reset_index(drop=True)


def residents(group: str) -> pd.Series:
    """Census residents of a broad group ('white', 'black', ... or 'all') per twin force id."""
    column = ALL if group == "all" else f"Ethnic Group: {group.capitalize()}; measures: Value"
    return census().set_index("force_id")[column]


@cache
def population() -> pd.DataFrame:
    """Mid-year population per twin (rows, by force id) and year (columns)."""
    base = residents("all").astype(float)
    growth = np.array([1.07 + 0.08 * fraction("growth", f) for f in base.index])
    table = pd.DataFrame(
        {y: np.rint(base.to_numpy() * growth * (1 + 0.006 * (y - 2024)) / 100) * 100 for y in YEARS},
        index=base.index,
    ).astype("int64")
    table.loc[DEMO_FORCE] = [DEMO_POPULATION[y] for y in YEARS]
    return table


def others() -> list[str]:
    """The 42 twins other than the demo force, by id."""
    return [f for f in census().force_id if f != DEMO_FORCE]
