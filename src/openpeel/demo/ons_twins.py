"""Synthetic ONS files for the demo world: mid-year populations and 2011-style census ethnicity of
the 43 demo twins, in the exact layout of the shipped ONS files, so the ONS readers load them and
the demo's rates and disproportionality use them like real ones."""

from __future__ import annotations

from pathlib import Path

from openpeel import forces
from openpeel.demo import DemoContext
from openpeel.demo._twins import census, population


def generate(ctx: DemoContext) -> list[Path]:
    pop = population()
    by_year = pop.T.rename(columns=lambda f: forces.get(f).name)
    by_year.index.name = "year"
    mid_year = ctx.path("synthetic-ons-mid-year-population-demo-twins.csv")
    by_year.to_csv(mid_year)
    ethnicity = ctx.path("synthetic-ons-census2011-ethnicity-demo-twins.csv")
    census().drop(columns="force_id").to_csv(ethnicity, index=False)
    return [mid_year, ethnicity]
