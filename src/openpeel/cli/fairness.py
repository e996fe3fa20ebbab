"""``openpeel fairness``: disproportionality with intervals, the census sensitivity view, the
outcome (hit-rate) test and the veil-of-darkness test."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.markup import escape

from openpeel import forces as force_registry
from openpeel.cli.common import Format, assessor_of, backend_of, console, emit
from openpeel.periods import Period

FAMILY_HELP = (
    "Indicator family (see `openpeel fairness families`), e.g. stop_search.disproportionality. Default: every family."
)
PERIOD = "Period: YYYY-MM, YYYY, YYYY-MM:YYYY-MM or ye-YYYY-MM (the twelve months ending that month)."


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Whether powers are used fairly: ratios with intervals, outcome and darkness tests.", no_args_is_help=True
    )
    app.add_typer(group, name="fairness")

    @group.command("families")
    def families_command(
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """The declared disproportionality breakdowns and their members."""
        from openpeel.indicators import catalogue

        rows = [
            {
                "family": f.id,
                "title": f.title,
                "members": ", ".join(f.members),
                "indicators": ", ".join(f.indicator_ids),
            }
            for f in catalogue.all_families()
        ]
        emit(rows, fmt, title="Indicator families")

    @group.command("ratios")
    def ratios_command(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name (see `openpeel forces`).")],
        period: Annotated[Optional[str], typer.Option(help=PERIOD + " Default: each ratio's latest year.")] = None,
        family: Annotated[Optional[str], typer.Option(help=FAMILY_HELP)] = None,
        public: Annotated[
            bool,
            typer.Option("--public", help="Withhold ratios resting on fewer events than the disclosure threshold."),
        ] = False,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """Every disproportionality ratio for a force, with its interval and what it allows one to say.

        The interval is the log (Katz) interval at the level in openpeel.toml ([fairness] level, 95%
        by default). A ratio whose interval includes 1 shows no difference; one resting on few events
        is unstable; with --public one below the disclosure threshold is withheld.
        """
        from openpeel.fairness.ratios import family_ratios
        from openpeel.indicators import catalogue
        from openpeel.settings import load

        force_id = force_registry.lookup(force).id
        settings = load().fairness
        assessor = assessor_of(ctx)
        chosen = [catalogue.get_family(family)] if family else catalogue.all_families()
        ratios = [
            r for f in chosen for r in family_ratios(assessor, f.id, force_id, _period(period), settings, public=public)
        ]
        rows = [r.as_dict() for r in ratios]
        emit(
            [
                {
                    "indicator": d["indicator"],
                    "period": d["period"],
                    "ratio": d["text"],
                    "counts": _pair(d["count"], d["reference_count"]),
                }
                for d in rows
            ]
            if fmt is Format.table
            else rows,
            fmt,
            data=rows,
            title=f"Disproportionality, {force_registry.get(force_id).name}",
        )

    @group.command("census")
    def census_command(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name.")],
        indicator: Annotated[
            str, typer.Option(help="A disproportionality indicator id.")
        ] = "stop_search.disproportionality_black_white",
        period: Annotated[Optional[str], typer.Option(help=PERIOD + " Default: the latest year.")] = None,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """The census sensitivity view: one ratio with the residents of the 2011 and the 2021 census."""
        from openpeel.fairness.ratios import census_sensitivity
        from openpeel.indicators import catalogue
        from openpeel.settings import load

        force_id = force_registry.lookup(force).id
        found = census_sensitivity(
            assessor_of(ctx), catalogue.get(indicator), force_id, _period(period), load().fairness
        )
        rows = [{"census": census, **r.as_dict()} for census, r in found]
        emit(
            [
                {
                    "census": d["census"],
                    "period": d["period"],
                    "ratio": d["text"],
                    "residents": _pair(d["population"], d["reference_population"]),
                }
                for d in rows
            ]
            if fmt is Format.table
            else rows,
            fmt,
            data=rows,
            title=f"{indicator} under each census",
        )

    @group.command("outcome")
    def outcome_command(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name.")],
        period: Annotated[str, typer.Option(help=PERIOD)],
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """The outcome (hit-rate) test: find rates by ethnic group, each tested against White people.

        A lower find rate for a group is consistent with searching it on weaker grounds but does not
        prove it (infra-marginality: see docs/disproportionality.md).
        """
        from openpeel.fairness.outcome import outcome_test
        from openpeel.settings import load

        result = outcome_test(backend_of(ctx), force_registry.lookup(force).id, Period.parse(period), load().fairness)
        data = result.as_dict()
        if fmt is not Format.table:
            emit([_flat(g) for g in data["groups"]], fmt, data=data)
            return
        emit(
            [_flat(g) for g in data["groups"]],
            fmt,
            columns=["group", "searches", "find rate", "against White", "linked find rate", "linked against White"],
            title=f"Find rates by ethnic group, {data['period']} ({data['source']})",
        )
        console.print(escape(data["caveat"]), highlight=False)

    @group.command("darkness")
    def darkness_command(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name.")],
        period: Annotated[str, typer.Option(help=PERIOD + " A year or more gives the seasons the test needs.")],
        ethnic_group: Annotated[
            str, typer.Option("--group", help="black, asian, mixed or other (against White).")
        ] = "black",
        ethnicity: Annotated[
            str, typer.Option(help="officer (as perceived, the default) or self (self-defined).")
        ] = "officer",
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """The veil-of-darkness test on data.police.uk searches with times and places.

        Refuses to run, saying why, when too few searches fall in the inter-twilight window
        ([fairness] darkness_min_searches and darkness_min_each in openpeel.toml).
        """
        from openpeel.fairness.darkness import darkness_test
        from openpeel.settings import load

        result = darkness_test(
            backend_of(ctx),
            force_registry.lookup(force).id,
            Period.parse(period),
            load().fairness,
            group=ethnic_group,
            ethnicity=ethnicity,
        )
        data = result.as_dict()
        if fmt is not Format.table:
            emit([data], fmt, data=data)
            return
        emit(
            [
                {"measure": k, "value": v}
                for k, v in (
                    ("window", f"{data['window']['from']} to {data['window']['to']} (clock time)"),
                    (
                        "searches",
                        f"{data['searches']:,} ({data['in_darkness']:,} in darkness, {data['in_daylight']:,} in "
                        f"daylight; {data['between_sunset_and_dusk_left_out']:,} between sunset and dusk left out)",
                    ),
                    (
                        "odds ratio for darkness",
                        f"{data['odds_ratio']:.2f} ({data['level'] * 100:g}% interval "
                        f"{data['odds_ratio_low']:.2f} to {data['odds_ratio_high']:.2f}; "
                        f"p = {data['p_value']:.4f})",
                    ),
                    ("reading", data["words"]),
                )
            ],
            fmt,
            title=f"Veil of darkness: {data['group']} against White, {data['period']}",
        )
        console.print(escape(f"Model: {data['model']}. Limits: {data['limits']}"), highlight=False)


def _period(text: str | None) -> Period | None:
    return Period.parse(text) if text else None


def _pair(a, b) -> str:
    return "" if a is None and b is None else f"{_n(a)} / {_n(b)}"


def _n(value) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _flat(g: dict) -> dict:
    find, linked = g["find_rate"], g["linked_find_rate"]
    return {
        "group": g["group"],
        "searches": g["searches"],
        "find rate": _rate(find),
        "against White": find["words"],
        "linked find rate": _rate(linked),
        "linked against White": linked["words"],
    }


def _rate(r: dict) -> str:
    if r["rate"] is None:
        return "no value"
    return f"{r['rate']:.1%} ({r['low']:.1%} to {r['high']:.1%}; {r['hits']:,} of {r['known']:,})"
