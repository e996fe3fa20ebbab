"""``openpeel assess``: every measure for one force, grouped by PEEL area, with its national
comparison and its change on the previous period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel import forces as force_registry
from openpeel.areas import Area
from openpeel.cli.common import (
    Engine,
    Format,
    assessor_of,
    console,
    emit,
    indicator_rows,
)
from openpeel.cli.indicators import ENGINE_HELP, PARQUET_HELP, PERIOD_HELP
from openpeel.periods import Period


def register(app: typer.Typer) -> None:
    @app.command()
    def assess(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name (see `openpeel forces`).")],
        period: Annotated[Optional[str], typer.Option(help=PERIOD_HELP + " One period for every measure.")] = None,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
        range_method: Annotated[
            Optional[str], typer.Option("--typical-range", help="whiskers, iqr or percentile.")
        ] = None,
        engine: Annotated[Engine, typer.Option(help=ENGINE_HELP)] = Engine.duckdb,
        parquet: Annotated[Optional[Path], typer.Option(help=PARQUET_HELP)] = None,
        show_all: Annotated[
            bool, typer.Option("--all", help="In the tables, also list measures with no data.")
        ] = False,
    ) -> None:
        """A force's assessment: every measure by PEEL area, compared nationally and with the year before.

        Without --period each measure is shown for its latest complete year. JSON gives, per area, the
        same record per measure as `openpeel indicators --format json`.
        """
        force_id = force_registry.lookup(force).id
        results = assessor_of(ctx, range_method, engine, parquet).force(
            force_id, Period.parse(period) if period else None
        )
        data = [r.to_dict() for r in results]
        areas = [
            {
                "area": area.value,
                "title": area.title,
                "results": [(r, d) for r, d in zip(results, data) if r.indicator.area is area],
            }
            for area in Area
        ]
        if fmt is Format.json:
            emit(
                [],
                fmt,
                data=[
                    {"area": a["area"], "title": a["title"], "indicators": [d for _, d in a["results"]]} for a in areas
                ],
            )
            return
        if fmt is Format.csv:
            emit(data, fmt)
            return
        force_name = force_registry.get(force_id).name
        hidden_total = 0
        for a in areas:
            rows, hidden = indicator_rows([r for r, _ in a["results"]], [d for _, d in a["results"]], show_all=show_all)
            hidden_total += hidden
            if rows:
                emit(rows, fmt, title=f"{force_name}: {a['title']}")
        if hidden_total:
            console.print(f"{hidden_total} measures have no data for this force (--all lists them)", highlight=False)
        for warning in force_registry.get(force_id).warnings:
            console.print(f"[yellow]note:[/] {warning}", highlight=False)
