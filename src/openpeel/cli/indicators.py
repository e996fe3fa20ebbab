"""``openpeel indicators``, ``compare``, ``catalogue`` and ``forces``: the national indicator engine."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from openpeel import forces as force_registry
from openpeel.cli.common import (
    Engine,
    Format,
    assessor_of,
    console,
    emit,
    formatted,
    indicator_rows,
    store_of,
)

if TYPE_CHECKING:
    from openpeel.assess import Assessor
from openpeel.errors import OpenpeelError
from openpeel.periods import Period

PERIOD_HELP = "YYYY-MM, YYYY, YYYY-MM:YYYY-MM or ye-YYYY-MM (twelve months ending then). Default: latest complete year."


ENGINE_HELP = "Where to compute: the DuckDB store, or Spark (local) over Parquet."
PARQUET_HELP = "With --engine spark: folder of <table>.parquet files (default: exported from the store)."


def _assessor(
    ctx: typer.Context, range_method: str | None, engine: Engine = Engine.duckdb, parquet: Path | None = None
) -> "Assessor":
    return assessor_of(ctx, range_method, engine, parquet)


def _period(text: str | None) -> Period | None:
    return Period.parse(text) if text else None


def _num(value):
    if value is None:
        return None
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def register(app: typer.Typer) -> None:
    @app.command()
    def indicators(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id (see `openpeel forces`).")],
        period: Annotated[Optional[str], typer.Option(help=PERIOD_HELP)] = None,
        area: Annotated[Optional[str], typer.Option(help="Only this PEEL area (e.g. powers).")] = None,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
        range_method: Annotated[
            Optional[str], typer.Option("--typical-range", help="whiskers, iqr or percentile.")
        ] = None,
        engine: Annotated[Engine, typer.Option(help=ENGINE_HELP)] = Engine.duckdb,
        parquet: Annotated[Optional[Path], typer.Option(help=PARQUET_HELP)] = None,
        show_all: Annotated[
            bool, typer.Option("--all", help="In the table, also list indicators with no data.")
        ] = False,
    ) -> None:
        """Every indicator for one force, each compared with the forces of England and Wales."""
        force_id = force_registry.lookup(force).id
        results = _assessor(ctx, range_method, engine, parquet).force(force_id, _period(period), area=area)
        data = [r.to_dict() for r in results]
        if fmt is not Format.table:
            emit(data, fmt, data=data)
            return
        rows, hidden = indicator_rows(results, data, show_all=show_all)
        emit(rows, fmt, title=f"{force_registry.get(force_id).name}")
        if hidden:
            console.print(f"{hidden} indicators have no data for this force (--all lists them)", highlight=False)
        for warning in force_registry.get(force_id).warnings:
            console.print(f"[yellow]note:[/] {warning}", highlight=False)

    @app.command("compare")
    def compare_command(
        ctx: typer.Context,
        indicator_id: Annotated[
            str, typer.Argument(metavar="INDICATOR_ID", help="Indicator id (see `openpeel catalogue`).")
        ],
        period: Annotated[Optional[str], typer.Option(help=PERIOD_HELP)] = None,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
        range_method: Annotated[
            Optional[str], typer.Option("--typical-range", help="whiskers, iqr or percentile.")
        ] = None,
        demo: Annotated[
            bool, typer.Option("--demo", help="Compare the synthetic demo forces instead of the real ones.")
        ] = False,
        engine: Annotated[Engine, typer.Option(help=ENGINE_HELP)] = Engine.duckdb,
        parquet: Annotated[Optional[Path], typer.Option(help=PARQUET_HELP)] = None,
    ) -> None:
        """One indicator across every force with data: median, typical range, positions and ranks."""
        from openpeel.indicators import catalogue

        ind = catalogue.get(indicator_id)
        assessor = _assessor(ctx, range_method, engine, parquet)
        cmp = assessor.comparison(
            ind, _period(period), world=force_registry.World.SYNTHETIC if demo else force_registry.World.REAL
        )
        if cmp is None:
            raise OpenpeelError(f"no data loaded for {indicator_id}")
        ew = cmp.england_and_wales
        data = {
            "indicator": ind.id,
            "title": ind.title,
            "unit": ind.unit.value,
            "period_start": cmp.period.start,
            "period_end": cmp.period.last_day,
            "period": cmp.period.label(),
            "median": cmp.median,
            "typical_low": cmp.typical_low,
            "typical_high": cmp.typical_high,
            "typical_range_method": cmp.range_method,
            "typical_range_description": cmp.range_description,
            "forces_compared": cmp.forces_compared,
            "england_and_wales": ew.value,
            "england_and_wales_numerator": ew.numerator,
            "england_and_wales_denominator": ew.denominator,
            "note": cmp.note,
            "forces": [
                {
                    "force": f.force_id,
                    "value": f.value,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "position": f.position,
                    "rank": f.rank,
                    "compared": f.compared,
                    "note": f.note,
                }
                for f in cmp.forces
            ],
        }
        if fmt is Format.json:
            emit([], fmt, data=data)
            return
        rows = sorted(data["forces"], key=lambda f: (f["rank"] is None, f["rank"] or 0, f["force"]))
        if fmt is Format.csv:
            emit(rows, fmt)
            return
        emit(
            [
                {
                    **f,
                    "value": formatted(ind, f["value"]),
                    "numerator": _num(f["numerator"]),
                    "denominator": _num(f["denominator"]),
                }
                for f in rows
            ],
            fmt,
            columns=["rank", "force", "value", "numerator", "denominator", "position", "note"],
            title=f"{ind.title}, {cmp.period.label()}",
        )
        summary = f"median {formatted(ind, cmp.median)}; England and Wales {formatted(ind, ew.value)}"
        from openpeel.formatting import typical_range

        typical = typical_range(ind, cmp.typical_low, cmp.typical_high)
        if typical is not None:
            summary += f"; typical range {typical} ({cmp.range_description})"
        console.print(summary + (f"\nnote: {cmp.note}" if cmp.note else ""), highlight=False)

    @app.command("export")
    def export(
        ctx: typer.Context,
        folder: Annotated[Path, typer.Argument(help="Folder to write <table>.parquet files into.")],
    ) -> None:
        """Write every store table as Parquet, for Spark or any other engine."""
        from openpeel.backends import export_parquet

        written = export_parquet(store_of(ctx), folder)
        console.print(f"{len(written)} tables written to {folder}", highlight=False)

    @app.command("catalogue")
    def catalogue_command(
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
        markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/indicators.md.")] = False,
    ) -> None:
        """Every indicator openpeel computes, with its definition and sources."""
        from openpeel.indicators import catalogue
        from openpeel.indicators.docs import catalogue_markdown

        if markdown:
            typer.echo(catalogue_markdown(), nl=False)
            return
        rows = [
            {
                "id": i.id,
                "title": i.title,
                "area": i.area.value,
                "unit": i.unit.value,
                "polarity": i.polarity.value,
                "formula": i.formula.describe(),
                "definition": i.definition,
                "sources": [s.name for s in i.ordered_sources()],
            }
            for i in catalogue.all_indicators()
        ]
        emit(rows, fmt, columns=None if fmt is not Format.table else ["id", "area", "unit", "definition"], data=rows)

    @app.command("forces")
    def forces_command(
        ctx: typer.Context,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """The 43 territorial forces: id, name, region, and the population openpeel uses for them."""
        from openpeel.reference import store_population

        store = ctx.obj.store()
        pops: dict[str, tuple[float, str]] = {}
        if store.exists():  # no store here: list the forces without making an empty one
            with store.reading() as con:
                pops = {force_id: (value, note) for force_id, value, note in store_population(con)[1]}
        rows = []
        for f in force_registry.all_forces():
            pop = pops.get(f.id)
            rows.append(
                {
                    "id": f.id,
                    "name": f.name,
                    "region": f.region,
                    "country": f.country,
                    "population": None if pop is None else int(pop[0]),
                    "population_source": None if pop is None else pop[1],
                    "warnings": list(f.warnings),
                }
            )
        emit(
            rows,
            fmt,
            columns=None if fmt is not Format.table else ["id", "name", "region", "population", "population_source"],
            data=rows,
        )
