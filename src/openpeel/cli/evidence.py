"""``openpeel evidence``: estimates from a sample and comparisons between two samples."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from openpeel.cli.common import Format, console, emit


class Method(str, Enum):
    wald = "wald"
    wilson = "wilson"
    exact = "exact"


class Test(str, Enum):
    auto = "auto"
    z = "z"
    fisher = "fisher"


LEVEL_HELP = "Confidence level, as 0.95 or 95."


def level_of(value: float) -> float:
    """0.95 stays 0.95; 95 means 95 percent."""
    return value / 100 if 1 < value < 100 else value


def counts_of(text: str) -> tuple[int, int]:
    """'67/68' -> (67, 68)."""
    try:
        x, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a count like 67/68 (successes/sample)") from None
    return x, n


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Estimate a proportion from a sample, or compare two samples.", no_args_is_help=True)
    app.add_typer(group, name="evidence")

    @group.command()
    def estimate(
        successes: Annotated[int, typer.Option(help="Cases in the sample that met the standard.")],
        sample: Annotated[int, typer.Option(help="Cases in the sample.")],
        population: Annotated[
            Optional[int],
            typer.Option(help="Size of what the sample was drawn from; applies the finite population correction."),
        ] = None,
        level: Annotated[float, typer.Option(help=LEVEL_HELP)] = 0.95,
        method: Annotated[
            Method, typer.Option(help="Interval method: wald (as reports print), wilson or exact.")
        ] = Method.wald,
        format: Annotated[Format, typer.Option("--format", help="Output as a table, JSON or CSV.")] = Format.table,
    ) -> None:
        """Estimate the share of a population from a sample, with its interval.

        The output names the method, the confidence level and whether the finite population
        correction was applied. For example, 67 of 68 at 90% Wald gives 98.5% (+/- 2.4
        percentage points).
        """
        from openpeel.stats import proportion_interval

        result = proportion_interval(
            successes, sample, population=population, level=level_of(level), method=method.value
        )
        data = result.as_dict()
        if format is Format.table:
            console.print(result.describe(), highlight=False)
            data = {
                **data,
                "estimate": f"{result.estimate:.1%}",
                "low": f"{result.low:.1%}",
                "high": f"{result.high:.1%}",
                "half_width": f"{result.half_width * 100:.1f} pp",
                "level": f"{result.level:.1%}",
                "fpc": "yes" if result.fpc else "no",
            }
        emit(
            [data],
            format,
            columns=["estimate", "low", "high", "half_width", "method", "level", "fpc", "population"],
            data=data,
        )

    @group.command()
    def compare(
        before: Annotated[str, typer.Argument(help="The earlier sample as successes/sample, e.g. 180/202.")],
        after: Annotated[str, typer.Argument(help="The later sample as successes/sample, e.g. 67/68.")],
        level: Annotated[float, typer.Option(help=LEVEL_HELP)] = 0.95,
        test: Annotated[
            Test,
            typer.Option(
                help="auto uses Fisher's exact test when any expected cell count is below 5, else the z test."
            ),
        ] = Test.auto,
        lower_is_better: Annotated[
            bool,
            typer.Option("--lower-is-better", help="A fall is an improvement (e.g. the share of calls abandoned)."),
        ] = False,
        format: Annotated[Format, typer.Option("--format", help="Output as a table, JSON or CSV.")] = Format.table,
    ) -> None:
        """Whether a proportion changed significantly between two samples, and how to word it."""
        (x1, n1), (x2, n2) = counts_of(before), counts_of(after)
        from openpeel.stats import compare_proportions

        change = compare_proportions(
            x1, n1, x2, n2, level=level_of(level), test=test.value, higher_is_better=not lower_is_better
        )
        data = change.as_dict()
        if format is Format.table:
            console.print(change.describe(), highlight=False)
            data = {
                **data,
                **{k: f"{data[k] * 100:+.1f} pp" for k in ("difference", "low", "high")},
                "p_value": f"{change.p_value:.4f}",
            }
        emit(
            [data],
            format,
            columns=["difference", "low", "high", "p_value", "test", "significant", "wording"],
            data=data,
        )
