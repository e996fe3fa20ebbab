"""``openpeel materialise``: compute and store every result, on DuckDB or on Spark."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel.cli.common import Engine, console, store_of

ENGINE_HELP = "Where to compute: the DuckDB store, or Spark over Parquet (--parquet)."


def register(app: typer.Typer) -> None:
    @app.command()
    def materialise(
        ctx: typer.Context,
        everything: Annotated[bool, typer.Option("--all", help="Recompute every result, not only stale ones.")] = False,
        engine: Annotated[Engine, typer.Option(help=ENGINE_HELP)] = Engine.duckdb,
        parquet: Annotated[
            Optional[Path],
            typer.Option(
                help="With --engine spark: folder of <table>.parquet files (default: exported from the store)."
            ),
        ] = None,
        master: Annotated[
            Optional[str], typer.Option(help="With --engine spark: the Spark master URL (default local[2]).")
        ] = None,
        out: Annotated[
            Optional[Path],
            typer.Option(
                help="With --engine spark: write the results as Parquet here instead of loading them into the store."
            ),
        ] = None,
        load: Annotated[
            Optional[Path],
            typer.Option(help="Load results Parquet written by `materialise --engine spark --out` into the store."),
        ] = None,
    ) -> None:
        """Compute and store every indicator's results: values, comparison, change and default periods.

        Loads keep results current by themselves; run this after upgrading openpeel or changing the
        comparison settings (stale results are recomputed), with --all to recompute everything, or
        with --engine spark for national record-level data that outgrows one machine.
        """
        from openpeel.cli.progress import refreshing
        from openpeel.results import materialise as results

        store = store_of(ctx)
        if load is not None:
            rows = results.load_parquet(store, load)
            console.print(f"{rows:,} results loaded from {load} into {store.path}", highlight=False)
            return
        backend = None
        if engine is Engine.spark:
            from openpeel.cli.common import backend_of

            backend = backend_of(ctx, engine, parquet, master=master)
        elif out is not None or master is not None:
            raise typer.BadParameter("--out and --master go with --engine spark")
        with refreshing():
            if out is not None:
                report = results.write_parquet(backend, out)
                console.print(
                    f"{report.results:,} results for {report.indicators} indicators written to {out} "
                    f"in {report.seconds:.0f} s; load them with `openpeel materialise --load {out}`",
                    highlight=False,
                )
                return
            report = results.materialise(store, everything=everything, backend=backend)
        console.print(
            f"{report.periods:,} indicator periods computed ({report.results:,} results, {report.indicators} "
            f"indicators) in {report.seconds:.1f} s into {store.path}"
            if report.indicators
            else f"every stored result is current ({store.path})",
            highlight=False,
        )
